"""Printed values: precision-aware equality, numbers for plotting, safe highlighting.

Equality uses `extract.compare` (the reconciliation stage's rules) when it is there, so the
report groups values exactly as the flags were raised; otherwise a local fallback with the
same rule from DESIGN.md: two printed numbers are equal when they agree at the coarser
of their two precisions (11.3 == 11.30 == 11.27; 7.0 == 7.03).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable

from markupsafe import Markup, escape

# A printed number, optionally with a comparison operator: "0.76", ".04", "<0.001", "11.30".
NUMBER = re.compile(r"^\s*(?P<op>[<>]=?|≤|≥)?\s*(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*%?\s*$")


def _parse(printed: str) -> tuple[str, Decimal] | None:
    m = NUMBER.match(printed or "")
    if not m:
        return None
    try:
        return (m.group("op") or "", Decimal(m.group("num")))
    except InvalidOperation:
        return None


def _decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def fallback_equal(a: str, b: str) -> bool:
    """Precision-aware equality of two printed values ("" equals only "")."""
    a, b = (a or "").strip(), (b or "").strip()
    if a == b:
        return True
    pa, pb = _parse(a), _parse(b)
    if pa is None or pb is None:
        return a.casefold() == b.casefold()
    if pa[0] != pb[0]:
        return False
    places = min(_decimals(pa[1]), _decimals(pb[1]))
    q = Decimal(1).scaleb(-places)
    return (pa[1].quantize(q, rounding=ROUND_HALF_UP) == pb[1].quantize(q, rounding=ROUND_HALF_UP)
            or abs(pa[1] - pb[1]) <= q / 2)


try:  # the reconciliation stage's rules, so the report groups values as the flags do
    from extract.compare import p_consistent as _p_consistent
    from extract.compare import values_equal as _values_equal
except ImportError:  # pragma: no cover - compare.py is part of the package
    _values_equal = None
    _p_consistent = None


def values_equal(a: str, b: str, unit_a: str = "", unit_b: str = "") -> bool:
    """Precision-aware equality of two printed values; "" equals only ""."""
    a, b = (a or "").strip(), (b or "").strip()
    if not a or not b:
        return a == b
    if a.casefold() == b.casefold():
        return True
    if _values_equal is None:
        return fallback_equal(a, b)
    try:
        return bool(_values_equal(a, b, unit_a, unit_b))
    except Exception:  # noqa: BLE001 - a comparison must never break the report
        return fallback_equal(a, b)


def p_equal(a: str, b: str) -> bool:
    """p-values as intervals: "<0.001" is consistent with "0.0008"."""
    a, b = (a or "").strip(), (b or "").strip()
    if not a or not b:
        return a == b
    if a == b:
        return True
    if _p_consistent is None:
        return fallback_equal(a, b)
    try:
        return bool(_p_consistent(a, b))
    except Exception:  # noqa: BLE001
        return fallback_equal(a, b)


def field_equal(field: str, a: str, b: str, unit_a: str = "", unit_b: str = "") -> bool:
    if field == "p_value":
        return p_equal(a, b)
    if field in ("value_exp", "value_ctrl", "low", "high"):
        return values_equal(a, b, unit_a, unit_b)
    return values_equal(a, b)


def as_float(printed: str) -> float | None:
    """The number in a printed value, or None ("NR", "NE", "", "<0.001" -> 0.001)."""
    p = _parse(printed)
    if p is None:
        return None
    try:
        return float(p[1])
    except (OverflowError, ValueError):
        return None


# Numbers as they stand in running text (for picking the compared values out of a message).
NUMBER_IN_TEXT = re.compile(r"(?<![\w.])(?:\d+(?:\.\d+)?|\.\d+)(?![\w]|\.\d)")


def numbers_in(s: str) -> list[str]:
    return NUMBER_IN_TEXT.findall(s or "")


def highlight(quote: str, values: Iterable[str]) -> Markup:
    """`quote` escaped, with each occurrence of a value wrapped in <mark>.

    The quote is escaped first and the values are searched in the escaped text (themselves
    escaped), so no markup ever comes from the document. A number matches only as a whole
    number ("0.6" does not mark inside "10.65"), never inside an HTML entity.
    """
    return _highlight(quote or "", tuple(values))


# A value is marked where it stands as a whole: not after a word character, a dot, "#" or
# "&" (inside a number or an entity such as "&#39;"), not before a word character or a dot
# and a digit.
_NOT_BEFORE = re.compile(r"[\w.#&]")
_NOT_AFTER = re.compile(r"[\w]|\.\d")


@lru_cache(maxsize=1 << 13)  # a record's quote is shown in its trial, its document, its flags
def _highlight(quote: str, values: tuple[str, ...]) -> Markup:
    escaped = str(escape(quote))
    needles = sorted({str(escape(v.strip())) for v in values if v and v.strip()},
                     key=len, reverse=True)
    if not needles:
        return Markup(escaped)
    # What re.sub with the alternation of the needles (longest first) between those two
    # look-arounds does, without compiling a pattern per set of values: from left to right,
    # at the first position where a needle stands whole, the longest such needle is marked
    # and the search goes on after it.
    found: list[tuple[int, int, int]] = []  # (start, rank, end)
    for rank, needle in enumerate(needles):
        start = escaped.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not (start and _NOT_BEFORE.match(escaped, start - 1)) \
                    and not _NOT_AFTER.match(escaped, end):
                found.append((start, rank, end))
            start = escaped.find(needle, start + 1)
    if not found:
        return Markup(escaped)
    found.sort()
    out: list[str] = []
    done = 0
    for start, _rank, end in found:
        if start >= done:
            out += (escaped[done:start], "<mark>", escaped[start:end], "</mark>")
            done = end
    out.append(escaped[done:])
    return Markup("".join(out))
