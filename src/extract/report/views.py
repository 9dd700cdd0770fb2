"""What each part of the report shows, as plain dicts for the template.

Nothing here builds markup except through `values.highlight` (escape first, then wrap the
matched values), so every string from a document or the gold table is escaped either there
or by the template's autoescape.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from extract.report.data import (
    FLAG_CODES, SEVERITY_ORDER, STATUSES, ReportData, records, trials_of,
)
from extract.report.forest import ForestLine, layout
from extract.report.values import field_equal, highlight, numbers_in

Record = dict[str, str]

# Compared figures of an outcome record (evidence and gold share these column names), with
# their short labels, in display order.
FIELDS: list[tuple[str, str]] = [
    ("value_exp", "exp"), ("value_ctrl", "ctrl"), ("hr", "HR"), ("ci_low", "CI low"),
    ("ci_high", "CI high"), ("p_value", "p"),
]
FIELD_NAMES = [f for f, _ in FIELDS]
TIMING_FIELDS: list[tuple[str, str]] = [("low", "low"), ("high", "high")]

# Which figures a flag is about when it compares a record with nothing else.
CODE_FIELDS: dict[str, list[str]] = {
    "HR_CI_INCONSISTENT": ["hr", "ci_low", "ci_high"],
    "P_INCONSISTENT": ["hr", "ci_low", "ci_high", "p_value"],
    "DIRECTION_MISMATCH": ["value_exp", "value_ctrl", "hr"],
    "DUPLICATED_VALUES": FIELD_NAMES,
    "CITATION_MISMATCH": FIELD_NAMES,
    "UPDATED_ANALYSIS": FIELD_NAMES,
    "GOLD_MISMATCH": FIELD_NAMES,
}
NAME_CODES = {"NAME_ANOMALY", "NOT_IN_GOLD", "CITATION_MISMATCH"}

ENDPOINT_ORDER = ["OS", "PFS", "TACE-PFS", "TTP", "TTUP", "ORR", "DCR", "CR"]


@lru_cache(maxsize=1 << 14)
def anchor(prefix: str, name: str) -> str:
    """A stable, markup-free element id for a name that may hold anything."""
    return prefix + "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def page(value: str) -> str:
    return value[:-2] if value.endswith(".0") else value


@lru_cache(maxsize=1 << 14)
def short_source(source: str) -> str:
    return Path(source.replace("\\", "/")).name if source else ""


# Comparing two printed values parses both (extract.compare); a report compares the same few
# values thousands of times (every flag, gold row and group), so each pair is compared once.
_field_equal = lru_cache(maxsize=1 << 16)(field_equal)


def _highlight_record(r: Record) -> Markup:
    """An outcome record's quote with its stated figures marked."""
    return highlight(r["quote"], [r[f] for f in FIELD_NAMES if r.get(f)])


def _highlight_timing(t: Record) -> Markup:
    return highlight(t["quote"], [t["low"], t["high"]])


def _group(rows: list[Record], column: str) -> dict[str, list[Record]]:
    """Rows by the value of one column, each list in table order."""
    out: dict[str, list[Record]] = {}
    for r in rows:
        out.setdefault(r[column], []).append(r)
    return out


def _measure_kind(r: Record) -> str:
    m = r.get("measure", "")
    if m in ("", "median"):
        return "rate" if r.get("unit", "") == "%" else "median"
    return m


def compare_records(a: Record, b: Record) -> dict[str, str]:
    """Per figure both records state: "agree" or "differ" (precision-aware). Per-arm values
    only between the same kind of measure (a median is not a 24-month rate)."""
    return dict(_compare_figures(_figures(a), _figures(b)))


Figures = tuple[str, ...]


def _figures(r: Record) -> Figures:
    """All that compare_records reads of a record: kind of measure, unit, the figures."""
    return (_measure_kind(r), r.get("unit", ""), *(r.get(f, "") for f in FIELD_NAMES))


# Records of one trial repeat the same figures (every document citing it): each distinct pair
# is compared once.
@lru_cache(maxsize=1 << 15)
def _compare_figures(a: Figures, b: Figures) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    same_kind = a[0] == b[0]
    for f, x, y in zip(FIELD_NAMES, a[2:], b[2:]):
        if not x or not y:
            continue
        if f in ("value_exp", "value_ctrl") and not same_kind:
            continue
        same = _field_equal(f, x, y, a[1], b[1])
        out.append((f, "agree" if same else "differ"))
    return tuple(out)


