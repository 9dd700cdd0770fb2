"""Arms and regimens: drug/procedure lexicon, combinations, normalization, and which arm is
experimental and which control."""

from __future__ import annotations

import re as stdlib_re
from dataclasses import dataclass
from functools import lru_cache

import regex as re

from extract.endpoints import ascii_twin, ascii_view, by_first_char
from extract.nlp import load_lexicon, normalize_key, phrase_alternation

LABELS = ("DRUG", "PROCEDURE", "PLACEBO", "THERAPY")


@dataclass(frozen=True)
class Component:
    start: int
    end: int
    canonical: str
    label: str


@dataclass(frozen=True)
class Regimen:
    start: int
    end: int
    name: str  # normalized: "TACE plus lenvatinib plus pembrolizumab"
    alone: bool = False  # printed with "alone" / "monotherapy"
    blinded: bool = False  # printed as "drug/placebo"
    partial: bool = False  # joined to a word no component starts ("X plus <unknown drug>")

    @property
    def is_control_like(self) -> bool:
        return self.alone or "placebo" in self.name or self.name in CONTROL_CARE


# Controls that are no drug: "usual care", "standard of care", "observation".
CONTROL_CARE = frozenset({"usual care", "standard care", "standard of care", "observation", "best supportive care"})


@dataclass(frozen=True)
class Arms:
    exp: str
    ctrl: str
    start: int = 0
    end: int = 0


@lru_cache(maxsize=1)
def _lexicon():
    entries = load_lexicon("regimens", LABELS)
    lookup = {normalize_key(e.pattern): (e.id, e.label) for e in entries}
    # Development codes and brand names are matched in their printed case ("IBI305", "Avastin"
    # in any case is fine); generic names in any case (sentence-initial capitals, tables).
    # A procedure may not be the head of a hyphenated term ("TACE-PFS", "TACE-first",
    # "post-TACE"), except when the next word is a drug ("TACE-sorafenib").
    # (Every entry begins with a letter or digit: the leading \b, implied by the first
    # lookbehind, lets the search jump from word to word; one lookbehind per prefix, for the
    # ASCII twin: stdlib re has no alternation in a lookbehind.)
    assert all(re.match(r"\w", e.pattern) for e in entries)
    alternation = phrase_alternation([e.pattern for e in entries])
    left = r"\b(?<![\w])" + "".join(rf"(?<!{prefix}-)" for prefix in ("post", "pre", "non", "peri", "anti", "intra", "per", "DEB"))
    right = (r"(?![\w]|-(?:first|based|specific|PFS|eligible|refractor\w*"
             r"|naive|naïve|related|induced|like|alone|TKI|ICI|free|untreatable|\d))")
    rx = re.compile(left + "(?:" + alternation + ")" + right, re.I)
    # text with an ascii_view (most) is searched in it with the twin (see endpoints.ascii_twin)
    twin = ascii_twin(left + "(?:" + by_first_char(alternation.lower()) + ")" + right)
    return rx, twin, lookup


@lru_cache(maxsize=256)
def _abbrev_regex(shorts: tuple[str, ...]):
    return re.compile(r"(?<![\w+])(?:" + "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
                      + r")(?![\w+])")


def find_components(text: str, mask: list[tuple[int, int]] = (), abbrev: dict[str, str] | None = None) -> list[Component]:
    rx, rx_ascii, lookup = _lexicon()
    out = []
    taken = bytearray(len(text) + 1)  # characters already given to a mask span or a component
    for a, b in mask:
        taken[a:b] = b"\x01" * (b - a)

    def take(a: int, b: int, canonical: str, label: str) -> None:
        if not any(taken[a:b]):
            taken[a:b] = b"\x01" * (b - a)
            out.append(Component(a, b, canonical, label))

    if abbrev:
        names = dict(abbrev)
        for m in _abbrev_regex(tuple(sorted(abbrev))).finditer(text):
            take(m.start(), m.end(), names[m.group(0)], "DRUG")
    low = ascii_view(text)
    for m in rx.finditer(text) if low is None else rx_ascii.finditer(low):
        printed = text[m.start():m.end()]
        canonical, label = lookup.get(normalize_key(printed), (printed.lower(), "DRUG"))
        if label == "PROCEDURE" and printed.islower() and len(printed) <= 5:
            continue  # "tace" in running text is not the procedure's abbreviation
        if canonical == "observation" and not _observation_arm(text, m.start(), m.end()):
            continue
        take(m.start(), m.end(), canonical, label)
    for m in _inn_words(text):  # drugs the lexicon does not know yet, by their INN stem
        take(m.start(), m.end(), m.group(0).lower(), "DRUG")
    if "andomi" in text or "ssigned" in text or "llocated" in text:
        for m in DESIGN_UNKNOWN.finditer(text):  # "randomized to <new drug> or placebo"
            if m["w"].islower() and m["w"] not in _NOT_ARMS:
                take(m.start("w"), m.end("w"), m["w"], "DRUG")
    out.sort(key=lambda c: c.start)
    return out


