"""Citation markers: found, parsed into reference numbers, and removed from the text.

A marker is removed together with the whitespace before it ("SHARP ^[37]" -> "SHARP"), and
recorded at the position where it stood: the offset of the character that follows it in the
cleaned text, so a sentence-final marker ("worldwide^[1].") lands inside its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.ingest.normalize import Mapped

# One number or a range of numbers inside a marker: "12", "5-7", "5 - 7" (dashes are already
# normalized to "-"). Three digits at most, so a year in brackets ("[2008]") is no marker.
_NUMBER = r"\d{1,3}"
_ITEM = _NUMBER + r"(?:\s?-\s?" + _NUMBER + r")?"
# Several items separated by commas, with or without a space: "9,10", "23, 25", "5-7,9".
_ITEMS = _ITEM + r"(?:\s?,\s?" + _ITEM + r")*"
# Flags some journals print after the numbers inside the superscript: "^{[40]#}" (a "#" marks a
# note about the cited trial), "*", "†".
_FLAGS = r"[#*\u2020\u2021]*"

# A space left between a raised marker and the punctuation after it ("increasing[3] .") goes
# with the marker.
_TRAILING_SPACE = r"(?:\s+(?=[.,;:]))?"
# Markdown-exported superscripts: "^[12]", "^[5-7]", "^[9,10]", "^{[40]#}".
CARET_MARKER = re.compile(r"\s*\^(?:\{\[(?P<a>" + _ITEMS + r")\]" + _FLAGS + r"\}|\[(?P<b>"
                          + _ITEMS + r")\]" + _FLAGS + r")" + _TRAILING_SPACE)
# Plain bracketed numbers as PDFs print superscript citations, often glued to the word:
# "mortality[12]", "trials [5-7]", "[9, 10]". Not after "^" or "[" (caret markers, nested
# brackets) and not followed by "(" (a Markdown link "[1](#)").
BRACKET_MARKER = re.compile(r"\s*(?<![\^\[])\[(?P<c>" + _ITEMS + r")\]" + _FLAGS + r"(?!\()"
                            + _TRAILING_SPACE)

# A range wider than this is a typo or not a citation ("[1-2008]").
MAX_RANGE = 200

ITEM_SPLIT = re.compile(r"\s?,\s?")
RANGE_SPLIT = re.compile(r"\s?-\s?")


@dataclass(frozen=True)
class Marker:
    numbers: list[int]
    marker: str
    start: int  # position in the cleaned text


def parse_numbers(items: str) -> list[int]:
    """"5-7,9" -> [5, 6, 7, 9]."""
    numbers: list[int] = []
    for item in ITEM_SPLIT.split(items.strip()):
        bounds = [int(x) for x in RANGE_SPLIT.split(item)]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


def strip_citations(m: Mapped, *, bracketed: bool = True) -> tuple[Mapped, list[Marker]]:
    """Remove citation markers from `m`; return the cleaned text and the markers found."""
    patterns = [CARET_MARKER] + ([BRACKET_MARKER] if bracketed else [])
    found: list[tuple[int, int, list[int], str]] = []  # (start, end, numbers, marker) in m
    for pattern in patterns:
        for match in pattern.finditer(m.text):
            if any(s < match.end() and match.start() < e for s, e, _, _ in found):
                continue
            items = next(g for g in match.groups() if g is not None)
            found.append((match.start(), match.end(), parse_numbers(items),
                          match.group().strip()))
    if not found:
        return m, []
    found.sort()
    # Remove the spans, tracking how far each marker's start moves.
    pieces: list[Mapped] = []
    markers: list[Marker] = []
    pos = 0
    out_len = 0
    for s, e, numbers, marker in found:
        kept = m.slice(pos, s)
        pieces.append(kept)
        out_len += len(kept)
        markers.append(Marker(numbers, marker, out_len))
        pos = e
    pieces.append(m.slice(pos, len(m)))
    text = "".join(p.text for p in pieces)
    mp: tuple[int, ...] = tuple(i for p in pieces for i in p.map)
    return Mapped(text, mp), markers


__all__ = ["Marker", "parse_numbers", "strip_citations", "CARET_MARKER", "BRACKET_MARKER"]
