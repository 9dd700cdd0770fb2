"""Normalize the report's input: whatever the stages hand over becomes predictable tables.

The report is the last stage and must render whatever it gets: a missing table is an empty
one, a missing column is an empty column, a missing value is an empty string. Nothing here
interprets a value; printed values stay exactly as printed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from extract.columns import EVIDENCE_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS

DOCUMENT_COLUMNS: list[str] = ["doc_id", "source", "status", "error", "pages", "n_evidence",
                               "n_timings"]

# gold/trials.csv as extract.gold loads it. The brief's older spelling (median_exp,
# arm_experimental, ...) is accepted and renamed.
GOLD_COLUMNS: list[str] = [
    "trial", "analysis", "endpoint", "assessment", "measure", "arm_exp", "arm_ctrl",
    "value_exp", "value_ctrl", "unit", "hr", "ci_low", "ci_high", "ci_level", "p_value",
    "publication", "read_in", "source", "note",
]
GOLD_RENAMES: dict[str, str] = {"arm_experimental": "arm_exp", "arm_control": "arm_ctrl",
                                "median_exp": "value_exp", "median_ctrl": "value_ctrl"}

# Detail columns the reconciliation stage adds next to FLAG_COLUMNS; any may be missing.
_SIDE_FIELDS = ("quote", "page", "location", "section", "doc_id", "source", "start", "end")
FLAG_DETAIL_COLUMNS: list[str] = (
    [f"evidence_{f}" for f in _SIDE_FIELDS] + [f"other_{f}" for f in _SIDE_FIELDS]
    + ["gold_publication", "gold_source", "gold_read_in", "gold_analysis",
       "decision_note", "decided_by", "decided_at", "decision_by"]
)

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SEVERITIES: list[str] = ["error", "warning", "info"]
STATUSES: list[str] = ["open", "confirmed", "accepted", "dismissed"]
FLAG_CODES: list[str] = [
    "INTERNAL_CONFLICT", "GOLD_MISMATCH", "CITATION_MISMATCH", "HR_CI_INCONSISTENT",
    "P_INCONSISTENT", "DIRECTION_MISMATCH", "DUPLICATED_VALUES", "NAME_ANOMALY",
    "CROSS_DOC_CONFLICT", "NOT_IN_GOLD", "UPDATED_ANALYSIS",
]


def text(value: Any) -> str:
    """A cell as a display string: missing values (None, NaN, NA) become ""."""
    if type(value) is str:  # most cells: already a string
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return str(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def frame(data: dict, key: str, columns: list[str]) -> pd.DataFrame:
    """data[key] as a DataFrame holding at least `columns`, all cells display strings."""
    df = data.get(key) if isinstance(data, dict) else None
    if df is None:
        df = pd.DataFrame(columns=columns)
    elif not isinstance(df, pd.DataFrame):
        df = pd.DataFrame(df)
    df = df.copy()
    for col in columns:
        if col not in df.columns:
            df[col] = ""
    out = pd.DataFrame({col: [text(v) for v in df[col].tolist()] for col in df.columns},
                       columns=list(df.columns), dtype=object)
    return out.reset_index(drop=True)


@dataclass
class ReportData:
    documents: pd.DataFrame
    evidence: pd.DataFrame
    timings: pd.DataFrame
    flags: pd.DataFrame
    gold: pd.DataFrame
    changes: str
    run: dict = field(default_factory=dict)
    stale: list[dict[str, str]] = field(default_factory=list)


def normalize(data: dict) -> ReportData:
    data = data or {}
    run = data.get("run") or {}
    if not isinstance(run, dict):
        run = {}
    changes = data.get("changes")
    return ReportData(
        documents=frame(data, "documents", DOCUMENT_COLUMNS),
        evidence=frame(data, "evidence", EVIDENCE_COLUMNS + ["citations"]),
        timings=frame(data, "timings", TIMING_COLUMNS),
        flags=frame(data, "flags", FLAG_COLUMNS + FLAG_DETAIL_COLUMNS),
        gold=_gold(data),
        changes=text(changes),
        run=run,
        stale=_stale(data.get("stale_decisions")),
    )


def _stale(value: Any) -> list[dict[str, str]]:
    """Curator decisions whose flag no longer occurs (a list of dicts or a DataFrame)."""
    if value is None:
        return []
    if isinstance(value, pd.DataFrame):
        value = value.to_dict(orient="records")
    if not isinstance(value, list):
        return []
    return [{str(k): text(v) for k, v in d.items()} for d in value if isinstance(d, dict)]


def _gold(data: dict) -> pd.DataFrame:
    df = data.get("gold") if isinstance(data, dict) else None
    if isinstance(df, pd.DataFrame):
        renames = {old: new for old, new in GOLD_RENAMES.items()
                   if old in df.columns and new not in df.columns}
        df = df.rename(columns=renames)
    return frame({"gold": df}, "gold", GOLD_COLUMNS)


def records(df: pd.DataFrame) -> list[dict[str, str]]:
    """The rows as dicts (column order), like df.to_dict("records") for these all-string
    tables, built from the columns as lists (to_dict goes through pandas row by row)."""
    cols = list(df.columns)
    if not cols or len(set(cols)) != len(cols):
        return df.to_dict(orient="records")
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))]


def trials_of(rd: ReportData) -> list[str]:
    """Every trial named by evidence, timings, flags or gold, gold order first."""
    seen: dict[str, None] = {}
    for df in (rd.gold, rd.evidence, rd.timings, rd.flags):
        for t in df["trial"].tolist():
            if t:
                seen.setdefault(t, None)
    gold_trials = [t for t in dict.fromkeys(rd.gold["trial"].tolist()) if t]
    rest = sorted((t for t in seen if t not in set(gold_trials)), key=str.casefold)
    return gold_trials + rest


def flag_counts(flags: pd.DataFrame) -> dict[str, dict[str, int]]:
    """{severity: {status: n, "total": n}} with every known severity and status present."""
    statuses = STATUSES + sorted(set(flags["status"]) - set(STATUSES) - {""})
    severities = SEVERITIES + sorted(set(flags["severity"]) - set(SEVERITIES) - {""})
    counts = {sev: {st: 0 for st in statuses} | {"total": 0} for sev in severities}
    for sev, st in zip(flags["severity"], flags["status"]):
        sev = sev or "info"
        st = st or "open"
        counts.setdefault(sev, {s: 0 for s in statuses} | {"total": 0})
        counts[sev][st] = counts[sev].get(st, 0) + 1
        counts[sev]["total"] += 1
    return counts


def overview(rd: ReportData) -> dict[str, Any]:
    docs = rd.documents
    n_ok = int((docs["status"] == "ok").sum())
    n_err = int((docs["status"] == "error").sum())
    trials_extracted = sorted({t for t in rd.evidence["trial"] if t}, key=str.casefold)
    trials_gold = sorted({t for t in rd.gold["trial"] if t}, key=str.casefold)
    counts = flag_counts(rd.flags)
    statuses = sorted({st for row in counts.values() for st in row if st != "total"},
                      key=lambda s: (STATUSES.index(s) if s in STATUSES else 99, s))
    return {
        "n_documents": len(docs),
        "n_read": n_ok,
        "n_failed": n_err,
        "n_trials": len(trials_extracted),
        "n_trials_gold": len(trials_gold),
        "n_trials_not_in_gold": len(set(trials_extracted) - set(trials_gold)),
        "n_evidence": len(rd.evidence),
        "n_timings": len(rd.timings),
        "n_flags": len(rd.flags),
        "flag_counts": counts,
        "flag_statuses": statuses,
        "run_id": text(rd.run.get("run_id")),
        "started": text(rd.run.get("started")),
        "finished": text(rd.run.get("finished")),
        "run_counts": _flat_counts(rd.run.get("counts")),
        "by_code": by_code(rd.flags),
    }


def _flat_counts(counts: Any) -> list[tuple[str, str]]:
    """{"documents": 3, "flags": {"error": 1}} -> [("documents", "3"), ("flags error", "1")]."""
    if not isinstance(counts, dict):
        return []
    out: list[tuple[str, str]] = []
    for k, v in counts.items():
        if isinstance(v, dict):
            out.extend((f"{k} {k2}", text(v2)) for k2, v2 in v.items())
        else:
            out.append((str(k), text(v)))
    return out


def by_code(flags: pd.DataFrame) -> list[dict[str, Any]]:
    """Per flag code: severity, open and total counts, in the severity and code order."""
    rows: dict[str, dict[str, Any]] = {}
    for code, sev, st in zip(flags["code"], flags["severity"], flags["status"]):
        r = rows.setdefault(code, {"code": code, "severity": sev or "info", "open": 0, "total": 0})
        r["total"] += 1
        r["open"] += int((st or "open") == "open")
    rank = {c: i for i, c in enumerate(FLAG_CODES)}
    return sorted(rows.values(), key=lambda r: (SEVERITY_ORDER.get(r["severity"], 9),
                                                rank.get(r["code"], 99), r["code"]))