# "observation" is a control arm ("randomized to adjuvant X or observation"), not a group's
# name ("the observation group": the experimental arm in papers translated from Chinese), a
# period or the act ("under observation", "during the observation period").
_OBSERVATION_NOT_BEFORE = re.compile(r"\s*[\-\s]\s*(?:groups?|arms?|cohorts?|period|time|window|stud\w*|of|units?)\b", re.I)
_OBSERVATION_NOT_AFTER = re.compile(r"\b(?:under|of|on|for|during|close|careful|clinical|direct|the|an?|after|and)\s+$", re.I)


def _observation_arm(text: str, start: int, end: int) -> bool:
    return not (_OBSERVATION_NOT_BEFORE.match(text, end) or _OBSERVATION_NOT_AFTER.search(text, max(0, start - 20), start))


# International Nonproprietary Name stems: a new drug ("rilvegostomig", "ivonescimab",
# "fruquintinib") is recognized before the lexicon lists it. Anticancer stems first, then those
# of other areas' trials: SGLT2 inhibitors (-gliflozin), GLP-1 agonists (-glutide), factor Xa
# and thrombin inhibitors (-xaban, -gatran), antiarrhythmics (-arone, -kalant), sartans, ACE
# inhibitors (-pril), beta blockers (-olol), statins (-vastatin), low-molecular-weight heparins
# (-parin), P2Y12 inhibitors (-grel, -grelor); antifolates (-trexed: pemetrexed, raltitrexed). Words that merely end like a stem ("stomach",
# "limb", "April") are too short or lack the stem's ending.
INN_STEMS = ("mab", "mig", "nib", "lib", "ciclib", "parib", "zomib", "platin", "rubicin", "taxel", "tecan", "limus",
             "citabine", "trexate", "trexed", "fenib", "tinib", "stat", "lisib", "rafenib", "degib",
             "gliflozin", "glutide", "xaban", "gatran", "darone", "kalant", "sartan", "pril", "olol", "vastatin", "parin",
             "grel", "grelor")
INN_STEM = re.compile(r"\b[A-Za-z]{3,}(?:" + "|".join(INN_STEMS) + r")\b")
# In ASCII text, stdlib re finds the same matches three times faster than a look at each word
# (its \b is the regex module's there; elsewhere their \w differ: superscripts, marks).
_INN_STEM_ASCII = stdlib_re.compile(INN_STEM.pattern)
# A whole word of ASCII letters: what INN_STEM matches is such a word that ends in a stem after
# three letters or more (found so, each word is looked at once instead of at every letter).
_LETTER_WORD = re.compile(r"\b[A-Za-z]+\b")


def _inn_words(text: str):
    """INN_STEM's matches, in order."""
    if text.isascii():
        yield from _INN_STEM_ASCII.finditer(text)
        return
    for m in _LETTER_WORD.finditer(text):
        w = m.group(0)
        if w.endswith(INN_STEMS) and any(len(w) - len(s) >= 3 and w.endswith(s) for s in INN_STEMS):
            yield m


# -- joining components into regimens -----------------------------------------------------------
# Doses printed after a drug: "atezolizumab 1,200 mg", "bevacizumab 15 mg/kg every 3 weeks",
# "lenvatinib 8 or 12 mg once daily"; parenthetical codes "(IBI305)".
DOSE = (r"(?:\s*\d[\d,.]*(?:\s*(?:or|/)\s*\d[\d,.]*)?\s*(?:mg|g|µg|mcg|mg/kg|mg/m2|mg/m²)(?:/\w+)?"
        r"(?:\s+(?:once|twice)\s+(?:daily|a\s+day)|\s+(?:every|q)\s*\d+\s*(?:weeks?|days?|w)|\s+daily|\s+bid|\s+qd)*)")
