"""Text normalization that keeps a map back to the original offsets.

A `Mapped` string is text plus, for every character, the offset in the source it came from.
Every rewrite goes through `rewrite`, which keeps the offsets of the characters a rule keeps
and maps inserted characters to the start of the text they replace.

The cleanup (`normalize`) handles what PDF converters and Markdown exports leave behind:
ligatures, odd spaces, dash variants, curly quotes, Markdown emphasis and links, HTML inline
tags and entities, LaTeX-ish math. `≥`/`≤` are kept as characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# A piece of a replacement: a literal string (mapped to the match start), a literal anchored at
# a position of the current text ((str, pos)), or a (start, end) span of the current text kept
# with its original offsets.
Piece = str | tuple[str, int] | tuple[int, int]


@dataclass(frozen=True)
class Mapped:
    text: str
    map: tuple[int, ...]

    @classmethod
    def from_source(cls, text: str, offset: int = 0) -> Mapped:
        return cls(text, tuple(range(offset, offset + len(text))))

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> Mapped:
        return Mapped(self.text[start:end], self.map[start:end])

    def strip(self) -> Mapped:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.slice(left, max(left, right))

    def origin(self, i: int) -> int:
        """Original offset of position i (the end position maps past the last char)."""
        if not self.map:
            return 0
        if i < len(self.map):
            return self.map[i]
        return self.map[-1] + 1


def concat(parts: Iterable[Mapped | str], anchor: int = 0) -> Mapped:
    """Join mapped parts; a plain-string part maps to the origin of what precedes it."""
    text: list[str] = []
    mp: list[int] = []
    last = anchor
    for p in parts:
        if isinstance(p, str):
            text.append(p)
            mp.extend([last] * len(p))
        else:
            text.append(p.text)
            mp.extend(p.map)
            if p.map:
                last = p.map[-1] + 1
    return Mapped("".join(text), tuple(mp))


def rewrite(m: Mapped, pattern: re.Pattern[str],
            repl: Callable[[re.Match[str]], list[Piece]]) -> Mapped:
    """Replace every match of `pattern` by the pieces `repl` returns."""
    text: list[str] = []
    mp: list[int] = []
    pos = 0
    for match in pattern.finditer(m.text):
        text.append(m.text[pos:match.start()])
        mp.extend(m.map[pos:match.start()])
        anchor = m.origin(match.start())
        for piece in repl(match):
            if isinstance(piece, str):
                text.append(piece)
                mp.extend([anchor] * len(piece))
            elif isinstance(piece[0], str):
                text.append(piece[0])
                mp.extend([m.origin(piece[1])] * len(piece[0]))
            else:
                s, e = piece
                text.append(m.text[s:e])
                mp.extend(m.map[s:e])
        pos = match.end()
    if pos == 0:
        return m
    text.append(m.text[pos:])
    mp.extend(m.map[pos:])
    return Mapped("".join(text), tuple(mp))


def keep_group(n: int) -> Callable[[re.Match[str]], list[Piece]]:
    return lambda match: [match.span(n)]


def literal(s: str) -> Callable[[re.Match[str]], list[Piece]]:
    return lambda match: [s]


# -- character-level cleanup ---------------------------------------------------------------

# PDF fonts emit typographic ligatures as single code points ("ﬁ" in "signiﬁcant").
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
# NBSP, thin, hair, figure and ideographic spaces appear around units and between numbers.
ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Zero-width characters and the soft hyphen are invisible in print but break tokens.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Hyphen variants, en dash, figure dash and the minus sign: all print as a hyphen-minus.
HYPHENS = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
# Em dash and horizontal bar: a range between numbers, punctuation between words.
LONG_DASHES = "\u2014\u2015"
# Curly quotes from word processors.
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
          "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'}
# Full-width and variant comparison signs some fonts use for ≥ / ≤.
COMPARISON_VARIANTS = {"\u2267": "\u2265", "\u2266": "\u2264", "\u2a7e": "\u2265", "\u2a7d": "\u2264"}

CHAR_MAP: dict[str, str] = {
    **LIGATURES, **QUOTES, **COMPARISON_VARIANTS,
    **{c: " " for c in ODD_SPACES}, **{c: "" for c in INVISIBLE}, **{c: "-" for c in HYPHENS},
}
CHAR_PATTERN = re.compile("[" + re.escape("".join(CHAR_MAP)) + "]")

# An em dash between two numbers is a range ("10—12 months").
NUMERIC_LONG_DASH = re.compile(r"(?<=\d)\s?[" + LONG_DASHES + r"]\s?(?=\d)")

# -- markup ----------------------------------------------------------------------------------

# Markdown strong/emphasis from PDF-to-Markdown converters: "*vs.*", "**Results**", "_et al._";
# the opening mark must touch a non-space and may not follow a word character (so "5*3" stays).
_EMPH_OPEN = r"(?<![\w*\\])(\*{1,2}|_{1,2})(?=[^\s*_])"
_EMPH_BODY = r"([^*_\n]*?[^\s*_\\]|[^\s*_])"
_EMPH_CLOSE = r"\1(?![\w*])"
MD_EMPHASIS = re.compile(_EMPH_OPEN + _EMPH_BODY + _EMPH_CLOSE)

# Markdown links "[Table 1](#)" and images "![alt](url)": keep the visible text.
MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*\)")
# Autolinks "<https://doi.org/...>": keep the address.
MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
# Inline HTML left by converters in tables: "<i>P</i>", "<sup>2</sup>", "<br/>".
_HTML_TAG_NAMES = r"(?:i|b|em|strong|sup|sub|u|span|small|br|p|font)"
HTML_TAG = re.compile(r"</?" + _HTML_TAG_NAMES + r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
# HTML entities that survive some exports.
HTML_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&ge;": "\u2265",
                 "&le;": "\u2264", "&plusmn;": "\u00b1", "&times;": "\u00d7", "&quot;": '"',
                 "&#39;": "'"}
HTML_ENTITY = re.compile("|".join(re.escape(e) for e in HTML_ENTITIES))

# LaTeX-ish inline math from converters: "$\geq 50\%$", "$\pm$".
LATEX_COMMANDS = {r"\geq": "\u2265", r"\ge": "\u2265", r"\leq": "\u2264", r"\le": "\u2264",
                  r"\pm": "\u00b1", r"\times": "\u00d7", r"\%": "%", r"\alpha": "\u03b1",
                  r"\beta": "\u03b2", r"\gamma": "\u03b3", r"\mu": "\u03bc", r"\chi": "\u03c7",
                  r"\sim": "~", r"\approx": "\u2248", r"\cdot": "\u00b7", r"\,": " ", r"\;": " ",
                  r"\ ": " ", r"\lt": "<", r"\gt": ">"}
# Inline math: "$...$" holding at least one backslash command, on one line.
LATEX_MATH = re.compile(r"\$([^$\n]*\\[^$\n]*)\$")
# A command ("\\geq", "\\%") or a grouping brace ("^{2}") inside the math.
LATEX_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[%,; ])|[{}]")

# Runs of spaces and tabs inside a line, and single tabs.
SPACE_RUN = re.compile(r"[ \t]{2,}|\t")


def _char_pieces(match: re.Match[str]) -> list[Piece]:
    return [CHAR_MAP[match.group()]]


def _latex_pieces(match: re.Match[str]) -> list[Piece]:
    body = match.group(1)
    base = match.start(1)
    pieces: list[Piece] = []
    pos = 0
    for cmd in LATEX_COMMAND.finditer(body):
        if cmd.start() > pos:
            pieces.append((base + pos, base + cmd.start()))
        # a brace becomes ""; an unknown command keeps its name
        pieces.append((LATEX_COMMANDS.get(cmd.group(), cmd.group()[1:]), base + cmd.start()))
        pos = cmd.end()
    if pos < len(body):
        pieces.append((base + pos, base + len(body)))
    return pieces


def normalize_chars(m: Mapped) -> Mapped:
    """Unicode cleanup: ligatures, spaces, dashes, quotes (one rewrite pass each)."""
    m = rewrite(m, CHAR_PATTERN, _char_pieces)
    return rewrite(m, NUMERIC_LONG_DASH, literal("-"))


def strip_markup(m: Mapped) -> Mapped:
    """Markdown emphasis/links, HTML tags/entities and LaTeX-ish inline math."""
    m = rewrite(m, LATEX_MATH, _latex_pieces)
    m = rewrite(m, MD_LINK, keep_group(1))
    m = rewrite(m, MD_AUTOLINK, keep_group(1))
    m = rewrite(m, HTML_TAG, literal(""))
    m = rewrite(m, HTML_ENTITY, lambda match: [HTML_ENTITIES[match.group()]])
    # emphasis can nest ("***x***"): two passes
    m = rewrite(m, MD_EMPHASIS, keep_group(2))
    return rewrite(m, MD_EMPHASIS, keep_group(2))


def collapse_spaces(m: Mapped) -> Mapped:
    return rewrite(m, SPACE_RUN, lambda match: [(match.start(), match.start() + 1)]
                   if match.group()[0] == " " else [" "]).strip()


def normalize(m: Mapped) -> Mapped:
    """Full inline cleanup of one line or paragraph."""
    return collapse_spaces(strip_markup(normalize_chars(m)))
