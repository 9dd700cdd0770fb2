"""Extraction entry point: a Document becomes evidence and timing records."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy
import pandas as pd
import regex as re

from extract import tables as tbl
from extract.arms import (Arms, find_arms, find_regimens, implicit_arms, normalize_regimen, regimen_abbreviations,
                          split_arms)
from extract.assemble import (Result, Scope, arm_row_result, arms_from_values, arms_window, merge_arms,
                              nearest_trial, parse_results)
from extract.columns import EVIDENCE_COLUMNS, EVIDENCE_EXTRA_COLUMNS, TIMING_COLUMNS
from extract.differences import Difference, find_differences
from extract.endpoints import CRITERIA, assessment_for, find_assessment, find_endpoints
from extract.model import Cell, Document, Table
from extract.nlp import sentences
from extract.timing import find_timings
from extract.trials import (REGISTRY, REGISTRY_AFTER, TrialFinder, TrialMention, _name_context, find_registry_ids,
                            load_aliases, trial_from_arms, trial_from_registry)


@dataclass
class Extraction:
    doc_id: str
    source: str
    evidence: pd.DataFrame  # EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS
    timings: pd.DataFrame  # TIMING_COLUMNS
    references: dict[int, str] = field(default_factory=dict)


class _Trigger:
    """A case-insensitive trigger pattern (is it in the text?) with a faster path for the texts
    `_lowered` accepts (ASCII, and most others): there, matching case-insensitively is exactly matching the lower-cased pattern in the
    lower-cased text, which the regex module does several times faster. `literals`: alternatives
    of the pattern that are plain words (an occurrence anywhere is a match: found with `in`);
    `needles`: words of which every match holds one (a text without any is passed over); `rest`:
    the pattern's other alternatives, searched when no literal is found; `figure`: every match
    holds a digit (a text without one is passed over, whatever its characters)."""

    def __init__(self, rx: re.Pattern, needles: tuple[str, ...] = (), literals: tuple[str, ...] = (),
                 rest: str | None = None, figure: bool = False, ascii_check=None):
        # (lower-casing the pattern would change \D, \S, \W, \B and (?P<name>)
        assert not re.search(r"\\[A-Z]|\(\?P", rx.pattern), rx.pattern
        # (a literal must match inside a word too: "xversusx", unlike \bvs\b)
        assert all(rx.search("x" + w + "x") for w in literals), literals
        self.rx = rx
        self.lower = re.compile((rx.pattern if rest is None else rest).lower())
        self.needles = needles
        self.literals = literals
        self.figure = figure
        self.ascii_check = ascii_check  # the same answer for a lower-cased ASCII text, faster

    def search(self, text: str, low: str | None = None) -> bool:
        """`low`: `_lowered(text)` (None: the slow, case-insensitive search)."""
        if self.figure and not DIGIT.search(text):
            return False
        if low is None:
            return self.rx.search(text) is not None
        if self.ascii_check is not None and low.isascii():
            return self.ascii_check(low)
        for w in self.literals:  # (plain loops: a generator per call costs more than the look)
            if w in low:
                return True
        if self.needles:
            for n in self.needles:
                if n in low:
                    break
            else:
                return False
        return self.lower.search(low) is not None


def _lowered(text: str) -> str | None:
    """`text` lower-cased, where matching the lower-cased ASCII triggers in it is exactly
    matching them case-insensitively in `text` (and offsets agree), else None: any ASCII text,
    and a text whose other characters each lower-case to one character ("–", "·", "≥", "É") and
    hold no long s (U+017F, which matches "s" case-insensitively but lower-cases to itself).
    ("İ" lower-cases to two characters: such a text takes the slow path.)"""
    low = text.lower()
    if text.isascii() or len(low) == len(text) and "\u017f" not in text:
        return low
    return None


# Cheap pre-filters: a paragraph is parsed only if it has a digit next to a result trigger
# (or states a comparison, which later sentences may rely on for their arms).
RESULT_TRIGGER = re.compile(
    r"\d[^.]{0,120}?(?:\bvs\b|versus|\bHR\b|hazard|%|months?|\bmo\b|weeks?|days?|reduc|lower|not\s+reached|\bN[RE]\b)"
    r"|(?:\bvs\b|versus|\bHR\b|hazard|reduc|median)[^.]{0,120}?\d", re.I)
DIGIT = re.compile(r"\d")
# RESULT_TRIGGER's words, for `_result_words_near_figures`: after a figure (any of them) and
# before one (the second list); those marked True must stand as words ("vs", not "canvas").
_WORDS_AFTER_FIGURE = (("%", False), ("month", False), ("hazard", False), ("versus", False), ("day", False),
                       ("week", False), ("reduc", False), ("lower", False), ("vs", True), ("hr", True),
                       ("mo", True), ("nr", True), ("ne", True), ("reached", False))
_WORDS_BEFORE_FIGURE = frozenset({"vs", "versus", "hr", "hazard", "reduc", "median"})
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_DIGIT = re.compile(r"[0-9]")
_ASCII_SPACES = " \t\n\r\f\v"


def _result_words_near_figures(low: str) -> bool:
    """RESULT_TRIGGER on a lower-cased ASCII text, by looking up its words with str.find and
    then for a figure within 120 characters (no "." between): before the word ("12.1 months",
    "(45%"), or after it for the words that lead ("HR 0.7", "median of 9"). The same answer as
    the pattern (a test compares them on many texts), several times faster than the regex
    module's scan, which tries the pattern's 14 words at up to 120 places after every figure."""
    n = len(low)
    words = list(_WORDS_AFTER_FIGURE) + [("median", False)]
    for w, bounded in words:
        i = low.find(w)
        while i >= 0:
            e = i + len(w)
            if not bounded or ((i == 0 or low[i - 1] not in _ASCII_WORD) and (e == n or low[e] not in _ASCII_WORD)):
                start = i
                if w == "reached":  # "not reached": the phrase starts at "not"
                    head = low[:i].rstrip(_ASCII_SPACES)
                    start = len(head) - 3 if len(head) < i and head.endswith("not") else -1
                if start >= 0 and w != "median":
                    seg = low[max(0, start - 121):start]
                    if _ASCII_DIGIT.search(seg, seg.rfind(".") + 1):
                        return True
                if w in _WORDS_BEFORE_FIGURE:
                    seg = low[e:e + 121]
                    dot = seg.find(".")
                    if _ASCII_DIGIT.search(seg, 0, dot if dot >= 0 else len(seg)):
                        return True
            i = low.find(w, i + 1)
    return False
# A result word: plain words anywhere ("hazard", "months", "reduced"), and short ones only as
# words ("vs", "HR", "mo", "NR"/"NE": not the "mo" of "more", the "ne" of "one").
_TRIGGER_LITERALS = ("versus", "hazard", "%", "month", "week", "day", "reduc", "lower", "reached")
_TRIGGER_WORDS = r"\bvs\b|\bHR\b|\bmo\b|\bN[RE]\b"
TRIGGER_WORD = re.compile(_TRIGGER_WORDS + "|" + "|".join(map(re.escape, _TRIGGER_LITERALS)), re.I)
# A comparison: "versus", "compared", "placebo", "randomized", "assigned" anywhere; "vs",
# "alone", "adding"/"addition" as words (not "canvas", "standalone", "additional").
_COMPARISON_LITERALS = ("versus", "compar", "placebo", "randomised", "randomized", "assigned")
_COMPARISON_WORDS = r"\bvs\b|\balone\b|\badd(?:ing|ition)\b"
COMPARISON_TRIGGER = re.compile(_COMPARISON_WORDS + "|" + "|".join(map(re.escape, _COMPARISON_LITERALS)), re.I)
# A sentence that states the trial's design: "we randomly assigned 560 patients to A or B",
# "patients were randomized 1:1 to A or B", "allocated to A or B".
_DESIGN_LITERALS = ("randomis", "randomiz")
_DESIGN_WORDS = r"\bassigned\b|\ballocated\b"
DESIGN_TRIGGER = re.compile(_DESIGN_WORDS + "|" + "|".join(_DESIGN_LITERALS), re.I)
# A title or heading that names the comparison: "A versus B for ...", "A vs. B in ...".
TITLE_COMPARISON = re.compile(r"\bvs\b|\bversus\b|\bcompared\b", re.I)
# A figure next to a word of time relation: "2 weeks before TACE", "within 4 weeks after",
# "3-7 days post-TACE", "1 week pre-TACE".
TIMING_TRIGGER = re.compile(r"\d[^.]{0,60}?(?:before|after|prior|later|following|post|pre-)\b", re.I)
# The same triggers with their fast path (the needles: the words each alternative holds).
_RESULT = _Trigger(RESULT_TRIGGER, figure=True, ascii_check=lambda low: _result_words_near_figures(low))
_TRIGGER_WORD = _Trigger(TRIGGER_WORD, literals=_TRIGGER_LITERALS, rest=_TRIGGER_WORDS)
_COMPARISON = _Trigger(COMPARISON_TRIGGER, ("vs", "alone", "adding", "addition"), _COMPARISON_LITERALS,
                       _COMPARISON_WORDS)
_DESIGN = _Trigger(DESIGN_TRIGGER, ("assigned", "allocated"), _DESIGN_LITERALS, _DESIGN_WORDS)
_TIMING = _Trigger(TIMING_TRIGGER, ("before", "after", "prior", "later", "following", "post", "pre-"), figure=True)
# The arm a lone figure belongs to, by the role its group is called by: "in the combination
# group", "in the TACE-alone arm", "in the placebo group"; "observation", "study", "research" and
# "treatment" groups are the experimental arm (as papers translated from Chinese name them).
_GROUP_ROLES = (r"(?P<role>combination|experimental|intervention|investigational|observation|study|research"
                r"|treatment|placebo|control|alone|standard)")
ROLE_GROUP = re.compile(r"\b" + _GROUP_ROLES + r"\s+(?:group|arm|cohort)\b", re.I)
_CONTROL_ROLES = frozenset({"placebo", "control", "alone", "standard"})
# A group's treatment: "the control group was treated with TACE", "the observation group
# received apatinib on the basis of TACE" (to the end of the clause). It starts at "group"
# (a literal the regex module finds fast: a whole document is searched) and the role is the
# word before it (ROLE_BEFORE).
GROUP_TREATED = re.compile(
    r"group\s+(?:was|were)\s+(?:treated\s+with|given|administered|received|underwent)\s+"
    r"(?P<what>[^.;]{2,160}?)(?=[.;]|,\s*(?:and|while|whereas)\b|$)", re.I)
ROLE_BEFORE = re.compile(r"\b" + _GROUP_ROLES + r"\s+$", re.I)
# A single-arm design: "single-arm", "one-arm", "non-comparative", "uncontrolled" trial.
SINGLE_ARM = re.compile(r"\b(?:single|one)[\s\-]arm\b|\bnon[\s\-]?comparative\b|\buncontrolled\b", re.I)
# What the patients of a trial received: "patients received X", "pts were treated with X",
# "participants were given X" (to the end of the clause).
RECEIVED = re.compile(r"\b(?:patients|participants|pts|subjects)\s+(?:were\s+)?(?:received|treated\s+with|given"
                      r"|administered)\s+(?P<what>[^.;]{3,200})", re.I)
# A paper's introduction: "Introduction", "1. Background", "INTRODUCTION".
INTRODUCTION = re.compile(r"\s*(?:\d+\.?\s*)?(?:introduction|background)\s*$", re.I)
TEXT_KINDS = ("paragraph", "caption", "footnote")
# The last part of a structured abstract ("CONCLUSIONS", "Interpretation", "Conclusions and
# Relevance"), and headings that only a paper's body has ("Introduction", "4. Discussion").
ABSTRACT_END = re.compile(r"\s*(?:conclusions?(?:\s+and\s+relevance)?|interpretation)\s*:?\s*$", re.I)
BODY_OPENING = re.compile(r"\s*(?:\d+(?:\.\d+)*\.?\s*\|?\s*)?(?:introduction|discussion)\s*$", re.I)
# A heading that opens a paper's body (its front matter, title and abstract, ends there):
# "Introduction", "1 | INTRODUCTION", "2. Methods", "Materials and methods" (not the labels of
# a structured abstract: see `_abstract_labels`).
BODY_HEADING = re.compile(r"\s*(?:\d+(?:\.\d+)*\.?\s*\|?\s*)?(?:introduction|background|(?:(?:materials?|patients)\s+and\s+)?methods)"
                          r"\s*$", re.I)


def _difference_bounds(d: Difference) -> tuple[str, str]:
    """A difference's CI, low bound first. When the direction is given only in words ("15%
    lower (95% CI 4.4 to 23.6)") the bounds are printed as sizes of the decrease: they take the
    minus sign the value took (-23.6 to -4.4)."""
    lo, hi = d.ci_low, d.ci_high
    if not lo or not hi:
        return lo, hi
    if d.derived_sign and not lo.startswith("-") and not hi.startswith("-"):
        lo, hi = "-" + lo, "-" + hi
    try:
        if float(lo) > float(hi):
            lo, hi = hi, lo
    except ValueError:
        pass
    return lo, hi


def _registry_in_its_bracket(text: str, start: int, end: int) -> bool:
    """The name opens a bracket that also holds a registry id, after its expansion or a URL:
    "(NAME [Long Title of the Study]; URL: ... Unique identifier: NCT01234567)"."""
    if text[start - 1:start] != "(":
        return False
    depth, i, limit = 1, end, min(len(text), end + 300)
    while i < limit:
        c = text[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth == 0:
                return bool(REGISTRY.search(text, end, i))
        i += 1
    return False


_CRITERIA_NAMES = frozenset(name for name, _ in CRITERIA)


def _criteria_count(assessment: str) -> int:
    return sum(part in _CRITERIA_NAMES for part in assessment.split(", "))


def _figures_start(r: Result) -> int:
    """Where a result's figures start (its values or HR; its endpoint may be named before)."""
    return min([x.start for x in (r.values, r.hazard) if x is not None] or [r.start])


