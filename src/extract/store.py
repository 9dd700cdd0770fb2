"""The evidence store: every extracted document, record, flag and run, in SQLite or PostgreSQL.

SQLAlchemy 2.0 Core; no Prefect. The store is the pipeline's cache: a document is keyed by
its content hash (`doc_id`) and `EXTRACTOR_VERSION`, so a re-run extracts only what is new.

- `documents`: one row per (doc_id, extractor_version): path, status (`ok`, `error` for bad
  input, `failed` for an unexpected exception: retried next run), error,
  pages, the numbered reference list (JSON), when it was ingested.
- `evidence`, `timings`: the records of those documents (printed values kept as text).
- `runs`: one row per run: status (`running`, `succeeded`, `failed`), counts (JSON), the
  change report (markdown). `run_documents` lists the documents (and source paths) a run saw.
- `flags`: the flags of each run, with their detail columns as JSON.
- `decisions`: a copy of gold/decisions.csv as it was at each run.
- `locks`: the run lock: a row that one run holds at a time (see `Store.lock`).

Every write is one transaction: a batch of documents (`save_batch`), and the end of a run
(`finish_run`: its documents, flags, decisions and status together), so a killed run leaves the
previous run's results intact and readable.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Boolean, Column, Float, Integer, MetaData, String, Table, Text, create_engine, delete,
    event, insert, select, update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from extract.columns import (
    ERROR_COLUMNS, EVIDENCE_COLUMNS, EVIDENCE_EXTRA_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS,
)

INT_COLUMNS = {"page", "start", "end"}
BOOL_COLUMNS = {"trial_inferred"}
DOCUMENT_COLUMNS = ["doc_id", "source", "format", "status", "stage", "error", "pages",
                    "n_evidence", "n_timings", "extracted"]

metadata = MetaData()


def _record_columns(names: Iterable[str]) -> list[Column]:
    cols = []
    for name in names:
        if name in INT_COLUMNS:
            cols.append(Column(name, Integer))
        elif name in BOOL_COLUMNS:
            cols.append(Column(name, Boolean))
        else:
            cols.append(Column(name, Text))
    return cols


documents = Table(
    "documents", metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("extractor_version", String(32), primary_key=True),
    Column("path", Text, nullable=False),
    Column("format", String(16)),
    Column("status", String(8), nullable=False),  # ok | error (bad input) | failed (retried)
    Column("stage", String(16)),  # for errors: read | ingest | extract
    Column("error", Text),
    Column("pages", Integer),
    Column("references", Text),  # JSON {number: text}
    Column("seconds", Float),  # library time spent on the document
    Column("ingested_at", String(32), nullable=False),
)

evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("extractor_version", String(32), nullable=False, index=True),
    *_record_columns(EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS),
)

timings = Table(
    "timings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("extractor_version", String(32), nullable=False, index=True),
    *_record_columns(TIMING_COLUMNS),
)

runs = Table(
    "runs", metadata,
    Column("run_id", String(64), primary_key=True),
    Column("started", String(32), nullable=False),
    Column("finished", String(32)),
    Column("status", String(16), nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Column("corpus", Text),
    Column("counts", Text),  # JSON
    Column("changes", Text),  # markdown
    Column("error", Text),
)

run_documents = Table(
    "run_documents", metadata,
    Column("run_id", String(64), primary_key=True),
    Column("doc_id", String(64), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("extractor_version", String(32), nullable=False),
    Column("extracted", Boolean, nullable=False),  # extracted by this run (not from the cache)
)

flags = Table(
    "flags", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(64), nullable=False, index=True),
    *[Column(c, Text) for c in FLAG_COLUMNS],
    Column("detail", Text),  # JSON of the non-contract columns
)

decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(64), nullable=False, index=True),
    Column("flag_id", Text),
    Column("row", Text, nullable=False),  # JSON of the whole decisions.csv row
)

locks = Table(
    "locks", metadata,
    Column("name", String(32), primary_key=True),
    Column("run_id", String(64), nullable=False),
    Column("host", Text, nullable=False),
    Column("pid", Integer, nullable=False),
    Column("acquired_at", String(32), nullable=False),
)


class StoreLocked(RuntimeError):
    """Another run holds the store."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def default_url(out: str | Path) -> str:
    return f"sqlite:///{(Path(out) / 'store.sqlite').resolve()}"


