"""Hazard ratios with their confidence interval and p-value, and HRs derived from a relative
risk reduction stated in words."""

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
CI_BODY = (r"(?:" + CI_LABEL + r")(?:\s*\[CI\])?\s*[:,=]?\s*(?:of\s+|from\s+)?[\[(]?\s*(?P<low>" + NUM + r")"
           + RANGE_SEP + r"(?P<high>" + NUM + r")\s*[\])]?")
# A bare bracketed interval straight after the HR: "HR 0.66 (0.52-0.84)".
CI_BARE = r"[\[(]\s*(?P<blow>" + NUM + r")" + RANGE_SEP + r"(?P<bhigh>" + NUM + r")\s*[\])]"
# The HR label: "HR", "hazard ratio", "hazard ratio [HR]", "stratified HR", "HR for death".
HR_LABEL = (r"(?:(?:stratified|unstratified|adjusted|overall)\s+)?(?:hazard\s+ratio(?:\s*[\[(]HR[\])])?|\bHR)"
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
CI_NEAR = re.compile(r"^(?:[\s,;:(\[]*(?:" + CI_BODY + r"|" + CI_BARE + r")|" + CI_LOOSE + r"|" + CI_SEMI + r")")
P_NEAR = re.compile(r"^[\s,;:(\[\])]*(?:" + P_VALUE.pattern + r")")

# Relative reductions in words: "reduced the risk of death by 30%", "a 40% reduction in the
# risk of progression", "lowered the risk of disease progression or death by 35%",
# "a 25% lower risk of death".
_RISK_OF = (r"(?:the\s+)?(?:risk|hazard)\s+of\s+(?P<what>death|(?:disease\s+)?progression(?:\s+or\s+death)?"
            r"|recurrence(?:\s+or\s+death)?|treatment\s+failure|relapse)")
DERIVED_VERB = re.compile(
    r"(?:reduc\w*|lower\w*|decreas\w*|cut(?:ting|s)?)\s+" + _RISK_OF + r"\s+by\s+(?:approximately\s+|about\s+)?"
    r"(?P<pct>\d{1,2}(?:\.\d+)?)\s*%", re.I)
DERIVED_NOUN = re.compile(
    r"(?P<pct>\d{1,2}(?:\.\d+)?)\s*%\s+(?:relative\s+)?(?:reduction|decrease)\s+in\s+" + _RISK_OF
    + r"|(?P<pct2>\d{1,2}(?:\.\d+)?)\s*%\s+lower\s+" + _RISK_OF.replace("what", "what2"), re.I)

# Cardiology papers also write "HR" for heart rate: "HR 72 bpm", "HR of 64 beats/min".
HEART_RATE_AFTER = re.compile(r"\s*(?:bpm|beats|/\s*min)", re.I)

# Cheap look before the costly pattern: no "HR"/"hazard", no hazard ratio.
_HR_QUICK = re.compile(r"\bHR\b|hazard", re.I)
# Where an HR_VALUE match can start (it is case-sensitive): at its label, "hazard ratio" or "HR",
# or at the qualifier before it ("unstratified" two characters before its "stratified").
_HR_STARTS = ("HR", "hazard", "stratified", "adjusted", "overall")
# Both derived forms name the risk: "(the) risk/hazard of ..."; a sentence without it has none.
_RISK_OF_QUICK = re.compile(r"(?:risk|hazard)\s+of", re.I)

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


def find_hazards(text: str) -> list[Hazard]:
    """HRs with the CI and p that follow them. A plural "hazard ratios of 0.34 and 0.39"
    (subgroups) does not match."""
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
        pos = end
        ci = CI_NEAR.match(text[pos:pos + 80])
        if ci:
            low, blow, llow, slow, high, bhigh, lhigh, shigh, level, level2 = ci.group(
                "low", "blow", "llow", "slow", "high", "bhigh", "lhigh", "shigh", "level", "level2")
            if slow and not _holds(slow, h.hr, shigh):
                ci = None
        if ci:
            h.ci_low = printed(low or blow or llow or slow)
            h.ci_high = printed(high or bhigh or lhigh or shigh)
            level = level or level2
            h.ci_level = printed(level) if level else "95"
            pos += ci.end()
        c = next_char(text, pos, _P_SKIP)  # P_VALUE begins with "one"/"two"/"p"/"P"
        p = P_NEAR.match(text[pos:pos + 60]) if c in "otpP" or not c.isascii() else None
        if p:
            h.p_value = _p_text(p)
            sided = p["sided"] or p["sided2"]
            h.sided = sided.strip().replace(" ", "-").lower() if sided else ""
            pos += p.end()
        h.end = pos
        out.append(h)
    return out


def find_derived(text: str) -> list[Hazard]:
    """HRs derived from a relative reduction in words: 30% -> "0.70"."""
    out = []
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
            decimals = max(2, len(pct.split(".")[1]) + 2) if "." in pct else 2
            hr = f"{1 - float(pct) / 100:.{decimals}f}"
            endpoint = "PFS" if "progression" in what else _DERIVED_ENDPOINT.get(
                re.sub(r"\s+", " ", what), "")
            out.append(Hazard(hr, m.start(), m.end(), endpoint_hint=endpoint, derived=True))
    out.sort(key=lambda h: h.start)
    return out
