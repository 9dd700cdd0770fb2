"""PDF front end: pages -> words -> lines -> reading order -> units (see builder.py).

- Words come from pypdfium2 (chars with boxes, ~50x faster than pdfminer); rotated text (side
  margins "Downloaded from ...") is dropped.
- Reading order per page: the gutter of a two-column page is found from word x-positions (the
  widest vertical strip near the middle that (almost) no word crosses). Lines crossing it are
  full-width (title, full-width tables, wide captions) and cut the page into bands; inside a
  band the left column is read before the right one.
- A slab of the page (between strips of whitespace across the whole page) gets its own gutter
  when the page's does not fit it (two text columns below a full-width figure or table whose
  lines moved or hid the page gutter), and on one-column pages a narrow column of margin notes
  beside the text column (received dates, licence) is found off-centre; both only when the two
  sides are running text (no cell gaps, most lines fill the column), never a table's columns.
- A sentence ending the left column goes on at the top of the right one (joined before
  `rejoin`, so no earlier unfinished line takes it); a float (caption, unruled table) filling
  the left column below it is moved after the right column's paragraph.
- Running headers/footers (lines in the top/bottom band repeated on several pages, digits
  ignored) and bare page numbers are removed.
- Ruled tables: pages whose vector graphics contain a grid of rules are handed to pdfplumber's
  `find_tables`; the table's words are not repeated as text; a "Table N" line above the table
  is its caption, footnote-shaped lines below it its notes.
- Paragraphs from line spacing, font changes and short last lines; headings from bold/larger
  short lines or heading shapes; numbered items after a references heading are references.

The "source as read" (for `Document.original_map`) is the text of the kept lines in reading
order, one line per line, pages separated by form feeds.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.ingest import shapes
from extract.ingest.builder import (MAX_INTERRUPTION, UNFINISHED_END, Chunk, RawTable, Unit,
                                    join_words, make_chunk, rejoin, render, sha256, vocabulary)
from extract.ingest.normalize import Mapped
from extract.model import Document, IngestError

# -- geometry constants (points; sizes relative to the text size) ---------------------------
GUTTER_SEARCH = (0.3, 0.7)  # the gutter lies in this part of the page width
MIN_GUTTER_WIDTH = 4.0  # an empty strip narrower than this is a word space
MIN_COLUMN_SHARE = 0.15  # each column holds at least this share of the page's words
MAX_CROSSING_LINES = 0.6  # share of lines that may cross the gutter (full-width lines)
MIN_WORDS_FOR_COLUMNS = 40
# a narrow column of margin notes beside the text column: its gutter lies off-centre
MARGIN_SEARCH = (0.2, 0.8)
MARGIN_MIN_SHARE = 0.05  # ... and holds at least this share of the words
# running text: a gap between words wider than this x size is a table's cell gap ...
PROSE_GAP = 1.5
MIN_PROSE_SHARE = 0.8  # ... and at least this share of a text column's lines have none
# ... and at least this share of them span this share of the column's width
FULL_LINE, MIN_FULL_SHARE = 0.6, 0.5
SLAB_GAP = 1.5  # whitespace across the page taller than this x line height separates slabs
# the gutter strip: x where the word coverage is within this of its minimum (full-width lines
# cover the strip unevenly)
GUTTER_SLACK, GUTTER_SLACK_SHARE = 2, 0.5
WORD_GAP = 0.22  # a horizontal gap wider than this x char height starts a new word
MERGE_ACROSS_GUTTER = 0.6  # left+right line parts closer than this x size are one line
HEADER_BAND = 0.09  # top/bottom share of the page where running headers live
REPEATED_SHARE = 0.3  # a header/footer line repeats on at least this share of pages
PARAGRAPH_GAP = 0.55  # vertical gap (x line height) that separates paragraphs
SIZE_CHANGE = 0.12  # relative size change that separates paragraphs
HEADING_SIZE = 1.12  # headings are at least this much larger than body text ...
MAX_STYLED_HEADING_WORDS = 30  # a bold/large block longer than this is a styled paragraph
HEADING_MAX_LINES = 5  # ... and at most this many lines (narrow columns wrap them)
ROTATION_TOLERANCE = 0.05  # radians
ROTATED_PAGE_SHARE = 0.5  # a page whose text mostly runs sideways is read in that direction
LINE_LOOKBACK = 8  # lines (most recent first) a word may join
SAME_BASELINE = 0.2  # baselines closer than this x size are one line ...
SMALL_SCRIPT = 0.85  # ... or the word is a smaller super/subscript inside the line's extent
LINE_JOIN_GAP = 1.2  # a word farther than this x size from a line's end is not in that line
# (a gutter is wider than a justified word space)
ASCENT, DESCENT = 0.75, 0.2  # a word's extent above/below its baseline, x font size
# ruled tables: minimum rules on a page before pdfplumber is asked to look for a table
MIN_HORIZONTAL_RULES = 3
MIN_VERTICAL_RULES = 3
RULE_THICKNESS = 2.0
MIN_RULE_SHARE = 0.25  # a table rule spans at least this share of the page width
MIN_VERTICAL_RULE = 8.0  # a vertical rule is at least one text line tall
MAX_ROW_BAND = 40.0  # a wide filled band at most this tall is a shaded table row
# more page objects (text runs, paths, images) than this: a figure-laden page, not worth a
# pdfminer pass (it can take 5-20 s on such pages)
MAX_OBJECTS_FOR_TABLES = 3000
MIN_TABLE_FILL = 0.4  # share of non-empty cells for a grid to count as a table

# A bare page number or "Page 3 of 12" in a header or footer band.
PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
# Digits vary between repeated headers ("Page 3", "2020;12:e0123 4 of 12").
DIGITS = re.compile(r"\d+")
# Bold fonts by name ("Helvetica-Bold", "MinionPro-Semibold", "AdvOT...+Bold").
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
BOLD_WEIGHT = 600
# Superscripts: chars at most this share of the word's tallest char, raised by at least
# this share above the word's baseline.
SUPERSCRIPT_SIZE, SUPERSCRIPT_RISE = 0.85, 0.15
# A superscript that is a citation: numbers, ranges and lists ("23", "1,2", "5-7", "5–7").
SUPERSCRIPT_CITATION = re.compile(r"\d{1,3}(?:[,\-\u2013]\d{1,3})*")
# ... glued to a word of four or more letters or to punctuation; not to a unit or symbol
# ("kg/m2", "χ2") or a number (exponents).
CITING_CONTEXT = re.compile(r"(?:[A-Za-z]{4,}|[.,;:)\]])$")
# pdfium reports a line-end hyphen as U+FFFE and some fonts' hyphens as U+0002.
SPECIAL_CHARS = {"\ufffe": "-", "\x02": "-"}
INDENT = 0.8  # a first line indented by more than this x size starts a paragraph
SPACE_WIDTH = 0.25  # a word space, x size
# Text that starts in the middle of a sentence (after a drop-cap word): lower case or a digit.
SENTENCE_MIDDLE = re.compile(r"[a-z0-9]")
# A line that closes a sentence (so a short line after it ends the paragraph).
SENTENCE_END = re.compile(r"[.!?]['\")\]]?$")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Line:
    words: list[Word]
    page: int

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        letters = [w for w in self.words if any(ch.isalpha() for ch in w.text)]
        return bool(letters) and all(w.bold for w in letters)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


@dataclass
class TableItem:
    cells: list[list[str]]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


@dataclass
class Item:
    """A line or a table in reading order, with its column zone."""

    line: Line | None
    table: TableItem | None
    zone: tuple[int, int]  # (band, side): side 0 full width, 1 left, 2 right

    @property
    def top(self) -> float:
        return self.line.top if self.line else self.table.top  # type: ignore[union-attr]

    @property
    def bottom(self) -> float:
        return self.line.bottom if self.line else self.table.bottom  # type: ignore[union-attr]


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[TableItem] = field(default_factory=list)


# -- words ---------------------------------------------------------------------------------------

def _font(textpage, index: int) -> tuple[str, int]:
    raw = textpage.raw
    n = pdfium_c.FPDFText_GetFontInfo(raw, index, None, 0, None)
    name = ""
    if n > 0:
        buf = ctypes.create_string_buffer(n)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(raw, index, buf, n, ctypes.byref(flags))
        name = buf.value.decode("latin-1", "replace")
    return name, pdfium_c.FPDFText_GetFontWeight(raw, index)


@dataclass(frozen=True)
class TextFrame:
    """Coordinates in which a page's text runs left to right: the page rotated by the text's
    angle (a landscape table printed sideways reads like any page). Origin bottom-left."""

    cos: float
    sin: float
    u0: float
    v0: float
    width: float
    height: float

    @classmethod
    def for_angle(cls, angle: float, width: float, height: float) -> TextFrame:
        cos, sin = round(math.cos(angle), 6), round(math.sin(angle), 6)
        us = [x * cos + y * sin for x, y in ((0, 0), (width, 0), (0, height), (width, height))]
        vs = [y * cos - x * sin for x, y in ((0, 0), (width, 0), (0, height), (width, height))]
        return cls(cos, sin, min(us), min(vs), max(us) - min(us), max(vs) - min(vs))

    @property
    def upright(self) -> bool:
        return self.cos == 1.0

    def point(self, x: float, y: float) -> tuple[float, float]:
        return x * self.cos + y * self.sin - self.u0, y * self.cos - x * self.sin - self.v0

    def box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        l, b, r, t = box
        corners = [self.point(x, y) for x, y in ((l, b), (r, b), (l, t), (r, t))]
        return (min(c[0] for c in corners), min(c[1] for c in corners),
                max(c[0] for c in corners), max(c[1] for c in corners))


def _baseline_and_size(textpage, index: int, frame: TextFrame) -> tuple[float, float]:
    """Baseline (in the text frame) and effective font size (size x text-matrix scale)."""
    raw = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(x), ctypes.byref(y))
    matrix = pdfium_c.FS_MATRIX()
    scale = 1.0
    if pdfium_c.FPDFText_GetMatrix(raw, index, ctypes.byref(matrix)):
        scale = math.hypot(matrix.c, matrix.d) or 1.0
    return frame.point(x.value, y.value)[1], pdfium_c.FPDFText_GetFontSize(raw, index) * scale


def dominant_angle(angles: list[float]) -> float:
    """The quarter turn most of the page's characters share (0 for upright text)."""
    quarters = Counter(round(a / (math.pi / 2)) % 4 for a in angles if a >= 0)
    if not quarters:
        return 0.0
    quarter, count = quarters.most_common(1)[0]
    return quarter * math.pi / 2 if count > ROTATED_PAGE_SHARE * len(angles) else 0.0


