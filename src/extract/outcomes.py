"""Per-arm medians and rates: paired values ("10.7 vs. 7.9 months"; a percentage may carry its
count: "45.7% [n = 59 of 129] vs 1.5% (1/68)"), values with their own CIs, values tied to named
arms ("14.6 months with X and 10.0 months with Y"), single-arm figures, NR/NE. Values are kept as
printed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from extract.hazard import ASCII_SPACE, NUM, RANGE_SEP, next_char, printed

# -- named parts ----------------------------------------------------------------------------
# A value: a number, or "NR"/"NE"/"not reached"/"not estimable"/"not evaluable" (immature arms).
_VAL_BODY = (r"(?<![\w.\u00b7\-–/])" + NUM + r"(?![\d\u00b7]|\.\d)|\bN[RE]\b|\bNA\b|not\s+reached|not\s+estimable"
             r"|not\s+evaluable")
VAL = r"(?P<{n}>" + _VAL_BODY + r")"
# Units: months ("months", "mo", "mos"), weeks, days, %, years; "%" may follow a space (PDF text).
UNIT = r"(?P<{n}>\s*%|\s+(?:months?|mos?\.?(?![a-z])|weeks?|wks?\.?|days?|years?)(?![a-z]))"
# A CI printed after one arm's value: "[95% CI 17.0-23.7]", "(95% CI, 14.2-19.6)", "(11.4-16.9)",
# "(14.2 to 19.6)"; it belongs to that arm, not to the hazard ratio.
# A percentage CI may print the unit on both bounds: "(95% CI, 51.6%-64.1%)".
ARM_CI = (r"(?:\s*[\[(]\s*(?:\d{2}(?:\.\d+)?\s*%\s*(?:CI|confidence\s+interval)\s*[:,]?\s*)?" + NUM + r"\s*%?"
          + RANGE_SEP.replace(r"|\s*,\s*", "") + NUM + r"\s*(?:months?|mo|weeks?|days?|%)?\s*[\])]"
          # with its label, the bounds may be split by a comma: "[95% CI: 342, 778]"
          r"|\s*[\[(]\s*\d{2}(?:\.\d+)?\s*%\s*(?:CI|confidence\s+interval)\s*[:,]?\s*" + NUM + r"\s*,\s*" + NUM
          + r"\s*(?:months?|mo|weeks?|days?|%)?\s*[\])])")
# The word between the two arms' values: "vs.", "vs", "versus", "v", "compared with/to";
# a bracket or semicolon may stand before it ("23.8 months (vs. 15.2 months for sorafenib").
VS = (r"\s*[,;]?\s*[(\[]?\s*(?:vs\.?|versus|v\.?(?=\s)|compared\s+(?:with|to)|against)\s*"
      r"(?:(?:a|the)\s+median\s+(?:of\s+)?)?")

# The count a percentage stands for, printed after it: "45.7% [n = 59 of 129]", "45.7% (59/129)",
# "68% [50 of 74]", "12% (n=9/75)" (only right after "%").
PCT_COUNT = r"(?:(?<=%)\s*[\[(]\s*(?:n\s*=\s*)?\d+\s*(?:/|of|out\s+of)\s*\d+\s*[\])])?"
PAIR = re.compile(
    VAL.format(n="v1") + r"(?:" + UNIT.format(n="u1") + r")?" + PCT_COUNT + r"(?P<ci1>" + ARM_CI + r")?" + VS
    + VAL.format(n="v2") + r"(?:" + UNIT.format(n="u2") + r")?" + PCT_COUNT + r"(?P<ci2>" + ARM_CI + r")?", re.I)

# Values tied to named arms, either order: "14.6 months with X and 10.0 months with Y",
# "7.1 months in the control group versus 9.0 months in the experimental group".
_ARM_PREP = (r"\s+(?:with|in|for|among|on|in\s+the|for\s+the|with\s+the"
             r"|of\s+(?:the\s+)?(?:patients|those)\s+(?:receiving|treated\s+with|given|in\s+the|in))\s+")
_ARM_TEXT = r"[^\d;:()\[\]]{2,80}?"
_ARM_JOIN = r"\s*,?\s*(?:and|vs\.?|versus|compared\s+with|compared\s+to|as\s+opposed\s+to|but|while|whereas)\s+(?:was\s+|were\s+|of\s+)?"
ARMED_PAIR = re.compile(
    VAL.format(n="v1") + r"(?:" + UNIT.format(n="u1") + r")?(?P<ci1>" + ARM_CI + r")?" + _ARM_PREP
    + r"(?P<a1>" + _ARM_TEXT + r")" + _ARM_JOIN + VAL.format(n="v2") + r"(?:" + UNIT.format(n="u2") + r")?"
    + r"(?P<ci2>" + ARM_CI + r")?" + _ARM_PREP + r"(?P<a2>[^\d;:,.()\[\]]{2,80}?)"
    + r"(?=\s*(?:[,.;)\]]|$|\(|\s(?:and|with|respectively|group|arm)\b))", re.I)

# Counts with their percentage, Lancet/NEJM style: "112 (33%) of 338 patients versus 98 (29%)
# of 336", "in 45 (13.3%) and 12 (3.6%) patients": the percentages are the arms' values.
_COUNT_PCT = r"\d+\s*\(\s*(?P<{n}>" + NUM + r")\s*%\s*\)(?:\s+of\s+\d+)?(?:\s+(?:patients|participants))?"
COUNT_PAIR = re.compile(
    _COUNT_PCT.format(n="v1") + r"(?:" + _ARM_PREP + r"(?P<a1>" + _ARM_TEXT + r"))?"
    + r"\s*,?\s*(?:vs\.?|versus|and|compared\s+with)\s+" + _COUNT_PCT.format(n="v2")
    + r"(?:" + _ARM_PREP + r"(?P<a2>[^\d;:,.()\[\]]{2,80}?)(?=\s*(?:[,.;)\]]|$)))?", re.I)
# "84.1% and 71.2%, respectively": two arms' values listed in the order the arms were named.
RESPECTIVELY = re.compile(
    VAL.format(n="v1") + r"(?:" + UNIT.format(n="u1") + r")?(?P<ci1>" + ARM_CI + r")?\s*,?\s*and\s+"
    + VAL.format(n="v2") + r"(?:" + UNIT.format(n="u2") + r")?(?P<ci2>" + ARM_CI + r")?"
    + r"(?:\s+(?:of\s+)?(?:patients|participants))?\s*,?\s*respectively\b", re.I)
# One value per listed endpoint for each arm, the lists in the order the endpoints were named:
# "20.1 and 7.2 months with X versus 15.5 and 4.9 months with Y, respectively", "20.1 and 7.2
# versus 15.5 and 4.9 months, respectively".
_VLIST = r"(?P<{n}>(?:" + _VAL_BODY + r")(?:\s*,\s*(?:" + _VAL_BODY + r"))*\s*,?\s*and\s+(?:" + _VAL_BODY + r"))"
LISTED_PAIRS = re.compile(
    _VLIST.format(n="l1") + r"(?:" + UNIT.format(n="u1") + r")?(?:" + _ARM_PREP + r"(?P<a1>" + _ARM_TEXT + r"))?"
    + r"(?:" + _ARM_JOIN + r"|" + VS + r")" + _VLIST.format(n="l2") + r"(?:" + UNIT.format(n="u2") + r")?"
    + r"(?:" + _ARM_PREP + r"(?P<a2>[^\d;:,.()\[\]]{2,80}?))?\s*,?\s*respectively\b", re.I)
_LIST_VALUE = re.compile(_VAL_BODY, re.I)
# Cheap checks that let a sentence skip the costly forms.
_UNIT_QUICK = re.compile(r"\d\s*%|\d\s+(?:months?|mo|weeks?|wks?|days?|years?)\b|\bN[RE]\b|not\s+(?:reached|estimable|evaluable)", re.I)
_ARM_QUICK = re.compile(r"\s(?:with|in|for|among|on|of)\s", re.I)
_VS_QUICK = re.compile(r"\bvs\b|versus|\bv\b|compared|against", re.I)
# One pass over a sentence finds where values can start, so that each form is tried only there:
# - num/nword: where a value can start (a superset: VAL's lookbehind and \b are checked by the
#   pattern tried there). None of these matches holds the start of another one.
# - start: every form but COUNT_PAIR begins with a value, and past its number a value is followed
#   by a unit, a CI, a list comma, "and", "vs"/"compared"/"against" or the words before an arm:
#   whitespace, "%", ",", ";", a bracket or "v"/"c"/"a"; a number followed by anything else
#   ("0.55–0.92)", "12-month") starts no form, though it may end one.
# - unit: the number is followed by what can begin UNIT (SINGLE needs it).
_SCAN = re.compile(
    r"(?P<num>[.\u00b7]?\d[\d.\u00b7]*)"
    r"(?:(?=[\s%,;(\[vca])(?P<start>)(?:(?=\s*%|\s+(?:mo|we|wk|da|ye))(?P<unit>)|)|)"
    r"|(?P<nword>n[rea]\b|not\s)", re.I)
# The words a form needs after its first value, found in an ASCII sentence's lowercased text
# (there, matching without case is matching it): PAIR needs a VS word ("v" begins "vs", "versus",
# "v."), then a value; ARMED_PAIR an _ARM_JOIN word ("opposed" ends "as opposed"), then a value;
# RESPECTIVELY and LISTED_PAIRS end with "respectively". A form is tried only at values before
# the last such word.
_VS_WORDS = ("v", "compared", "against")
_JOIN_WORDS = ("and", "but", "while", "opposed", "whereas")
# _ARM_QUICK's words between spaces (those that begin _ARM_PREP), and the other ASCII whitespace
# they may stand between instead
_ARM_QUICK_WORDS = (" with ", " in ", " for ", " among ", " on ", " of ")
_ASCII_SPACE_NOT_SPACE = "\t\n\r\x0b\x0c"
# A median stated as not reached with no figure: "median overall survival was not reached",
# "median OS has not yet been reached in either arm" (both arms: NR vs NR). Not a median
# follow-up.
LONE_NOT_REACHED = re.compile(
    r"\bmedian\s+(?P<what>(?:[\w\-]+\s+){0,4}?)(?:was|were|is|has|had|remained|remains)\s+(?:(?:not\s+)?(?:yet\s+)?been\s+)?"
    r"(?P<nr>not\s+(?:yet\s+)?(?:been\s+)?reached)(?P<both>\s+in\s+(?:either|both|any)\s+(?:of\s+the\s+)?(?:arms?|groups?|cohorts?))?",
    re.I)
SINGLE = re.compile(VAL.format(n="v1") + UNIT.format(n="u1"), re.I)

# Text right before a value that makes it something other than a result: follow-up, duration,
# exposure, schedules, ages, cut-offs, "n =", bounds of eligibility.
NOT_RESULT_BEFORE = re.compile(
    r"(?:follow[\s\-]?up|duration|exposure|cut[\s\-]?off|every|for|within|after|before|at|aged?|up\s+to|over"
    r"|than|least|n\s*=|beyond|more\s+than|less\s+than|≥|≤|>|<|lasting|until|interval|window)"
    r"\s*(?:of\s+|was\s+|is\s+|were\s+)?(?:approximately\s+|about\s+|~\s*)?[(\[]?\s*$"
    # the upper end of a range: "ranges from 16 to 20 months", "16-20 months"
    r"|\d\s*(?:to|-|–)\s*$", re.I)
# Text right after a value that makes it a count or share of events, not a result.
NOT_RESULT_AFTER = re.compile(
    r"^\s*(?:of\s+(?:the\s+)?(?:events|deaths|patients\s+had|information)|events|deaths|CI\b|confidence"
    r"|(?:of\s+)?(?:the\s+)?(?:planned|required)\s+events|information\s+fraction)", re.I)
_NOT_RESULT_BEFORE_R = re.compile(r"(?r)" + NOT_RESULT_BEFORE.pattern, re.I)
_NOT_RESULT_AFTER_FIRST = "oedctpri"  # of, events, deaths, CI, confidence, the, planned, ... (and "")

ROLE_CONTROL = re.compile(r"\b(?:control|placebo|alone|standard|comparator|reference|monotherapy)\b", re.I)
ROLE_EXPERIMENTAL = re.compile(r"\b(?:experimental|combination|intervention|investigational|triple|study)\b", re.I)


@dataclass
class Values:
    start: int
    end: int
    value_exp: str
    value_ctrl: str
    unit: str  # normalized: months, weeks, days, years, %, or "" when not printed
    arm_texts: tuple[str, str] = ("", "")  # arm phrases named with each value (exp, ctrl)
    single: bool = False
    slot: int = -1  # in a LISTED_PAIRS list: which of the listed endpoints (0-based)
    slots: int = 0  # how many endpoints the list gives values for


@lru_cache(maxsize=1024)
def normalize_unit(unit: str | None) -> str:
    u = (unit or "").strip().lower().rstrip(".")
    if not u:
        return ""
    if u == "%":
        return "%"
    if u.startswith("mo"):
        return "months"
    if u.startswith("w"):
        return "weeks"
    if u.startswith("d"):
        return "days"
    if u.startswith("y"):
        return "years"
    return u


@lru_cache(maxsize=4096)
def normalize_value(v: str) -> str:
    s = " ".join(v.split()).lower()
    if s in ("nr", "not reached"):
        return "NR"
    if s in ("ne", "not estimable", "not evaluable"):
        return "NE"
    if s == "na":
        return "NA"
    return printed(v.strip())


def _is_result(text: str, start: int, end: int) -> bool:
    # searched right to left: every branch of NOT_RESULT_BEFORE ends at the value ("$"), so only
    # the last position is tried instead of all 30 (a match is found iff one exists)
    if _NOT_RESULT_BEFORE_R.search(text[max(0, start - 30):start]):
        return False
    c = next_char(text, end, ASCII_SPACE)  # NOT_RESULT_AFTER's words begin with one of these
    return c.isascii() and c.lower() not in _NOT_RESULT_AFTER_FIRST or not NOT_RESULT_AFTER.match(text[end:end + 30])


def _role(arm_text: str) -> int:
    """-1 control, +1 experimental, 0 unknown."""
    if ROLE_CONTROL.search(arm_text):
        return -1
    if ROLE_EXPERIMENTAL.search(arm_text):
        return 1
    return 0


def _matches(rx: re.Pattern, text: str, starts: list[int], before: int):
    """`rx.finditer(text)` for a pattern that can only match at one of `starts` (ascending) before
    `before`: tried there in order, skipping those inside the last match, as finditer would."""
    end = 0
    for s in starts:
        if s >= before:
            return
        if s >= end:
            m = rx.match(text, s)
            if m:
                end = m.end()
                yield m


def _arm_quick(text: str, low: str) -> bool:
    """`_ARM_QUICK.search(text)`; by `in` in an ASCII sentence's lowercased text `low`."""
    if low:
        if any(w in low for w in _ARM_QUICK_WORDS):
            return True
        if not any(c in text for c in _ASCII_SPACE_NOT_SPACE):
            return False
    return _ARM_QUICK.search(text) is not None


