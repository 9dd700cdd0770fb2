"""Evaluate extraction against the hand annotations in `gold/annotations/`.

For every corpus document `<stem>.txt` with annotation files `<stem>.evidence.csv` and/or
`<stem>.timings.csv`, the document is ingested and extracted, and the extracted records are
aligned one-to-one with the expected ones:

* **Alignment key.** Two records can be aligned only when their key fields are equal after
  trivial whitespace normalization: for evidence `location, trial, endpoint, measure` and every
  printed value (`value_exp, value_ctrl, hr, ci_low, ci_high, p_value`); for timings
  `location, trial, relation, low, high, unit, anchor`. A single wrong key field therefore makes
  one miss (expected, not extracted) and one false record (extracted, not expected); the report
  pairs such a miss with its closest false record and names the fields that differ.
* **Ambiguity.** When several records share a key, the extracted record whose `quote` contains
  the annotation's `anchor_text` is preferred, then the one agreeing on more of the other fields.
* **Scores.** Per record type: precision, recall and F1 of the alignment. Per field (over aligned
  pairs, for the fields outside the key): a correct non-empty value is a true positive, a
  missing value a false negative, a wrong value both a false positive and a false negative, an
  extracted value where none is expected a false positive; `accuracy` counts exact agreement
  (including both empty). The pseudo-field `anchor_text` scores whether the extracted quote
  contains the annotation's anchor.

Nothing here knows the sample documents: it only compares tables.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pandas as pd

from extract.columns import EVIDENCE_COLUMNS, TIMING_COLUMNS

RECORD_TYPES = ("evidence", "timings")

# Contract columns that depend on ingestion offsets or page layout, left out of annotations.
_POSITIONAL = ("doc_id", "source", "start", "end", "page", "quote")

EVIDENCE_ANNOTATION_COLUMNS: list[str] = [
    c for c in EVIDENCE_COLUMNS if c not in _POSITIONAL
] + ["anchor_text"]
TIMING_ANNOTATION_COLUMNS: list[str] = [
    c for c in TIMING_COLUMNS if c not in _POSITIONAL
] + ["anchor_text"]
ANNOTATION_COLUMNS: dict[str, list[str]] = {
    "evidence": EVIDENCE_ANNOTATION_COLUMNS,
    "timings": TIMING_ANNOTATION_COLUMNS,
}

KEY_FIELDS: dict[str, list[str]] = {
    "evidence": ["location", "trial", "endpoint", "measure", "value_exp", "value_ctrl", "hr",
                 "ci_low", "ci_high", "p_value"],
    "timings": ["location", "trial", "relation", "low", "high", "unit", "anchor"],
}
SCORED_FIELDS: dict[str, list[str]] = {
    "evidence": ["arm_exp", "arm_ctrl", "assessment", "unit", "ci_level", "section",
                 "trial_inferred"],
    "timings": ["regimen"],
}
ANCHOR_FIELD = "anchor_text"  # pseudo-field: does the extracted quote contain the anchor?

# Controlled vocabularies from docs/CONVENTIONS.md, used to catch typos in annotations.
ENDPOINTS = frozenset({
    "OS", "PFS", "TTP", "TTUP", "TACE-PFS", "ORR", "DCR", "CR", "EFS", "RFS", "DFS", "TTF",
    "CONVERSION", "AE", "TRAE", "AE-DISCONTINUATION",
})
LOCATIONS = frozenset({"text", "table"})
EVIDENCE_UNITS = frozenset({"", "months", "weeks", "days", "%"})
TIMING_UNITS = frozenset({"days", "weeks", "months"})
RELATIONS = frozenset({"before", "after", "within"})
ANCHORS = frozenset({"first TACE", "each TACE", "last TACE", "randomization"})
BOOLEANS = {"true": "True", "false": "False"}

CORPUS_SUFFIXES = (".txt", ".md", ".pdf")


# --------------------------------------------------------------------------------------
# normalization
# --------------------------------------------------------------------------------------
_WS = re.compile(r"\s+")


def norm(value: object) -> str:
    """Trivial normalization for comparing two field values: None/NaN -> "", whitespace
    collapsed and stripped, booleans spelled `True`/`False`."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    text = _WS.sub(" ", str(value)).strip()
    return BOOLEANS.get(text.lower(), text)


# Markup that ingestion may remove or keep: markdown emphasis ("*vs.*"), inline HTML
# ("<i>P</i>"), citation markers ("^[52]", "^{[40]#}").
_CITATION_MARKER = re.compile(r"\^\{?\[[^\]]*\][^\s\w]*\}?")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"[*_]")


