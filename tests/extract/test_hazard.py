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
