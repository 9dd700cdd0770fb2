"""Precision-aware comparison of printed figures.

Every figure a document prints carries its own precision: `11.3` says "somewhere in
[11.25, 11.35]", `11.30` says "[11.295, 11.305]". Two printed values are equal when the
difference is at most half a unit of the last digit of the *coarser* of the two, i.e. when
the finer value rounds to the coarser one: `11.3 == 11.30 == 11.27`, `7.0 == 7.03`, but
`11.30 != 11.27`.

Decisions (documented in gold/README.md too):
- `NE` (not estimable) and `NR` (not reached) are equal to each other: both say that the
  median could not be read off the Kaplan-Meier curve at that data cut, and papers, abstracts
  and reviews use the two words interchangeably for the same figure. Neither equals a number.
- Durations are converted to days before comparing (1 week = 7 days, 1 month = 30.4375
  days); the tolerance is the coarser printed precision, converted too.
- p-values are intervals: `0.009` is [0.0085, 0.0095], `<0.001` is [0, 0.001), `>0.05` is
  (0.05, 1]. Two p-values are consistent when their intervals meet.
- Timings (a drug started N days/weeks before/after a procedure) are counts, not rounded
  measurements: their bounds are compared exactly after conversion to days, and only the bounds
  both sides state ("1 week" equals "at least 7 days"; "2 to 8 weeks" equals "at least 14
  days and within 8 weeks").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

DAYS_PER_UNIT: dict[str, float] = {"days": 1.0, "weeks": 7.0, "months": 30.4375, "years": 365.25}
UNIT_SPELLINGS: dict[str, str] = {
    "day": "days", "days": "days", "d": "days",
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "month": "months", "months": "months", "mo": "months", "mos": "months",
    "year": "years", "years": "years", "yr": "years",
}
NOT_ESTIMATED = frozenset({"NE", "NR"})

# A printed number: optional sign, digits with an optional decimal part, or a bare
# decimal part (".04": journals that drop the leading zero of p-values).
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
# An optional comparison operator in front of a p-value; "≤"/"≥" and "=<" spellings occur
# in PDFs, and a lone "=" is the default.
_OPERATOR = r"(?P<op><=|>=|=<|=>|≤|≥|<|>|=)?"
PRINTED_RE = re.compile(rf"^\s*{_OPERATOR}\s*(?P<num>{_NUMBER})\s*$")
_OPS = {"<=": "<=", "=<": "<=", "≤": "<=", ">=": ">=", "=>": ">=", "≥": ">=",
        "<": "<", ">": ">", "=": "=", None: "="}


@dataclass(frozen=True)
class Printed:
    """A number as printed: value, decimals shown, and the operator in front of it."""

    value: float
    decimals: int
    op: str = "="

    @property
    def half_unit(self) -> float:
        """Half a unit of the last printed digit: the rounding uncertainty."""
        return 0.5 * 10.0 ** (-self.decimals)

    @property
    def low(self) -> float:
        return self.value - self.half_unit

    @property
    def high(self) -> float:
        return self.value + self.half_unit


def _blank(text: object) -> bool:
    if text is None:
        return True
    if isinstance(text, float) and math.isnan(text):
        return True
    try:
        import pandas as pd

        if text is pd.NA:
            return True
    except ImportError:  # pragma: no cover
        pass
    return str(text).strip() == ""


def is_blank(text: object) -> bool:
    """True for None, NaN, pandas NA and empty/whitespace strings."""
    return _blank(text)


def parse_printed(text: object) -> Printed | None:
    """`"11.30"` -> Printed(11.3, 2); `"<0.001"` -> Printed(0.001, 3, "<"); None when the
    text is blank, NE/NR, or not a number."""
    if _blank(text):
        return None
    m = PRINTED_RE.match(str(text).replace("·", ".").replace("−", "-"))
    if not m:
        return None
    num = m.group("num")
    decimals = len(num.split(".", 1)[1]) if "." in num else 0
    return Printed(float(num), decimals, _OPS[m.group("op")])


def is_number(text: object) -> bool:
    p = parse_printed(text)
    return p is not None and p.op == "="


def special_value(text: object) -> str | None:
    """"NE" / "NR" (any case, "not reached", "not estimable") -> "NE"/"NR"; else None."""
    if _blank(text):
        return None
    t = str(text).strip().lower()
    if t in ("ne", "not estimable", "not evaluable"):
        return "NE"
    if t in ("nr", "not reached"):
        return "NR"
    return None


def normalize_unit(unit: object) -> str:
    if _blank(unit):
        return ""
    u = str(unit).strip().lower()
    return UNIT_SPELLINGS.get(u, u)


def _scale(unit_a: str, unit_b: str) -> tuple[float, float] | None:
    """Factors that bring both units to a common one (days for durations); None when the
    units cannot be compared ("%" vs "months")."""
    ua, ub = normalize_unit(unit_a), normalize_unit(unit_b)
    if ua == ub:
        return 1.0, 1.0
    if ua in DAYS_PER_UNIT and ub in DAYS_PER_UNIT:
        return DAYS_PER_UNIT[ua], DAYS_PER_UNIT[ub]
    if not ua or not ub:  # a unit missing on one side: assume the same unit
        return 1.0, 1.0
    return None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a duration between days, weeks, months and years."""
    fu, tu = normalize_unit(from_unit), normalize_unit(to_unit)
    if fu == tu:
        return value
    return value * DAYS_PER_UNIT[fu] / DAYS_PER_UNIT[tu]