def find_values(text: str) -> list[Values]:
    """Paired and single per-arm values in `text`, left to right, without overlaps."""
    found: list[Values] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        for a, b in taken:
            if e > a and s < b:
                return False
        return True

    # where values can start (all, and those SINGLE can match at)
    starts: list[int] = []
    singles: list[int] = []
    last_value = -1
    for m in _SCAN.finditer(text):
        kind = m.lastgroup  # the last group closed: "unit" after "start" after "num"
        last_value = m.start()
        if kind != "num":
            starts.append(last_value)
            if kind != "start":
                singles.append(last_value)
    if not starts and "%)" not in text:
        return found
    # for each form, the position it must start before
    low = ""  # an ASCII sentence's lowercased text
    if starts and text.isascii():
        low = text.lower()
        vs_before = max(low.rfind(w, 0, last_value) for w in _VS_WORDS)
        join_before = max(vs_before, max(low.rfind(w, 0, last_value) for w in _JOIN_WORDS))
        resp_before = low.rfind("respectively")
        vs_sure = "versus" in low or "compared" in low or "against" in low  # _VS_QUICK would find them
    else:
        vs_before = join_before = resp_before = len(text)
        vs_sure = False
    has_unit = None  # _UNIT_QUICK, searched when first needed
    if starts and resp_before > starts[0] and "respectively" in text:
        has_unit = _UNIT_QUICK.search(text) is not None
        for m in (_matches(LISTED_PAIRS, text, starts, resp_before) if has_unit else ()):
            firsts = [x.group(0) for x in _LIST_VALUE.finditer(m["l1"])]
            seconds = [x.group(0) for x in _LIST_VALUE.finditer(m["l2"])]
            if len(firsts) != len(seconds) or not (m["u1"] or m["u2"]) or not _is_result(text, m.start(), m.end()):
                continue
            a1, a2 = (m["a1"] or "").strip(), (m["a2"] or "").strip()
            if _role(a1) == -1 and _role(a2) != -1 or _role(a2) == 1 and _role(a1) != 1:
                firsts, seconds, a1, a2 = seconds, firsts, a2, a1
            unit = normalize_unit(m["u2"] or m["u1"])
            for i, (x, y) in enumerate(zip(firsts, seconds)):
                found.append(Values(m.start(), m.end(), normalize_value(x), normalize_value(y), unit, (a1, a2),
                                    slot=i, slots=len(firsts)))
            taken.append((m.start(), m.end()))
    if starts and join_before > starts[0] and _arm_quick(text, low):
        armed_before = join_before
        if low and not any(c in text for c in _ASCII_SPACE_NOT_SPACE):
            # with spaces the only whitespace: _ARM_PREP's word between spaces, before the join word
            armed_before = max(low.rfind(w, 0, join_before) for w in _ARM_QUICK_WORDS)
        if has_unit is None and armed_before > starts[0]:
            has_unit = _UNIT_QUICK.search(text) is not None
        armed = _matches(ARMED_PAIR, text, starts, armed_before) if armed_before > starts[0] and has_unit else ()
        for m in armed:
            if not free(m.start(), m.end()) or not _is_result(text, m.start(), m.end("v2")):
                continue
            if not (m["u1"] or m["u2"]) and not {m["v1"][:1].upper(), m["v2"][:1].upper()} & {"N"}:
                continue  # bare numbers next to arm names are not results without a unit
            a1, a2 = m["a1"].strip(), m["a2"].strip()
            v1, v2 = normalize_value(m["v1"]), normalize_value(m["v2"])
            if _role(a1) == -1 and _role(a2) != -1 or _role(a2) == 1 and _role(a1) != 1:
                v1, v2, a1, a2 = v2, v1, a2, a1
            unit = normalize_unit(m["u2"] or m["u1"])
            found.append(Values(m.start(), m.end(), v1, v2, unit, (a1, a2)))
            taken.append((m.start(), m.end()))
    for m in (COUNT_PAIR.finditer(text) if "%)" in text else ()):
        if not free(m.start(), m.end()) or not _is_result(text, m.start(), m.end()):
            continue
        a1, a2 = (m["a1"] or "").strip(), (m["a2"] or "").strip()
        v1, v2 = m["v1"], m["v2"]
        if _role(a1) == -1 and _role(a2) != -1 or _role(a2) == 1 and _role(a1) != 1:
            v1, v2, a1, a2 = v2, v1, a2, a1
        found.append(Values(m.start(), m.end(), printed(v1), printed(v2), "%", (a1, a2)))
        taken.append((m.start(), m.end()))
    if not starts:
        return found  # (no sort needed: COUNT_PAIR's values come in order)
    for m in (_matches(RESPECTIVELY, text, starts, resp_before) if "respectively" in text else ()):
        u1, u2 = normalize_unit(m["u1"]), normalize_unit(m["u2"])
        if not (u1 or u2) or not free(m.start(), m.end()) or not _is_result(text, m.start(), m.end()):
            continue  # "hazard ratios of 0.34 and 0.39, respectively" are not per-arm values
        found.append(Values(m.start(), m.end(), normalize_value(m["v1"]), normalize_value(m["v2"]), u2 or u1))
        taken.append((m.start(), m.end()))
    vs_quick = vs_before > starts[0] and (vs_sure or _VS_QUICK.search(text))
    for m in (_matches(PAIR, text, starts, vs_before) if vs_quick else ()):
        if not free(m.start(), m.end()) or not _is_result(text, m.start(), m.end()):
            continue
        u1, u2 = normalize_unit(m["u1"]), normalize_unit(m["u2"])
        if u1 and u2 and u1 != u2:
            continue
        found.append(Values(m.start(), m.end(), normalize_value(m["v1"]), normalize_value(m["v2"]),
                            u2 or u1))
        taken.append((m.start(), m.end()))
    # a value inside a span already taken is not tried: SINGLE's match there would not be free,
    # and no SINGLE match can start inside another one, so the later matches stay the same
    if taken:
        singles = [s for s in singles if free(s, s + 1)]
    for m in _matches(SINGLE, text, singles, len(text)):
        if not free(m.start(), m.end()) or not _is_result(text, m.start(), m.end()):
            continue
        unit = normalize_unit(m["u1"])
        if unit == "years":  # ages and durations, not single-arm medians
            continue
        found.append(Values(m.start(), m.end(), normalize_value(m["v1"]), "", unit, single=True))
        taken.append((m.start(), m.end()))
    if "reached" in text:
        for m in LONE_NOT_REACHED.finditer(text):
            if free(m.start("nr"), m.end()) and "follow" not in m["what"].lower():
                both = bool(m["both"])
                found.append(Values(m.start("nr"), m.end(), "NR", "NR" if both else "", "", single=not both))
                taken.append((m.start("nr"), m.end()))
    found.sort(key=lambda v: v.start)
    return found


def ci_spans(text: str) -> list[tuple[int, int]]:
    """Spans of per-arm CIs, so that callers do not read their bounds as values."""
    return [(m.start(), m.end()) for m in re.finditer(ARM_CI, text)]