PAREN_NOTE = r"(?:\s*\([^()]{1,25}\))"
# Words allowed between a joiner and the next drug: articles and class descriptors ("plus the
# VEGF inhibitor bevacizumab", "plus PD-(L)1 inhibitor durvalumab", "plus a bevacizumab biosimilar").
FILLER = (r"(?:(?:a|an|the|its)\s+)?(?:(?:anti-[\w\-()]+|[A-Z][A-Z0-9\-()]+|[A-Z]{1,3}-\([A-Z]\)\d|inhibitors?|antibody|"
          r"monoclonal|agent|blocker|oral|intravenous|low-dose|high-dose|daily)\s+){0,3}")
# Joiners: "plus", "+", "and", "combined with", "in combination with", "/", "-" (TACE-sorafenib).
JOIN = (r"(?P<j>\s*(?:\+|\bplus\b|\band\b|\bcombined\s+with\b|\bin\s+combination\s+with\b|\btogether\s+with\b|\bwith\b)\s*"
        r"|\s*/\s*|[\-\u2013])")
JOIN_RX = re.compile(r"^(?i:" + DOSE + r"|" + PAREN_NOTE + r")*(?i:" + JOIN + r")" + FILLER + r"$")
ALONE_RX = re.compile(r"^(?:" + DOSE + r"|" + PAREN_NOTE + r")*\s*(?:alone|monotherapy)\b", re.I)

# An arm of a design sentence that neither the lexicon nor a stem knows: the one word between
# "randomized/assigned/allocated ... to (receive)" and its dose and "or <other arm>" ("randomly
# assigned ... to receive oral fenirelaxin or placebo", "randomized to zelcobant, 2 mg daily
# (n = 1562), or usual care"). A word of the design's own ("either", "treatment") is none.
DESIGN_UNKNOWN = re.compile(
    r"\b(?:randomi[sz]ed|assigned|allocated)\b[^.;]{0,120}?\bto\s+(?:receive\s+)?"
    r"(?:(?:oral|intravenous|subcutaneous|inhaled|adjuvant|daily)\s+)?(?P<w>[A-Za-z][a-z\-]{4,}[a-z])\b"
    r"(?=(?:\s*,)?(?:" + DOSE + r"|" + PAREN_NOTE + r")*\s*,?\s*(?:or|versus|vs\.?)\s)", re.I)
_NOT_ARMS = frozenset({"either", "receive", "continue", "treatment", "therapy", "groups", "group", "arms", "standard",
                       "control", "intervention", "active", "sham", "other", "another", "three", "placebo"})


def _join_kind(gap: str) -> str | None:
    m = JOIN_RX.match(gap)
    if not m:
        return None
    j = m["j"].strip().lower()
    if j == "/":
        return "or"
    if j.startswith("with"):
        return "with"
    if j.startswith(",") or gap.lstrip().startswith(","):
        return None
    return "plus"


def find_regimens(text: str, mask: list[tuple[int, int]] = (), abbrev: dict[str, str] | None = None) -> list[Regimen]:
    """Regimens printed in `text` (spans in `mask`, e.g. trial names, are skipped)."""
    return list(_regimens(text, tuple(mask), tuple(sorted(abbrev.items())) if abbrev else ()))


@lru_cache(maxsize=4096)
def _regimens(text: str, mask: tuple, abbrev: tuple) -> tuple[Regimen, ...]:
    comps = find_components(text, list(mask), dict(abbrev))
    groups: list[list[tuple[str, Component]]] = []
    for c in comps:
        if groups:
            prev = groups[-1][-1][1]
            if _OWN_SHORT_OPEN.fullmatch(text, prev.end, c.start) and _OWN_SHORT_CLOSE.match(text, c.end):
                continue  # "TACE + donafenib (D-TACE)": the regimen's short name, not a new one
            if _GLOSS_OPEN.fullmatch(text, prev.end, c.start) and _GLOSS_CLOSE.match(text, c.end):
                continue  # "IBI305 (a bevacizumab biosimilar)": what the drug before is, not a new one
            kind = _join_kind(text[prev.end:c.start])
            # "TACE plus X and TACE plus Y": a second procedure starts a new regimen.
            has_proc = any(x.label == "PROCEDURE" for _, x in groups[-1])
            if kind == "with" and not (prev.label == "PROCEDURE" or c.label == "PROCEDURE"):
                kind = None  # "X with Y" joins only a drug to a procedure
            if kind and not (c.label == "PROCEDURE" and has_proc):
                groups[-1].append((kind, c))
                continue
        groups.append([("", c)])
    out = []
    starts = {c.start for c in comps}
    for g in groups:
        start, end = g[0][1].start, g[-1][1].end
        alone = bool(ALONE_RX.match(text[end:end + 30]))
        blinded = any(kind == "or" and c.canonical == "placebo" for kind, c in g)
        unread = _UNREAD_NEXT.match(text, end)
        partial = bool(unread) and unread.start("w") not in starts
        out.append(Regimen(start, end, _name(g), alone, blinded, partial))
    return tuple(out)


