"""trial-extract check / gold check / decide, through typer's CliRunner. Ingestion and
extraction are replaced by stand-ins so these tests exercise the command itself."""

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from typer.testing import CliRunner

from extract.extractor import Extraction
from extract.model import IngestError
from pipeline.cli import app

from .helpers import evidence, gold_row, rec

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]

# what the stand-in extractor finds in each stand-in file
DOCS = {
    "conflict.txt": [rec(doc_id="d1", trial="SHARP", endpoint="OS", location="table", section="Table 1",
                         value_exp="10.7", value_ctrl="7.9", hr="0.69"),
                     rec(doc_id="d1", trial="SHARP", endpoint="OS", value_exp="10.7", value_ctrl="7.4", hr="0.69")],
    "new.txt": [rec(doc_id="d2", trial="NOVEL-9", endpoint="OS", value_exp="12.0", value_ctrl="10.0")],
    "clean.txt": [rec(doc_id="d3", trial="SHARP", endpoint="OS", value_exp="10.7", value_ctrl="7.9")],
}


@pytest.fixture
def stand_ins(monkeypatch):
    def load(path, **_):
        name = Path(path).name
        if name not in DOCS:
            raise IngestError(path, "file not found")
        return SimpleNamespace(doc_id=DOCS[name][0]["doc_id"], name=name)

    def extract_document(doc):
        return Extraction(doc.doc_id, doc.name, evidence(*DOCS[doc.name]), pd.DataFrame(), {})

    monkeypatch.setattr("extract.ingest.load", load)
    monkeypatch.setattr("extract.extractor.extract_document", extract_document)


@pytest.fixture
def gold_dir(tmp_path):
    d = tmp_path / "gold"
    d.mkdir()
    for name in ("aliases.csv", "decisions.csv"):
        shutil.copy(ROOT / "gold" / name, d / name)
    pd.DataFrame([gold_row(trial="SHARP", endpoint="OS", value_exp="10.7", value_ctrl="7.9", hr="0.69")]
                 ).to_csv(d / "trials.csv", index=False)
    return d


def check(gold_dir, *args):
    return runner.invoke(app, ["check", *args, "--gold", str(gold_dir)])


def test_check_prints_flags_and_exits_0(stand_ins, gold_dir):
    result = check(gold_dir, "conflict.txt", "new.txt", "--format", "csv")
    assert result.exit_code == 0, result.output
    flags = pd.read_csv(pd.io.common.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert {"INTERNAL_CONFLICT", "GOLD_MISMATCH", "NOT_IN_GOLD"} <= set(flags["code"])


@pytest.mark.parametrize("files, fail_on, code", [
    (["conflict.txt"], "error", 3),
    (["conflict.txt"], "warning", 3),
    (["new.txt"], "error", 0),      # only an info flag
    (["new.txt"], "warning", 0),
    (["clean.txt"], "error", 0),
])
def test_fail_on(stand_ins, gold_dir, files, fail_on, code):
    result = check(gold_dir, *files, "--fail-on", fail_on, "--format", "json")
    assert result.exit_code == code, result.output


def test_bad_file_is_one_error_line_and_the_rest_is_processed(stand_ins, gold_dir):
    result = check(gold_dir, "missing.txt", "conflict.txt", "--format", "json")
    assert result.exit_code == 0
    assert "error: missing.txt: file not found" in result.stderr
    flags = json.loads(result.stdout)
    assert any(f["code"] == "INTERNAL_CONFLICT" for f in flags)


def test_only_bad_files(stand_ins, gold_dir):
    result = check(gold_dir, "missing.txt", "--fail-on", "error")
    assert result.exit_code == 0
    assert "no flags" in result.stdout


def test_stale_decisions_are_reported(stand_ins, gold_dir):
    runner.invoke(app, ["decide", "feedfacefeedface", "--status", "dismissed", "--note", "old",
                        "--gold", str(gold_dir)])
    result = check(gold_dir, "clean.txt")
    assert result.exit_code == 0
    assert "stale" in result.stderr and "feedfacefeedface" in result.stderr


def test_table_format(stand_ins, gold_dir):
    result = check(gold_dir, "conflict.txt")
    assert result.exit_code == 0
    assert "INTERNAL_CONFLICT" in result.stdout and "error" in result.stdout


def test_dismissed_flag_does_not_fail_the_run(stand_ins, gold_dir):
    flags = json.loads(check(gold_dir, "conflict.txt", "--format", "json").stdout)
    for f in flags:
        if f["severity"] in ("error", "warning"):
            result = runner.invoke(app, ["decide", f["flag_id"], "--status", "dismissed",
                                         "--note", "false alarm", "--by", "me", "--gold", str(gold_dir)])
            assert result.exit_code == 0, result.output
    result = check(gold_dir, "conflict.txt", "--fail-on", "warning", "--format", "json")
    assert result.exit_code == 0
    assert {f["status"] for f in json.loads(result.stdout) if f["severity"] != "info"} == {"dismissed"}


def test_check_refuses_an_invalid_gold(stand_ins, gold_dir):
    (gold_dir / "trials.csv").write_text("trial,hr\nX,abc\n")
    result = check(gold_dir, "conflict.txt")
    assert result.exit_code == 1
    assert "trials.csv" in result.stderr


def test_gold_check_valid():
    result = runner.invoke(app, ["gold", "check", "--gold", str(ROOT / "gold")])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout and "23 trials" in result.stdout


def test_gold_check_invalid(gold_dir):
    df = pd.read_csv(gold_dir / "trials.csv", dtype=str, keep_default_na=False)
    df.loc[0, "hr"] = "0.95"   # outside 0.55-0.87 would need a CI; make the CI explicit
    df.loc[0, ["ci_low", "ci_high", "ci_level"]] = ["0.55", "0.87", "95"]
    df.to_csv(gold_dir / "trials.csv", index=False)
    result = runner.invoke(app, ["gold", "check", "--gold", str(gold_dir)])
    assert result.exit_code == 1
    assert "trials.csv: row 1 (line 2)" in result.stderr and "does not contain its HR" in result.stderr


def test_decide_appends_a_decision(gold_dir):
    result = runner.invoke(app, ["decide", "abc123", "--status", "accepted", "--note", "real",
                                 "--by", "me", "--gold", str(gold_dir)])
    assert result.exit_code == 0, result.output
    d = pd.read_csv(gold_dir / "decisions.csv", dtype=str, keep_default_na=False)
    assert d.iloc[-1][["flag_id", "status", "note", "by"]].tolist() == ["abc123", "accepted", "real", "me"]


def test_decide_rejects_an_unknown_status(gold_dir):
    result = runner.invoke(app, ["decide", "abc123", "--status", "maybe", "--note", "x", "--gold", str(gold_dir)])
    assert result.exit_code != 0
    assert pd.read_csv(gold_dir / "decisions.csv").empty
