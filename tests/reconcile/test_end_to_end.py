"""Done-when: the sample review through ingestion, extraction and reconciliation.

Depends on extract.ingest and extract.extractor (developed alongside); test_annotated.py
asserts the same over the hand annotations without them."""

from pathlib import Path

import pytest

from extract.extractor import extract_document
from extract.gold import load_gold
from extract.ingest import load
from extract.reconcile import reconcile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def flags():
    doc = load(ROOT / "corpus" / "review_tace_systemic_hcc.txt")
    result = extract_document(doc)
    return reconcile(result.evidence, load_gold(ROOT / "gold"), {result.doc_id: result.references},
                     result.timings)


def of(flags, code, trial, endpoint=None):
    sel = (flags["code"] == code) & (flags["trial"] == trial)
    if endpoint is not None:
        sel &= flags["endpoint"] == endpoint
    return flags[sel]


def test_sct_os_table_conflicts_with_the_text(flags):
    conflict = of(flags, "INTERNAL_CONFLICT", "SCT-I10A-C301", "OS")
    assert len(conflict) == 1
    message = conflict.iloc[0]["message"]
    assert "Table 1" in message and "22.0 vs 14.5" in message and "HR 0.76" in message
    assert "the text" in message and "22.1 vs 14.2" in message and "HR 0.60" in message
    assert conflict.iloc[0]["severity"] == "error"


def test_sct_os_table_mismatches_the_interim_analysis(flags):
    mismatch = of(flags, "GOLD_MISMATCH", "SCT-I10A-C301", "OS")
    assert len(mismatch) == 1
    row = mismatch.iloc[0]
    assert row["evidence_location"] == "table"
    assert row["gold_analysis"] == "interim" and "ASCO 2024" in row["gold_publication"]


def test_talentace_rounded_table_values_are_not_flagged(flags):
    talentace = flags[(flags["trial"] == "TALENTACE") & (flags["endpoint"] == "TACE-PFS")]
    assert talentace.empty, talentace["message"].tolist()
