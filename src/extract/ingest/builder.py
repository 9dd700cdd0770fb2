"""Format-independent assembly: units (blocks before rendering) become a `Document`.

Both front ends (text.py, pdf.py) produce a list of `Unit`s whose text is already cleaned and
whose citation markers are already removed (kept as `Marker`s relative to the unit). This module
re-joins paragraphs interrupted by a page break or by a caption/table, then renders everything
into `Document.text`:

- blocks are separated by a blank line ("\\n\\n");
- a table is rendered as its header line then one line per row, cells separated by " | "
  (`CELL_SEPARATOR`); every `Cell` has offsets of its own text;
- a table's caption is a `caption` block right before the `table` block, its footnotes a
  `footnote` block right after it;
- a paragraph re-joined across an interruption comes first; the interrupting blocks (caption,
  table, footnote, other paragraphs such as affiliations) follow it, in their original order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.ingest.citations import Marker, strip_citations
from extract.ingest.normalize import Mapped, concat, normalize
from extract.model import Block, Cell, Citation, Document, Table

CELL_SEPARATOR = " | "
BLOCK_SEPARATOR = "\n\n"
ROW_SEPARATOR = "\n"


@dataclass
class Chunk:
    """Cleaned text with the citation markers removed from it."""

    text: Mapped
    markers: list[Marker] = field(default_factory=list)

    @property
    def str(self) -> str:
        return self.text.text


def make_chunk(raw: Mapped, *, bracketed: bool = True, citations: bool = True) -> Chunk:
    cleaned = normalize(raw)
    if not citations:
        return Chunk(cleaned)
    text, markers = strip_citations(cleaned, bracketed=bracketed)
    # removing a marker may leave a double space ("a ^[1] b" -> "a b" keeps one) or a
    # trailing space; markers are at the start of whatever follows, so strip only the ends
    stripped = text.strip()
    left = len(text.text) - len(text.text.lstrip())
    markers = [Marker(mk.numbers, mk.marker, min(max(0, mk.start - left), len(stripped)))
               for mk in markers]
    return Chunk(stripped, markers)


@dataclass
class RawTable:
    label: str  # "Table 1" ("" when the table has no caption)
    caption: Chunk | None  # the whole caption line, label included
    header: list[Chunk]
    rows: list[list[Chunk]]
    footnotes: Chunk | None = None


@dataclass
class Unit:
    kind: str  # a BLOCK_KIND
    chunk: Chunk  # empty for tables
    page: int
    table: RawTable | None = None
    ref_number: int | None = None
    # (offset in chunk, page) where a later page begins inside this unit (after re-joins)
    page_breaks: list[tuple[int, int]] = field(default_factory=list)
    # the layout says the paragraph goes on in the next column/page although it ends a
    # sentence (PDF: a full last line at the bottom of a column)
    open_end: bool = False


# -- re-joining broken paragraphs -----------------------------------------------------------

# A paragraph that stops mid-sentence: it ends with a letter, a digit, a comma or an opening
# bracket (a column/page break or an inserted float cut it).
UNFINISHED_END = re.compile(r"[\w,(\-]$")
# Its continuation starts like the middle of a sentence: lower case, a digit ("2008
# demonstrated"), an opening parenthesis ("(17.8 months vs. ...") or punctuation.
CONTINUATION_START = re.compile(r"^[a-z0-9(\[,;:.)%]")
# A clause left open at the break: a lower-case word, comma, semicolon, opening bracket.
OPEN_CLAUSE_END = re.compile(r"[a-z,;(]$")
# Words that never continue a broken word: after a line-end hyphen they mark a suspended
# hyphen ("continuous- were", "pre- and post-treatment").
FUNCTION_WORDS = frozenset({
    "and", "or", "nor", "to", "the", "a", "an", "of", "in", "on", "at", "by", "for", "with",
    "was", "were", "is", "are", "be", "been", "as", "than", "that", "which", "versus", "vs"})
# Word-final hyphen before a break: "treat-" + "ment" -> "treatment".
BROKEN_WORD_END = re.compile(r"(?<=[a-z])-$")
# Prefixes whose hyphen is real and kept when a line breaks after them ("non-" + "inferiority").
KEEP_HYPHEN_PREFIXES = frozenset({
    "non", "anti", "pre", "post", "self", "well", "multi", "co", "sub", "semi", "inter", "intra",
    "first", "second", "third", "long", "short", "high", "low", "dose", "time", "treatment",
    "placebo", "open", "double", "single", "double-blind", "follow", "up", "cross"})
# How many units a broken paragraph may skip to find its continuation.
MAX_INTERRUPTION = 8
INTERRUPTING_KINDS = frozenset({"caption", "table", "footnote", "paragraph"})
FLOAT_KINDS = frozenset({"caption", "table", "footnote"})
# The word fragment before a line-end hyphen; group 2 is set when that token already holds a
# hyphen ("treatment-by-" + "subgroup": a compound, the hyphen stays).
LAST_WORD = re.compile(r"(?<=-)(?P<compound>[A-Za-z]+)-$|(?P<word>[A-Za-z]+)-$")
# A line ending in a hyphen after a letter or digit, before a capital or digit: a compound.
COMPOUND_BREAK = re.compile(r"[\w)]-$")
FIRST_WORD = re.compile(r"[A-Za-z]+")
# Punctuation stripped from both ends of a token for the vocabulary.
TOKEN_PUNCT = "()[]{}.,;:!?\"'"


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Lower-case words of a document (hyphenated compounds kept whole), to decide whether a
    hyphen at a line break belongs to the word."""
    return frozenset(w.strip(TOKEN_PUNCT).rstrip("-").lower() for t in texts for w in t.split())