def _normalize_url(url: str) -> str:
    # "postgresql://" means psycopg2 in SQLAlchemy already; keep explicit drivers as given.
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://"):]
    return url


@dataclass
class DocResult:
    """What the pipeline learned about one document: records, or an error."""

    doc_id: str
    source: str
    status: str  # ok | error (bad input: IngestError) | failed (unexpected exception)
    format: str = ""
    stage: str = ""
    error: str = ""
    pages: int | None = None
    references: dict[int, str] = field(default_factory=dict)
    evidence: pd.DataFrame | None = None
    timings: pd.DataFrame | None = None
    seconds: float = 0.0


def _null(v):
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def _rows(df: pd.DataFrame | None, columns: list[str], **extra) -> list[dict]:
    if df is None or df.empty:
        return []
    out = []
    for rec in df.reindex(columns=columns).to_dict("records"):
        row = {}
        for c in columns:
            v = _null(rec[c])
            if v is not None:
                if c in INT_COLUMNS:
                    v = int(v)
                elif c in BOOL_COLUMNS:
                    v = v if isinstance(v, bool) else str(v).strip().lower() in ("true", "1", "yes")
                else:
                    v = str(v)
            row[c] = v
        row.update(extra)
        out.append(row)
    return out


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame([dict(r._mapping) for r in rows], columns=columns)
    for c in columns:
        if c in INT_COLUMNS:
            df[c] = df[c].astype("Int64")
        elif c in BOOL_COLUMNS:
            df[c] = df[c].astype("boolean")
        else:
            df[c] = df[c].astype(object).where(df[c].notna(), "")
    return df