def compare_timings(a: Record, b: Record) -> dict[str, str]:
    out = {}
    for f, _ in TIMING_FIELDS:
        x, y = a.get(f, ""), b.get(f, "")
        if x and y:
            out[f] = "agree" if _field_equal(f, x, y, a.get("unit", ""), b.get("unit", "")) \
                else "differ"
    return out


def verdict(cmp: dict[str, str]) -> str:
    if "differ" in cmp.values():
        return "differ"
    return "agree" if cmp else "nogold"


# ---------------------------------------------------------------------------------------
# flags


def _key(doc_id: str, start: str, end: str) -> tuple[str, str, str]:
    return (doc_id, page(start), page(end))


class Index:
    """Evidence and timing rows by (doc_id, start, end), to find what a flag points at."""

    def __init__(self, rd: ReportData):
        self.evidence: dict[tuple[str, str, str], Record] = {}
        self.timings: dict[tuple[str, str, str], Record] = {}
        for r in records(rd.evidence):
            self.evidence.setdefault(_key(r["doc_id"], r["start"], r["end"]), r)
        for r in records(rd.timings):
            self.timings.setdefault(_key(r["doc_id"], r["start"], r["end"]), r)
        # gold rows by trial and by (trial, endpoint), each in gold order
        gold = records(rd.gold)
        self.gold_by_trial = _group(gold, "trial")
        self.gold_by_endpoint: dict[tuple[str, str], list[Record]] = {}
        for g in gold:
            self.gold_by_endpoint.setdefault((g["trial"], g["endpoint"]), []).append(g)

    def gold_rows(self, trial: str, endpoint: str) -> list[Record]:
        """The gold rows of a trial (and endpoint, when given), in gold order."""
        if not trial:
            return []
        if endpoint:
            return self.gold_by_endpoint.get((trial, endpoint), [])
        return self.gold_by_trial.get(trial, [])

    def find(self, flag: Record, prefix: str) -> tuple[Record | None, str]:
        key = _key(flag.get(f"{prefix}_doc_id", ""), flag.get(f"{prefix}_start", ""),
                   flag.get(f"{prefix}_end", ""))
        if not key[0] or not key[1]:
            return None, ""
        if key in self.evidence:
            return self.evidence[key], "evidence"
        if key in self.timings:
            return self.timings[key], "timing"
        return None, ""


# "(differs: HR 0.76 vs 0.60, experimental arm 22.0 vs 22.1)"
_DIFFERS = re.compile(r"differs?:\s*(?P<body>[^)]*)", re.IGNORECASE)
_PAIR = re.compile(r"(?P<a>[<>]?\d*\.?\d+)\s+vs\.?\s+(?P<b>[<>]?\d*\.?\d+)")


def _message_values(message: str) -> tuple[list[str], list[str]]:
    """The compared values named in a flag message: (this side's, the other side's)."""
    m = _DIFFERS.search(message or "")
    if m:
        pairs = _PAIR.findall(m.group("body"))
        if pairs:
            return [a for a, _ in pairs], [b for _, b in pairs]
    vals = [v for v in numbers_in(message) if "." in v]
    return vals, vals


def _side(flag: Record, prefix: str, rec: Record | None, kind: str, fields: list[str],
          cmp: dict[str, str], marks: list[str]) -> dict[str, Any] | None:
    quote = flag.get(f"{prefix}_quote", "") or (rec or {}).get("quote", "")
    raw = flag.get(prefix, "")
    if not (quote or raw or rec):
        return None
    src = flag.get(f"{prefix}_source", "") or (rec or {}).get("source", "")
    figures = []
    if rec is not None:
        labels = TIMING_FIELDS if kind == "timing" else FIELDS
        figures = [{"label": label, "value": rec.get(f, ""), "cls": cmp.get(f, ""),
                    "compared": f in fields}
                   for f, label in labels if rec.get(f, "")]
    doc_id = flag.get(f"{prefix}_doc_id", "") or (rec or {}).get("doc_id", "")
    return {
        "title": "evidence" if prefix == "evidence" else "other mention",
        "doc_anchor": anchor("doc", doc_id) if doc_id else "",
        "source": src,
        "name": short_source(src),
        "page": page(flag.get(f"{prefix}_page", "") or (rec or {}).get("page", "")),
        "section": flag.get(f"{prefix}_section", "") or (rec or {}).get("section", ""),
        "location": flag.get(f"{prefix}_location", "") or (rec or {}).get("location", ""),
        "quote": highlight(quote, marks) if quote else Markup(""),
        "raw": raw,
        "figures": figures,
        "unit": (rec or {}).get("unit", ""),
    }


