"""Endpoints (OS, PFS, TACE-PFS, ORR, AE rates...), landmark survival, AE grades, and the
assessment qualifiers (response criteria, reviewer, analysis) a sentence or cell states."""

from __future__ import annotations

import bisect
import re as stdlib_re
from dataclasses import dataclass, replace
from functools import lru_cache

import regex as re

from extract.nlp import load_lexicon, phrase_alternation

# Endpoints whose values are percentages per arm; the others are times to an event.
RATE_ENDPOINTS = frozenset({"ORR", "DCR", "CR", "CONVERSION", "AE", "TRAE", "AE-DISCONTINUATION"})
AE_ENDPOINTS = frozenset({"AE", "TRAE"})


@dataclass(frozen=True)
class EndpointMention:
    endpoint: str
    start: int
    end: int
    landmark_months: str = ""  # "24" for "24-month OS" / "2-year survival rate"
    series: tuple[str, ...] = ()  # "1- and 2-year OS rates": ("12", "24"), one value each
    grade: str = ""  # "grade>=3" or "grade 3-4" for AE endpoints
    free: bool = False  # a phrase outside the canonical codes ("primary outcome"): rates or times

    @property
    def is_rate(self) -> bool:
        return self.endpoint in RATE_ENDPOINTS or bool(self.landmark_months)

    @property
    def measure(self) -> str:
        if self.landmark_months:
            return f"{self.landmark_months}-month rate"
        if self.grade:
            return f"{self.grade} rate"
        return "rate" if self.endpoint in RATE_ENDPOINTS else "median"


_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18,
                 "twenty-four": 24, "thirty-six": 36}

# Acronym endpoints are matched case-sensitively ("OS" but not "os"), phrases in any case.
# Boundaries: a letter/digit may not touch either side, and a following hyphen + word means
# the token is part of a larger term ("OS-related"), except the "TACE-PFS" style handled by
# the lexicon itself. A leading hyphen would make it part of a compound ("RECICL-PFS" is in
# the lexicon, "non-OS" is not an endpoint).
_LEFT = r"(?<![\w\-])"
_RIGHT = r"(?![\w]|-(?!\s)\w)"


# Whitespace as the regex module's \s takes it in ASCII text (stdlib re's \s also takes \x1c-\x1f).
_ASCII_SPACE = r" \t\n\r\f\v"


def ascii_twin(pattern: str) -> stdlib_re.Pattern:
    """The twin of a case-insensitive `pattern` for ASCII text: the lower-cased pattern, for
    stdlib `re`, to search the lower-cased text (its ascii_view) case-sensitively. There it finds
    the same matches at the same positions, several times faster than the regex module's
    case-insensitive search of a phrase alternation (which tries the whole alternation at every
    position). The pattern must be one `re` reads the same way: no upper-case escapes (\\S, \\W,
    \\D... would change meaning), no named groups, no variable-width lookbehind; \\s is spelled
    out."""
    assert not re.search(r"\\[A-Z]|\(\?P", pattern), pattern
    out, in_class = [], False
    for tok in re.findall(r"\\.|.", pattern.lower(), flags=re.S):
        if tok == r"\s":
            tok = _ASCII_SPACE if in_class else "[" + _ASCII_SPACE + "]"
        elif tok == "[" and not in_class or tok == "]" and in_class:
            in_class = not in_class
        out.append(tok)
    return stdlib_re.compile("".join(out))


def by_first_char(alternation: str) -> str:
    """A phrase alternation (phrase_alternation's, lower-cased for a twin) with its phrases
    grouped by their first character, in their order: "ab|c|ad" -> "a(?:b|d)|c(?:)". The same
    matches (at a position only the phrases that begin with its character can match, and they
    are tried in the same order), and stdlib re looks at a group's first character once instead
    of at each phrase's: twice as fast."""
    groups: dict[str, list[str]] = {}
    for part in alternation.split("|"):
        assert part and not part.startswith("\\") and not part.endswith("\\"), part  # (a "|" is a separator)
        groups.setdefault(part[0], []).append(part[1:])
    return "|".join(first + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())


_NON_ASCII = stdlib_re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=None)
def _stand_in(c: str) -> str:
    """A non-ASCII character as the ASCII twins see it: whitespace as a space (the twins' \\s
    takes it, as the pattern's did); a character that is no word character, has no case and is
    no hyphen the patterns name ("–", "·", "≥") as "\\x00", which no twin matches either; ""
    for any other (a letter: the text is then no twin's)."""
    if re.match(r"\s", c):
        return " "
    if re.match(r"[\w\u2010\u2011]", c) or c.lower() != c or c.upper() != c:
        return ""
    return "\x00"


