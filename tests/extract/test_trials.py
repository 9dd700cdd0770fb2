import pytest

from extract.trials import (AliasTable, TrialFinder, canonical_name, find_registry_ids, find_trial_candidates,
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


# -- abbreviations the document defines for ordinary terms ------------------------------------

def document_names(*parts, aliases=None):
    """Trial names over a document of several parts (learned from all parts first)."""
    finder = TrialFinder(aliases) if aliases else TrialFinder()
    for part in parts:
        finder.learn(part)
    return [m.name for part in parts for m in finder.mentions(part)]


@pytest.mark.parametrize("parts", [
    # the term in brackets after a study phrase, its long form inside the same bracket
    ("The median age in this randomized study was 61 years [interquartile range (IQR), 52-64].",),
    # the definition only in a legend elsewhere in the document
    ("Data from the randomized trial are shown as median (IQR).",
     "IQR, interquartile range; BNP, brain natriuretic peptide."),
    ("In this phase 2 study, brain natriuretic peptide (BNP) fell, and BNP stayed low.",),
    # a design abbreviation stays a design even next to "study"
    ("This was a multicentre double-blind randomized placebo-controlled trial (RCT).",
     "So far, no RCT study has tested the combination."),
    # "a CKD trial" is a kind of trial, not a name
    ("Gout is common in chronic kidney disease (CKD).", "The effect was smallest in a CKD trial."),
])
def test_defined_term_abbreviations_are_not_trials(parts):
    assert document_names(*parts) == []


@pytest.mark.parametrize("parts, expected", [
    # the expansion itself names a study
    (("In the Prevention of Events with Apixaban Study (PEAS), events were rare.",), ["PEAS"]),
    # defined as a phrase, then used as a trial's name
    (("the Heart Outcomes Prevention Evaluation (HOPE) enrolled 9297 patients.",
      "The HOPE trial randomized patients to ramipril."), ["HOPE", "HOPE"]),
    # a known trial in gold/aliases.csv, whatever the document spells out
    (("Sorafenib Plus Adjuvant Chemoembolization (SPACE) was a phase 2 study.", "In SPACE, TTP was longer."),
     ["SPACE", "SPACE"]),
])
def test_trials_defined_as_phrases_stay_trials(parts, expected):
    assert document_names(*parts) == expected


# -- surnames with a superscript marker digit -------------------------------------------------

@pytest.mark.parametrize("text", [
    "Gregory N. Smithson1* and Brian Mangal2",
    "As Okafor12 showed, conversion was rapid in the study.",
    "Nakamura1, Lindqvist2, Osei3 (randomized trial of amiodarone)",
])
def test_surnames_with_marker_digits_are_not_trials(text):
    assert names(text) == []


@pytest.mark.parametrize("text, expected", [
    ("The Alpha2 trial randomized 300 patients.", ["Alpha2"]),
    ("IMbrave150 changed practice.", ["IMbrave150"]),
    ("In the ZGDH3 trial, donafenib was compared with sorafenib.", ["ZGDH3"]),
    ("The CheckMate 9DW trial was open label.", ["CheckMate 9DW"]),
    ("KEYNOTE-240 did not meet its endpoints.", ["KEYNOTE-240"]),
])
def test_name_plus_digits_trials_still_found(text, expected):
    assert names(text) == expected


def test_known_name_plus_digit_is_a_trial():
    aliases = AliasTable({"zeta3": "Zeta3"}, {}, {}, frozenset())
    assert document_names("Zeta3 reported longer OS.", aliases=aliases) == ["Zeta3"]


@pytest.mark.parametrize("text, expected", [
    ("Galectin-3 and Interleukin-6 rose; Yttrium-90 was given.", []),  # proteins, an isotope
    ("In the Steno-2 study, targets were met by few.", ["Steno-2"]),
    ("CardioLink-6 showed no change in mass.", ["CardioLink-6"]),  # a second capital: strong
    ("LEAP-012 met its primary endpoint.", ["LEAP-012"]),
])
def test_capitalised_word_and_number_needs_context(text, expected):
    assert names(text) == expected


def test_candidate_pattern_is_its_shapes_after_a_non_word():
    """CANDIDATE starts with the shapes' first capital (for speed); it finds what the plain
    alternation of the shapes after a lookbehind finds."""
    import random

    import regex

    from extract.trials import ALNUM, CANDIDATE, CAPS, HYPHENATED, SPACED_CAMEL, SPACED_NUMBERED

    plain = regex.compile(r"(?<![\w\-/])(?:" + "|".join((SPACED_CAMEL, SPACED_NUMBERED, HYPHENATED, ALNUM, CAPS))
                          + r")(?![\w])")
    rng = random.Random(0)
    words = ["CheckMate", "459", "9DW", "PRECISION", "V", "IV", "TACE", "2", "LEAP-012", "IMbrave150", "ABC",
             "AB", "A", "x", "é", "É", "_", "ZGDH3", "SHARP", "Sharp", "Post-TACE", "I", "%", "1234"]
    seps = [" ", "", "-", "/", "\n", ".", ",", "(", ")", "\u00a0"]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 10)))
        assert [m.span() for m in CANDIDATE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_finder_reads_each_text_once_for_learning_and_mentions():
    finder = TrialFinder()
    text = "The SHARP trial and IMbrave150 were cited; SHARP enrolled 602 patients."
    finder.learn(text)
    assert [m.name for m in finder.mentions(text)] == ["SHARP", "IMbrave150", "SHARP"]
    assert list(finder._candidates) == [text]


# -- title and design layouts (invented names) ------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # Lancet / J Hepatol titles: the design follows "(NAME):"
    ("Tarvoxin in chronic kidney disease (NEPHRA-CKD): a multinational, randomised, double-blind trial",
     ["NEPHRA-CKD"]),
    ("Ostrazumab plus TACE for liver cancer (HELIX): a randomised, open-label, phase 3 trial", ["HELIX"]),
    ("Lenvatinib plus TACE versus lenvatinib alone (LUMINA): a randomised phase 3 trial", ["LUMINA"]),
    # the letters come from the regimen's words, but the design follows the colon
    ("Camrelizumab plus TACE (CAMTAC): a multicentre, phase 3 trial", ["CAMTAC"]),
    # an inline section label starts the sentence of the copula rule
    ("Methods: NEPHRA was a randomised, double-blind, placebo-controlled trial done at 312 sites.", ["NEPHRA"]),
    ("Design: ORCHID is a pragmatic multicentre study in primary care.", ["ORCHID"]),
    # design words between "the NAME" and its noun (JAMA)
    ("The PRISM-MI randomized clinical trial enrolled 3120 patients.", ["PRISM-MI"]),
    ("Zelcobant After Infarction: The CORAL Randomized Clinical Trial", ["CORAL"]),
    ("the GLORIA randomized, double-blind, placebo-controlled trial met its endpoint", ["GLORIA"]),
    ("the NOVA and ORION randomized trials", ["NOVA", "ORION"]),
    ("TITAN (phase III) trial data", ["TITAN"]),
])
def test_title_and_design_layouts(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "Effect of tarvaglin on brain natriuretic peptide (BNP): a randomized trial",
    "Outcomes in hepatocellular carcinoma (HCC): a randomised trial",
    "Outcomes with the new sealing device (SEAL): results in 40 patients",
    "Results: HR was a key measure in this study. METHODS: CI was a 95% interval in the trial.",
    "Design: COVID-19 was a major disruption to the trial.",
    "Among patients with HFrEF randomized clinical trials have shown benefit.",
    "The effect was smallest in a CKD randomized trial.",
    "The VEGFR-2 randomized trial and the NT-proBNP randomized clinical trial were both small.",
    "RESULTS randomized controlled trial METHODS",
])
def test_layouts_that_name_no_trial(text):
    assert names(text) == []


