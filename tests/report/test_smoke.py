"""build_report and summary_markdown work on minimal and on empty data."""

import pandas as pd

from extract.report import build_report, summary_markdown


def test_build_report_on_empty_data_writes_report_html(tmp_path):
    path = build_report({}, tmp_path)
    assert path == tmp_path / "report.html"
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "No flags." in html


def test_build_report_accepts_a_file_path(tmp_path):
    path = build_report({"documents": pd.DataFrame()}, tmp_path / "sub" / "audit.html")
    assert path == tmp_path / "sub" / "audit.html" and path.exists()


def test_summary_markdown_counts_documents():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.pdf"],
                         "status": ["ok", "error"], "error": ["", "encrypted"]})
    md = summary_markdown({"documents": docs})
    assert "| documents read | 1 |" in md
    assert "| documents failed | 1 |" in md
    assert "b.pdf: encrypted" in md


def test_summary_markdown_nests_the_changes_headings():
    md = summary_markdown({"changes": "# Changes since the previous run\n\n## Documents added\n"})
    assert "\n### Changes since the previous run\n" in md
    assert "\n#### Documents added\n" in md
    assert md.count("\n# ") == 0  # one title only, at the top


def test_summary_markdown_counts_flags_by_code():
    flags = pd.DataFrame({"flag_id": ["a", "b", "c"], "code": ["NOT_IN_GOLD", "GOLD_MISMATCH",
                                                                 "GOLD_MISMATCH"],
                          "severity": ["info", "error", "error"],
                          "status": ["open", "open", "dismissed"]})
    md = summary_markdown({"flags": flags})
    assert "| GOLD\\_MISMATCH | error | 1 | 2 |" in md
    assert md.index("GOLD\\_MISMATCH | error | 1") < md.index("NOT\\_IN\\_GOLD | info")
