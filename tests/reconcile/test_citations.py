"""CITATION_MISMATCH (extract.reconcile.citations)."""

import pytest

from extract.reconcile import check_citation_mismatch, trials_in_reference

from .helpers import codes, context, gold_row, make_gold, rec

GOLD = make_gold(
    gold_row(trial="SPACE", endpoint="TTP", publication="J Hepatol 2016;64:1090-8"),
    gold_row(trial="EMERALD-1", endpoint="PFS", publication="Lancet 2025;405:216-32"),
    gold_row(trial="TACE-2", endpoint="PFS", publication="Lancet Gastroenterol Hepatol 2017;2:565-75"),
    gold_row(trial="DEB-TACE-apatinib", endpoint="PFS", publication="Signal Transduct Target Ther 2024;9:304"),
    gold_row(trial="CAP-ACE", endpoint="PFS", publication="J Clin Oncol 2025;43:LBA522"),
    gold_row(trial="Post-TACE", endpoint="TTP", publication="Eur J Cancer 2011;47:2117-27"),
    aliases={"TACE-2": "TACE 2", "CAP-ACE": "CARES-005"},
)

REFS = {
    12: "Sangro B, et al. Durvalumab with or without bevacizumab with transarterial chemoembolisation "
        "in hepatocellular carcinoma (EMERALD-1): a phase 3 study. Lancet. 2025;405:216-32.",
    51: "Kudo M, et al. Phase III study of sorafenib after transarterial chemoembolisation in Japanese "
        "and Korean patients. Eur J Cancer. 2011;47:2117-27.",
    52: "Lencioni R, et al. Sorafenib or placebo plus TACE with doxorubicin-eluting beads for "
        "intermediate stage HCC: The SPACE trial. J Hepatol. 2016;64:1090-8.",
    53: "Meyer T, et al. Sorafenib in combination with transarterial chemoembolisation (TACE 2): a "
        "randomised placebo-controlled, double-blind, phase 3 trial. Lancet Gastroenterol Hepatol. 2017;2:565-75.",
    55: "Duan X, et al. Drug-eluting bead transarterial chemoembolization combined with apatinib versus "
        "drug-eluting bead TACE: a randomized phase III trial. Signal Transduct Target Ther. 2024;9:304.",
    60: "Liu K, et al. HIF-1 alpha and VEGF levels after TACE: a cohort in a new space of care. "
        "Transl Cancer Res. 2017;6:1043-9.",
    61: "Someone A. A trial named NOVEL-7 of something. J Test. 2020;1:1-2.",
}


def flags_for(trial, citations, printed=None):
    r = rec(trial=printed or trial, endpoint="PFS", location="table", section="Table 2", citations=citations)
    return check_citation_mismatch(context([r], GOLD, references={"doc-a": REFS}))


@pytest.mark.parametrize("trial, citations, about", [
    ("EMERALD-1", "52", "SPACE"),                   # names SPACE in its title
    ("LEAP-012", "53", "TACE-2"),                   # names TACE-2 by its alias "TACE 2"
    ("CAP-ACE", "55", "DEB-TACE-apatinib"),         # no name: identified by its locator 2024;9:304
    ("EMERALD-1", "51", "Post-TACE"),
])
def test_citation_of_another_trial(trial, citations, about):
    flags = flags_for(trial, citations)
    assert codes(flags) == ["CITATION_MISMATCH"]
    assert flags[0].severity == "error"
    assert f"reference {citations} is about {about}" in flags[0].message
    assert flags[0].other["quote"] == REFS[int(citations)]


@pytest.mark.parametrize("trial, citations, printed", [
    ("EMERALD-1", "12", None),
    ("SPACE", "52", None),
    ("TACE-2", "53", None),
    ("DEB-TACE-apatinib", "55", "DEB-DEB-TACE-apatinib"),    # a misprinted name, right citation
    ("EMERALD-1", "60", None),     # "space" in lower case is not the SPACE trial
    ("EMERALD-1", "61", None),     # names a trial the gold does not know: not clearly another
    ("EMERALD-1", "99", None),     # no such reference
    ("EMERALD-1", "", None),
    ("EMERALD-1", "12;52", None),  # one of the cited references is the trial's own
    ("NOVEL-7", "61", None),       # an unknown trial whose name the reference prints
])
def test_no_citation_mismatch(trial, citations, printed):
    assert flags_for(trial, citations, printed) == []


def test_trials_in_reference():
    assert trials_in_reference(REFS[53], GOLD) == {"TACE-2"}
    assert trials_in_reference(REFS[55], GOLD) == {"DEB-TACE-apatinib"}
    assert trials_in_reference(REFS[60], GOLD) == set()


def test_no_references_for_the_document():
    r = rec(trial="EMERALD-1", endpoint="PFS", citations="52")
    assert check_citation_mismatch(context([r], GOLD, references={"doc-b": REFS})) == []