def values_equal(a: object, b: object, unit_a: str = "", unit_b: str = "") -> bool:
    """Precision-aware equality of two printed values (see module docstring).

    Blank on either side is not equality (callers compare only what both sides state)."""
    sa, sb = special_value(a), special_value(b)
    if sa or sb:
        return bool(sa and sb)  # NE == NR by decision; never equal to a number
    pa, pb = parse_printed(a), parse_printed(b)
    if pa is None or pb is None or pa.op != "=" or pb.op != "=":
        return False
    scale = _scale(unit_a, unit_b)
    if scale is None:
        return False
    fa, fb = scale
    tolerance = max(pa.half_unit * fa, pb.half_unit * fb)
    # a tiny epsilon absorbs binary floating-point noise at exact halves (7.05 vs 7.0)
    return abs(pa.value * fa - pb.value * fb) <= tolerance * (1 + 1e-9) + 1e-12


def p_interval(text: object) -> tuple[float, float, bool, bool] | None:
    """A printed p-value as an interval (low, high, low_open, high_open)."""
    p = parse_printed(text)
    if p is None:
        return None
    if p.op == "=":
        return max(0.0, p.low), min(1.0, p.high), False, False
    if p.op in ("<", "<="):
        return 0.0, p.value, False, p.op == "<"
    return p.value, 1.0, p.op == ">", False


def intervals_meet(a: tuple[float, float, bool, bool], b: tuple[float, float, bool, bool]) -> bool:
    lo_a, hi_a, lo_open_a, hi_open_a = a
    lo_b, hi_b, lo_open_b, hi_open_b = b
    # a meets b unless one lies entirely above the other
    if hi_a < lo_b or (hi_a == lo_b and (hi_open_a or lo_open_b)):
        return False
    if hi_b < lo_a or (hi_b == lo_a and (hi_open_b or lo_open_a)):
        return False
    return True


def p_consistent(a: object, b: object) -> bool:
    """`<0.001` and `0.0008` are consistent; `<0.001` and `0.009` are not; `0.07` and
    `0.072` are. Unparseable values are not consistent."""
    ia, ib = p_interval(a), p_interval(b)
    if ia is None or ib is None:
        return False
    return intervals_meet(ia, ib)


# -- timings -------------------------------------------------------------------------------

def timing_interval(low: object, high: object, unit: object) -> tuple[float | None, float | None]:
    """(low, high) in days; None for an open end ("at least 7 days" -> (7, None))."""
    u = normalize_unit(unit) or "days"
    factor = DAYS_PER_UNIT.get(u)
    if factor is None:
        raise ValueError(f"not a duration unit: {unit!r}")
    lo, hi = parse_printed(low), parse_printed(high)
    return (lo.value * factor if lo else None, hi.value * factor if hi else None)


def timings_equal(a: tuple[object, object, object], b: tuple[object, object, object]) -> bool:
    """Compare two timings given as (low, high, unit): every bound both state must agree
    (in days); at least one bound must be shared."""
    lo_a, hi_a = timing_interval(*a)
    lo_b, hi_b = timing_interval(*b)
    shared = [(x, y) for x, y in ((lo_a, lo_b), (hi_a, hi_b)) if x is not None and y is not None]
    if not shared:
        return False
    return all(abs(x - y) <= 1e-6 for x, y in shared)


def decimal_places(text: object) -> int:
    p = parse_printed(text)
    return p.decimals if p else 0
