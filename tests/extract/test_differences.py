"""find_differences: between-group differences of a measure, one sentence or cell at a time.
All sentences are invented (drugs, numbers, wording), in the styles of NEJM, Lancet, JAMA and
Circulation abstracts and results sections; a last part reads real trial PDFs kept outside the
project (skipped when they are absent)."""

from pathlib import Path

import pytest

from extract.differences import MEASURES, Difference, find_differences, find_measures

FIELDS = ("endpoint", "measure", "value", "unit", "ci_low", "ci_high", "ci_level", "p_value", "derived_sign")


def fields(d: Difference) -> tuple:
    return tuple(getattr(d, f) for f in FIELDS)


# text, (endpoint, measure, value, unit, ci_low, ci_high, ci_level, p_value, derived_sign), quote
POSITIVES = [
    # NEJM: label, measure after "in", value after "was"
    ("At 12 weeks, the adjusted mean difference in 6-minute walk distance between corvalistat and placebo was "
     "24.5 m (95% CI, 8.1 to 40.9; P=0.004).",
     ("6-minute walk distance", "mean difference", "24.5", "m", "8.1", "40.9", "95", "0.004", False),
     "adjusted mean difference in 6-minute walk distance between corvalistat and placebo was 24.5 m "
     "(95% CI, 8.1 to 40.9; P=0.004)"),
    # verb form, direction in words; a lexicon name becomes its short form
    ("Compared with placebo, tandorexin lowered LV end-diastolic volume index by 5.3 mL/m2 (95% CI, -9.6 to -1.0; "
     "P=0.017).",
     ("LVEDVi", "mean difference", "-5.3", "mL/m2", "-9.6", "-1.0", "95", "0.017", True),
     "lowered LV end-diastolic volume index by 5.3 mL/m2 (95% CI, -9.6 to -1.0; P=0.017)"),
    # a percent-valued measure: "%" is absolute, a mean difference
    ("The between-group difference in HbA1c at week 26 was -0.42% (95% CI -0.61 to -0.23, p<0.001) in favour of "
     "glutaset.",
     ("HbA1c", "mean difference", "-0.42", "%", "-0.61", "-0.23", "95", "<0.001", False),
     "between-group difference in HbA1c at week 26 was -0.42% (95% CI -0.61 to -0.23, p<0.001)"),
    # ";" between bounds after a CI label; the measure named before the bracket
    ("Patients given brexaline had lower serum IL-6 than controls (adjusted difference -0.88 pg/mL, 95% CI -1.52; "
     "-0.24, P=0.008).",
     ("IL-6", "mean difference", "-0.88", "pg/mL", "-1.52", "-0.24", "95", "0.008", False),
     "adjusted difference -0.88 pg/mL, 95% CI -1.52; -0.24, P=0.008"),
    # absolute risk difference in percentage points
    ("Freedom from symptomatic relapse at 6 months was 61.0% with vesperin versus 44.5% with placebo (risk "
     "difference 16.5 percentage points; 95% CI, 4.2 to 28.8; P=0.009).",
     ("symptomatic relapse", "risk difference", "16.5", "percentage points", "4.2", "28.8", "95", "0.009", False),
     "risk difference 16.5 percentage points; 95% CI, 4.2 to 28.8; P=0.009"),
    # per-arm percentages then "difference N%": a risk difference; a 90% CI
    ("Major bleeding occurred in 3.1% of the kaltoban group and 2.6% of the warfarin group (difference 0.5%; "
     "90% CI -1.9% to 2.9%).",
     ("major bleeding", "risk difference", "0.5", "%", "-1.9", "2.9", "90", "", False),
     "difference 0.5%; 90% CI -1.9% to 2.9%"),
    # ratio of geometric means
    ("Geometric mean ratio of urinary albumin-to-creatinine ratio was 0.81 (95% CI 0.70-0.94) with dapanor versus "
     "placebo.",
     ("urinary albumin-to-creatinine ratio", "ratio of means", "0.81", "", "0.70", "0.94", "95", "", False),
     "Geometric mean ratio of urinary albumin-to-creatinine ratio was 0.81 (95% CI 0.70-0.94)"),
    ("The ratio of geometric means for urinary albumin excretion was 0.72 (90% CI, 0.61 to 0.85).",
     ("urinary albumin excretion", "ratio of means", "0.72", "", "0.61", "0.85", "90", "", False),
     "ratio of geometric means for urinary albumin excretion was 0.72 (90% CI, 0.61 to 0.85)"),
    # Lancet: middle dots and minus signs, "p<0·0001", "mm Hg"
    ("Systolic blood pressure fell more with olmaveran than with placebo (placebo-corrected difference \u22124\u00b78 "
     "mm Hg, 95% CI \u22127\u00b71 to \u22122\u00b75; p<0\u00b70001).",
     ("systolic blood pressure", "mean difference", "-4.8", "mmHg", "-7.1", "-2.5", "95", "<0.0001", False),
     "placebo-corrected difference \u22124\u00b78 mm Hg, 95% CI \u22127\u00b71 to \u22122\u00b75; p<0\u00b70001"),
    # JAMA: "P = .008", points, an acronym modifier kept
    ("The least-squares mean difference in KCCQ total symptom score was 4.6 points (95% CI, 1.2-8.0; P = .008).",
     ("KCCQ total symptom score", "mean difference", "4.6", "points", "1.2", "8.0", "95", ".008", False),
     "least-squares mean difference in KCCQ total symptom score was 4.6 points (95% CI, 1.2-8.0; P = .008)"),
    # percentage points of a continuous % change: a mean difference
    ("The mean change in body weight from baseline to week 68 was \u221214.1% with semavir and \u22122.4% with placebo "
     "(treatment difference, \u221211.7 percentage points; 95% CI, \u221212.9 to \u221210.5; P<0.001).",
     ("body weight", "mean difference", "-11.7", "percentage points", "-12.9", "-10.5", "95", "<0.001", False),
     "treatment difference, \u221211.7 percentage points; 95% CI, \u221212.9 to \u221210.5; P<0.001"),
    # the value before its label
    ("Treatment with lorvatide resulted in a \u22122.1 kg (95% CI \u22123.4 to \u22120.8) difference in body weight at "
     "52 weeks.",
     ("body weight", "mean difference", "-2.1", "kg", "-3.4", "-0.8", "95", "", False),
     "\u22122.1 kg (95% CI \u22123.4 to \u22120.8) difference in body weight"),
    # a table cell: "measure: difference V (CI)"
    ("6-minute walk distance: difference 18 m (95% CI 2 to 34)",
     ("6-minute walk distance", "mean difference", "18", "m", "2", "34", "95", "", False),
     "difference 18 m (95% CI 2 to 34)"),
    # relative difference, CI between value and direction word
    ("Mean 20-week NT-proBNP was 18% (95% CI 3.1 to 30.2%) lower in the velanor group than in the placebo group.",
     ("NT-proBNP", "relative difference", "-18", "%", "3.1", "30.2", "95", "", True),
     "NT-proBNP was 18% (95% CI 3.1 to 30.2%) lower"),
    ("Serum ferritin was 12% higher (95% CI 2% to 23%; P=0.02) with fenoxalin than with placebo.",
     ("serum ferritin", "relative difference", "12", "%", "2", "23", "95", "0.02", False),
     "Serum ferritin was 12% higher (95% CI 2% to 23%; P=0.02)"),
    # intransitive verb with a comparison after it; "absolute" %
    ("LVEF increased by an absolute 2.4% (95% CI 0.6 to 4.2%; P=0.01) more with cardoxin than with placebo.",
     ("LVEF", "mean difference", "2.4", "%", "0.6", "4.2", "95", "0.01", False),
     "LVEF increased by an absolute 2.4% (95% CI 0.6 to 4.2%; P=0.01)"),
    # "the difference ... was V for X (CI; P)": the measure after the value
    ("After adjustment, the difference in mean change from baseline was -0.35 for the CDR-SB (95% CI -0.61 to -0.09; "
     "P = 0.009).",
     ("CDR-SB", "mean difference", "-0.35", "", "-0.61", "-0.09", "95", "0.009", False),
     "difference in mean change from baseline was -0.35 for the CDR-SB (95% CI -0.61 to -0.09; P = 0.009)"),
    # a cell with no measure named
    ("Difference (95% CI): \u22123.2 (\u22125.9 to \u22120.5)",
     ("", "mean difference", "-3.2", "", "-5.9", "-0.5", "95", "", False),
     "Difference (95% CI): \u22123.2 (\u22125.9 to \u22120.5)"),
    # "MD", "LSMD", "Δ"
    ("Quality of life improved with tavoset (MD 6.2 points, 95% CI 2.0 to 10.4; P = 0.004).",
     ("quality of life", "mean difference", "6.2", "points", "2.0", "10.4", "95", "0.004", False),
     "MD 6.2 points, 95% CI 2.0 to 10.4; P = 0.004"),
    ("HbA1c fell more with glinuvo (LSMD \u22120.51%; 95% CI \u22120.68 to \u22120.34; P<.001).",
     ("HbA1c", "mean difference", "-0.51", "%", "-0.68", "-0.34", "95", "<.001", False),
     "LSMD \u22120.51%; 95% CI \u22120.68 to \u22120.34; P<.001"),
    ("Body weight decreased more with the study drug (\u0394 = \u22122.3 kg; 95% CI \u22123.5 to \u22121.1 kg; "
     "P = 0.001).",
     ("body weight", "mean difference", "-2.3", "kg", "-3.5", "-1.1", "95", "0.001", False),
     "\u0394 = \u22122.3 kg; 95% CI \u22123.5 to \u22121.1 kg; P = 0.001"),
    # en dash range, "P=" without spaces
    ("The difference in 24-hour urine volume was 410 mL (95% CI 120\u2013700; P=0.006).",
     ("24-hour urine volume", "mean difference", "410", "mL", "120", "700", "95", "0.006", False),
     "difference in 24-hour urine volume was 410 mL (95% CI 120\u2013700; P=0.006)"),
    # the unit after the CI, the measure after "for"
    ("The adjusted treatment difference was \u22124.1 (95% CI \u22127.0 to \u22121.2) ms for QTc (P=0.006).",
     ("QTc", "mean difference", "-4.1", "ms", "-7.0", "-1.2", "95", "0.006", False),
     "adjusted treatment difference was \u22124.1 (95% CI \u22127.0 to \u22121.2) ms for QTc (P=0.006)"),
    # comma between bounds after the label
    ("Diastolic blood pressure was higher with pressamine (adjusted difference, 2.9 mm Hg; 95% CI, 0.8, 5.0; "
     "P=0.007).",
     ("diastolic blood pressure", "mean difference", "2.9", "mmHg", "0.8", "5.0", "95", "0.007", False),
     "adjusted difference, 2.9 mm Hg; 95% CI, 0.8, 5.0; P=0.007"),
    # transitive increase, a compound unit
    ("Compared with usual care, the exercise programme increased peak oxygen uptake by 1.6 mL/kg/min (95% CI 0.7 "
     "to 2.5; P<0.001).",
     ("peak oxygen uptake", "mean difference", "1.6", "mL/kg/min", "0.7", "2.5", "95", "<0.001", False),
     "increased peak oxygen uptake by 1.6 mL/kg/min (95% CI 0.7 to 2.5; P<0.001)"),
    # a bracketed "95% CI" inside square brackets (Circulation), a unit written "ml/m2"
    ("Relative to placebo, zenatril reduced LV mass index by 4.2 g/m2 [95% CI, 1.0\u20137.4]; P=0.012.",
     ("LV mass index", "mean difference", "-4.2", "g/m2", "1.0", "7.4", "95", "0.012", True),
     "reduced LV mass index by 4.2 g/m2 [95% CI, 1.0\u20137.4]; P=0.012"),
    # "msec" -> "ms", a CI label "95% confidence interval (CI)"
    ("The adjusted difference in SDNN was 6.1 msec, 95% confidence interval (CI) -2.2 to 14.4 msec (P=0.15).",
     ("SDNN", "mean difference", "6.1", "ms", "-2.2", "14.4", "95", "0.15", False),
     "adjusted difference in SDNN was 6.1 msec, 95% confidence interval (CI) -2.2 to 14.4 msec (P=0.15)"),
    # a level-less CI, "μmol/l" -> "μmol/L"
    ("Serum urate fell with ruxolan (mean difference \u221231.2 \u03bcmol/l [CI \u221240.5 to \u221221.9]).",
     ("serum urate", "mean difference", "-31.2", "\u03bcmol/L", "-40.5", "-21.9", "95", "", False),
     "mean difference \u221231.2 \u03bcmol/l [CI \u221240.5 to \u221221.9]"),
    # the difference in brackets after the comparison word
    ("Absolute LVEF improvement was greater with corvena (2.1%, 95% CI 0.4 to 3.8%; P=0.02).",
     ("LVEF", "mean difference", "2.1", "%", "0.4", "3.8", "95", "0.02", False),
     "LVEF improvement was greater with corvena (2.1%, 95% CI 0.4 to 3.8%; P=0.02)"),
    ("Body weight was lower with sutravin (0.6 kg; 95% CI 0.1 to 1.1; P=0.02) than with placebo.",
     ("body weight", "mean difference", "-0.6", "kg", "0.1", "1.1", "95", "0.02", True),
     "Body weight was lower with sutravin (0.6 kg; 95% CI 0.1 to 1.1; P=0.02)"),
    ("The reduction in E/e\u2032 was greater (6.8%, 95% CI 1.3 to 11.3%; P=0.015) with lorafen than with placebo.",
     ("E/e'", "relative difference", "-6.8", "%", "1.3", "11.3", "95", "0.015", True),
     "E/e\u2032 was greater (6.8%, 95% CI 1.3 to 11.3%; P=0.015)"),
    # a time point between the unit and the CI
    ("Compared with placebo, zolvane reduced systolic blood pressure by 5.2 mm Hg at 8 weeks (95% CI 3.1 to 7.3; "
     "P<0.001).",
     ("systolic blood pressure", "mean difference", "-5.2", "mmHg", "3.1", "7.3", "95", "<0.001", True),
     "reduced systolic blood pressure by 5.2 mm Hg at 8 weeks (95% CI 3.1 to 7.3; P<0.001)"),
    # the measure after the interval and unit: "... mm Hg in X"
    ("Zolvane produced a difference of 1.5 (95% CI 0.2 to 2.8) mm Hg in diastolic blood pressure.",
     ("diastolic blood pressure", "mean difference", "1.5", "mmHg", "0.2", "2.8", "95", "", False),
     "difference of 1.5 (95% CI 0.2 to 2.8) mm Hg in diastolic blood pressure"),
    # "%" of a measure not printed in percent: relative; of a rate of patients: a risk difference
    ("The difference in heart rate was 4.1% (95% CI 1.0 to 7.2%; P=0.01) with brovane.",
     ("heart rate", "relative difference", "4.1", "%", "1.0", "7.2", "95", "0.01", False),
     "difference in heart rate was 4.1% (95% CI 1.0 to 7.2%; P=0.01)"),
    ("The difference in objective response rate was 8.1% (95% CI 1.0 to 15.2%; P=0.03).",
     ("ORR", "risk difference", "8.1", "%", "1.0", "15.2", "95", "0.03", False),
     "difference in objective response rate was 8.1% (95% CI 1.0 to 15.2%; P=0.03)"),
    # a time point before the value is not the value
    ("The treatment difference in serum phosphate averaged over 24 months was \u22120.21 mmol/L (95% CI \u22120.30 to "
     "\u22120.12).",
     ("serum phosphate", "mean difference", "-0.21", "mmol/L", "-0.30", "-0.12", "95", "", False),
     "treatment difference in serum phosphate averaged over 24 months was \u22120.21 mmol/L (95% CI \u22120.30 to "
     "\u22120.12)"),
    # "in favour of ..." between the value and its interval; a two-sided CI label
    ("The observed difference in procedural success was 6.5% in favour of the balloon arm (95% two-sided CI: "
     "\u22121.2% to 14.1%).",
     ("", "risk difference", "6.5", "%", "-1.2", "14.1", "95", "", False),
     "observed difference in procedural success was 6.5% in favour of the balloon arm (95% two-sided CI: "
     "\u22121.2% to 14.1%)"),
    # an acronym starting with a digit; a covariate named "baseline" in an adjustment is no baseline figure
    ("After adjustment for age and baseline walk distance, the difference in mean 6MWD was 28 m (95% CI, 9-47 m; "
     "P = .004) favoring rehabilitation.",
     ("6MWD", "mean difference", "28", "m", "9", "47", "95", ".004", False),
     "difference in mean 6MWD was 28 m (95% CI, 9-47 m; P = .004)"),
    # a change net of placebo is a difference; "reduction" gives the sign
    ("The placebo-corrected change in body weight at week 72 was \u221212.4% (95% CI, \u221213.7 to \u221211.1; "
     "P<0.001).",
     ("body weight", "mean difference", "-12.4", "%", "-13.7", "-11.1", "95", "<0.001", False),
     "placebo-corrected change in body weight at week 72 was \u221212.4% (95% CI, \u221213.7 to \u221211.1; P<0.001)"),
    ("Treatment with brimazol resulted in a placebo-adjusted reduction in SBP of 6.2 mm Hg (95% CI 4.1 to 8.3).",
     ("SBP", "mean difference", "-6.2", "mmHg", "4.1", "8.3", "95", "", True),
     "placebo-adjusted reduction in SBP of 6.2 mm Hg (95% CI 4.1 to 8.3)"),
    # a value with another unit before the direction word
    ("Weight was 2.1 kg lower (95% CI 1.2 to 3.0; P<0.001) with the drug than with placebo.",
     ("weight", "mean difference", "-2.1", "kg", "1.2", "3.0", "95", "<0.001", True),
     "Weight was 2.1 kg lower (95% CI 1.2 to 3.0; P<0.001)"),
    ("Zolvane produced a 5.2 mm Hg reduction in mean arterial pressure (95% CI 3.1 to 7.3; P<0.001) compared with "
     "placebo.",
     ("mean arterial pressure", "mean difference", "-5.2", "mmHg", "3.1", "7.3", "95", "<0.001", True),
     "5.2 mm Hg reduction in mean arterial pressure (95% CI 3.1 to 7.3; P<0.001)"),
    # a difference of reductions keeps the change noun in its measure
    ("The difference between vastrel and lorvane in SBP reduction was 4.1 mm Hg (95% CI 2.0 to 6.2; P<0.001).",
     ("SBP reduction", "mean difference", "4.1", "mmHg", "2.0", "6.2", "95", "<0.001", False),
     "difference between vastrel and lorvane in SBP reduction was 4.1 mm Hg (95% CI 2.0 to 6.2; P<0.001)"),
    # an absolute risk difference worded with a verb, in percentage points
    ("Compared with usual care, the programme reduced the risk of readmission by 3.1 percentage points (95% CI 0.8 "
     "to 5.4; P=0.008).",
     ("readmission", "risk difference", "-3.1", "percentage points", "0.8", "5.4", "95", "0.008", True),
     "reduced the risk of readmission by 3.1 percentage points (95% CI 0.8 to 5.4; P=0.008)"),
    # a relative difference with the noun form: "a 27% reduction in X"
    ("Vardenol led to a 27% reduction in NT-proBNP (95% CI, 9% to 41%; P = 0.004) compared with placebo.",
     ("NT-proBNP", "relative difference", "-27", "%", "9", "41", "95", "0.004", True),
     "27% reduction in NT-proBNP (95% CI, 9% to 41%; P = 0.004)"),
]


