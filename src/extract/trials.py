"""Trial names, found by their shape and context (not from a fixed list), normalized through
gold/aliases.csv; registry identifiers; trials inferred from registry ids or arms."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex as re

from extract.abbreviations import names_a_design, spells_out, term_abbreviations, title_expansion
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
SPACED_NUMBERED = (r"[A-Z]{3,}\s(?:[IVX]{1,3}|\d{1,3})(?![\w.,%\-])"
                   # not a count of something: "TACE 2 weeks later", "TACE 3 sessions"
                   r"(?!\s+(?:days?|weeks?|months?|years?|hours?|mg|cycles?|sessions?|times|courses?|doses?)\b)")
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
# Design words between a name and its noun, as JAMA titles and texts print them: "the X
# Randomized Clinical Trial", "the X randomized, double-blind trial", "X (phase III) trial".
_DESIGN_ADJ = (r"(?:randomi[sz]ed|clinical|controlled|placebo-controlled|open-label|(?:double|single)-blind(?:ed)?|"
               r"multi-?cent(?:er|re)|multi-?national|international|pragmatic|pivotal|non-?inferiority|"
               r"prospective|phase\s+\S+)")
# A bracket between the name and the noun: short ("X (phase III) trial"), or the name's
# spelled-out title, checked in `_after_noun` ("X (Rivaroxaban in Patients with Heart Failure)
# trial").
AFTER_NOUN = re.compile(r"^(?:\s*\((?P<bracket>[^()]{0,200})\))?\s+(?:(?:and|or|&)\s+\S+\s+)?"
                        r"(?P<adj>(?:" + _DESIGN_ADJ + r",?\s+){0,3})" + _NOUN + r"\b", re.I)
BEFORE_NOUN = re.compile(r"\b(?:trial|study)\s+(?:named\s+|called\s+|known\s+as\s+)?$", re.I)
COPULA = re.compile(r"^\s+(?:was|is)\s+an?\s+[^.;]{0,160}?\b(?:trial|study)\b", re.I)
# What a trial does, right after its name at a sentence start.
TRIAL_VERB = re.compile(r"\s+(?:compared|randomi[sz]ed|enrolled|recruited|evaluated|tested|investigated"
                        r"|met\s+its|showed\s+that|demonstrated\s+that)\b", re.I)
TITLE_PAREN = re.compile(r"\b(?:randomi[sz]ed|phase|trial|study|versus|vs\.?)\b", re.I)
# After "(X)": a colon or dash, then a design within the title: "Drug in disease (X): a
# randomised, double-blind, phase 3 trial" (Lancet, J Hepatol).
TITLE_AFTER = re.compile(r"^\s*[:\u2013\u2014\-]\s*[^.;()]{0,120}?\b(?:randomi[sz]ed|phase|trial|study)\b", re.I)
# An indefinite article makes the word before "trial" a kind, not a name: "a CKD trial", "an
# HCC study" (a name takes "the": "the EMMY trial").
INDEFINITE = re.compile(r"\b(?:a|an)\s+$", re.I)
# "the" before a name: design words between a name and its noun need it ("the X randomized
# trial", "the X and Y randomized trials"; "patients with CKD randomized trials" names a kind).
DEFINITE = re.compile(r"\bthe\s+(?:\S+\s+(?:and|or|&)\s+)?$", re.I)
# The text before a name that starts a sentence: nothing, or a sentence end or an inline
# section label's colon ("Methods: X was a randomised trial") and a space.
SENTENCE_END = re.compile(r"(?:^|[.!?:]\s+)$")
# A capitals name's suffix after a space: a disease or setting ("COMMANDER HF"), a hyphenated
# code ("SPHERE Per-AF", "SPHERE PER-AF"). Tried only after a CAPS candidate of 4+ letters.
# (Not a Roman numeral: "SHOCK II" is a numbered name, SPACED_NUMBERED.)
_SUFFIX = r" (?![IVX]{1,3}(?![\w\-]))(?:[A-Z]{2,3}|[A-Z][a-z]+-[A-Z]{2,}|[A-Z]{2,}-[A-Z]{2,})(?![\w\-])"
NAME_SUFFIX = re.compile(_SUFFIX)
SUFFIXED = re.compile(r"[A-Z]{4,}" + _SUFFIX)
_NOT_SUFFIX = frozenset("AND OR OF FOR THE IN TO ON AT BY VS WITH NOT ARE WAS".split())
# A name and its bracketed expansion in title case, without a trial word: "X [Safety and
# Outcome of Contemporary Treatment Strategies for Cardiogenic Shock]".
EXPANSION_AFTER = re.compile(r"^\s?[(\[](?P<long>[A-Z][^()\[\]]{10,200})[)\]]")
# A combination regimen just before a bracket: "TACE + donafenib (", "lenvatinib plus TACE (".
REGIMEN_BEFORE = re.compile(r"(?P<a>[A-Za-z][\w\-]*)\s*(?:\+|/|\bplus\b|\band\b|\bwith\b|\bcombined\s+with\b)\s*"
                            r"(?P<b>[A-Za-z][\w\-]*)\s*$", re.I)

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
    """Weaker evidence: a trial word before the name ("trial X"), the name in brackets closing
    a trial's title or with its registry id, or the name with its spelled-out title."""
    return (bool(BEFORE_NOUN.search(text[max(0, m_start - 40):m_start])) or _bracket_context(text, m_start, m_end)
            or _expanded(text, m_start, m_end))