def norm_quote(text: object) -> str:
    """Normalization for the anchor-in-quote test: NFKC, markup removed, whitespace
    collapsed, case folded."""
    s = unicodedata.normalize("NFKC", norm(text))
    s = _CITATION_MARKER.sub("", s)
    s = _HTML_TAG.sub("", s)
    s = _EMPHASIS.sub("", s)
    return _WS.sub(" ", s).strip().casefold()


def anchor_in_quote(anchor: object, quote: object) -> bool:
    a = norm_quote(anchor)
    return bool(a) and a in norm_quote(quote)


# --------------------------------------------------------------------------------------
# annotations
# --------------------------------------------------------------------------------------
class AnnotationError(ValueError):
    """An annotation file that does not follow the schema. Names the file and each bad row
    (CSV line number, the header being line 1)."""

    def __init__(self, path: str | Path, problems: list[tuple[int | None, str]]):
        self.path = str(path)
        self.problems = problems
        lines = [f"{self.path}: {len(problems)} problem(s) in annotation file"]
        for line, msg in problems:
            where = f"line {line}" if line is not None else "header"
            lines.append(f"  {self.path}:{line or 1}: {where}: {msg}")
        super().__init__("\n".join(lines))


def record_type_of(path: str | Path) -> str:
    name = Path(path).name
    for rt in RECORD_TYPES:
        if name.endswith(f".{rt}.csv"):
            return rt
    raise AnnotationError(path, [(None, "file name must end in .evidence.csv or .timings.csv")])


def _validate_row(rt: str, row: dict[str, str]) -> list[str]:
    problems: list[str] = []
    if row["location"] not in LOCATIONS:
        problems.append(f"location {row['location']!r} is not one of {sorted(LOCATIONS)}")
    if not row["anchor_text"]:
        problems.append("anchor_text is empty")
    if not row["trial"]:
        problems.append("trial is empty")
    if rt == "evidence":
        if row["endpoint"] not in ENDPOINTS:
            problems.append(f"endpoint {row['endpoint']!r} is not a convention endpoint")
        if not row["measure"]:
            problems.append("measure is empty")
        if row["trial_inferred"] not in ("True", "False"):
            problems.append(f"trial_inferred {row['trial_inferred']!r} is not True/False")
        if row["unit"] not in EVIDENCE_UNITS:
            problems.append(f"unit {row['unit']!r} is not one of {sorted(EVIDENCE_UNITS)}")
        if not any(row[c] for c in ("value_exp", "value_ctrl", "hr")):
            problems.append("no value: value_exp, value_ctrl and hr are all empty")
        if bool(row["ci_low"]) != bool(row["ci_high"]):
            problems.append("ci_low and ci_high must be both given or both empty")
        if row["ci_low"] and not row["ci_level"]:
            problems.append("a CI is given but ci_level is empty (the convention says 95)")
        if row["location"] == "text" and not row["section"]:
            problems.append("section is empty for a text record")
    else:
        if row["relation"] not in RELATIONS:
            problems.append(f"relation {row['relation']!r} is not one of {sorted(RELATIONS)}")
        if row["anchor"] not in ANCHORS:
            problems.append(f"anchor {row['anchor']!r} is not one of {sorted(ANCHORS)}")
        if row["unit"] not in TIMING_UNITS:
            problems.append(f"unit {row['unit']!r} is not one of {sorted(TIMING_UNITS)}")
        if not (row["low"] or row["high"]):
            problems.append("low and high are both empty")
        if not row["regimen"]:
            problems.append("regimen is empty")
    return problems


