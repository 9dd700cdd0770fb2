"""Document-level behaviour: attachment to trial/arms from context, tables, provenance."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extract.columns import EVIDENCE_COLUMNS, EVIDENCE_EXTRA_COLUMNS, TIMING_COLUMNS
from extract.extractor import extract_document
from extract.model import Citation

ROOT = Path(__file__).resolve().parents[2]

HEADER = ["Study", "Treatment arms", "Timing", "Key efficacy results (months)"]
ROW = ["NOVA-3 (Phase III)", "TACE plus lenvatinib vs. TACE alone",
       "lenvatinib initiated 1-2 weeks before the first TACE procedure",
       "OS: 19.2 vs. 13.4 (HR = 0.66) PFS: 6.9 vs. 4.3 (HR = 0.65, P = 0.01)"]


def test_columns_and_types(make_doc):
    x = extract_document(make_doc("In the ATLAS-2 trial, OS was 11.30 vs 7.0 months (HR 0.70)."))
    assert list(x.evidence.columns) == EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS
    assert list(x.timings.columns) == TIMING_COLUMNS
    row = x.evidence.iloc[0]
    assert row["value_exp"] == "11.30" and isinstance(row["value_exp"], str)
    assert all(type(row[c]) is int for c in ("page", "start", "end"))
    assert all(type(v) is str for c in EVIDENCE_COLUMNS if c not in ("page", "start", "end")
               for v in x.evidence[c])


def test_quote_is_the_sentence_and_matches_offsets(make_doc):
    doc = make_doc("Background text here. In ATLAS-2, OS was 12.0 vs 9.0 months (HR 0.70). Nothing else.")
    x = extract_document(doc)
    r = x.evidence.iloc[0]
    assert r["quote"] == doc.text[r["start"]:r["end"]] == "In ATLAS-2, OS was 12.0 vs 9.0 months (HR 0.70)."
    assert (r["location"], r["page"]) == ("text", 1)


def test_section_heading_scopes_the_trial(make_doc):
    doc = make_doc("ORBIT-4 randomized 400 patients.", "Median PFS was 8.1 vs 5.0 months (HR 0.60).",
                   headings={0: "THE ORBIT-4 TRIAL"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["section"]) == ("ORBIT-4", "THE ORBIT-4 TRIAL")


def test_trial_and_arms_from_previous_sentences(make_doc):
    doc = make_doc("The KESTREL-5 trial compared regorafenib with placebo. Median OS was 10.6 vs 7.8 months (HR 0.63).")
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["arm_exp"], r["arm_ctrl"]) == ("KESTREL-5", "regorafenib", "placebo")


def test_previous_paragraph_trial_does_not_leak_in_a_multi_trial_document(make_doc):
    doc = make_doc("The KESTREL-5 trial compared regorafenib with placebo; ORBIT-2 tested cabozantinib.",
                   "Median OS was 10.6 vs 7.8 months (HR 0.63).")
    assert extract_document(doc).evidence.iloc[0]["trial"] == ""


def test_document_naming_one_trial_attaches_it_and_its_arms_everywhere(make_doc):
    doc = make_doc("In this phase 3 trial (KESTREL-5; NCT01234567), patients were randomly assigned to "
                   "regorafenib or placebo.", "Median OS was 10.6 vs 7.8 months (HR 0.63).")
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["trial_inferred"], r["arm_exp"], r["arm_ctrl"]) == ("KESTREL-5", "False", "regorafenib", "placebo")


def _cite(doc, after: str, number: int) -> None:
    """A citation marker right after the first `after` in the document's text."""
    pos = doc.text.index(after) + len(after)
    doc.citations.append(Citation([number], f"^[{number}]", pos, pos))


def test_results_get_the_trial_of_the_title_not_the_trials_cited_in_the_background(make_doc):
    doc = make_doc("Background: the ORBIT-2 and HERON-7 trials compared sorafenib with placebo.",
                   "Median OS was 10.6 vs 7.8 months (HR 0.63).",
                   headings={0: "Regorafenib after sorafenib: final results of the KESTREL-5 trial", 1: "Results"})
    _cite(doc, "with placebo.", 4)
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["trial_inferred"]) == ("KESTREL-5", "False")


ABSTRACT = ("Whether adding an oral inhibitor to embolization helps is unknown.",
            "In this phase 3 trial (ORCA-HCC3), we randomly assigned 500 patients to belatinib or placebo.",
            "Median PFS was 13.2 months vs. 9.1 months (hazard ratio, 0.71; 95% CI, 0.58 to 0.87).",
            "Belatinib prolonged progression-free survival.")


