import pytest

from extract.endpoints import assessment_for, find_assessment, find_endpoints


@pytest.mark.parametrize("text, endpoint, measure", [
    ("overall survival", "OS", "median"),
    ("TACE-specific PFS", "TACE-PFS", "median"),
    ("TACE progression-free survival", "TACE-PFS", "median"),
    ("time to unTACEable progression", "TTUP", "median"),
    ("composite PFS", "PFS", "median"),
    ("RECICL-PFS", "PFS", "median"),
    ("objective response rate", "ORR", "rate"),
    ("24-month OS", "OS", "24-month rate"),
    ("2-year overall survival rate", "OS", "24-month rate"),
    ("OS rate at 18 months", "OS", "18-month rate"),
    ("Grade 3 or worse treatment-related adverse events", "TRAE", "grade>=3 rate"),
    ("grade ≥ 3 AEs", "AE", "grade>=3 rate"),
    ("grade 3-4 treatment-related adverse events", "TRAE", "grade 3-4 rate"),
    ("discontinuation due to adverse events", "AE-DISCONTINUATION", "rate"),
    ("conversion to resection", "CONVERSION", "rate"),
    # conference shorthand: "m" + a time-to-event acronym is its median
    ("mOS was", "OS", "median"), ("mPFS", "PFS", "median"), ("mTTP", "TTP", "median"),
    ("mEFS", "EFS", "median"), ("mRFS", "RFS", "median"), ("mDFS", "DFS", "median"),
    # AE grades abbreviated, or printed after the endpoint
    ("Gr≥3 TRAEs", "TRAE", "grade>=3 rate"), ("G≥3 AEs", "AE", "grade>=3 rate"),
    ("Gr 3/4 adverse events", "AE", "grade 3-4 rate"), ("≥grade 3 TEAEs", "AE", "grade>=3 rate"),
    ("adverse events of grade 3 or higher", "AE", "grade>=3 rate"),
    ("AEs (grade ≥3) in", "AE", "grade>=3 rate"), ("TRAEs of grade 3-4", "TRAE", "grade 3-4 rate"),
    ("treatment-related adverse events of CTCAE grade 3 or 4", "TRAE", "grade 3-4 rate"),
    ("adverse events of grade 1 or 2", "AE", "rate"), ("AEs (any grade) and 3 deaths", "AE", "rate"),
    # landmark rates of every time-to-event endpoint
    ("3-year disease-free survival", "DFS", "36-month rate"),
    ("2-year event-free survival rate", "EFS", "24-month rate"),
    ("1-year recurrence-free survival", "RFS", "12-month rate"),
    ("two-year relapse-free survival", "RFS", "24-month rate"),
    ("3-year DFS rate", "DFS", "36-month rate"), ("12-month TACE-PFS rate", "TACE-PFS", "12-month rate"),
    ("EFS rate at 24 months", "EFS", "24-month rate"),
    ("1-year AF-recurrence-free survival", "RFS", "12-month rate"),
    ("AF-recurrence-free survival", "RFS", "median"),
    ("freedom from recurrence at 12 months", "RFS", "12-month rate"),
    ("freedom from disease progression at 6 months", "PFS", "6-month rate"),
    # complete response without "rate"
    ("complete response in", "CR", "rate"), ("Complete responses occurred", "CR", "rate"), ("CR in 9 (12%)", "CR", "rate"),
])
def test_endpoint_mentions(text, endpoint, measure):
    (e,) = find_endpoints(text)
    assert (e.endpoint, e.measure) == (endpoint, measure)


@pytest.mark.parametrize("text", [
    "the os was", "PFS-OS dissociation", "post-OS",
    "by mRECIST", "mOSM levels", "the MOS score",  # only "m" + the endpoint's acronym is a median
    "freedom from symptomatic relapse at 6 months",  # an event that is no code: not a landmark of one
    "a pathological complete response", "CR + PR", "CR 5%, PR 35%", "complete or partial response",
    "partial response in 20 and CR in 4",  # response categories, not the CR result
])
def test_not_endpoints(text):
    assert find_endpoints(text) == []


@pytest.mark.parametrize("text, expected", [
    ("ORR (CR + PR) was 41%", ["ORR"]),  # the categories inside the ORR's brackets are no CR
    ("ORR was 76%, including complete response in 28%", ["ORR", "CR"]),
    ("The 1-year atrial-arrhythmia-free survival was 68%", []),  # arrhythmia-free: no code
    ("pathological complete response rate", []),
    ("Adverse events occurred in 80%; grade 3 or higher in 20%", ["AE"]),
])
def test_endpoint_lists(text, expected):
    assert [e.endpoint for e in find_endpoints(text)] == expected


def test_grade_after_stays_in_its_clause():
    (e,) = find_endpoints("Adverse events occurred in 80%; grade 3 or higher in 20%")
    assert e.measure == "rate"


