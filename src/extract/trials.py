"""Trial names, found by their shape and context (not from a fixed list), normalized through
gold/aliases.csv; registry identifiers; trials inferred from registry ids or arms."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex as re

from extract.abbreviations import names_a_design, term_abbreviations
from extract.nlp import load_lexicon, normalize_key

ALIASES_CSV = Path(__file__).resolve().parents[2] / "gold" / "aliases.csv"

# -- named parts: shapes of a trial name ------------------------------------------------------
# Hyphenated codes: "LEAP-012", "SCT-I10A-C301", "TACE-2", "Post-TACE", "DEB-TACE-apatinib",
# "Checkmate-9DW"; a letter must start it.
HYPHENATED = r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+"
# Letters then digits: "ZGDH3", "IMbrave150", "CHANCE2201" (also drug codes: "IBI305").
ALNUM = r"[A-Z][A-Za-z]+\d+[A-Za-z0-9]*"
# A camel-case name, a space, then a code: "CheckMate 9DW", "CheckMate 459"; a capitalised
# name and a Roman numeral or number: "PRECISION V", "TACE 2".
SPACED_CAMEL = r"[A-Z][a-z]+[A-Z][a-z]+\s\d+[A-Z]*\b"
SPACED_NUMBERED = r"[A-Z]{3,}\s(?:[IVX]{1,3}|\d{1,3})(?![\w.,%\-])"
# All capitals: "SHARP", "TALENTACE", "HIMALAYA" (trials only in context).
CAPS = r"[A-Z]{3,}[A-Z0-9]*"


def _after_first_capital(shape: str) -> str:
    """A shape without its first capital: "[A-Z][a-z]+" -> "[a-z]+", "[A-Z]{3,}" -> "[A-Z]{2,}"."""
    first = re.match(r"\[A-Z\](?:\{(\d+),\})?", shape)
    assert first, shape
    rest = shape[first.end():]
    return rest if first.group(1) is None else "[A-Z]{%d,}" % (int(first.group(1)) - 1) + rest


# A shape, whole (not inside a word, a hyphenated word or a path). Every shape starts with a
# capital, and the pattern starts with that capital, then looks behind it: the regex module
# jumps from capital to capital only when a pattern starts with a character (a leading
# lookbehind is tried at every position of the text, ten times slower). After the capital,
# every shape has a capital, a digit or a hyphen after its lower-case letters: the lookahead
# passes over plain capitalised words ("The", "Patients") in one step.
CANDIDATE = re.compile(r"[A-Z](?=[a-z]*+[A-Z0-9\-])(?<![\w\-/][A-Z])(?:" + "|".join(
    _after_first_capital(shape) for shape in (SPACED_CAMEL, SPACED_NUMBERED, HYPHENATED, ALNUM, CAPS)) + r")(?![\w])")

# Strong shapes are trials without context: a word-like prefix (4+ letters) and a short number
# ("CARES-310", "EMERALD-1", "CardioLink-6"), or mixed case with digits ("IMbrave150"). The
# prefix needs a second capital: a plain capitalised word and a number names a protein, an
# isotope or a device ("Galectin-3", "Interleukin-6", "Yttrium-90"), a trial only in context.
STRONG = re.compile(r"^(?:[A-Z](?=[A-Za-z\-]*[A-Z])[A-Za-z]{3,}(?:-[A-Za-z]+)*-\d{1,4}[A-Za-z]?"
                    r"|[A-Z]{1,3}[a-z]{3,}\d{1,4}|[A-Z][a-z]+[A-Z][a-z]+\s\d+[A-Z]*)$")
# A surname glued to its superscript affiliation or citation marker, as PDF text extraction
# prints author lines and "as Beatch1 reported": one capital, lower case, then 1-2 digits.
# Shaped like a strong name ("IMbrave150" has two capitals and a longer number), it is a
# trial only with a trial word after it or when it is a known name.
NAME_WITH_MARKER = re.compile(r"[A-Z][a-z]+\d{1,2}")

# Context that makes a candidate a trial: "the X trial", "X and Y studies", "X (phase III)
# trial", "trial X", "X was a randomized ... trial", "(X)" closing a trial's title.
_NOUN = r"(?:trials?|study|studies|investigators?|study\s+group|programme|program|cohort\s+study)"
AFTER_NOUN = re.compile(r"^(?:\s*\([^()]{0,40}\))?\s+(?:(?:and|or|&)\s+\S+\s+)?(?:phase\s+\S+\s+)?" + _NOUN + r"\b", re.I)
BEFORE_NOUN = re.compile(r"\b(?:trial|study)\s+(?:named\s+|called\s+|known\s+as\s+)?$", re.I)
COPULA = re.compile(r"^\s+(?:was|is)\s+an?\s+[^.;]{0,160}?\b(?:trial|study)\b", re.I)
TITLE_PAREN = re.compile(r"\b(?:randomi[sz]ed|phase|trial|study|versus|vs\.?)\b", re.I)
# An indefinite article makes the word before "trial" a kind, not a name: "a CKD trial", "an
# HCC study" (a name takes "the": "the EMMY trial").
INDEFINITE = re.compile(r"\b(?:a|an)\s+$", re.I)
# The text before a name that starts a sentence: nothing, or a sentence end and a space.
SENTENCE_END = re.compile(r"(?:^|[.!?]\s+)$")

# Registry identifiers: ClinicalTrials.gov, ChiCTR, ISRCTN, EudraCT (yyyy-nnnnnn-nn), jRCT, CTRI.
REGISTRY = re.compile(
    r"\bNCT\d{8}\b|\bChiCTR[\-A-Z]*\d{6,}\b|\bISRCTN\d{8}\b|\b(?:EudraCT\s*(?:No\.?|number)?\s*:?\s*)?\d{4}-\d{6}-\d{2}\b"
    r"|\bjRCT\w?\d{6,}\b|\bCTRI/\d{4}/\d+/\d+\b|\bUMIN\d{9}\b")


REGISTRY_AFTER = re.compile(r"^\s*[;,]\s*(?:registered\s+as\s+|ClinicalTrials\.gov\s*(?:number|identifier)?,?\s*)?"
                            + r"(?:" + REGISTRY.pattern + r")")


@dataclass(frozen=True)
class TrialMention:
    printed: str
    name: str  # canonical when the printed name is a known name or alias, else as printed
    start: int
    end: int


@dataclass(frozen=True)
class AliasTable:
    canonical: dict[str, str]  # normalize_key(name or alias) -> canonical name
    registry: dict[str, str]  # registry id -> canonical
    arms: dict[tuple[str, str], str]  # (arm_exp, arm_ctrl) -> canonical
    all_caps: frozenset[str]  # canonical names that are plain upper-case words


@lru_cache(maxsize=None)
def load_aliases(path: str | None = None) -> AliasTable:
    canonical: dict[str, str] = {}
    registry: dict[str, str] = {}
    arms: dict[tuple[str, str], str] = {}
    p = Path(path) if path else ALIASES_CSV
    if p.exists():
        with p.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                name = (row.get("trial") or "").strip()
                if not name:
                    continue
                canonical[normalize_key(name)] = name
                for alias in (row.get("aliases") or "").split("|"):
                    if alias.strip():
                        canonical[normalize_key(alias)] = name
                for rid in (row.get("registry_ids") or "").split("|"):
                    if rid.strip():
                        registry[rid.strip().upper()] = name
                exp, ctrl = (row.get("arm_exp") or "").strip(), (row.get("arm_ctrl") or "").strip()
                if exp:
                    arms[(exp.lower(), ctrl.lower())] = name
    all_caps = frozenset(n for n in canonical.values() if n.isalpha() and n.isupper())
    return AliasTable(canonical, registry, arms, all_caps)


@lru_cache(maxsize=1)
def _not_trials() -> tuple[frozenset[str], frozenset[str]]:
    entries = load_lexicon("not_trials", ("NOT_TRIAL",))
    exact = frozenset(normalize_key(e.pattern) for e in entries)
    prefixes = frozenset(e.pattern.upper() for e in entries if e.id in ("gene", "criterion", "procedure"))
    drugs = load_lexicon("regimens", ("DRUG", "PROCEDURE", "PLACEBO", "THERAPY"))
    exact |= frozenset(normalize_key(e.pattern) for e in drugs)
    ends = load_lexicon("endpoints", ("ENDPOINT",))
    exact |= frozenset(normalize_key(e.pattern) for e in ends)
    return exact, prefixes


# The word part of a code: "VEGFR" of "VEGFR-2", "IBI" of "IBI305".
_HEAD_SPLIT = re.compile(r"[\s\-]|(?<=[A-Za-z])(?=\d)")


@lru_cache(maxsize=65536)
def _shape_facts(printed: str) -> tuple[str, bool, bool, bool]:
    """What a candidate's printed form alone decides, once per distinct form: its key, whether
    it is excluded, strong by shape, a name with a marker digit."""
    return normalize_key(printed), _excluded(printed), bool(STRONG.match(printed)), _marked_name(printed)


@lru_cache(maxsize=65536)
def _excluded(printed: str) -> bool:
    """Genes/receptors (VEGFR-2, PD-1, CTLA-4), criteria (RECIST 1.1, BCLC), procedures
    (DEB-TACE, cTACE), endpoints, drug codes (IBI305) and plain words are not trials."""
    exact, prefixes = _not_trials()
    if normalize_key(printed) in exact or REGISTRY.fullmatch(printed):
        return True
    head = _HEAD_SPLIT.split(printed)[0].upper()
    if head in prefixes and any(c.isdigit() for c in printed):
        return True
    if printed.lower() == printed:
        return True
    if CLASS_INHIBITOR.fullmatch(printed):
        return True
    return False


# A drug class's inhibitor abbreviation: a target code and a lower-case "i" ("SGLT2i", "DPP-4i",
# "P2Y12i"), printed like a trial code.
CLASS_INHIBITOR = re.compile(r"[A-Z][A-Za-z0-9\-]*\di")


def canonical_name(printed: str, aliases: AliasTable | None = None) -> str:
    aliases = aliases or load_aliases()
    return aliases.canonical.get(normalize_key(printed), printed)


def _known(printed: str, aliases: AliasTable) -> bool:
    name = aliases.canonical.get(normalize_key(printed))
    if not name or not printed[:1].isupper():
        return False
    if name in aliases.all_caps and not printed.isupper():
        return False  # "Sharp", "Space", "Launch" are words; the trials print in capitals
    return True


def _weak_context(text: str, m_start: int, m_end: int) -> bool:
    """Weaker evidence: a trial word before the name ("trial X"), or the name in brackets
    closing a trial's title or with its registry id."""
    return bool(BEFORE_NOUN.search(text[max(0, m_start - 40):m_start])) or _bracket_context(text, m_start, m_end)


