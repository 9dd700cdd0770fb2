"""What two records (evidence rows or gold rows) have in common, and how to say it.

Evidence and gold rows are plain dicts of strings here (`rows(df)`), so the same helpers
compare evidence with evidence and evidence with gold.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from extract.arms import molecule
from extract.compare import is_blank, p_consistent, parse_printed, values_equal

Record = dict[str, str]

# Fields compared between two records, in the order a message names them.
VALUE_FIELDS = ("value_exp", "value_ctrl")
RATIO_FIELDS = ("hr", "ci_low", "ci_high")
FIELD_LABELS = {"value_exp": "experimental arm", "value_ctrl": "control arm", "hr": "HR",
                "ci_low": "CI lower bound", "ci_high": "CI upper bound", "p_value": "p"}

# Analysis qualifiers of the `assessment` column (docs/CONVENTIONS.md), and the words of the
# gold's `analysis` column they correspond to.
_ANALYSIS_TOKEN = re.compile(r"^(interim|final|updated|sensitivity|\d+-year update)$")
CRITERIA = ("RECIST 1.1", "mRECIST", "RECICL")
_INDEPENDENT = {"bicr", "birc", "irf", "irrc", "independent review", "central review"}
_INVESTIGATOR = {"investigator"}

# An unqualified "PFS" in a document may stand for a trial's TACE-specific PFS (reviews
# shorten it); used only when the gold has no plain PFS row for the trial.
ENDPOINT_FALLBACK = {"PFS": ("TACE-PFS",)}

_PROCEDURE = re.compile(r"^(c|conventional |deb-|on-demand |scheduled )?tace$")
_DROP_COMPONENT = re.compile(r"^(dual )?placebos?$|^alone$")


def _text(value: object) -> str:
    """A cell as text: "" for missing, integral floats without ".0" (offsets, pages read
    into float columns); printed values are strings already and stay as they are."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def rows(df: pd.DataFrame | None) -> list[Record]:
    """DataFrame -> list of dicts of stripped strings ("" for missing); `_row` keeps the index."""
    if df is None or len(df) == 0:
        return []
    out = []
    for idx, rec in zip(df.index, df.to_dict("records")):
        r = {k: _text(v) for k, v in rec.items()}
        r["_row"] = str(idx)
        out.append(r)
    return out


# -- qualifiers ----------------------------------------------------------------------------

def _tokens(assessment: str) -> list[str]:
    return [t.strip() for t in (assessment or "").split(",") if t.strip()]


def stated_analysis(record: Record) -> str:
    """The analysis a record states: gold rows have `analysis`; evidence says it in
    `assessment` ("interim", "final", "updated", "5-year update"); "" when unstated."""
    if record.get("analysis"):
        return record["analysis"]
    for tok in _tokens(record.get("assessment", "")):
        if _ANALYSIS_TOKEN.match(tok.lower()):
            return tok.lower()
    return ""


def analyses_agree(a: str, b: str) -> bool:
    """Both stated and the same; an "N-year update" is an updated analysis."""
    def norm(x: str) -> str:
        return "updated" if x.endswith("year update") else x
    return bool(a and b) and norm(a) == norm(b)


def analyses_compatible(a: str, b: str) -> bool:
    """An unstated analysis may be any of the others, except a sensitivity analysis (per-protocol,
    time-dependent, weighted): papers state it whenever they give one."""
    if "sensitivity" in (a, b):
        return a == b
    return not a or not b or analyses_agree(a, b)


def criteria(record: Record) -> str:
    for tok in _tokens(record.get("assessment", "")):
        for c in CRITERIA:
            if tok.lower() == c.lower():
                return c
    return ""


def reviewer(record: Record) -> str:
    """"independent" or "investigator" or ""."""
    for tok in _tokens(record.get("assessment", "")):
        low = tok.lower()
        if low in _INDEPENDENT:
            return "independent"
        if low in _INVESTIGATOR:
            return "investigator"
    return ""


def assessments_compatible(a: Record, b: Record) -> bool:
    """Different response criteria, or independent vs investigator review, make two results
    of the same endpoint different results. Unstated qualifiers are compatible with any."""
    ca, cb = criteria(a), criteria(b)
    ra, rb = reviewer(a), reviewer(b)
    return (not ca or not cb or ca == cb) and (not ra or not rb or ra == rb)


def arm_set(arm: str) -> frozenset[str]:
    """"TACE plus camrelizumab plus rivoceranib" -> {"TACE", "apatinib", "camrelizumab"}:
    order, procedure variants, placebo and biosimilar status do not tell comparisons apart."""
    parts = set()
    for comp in re.split(r"\s+plus\s+|\s+and\s+|\s*\+\s*", (arm or "").lower()):
        comp = comp.strip()
        comp = re.sub(r"\s+alone$", "", comp)
        if not comp or _DROP_COMPONENT.match(comp):
            continue
        parts.add("TACE" if _PROCEDURE.match(comp) else molecule(comp))
    return frozenset(parts)


def arms_compatible(a: Record, b: Record) -> bool:
    for side in ("arm_exp", "arm_ctrl"):
        sa, sb = arm_set(a.get(side, "")), arm_set(b.get(side, ""))
        if sa and sb and sa != sb:
            return False
    return True


