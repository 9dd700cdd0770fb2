"""Flags and the context every check reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from extract.columns import FLAG_COLUMNS
from extract.gold import Gold
from extract.reconcile.records import Record, gold_summary, provenance, rows, value_signature

# DESIGN.md's table: one severity per code.
SEVERITY: dict[str, str] = {
    "INTERNAL_CONFLICT": "error",
    "GOLD_MISMATCH": "error",
    "CITATION_MISMATCH": "error",
    "HR_CI_INCONSISTENT": "error",
    "P_INCONSISTENT": "warning",
    "DIRECTION_MISMATCH": "warning",
    "DUPLICATED_VALUES": "warning",
    "NAME_ANOMALY": "warning",
    "CROSS_DOC_CONFLICT": "warning",
    "NOT_IN_GOLD": "info",
    "UPDATED_ANALYSIS": "info",
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
FLAG_STATUSES = ("open", "confirmed", "accepted", "dismissed")

_SIDE_FIELDS = ("quote", "page", "location", "section", "doc_id", "source", "start", "end")
# Columns next to FLAG_COLUMNS, for the HTML report (flags.csv keeps FLAG_COLUMNS only).
DETAIL_COLUMNS: list[str] = (
    [f"evidence_{f}" for f in _SIDE_FIELDS]
    + [f"other_{f}" for f in _SIDE_FIELDS]
    + ["gold_publication", "gold_source", "gold_read_in", "gold_analysis",
       "decision_note", "decided_by", "decided_at"]
)


@dataclass
class Flag:
    code: str
    trial: str
    endpoint: str
    message: str
    evidence: Record | None = None
    other: Record | None = None
    gold: Record | None = None
    # what identifies the finding beyond code/trial/endpoint/records (e.g. a citation number)
    extra: tuple[str, ...] = ()
    # False when the finding is not about the figures (a trial missing from the gold): then
    # the id does not change when the first mention's figures do
    id_uses_values: bool = True

    @property
    def severity(self) -> str:
        return SEVERITY[self.code]

    @property
    def flag_id(self) -> str:
        """Stable across runs: code, trial, endpoint, the values involved and the documents;
        never offsets or pages, so re-extraction that moves a sentence keeps the id."""
        sides = sorted([value_signature(self.evidence), value_signature(self.other)])
        if not self.id_uses_values:
            sides = [[], []]
        docs = sorted({r["doc_id"] for r in (self.evidence, self.other) if r and r.get("doc_id")})
        parts = [self.code, self.trial, self.endpoint, *sides[0], *sides[1],
                 *value_signature(self.gold), *(self.gold or {}).get("publication", "").split(),
                 *self.extra, *docs]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_row(self) -> dict[str, str]:
        row = {
            "flag_id": self.flag_id, "code": self.code, "severity": self.severity,
            "trial": self.trial, "endpoint": self.endpoint, "message": self.message,
            "evidence": provenance(self.evidence), "other": provenance(self.other),
            "gold": gold_summary(self.gold), "status": "open",
        }
        for prefix, rec in (("evidence", self.evidence), ("other", self.other)):
            for f in _SIDE_FIELDS:
                row[f"{prefix}_{f}"] = (rec or {}).get(f, "")
        g = self.gold or {}
        row.update(gold_publication=g.get("publication", ""), gold_source=g.get("source", ""),
                   gold_read_in=g.get("read_in", ""), gold_analysis=g.get("analysis", ""),
                   decision_note="", decided_by="", decided_at="")
        return row


def flags_frame(flags: list[Flag]) -> pd.DataFrame:
    """Flags as a frame (FLAG_COLUMNS + DETAIL_COLUMNS), one row per flag_id, errors first."""
    columns = FLAG_COLUMNS + DETAIL_COLUMNS
    if not flags:
        return pd.DataFrame(columns=columns, dtype=str)
    df = pd.DataFrame([f.to_row() for f in flags], columns=columns).astype(str)
    df = df.drop_duplicates("flag_id", keep="first")
    order = df["severity"].map(SEVERITY_ORDER)
    df = df.assign(_o=order).sort_values(["_o", "trial", "code", "endpoint"], kind="stable")
    return df.drop(columns="_o").reset_index(drop=True)


@dataclass
class Context:
    """What the checks read: evidence rows (dicts), gold, reference lists, timings."""

    evidence: pd.DataFrame
    gold: Gold
    references: dict[str, dict[int, str]] = field(default_factory=dict)
    timings: pd.DataFrame | None = None

    @cached_property
    def records(self) -> list[Record]:
        """Evidence rows as dicts, `trial` mapped to the canonical name where known
        (`printed_trial` keeps what the row said)."""
        out = rows(self.evidence)
        for r in out:
            r["printed_trial"] = r.get("trial", "")
            canon = self.gold.canonical(r["printed_trial"])
            if canon:
                r["trial"] = canon
        return out

    @cached_property
    def gold_rows(self) -> list[Record]:
        return rows(self.gold.trials)

    @cached_property
    def timing_records(self) -> list[Record]:
        out = rows(self.timings)
        for r in out:
            canon = self.gold.canonical(r.get("trial", ""))
            if canon:
                r["trial"] = canon
        return out

    def gold_for(self, trial: str) -> list[Record]:
        return [g for g in self.gold_rows if g["trial"] == trial]