def _after_noun(text: str, m_start: int, m_end: int) -> bool:
    """A trial word after the name: "X trial", "X (phase III) trial", "the X randomized clinical
    trial", "X (Its Spelled-Out Title) trial"."""
    m = AFTER_NOUN.match(text[m_end:m_end + 300])
    if not m:
        return False
    bracket = m["bracket"]
    if bracket is not None and len(bracket) > 40 and not title_expansion(text[m_start:m_end], bracket):
        return False
    adj = re.sub(r"phase\s+\S+,?\s+", "", m["adj"], flags=re.I)
    return not adj or bool(DEFINITE.search(text[max(0, m_start - 40):m_start]))


def _name_context(text: str, m_start: int, m_end: int) -> bool:
    """A trial word after the name, used as a name: "the X trial", "X was a randomized ...
    study"; not a kind of trial ("a CKD trial"). ("trial X" is weaker: glossaries print
    "... outcomes trial GLP-1 RA glucagon-like peptide-1 ...")"""
    if _after_noun(text, m_start, m_end) and not INDEFINITE.search(text[max(0, m_start - 4):m_start]):
        return True
    if _title_after(text, m_start, m_end):
        return True
    sentence_start = m_start == 0 or SENTENCE_END.search(text[max(0, m_start - 3):m_start])
    if not sentence_start:
        return False
    if COPULA.match(text[m_end:m_end + 200]):
        return True
    # "ORCA-L1 compared A with B", "KESTREL-2B randomized 500 patients": a code-shaped name
    # (a hyphen or a digit) as the subject of what a trial does
    printed = text[m_start:m_end]
    return bool((any(c.isdigit() for c in printed) or "-" in printed) and TRIAL_VERB.match(text, m_end))


def _title_after(text: str, m_start: int, m_end: int) -> bool:
    """ "Drug in disease (X): a randomised, double-blind, phase 3 trial": the name in brackets
    before a title's design (Lancet, J Hepatol), not the initials of the words before it
    ("... kidney disease (CKD): a randomised trial") or an abbreviation of a regimen ("TACE +
    donafenib (D-TACE)"). A name as such a title prints it, learned even when its letters
    hide in the title's words ("Substrate and trigger ablation ... (STAR AF)")."""
    if text[m_start - 1:m_start] != "(" or text[m_end:m_end + 1] != ")":
        return False
    if not TITLE_AFTER.match(text[m_end + 1:m_end + 160]):
        return False
    short, before = text[m_start:m_end], text[max(0, m_start - 250):m_start - 1]
    return not (_is_abbreviation(before, short) or _regimen_abbreviation(before, short))


def _bracket_context(text: str, m_start: int, m_end: int, title: bool = True) -> bool:
    """The name in brackets closing a trial's title, or with its registry id (only the
    registry id when `title` is False)."""
    if title and text[m_start - 1:m_start] == "(" and text[m_end:m_end + 1] == ")":
        short, before = text[m_start:m_end], text[max(0, m_start - 250):m_start - 1]
        # (a name with a suffix does not close a title: a body's spaced initials close its
        # name, "... Health Technology Assessment (NIHR HTA)"; `_title_after` reads the design
        # after the bracket)
        return (not SUFFIXED.fullmatch(short) and bool(TITLE_PAREN.search(before))
                and not _is_abbreviation(before, short) and not _regimen_abbreviation(before, short))
    # "(ORION-HCC; NCT01234567)": a name and its registry id in one bracket
    if text[m_start - 1:m_start] == "(" and REGISTRY_AFTER.match(text[m_end:m_end + 40]):
        return True
    return False


def _expanded(text: str, m_start: int, m_end: int) -> bool:
    """ "X (Safety and Outcome of ... Cardiogenic Shock)": a capitals name without digits, and
    its bracketed title-case expansion holds its letters in order (not as the initials of a
    term's words: "NYHA (New York Heart Association)")."""
    after = text[m_end:m_end + 2]
    if "(" not in after and "[" not in after:
        return False
    short = text[m_start:m_end]
    if not short.isupper() or any(c.isdigit() for c in short):
        return False
    m = EXPANSION_AFTER.match(text[m_end:m_end + 210])
    return bool(m) and spells_out(short, m["long"].strip())


