"""Recognizing a line's role by its shape: heading, caption, footnote, reference item.

Shared by the text and the PDF front ends. Shapes only, never particular wordings.
"""

from __future__ import annotations

import re

# "Table 1. Efficacy ...", "TABLE 2 Baseline ...", "Table S1: ...", "Table II | ...".
TABLE_CAPTION = re.compile(
    r"^(?P<label>(?:Table|TABLE|Tab\.)\s+(?:S?\d+[A-Za-z]?|[IVX]+))(?:\s*[.:|\-]\s*|\s+)(?=\S)")
# A caption reduced to its label (a PDF may print the label on its own line).
TABLE_LABEL_ONLY = re.compile(r"^(?:Table|TABLE)\s+(?:S?\d+[A-Za-z]?|[IVX]+)\.?$")
# "Figure 1. Schemes ...", "Fig. 2 ...", "FIGURE 3 | ...".
FIGURE_CAPTION = re.compile(
    r"^(?:Figure|FIGURE|Fig\.|FIG\.)\s+S?\d+[A-Za-z]?(?:\s*[.:|\-]\s*|\s+)(?=\S)")

# Headings introducing the numbered reference list.
REFERENCES_HEADING = re.compile(
    r"^(?:\d+\.?\s*)?(?:references?(?: and notes)?|bibliography|literature cited|works cited)"
    r"\s*$", re.IGNORECASE)
# A numbered reference: "12. Author A, ..." or "[12] Author A, ..." or "12 Author A" (PDFs).
REFERENCE_ITEM = re.compile(
    r"^(?:\[(?P<a>\d{1,3})\]|(?P<b>\d{1,3})\.|(?P<c>\d{1,3})(?=\s+[A-Z][\w'\-]+\s+[A-Z]))\s+"
    r"(?=\S)")

# Table footnote lines: symbol-led notes ("*Year refers ...", "#Denotes ..."), superscript
# letters or symbols, "Note:"/"Abbreviations:"/"Source:" lines.
FOOTNOTE_START = re.compile(
    r"^(?:[*#\u2020\u2021\u00a7\u00b6]|[a-e]\s|(?:Notes?|Abbreviations?|Source|Data are|Values are)"
    r"\b)")
# An abbreviation list: "OS: overall survival; PFS: progression-free survival; ..." (at least
# two "ABBR: expansion" pairs separated by semicolons or commas).
_ABBR_PAIR = r"[A-Za-z][\w\-./()]*(?:\s[\w\-./()]+){0,3}\s?[:=,]\s[^;]+"
ABBREVIATION_LIST = re.compile(r"^" + _ABBR_PAIR + r"(?:;\s?" + _ABBR_PAIR + r"){1,}\.?$")

# Markdown ATX heading "## Methods".
MD_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
# A "Label: value" metadata line ("Received: 22 Dec 2025", "E-mail: a@b"), not a heading.
METADATA_LINE = re.compile(r"^[^:]{1,40}:\s+.*[\d@]")
# Sentence-final punctuation that makes a line prose rather than a heading.
PROSE_END = re.compile(r"[.,;:!?]$")
# Numbered section headings: "2.1 Study design", "3. Results".
SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?=[A-Z])")

# Runs of whitespace inside a label ("Table\u00a0 2").
WHITESPACE = re.compile(r"\s+")

MAX_HEADING_WORDS = 14
MAX_HEADING_CHARS = 120
MAX_CAPS_HEADING_WORDS = 20
MAX_TITLE_WORDS = 35
MAX_HEADING_COMMAS = 2
# Words a heading does not end with; a line ending with one is a sentence cut by a break.
DANGLING_WORDS = frozenset({
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "by", "for", "with", "from",
    "as", "than", "that", "which", "before", "after", "was", "were", "is", "are", "be"})


def is_caption(text: str) -> bool:
    return bool(TABLE_CAPTION.match(text) or FIGURE_CAPTION.match(text))


def table_label(text: str) -> str | None:
    m = TABLE_CAPTION.match(text) or TABLE_LABEL_ONLY.match(text)
    if not m:
        return None
    label = m.group("label") if "label" in m.groupdict() else m.group().rstrip(".")
    return WHITESPACE.sub(" ", label.replace("TABLE", "Table").replace("Tab.", "Table"))


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.9


def is_heading(text: str) -> bool:
    """A short line that names a section: all caps, or short and capitalized without a final
    period. Captions, metadata lines and reference items are not headings."""
    t = text.strip()
    if not t or len(t) > MAX_HEADING_CHARS or PROSE_END.search(t) or is_caption(t):
        return False
    if METADATA_LINE.match(t) or REFERENCE_ITEM.match(t) and not SECTION_NUMBER.match(t):
        return False
    words = t.split()
    if is_all_caps(t):
        return len(words) <= MAX_CAPS_HEADING_WORDS
    body = SECTION_NUMBER.sub("", t)
    if body.count(",") >= MAX_HEADING_COMMAS:  # a list: author names, keywords
        return False
    if words[-1].lower() in DANGLING_WORDS:  # "... two weeks before the": a broken sentence
        return False
    return (bool(body) and body[0].isupper() and len(words) <= MAX_HEADING_WORDS
            and sum(c.isalpha() for c in body) >= 3)


def is_title(text: str) -> bool:
    t = text.strip()
    return bool(t) and not PROSE_END.search(t) and len(t.split()) <= MAX_TITLE_WORDS


def is_footnote(text: str) -> bool:
    t = text.strip()
    return bool(FOOTNOTE_START.match(t) or ABBREVIATION_LIST.match(t))


def reference_number(text: str) -> int | None:
    m = REFERENCE_ITEM.match(text)
    if not m:
        return None
    return int(next(g for g in m.groups() if g is not None))


def strip_reference_number(text: str) -> int:
    """Length of the numbering prefix of a reference item."""
    m = REFERENCE_ITEM.match(text)
    return m.end() if m else 0