# A gloss in brackets right after a component, opening with an article: "IBI305 (a bevacizumab
# biosimilar)", "camrelizumab (an anti-PD-1 antibody)".
_GLOSS_OPEN = re.compile(r"\s*\(\s*(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?", re.I)
_GLOSS_CLOSE = re.compile(r"[\w\-\s]{0,30}\)")
# A short name in brackets right after a regimen, holding a component: "(D-TACE)", "(TACE-L)".
_OWN_SHORT_OPEN = re.compile(r"\s*\(\s*[A-Za-z0-9+/]{0,6}[\-+/]?")
_OWN_SHORT_CLOSE = re.compile(r"(?:[\-+/][A-Za-z0-9]{1,6})?\s*\)")
# A regimen joined to a word that no component starts ("X plus pemetrexed" before the lexicon
# knows it): the regimen read is only part of the arm.
_UNREAD_NEXT = re.compile(r"(?:" + DOSE + r"|" + PAREN_NOTE + r")*\s*(?:\+|\bplus\b|\b(?:in\s+combination|combined|together)\s+with\b)"
                          r"\s*" + FILLER + r"(?P<w>(?!(?:or|and|minus|either|both|each|in|to|with|at|on|for|of|the|a|an)\b)"
                          r"[A-Za-z][\w\-]*)", re.I)


def _name(group: list[tuple[str, Component]]) -> str:
    parts: list[str] = []
    for kind, c in group:
        name = c.canonical
        if parts and kind == "or":
            if name == "placebo":  # "sorafenib/placebo": the blinded arm's drug
                continue
            if parts[-1] in _SYNONYMS.get(name, ()) or parts[-1] == name:
                continue  # "rivoceranib/apatinib": one drug printed under two names
            if parts[-1] == "placebo":
                parts[-1] = name
                continue
            parts[-1] = parts[-1] + " or " + name
            continue
        if parts and parts[-1] == name:
            continue
        parts.append(name)
    return " plus ".join(parts)


# One molecule under two generic names ("rivoceranib" is apatinib's INN): "X/Y" printed side
# by side is one drug (extraction keeps the first printed name); reconciliation compares by
# the value here.
SAME_MOLECULE = {"rivoceranib": "apatinib"}
_SYNONYMS = {a: (b,) for a, b in SAME_MOLECULE.items()} | {b: (a,) for a, b in SAME_MOLECULE.items()}
# "bevacizumab biosimilar": the biosimilar is the same molecule for comparing arms.
BIOSIMILAR = re.compile(r"\s+biosimilar$")


def is_procedure(name: str) -> bool:
    """Is a normalized regimen name a procedure alone ("TACE", "on-demand TACE")?"""
    return _lexicon()[-1].get(normalize_key(name), ("", ""))[1] == "PROCEDURE"


@lru_cache(maxsize=4096)
def molecule(component: str) -> str:
    """The molecule one printed arm component stands for, in lower case: development codes
    and brand names to their generic (lexicon), the biosimilar qualifier dropped, a molecule
    with two generic names to one."""
    name = _lexicon()[-1].get(normalize_key(component), (component.strip().lower(), ""))[0]
    name = BIOSIMILAR.sub("", name.lower())
    return SAME_MOLECULE.get(name, name)


def normalize_regimen(text: str) -> str:
    """The normalized name of the first regimen printed in `text` ("" if none)."""
    regs = find_regimens(text)
    return regs[0].name if regs else ""