@pytest.mark.parametrize("text, expected, quote", POSITIVES, ids=[str(i) for i in range(len(POSITIVES))])
def test_difference_fields(text, expected, quote):
    (d,) = find_differences(text)
    assert fields(d) == expected
    assert text[d.start:d.end] == quote


def test_measure_values_are_the_documented_ones():
    for text, expected, _ in POSITIVES:
        assert expected[1] in MEASURES


def test_list_with_for_gives_one_record_per_measure():
    text = ("After adjustment, the difference in mean change was 1.8 for the MoCA (95% CI 0.4 to 3.2; P = 0.01) and "
            "0.6 (95% CI -0.2 to 1.4; P = 0.14) for the MMSE.")
    assert [(d.endpoint, d.value, d.ci_low, d.ci_high, d.p_value) for d in find_differences(text)] == [
        ("MoCA", "1.8", "0.4", "3.2", "0.01"), ("MMSE", "0.6", "-0.2", "1.4", "0.14")]


def test_respectively_pairs_values_with_the_listed_measures():
    text = ("Compared with placebo, velimab lowered both LDL cholesterol and triglycerides [least-squares mean "
            "difference: \u221238.2 (\u221242.0; \u221234.4), P<0.001; and \u221221.5 (\u221227.1; \u221215.9), P=0.002, "
            "respectively].")
    assert [(d.endpoint, d.measure, d.value, d.ci_low, d.ci_high, d.p_value) for d in find_differences(text)] == [
        ("LDL cholesterol", "mean difference", "-38.2", "-42.0", "-34.4", "<0.001"),
        ("triglycerides", "mean difference", "-21.5", "-27.1", "-15.9", "0.002")]