class Store:
    """The evidence store at `url` (an SQLAlchemy URL: sqlite:///path or postgresql://...)."""

    def __init__(self, url: str, schema: str | None = None):
        """`schema`: a PostgreSQL schema to hold the tables (default: the search path)."""
        self.url, self.schema = _normalize_url(url), schema
        if self.url.startswith("sqlite:///"):
            Path(self.url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url, connect_args={"timeout": 60})
            self._sqlite_immediate(self.engine)
        else:
            self.engine = create_engine(self.url, pool_pre_ping=True)
        if schema:
            self.engine = self.engine.execution_options(schema_translate_map={None: schema})
        metadata.create_all(self.engine)

    @staticmethod
    def _sqlite_immediate(engine: Engine) -> None:
        # pysqlite opens transactions lazily and as DEFERRED; two writers then deadlock on
        # upgrade. Take the write lock at BEGIN (BEGIN IMMEDIATE) so writers queue instead.
        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    def dispose(self) -> None:
        self.engine.dispose()

    # -- the run lock --------------------------------------------------------------------------
    @contextmanager
    def lock(self, run_id: str, name: str = "run") -> Iterator[None]:
        """Hold the store for one run. Raises StoreLocked when another live run holds it.

        A lock left by a killed run on this host (its process is gone) is taken over."""
        self.acquire(run_id, name)
        try:
            yield
        finally:
            self.release(run_id, name)

    def acquire(self, run_id: str, name: str = "run") -> None:
        me = {"name": name, "run_id": run_id, "host": socket.gethostname(), "pid": os.getpid(),
              "acquired_at": now()}
        for _attempt in range(2):
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(locks).values(**me))
                return
            except IntegrityError:
                with self.engine.begin() as conn:
                    held = conn.execute(select(locks).where(locks.c.name == name)).first()
                    if held is None:
                        continue  # released in between: try again
                    if held.host == me["host"] and not _pid_alive(held.pid):
                        conn.execute(delete(locks).where(locks.c.name == name,
                                                         locks.c.run_id == held.run_id))
                        continue  # a killed run's lock: take it over
                raise StoreLocked(
                    f"another run holds the store since {held.acquired_at} "
                    f"(run {held.run_id}, pid {held.pid} on {held.host}); "
                    f"wait for it to finish, or, if that process is gone, delete the row "
                    f"'{name}' from the table 'locks' of {self.url_for_display()}")
        raise StoreLocked(f"could not take the store lock on {self.url_for_display()}")

    def release(self, run_id: str, name: str = "run") -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(locks).where(locks.c.name == name, locks.c.run_id == run_id))

    def url_for_display(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # -- runs ------------------------------------------------------------------------------------
    def start_run(self, run_id: str, extractor_version: str, corpus: str = "") -> str:
        started = now()
        with self.engine.begin() as conn:
            conn.execute(insert(runs).values(run_id=run_id, started=started, status="running",
                                             extractor_version=extractor_version, corpus=corpus))
        return started

    def fail_run(self, run_id: str, error: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.run_id == run_id)
                         .values(status="failed", finished=now(), error=error))

    def finish_run(self, run_id: str, *, docs: list[tuple[str, str, bool]], extractor_version: str,
                   flags_df: pd.DataFrame, decisions_df: pd.DataFrame | None, counts: dict,
                   changes_md: str) -> str:
        """Record what the run saw and found, and mark it succeeded, in one transaction.

        `docs` are (doc_id, source, extracted_by_this_run)."""
        finished = now()
        flag_rows = []
        if flags_df is not None and not flags_df.empty:
            detail_cols = [c for c in flags_df.columns if c not in FLAG_COLUMNS]
            for rec in flags_df.to_dict("records"):
                row = {c: (None if _null(rec.get(c)) is None else str(rec.get(c)))
                       for c in FLAG_COLUMNS}
                row["run_id"] = run_id
                row["detail"] = json.dumps({c: _jsonable(rec[c]) for c in detail_cols},
                                           default=str)
                flag_rows.append(row)
        decision_rows = []
        if decisions_df is not None and not decisions_df.empty:
            for rec in decisions_df.to_dict("records"):
                decision_rows.append({"run_id": run_id, "flag_id": str(rec.get("flag_id", "")),
                                      "row": json.dumps({k: _jsonable(v) for k, v in rec.items()},
                                                        default=str)})
        with self.engine.begin() as conn:
            seen = set()
            rd = []
            for doc_id, source, extracted in docs:
                if (doc_id, source) in seen:
                    continue
                seen.add((doc_id, source))
                rd.append({"run_id": run_id, "doc_id": doc_id, "source": source,
                           "extractor_version": extractor_version, "extracted": bool(extracted)})
            if rd:
                conn.execute(insert(run_documents), rd)
            if flag_rows:
                conn.execute(insert(flags), flag_rows)
            if decision_rows:
                conn.execute(insert(decisions), decision_rows)
            conn.execute(update(runs).where(runs.c.run_id == run_id).values(
                status="succeeded", finished=finished, counts=json.dumps(counts, default=str),
                changes=changes_md))
        return finished

    def last_run(self, status: str = "succeeded", before: str | None = None) -> dict | None:
        """The newest run with `status` (excluding run `before`), as a dict; None if none."""
        q = select(runs).where(runs.c.status == status)
        if before is not None:
            q = q.where(runs.c.run_id != before)
        with self.engine.connect() as conn:
            row = conn.execute(q.order_by(runs.c.finished.desc(), runs.c.started.desc())).first()
        if row is None:
            return None
        d = dict(row._mapping)
        d["counts"] = json.loads(d["counts"]) if d.get("counts") else {}
        return d

    # -- documents -------------------------------------------------------------------------------
    def cached(self, doc_ids: Iterable[str], extractor_version: str) -> set[str]:
        """The doc_ids the store holds for this extractor version, extracted (`ok`) or known
        bad input (`error`); documents that `failed` unexpectedly are not: they are retried."""
        ids = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                found.update(conn.execute(
                    select(documents.c.doc_id).where(
                        documents.c.extractor_version == extractor_version,
                        documents.c.status.in_(("ok", "error")),
                        documents.c.doc_id.in_(chunk))).scalars())
        return found

    def save_batch(self, results: list[DocResult], extractor_version: str) -> None:
        """Store a batch of documents with their records, in one transaction.

        Re-saving a document replaces its rows (for the same extractor version)."""
        if not results:
            return
        ids = list({r.doc_id for r in results})
        doc_rows, ev_rows, tm_rows = [], [], []
        for r in results:
            doc_rows.append({
                "doc_id": r.doc_id, "extractor_version": extractor_version, "path": r.source,
                "format": r.format or None, "status": r.status, "stage": r.stage or None,
                "error": r.error or None, "pages": r.pages,
                "references": json.dumps({str(k): v for k, v in (r.references or {}).items()}),
                "seconds": float(r.seconds), "ingested_at": now()})
            ev_rows += _rows(r.evidence, EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS,
                             extractor_version=extractor_version)
            tm_rows += _rows(r.timings, TIMING_COLUMNS, extractor_version=extractor_version)
        with self.engine.begin() as conn:
            for table in (documents, evidence, timings):
                conn.execute(delete(table).where(table.c.extractor_version == extractor_version,
                                                 table.c.doc_id.in_(ids)))
            conn.execute(insert(documents), doc_rows)
            if ev_rows:
                conn.execute(insert(evidence), ev_rows)
            if tm_rows:
                conn.execute(insert(timings), tm_rows)

    # -- reading ---------------------------------------------------------------------------------
    def load_frames(self, run_id: str | None = None) -> dict:
        """Everything a report needs about one run (default: the last succeeded run).

        Keys: documents, evidence, timings, flags, errors, decisions (DataFrames),
        references ({doc_id: {number: text}}), run (dict), changes (markdown).
        Evidence and timings are those of the run's documents, with the source paths the run
        saw them under; printed values are strings, page/start/end nullable ints."""
        run = (self.get_run(run_id) if run_id else self.last_run())
        if run is None:
            raise LookupError(f"no finished run in the store {self.url_for_display()}")
        run_id = run["run_id"]
        with self.engine.connect() as conn:
            rd = pd.DataFrame([dict(r._mapping) for r in conn.execute(
                select(run_documents).where(run_documents.c.run_id == run_id))],
                columns=["run_id", "doc_id", "source", "extractor_version", "extracted"])
        return self._frames(run, rd)

    def load_frames_for(self, run: dict, docs: list[tuple[str, str, bool]]) -> dict:
        """Like load_frames, for a run still going: its documents given as
        (doc_id, source, extracted_by_this_run); no flags or decisions yet."""
        rd = pd.DataFrame(docs, columns=["doc_id", "source", "extracted"])
        return self._frames({"changes": "", **run}, rd)

    def _frames(self, run: dict, rd: pd.DataFrame) -> dict:
        run_id = run["run_id"]
        with self.engine.connect() as conn:
            version = run["extractor_version"]
            ids = list(rd["doc_id"].unique())
            doc_rows, ev_rows, tm_rows = [], [], []
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                doc_rows += list(conn.execute(select(documents).where(
                    documents.c.extractor_version == version, documents.c.doc_id.in_(chunk))))
                ev_rows += list(conn.execute(select(evidence).where(
                    evidence.c.extractor_version == version, evidence.c.doc_id.in_(chunk))
                    .order_by(evidence.c.id)))
                tm_rows += list(conn.execute(select(timings).where(
                    timings.c.extractor_version == version, timings.c.doc_id.in_(chunk))
                    .order_by(timings.c.id)))
            flag_rows = list(conn.execute(select(flags).where(flags.c.run_id == run_id)
                                          .order_by(flags.c.id)))
            dec_rows = list(conn.execute(select(decisions).where(decisions.c.run_id == run_id)
                                         .order_by(decisions.c.id)))
        return assemble_frames(run, rd, doc_rows, ev_rows, tm_rows, flag_rows, dec_rows)

    def get_run(self, run_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.run_id == run_id)).first()
        if row is None:
            return None
        d = dict(row._mapping)
        d["counts"] = json.loads(d["counts"]) if d.get("counts") else {}
        return d


