"""Mentions that disagree: INTERNAL_CONFLICT (one document) and CROSS_DOC_CONFLICT (two).

Two records report the same result when they have the same trial and endpoint and the same
comparison (same_comparison: analysis when both state one, assessment, arms). Their figures
disagree when some figure both state differs beyond printed precision. Two mentions that each
agree with a *different* analysis in the gold (interim vs final) quote two analyses, not one
analysis twice: no conflict (UPDATED_ANALYSIS notes say which is which). Two documents whose
figures disagree only because one of them disagrees with itself (the same review as text and
as PDF, both with the table-vs-text conflict) get INTERNAL_CONFLICT flags, not a cross-document
one.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from extract.compare import timings_equal
from extract.reconcile.base import Context, Flag
from extract.reconcile.gold_checks import match_gold
from extract.reconcile.records import (
    Record, compare_figures, differences, figures, figures_match, place, same_comparison,
)


def _groups(records: list[Record]) -> dict[tuple[str, str], list[Record]]:
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records:
        if r.get("trial") and r.get("endpoint"):
            groups[(r["trial"], r["endpoint"])].append(r)
    return groups


def _quote_different_analyses(ctx: Context, a: Record, b: Record) -> bool:
    agree_a, _ = match_gold(ctx, a)
    agree_b, _ = match_gold(ctx, b)
    analyses_a = {g["analysis"] for g in agree_a}
    analyses_b = {g["analysis"] for g in agree_b}
    return bool(analyses_a and analyses_b and not analyses_a & analyses_b)


def _echoed_in_doc(record: Record, doc_id: str, group: list[Record]) -> bool:
    """Does document `doc_id` itself have a mention of the same result agreeing with
    `record`? Then a disagreement with another of its mentions is internal to it."""
    return any(r.get("doc_id", "") == doc_id and same_comparison(r, record)
               and figures_match(r, record) for r in group)


def _conflicting_pairs(ctx: Context, same_doc: bool):
    for (trial, endpoint), group in _groups(ctx.records).items():
        for a, b in combinations(group, 2):
            doc_a, doc_b = a.get("doc_id", ""), b.get("doc_id", "")
            if (doc_a == doc_b) != same_doc:
                continue
            if not same_comparison(a, b):
                continue
            _, differ = compare_figures(a, b)
            if not differ or _quote_different_analyses(ctx, a, b):
                continue
            if not same_doc and (_echoed_in_doc(a, doc_b, group) or _echoed_in_doc(b, doc_a, group)):
                continue  # INTERNAL_CONFLICT of that document says it
            yield trial, endpoint, a, b, differ


def check_internal_conflict(ctx: Context) -> list[Flag]:
    """INTERNAL_CONFLICT (error): two mentions in one document disagree (table vs text),
    for outcomes and for timings."""
    flags = [
        Flag("INTERNAL_CONFLICT", trial, endpoint,
             f"{place(a)} gives {figures(a)}; {place(b)} gives {figures(b)} "
             f"(differs: {differences(differ)}).", evidence=a, other=b)
        for trial, endpoint, a, b, differ in _conflicting_pairs(ctx, same_doc=True)
    ]
    return flags + check_timing_conflict(ctx)


def check_cross_doc_conflict(ctx: Context) -> list[Flag]:
    """CROSS_DOC_CONFLICT (warning): two documents give different figures for one result."""
    return [
        Flag("CROSS_DOC_CONFLICT", trial, endpoint,
             f"{place(a, with_source=True)} gives {figures(a)}; {place(b, with_source=True)} gives "
             f"{figures(b)} (differs: {differences(differ)}).", evidence=a, other=b)
        for trial, endpoint, a, b, differ in _conflicting_pairs(ctx, same_doc=False)
    ]


def describe_timing(t: Record) -> str:
    low, high, unit = t.get("low", ""), t.get("high", ""), t.get("unit", "")
    if low and high:
        span = f"{low} {unit}" if low == high else f"{low}-{high} {unit}"
    elif low:
        span = f"at least {low} {unit}"
    elif high:
        span = f"within {high} {unit}"
    else:
        span = "(no interval)"
    relation = "" if t.get("relation") == "within" else f" {t.get('relation', '')}"
    return f"{t.get('regimen', '')} {span}{relation} {t.get('anchor', '')}".strip()


def check_timing_conflict(ctx: Context) -> list[Flag]:
    """Timings of one regimen relative to one anchor, stated twice in a document, that
    disagree as intervals ("1 week" agrees with "at least 7 days")."""
    flags: list[Flag] = []
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for t in ctx.timing_records:
        if t.get("trial") and t.get("regimen"):
            relation = "after" if t.get("relation") == "within" else t.get("relation", "")
            groups[(t.get("doc_id", ""), t["trial"], t["regimen"], relation, t.get("anchor", ""))].append(t)
    for (_, trial, regimen, _, anchor), group in groups.items():
        for a, b in combinations(group, 2):
            try:
                same = timings_equal((a.get("low"), a.get("high"), a.get("unit")),
                                     (b.get("low"), b.get("high"), b.get("unit")))
            except ValueError:
                continue
            if same:
                continue
            flags.append(Flag("INTERNAL_CONFLICT", trial, f"timing: {regimen} / {anchor}",
                              f"{place(a)} says {describe_timing(a)}; {place(b)} says "
                              f"{describe_timing(b)}.", evidence=a, other=b,
                              extra=tuple(a.get(k, "") for k in ("low", "high", "unit"))
                              + tuple(b.get(k, "") for k in ("low", "high", "unit"))))
    return flags
