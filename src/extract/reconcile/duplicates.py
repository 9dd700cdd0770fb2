"""DUPLICATED_VALUES: a table row that repeats a neighbouring row's figures.

Rule: two table records of one document and one table (`section` holds the table label),
for the same endpoint and kind of measure, from *adjacent rows* of *different trials*, that
print at least two identical figures among (experimental value, control value, HR), with at
least two figures stated on each side. Two trials sharing a control arm (sorafenib) can share
a control median by chance; sharing that *and* the HR, or both medians, is the copy-paste
shape. Rows are ordered by where they start in the document; the rows of a table are its
trials in that order.

When the gold knows both trials, the flag is raised on the row whose figures disagree with
its gold row while the neighbour's agree (the likely copy); otherwise on the lower row.
"""

from __future__ import annotations

from collections import defaultdict

from extract.compare import parse_printed, special_value
from extract.reconcile.base import Context, Flag
from extract.reconcile.gold_checks import match_gold
from extract.reconcile.records import FIELD_LABELS, Record, figures, measure_kind, place

COMPARED = ("value_exp", "value_ctrl", "hr")
MIN_IDENTICAL = 2


def identical(a: str, b: str) -> bool:
    """The same printed figure: NE/NR by word, numbers by value ("20.0" == "20")."""
    if not a or not b:
        return False
    sa, sb = special_value(a), special_value(b)
    if sa or sb:
        return sa == sb
    pa, pb = parse_printed(a), parse_printed(b)
    return pa is not None and pb is not None and pa.op == pb.op and pa.value == pb.value


def _start(r: Record) -> float:
    try:
        return float(r.get("start", ""))
    except ValueError:
        return float("inf")


def _table_rows(records: list[Record]) -> list[list[Record]]:
    """Records of one table grouped by row (trial), rows in document order."""
    by_trial: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_trial[r["trial"]].append(r)
    return sorted(by_trial.values(), key=lambda rs: min(_start(r) for r in rs))


def _agrees_with_gold(ctx: Context, r: Record) -> bool | None:
    agreeing, compared = match_gold(ctx, r)
    if not compared:
        return None
    return bool(agreeing)


def check_duplicated_values(ctx: Context) -> list[Flag]:
    """DUPLICATED_VALUES (warning)."""
    tables: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in ctx.records:
        if r.get("location") == "table" and r.get("trial"):
            tables[(r.get("doc_id", ""), r.get("section", ""))].append(r)
    flags: list[Flag] = []
    for records in tables.values():
        rows = _table_rows(records)
        for upper, lower in zip(rows, rows[1:]):
            for a in upper:
                for b in lower:
                    flag = _compare_rows(ctx, a, b)
                    if flag:
                        flags.append(flag)
    return flags


def _compare_rows(ctx: Context, a: Record, b: Record) -> Flag | None:
    if a.get("endpoint") != b.get("endpoint") or measure_kind(a) != measure_kind(b):
        return None
    stated_a = [f for f in COMPARED if a.get(f)]
    stated_b = [f for f in COMPARED if b.get(f)]
    if len(stated_a) < MIN_IDENTICAL or len(stated_b) < MIN_IDENTICAL:
        return None
    same = [f for f in COMPARED if identical(a.get(f, ""), b.get(f, ""))]
    if len(same) < MIN_IDENTICAL:
        return None
    suspect, neighbour = b, a
    gold_a, gold_b = _agrees_with_gold(ctx, a), _agrees_with_gold(ctx, b)
    verdict = ""
    if gold_a is False and gold_b is True:
        suspect, neighbour = a, b
    if gold_a is not None and gold_b is not None and gold_a != gold_b:
        verdict = (f" {neighbour['trial']}'s figures agree with the gold; "
                   f"{suspect['trial']}'s do not.")
    shared = ", ".join(f"{FIELD_LABELS[f]} {a[f]}" for f in same)
    return Flag("DUPLICATED_VALUES", suspect["trial"], suspect.get("endpoint", ""),
                f"{place(suspect)}: the {suspect['trial']} row repeats figures of the neighbouring "
                f"{neighbour['trial']} row ({shared}): {figures(suspect)} vs {figures(neighbour)}."
                f"{verdict}", evidence=suspect, other=neighbour)
