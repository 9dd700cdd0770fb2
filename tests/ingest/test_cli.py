"""`trial-extract ingest FILE [--json]` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extract.cli.ingest import EXIT_BAD_INPUT, register

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def app():
    # a group with a callback, as in the real root app (which registers several commands)
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """trial-extract (test root)."""

    register(app)
    return app


def invoke(app, *args):
    return CliRunner().invoke(app, ["ingest", *map(str, args)])


def test_summary_lists_tables_and_references(app):
    result = invoke(app, CORPUS / "review_tace_systemic_hcc.txt")
    assert result.exit_code == 0
    assert "Table 1" in result.output and "Table 2" in result.output
    assert "references=61" in result.output
    assert "paragraph" in result.output


def test_json_is_the_whole_document(app):
    result = invoke(app, CORPUS / "news_talentace_talentop.txt", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"doc_id", "text", "blocks", "tables", "page_starts", "citations"} <= set(data)
    assert data["format"] == "text"


@pytest.mark.parametrize("name, content, fragment", [
    ("missing.txt", None, "file not found"),
    ("empty.txt", b"", "empty file"),
    ("junk.pdf", b"\x00\x01\x02 not a pdf", "not a PDF"),
])
def test_bad_input_prints_reason_and_exits_2(app, tmp_path, name, content, fragment):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = invoke(app, path)
    assert result.exit_code == EXIT_BAD_INPUT == 2
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