@lru_cache(maxsize=256)
def ascii_view(text: str) -> str | None:
    """The text an ASCII twin searches (see ascii_twin): the text lower-cased, with each non-ASCII
    character replaced by its stand-in (same positions); None when one has none. (Cached: the
    endpoint, result, arm and qualifier looks at a sentence each want it.)"""
    if text.isascii():
        return text.lower()
    chars = set(_NON_ASCII.findall(text))
    table = {ord(c): _stand_in(c) for c in chars}
    if "" in table.values():
        return None
    return text.lower().translate(table)  # (lower-casing keeps positions: only ASCII letters have case)


@lru_cache(maxsize=1)
def _endpoint_regexes():
    entries = load_lexicon("endpoints", ("ENDPOINT",))
    acronyms = [e.pattern for e in entries if e.pattern.upper() == e.pattern or " " not in e.pattern
                and any(c.isupper() for c in e.pattern[1:])]
    phrases = [e.pattern for e in entries if e.pattern not in acronyms]
    ids = {e.pattern.lower(): e.id for e in entries}
    # (every endpoint begins with a letter or digit, so the lookbehind implies a word boundary:
    # the leading \b, which is the same test, lets the regex module jump from word to word)
    assert all(re.match(r"\w", p) for p in acronyms + phrases)
    acr = re.compile(r"\b" + _LEFT + "(?:" + phrase_alternation(acronyms) + ")" + _RIGHT)
    alternation = phrase_alternation(phrases)
    phr = re.compile(_LEFT + "(?:" + alternation + ")" + _RIGHT, re.I)
    phr_ascii = ascii_twin(_LEFT + "(?:" + by_first_char(alternation.lower()) + ")" + _RIGHT)
    needles = stdlib_re.compile("|".join(map(stdlib_re.escape, _needles(phrases))))  # (one C-level pass)
    return acr, phr, phr_ascii, needles, ids


def _needles(phrases: list[str]) -> tuple[str, ...]:
    """Words (lower case) of which each phrase holds one: a match holds each word of its phrase
    as printed (only spaces and hyphens vary), so a lower-cased text without any of them holds
    none of the phrases. Few and long words: each taken for as many phrases as it covers."""
    left = [{w for w in re.split(r"[ \-]", p.lower()) if len(w) >= 3} or {max(re.split(r"[ \-]", p.lower()), key=len)}
            for p in phrases]
    out: list[str] = []
    while left:
        word = max(sorted(set().union(*left)), key=lambda w: (sum(w in ws for ws in left), len(w)))
        out.append(word)
        left = [ws for ws in left if word not in ws]
    return tuple(out)


@lru_cache(maxsize=4096)
def _endpoint_id(printed: str) -> str:
    """The endpoint a lexicon match stands for (`printed`: the match in lower case)."""
    ids = _endpoint_regexes()[-1]
    return ids.get(printed) or _lookup_loose(ids, _SPACES.sub(" ", printed))


# Landmark survival: "24-month OS", "2-year overall survival rate", "12-month survival rates",
# "OS rate at 24 months", "survival at 2 years" (years become months), for every time-to-event
# endpoint: "3-year disease-free survival", "2-year EFS rate", "1-year AF-recurrence-free
# survival" (a hyphened qualifier before recurrence-/relapse-free survival is RFS: the
# recurrence of the event the trial counts), "freedom from recurrence at 12 months".
_LM_NUM = r"(?P<n>\d{1,2}|" + "|".join(_WORD_NUMBERS) + r")"
_LM_UNIT = r"(?P<u>months?|years?|mo|yr)"
# Time-to-event codes a landmark rate is given for (TTUP and TTF are times, not survivals; a
# "12-month TTP rate" is printed too).
_LANDMARK_CODES = ("OS", "PFS", "TACE-PFS", "TTP", "EFS", "RFS", "DFS")
# "AF-recurrence-free survival", "atrial-fibrillation-recurrence-free survival": RFS.
_QUALIFIED_RFS = (r"(?:[A-Za-z][A-Za-z0-9]*[\-\u2010\u2011]){1,3}(?:recurrence|relapse)[\s\-\u2010\u2011]free"
                  r"[\s\-\u2010\u2011]+survival")
