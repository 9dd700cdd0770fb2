"""Reconciliation: evidence against the gold table and against itself.

Each check is a small function `check_x(ctx) -> list[Flag]`; `reconcile` runs them all and
returns one frame (FLAG_COLUMNS + DETAIL_COLUMNS), one row per flag_id, with curator decisions
applied. The stale decisions (whose flag no longer occurs): `stale_decisions(frame)`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from extract.gold import Gold
from extract.reconcile.base import DETAIL_COLUMNS, SEVERITY, Context, Flag, flags_frame
from extract.reconcile.citations import check_citation_mismatch, trials_in_reference
from extract.reconcile.conflicts import (
    check_cross_doc_conflict, check_internal_conflict, check_timing_conflict,
)
from extract.reconcile.decisions import apply_decisions
from extract.reconcile.duplicates import check_duplicated_values
from extract.reconcile.gold_checks import check_gold_mismatch, check_not_in_gold, match_gold
from extract.reconcile.names import check_name_anomaly, suggest_name
from extract.reconcile.statistics import check_direction, check_hr_ci, check_p_value

CHECKS: tuple[Callable[[Context], list[Flag]], ...] = (
    check_internal_conflict,
    check_gold_mismatch,
    check_citation_mismatch,
    check_hr_ci,
    check_p_value,
    check_direction,
    check_duplicated_values,
    check_name_anomaly,
    check_cross_doc_conflict,
    check_not_in_gold,
)


def run_checks(ctx: Context) -> list[Flag]:
    flags: list[Flag] = []
    for check in CHECKS:
        flags.extend(check(ctx))
    return flags


def reconcile(evidence: pd.DataFrame, gold: Gold,
              references: dict[str, dict[int, str]] | None = None,
              timings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Flags for `evidence` (EVIDENCE_COLUMNS [+ citations]) against `gold`.

    `references`: doc_id -> the document's numbered reference list (for CITATION_MISMATCH).
    `timings`: TIMING_COLUMNS rows (for timing conflicts within a document)."""
    ctx = Context(evidence, gold, references or {}, timings)
    frame = flags_frame(run_checks(ctx))
    frame, stale = apply_decisions(frame, gold.decisions)
    frame.attrs["stale_decisions"] = stale.to_dict("records")
    return frame


def stale_decisions(flags: pd.DataFrame) -> pd.DataFrame:
    """The stale decisions `reconcile` found (decisions whose flag no longer occurs)."""
    from extract.gold import DECISIONS_COLUMNS

    return pd.DataFrame(flags.attrs.get("stale_decisions", []), columns=DECISIONS_COLUMNS, dtype=str)


__all__ = [
    "CHECKS", "DETAIL_COLUMNS", "SEVERITY", "Context", "Flag", "apply_decisions",
    "check_citation_mismatch", "check_cross_doc_conflict", "check_direction",
    "check_duplicated_values", "check_gold_mismatch", "check_hr_ci", "check_internal_conflict",
    "check_name_anomaly", "check_not_in_gold", "check_p_value", "check_timing_conflict",
    "flags_frame", "match_gold", "reconcile", "run_checks", "stale_decisions", "suggest_name", "trials_in_reference",
]