# -- arm abbreviations of a regimen -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Pts were randomized 1:1 to TACE + donafenib (D-TACE) or TACE alone. D-TACE improved median OS.",
    "In this randomised trial, TACE plus lenvatinib (TACE-L) was compared with TACE alone.",
    "Patients received lenvatinib plus TACE (LEN-TACE) or lenvatinib alone in this randomised study.",
    "In this phase 3 trial, the L-TACE arm had longer survival than TACE.",
])
def test_regimen_abbreviations_are_not_trials(text):
    assert names(text) == []


@pytest.mark.parametrize("text, expected", [
    ("The L-TACE trial enrolled 200 patients.", ["L-TACE"]),
    ("In this trial, patients received the regimen (L-TACE; NCT01234567).", ["L-TACE"]),
])
def test_regimen_shaped_name_with_trial_word_or_registry_id(text, expected):
    assert names(text) == expected


# -- names with a capitals suffix; a name with its spelled-out title --------------------------

@pytest.mark.parametrize("text, expected", [
    ("We performed a case-control study within the TRIDENT HF trial.", ["TRIDENT HF"]),
    ("The TRIDENT HF (Tandorexin in Patients with Worsening Heart Failure and Sinus Rhythm) trial enrolled "
     "5022 patients.", ["TRIDENT HF"]),
    ("The MERIDIAN Pro-AF trial was a randomized, single-blind trial.", ["MERIDIAN Pro-AF"]),
    ("& MERIDIAN PRO-AF Investigators", ["MERIDIAN PRO-AF"]),
    # the first word alone stays a name when the pair is not one
    ("The ATLAS trial randomized patients; in ATLAS HR 0.7 was seen.", ["ATLAS", "ATLAS"]),
    ("RESULTS AND DISCUSSION of the SHARP trial", ["SHARP"]),
    # a capitals name and its title-case expansion, whose words hold its letters
    ("Patients were enrolled (STOP-FLOW [Safety and Outcome of Percutaneous Flow Strategies in Cardiogenic "
     "Shock]; registered at ClinicalTrials.gov).", ["STOP-FLOW"]),
])
def test_suffixed_and_spelled_out_names(text, expected):
    assert names(text) == expected