def test_respectively_with_more_values_than_measures_gives_nothing():
    text = ("Tivarin lowered LDL cholesterol [mean difference: \u221212.2 (\u221215.0; \u22129.4), P<0.001; and \u22128.5 "
            "(\u221211.1; \u22125.9), P<0.001, respectively].")
    assert find_differences(text) == []


def test_same_measure_at_two_time_points():
    text = ("Compared with placebo, lumazide increased 24-hour urine volume at day 3 (mean difference, 480 mL [95% CI, "
            "120-840]; P=0.009) and at week 8 (mean difference, 505 mL [95% CI, 150-860]; P=0.006).")
    assert [(d.endpoint, d.value, d.ci_low, d.ci_high, d.p_value) for d in find_differences(text)] == [
        ("24-hour urine volume", "480", "120", "840", "0.009"), ("24-hour urine volume", "505", "150", "860", "0.006")]


def test_two_measures_in_one_sentence_left_to_right():
    text = ("Patients given oravin had lower IL-6 (adjusted difference \u22120.9 pg/mL, 95% CI \u22121.6 to \u22120.2, "
            "P=0.01) and lower hs-CRP (adjusted difference \u22121.4 mg/L, 95% CI \u22122.5 to \u22120.3, P=0.02).")
    assert [(d.endpoint, d.value, d.unit) for d in find_differences(text)] == [
        ("IL-6", "-0.9", "pg/mL"), ("hs-CRP", "-1.4", "mg/L")]


