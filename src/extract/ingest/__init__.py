"""Ingestion: a file becomes a `Document` (see extract.model)."""

from __future__ import annotations

from pathlib import Path

from extract.model import Document, IngestError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one .txt, .md or .pdf file into a Document; raise IngestError on bad input."""
    raise NotImplementedError  # owned by the ingestion work


__all__ = ["load", "Document", "IngestError", "DEFAULT_MAX_BYTES"]
