"""The sample review as text and as the generated PDF yields the same tables and the same
body paragraphs.

Compared precisely:
- tables: label, caption, header and every row's cell texts, after collapsing whitespace;
- body paragraphs: the text of every `paragraph` block after the first all-caps heading
  ("INTRODUCTION") and before the REFERENCES heading, whitespace collapsed, as a list (so
  paragraph boundaries must match too). The front matter (title block, affiliations,
  abstract) is laid out differently in the PDF and the reference list is compared only by
  its numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.ingest import load

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TEXT = CORPUS / "review_tace_systemic_hcc.txt"
PDF = CORPUS / "review_tace_systemic_hcc.pdf"


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def body_paragraphs(doc) -> list[str]:
    headings = doc.blocks_of("heading")
    first = next(b for b in headings if doc.block_text(b).isupper())
    refs = next(b for b in headings if squash(doc.block_text(b)).upper() == "REFERENCES")
    return [squash(doc.block_text(b)) for b in doc.blocks
            if b.kind == "paragraph" and first.start < b.start < refs.start]


def tables(doc) -> list[tuple]:
    return [(t.label, squash(t.caption), [squash(c) for c in t.header_texts()],
             [[squash(c) for c in row] for row in t.row_texts()]) for t in doc.tables]


@pytest.fixture(scope="module")
def docs():
    return load(TEXT), load(PDF)


def test_same_tables(docs):
    text_doc, pdf_doc = docs
    assert len(text_doc.tables) == 2
    assert tables(text_doc) == tables(pdf_doc)


def test_same_body_paragraphs(docs):
    text_doc, pdf_doc = docs
    text_paragraphs = body_paragraphs(text_doc)
    assert len(text_paragraphs) > 30
    assert text_paragraphs == body_paragraphs(pdf_doc)


def test_same_reference_numbers(docs):
    text_doc, pdf_doc = docs
    assert sorted(text_doc.references) == sorted(pdf_doc.references) == list(range(1, 62))


def test_same_citation_numbers_in_body(docs):
    # the body as above; in the PDF, author-affiliation superscripts of the front matter
    # ("Wang^1,2") look like citations and are not compared
    def numbers(doc):
        headings = doc.blocks_of("heading")
        first = next(b for b in headings if doc.block_text(b).isupper())
        refs = next(b for b in headings if squash(doc.block_text(b)).upper() == "REFERENCES")
        return sorted(n for c in doc.citations if first.start < c.start < refs.start
                      for n in c.numbers)

    text_doc, pdf_doc = docs
    assert numbers(text_doc) == numbers(pdf_doc)


def test_pdf_has_a_paragraph_rejoined_across_a_page_break(docs):
    _, pdf_doc = docs
    assert any(pdf_doc.page_at(b.end - 1) > b.page for b in pdf_doc.blocks_of("paragraph"))


def test_pdf_table_cells_point_at_their_text(docs):
    _, pdf_doc = docs
    for t in pdf_doc.tables:
        for cell in t.header + [c for row in t.rows for c in row]:
            assert pdf_doc.text[cell.start:cell.end] == cell.text