def keeps_hyphen(left_word: str, right_word: str, vocab: frozenset[str]) -> bool:
    """"treatment-" + "by" -> keep if the document writes "treatment-by" elsewhere or not
    "treatmentby"; "pa-" + "tients" -> drop, since "patients" occurs."""
    joined = (left_word + right_word).lower()
    if joined in vocab:
        return False
    if f"{left_word}-{right_word}".lower() in vocab:
        return True
    return left_word.lower() in KEEP_HYPHEN_PREFIXES


def join_words(left: Mapped, right: Mapped, vocab: frozenset[str] = frozenset()) -> Mapped:
    """Join two pieces of running text across a line or page break."""
    if BROKEN_WORD_END.search(left.text) and right.text[:1].islower():
        word = LAST_WORD.search(left.text)
        first = FIRST_WORD.match(right.text)
        if first and first.group() in FUNCTION_WORDS:  # a suspended hyphen: "pre- and"
            return concat([left, " ", right])
        if word and (word.group("compound") or keeps_hyphen(
                word.group("word"), first.group() if first else "", vocab)):
            return concat([left, right])
        return concat([left.slice(0, len(left) - 1), right])
    if COMPOUND_BREAK.search(left.text) and right.text[:1].isalnum():
        return concat([left, right])  # "anti-" + "VEGF", "stage-" + "2"
    if not left.text or not right.text:
        return concat([left, right])
    return concat([left, " ", right])


def join_units(a: Unit, b: Unit, vocab: frozenset[str]) -> Unit:
    text = join_words(a.chunk.text, b.chunk.text, vocab)
    shift = len(text) - len(b.chunk.text)
    markers = a.chunk.markers + [Marker(m.numbers, m.marker, m.start + shift)
                                 for m in b.chunk.markers]
    breaks = list(a.page_breaks)
    if b.page != a.page:
        breaks.append((shift, b.page))
    breaks.extend((o + shift, p) for o, p in b.page_breaks)
    return Unit(a.kind, Chunk(text, markers), a.page, page_breaks=breaks, open_end=b.open_end)


def is_unfinished(unit: Unit) -> bool:
    return unit.kind == "paragraph" and bool(UNFINISHED_END.search(unit.chunk.str))


def is_continuation(unit: Unit, after: Unit, adjacent: bool) -> bool:
    """Can `unit` continue the unfinished paragraph `after`? It must start like the middle of
    a sentence; when nothing stands between them, a lower-case word, comma, semicolon or open
    bracket at the break leaves any start possible ("patients with" + "BCLC stage B")."""
    if unit.kind != "paragraph":
        return False
    return bool(CONTINUATION_START.match(unit.chunk.str)
                or (adjacent and OPEN_CLAUSE_END.search(after.chunk.str)))


def last_page(unit: Unit) -> int:
    return unit.page_breaks[-1][1] if unit.page_breaks else unit.page


def skips_a_page_of_text(unit: Unit, between: list[Unit], candidate: Unit) -> bool:
    """A sentence does not go on past a page that holds other running text: a paragraph on a
    page between the unfinished one's last page and the candidate's page (a correspondence
    note on page 1 does not continue on page 3)."""
    lo, hi = last_page(unit), candidate.page
    return any(u.kind in ("paragraph", "heading") and lo < u.page < hi for u in between)