def load_annotations(path: str | Path, record_type: str | None = None) -> pd.DataFrame:
    """Read and validate one annotation file; every value a (normalized) string.

    Raises AnnotationError naming the file and every bad line. The returned frame has the
    annotation columns in contract order plus `line` (the CSV line number)."""
    path = Path(path)
    rt = record_type or record_type_of(path)
    if rt not in ANNOTATION_COLUMNS:
        raise ValueError(f"unknown record type {rt!r}")
    columns = ANNOTATION_COLUMNS[rt]
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError) as e:
        raise AnnotationError(path, [(None, f"cannot read: {e}")]) from e
    if not rows:
        raise AnnotationError(path, [(None, "empty file (no header)")])
    header = [h.strip() for h in rows[0]]
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    problems: list[tuple[int | None, str]] = []
    if missing:
        problems.append((None, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append((None, f"unknown column(s): {', '.join(unknown)}"))
    if duplicated:
        problems.append((None, f"duplicated column(s): {', '.join(duplicated)}"))
    if problems:
        raise AnnotationError(path, problems)

    records: list[dict[str, str]] = []
    # csv line numbers: count physical lines so quoted newlines do not shift the numbering
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue  # blank line
            if len(values) != len(header):
                problems.append((line, f"{len(values)} fields, header has {len(header)} "
                                       "(an unquoted comma?)"))
                continue
            row = {h: norm(v) for h, v in zip(header, values)}
            for msg in _validate_row(rt, row):
                problems.append((line, msg))
            row["line"] = str(line)
            records.append(row)
    if problems:
        raise AnnotationError(path, problems)
    return pd.DataFrame(records, columns=columns + ["line"], dtype=object)


def find_annotations(annotations_dir: str | Path) -> dict[str, dict[str, Path]]:
    """{stem: {"evidence": path, "timings": path}} for the annotation files in a folder."""
    found: dict[str, dict[str, Path]] = {}
    for p in sorted(Path(annotations_dir).glob("*.csv")):
        for rt in RECORD_TYPES:
            suffix = f".{rt}.csv"
            if p.name.endswith(suffix):
                found.setdefault(p.name[: -len(suffix)], {})[rt] = p
    return found


def find_document(corpus_dir: str | Path, stem: str) -> Path | None:
    for suffix in CORPUS_SUFFIXES:
        p = Path(corpus_dir) / f"{stem}{suffix}"
        if p.is_file():
            return p
    return None


# --------------------------------------------------------------------------------------
# scores
# --------------------------------------------------------------------------------------
def _ratio(num: int, den: int, empty: float) -> float:
    return num / den if den else empty


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    # With nothing expected and nothing extracted the result is perfect (1.0); with nothing
    # extracted but something expected, precision is 0.0 (not vacuously 1.0).
    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, 1.0 if self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, 1.0 if self.fp == 0 else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class FieldScore(Counts):
    agree: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return _ratio(self.agree, self.total, 1.0)

    def __add__(self, other: "FieldScore") -> "FieldScore":
        return FieldScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                          self.agree + other.agree, self.total + other.total)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "agree": self.agree, "total": self.total,
                "accuracy": self.accuracy}


def score_field(expected: str, extracted: str) -> FieldScore:
    """One aligned pair's contribution to a field's score."""
    e, x = norm(expected), norm(extracted)
    s = FieldScore(total=1, agree=int(e == x))
    if e and x:
        if e == x:
            s.tp = 1
        else:
            s.fp = s.fn = 1
    elif e:
        s.fn = 1
    elif x:
        s.fp = 1
    return s


# --------------------------------------------------------------------------------------
# alignment
# --------------------------------------------------------------------------------------
@dataclass
class Pair:
    doc: str
    record_type: str
    expected: dict[str, str]
    extracted: dict[str, str]
    differing: list[str]  # scored fields (and anchor_text) that disagree


@dataclass
class Issue:
    """A miss (expected, not extracted) or a false record (extracted, not expected), with
    the closest record on the other side when there is a plausible one."""

    doc: str
    record_type: str
    kind: str  # "miss" or "false"
    record: dict[str, str]
    counterpart: dict[str, str] | None = None
    differing: list[str] = field(default_factory=list)  # key fields that differ


@dataclass
class TypeResult:
    record_type: str
    counts: Counts = field(default_factory=Counts)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    misses: list[Issue] = field(default_factory=list)
    false_records: list[Issue] = field(default_factory=list)

    @property
    def field_mismatches(self) -> list[Pair]:
        return [p for p in self.pairs if p.differing]

    def merge(self, other: "TypeResult") -> "TypeResult":
        fields = dict(self.fields)
        for name, s in other.fields.items():
            fields[name] = fields[name] + s if name in fields else s
        return TypeResult(self.record_type, self.counts + other.counts, fields,
                          self.pairs + other.pairs, self.misses + other.misses,
                          self.false_records + other.false_records)

    def to_dict(self) -> dict:
        return {
            "record_type": self.record_type,
            **self.counts.to_dict(),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "field_mismatches": [asdict(p) for p in self.field_mismatches],
            "misses": [asdict(i) for i in self.misses],
            "false_records": [asdict(i) for i in self.false_records],
        }


def _records(frame: pd.DataFrame | None, columns: Iterable[str]) -> list[dict[str, str]]:
    """Rows as dicts of normalized strings over `columns` (missing columns -> "")."""
    if frame is None or len(frame) == 0:
        return []
    cols = list(columns)
    out = []
    for _, row in frame.iterrows():
        out.append({c: norm(row[c]) if c in frame.columns else "" for c in cols})
    return out