def _is_abbreviation(before: str, short: str) -> bool:
    """ "hepatocellular carcinoma (HCC)": the letters are the initials of the words before."""
    words = re.findall(r"[A-Za-z]+", before)
    letters = [c for c in short if c.isalpha()]
    if not letters or len(words) < 1:
        return False
    initials = "".join(w[0] for w in words[-len(letters) - 1:]).lower()
    return "".join(letters).lower() in initials


@lru_cache(maxsize=1)
def _regimen_keys() -> frozenset[str]:
    """Keys of the drug and procedure names (lexicon `regimens`)."""
    entries = load_lexicon("regimens", ("DRUG", "PROCEDURE", "PLACEBO", "THERAPY"))
    return frozenset(normalize_key(e.pattern) for e in entries if e.label in ("DRUG", "PROCEDURE"))


def _regimen_abbreviation(before: str, short: str) -> bool:
    """ "TACE + donafenib (D-TACE)": the bracket follows a combination of drugs or procedures,
    and each part of the short form is one of its names or a name's start ("D", "LEN")."""
    m = REGIMEN_BEFORE.search(before[-80:])
    if not m:
        return False
    names = [m["a"].lower(), m["b"].lower()]
    keys = _regimen_keys()
    if not all(normalize_key(n) in keys for n in names):
        return False
    parts = [x.lower() for x in re.split(r"[\-+/]", short) if x]
    return bool(parts) and all(any(n.startswith(x) for n in names) for x in parts)


@lru_cache(maxsize=65536)
def _regimen_shaped(printed: str) -> bool:
    """A hyphenated name made of drug or procedure names and 1-2 capitals: "D-TACE", "TACE-L",
    "L-TACE" (an arm's label; a trial only with a trial word or its registry id)."""
    parts = printed.split("-")
    if len(parts) < 2:
        return False
    keys = _regimen_keys()
    regimen = [normalize_key(x) in keys for x in parts]
    letters = [x.isalpha() and x.isupper() and len(x) <= 2 for x in parts]
    return any(regimen) and all(r or l for r, l in zip(regimen, letters))


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
        """The name-shaped candidates of `text`: (printed, start, end), one scan per text. A
        capitals name with a suffix ("COMMANDER HF", "SPHERE Per-AF") comes first, then its
        words as candidates of their own (`_mentions` keeps the longest accepted)."""
        found = self._candidates.get(text)
        if found is None:
            found = self._candidates[text] = []
            for m in CANDIDATE.finditer(text):
                printed, start, end = m.group(0), m.start(), m.end()
                if end - start >= 4 and text[end:end + 1] == " " and printed.isalpha() and printed.isupper():
                    suffix = NAME_SUFFIX.match(text, end)
                    # (not after an excluded word, nor after a known name: "the SHARP HCC
                    # trial" is SHARP's, unless the pair is known too)
                    if (suffix and suffix.group(0)[1:] not in _NOT_SUFFIX and not _shape_facts(printed)[1]
                            and (not self._name(printed)[0] or self._name(text[start:suffix.end()])[0])):
                        found.append((text[start:suffix.end()], start, suffix.end()))
                found.append((printed, start, end))
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
        covered = 0  # the end of a learned name with a suffix: its words are not names here
        for printed, start, end in self._scan(text):
            if start < covered:
                continue
            key, excluded, strong, marked = _shape_facts(printed)
            suffixed = " " in printed and bool(SUFFIXED.fullmatch(printed))
            if suffixed and key in self.learned:
                covered = end
            if excluded or key in self.learned or (strong and not marked):
                continue  # (strong shapes are trials without being learned)
            if table_column and suffixed:
                continue  # (a cell's name is its first candidate: `learn_cell`)
            if table_column or _name_context(text, start, end):
                self.learned.add(key)
                if suffixed:
                    covered = end
            elif _regimen_shaped(printed):
                if not _bracket_context(text, start, end, title=False):
                    continue
                self.weak.add(key)  # "D-TACE" is an arm's label unless its registry id follows
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
            if " " in printed and SUFFIXED.fullmatch(printed):
                continue  # (its first word is the cell's first candidate)
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
        covered = 0  # the end of an accepted name with a suffix: its words are in it
        for printed, start, end in self._scan(text):
            if start < covered:
                continue
            key, excluded, _, _ = _shape_facts(printed)
            known, name = self._name(printed)
            if not known and excluded:
                continue
            if not (known or self._accepted(printed, key)):
                continue
            if heading_caps and printed.replace(" ", "").isalpha() and not AFTER_NOUN.match(text[end:]):
                continue  # a word of an all-capitals heading
            out.append(TrialMention(printed, name, start, end))
            if " " in printed and SUFFIXED.fullmatch(printed):
                covered = end
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
