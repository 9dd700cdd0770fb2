"""Smoke test: the sample review loads into blocks, tables, references and citations."""

from pathlib import Path

from extract.ingest import load

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_sample_review_loads_with_two_tables_and_references():
    doc = load(CORPUS / "review_tace_systemic_hcc.txt")
    assert [t.label for t in doc.tables] == ["Table 1", "Table 2"]
    assert len(doc.references) > 50
    assert all(doc.text[c.start:c.end] == c.text for t in doc.tables for r in t.rows for c in r)