def assemble_frames(run, rd, doc_rows, ev_rows, tm_rows, flag_rows, dec_rows) -> dict:
    docs_by_id = {r.doc_id: r for r in doc_rows}
    ev_all = _frame(ev_rows, EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS)
    tm_all = _frame(tm_rows, TIMING_COLUMNS)
    # One copy of a document's records per source path the run saw it under.
    ev_by_doc = dict(tuple(ev_all.groupby("doc_id", sort=False)))
    tm_by_doc = dict(tuple(tm_all.groupby("doc_id", sort=False)))
    ev_parts, tm_parts, doc_out, err_out, refs = [], [], [], [], {}
    for rec in rd.sort_values("source").to_dict("records"):
        d = docs_by_id.get(rec["doc_id"])
        if d is None:
            continue
        ev = ev_by_doc.get(rec["doc_id"], ev_all.iloc[0:0]).assign(source=rec["source"])
        tm = tm_by_doc.get(rec["doc_id"], tm_all.iloc[0:0]).assign(source=rec["source"])
        ev_parts.append(ev)
        tm_parts.append(tm)
        refs[rec["doc_id"]] = {int(k): v for k, v in json.loads(d.references or "{}").items()}
        doc_out.append({"doc_id": d.doc_id, "source": rec["source"], "format": d.format or "",
                        "status": d.status, "stage": d.stage or "", "error": d.error or "",
                        "pages": d.pages, "n_evidence": len(ev), "n_timings": len(tm),
                        "extracted": bool(rec["extracted"])})
        if d.status != "ok":
            err_out.append({"doc_id": d.doc_id, "source": rec["source"], "stage": d.stage or "",
                            "error": d.error or ""})
    ev = pd.concat(ev_parts, ignore_index=True) if ev_parts else ev_all.iloc[0:0]
    tm = pd.concat(tm_parts, ignore_index=True) if tm_parts else tm_all.iloc[0:0]
    fl_records = []
    for r in flag_rows:
        m = dict(r._mapping)
        rec = {c: (m[c] if m[c] is not None else "") for c in FLAG_COLUMNS}
        rec.update(json.loads(m["detail"] or "{}"))
        fl_records.append(rec)
    fl = pd.DataFrame(fl_records)
    if fl.empty:
        fl = pd.DataFrame(columns=FLAG_COLUMNS)
    dec = pd.DataFrame([json.loads(r.row) for r in dec_rows])
    documents_df = pd.DataFrame(doc_out, columns=DOCUMENT_COLUMNS)
    documents_df["pages"] = documents_df["pages"].astype("Int64")
    return {
        "documents": documents_df,
        "evidence": ev,
        "timings": tm,
        "flags": fl,
        "errors": pd.DataFrame(err_out, columns=ERROR_COLUMNS),
        "decisions": dec,
        "references": refs,
        "run": run,
        "changes": run.get("changes") or "",
    }


def _jsonable(v):
    v = _null(v)
    if v is None:
        return None
    if isinstance(v, (str, int, float, bool)):
        return v
    if hasattr(v, "item"):
        try:
            return v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, (list, tuple, set)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return str(v)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
