"""Hazard ratios with their confidence interval and p-value, and HRs derived from a relative
risk reduction stated in words.

Labels: "HR", "hazard ratio [HR]", "stratified/adjusted HR", "aHR", "adjusted hazard ratio [aHR]".
CIs: labelled ("95% CI", "95% confidence interval (CI)"; after a label the bounds may be split by
";" when they hold the HR), bracketed, or bare after "," or ";". With `lists`, find_hazards also
returns an HR listed after a labelled one with its own CI ("0.91 (0.78-1.06) for first events and
0.88 (0.74-1.05) for total events"), marked `listed_after`. Derived HRs: "reduced the risk of
<death/progression/...> by N%", and of an outcome named by a phrase (endpoints.py's shape) when the
sentence names a comparison; a CI printed in percent ("95% CI, 9% to 31%") becomes the HR's."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

# -- named parts ----------------------------------------------------------------------------
# A printed number; Lancet prints the decimal point as a middle dot ("0·58"), and p-values are
# often printed without the leading zero (".04").
NUM = r"(?:\d+(?:[.\u00b7]\d+)?|[.\u00b7]\d+)"
# Dashes between CI bounds: hyphen, en dash, em dash, minus, "to"; some journals use a comma.
RANGE_SEP = r"(?:\s*[\-\u2010\u2011\u2012\u2013\u2014\u2212]\s*|\s+to\s+|\s*,\s*)"
# "95% CI", "95.003% CI", "95% confidence interval", "95%CI", "CI 95%"; the level is optional.
CI_LABEL = (r"(?:(?P<level>\d{2}(?:[.\u00b7]\d+)?)\s*%\s*(?:CI|confidence\s+intervals?|C\.I\.)"
            r"|(?:CI|confidence\s+interval)(?:\s*(?P<level2>\d{2}(?:[.\u00b7]\d+)?)\s*%)?)")
# The label may be followed by its abbreviation: "95% confidence interval (CI)", "95% CI [CI]".
_CI_ABBR = r"(?:\s*[\[(]CI[\])])?"
CI_BODY = (r"(?:" + CI_LABEL + r")" + _CI_ABBR + r"\s*[:,=]?\s*(?:of\s+|from\s+)?[\[(]?\s*(?P<low>" + NUM + r")"
           + RANGE_SEP + r"(?P<high>" + NUM + r")\s*[\])]?")
# After a CI label only, a semicolon may split the bounds: "95% CI 0.60; 0.84", "95% CI [0.60; 0.84]"
# (accepted only when the bounds hold the HR; its own groups, so that callers reading "low"/"high"
# do not take it unchecked).
CI_LABEL_SEMI = CI_LABEL.replace("P<level>", "P<mlevel>").replace("P<level2>", "P<mlevel2>")
CI_BODY_SEMI = (r"(?:" + CI_LABEL_SEMI + r")" + _CI_ABBR + r"\s*[:,=]?\s*[\[(]?\s*(?P<mlow>" + NUM + r")"
                + r"\s*;\s*(?P<mhigh>" + NUM + r")(?![\d%])\s*[\])]?")
# A bare bracketed interval straight after the HR: "HR 0.66 (0.52-0.84)".
CI_BARE = r"[\[(]\s*(?P<blow>" + NUM + r")" + RANGE_SEP + r"(?P<bhigh>" + NUM + r")\s*[\])]"
# The HR label: "HR", "hazard ratio", "hazard ratio [HR]", "stratified HR", "HR for death"; an
# adjusted HR: "aHR", "adjusted HR", "adjusted hazard ratio [aHR]", "adjusted HR (aHR)".
HR_LABEL = (r"(?:(?:stratified|unstratified|adjusted|overall)\s+)?(?:hazard\s+ratio(?:\s*[\[(]a?HR[\])])?"
            r"|\bHR(?:\s*[\[(]aHR[\])])?|\baHR)"
            r"(?:\s+for\s+(?:death|(?:disease\s+)?progression(?:\s+or\s+death)?|recurrence(?:\s+or\s+death)?"
            r"|treatment\s+failure))?")
# Between label and value: "=", ",", ":", "of", "was", "is", or nothing ("HR 0.66").
# Words may stand between the label and "was": "the hazard ratio for death with X as compared
# with Y was 0.58", "HR for OS was 0.79".
HR_CONTEXT = r"(?:\s+(?:for|with|in|of|favou?ring)\b[^\d;()\[\]]{0,100}?(?=\s+(?:was|were|is|of)\b|\s*[=:,]))?"
HR_JOIN = (HR_CONTEXT + r"\s*(?:[=:,]|\bof\b|\bwas\b|\bwere\b|\bis\b|\bwas\s+estimated\s+at\b)?\s*(?:=\s*)?")
# p-values: "P = 0.009", "p<0·001", "P=.04", "p value 0.02", "p-value of 0.03", "P ≤ 0.05".
P_OP = r"(?P<op>[=<>≤≥]|&lt;|&gt;|<\s*=|\bof\b|\bwas\b)?"
P_VALUE = re.compile(
    r"(?<![\w])(?P<sided>(?:one|two)[\s\-]sided\s+)?[Pp](?:[\s\-]?values?)?(?:[\s\-]?for\s+\w+)?\s*" + P_OP
    + r"\s*(?P<p>" + NUM + r")(?![\d])(?:\s*[(,]?\s*(?P<sided2>(?:one|two)[\s\-]sided))?")
HR_VALUE = re.compile(r"(?P<label>" + HR_LABEL + r")(?P<ctx>" + HR_CONTEXT + r")" + HR_JOIN + r"(?P<hr>" + NUM + r")(?![\d%])")
# Lancet abstracts print the interval bare after a comma: "HR 0.63, 0.53–0.76; p<0.0001"
# (only with a dash, so that "HR 0.63, 0.71" lists are not read as intervals).
CI_LOOSE = r",\s*(?P<llow>" + NUM + r")\s*[\-\u2013\u2014\u2212]\s*(?P<lhigh>" + NUM + r")(?![\d%])"
# NEJM-family abstracts print the interval bare after a semicolon, its bounds split by a comma:
# "(HR 0.73; 0.63, 0.85; P < 0.001)" (accepted only when the bounds hold the HR).
CI_SEMI = r";\s*(?P<slow>" + NUM + r")\s*,\s*(?P<shigh>" + NUM + r")(?=\s*[;)\]])"
# A second HR listed after a labelled one and its CI, with a CI of its own (checked by the caller):
# "... (95% CI 0.78-1.06) for first events and 0.88 (0.74-1.05)", "[0.83-1.09] and 0.93 [0.80-1.08]".
LISTED_HR = re.compile(r"[\s\])]*(?:for\s+[^\d,;()\[\]]{1,40}?\s*)?,?\s*and\s+(?P<hr>" + NUM + r")(?![\d%])(?=\s*[(\[,;])")
CI_NEAR = re.compile(r"^(?:[\s,;:(\[]*(?:" + CI_BODY + r"|" + CI_BODY_SEMI + r"|" + CI_BARE + r")|" + CI_LOOSE
                     + r"|" + CI_SEMI + r")")
P_NEAR = re.compile(r"^[\s,;:(\[\])]*(?:" + P_VALUE.pattern + r")")

# Relative reductions in words: "reduced the risk of death by 30%", "a 40% reduction in the
# risk of progression", "lowered the risk of disease progression or death by 35%",
# "a 25% lower risk of death".
_RISK_OF = (r"(?:the\s+)?(?:risk|hazard)\s+of\s+(?P<what>death\s+from\s+any\s+cause|all[\s\-]cause\s+(?:death|mortality)"
            r"|death|(?:disease\s+)?progression(?:\s+or\s+death)?"
            r"|recurrence(?:\s+or\s+death)?|treatment\s+failure|relapse)")
DERIVED_VERB = re.compile(
    r"(?:reduc\w*|lower\w*|decreas\w*|cut(?:ting|s)?)\s+" + _RISK_OF + r"\s+by\s+(?:approximately\s+|about\s+)?"
    r"(?P<pct>\d{1,2}(?:\.\d+)?)\s*%", re.I)
# (not the first of listed outcomes: "... risk of death or disease progression" is read as a phrase)
_NOT_LISTED = r"(?!\s+or\s)"
DERIVED_NOUN = re.compile(
    r"(?P<pct>\d{1,2}(?:\.\d+)?)\s*%\s+(?:relative\s+)?(?:reduction|decrease)\s+in\s+" + _RISK_OF + _NOT_LISTED
    + r"|(?P<pct2>\d{1,2}(?:\.\d+)?)\s*%\s+lower\s+" + _RISK_OF.replace("what", "what2") + _NOT_LISTED, re.I)

# A reduction in the risk of an outcome named by a phrase (checked against the outcome-phrase
# shape of endpoints.py): "reduced the risk of heart attack, stroke or cardiovascular death by 21%",
# "a 20% lower risk of the primary outcome", "the risk of the primary composite outcome was 21%
# lower with X than with placebo", "the risk being 18% lower than with placebo" (the outcome named
# before it); "N% lower" only before the arm ("with X", "than with Y", "in the X group"), so that
# "24% lower than assumed" is no reduction.
# Each is tried where its "risk"/"hazard" is printed.
_PCT = r"(?P<pct>\d{1,2}(?:\.\d+)?)\s*%"
_WHAT = r"(?P<what>[^\d%;:()\[\]]{3,100}?)"
GENERIC_VERB_BEFORE = re.compile(r"(?r)\b(?:reduc\w*|lower\w*|decreas\w*|cut(?:ting|s)?)\s+(?:the\s+)?$", re.I)
GENERIC_VERB = re.compile(r"(?:risk|hazard)\s+of\s+" + _WHAT + r"\s+by\s+(?:approximately\s+|about\s+)?" + _PCT
                          + r"(?![\w%])", re.I)
GENERIC_NOUN_BEFORE = re.compile(
    r"(?r)(?<![\w.])" + _PCT + r"\s+(?:relative\s+)?(?:(?:reduction|decrease)\s+in\s+(?:the\s+)?|lower\s+)$", re.I)
GENERIC_NOUN = re.compile(r"(?:risk|hazard)\s+of\s+(?:the\s+)?", re.I)
GENERIC_LOWER = re.compile(
    r"(?:risk|hazard)(?:\s+of\s+" + _WHAT + r")?\s+(?:was|being|is|were)\s+(?:approximately\s+|about\s+)?(?<![\w.])"
    + _PCT + r"\s+lower\s+(?:than\s+)?(?:with|in\s+the)\b", re.I)
# An outcome phrase's reduction counts only in a sentence that names the comparison: background
# sentences citing other trials ("X reduced the risk of Y by 38% (28)") often name none, and their
# trial is then seldom known.
COMPARED = re.compile(r"\bcompared\s+(?:with|to)\b|\bversus\b|\bvs\b|\bthan\b|\bplacebo\b", re.I)
# A CI of the reduction printed in percent, either order, after the reduction's words and before
# the end of the clause: "(95% CI, 9% to 31%)", "(95% confidence interval: 34%, 12%)".
PCT_CI = re.compile(
    r"[^()\[\];.\d%]{0,80}?[(\[]\s*(?:" + CI_LABEL + r")" + _CI_ABBR + r"\s*[:,=]?\s*(?P<a>\d{1,2}(?:\.\d+)?)\s*%?"
    + r"(?:\s*[\-\u2010\u2011\u2012\u2013\u2014\u2212]\s*|\s+to\s+|\s*,\s*)(?P<b>\d{1,2}(?:\.\d+)?)\s*%\s*(?=[)\];,])", re.I)

# Cardiology papers also write "HR" for heart rate: "HR 72 bpm", "HR of 64 beats/min".
HEART_RATE_AFTER = re.compile(r"\s*(?:bpm|beats|/\s*min)", re.I)

# Cheap look before the costly pattern: no "HR"/"hazard", no hazard ratio.
_HR_QUICK = re.compile(r"\ba?HR\b|hazard", re.I)
# Where an HR_VALUE match can start (it is case-sensitive): at its label, "hazard ratio" or "HR",
# or at the qualifier before it ("unstratified" two characters before its "stratified"); "aHR"
# starts one character before its "HR".
_HR_STARTS = ("HR", "aHR", "hazard", "stratified", "adjusted", "overall")
# All derived forms name the risk: "(the) risk/hazard of ...", "the risk was/being ..."; a sentence
# without it has none.
_RISK_OF_QUICK = re.compile(r"(?:risk|hazard)\s+(?:of|was|being|is|were)\b", re.I)
_RISK_WORD = re.compile(r"risk|hazard", re.I)

_DERIVED_ENDPOINT = {"death": "OS", "progression": "PFS", "recurrence": "RFS",
                     "treatment failure": "TTF", "relapse": "RFS"}


def printed(number: str) -> str:
    """A printed number with the middle-dot decimal point written as '.'."""
    return number.replace("\u00b7", ".")


@dataclass
class Hazard:
    hr: str
    start: int
    end: int
    ci_low: str = ""
    ci_high: str = ""
    ci_level: str = ""
    p_value: str = ""
    sided: str = ""  # "one-sided"/"two-sided" when stated
    endpoint_hint: str = ""  # from "HR for death" / a derived reduction
    derived: bool = False
    value_start: int = -1  # where the HR's number is printed (an endpoint may stand in the label)
    # a second HR listed after a labelled one ("hazard ratio 0.91 (0.78-1.06) for first events and
    # 0.88 (0.74-1.05) for total events"): the index, in find_hazards' list, of the HR whose label
    # it shares (-1: it has its own label)
    listed_after: int = -1


def next_char(text: str, pos: int, skip: str) -> str:
    """The first character from `pos` on that is not in `skip` ("" at the end): a cheap look
    before a pattern that must skip such characters and then find a given one."""
    n = len(text)
    while pos < n and text[pos] in skip:
        pos += 1
    return text[pos:pos + 1]


# ASCII whitespace (a superset of \s on ASCII), and that with the punctuation P_NEAR skips; a
# character outside ASCII may be whitespace, so next_char stops there and the pattern decides.
ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_P_SKIP = ASCII_SPACE + ",;:([])"


def _p_text(m: re.Match) -> str:
    op = (m["op"] or "=").replace("&lt;", "<").replace("&gt;", ">").replace(" ", "")
    op = {"<=": "≤", "of": "=", "was": "="}.get(op, op)
    value = printed(m["p"])
    return value if op == "=" else op + value


def find_p_values(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _p_text(m)) for m in P_VALUE.finditer(text)]


def _hint(label: str) -> str:
    label = label.lower()
    if "progression" in label:
        return "PFS"
    if "death" in label:
        return "OS"
    if "recurrence" in label:
        return "RFS"
    if "failure" in label:
        return "TTF"
    return ""


def _holds(low: str, hr: str, high: str) -> bool:
    try:
        return float(printed(low)) <= float(hr) <= float(printed(high))
    except ValueError:
        return False


def find_hazards(text: str, lists: bool = False) -> list[Hazard]:
    """HRs with the CI and p that follow them. A plural "hazard ratios of 0.34 and 0.39"
    (subgroups) does not match. With `lists`, an HR listed after a labelled HR and its CI ("and
    0.88 (0.74-1.05)", with its own CI) is returned too, marked `listed_after` (which of two
    versions of an outcome, or of subgroups or levels, each is, is the caller's to tell)."""
    out: list[Hazard] = []
    if "HR" not in text and "hazard" not in text or "hazard" not in text and not _HR_QUICK.search(text):
        return out  # (a label HR_VALUE needs is missing; or no _HR_QUICK word, found when "hazard" is)
    # HR_VALUE.finditer, tried only where it can start: in order, skipping those inside the last match
    starts = set()
    for word in _HR_STARTS:
        at = text.find(word)
        while at >= 0:
            starts.add(at)
            if word == "stratified" and at >= 2:
                starts.add(at - 2)
            at = text.find(word, at + 1)
    end = 0
    for at in sorted(starts):
        m = HR_VALUE.match(text, at) if at >= end else None
        if not m:
            continue
        end = m.end()
        if text[m.end("label"):m.end("label") + 1] == "s":
            continue
        c = next_char(text, end, ASCII_SPACE)  # HEART_RATE_AFTER needs "b"/"B"/"/" there
        if (c in "bB/" or not c.isascii()) and HEART_RATE_AFTER.match(text, end):
            continue
        label, ctx, hr = m.group("label", "ctx", "hr")
        h = Hazard(printed(hr), m.start(), end, endpoint_hint=_hint(label + " " + (ctx or "")),
                   value_start=m.start("hr"))
        _interval_and_p(text, h, end)
        out.append(h)
        first = len(out) - 1
        while lists and h.ci_low:
            n = LISTED_HR.match(text, h.end)
            if not n:
                break
            nxt = Hazard(printed(n["hr"]), n.start("hr"), n.end(), endpoint_hint=out[first].endpoint_hint,
                         value_start=n.start("hr"), listed_after=first)
            _interval_and_p(text, nxt, n.end())
            if not nxt.ci_low:
                break
            out.append(nxt)
            h = nxt
            end = max(end, nxt.end)
    return out


def _interval_and_p(text: str, h: Hazard, pos: int) -> None:
    """Reads the CI and p printed at `pos` after HR `h` into it; `h.end` becomes their end."""
    ci = CI_NEAR.match(text[pos:pos + 80])
    if ci:
        low, blow, llow, slow, mlow, high, bhigh, lhigh, shigh, mhigh, level, level2, mlevel, mlevel2 = ci.group(
            "low", "blow", "llow", "slow", "mlow", "high", "bhigh", "lhigh", "shigh", "mhigh", "level", "level2",
            "mlevel", "mlevel2")
        if slow and not _holds(slow, h.hr, shigh) or mlow and not _holds(mlow, h.hr, mhigh):
            ci = None
    if ci:
        h.ci_low = printed(low or blow or llow or slow or mlow)
        h.ci_high = printed(high or bhigh or lhigh or shigh or mhigh)
        level = level or level2 or mlevel or mlevel2
        h.ci_level = printed(level) if level else "95"
        pos += ci.end()
    _p_after(text, h, pos)


def _p_after(text: str, h: Hazard, pos: int) -> None:
    """Reads the p printed at `pos` after HR `h` into it; `h.end` becomes its end (or `pos`)."""
    c = next_char(text, pos, _P_SKIP)  # P_VALUE begins with "one"/"two"/"p"/"P"
    p = P_NEAR.match(text[pos:pos + 60]) if c in "otpP" or not c.isascii() else None
    if p:
        h.p_value = _p_text(p)
        sided = p["sided"] or p["sided2"]
        h.sided = sided.strip().replace(" ", "-").lower() if sided else ""
        pos += p.end()
    h.end = pos


def find_derived(text: str) -> list[Hazard]:
    """HRs derived from a relative reduction in words: 30% -> "0.70"; a CI of the reduction
    printed in percent becomes the HR's ("9% to 31%" -> 0.69-0.91). The endpoint hint is the
    canonical code, or the outcome phrase as endpoints.py normalizes it ("primary outcome")."""
    out: list[Hazard] = []
    if "%" not in text:
        return out
    if text.isascii():  # (ASCII: matching without case is matching the lowercased text)
        low = text.lower()
        if "risk" not in low and "hazard" not in low:
            return out
    if not _RISK_OF_QUICK.search(text):
        return out
    for rx in (DERIVED_VERB, DERIVED_NOUN):
        for m in rx.finditer(text):
            pct = m.groupdict().get("pct") or m.groupdict().get("pct2")
            what = (m.groupdict().get("what") or m.groupdict().get("what2") or "").lower()
            what = re.sub(r"\s+", " ", what)
            if "any cause" in what or what.startswith("all"):
                what = "death"  # death from any cause, all-cause death or mortality: OS
            endpoint = "PFS" if "progression" in what else _DERIVED_ENDPOINT.get(what, "")
            out.append(_derived(text, pct, m.start(), m.end(), endpoint))
    taken = [(h.start, h.end) for h in out]
    if text.isascii():  # where "risk"/"hazard" is printed: by find in the lowercased text
        ats = sorted(at for word in ("risk", "hazard") for at in _find_all(low, word))
    else:
        ats = [r.start() for r in _RISK_WORD.finditer(text)]
    compared = None  # COMPARED.search(text), when first needed
    for at in ats:
        if any(s <= at < e for s, e in taken):
            continue
        if compared is None:
            compared = COMPARED.search(text) is not None
        if not compared:
            break
        h = _generic_derived(text, at)
        if h:
            out.append(h)
            taken.append((h.start, h.end))
    out.sort(key=lambda h: h.start)
    return out


def _find_all(text: str, word: str):
    """Where `word` starts in `text`, left to right (overlaps included)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _derived(text: str, pct: str, start: int, end: int, endpoint: str) -> Hazard:
    """The HR a reduction of `pct` percent means, with a CI in percent (and its p) printed after it
    when the CI holds the reduction."""
    decimals = max(2, len(pct.split(".")[1]) + 2) if "." in pct else 2
    h = Hazard(f"{1 - float(pct) / 100:.{decimals}f}", start, end, endpoint_hint=endpoint, derived=True)
    ci = PCT_CI.match(text, end)
    if ci:
        a, b = sorted((float(ci["a"]), float(ci["b"])))
        if a <= float(pct) <= b:
            h.ci_low, h.ci_high = f"{1 - b / 100:.{decimals}f}", f"{1 - a / 100:.{decimals}f}"
            level = ci["level"] or ci["level2"]
            h.ci_level = printed(level) if level else "95"
            _p_after(text, h, ci.end())
    return h


def _outcome_phrases(text: str) -> list:
    """endpoints.find_outcome_phrases (imported when first needed: endpoints loads the lexicon)."""
    from extract.endpoints import find_outcome_phrases
    return find_outcome_phrases(text)


def _outcome(what: str | None) -> str:
    """The endpoint an outcome phrase names ("the primary composite outcome" -> "primary
    outcome"), or "" when `what` is not one outcome phrase."""
    from extract.endpoints import OUTCOME_PHRASE
    what = re.sub(r"^(?:the|a|an)\s+", "", (what or "").strip(), flags=re.I)
    if not OUTCOME_PHRASE.fullmatch(what):
        return ""
    phrases = _outcome_phrases(what)
    return phrases[0].endpoint if len(phrases) == 1 and phrases[0].start == 0 else ""


# Words of an outcome phrase that is a canonical endpoint in another order ("death or disease
# progression" -> PFS, "relapse or death" -> RFS).
_CANONICAL_WORDS = frozenset({"death", "disease", "progression", "recurrence", "relapse", "or", "and"})


_BARE_HEADS = frozenset({"event", "events", "outcome", "outcomes", "endpoint", "endpoints", "end point",
                         "end points"})


def _canonical(endpoint: str) -> str:
    words = set(endpoint.split())
    if words <= _CANONICAL_WORDS:
        if "progression" in words:
            return "PFS"
        if words & {"recurrence", "relapse"}:
            return "RFS"
    return endpoint


def _generic_derived(text: str, at: int) -> Hazard | None:
    """A reduction of an outcome named by a phrase, its "risk"/"hazard" printed at `at`."""
    h = _generic_reduction(text, at)
    if h is None or h.endpoint_hint.lower() in _BARE_HEADS:
        return None  # "the risk of events": no endpoint named
    h.endpoint_hint = _canonical(h.endpoint_hint)
    return h


def _generic_reduction(text: str, at: int) -> Hazard | None:
    # "reduced the risk of <outcome> by N%"
    verb = GENERIC_VERB_BEFORE.search(text, max(0, at - 30), at)
    if verb:
        m = GENERIC_VERB.match(text, at)
        endpoint = _outcome(m["what"]) if m else ""
        if endpoint:
            return _derived(text, m["pct"], verb.start(), m.end(), endpoint)
    # "an N% lower risk of <outcome>", "an N% reduction in the risk of <outcome>"
    n = GENERIC_NOUN_BEFORE.search(text, max(0, at - 40), at)
    if n:
        m = GENERIC_NOUN.match(text, at)
        if m:  # the outcome phrase that follows (with its acronym: "... events (MACE)")
            phrases = _outcome_phrases(text[m.end():m.end() + 160])
            if phrases and phrases[0].start == 0:
                return _derived(text, n["pct"], n.start(), m.end() + phrases[0].end, phrases[0].endpoint)
    # "the risk (of <outcome>) was N% lower with X"
    m = GENERIC_LOWER.match(text, at)
    if m:
        if m["what"] is not None:
            endpoint = _outcome(m["what"])
        else:  # "X occurred less often with Y, the risk being 18% lower": the outcome named before
            before = _outcome_phrases(text[:at])
            endpoint = before[-1].endpoint if before else ""
        if endpoint:
            return _derived(text, m["pct"], at, m.end(), endpoint)
    return None
