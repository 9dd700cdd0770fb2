"""Abbreviation definitions in a document: "interquartile range (IQR)", "(IQR, interquartile
range)". The idea of scispaCy's abbreviation detector (Schwartz & Hearst 2003): a short form in
brackets next to a phrase whose words hold its letters in order, the first at a word start.

A plain function over text, one regex scan; the trial detector uses it to tell an acronym the
paper defines for an ordinary term ("BNP", "IQR") from a trial's name."""

from __future__ import annotations

import regex as re

# -- named parts ------------------------------------------------------------------------------
# A short form: a letter, then letters, digits or hyphens, with an upper-case letter somewhere
# ("IQR", "NT-proBNP", "HbA1c", "TIMP-1"); 2-12 characters.
SHORT = r"(?=[A-Za-z0-9\-]*[A-Z])[A-Za-z][A-Za-z0-9\-]{1,11}"
# Bracket content: the short form alone ("(IQR)"), or the short form then its long form after a
# comma or semicolon, as legends print it ("(IQR, interquartile range)", "(BNP; brain ...)").
# Square brackets count too: tables write "median [IQR]" and "[interquartile range (IQR)]".
BRACKETED = r"[(\[](?P<short>" + SHORT + r")(?:[,;:]\s*(?P<long>[^()\[\]]{3,150}?))?[)\]]"
# Glossaries of table footnotes and abbreviation lists, without brackets: "BNP: brain
# natriuretic peptide, CRP: C-reactive protein" and "ABBREVIATIONS: AAD, antiarrhythmic drug;
# ACE, angiotensin-converting enzyme;": a short form at an item start, a comma or colon, its
# long form up to the item's end (a semicolon, period, line end or the next "SHORT:").
GLOSSARY = (r"(?:(?<=[.;,:]\s{1,3})|(?<=\n)|^)(?P<gshort>" + SHORT + r")[,:]\s+"
            r"(?P<glong>[^;:,.()\[\]\n]{3,80}?)(?=\s*(?:[;.\n]|$)|,\s+" + SHORT + r"[,:]\s)")
# The short form first, its long form in brackets, lower case: "GLP-1 (glucagon-like peptide-1)".
REVERSED = r"(?<![\w\-])(?P<rshort>" + SHORT + r")\s\((?P<rlong>[a-z][^()\[\]]{2,150}?)\)"
DEFINITION = re.compile(REVERSED + "|" + BRACKETED + "|" + GLOSSARY)
# Where a definition can start. DEFINITION begins with an alternation and lookbehinds, so the
# regex module tries it at every position of the text (GLOSSARY's lookbehinds were most of the
# trial layer's time); `_definitions` tries it only where one of its alternatives can start:
# BRACKETED at a bracket, REVERSED at the start of a SHORT-shaped run of characters followed by
# white space and "(", GLOSSARY at the start of such a run followed by a comma or colon. Those
# runs are found from these marks (`str.find` finds a character three times as fast as a
# regex scans for a character class).
_MARKS = ",:(["
# The characters of a short form (SHORT's character class), and its first character.
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SHORT_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"
# What ends the text before a glossary item (GLOSSARY's lookbehind), white space stripped.
_ITEM_ENDS = ".;,:"
# The words before a bracket, back to a clause boundary: a long form does not cross a sentence
# end, another bracket or a semicolon ("... at baseline; brain natriuretic peptide (BNP)");
# at most 300 characters. (`_preceding` finds the last boundary with `str.rfind`: a regex
# search for the text's end tries every start, its time the square of the length.)
CLAUSE_MARKS = ".;:!?()[]"
PRECEDING_MAX = 300
# Short words a long form may hold without their letter in the short form ("range of motion").
STOPWORDS = frozenset("a an and as at by for from in into of on or the to with without vs versus".split())
_WORD = re.compile(r"[A-Za-z0-9]+(?:[\-'][A-Za-z0-9]+)*")