def angle_differs(angle: float, reference: float) -> bool:
    diff = abs(angle - reference) % (2 * math.pi)
    return min(diff, 2 * math.pi - diff) > ROTATION_TOLERANCE


def word_text(chars: list[tuple[str, tuple[float, float, float, float], int]]) -> str:
    """The text of a word; a raised, smaller run of citation numbers glued to it
    ("criteria)23", "disease1,2") is bracketed ("criteria)[23]") so that it is recognized
    and removed as a citation. Exponents and units ("kg/m2", "10-9") are left alone."""
    heights = [b[3] - b[1] for _, b, _ in chars]
    full = max(heights)
    normal = [b[1] for (_, b, _), h in zip(chars, heights) if h > SUPERSCRIPT_SIZE * full]
    if len(normal) == len(chars) or not normal:
        return "".join(ch for ch, _, _ in chars)
    base = min(normal)
    runs: list[tuple[bool, str]] = []
    for (ch, b, _), h in zip(chars, heights):
        sup = h <= SUPERSCRIPT_SIZE * full and b[1] >= base + SUPERSCRIPT_RISE * full
        if runs and runs[-1][0] == sup:
            runs[-1] = (sup, runs[-1][1] + ch)
        else:
            runs.append((sup, ch))
    out = ""
    for sup, text in runs:
        if sup and SUPERSCRIPT_CITATION.fullmatch(text) and CITING_CONTEXT.search(out):
            out += f"[{text}]"
        else:
            out += text
    return out