def _name_context(text: str, m_start: int, m_end: int) -> bool:
    """A trial word after the name, used as a name: "the X trial", "X was a randomized ...
    study"; not a kind of trial ("a CKD trial"). ("trial X" is weaker: glossaries print
    "... outcomes trial GLP-1 RA glucagon-like peptide-1 ...")"""
    after = text[m_end:m_end + 200]
    if AFTER_NOUN.match(after) and not INDEFINITE.search(text[max(0, m_start - 4):m_start]):
        return True
    sentence_start = m_start == 0 or SENTENCE_END.search(text[max(0, m_start - 3):m_start])
    return bool(sentence_start and COPULA.match(after))


def _bracket_context(text: str, m_start: int, m_end: int) -> bool:
    """The name in brackets closing a trial's title, or with its registry id."""
    if text[m_start - 1:m_start] == "(" and text[m_end:m_end + 1] == ")":
        title = text[max(0, m_start - 250):m_start]
        return bool(TITLE_PAREN.search(title)) and not _is_abbreviation(title, text[m_start:m_end])
    # "(ORION-HCC; NCT01234567)": a name and its registry id in one bracket
    if text[m_start - 1:m_start] == "(" and REGISTRY_AFTER.match(text[m_end:m_end + 40]):
        return True
    return False