def same_comparison(a: Record, b: Record) -> bool:
    """Same analysis (when both state one), assessment and arms: the two records report the
    same result and their figures must agree."""
    return (analyses_compatible(stated_analysis(a), stated_analysis(b))
            and assessments_compatible(a, b) and arms_compatible(a, b))


# -- figures -------------------------------------------------------------------------------

def measure_kind(record: Record) -> str:
    m = record.get("measure", "")
    if m in ("", "median"):
        return "median" if record.get("unit", "") != "%" else "rate"
    return m


def compare_figures(a: Record, b: Record) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Fields both records state: (the equal ones, the differing ones as (field, a, b)).

    Per-arm values are compared only for the same kind of measure (a median is not a
    24-month rate); HR and CI bounds always (the CI only at the same level); p with
    operators as intervals."""
    equal: list[str] = []
    differ: list[tuple[str, str, str]] = []

    def cmp(field: str, same: bool) -> None:
        if same:
            equal.append(field)
        else:
            differ.append((field, a[field], b[field]))

    if measure_kind(a) == measure_kind(b) and measure_kind(a) not in ("HR", "derived HR"):
        for f in VALUE_FIELDS:
            if a.get(f) and b.get(f):
                cmp(f, values_equal(a[f], b[f], a.get("unit", ""), b.get("unit", "")))
    if a.get("hr") and b.get("hr"):
        cmp("hr", values_equal(a["hr"], b["hr"]))
    if (a.get("ci_level") or "95") == (b.get("ci_level") or "95") or values_equal(
            a.get("ci_level") or "95", b.get("ci_level") or "95"):
        for f in ("ci_low", "ci_high"):
            if a.get(f) and b.get(f):
                cmp(f, values_equal(a[f], b[f]))
    if a.get("p_value") and b.get("p_value"):
        cmp("p_value", p_consistent(a["p_value"], b["p_value"]))
    return equal, differ


def figures_match(a: Record, b: Record) -> bool | None:
    """True: all shared figures agree; False: some differ; None: nothing to compare."""
    equal, differ = compare_figures(a, b)
    if differ:
        return False
    return True if equal else None


# -- how a person reads it -----------------------------------------------------------------

def _p_text(p: str) -> str:
    parsed = parse_printed(p)
    if parsed is None:
        return f"p {p}"
    return f"p {parsed.op} {p.lstrip('<>=≤≥ ')}"


def figures(record: Record, with_endpoint: bool = True) -> str:
    """"OS 22.0 vs 14.5 months, HR 0.76 (95% CI 0.44-0.81), p = 0.0008"."""
    unit = record.get("unit", "")
    measure = record.get("measure", "")
    head = record.get("endpoint", "") if with_endpoint else ""
    if measure and measure not in ("median", "rate", "HR", "derived HR"):
        head = f"{measure} {head}".strip()  # "24-month rate OS"
    vals = [v for v in (record.get("value_exp", ""), record.get("value_ctrl", "")) if v]
    suffix = "%" if unit == "%" else (f" {unit}" if unit else "")
    parts = []
    if vals:
        if unit == "%":
            parts.append(" vs ".join(v + "%" for v in vals))
        else:
            parts.append(" vs ".join(vals) + suffix)
    if record.get("hr"):
        hr = f"HR {record['hr']}"
        if record.get("ci_low") and record.get("ci_high"):
            hr += f" ({record.get('ci_level') or '95'}% CI {record['ci_low']}-{record['ci_high']})"
        parts.append(hr)
    if record.get("p_value"):
        parts.append(_p_text(record["p_value"]))
    body = ", ".join(parts) if parts else "no figures"
    return f"{head} {body}".strip()


def place(record: Record, with_source: bool = False) -> str:
    """"Table 1 (p. 3)" or "the text (p. 4)"; with the file name when asked."""
    page = record.get("page", "")
    p = f" (p. {page})" if page else ""
    if record.get("location") == "table":
        where = f"{record.get('section') or 'a table'}{p}"
    else:
        where = f"the text{p}"
    if with_source and record.get("source"):
        return f"{Path(record['source']).name}, {where}"
    return where


def provenance(record: Record | None) -> str:
    """"corpus/review.txt p.3 table [1234:1290]" (the `evidence`/`other` flag columns)."""
    if not record:
        return ""
    loc = record.get("location") or "text"
    span = f" [{record.get('start', '')}:{record.get('end', '')}]" if record.get("start", "") != "" else ""
    page = f" p.{record['page']}" if record.get("page") else ""
    return f"{record.get('source', '')}{page} {loc}{span}".strip()


def gold_summary(row: Record | None) -> str:
    """The `gold` flag column: the gold row's figures with its publication."""
    if not row:
        return ""
    qual = f", {row['assessment']}" if row.get("assessment") else ""
    return (f"{row['trial']} {row['analysis']} analysis{qual}: {figures(row)} "
            f"[{row['publication']}; read in {row.get('read_in') or 'n/a'}; source: {row['source']}]")


def differences(differ: list[tuple[str, str, str]]) -> str:
    return ", ".join(f"{FIELD_LABELS.get(f, f)} {x} vs {y}" for f, x, y in differ)


def value_signature(record: Record | None) -> list[str]:
    """The values of a record that identify a finding (for flag ids)."""
    if not record:
        return []
    return [record.get(k, "") for k in ("endpoint", "measure", "value_exp", "value_ctrl", "unit",
                                        "hr", "ci_low", "ci_high", "p_value")]