# "freedom from recurrence", "freedom from disease progression": only an event that maps to a
# code as an outcome phrase does (recurrence or relapse: RFS, progression: PFS); "freedom from
# symptomatic relapse" is an outcome of its own.
_FREEDOM = r"freedom\s+from\s+(?:disease\s+)?(?:recurrence|relapse|progression)"


def landmark_names() -> list[str]:
    """The lexicon's names of the codes a landmark rate is given for (not "median survival" nor
    "mOS": medians)."""
    return [e.pattern for e in load_lexicon("endpoints", ("ENDPOINT",)) if e.id in _LANDMARK_CODES
            and not e.pattern.lower().startswith("median") and not re.fullmatch(r"m[A-Z]+", e.pattern)]


@lru_cache(maxsize=1)
def _lm_what() -> str:
    """The endpoint of a landmark: a qualified recurrence-free survival, a lexicon name of a
    code, or plain "survival" (OS)."""
    return r"(?P<what>" + _QUALIFIED_RFS + "|" + phrase_alternation(landmark_names()) + r"|survival)"


_LIST_ITEM_RX = r"\d{1,2}(?:[\s\-]*(?:months?|years?))?\s*-?"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"


@lru_cache(maxsize=1)
def _landmark_regexes():
    what = _lm_what()
    before = re.compile(
        r"(?<![\w\-])" + _LM_NUM + r"[\s\-]" + _LM_UNIT + r"[\s\-]+" + what
        + r"(?:[\s\-]rates?)?(?![\w])", re.I)
    after = re.compile(
        r"(?<![\w\-])(?:" + what + r"|(?P<free>" + _FREEDOM + r"))(?:[\s\-]rates?)?\s+at\s+" + _LM_NUM + r"\s+"
        + _LM_UNIT + r"(?![\w])", re.I)
    # Several landmarks at once: "1- and 2-year OS rates", "1-, 3- and 5-year overall survival",
    # "12-month and 24-month survival rates" (each value then goes to its landmark, in order).
    listed = re.compile(
        r"(?<![\w\-])(?P<nums>" + _LIST_ITEM_RX + _LIST_SEP + r"(?:" + _LIST_ITEM_RX + _LIST_SEP
        + r")*\d{1,2})[\s\-](?P<u>months?|years?)[\s\-]+" + what + r"(?:[\s\-]rates?)?(?![\w])", re.I)
    return listed, before, after


_LIST_ITEM = re.compile(r"(\d{1,2})(?:[\s\-]*(months?|years?))?", re.I)

# AE grades, printed many ways: "grade ≥ 3", "grade ≥3", "grade >= 3", "grade 3 or worse/higher",
# "grade 3+", "grade 3 and above", "Gr≥3", "G≥3", "≥grade 3"; "grade 3-4", "grade 3/4",
# "grade 3 to 4", "grade 3 or 4", "grade III-IV", "G3-4", "Gr 3/4".
_GRADE = r"(?:\bgrade|\bgr\.?|\b(?-i:G))"
GRADE_3_PLUS = re.compile(
    _GRADE + r"\s*(?:≥|>=|⩾|>\s*2\b)\s*(?:3|III)\b|" + _GRADE + r"\s*(?:3|III)\s*(?:\+|or\s+(?:worse|higher|above|greater|more)"
    r"|and\s+(?:above|higher))|(?:≥|>=|⩾)\s*(?:grade|gr\.?|(?-i:G))\s*(?:3|III)\b", re.I)
GRADE_3_4 = re.compile(_GRADE + r"\s*(?:3|III)\s*(?:-|–|/|to|or|and)\s*(?:4|IV)\b", re.I)
# A grade printed after the endpoint: "adverse events of grade 3 or higher", "AEs (grade ≥3)",
# "TRAEs of grade 3-4", "adverse events, grade 3 or 4," (its own words, right after the endpoint).
GRADE_AFTER = re.compile(r"\s*(?:of\s+|\(|\[|,\s*)?(?:(?:NCI[\s\-])?CTCAE\s+)?", re.I)


def _landmark(n: str, unit: str) -> str:
    value = int(n) if n.isdigit() else _WORD_NUMBERS[n.lower()]
    if unit.lower().startswith("y"):
        value *= 12
    return str(value)


def _endpoint_of_landmark(m: re.Match) -> str:
    if m.groupdict().get("free"):
        return "PFS" if m["free"].lower().endswith("progression") else "RFS"
    w = m["what"].lower()
    if w == "survival":
        return "OS"
    return "RFS" if _QUALIFIED_RX.fullmatch(w) else _endpoint_id(w)


