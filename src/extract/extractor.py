"""Extraction entry point: a Document becomes evidence and timing records."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from extract.model import Document


@dataclass
class Extraction:
    doc_id: str
    source: str
    evidence: pd.DataFrame  # EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS
    timings: pd.DataFrame  # TIMING_COLUMNS
    references: dict[int, str] = field(default_factory=dict)


def extract_document(doc: Document) -> Extraction:
    raise NotImplementedError  # owned by the extraction work
