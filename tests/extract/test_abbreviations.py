import pytest

from extract.abbreviations import defined_terms, names_a_design, names_a_trial, term_abbreviations


@pytest.mark.parametrize("text, short, long", [
    ("The median age [interquartile range (IQR)] was 61 years.", "IQR", "interquartile range"),
    ("Plasma brain natriuretic peptide (BNP) fell at 12 weeks.", "BNP", "brain natriuretic peptide"),
    ("Ages are medians (IQR, interquartile range).", "IQR", "interquartile range"),
    ("levels of N-terminal pro-B-type natriuretic peptide (NT-proBNP) rose", "NT-proBNP",
     "N-terminal pro-B-type natriuretic peptide"),
    ("Table 2. Outcomes. LVEF: left ventricular ejection fraction, CRP: C-reactive protein.", "CRP",
     "C-reactive protein"),
    ("ABBREVIATIONS: AE, adverse event; ARB, angiotensin receptor blocker; SD, standard deviation",
     "ARB", "angiotensin receptor blocker"),
    ("patients on a DPP-4 (dipeptidyl peptidase-4) inhibitor", "DPP-4", "dipeptidyl peptidase-4"),
])
def test_definitions_found(text, short, long):
    assert defined_terms(text)[short] == long


@pytest.mark.parametrize("text", [
    # the letters T-R-I-T-O-N hide inside "TACE with or without sorafenib": a title, not a long form
    "A randomized phase 3 study of TACE with or without sorafenib (TRITON) showed longer TTP.",
    "Three centres took part: Hospital Nord (HNX) and two others.",
    "OS was longer (HR 0.69).",
    "as reported previously (Figure 2)",
])
def test_brackets_that_define_nothing(text):
    assert defined_terms(text) == {}


@pytest.mark.parametrize("long_form, trial, design", [
    ("interquartile range", False, False),
    ("randomized placebo-controlled trial", False, True),
    ("prospective cohort study", False, True),
    ("Prevention of Events with Apixaban Study", True, False),
])
def test_kinds_of_expansion(long_form, trial, design):
    assert (names_a_trial(long_form), names_a_design(long_form)) == (trial, design)


def test_term_abbreviations_leave_out_named_studies():
    text = ("In the Prevention of Events with Apixaban Study (PEAS), the interquartile range (IQR) "
            "of age was narrow.")
    assert term_abbreviations(text) == {"IQR": "interquartile range"}