# "AF-recurrence-free survival" outside a landmark: RFS too (the lexicon phrase may not follow a hyphen).
_QUALIFIED_RX = re.compile(_QUALIFIED_RFS, re.I)
_QUALIFIED_IN_TEXT = re.compile(r"(?<![\w\-])" + _QUALIFIED_RFS + r"(?![\w])", re.I)

# What every landmark match holds (most sentences have none, and the three patterns above
# cost more than this look): a unit and then the endpoint ("24-month OS", "1- and 2-year
# survival", "3-year disease-free survival"), or the endpoint and then "at" ("OS rate at 24
# months", "freedom from recurrence at 12 months"). Lower case, for a sentence's ascii_view;
# case-insensitive for any other.
_LANDMARK_UNIT_FIRST = (r"(?:month|year|mo|yr)s?[\s\-]+(?:os|pfs|efs|rfs|dfs|ttp|tace|overall|progression|event"
                        r"|disease|recurrence|relapse|time|survival|composite|recicl|recist|mrecist"
                        r"|[a-z][a-z0-9\-]*-(?:recurrence|relapse))")
_LANDMARK_AT = r"(?:os|fs|ttp|survival|recurrences?|relapses?|progression)(?:[\s\-]rates?)?\s+at\s"
_LANDMARK_QUICK_ANY = re.compile(_LANDMARK_UNIT_FIRST + "|" + _LANDMARK_AT, re.I)
# (two stdlib searches of the ascii_view, together faster than one of both; stdlib's \s takes
# more than the pattern's, so they pass whatever the patterns would)
_LANDMARK_UNIT_FIRST_LOW, _LANDMARK_AT_LOW = stdlib_re.compile(_LANDMARK_UNIT_FIRST), stdlib_re.compile(_LANDMARK_AT)


def _may_hold_landmark(text: str, low: str | None) -> bool:
    if low is None:
        return bool(_LANDMARK_QUICK_ANY.search(text))
    return bool(_LANDMARK_UNIT_FIRST_LOW.search(low) or (
        "os" in low or "fs" in low or "ttp" in low or "surviv" in low or "recurr" in low or "relaps" in low
        or "progress" in low) and _LANDMARK_AT_LOW.search(low))  # (the words _LANDMARK_AT begins with)


def find_endpoints(text: str) -> list[EndpointMention]:
    """Endpoint mentions in `text`, left to right, longest match wins on overlap."""
    acr, phr, phr_ascii, needles, _ = _endpoint_regexes()
    low = ascii_view(text)
    found: list[EndpointMention] = []
    if _may_hold_landmark(text, low):
        listed, before, after = _landmark_regexes()
        for m in listed.finditer(text):
            months = tuple(_landmark(n, u or m["u"]) for n, u in _LIST_ITEM.findall(m["nums"]))
            found.append(EndpointMention(_endpoint_of_landmark(m), m.start(), m.end(),
                                         landmark_months=months[-1], series=months))
        for rx in (before, after):
            for m in rx.finditer(text):
                found.append(EndpointMention(_endpoint_of_landmark(m), m.start(), m.end(),
                                             landmark_months=_landmark(m["n"], m["u"])))
    for m in acr.finditer(text):
        found.append(EndpointMention(_endpoint_id(m.group(0).lower()), m.start(), m.end()))
    if low is None or "-recurrence" in low or "-relapse" in low:  # (ASCII text: its hyphen is "-")
        for m in _QUALIFIED_IN_TEXT.finditer(text):
            found.append(EndpointMention("RFS", m.start(), m.end()))
    phrases = phr.finditer(text) if low is None else (
        phr_ascii.finditer(low) if needles.search(low) else ())
    for m in phrases:
        found.append(EndpointMention(_endpoint_id(text[m.start():m.end()].lower()), m.start(), m.end()))
    if len(found) > 1:
        found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[EndpointMention] = []
    for e in found:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return [_with_grade(text, e) if e.endpoint in AE_ENDPOINTS else e for e in kept
            if e.endpoint != "CR" or not _response_category(text, e)]


