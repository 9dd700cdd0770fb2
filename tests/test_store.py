"""The evidence store (SQLAlchemy): batches, cache keys, runs, frames, the run lock.

Runs against SQLite always, and against PostgreSQL when TRIAL_EXTRACT_TEST_PG_URL is set
(.ci/run starts one)."""

from __future__ import annotations

import os
import threading
import uuid

import pandas as pd
import pytest
from sqlalchemy import insert as sa_insert
from sqlalchemy import text

from extract import store as store_mod
from extract.columns import EVIDENCE_COLUMNS, EVIDENCE_EXTRA_COLUMNS, TIMING_COLUMNS
from extract.store import DocResult, Store, StoreLocked

PG_URL = os.environ.get("TRIAL_EXTRACT_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    else:
        if not PG_URL:
            pytest.skip("no PostgreSQL server: set TRIAL_EXTRACT_TEST_PG_URL "
                        "(.ci/run starts one) to run the store against PostgreSQL")
        # A schema of its own per test, so tests never see each other's rows.
        schema = f"t_{uuid.uuid4().hex[:10]}"
        base = Store(PG_URL)
        with base.engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        base.dispose()
        s = Store(PG_URL, schema=schema)
    yield s
    s.dispose()


def evidence_frame(doc_id: str, rows: list[dict]) -> pd.DataFrame:
    cols = EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS
    base = {c: "" for c in cols} | {"doc_id": doc_id, "source": "x", "trial_inferred": False,
                                     "page": 1, "start": 0, "end": 5}
    return pd.DataFrame([base | r for r in rows], columns=cols)


def result(doc_id: str, source: str, rows: list[dict] | None = None, status: str = "ok",
           **kw) -> DocResult:
    ev = evidence_frame(doc_id, rows if rows is not None else [{"trial": "ALPHA"}])
    tm = pd.DataFrame([{c: "" for c in TIMING_COLUMNS} | {"doc_id": doc_id, "low": "7",
                                                          "page": 2, "start": 1, "end": 9}],
                      columns=TIMING_COLUMNS)
    return DocResult(doc_id, source, status, format="text", pages=3,
                     references={1: "Ref one", 12: "Ref twelve"}, evidence=ev, timings=tm, **kw)


def finish(store: Store, run_id: str, docs: list[tuple[str, str, bool]], version="v1",
           flags_df=None, decisions_df=None):
    store.start_run(run_id, version)
    store.finish_run(run_id, docs=docs, extractor_version=version,
                     flags_df=flags_df if flags_df is not None else pd.DataFrame(),
                     decisions_df=decisions_df, counts={"documents": len(docs)},
                     changes_md="# changes")


def test_printed_values_and_types_round_trip(store):
    rows = [{"trial": "ALPHA", "value_exp": "11.30", "value_ctrl": "NE", "p_value": ".04",
             "hr": "0.70", "ci_low": "0.50", "trial_inferred": True, "page": 12,
             "citations": "45;46", "quote": "OS 11.30 vs NE"}]
    store.save_batch([result("d1", "a.txt", rows)], "v1")
    finish(store, "r1", [("d1", "a.txt", True)])
    f = store.load_frames()
    ev = f["evidence"]
    rec = ev.iloc[0]
    assert (rec["value_exp"], rec["value_ctrl"], rec["p_value"], rec["hr"], rec["ci_low"]) == \
        ("11.30", "NE", ".04", "0.70", "0.50")
    assert rec["page"] == 12 and bool(rec["trial_inferred"]) is True
    assert rec["citations"] == "45;46"
    assert rec["ci_high"] == ""  # missing printed values are empty strings, not NaN
    assert f["timings"].iloc[0]["low"] == "7"
    assert f["references"] == {"d1": {1: "Ref one", 12: "Ref twelve"}}
    assert f["run"]["run_id"] == "r1" and f["changes"] == "# changes"
    assert f["documents"].iloc[0]["pages"] == 3


def test_cache_is_keyed_on_content_and_extractor_version(store):
    store.save_batch([result("ok1", "a.txt"),
                      result("bad", "b.pdf", [], status="error", stage="ingest", error="junk"),
                      result("bug", "c.txt", [], status="failed", stage="extract",
                             error="KeyError")], "v1")
    assert store.cached(["ok1", "bad", "bug", "new"], "v1") == {"ok1", "bad"}
    assert store.cached(["ok1", "bad"], "v2") == set()


def test_resaving_a_document_replaces_its_records(store):
    store.save_batch([result("d1", "a.txt", [{"trial": "A"}, {"trial": "B"}])], "v1")
    store.save_batch([result("d1", "a.txt", [{"trial": "C"}])], "v1")
    finish(store, "r1", [("d1", "a.txt", True)])
    assert list(store.load_frames()["evidence"]["trial"]) == ["C"]


def test_frames_follow_the_runs_documents_and_paths(store):
    store.save_batch([result("d1", "a.txt", [{"trial": "A"}]),
                      result("d2", "b.txt", [{"trial": "B"}])], "v1")
    finish(store, "r1", [("d1", "a.txt", True), ("d2", "b.txt", True)])
    # Second run: b.txt removed, a.txt renamed (same content).
    finish(store, "r2", [("d1", "renamed/a.txt", False)])
    f = store.load_frames()
    assert f["run"]["run_id"] == "r2"
    assert list(f["evidence"]["trial"]) == ["A"]
    assert list(f["evidence"]["source"]) == ["renamed/a.txt"]
    assert list(f["documents"]["extracted"]) == [False]
    assert sorted(store.load_frames("r1")["evidence"]["trial"]) == ["A", "B"]


def test_a_run_that_never_finished_leaves_the_last_finished_run_in_place(store):
    store.save_batch([result("d1", "a.txt", [{"trial": "A"}])], "v1")
    finish(store, "r1", [("d1", "a.txt", True)])
    store.start_run("r2", "v1")  # killed after its first batch
    store.save_batch([result("d9", "z.txt", [{"trial": "Z"}])], "v1")
    f = store.load_frames()
    assert f["run"]["run_id"] == "r1" and list(f["evidence"]["trial"]) == ["A"]
    assert store.cached(["d9"], "v1") == {"d9"}  # its committed batch is not lost
    store.fail_run("r2", "boom")
    assert store.get_run("r2")["status"] == "failed"
    assert store.last_run()["run_id"] == "r1"


def test_a_batch_is_one_transaction(store, monkeypatch):
    store.save_batch([result("d1", "a.txt")], "v1")

    def failing_insert(table):
        if table is store_mod.timings:
            raise RuntimeError("disk full")
        return sa_insert(table)

    monkeypatch.setattr(store_mod, "insert", failing_insert)
    with pytest.raises(RuntimeError):
        store.save_batch([result("d2", "b.txt"), result("d1", "a.txt", [{"trial": "NEW"}])],
                         "v1")
    monkeypatch.undo()
    assert store.cached(["d1", "d2"], "v1") == {"d1"}
    finish(store, "r1", [("d1", "a.txt", True)])
    assert list(store.load_frames()["evidence"]["trial"]) == ["ALPHA"]


def test_flags_and_decisions_are_kept_per_run_with_detail(store):
    flags_df = pd.DataFrame([{"flag_id": "f1", "code": "GOLD_MISMATCH", "severity": "error",
                              "trial": "A", "endpoint": "OS", "message": "m", "evidence": "e",
                              "other": "", "gold": "g", "status": "open",
                              "evidence_quote": "OS 11.30", "evidence_page": 3}])
    dec = pd.DataFrame([{"flag_id": "f1", "status": "accepted", "note": "ok", "by": "me"}])
    finish(store, "r1", [], flags_df=flags_df, decisions_df=dec)
    f = store.load_frames()
    assert f["flags"].iloc[0]["evidence_quote"] == "OS 11.30"
    assert int(f["flags"].iloc[0]["evidence_page"]) == 3
    assert f["flags"].iloc[0]["severity"] == "error"
    assert f["decisions"].to_dict("records") == [
        {"flag_id": "f1", "status": "accepted", "note": "ok", "by": "me"}]


def test_no_finished_run_is_a_clear_error(store):
    with pytest.raises(LookupError, match="no finished run"):
        store.load_frames()


def test_the_run_lock_excludes_a_second_run(store):
    other = Store(store.url, schema=store.schema)
    try:
        store.acquire("run-1")
        with pytest.raises(StoreLocked, match="another run holds the store since"):
            other.acquire("run-2")
        store.release("run-1")
        other.acquire("run-2")  # free again
        other.release("run-2")
    finally:
        other.dispose()


def test_a_dead_processs_lock_is_taken_over(store):
    import socket
    with store.engine.begin() as conn:
        conn.execute(sa_insert(store_mod.locks).values(
            name="run", run_id="killed", host=socket.gethostname(), pid=2**22 + 12345,
            acquired_at="2026-01-01T00:00:00+00:00"))
    with store.lock("run-2"):
        pass


def test_concurrent_batches_do_not_corrupt_the_store(store):
    errors = []

    def writer(k):
        try:
            for i in range(5):
                store.save_batch([result(f"d{k}-{i}", f"{k}/{i}.txt")], "v1")
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = [f"d{k}-{i}" for k in range(4) for i in range(5)]
    assert store.cached(ids, "v1") == set(ids)