def page_words(page) -> tuple[list[Word], TextFrame]:
    """The page's words in its text frame (rotated when most text runs sideways); text at
    other angles (side-margin notices) is dropped."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n) if n else ""
        if len(text) != n:  # surrogate pairs: fall back to one char at a time
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(n))
        raw = textpage.raw
        angles = [pdfium_c.FPDFText_GetCharAngle(raw, i) for i in range(n)]
        angle = dominant_angle([a for a, ch in zip(angles, text) if not ch.isspace()])
        # pdfium measures the angle clockwise; the frame turns counter-clockwise
        frame = TextFrame.for_angle(-angle, width, height)
        height = frame.height
        words: list[Word] = []
        chars: list[tuple[str, tuple[float, float, float, float], int]] = []

        def flush() -> None:
            if not chars:
                return
            first = chars[0][2]
            name, weight = _font(textpage, first)
            baseline, size = _baseline_and_size(textpage, first, frame)
            boxes = [b for _, b, _ in chars]
            # the vertical extent comes from the baseline and the font size: loose boxes
            # (font bounding boxes) of consecutive lines overlap in some fonts
            words.append(Word(
                word_text(chars), min(b[0] for b in boxes),
                max(b[2] for b in boxes), height - (baseline + ASCENT * size),
                height - (baseline - DESCENT * size), size,
                bool(BOLD_FONT.search(name)) or weight >= BOLD_WEIGHT))
            chars.clear()

        for i in range(n):
            ch = SPECIAL_CHARS.get(text[i], text[i])
            if ch.isspace() or ch == "\x00":
                flush()
                continue
            if angle_differs(angles[i], angle):
                flush()
                continue
            box = textpage.get_charbox(i, loose=True)
            if not frame.upright:
                box = frame.box(box)
            if chars:
                prev = chars[-1][1]
                h = max(prev[3] - prev[1], box[3] - box[1], 1.0)
                same_line = box[1] < prev[3] and box[3] > prev[1]
                if not same_line or box[0] - prev[2] > WORD_GAP * h or box[2] < prev[0]:
                    flush()
            chars.append((ch, box, i))
        flush()
        return words, frame
    finally:
        textpage.close()


# -- lines ---------------------------------------------------------------------------------------

def group_lines(words: list[Word], page: int) -> list[Line]:
    """Words with overlapping vertical extent (superscripts included) form a line."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        centre = (w.top + w.bottom) / 2
        # the line (among the recent ones) whose middle is nearest, if the word fits in it:
        # the other column's line may sit a point or two higher
        fits = [ln for ln in lines[-LINE_LOOKBACK:]
                if (abs(ln.words[0].bottom - w.bottom) < SAME_BASELINE * w.size
                    or (w.size < SMALL_SCRIPT * ln.words[0].size
                        and ln.top - 0.5 <= centre <= ln.bottom + 0.5))
                and (-1 <= w.x0 - ln.x1 <= LINE_JOIN_GAP * w.size
                     or -1 <= ln.x0 - w.x1 <= LINE_JOIN_GAP * w.size)]
        if fits:
            best = min(fits, key=lambda ln: (abs((ln.top + ln.bottom) / 2 - centre),
                                             min(abs(w.x0 - ln.x1), abs(ln.x0 - w.x1))))
            best.words.append(w)
        else:
            lines.append(Line([w], page))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return sorted(lines, key=lambda ln: (ln.top, ln.x0))


def find_gutter(lines: list[Line], width: float, search: tuple[float, float] = GUTTER_SEARCH,
                min_share: float = MIN_COLUMN_SHARE) -> float | None:
    """x of the gutter between two columns, or None for a one-column page.

    The gutter is the x (near the middle) covered by the fewest words: full-width lines
    (title block, wide tables' captions) cover it only where they happen to have a space,
    column lines never. It is accepted when most lines do not cross it, both sides hold
    enough words, and the column lines leave an empty strip around it."""
    words = [w for ln in lines for w in ln.words]
    if len(words) < MIN_WORDS_FOR_COLUMNS:
        return None
    lo, hi = int(width * search[0]), int(width * search[1])
    cover = [0] * (hi - lo + 1)
    for w in words:
        for x in range(max(lo, math.ceil(w.x0)), min(hi, math.floor(w.x1)) + 1):
            cover[x - lo] += 1
    least = min(cover)
    ceiling = least + max(GUTTER_SLACK, GUTTER_SLACK_SHARE * least)
    best: tuple[int, int] = (0, 0)
    start = None
    for k, c in enumerate(cover + [math.inf]):
        if c <= ceiling and start is None:
            start = k
        elif c > ceiling and start is not None:
            if k - start > best[1] - best[0]:
                best = (start, k)
            start = None
    gx = lo + (best[0] + best[1] - 1) / 2
    full = [ln for ln in lines if is_full_width(ln, gx)]
    if len(full) > MAX_CROSSING_LINES * len(lines):
        return None
    column_words = [w for ln in lines if not is_full_width(ln, gx) for w in ln.words]
    left = sum(w.x1 <= gx for w in column_words)
    right = sum(w.x0 >= gx for w in column_words)
    if min(left, right) < min_share * len(words):
        return None
    return gx


