"""The document model every stage shares.

A `Document` is what ingestion makes of one file, whatever its format: normalized text,
a page map, blocks with offsets into that text, tables as rows of cells (each cell with its
own offsets), the numbered reference list and the citations found in the text.

Offsets (`start`, `end`) are always offsets into `Document.text`; `Document.original_offset`
maps them back to offsets in the source as read (the decoded text file, or the text the
PDF reader produced).
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from pathlib import Path

BLOCK_KINDS = ("heading", "paragraph", "caption", "table", "footnote", "reference")


class IngestError(Exception):
    """A file that cannot become a Document. `reason` is one line, fit for a person."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass
class Block:
    kind: str  # one of BLOCK_KINDS
    start: int
    end: int
    page: int
    table_index: int | None = None  # for kind == "table": index into Document.tables


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class Table:
    label: str  # "Table 1"
    caption: str  # the caption text after the label
    header: list[Cell]
    rows: list[list[Cell]]
    page: int
    start: int
    end: int
    footnotes: str = ""

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), len(self.header))

    def header_texts(self) -> list[str]:
        return [c.text for c in self.header]

    def row_texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass
class Citation:
    numbers: list[int]  # [5, 6, 7] for "[5-7]"
    marker: str  # the printed form, e.g. "^[5-7]" or "^{[40]#}"
    start: int  # position in Document.text where the marker stood (markers are removed)
    end: int  # == start after removal; kept for symmetry


@dataclass
class Document:
    doc_id: str  # sha256 of the file's bytes
    source: str  # path as given
    format: str  # "text", "markdown" or "pdf"
    text: str
    page_starts: list[int]  # offset in text where each page begins; page_starts[0] == 0
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    references: dict[int, str] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # original_map[i] is the offset in the source text of text[i]; len == len(text)
    original_map: list[int] = field(default_factory=list, repr=False)

    # -- lookups ---------------------------------------------------------------------
    @property
    def n_pages(self) -> int:
        return len(self.page_starts)

    def page_at(self, offset: int) -> int:
        """1-based page number of the character at `offset`."""
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def original_offset(self, offset: int) -> int:
        if not self.original_map:
            return offset
        if offset >= len(self.original_map):
            return self.original_map[-1] + 1 if self.original_map else offset
        return self.original_map[offset]

    def block_at(self, offset: int) -> Block | None:
        for b in self.blocks:
            if b.start <= offset < b.end:
                return b
        return None

    def section_at(self, offset: int) -> str:
        """Text of the last heading before `offset` ("" before the first heading): the last
        heading among the blocks up to the first one that starts after `offset`."""
        starts, heads = self._section_index()
        if starts is None:  # blocks out of order: the plain walk
            heading = ""
            for b in self.blocks:
                if b.start > offset:
                    break
                if b.kind == "heading":
                    heading = self.text[b.start:b.end].strip()
            return heading
        return heads[bisect.bisect_right(starts, offset)]

    def _section_index(self) -> tuple[list[int] | None, list[str]]:
        """Block starts and, for each prefix of the blocks, the last heading's text (built once
        per block list; a list replaced or grown is indexed again)."""
        cache = self.__dict__.get("_sections")
        if cache is None or cache[0] != (id(self.blocks), len(self.blocks)):
            starts = [b.start for b in self.blocks]
            heads, heading = [""], ""
            for b in self.blocks:
                if b.kind == "heading":
                    heading = self.text[b.start:b.end].strip()
                heads.append(heading)
            ordered = all(a <= b for a, b in zip(starts, starts[1:]))
            cache = self.__dict__["_sections"] = ((id(self.blocks), len(self.blocks)), starts if ordered else None, heads)
        return cache[1], cache[2]

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def blocks_of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    def citations_in(self, start: int, end: int) -> list[Citation]:
        """Citations whose marker stood inside [start, end] (inclusive of the end point,
        since a marker usually follows the sentence's last character)."""
        cache = self.__dict__.get("_citation_starts")
        if cache is None or cache[0] != (id(self.citations), len(self.citations)):
            starts = [c.start for c in self.citations]
            ordered = all(a <= b for a, b in zip(starts, starts[1:]))
            cache = self.__dict__["_citation_starts"] = ((id(self.citations), len(self.citations)), starts if ordered else None)
        starts = cache[1]
        if starts is None:
            return [c for c in self.citations if start <= c.start <= end]
        return self.citations[bisect.bisect_left(starts, start):bisect.bisect_right(starts, end)]

    # -- serialization ---------------------------------------------------------------
    def to_dict(self, include_map: bool = False) -> dict:
        d = asdict(self)
        if not include_map:
            d.pop("original_map", None)
        d["references"] = {str(k): v for k, v in self.references.items()}
        return d

    def summary(self) -> dict:
        kinds: dict[str, int] = {}
        for b in self.blocks:
            kinds[b.kind] = kinds.get(b.kind, 0) + 1
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "format": self.format,
            "pages": self.n_pages,
            "chars": len(self.text),
            "blocks": kinds,
            "tables": [
                {"label": t.label, "caption": t.caption, "rows": t.shape[0],
                 "columns": t.shape[1], "page": t.page}
                for t in self.tables
            ],
            "references": len(self.references),
            "citations": len(self.citations),
            "warnings": list(self.warnings),
        }
