import pytest

from extract.trials import (TrialFinder, canonical_name, find_registry_ids, find_trial_candidates,
                            trial_from_arms, trial_from_registry)


def names(text):
    return [m.name for m in find_trial_candidates(text)]


@pytest.mark.parametrize("text, expected", [
    ("LEAP-012 met its primary endpoint.", ["LEAP-012"]),
    ("Results from CARES-310 were updated.", ["CARES-310"]),
    ("The SCT-I10A-C301 trial enrolled patients in China.", ["SCT-I10A-C301"]),
    ("IMbrave150 changed practice.", ["IMbrave150"]),
    ("In the ZGDH3 trial, donafenib was compared with sorafenib.", ["ZGDH3"]),
    ("The CheckMate 9DW trial was open label.", ["CheckMate 9DW"]),
    ("The Post-TACE trial was negative.", ["Post-TACE"]),
    ("TACE-2 was a phase 3 trial.", ["TACE-2"]),
    ("the SHARP trial established sorafenib", ["SHARP"]),
    ("in the TALENTACE study, patients", ["TALENTACE"]),
    ("a double-blind phase 3 trial of durvalumab (EMERALD-1)", ["EMERALD-1"]),
    ("the NOVA and ORION studies", ["NOVA", "ORION"]),
    ("The randomized controlled trial PRECISION V compared beads with cTACE.", ["PRECISION V"]),
    ("TITAN was a randomized phase II trial in Japan.", ["TITAN"]),
])
def test_trial_names_by_shape_and_context(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "Sintilimab plus IBI305 and finotonlimab plus SCT510 were tested.",
    "Lenvatinib inhibits VEGFR-2, FGFR 1-4 and PDGFR-β.",
    "PD-1 and CTLA-4 blockade.",
    "Response by RECIST 1.1 and mRECIST; BCLC stage B.",
    "DEB-TACE versus cTACE.",
    "hepatocellular carcinoma (HCC) remains common",
    "A sharp decline, a wide space, a new launch.",
    "Funding: grants BK20251691 and SYH-3201140-0045.",
])
def test_not_trials(text):
    assert names(text) == []


@pytest.mark.parametrize("printed, canonical", [
    ("Checkmate-9DW", "CheckMate 9DW"),
    ("CHECKMATE 9DW", "CheckMate 9DW"),
    ("CARES-005", "CAP-ACE"),
    ("TACE 2", "TACE-2"),
    ("TACE-apatinib", "DEB-TACE-apatinib"),
    ("Emerald-1", "EMERALD-1"),
    ("DEB-DEB-TACE-apatinib", "DEB-DEB-TACE-apatinib"),
    ("NEWTRIAL-9", "NEWTRIAL-9"),
])
def test_canonical_names(printed, canonical):
    assert canonical_name(printed) == canonical


def test_name_learned_in_context_counts_everywhere_in_document():
    finder = TrialFinder()
    finder.learn("The ATLAS trial randomized 300 patients.")
    assert [m.name for m in finder.mentions("In ATLAS, OS was longer.")] == ["ATLAS"]


def test_lowercase_prefixed_name_is_not_the_trial():
    assert names("the complexity of post-TACE changes") == []


@pytest.mark.parametrize("text, rid", [
    ("registered as NCT03434379.", "NCT03434379"),
    ("ChiCTR2000032045", "ChiCTR2000032045"),
    ("ISRCTN12345678", "ISRCTN12345678"),
    ("EudraCT 2016-001234-56", "2016-001234-56"),
])
def test_registry_ids(text, rid):
    assert [r for _, _, r in find_registry_ids(text)] == [rid]


def test_inference_from_registry_and_arms():
    assert trial_from_registry("NCT03434379") == "IMbrave150"
    assert trial_from_registry("NCT99999999") == "NCT99999999"
    assert trial_from_arms("TACE plus lenvatinib plus pembrolizumab", "TACE plus dual placebo") == "LEAP-012"
    assert trial_from_arms("sorafenib", "lenvatinib") == ""


@pytest.mark.parametrize("text", ["Patients on SGLT2i at baseline were enrolled in the study.",
                                  "The EMPA-REG OUTCOME trial enrolled 7020 patients.",
                                  "RESULTS of the study are shown."])
def test_class_abbreviations_and_heading_words_are_not_trials(text):
    assert {m.name for m in find_trial_candidates(text)} & {"SGLT2i", "OUTCOME", "RESULTS"} == set()
