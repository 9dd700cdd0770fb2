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


# -- components the stems or the lexicon did not know; never a part of an arm -----------------

@pytest.mark.parametrize("text, name", [
    ("osimertinib plus pemetrexed", "osimertinib plus pemetrexed"),
    ("tovecimab plus mFOLFOX6", "tovecimab plus mFOLFOX6"),
    ("CAPOX plus daily vitamin D3", "CAPOX plus vitamin D3"),
    ("durvalumab plus chemotherapy", "durvalumab plus chemotherapy"),
    ("colchicine", "colchicine"),
    ("usual care", "usual care"),
    ("standard of care", "standard of care"),
    ("gemcitabine plus GEMOX", "gemcitabine plus GEMOX"),
])
def test_regimens_beyond_the_first_lexicon(text, name):
    assert normalize_regimen(text) == name


@pytest.mark.parametrize("text, exp, ctrl", [
    ("Patients were randomized to colchicine or usual care.", "colchicine", "usual care"),
    ("Patients were randomized to adjuvant sorafenib or observation.", "sorafenib", "observation"),
    ("Patients were randomised to tovecimab plus mFOLFOX6 or placebo plus mFOLFOX6.",
     "tovecimab plus mFOLFOX6", "placebo plus mFOLFOX6"),
    ("Patients were assigned to ravotinib (8 mg once daily) or placebo in combination with TACE.",
     "ravotinib plus TACE", "placebo plus TACE"),
    ("We assigned patients to quovatinib or placebo plus TACE.", "quovatinib plus TACE", "placebo plus TACE"),
    ("Patients were randomized 1:1 to TACE + donafenib (D-TACE) or TACE alone.", "TACE plus donafenib", "TACE"),
    ("Patients were randomly assigned to receive oral fenirelaxin or placebo.", "fenirelaxin", "placebo"),
    ("Patients were randomized to zelcobant, 2 mg daily (n = 1562), or usual care (n = 1558).",
     "zelcobant", "usual care"),
])
def test_design_arms_whole(text, exp, ctrl):
    arms = find_arms(text, strict=True)
    assert (arms.exp, arms.ctrl) == (exp, ctrl)


@pytest.mark.parametrize("text", [
    # the second component is no drug the reader knows: no arm rather than "osimertinib" alone
    "Patients were assigned to osimertinib plus folinic acid or osimertinib alone.",
    "Patients were assigned to TACE plus zx-44 or TACE alone.",
])
def test_partial_arm_is_none(text):
    assert find_arms(text, strict=True) is None


@pytest.mark.parametrize("text, exp, ctrl", [
    # A against B plus C (C joined by "plus", B no placebo): nothing shared
    ("Patients were randomized to sorafenib or TACE plus sorafenib.", "sorafenib", "TACE plus sorafenib"),
    ("Patients were randomized to lenvatinib or sorafenib plus TACE.", "lenvatinib", "sorafenib plus TACE"),
])
def test_no_shared_component_without_placebo_or_in_combination(text, exp, ctrl):
    arms = find_arms(text, strict=True)
    assert (arms.exp, arms.ctrl) == (exp, ctrl)


@pytest.mark.parametrize("text", [
    "The observation group received TACE plus apatinib.",
    "During the observation period, sorafenib was continued.",
    "Patients remained under observation after TACE.",
])
def test_observation_is_a_control_only_as_an_arm(text):
    assert "observation" not in normalize_regimen(text)


def test_role_named_group_is_the_other_arm():
    text = ("Median overall survival was 25.3 months (95% CI 22.1-not reached) in the combination group "
            "versus 18.9 months (16.4-21.7) in the cTACE group.")
    arms = find_arms(text)
    assert (arms.exp, arms.ctrl) == ("", "cTACE")


def test_hyphenated_regimen_abbreviation():
    text = "Patients were randomized to TACE + donafenib (D-TACE) or TACE alone."
    abbrev = regimen_abbreviations(text)
    assert abbrev == {"D-TACE": "TACE plus donafenib"}
    assert find_arms("D-TACE versus TACE alone", abbrev=abbrev).exp == "TACE plus donafenib"
    # a name of the procedure alone is not learned as the combination's
    assert regimen_abbreviations("apatinib plus drug-eluting bead TACE (DEB-TACE)") == {}


@pytest.mark.parametrize("text, exp, ctrl", [
    ("Trastuzumab deruxtecan was compared with chemotherapy of the physician's choice.",
     "trastuzumab deruxtecan", "chemotherapy"),
    ("Patients were randomized to enfortumab vedotin plus pembrolizumab or chemotherapy.",
     "enfortumab vedotin plus pembrolizumab", "chemotherapy"),
    ("T-DXd versus T-DM1 in previously treated disease.", "trastuzumab deruxtecan", "trastuzumab emtansine"),
    # a gloss in brackets is not an arm
    ("We compared TACE plus sintilimab and IBI305 (a bevacizumab biosimilar) versus TACE alone.",
     "TACE plus sintilimab plus bevacizumab biosimilar", "TACE"),
    ("Lenvatinib (a multikinase inhibitor) versus sorafenib (the standard of care).", "lenvatinib", "sorafenib"),
])
def test_two_word_drugs_and_glosses_in_brackets(text, exp, ctrl):
    """Antibody-drug conjugates are one drug of two words; "(a bevacizumab biosimilar)" after a
    drug says what it is."""
    arms = find_arms(text, strict=True)
    assert (arms.exp, arms.ctrl) == (exp, ctrl)