@pytest.mark.parametrize("labels", [("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"),
                                    ("Background:", "Methods:", "Results:", "Conclusions and Relevance")])
def test_structured_abstract_labels_do_not_end_the_front_matter(make_doc, labels):
    """ "In this trial (NAME), we randomly assigned ..." under a METHODS label names the abstract's
    own trial: the labels of a structured abstract are not the paper's body headings."""
    labels = tuple(x.rstrip(":") if "Relevance" not in x else x for x in labels)
    doc = make_doc(*ABSTRACT, headings={0: "Belatinib with embolization for liver cancer",
                                        1: labels[1], 2: labels[2], 3: labels[3]})
    doc2 = make_doc(*ABSTRACT, headings={0: labels[0], 1: labels[1], 2: labels[2], 3: labels[3]})
    for d in (doc, doc2):
        assert list(extract_document(d).evidence["trial"]) == ["ORCA-HCC3"]


def test_a_paper_body_after_its_structured_abstract_is_not_front_matter(make_doc):
    doc = make_doc(*ABSTRACT, "Earlier, the PELICAN-2 study reported a benefit in a related setting.",
                   "Median OS was 25.0 vs 21.0 months (HR 0.80).",
                   headings={0: "BACKGROUND", 1: "METHODS", 2: "RESULTS", 3: "CONCLUSIONS",
                             4: "Introduction", 5: "Results"})
    assert list(extract_document(doc).evidence["trial"]) == ["ORCA-HCC3", "ORCA-HCC3"]


def test_without_a_conclusions_label_a_background_heading_opens_the_body(make_doc):
    doc = make_doc("The ORCA-HCC3 trial enrolled patients in several countries.",
                   "Median PFS was 13.2 vs 9.1 months (HR 0.71).", "These results are encouraging.",
                   headings={0: "Background", 1: "Results", 2: "Discussion"})
    assert list(extract_document(doc).evidence["trial"]) == [""]


def test_review_naming_several_trials_alike_attaches_none(make_doc):
    doc = make_doc("The KESTREL-5 and ORBIT-2 trials compared regorafenib with placebo.",
                   "Median OS was 10.6 vs 7.8 months (HR 0.63).",
                   headings={0: "Regorafenib in liver cancer: a review", 1: "Results"})
    assert extract_document(doc).evidence.iloc[0]["trial"] == ""


def test_trial_named_only_in_a_citing_sentence_is_not_the_documents(make_doc):
    doc = make_doc("Introduction text.", "The ORBIT-2 trial reported similar rates in another setting.",
                   "Adverse events occurred in 7.8% vs 5.9% of patients.",
                   headings={0: "Cardioversion in routine practice", 1: "Discussion", 2: "Results"})
    _cite(doc, "another setting.", 12)
    assert extract_document(doc).evidence.iloc[0]["trial"] == ""


def test_citations_of_the_sentence(make_doc):
    doc = make_doc("In ATLAS-2, OS was 12.0 vs 9.0 months (HR 0.70). Another sentence.")
    pos = doc.text.index(".") + 1
    doc.citations = [Citation([45, 46], "^[45,46]", pos, pos), Citation([3], "^[3]", len(doc.text) - 3, len(doc.text) - 3)]
    assert extract_document(doc).evidence.iloc[0]["citations"] == "45;46"


def test_table_cell_with_two_results(make_table_doc):
    doc = make_table_doc(HEADER, [ROW])
    ev = extract_document(doc).evidence
    assert list(ev["endpoint"]) == ["OS", "PFS"]
    assert list(ev["quote"]) == ["OS: 19.2 vs. 13.4 (HR = 0.66)", "PFS: 6.9 vs. 4.3 (HR = 0.65, P = 0.01)"]
    assert set(ev["unit"]) == {"months"} and set(ev["location"]) == {"table"}
    assert set(ev["trial"]) == {"NOVA-3"} and set(ev["section"]) == {"Table 1"}
    assert set(ev["arm_exp"]) == {"TACE plus lenvatinib"} and set(ev["arm_ctrl"]) == {"TACE"}
    for _, r in ev.iterrows():
        assert doc.text[r["start"]:r["end"]] == r["quote"]


