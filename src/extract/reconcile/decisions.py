"""Curator decisions attached to flags by flag_id.

A decision (gold/decisions.csv) sets the flag's status: confirmed (a real error), accepted
(true but fine, e.g. a real non-proportional-hazards direction mismatch) or dismissed (a false
alarm). The latest decision per flag_id wins. A dismissed flag stays in the output with status
"dismissed", so the report can show it greyed out, but it is no longer open. Decisions whose
flag no longer occurs are stale: returned so the curator can see and clean them up.
"""

from __future__ import annotations

import pandas as pd

from extract.gold import DECISIONS_COLUMNS


def latest_decisions(decisions: pd.DataFrame) -> pd.DataFrame:
    if decisions is None or len(decisions) == 0:
        return pd.DataFrame(columns=DECISIONS_COLUMNS, dtype=str)
    d = decisions.reset_index(drop=True).assign(_order=range(len(decisions)))
    d = d.sort_values(["decided_at", "_order"], kind="stable")
    return d.drop_duplicates("flag_id", keep="last").drop(columns="_order")


def apply_decisions(flags: pd.DataFrame, decisions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(flags with status/decision_note/decided_by/decided_at from the decisions, stale
    decisions: the latest decision of every flag_id that no longer occurs)."""
    latest = latest_decisions(decisions)
    out = flags.copy()
    for col in ("status", "decision_note", "decided_by", "decided_at"):
        if col not in out.columns:
            out[col] = ""
    by_id = latest.set_index("flag_id")
    hit = out["flag_id"].isin(by_id.index)
    if hit.any():
        ids = out.loc[hit, "flag_id"]
        out.loc[hit, "status"] = by_id.loc[ids, "status"].to_numpy()
        out.loc[hit, "decision_note"] = by_id.loc[ids, "note"].to_numpy()
        out.loc[hit, "decided_by"] = by_id.loc[ids, "by"].to_numpy()
        out.loc[hit, "decided_at"] = by_id.loc[ids, "decided_at"].to_numpy()
    out.loc[~hit, "status"] = "open"
    stale = latest[~latest["flag_id"].isin(out["flag_id"])].reset_index(drop=True)
    return out, stale
