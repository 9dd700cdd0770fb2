"""Small hand-built evidence and gold tables for the reconcile tests."""

from __future__ import annotations

import pandas as pd

from extract.columns import EVIDENCE_COLUMNS, TIMING_COLUMNS
from extract.gold import ALIASES_COLUMNS, DECISIONS_COLUMNS, TRIALS_COLUMNS, Gold
from extract.reconcile import Context

_EVIDENCE_DEFAULTS = {"doc_id": "doc-a", "source": "corpus/a.txt", "trial_inferred": "False",
                      "measure": "median", "unit": "months", "location": "text", "page": "1",
                      "start": "0", "end": "10", "quote": ""}
_GOLD_DEFAULTS = {"analysis": "primary", "measure": "median", "unit": "months",
                  "publication": "J Test 2020;1:1-9", "read_in": "journal abstract",
                  "source": "test"}


def rec(**kw: str) -> dict[str, str]:
    row = {c: "" for c in EVIDENCE_COLUMNS + ["citations"]}
    row.update(_EVIDENCE_DEFAULTS)
    row.update(kw)
    return row


def evidence(*records: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=EVIDENCE_COLUMNS + ["citations"]).astype(str)


def timing(**kw: str) -> dict[str, str]:
    row = {c: "" for c in TIMING_COLUMNS}
    row.update({"doc_id": "doc-a", "source": "corpus/a.txt", "location": "text", "page": "1"})
    row.update(kw)
    return row


def gold_row(**kw: str) -> dict[str, str]:
    row = {c: "" for c in TRIALS_COLUMNS}
    row.update(_GOLD_DEFAULTS)
    row.update(kw)
    return row


def make_gold(*rows: dict[str, str], aliases: dict[str, str] | None = None,
              decisions: list[dict[str, str]] | None = None) -> Gold:
    trials = pd.DataFrame(list(rows), columns=TRIALS_COLUMNS).astype(str)
    names = list(dict.fromkeys(trials["trial"]))
    alias_rows = [{"trial": t, "aliases": (aliases or {}).get(t, ""), "registry_ids": "",
                   "arm_exp": "", "arm_ctrl": "", "source": "test"} for t in names]
    return Gold(trials, pd.DataFrame(alias_rows, columns=ALIASES_COLUMNS).astype(str),
                pd.DataFrame(decisions or [], columns=DECISIONS_COLUMNS).astype(str))


def context(records, gold: Gold, references=None, timings=None) -> Context:
    tm = pd.DataFrame(timings, columns=TIMING_COLUMNS).astype(str) if timings else None
    return Context(evidence(*records), gold, references or {}, tm)


def codes(flags) -> list[str]:
    return [f.code for f in flags]