def test_table_read_by_column_meaning_not_position(make_table_doc):
    order = [3, 1, 0, 2]
    a = extract_document(make_table_doc(HEADER, [ROW]))
    b = extract_document(make_table_doc([HEADER[i] for i in order], [[ROW[i] for i in order]]))
    cols = ["trial", "endpoint", "arm_exp", "arm_ctrl", "value_exp", "value_ctrl", "unit", "hr", "p_value"]
    pd.testing.assert_frame_equal(a.evidence[cols], b.evidence[cols])
    tcols = ["trial", "regimen", "relation", "low", "high", "unit", "anchor"]
    pd.testing.assert_frame_equal(a.timings[tcols], b.timings[tcols])
    assert list(b.timings.iloc[0][tcols]) == ["NOVA-3", "lenvatinib", "before", "1", "2", "weeks", "first TACE"]


def test_primary_endpoint_column_is_not_a_result_column(make_table_doc):
    doc = make_table_doc(["Trial", "Primary endpoint"], [["NOVA-3", "OS 12 vs 10 months"]])
    assert extract_document(doc).evidence.empty


def test_trial_inferred_from_registry_id(make_doc):
    doc = make_doc("This randomized study (NCT03434379) showed a median OS of 19.2 vs 13.4 months (HR 0.66).")
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["trial_inferred"]) == ("IMbrave150", "True")


def test_named_trial_is_not_inferred(make_doc):
    doc = make_doc("In SHARP, OS was 10.7 vs 7.9 months with sorafenib versus placebo (HR 0.69).")
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["trial_inferred"]) == ("SHARP", "False")


def test_deterministic(make_doc):
    doc = make_doc("In ATLAS-2, OS was 12.0 vs 9.0 months (HR 0.70) and PFS 6.1 vs 4.2 months (HR 0.61).")
    a, b = extract_document(doc), extract_document(doc)
    pd.testing.assert_frame_equal(a.evidence, b.evidence)


@pytest.mark.parametrize("stem", ["review_tace_systemic_hcc", "news_talentace_talentop"])
def test_corpus_quotes_are_document_text(stem):
    from extract.ingest import load

    doc = load(ROOT / "corpus" / f"{stem}.txt")
    x = extract_document(doc)
    assert not x.evidence.empty
    for df in (x.evidence, x.timings):
        for _, r in df.iterrows():
            assert doc.text[r["start"]:r["end"]] == r["quote"]


PDF = ROOT / "corpus" / "review_tace_systemic_hcc.pdf"


@pytest.mark.skipif(not PDF.exists(), reason="the PDF version of the review is generated by ingestion's tooling")
def test_pdf_and_text_versions_give_the_same_records():
    from extract.ingest import load

    positional = ["doc_id", "source", "page", "start", "end", "section", "quote", "citations"]

    def records(path):
        x = extract_document(load(path))
        ev = x.evidence.drop(columns=positional)
        tm = x.timings.drop(columns=[c for c in positional if c in x.timings.columns])
        key = lambda df: df.sort_values(list(df.columns)).reset_index(drop=True)  # noqa: E731
        return key(ev), key(tm)

    (ev_t, tm_t), (ev_p, tm_p) = records(PDF.with_suffix(".txt")), records(PDF)
    pd.testing.assert_frame_equal(ev_t, ev_p)
    pd.testing.assert_frame_equal(tm_t, tm_p)


def test_table_with_one_column_per_arm(make_table_doc):
    doc = make_table_doc(
        ["Endpoint", "Atezolizumab plus bevacizumab (n = 336)", "Sorafenib (n = 165)", "HR (95% CI)", "P value"],
        [["Overall survival", "", "", "", ""],
         ["Median, months", "19.2 (17.0–23.7)", "13.4 (11.4–16.9)", "0.66 (0.52–0.85)", "<0.001"],
         ["Progression-free survival, months", "6.9 (5.7–8.6)", "4.3 (4.0–5.6)", "0.65 (0.53–0.81)", "0.0001"],
         ["Objective response", "89 (30%)", "18 (11%)", "", "<0.001"],
         ["Patients with an event", "160", "92", "", ""]],
        caption="Efficacy in the KESTREL-9 trial")
    ev = extract_document(doc).evidence
    got = ev[["trial", "endpoint", "measure", "arm_exp", "arm_ctrl", "value_exp", "value_ctrl", "unit", "hr",
              "ci_low", "ci_high", "p_value"]].values.tolist()
    assert got == [
        ["KESTREL-9", "OS", "median", "atezolizumab plus bevacizumab", "sorafenib", "19.2", "13.4", "months", "0.66",
         "0.52", "0.85", "<0.001"],
        ["KESTREL-9", "PFS", "median", "atezolizumab plus bevacizumab", "sorafenib", "6.9", "4.3", "months", "0.65",
         "0.53", "0.81", "0.0001"],
        ["KESTREL-9", "ORR", "rate", "atezolizumab plus bevacizumab", "sorafenib", "30", "11", "%", "", "", "",
         "<0.001"],
    ]