def test_suffixed_name_learned_in_context_counts_everywhere():
    assert document_names("The TRIDENT HF trial enrolled 5022 patients.", "In TRIDENT HF, events were rare.",
                          "TRIDENT alone is a word here.") == ["TRIDENT HF", "TRIDENT HF"]


def test_words_of_a_suffixed_name_are_not_learned_from_it():
    # "Pro-AF trial" inside "MERIDIAN Pro-AF trial" does not make "Pro-AF" (a term) a trial
    assert document_names("The MERIDIAN Pro-AF trial was randomized.", "Symptomatic Pro-AF was documented.") == [
        "MERIDIAN Pro-AF"]


@pytest.mark.parametrize("text", [
    "NYHA (New York Heart Association) class and MACE (Major Adverse Cardiovascular Events) in this trial.",
    "COVID-19 (Coronavirus Disease 2019) and VEGFR-2 (Vascular Endothelial Growth Factor Receptor Two) in the study.",
    "Funding from the National Health Research Institute Technology Assessment (NHRI HTA) for this trial.",
    "METHODS AND RESULTS", "Data from the HFrEF (Heart Failure with Reduced Ejection Fraction) trials were pooled.",
])
def test_expansions_and_spaced_capitals_that_are_not_trials(text):
    assert names(text) == []


def test_title_name_whose_letters_hide_in_the_title_words():
    assert names("Seeding and trigger ablation for relapse of atrial fibrillation (STAR AF): a randomized, "
                 "multicenter trial") == ["STAR AF"]


def test_known_name_keeps_its_suffix_out():
    aliases = AliasTable({"zeta": "ZETA"}, {}, {}, frozenset({"ZETA"}))
    assert document_names("The ZETA AF trial enrolled 300 patients.", aliases=aliases) == ["ZETA"]


@pytest.mark.parametrize("text, names", [
    ("Lenvatinib was given first, followed by TACE 2 weeks later.", []),
    ("Each patient had TACE 3 sessions apart from the index procedure.", []),
    ("The TACE 2 trial enrolled 313 patients.", ["TACE-2"]),
])
def test_a_capitals_word_and_a_count_of_weeks_is_not_a_numbered_name(text, names):
    assert [m.name for m in find_trial_candidates(text)] == names


@pytest.mark.parametrize("text, names", [
    ("ORCA-L1 compared ranolimab plus chemotherapy with placebo plus chemotherapy.", ["ORCA-L1"]),
    ("Results: KESTREL-2B randomized 512 patients to two arms.", ["KESTREL-2B"]),
    ("Patients with PD-L1 compared favourably.", []),
    ("ECOG evaluated the performance status.", []),  # no hyphen or digit: not a code-shaped name
])
def test_a_code_shaped_name_doing_what_a_trial_does_is_a_trial(text, names):
    assert [m.name for m in find_trial_candidates(text)] == names