# -- experimental vs control ----------------------------------------------------------------
# "A vs. B", "A versus B", "A compared with/to B", "A over B", "superior OS to B",
# "A outperformed B", "compared A with B" / "comparing A with B" / "A relative to B".
COMPARATOR = re.compile(
    r"\bvs\.?(?!\w)|\bversus\b|\bv\.(?=\s)|\bcompared\s+(?:with|to)\b|\boutperform\w*\b"
    r"|\bsuperior\s+(?:[\w\-]+\s+){0,2}?to\b|\binferior\s+(?:[\w\-]+\s+){0,2}?to\b|\brelative\s+to\b|\bagainst\b", re.I)
# Comparisons whose second word comes later: "compared A with B", "comparing A to B", "an
# advantage of A over B" (a bare "over" is too common: "cross over to").
LATER_WITH = (
    (re.compile(r"\bcompar(?:ed|ing|es|e)\b(?!\s+(?:with|to)\b)", re.I), re.compile(r"\b(?:with|to)\b", re.I), 160),
    (re.compile(r"\b(?:advantage|benefit|superiority|improvement)\b", re.I), re.compile(r"\bover\b", re.I), 60),
    (re.compile(r"\b(?:randomi[sz]ed|assigned|allocated)\b", re.I), re.compile(r"\bor\b", re.I), 160),
)
# Words of which each match of the first pattern of each above holds one (lower-cased: a text
# whose ascii_view has none of them has no such comparison).
_LATER_WITH_WORDS = (("compar",), ("advantage", "benefit", "superiority", "improvement"), ("randomi", "assigned", "allocated"))
_CLAUSE_END = re.compile(r"[.;]")


def _comparators(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in COMPARATOR.finditer(text)]
    low = ascii_view(text)
    for (head, tail, reach), words in zip(LATER_WITH, _LATER_WITH_WORDS):
        if low is not None and not any(w in low for w in words):
            continue
        for m in head.finditer(text):
            window = text[m.end():m.end() + reach]
            stop = _CLAUSE_END.search(window)
            t = tail.search(window, 0, stop.start() if stop else len(window))
            if t:
                spans.append((m.end() + t.start(), m.end() + t.end()))
    return sorted(spans)


# A list of arms after "compared"/"comparing"/"randomized to": "A, B, and C".
ARM_LIST = re.compile(r"\b(?:compar\w*|randomi[sz]ed\s+to|assigned\s+to)\b", re.I)
ARM_NOUN = re.compile(r"^\s*(?:group|arm|cohort)\b", re.I)


def find_arms(text: str, mask: list[tuple[int, int]] = (), strict: bool = False,
              abbrev: dict[str, str] | None = None) -> Arms | None:
    """Experimental and control arms stated in `text` (a sentence or a table cell). `strict`:
    only an explicit comparison ("A vs. B", "compared A with B", a list of arms), not two
    regimens of which one is "alone" or a single "X group"."""
    regs = find_regimens(text, mask, abbrev)
    if not regs:
        return None
    arms = _find_arms(text, regs, strict)
    if arms is not None and any(r.partial and arms.start <= r.start < max(arms.end, r.end) for r in regs):
        return None  # an arm read in part ("osimertinib plus <unknown>") would be wrong
    return arms


def _find_arms(text: str, regs: list[Regimen], strict: bool) -> Arms | None:
    listed = _arm_list(text, regs) or _addition(text, regs)
    if listed:
        return listed
    for c_start, c_end in _comparators(text):
        before = [r for r in regs if r.end <= c_start]
        after = [r for r in regs if r.start >= c_end]
        if before and after:
            exp, ctrl = before[-1], after[0]
            if exp.name == ctrl.name:
                continue  # "in the X group, as compared with ... (hazard ratio with X": one arm twice
            shared = _shared_tail(text, exp, ctrl)
            if shared:
                return Arms(f"{exp.name} plus {shared}", ctrl.name, exp.start, ctrl.end)
            if exp.is_control_like and not ctrl.is_control_like:
                exp, ctrl = ctrl, exp
            return Arms(exp.name, ctrl.name, exp.start, ctrl.end)
    if strict:
        return None
    if len(regs) == 2:
        a, b = regs
        if a.is_control_like != b.is_control_like:
            exp, ctrl = (b, a) if a.is_control_like else (a, b)
            return Arms(exp.name, ctrl.name, min(a.start, b.start), max(a.end, b.end))
    labelled = [r for r in regs if ARM_NOUN.match(text[r.end:r.end + 12]) or r.alone]
    if len(labelled) == 1:
        r = labelled[0]
        if r.is_control_like or _other_role(text, r) == 1:
            # "... in the combination group versus ... in the cTACE group": the named one is the control
            return Arms("", r.name, r.start, r.end)
        return Arms(r.name, "", r.start, r.end)
    return None