# A bare "CR"/"complete response" beside "PR"/"partial response" names a response category
# ("ORR (CR + PR)", "CR 5%, PR 35%", "complete or partial response"), not the CR rate result.
_PARTIAL_AFTER = re.compile(r"[^.;]{0,40}?(?<![\w\-])(?:PR|partial\s+(?:response|remission))s?(?![\w])", re.I)
_PARTIAL_BEFORE = re.compile(r"(?<![\w\-])(?:PR|partial\s+(?:response|remission))s?(?![\w])[^.;]{0,25}$", re.I)
# "pathological complete response (rate)" (pCR) is another endpoint.
_PATHOLOGIC_BEFORE = re.compile(r"(?:patholog\w*|histolog\w*|radiolog\w*|metabolic|molecular|cytogenetic)[\s\-]+$", re.I)


def _response_category(text: str, e: EndpointMention) -> bool:
    """A CR mention that is no CR result: a pathological complete response (another endpoint), or
    a bare "CR"/"complete response" listed with partial responses."""
    if _PATHOLOGIC_BEFORE.search(text, max(0, e.start - 20), e.start):
        return True
    if " rate" in text[e.start:e.end].lower().replace("-", " "):
        return False  # "CR rate", "complete response rate": the endpoint itself
    return bool(_PARTIAL_AFTER.match(text, e.end) or _PARTIAL_BEFORE.search(text, max(0, e.start - 40), e.start))


_SPACES = re.compile(r"[\s\-\u2010\u2011]+")
_CLAUSE = re.compile(r"[.;:]\s")


def _lookup_loose(ids: dict[str, str], key: str) -> str:
    for pattern, eid in ids.items():
        if re.sub(r"[\s\-]+", " ", pattern) == key:
            return eid
    return "OS"


def _with_grade(text: str, e: EndpointMention) -> EndpointMention:
    if e.endpoint not in AE_ENDPOINTS:
        return e
    window = text[max(0, e.start - 45):e.start]
    grade = ""
    if "3" in window or "iii" in window.lower():  # (each grade pattern holds a 3 or a III)
        window = _CLAUSE.split(window)[-1]
        if GRADE_3_4.search(window):
            grade = "grade 3-4"
        elif GRADE_3_PLUS.search(window):
            grade = "grade>=3"
    if not grade:
        # after the endpoint, in its own words: "adverse events of grade 3 or higher", "AEs (grade ≥3)"
        after = text[e.end:e.end + 45]
        if "3" not in after and "iii" not in after.lower():
            return e
        pos = GRADE_AFTER.match(after).end()
        if GRADE_3_4.match(after, pos):
            grade = "grade 3-4"
        elif GRADE_3_PLUS.match(after, pos):
            grade = "grade>=3"
        else:
            return e
    return replace(e, grade=grade)


# -- assessment qualifiers ------------------------------------------------------------------

# Response criteria: "RECIST 1.1", "RECIST v1.1", "RECIST version 1.1" -> RECIST 1.1; mRECIST;
# RECICL (also "RECICL-assessed", "RECICL-PFS").
CRITERIA = (
    ("RECIST 1.1", re.compile(r"(?<![\w])RECIST\s*(?:v(?:ersion)?\.?\s*)?1\.1")),
    ("mRECIST", re.compile(r"(?<![\w])mRECIST(?![\w])")),
    ("RECICL", re.compile(r"(?<![\w])RECICL(?![a-z])")),
)
# Reviewer: "blinded independent central review", "BICR", "blinded central review" -> BICR;
# "independent review facility"/"IRF" -> IRF; "independent review" -> as is; investigator.
REVIEWERS = (
    ("BICR", re.compile(r"\bBICR\b|blinded\s+(?:independent\s+)?central\s+(?:radiolog\w+\s+)?review", re.I)),
    ("IRF", re.compile(r"\bIRF\b|independent\s+review\s+facility", re.I)),
    ("independent review", re.compile(r"independent(?:\s+radiolog\w+)?\s+review(?!\s+facility)", re.I)),
    ("investigator", re.compile(r"\binvestigators?(?:[\s\-]assess\w*|[\s\-]review\w*|'s?\s+assessment)|"
                                r"(?:by|per)\s+(?:the\s+)?investigators?\b|\binvestigator-\w+"
                                # an item of a bracketed list of qualifiers: "(mRECIST, investigator)"
                                r"|[(\[,;]\s*investigators?\s*(?=[)\],;])", re.I)),
)
# Analysis: "interim analysis", "final analysis/results", "updated ...", "5-year update",
# "data cut-off 31 August 2024" / "cutoff date of 2024-08-31" / "data cutoff: Aug 31, 2024".
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH_NAME = r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
CUTOFF = re.compile(
    r"(?:data\s+)?cut[\s\-]?off(?:\s+date)?\s*(?:of|on|:|,|was)?\s*(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})|"
    r"(?P<d1>\d{1,2})\s+" + _MONTH_NAME + r",?\s+(?P<y1>\d{4})|"
    + _MONTH_NAME.replace("mon", "mon2") + r"\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4}))", re.I)
