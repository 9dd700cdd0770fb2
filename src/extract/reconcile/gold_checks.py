"""Evidence against the gold table: GOLD_MISMATCH, UPDATED_ANALYSIS, NOT_IN_GOLD.

Matching a record to gold rows:
1. gold rows of the record's trial and endpoint (a "PFS" stated without response criteria
   falls back to the trial's TACE-specific PFS when the gold has no plain PFS row);
2. with compatible assessment (criteria, independent vs investigator review) and, when that
   leaves any, compatible arms (EMERALD-1 has two experimental arms against one control);
3. the figures both sides state are compared (compare_figures).
A record whose figures all agree with some row is fine; if that row is of another analysis
than the record states, or the gold also has other analyses with other figures, it gets an
UPDATED_ANALYSIS note. A record that agrees with no row gets GOLD_MISMATCH against the closest
row (the stated analysis first, then the fewest differing figures).
"""

from __future__ import annotations

from extract.reconcile.base import Context, Flag
from extract.reconcile.names import suggest_name
from extract.reconcile.records import (
    ENDPOINT_FALLBACK, Record, analyses_agree, arms_compatible, assessments_compatible,
    compare_figures, criteria, differences, figures, place, stated_analysis,
)


def candidate_rows(ctx: Context, record: Record) -> list[Record]:
    """Gold rows that report the same result as `record` (any analysis)."""
    trial_rows = ctx.gold_for(record.get("trial", ""))
    endpoint = record.get("endpoint", "")
    rows = [g for g in trial_rows if g["endpoint"] == endpoint]
    if not rows and not criteria(record):  # "RECIST 1.1 PFS" is never the TACE-specific one
        for alt in ENDPOINT_FALLBACK.get(endpoint, ()):
            rows = [g for g in trial_rows if g["endpoint"] == alt]
            if rows:
                break
    rows = [g for g in rows if assessments_compatible(record, g)]
    by_arms = [g for g in rows if arms_compatible(record, g)]
    return by_arms or rows


def _analysis_label(row: Record) -> str:
    return f"{row['analysis']} analysis ({row['publication']})"


def match_gold(ctx: Context, record: Record) -> tuple[list[Record], list[tuple[Record, list, list]]]:
    """(rows whose figures all agree, [(row, equal, differ)] for every comparable row)."""
    compared = []
    for g in candidate_rows(ctx, record):
        equal, differ = compare_figures(record, g)
        if equal or differ:
            compared.append((g, equal, differ))
    agreeing = [g for g, _, differ in compared if not differ]
    return agreeing, compared


def _same_analysis(stated: str, row: Record, compared: list[tuple[Record, list, list]]) -> bool:
    """Does the analysis a record states match the gold row's? A trial's primary analysis is
    often an interim one (event-driven), so "interim" matches a `primary` row when the gold
    has no `interim` row for the result."""
    if analyses_agree(stated, row["analysis"]):
        return True
    return (stated == "interim" and row["analysis"] == "primary"
            and not any(g["analysis"] == "interim" for g, _, _ in compared))


def check_gold_mismatch(ctx: Context) -> list[Flag]:
    """GOLD_MISMATCH (error) and UPDATED_ANALYSIS (info)."""
    flags: list[Flag] = []
    for r in ctx.records:
        if not r.get("trial") or not r.get("endpoint"):
            continue
        agreeing, compared = match_gold(ctx, r)
        if not compared:
            continue
        stated = stated_analysis(r)
        trial, endpoint = r["trial"], r["endpoint"]
        if stated == "sensitivity" and not any(g["analysis"] == "sensitivity" for g, _, _ in compared):
            continue  # a sensitivity analysis is none of the gold's analyses: nothing to compare
        if agreeing:
            if stated and not any(_same_analysis(stated, g, compared) for g in agreeing):
                g = agreeing[0]
                flags.append(Flag("UPDATED_ANALYSIS", trial, endpoint,
                                  f"{place(r)} reports {figures(r)} as the {stated} analysis; "
                                  f"these are the figures of the {_analysis_label(g)}.",
                                  evidence=r, gold=g))
            elif not stated:
                matched = {g["analysis"] for g in agreeing}
                others = [g for g, _, differ in compared if differ and g["analysis"] not in matched]
                if others:
                    g = agreeing[0]
                    also = "; ".join(sorted({_analysis_label(o) for o in others}))
                    flags.append(Flag("UPDATED_ANALYSIS", trial, endpoint,
                                      f"{place(r)} gives {figures(r)}: the figures of the "
                                      f"{_analysis_label(g)}. The gold also has the {also}.",
                                      evidence=r, gold=g))
            continue
        best, equal, differ = min(
            compared, key=lambda c: (not _same_analysis(stated, c[0], compared), len(c[2]), -len(c[1])))
        flags.append(Flag("GOLD_MISMATCH", trial, endpoint,
                          f"{place(r)} gives {figures(r)}; the gold ({_analysis_label(best)}) has "
                          f"{figures(best)}. Differs: {differences(differ)}.",
                          evidence=r, gold=best))
    return flags


def check_not_in_gold(ctx: Context) -> list[Flag]:
    """NOT_IN_GOLD (info): a trial, or an endpoint of a known trial, the gold lacks; one flag
    per document. Names that look like a misspelt known name are left to NAME_ANOMALY."""
    flags: list[Flag] = []
    seen: set[tuple[str, str, str]] = set()
    known = set(ctx.gold.trials["trial"])
    for r in ctx.records:
        trial, endpoint, doc = r.get("trial", ""), r.get("endpoint", ""), r.get("doc_id", "")
        if not trial:
            continue
        if trial not in known:
            if (doc, trial, "") in seen or suggest_name(trial, ctx.gold) is not None:
                continue
            seen.add((doc, trial, ""))
            flags.append(Flag("NOT_IN_GOLD", trial, "",
                              f"{trial} ({place(r, with_source=True)}) is not in the gold table: "
                              f"a candidate for curation.", evidence=r, extra=("trial",), id_uses_values=False))
            continue
        if not endpoint or (doc, trial, endpoint) in seen:
            continue
        if not candidate_rows(ctx, r):
            seen.add((doc, trial, endpoint))
            qual = f" ({r['assessment']})" if r.get("assessment") else ""
            flags.append(Flag("NOT_IN_GOLD", trial, endpoint,
                              f"The gold has no {endpoint}{qual} row for {trial}; "
                              f"{place(r, with_source=True)} gives {figures(r)}.",
                              evidence=r, extra=("endpoint",), id_uses_values=False))
    return flags
