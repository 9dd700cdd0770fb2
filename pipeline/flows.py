"""The main job as a Prefect 3 flow: corpus -> evidence -> flags -> store, outputs, artifacts.

Orchestration only. Every task is a thin call into `extract`; retries only on I/O (reading
files for their hash, writing the store and the outputs). Documents are extracted in batches,
one task per batch, so Prefect's per-task cost (~10 ms; ~235 ms on Dask) stays a small share.

    from pipeline.flows import run_pipeline
    summary = run_pipeline("corpus", "gold", "out")            # ThreadPoolTaskRunner
    summary = run_pipeline(..., task_runner="dask")            # LocalCluster, 2 workers
"""

from __future__ import annotations

import hashlib
import math
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

import extract
from extract import extractor, ingest
from extract import gold as gold_lib
from extract import reconcile as reconcile_lib
from extract.changes import compute_changes
from extract.columns import FLAG_COLUMNS
from extract.model import IngestError
from extract.outputs import write_outputs
from extract.report import build_report, summary_markdown
from extract.store import DocResult, Store, default_url

DOCUMENT_SUFFIXES = {".txt", ".md", ".pdf"}
SKIP_NAMES = {"sources.md", "readme.md"}
SEVERITIES = ("error", "warning", "info")
# The Prefect server refuses events over ~1.5 MB; a table artifact of thousands of flags is one.
ARTIFACT_MAX_FLAGS = 500

# -- progress hook (the CLI's progress bar; flows run in the caller's process) ----------------
_progress: list[Callable[..., None]] = []


@contextmanager
def progress_hook(fn: Callable[..., None]) -> Iterator[None]:
    """Call fn(event, **info) while a flow runs in this process: event "discovered"
    (total, to_extract, cached) and "extracted" (n, failed)."""
    _progress.append(fn)
    try:
        yield
    finally:
        _progress.remove(fn)


def _notify(event: str, **info: Any) -> None:
    for fn in list(_progress):
        fn(event, **info)


# -- discovery ---------------------------------------------------------------------------------
def discover(corpus: str | Path) -> list[Path]:
    """Every .txt, .md and .pdf file below `corpus` (recursive, sorted), except SOURCES.md and
    README.md files and hidden files."""
    root = Path(corpus)
    if not root.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {root}")
    found = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES \
                and p.name.lower() not in SKIP_NAMES:
            found.append(p)
    return found


def batch_size_for(n_docs: int, workers: int, dask: bool) -> int:
    """Documents per task: enough tasks to keep every worker busy (4 per worker; 2 on Dask,
    whose per-task cost is ~25x higher), never more than 16 (64 on Dask) per task."""
    if n_docs <= 0:
        return 1
    per_worker, cap = (2, 64) if dask else (4, 16)
    return max(1, min(cap, math.ceil(n_docs / (max(1, workers) * per_worker))))


# -- tasks -------------------------------------------------------------------------------------
@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def fingerprint(paths: list[str], corpus: str) -> tuple[list[tuple[str, str, str]],
                                                         list[DocResult]]:
    """(doc_id, source, path) per readable file: doc_id is the sha256 of its bytes (as ingest
    computes it); source the path relative to the corpus folder. A file that cannot be read
    becomes a "failed" result (tried again next run) instead."""
    refs, unreadable = [], []
    for p in paths:
        source = Path(p).relative_to(corpus).as_posix()
        try:
            with open(p, "rb") as fh:
                refs.append((hashlib.file_digest(fh, "sha256").hexdigest(), source, p))
        except OSError as e:
            pseudo_id = hashlib.sha256(f"unreadable:{source}".encode()).hexdigest()
            unreadable.append(DocResult(pseudo_id, source, "failed", stage="read",
                                        error=f"{type(e).__name__}: {e.strerror or e}"))
    return refs, unreadable


