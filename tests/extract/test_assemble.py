"""Assembly of one sentence's results: p-values across words and bracketed counts, percentages
of death beside their HR, lists of three arms' values."""

import pytest

from extract.assemble import parse_results


def _rows(text):
    return [(r.endpoint, r.measure, r.value_exp, r.value_ctrl, r.unit,
             r.hazard.hr if r.hazard else "", r.p_value) for r in parse_results(text)]


@pytest.mark.parametrize("text, rows", [
    ("Objective response was higher (67.6% [50 of 74] vs 47.3% [35 of 74]; P = .01).",
     [("ORR", "rate", "67.6", "47.3", "%", "", ".01")]),
    ("Median OS was 12.0 months in the A group vs 24.6 months in the B group (P = .08).",
     [("OS", "median", "12.0", "24.6", "months", "", ".08")]),
    ("ORR was 61.3% vs 40.1% and DCR 88.7% vs 71.8% (both p<0.01).",
     [("ORR", "rate", "61.3", "40.1", "%", "", "<0.01"), ("DCR", "rate", "88.7", "71.8", "%", "", "<0.01")]),
    ("ORR was 55.0% vs 31.2%, DCR 80.1% vs 62.4% and complete response rate 9.0% vs 2.1% (all P<0.05).",
     [("ORR", "rate", "55.0", "31.2", "%", "", "<0.05"), ("DCR", "rate", "80.1", "62.4", "%", "", "<0.05"),
      ("CR", "rate", "9.0", "2.1", "%", "", "<0.05")]),
])
def test_p_value_after_words_and_counts(text, rows):
    assert _rows(text) == rows


@pytest.mark.parametrize("text", [
    # "both" needs two results before it; one stays without
    "ORR was 61.3% vs 40.1% (both p<0.01).",
    # a p-value beyond another clause is not the values'
    "ORR was 61.3% vs 40.1%, and the difference held after adjustment for age and sex (P = .02).",
])
def test_p_value_not_carried_too_far(text):
    assert [r[-1] for r in _rows(text)] == [""]


@pytest.mark.parametrize("text, row", [
    ("There was no significant difference in all-cause mortality (2.8% vs 3.1%; hazard ratio, 0.90 "
     "[95% CI, 0.60 to 1.35]).", ("OS", "rate", "2.8", "3.1", "%", "0.90", "")),
    ("Death from any cause occurred in 9.2% of the patients in the relaxin group and in 10.4% of those in the "
     "placebo group (hazard ratio, 0.88; 95% CI, 0.75 to 1.03).", ("OS", "rate", "9.2", "10.4", "%", "0.88", "")),
])
def test_death_percentages_beside_their_hr(text, row):
    assert _rows(text) == [row]


@pytest.mark.parametrize("text", [
    # shares of deaths, not the arms' rates; no HR right after them
    "Death occurred in 9.6% vs 11.5% of patients; the HR for OS was 0.84 (95% CI 0.70-1.01) in the update.",
    "Of the deaths, 38.6% vs 41.2% were due to progression (hazard ratio for death, 0.91).",
])
def test_death_percentages_without_their_hr_are_no_rate(text):
    assert all(r[1] != "rate" for r in _rows(text))


@pytest.mark.parametrize("text", [
    "Median overall survival was 27.1 months in arm A, 22.4 months in arm B and 16.8 months in arm C.",
    "Median progression-free survival was 12.4, 8.9 and 7.0 months, respectively.",
    "Grade 3 or higher adverse events occurred in 52%, 41% and 30% of patients.",
])
def test_three_arms_values_make_no_pair_of_the_last_two(text):
    assert parse_results(text) == []


def test_landmark_series_of_three_is_kept():
    rows = _rows("The 1-, 2- and 3-year OS rates were 88.2%, 60.1% and 40.3%.")
    assert [r[1] for r in rows] == ["12-month rate", "24-month rate", "36-month rate"]


def test_two_arms_values_after_a_comma_stay_a_pair():
    assert _rows("In the final analysis, median OS was 19.2 vs 15.4 months.") == [
        ("OS", "median", "19.2", "15.4", "months", "", "")]


@pytest.mark.parametrize("text, row", [
    ("The primary efficacy endpoint was met in 68.4% and 60.2% of patients in the study-device and control arms, "
     "respectively (P=0.003 for non-inferiority).", ("primary endpoint", "rate", "68.4", "60.2", "%", "", "0.003")),
    ("Hospitalization for heart failure occurred in 7.5% vs 9.4% (P=0.02).",
     ("hospitalization for heart failure", "rate", "7.5", "9.4", "%", "", "0.02")),
    ("Primary safety events occurred in four (1.9%) patients in the study arm and in three (1.4%) patients in the "
     "control arm (difference: 0.5%; 90% CI: -2.1% to 3.1%; P < 0.001 for non-inferiority).",
     ("primary safety events", "rate", "1.9", "1.4", "%", "", "")),
])
def test_free_endpoint_rates_of_the_arms(text, row):
    assert _rows(text) == [row]


@pytest.mark.parametrize("text", [
    # baseline and exposure shares
    "Participants taking a statin at baseline were more often on insulin (51% vs 44%; P=0.03).",
    # no between-arm p
    "The primary outcome occurred in 16.3% of the patients in the A group and 21.2% of those in the B group.",
    "Stroke was reported in 2.1% and 1.9% of patients.",
    # a subgroup's
    "Among those with diabetes at baseline, the primary outcome occurred in 12.0% vs 15.1% (P=0.03).",
    # a design assumption
    "We assumed the primary outcome would occur in 20% vs 14% of patients, giving 80% power at P=0.05.",
])
def test_free_endpoint_rates_need_a_declared_result(text):
    assert parse_results(text) == []


def test_group_named_first_by_an_unknown_word_is_the_experimental_arm():
    from extract.arms import find_arms

    text = "Major bleeding occurred in 3.1% of the kaltoban group and 2.6% of the warfarin group."
    arms = find_arms(text)
    assert (arms.exp, arms.ctrl) == ("", "warfarin")
    assert find_arms("OS was 14.2 months in the warfarin group and 11.0 months in the other group.").exp == "warfarin"


@pytest.mark.parametrize("text, exp, ctrl", [
    # the experimental arm's group printed second, each value with its bracketed CI before the group
    ("The ORR was 18.9% (95% CI 12.1-26.0) in the TACE group and 35.3% (27.4-43.0) in the treatment group (P=0.01).",
     "35.3", "18.9"),
    ("Median OS was 11.2 months (95% CI 9.0-13.1) in the control group and 16.0 months (13.5-18.2) in the "
     "observation group.", "16.0", "11.2"),
    # printed in the usual order: kept
    ("Median OS was 25.3 months (95% CI 22.1-not reached) in the combination group versus 18.9 months (16.4-21.7) "
     "in the cTACE group.", "25.3", "18.9"),
    # a "respectively" list names both arms after the second value: no swap
    ("The primary efficacy endpoint was met in 70.0% and 61.0% of patients in the study-device and control arms, "
     "respectively (P=0.01).", "70.0", "61.0"),
])
def test_values_follow_the_roles_of_their_groups(text, exp, ctrl):
    r = parse_results(text)[0]
    assert (r.value_exp, r.value_ctrl) == (exp, ctrl)