# Signed intervals: a range dash never eats the sign of the upper bound.
@pytest.mark.parametrize("interval, low, high", [
    ("-10.8 to -1.2", "-10.8", "-1.2"),
    ("-4.4 to -23.6", "-4.4", "-23.6"),
    ("\u22121.80; \u22120.32", "-1.80", "-0.32"),
    ("0.2-2.9", "0.2", "2.9"),
    ("-2.43 to 6.73", "-2.43", "6.73"),
    ("-0.61 to -0.23", "-0.61", "-0.23"),
    ("-0.9\u2013-0.1", "-0.9", "-0.1"),
    ("\u2013 3.1 to \u2013 0.4", "-3.1", "-0.4"),
    ("26\u2013 598", "26", "598"),
])
def test_signed_interval_bounds(interval, low, high):
    (d,) = find_differences(f"The mean difference in urine volume was -1.0 mL (95% CI {interval}; P=0.03).")
    assert (d.ci_low, d.ci_high) == (low, high)


def test_semicolon_bounds_without_label_only_when_they_hold_the_estimate():
    held = find_differences("Oxeline lowered HOMA-IR [adjusted mean difference: \u22121.2 (\u22121.5; \u22120.9), P<0.001].")
    assert [(d.ci_low, d.ci_high) for d in held] == [("-1.5", "-0.9")]
    # (3; 14) does not hold -1.2: not an interval, and then no statistics stand next to the value
    assert find_differences("Oxeline lowered HOMA-IR [adjusted mean difference: \u22121.2 (3; 14), P<0.001].") == []


