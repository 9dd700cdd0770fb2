"""Pipeline tests: one temporary Prefect server for the session, PREFECT_HOME in a tmp dir.

`fake_library` swaps the extract library (ingest, extraction, gold, reconciliation) for a
tiny deterministic stand-in, so the orchestration tests (incremental runs, bad documents,
the run lock) are fast and independent of extraction quality. The end-to-end tests use the
real library on the sample corpus.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import types
from pathlib import Path

import pandas as pd
import pytest

# Before anything imports Prefect: a private home, no analytics, a patient server start.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="trial-extract-prefect-")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)

from extract.columns import EVIDENCE_COLUMNS, EVIDENCE_EXTRA_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS  # noqa: E402
from extract.model import Document, IngestError  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


# -- the fake library ------------------------------------------------------------------------
# A fake document is lines "TRIAL endpoint value_exp value_ctrl hr" (e.g. "ALPHA OS 11.30 NE 0.70");
# a file whose first line is "JUNK" (or a .pdf without %PDF) cannot be ingested.
LINE = re.compile(r"^(?P<trial>[A-Z][A-Z0-9-]+) (?P<endpoint>OS|PFS|ORR) (?P<exp>\S+) (?P<ctrl>\S+) (?P<hr>\S+)$")
CALLS: list[str] = []  # doc sources extracted, in order


def fake_load(path, *, max_bytes=0):
    data = Path(path).read_bytes()
    if (Path(path).suffix == ".pdf" and not data.startswith(b"%PDF")) or data.startswith(b"JUNK"):
        raise IngestError(path, "not a readable document")
    text = data.decode("utf-8")
    import hashlib
    return Document(doc_id=hashlib.sha256(data).hexdigest(), source=str(path), format="text",
                    text=text, page_starts=[0], references={1: "A reference"})


def fake_extract(doc):
    from extract.extractor import Extraction

    CALLS.append(Path(doc.source).name)
    rows, pos = [], 0
    for line in doc.text.splitlines(keepends=True):
        m = LINE.match(line.strip())
        if m:
            rows.append({c: "" for c in EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS} | {
                "doc_id": doc.doc_id, "source": doc.source, "trial": m["trial"],
                "trial_inferred": False, "endpoint": m["endpoint"], "measure": "median",
                "value_exp": m["exp"], "value_ctrl": m["ctrl"], "hr": m["hr"], "unit": "months",
                "location": "text", "page": 1, "start": pos, "end": pos + len(line.rstrip("\n")),
                "quote": line.rstrip("\n")})
        pos += len(line)
    ev = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS + EVIDENCE_EXTRA_COLUMNS)
    return Extraction(doc.doc_id, doc.source, ev, pd.DataFrame(columns=TIMING_COLUMNS),
                      references=doc.references)


def fake_load_gold(path):
    from extract.gold import GoldError

    path = Path(path)
    if not (path / "trials.csv").exists():
        raise GoldError([f"{path}: trials.csv is missing"])
    trials = pd.read_csv(path / "trials.csv", dtype=str, keep_default_na=False)
    return types.SimpleNamespace(trials=trials, aliases=pd.DataFrame(),
                                 decisions=pd.DataFrame(columns=["flag_id", "status"]))


def fake_reconcile(evidence, gold, references, timings=None):
    known = set(gold.trials["trial"])
    rows = []
    for rec in evidence.to_dict("records"):
        if rec["trial"] not in known:
            rows.append({"code": "NOT_IN_GOLD", "severity": "info", "trial": rec["trial"],
                         "endpoint": rec["endpoint"], "message": f"{rec['trial']} not in gold",
                         "evidence": rec["doc_id"][:8], "other": "", "gold": ""})
        if rec["value_exp"] == "99":
            rows.append({"code": "GOLD_MISMATCH", "severity": "error", "trial": rec["trial"],
                         "endpoint": rec["endpoint"], "message": "99 is wrong",
                         "evidence": rec["doc_id"][:8], "other": "", "gold": "10"})
    for r in rows:
        r["flag_id"] = f"{r['code']}-{r['trial']}-{r['endpoint']}-{r['evidence']}"
        r["status"] = "open"
        r["detail_quote"] = "x"
    return pd.DataFrame(rows, columns=FLAG_COLUMNS + ["detail_quote"])


def fake_stale_decisions(flags):
    return pd.DataFrame(columns=["flag_id", "status"])


@pytest.fixture
def fake_library(monkeypatch):
    from extract import extractor, gold, ingest, reconcile

    CALLS.clear()
    monkeypatch.setattr(ingest, "load", fake_load)
    monkeypatch.setattr(extractor, "extract_document", fake_extract)
    monkeypatch.setattr(gold, "load_gold", fake_load_gold)
    monkeypatch.setattr(reconcile, "reconcile", fake_reconcile)
    monkeypatch.setattr(reconcile, "stale_decisions", fake_stale_decisions)
    return CALLS


@pytest.fixture
def fake_project(tmp_path):
    """A corpus of three fake documents and a gold folder knowing ALPHA."""
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("Intro\nALPHA OS 11.30 NE 0.70\n")
    (corpus / "b.md").write_text("BETA PFS 5.0 3.1 0.55\n")
    (corpus / "sub" / "c.txt").write_text("ALPHA PFS 7.0 5.2 0.81\n")
    (corpus / "README.md").write_text("GAMMA OS 1 2 3\n")  # never a document
    (corpus / "notes.csv").write_text("x\n")  # not a document type
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "trials.csv").write_text("trial,endpoint\nALPHA,OS\n")
    return types.SimpleNamespace(corpus=corpus, gold=gold, out=tmp_path / "out", root=tmp_path)


@pytest.fixture
def sample_project(tmp_path):
    """A copy of the sample corpus and gold folder."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    shutil.copytree(ROOT / "gold", tmp_path / "gold")
    return types.SimpleNamespace(corpus=tmp_path / "corpus", gold=tmp_path / "gold",
                                 out=tmp_path / "out", root=tmp_path)
