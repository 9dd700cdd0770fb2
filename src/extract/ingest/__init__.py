"""Ingestion: a file becomes a `Document` (see extract.model).

`load(path)` reads .txt, .md and .pdf files. The format is decided by content first: a file
that starts with the PDF signature is read as PDF whatever its name; a file named .pdf without
the signature is an error. Every failure is an `IngestError(path, reason)` with a one-line
reason; undecodable text is decoded with a fallback and noted in `Document.warnings`.

Conventions of the Document it makes (the same for text and PDF):
- `Document.text` is the blocks in reading order separated by a blank line ("\\n\\n").
- A table is a `caption` block ("Table 1. ..."), then a `table` block, then (if any) a
  `footnote` block. The table block renders the header line and one line per row, cells
  separated by " | " (`builder.CELL_SEPARATOR`); every `Cell` has `start`/`end` of its own
  text, and `Table.start`/`end` span the header and rows. `Table.label` is "Table 1" ("" when
  the table has no caption), `Table.caption` the caption without its label.
- A paragraph cut by a page/column break or by a float (table, figure caption, affiliation
  notes) is re-joined into one `paragraph` block; the interrupting blocks follow it, in their
  original order.
- Citation markers ("^[12]", "^{[40]#}", "[5-7]", PDF superscript numbers) are removed from the
  text, together with the whitespace before them; each is a `Citation(numbers, marker, start)`
  whose `start` is where the marker stood, i.e. the offset of the character that followed it
  ("worldwide^[1]." -> the "."), so `citations_in(sentence_start, sentence_end)` finds it. A
  marker in a table cell lands at the end of the cell's text.
- `section_at(offset)` is the last heading before the offset (title, all-caps headings, short
  capitalized lines; in PDFs also bold or larger short lines).
- Pages: form feeds in text files; one page without them. Blocks carry the page where they
  start; `page_starts` also marks page breaks inside re-joined paragraphs.
- `original_map` points into the decoded text file, or for PDFs into the "text as read": the
  kept lines in reading order, one per line, pages separated by form feeds.
"""

from __future__ import annotations

from pathlib import Path

from extract.ingest.builder import render, sha256
from extract.ingest.text import units_from_text
from extract.model import Document, IngestError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# The PDF signature may be preceded by a little junk (the spec allows 1024 bytes).
PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WINDOW = 1024
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
# Share of control characters (other than whitespace) above which bytes are not text.
MAX_CONTROL_SHARE = 0.02
CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise IngestError(path, "file not found")
    if path.is_dir():
        raise IngestError(path, "is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(path, f"file too large ({size} bytes > limit {max_bytes})")
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(path, f"cannot read file ({e.strerror or e})") from e
    if len(data) > max_bytes:
        raise IngestError(path, f"file too large ({len(data)} bytes > limit {max_bytes})")
    if not data.strip():
        raise IngestError(path, "empty file")
    return data


def is_pdf(data: bytes) -> bool:
    return PDF_MAGIC in data[:PDF_MAGIC_WINDOW]


def decode(path: Path, data: bytes) -> tuple[str, list[str]]:
    """Decode text bytes: UTF-8 (BOM allowed), else a single-byte fallback with a warning."""
    sample = data[:65536]
    if b"\x00" in sample or (
            sum(b in CONTROL_BYTES for b in sample) / len(sample) > MAX_CONTROL_SHARE):
        raise IngestError(path, "binary content, not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        first_bad = e.start
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [f"not valid UTF-8 (first bad byte at {first_bad}); decoded as {encoding}"]
    raise IngestError(path, "cannot decode text")  # latin-1 never fails; kept for safety


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one .txt, .md or .pdf file into a Document; raise IngestError on bad input."""
    p = Path(path)
    data = read_bytes(p, max_bytes)
    suffix = p.suffix.lower()
    if is_pdf(data):
        from extract.ingest.pdf import load_pdf  # pdfplumber is slow to import

        return load_pdf(p, data, source=str(path))
    if suffix == ".pdf":
        raise IngestError(p, "not a PDF (no %PDF- signature) although named .pdf")
    text, warnings = decode(p, data)
    if suffix not in TEXT_SUFFIXES:
        warnings.append(f"unknown extension {suffix or '(none)'!r}; read as plain text")
    units, n_pages = units_from_text(text)
    if not units:
        raise IngestError(p, "no text content")
    return render(units, doc_id=sha256(data), source=str(path),
                  fmt=TEXT_SUFFIXES.get(suffix, "text"), n_pages=n_pages, warnings=warnings)


__all__ = ["load", "Document", "IngestError", "DEFAULT_MAX_BYTES"]
