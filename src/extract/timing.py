"""When a drug or regimen starts relative to a procedure (TACE) or to randomization."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extract.arms import find_regimens, is_procedure

# -- named parts ----------------------------------------------------------------------------
N = r"\d+(?:\.\d+)?"
T_UNIT = r"(?:days?|weeks?|months?|wks?|d)\b"
# Ranges: "3-7 days", "3–7 days", "2 to 8 weeks", "3-7 day" (tables drop the plural).
RANGE = r"(?P<low>" + N + r")\s*(?:-|–|—|to)\s*(?P<high>" + N + r")\s*(?P<unit>" + T_UNIT + r")"
# Lower bounds: "at least 7 days", "≥ 2 weeks", "beyond 9 weeks", "more than 4 weeks".
LOWER = (r"(?:at\s+least|≥|>=|⩾|>|beyond|more\s+than|over|no\s+(?:less|earlier|sooner)\s+than|a\s+minimum\s+of)"
         r"\s*(?P<lo>" + N + r")\s*(?P<lounit>" + T_UNIT + r")")
# Upper bounds: "within 2 weeks", "up to 4 weeks", "no later than 7 days", "≤ 14 days".
UPPER = (r"(?:within|up\s+to|no\s+later\s+than|no\s+more\s+than|≤|<=|⩽|at\s+most)\s*(?P<hi>" + N + r")\s*"
         r"(?P<hiunit>" + T_UNIT + r")")
# Both: "at least 14 days and within 8 weeks", "between 2 and 8 weeks".
BOTH = LOWER + r"\s+(?:and|but)\s+" + UPPER
BETWEEN = r"between\s+(?P<blow>" + N + r")\s*(?:and|-|–)\s*(?P<bhigh>" + N + r")\s*(?P<bunit>" + T_UNIT + r")"
SINGLE = r"(?P<one>" + N + r")\s*(?P<oneunit>" + T_UNIT + r")"
TIME = r"(?:" + "|".join((BOTH, BETWEEN, RANGE, LOWER, UPPER, SINGLE)) + r")"
RELATION = r"\s+(?P<rel>before|prior\s+to|ahead\s+of|preceding|after|following|post|pre(?=-)|later|from)\b"
TIMING = re.compile(r"(?<![\w.])" + TIME + RELATION + r"(?=(?P<anchor>[^.;]{0,80}))", re.I)
# "followed by DEB-TACE 2-5 weeks later": the drug precedes the procedure.
FOLLOWED = re.compile(r"\bfollowed\s+by\s+(?:the\s+first\s+)?(?:DEB-TACE|cTACE|TACE|chemoemboli[sz]ation|embolization)"
                      r"\s+" + TIME + r"\s+later\b", re.I)

# "TACE followed by sorafenib starting 1-2 weeks later": the drug comes after the procedure.
PROC_FOLLOWED = re.compile(r"\b(?:DEB-TACE|cTACE|TACE|chemoemboli[sz]ation|embolization)\s+(?:was\s+)?followed\s+by\s+"
                           r"(?P<what>[^.;\d]{2,80}?)\s+(?:starting\s+|initiated\s+|begun\s+|beginning\s+)?"
                           + TIME + r"\s+later\b", re.I)

ANCHORS = (
    ("randomization", re.compile(r"^\s*(?:the\s+)?(?:randomi[sz]ation|random\s+assignment|enrol?lment)", re.I)),
    ("last TACE", re.compile(r"^\s*(?:the\s+)?(?:(?:last|final)\s+(?:TACE|DEB-TACE|cTACE|session|procedure|treatment|embolization)"
                             r"|completion\s+of\s+(?:all\s+)?(?:planned\s+|scheduled\s+)?(?:TACE|DEB-TACE|cTACE|sessions?|procedures?))", re.I)),
    ("each TACE", re.compile(r"^\s*(?:each|every|all|subsequent|each\s+subsequent)\s+(?:TACE|DEB-TACE|cTACE|sessions?|procedures?)", re.I)),
    ("first TACE", re.compile(r"^\s*(?:the\s+)?(?:first|initial|1st|index|scheduled|planned)?\s*(?:TACE|DEB-TACE|cTACE|session|procedure|"
                              r"transarterial\s+chemoemboli[sz]ation|chemoemboli[sz]ation|embolization)\b", re.I)),
)
# Words between the regimen and the time that mean the figure is not a start: completion
# windows ("completed within 16 weeks"), interruptions, durations.
NOT_A_START = re.compile(r"\b(?:complet\w*|interrupt\w*|held|withheld|stopp\w*|discontinu\w*|resum\w*|continued)\b", re.I)
# "received sorafenib for a median of 5 months after TACE": a duration, not a start.
DURATION_BEFORE = re.compile(r"\bfor\s+(?:a\s+|an\s+)?(?:(?:median|mean|total|maximum)\s+(?:duration\s+)?of\s+|up\s+to\s+)?$", re.I)
CLAUSE_BREAK = re.compile(r";|,\s*(?:whereas|while|but|and\s+then)\b|\.\s|:\s")

_DAYS = {"days": 1, "weeks": 7, "months": 30}


@dataclass(frozen=True)
class Timing:
    regimen: str
    relation: str
    low: str
    high: str
    unit: str
    anchor: str
    start: int  # the clause holding the timing
    end: int


def _unit(u: str) -> str:
    u = u.lower()
    if u.startswith("w"):
        return "weeks"
    if u.startswith("m"):
        return "months"
    return "days"


def _bounds(m: re.Match) -> tuple[str, str, str, bool]:
    """(low, high, unit, is_within)"""
    if m["lo"] and m["hi"]:
        lu, hu = _unit(m["lounit"]), _unit(m["hiunit"])
        if lu == hu:
            return m["lo"], m["hi"], lu, False
        small = lu if _DAYS[lu] < _DAYS[hu] else hu
        conv = lambda v, u: v if u == small else _fmt(float(v) * _DAYS[u] / _DAYS[small])  # noqa: E731
        return conv(m["lo"], lu), conv(m["hi"], hu), small, False
    if m["blow"]:
        return m["blow"], m["bhigh"], _unit(m["bunit"]), False
    if m["low"]:
        return m["low"], m["high"], _unit(m["unit"]), False
    if m["lo"]:
        return m["lo"], "", _unit(m["lounit"]), False
    if m["hi"]:
        return "", m["hi"], _unit(m["hiunit"]), True
    return m["one"], m["one"], _unit(m["oneunit"]), False


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def _anchor(text: str) -> str:
    # "3-7 days post-TACE", "1 week pre-TACE": the anchor is glued to the relation by a hyphen
    text = text[1:] if text[:1] == "-" else text
    for name, rx in ANCHORS:
        if rx.match(text):
            return name
    return ""


def _is_placebo(name: str) -> bool:
    return all("placebo" in c.lower() for c in name.split(" plus "))


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in CLAUSE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return start


def _clause_end(text: str, pos: int) -> int:
    m = CLAUSE_BREAK.search(text, pos)
    return m.start() if m else len(text.rstrip())


def find_timings(text: str, mask: list[tuple[int, int]] = (), abbrev: dict[str, str] | None = None) -> list[Timing]:
    out: list[Timing] = []
    regs = find_regimens(text, mask, abbrev)
    for m in FOLLOWED.finditer(text):
        low, high, unit, _ = _bounds(m)
        cs = _clause_start(text, m.start())
        before = [r for r in regs if cs <= r.end <= m.start() and "TACE" not in r.name]
        if before:
            out.append(Timing(before[-1].name, "before", low, high, unit, "first TACE",
                              cs, _clause_end(text, m.end())))
    for m in PROC_FOLLOWED.finditer(text):
        regs = [r for r in find_regimens(m["what"], (), abbrev) if not is_procedure(r.name)]
        if regs:
            low, high, unit, _ = _bounds(m)
            cs = _clause_start(text, m.start())
            out.append(Timing(regs[0].name, "after", low, high, unit, "first TACE", cs, _clause_end(text, m.end())))
    for m in TIMING.finditer(text):
        rel = m["rel"].lower()
        if rel == "later":
            continue
        anchor = _anchor(m["anchor"])
        if not anchor:
            continue
        low, high, unit, within = _bounds(m)
        cs = _clause_start(text, m.start())
        before = [r for r in regs if cs <= r.end <= m.start()]
        if anchor != "randomization":
            before = [r for r in before if not is_procedure(r.name)]
        if any(not _is_placebo(r.name) for r in before):
            before = [r for r in before if not _is_placebo(r.name)]  # "X or placebo was started ..."
        if not before:
            continue
        reg = before[-1]
        if NOT_A_START.search(text[reg.end:m.start()]) or DURATION_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            continue
        relation = "before" if rel.startswith(("before", "prior", "ahead", "pre")) else "after"
        if within:
            relation = "within"
        name = "TACE" if "TACE" in reg.name and anchor == "randomization" else reg.name
        out.append(Timing(name, relation, low, high, unit, anchor, cs, _clause_end(text, m.end())))
    out.sort(key=lambda t: t.start)
    return out
