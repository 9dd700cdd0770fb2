"""The evidence_run flow's orchestration with a stand-in library (see conftest.fake_library):
outputs, incremental runs, bad documents, failures, the run lock, the CLI's exit codes,
the scheduled deployment."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import extract
from extract.columns import ERROR_COLUMNS, EVIDENCE_COLUMNS, FLAG_COLUMNS
from extract.outputs import read_csv
from extract.store import Store, StoreLocked, default_url
from pipeline.cli import app
from pipeline.flows import discover, run_pipeline

pytestmark = pytest.mark.slow


def latest_artifacts(*keys):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactCollectionFilter, ArtifactCollectionFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_latest_artifacts(artifact_filter=ArtifactCollectionFilter(
            key=ArtifactCollectionFilterKey(any_=list(keys))))
    by_key = {a.key: a for a in found}
    return [by_key[k] for k in keys]


def test_discover_finds_documents_recursively_and_skips_readmes(fake_project):
    found = [p.relative_to(fake_project.corpus).as_posix() for p in discover(fake_project.corpus)]
    assert found == ["a.txt", "b.md", "sub/c.txt"]


def test_incremental_runs(prefect_server, fake_library, fake_project, monkeypatch):
    p = fake_project
    s1 = run_pipeline(p.corpus, p.gold, p.out)
    assert sorted(fake_library) == ["a.txt", "b.md", "c.txt"]
    for name in ("evidence.csv", "evidence.parquet", "timings.csv", "flags.csv", "errors.csv",
                 "changes.md", "summary.md", "store.sqlite"):
        assert (p.out / name).exists(), name
    ev = read_csv(p.out / "evidence.csv")
    assert list(ev.columns) == EVIDENCE_COLUMNS
    assert sorted(ev["source"]) == ["a.txt", "b.md", "sub/c.txt"]
    alpha_os = ev[(ev["trial"] == "ALPHA") & (ev["endpoint"] == "OS")].iloc[0]
    assert (alpha_os["value_exp"], alpha_os["value_ctrl"], alpha_os["hr"]) == ("11.30", "NE", "0.70")
    assert list(read_csv(p.out / "flags.csv").columns) == FLAG_COLUMNS
    assert s1["counts"]["flags"] == {"error": 0, "warning": 0, "info": 1}  # BETA not in gold
    assert s1["changes"].first_run
    summary_artifact, flags_artifact = latest_artifacts("evidence-run-summary",
                                                        "evidence-run-flags")
    assert summary_artifact.data == (p.out / "summary.md").read_text()
    assert "BETA not in gold" in str(flags_artifact.data)

    # Unchanged corpus: nothing is extracted again, and nothing changed.
    fake_library.clear()
    s2 = run_pipeline(p.corpus, p.gold, p.out)
    assert fake_library == []
    assert s2["counts"]["extracted"] == 0 and s2["counts"]["cached"] == 3
    assert s2["counts"]["evidence"] == 3
    assert "Nothing changed" in (p.out / "changes.md").read_text()

    # One document added: only it is extracted; the change report names it and its trial.
    (p.corpus / "sub" / "d.txt").write_text("DELTA ORR 40 20 0.5\n")
    s3 = run_pipeline(p.corpus, p.gold, p.out)
    assert fake_library == ["d.txt"]
    assert s3["changes"].new_documents == ["sub/d.txt"] and s3["changes"].new_trials == ["DELTA"]
    changes_md = (p.out / "changes.md").read_text()
    assert "sub/d.txt" in changes_md and "DELTA" in changes_md
    assert "sub/d.txt" in (p.out / "summary.md").read_text()  # the summary carries the changes
    assert "DELTA" in set(read_csv(p.out / "evidence.csv")["trial"])

    # A removed document drops out of the outputs (and of the flags it raised).
    fake_library.clear()
    (p.corpus / "b.md").unlink()
    s4 = run_pipeline(p.corpus, p.gold, p.out)
    assert fake_library == []
    ev = read_csv(p.out / "evidence.csv")
    assert "BETA" not in set(ev["trial"]) and len(ev) == 3
    assert s4["changes"].removed_documents == ["b.md"]
    assert [f["trial"] for f in s4["changes"].resolved_flags] == ["BETA"]

    # A new extractor version re-extracts everything.
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "test-next")
    s5 = run_pipeline(p.corpus, p.gold, p.out)
    assert sorted(fake_library) == ["a.txt", "c.txt", "d.txt"]
    assert s5["counts"]["extracted"] == 3


def test_a_bad_document_is_an_error_row_and_the_run_succeeds(prefect_server, fake_library,
                                                              fake_project, monkeypatch):
    import hashlib

    p = fake_project
    (p.corpus / "junk.pdf").write_bytes(b"\x00\x01 this is not a PDF")
    (p.corpus / "locked.txt").write_text("ALPHA OS 1 2 3\n")
    real_digest = hashlib.file_digest

    def digest(fh, name):  # tests run as root, where chmod 000 does not stop reading
        if fh.name.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_digest(fh, name)

    monkeypatch.setattr(hashlib, "file_digest", digest)
    result = CliRunner().invoke(app, ["run", str(p.corpus), "--gold", str(p.gold),
                                      "--out", str(p.out)])
    assert result.exit_code == 0, result.output
    errors = read_csv(p.out / "errors.csv")
    assert list(errors.columns) == ERROR_COLUMNS
    assert errors[["source", "stage", "error"]].values.tolist() == [
        ["junk.pdf", "ingest", "not a readable document"],
        ["locked.txt", "read", "PermissionError: Permission denied"]]
    assert len(read_csv(p.out / "evidence.csv")) == 3  # every other document is there
    assert "2 failed" in result.output and "junk.pdf" in result.output
    db = Store(default_url(p.out))
    try:
        docs = db.load_frames()["documents"]
    finally:
        db.dispose()
    assert docs.set_index("source").loc["junk.pdf", "status"] == "error"


def test_fail_on_exits_3_when_matching_flags_exist(prefect_server, fake_library, fake_project):
    p = fake_project
    args = ["run", str(p.corpus), "--gold", str(p.gold), "--out", str(p.out)]
    assert CliRunner().invoke(app, args + ["--fail-on", "error"]).exit_code == 0  # info only
    (p.corpus / "e.txt").write_text("ALPHA ORR 99 20 0.5\n")  # the fake raises an error flag
    result = CliRunner().invoke(app, args + ["--fail-on", "warning"])
    assert result.exit_code == 3, result.output


def test_an_invalid_gold_folder_stops_the_run_with_exit_1(prefect_server, fake_library,
                                                          fake_project):
    p = fake_project
    (p.gold / "trials.csv").unlink()
    result = CliRunner().invoke(app, ["run", str(p.corpus), "--gold", str(p.gold),
                                      "--out", str(p.out)])
    assert result.exit_code == 1
    assert "trials.csv is missing" in result.output
    assert not (p.out / "store.sqlite").exists()  # the run did not start


def test_a_failing_run_keeps_the_previous_results(prefect_server, fake_library, fake_project,
                                                  monkeypatch):
    import hashlib

    from extract import reconcile as reconcile_module

    p = fake_project
    run_pipeline(p.corpus, p.gold, p.out)
    before = (p.out / "evidence.csv").read_bytes()
    (p.corpus / "new.txt").write_text("OMEGA OS 1.0 2.0 0.9\n")
    new_id = hashlib.sha256((p.corpus / "new.txt").read_bytes()).hexdigest()

    def broken(*a, **kw):
        raise RuntimeError("reconciliation bug")

    working = reconcile_module.reconcile
    monkeypatch.setattr(reconcile_module, "reconcile", broken)
    result = CliRunner().invoke(app, ["run", str(p.corpus), "--gold", str(p.gold),
                                      "--out", str(p.out)])
    assert result.exit_code == 1 and "reconciliation bug" in result.output
    assert (p.out / "evidence.csv").read_bytes() == before
    db = Store(default_url(p.out))
    try:
        assert "OMEGA" not in set(db.load_frames()["evidence"]["trial"])  # the last good run
        assert db.cached([new_id], extract.EXTRACTOR_VERSION) == {new_id}  # batch committed
    finally:
        db.dispose()
    # The next run does not extract the new document again.
    fake_library.clear()
    monkeypatch.setattr(reconcile_module, "reconcile", working)
    run_pipeline(p.corpus, p.gold, p.out)
    assert fake_library == []
    assert "OMEGA" in set(read_csv(p.out / "evidence.csv")["trial"])


def test_a_second_run_on_a_held_store_is_refused(prefect_server, fake_library, fake_project):
    p = fake_project
    holder = Store(default_url(p.out))
    holder.acquire("other-run")
    try:
        with pytest.raises(StoreLocked, match="another run holds the store since"):
            run_pipeline(p.corpus, p.gold, p.out)
        result = CliRunner().invoke(app, ["run", str(p.corpus), "--gold", str(p.gold),
                                          "--out", str(p.out)])
        assert result.exit_code == 1
        assert "another run holds the store since" in result.output
        assert not (p.out / "evidence.csv").exists()
    finally:
        holder.release("other-run")
        holder.dispose()


def test_report_rebuilds_from_the_store(prefect_server, fake_library, fake_project):
    p = fake_project
    run_pipeline(p.corpus, p.gold, p.out)
    (p.out / "report.html").unlink(missing_ok=True)
    result = CliRunner().invoke(app, ["report", "--out", str(p.out), "--gold", str(p.gold)])
    assert result.exit_code == 0, result.output
    html = (p.out / "report.html").read_text()
    assert "ALPHA" in html and "11.30" in html


def test_report_without_a_store_exits_1(tmp_path):
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "no store" in result.output


def test_the_scheduled_deployment_carries_the_cron_schedule(fake_project):
    from pipeline.commands import deployment_kwargs
    from pipeline.flows import evidence_run

    p = fake_project
    kwargs = deployment_kwargs("0 6 * * 1", p.corpus, p.gold, p.out, None, "dask")
    deployment = evidence_run.to_deployment("weekly", **kwargs)
    assert deployment.name == "weekly"
    assert [s.schedule.cron for s in deployment.schedules] == ["0 6 * * 1"]
    assert deployment.parameters["corpus"] == str(p.corpus.resolve())
    assert deployment.parameters["task_runner"] == "dask"
    with pytest.raises(ValueError, match="not a valid cron"):
        deployment_kwargs("every monday", p.corpus, p.gold, p.out, None)
