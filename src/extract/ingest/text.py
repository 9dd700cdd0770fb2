"""Plain-text and Markdown front end: decoded text -> units (see builder.py).

Layout conventions it reads (those of PDF-to-text/Markdown conversions):
- form feeds separate pages; blank lines separate blocks; lines inside a block are joined;
- "Table N. caption" followed by tab-separated (or Markdown pipe) rows is a table; lines after
  it that look like footnotes (symbol-led, "Abbreviations:", abbreviation lists) are its notes;
- all-caps lines and short capitalized lines without a final period are headings (Markdown
  "#" headings too); the first line of the document is its title when it is not a sentence;
- numbered lines after a "REFERENCES" heading are the reference list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.ingest import shapes
from extract.ingest.builder import (CONTINUATION_START, Chunk, RawTable, Unit, join_words,
                                    make_chunk, rejoin, vocabulary)
from extract.ingest.normalize import Mapped

# A form feed is a page break in text exported from PDFs.
PAGE_BREAK = "\f"
# A line of a tab-separated table (at least one tab between two non-empty cells).
TAB_ROW = re.compile(r"\S[^\t\n]*\t+\s*\S")
# A Markdown pipe-table row "| a | b |" and its separator row "|---|:--:|".
PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Cell boundaries: tabs (a run counts once) or pipes.
TAB_SPLIT = re.compile(r"\t+")
PIPE_SPLIT = re.compile(r"\|")
# Number of runs after a table that may still be its footnotes.
MAX_FOOTNOTE_RUNS = 4
# Hard-wrapped text keeps lines under ~100 characters; a longer line is a whole paragraph
# (exports that put one paragraph per line without blank lines between them).
MAX_WRAPPED_LINE = 200
# A heading printed right above its paragraph: a few words, well shorter than the next line.
MAX_INLINE_HEADING_WORDS = 6
INLINE_HEADING_RATIO = 0.6


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # offset in the decoded source
    page: int

    @property
    def mapped(self) -> Mapped:
        return Mapped.from_source(self.text, self.start)


def split_runs(source: str) -> list[list[Line]]:
    """Lines grouped into runs separated by blank lines; a page break also ends a run."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    page = 1
    pos = 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        pieces = body.split(PAGE_BREAK)
        offset = pos
        for k, piece in enumerate(pieces):
            if k:
                page += 1
                if current:
                    runs.append(current)
                    current = []
            if piece.strip() and piece.replace("\u00a0", " ").strip():
                current.append(Line(piece, offset, page))
            elif current:
                runs.append(current)
                current = []
            offset += len(piece) + 1
        pos += len(raw)
    if current:
        runs.append(current)
    return runs


def _cells(line: Line, splitter: re.Pattern[str], pipes: bool) -> list[Chunk]:
    text = line.text
    bounds = []
    pos = 0
    for m in splitter.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    if pipes:  # leading and trailing pipes leave empty outer cells
        bounds = bounds[1:-1] if len(bounds) > 2 else bounds
    m = line.mapped
    return [make_chunk(m.slice(s, e)) for s, e in bounds]


def is_table_run(run: list[Line]) -> bool:
    return all(TAB_ROW.search(ln.text) for ln in run) or (
        len(run) >= 2 and all(PIPE_ROW.match(ln.text) for ln in run))


def parse_table(run: list[Line]) -> tuple[list[Chunk], list[list[Chunk]]]:
    pipes = not TAB_ROW.search(run[0].text)
    lines = [ln for ln in run if not (pipes and PIPE_SEPARATOR.match(ln.text))]
    splitter = PIPE_SPLIT if pipes else TAB_SPLIT
    rows = [_cells(ln, splitter, pipes) for ln in lines]
    width = max(len(r) for r in rows)
    empty = Chunk(Mapped("", ()))
    rows = [r + [empty] * (width - len(r)) for r in rows]
    return rows[0], rows[1:]


def run_text(run: list[Line], vocab: frozenset[str] = frozenset()) -> Mapped:
    """The lines of a run joined as running text (end-of-line hyphenation joined)."""
    text = run[0].mapped
    for ln in run[1:]:
        text = join_words(text.strip(), ln.mapped.strip(), vocab)
    return text


def split_unwrapped(runs: list[list[Line]]) -> list[list[Line]]:
    """A run with a line longer than any hard-wrapped line holds one paragraph per line."""
    out: list[list[Line]] = []
    for run in runs:
        if not is_table_run(run) and max(len(ln.text) for ln in run) > MAX_WRAPPED_LINE:
            out.extend([ln] for ln in run)
        else:
            out.append(run)
    return out