N_YEAR_UPDATE = re.compile(
    r"(?P<n>\d{1,2}|" + "|".join(_WORD_NUMBERS) + r")[\s\-]year\s+(?:\w+\s+){0,2}?update", re.I)
ANALYSES = (
    ("interim", re.compile(r"\binterim\b", re.I)),
    ("final", re.compile(r"\bfinal\s+(?:\w+\s+){0,2}?(?:analysis|analyses|results|data)\b", re.I)),
    ("updated", re.compile(r"\bupdated\b", re.I)),
)
# An analysis other than the primary one, written `sensitivity` (after the analyses above):
# "sensitivity analysis", "per-protocol", "as-treated", "time-dependent covariate/covariable",
# "(inverse-probability-)weighted (...) Cox model".
SENSITIVITY = re.compile(r"\bsensitivity\s+analys[ie]s\b|\bper[\s\-]protocol\b|\bas[\s\-]treated\b"
                         r"|\btime[\s\-](?:dependent|varying)\s+covaria(?:tes?|bles?)\b"
                         r"|\bweighted\s+(?:[\w\-]+\s+){0,3}?Cox\b", re.I)


def _cutoff(m: re.Match) -> str:
    if m["iso"]:
        return m["iso"]
    if m["d1"]:
        d, mon, y = m["d1"], m["mon"], m["y1"]
    else:
        d, mon, y = m["d2"], m["mon2"], m["y2"]
    return f"{int(y):04d}-{_MONTHS[mon[:3].lower()]:02d}-{int(d):02d}"


# A word every qualifier pattern above holds (lower-cased): a text whose ascii_view has none states none.
_ASSESSMENT_NEEDLES = stdlib_re.compile("recist|recicl|bicr|blinded|irf|independent|investigator|interim|final|update|cut")


def _may_state_sensitivity(low: str) -> bool:
    """A word each SENSITIVITY form holds ("in" looks: faster than a search for most texts)."""
    return "sensitiv" in low or "protocol" in low or "treated" in low or "covaria" in low or "weighted" in low


def find_assessment(text: str) -> str:
    """Comma-separated qualifiers in the order criteria, reviewer, analysis."""
    low = ascii_view(text)
    sensitivity = (low is None or _may_state_sensitivity(low)) and SENSITIVITY.search(text)
    if low is not None and not _ASSESSMENT_NEEDLES.search(low):
        return "sensitivity" if sensitivity else ""
    out = [name for name, rx in CRITERIA if rx.search(text)]
    for name, rx in REVIEWERS:
        if rx.search(text):
            out.append(name)
            break
    for name, rx in ANALYSES:
        if rx.search(text):
            out.append(name)
    if sensitivity:
        out.append("sensitivity")
    m = N_YEAR_UPDATE.search(text)
    if m:
        out.append(f"{_landmark_years(m['n'])}-year update")
    m = CUTOFF.search(text)
    if m:
        out.append(f"data cut-off {_cutoff(m)}")
    return ", ".join(out)


def _landmark_years(n: str) -> int:
    return int(n) if n.isdigit() else _WORD_NUMBERS[n.lower()]


# Endpoints judged on imaging, to which response criteria and reviewers apply; OS and AE rates
# take only the analysis qualifiers of their sentence.
TUMOR_ENDPOINTS = frozenset({"PFS", "TTP", "TTUP", "TACE-PFS", "ORR", "DCR", "CR", "EFS", "RFS", "DFS"})
_ANALYSIS_PREFIXES = ("interim", "final", "updated", "data cut-off", "sensitivity")


def assessment_for(endpoint: str, assessment: str) -> str:
    """The qualifiers of a sentence that apply to a result of `endpoint`."""
    if endpoint in TUMOR_ENDPOINTS or not assessment:
        return assessment
    parts = [p for p in assessment.split(", ") if p.startswith(_ANALYSIS_PREFIXES) or p.endswith("-year update")]
    return ", ".join(parts)