def _is_abbreviation(before: str, short: str) -> bool:
    """ "hepatocellular carcinoma (HCC)": the letters are the initials of the words before."""
    words = re.findall(r"[A-Za-z]+", before)
    letters = [c for c in short if c.isalpha()]
    if not letters or len(words) < 1:
        return False
    initials = "".join(w[0] for w in words[-len(letters) - 1:]).lower()
    return "".join(letters).lower() in initials


@dataclass
class TrialFinder:
    """Finds trial mentions in one document. `learn` over all of the document's text first
    (a name accepted by context anywhere is a trial everywhere in that document)."""

    aliases: AliasTable = field(default_factory=load_aliases)
    learned: set[str] = field(default_factory=set)  # names used as a trial's: "the X trial"
    # names with weaker evidence: in brackets after a title-like phrase, after "trial", or a
    # modifier of "a/an ... trial" ("a CKD trial"); trials unless the document defines them as
    # ordinary terms
    weak: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)  # keys of the document's defined term abbreviations
    designs: set[str] = field(default_factory=set)  # ...that stand for a design ("RCT"): never trials
    _cache: dict[str, list[TrialMention]] = field(default_factory=dict, repr=False)
    # the candidates of each text read (`learn` and `mentions` read the same texts), and the
    # alias facts of each printed candidate: known name, canonical name
    _candidates: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict, repr=False, compare=False)
    _names: dict[str, tuple[bool, str]] = field(default_factory=dict, repr=False, compare=False)

    def _scan(self, text: str) -> list[tuple[str, int, int]]:
        """The name-shaped candidates of `text`: (printed, start, end), one scan per text."""
        found = self._candidates.get(text)
        if found is None:
            found = self._candidates[text] = [(m.group(0), m.start(), m.end()) for m in CANDIDATE.finditer(text)]
        return found

    def _name(self, printed: str) -> tuple[bool, str]:
        """Whether `printed` is a known trial name, and its canonical name."""
        facts = self._names.get(printed)
        if facts is None:
            facts = self._names[printed] = (_known(printed, self.aliases), canonical_name(printed, self.aliases))
        return facts

    def learn(self, text: str, table_column: bool = False) -> None:
        """Learn from one part of the document (call it on every part before `mentions`):
        names in trial context, and the abbreviations the text defines for ordinary terms
        (one scan of the part; the decision waits until all parts are read)."""
        defined = {normalize_key(s): long for s, long in term_abbreviations(text).items()}
        if defined.keys() - self.terms:
            self.terms |= defined.keys()
            self.designs |= {k for k, long in defined.items() if names_a_design(long)}
            self._cache.clear()
        for printed, start, end in self._scan(text):
            key, excluded, strong, marked = _shape_facts(printed)
            if excluded or key in self.learned or (strong and not marked):
                continue  # (strong shapes are trials without being learned)
            if table_column or _name_context(text, start, end):
                self.learned.add(key)
            elif not marked and _weak_context(text, start, end):
                self.weak.add(key)
            else:
                continue
            self._cache.clear()

    def _accepted(self, printed: str, key: str) -> bool:
        """A name this document makes a trial: learned in context, or strong by shape, and
        not one of the document's defined term abbreviations or a name with a marker digit."""
        if key in self.designs:
            return False
        if key in self.learned:
            return True
        _, _, strong, marked = _shape_facts(printed)
        if key in self.terms or marked:
            return False
        return key in self.weak or strong

    def learn_cell(self, cell: str) -> list[TrialMention]:
        """A cell of a table's trial column: its first name-shaped token is the trial."""
        for printed, start, end in self._scan(cell):
            key, excluded, _, _ = _shape_facts(printed)
            known, name = self._name(printed)
            # a row label "LVEF" the document defines as a term
            term = key in self.designs or (key in self.terms and key not in self.learned)
            if not known and (excluded or term):
                continue
            if key not in self.learned:
                self.learned.add(key)
                self._cache.clear()
            return [TrialMention(printed, name, start, end)]
        return []

    def mentions(self, text: str) -> list[TrialMention]:
        """Trial mentions in `text` (cached by text: call `learn` on the whole document first)."""
        cached = self._cache.get(text)
        if cached is None:
            cached = self._cache[text] = self._mentions(text)
        return cached

    def _mentions(self, text: str) -> list[TrialMention]:
        out = []
        heading_caps = text.isupper()
        for printed, start, end in self._scan(text):
            key, excluded, _, _ = _shape_facts(printed)
            known, name = self._name(printed)
            if not known and excluded:
                continue
            if not (known or self._accepted(printed, key)):
                continue
            if heading_caps and printed.isalpha() and not AFTER_NOUN.match(text[end:]):
                continue  # a word of an all-capitals heading
            out.append(TrialMention(printed, name, start, end))
        return out


def _marked_name(printed: str) -> bool:
    return bool(NAME_WITH_MARKER.fullmatch(printed))


def find_trial_candidates(text: str) -> list[TrialMention]:
    """Trial mentions in a standalone text (learning from the text itself)."""
    finder = TrialFinder()
    finder.learn(text)
    return finder.mentions(text)


def find_registry_ids(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), re.sub(r"^EudraCT\s*(?:No\.?|number)?\s*:?\s*", "", m.group(0)))
            for m in REGISTRY.finditer(text)]


def trial_from_registry(rid: str, aliases: AliasTable | None = None) -> str:
    aliases = aliases or load_aliases()
    return aliases.registry.get(rid.upper(), rid)


def trial_from_arms(exp: str, ctrl: str, aliases: AliasTable | None = None) -> str:
    aliases = aliases or load_aliases()
    return aliases.arms.get((exp.lower(), ctrl.lower()), "")
