import json
from pathlib import Path

from typer.testing import CliRunner

from extract.columns import EVIDENCE_COLUMNS, TIMING_COLUMNS
from extract.outputs import read_csv
from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[2]
NEWS = str(ROOT / "corpus" / "news_talentace_talentop.txt")


def test_extract_writes_contract_csvs(tmp_path):
    result = CliRunner().invoke(app, ["extract", NEWS, "--format", "json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    ev = read_csv(tmp_path / "evidence.csv")
    assert list(ev.columns) == EVIDENCE_COLUMNS
    assert list(read_csv(tmp_path / "timings.csv").columns) == TIMING_COLUMNS
    assert set(ev["trial"]) == {"TALENTOP", "TALENTACE"}
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == len(ev)


def test_bad_file_is_reported_and_others_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(app, ["extract", str(empty), NEWS, "--format", "csv"])
    assert result.exit_code == 0
    assert "error:" in result.stderr and "empty.txt" in result.stderr
    assert "TALENTOP" in result.stdout


def test_all_files_bad_exits_2(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
