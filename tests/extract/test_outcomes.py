import pytest

from extract.outcomes import find_values


@pytest.mark.parametrize("text, exp, ctrl, unit", [
    ("10.7 vs. 7.9", "10.7", "7.9", ""),
    ("(12.1 months vs. 10.3 months; HR = 0.83)", "12.1", "10.3", "months"),
    ("a median of 14.6 months vs. 10.0 months", "14.6", "10.0", "months"),
    ("11.30 months vs 7.03 months", "11.30", "7.03", "months"),
    ("19.2 months [95% CI 17.0-23.7] vs 13.4 months [11.4-16.9]", "19.2", "13.4", "months"),
    ("23.8 months (vs. 15.2 months for sorafenib", "23.8", "15.2", "months"),
    ("NE vs. 10.4", "NE", "10.4", ""),
    ("not reached versus 14.1 months", "NR", "14.1", "months"),
    ("169 days vs. 166 days", "169", "166", "days"),
    ("75% vs. 69%", "75", "69", "%"),
    ("12.3 mo versus 10.1 mo", "12.3", "10.1", "months"),
])
def test_paired_values(text, exp, ctrl, unit):
    (v,) = [v for v in find_values(text) if not v.single]
    assert (v.value_exp, v.value_ctrl, v.unit) == (exp, ctrl, unit)


@pytest.mark.parametrize("text, exp, ctrl, arms", [
    ("14.6 months with X-drug and 10.0 months with placebo", "14.6", "10.0", ("X-drug", "placebo")),
    ("7.1 months in the control group versus 9.0 months in the experimental group", "9.0", "7.1",
     ("experimental", "control")),
])
def test_values_named_with_their_arms(text, exp, ctrl, arms):
    (v,) = find_values(text)
    assert (v.value_exp, v.value_ctrl) == (exp, ctrl)
    assert [a in t for a, t in zip(arms, v.arm_texts)] == [True, True]


def test_per_arm_ci_bounds_are_not_values():
    values = find_values("16.4 months (95% CI, 14.2-19.6) vs 13.8 months (12.3-16.1)")
    assert [(v.value_exp, v.value_ctrl) for v in values] == [("16.4", "13.8")]


@pytest.mark.parametrize("text", [
    "a median follow-up of 20.4 months",
    "38.6% of events",
    "continued for > 3 months",
    "aged 65 years",
    "n = 245",
    "8 or 12 mg once daily",
])
def test_numbers_that_are_not_results(text):
    assert find_values(text) == []


def test_listed_values_per_arm_give_one_pair_per_slot():
    vs = [v for v in find_values("were 20.1 and 7.2 months with drug A versus 15.5 and 4.9 months with drug B, respectively")
          if v.slots]
    assert [(v.slot, v.value_exp, v.value_ctrl, v.unit) for v in vs] == [
        (0, "20.1", "15.5", "months"), (1, "7.2", "4.9", "months")]
    assert {v.arm_texts for v in vs} == {("drug A", "drug B")}


def test_listed_values_of_unequal_length_are_not_pairs():
    assert not [v for v in find_values("were 20.1, 7.2 and 3.0 months with A versus 15.5 and 4.9 months with B, "
                                       "respectively") if v.slots]


def test_percentage_interval_with_the_unit_on_both_bounds_belongs_to_the_arm():
    (v,) = [v for v in find_values("41.2% (95% CI, 36.0%-46.5%) versus 48.9% (95% CI, 43.1%- 54.0%)") if not v.single]
    assert (v.value_exp, v.value_ctrl, v.unit) == ("41.2", "48.9", "%")


def test_labelled_arm_interval_with_a_comma_belongs_to_the_arm():
    (v,) = [v for v in find_values("(561 days [95% CI: 342, 778] vs 180 days [95% CI: 61, 429])") if not v.single]
    assert (v.value_exp, v.value_ctrl, v.unit) == ("561", "180", "days")


# Each form is tried only at the values a one-pass scan finds, before the words it needs after its
# first value (found by rfind in an ASCII sentence): the values and words at the edges of that scan.
@pytest.mark.parametrize("text, values", [
    ("OS was 10.7 vs 7.9.", [("10.7", "7.9", "", False)]),  # the second value ends the sentence
    ("PFS 12.1 months VERSUS 10.3 months", [("12.1", "10.3", "months", False)]),
    ("median OS was 14.6\u00a0months vs 10.0\u00a0months", [("14.6", "10.0", "months", False)]),  # not ASCII
    ("14.6 months with X whereas 10.0 months with placebo", [("14.6", "10.0", "months", False)]),
    ("14.6 months with X as opposed to 10.0 months with placebo", [("14.6", "10.0", "months", False)]),
    ("14.6 months with X\tand 10.0 months with placebo", [("14.6", "10.0", "months", False)]),
    ("rates were 84.1% and 71.2%, respectively", [("84.1", "71.2", "%", False)]),
    ("NR vs 14.1 months", [("NR", "14.1", "months", False)]),
    ("OS 12.1 months (95% CI 10.0-14.2) vs 9.8 months; 12-month OS 51%",
     [("12.1", "9.8", "months", False), ("51", "", "%", True)]),
    ("ORR 45 (13.3%) and 12 (3.6%) patients", [("13.3", "3.6", "%", False)]),
])
def test_values_where_the_scan_finds_them(text, values):
    assert [(v.value_exp, v.value_ctrl, v.unit, v.single) for v in find_values(text)] == values


# A percentage may be followed by the count it stands for; the pair still holds.
@pytest.mark.parametrize("text, values", [
    ("(45.7% [n = 59 of 129] vs 1.5% [n = 1 of 68]; p < 0.0001)", [("45.7", "1.5", "%", False)]),
    ("ORR 68% (50/74) versus 41% (30/73)", [("68", "41", "%", False)]),
    ("DCR 81% [60 of 74] vs 66% [48 of 73]", [("81", "66", "%", False)]),
    ("CR 12 % (n=9/75) vs. 4 % (n = 3/74)", [("12", "4", "%", False)]),
    ("27.0% (27 out of 100) vs 15.0% (15 out of 100)", [("27.0", "15.0", "%", False)]),
    ("ORR 45.7% (95% CI 37.0-54.6) [59 of 129] vs 11.5%", [("45.7", "", "%", True), ("11.5", "", "%", True)]),
])
def test_percentages_with_their_counts_pair(text, values):
    assert [(v.value_exp, v.value_ctrl, v.unit, v.single) for v in find_values(text)] == values


@pytest.mark.parametrize("text", ["12 (59/129) vs 4 (1/68) months", "12 months (59/129) vs 4 months (1/68)"])
def test_counts_pair_only_after_a_percentage(text):
    assert not [v for v in find_values(text) if not v.single]