# "A or placebo plus C", "A or B in combination with C": C is given in both arms.
_OR_GAP = re.compile(r"(?:" + DOSE + r"|" + PAREN_NOTE + r")*\s*(?:,\s*)?\bor\b\s*", re.I)
_SHARED_JOIN = re.compile(r"\b(?:in\s+combination|combined)\s+with\b", re.I)


def _shared_tail(text: str, exp: Regimen, ctrl: Regimen) -> str:
    """The component(s) C of "A or B plus C" that belong to both arms ("" if none): when B is
    placebo (a stand-in for A) or C is joined "in combination with" (A and B both are)."""
    if exp.alone or " plus " in exp.name or " plus " not in ctrl.name or not _OR_GAP.fullmatch(text, exp.end, ctrl.start):
        return ""
    first, rest = ctrl.name.split(" plus ", 1)
    if first in ("placebo", "dual placebo") and "placebo" not in exp.name or (
            " plus " not in rest and _SHARED_JOIN.search(text, ctrl.start, ctrl.end)):
        return rest
    return ""


# A group named by its role: "the combination group", "the control arm".
_ROLE_GROUP = re.compile(r"\b(?:(?P<exp>combination|experimental|intervention|investigational|observation|study|treatment)"
                         r"|(?P<ctrl>control|placebo|standard|comparator|reference))\s+(?:group|arm|cohort)\b", re.I)


# Another group named by a word the reader does not know: "of the kaltoban group".
_NAMED_GROUP = re.compile(r"\bthe\s+(?P<w>[A-Za-z][\w\-]*)\s+(?:group|arm)\b", re.I)
_NOT_GROUP_NAMES = frozenset({"same", "other", "whole", "overall", "entire", "total", "two", "three", "each", "former",
                              "latter", "first", "second"})


def _other_role(text: str, r: Regimen) -> int:
    """+1 when the text's other groups are named only by an experimental role, -1 only by a
    control role, 0 otherwise; a single other group named by an unknown word counts as
    experimental when it comes first ("3.1% of the kaltoban group and 2.6% of the warfarin
    group")."""
    roles = {1 if m["exp"] else -1 for m in _ROLE_GROUP.finditer(text) if not r.start <= m.start() < r.end + 12}
    if roles:
        return roles.pop() if len(roles) == 1 else 0
    others = [m for m in _NAMED_GROUP.finditer(text) if not r.start - 4 <= m.start() < r.end + 12
              and m["w"].lower() not in _NOT_GROUP_NAMES]
    return 1 if len(others) == 1 and others[0].end() <= r.start else 0


# "adding X to Y", "the addition of X to Y": X plus Y against Y.
ADDITION_TO = re.compile(r"^\s+to\s+(?:the\s+|standard\s+|background\s+)?$", re.I)


def _addition(text: str, regs: list[Regimen]) -> Arms | None:
    if len(regs) < 2 or "add" not in text.lower():  # (each adding word holds "add")
        return None
    for a, b in zip(regs, regs[1:]):
        if _ADDITION_HEAD.search(text[max(0, a.start - 60):a.start]) and ADDITION_TO.match(text[a.end:b.start]):
            return Arms(f"{a.name} plus {b.name}", b.name, a.start, b.end)
    return None


# the adding word may be followed by a class descriptor: "adding the anti-PD-1 antibody X to Y"
_ADDITION_HEAD = re.compile(r"\b(?:adding|addition\s+of|add-on\s+of)\s+(?:(?:the|a|an)\s+)?(?:[\w\-()]+\s+){0,3}$", re.I)


# Between arms of a list: "A, B, and C", "A alone or B".
_LIST_GAP = re.compile(r"\s*(?:alone\s*)?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")