# Not a between-group difference: no record.
NEGATIVES = [
    # design and power statements
    "The trial had 90% power to detect a mean difference of 30 m in walk distance.",
    "The sample size was based on detecting a difference in walk distance of 30 m (P=0.05, two-sided).",
    "Assuming a difference in HbA1c of 0.3% (two-sided P=0.05), 400 patients were needed.",
    "The non-inferiority margin for the mean difference in LVEF was set at \u22125% (P=0.025).",
    "A minimal clinically important difference in quality of life of 5 points (P<0.05) was prespecified.",
    # subgroups and interactions
    "In the subgroup with diabetes, the adjusted difference was -0.9 mL/m2 (95% CI -3.1 to 1.3).",
    "The treatment difference in 6-minute walk distance was 31 m (95% CI 12 to 50) in men and 8 m (95% CI -15 to 31) "
    "in women (P for interaction=0.04).",
    "Between-group differences were 0.8 (95% CI 0.1 to 1.5) and 1.2 (95% CI 0.9 to 1.6) ml/min/1.73 m2 in "
    "participants with and without diabetes, respectively.",
    "The mean difference in eGFR slope was 1.1 ml/min/1.73 m2 (95% CI 0.6 to 1.6) among patients with albuminuria.",
    # within one arm
    "QTc increased by 11 ms (95% CI 4 to 18; P=0.003) from baseline in the dofarin group.",
    "Compared with baseline, dofarin increased QTc by 11 ms (95% CI 4 to 18; P=0.003) in the treated group.",
    "In the placebo group, the mean difference from week 0 in weight was -0.4 kg (95% CI -1.1 to 0.3).",
    "Walk distance increased by 42 m (95% CI 30 to 54) in the ferivex group and by 12 m (95% CI 0 to 24) in the "
    "placebo group.",
    # per-arm values with their own CIs
    "Mean NT-proBNP was 15% lower (95% CI 8% to 22%) in the ruvelan group and 3% lower (95% CI -4% to 10%) in the "
    "placebo group.",
    "Mean arterial pressure was higher with ketarin (4.1 mm Hg, 95% CI 1.0 to 7.2) than with placebo (1.2 mm Hg, "
    "95% CI -1.9 to 4.3).",
    "Recurrence was higher with the device (24% vs 12%, P=0.01).",
    "HbA1c decreased by 0.9% (P<0.001) with glarex versus 0.4% (P=0.01) with placebo.",
    # a p-value is not the difference
    "The difference in walk distance was significant, P = 0.03 (95% CI 5 to 60 m).",
    # baseline differences, ages, years, doses
    "At baseline, the difference in LVEF between the groups was 1.1% (95% CI -0.9 to 3.1; P=0.28).",
    "The groups did not differ at baseline (mean difference in age, 1.2 [95% CI -0.8 to 3.2] years).",
    "Patients in the intervention group were older (mean difference 2.3 years, P=0.02).",
    "The mean difference in daily furosemide dose was 20 (95% CI 5 to 35) mg (P=0.01).",
    "The difference in follow-up between the groups was 1.2 (95% CI 0.4 to 2.0) years.",
    "Baseline NT-proBNP differed between groups (mean difference 120 pg/mL; 95% CI 10 to 230).",
    "Among women, the mean difference was 4.1 kg (95% CI 2.0 to 6.2).",
    # hazard and odds ratios, relative risk reductions: not differences of a measure
    "The odds ratio for the difference was 1.4 (95% CI 1.1 to 1.8).",
    # a count of patients; a comparison with baseline; the level of an interval is not a value
    "The number of patients with an NT-proBNP reduction was 30% higher (95% CI 10 to 50%) with drug.",
    "HbA1c was 0.4% lower (95% CI 0.2 to 0.6) than at baseline.",
    "LVEF was higher (95% CI 1.0 to 3.0) with drug.",
    "The mean difference, 95% CI 1.2 to 3.4, favoured drug.",
    # an unsigned difference of two reductions: its sign is not the measure's
    "Vastrel lowered SBP by 8.1 mm Hg and lorvane by 4.0 mm Hg (difference 4.1 mm Hg, 95% CI 2.0 to 6.2).",
    # another analysis than the main one
    "In a sensitivity analysis, the mean difference in walk distance was 3.4 m (95% CI \u22121.2 to 8.0).",
    # effect sizes in SD units and numbers needed to treat
    "Cohen's d for the difference was 0.45 (95% CI 0.12 to 0.78).",
    "The standardized mean difference was 0.31 (95% CI 0.10 to 0.52).",
    "The difference in NNT was 12 (95% CI 7 to 40).",
    "The hazard ratio for heart failure hospitalization was 0.79 (95% CI 0.66-0.95; P=0.01).",
    "Response was more frequent with tivolin (odds ratio 1.84, 95% CI 1.21-2.80; P=0.004).",
    "Overall, the risk of the primary composite outcome was 21% lower with gliptarin than with placebo (95% CI, 9% "
    "to 31%).",
    "Dovamab reduced the risk of stroke by 22% (95% CI 9 to 33; P=0.002).",
    "Ralenib was associated with a 24% lower rate of hospitalization (95% CI 10% to 36%).",
    "The observed event rate was 24% lower than assumed in the sample-size calculation (P=0.2).",
    # percentages of patients
    "A reduction of at least 5% in body weight occurred in 64% of participants given rovaglutide (P<0.001).",
    "Participants taking an SGLT2 inhibitor at baseline were more often on insulin (51% vs 44%).",
    # a difference without any statistics is a description
    "The mean difference in walk distance was 25 m in favour of exercise.",
    # a within-arm change with its own p, then nothing between the arms
    "The change in heart rate was \u22123.1 beats/min (95% CI \u22124.9 to \u22121.3) in the ivaroxin group.",
    # a "%" difference whose kind cannot be told
    "The difference was 8.0% (95% CI 1.2% to 14.8%).",
]


