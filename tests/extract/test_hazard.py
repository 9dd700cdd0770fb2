import pytest

from extract.hazard import find_derived, find_hazards, find_p_values, next_char


@pytest.mark.parametrize("text, hr, low, high, level, p", [
    ("HR = 0.66", "0.66", "", "", "", ""),
    ("HR 0.66 (95% CI 0.52-0.84)", "0.66", "0.52", "0.84", "95", ""),
    ("hazard ratio 0.58, 95% CI 0.45 to 0.74", "0.58", "0.45", "0.74", "95", ""),
    ("hazard ratio [HR], 0.58; 95% CI, 0.42–0.79; P<0.001", "0.58", "0.42", "0.79", "95", "<0.001"),
    ("stratified HR 0.71 [0.56, 0.90]", "0.71", "0.56", "0.90", "95", ""),
    ("HR, 0.78; 96.02% CI, 0.65-0.93; P=.0035", "0.78", "0.65", "0.93", "96.02", ".0035"),
    ("HR 0.79 (95.003% CI 0.65-0.96)", "0.79", "0.65", "0.96", "95.003", ""),
    ("hazard ratio [HR] 0·58, 95% CI 0·42–0·79; p<0·001", "0.58", "0.42", "0.79", "95", "<0.001"),
    ("HR 0.62 (0.45 to 0.85), p = 0.003", "0.62", "0.45", "0.85", "95", "0.003"),
    ("HR 0.70; P ≥ 0.2", "0.70", "", "", "", "≥0.2"),
    ("HR 0.90; p-value 0.41", "0.90", "", "", "", "0.41"),
])
def test_hazard_forms(text, hr, low, high, level, p):
    (h,) = find_hazards(text)
    assert (h.hr, h.ci_low, h.ci_high, h.ci_level, h.p_value) == (hr, low, high, level, p)


def test_plural_hazard_ratios_are_not_one_hr():
    assert find_hazards("hazard ratios of 0.34 and 0.39 in the two subgroups") == []


@pytest.mark.parametrize("text, sided", [
    ("HR 0.75; one-sided P = 0.0026", "one-sided"),
    ("HR 0.75; P = 0.0052 (two-sided)", "two-sided"),
    ("HR 0.75; P = 0.0052", ""),
])
def test_sidedness_kept_when_stated(text, sided):
    assert find_hazards(text)[0].sided == sided


def test_endpoint_hint_from_hr_label():
    assert find_hazards("the hazard ratio for disease progression or death was 0.61")[0].endpoint_hint == "PFS"
    assert find_hazards("the hazard ratio for death was 0.61")[0].endpoint_hint == "OS"


@pytest.mark.parametrize("text, hr", [
    ("reduced the risk of death by 30%", "0.70"),
    ("a 40% reduction in the risk of progression", "0.60"),
    ("cut the risk of recurrence by 28%", "0.72"),
    ("a 33.5% reduction in the risk of death", "0.665"),
])
def test_derived_hr(text, hr):
    (h,) = find_derived(text)
    assert h.hr == hr and h.derived


def test_p_values_without_hr():
    assert [p for _, _, p in find_p_values("30.6% vs 11.2% (P < 0.001) and p=.04")] == ["<0.001", ".04"]


def test_bare_interval_after_a_semicolon():
    (h,) = find_hazards("(HR 0.81; 0.70, 0.93; P = 0.003)")
    assert (h.hr, h.ci_low, h.ci_high, h.p_value) == ("0.81", "0.70", "0.93", "0.003")


def test_bare_pair_after_a_semicolon_that_does_not_hold_the_hr_is_not_its_interval():
    (h,) = find_hazards("(HR 0.81; 12, 15 events)")
    assert (h.hr, h.ci_low, h.ci_high) == ("0.81", "", "")


@pytest.mark.parametrize("text", ["resting HR 72 bpm", "HR of 64 beats per minute", "HR 80/min"])
def test_heart_rate_is_not_a_hazard_ratio(text):
    assert find_hazards(text) == []


def test_next_char_skips_the_given_characters():
    assert next_char("  ; p=0.01", 0, " ;") == "p"
    assert next_char("HR 0.7  ", 6, " ") == ""
    assert next_char("0.7\u00a0p", 3, " ") == "\u00a0"  # only the characters given