@pytest.mark.parametrize("text, expected", [
    ("PFS per RECIST v1.1 by blinded independent central review at the interim analysis",
     "RECIST 1.1, BICR, interim"),
    ("mRECIST, investigator-assessed", "mRECIST, investigator"),
    ("RECICL-assessed PFS", "RECICL"),
    ("the final analysis", "final"),
    ("the updated analysis with a data cutoff of 31 August 2020", "updated, data cut-off 2020-08-31"),
    ("the five-year overall survival update", "5-year update"),
    ("nothing stated here", ""),
    # an analysis other than the primary one
    ("in a sensitivity analysis, PFS", "sensitivity"),
    ("in the per-protocol population", "sensitivity"), ("per protocol", "sensitivity"),
    ("in the as-treated population", "sensitivity"),
    ("with the drug as a time-dependent covariate", "sensitivity"),
    ("treated as a time-dependent covariable in a Cox regression", "sensitivity"),
    ("a weighted time-dependent Cox regression analysis", "sensitivity"),
    ("an inverse-probability weighted Cox model", "sensitivity"),
    ("at the interim analysis, in the per-protocol set, PFS per mRECIST", "mRECIST, interim, sensitivity"),
    ("patients treated with the study drug per the protocol", ""),
    ("the sensitivity of CT for recurrence", ""), ("a weighted mean of the scores", ""),
])
def test_assessment(text, expected):
    assert find_assessment(text) == expected


def test_criteria_do_not_apply_to_os():
    assert assessment_for("OS", "RECIST 1.1, BICR, interim") == "interim"
    assert assessment_for("PFS", "RECIST 1.1, BICR, interim") == "RECIST 1.1, BICR, interim"
    assert assessment_for("OS", "mRECIST, final, sensitivity") == "final, sensitivity"
    assert assessment_for("AE", "sensitivity") == "sensitivity"


# -- endpoints outside the canonical codes ----------------------------------------------------
from extract.endpoints import find_outcome_phrases  # noqa: E402


@pytest.mark.parametrize("text, endpoint", [
    ("the primary outcome occurred in", "primary outcome"),
    ("the key secondary end point was", "key secondary endpoint"),  # spelling of "endpoint" normalized
    ("reduced the risk of the primary composite outcome of renal failure or cardiac death by", "renal failure or cardiac death"),
    ("the composite of stroke, myocardial infarction or cardiovascular death", "stroke, myocardial infarction or cardiovascular death"),
    ("lower 90-day mortality with", "90-day mortality"),
    ("hospitalization for heart failure was", "hospitalization for heart failure"),
    ("first CV hospitalization/all-cause death", "first CV hospitalization/all-cause death"),
    ("major adverse cardiovascular events (MACE) were", "MACE"),
    ("there were 40 MACE events", "MACE"),
    ("Cardiovascular Death", "cardiovascular death"),
    ("death from any cause", "OS"),
    ("all-cause mortality", "OS"),
    ("the HR for disease progression or death", "PFS"),
])
def test_outcome_phrases(text, endpoint):
    (e,) = find_outcome_phrases(text)
    assert (e.endpoint, e.free) == (endpoint, True)


@pytest.mark.parametrize("text", ["a total of 300 events", "this secondary outcome was", "the patients were seen"])
def test_not_outcome_phrases(text):
    from extract.assemble import _listed

    assert _listed(find_outcome_phrases(text)) == []


# -- the fast paths find what the patterns find --------------------------------------------------
from extract import endpoints as _ep  # noqa: E402


def test_by_first_char_groups_phrases_in_order():
    assert _ep.by_first_char("ab|c|ad") == "a(?:b|d)|c(?:)"


@pytest.mark.parametrize("text, view", [
    ("Median OS", "median os"),
    ("OS 19\u00b72 vs 15\u00b71 months \u2013 HR", "os 19\x002 vs 15\x001 months \x00 hr"),  # middle dot, en dash
    ("overall\u00a0survival", "overall survival"),  # a no-break space is a space
    ("na\u00efve", None), ("\u212aeytruda", None), ("post\u2010TACE", None),  # letters, a named hyphen
])
def test_ascii_view(text, view):
    assert _ep.ascii_view(text) == view


@pytest.mark.parametrize("text", [
    "Overall Survival and PROGRESSION-FREE SURVIVAL", "time-to-progression\x1cand time to\x1cprogression",
    "objective response rate\u00a0\u2013 disease control rate", "non-objective response", "adverse events-related",
    "Time to un-TACE-able progression", "TACE-specific PFS \u00b7 treatment-related adverse events",
    "Complete Responses, complete response rate and complete-response", "AF-recurrence-free survival",
])
def test_phrase_twin_matches_the_pattern(text):
    _, phr, twin, _, _ = _ep._endpoint_regexes()
    low = _ep.ascii_view(text)
    assert low is not None
    assert [m.span() for m in twin.finditer(low)] == [m.span() for m in phr.finditer(text)]


@pytest.mark.parametrize("text", [
    "death (HR 0.8; 95% CI) and stroke, myocardial infarction or cardiovascular death.",
    "the primary outcome; cardiovascular death or hospitalization for heart failure (MACE) occurred",
    "X [death] \u00e9death death\u00e9 (stroke)",
])
def test_outcome_matches_are_the_pattern_s(text):
    assert ([m.span() for m in _ep._outcome_matches(text)]
            == [m.span() for m in _ep.OUTCOME_PHRASE.finditer(text)])


def test_landmark_quick_look_passes_every_landmark_name():
    """Each name a landmark may take is let through by the cheap look, before ("12-month X") and
    after ("X rate at 12 months"), in ASCII text and in text with a non-ASCII character."""
    names = _ep.landmark_names() + ["survival", "AF-recurrence-free survival"]
    for name in names + ["freedom from recurrence", "freedom from disease progression"]:
        before = (f"the 12-month {name} rate was", f"the 1-year {name} \u2013 was") if name in names else ()
        for text in before + (f"{name} rate at 12 months was", f"{name} at 12 months \u2013 was"):
            assert _ep._may_hold_landmark(text, _ep.ascii_view(text)), text
            assert find_endpoints(text)[0].landmark_months == "12", text