@pytest.mark.parametrize("text", NEGATIVES, ids=[str(i) for i in range(len(NEGATIVES))])
def test_no_record(text):
    assert find_differences(text) == []


@pytest.mark.parametrize("text, names", [
    ("serum IL-6 and 24-hour urine volume", ["IL-6", "24-hour urine volume"]),
    ("N-terminal pro-B-type natriuretic peptide (NT-proBNP)", ["NT-proBNP"]),
    ("interleukin 1β (IL-1β) levels", ["IL-1β"]),
    ("LDL cholesterol and the LF/HF ratio", ["LDL cholesterol", "LF/HF ratio"]),
    ("the hazard ratio and the odds ratio", []),
    ("Left-ventricular ejection fraction", ["LVEF"]),
])
def test_measure_phrases(text, names):
    assert [m.name for m in find_measures(text)] == names


# -- real trial PDFs (kept outside the project; skipped when absent) ------------------------------

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-pdfs"
LV_REMODELLING = "rct_trial__33186500__PMC7864599.pdf"  # echo/CMR volumes, GLS, NT-proBNP % change
HRV = "rct_trial__32977831__PMC7519555.pdf"  # heart rate variability, adjusted differences
FLOW_SGLT2I = "rct_trial__38914124__PMC11485243.pdf"  # only subgroup differences (P interaction)
SOUL_SGLT2I = "soul_oral_semaglutide_sglt2i_circulation2025_PMC12144549.pdf"  # HRs, subgroups


