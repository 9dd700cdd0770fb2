import pytest

from extract.arms import find_arms, normalize_regimen, regimen_abbreviations, split_arms


@pytest.mark.parametrize("text, name", [
    ("Atezolizumab plus bevacizumab", "atezolizumab plus bevacizumab"),
    ("atezolizumab + bevacizumab", "atezolizumab plus bevacizumab"),
    ("TACE plus lenvatinib and pembrolizumab", "TACE plus lenvatinib plus pembrolizumab"),
    ("Finotonlimab together with a bevacizumab biosimilar", "finotonlimab plus bevacizumab biosimilar"),
    ("sintilimab plus a bevacizumab biosimilar", "sintilimab plus bevacizumab biosimilar"),
    ("sintilimab plus IBI305", "sintilimab plus bevacizumab biosimilar"),
    ("Keytruda plus Lenvima", "pembrolizumab plus lenvatinib"),
    ("camrelizumab and rivoceranib/apatinib", "camrelizumab plus rivoceranib"),
    ("lenvatinib/sorafenib", "lenvatinib or sorafenib"),
    ("sorafenib/placebo", "sorafenib"),
    ("TACE-sorafenib", "TACE plus sorafenib"),
    ("conventional TACE combined with sorafenib", "cTACE plus sorafenib"),
    ("drug-eluting bead TACE plus apatinib", "DEB-TACE plus apatinib"),
    ("on-demand TACE alone", "on-demand TACE"),
    ("TACE plus dual placebo", "TACE plus dual placebo"),
    ("the PD-1 inhibitor toripalimab and the VEGF antibody bevacizumab", "toripalimab plus bevacizumab"),
    ("durvalumab 1,500 mg plus tremelimumab 300 mg", "durvalumab plus tremelimumab"),
])
def test_regimen_normalization(text, name):
    assert normalize_regimen(text) == name


@pytest.mark.parametrize("text, exp, ctrl", [
    ("Lenvatinib vs. sorafenib", "lenvatinib", "sorafenib"),
    ("sorafenib versus placebo", "sorafenib", "placebo"),
    ("comparing cTACE plus tislelizumab and regorafenib with cTACE alone", "cTACE plus tislelizumab plus regorafenib", "cTACE"),
    ("tislelizumab compared with sorafenib", "tislelizumab", "sorafenib"),
    ("placebo versus regorafenib", "regorafenib", "placebo"),
    ("TACE alone or TACE plus sorafenib", "TACE plus sorafenib", "TACE"),
    ("randomized to TACE plus nivolumab and ipilimumab, TACE plus nivolumab, or TACE plus placebo",
     "TACE plus nivolumab plus ipilimumab", "TACE plus placebo"),
    ("donafenib showed superior OS to sorafenib", "donafenib", "sorafenib"),
])
def test_experimental_and_control(text, exp, ctrl):
    arms = find_arms(text)
    assert (arms.exp, arms.ctrl) == (exp, ctrl)


def test_strict_needs_an_explicit_comparison():
    text = "Those given TACE alone were later offered regorafenib plus nivolumab at progression."
    assert find_arms(text, strict=True) is None


def test_table_cell_three_arms_first_vs_last():
    arms = split_arms("TACE plus durvalumab plus bevacizumab vs. TACE plus durvalumab vs. TACE plus placebo")
    assert (arms.exp, arms.ctrl) == ("TACE plus durvalumab plus bevacizumab", "TACE plus placebo")


def test_abbreviation_defined_in_text():
    abbrev = regimen_abbreviations('the "T+A" regimen (atezolizumab plus bevacizumab) is used')
    assert abbrev == {"T+A": "atezolizumab plus bevacizumab"}
    assert normalize_regimen("T+A") == ""
    assert find_arms("T+A versus sorafenib", abbrev=abbrev).exp == "atezolizumab plus bevacizumab"


@pytest.mark.parametrize("text, name", [
    ("empagliflozin", "empagliflozin"), ("oral semaglutide", "semaglutide"), ("rivaroxaban", "rivaroxaban"),
    ("dabigatran", "dabigatran"), ("dronedarone", "dronedarone"), ("vernakalant", "vernakalant"),
    ("candesartan", "candesartan"), ("ramipril", "ramipril"), ("bisoprolol", "bisoprolol"),
    ("rosuvastatin", "rosuvastatin"), ("enoxaparin", "enoxaparin"), ("ticagrelor", "ticagrelor"),
    ("clopidogrel", "clopidogrel"), ("warfarin", "warfarin"),
])
def test_drugs_of_other_areas_by_their_inn_stem(text, name):
    assert normalize_regimen(text) == name


@pytest.mark.parametrize("text", ["in April", "the heparin-free peptide", "a control group"])
def test_words_ending_like_a_stem_are_not_drugs(text):
    assert normalize_regimen(text) == ""


def test_one_regimen_on_both_sides_of_a_comparison_is_not_two_arms():
    arms = find_arms("2.0% in the edoxaban group, as compared with 2.5% in the other group (hazard ratio with edoxaban, 0.8)")
    assert arms is None or arms.exp != arms.ctrl


@pytest.mark.parametrize("text", [
    "Sorafenib plus TACE vs TACE\u2013alone", "LENVATINIB\u00a0plus post-TACE and non-TACE", "naïve TACE-naïve tace",
    "Keytruda\u2009+\u2009lenvatinib\x1cvs\x1csorafenib", "drug-eluting bead\u2010TACE",
])
def test_regimen_twin_matches_the_pattern(text):
    from extract.arms import _lexicon
    from extract.endpoints import ascii_view

    rx, twin, _ = _lexicon()
    low = ascii_view(text)
    expected = [m.span() for m in rx.finditer(text)]
    assert low is None or [m.span() for m in twin.finditer(low)] == expected