@task(cache_policy=NO_CACHE)
def extract_batch(items: list[tuple[str, str, str]], max_bytes: int) -> list[DocResult]:
    """Ingest and extract a batch of documents; a bad document becomes an error result."""
    return [extract_one(doc_id, source, path, max_bytes) for doc_id, source, path in items]


def extract_one(doc_id: str, source: str, path: str, max_bytes: int) -> DocResult:
    """Status "error": the file is bad input (IngestError), kept as such until it changes;
    "failed": an unexpected exception (a bug, a passing fault), tried again next run."""
    t0 = time.perf_counter()
    try:
        # (PDFs are read one at a time per process: extract.ingest.pdf holds PDFium's lock)
        doc = ingest.load(path, max_bytes=max_bytes)
    except IngestError as e:
        return DocResult(doc_id, source, "error", stage="ingest", error=e.reason,
                         seconds=time.perf_counter() - t0)
    except Exception as e:  # noqa: BLE001 - a bad document must never stop the batch
        return DocResult(doc_id, source, "failed", stage="ingest",
                         error=f"{type(e).__name__}: {e}", seconds=time.perf_counter() - t0)
    try:
        ext = extractor.extract_document(doc)
    except Exception as e:  # noqa: BLE001
        return DocResult(doc_id, source, "failed", format=doc.format, stage="extract",
                         error=f"{type(e).__name__}: {e}", pages=doc.n_pages,
                         seconds=time.perf_counter() - t0)
    ev = ext.evidence.assign(doc_id=doc_id, source=source)
    tm = ext.timings.assign(doc_id=doc_id, source=source)
    return DocResult(doc_id, source, "ok", format=doc.format, pages=doc.n_pages,
                     references=dict(ext.references or doc.references), evidence=ev, timings=tm,
                     seconds=time.perf_counter() - t0)


@task(retries=3, retry_delay_seconds=2, cache_policy=NO_CACHE)
def save_batch(store: Store, results: list[DocResult], extractor_version: str) -> float:
    t0 = time.perf_counter()
    store.save_batch(results, extractor_version)
    return time.perf_counter() - t0


@task(cache_policy=NO_CACHE)
def reconcile_flags(evidence: pd.DataFrame, gold: Any, references: dict, timings: pd.DataFrame,
                    ) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    t0 = time.perf_counter()
    flags = reconcile_lib.reconcile(evidence, gold, references, timings=timings)  # + decisions
    return flags, reconcile_lib.stale_decisions(flags), time.perf_counter() - t0


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def write_all_outputs(out: str, data: dict, summary_md: str) -> tuple[dict[str, str], float]:
    t0 = time.perf_counter()
    written = write_outputs(out, evidence=data["evidence"], timings=data["timings"],
                            flags=data["flags"], errors=data["errors"],
                            changes_md=data["changes"], summary_md=summary_md)
    try:
        written["report.html"] = build_report(data, Path(out) / "report.html")
    except Exception as e:  # noqa: BLE001 - the tables are written; say so, keep the run
        get_run_logger().warning("report.html not written: %s: %s", type(e).__name__, e)
        written["report.html"] = f"not written: {type(e).__name__}: {e}"
    return {k: str(v) for k, v in written.items()}, time.perf_counter() - t0


@task(cache_policy=NO_CACHE)
def publish_artifacts(summary_md: str, flags: pd.DataFrame) -> None:
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_markdown_artifact(summary_md, key="evidence-run-summary",
                             description="trial-extract run: summary and changes")
    rows = flags.reindex(columns=FLAG_COLUMNS)
    rows = rows.astype(object).where(rows.notna(), "").astype(str)
    order = rows["severity"].map({s: i for i, s in enumerate(SEVERITIES)}).fillna(len(SEVERITIES))
    rows = rows.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o")
    shown = rows.head(ARTIFACT_MAX_FLAGS)
    more = f"; the first {len(shown)} by severity (all in flags.csv)" if len(rows) > len(shown) else ""
    create_table_artifact(shown.to_dict("records"), key="evidence-run-flags",
                          description=f"{len(rows)} flags{more}")


