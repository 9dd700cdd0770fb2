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
