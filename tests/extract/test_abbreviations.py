import pytest

from extract.abbreviations import (defined_terms, initials_of, names_a_design, names_a_trial, spells_out,
                                   term_abbreviations, title_expansion)


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


# Texts where definitions start at every kind of place: a bracket, a short form before " (", a
# glossary item at the text's start, after a newline or after punctuation and 1-3 spaces; and
# near misses (a run of 13 characters, a hyphen or an underscore before it, no capital, a
# white space regex does not count as one).
_TRICKY = [
    "IQR: interquartile range, BNP: brain natriuretic peptide.\nCRP, C-reactive protein; ",
    "x.   ARB, angiotensin receptor blocker; a-GLP-1 (glucagon-like peptide-1) and _GLP (glp)",
    "ABCDEFGHIJKLM, a long form here; ABCDEFGHIJKL, another long form\u001cAE, adverse event;",
    "the dose (DPP-4 (dipeptidyl peptidase-4)) [IQR] (HR, hazard ratio) (abc) (1A) [Aa, ab cd]",
    "é AE, adverse event; \u00a0SD, standard deviation;\tLV: left ventricle\u001c(IQR)",
]


def test_definition_scan_finds_what_a_full_scan_finds():
    """`_definitions` tries DEFINITION only where a match can start: the same matches as
    finditer over every position, on tricky texts and on random ones."""
    import random

    from extract.abbreviations import DEFINITION, _definitions

    rng = random.Random(0)
    words = ["IQR", "interquartile", "range", "GLP-1", "glucagon-like", "peptide-1", "A", "b", "Ab", "x",
             "é", "_", "NT-proBNP", "HbA1c", "abcdefghijkX", "ABCDEFGHIJKLM", "1A", "-X", "study"]
    seps = [" ", "  ", "\n", "(", ")", "[", "]", ", ", ",", ": ", ":", "; ", ". ", " (", "\u00a0",
            "\u001c", "/", "-", "", ".  ", ".   ", ".    ", ",\u001c ", ";\n", ":\u2003"]
    texts = _TRICKY + ["".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 12)))
                       for _ in range(3000)]
    for text in texts:
        assert [m.span() for m in _definitions(text)] == [m.span() for m in DEFINITION.finditer(text)], text


def test_words_before_a_bracket_stop_at_a_clause_boundary():
    import random

    import regex

    from extract.abbreviations import CLAUSE_MARKS, PRECEDING_MAX, _preceding

    pattern = regex.compile("[^" + regex.escape(CLAUSE_MARKS) + "]{1,%d}$" % PRECEDING_MAX)
    rng = random.Random(1)
    for _ in range(3000):
        text = "".join(rng.choice("ab .;:!?()[]\n") for _ in range(rng.randint(0, 700)))
        end = rng.randint(0, len(text))
        m = pattern.search(text[max(0, end - PRECEDING_MAX):end])
        assert _preceding(text, end) == (m.group(0) if m else "")


@pytest.mark.parametrize("short, long_form, expected", [
    # a trial's acronym: a word built from parts of its title's words
    ("STOP-FLOW", "Safety and Outcome of Percutaneous Flow Strategies in Cardiogenic Shock", True),
    # one initial a word: a body's or a term's abbreviation
    ("NYHA", "New York Heart Association", False),
    ("MACE", "Major Adverse Cardiovascular Events", False),
    # too few words, lower case, or the letters not in the words
    ("ECMELLA", "ECMO and Impella", False),
    ("STOP-FLOW", "safety and outcome of percutaneous flow strategies in cardiogenic shock", False),
    ("TRIDENT", "Tandorexin in Patients with Worsening Heart Failure", False),
])
def test_spells_out(short, long_form, expected):
    assert spells_out(short, long_form) == expected


@pytest.mark.parametrize("short, text, expected", [
    ("BNP", "Effect of tarvaglin on brain natriuretic peptide", True),
    ("MACE", "Major Adverse Cardiovascular Events", True),
    ("CAMTAC", "Camrelizumab plus TACE", False),  # letters from inside the words
    ("NEPHRA", "Tarvoxin in chronic kidney disease", False),
])
def test_initials_of(short, text, expected):
    assert initials_of(short, text) == expected


@pytest.mark.parametrize("short, text, expected", [
    ("TRIDENT HF", "Tandorexin in Patients with Worsening Heart Failure and Sinus Rhythm", True),
    ("HFrEF", "Heart Failure with Reduced Ejection Fraction", False),  # its initials
    ("TRIDENT HF", "n = 5022 patients with worsening heart failure", False),
])
def test_title_expansion(short, text, expected):
    assert title_expansion(short, text) == expected
