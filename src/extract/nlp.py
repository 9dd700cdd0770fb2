"""Shared NLP plumbing: lexicon loading (JSONL in spaCy's {"label", "pattern", "id"} shape),
phrase-alternation regexes built from lexicons, and the spaCy pipeline (built once per process).

The extractors are plain functions over strings; spaCy is used only to split paragraphs into
sentences (`sentences`). The `trial_extract_facts` component connects the extractors to a spaCy
`Doc` for callers that want spans (it is not needed by `extract_document`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex as re
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

LEXICON_DIR = Path(__file__).with_name("lexicon")


class LexiconError(ValueError):
    """A lexicon line that is not a valid {"label", "pattern", "id"} record."""


@dataclass(frozen=True)
class Entry:
    label: str
    pattern: str
    id: str


@lru_cache(maxsize=None)
def load_lexicon(name: str, labels: tuple[str, ...] | None = None) -> tuple[Entry, ...]:
    """Read `lexicon/<name>.jsonl`, validating every line. Returns an immutable tuple."""
    path = LEXICON_DIR / f"{name}.jsonl"
    entries: list[Entry] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{path.name}:{lineno}: not JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or set(obj) != {"label", "pattern", "id"}:
            raise LexiconError(f"{path.name}:{lineno}: keys must be exactly label, pattern, id")
        if not all(isinstance(obj[k], str) and obj[k].strip() for k in ("label", "pattern", "id")):
            raise LexiconError(f"{path.name}:{lineno}: label, pattern and id must be non-empty strings")
        if labels is not None and obj["label"] not in labels:
            raise LexiconError(f"{path.name}:{lineno}: unknown label {obj['label']!r}")
        entries.append(Entry(obj["label"], obj["pattern"], obj["id"]))
    return tuple(entries)


_SEP = {" ": r"[\s\-\u2010\u2011]+", "-": r"[\s\-\u2010\u2011]?"}


def phrase_alternation(patterns: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal phrases, longest first, where a space or hyphen in a
    phrase also matches a space, hyphen or no-break space in the text (PDF text breaks
    hyphenated terms inconsistently)."""
    parts = []
    for p in sorted(set(patterns), key=len, reverse=True):
        pieces = re.split(r"([ \-])", p)
        esc = "".join(_SEP[x] if x in _SEP else re.escape(x) for x in pieces)
        parts.append(esc)
    return "|".join(parts)


def normalize_key(text: str) -> str:
    """Lookup key: lower case without spaces and hyphens ("Checkmate-9DW" -> "checkmate9dw")."""
    return re.sub(r"[\s\-\u2010\u2011\u2013_]+", "", text).lower()


# -- spaCy ------------------------------------------------------------------------------

# Tokens that cannot start a sentence: a lower-case word or a digit after a period usually
# follows an abbreviation ("vs.", "approx.", "P = .04") that the sentencizer took for an end.
_NOT_A_START = re.compile(r"^[a-z0-9.\u00b7(\[,;:%)]")


@Language.component("trial_sentence_fixes")
def trial_sentence_fixes(doc: Doc) -> Doc:
    for tok in doc[1:]:
        if tok.is_sent_start and _NOT_A_START.match(tok.text):
            tok.is_sent_start = False
    return doc


@Language.factory("trial_extract_facts")
def make_trial_extract_facts(nlp: Language, name: str):
    """Put trial-name and endpoint mentions of each sentence into doc.spans."""
    from extract import endpoints, trials

    def component(doc: Doc) -> Doc:
        trial_spans, ep_spans = [], []
        for m in trials.find_trial_candidates(doc.text):
            span = doc.char_span(m.start, m.end, label="TRIAL", alignment_mode="expand")
            if span is not None:
                trial_spans.append(span)
        for m in endpoints.find_endpoints(doc.text):
            span = doc.char_span(m.start, m.end, label=m.endpoint, alignment_mode="expand")
            if span is not None:
                ep_spans.append(span)
        doc.spans["trials"] = trial_spans
        doc.spans["endpoints"] = ep_spans
        return doc

    return component


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The sentence pipeline, built once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("trial_sentence_fixes")
    return nlp


def sentences(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence (start, end) offsets for each text, trailing whitespace excluded."""
    out = []
    for doc in get_nlp().pipe(texts, batch_size=64):
        spans = []
        for s in doc.sents:
            spans.append(_trim(doc.text, s.start_char, s.end_char))
        out.append([sp for sp in spans if sp[1] > sp[0]])
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def span_text(doc: Doc, span: Span) -> str:  # pragma: no cover - convenience
    return doc.text[span.start_char:span.end_char]
