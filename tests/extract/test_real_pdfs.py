"""Extraction on real trial PDFs of other therapeutic areas (cardiology), kept outside the
project (../shared/real-pdfs): main results with their endpoint phrase are extracted, and
subgroup, interaction and factor-level HRs are not. Each PDF is ingested once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.extractor import extract_document

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-pdfs"
ATHENA_POST_HOC = "rct_trial__31872901__PMC7068068.pdf"  # dronedarone vs placebo after ablation
BIOMARKER_SUBSTUDY = "rct_trial__35595781__PMC9123183.pdf"  # cites its parent trial's primary result
SOUL_SGLT2I = "soul_oral_semaglutide_sglt2i_circulation2025_PMC12144549.pdf"  # subgroups by SGLT2i use
RISK_FACTOR_GOALS = "rct_trial__32485734__PMC7382052.pdf"  # HRs by number of goals met: not arms
FLOW_SGLT2I = "rct_trial__38914124__PMC11485243.pdf"  # FLOW by SGLT2i use; cites other trials
CARDIOVERSION_REGISTRY = "rct_trial__27233239__PMC4884402.pdf"  # cites RHYTHM-AF, names no trial of its own

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="the real PDFs are kept outside the project")


@pytest.fixture(scope="module")
def extracted():
    from extract.ingest import load

    cache: dict[str, tuple] = {}

    def get(name: str):
        if name not in cache:
            doc = load(REAL / name)
            cache[name] = (doc, extract_document(doc).evidence)
        return cache[name]

    return get


def _rows(ev, **want):
    return [r for r in ev.to_dict(orient="records") if all(r[k] == v for k, v in want.items())]


def test_composite_endpoint_hr_with_its_arms(extracted):
    _, ev = extracted(ATHENA_POST_HOC)
    (r,) = _rows(ev, hr="0.98", ci_low="0.62", ci_high="1.53", location="text", page=1)
    assert "hospitalization" in r["endpoint"] and "death" in r["endpoint"] and r["endpoint"] != "OS"
    assert (r["arm_exp"], r["arm_ctrl"], r["p_value"]) == ("dronedarone", "placebo", ".91")


def test_recurrence_hr_keeps_its_event_phrase(extracted):
    _, ev = extracted(ATHENA_POST_HOC)
    rows = _rows(ev, hr="0.65", ci_low="0.42", ci_high="1.00")
    assert rows and all("recurrence" in r["endpoint"] for r in rows)
    # the medians printed with the same phrase in the results join its HR
    (r,) = _rows(ev, hr="0.65", measure="median")
    assert (r["value_exp"], r["value_ctrl"], r["unit"]) == ("561", "180", "days")


def test_hrs_of_listed_endpoints_each_get_theirs(extracted):
    _, ev = extracted(ATHENA_POST_HOC)
    got = {r["hr"]: (r["endpoint"], r["ci_low"], r["ci_high"]) for r in ev.to_dict(orient="records")}
    assert got["0.26"] == ("OS", "0.03", "2.2")  # "death from any cause"
    assert got["0.68"] == ("CV death", "0.06", "7.5")
    assert got["1.05"][1:] == ("0.67", "1.66") and "hospitalization" in got["1.05"][0]


def test_primary_endpoint_rates_and_hr(extracted):
    _, ev = extracted(BIOMARKER_SUBSTUDY)
    (r,) = _rows(ev, hr="0.94")
    assert (r["endpoint"], r["value_exp"], r["value_ctrl"], r["unit"], r["ci_low"], r["ci_high"], r["p_value"]) == (
        "primary endpoint", "25.0", "26.2", "%", "0.84", "1.05", "0.27")
    assert (r["arm_exp"], r["arm_ctrl"]) == ("rivaroxaban", "placebo")


def test_overall_result_kept_and_subgroup_results_not(extracted):
    _, ev = extracted(SOUL_SGLT2I)
    (r,) = _rows(ev, hr="0.86", ci_low="0.77", ci_high="0.96")
    assert (r["endpoint"], r["arm_exp"], r["arm_ctrl"]) == ("primary outcome", "semaglutide", "placebo")
    # results in participants with and without SGLT2i at baseline (with a p for interaction)
    assert not _rows(ev, hr="0.89", ci_low="0.71") and not _rows(ev, hr="0.84", ci_low="0.74")
    assert not any("interaction" in q.lower() for q in ev["quote"])


def test_hrs_between_kinds_of_patients_are_not_records(extracted):
    _, ev = extracted(RISK_FACTOR_GOALS)
    assert not set(ev["hr"]) & {"4.00", "2.48", "2.89", "1.90", "2.21", "1.42"}


def test_results_get_the_documents_own_trial_not_the_trials_it_cites(extracted):
    _, ev = extracted(ATHENA_POST_HOC)  # ATHENA in the title; CABANA cited in the introduction
    (r,) = _rows(ev, hr="0.98", ci_low="0.62", ci_high="1.53", location="text", page=1)
    assert (r["trial"], r["trial_inferred"]) == ("ATHENA", "False")
    assert set(ev["trial"]) == {"ATHENA"}
    _, ev = extracted(SOUL_SGLT2I)  # SOUL with its registry id; AMPLITUDE-O and FLOW cited
    assert set(ev["trial"]) == {"SOUL"}
    _, ev = extracted(FLOW_SGLT2I)  # FLOW in the title; AMPLITUDE-O cited in the discussion
    assert set(ev["trial"]) == {"FLOW"}


def test_a_trial_only_cited_is_not_the_documents(extracted):
    _, ev = extracted(CARDIOVERSION_REGISTRY)
    assert "RHYTHM-AF" not in set(ev["trial"])


@pytest.mark.parametrize("name", [ATHENA_POST_HOC, BIOMARKER_SUBSTUDY, SOUL_SGLT2I])
def test_quotes_are_the_document_text(extracted, name):
    doc, ev = extracted(name)
    for r in ev.to_dict(orient="records"):
        assert doc.text[r["start"]:r["end"]] == r["quote"]