# An expansion that names a trial or study ("... Efficacy and Survival Study (EPHESUS)")...
TRIAL_WORD = re.compile(r"\b(?:trials?|study|studies|registry)\b", re.I)
# ...unless it only names a design ("randomized placebo-controlled trial (RCT)", "clinical
# trial", "cohort study"): every word a design word.
DESIGN_WORD = re.compile(
    r"(?:a|an|the|and|of|randomi[sz]ed|controlled|placebo|double|single|blind(?:ed)?|open|label|"
    r"multi|cent(?:er|re)|multicent(?:er|re)|national|multinational|clinical|phase|pilot|"
    r"prospective|retrospective|observational|cohort|cross|sectional|case|control|pragmatic|"
    r"crossover|interventional|"
    r"trials?|study|studies|registry)", re.I)


def _long_form(short: str, before: str) -> str:
    """The shortest end of `before` whose words hold the short form's letters and digits in
    order, the first at a word start (Schwartz & Hearst's backward match); "" when none."""
    chars = [c.lower() for c in short if c.isalnum()]
    if not chars:
        return ""
    lo = before.lower()
    i = len(lo) - 1
    for k in range(len(chars) - 1, -1, -1):
        c = chars[k]
        while i >= 0 and (lo[i] != c or (k == 0 and i > 0 and lo[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return ""
        i -= 1
    long = before[i + 1:].strip(" \t\n\"'[")
    words = _WORD.findall(long)
    # Schwartz & Hearst's limit on the long form's length; and it must be longer than the short
    if not words or len(words) > min(len(chars) + 5, 2 * len(chars)) or len(long) <= len(short):
        return ""
    if long.replace("-", "").replace(" ", "").lower() == short.replace("-", "").lower():
        return ""
    # The letters may hide inside any words ("TACE with or without sorafenib" holds T-R-I-T-O-N),
    # as a title before a trial's acronym often does: most content words of a true long form
    # start with one of the short form's letters ("interquartile range", "N-terminal pro-B-type
    # natriuretic peptide").
    content = [w for w in words if w.lower() not in STOPWORDS]
    covered = sum(w[0].lower() in chars for w in content)
    if not content or covered * 3 < len(content) * 2:
        return ""
    return long


def _preceding(text: str, end: int) -> str:
    """The text before `end` back to a clause boundary (CLAUSE_MARKS), at most PRECEDING_MAX
    characters; "" when `end` follows a boundary."""
    lo = end - PRECEDING_MAX if end > PRECEDING_MAX else 0
    start = max(lo, max(text.rfind(c, lo, end) for c in CLAUSE_MARKS) + 1)
    return text[start:end]


def _run_start(text: str, end: int) -> int:
    """The start of the run of SHORT's characters ending at `end` when the whole run can be a
    short form (2-12 characters, a letter first, an upper-case letter in it); -1 otherwise."""
    window = text[end - 13 if end > 13 else 0:end]
    n = len(window) - len(window.rstrip(_SHORT_CHARS))  # (13: longer than a short form)
    if not 2 <= n <= 12 or text[end - n] not in _LETTERS:
        return -1
    run = window[-n:]
    return end - n if run.lower() != run else -1


def _item_start(text: str, p: int) -> bool:
    """Whether a glossary item can start at `p` (GLOSSARY's lookbehinds): at the text's start,
    after a line end, or after a period, semicolon, comma or colon and 1-3 white spaces."""
    if p == 0 or text[p - 1] == "\n":
        return True
    before = text[p - 4 if p > 4 else 0:p]
    kept = before.rstrip()
    return 1 <= len(before) - len(kept) <= 3 and kept != "" and kept[-1] in _ITEM_ENDS


def _definitions(text: str):
    """The matches of `DEFINITION.finditer(text)`, with the pattern tried only at the positions
    where a match can start (see _MARKS): a REVERSED or GLOSSARY short form is preceded by a
    character outside SHORT's (white space, or not \\w or a hyphen) and followed by one (white
    space, a comma or a colon), so it is a whole run of SHORT's characters that ends at the
    white space before "(" or at the comma or colon, and GLOSSARY's is at an item start. The
    positions are walked in order, each search resuming after the last match's end, as
    finditer does."""
    starts = set()
    for mark in _MARKS:
        q = text.find(mark)
        while q >= 0:
            # (str.isspace holds for every character regex's \s matches, and for a few more)
            p = -1
            if mark in ",:":
                if text[q + 1:q + 2].isspace():
                    p = _run_start(text, q)  # GLOSSARY: "IQR, interquartile range"
                    if p >= 0 and not _item_start(text, p):
                        p = -1
            elif text[q + 1:q + 2] in _LETTERS:  # a short form or a long form in the bracket
                starts.add(q)  # BRACKETED
                if mark == "(" and q > 0 and text[q - 1].isspace():
                    p = _run_start(text, q - 1)  # REVERSED: "GLP-1 (glucagon-like peptide-1)"
            if p >= 0:
                starts.add(p)
            q = text.find(mark, q + 1)
    pos = 0
    for p in sorted(starts):
        if p < pos:
            continue
        m = DEFINITION.match(text, p)
        if m:
            yield m
            pos = m.end()


def defined_terms(text: str) -> dict[str, str]:
    """Short form -> long form for every abbreviation `text` defines (first definition wins)."""
    out: dict[str, str] = {}
    for m in _definitions(text):
        short = m.group("short") or m.group("gshort") or m.group("rshort")
        if short in out:
            continue
        after = m.group("long") or m.group("glong") or m.group("rlong")
        if after:
            # "(IQR, interquartile range)", "IQR: interquartile range": the long form follows,
            # and all of it must match
            long = _long_form(short, after.strip())
            if long and long == after.strip():
                out[short] = long
        else:
            before = _preceding(text, m.start())
            long = _long_form(short, before) if before else ""
            if long:
                out[short] = long
    return out


def names_a_trial(long_form: str) -> bool:
    """An expansion that names a trial or study, not just a design: "Efficacy and Survival
    Study" yes, "randomized controlled trial" no."""
    return bool(TRIAL_WORD.search(long_form)) and not names_a_design(long_form)


def names_a_design(long_form: str) -> bool:
    """An expansion made only of design words: "randomized controlled trial", "cohort study"."""
    return all(DESIGN_WORD.fullmatch(w) for w in re.findall(r"[A-Za-z]+", long_form))


def term_abbreviations(text: str) -> dict[str, str]:
    """The defined abbreviations of ordinary terms and designs (expansions that name no trial)."""
    return {s: l for s, l in defined_terms(text).items() if not names_a_trial(l)}


# -- spelled-out titles -----------------------------------------------------------------------
# A trial's acronym is a word built from parts of its title's words ("STOP-SHOCK", "Safety and
# Outcome of Contemporary Treatment Strategies for Cardiogenic Shock"); a term's or body's
# abbreviation takes one initial a word ("NYHA", "New York Heart Association").

def _content_words(long_form: str) -> list[str]:
    return [w for w in _WORD.findall(long_form) if w.lower() not in STOPWORDS]


def _title_case(words: list[str]) -> bool:
    """Most content words (4 in 5) start with a capital or a digit, as a title prints them."""
    return bool(words) and sum(w[0].isupper() or w[0].isdigit() for w in words) * 5 >= len(words) * 4


def initials_of(short: str, text: str) -> bool:
    """The end of `text` spells the short form out one initial a word: its long form has no
    fewer content words than the short form has letters ("MACE", "Major Adverse Cardiovascular
    Events"; "BNP", "... on brain natriuretic peptide")."""
    long = _long_form(short, text)
    return bool(long) and sum(c.isalnum() for c in short) <= len(_content_words(long))


def spells_out(short: str, long_form: str) -> bool:
    """A title-case expansion of 4+ content words that holds the short form's letters in order
    (all of it the long form) and is not its initials: the short form names a trial or study
    ("STOP-SHOCK [Safety and Outcome of ... Cardiogenic Shock]"), not a term or a body."""
    words = _content_words(long_form)
    return (len(words) >= 4 and _title_case(words) and _long_form(short, long_form) == long_form
            and not initials_of(short, long_form))


def title_expansion(short: str, text: str) -> bool:
    """A bracket that reads as a name's spelled-out title: title case, 3+ content words, and
    not the initials of a term ("HFrEF (Heart Failure with Reduced Ejection Fraction)")."""
    words = _content_words(text)
    return len(words) >= 3 and _title_case(words) and not initials_of(short, text.strip())
