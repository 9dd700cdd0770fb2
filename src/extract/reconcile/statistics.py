"""Checks of a record against itself: HR_CI_INCONSISTENT, P_INCONSISTENT, DIRECTION_MISMATCH.

statcheck-style, on the log scale. A Wald CI for a hazard ratio is symmetric around ln HR:
ln HR = (ln lower + ln upper) / 2, SE = (ln upper - ln lower) / (2 z), z the normal quantile of
the CI level, and the two-sided p = 2 (1 - Phi(|ln HR| / SE)). Every printed figure stands
for an interval (half a unit of its last digit either way), so each quantity is recomputed at
the corners of that box and the reported figure is inconsistent only when it lies outside the
whole range.
"""

from __future__ import annotations

import math
import re
from itertools import product
from statistics import NormalDist

from extract.compare import p_interval, parse_printed, special_value, values_equal
from extract.reconcile.base import Context, Flag
from extract.reconcile.records import Record, figures, measure_kind, place

_NORMAL = NormalDist()
# Slack on the log scale for "near the CI's geometric mean", beyond rounding: 1% (CIs from
# stratified or profile-likelihood methods are not exactly symmetric).
LOG_SLACK = 0.01
_ONE_SIDED = re.compile(r"one[- ]sided|one[- ]tailed|1[- ]sided", re.I)
_TWO_SIDED = re.compile(r"two[- ]sided|two[- ]tailed|2[- ]sided", re.I)
# Slack on the z scale between the reported p and the Wald p recomputed from HR and CI:
# trials report stratified log-rank or Cox score p-values, which differ from the Wald p by
# up to ~0.2 in z (ZGDH3: p = 0.0245 reported, Wald 0.036). A gross error (a p of 0.009 for a
# CI that crosses 1) is far beyond it.
Z_SLACK = 0.2
_TIME_TO_EVENT_UNITS = ("months", "weeks", "days", "")


def _bounds(text: str) -> tuple[float, float] | None:
    p = parse_printed(text)
    if p is None or p.op != "=" or p.value <= 0:
        return None
    return max(p.low, 1e-12), p.high


def _ratio_boxes(r: Record):
    hr, lo, hi = (_bounds(r.get(k, "")) for k in ("hr", "ci_low", "ci_high"))
    if hr is None or lo is None or hi is None:
        return None
    return hr, lo, hi


def z_for_level(level: str) -> float:
    p = parse_printed(level or "95")
    value = p.value if p and 0 < p.value < 100 else 95.0
    return _NORMAL.inv_cdf(1 - (1 - value / 100) / 2)


# Differences between arms (extract.differences): on the natural scale, a mean or risk
# difference; a relative difference ("15% lower") and a ratio of means on the log scale of the
# ratio (1 + d/100 for a relative difference).
_LINEAR_DIFFERENCES = ("mean difference", "risk difference")


def _difference_z_range(r: Record) -> tuple[float, float] | None:
    """(lowest, highest) Wald z of a between-group difference, from its estimate and CI."""
    measure = r.get("measure", "")
    est, lo, hi = (parse_printed(r.get(k, "")) for k in ("value_exp", "ci_low", "ci_high"))
    if est is None or lo is None or hi is None or "=" != est.op or lo.op != "=" or hi.op != "=":
        return None
    if measure in _LINEAR_DIFFERENCES:
        scale = float
    elif measure in ("relative difference", "ratio of means"):
        shift = 100.0 if measure == "relative difference" else None

        def scale(x: float) -> float:
            ratio = 1 + x / shift if shift else x
            return math.log(ratio) if ratio > 0 else math.nan
    else:
        return None
    z_crit = z_for_level(r.get("ci_level", ""))
    zs = []
    for e, a, b in product((est.low, est.high), (lo.low, lo.high), (hi.low, hi.high)):
        e, a, b = scale(e), scale(a), scale(b)
        if any(math.isnan(x) for x in (e, a, b)) or b <= a:
            continue
        zs.append(abs(e) / ((b - a) / (2 * z_crit)))
    if not zs:
        return None
    null = 0.0 if measure in _LINEAR_DIFFERENCES or measure == "relative difference" else 1.0
    if est.low <= null <= est.high:
        zs.append(0.0)
    return min(zs), max(zs)


def recomputed_z_range(r: Record) -> tuple[float, float] | None:
    """(lowest, highest) Wald z = |ln HR| / SE consistent with the printed HR and CI (for a
    between-group difference: its estimate over its SE, see `_difference_z_range`)."""
    if not r.get("hr") and r.get("measure", "") in _LINEAR_DIFFERENCES + ("relative difference", "ratio of means"):
        return _difference_z_range(r)
    boxes = _ratio_boxes(r)
    if boxes is None:
        return None
    z_crit = z_for_level(r.get("ci_level", ""))
    zs = []
    for hr, lo, hi in product(*boxes):
        if hi <= lo:
            continue
        se = (math.log(hi) - math.log(lo)) / (2 * z_crit)
        zs.append(abs(math.log(hr)) / se)
    if not zs:
        return None
    if boxes[0][0] <= 1 <= boxes[0][1]:  # the HR could be exactly 1
        zs.append(0.0)
    return min(zs), max(zs)


def p_from_z(z: float, one_sided: bool) -> float:
    tail = 1 - _NORMAL.cdf(z)
    return tail if one_sided else 2 * tail


def z_from_p(p: float, one_sided: bool) -> float:
    tail = p if one_sided else p / 2
    if tail <= 0:
        return math.inf
    if tail >= 0.5:
        return 0.0
    return _NORMAL.inv_cdf(1 - tail)