# -- endpoints outside the canonical list: a short normalized phrase ---------------------------
# Trials in other areas report "the primary outcome", "cardiovascular death", "the composite of
# cardiovascular death or hospitalization for heart failure", "MACE", "30-day mortality". Such
# an endpoint is recognized by its shape: a few modifier words before an event or outcome noun
# (the head), and is kept as printed, in lower case except for acronyms.

# Head nouns of an outcome: events and the words trials use for an endpoint.
_OUTCOME_HEAD = (r"(?:(?i:outcomes?|end[\s\-]?points?|events?|deaths?|mortality|hospitali[sz]ations?|readmissions?"
                 r"|recurrences?|relapses?|infarctions?|strokes?|progression|embolism|thrombosis|bleeding"
                 r"|ha?emorrhages?|amputations?|revasculari[sz]ations?)|MACCE|MACE)")
# What may follow a head: "hospitalization for heart failure", "death from any cause", "death
# from cardiovascular causes", "death due to any cause".
_HEAD_TAIL = (r"(?:\s+(?:for|from|due\s+to|of)\s+(?:any\s+cause|(?:worsening\s+|acute\s+|congestive\s+)?heart\s+failure"
              r"|(?:cardiovascular|CV|cardiac|renal|kidney|non[\-\s]?cardiovascular)\s+causes?))?")
# Words that end a modifier run: articles, prepositions, verbs and comparison words stand
# between a result's wording and its endpoint ("reduced the risk of AF recurrence", "lower
# 30-day mortality"); numbers are values, not modifiers ("626 (25.0%) events").
_STOP = (r"(?:the|a|an|of|in|on|at|by|to|for|from|with|without|and|or|but|was|were|is|are|be|been|had|has|have"
         r"|occurred|reduced|reduce|reduces|reducing|lower|higher|increased|decreased|reduction|increase|decrease"
         r"|risk|risks|rate|rates|incidence|occurrence|number|numbers|proportion|crude|adjusted|unadjusted"
         r"|cumulative|observed|estimated|significant|significantly|similar|fewer|more|less|no|not|any|all"
         r"|this|that|these|those|their|its|his|her|our|patients?|participants?|subjects?|groups?|arms?|versus"
         r"|vs|compared|than|as|median|mean|time|times|first-ever|there|which|who|whose|when|while"
         r"|after|before|during|within|between|among|per|each|total|overall|both|either|neither|other|such"
         r"|hazard|ratio|HR|CI|p|interval|confidence|analysis|analyses|trial|study|baseline)")
# A modifier: a word ("cardiovascular", "all-cause", "kidney"), an acronym or a slash pair
# ("CV", "AF/AFL"), or a count-word compound ("30-day", "3-point").
_MOD = r"(?:(?!(?i:" + _STOP + r")\b)[A-Za-z][A-Za-z\-/]*|\d+[\-\u2010\u2011][a-z]+)"
_EVENT_NP = r"(?:" + _MOD + r"\s+){0,4}" + _OUTCOME_HEAD + _HEAD_TAIL
# A composite: "kidney disease progression or cardiovascular death", "first CV hospitalization/
# all-cause death"; the items before the last may lack a head ("stroke, myocardial infarction").
_ITEM = r"(?:" + _MOD + r"\s+){0,3}" + _MOD
# (every alternative begins with a letter or digit: the leading \b, implied by the lookbehind,
# lets the search jump from word to word)
OUTCOME_PHRASE = re.compile(
    r"\b(?<![\w\-/])(?:(?P<kind>primary|secondary|key\s+secondary|exploratory|co-primary)\s+"
    r"(?:composite\s+)?(?:efficacy\s+|safety\s+)?(?:outcome|end[\s\-]?point)s?(?:\s+of\s+(?P<of>"
    + r"(?:" + _ITEM + r"(?:\s*,\s*(?:or\s+)?|\s+or\s+|\s*/\s*))*" + _EVENT_NP + r"))?"
    r"|(?:composite\s+(?:outcome\s+|end[\s\-]?point\s+)?of\s+)?(?P<np>(?:" + _ITEM
    + r"(?:\s*,\s*(?:or\s+)?|\s+or\s+|\s*/\s*))*" + _EVENT_NP + r"))(?![\w\-])")
# Phrases that are a canonical endpoint in other words: death from any cause is what OS times.
_CANONICAL_PHRASES = {"death": "OS", "deaths": "OS", "all-cause death": "OS", "all-cause mortality": "OS",
                      "death from any cause": "OS", "mortality": "OS", "death due to any cause": "OS",
                      "any-cause death": "OS", "progression or death": "PFS", "disease progression or death": "PFS",
                      "recurrence or death": "RFS", "progression": "PFS", "disease progression": "PFS",
                      "recurrence": "RFS", "disease recurrence": "RFS", "relapse": "RFS"}