def test_arms_named_by_their_difference_take_the_design_names(make_doc):
    doc = make_doc("ATLAS-5 randomly assigned 400 patients to TACE plus regorafenib or TACE plus placebo.",
                   "The median PFS was 11.2 months in the regorafenib arm and 7.4 months in the placebo arm (HR 0.61).",
                   headings={0: "THE ATLAS-5 TRIAL"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["arm_exp"], r["arm_ctrl"]) == ("TACE plus regorafenib", "TACE plus placebo")


def test_an_arm_that_is_not_the_design_arm_keeps_its_own_name(make_doc):
    doc = make_doc("The trial compared TACE plus nivolumab and ipilimumab, TACE plus nivolumab, and TACE plus placebo.",
                   "No PFS gain was seen in the TACE plus nivolumab group (9.1 vs. 8.4 months, HR = 0.95).",
                   headings={0: "THE HERON-1 TRIAL"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["arm_exp"], r["arm_ctrl"]) == ("HERON-1", "TACE plus nivolumab", "TACE plus placebo")


RESULT_BY_ROLE = ("Median overall survival was 19.6 months in the combination group and 15.3 months in the "
                  "TACE-alone group (hazard ratio, 0.72; 95% CI, 0.60 to 0.87; P<0.001).")


def test_design_sentence_in_another_section_gives_the_arms(make_doc):
    doc = make_doc("We randomly assigned 480 patients to receive lenvatinib plus TACE or TACE alone.", RESULT_BY_ROLE,
                   headings={0: "Methods", 1: "Results"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["arm_exp"], r["arm_ctrl"], r["value_exp"], r["value_ctrl"]) == ("lenvatinib plus TACE", "TACE", "19.6", "15.3")


def test_title_comparison_gives_the_arms(make_doc):
    doc = make_doc(RESULT_BY_ROLE, "Median PFS was 9.1 vs 5.0 months (HR 0.60).",
                   headings={0: "Lenvatinib plus TACE versus TACE alone for intermediate-stage liver cancer"})
    ev = extract_document(doc).evidence
    assert list(zip(ev["endpoint"], ev["arm_exp"], ev["arm_ctrl"])) == [
        ("OS", "lenvatinib plus TACE", "TACE"), ("PFS", "lenvatinib plus TACE", "TACE")]


@pytest.mark.parametrize("group, arm", [("placebo group", "TACE plus placebo"), ("control arm", "TACE plus placebo"),
                                        ("observation group", "sorafenib plus TACE"),
                                        ("treatment group", "sorafenib plus TACE")])
def test_lone_figure_takes_the_arm_its_group_role_names(make_doc, group, arm):
    doc = make_doc("Patients were randomized 1:1 to sorafenib plus TACE or TACE plus placebo.",
                   f"Median PFS was 9.1 months in the {group}.", headings={1: "Results"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["arm_exp"], r["arm_ctrl"], r["value_exp"]) == (arm, "", "9.1")


def test_two_design_comparisons_give_no_arms(make_doc):
    doc = make_doc("In part A, patients were randomly assigned to sorafenib or placebo.",
                   "In part B, patients were randomly assigned to regorafenib or placebo.",
                   "Median PFS was 9.1 vs 5.0 months (HR 0.60).", headings={2: "Results"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["arm_exp"], r["arm_ctrl"]) == ("", "")


def test_design_of_one_trial_does_not_go_to_another_trials_records(make_doc):
    doc = make_doc("In ORBIT-7, patients were randomly assigned to sorafenib or placebo.",
                   "In HERON-2, median PFS was 9.1 vs 5.0 months (HR 0.60).", headings={1: "Results"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["trial"], r["arm_exp"], r["arm_ctrl"]) == ("HERON-2", "", "")


@pytest.mark.parametrize("heading, n", [("Introduction", 0), ("1. Background", 0), ("Results", 1)])
def test_lone_figure_in_an_introduction_is_background(make_doc, heading, n):
    doc = make_doc("Patients with this disease have a 3-year overall survival rate of 40%.", headings={0: heading})
    assert len(extract_document(doc).evidence) == n


def test_groups_named_by_their_difference_take_the_design_names_across_sections(make_doc):
    doc = make_doc("Patients were randomly assigned to TACE plus regorafenib or TACE plus placebo.",
                   "Median PFS was 11.2 months in the regorafenib group and 7.4 months in the placebo group (HR 0.61).",
                   headings={0: "Methods", 1: "Results"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["arm_exp"], r["arm_ctrl"]) == ("TACE plus regorafenib", "TACE plus placebo")


@pytest.mark.parametrize("text", [
    "OS was 12.1 vs 9.0 months (HR 0·70; 95% CI 0·55–0·89; p<0·001).",
    "Median PFS: 7·3 mo versus 5·1 mo; ÉTUDE-3 trial; ≥ 3 weeks after TACE.",
    "ORR 31 % \u2212 not reached in the Δ arm; randomised 2:1 to A vs B.",
    "Ｈazard reduced in the \u212aESTREL arm by 20%: randomi\u017fed later.",  # full-width H, Kelvin K, long s
    "İstanbul cohort: 3 weeks before the first TACE, vs. placebo.",  # a letter that lower-cases to two
])
def test_triggers_fast_path_agrees_with_case_insensitive_search_on_non_ascii_text(text):
    from extract import extractor as X
    low = X._lowered(text)
    assert low is None or len(low) == len(text)
    for trig in (X._RESULT, X._TRIGGER_WORD, X._COMPARISON, X._DESIGN, X._TIMING):
        for s in (text, text.upper(), text[: len(text) // 2]):
            assert trig.search(s, X._lowered(s)) == (trig.rx.search(s) is not None), (trig.rx.pattern, s)


def test_single_arm_trial_figures_take_the_regimen_the_patients_received(make_doc):
    doc = make_doc("In this single-arm, phase 2 study, pts received TACE followed by tislelizumab (200 mg) and "
                   "regorafenib every 3 weeks.", "The ORR was 41.5% and median PFS was 9.8 months.",
                   headings={0: "Chemoembolization with two agents for liver cancer", 1: "Results"})
    ev = extract_document(doc).evidence
    assert list(ev["arm_exp"]) == ["TACE plus tislelizumab plus regorafenib"] * 2
    assert list(ev["arm_ctrl"]) == ["", ""]


def test_single_arm_regimen_from_the_title_when_no_sentence_says_what_patients_received(make_doc):
    doc = make_doc("This was an uncontrolled phase 2 study in 40 patients.", "The ORR was 41.5%.",
                   headings={0: "Donafenib plus sintilimab in advanced liver cancer", 1: "Results"})
    assert list(extract_document(doc).evidence["arm_exp"]) == ["donafenib plus sintilimab"]


@pytest.mark.parametrize("design", [
    "Patients received lenvatinib in this phase 2 study.",  # no single-arm statement
    "In this single-arm extension, patients were randomly assigned to lenvatinib or sorafenib.",  # two arms
])
def test_figures_get_no_single_arm_regimen_without_a_single_arm_design(make_doc, design):
    doc = make_doc(design, "The ORR was 41.5%.", headings={1: "Results"})
    assert list(extract_document(doc).evidence["arm_exp"]) == [""]


@pytest.mark.parametrize("design", [
    "ORCA-1 randomized 310 patients to TACE plus sorafenib or TACE alone, and ORCA-2 randomized 338 patients "
    "to TACE plus lenvatinib or TACE alone.",
    "Patients were randomly assigned to TACE plus sorafenib or TACE alone (ORCA-1) and to TACE plus lenvatinib "
    "or TACE alone (ORCA-2).",
])
def test_one_sentence_stating_two_trials_designs_gives_each_trial_its_arms(make_doc, design):
    doc = make_doc(design, "In ORCA-2, median OS was 26.8 vs 21.1 months (HR 0.70).",
                   "In ORCA-1, median PFS was 9.0 vs 7.1 months (HR 0.80).", headings={1: "Results"})
    ev = extract_document(doc).evidence
    got = {(r.trial, r.arm_exp, r.arm_ctrl) for r in ev.itertuples()}
    assert got == {("ORCA-2", "TACE plus lenvatinib", "TACE"), ("ORCA-1", "TACE plus sorafenib", "TACE")}


def test_result_trigger_word_lookup_agrees_with_the_pattern():
    """The str.find version of RESULT_TRIGGER gives the pattern's answer: seeded texts made of its
    words, figures, dots and gaps of every width around the 120-character limit."""
    import random

    from extract import extractor as X

    rng = random.Random(11)
    pieces = ["vs", "vs.", "versus", "hr", "hazard", "%", "month", "mo", "mo.", "week", "day", "reduc", "lower",
              "not reached", "not\nreached", "cannot  reached", "notreached", "nr", "ne", "median", "canvas", "_vs",
              "vs_", "one", "more", ".", "1", "0.5", "x", "(", ";", "2019", "patients", "arm"]
    texts = ["", "12.1 months", "hr 0.7", "median of 9", "median. 9", "the 2019 cohort"]
    for _ in range(20000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 10))]
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts) + 1), " " * rng.randint(110, 125))
        texts.append(rng.choice(["", " "]).join(parts))
    pattern = X._RESULT.lower
    assert all(X._result_words_near_figures(t) == (pattern.search(t) is not None) for t in texts)
    assert sum(X._result_words_near_figures(t) for t in texts) > 1000  # both answers occur


def test_difference_record_takes_the_design_arms_and_a_worded_sign(make_doc):
    doc = make_doc("Patients were randomly assigned to empagliflozin or placebo.",
                   "NT-proBNP was 16% lower with empagliflozin (95% CI, 3% to 27%; P=0.02).",
                   "The between-group difference in LVEF was 1.4% (95% CI 0.1 to 2.7).",
                   headings={0: "Methods", 1: "Results"})
    ev = extract_document(doc).evidence
    got = [tuple(r) for r in ev[["endpoint", "measure", "arm_exp", "arm_ctrl", "value_exp", "ci_low", "ci_high",
                                 "p_value"]].itertuples(index=False)]
    assert got == [("NT-proBNP", "relative difference", "empagliflozin", "placebo", "-16", "-27", "-3", "0.02"),
                   ("LVEF", "mean difference", "empagliflozin", "placebo", "1.4", "0.1", "2.7", "")]


def test_row_labels_of_a_table_with_a_column_per_arm_are_not_trial_names(make_table_doc):
    from extract.extractor import _Builder

    doc = make_table_doc(["Characteristic", "Empagliflozin (n = 52)", "Placebo (n = 53)"],
                         [["N-terminal pro-B-type natriuretic peptide, median (IQR), pg/mL", "466 (177-1120)",
                           "475 (198-1300)"], ["Prior-HF hospitalization, n (%)", "21 (40.4)", "31 (58.5)"]],
                         caption="Baseline characteristics")
    b = _Builder(doc)
    b.learn()
    assert b.finder.mentions("the N-terminal fragment and Prior-HF events") == []
    # a table of trials keeps reading its trial column
    doc = make_table_doc(["Trial", "Treatment arms", "Key efficacy results (months)"],
                         [["NOVA-3", "TACE plus lenvatinib vs. TACE alone", "OS: 19.2 vs. 13.4 (HR = 0.66)"]])
    assert list(extract_document(doc).evidence["trial"]) == ["NOVA-3"]


def test_own_trial_named_with_its_registry_id_after_its_expansion(make_doc):
    doc = make_doc("Patients treated between 2010 and 2020 were enrolled (UNLOAD-CS [Unloading the Heart in "
                   "Cardiogenic Shock Study]; URL: https://www.clinicaltrials.gov. Unique identifier: NCT01234567).",
                   "The 30-day mortality was 41.2% with the pump and 48.0% without it (HR 0.80, 95% CI 0.66-0.97).",
                   headings={0: "Methods", 1: "Results"})
    assert set(extract_document(doc).evidence["trial"]) == {"UNLOAD-CS"}


def test_design_stated_group_by_group_gives_the_arms(make_doc):
    doc = make_doc("Patients were divided into an observation group and a control group. The control group was "
                   "treated with TACE, and the observation group was treated with lenvatinib on the basis of TACE.",
                   "The ORR of the observation group was higher than that of the control group (64.0% vs 41.5%, "
                   "P<0.05).", headings={0: "Methods", 1: "Results"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["arm_exp"], r["arm_ctrl"], r["value_exp"], r["value_ctrl"]) == ("lenvatinib plus TACE", "TACE", "64.0",
                                                                              "41.5")


def test_two_treatments_stated_for_one_side_give_no_design(make_doc):
    doc = make_doc("The control group was treated with TACE. The study group was treated with lenvatinib plus TACE, "
                   "and in a later phase the study group was given sorafenib plus TACE.",
                   "The ORR was 64.0% vs 41.5% (P<0.05).", headings={1: "Results"})
    r = extract_document(doc).evidence.iloc[0]
    assert (r["arm_exp"], r["arm_ctrl"]) == ("", "")