# HR_VALUE is tried where its label or qualifier is printed; the next character decides whether
# HEART_RATE_AFTER and P_NEAR are looked at (a character outside ASCII always is).
@pytest.mark.parametrize("text, hazard", [
    ("unstratified HR 0.70 (95% CI 0.55-0.89; p=0.003)", ("0.70", "0.55", "0.89", "0.003", 0)),
    ("adjusted hazard ratio 0.81, 0.70-0.93", ("0.81", "0.70", "0.93", "", 0)),
    ("HR 0.80,\u00a0p=0.02", ("0.80", "", "", "0.02", 0)),
    ("OS: HR 0.80 (0.70-0.90), P<0.001", ("0.80", "0.70", "0.90", "<0.001", 4)),
])
def test_hazard_labels_and_what_follows(text, hazard):
    (h,) = find_hazards(text)
    assert (h.hr, h.ci_low, h.ci_high, h.p_value, h.start) == hazard


def test_heart_rate_after_a_tab_is_not_a_hazard_ratio():
    assert find_hazards("HR 72\tbpm") == []


# The CI label may carry its abbreviation ("95% confidence interval (CI)"); after a label only,
# a semicolon may split the bounds, when they hold the HR.
@pytest.mark.parametrize("text, hazard", [
    ("[...; hazard ratio (HR) 0.61, 95% confidence interval (CI) 0.48-0.77; P = 0.0004]",
     ("0.61", "0.48", "0.77", "95", "0.0004")),
    ("HR 0.58, 90% confidence interval [CI] 0.44 to 0.76", ("0.58", "0.44", "0.76", "90", "")),
    ("HR 0.71; 95% CI 0.60; 0.84; p = 0.01", ("0.71", "0.60", "0.84", "95", "0.01")),
    ("hazard ratio 0·69 (95% CI [0·55; 0·86])", ("0.69", "0.55", "0.86", "95", "")),
    ("HR 0.71; 95% CI 0.80; 0.94", ("0.71", "", "", "", "")),  # the bounds do not hold the HR
    ("HR 0.71 (0.60; 0.84)", ("0.71", "", "", "", "")),  # no label: no semicolon interval
    ("HR 0.71; 95% CI 0.60; 0.84%", ("0.71", "", "", "", "")),
])
def test_interval_label_forms(text, hazard):
    (h,) = find_hazards(text)
    assert (h.hr, h.ci_low, h.ci_high, h.ci_level, h.p_value) == hazard


@pytest.mark.parametrize("text, hr, hint", [
    ("aHR 0.77 (95% CI 0.64-0.93)", "0.77", ""),
    ("the adjusted hazard ratio [aHR] for death was 0.83", "0.83", "OS"),
    ("adjusted hazard ratio (aHR), 0.64; 95% CI, 0.50-0.82", "0.64", ""),
    ("adjusted HR 0.68 (0.55-0.84)", "0.68", ""),
    ("adjusted HR (aHR) 0.80; 95% CI 0.68-0.94", "0.80", ""),
    ("(aHR = 1.12; 95% CI 0.90-1.39)", "1.12", ""),
])
def test_adjusted_hazard_ratio_labels(text, hr, hint):
    (h,) = find_hazards(text)
    assert (h.hr, h.endpoint_hint) == (hr, hint) and not h.derived


@pytest.mark.parametrize("text", ["aHRs of 0.70 and 0.81", "PaHR 0.5", "the aHR gene"])
def test_not_adjusted_hazard_ratios(text):
    assert find_hazards(text) == []


# With `lists`, an HR listed after a labelled one (with its own CI) is returned too, marked with
# the index of the HR whose label it shares; the caller tells the two apart.
def test_listed_second_hr_for_a_second_version_of_the_outcome():
    text = ("Torvanib did not significantly reduce first or total hospitalisations for angina [hazard ratio "
            "0.91 (95% CI 0.78-1.06) for first events and 0.88 (0.74-1.05) for total events].")
    assert len(find_hazards(text)) == 1
    first, second = find_hazards(text, lists=True)
    assert (first.hr, first.ci_low, first.ci_high, first.listed_after) == ("0.91", "0.78", "1.06", -1)
    assert (second.hr, second.ci_low, second.ci_high, second.listed_after) == ("0.88", "0.74", "1.05", 0)
    assert text[second.start:second.end] == "0.88 (0.74-1.05)" and second.value_start == second.start