# -- the flow ----------------------------------------------------------------------------------
@flow(name="evidence-run", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2),
      log_prints=False, validate_parameters=True)
def evidence_run(corpus: str = "corpus", gold: str = "gold", out: str = "out",
                 store: str | None = None, task_runner: str = "default",
                 dask_address: str | None = None, batch_size: int | None = None,
                 max_bytes: int = ingest.DEFAULT_MAX_BYTES) -> dict:
    """Extract every document of `corpus` (only those new since the last run), reconcile all
    evidence against `gold`, write the store and the outputs in `out`, publish artifacts.

    `task_runner="dask"` (with `dask_address`, or a LocalCluster) when the flow was started
    with another runner, as a deployment's parameter: the work then runs in a subflow on Dask.
    Returns a summary dict (run id, counts, flags by severity, changes, output paths)."""
    if task_runner not in ("default", "dask"):
        raise ValueError(f"unknown task runner {task_runner!r} (default or dask)")
    if task_runner == "dask" and not _on_dask(FlowRunContext.get().task_runner):
        on_dask = evidence_run.with_options(task_runner=make_task_runner("dask", dask_address))
        return on_dask(corpus=corpus, gold=gold, out=out, store=store, task_runner="dask",
                       dask_address=dask_address, batch_size=batch_size, max_bytes=max_bytes)
    logger = get_run_logger()
    corpus_p, out_p = Path(corpus).resolve(), Path(out).resolve()
    gold_data = gold_lib.load_gold(Path(gold).resolve())  # GoldError: the run does not start
    paths = discover(corpus_p)
    db = Store(store or default_url(out_p))
    version = extract.EXTRACTOR_VERSION
    run_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    t_start = time.perf_counter()
    try:
        with db.lock(run_id):
            started = db.start_run(run_id, version, corpus=str(corpus_p))
            try:
                summary = _run(db, run_id, started, version, corpus_p, out_p, paths,
                               gold_data, batch_size, max_bytes, logger)
            except BaseException as e:
                db.fail_run(run_id, f"{type(e).__name__}: {e}")
                raise
    finally:
        db.dispose()
    summary["wall_seconds"] = time.perf_counter() - t_start
    return summary


def _on_dask(runner) -> bool:
    return type(runner).__name__ == "DaskTaskRunner"


def _workers(runner) -> int:
    n = getattr(runner, "_max_workers", None)
    if isinstance(n, int) and 0 < n < 1024:
        return n
    n = (getattr(runner, "cluster_kwargs", None) or {}).get("n_workers")
    return n if isinstance(n, int) and n > 0 else (os.cpu_count() or 2)