def p_consistent_with_z(p_text: str, z_range: tuple[float, float], one_sided: bool) -> bool:
    """Does the printed p (with its operator and precision) meet the recomputed z range,
    allowing Z_SLACK for the test (stratified log-rank) differing from the Wald z?"""
    interval = p_interval(p_text)
    if interval is None:
        return True
    p_lo, p_hi = interval[0], interval[1]
    z_hi, z_lo = z_from_p(p_lo, one_sided), z_from_p(p_hi, one_sided)
    return z_lo - Z_SLACK <= z_range[1] and z_range[0] <= z_hi + Z_SLACK


def check_hr_ci(ctx: Context) -> list[Flag]:
    """HR_CI_INCONSISTENT (error): HR outside its CI, or not near its geometric mean."""
    flags: list[Flag] = []
    for r in ctx.records:
        boxes = _ratio_boxes(r)
        if boxes is None:
            continue
        (hr_lo, hr_hi), (lo_lo, lo_hi), (hi_lo, hi_hi) = boxes
        trial, endpoint = r.get("trial", ""), r.get("endpoint", "")
        if lo_lo >= hi_hi:
            why = "its CI's lower bound is not below the upper bound"
        elif hr_hi < lo_lo or hr_lo > hi_hi:
            why = "the HR lies outside its CI"
        else:
            gm_lo = (math.log(lo_lo) + math.log(hi_lo)) / 2
            gm_hi = (math.log(lo_hi) + math.log(hi_hi)) / 2
            gap = max(gm_lo - math.log(hr_hi), math.log(hr_lo) - gm_hi, 0.0)
            if gap <= LOG_SLACK:
                continue
            gm = math.sqrt(float(r["ci_low"]) * float(r["ci_high"]))
            why = (f"a CI symmetric on the log scale puts the HR at {gm:.3f} "
                   f"(the geometric mean of the bounds)")
        flags.append(Flag("HR_CI_INCONSISTENT", trial, endpoint,
                          f"{place(r)} gives {figures(r)}: {why}.", evidence=r))
    return flags


def check_p_value(ctx: Context) -> list[Flag]:
    """P_INCONSISTENT (warning): p recomputed from HR and CI (or from a between-group
    difference and its CI) disagrees with the reported p.

    A reported p is read as two-sided, or one-sided (trials in this field often report
    one-sided stratified log-rank p-values), unless the quote says which."""
    flags: list[Flag] = []
    for r in ctx.records:
        if not r.get("p_value") or p_interval(r["p_value"]) is None:
            continue
        z_range = recomputed_z_range(r)
        if z_range is None:
            continue
        quote = r.get("quote", "")
        sidedness = [True] if _ONE_SIDED.search(quote) else [False] if _TWO_SIDED.search(quote) \
            else [False, True]
        if any(p_consistent_with_z(r["p_value"], z_range, one) for one in sidedness):
            continue
        two = (p_from_z(z_range[1], False), p_from_z(z_range[0], False))
        reported_significant = p_interval(r["p_value"])[1] <= 0.05
        note = (" The recomputed p is on the other side of 0.05."
                if (two[1] < 0.05) != reported_significant else "")
        flags.append(Flag("P_INCONSISTENT", r.get("trial", ""), r.get("endpoint", ""),
                          f"{place(r)} gives {figures(r)}; the {'HR' if r.get('hr') else 'estimate'} and CI give a "
                          f"two-sided p between "
                          f"{two[0]:.2g} and {two[1]:.2g} (one-sided: half that).{note}", evidence=r))
    return flags


def _favours_by_values(r: Record) -> str:
    a, b = r.get("value_exp", ""), r.get("value_ctrl", "")
    if not a or not b or values_equal(a, b, r.get("unit", ""), r.get("unit", "")):
        return ""
    sa, sb = special_value(a), special_value(b)
    if sa and sb:
        return ""
    va = math.inf if sa else (parse_printed(a).value if parse_printed(a) else None)
    vb = math.inf if sb else (parse_printed(b).value if parse_printed(b) else None)
    if va is None or vb is None:
        return ""
    return "experimental" if va > vb else "control"


def check_direction(ctx: Context) -> list[Flag]:
    """DIRECTION_MISMATCH (warning): the HR favours one arm, the medians (or landmark
    survival rates) the other. Can be real (crossing curves); a person decides. With a CI,
    the HR favours an arm only when the CI excludes 1."""
    flags: list[Flag] = []
    for r in ctx.records:
        kind = measure_kind(r)
        if not (kind == "median" and r.get("unit", "") in _TIME_TO_EVENT_UNITS
                or kind.endswith("-month rate")):
            continue
        hr = parse_printed(r.get("hr", ""))
        if hr is None or hr.op != "=":
            continue
        lo, hi = parse_printed(r.get("ci_low", "")), parse_printed(r.get("ci_high", ""))
        upper = hi.value if hi else hr.high  # with a CI, the HR favours an arm only when
        lower = lo.value if lo else hr.low   # the CI excludes 1
        if upper < 1:
            by_hr = "experimental"
        elif lower > 1:
            by_hr = "control"
        else:
            continue
        by_values = _favours_by_values(r)
        if not by_values or by_values == by_hr:
            continue
        what = "medians" if kind == "median" else "rates"
        flags.append(Flag("DIRECTION_MISMATCH", r.get("trial", ""), r.get("endpoint", ""),
                          f"{place(r)} gives {figures(r)}: the HR favours the {by_hr} arm, the "
                          f"{what} the {by_values} arm (possible with crossing curves; check).",
                          evidence=r))
    return flags