_ACRONYM = re.compile(r"^[^a-z]*[A-Z][^a-z]*[A-Z][^a-z]*$")  # "CV", "AF/AFL", "MACE"
_DEATH_FROM_CAUSES = re.compile(r"^death (?:from|due to) ((?!any\b)[\w\-]+) causes?$")
_MACE_EVENTS = re.compile(r"^(MACC?E)\s+events?$")
_OUTCOME_QUICK = re.compile(r"outcome|end[\s\-]?point|event|death|mortality|hospitali|readmission|recurrence"
                            r"|relapse|infarction|stroke|MACC?E|progression|embolism|thrombosis|bleeding|ha?emorrhage"
                            r"|amputation|revasculari", re.I)
# A character no outcome phrase holds (one is words, spaces, hyphens, slashes and commas).
_PHRASE_BREAK = re.compile(r"[^\w\s\-/,\u2010\u2011]")


def normalize_outcome(phrase: str) -> str:
    """ "Cardiovascular  Death" -> "cardiovascular death"; acronyms keep their case ("CV",
    "MACE"); "MACE events" -> "MACE"; death from any cause -> "OS"."""
    words = [w if _ACRONYM.match(w) else w.lower() for w in _SPACES_ONLY.sub(" ", phrase.strip()).split(" ")]
    out = " ".join(words)
    # "death from cardiovascular causes" -> "cardiovascular death"
    out = _DEATH_FROM_CAUSES.sub(r"\1 death", out)
    m = _MACE_EVENTS.match(out)
    if m:
        out = m.group(1)
    return _CANONICAL_PHRASES.get(out, out)


_SPACES_ONLY = re.compile(r"\s+")


def find_outcome_phrases(text: str) -> list[EndpointMention]:
    """Endpoints named by a phrase rather than a canonical code, left to right: "primary
    outcome", "cardiovascular death", "hospitalization for heart failure", "MACE". The
    endpoint is the normalized phrase (or the canonical code it means: "death from any cause"
    -> OS). Mentions carry `free=True`; their values may be rates or times."""
    out = []
    for m in _outcome_matches(text):
        if out and m.start() < out[-1].end or ANAPHORA_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if m["kind"]:
            phrase = m["of"] or (m["kind"] + " " + ("endpoint" if "end" in m.group(0).lower() else "outcome"))
        else:
            phrase = m["np"]
        end = m.end()
        short = ACRONYM_AFTER.match(text, end)
        if short and _initials_of(phrase, short["acr"]):
            phrase, end = short["acr"], short.end()  # "major adverse cardiovascular events (MACE)"
        out.append(EndpointMention(normalize_outcome(phrase), m.start(), end, free=True))
    return out


def _outcome_matches(text: str):
    """OUTCOME_PHRASE.finditer(text), searched only where a match can be: each match lies
    between two _PHRASE_BREAK characters, and holds a head word, which _OUTCOME_QUICK finds.
    (Searched with the stretch's end as endpos: a break character is neither a word character
    nor one a match may hold, so the pattern's looks at it, \\b and (?![\\w\\-]), decide the
    same at the end of the string.)"""
    breaks = None
    pos = 0
    for h in _OUTCOME_QUICK.finditer(text):
        if h.start() < pos:
            continue  # (in the stretch just searched)
        if breaks is None:
            breaks = [m.start() for m in _PHRASE_BREAK.finditer(text)]
        i = bisect.bisect_left(breaks, h.start())
        start = breaks[i - 1] + 1 if i else 0
        pos = breaks[i] if i < len(breaks) else len(text)
        yield from OUTCOME_PHRASE.finditer(text, start, pos)


# "this secondary outcome", "that end point": a reference back to an outcome named earlier.
ANAPHORA_BEFORE = re.compile(r"\b(?:this|that|these|those|such)\s+$", re.I)
# An acronym defined right after a phrase: "major adverse cardiovascular events (MACE)".
ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z][A-Z0-9\-]{1,9})\)")


def _initials_of(phrase: str, acronym: str) -> bool:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", phrase)).upper()
    letters = "".join(c for c in acronym if c.isalpha())
    return len(letters) >= 2 and letters in initials