def _expected_columns(rt: str) -> list[str]:
    return ANNOTATION_COLUMNS[rt] + ["line"]


def _extracted_columns(rt: str) -> list[str]:
    base = EVIDENCE_COLUMNS if rt == "evidence" else TIMING_COLUMNS
    return [c for c in base if c not in ("doc_id", "source")]


def _agreement(rt: str, e: dict[str, str], x: dict[str, str]) -> int:
    return sum(e.get(f, "") == x.get(f, "") for f in SCORED_FIELDS[rt])


def _greedy(candidates: list[tuple[tuple, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairing from (score, i, j) candidates, best score first; ties by order."""
    used_i: set[int] = set()
    used_j: set[int] = set()
    chosen = []
    for _, i, j in sorted(candidates, key=lambda c: (tuple(-s for s in c[0]), c[1], c[2])):
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        chosen.append((i, j))
    return chosen


# How far apart an unmatched pair may be and still be shown as "the closest" counterpart:
# at most this many key fields differ (the anchor-in-quote test also qualifies a pair).
_NEAR_MAX_KEY_DIFFS = 3


def align(expected: pd.DataFrame | None, extracted: pd.DataFrame | None, record_type: str,
          doc: str = "") -> TypeResult:
    """Align one document's extracted records of one type with the expected ones and score."""
    rt = record_type
    keys = KEY_FIELDS[rt]
    exp = _records(expected, _expected_columns(rt))
    ext = _records(extracted, _extracted_columns(rt))

    by_key_exp: dict[tuple, list[int]] = defaultdict(list)
    by_key_ext: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(exp):
        by_key_exp[tuple(r[k] for k in keys)].append(i)
    for j, r in enumerate(ext):
        by_key_ext[tuple(r[k] for k in keys)].append(j)

    candidates = []
    for key, i_list in by_key_exp.items():
        for i in i_list:
            for j in by_key_ext.get(key, []):
                score = (int(anchor_in_quote(exp[i]["anchor_text"], ext[j].get("quote", ""))),
                         _agreement(rt, exp[i], ext[j]))
                candidates.append((score, i, j))
    matched = _greedy(candidates)

    result = TypeResult(rt)
    result.fields = {f: FieldScore() for f in SCORED_FIELDS[rt] + [ANCHOR_FIELD]}
    for i, j in sorted(matched):
        e, x = exp[i], ext[j]
        differing = []
        for f in SCORED_FIELDS[rt]:
            s = score_field(e[f], x[f])
            result.fields[f] = result.fields[f] + s
            if not s.agree:
                differing.append(f)
        hit = anchor_in_quote(e["anchor_text"], x.get("quote", ""))
        result.fields[ANCHOR_FIELD] = result.fields[ANCHOR_FIELD] + FieldScore(
            tp=int(hit), fn=int(not hit), agree=int(hit), total=1)
        if not hit:
            differing.append(ANCHOR_FIELD)
        result.pairs.append(Pair(doc, rt, e, x, differing))

    matched_i = {i for i, _ in matched}
    matched_j = {j for _, j in matched}
    miss_i = [i for i in range(len(exp)) if i not in matched_i]
    false_j = [j for j in range(len(ext)) if j not in matched_j]

    # Pair each miss with its closest false record, so that one wrong value is shown as
    # both sides of one disagreement rather than as two unrelated lines.
    near = []
    for i in miss_i:
        for j in false_j:
            diffs = [k for k in keys if exp[i][k] != ext[j][k]]
            anchored = anchor_in_quote(exp[i]["anchor_text"], ext[j].get("quote", ""))
            same_place = exp[i]["location"] == ext[j]["location"]
            if same_place and (anchored or len(diffs) <= _NEAR_MAX_KEY_DIFFS):
                near.append(((int(anchored), -len(diffs), _agreement(rt, exp[i], ext[j])),
                             i, j))
    closest = dict(_greedy(near))
    closest_rev = {j: i for i, j in closest.items()}

    for i in miss_i:
        j = closest.get(i)
        other = ext[j] if j is not None else None
        diffs = [k for k in keys if other is not None and exp[i][k] != other[k]]
        result.misses.append(Issue(doc, rt, "miss", exp[i], other, diffs))
    for j in false_j:
        i = closest_rev.get(j)
        other = exp[i] if i is not None else None
        diffs = [k for k in keys if other is not None and ext[j][k] != other[k]]
        result.false_records.append(Issue(doc, rt, "false", ext[j], other, diffs))

    result.counts = Counts(tp=len(matched), fp=len(false_j), fn=len(miss_i))
    return result


# --------------------------------------------------------------------------------------
# the corpus
# --------------------------------------------------------------------------------------
@dataclass
class DocumentError:
    doc: str
    path: str
    stage: str  # "corpus", "ingest", "extract"
    error: str


@dataclass
class Evaluation:
    documents: list[str] = field(default_factory=list)
    results: dict[str, TypeResult] = field(default_factory=dict)  # merged over documents
    per_document: dict[str, dict[str, Counts]] = field(default_factory=dict)
    errors: list[DocumentError] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "results": {rt: r.to_dict() for rt, r in self.results.items()},
            "per_document": {d: {rt: c.to_dict() for rt, c in v.items()}
                             for d, v in self.per_document.items()},
            "errors": [asdict(e) for e in self.errors],
        }


ExtractFn = Callable[[Path], object]  # path -> object with .evidence / .timings frames


def default_extract(path: Path) -> object:
    from extract.extractor import extract_document
    from extract.ingest import load

    return extract_document(load(path))


def evaluate_documents(
    annotations: Mapping[str, Mapping[str, pd.DataFrame]],
    extractions: Mapping[str, object | None],
) -> Evaluation:
    """Score already-extracted documents. `annotations[stem][record_type]` is an expected
    frame; `extractions[stem]` an object with `.evidence`/`.timings` frames, or None when
    extraction failed (every expected record of that document is then a miss)."""
    ev = Evaluation(results={rt: TypeResult(rt, fields={
        f: FieldScore() for f in SCORED_FIELDS[rt] + [ANCHOR_FIELD]}) for rt in RECORD_TYPES})
    for stem, by_type in annotations.items():
        ev.documents.append(stem)
        extraction = extractions.get(stem)
        ev.per_document[stem] = {}
        for rt, expected in by_type.items():
            extracted = getattr(extraction, rt, None) if extraction is not None else None
            r = align(expected, extracted, rt, doc=stem)
            ev.per_document[stem][rt] = r.counts
            ev.results[rt] = ev.results[rt].merge(r)
    return ev


def evaluate_corpus(corpus_dir: str | Path = "corpus",
                    annotations_dir: str | Path = "gold/annotations",
                    extract_fn: ExtractFn | None = None) -> Evaluation:
    """Load every annotation file (AnnotationError on a bad one), extract each annotated
    corpus document, and score. A document that cannot be found, ingested or extracted
    becomes a DocumentError, and its expected records count as misses."""
    extract_fn = extract_fn or default_extract
    found = find_annotations(annotations_dir)
    if not found:
        raise FileNotFoundError(f"no *.evidence.csv / *.timings.csv in {annotations_dir}")
    annotations = {stem: {rt: load_annotations(p, rt) for rt, p in files.items()}
                   for stem, files in found.items()}
    extractions: dict[str, object | None] = {}
    errors: list[DocumentError] = []
    for stem in annotations:
        path = find_document(corpus_dir, stem)
        if path is None:
            errors.append(DocumentError(stem, str(Path(corpus_dir) / f"{stem}.txt"), "corpus",
                                        "annotated document not found in the corpus"))
            extractions[stem] = None
            continue
        try:
            extractions[stem] = extract_fn(path)
        except NotImplementedError as e:
            extractions[stem] = None
            errors.append(DocumentError(stem, str(path), "extract",
                                        f"not implemented yet: {str(e) or type(e).__name__}"))
        except Exception as e:  # one bad document must not stop the evaluation
            extractions[stem] = None
            stage = "ingest" if type(e).__name__ == "IngestError" else "extract"
            errors.append(DocumentError(stem, str(path), stage, f"{type(e).__name__}: {e}"))
    ev = evaluate_documents(annotations, extractions)
    ev.errors = errors
    return ev


__all__ = [
    "ANNOTATION_COLUMNS", "EVIDENCE_ANNOTATION_COLUMNS", "TIMING_ANNOTATION_COLUMNS",
    "KEY_FIELDS", "SCORED_FIELDS", "ANCHOR_FIELD", "AnnotationError", "Counts", "FieldScore",
    "Pair", "Issue", "TypeResult", "Evaluation", "DocumentError", "norm", "norm_quote",
    "anchor_in_quote", "load_annotations", "find_annotations", "find_document", "align",
    "score_field", "evaluate_documents", "evaluate_corpus",
]