def _run(db: Store, run_id: str, started: str, version: str, corpus: Path, out: Path,
         paths: list[Path], gold_data: Any, batch_size: int | None, max_bytes: int,
         logger) -> dict:
    t0 = time.perf_counter()
    refs, unreadable = fingerprint([str(p) for p in paths], str(corpus))
    if unreadable:
        save_batch(db, unreadable, version)
    cached = db.cached((d for d, _s, _p in refs), version)
    library = time.perf_counter() - t0  # reading files and the store: library time
    todo, seen = [], set(cached)
    for ref in refs:  # identical files extract once
        if ref[0] not in seen:
            seen.add(ref[0])
            todo.append(ref)
    _notify("discovered", total=len(refs), to_extract=len(todo), cached=len(refs) - len(todo))
    logger.info("%d documents: %d to extract, %d from the store", len(refs), len(todo),
                len(refs) - len(todo))

    runner = FlowRunContext.get().task_runner
    size = batch_size or batch_size_for(len(todo), _workers(runner), _on_dask(runner))
    futures = [extract_batch.submit(todo[i:i + size], max_bytes)
               for i in range(0, len(todo), size)]
    failed_now = 0
    for fut in as_completed(futures):
        results = fut.result()
        library += save_batch(db, results, version)  # one transaction per batch
        library += sum(r.seconds for r in results)
        failed = sum(r.status != "ok" for r in results)
        failed_now += failed
        _notify("extracted", n=len(results), failed=failed)

    # Everything the corpus holds now, extracted in this run or earlier.
    t0 = time.perf_counter()
    extracted_ids = {d for d, _s, _p in todo}
    doc_keys = [(d, s, d in extracted_ids) for d, s, _p in refs]
    doc_keys += [(r.doc_id, r.source, True) for r in unreadable]
    previous = db.last_run(before=run_id)
    prev_frames = db.load_frames(previous["run_id"]) if previous else None
    run = {"run_id": run_id, "started": started, "extractor_version": version,
           "corpus": str(corpus), "store": db.url_for_display()}
    current = db.load_frames_for(run, doc_keys)
    library += time.perf_counter() - t0
    flags, stale, seconds = reconcile_flags(current["evidence"], gold_data,
                                            current["references"], current["timings"])
    library += seconds
    t0 = time.perf_counter()
    current["flags"] = flags
    changes = compute_changes(prev_frames, current)
    changes_md = changes.to_markdown()
    sev = flags["severity"].value_counts().to_dict() if len(flags) else {}
    counts = {
        "documents": len(refs) + len(unreadable),
        "extracted": len(todo),
        "cached": len(refs) - len(todo),
        "failed": int((current["documents"]["status"] != "ok").sum()),
        "failed_this_run": failed_now + len(unreadable),
        "evidence": len(current["evidence"]),
        "timings": len(current["timings"]),
        "flags": {s: int(sev.get(s, 0)) for s in SEVERITIES},
        "stale_decisions": len(stale),
        "changes": changes.counts(),
    }
    run["finished"] = db.finish_run(run_id, docs=doc_keys, extractor_version=version,
                                    flags_df=flags, decisions_df=gold_data.decisions,
                                    counts=counts, changes_md=changes_md)
    run["counts"] = counts
    data = {**current, "flags": flags, "gold": gold_data.trials, "changes": changes_md,
            "run": run, "stale_decisions": stale}
    summary_md = summary_markdown(data)
    library += time.perf_counter() - t0
    written, seconds = write_all_outputs(str(out), data, summary_md)
    library += seconds
    publish_artifacts(summary_md, flags)
    return {**run, "outputs": written, "changes_headline": changes.headline(),
            "changes": changes, "errors": current["errors"], "library_seconds": library,
            "batch_size": size, "batches": len(futures)}


# -- running the flow --------------------------------------------------------------------------
def make_task_runner(name: str = "default", dask_address: str | None = None,
                     workers: int | None = None):
    """"default": Prefect's ThreadPoolTaskRunner; "dask": prefect-dask's DaskTaskRunner on the
    scheduler at `dask_address`, or on a temporary LocalCluster (`workers` processes, one
    thread each: extraction is CPU-bound Python)."""
    if name == "default":
        return ThreadPoolTaskRunner(max_workers=workers or os.cpu_count() or 2)
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers or 2,
                                              "threads_per_worker": 1,
                                              "dashboard_address": None})
    raise ValueError(f"unknown task runner {name!r} (default or dask)")


def run_pipeline(corpus: str | Path = "corpus", gold: str | Path = "gold",
                 out: str | Path = "out", store: str | None = None, *,
                 task_runner: str = "default", dask_address: str | None = None,
                 workers: int | None = None, batch_size: int | None = None) -> dict:
    """Run the evidence_run flow in this process with the chosen task runner."""
    runner = make_task_runner(task_runner, dask_address, workers)
    return evidence_run.with_options(task_runner=runner)(
        corpus=str(corpus), gold=str(gold), out=str(out), store=store, task_runner=task_runner,
        dask_address=dask_address, batch_size=batch_size)
