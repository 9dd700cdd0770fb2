"""Evidence built from the hand annotations (gold/annotations/), without ingestion or
extraction: positions, pages and citation numbers are read off the raw corpus text, the
reference list parsed with a plain pattern. Lets the reconcile tests run over realistic
records while extraction is developed elsewhere."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from extract.columns import EVIDENCE_COLUMNS, TIMING_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
ANNOTATIONS = ROOT / "gold" / "annotations"

# "^[52]", "^{[40]#}", "^[5-7]", "^[9,10]"
_MARKER = re.compile(r"\^\{?\[([\d,\-– ]+)\]#?\}?")
# a full stop that ends a sentence: not the one of "vs." or "et al.", followed by a capital
# or the end of the line
_SENTENCE_END = re.compile(r"(?<!vs)(?<!al)\.(?=\s+[A-Z(]|\s*\n|\s*$)")
_REFERENCE = re.compile(r"^(\d+)\.\s+(.+)$", re.M)


def _numbers(spec: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"[,\s]+", spec.strip()):
        if re.fullmatch(r"\d+[-–]\d+", part):
            a, b = (int(x) for x in re.split(r"[-–]", part))
            out.extend(range(a, b + 1))
        elif part.isdigit():
            out.append(int(part))
    return out


def references(text: str) -> dict[int, str]:
    tail = text.split("\nREFERENCES\n", 1)[-1]
    return {int(n): body.strip() for n, body in _REFERENCE.findall(tail)}


def _span(text: str, anchor: str, location: str) -> tuple[int, int, str]:
    start = text.find(anchor)
    if start < 0:
        raise AssertionError(f"anchor not found: {anchor!r}")
    if location == "table":  # the table row: the whole line
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        return line_start, line_end, text[line_start:line_end]
    sent_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1)
    stop = _SENTENCE_END.search(text, start + len(anchor))
    sent_end = stop.start() + 1 if stop else len(text)
    return sent_start, sent_end, text[sent_start:sent_end]


def annotated(name: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, str], str]:
    """(evidence, timings, references, doc_id) for corpus/<name>.txt."""
    path = CORPUS / f"{name}.txt"
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    doc_id = hashlib.sha256(raw).hexdigest()
    ev = pd.read_csv(ANNOTATIONS / f"{name}.evidence.csv", dtype=str, keep_default_na=False)
    records = []
    for r in ev.to_dict("records"):
        start, end, segment = _span(text, r["anchor_text"], r["location"])
        # a row's or sentence's citation markers (a sentence's marker follows its last word)
        cited = [n for m in _MARKER.finditer(segment) for n in _numbers(m.group(1))]
        records.append({**r, "doc_id": doc_id, "source": f"corpus/{name}.txt", "page": "1",
                        "start": str(text.find(r["anchor_text"])), "end": str(end),
                        "quote": r["anchor_text"], "citations": ";".join(map(str, cited))})
    evidence = pd.DataFrame(records).reindex(columns=EVIDENCE_COLUMNS + ["citations"]).fillna("")
    tm = pd.read_csv(ANNOTATIONS / f"{name}.timings.csv", dtype=str, keep_default_na=False)
    trows = []
    for r in tm.to_dict("records"):
        trows.append({**r, "doc_id": doc_id, "source": f"corpus/{name}.txt", "page": "1",
                      "start": str(text.find(r["anchor_text"])), "end": "", "quote": r["anchor_text"]})
    timings = pd.DataFrame(trows).reindex(columns=TIMING_COLUMNS).fillna("")
    return evidence, timings, references(text), doc_id
