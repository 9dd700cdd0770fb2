"""HR_CI_INCONSISTENT, P_INCONSISTENT, DIRECTION_MISMATCH (extract.reconcile.statistics)."""

import pytest

from extract.reconcile import check_direction, check_hr_ci, check_p_value
from extract.reconcile.statistics import recomputed_z_range

from .helpers import codes, context, make_gold, rec

GOLD = make_gold()


def run(check, **kw):
    return check(context([rec(trial="ALPHA", endpoint="OS", **kw)], GOLD))


@pytest.mark.parametrize("hr, lo, hi, level", [
    ("0.69", "0.55", "0.87", ""),        # SHARP
    ("0.76", "0.579", "0.987", "95"),    # HEPATORCH, three decimals in the CI
    ("0.78", "0.65", "0.92", "96.02"),   # HIMALAYA
    ("0.831", "0.699", "0.988", "95"),   # ZGDH3
    ("0.34", "0.24", "0.50", "95"),      # CAP-ACE
    ("0.85", "0.71", "1.02", "95.003"),  # RATIONALE-301
])
def test_consistent_hr_and_ci(hr, lo, hi, level):
    assert run(check_hr_ci, hr=hr, ci_low=lo, ci_high=hi, ci_level=level) == []


@pytest.mark.parametrize("hr, lo, hi, why", [
    ("0.95", "0.55", "0.87", "outside its CI"),
    ("0.40", "0.44", "0.81", "outside its CI"),
    ("0.76", "0.44", "0.81", "geometric mean"),   # SCT-I10A-C301's CI with HEPATORCH's HR
    ("0.60", "0.81", "0.44", "lower bound is not below"),
])
def test_inconsistent_hr_and_ci(hr, lo, hi, why):
    flags = run(check_hr_ci, hr=hr, ci_low=lo, ci_high=hi)
    assert codes(flags) == ["HR_CI_INCONSISTENT"]
    assert flags[0].severity == "error" and why in flags[0].message


@pytest.mark.parametrize("kw", [
    dict(hr="0.76"),                              # no CI
    dict(hr="0.76", ci_low="0.44"),                # half a CI
    dict(hr="NE", ci_low="0.44", ci_high="0.81"),
])
def test_hr_ci_needs_all_three(kw):
    assert run(check_hr_ci, **kw) == []


@pytest.mark.parametrize("hr, lo, hi, p", [
    ("0.71", "0.55", "0.92", "0.009"),      # TALENTACE
    ("0.60", "0.44", "0.81", "0.0008"),     # SCT-I10A-C301
    ("0.69", "0.55", "0.87", "<0.001"),     # SHARP: only at the rounding corners
    ("0.80", "0.57", "1.11", "0.087"),      # LEAP-012 OS: one-sided
    ("0.87", "0.57", "1.32", ">0.05"),
    ("0.831", "0.699", "0.988", "0.0245"),  # ZGDH3: stratified log-rank vs Wald, within the slack
    ("0.96", "0.80", "1.15", "0.65"),
])
def test_consistent_p(hr, lo, hi, p):
    assert run(check_p_value, hr=hr, ci_low=lo, ci_high=hi, p_value=p) == []


@pytest.mark.parametrize("hr, lo, hi, p, quote", [
    ("0.71", "0.55", "0.92", "0.09", ""),
    ("0.71", "0.55", "0.92", "<0.001", ""),
    ("0.87", "0.57", "1.32", "0.009", ""),          # significant p for a CI across 1
    ("0.87", "0.57", "1.32", "0.52", "one-sided p = 0.52"),   # fine two-sided, not one-sided
    ("0.80", "0.57", "1.11", "0.087", "two-sided p = 0.087"),
])
def test_inconsistent_p(hr, lo, hi, p, quote):
    flags = run(check_p_value, hr=hr, ci_low=lo, ci_high=hi, p_value=p, quote=quote)
    assert codes(flags) == ["P_INCONSISTENT"]
    assert flags[0].severity == "warning"


def test_hr_at_its_ci_bound_is_far_from_the_geometric_mean():
    flags = run(check_hr_ci, hr="0.55", ci_low="0.55", ci_high="0.87")
    assert codes(flags) == ["HR_CI_INCONSISTENT"] and "geometric mean" in flags[0].message


def test_unstated_sidedness_accepts_either_reading():
    assert run(check_p_value, hr="0.87", ci_low="0.57", ci_high="1.32", p_value="0.52") == []
    assert run(check_p_value, hr="0.80", ci_low="0.57", ci_high="1.11", p_value="0.087") == []


def test_p_check_needs_a_ci():
    assert run(check_p_value, hr="0.71", p_value="0.9") == []


def test_recomputed_z_covers_the_rounding_box():
    lo, hi = recomputed_z_range(rec(hr="0.71", ci_low="0.55", ci_high="0.92"))
    assert lo < 2.61 < hi


@pytest.mark.parametrize("kw, flagged", [
    (dict(value_exp="9.1", value_ctrl="9.2", hr="0.87"), True),
    (dict(value_exp="34.53", value_ctrl="35.38", hr="0.96"), True),
    (dict(value_exp="5.0", value_ctrl="6.0", hr="1.0"), False),            # HR 1.0 favours none
    (dict(value_exp="2.1", value_ctrl="3.4", hr="1.11"), False),           # consistent
    (dict(value_exp="3.8", value_ctrl="4.1", hr="0.90", ci_low="0.77", ci_high="1.05"), False),  # CI spans 1
    (dict(value_exp="3.8", value_ctrl="4.1", hr="0.80", ci_low="0.70", ci_high="0.92"), True),
    (dict(value_exp="NR", value_ctrl="10.4", hr="1.2"), True),
    (dict(value_exp="NR", value_ctrl="10.4", hr="0.57"), False),
    (dict(value_exp="7.0", value_ctrl="7.03", hr="1.3"), False),           # equal medians
    (dict(value_exp="40", value_ctrl="30", unit="%", measure="rate", hr="1.3"), False),  # ORR-like rate
    (dict(value_exp="69", value_ctrl="75", unit="%", measure="24-month rate", hr="0.80"), True),
])
def test_direction(kw, flagged):
    flags = run(check_direction, **kw)
    assert codes(flags) == (["DIRECTION_MISMATCH"] if flagged else [])


@pytest.mark.parametrize("measure, est, lo, hi, p, flagged", [
    ("mean difference", "-6.0", "-10.8", "-1.2", "0.015", False),
    ("mean difference", "535", "133", "936", "0.005", False),
    ("mean difference", "0.30", "-0.03", "0.63", "0.09", False),
    ("mean difference", "-6.0", "-10.8", "-1.2", "0.45", True),      # the CI excludes 0, p far from it
    ("mean difference", "0.30", "-0.03", "0.63", "<0.001", True),    # a CI across 0 with p < 0.001
    ("risk difference", "8.0", "2.1", "13.9", "0.008", False),
    ("relative difference", "-15", "-23.6", "-4.4", "0.008", False),  # on the log scale of 0.85
    ("relative difference", "-15", "-23.6", "-4.4", "0.6", True),
    ("ratio of means", "0.81", "0.70", "0.94", "0.005", False),
    ("ratio of means", "0.81", "0.70", "0.94", "0.5", True),
])
def test_p_of_a_between_group_difference(measure, est, lo, hi, p, flagged):
    flags = run(check_p_value, measure=measure, value_exp=est, ci_low=lo, ci_high=hi, p_value=p)
    assert codes(flags) == (["P_INCONSISTENT"] if flagged else [])
    if flagged:
        assert "the estimate and CI" in flags[0].message
