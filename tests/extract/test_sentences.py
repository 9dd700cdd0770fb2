"""The sentence set: one sentence per case, written for these tests in the forms papers, abstracts
and news items use, with the records it must produce (tests/extract/sentences.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.extractor import extract_document

CASES = [json.loads(line) for line in
         (Path(__file__).with_name("sentences.jsonl")).read_text(encoding="utf-8").splitlines() if line.strip()]
# Always compared (absent in an expected record means empty); other fields when named.
CORE = ["trial", "endpoint", "measure", "value_exp", "value_ctrl", "unit", "hr", "ci_low", "ci_high",
        "ci_level", "p_value"]
TIMING_CORE = ["trial", "regimen", "relation", "low", "high", "unit", "anchor"]


def _project(records: list[dict], expected: list[dict], core: list[str]) -> tuple[list, list]:
    fields = list(core) + sorted({k for e in expected for k in e if k not in core})
    got = [{f: r[f] for f in fields} for r in records]
    want = [{f: e.get(f, "") for f in fields} for e in expected]
    return got, want


def test_sentence_set_is_large_and_unique():
    assert len(CASES) >= 80
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert len({c["text"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence(case, make_doc):
    x = extract_document(make_doc(case["text"]))
    got, want = _project(x.evidence.to_dict(orient="records"), case["evidence"], CORE)
    assert got == want
    got_t, want_t = _project(x.timings.to_dict(orient="records"), case["timings"], TIMING_CORE)
    assert got_t == want_t