def continued_later(runs: list[list[Line]], i: int) -> bool:
    """Does the text go on mid-sentence after runs[i - 1] (past captions, tables and table
    notes)? Then runs[i - 1] is a broken sentence, not a heading."""
    while i < len(runs):
        first = runs[i][0].text.strip()
        if not (shapes.is_caption(first) or is_table_run(runs[i]) or shapes.is_footnote(first)):
            return bool(CONTINUATION_START.match(first))
        i += 1
    return False


def leading_heading(run: list[Line]) -> bool:
    """Is the run's first line a heading printed directly above its paragraph (no blank line
    between, as abstracts copied from databases print "Background", "Methods", ...)? Only a
    short line that is much shorter than the line below it counts, so the first line of a
    hard-wrapped paragraph is never taken for a heading."""
    if len(run) < 2 or is_table_run(run):
        return False
    first, second = run[0].text.strip(), run[1].text.strip()
    return (len(first.split()) <= MAX_INLINE_HEADING_WORDS and shapes.is_heading(first)
            and len(first) < INLINE_HEADING_RATIO * len(second)
            and not CONTINUATION_START.match(second))


def _heading_unit(line: Line, md: re.Match[str] | None, page: int) -> Unit:
    lead = len(line.text) - len(line.text.lstrip())
    text = line.mapped.slice(lead + (md.end() if md else 0), len(line.text))
    return Unit("heading", make_chunk(text, citations=False), page)


def units_from_text(source: str) -> tuple[list[Unit], int]:
    """Units of a decoded text/Markdown file, and its page count."""
    runs = split_unwrapped(split_runs(source))
    vocab = vocabulary(source.splitlines())
    n_pages = source.count(PAGE_BREAK) + 1
    units: list[Unit] = []
    in_references = False
    i = 0
    while i < len(runs):
        run = runs[i]
        page = run[0].page
        first = run[0].text.strip()
        label = shapes.table_label(first)
        i += 1
        if label and i < len(runs) and is_table_run(runs[i]) and not is_table_run(run):
            i = _table_unit(runs, i, run, label, units)
            continue
        if is_table_run(run):
            i = _table_unit(runs, i - 1, None, "", units)
            continue
        if leading_heading(run):  # "Background" on its own line, its paragraph right below
            units.append(_heading_unit(run[0], None, page))
            run = run[1:]
            first = run[0].text.strip()
        md = shapes.MD_HEADING.match(first)
        if len(run) == 1 and (md or shapes.is_all_caps(first) and shapes.is_heading(first) or (
                (shapes.is_heading(first) or not units and shapes.is_title(first))
                and not continued_later(runs, i))):
            units.append(_heading_unit(run[0], md, page))
            in_references = bool(shapes.REFERENCES_HEADING.match(units[-1].chunk.str))
            continue
        if in_references and shapes.reference_number(first) is not None:
            units.extend(_reference_units(run))
            continue
        in_references = False
        kind = "caption" if shapes.is_caption(first) else "paragraph"
        units.append(Unit(kind, make_chunk(run_text(run, vocab)), page))
    return rejoin(units, vocab), n_pages


def _table_unit(runs: list[list[Line]], i: int, caption_run: list[Line] | None, label: str,
                units: list[Unit]) -> int:
    """Build a table unit from runs[i] (rows) and what follows; return the next run index."""
    header, rows = parse_table(runs[i])
    caption = make_chunk(run_text(caption_run)) if caption_run else None
    page = (caption_run or runs[i])[0].page
    i += 1
    notes: list[Line] = []
    k = 0
    while i < len(runs) and k < MAX_FOOTNOTE_RUNS:
        first = runs[i][0].text.strip()
        if not shapes.is_footnote(first) or shapes.is_caption(first):
            break
        notes.extend(runs[i])
        i += 1
        k += 1
    footnotes = make_chunk(_notes_text(notes)) if notes else None
    units.append(Unit("table", Chunk(Mapped("", ())), page,
                      table=RawTable(label, caption, header, rows, footnotes)))
    return i


def _notes_text(lines: list[Line]) -> Mapped:
    return run_text(lines)


def _reference_units(run: list[Line]) -> list[Unit]:
    """One reference unit per numbered line; unnumbered lines continue the previous one."""
    items: list[list[Line]] = []
    for ln in run:
        if shapes.reference_number(ln.text.strip()) is not None or not items:
            items.append([ln])
        else:
            items[-1].append(ln)
    out = []
    for item in items:
        text = run_text(item).strip()
        number = shapes.reference_number(text.text)
        body = text.slice(shapes.strip_reference_number(text.text), len(text))
        out.append(Unit("reference", make_chunk(body, citations=False), item[0].page,
                        ref_number=number))
    return out
