"""Output files: contract columns, printed values, atomic replacement."""

from __future__ import annotations

import pandas as pd
import pytest

from extract import outputs
from extract.columns import (
    ERROR_COLUMNS, EVIDENCE_COLUMNS, EVIDENCE_EXTRA_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS,
)


def evidence() -> pd.DataFrame:
    rows = [
        {"doc_id": "d1", "trial": "EMERALD-1", "value_exp": "11.30", "value_ctrl": "NE",
         "hr": "0.70", "p_value": ".04", "page": 3, "start": 10, "end": 40,
         "trial_inferred": False, "citations": "45;46", "quote": 'OS "11.30", NE'},
        {"doc_id": "d1", "trial": "LEAP-012", "value_exp": "NR", "p_value": "<0.001",
         "page": None, "start": 41, "end": 60, "trial_inferred": True},
    ]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS)


def write_all(out):
    flags = pd.DataFrame([{"flag_id": "f1", "code": "GOLD_MISMATCH", "severity": "error",
                           "evidence_quote": "detail"}])
    errors = pd.DataFrame([{"doc_id": "d2", "source": "junk.pdf", "stage": "ingest",
                            "error": "not a PDF"}])
    return outputs.write_outputs(out, evidence=evidence(), timings=pd.DataFrame(),
                                 flags=flags, errors=errors, changes_md="# changes\n",
                                 summary_md="# summary\n")


def test_every_output_is_written_with_contract_columns_only(tmp_path):
    written = write_all(tmp_path)
    assert set(written) == {"evidence.csv", "timings.csv", "flags.csv", "errors.csv",
                            "evidence.parquet", "changes.md", "summary.md"}
    expected = {"evidence.csv": EVIDENCE_COLUMNS, "timings.csv": TIMING_COLUMNS,
                "flags.csv": FLAG_COLUMNS, "errors.csv": ERROR_COLUMNS}
    for name, cols in expected.items():
        assert list(outputs.read_csv(tmp_path / name).columns) == cols
    assert (tmp_path / "changes.md").read_text() == "# changes\n"
    assert list(pd.read_parquet(tmp_path / "evidence.parquet").columns) == EVIDENCE_COLUMNS


def test_printed_values_survive_csv_and_parquet(tmp_path):
    write_all(tmp_path)
    ev = outputs.read_csv(tmp_path / "evidence.csv")
    assert list(ev["value_exp"]) == ["11.30", "NR"]
    assert list(ev["value_ctrl"]) == ["NE", ""]
    assert list(ev["p_value"]) == [".04", "<0.001"]
    assert list(ev["page"]) == ["3", ""]  # an int column with a gap is not written as 3.0
    assert list(ev["trial_inferred"]) == ["False", "True"]
    assert ev["quote"][0] == 'OS "11.30", NE'
    raw = (tmp_path / "evidence.csv").read_text()
    assert ",11.30,NE," in raw
    pq = pd.read_parquet(tmp_path / "evidence.parquet")
    assert list(pq["value_exp"]) == ["11.30", "NR"] and list(pq["hr"].fillna("")) == ["0.70", ""]
    assert pq["page"].tolist()[0] == 3 and pd.isna(pq["page"].tolist()[1])


def test_a_failure_mid_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    write_all(tmp_path)
    before = (tmp_path / "evidence.csv").read_bytes()

    def half_then_fail(self, path, *a, **kw):
        with open(path, "w") as fh:
            fh.write("doc_id,trunc")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        outputs.write_csv(evidence().head(1), tmp_path / "evidence.csv", EVIDENCE_COLUMNS)
    assert (tmp_path / "evidence.csv").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_atomic_write_text_replaces_the_whole_file(tmp_path):
    target = tmp_path / "sub" / "summary.md"
    outputs.atomic_write_text(target, "old and longer\n")
    outputs.atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"


def test_written_files_follow_the_umask_not_the_temp_files_private_mode(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        path = outputs.atomic_write_text(tmp_path / "summary.md", "# run\n")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