def gold_cells(g: Record, cmp: dict[str, str]) -> list[dict[str, str]]:
    """A gold row's figures for the compact table of a flag: exp, ctrl, HR, CI, p, each
    with its agreement with the flagged record ("agree", "differ" or "")."""
    ci = f"{g['ci_low']}\u2013{g['ci_high']}" if g["ci_low"] or g["ci_high"] else ""
    ci_cmp = {cmp.get("ci_low", ""), cmp.get("ci_high", "")} - {""}
    cells = [(g["value_exp"], cmp.get("value_exp", "")), (g["value_ctrl"], cmp.get("value_ctrl", "")),
             (g["hr"], cmp.get("hr", "")),
             (ci, "differ" if "differ" in ci_cmp else ("agree" if ci_cmp else "")),
             (g["p_value"], cmp.get("p_value", ""))]
    return [{"value": v, "cls": c} for v, c in cells]


def flag_view(flag: Record, rd: ReportData, index: Index) -> dict[str, Any]:
    code = flag.get("code", "")
    ev, ev_kind = index.find(flag, "evidence")
    other, other_kind = index.find(flag, "other")
    gold_rows = index.gold_rows(flag["trial"], flag["endpoint"])
    ref_gold = [g for g in gold_rows
                if (not flag.get("gold_analysis") or g["analysis"] == flag["gold_analysis"])
                and (not flag.get("gold_publication")
                     or g["publication"] == flag["gold_publication"])]
    ref = ref_gold[0] if flag.get("gold") and len(ref_gold) >= 1 else None

    cmp_ev: dict[str, str] = {}
    cmp_other: dict[str, str] = {}
    fields: list[str] = []
    if ev is not None and other is not None:
        cmp_ev = (compare_timings if ev_kind == "timing" else compare_records)(ev, other)
        cmp_other = cmp_ev
    elif ev is not None and ref is not None and ev_kind == "evidence":
        cmp_ev = compare_records(ev, ref)
    differ = [f for f, v in cmp_ev.items() if v == "differ"]
    agree = [f for f, v in cmp_ev.items() if v == "agree"]
    if code == "DUPLICATED_VALUES" and agree:
        fields = agree  # the repeated figures are the finding
    elif differ:
        fields = differ
    elif code in CODE_FIELDS:
        fields = CODE_FIELDS[code]
    elif cmp_ev:
        fields = list(cmp_ev)

    def marks_of(rec: Record | None, side: int) -> list[str]:
        if rec is None:
            return _message_values(flag.get("message", ""))[side]
        out = [rec.get(f, "") for f in fields if rec.get(f, "")]
        if code in NAME_CODES and rec.get("trial"):
            out.append(rec["trial"])
        return out

    sides = [s for s in (
        _side(flag, "evidence", ev, ev_kind, fields, cmp_ev, marks_of(ev, 0)),
        _side(flag, "other", other, other_kind, fields, cmp_other, marks_of(other, 1)),
    ) if s]
    gold_views = []
    for g in gold_rows:
        comparable = (ev is not None and ev_kind == "evidence"
                      and ev.get("endpoint", "") == g["endpoint"])
        cmp = compare_records(ev, g) if comparable else {}
        gold_views.append({"g": g, "cmp": cmp, "cells": gold_cells(g, cmp),
                           "referenced": ref is not None and g is ref})
    severity = flag["severity"] or "info"
    status = flag["status"] or "open"
    return {
        "f": flag,
        "severity": severity,
        "status": status,
        "sides": sides,
        "gold_rows": gold_views,
        "decided_by": flag.get("decided_by") or flag.get("decision_by", ""),
        "trial_anchor": anchor("trial", flag["trial"]) if flag["trial"] else "",
    }


