"""Every real PDF (from ../shared/real-pdfs, never copied into the project) ingests without
an exception, with pages, text, blocks and reading-order sanity. Ingested once per module."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extract.ingest import load

REAL_PDFS = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-pdfs"
PATHS = sorted(REAL_PDFS.glob("*.pdf")) if REAL_PDFS.is_dir() else []

pytestmark = pytest.mark.skipif(not PATHS, reason="../shared/real-pdfs is absent")


@pytest.fixture(scope="module")
def ingested():
    out = {}
    for path in PATHS:
        t0 = time.process_time()
        out[path.name] = (load(path), time.process_time() - t0)
    return out


@pytest.mark.parametrize("name", [p.name for p in PATHS])
def test_real_pdf_has_pages_text_and_paragraphs(ingested, name):
    doc, _ = ingested[name]
    assert doc.format == "pdf"
    assert doc.n_pages >= 2
    assert len(doc.text) > 10_000
    assert len(doc.blocks_of("paragraph")) >= 10
    assert all(doc.page_starts[i] <= doc.page_starts[i + 1] for i in range(doc.n_pages - 1))


@pytest.mark.parametrize("name", [p.name for p in PATHS])
def test_real_pdf_offsets_are_consistent(ingested, name):
    doc, _ = ingested[name]
    assert len(doc.original_map) == len(doc.text)
    for t in doc.tables:
        for cell in t.header + [c for row in t.rows for c in row]:
            assert doc.text[cell.start:cell.end] == cell.text


def test_most_real_pdfs_have_a_reference_list(ingested):
    with_refs = [n for n, (doc, _) in ingested.items() if len(doc.references) >= 10]
    assert len(with_refs) >= 0.9 * len(ingested)


def test_real_pdfs_are_fast_enough(ingested):
    total = sum(seconds for _, seconds in ingested.values())
    assert total < 120, f"{total:.0f} s of CPU for {len(ingested)} PDFs"
