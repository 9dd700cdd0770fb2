"""Helpers for extraction tests: a Document made straight from text, without ingestion."""

from __future__ import annotations

import pytest

from extract.model import Block, Document


def text_document(*paragraphs: str, headings: dict[int, str] | None = None) -> Document:
    """A one-page Document: each string a paragraph block; `headings[i]` is put before paragraph i."""
    headings = headings or {}
    text, blocks = "", []
    for i, para in enumerate(paragraphs):
        if i in headings:
            start = len(text)
            text += headings[i]
            blocks.append(Block("heading", start, len(text), 1))
            text += "\n\n"
        start = len(text)
        text += para
        blocks.append(Block("paragraph", start, len(text), 1))
        text += "\n\n"
    return Document(doc_id="test", source="test.txt", format="text", text=text, page_starts=[0],
                    blocks=blocks)


@pytest.fixture
def make_doc():
    return text_document


def table_document(header: list[str], rows: list[list[str]], label: str = "Table 1",
                   caption: str = "Outcomes") -> Document:
    """A Document holding one tab-separated table after its caption."""
    from extract.model import Cell, Table

    text = f"{label}. {caption}\n"
    blocks = [Block("caption", 0, len(text) - 1, 1)]
    start = len(text)

    def cells(values):
        nonlocal text
        out = []
        for i, v in enumerate(values):
            s = len(text)
            text += v
            out.append(Cell(v, s, len(text)))
            text += "\t" if i < len(values) - 1 else "\n"
        return out

    head = cells(header)
    body = [cells(r) for r in rows]
    table = Table(label, caption, head, body, page=1, start=start, end=len(text))
    blocks.append(Block("table", start, len(text), 1, table_index=0))
    return Document(doc_id="table", source="table.txt", format="text", text=text, page_starts=[0],
                    blocks=blocks, tables=[table])


@pytest.fixture
def make_table_doc():
    return table_document