def _code_rank(code: str) -> tuple[int, str]:
    return (FLAG_CODES.index(code) if code in FLAG_CODES else len(FLAG_CODES), code)


def flag_views(rd: ReportData) -> list[dict[str, Any]]:
    index = Index(rd)
    views = [flag_view(f, rd, index) for f in records(rd.flags)]
    status_rank = {s: i for i, s in enumerate(STATUSES)}
    views.sort(key=lambda v: (SEVERITY_ORDER.get(v["severity"], 9),
                              status_rank.get(v["status"], 9),  # open ones first
                              _code_rank(v["f"]["code"]),
                              v["f"]["trial"].casefold(), v["f"]["endpoint"]))
    return views


# ---------------------------------------------------------------------------------------
# per trial


def best_gold(ev: Record, golds: list[Record]) -> Record | None:
    """The gold row an evidence record is best compared with: most agreeing figures, then
    the same assessment and analysis, then gold order."""
    if not golds:
        return None

    def score(i_g: tuple[int, Record]) -> tuple[int, int, int]:
        i, g = i_g
        cmp = compare_records(ev, g)
        agree = sum(v == "agree" for v in cmp.values()) - sum(v == "differ" for v in cmp.values())
        same_q = int(bool(ev.get("assessment")) and
                     ev.get("assessment", "").casefold() == g.get("assessment", "").casefold())
        return (agree, same_q, -i)

    return max(enumerate(golds), key=score)[1]


def _same_figures(a: Figures, b: Figures) -> bool:
    cmp = _compare_figures(a, b)
    return bool(cmp) and all(v != "differ" for _, v in cmp)


def group_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows reporting the same figures (precision-aware) form one group; groups agreeing
    with the gold come first, then those without gold, then those that differ."""
    groups: list[list[dict[str, Any]]] = []
    # per group, its members' distinct figures (a row joins when it matches every member;
    # members with the same figures match alike)
    figures: list[dict[Figures, None]] = []
    for r in rows:
        fr = _figures(r["ev"])
        for g, fg in zip(groups, figures):
            if all(_same_figures(fm, fr) for fm in fg):
                g.append(r)
                fg.setdefault(fr, None)
                break
        else:
            groups.append([r])
            figures.append({fr: None})

    def group_verdict(g: list[dict[str, Any]]) -> str:
        vs = {r["verdict"] for r in g}
        return "differ" if "differ" in vs else ("agree" if "agree" in vs else "nogold")

    ranked = sorted(groups, key=lambda g: ({"agree": 0, "nogold": 1, "differ": 2}[
        group_verdict(g)], -len(g)))
    return [{"label": chr(ord("A") + i) if i < 26 else str(i + 1), "rows": g,
             "verdict": group_verdict(g)} for i, g in enumerate(ranked)]


def _endpoint_order(e: str) -> tuple[int, str]:
    return (ENDPOINT_ORDER.index(e) if e in ENDPOINT_ORDER else len(ENDPOINT_ORDER), e)


def _where(r: Record) -> str:
    p = page(r.get("page", ""))
    return f"{r.get('location', '')} p.{p}".strip() if p else r.get("location", "")


def endpoint_view(trial: str, ep: str, ev: list[Record], gold: list[Record]) -> dict[str, Any]:
    """One endpoint of a trial: `ev` and `gold` are that endpoint's evidence and gold rows."""
    ep_gold = gold
    rows = []
    for r in ev:
        g = best_gold(r, ep_gold)
        cmp = compare_records(r, g) if g else {}
        rows.append({"ev": r, "gold": g, "cmp": cmp, "verdict": verdict(cmp),
                     "quote": _highlight_record(r)})
    groups = group_rows(rows)
    lines = [ForestLine(label=f"gold · {g['publication'] or g['source'] or g['analysis']}",
                        detail=" ".join(x for x in (g["analysis"], g["assessment"]) if x),
                        hr=g["hr"], ci_low=g["ci_low"], ci_high=g["ci_high"], kind="gold")
             for g in ep_gold]
    for grp in groups:
        for row in grp["rows"]:
            r = row["ev"]
            lines.append(ForestLine(
                label=f"{grp['label']} · {short_source(r['source'])}",
                detail=_where(r), title=r["section"],
                hr=r["hr"], ci_low=r["ci_low"], ci_high=r["ci_high"], kind="evidence",
                agree=row["cmp"].get("hr", ""), group=grp["label"]))
    return {"endpoint": ep, "gold": ep_gold, "groups": groups,
            "forest": layout(ep, lines), "anchor": anchor("ep", trial + "\x00" + ep)}