def rejoin(units: list[Unit], vocab: frozenset[str] = frozenset()) -> list[Unit]:
    """Join paragraphs cut by a page break or an inserted caption/table (see module doc)."""
    out: list[Unit] = []
    pending = list(units)
    i = 0
    while i < len(pending):
        unit = pending[i]
        i += 1
        skipped: list[Unit] = []
        while unit.open_end and not is_unfinished(unit):
            # skip floats (not other paragraphs) to the next paragraph and join it
            j = i
            while j < len(pending) and pending[j].kind in FLOAT_KINDS:
                j += 1
            if j < len(pending) and pending[j].kind == "paragraph":
                skipped.extend(pending[i:j])
                unit = join_units(unit, pending[j], vocab)
                i = j + 1
            else:
                break
        while is_unfinished(unit):
            j = i
            while (j < len(pending) and j - i < MAX_INTERRUPTION
                   and not is_continuation(pending[j], unit, j == i)
                   and pending[j].kind in INTERRUPTING_KINDS):
                j += 1
            if (j < len(pending) and j - i < MAX_INTERRUPTION
                    and is_continuation(pending[j], unit, j == i)
                    and not skips_a_page_of_text(unit, pending[i:j], pending[j])):
                skipped.extend(pending[i:j])
                unit = join_units(unit, pending[j], vocab)
                i = j + 1
            else:
                break
        out.append(unit)
        out.extend(skipped)
    return out


# -- rendering ---------------------------------------------------------------------------------

@dataclass
class _Renderer:
    parts: list[Mapped | str] = field(default_factory=list)
    length: int = 0
    blocks: list[Block] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    breaks: list[tuple[int, int]] = field(default_factory=list)  # (offset, page)

    def put(self, chunk: Chunk | str) -> tuple[int, int]:
        start = self.length
        if isinstance(chunk, str):
            self.parts.append(chunk)
            self.length += len(chunk)
            return start, self.length
        self.parts.append(chunk.text)
        self.length += len(chunk.text)
        for mk in chunk.markers:
            self.citations.append(Citation(mk.numbers, mk.marker, start + mk.start,
                                           start + mk.start))
        return start, self.length

    def separate(self) -> None:
        if self.length:
            self.put(BLOCK_SEPARATOR)

    def block(self, kind: str, chunk: Chunk, page: int, **kw) -> Block:
        self.separate()
        start, end = self.put(chunk)
        block = Block(kind, start, end, page, **kw)
        self.blocks.append(block)
        self.breaks.append((start, page))
        return block

    def cells(self, row: list[Chunk]) -> list[Cell]:
        out = []
        for k, chunk in enumerate(row):
            if k:
                self.put(CELL_SEPARATOR)
            start, end = self.put(chunk)
            out.append(Cell(chunk.str, start, end))
        return out


def _caption_text(raw: RawTable) -> str:
    if raw.caption is None:
        return ""
    text = raw.caption.str
    if raw.label and text.startswith(raw.label):
        text = text[len(raw.label):]
    return text.lstrip(" .:|-").strip()


def render(units: list[Unit], *, doc_id: str, source: str, fmt: str, n_pages: int,
           warnings: list[str] | None = None) -> Document:
    r = _Renderer()
    tables: list[Table] = []
    references: dict[int, str] = {}
    for unit in units:
        if unit.table is not None:
            raw = unit.table
            if raw.caption is not None:
                r.block("caption", raw.caption, unit.page)
            r.separate()
            start = r.length
            header = r.cells(raw.header)
            rows = []
            for row in raw.rows:
                r.put(ROW_SEPARATOR)
                rows.append(r.cells(row))
            end = r.length
            r.blocks.append(Block("table", start, end, unit.page, table_index=len(tables)))
            r.breaks.append((start, unit.page))
            tables.append(Table(raw.label, _caption_text(raw), header, rows, unit.page, start,
                                end, raw.footnotes.str if raw.footnotes else ""))
            if raw.footnotes is not None:
                r.block("footnote", raw.footnotes, unit.page)
            continue
        if not unit.chunk.str:
            continue
        block = r.block(unit.kind, unit.chunk, unit.page)
        r.breaks.extend((block.start + o, p) for o, p in unit.page_breaks)
        if unit.kind == "reference" and unit.ref_number is not None:
            references[unit.ref_number] = unit.chunk.str
    text_m = concat(r.parts)
    return Document(
        doc_id=doc_id, source=source, format=fmt, text=text_m.text,
        page_starts=page_starts(r.breaks, n_pages, len(text_m)),
        blocks=r.blocks, tables=tables, references=references,
        citations=sorted(r.citations, key=lambda c: c.start),
        warnings=list(warnings or []), original_map=list(text_m.map))


def page_starts(breaks: list[tuple[int, int]], n_pages: int, length: int) -> list[int]:
    """Offset where each page begins: the first offset at which that page (or a later one)
    is in force; monotone even when a float was moved after a re-joined paragraph."""
    starts = [0]
    for page in range(2, max(1, n_pages) + 1):
        candidates = [o for o, p in breaks if p >= page]
        starts.append(max(starts[-1], min(candidates) if candidates else length))
    return starts


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