def is_full_width(line: Line, gx: float) -> bool:
    """A line crossing the gutter: a word spans it, or the words on both sides are only a
    word space apart (a full-width line that happens to have a space at the gutter)."""
    if any(w.x0 < gx < w.x1 for w in line.words):
        return True
    lw = [w.x1 for w in line.words if w.x1 <= gx]
    rw = [w.x0 for w in line.words if w.x0 >= gx]
    if not lw or not rw:
        return False
    return min(rw) - max(lw) < max(MIN_GUTTER_WIDTH, MERGE_ACROSS_GUTTER * line.size)


def split_columns(lines: list[Line], gx: float) -> tuple[list[Line], list[Line], list[Line]]:
    """Full-width, left and right lines of a two-column page."""
    full, left, right = [], [], []
    for line in lines:
        if is_full_width(line, gx):
            full.append(line)
            continue
        lw = [w for w in line.words if w.x1 <= gx]
        rw = [w for w in line.words if w.x0 >= gx]
        if lw and rw:
            left.append(Line(lw, line.page))
            right.append(Line(rw, line.page))
        elif lw:
            left.append(line)
        else:
            right.append(line)
    return full, left, right


def promote_full_width_tails(full: list[Line], left: list[Line],
                             right: list[Line]) -> tuple[list[Line], list[Line]]:
    """The short last line of a full-width paragraph ("therapies in HCC" under a wide
    caption) sits left of the gutter; it belongs to the full-width block when it follows a
    full-width line at line spacing, in the same size, with nothing beside it on the right."""
    full = sorted(full, key=lambda ln: ln.top)
    left = sorted(left, key=lambda ln: ln.top)
    changed = True
    while changed:
        changed = False
        for ln in left:
            above = [f for f in full if f.bottom <= ln.top + 1]
            if not above:
                continue
            prev = max(above, key=lambda f: f.bottom)
            beside = any(r.top < ln.bottom and r.bottom > prev.top for r in right)
            if (ln.top - prev.bottom < PARAGRAPH_GAP * (prev.bottom - prev.top)
                    and abs(ln.size - prev.size) < SIZE_CHANGE * prev.size and not beside):
                full.append(ln)
                left.remove(ln)
                changed = True
                break
    return full, left


def merge_same_baseline(lines: list[Line]) -> list[Line]:
    """Rejoin fragments of one line (within one column) that a wide justified space split."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        for k in range(len(out) - 1, max(-1, len(out) - LINE_LOOKBACK), -1):
            prev = out[k]
            if abs(prev.words[0].bottom - ln.words[0].bottom) < SAME_BASELINE * ln.size and (
                    ln.x0 >= prev.x1 - 1 or ln.x1 <= prev.x0 + 1):
                # a hanging number ("1." in the margin of a reference) joins its line too
                out[k] = Line(sorted(prev.words + ln.words, key=lambda w: w.x0), prev.page)
                break
        else:
            out.append(ln)
    return out


def is_text_column(lines: list[Line]) -> bool:
    """Lines of running text: (almost) none has a gap between words wider than a stretched
    word space (a table's rows, its cells' fragments joined, have cell gaps), and most fill
    the column's width (a table's label or value column does not)."""
    lines = merge_same_baseline(lines)
    if not lines:
        return False
    wide = sum(any(b.x0 - a.x1 > PROSE_GAP * ln.size for a, b in zip(ln.words, ln.words[1:]))
               for ln in lines)
    extent = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    full = sum(ln.x1 - ln.x0 >= FULL_LINE * extent for ln in lines)
    return wide <= (1 - MIN_PROSE_SHARE) * len(lines) and full >= MIN_FULL_SHARE * len(lines)


def slabs(layout: PageLayout) -> list[tuple[list[Line], bool]]:
    """The page cut where a strip of whitespace crosses its whole width (taller than
    `SLAB_GAP` line heights): (lines top to bottom, whether a table lies in the slab)."""
    if not layout.lines:
        return []
    unit = statistics.median(ln.bottom - ln.top for ln in layout.lines)
    things = sorted([(ln.top, ln.bottom, ln) for ln in layout.lines]
                    + [(t.top, t.bottom, None) for t in layout.tables], key=lambda x: x[0])
    out: list[tuple[list[Line], bool]] = []
    bottom = -math.inf
    for top, bot, ln in things:
        if not out or top - bottom > SLAB_GAP * unit:
            out.append(([], False))
        if ln is None:
            out[-1] = (out[-1][0], True)
        else:
            out[-1][0].append(ln)
        bottom = max(bottom, bot)
    return out


def local_gutter(lines: list[Line], width: float, gx: float | None) -> float | None:
    """A slab's own gutter, when the page's gutter (or its lack) does not fit it: two
    columns of running text under a full-width figure or table whose lines put the page's
    gutter elsewhere (or hid it); on a one-column page, a narrow column of margin notes
    (received dates, licence, citation box) beside the text column. None when the page's
    reading applies. Both sides must be running text, not a table's columns."""
    lgx = find_gutter(lines, width)
    if lgx is None and gx is None:
        lgx = find_gutter(lines, width, MARGIN_SEARCH, MARGIN_MIN_SHARE)
    if lgx is None or (gx is not None and abs(lgx - gx) < MIN_GUTTER_WIDTH):
        return None
    if not any((gx is None or is_full_width(ln, gx)) and not is_full_width(ln, lgx)
               for ln in lines):
        return None
    _, left, right = split_columns(lines, lgx)
    return lgx if is_text_column(left) and is_text_column(right) else None