def trial_views(rd: ReportData) -> list[dict[str, Any]]:
    flags_by_trial = _group(records(rd.flags), "trial")
    ev_by_trial = _group(records(rd.evidence), "trial")
    gold_by_trial = _group(records(rd.gold), "trial")
    timings_by_trial = _group(records(rd.timings), "trial")
    out = []
    for trial in trials_of(rd):
        ev = ev_by_trial.get(trial, [])
        gold = gold_by_trial.get(trial, [])
        ev_by_ep = _group(ev, "endpoint")
        gold_by_ep = _group(gold, "endpoint")
        endpoints = sorted(set(ev_by_ep) | set(gold_by_ep), key=_endpoint_order)
        arms: dict[tuple[str, str], set[str]] = {}
        for r in ev:
            if r["arm_exp"] or r["arm_ctrl"]:
                arms.setdefault((r["arm_exp"], r["arm_ctrl"]), set()).add(short_source(r["source"]))
        gold_arms = list(dict.fromkeys((g["arm_exp"], g["arm_ctrl"]) for g in gold
                                       if g["arm_exp"] or g["arm_ctrl"]))
        tflags = flags_by_trial.get(trial, [])
        timings = timings_by_trial.get(trial, [])
        for t in timings:
            t["quote_h"] = _highlight_timing(t)
        out.append({
            "trial": trial,
            "anchor": anchor("trial", trial),
            "in_gold": len(gold) > 0,
            "endpoints": [endpoint_view(trial, ep, ev_by_ep.get(ep, []), gold_by_ep.get(ep, []))
                          for ep in endpoints],
            "arms": [{"exp": k[0], "ctrl": k[1], "sources": sorted(v)} for k, v in arms.items()],
            "gold_arms": gold_arms,
            "timings": timings,
            "n_records": len(ev),
            "n_docs": len({r["doc_id"] for r in ev}),
            "n_flags": len(tflags),
            "flags": sorted(tflags, key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9),
                                                   _code_rank(f["code"]), f["endpoint"])),
            "n_flag_errors": sum(f["severity"] == "error" for f in tflags),
        })
    return out


# ---------------------------------------------------------------------------------------
# per document


def document_views(rd: ReportData) -> list[dict[str, Any]]:
    docs = records(rd.documents)
    known = {d["doc_id"] for d in docs}
    # documents only seen in evidence (no documents table) still get a section
    for doc_id, source in dict.fromkeys(zip(rd.evidence["doc_id"], rd.evidence["source"])):
        if doc_id and doc_id not in known:
            docs.append({"doc_id": doc_id, "source": source, "status": "ok", "error": "",
                         "pages": "", "n_evidence": "", "n_timings": ""})
            known.add(doc_id)
    ev_by_doc = _group(records(rd.evidence), "doc_id")
    for r in (r for rows in ev_by_doc.values() for r in rows):
        r["quote_h"] = _highlight_record(r)
    tim_by_doc = _group(records(rd.timings), "doc_id")
    for t in (t for rows in tim_by_doc.values() for t in rows):
        t["quote_h"] = _highlight_timing(t)
    out = []
    for d in docs:
        # (a document listed twice, under two sources, shows the same rows twice)
        ev = ev_by_doc.get(d["doc_id"], [])
        tim = tim_by_doc.get(d["doc_id"], [])
        failed = d["status"] == "error" or bool(d["error"] and d["status"] != "ok")
        out.append({"d": d, "anchor": anchor("doc", d["doc_id"] or d["source"]),
                    "name": short_source(d["source"]) or d["doc_id"][:12],
                    "evidence": ev, "timings": tim, "failed": failed})
    out.sort(key=lambda v: (not v["failed"], v["name"].casefold()))
    return out