@pytest.mark.parametrize("text, hrs", [
    ("(HR 0.95 [95% CI 0.83-1.09] and 0.93 [0.80-1.08], respectively)", [("0.95", -1), ("0.93", 0)]),
    ("the hazard ratio for death was 0.61 (95% CI 0.46-0.80; p<0.001) for arm A and 0.79 (95% CI 0.61-1.03; "
     "p=0.08) for arm B", [("0.61", -1), ("0.79", 0)]),
    ("HR 1.8 (1.2-2.6), 2.4 (1.5-3.9) and 3.1 (1.9-5.0)", [("1.8", -1)]),  # only "and" lists
    ("HR 0.81 (0.70-0.93) and 12 (4%) events", [("0.81", -1)]),  # no CI: not an HR
    ("HR 0.81 and 0.90 (0.75-1.08)", [("0.81", -1)]),  # the first has no CI
])
def test_listed_hrs(text, hrs):
    hazards = find_hazards(text, lists=True)
    assert [(h.hr, h.listed_after) for h in hazards] == hrs
    if len(hrs) > 1:
        assert hazards[1].endpoint_hint == hazards[0].endpoint_hint


# Reductions of an outcome named by a phrase; a CI printed in percent becomes the HR's
# (1 - high/100, 1 - low/100).
@pytest.mark.parametrize("text, hazard", [
    ("the risk of the primary composite outcome was 21% lower with gliptarin than with placebo (95% CI, 9% to 31%)",
     ("0.79", "0.69", "0.91", "95", "primary outcome")),
    ("nefrosan reduced kidney failure or death, the risk being 18% lower than with placebo (95% CI: 28%, 7%)",
     ("0.82", "0.72", "0.93", "95", "kidney failure or death")),
    ("corvimab reduced the risk of heart attack, stroke or cardiovascular death by 21% compared with placebo",
     ("0.79", "", "", "", "heart attack, stroke or cardiovascular death")),
    ("a 20% lower risk of major adverse cardiovascular events (MACE) with X than with placebo (90% CI 5%-33%)",
     ("0.80", "0.67", "0.95", "90", "MACE")),
    ("a 12% relative reduction in the risk of the primary end point versus placebo",
     ("0.88", "", "", "", "primary endpoint")),
    ("X reduced the risk of death from any cause by 17% compared with placebo", ("0.83", "", "", "", "OS")),
    ("the risk of death was 25% lower with X than with Y (95% CI 10% to 37%)", ("0.75", "0.63", "0.90", "95", "OS")),
])
def test_derived_hr_of_an_outcome_phrase(text, hazard):
    (h,) = find_derived(text)
    assert (h.hr, h.ci_low, h.ci_high, h.ci_level, h.endpoint_hint) == hazard and h.derived


@pytest.mark.parametrize("text", [
    "the event rate was 24% lower than assumed in the sample-size calculation, compared with the protocol",
    "the risk of the primary outcome was 24% lower than assumed",
    "24% of participants had a lower risk of stroke than expected",
    "X reduced the risk of heart failure hospitalization by 35% (12)",  # no comparison named
    "X reduced the risk of events in patients with diabetes by 20% versus placebo",  # not an outcome phrase
    "the risk of stroke was 21% lower in women than in men",  # "than in": not the arms
])
def test_not_derived_hrs(text):
    assert find_derived(text) == []


def test_percent_interval_that_does_not_hold_the_reduction_is_not_its_interval():
    (h,) = find_derived("the risk of the primary outcome was 21% lower with X than with placebo (95% CI, 25% to 31%)")
    assert (h.hr, h.ci_low, h.ci_high) == ("0.79", "", "")


@pytest.mark.parametrize("text, hint", [
    ("a 30% reduction in the risk of death or disease progression with X versus Y", "PFS"),
    ("X reduced the risk of relapse or death by 25% compared with observation", "RFS"),
])
def test_derived_outcome_phrase_that_is_a_canonical_endpoint(text, hint):
    (h,) = find_derived(text)
    assert h.endpoint_hint == hint


@pytest.mark.parametrize("text", [
    "X reduced the risk of events by 20% compared with placebo",
    "Events occurred less often with X, the risk being 18% lower than with placebo",
])
def test_derived_hr_needs_a_named_outcome(text):
    assert find_derived(text) == []