def order_items(layout: PageLayout) -> list[Item]:
    """Reading order: full-width lines/tables cut the page into bands; each band is read
    left column first, then right column. A slab of the page (between strips of whitespace
    across the page) whose two text columns have a gutter of their own is read on its own,
    at its place, like a full-width block."""
    gx = find_gutter(layout.lines, layout.width)
    blocks: list[tuple[float, list[Item]]] = []
    taken: set[int] = set()
    for lines, has_table in slabs(layout):
        if has_table:
            continue
        lgx = local_gutter(lines, layout.width, gx)
        if lgx is not None:
            blocks.append((lines[0].top, _order(lines, [], lgx, [])))
            taken.update(id(ln) for ln in lines)
    rest = [ln for ln in layout.lines if id(ln) not in taken]
    return _order(rest, layout.tables, gx, blocks)


def _order(lines: list[Line], tables: list[TableItem], gx: float | None,
           blocks: list[tuple[float, list[Item]]]) -> list[Item]:
    if gx is None:
        items = [Item(ln, None, (0, 0)) for ln in merge_same_baseline(lines)]
        items += [Item(None, t, (0, 0)) for t in tables]
        full_items = sorted(items, key=lambda it: it.top)
        side_items: list[Item] = []
    else:
        full, left, right = split_columns(lines, gx)
        full, left = promote_full_width_tails(full, left, right)
        full, left, right = (merge_same_baseline(x) for x in (full, left, right))
        full_items = [Item(ln, None, (0, 0)) for ln in full]
        side_items = ([Item(ln, None, (0, 1)) for ln in left]
                      + [Item(ln, None, (0, 2)) for ln in right])
        for t in tables:
            if t.x0 < gx < t.x1:
                full_items.append(Item(None, t, (0, 0)))
            else:
                side_items.append(Item(None, t, (0, 1 if t.x1 <= gx else 2)))
    # a block (a slab read on its own) cuts the bands like a full-width line
    cutters: list[tuple[float, Item | list[Item]]] = [(it.top, it) for it in full_items]
    cutters += blocks
    cutters.sort(key=lambda c: c[0])
    out: list[Item] = []
    band = 0
    remaining = sorted(side_items, key=lambda it: it.top)
    for cut in cutters + [None]:
        limit = cut[0] if cut is not None else math.inf
        inside = [it for it in remaining if it.top < limit]
        remaining = [it for it in remaining if it.top >= limit]
        if inside:  # a new band of columns; consecutive full-width lines share a zone
            band += 1
            for side in (1, 2):
                out.extend(Item(it.line, it.table, (band, side)) for it in inside
                           if it.zone[1] == side)
            band += 1
        if cut is None:
            continue
        if isinstance(cut[1], Item):
            out.append(Item(cut[1].line, cut[1].table, (band, 0)))
        else:  # the block's own bands, numbered after this page's
            band += 1
            base = band
            for it in cut[1]:
                out.append(Item(it.line, it.table, (base + it.zone[0], it.zone[1])))
                band = max(band, base + it.zone[0])
            band += 1
    return out


# -- headers and footers -------------------------------------------------------------------------

def header_key(text: str) -> str:
    return DIGITS.sub("#", text).strip().lower()


def remove_running_lines(layouts: list[PageLayout]) -> None:
    """Drop lines in the top/bottom bands that repeat across pages, and bare page numbers."""
    def in_band(line: Line, lay: PageLayout) -> bool:
        return (line.bottom < lay.height * HEADER_BAND
                or line.top > lay.height * (1 - HEADER_BAND))

    counts: Counter[str] = Counter()
    for lay in layouts:
        counts.update({header_key(ln.text) for ln in lay.lines if in_band(ln, lay)})
    threshold = max(2, REPEATED_SHARE * len(layouts))
    for lay in layouts:
        lay.lines = [ln for ln in lay.lines if not (in_band(ln, lay) and (
            counts[header_key(ln.text)] >= threshold or PAGE_NUMBER.match(ln.text.strip())))]


# -- ruled tables --------------------------------------------------------------------------------

def has_rules(page, width: float) -> bool:
    """Cheap test (pdfium vector objects) for a grid of rules worth a pdfplumber pass: at
    least three long horizontal rules and three vertical rules within their span. Filled
    rectangles (bars, shaded boxes) and short ticks of charts do not count."""
    horizontal: list[tuple[float, float]] = []
    vertical: list[float] = []
    for n, obj in enumerate(page.get_objects(max_depth=3)):
        if n > MAX_OBJECTS_FOR_TABLES:  # a figure: pdfminer would take many seconds
            return False
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        w, h = x1 - x0, y1 - y0
        if h <= RULE_THICKNESS and w >= MIN_RULE_SHARE * width:
            horizontal.append((x0, x1))
        elif w <= RULE_THICKNESS and h >= MIN_VERTICAL_RULE:
            vertical.append((x0 + x1) / 2)
        elif w >= MIN_RULE_SHARE * width and MIN_VERTICAL_RULE <= h <= MAX_ROW_BAND:
            # a shaded row band: its edges delimit cells
            horizontal.extend([(x0, x1), (x0, x1)])
            vertical.extend([x0, x1])
    if len(horizontal) < MIN_HORIZONTAL_RULES:
        return False
    lo = min(x0 for x0, _ in horizontal) - 2
    hi = max(x1 for _, x1 in horizontal) + 2
    return sum(lo <= x <= hi for x in vertical) >= MIN_VERTICAL_RULES