def _document_differences(name: str) -> list[Difference]:
    from extract.ingest import load
    from extract.nlp import sentences

    doc = load(REAL / name)
    texts = [doc.text[b.start:b.end] for b in doc.blocks if b.kind not in ("table", "reference")]
    found = [d for text, spans in zip(texts, sentences(texts)) for a, b in spans
             for d in find_differences(text[a:b])]
    found += [d for t in doc.tables for row in [t.header] + t.rows for cell in row for d in find_differences(cell.text)]
    return found


@pytest.mark.skipif(not REAL.is_dir(), reason="the real PDFs are kept outside the project")
def test_real_pdf_between_group_differences():
    got = {(d.endpoint, d.measure, d.value, d.unit, d.ci_low, d.ci_high) for d in _document_differences(LV_REMODELLING)}
    assert {("LVESVi", "mean difference", "-6.0", "mL/m2", "-10.8", "-1.2"),
            ("LVEDVi", "mean difference", "-8.2", "mL/m2", "-13.7", "-2.6"),
            ("NT-proBNP", "relative difference", "-28", "%", "2", "47")} <= got
    got = {(d.endpoint, d.value, d.unit) for d in _document_differences(HRV)}
    assert {("SDANN", "2.5", "ms"), ("r-MSSD", "4.2", "ms"), ("LF/HF ratio", "-0.40", "")} <= got


@pytest.mark.skipif(not REAL.is_dir(), reason="the real PDFs are kept outside the project")
@pytest.mark.parametrize("name", [FLOW_SGLT2I, SOUL_SGLT2I])
def test_real_pdf_subgroup_papers_give_no_difference(name):
    assert _document_differences(name) == []
