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

import numpy
import regex as re
import spacy
from spacy.attrs import IDX, IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

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


_KEY_STRIP = re.compile(r"[\s\-\u2010\u2011\u2013_]+")


@lru_cache(maxsize=65536)
def normalize_key(text: str) -> str:
    """Lookup key: lower case without spaces and hyphens ("Checkmate-9DW" -> "checkmate9dw")."""
    return _KEY_STRIP.sub("", text).lower()


# -- spaCy ------------------------------------------------------------------------------

# Tokens that cannot start a sentence: a lower-case word or a digit after a period usually
# follows an abbreviation ("vs.", "approx.", "P = .04") that the sentencizer took for an end.
_NOT_A_START = re.compile(r"^[a-z0-9.\u00b7(\[,;:%)]")


@Language.component("trial_sentence_fixes")
def trial_sentence_fixes(doc: Doc) -> Doc:
    # Only the few sentence-start tokens are looked at (token objects are costly to create).
    starts = doc.to_array([SENT_START])
    for i in numpy.flatnonzero(starts == 1):
        if i > 0 and _NOT_A_START.match(doc[int(i)].text):
            doc[int(i)].is_sent_start = False
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


# Sentence-final punctuation (spaCy's sentencizer defaults, less the rarely-final ones).
SENT_END = (".", "!", "?", "\u3002", "\uff01", "\uff1f", "\u2026")


@Language.factory("trial_sentencizer", default_config={"punct_chars": list(SENT_END)})
def make_trial_sentencizer(nlp: Language, name: str, punct_chars: list[str]):
    """spaCy's rule-based sentencizer (a sentence starts after a run of final punctuation),
    computed over token arrays: the stock component creates a Python object per token, which
    costs more than tokenizing."""
    hashes = numpy.array([nlp.vocab.strings.add(p) for p in punct_chars], dtype="uint64")

    def component(doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, IS_PUNCT])
        final = (arr[:, 0][:, None] == hashes[None, :]).any(axis=1)
        word = ~(final | (arr[:, 1] == 1))
        idx = numpy.arange(n)
        # a word starts a sentence when a final mark stands after the previous word (closing
        # quotes and brackets may follow the mark: 'said "stop." Then')
        last_final = numpy.maximum.accumulate(numpy.where(final, idx, -1))
        last_word = numpy.maximum.accumulate(numpy.where(word, idx, -1))
        before_final = numpy.concatenate(([-1], last_final[:-1]))
        before_word = numpy.concatenate(([-1], last_word[:-1]))
        starts = numpy.full(n, -1, dtype="int64")
        starts[word & (before_final > before_word)] = 1
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
        return doc

    return component


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The sentence pipeline, built once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("trial_sentencizer")
    nlp.add_pipe("trial_sentence_fixes")
    return nlp


