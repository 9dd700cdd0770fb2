"""extract.evaluate: annotation loading, alignment, scores; plus the golden corpus test."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from typer.testing import CliRunner

from extract import evaluate as E
from extract.columns import EVIDENCE_COLUMNS, TIMING_COLUMNS

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------
# small hand-made records
# --------------------------------------------------------------------------------------
def ev_expected(**over) -> dict:
    rec = {c: "" for c in E.EVIDENCE_ANNOTATION_COLUMNS}
    rec.update(trial="SHARP", trial_inferred="False", endpoint="OS", measure="median",
               arm_exp="sorafenib", arm_ctrl="placebo", value_exp="10.7", value_ctrl="7.9",
               unit="months", hr="0.69", location="text", section="RESULTS",
               anchor_text="improved OS (10.7 months vs. 7.9 months")
    rec.update(over)
    return rec


def ev_extracted(**over) -> dict:
    rec = {c: "" for c in EVIDENCE_COLUMNS}
    rec.update(doc_id="d", source="s.txt", trial="SHARP", trial_inferred="False",
               endpoint="OS", measure="median", arm_exp="sorafenib", arm_ctrl="placebo",
               value_exp="10.7", value_ctrl="7.9", unit="months", hr="0.69", location="text",
               page="1", section="RESULTS", start="0", end="80",
               quote="Sorafenib improved OS (10.7 months vs. 7.9 months; HR = 0.69).")
    rec.update(over)
    return rec


def tm_expected(**over) -> dict:
    rec = {c: "" for c in E.TIMING_ANNOTATION_COLUMNS}
    rec.update(trial="SPACE", regimen="sorafenib", relation="before", low="3", high="7",
               unit="days", anchor="first TACE", location="table",
               anchor_text="sorafenib initiated 3-7 day before")
    rec.update(over)
    return rec


def tm_extracted(**over) -> dict:
    rec = {c: "" for c in TIMING_COLUMNS}
    rec.update(doc_id="d", source="s.txt", trial="SPACE", regimen="sorafenib",
               relation="before", low="3", high="7", unit="days", anchor="first TACE",
               location="table", page="1", start="0", end="60",
               quote="sorafenib initiated 3-7 day before the first TACE procedure")
    rec.update(over)
    return rec


def frame(*records: dict) -> pd.DataFrame:
    return pd.DataFrame(list(records), dtype=object)


# --------------------------------------------------------------------------------------
# alignment and scores
# --------------------------------------------------------------------------------------
def test_perfect_match_scores_one():
    r = E.align(frame(ev_expected()), frame(ev_extracted()), "evidence")
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (1, 0, 0)
    assert r.counts.precision == r.counts.recall == r.counts.f1 == 1.0
    assert not r.misses and not r.false_records and not r.field_mismatches
    assert r.fields["arm_exp"].accuracy == 1.0
    assert r.fields[E.ANCHOR_FIELD].tp == 1


def test_a_missed_record_is_listed_as_a_miss():
    os_rec = ev_expected()
    ttp_rec = ev_expected(endpoint="TTP", value_exp="5.5", value_ctrl="2.8", hr="0.58",
                          anchor_text="TTP (5.5 months vs. 2.8 months")
    r = E.align(frame(os_rec, ttp_rec), frame(ev_extracted()), "evidence")
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (1, 0, 1)
    assert r.counts.precision == 1.0 and r.counts.recall == 0.5
    assert [m.record["endpoint"] for m in r.misses] == ["TTP"]
    assert r.misses[0].kind == "miss"


def test_an_extra_record_is_listed_as_false():
    extra = ev_extracted(endpoint="PFS", value_exp="5.5", value_ctrl="2.8", hr="0.58",
                         quote="PFS 5.5 vs 2.8 months (HR 0.58)")
    r = E.align(frame(ev_expected()), frame(ev_extracted(), extra), "evidence")
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (1, 1, 0)
    assert r.counts.precision == 0.5 and r.counts.recall == 1.0
    assert [f.record["endpoint"] for f in r.false_records] == ["PFS"]
    assert r.false_records[0].record["quote"] == "PFS 5.5 vs 2.8 months (HR 0.58)"


def test_one_wrong_value_is_one_miss_and_one_false_record_paired_with_both_sides():
    r = E.align(frame(ev_expected()), frame(ev_extracted(value_ctrl="7.0")), "evidence")
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (0, 1, 1)
    miss, false = r.misses[0], r.false_records[0]
    assert miss.differing == ["value_ctrl"] and false.differing == ["value_ctrl"]
    assert miss.record["value_ctrl"] == "7.9" and miss.counterpart["value_ctrl"] == "7.0"
    assert false.record["value_ctrl"] == "7.0" and false.counterpart["value_ctrl"] == "7.9"


def test_wrong_non_key_field_still_aligns_and_is_scored_per_field():
    r = E.align(frame(ev_expected()), frame(ev_extracted(arm_ctrl="sorafenib")), "evidence")
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (1, 0, 0)
    s = r.fields["arm_ctrl"]
    assert (s.tp, s.fp, s.fn, s.agree, s.total) == (0, 1, 1, 0, 1)
    assert r.field_mismatches[0].differing == ["arm_ctrl"]
    assert r.fields["arm_exp"].f1 == 1.0


def test_field_score_cases():
    assert E.score_field("interim", "interim").tp == 1
    assert E.score_field("interim", "").fn == 1
    assert E.score_field("", "interim").fp == 1
    both_empty = E.score_field("", "")
    assert (both_empty.tp, both_empty.fp, both_empty.fn, both_empty.agree) == (0, 0, 0, 1)


def test_whitespace_and_boolean_spelling_are_normalized():
    x = ev_extracted(trial=" SHARP ", value_exp="10.7 ", trial_inferred="false",
                     arm_exp="sorafenib\u00a0")
    r = E.align(frame(ev_expected()), frame(x), "evidence")
    assert r.counts.tp == 1 and not r.field_mismatches


def test_printed_precision_matters_for_alignment():
    r = E.align(frame(ev_expected(value_exp="11.30")), frame(ev_extracted(value_exp="11.3")),
                "evidence")
    assert r.counts.tp == 0 and r.misses[0].differing == ["value_exp"]


def test_duplicate_extracted_records_count_one_match_and_one_false():
    r = E.align(frame(ev_expected()), frame(ev_extracted(), ev_extracted()), "evidence")
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (1, 1, 0)


def test_duplicate_keys_are_resolved_by_anchor_text():
    # Two expected records with the same key (e.g. one sentence repeated in two sections),
    # distinguished only by anchor; the extracted ones come in the other order.
    a = ev_expected(section="A", anchor_text="first sentence with the figures")
    b = ev_expected(section="B", anchor_text="second sentence with the figures")
    xb = ev_extracted(section="B", quote="Here is the second sentence with the figures.")
    xa = ev_extracted(section="A", quote="Here is the first sentence with the figures.")
    r = E.align(frame(a, b), frame(xb, xa), "evidence")
    assert r.counts.tp == 2 and not r.field_mismatches
    assert {(p.expected["section"], p.extracted["section"]) for p in r.pairs} == {
        ("A", "A"), ("B", "B")}


def test_anchor_match_ignores_markup_citations_and_case():
    assert E.anchor_in_quote("OS (16.4 months vs. 13.8 months",
                             "outperformed sorafenib in OS (16.4 months *vs.* 13.8 months")
    assert E.anchor_in_quote("HR = 0.80, P = 0.07", "(HR = 0.80, <i>P</i> = 0.07)")
    assert E.anchor_in_quote("SPACE started sorafenib", "SPACE^[52] started sorafenib")
    assert not E.anchor_in_quote("", "anything")


def test_quote_without_anchor_is_reported_on_an_aligned_pair():
    r = E.align(frame(ev_expected()), frame(ev_extracted(quote="unrelated text")), "evidence")
    assert r.counts.tp == 1
    assert r.fields[E.ANCHOR_FIELD].fn == 1
    assert r.field_mismatches[0].differing == [E.ANCHOR_FIELD]


def test_timings_align_on_their_key_and_score_regimen():
    r = E.align(frame(tm_expected()), frame(tm_extracted(regimen="sorafenib/placebo")),
                "timings")
    assert r.counts.tp == 1 and r.fields["regimen"].fp == 1
    r = E.align(frame(tm_expected()), frame(tm_extracted(high="")), "timings")
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (0, 1, 1)
    assert r.misses[0].differing == ["high"]


def test_unrelated_miss_and_false_are_not_paired():
    x = ev_extracted(trial="REFLECT", endpoint="PFS", measure="rate", value_exp="24",
                     value_ctrl="9", hr="", quote="ORR 24% vs 9%")
    r = E.align(frame(ev_expected()), frame(x), "evidence")
    assert r.misses[0].counterpart is None and r.false_records[0].counterpart is None


def test_empty_sides():
    r = E.align(frame(), frame(), "timings")
    assert r.counts.precision == r.counts.recall == r.counts.f1 == 1.0
    r = E.align(frame(tm_expected()), None, "timings")
    assert (r.counts.tp, r.counts.fn, r.counts.precision, r.counts.recall) == (0, 1, 0.0, 0.0)
    r = E.align(frame(), frame(tm_extracted()), "timings")
    assert (r.counts.fp, r.counts.precision) == (1, 0.0)


def test_extracted_frame_with_missing_or_nan_columns():
    x = pd.DataFrame([ev_extracted()]).drop(columns=["ci_level"])
    x.loc[0, "ci_low"] = float("nan")
    r = E.align(frame(ev_expected()), x, "evidence")
    assert r.counts.tp == 1


# --------------------------------------------------------------------------------------
# annotation files
# --------------------------------------------------------------------------------------
def write_csv(path: Path, rows: list[dict], columns: list[str]) -> Path:
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    return path


def test_load_annotations_reads_strings_and_line_numbers(tmp_path):
    p = write_csv(tmp_path / "doc.evidence.csv",
                  [ev_expected(), ev_expected(value_exp="11.30", hr="0.70")],
                  E.EVIDENCE_ANNOTATION_COLUMNS)
    df = E.load_annotations(p)
    assert list(df.columns) == E.EVIDENCE_ANNOTATION_COLUMNS + ["line"]
    assert df["value_exp"].tolist() == ["10.7", "11.30"]
    assert df["hr"].tolist() == ["0.69", "0.70"]
    assert df["line"].tolist() == ["2", "3"]


def test_missing_column_is_named(tmp_path):
    cols = [c for c in E.EVIDENCE_ANNOTATION_COLUMNS if c != "anchor_text"]
    p = write_csv(tmp_path / "doc.evidence.csv", [ev_expected()], cols)
    with pytest.raises(E.AnnotationError, match=r"doc\.evidence\.csv.*\n.*missing column"
                                                r"\(s\): anchor_text"):
        E.load_annotations(p)


def test_unknown_column_is_named(tmp_path):
    p = write_csv(tmp_path / "doc.timings.csv", [dict(tm_expected(), quote="q")],
                  E.TIMING_ANNOTATION_COLUMNS + ["quote"])
    with pytest.raises(E.AnnotationError, match="unknown column.*quote"):
        E.load_annotations(p)


@pytest.mark.parametrize("override, message", [
    ({"endpoint": "overall survival"}, "endpoint 'overall survival'"),
    ({"location": "figure"}, "location 'figure'"),
    ({"trial_inferred": "maybe"}, "trial_inferred 'maybe'"),
    ({"anchor_text": ""}, "anchor_text is empty"),
    ({"value_exp": "", "value_ctrl": "", "hr": ""}, "no value"),
    ({"ci_low": "0.5"}, "ci_low and ci_high"),
    ({"unit": "mo"}, "unit 'mo'"),
])
def test_bad_evidence_row_names_file_and_line(tmp_path, override, message):
    p = write_csv(tmp_path / "doc.evidence.csv", [ev_expected(), ev_expected(**override)],
                  E.EVIDENCE_ANNOTATION_COLUMNS)
    with pytest.raises(E.AnnotationError) as info:
        E.load_annotations(p)
    assert info.value.path == str(p)
    assert {line for line, _ in info.value.problems} == {3}
    assert message in str(info.value) and "line 3" in str(info.value)


@pytest.mark.parametrize("override, message", [
    ({"relation": "during"}, "relation 'during'"),
    ({"anchor": "second TACE"}, "anchor 'second TACE'"),
    ({"low": "", "high": ""}, "low and high are both empty"),
    ({"unit": "day"}, "unit 'day'"),
])
def test_bad_timing_row_names_file_and_line(tmp_path, override, message):
    p = write_csv(tmp_path / "doc.timings.csv", [tm_expected(**override)],
                  E.TIMING_ANNOTATION_COLUMNS)
    with pytest.raises(E.AnnotationError, match=re.escape(message)) as info:
        E.load_annotations(p)
    assert info.value.problems[0][0] == 2


def test_unquoted_comma_is_reported_with_its_line(tmp_path):
    p = tmp_path / "doc.timings.csv"
    good = ",".join(tm_expected()[c] for c in E.TIMING_ANNOTATION_COLUMNS)
    bad = good.replace("sorafenib initiated", "sorafenib, initiated")
    p.write_text(",".join(E.TIMING_ANNOTATION_COLUMNS) + "\n" + good + "\n" + bad + "\n")
    with pytest.raises(E.AnnotationError, match="line 3.*unquoted comma"):
        E.load_annotations(p)


def test_header_only_file_is_valid_and_empty(tmp_path):
    p = tmp_path / "doc.timings.csv"
    p.write_text(",".join(E.TIMING_ANNOTATION_COLUMNS) + "\n")
    assert len(E.load_annotations(p)) == 0


def test_file_name_must_say_its_record_type(tmp_path):
    p = write_csv(tmp_path / "doc.csv", [tm_expected()], E.TIMING_ANNOTATION_COLUMNS)
    with pytest.raises(E.AnnotationError, match="evidence.csv or .timings.csv"):
        E.load_annotations(p)


# --------------------------------------------------------------------------------------
# corpus-level evaluation with a stand-in extractor
# --------------------------------------------------------------------------------------
@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    ann = tmp_path / "ann"
    corpus.mkdir()
    ann.mkdir()
    (corpus / "a.txt").write_text("Sorafenib improved OS (10.7 months vs. 7.9 months).")
    (corpus / "b.txt").write_text("Nothing here.")
    write_csv(ann / "a.evidence.csv", [ev_expected()], E.EVIDENCE_ANNOTATION_COLUMNS)
    write_csv(ann / "a.timings.csv", [tm_expected()], E.TIMING_ANNOTATION_COLUMNS)
    write_csv(ann / "b.evidence.csv", [ev_expected(trial="REFLECT")],
              E.EVIDENCE_ANNOTATION_COLUMNS)
    return corpus, ann


def fake_extract(path: Path):
    if path.stem == "b":
        raise RuntimeError("boom")
    return SimpleNamespace(evidence=frame(ev_extracted()),
                           timings=frame(tm_extracted(), tm_extracted(low="4")))


def test_evaluate_corpus_merges_documents_and_records_errors(small_corpus):
    corpus, ann = small_corpus
    ev = E.evaluate_corpus(corpus, ann, extract_fn=fake_extract)
    assert ev.documents == ["a", "b"]
    assert [(e.doc, e.stage) for e in ev.errors] == [("b", "extract")]
    c = ev.results["evidence"].counts
    assert (c.tp, c.fp, c.fn) == (1, 0, 1)  # b's record is a miss: its extraction failed
    t = ev.results["timings"].counts
    assert (t.tp, t.fp, t.fn) == (1, 1, 0)
    assert ev.per_document["a"]["evidence"].tp == 1
    json.dumps(ev.to_dict())  # serializable


def test_annotation_without_document_is_an_error_not_a_crash(small_corpus):
    corpus, ann = small_corpus
    (corpus / "b.txt").unlink()
    ev = E.evaluate_corpus(corpus, ann, extract_fn=fake_extract)
    assert [(e.doc, e.stage) for e in ev.errors] == [("b", "corpus")]


def test_cli_evaluate_table_and_json(small_corpus, monkeypatch):
    from pipeline.cli import app

    corpus, ann = small_corpus
    monkeypatch.setattr(E, "default_extract", fake_extract)
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "--corpus", str(corpus), "--annotations", str(ann)])
    assert res.exit_code == 0, res.output
    assert "MISS" in res.output and "FALSE" in res.output and "boom" in res.output
    res = runner.invoke(app, ["evaluate", "--corpus", str(corpus), "--annotations", str(ann),
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["results"]["timings"]["fp"] == 1
    assert data["results"]["timings"]["false_records"][0]["record"]["low"] == "4"


def test_cli_evaluate_bad_annotations_exit_2(small_corpus, monkeypatch):
    from pipeline.cli import app

    corpus, ann = small_corpus
    monkeypatch.setattr(E, "default_extract", fake_extract)
    write_csv(ann / "a.evidence.csv", [ev_expected(endpoint="Overall")],
              E.EVIDENCE_ANNOTATION_COLUMNS)
    res = CliRunner().invoke(app, ["evaluate", "--corpus", str(corpus), "--annotations",
                                   str(ann)])
    assert res.exit_code == 2
    assert "a.evidence.csv" in res.output and "line 2" in res.output


# --------------------------------------------------------------------------------------
# the committed annotations, and the golden test over the sample corpus
# --------------------------------------------------------------------------------------
ANNOTATIONS = ROOT / "gold" / "annotations"
CORPUS = ROOT / "corpus"


@pytest.mark.parametrize("stem", sorted(E.find_annotations(ANNOTATIONS)))
def test_committed_annotations_are_valid_and_anchored_in_their_document(stem):
    files = E.find_annotations(ANNOTATIONS)[stem]
    assert set(files) == {"evidence", "timings"}
    doc = E.find_document(CORPUS, stem)
    assert doc is not None
    text = re.sub(r"\s+", " ", doc.read_text(encoding="utf-8"))
    for rt, path in files.items():
        df = E.load_annotations(path, rt)
        for _, row in df.iterrows():
            assert text.count(row["anchor_text"]) == 1, (path.name, row["line"])
            assert 5 <= len(row["anchor_text"].split()) <= 12, (path.name, row["line"])


def test_golden_sample_corpus_is_extracted_exactly():
    ev = E.evaluate_corpus(CORPUS, ANNOTATIONS)
    assert not ev.errors, ev.errors
    for rt in E.RECORD_TYPES:
        r = ev.results[rt]
        report = "\n".join(
            f"{i.kind} {i.doc}: {i.record} / closest: {i.counterpart} differing {i.differing}"
            for i in r.misses + r.false_records)
        assert r.counts.tp > 0 or rt == "timings"
        assert r.counts.precision == 1.0, f"{rt} false records:\n{report}"
        assert r.counts.recall == 1.0, f"{rt} misses:\n{report}"
