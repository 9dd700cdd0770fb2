"""End to end on a copy of the sample corpus with the real library: the console command with
the default task runner, then the same flow on a Dask LocalCluster (same outputs)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extract.columns import ERROR_COLUMNS, EVIDENCE_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS
from extract.outputs import read_csv
from pipeline.cli import app
from pipeline.flows import discover, evidence_run

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

OUTPUTS = ["evidence.csv", "evidence.parquet", "timings.csv", "flags.csv", "errors.csv",
           "changes.md", "summary.md", "report.html", "store.sqlite"]


@pytest.fixture(scope="module")
def default_run(tmp_path_factory, prefect_server):
    import shutil

    root = tmp_path_factory.mktemp("e2e")
    shutil.copytree(ROOT / "corpus", root / "corpus")
    shutil.copytree(ROOT / "gold", root / "gold")
    result = CliRunner().invoke(app, ["run", str(root / "corpus"), "--gold", str(root / "gold"),
                                      "--out", str(root / "out")])
    return root, result


def test_the_run_writes_every_output_with_contract_columns(default_run):
    root, result = default_run
    assert result.exit_code == 0, result.output
    out = root / "out"
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    for name, cols in [("evidence.csv", EVIDENCE_COLUMNS), ("timings.csv", TIMING_COLUMNS),
                       ("flags.csv", FLAG_COLUMNS), ("errors.csv", ERROR_COLUMNS)]:
        assert list(read_csv(out / name).columns) == cols, name
    ev = read_csv(out / "evidence.csv")
    documents = [p.relative_to(root / "corpus").as_posix() for p in discover(root / "corpus")]
    assert len(documents) >= 2
    assert set(ev["source"]) == set(documents)  # every sample document yields evidence
    assert len(read_csv(out / "errors.csv")) == 0
    assert f"{len(documents)} read" in result.output and "first run" in result.output


def test_printed_values_are_kept_as_printed(default_run):
    root, _ = default_run
    ev = read_csv(root / "out" / "evidence.csv")
    values = [(c, v, q) for rec in ev.to_dict("records") if rec["measure"] != "derived HR"
              for c in ("value_exp", "value_ctrl", "hr", "ci_low", "ci_high")
              if (v := rec[c]) and v not in ("NR", "NE") for q in [rec["quote"]]]
    assert values, "no values extracted"
    assert [(c, v) for c, v, q in values if v not in q] == []  # each as it stands in its quote
    assert any(v.endswith("0") and "." in v for _c, v, _q in values)  # trailing zeros survive
    pq = pd.read_parquet(root / "out" / "evidence.parquet")
    assert pq["hr"].fillna("").tolist() == ev["hr"].tolist()


def test_the_dask_runner_gives_the_same_outputs(default_run, tmp_path):
    root, result = default_run
    assert result.exit_code == 0, result.output
    # As a deployment would: the flow started on its default runner, asked for Dask.
    summary = evidence_run(str(root / "corpus"), str(root / "gold"), str(tmp_path / "out"),
                           task_runner="dask")
    assert summary["counts"]["extracted"] == len(discover(root / "corpus"))  # all, on Dask
    for name in ("evidence.csv", "timings.csv", "flags.csv", "errors.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (root / "out" / name).read_bytes(), name