def find_ruled_tables(plumber_page, page_no: int) -> list[TableItem]:
    out = []
    for table in plumber_page.find_tables():
        rows = [[(c or "").replace("\n", " ").strip() for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        n_cells = sum(len(r) for r in rows)
        if len(rows) < 2 or max(len(r) for r in rows) < 2 or n_cells == 0:
            continue
        if sum(bool(c) for r in rows for c in r) / n_cells < MIN_TABLE_FILL:
            continue
        x0, top, x1, bottom = table.bbox
        out.append(TableItem(rows, x0, x1, top, bottom, page_no))
    return out


def inside(word: Word, t: TableItem) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return t.x0 - 1 <= cx <= t.x1 + 1 and t.top - 1 <= cy <= t.bottom + 1


# -- reading the file ----------------------------------------------------------------------------

def open_pdf(path: Path, data: bytes):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise IngestError(path, "encrypted PDF (password required)") from None
        raise IngestError(path, f"unreadable PDF ({str(e).splitlines()[0]})") from None


# PDFium must not be called from two threads at once (pypdfium2 says so; a threaded batch over
# 50 PDFs crashed without this): every read in this process goes through one lock, so any caller
# of `extract.ingest.load` may use threads. (Text files are not held up by it.)
PDFIUM_LOCK = threading.RLock()


def read_layouts(path: Path, data: bytes) -> list[PageLayout]:
    with PDFIUM_LOCK:
        return _read_layouts(path, data)


def _read_layouts(path: Path, data: bytes) -> list[PageLayout]:
    pdf = open_pdf(path, data)
    plumber = None
    layouts: list[PageLayout] = []
    try:
        n = len(pdf)
        if n == 0:
            raise IngestError(path, "PDF has no pages")
        for i in range(n):
            page = pdf[i]
            try:
                words, frame = page_words(page)
                width, height = frame.width, frame.height
                tables: list[TableItem] = []
                # pdfplumber's table coordinates are upright: sideways pages stay text
                if words and frame.upright and has_rules(page, width):
                    if plumber is None:
                        plumber = _open_plumber(path, data)
                    if plumber is not None:
                        tables = _safe_tables(plumber, i)
                if tables:
                    words = [w for w in words if not any(inside(w, t) for t in tables)]
                layouts.append(PageLayout(i + 1, width, height, group_lines(words, i + 1),
                                          tables))
            finally:
                page.close()
    except pdfium.PdfiumError as e:
        raise IngestError(path, f"unreadable PDF ({str(e).splitlines()[0]})") from None
    finally:
        pdf.close()
        if plumber is not None:
            _close_plumber(plumber)
    return layouts


def _open_plumber(path: Path, data: bytes):
    import io

    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - tables are optional; pdfium already read the text
        return None


def _close_plumber(plumber) -> None:
    try:
        plumber.close()
    except Exception:  # noqa: BLE001 - closing walks the page tree, which may be broken
        pass


def _safe_tables(plumber, index: int) -> list[TableItem]:
    try:
        return find_ruled_tables(plumber.pages[index], index + 1)
    except Exception:  # noqa: BLE001 - a table we cannot read stays text
        return []


# -- from lines to units -------------------------------------------------------------------------

class SourceWriter:
    """Builds the "source as read" text and hands out mapped pieces of it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str, end: str = "\n") -> Mapped:
        start = self.length
        self.parts.append(text + end)
        self.length += len(text) + len(end)
        return Mapped.from_source(text, start)


@dataclass
class Group:
    """Consecutive lines forming one paragraph-like block."""

    lines: list[tuple[Line, Mapped]]
    zone: tuple[int, int]
    page: int

    @property
    def first_text(self) -> str:
        return self.lines[0][0].text

    def mapped(self, vocab: frozenset[str] = frozenset()) -> Mapped:
        text = self.lines[0][1]
        for _, m in self.lines[1:]:
            text = join_words(text, m, vocab)
        return text


def body_size(layouts: list[PageLayout]) -> float:
    sizes: Counter[float] = Counter()
    for lay in layouts:
        for ln in lay.lines:
            for w in ln.words:
                sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def starts_new_group(prev: Line, line: Line, same_zone: bool, left: float,
                     right: float) -> bool:
    """Does `line` start a new paragraph after `prev`? (`left`/`right`: the current
    paragraph's extent so far, for indents and short last lines)."""
    if not same_zone:
        return True
    if shapes.REFERENCES_HEADING.match(prev.text) or shapes.REFERENCES_HEADING.match(line.text):
        return True  # the references heading stands alone even without spacing
    h = max(prev.bottom - prev.top, 1.0)
    gap = line.top - prev.bottom
    if gap > PARAGRAPH_GAP * h or gap < -h:
        return True
    if abs(line.size - prev.size) > SIZE_CHANGE * max(line.size, prev.size):
        return True
    if prev.bold != line.bold:
        return True
    size = line.size
    if line.text[:1].islower():  # a sentence going on
        return False
    indented = INDENT * size < line.x0 - left < 4 * size
    return bool(indented and SENTENCE_END.search(prev.text))


def _groups(items: list[Item], writer: SourceWriter, page: int) -> list[Group | TableItem]:
    out: list[Group | TableItem] = []
    current: Group | None = None
    prev: Line | None = None
    for it in items:
        if it.table is not None:
            out.append(it.table)
            current, prev = None, None
            continue
        line = it.line
        assert line is not None
        m = writer.add(line.text)
        if current is None or prev is None or starts_new_group(
                prev, line, it.zone == current.zone, min(ln.x0 for ln, _ in current.lines),
                max(ln.x1 for ln, _ in current.lines)):
            current = Group([], it.zone, page)
            out.append(current)
        current.lines.append((line, m))
        prev = line
    return out


def _is_heading_group(g: Group, body: float) -> bool:
    text = " ".join(ln.text for ln, _ in g.lines)
    lines = [ln for ln, _ in g.lines]
    if len(lines) > HEADING_MAX_LINES or shapes.PROSE_END.search(text.strip()):
        return False
    if shapes.is_caption(text) or shapes.REFERENCE_ITEM.match(text):
        return False
    if shapes.REFERENCES_HEADING.match(text):
        return True
    larger = statistics.median(ln.size for ln in lines) >= HEADING_SIZE * body
    bold = all(ln.bold for ln in lines)
    if (larger or bold) and len(text.split()) <= MAX_STYLED_HEADING_WORDS:
        return True
    return len(lines) == 1 and shapes.is_all_caps(text) and shapes.is_heading(text)


def units_from_layouts(layouts: list[PageLayout]) -> list[Unit]:
    writer = SourceWriter()
    body = body_size(layouts)
    vocab = vocabulary(ln.text for lay in layouts for ln in lay.lines)
    flow: list[Group | TableItem] = []
    for lay in layouts:
        if lay is not layouts[0]:
            writer.add("", end="\f")
        flow.extend(_groups(order_items(lay), writer, lay.number))
    units: list[Unit] = []
    in_refs = False
    ref_size = body
    k = 0
    while k < len(flow):
        g = flow[k]
        k += 1
        if isinstance(g, TableItem):
            unit, used = _table_unit(g, units, flow, k, writer, vocab)
            units.append(unit)
            k += used
            continue
        drop_word = _is_drop_word(g, flow, k)
        if drop_word:  # glue the opening word to its sentence
            nxt = flow[k]
            k += 1
            g = Group(g.lines + nxt.lines, nxt.zone, g.page)
        while k < len(flow) and _continues_in_next_column(g, flow, k):
            g = Group(g.lines + flow[k].lines, g.zone, g.page)  # type: ignore[union-attr]
            k += 1
        _move_float_after_continuation(g, flow, k)
        text = g.mapped(vocab)
        if drop_word:
            units.append(Unit("paragraph", make_chunk(text), g.page))
            continue
        nxt = next((x for x in flow[k:] if isinstance(x, Group)), None)
        goes_on = nxt is not None and nxt.first_text[:1].islower()  # a broken sentence
        if not goes_on and (_is_heading_group(g, body) or (
                not units and shapes.is_title(text.text) and len(g.lines) <= HEADING_MAX_LINES)):
            chunk = make_chunk(text, citations=False)
            units.append(Unit("heading", chunk, g.page))
            in_refs = bool(shapes.REFERENCES_HEADING.match(chunk.str))
            continue
        size = statistics.median(ln.size for ln, _ in g.lines)
        if in_refs and (shapes.reference_number(g.first_text) is not None or (
                units and units[-1].kind == "reference"
                and abs(size - ref_size) <= SIZE_CHANGE * ref_size)):
            # unnumbered text in the references' type size continues the last reference
            # (a reference broken across columns); other text ends the list
            units.extend(_reference_units(g, units, vocab))
            ref_size = size
            continue
        in_refs = False
        kind = "caption" if shapes.is_caption(text.text) else "paragraph"
        if kind == "paragraph" and units and units[-1].kind == "table" and shapes.is_footnote(
                text.text):
            kind = "footnote"
        units.append(Unit(kind, make_chunk(text), g.page,
                          open_end=kind == "paragraph" and runs_on(g, flow, k)))
    return rejoin(units, vocab)


def runs_on(g: Group, flow: list, k: int) -> bool:
    """Does paragraph `g` (flow[k - 1]) run on into the next column or page? It ends its
    column with a full last line, and the next text group is not indented."""
    nxt = next((x for x in flow[k:] if isinstance(x, Group)), None)
    if nxt is None or (k < len(flow) and isinstance(flow[k], Group) and flow[k].zone == g.zone
                       and flow[k].page == g.page):
        return False  # the paragraph does not end its column
    lines = [ln for ln, _ in g.lines]
    first = nxt.lines[0][0]
    # the last line is full when the next text's first word would not have fitted on it
    word = first.words[0]
    room = max(ln.x1 for ln in lines) - lines[-1].x1 - SPACE_WIDTH * lines[-1].size
    if len(lines) < 2 or room > word.x1 - word.x0:
        return False
    others = [ln.x0 for ln, _ in nxt.lines[1:]]
    return not (others and first.x0 > min(others) + INDENT * first.size)


def _continues_in_next_column(g: Group, flow: list, k: int) -> bool:
    """Is flow[k] the rest of `g`'s sentence, at the top of the right column of the same band
    (`g` ends the left column mid-sentence, the right one starts in lower case in the same
    type size: not a footnote or caption at the foot of the column)? Joined here, so that no
    earlier unfinished text (an author list) takes it in `rejoin`. (Across pages `rejoin`
    joins, keeping the page break.)"""
    nxt = flow[k]
    if not (isinstance(nxt, Group) and g.zone[1] == 1 and nxt.zone == (g.zone[0], 2)
            and nxt.page == g.page and nxt.first_text[:1].islower()):
        return False
    last, first = g.lines[-1][0], nxt.lines[0][0]
    return (bool(UNFINISHED_END.search(last.text)) and not shapes.is_caption(g.first_text)
            and abs(last.size - first.size) <= SIZE_CHANGE * max(last.size, first.size))


def _joins_in_size(g: Group, nxt: Group) -> bool:
    last, first = g.lines[-1][0], nxt.lines[0][0]
    return abs(last.size - first.size) <= SIZE_CHANGE * max(last.size, first.size)


def _continuation_after_float(g: Group, flow: list, k: int) -> int | None:
    """Index in `flow` of the rest of `g`'s sentence when a float fills the left column
    below `g`: `g` ends mid-sentence, then (same column) a caption or table and its rows and
    notes, then the right column starts in lower case in `g`'s type size. None when
    anything in between could itself go on there (text in `g`'s size going on in lower
    case, or ending mid-sentence in the right column's size)."""
    if g.zone[1] != 1 or not UNFINISHED_END.search(g.lines[-1][0].text):
        return None
    if shapes.is_caption(g.first_text):
        return None
    j = k
    while j < len(flow) and (isinstance(flow[j], TableItem) or flow[j].zone == g.zone):
        j += 1
    if j == k or j >= len(flow):
        return None
    first = flow[k]
    if isinstance(first, Group) and not shapes.is_caption(first.first_text):
        return None
    nxt = flow[j]
    if not (nxt.zone == (g.zone[0], 2) and nxt.page == g.page
            and nxt.first_text[:1].islower() and _joins_in_size(g, nxt)):
        return None
    left_of = min(ln.x0 for ln, _ in nxt.lines)
    if any(isinstance(x, TableItem) and x.x1 > left_of for x in flow[k:j]):
        return None  # a table in the right column above the text: not its top
    between = [x for x in flow[k:j] if isinstance(x, Group)]
    if any(x.first_text[:1].islower() and _joins_in_size(g, x) for x in between):
        return None
    last = between[-1] if between else None
    if last is not None and UNFINISHED_END.search(last.lines[-1][0].text) and _joins_in_size(
            last, nxt):
        return None
    return j


def _move_float_after_continuation(g: Group, flow: list, k: int) -> None:
    """When a float below `g` fills the rest of the left column and `g`'s sentence goes on at
    the top of the right column (`_continuation_after_float`), move the float in `flow` after
    the right column's text up to the end of that paragraph (a short line closing a
    sentence), so that `rejoin` joins the sentence across the column break and the float
    follows the paragraph."""
    j = _continuation_after_float(g, flow, k)
    if j is None:
        return
    column = []
    for x in flow[j:]:
        if not isinstance(x, Group) or x.zone != flow[j].zone:
            break
        column.append(x)
    right = max(ln.x1 for x in column for ln, _ in x.lines)
    for n, x in enumerate(column):
        last = x.lines[-1][0]
        if SENTENCE_END.search(last.text) and last.x1 < right - INDENT * last.size:
            end = j + n
            break
    else:
        return  # the paragraph does not end in this column: leave the order alone
    # a float line ending mid-sentence (a table row) would take the next text going on in
    # lower case as its own continuation in `rejoin`: then leave the order alone
    open_rows = any(isinstance(x, Group) and UNFINISHED_END.search(x.lines[-1][0].text)
                    for x in flow[k:j])
    later = flow[end + 1:end + 1 + MAX_INTERRUPTION]
    if open_rows and any(isinstance(x, Group) and x.first_text[:1].islower() for x in later):
        return
    flow[k:end + 1] = flow[j:end + 1] + flow[k:j]


def _is_drop_word(g: Group, flow: list, k: int) -> bool:
    """A large single word whose sentence goes on in the next group (a drop-cap opening
    word, "Type" + "2 diabetes is ..."), not a heading."""
    nxt = flow[k] if k < len(flow) else None
    word = g.first_text
    return (len(word.split()) == 1 and len(g.lines) == 1 and not shapes.is_all_caps(word)
            and isinstance(nxt, Group) and bool(SENTENCE_MIDDLE.match(nxt.first_text))
            and shapes.reference_number(nxt.first_text) is None)


def _table_unit(t: TableItem, units: list[Unit], flow: list, k: int,
                writer: SourceWriter, vocab: frozenset[str]) -> tuple[Unit, int]:
    """A table unit, and how many of the following flow groups it took: a "Table N" caption
    just before the table (or, in layouts that print it there, just after it) and a
    footnote-shaped group after it become its caption and notes."""
    caption = None
    label = ""
    used = 0
    if units and units[-1].kind in ("caption", "paragraph"):
        lab = shapes.table_label(units[-1].chunk.str)
        if lab:
            caption = units.pop().chunk
            label = lab
    if caption is None and k < len(flow) and isinstance(flow[k], Group):
        below = flow[k].mapped(vocab)
        lab = shapes.table_label(below.text)
        if lab:
            caption, label, used = make_chunk(below), lab, 1
    cells = [[make_chunk(writer.add(c, end="\t")) for c in row] for row in t.cells]
    writer.add("")
    width = max(len(r) for r in cells)
    empty = Chunk(Mapped("", ()))
    cells = [r + [empty] * (width - len(r)) for r in cells]
    footnotes = None
    after = k + used
    if after < len(flow) and isinstance(flow[after], Group) and shapes.is_footnote(
            flow[after].first_text):
        footnotes = make_chunk(flow[after].mapped(vocab))
        used += 1
    return Unit("table", empty, t.page,
                table=RawTable(label, caption, cells[0], cells[1:], footnotes)), used


def _reference_units(g: Group, units: list[Unit], vocab: frozenset[str]) -> list[Unit]:
    """Split a group into numbered references; unnumbered leading lines continue the previous
    reference (a reference broken across columns or pages)."""
    out: list[Unit] = []
    items: list[list[tuple[Line, Mapped]]] = []
    for line, m in g.lines:
        if shapes.reference_number(line.text) is not None or not items:
            items.append([(line, m)])
        else:
            items[-1].append((line, m))
    for item in items:
        text = item[0][1]
        for _, m in item[1:]:
            text = join_words(text, m, vocab)
        number = shapes.reference_number(text.text)
        if number is None and units and units[-1].kind == "reference" and not out:
            prev = units[-1]
            joined = join_words(prev.chunk.text, make_chunk(text, citations=False).text, vocab)
            units[-1] = Unit("reference", Chunk(joined), prev.page, ref_number=prev.ref_number)
            continue
        body = text.slice(shapes.strip_reference_number(text.text), len(text))
        out.append(Unit("reference", make_chunk(body, citations=False), g.page,
                        ref_number=number))
    return out


def load_pdf(path: Path, data: bytes, *, source: str) -> Document:
    layouts = read_layouts(path, data)
    remove_running_lines(layouts)
    if not any(lay.lines or lay.tables for lay in layouts):
        raise IngestError(path, "PDF has no extractable text (scanned images?)")
    units = units_from_layouts(layouts)
    return render(units, doc_id=sha256(data), source=source, fmt="pdf", n_pages=len(layouts))