def sentences(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence (start, end) offsets for each text, trailing whitespace excluded: the sentences
    `get_nlp()` finds, computed from the tokens of each whitespace-delimited chunk, tokenized once
    per process (see `_chunk_tokens`), instead of building a `Doc` per text."""
    return [_sentences_of(text) for text in texts]


def pipeline_sentences(texts: list[str]) -> list[list[tuple[int, int]]]:
    """The same offsets from the full pipeline (a `Doc` per text): the reference `sentences` keeps to."""
    out = []
    for text, doc in zip(texts, get_nlp().pipe(texts, batch_size=64)):
        # (doc.text is rebuilt from the tokens on every access; the input is the same string)
        arr = doc.to_array([IDX, SENT_START])
        out.append(_spans(text, [int(i) for i in arr[arr[:, 1] == 1, 0]] if len(arr) else []))
    return out


def _spans(text: str, bounds: list[int]) -> list[tuple[int, int]]:
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    bounds.append(len(text))
    spans = [_trim(text, a, b) for a, b in zip(bounds, bounds[1:])]
    return [sp for sp in spans if sp[1] > sp[0]]


# The tokenizer's first split: runs of the characters str.isspace() accepts (spaCy tests each
# character so); all of them lie below U+3001 (the ideographic space is the last).
_SPACE_CHARS = "".join(re.escape(c) for c in map(chr, range(0x3001)) if c.isspace())
_SPACE_RUN = re.compile("[" + _SPACE_CHARS + "]+")
_CHUNK = re.compile("[^" + _SPACE_CHARS + "]+")
# A sentence-final mark: a sentence can end only in a chunk that holds one ("months.",
# "0.001).", "e.g."); a chunk without one is all words and other punctuation. A decimal point
# (a "." between two ASCII digits: "10.7", "(0.56-0.81;") is not one: the tokenizer splits a
# "." off only at a token's end or between letters, so it stays inside the number's token
# (and a chunk whose only marks are decimal points has no final token: most figures' chunks).
_OTHER_MARKS = "".join(re.escape(c) for c in SENT_END if c != ".")
_FINAL_MARK = re.compile(r"(?<![0-9])\.|\.(?![0-9])|[" + _OTHER_MARKS + "]")
# A chunk that ends a sentence after a figure or a bracket: "0.81).", "12%.", "2019.", "(HR 0.7]."
# (no final mark but decimal points before its last "."). The tokenizer splits that "." off
# as the chunk's last token (a suffix after a digit, bracket or "%"), so the chunk's only effect
# is a pending final mark: found without tokenizing it (most such chunks are unique figures).
_FIGURE_THEN_STOP = re.compile(r"(?:[^" + "".join(re.escape(c) for c in SENT_END) + r"]|(?<=[0-9])\.(?=[0-9]))*"
                               r"[0-9)\]%]\.")
# The last space before a position (searched backwards): where a final mark's chunk starts.
_LAST_SPACE = re.compile("[" + _SPACE_CHARS + "]", re.REVERSE)
_WORD, _FINAL, _PUNCT = 0, 1, 2


@lru_cache(maxsize=1 << 16)
def _chunk_tokens(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """(offset, kind, first character) of each token the tokenizer makes of one chunk: a run of
    non-space characters, or of spaces. spaCy tokenizes each chunk on its own (its affix rules
    and special cases never reach across whitespace), so a text's tokens are its chunks' tokens;
    and a corpus repeats its chunks ("months.", "0.001)."), so each is tokenized once."""
    finals = _final_marks()
    return tuple((t.idx, _FINAL if t.text in finals else _PUNCT if t.is_punct else _WORD, t.text[:1])
                 for t in get_nlp().tokenizer(chunk))


@lru_cache(maxsize=1)
def _final_marks() -> frozenset[str]:
    return frozenset(get_nlp().get_pipe_config("trial_sentencizer")["punct_chars"])


def _sentences_of(text: str) -> list[tuple[int, int]]:
    """`trial_sentencizer` and `trial_sentence_fixes` over the tokens of the chunks that matter: a
    word starts a sentence when a final mark stands after the word before it, so only the chunks
    with a final mark, and the tokens from there to the next word, are tokenized."""
    bounds = [0]  # the first token starts the first sentence
    pending = False  # a final mark stands after the last word

    def tokens_of(start: int, end: int) -> None:
        nonlocal pending
        for off, kind, first in _chunk_tokens(text[start:end]):
            if kind == _WORD:
                if pending and start + off > 0 and not _NOT_A_START.match(first):
                    bounds.append(start + off)
                pending = False
            elif kind == _FINAL:
                pending = True

    pos, n = 0, len(text)
    while True:
        if not pending:  # words and other punctuation change nothing until the next final mark
            m = _FINAL_MARK.search(text, pos)
            if m is None:
                break
            sp = _LAST_SPACE.search(text, pos, m.start())
            start = sp.end() if sp else pos
            sp = _SPACE_RUN.search(text, m.end())
            pos = sp.start() if sp else n
            if _FIGURE_THEN_STOP.fullmatch(text, start, pos):
                pending = True  # (its tokens: words and the final ".", the last one)
            else:
                tokens_of(start, pos)
            continue
        if pos >= n:
            break
        # pos ends a chunk: the tokenizer drops one space after it (the token's trailing space),
        # and any other spaces become a token of their own
        e = _SPACE_RUN.match(text, pos).end()
        s = pos + 1 if text[pos] == " " else pos
        if s < e:
            tokens_of(s, e)
        pos = e
        if pending and pos < n:
            end = _CHUNK.match(text, pos).end()
            tokens_of(pos, end)
            pos = end
    return _spans(text, bounds)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