def _arm_list(text: str, regs: list[Regimen]) -> Arms | None:
    """ "compared A, B, and C" -> A vs C (first listed is experimental, last is control)."""
    if len(regs) < 3:
        return None
    for m in ARM_LIST.finditer(text):
        seq = [r for r in regs if r.start >= m.end()]
        if len(seq) < 3:
            continue
        chain = [seq[0]]
        for r in seq[1:]:
            gap = text[chain[-1].end:r.start]
            if _LIST_GAP.fullmatch(gap):
                chain.append(r)
            else:
                break
        if len(chain) >= 3:
            return Arms(chain[0].name, chain[-1].name, chain[0].start, chain[-1].end)
    return None


_VS_SPLIT = re.compile(r"\s*\b(?:vs\.?|versus)(?!\w)\s*")


def split_arms(cell: str) -> Arms | None:
    """A table's "Regimen"/"Treatment arms" cell: "A vs. B [vs. C]" -> first vs last."""
    parts = [p for p in _VS_SPLIT.split(cell) if p.strip()]
    names = [normalize_regimen(p) for p in parts]
    names = [n for n in names if n]
    if len(names) >= 2:
        return Arms(names[0], names[-1])
    if len(names) == 1:
        return Arms(names[0], "")
    return None


# "TACE was added", "with TACE added to lenvatinib": the procedure joins a systemic backbone.
ADDED = re.compile(r"^\s*(?:was|were|is|being)?\s*added\b", re.I)
PROCEDURES = frozenset({"TACE", "cTACE", "DEB-TACE", "on-demand TACE", "TARE", "HAIC"})


def implicit_arms(text: str, mask: list[tuple[int, int]] = (), abbrev: dict[str, str] | None = None) -> Arms | None:
    """Arms of an add-on design named only by its parts: a sentence that names one procedure
    and a drug regimen without comparing them ("sorafenib 3-7 days before DEB-TACE") speaks of
    the procedure-plus-drug arm; "X/placebo" gives the control (procedure plus placebo); "TACE
    was added" to a drug backbone gives backbone plus TACE vs the backbone."""
    regs = find_regimens(text, mask, abbrev)
    procs = {r.name for r in regs if r.name in PROCEDURES}
    drugs = [r for r in regs if r.name not in PROCEDURES and r.name not in ("placebo", "dual placebo")
             and not any(p in r.name.split(" plus ") for p in PROCEDURES)]
    if len(procs) != 1 or not drugs or len({d.name for d in drugs}) != 1:
        return None
    proc, drug = procs.pop(), drugs[0]
    proc_reg = next(r for r in regs if r.name == proc)
    if ADDED.match(text[proc_reg.end:proc_reg.end + 20]):
        return Arms(f"{drug.name} plus {proc}", drug.name)
    ctrl = f"{proc} plus placebo" if any(d.blinded for d in drugs) else ""
    return Arms(f"{proc} plus {drug.name}", ctrl)


# A regimen abbreviation defined in the text: '"T+A" regimen (atezolizumab plus bevacizumab)',
# "atezolizumab plus bevacizumab (Atezo+Bev)".
_SHORT = r"[A-Z][A-Za-z0-9]{0,6}(?:[+/][A-Z][A-Za-z0-9]{0,6})+"
ABBREV_AFTER = re.compile(r"(?<![\w+/])(?P<short>" + _SHORT + r")[\"\u201d]?\s+(?:regimen\s+|combination\s+)?"
                          r"\((?P<full>[^()]{5,80})\)")
# ... and a hyphenated one in brackets right after the regimen: "TACE + donafenib (D-TACE)"
# (not a name the lexicon knows: "(DEB-TACE)" names the procedure alone).
_SHORT_HYPHEN = r"[A-Z][A-Za-z0-9]{0,6}-[A-Z][A-Za-z0-9]{0,6}"
ABBREV_BEFORE = re.compile(r"\((?P<short>" + _SHORT + "|" + _SHORT_HYPHEN + r")\)")


def regimen_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations of combination regimens defined in a document."""
    out: dict[str, str] = {}
    for m in ABBREV_AFTER.finditer(text):
        regs = find_regimens(m["full"])
        if len(regs) == 1 and " plus " in regs[0].name:
            out.setdefault(m["short"], regs[0].name)
    for m in ABBREV_BEFORE.finditer(text):
        before = text[max(0, m.start() - 80):m.start()]
        regs = find_regimens(before)
        if regs and " plus " in regs[-1].name and not before[regs[-1].end:].strip() \
                and normalize_key(m["short"]) not in _lexicon()[-1]:
            out.setdefault(m["short"], regs[-1].name)
    return out