def _clause_assessment(text: str, start: int, end: int, sentence: str) -> str:
    """A sentence stating results under several response criteria ("the ORR per mRECIST was
    68% vs 42%, and per RECIST 1.1 it was 40% vs 21%"): a result takes the criteria stated
    between the previous result and its own end (else the sentence's), and the sentence's other
    qualifiers (reviewer, analysis)."""
    own = [p for p in find_assessment(text[start:end]).split(", ") if p in _CRITERIA_NAMES]
    if not own:
        return sentence
    rest = [p for p in sentence.split(", ") if p not in _CRITERIA_NAMES]
    return ", ".join(own + rest)


def _combined(regimens) -> str:
    """One arm made of every regimen listed ("TACE followed by X and Y" -> "TACE plus X plus Y"),
    each component once, in printed order."""
    parts: list[str] = []
    for r in regimens:
        for c in r.name.split(" plus "):
            if c not in parts:
                parts.append(c)
    return " plus ".join(parts)


def _citations(doc: Document, start: int, end: int) -> str:
    nums: list[str] = []
    for c in doc.citations_in(start, end):
        for n in c.numbers:
            if str(n) not in nums:
                nums.append(str(n))
    return ";".join(nums)


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.aliases = load_aliases()
        self.finder = TrialFinder(self.aliases)
        self.evidence: list[dict] = []
        self.timings: list[dict] = []
        self.scope = Scope()
        self.any_trial_named = False
        self._own: str | None = None
        self.designs: dict[tuple[str, str], set[str]] = {}  # design comparisons -> their trials
        self.abbrev = regimen_abbreviations(doc.text)
        self.splits: dict[int, list[tuple[int, int]]] = {}  # id(block) -> its sentences, when split
        self._layouts: dict = {}  # id(table) -> its column meanings; ("arms", id) -> its arm layout

    # -- records ------------------------------------------------------------------------
    def _base(self, start: int, end: int) -> dict:
        return {"doc_id": self.doc.doc_id, "source": self.doc.source, "page": self.doc.page_at(start),
                "start": start, "end": end, "quote": self.doc.text[start:end]}

    def add_result(self, r: Result, trial: str, arms: Arms | None, assessment: str, location: str,
                   section: str, start: int, end: int, cite_span: tuple[int, int]) -> None:
        h = r.hazard
        if arms and r.values is not None and r.values.single:
            arms = Arms(arms.exp, "")  # a single-arm figure is that arm's, not the comparison's
        row = self._base(start, end)
        row.update({
            "trial": trial, "trial_inferred": "False", "endpoint": r.endpoint,
            "assessment": assessment_for(r.endpoint, assessment), "measure": r.measure,
            "arm_exp": arms.exp if arms else "", "arm_ctrl": arms.ctrl if arms else "",
            "value_exp": r.value_exp, "value_ctrl": r.value_ctrl, "unit": r.unit,
            "hr": h.hr if h else "", "ci_low": h.ci_low if h else "", "ci_high": h.ci_high if h else "",
            "ci_level": h.ci_level if h else "", "p_value": (h.p_value if h else "") or r.p_value,
            "location": location, "section": section,
            "citations": _citations(self.doc, *cite_span),
            "_single": r.values is not None and r.values.single,
        })
        self.evidence.append(row)

    def add_difference(self, d: Difference, trial: str, arms: Arms | None, assessment: str, section: str,
                       start: int, end: int) -> None:
        """A between-group difference: the estimate goes to `value_exp` (signed, as printed),
        its CI and p to the record's; the arms are the sentence's or its trial's comparison."""
        lo, hi = _difference_bounds(d)
        row = self._base(start, end)
        row.update({
            "trial": trial, "trial_inferred": "False", "endpoint": d.endpoint,
            "assessment": assessment, "measure": d.measure,
            "arm_exp": arms.exp if arms else "", "arm_ctrl": arms.ctrl if arms else "",
            "value_exp": d.value, "value_ctrl": "", "unit": d.unit, "hr": "",
            "ci_low": lo, "ci_high": hi, "ci_level": d.ci_level, "p_value": d.p_value,
            "location": "text", "section": section, "citations": _citations(self.doc, start, end), "_single": False,
        })
        self.evidence.append(row)

    def _window_arms(self, cache: dict, text: str, mentions: list[TrialMention], mask: list[tuple[int, int]],
                     m: TrialMention | None) -> tuple:
        """(stated, implicit) arms of the part of a sentence that speaks of trial mention `m`, looked
        up once per part however many results it holds."""
        w0, w1 = arms_window(text, mentions, m)
        if (w0, w1) not in cache:
            wmask = [(a - w0, b - w0) for a, b in mask]
            cache[(w0, w1)] = (find_arms(text[w0:w1], wmask, abbrev=self.abbrev),
                               implicit_arms(text[w0:w1], wmask, self.abbrev))
        return cache[(w0, w1)]

    def add_timing(self, t, trial: str, location: str, start: int, end: int) -> None:
        row = self._base(start, end)
        row.update({"trial": trial, "regimen": t.regimen, "relation": t.relation, "low": t.low,
                    "high": t.high, "unit": t.unit, "anchor": t.anchor, "location": location})
        self.timings.append(row)

    # -- passes -------------------------------------------------------------------------
    def learn(self) -> None:
        doc = self.doc
        for b in doc.blocks:
            if b.kind != "table":
                self.finder.learn(doc.block_text(b))
        for t in doc.tables:
            lay = self.layout(t)
            if self._names_trials(t, lay):
                for row in t.rows:
                    if lay.trial < len(row):
                        self.finder.learn_cell(row[lay.trial].text)

    def _names_trials(self, t: Table, lay: tbl.TableLayout) -> bool:
        """A table whose trial column names trials: one headed as such, or the row labels of a
        table of results; not a table with a column per arm (its row labels are measures and
        characteristics: "N-terminal pro-B-type natriuretic peptide", "Prior hospitalization")."""
        if lay.trial is None:
            return False
        if lay.trial_header:
            return True
        return bool(lay.results) and self.arm_layout(t) is None

    def arm_layout(self, t: Table) -> tbl.ArmLayout | None:
        key = ("arms", id(t))
        if key not in self._layouts:
            self._layouts[key] = tbl.arm_layout(t, normalize_regimen)
        return self._layouts[key]

    def run(self) -> None:
        doc = self.doc
        self.learn()
        body = [b for b in doc.blocks if b.kind in TEXT_KINDS and not self._is_table_caption(b)]
        wanted = [b for b in body if self._wanted(doc.block_text(b))]
        splits = self.splits = dict(zip((id(b) for b in wanted), sentences([doc.block_text(b) for b in wanted])))
        for b in doc.blocks:
            if b.kind == "heading":
                text = doc.block_text(b)
                names = {m.name for m in self.finder.mentions(text)}
                self.scope.new_section(text.strip(), names.pop() if len(names) == 1 else "")
                if TITLE_COMPARISON.search(text):
                    self._design(find_arms(text, strict=True, abbrev=self.abbrev), self.scope.heading_trial)
                self.any_trial_named |= bool(names) or bool(self.scope.heading_trial)
            elif b.kind == "table" and b.table_index is not None:
                self.table(doc.tables[b.table_index])
            elif b.kind in TEXT_KINDS and id(b) in splits:
                self.paragraph(b.start, doc.block_text(b), splits[id(b)])
            elif b.kind in TEXT_KINDS:
                mentions = self.finder.mentions(doc.block_text(b))
                if mentions:
                    self.any_trial_named = True
                    self.scope.paragraph_trial = mentions[-1].name
        self.read_group_treatments()
        self.attach_design_arms()
        self.attach_single_arm()
        self.infer_trials()

    def _comparison(self, arms: Arms | None, trial: str, design: bool) -> None:
        if arms and arms.exp and arms.ctrl and arms.exp != arms.ctrl:  # (not "A or A alone")
            self.scope.comparisons[trial] = arms
            if design:
                self._design(arms, trial)

    def _trial_clauses(self, text: str, mentions: list[TrialMention],
                       mask: list[tuple[int, int]]) -> list[tuple[str, int, int, str]]:
        """The part of a sentence naming several trials that speaks of each, as (trial, start,
        end, lead): from each name to the next trial's ("X randomized ... to A or B, and Y
        randomized ... to C or D"), or, when regimens come before the first name, up to each
        name ("assigned to A or B (X) and to C or D (Y)"); then the later parts are read after
        the sentence's words before its first regimen (`lead`: "Patients were assigned to")."""
        first = mentions[0]
        regs = find_regimens(text[:first.start], mask, self.abbrev)
        if regs:
            lead = text[:regs[0].start]
            out, s0 = [], 0
            for m in mentions:
                out.append((m.name, s0, m.end, lead if s0 else ""))
                s0 = m.end
            return out
        out = []
        for i, m in enumerate(mentions):
            e = next((x.start for x in mentions[i + 1:] if x.name != m.name), len(text))
            out.append((m.name, m.start, e, ""))
        return out

    def _design(self, arms: Arms | None, trial: str = "") -> None:
        if arms and arms.exp and arms.ctrl and arms.exp != arms.ctrl:
            self.designs.setdefault((arms.exp, arms.ctrl), set()).add(trial)

    def attach_design_arms(self) -> None:
        """A document about one two-arm comparison (its title or design sentence: "randomly
        assigned to A or B"): records that name no arm, of that trial or of none, are about
        those arms ("19.6 months in the combination group and 15.3 months in the TACE-alone
        group"). A lone figure takes the arm its group's role names. Where design sentences
        state several comparisons, a trial's records take its own design, when it has one."""
        by_trial: dict[str, list[tuple[str, str]]] = {}
        for pair, trials in self.designs.items():
            for t in trials:
                by_trial.setdefault(t, []).append(pair)
        only = next(iter(self.designs.items())) if len(self.designs) == 1 else None
        for row in self.evidence:
            own = by_trial.get(row["trial"], []) if row["trial"] else []
            if len(own) == 1:  # the row's trial has one design of its own (several trials, one each)
                exp, ctrl = own[0]
            elif only is not None and (not row["trial"] or row["trial"] in only[1]):
                exp, ctrl = only[0]
            else:
                continue
            if row["_single"]:
                if row["arm_exp"]:
                    continue
                roles = {m["role"].lower() for m in ROLE_GROUP.finditer(row["quote"])}
                if len(roles) == 1:
                    row["arm_exp"] = ctrl if roles.pop() in _CONTROL_ROLES else exp
                continue
            merged = merge_arms(Arms(row["arm_exp"], row["arm_ctrl"]), Arms(exp, ctrl))
            if not row["arm_exp"] and not row["arm_ctrl"]:
                row["arm_exp"], row["arm_ctrl"] = exp, ctrl
            elif merged is not None:
                row["arm_exp"], row["arm_ctrl"] = merged.exp, merged.ctrl

    def read_group_treatments(self) -> None:
        """A design stated group by group, as papers translated from Chinese write it: "The control
        group was treated with TACE, and the observation group was treated with apatinib on the
        basis of TACE" -> `apatinib plus TACE` vs `TACE`. Read when no comparison sentence gave
        a design, and only when exactly one treatment is stated for each side."""
        if self.designs or "group" not in self.doc.text:
            return
        sides: dict[str, set[str]] = {"exp": set(), "ctrl": set()}
        text = self.doc.text
        for m in GROUP_TREATED.finditer(text):
            role = ROLE_BEFORE.search(text, max(0, m.start() - 20), m.start())
            regimen = _combined(find_regimens(m["what"], (), self.abbrev)) if role else ""
            if regimen:
                sides["ctrl" if role["role"].lower() in _CONTROL_ROLES else "exp"].add(regimen)
        if len(sides["exp"]) == 1 and len(sides["ctrl"]) == 1:
            exp, ctrl = sides["exp"].pop(), sides["ctrl"].pop()
            if exp != ctrl:
                self._design(Arms(exp, ctrl), self.own_trial())

    def attach_single_arm(self) -> None:
        """A single-arm trial ("In this single-arm, phase 2 trial, patients received X plus Y"):
        its one-arm figures are that regimen's. The regimen is what the patients received (the
        first such statement), else the one the title names; a document that states a two-arm
        design or none of a single arm is left as it is."""
        rows = [r for r in self.evidence if r["_single"] and not r["arm_exp"]]
        if self.designs or not rows or not SINGLE_ARM.search(self.doc.text):
            return
        regimen = ""
        m = RECEIVED.search(self.doc.text)
        if m:
            regimen = _combined(find_regimens(m["what"], (), self.abbrev))
        if not regimen:
            title = next((b for b in self.doc.blocks if b.kind == "heading"), None)
            regimen = _combined(find_regimens(self.doc.block_text(title), (), self.abbrev)) if title else ""
        for r in rows:
            r["arm_exp"] = regimen

    def own_trial(self) -> str:
        """The trial the document reports (see `_own_trials`) when there is exactly one: the
        fallback for results that no sentence, table row, heading or paragraph attaches."""
        if self._own is None:
            names = self._own_trials()
            self._own = names.pop() if len(names) == 1 else ""
        return self._own

    def _own_trials(self) -> set[str]:
        """Trials the document names as its own: in its front matter (title, abstract: the blocks
        before the first body heading or the first block citing references), with a registry id
        ("(SOUL; NCT03914326)"), or as the subject of a design sentence ("The X trial randomly
        assigned ...", "X was a randomized ... trial"). A mention in a sentence that cites
        references is background, and the reference list is not read."""
        doc, names = self.doc, set()
        front = True
        labels = self._abstract_labels()
        for b in doc.blocks:
            if b.kind not in TEXT_KINDS + ("heading",):
                continue
            text = doc.block_text(b)
            if front and (b.kind == "heading" and BODY_HEADING.match(text) and id(b) not in labels
                          or doc.citations_in(b.start, b.end)):
                front = False
            found = self.finder.mentions(text)
            if not found:
                continue
            spans = [(0, len(text))] if b.kind == "heading" else self.splits.get(id(b)) or sentences([text])[0]
            for s, e in spans:
                here = [m for m in found if s <= m.start and m.end <= e]
                if not here or doc.citations_in(b.start + s, b.start + e):
                    continue
                if front:
                    names |= {m.name for m in here}
                    continue
                sent = text[s:e]
                design = bool(_DESIGN.search(sent, _lowered(sent)))
                for m in here:
                    if REGISTRY_AFTER.match(text[m.end:m.end + 60]) or _registry_in_its_bracket(text, m.start, m.end) \
                            or design and _name_context(text, m.start, m.end):
                        names.add(m.name)
        return names

    def layout(self, t: Table) -> tbl.TableLayout:
        """The table's column meanings, read once per table (learning and reading both need them)."""
        lay = self._layouts.get(id(t))
        if lay is None:
            lay = self._layouts[id(t)] = tbl.layout(t)
        return lay

    def _abstract_labels(self) -> set[int]:
        """ids of the headings that label a structured abstract's parts ("BACKGROUND", "METHODS"
        ... "CONCLUSIONS"), which do not open the body: the body headings from the first one up
        to a conclusions heading, when that heading comes before any introduction or discussion."""
        heads = [b for b in self.doc.blocks if b.kind == "heading"]
        texts = [self.doc.block_text(b) for b in heads]
        first = next((i for i, t in enumerate(texts) if BODY_HEADING.match(t)), None)
        if first is None:
            return set()
        for i in range(first + 1, len(texts)):
            if BODY_OPENING.match(texts[i]):
                return set()
            if ABSTRACT_END.match(texts[i]):
                return {id(b) for b in heads[first:i]}
        return set()

    def _is_table_caption(self, b) -> bool:
        return b.kind == "caption" and bool(re.match(r"\s*Table\s+\d", self.doc.block_text(b)))

    @staticmethod
    def _wanted(text: str) -> bool:
        """Worth splitting into sentences: a digit and a result word, or a comparison."""
        low = _lowered(text)
        return bool(DIGIT.search(text) and _TRIGGER_WORD.search(text, low) or _COMPARISON.search(text, low))

    def paragraph(self, offset: int, text: str, sents: list[tuple[int, int]]) -> None:
        self.scope.new_paragraph()
        found = self.finder.mentions(text)  # once per paragraph, then shared out by sentence
        low = _lowered(text)
        section = self.doc.section_at(offset)  # (headings are blocks: one section per paragraph)
        for s, e in sents:
            mentions = [replace(m, start=m.start - s, end=m.end - s) for m in found if s <= m.start and m.end <= e]
            self.sentence(offset + s, text[s:e], mentions, low[s:e] if low is not None else None, section)

    def sentence(self, start: int, text: str, mentions: list[TrialMention], low: str | None = None,
                 section: str | None = None) -> None:
        """`low`: the text lower-cased (`_lowered`, for the triggers' fast path), else None;
        `section`: the heading it is under, when the caller knows it."""
        if mentions:
            self.any_trial_named = True
        mask = [(m.start, m.end) for m in mentions]
        end = start + len(text)
        if section is None:
            section = self.doc.section_at(start)
        scoped = self.scope.trial()  # (the document's own trial is looked up only when needed)
        results = parse_results(text) if _RESULT.search(text, low) else []
        assessment = find_assessment(text) if results else ""
        # comparisons stated here serve later sentences about the same trial
        if _COMPARISON.search(text, low):
            design = _DESIGN.search(text, low)
            if len({m.name for m in mentions}) > 1:
                for name, w0, w1, lead in self._trial_clauses(text, mentions, mask):
                    wmask = [(a - w0 + len(lead), b - w0 + len(lead)) for a, b in mask]
                    arms = find_arms(lead + text[w0:w1], wmask, strict=True, abbrev=self.abbrev)
                    self._comparison(arms, name, design)
            else:
                for_trial = mentions[0].name if mentions else scoped or self.own_trial()
                self._comparison(find_arms(text, mask, strict=True, abbrev=self.abbrev), for_trial, design)
        if results and INTRODUCTION.match(section):
            # an introduction cites earlier studies' figures; a lone one is background
            results = [r for r in results if r.hazard is not None or r.values is None or not r.values.single]
        window_arms: dict[tuple[int, int], tuple] = {}
        # "per mRECIST ..., and per RECIST 1.1 ...": each result its own criteria, printed before
        # its figures (from the previous result on) or, when the first result has none before
        # it, after them (up to the next result)
        by_clause = _criteria_count(assessment) > 1
        figs = [_figures_start(r) for r in results]
        before = by_clause and bool(results) and _criteria_count(find_assessment(text[:figs[0]])) > 0
        for i, r in enumerate(results):
            own = assessment
            if by_clause:
                if before:
                    c0, c1 = (results[i - 1].end if i else 0), figs[i]
                else:
                    c0, c1 = r.end, (figs[i + 1] if i + 1 < len(results) else len(text))
                own = _clause_assessment(text, c0, c1, assessment)
            m = nearest_trial(mentions, r.start)
            trial = m.name if m else scoped or self.own_trial()
            stated, implicit = self._window_arms(window_arms, text, mentions, mask, m)
            arms = merge_arms(arms_from_values(r.values) or stated, self.scope.comparisons.get(trial))
            if arms is None and trial:
                arms = implicit
            self.add_result(r, trial, arms, own, "text", section, start, end, (start, end))
        diffs = [d for d in find_differences(text) if d.endpoint] if DIGIT.search(text) else []
        if diffs:  # (a difference of nothing named is no record)
            said = assessment if results else find_assessment(text)
            for d in diffs:
                m = nearest_trial(mentions, d.start)
                trial = m.name if m else scoped or self.own_trial()
                stated, _ = self._window_arms(window_arms, text, mentions, mask, m)
                arms = merge_arms(stated, self.scope.comparisons.get(trial))
                self.add_difference(d, trial, arms, assessment_for(d.endpoint, said), section, start, end)
        if _TIMING.search(text, low):
            for t in find_timings(text, mask, self.abbrev):
                # the trial named in the timing's own clause ("...; in ALTAIR-2, X was started
                # 1 day before TACE"), else the nearest before it
                inside = [m for m in mentions if t.start <= m.start < t.end]
                m = inside[0] if inside else nearest_trial(mentions, t.start)
                self.add_timing(t, m.name if m else scoped or self.own_trial(), "text", start, end)
        if mentions:
            self.scope.paragraph_trial = mentions[-1].name

    def table(self, t: Table) -> None:
        arm_lay = self.arm_layout(t)
        if arm_lay is not None:
            self.arm_table(t, arm_lay)
            return
        lay = self.layout(t)
        for row in t.rows:
            trial = ""
            if lay.trial is not None and lay.trial < len(row):
                cell = row[lay.trial].text
                found = self.finder.learn_cell(cell) if self._names_trials(t, lay) else self.finder.mentions(cell)
                trial = found[0].name if found else ""
                self.any_trial_named |= bool(found)
            arms = split_arms(row[lay.regimen].text) if lay.regimen is not None and lay.regimen < len(row) else None
            row_span = (row[0].start, row[-1].end) if row else (t.start, t.end)
            for ci in lay.results:
                if ci >= len(row):
                    continue
                cell = row[ci]
                others = " ".join(c.text for j, c in enumerate(row) if j not in lay.results)
                for r in parse_results(cell.text, lay.units[ci], lay.endpoints[ci]):
                    s, e = cell.start + r.start, cell.start + r.end
                    assessment = find_assessment(cell.text[r.start:r.end] + " ; " + others)
                    self.add_result(r, trial, arms, assessment, "table", t.label, s, e, row_span)
            if lay.timing is not None and lay.timing < len(row):
                cell: Cell = row[lay.timing]
                for tm in find_timings(cell.text):
                    self.add_timing(tm, trial, "table", cell.start + tm.start, cell.start + tm.end)

    def arm_table(self, t: Table, lay: tbl.ArmLayout) -> None:
        """One row per endpoint, one column per arm: the row is the result's segment."""
        trial = self.scope.trial() or self.own_trial()
        names = {m.name for m in self.finder.mentions(t.caption)}
        if len(names) == 1:
            trial = names.pop()
        arms = Arms(lay.exp_name, lay.ctrl_name) if lay.exp_name or lay.ctrl_name else None
        carried = None
        for row in t.rows:
            if len(row) <= max(lay.exp, lay.ctrl):
                continue
            label = row[0].text
            eps = find_endpoints(label)
            if eps:
                carried = eps[0]
            elif not tbl.STAT_LABEL.search(label):
                continue  # "No. of events", "Patients with an event": counts, not results
            r = arm_row_result(carried, label, row[lay.exp].text, row[lay.ctrl].text,
                               row[lay.hr].text if lay.hr is not None and lay.hr < len(row) else "",
                               row[lay.p].text if lay.p is not None and lay.p < len(row) else "",
                               lay.ci_level, lay.unit)
            if r is None:
                continue
            s, e = row[0].start, row[-1].end
            self.add_result(r, trial, arms, find_assessment(label + " ; " + t.caption), "table", t.label, s, e, (s, e))

    def infer_trials(self) -> None:
        """A document that never names its trial: by registry id, else by its arms."""
        if self.any_trial_named:
            return
        ids = find_registry_ids(self.doc.text)
        by_id = trial_from_registry(ids[0][2], self.aliases) if ids else ""
        for row in self.evidence:
            if row["trial"]:
                continue
            name = by_id or trial_from_arms(row["arm_exp"], row["arm_ctrl"], self.aliases)
            if name:
                row["trial"], row["trial_inferred"] = name, "True"
        for row in self.timings:
            if not row["trial"] and by_id:
                row["trial"] = by_id


_INDEXES: dict[tuple[str, ...], pd.Index] = {}
_EMPTY: dict[tuple[str, ...], pd.DataFrame] = {}


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """One object block: values as printed (str), page/start/end as Python ints. (Building
    typed columns one by one costs more than the whole extraction of a short document.)"""
    key = tuple(columns)
    if key not in _INDEXES:
        _INDEXES[key] = pd.Index(columns, dtype=object)
        _EMPTY[key] = pd.DataFrame([], columns=_INDEXES[key], dtype=object)
    if not rows:
        return _EMPTY[key].copy()
    # (a 2-D object array becomes the frame's one block as it is; a list of lists is first
    # converted column by column)
    # (every cell is a str, int or bool, so the nested list becomes a 2-D array as it is)
    values = numpy.array([[r.get(c, "") for c in columns] for r in rows], dtype=object)
    return pd.DataFrame(values, columns=_INDEXES[key], dtype=object, copy=False)


def extract_document(doc: Document) -> Extraction:
    b = _Builder(doc)
    b.run()
    evidence = _frame(b.evidence, EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS)
    timings = _frame(b.timings, TIMING_COLUMNS)
    return Extraction(doc.doc_id, doc.source, evidence, timings, dict(doc.references))
