"""The report for the real sample corpus, built through the library (no Prefect): the
SCT-I10A-C301 conflict between the review's table and its text is shown with both quotes,
the compared values marked, and the gold row."""

from pathlib import Path

import pandas as pd
import pytest

from extract.extractor import extract_document
from extract.gold import load_gold
from extract.ingest import load
from extract.model import IngestError
from extract.reconcile import reconcile
from extract.report import build_report, summary_markdown
from extract.report.views import anchor

from .dom import parse

ROOT = Path(__file__).resolve().parents[2]
TRIAL = "SCT-I10A-C301"


def corpus_data() -> dict:
    docs, evidence, timings, references = [], [], [], {}
    paths = [p for p in sorted((ROOT / "corpus").rglob("*"))
             if p.suffix.lower() in (".txt", ".md", ".pdf")
             and p.name not in ("README.md", "SOURCES.md")]
    for path in paths:
        source = str(path.relative_to(ROOT))
        try:
            doc = load(path)
        except IngestError as exc:
            docs.append({"doc_id": "", "source": source, "status": "error", "error": exc.reason})
            continue
        x = extract_document(doc)
        evidence.append(x.evidence)
        timings.append(x.timings)
        references[x.doc_id] = x.references
        docs.append({"doc_id": doc.doc_id, "source": source, "status": "ok", "error": "",
                     "n_evidence": len(x.evidence), "n_timings": len(x.timings)})
    ev = pd.concat(evidence, ignore_index=True)
    tm = pd.concat(timings, ignore_index=True)
    gold = load_gold(ROOT / "gold")
    flags = reconcile(ev, gold, references, tm)
    return {"documents": pd.DataFrame(docs), "evidence": ev, "timings": tm, "flags": flags,
            "gold": gold.trials, "changes": "", "run": {"run_id": "corpus-test"}}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    data = corpus_data()
    path = build_report(data, tmp_path_factory.mktemp("corpus"))
    return data, path.read_text(encoding="utf-8")


def _flag_html(html: str, flag_id: str) -> str:
    return html.split(f'id="flag-{flag_id}"', 1)[1].split('<div class="flag ', 1)[0]


def _assert_both_quotes(html, row):
    block = _flag_html(html, row["flag_id"])
    quotes = block.split('<blockquote class="quote">')[1:]
    assert len(quotes) == 2
    quotes = [q.split("</blockquote>", 1)[0] for q in quotes]
    # each side's quote is there, its compared values marked
    sides = {row["evidence_location"]: row["evidence_quote"],
             row["other_location"]: row["other_quote"]}
    assert set(sides) == {"table", "text"}
    by_location = {"table": ["22.0", "14.5", "0.76"], "text": ["22.1", "14.2", "0.60"]}
    for q in quotes:
        marked = [m.split("</mark>", 1)[0] for m in q.split("<mark>")[1:]]
        loc = "table" if set(marked) == set(by_location["table"]) else "text"
        assert sorted(marked) == sorted(by_location[loc])
        assert " ".join(parse(q).text.split()) == " ".join(sides[loc].split())


def test_sct_conflict_is_shown_with_both_quotes_and_the_gold_row(corpus):
    data, html = corpus
    flags = data["flags"]
    conflict = flags[(flags["code"] == "INTERNAL_CONFLICT") & (flags["trial"] == TRIAL)
                     & (flags["endpoint"] == "OS")]
    assert len(conflict) >= 1  # one per copy of the review (text, PDF)
    for _, row in conflict.iterrows():
        _assert_both_quotes(html, row)
    block = _flag_html(html, conflict.iloc[0]["flag_id"])
    dom = parse(block)
    # the gold row with its source
    gold = data["gold"]
    g = gold[(gold["trial"] == TRIAL) & (gold["endpoint"] == "OS")].iloc[0]
    for value in (g["value_exp"], g["value_ctrl"], g["hr"], g["publication"], g["source"]):
        assert value and value in dom.text
    assert f"{g['ci_low']}\u2013{g['ci_high']}" in dom.text


def test_sct_trial_section_groups_the_disagreeing_mentions(corpus):
    _, html = corpus
    dom = parse(html)
    sections = [e for e in dom.all("article") if e.attrs.get("data-trial") == TRIAL]
    assert len(sections) == 1
    section = html.split(f'id="{anchor("trial", TRIAL)}"', 1)[1].split("</article>", 1)[0]
    os_block = section.split("<h4>OS</h4>", 1)[1].split('<div class="endpoint"', 1)[0]
    assert 'class="ev-row row-agree' in os_block and 'class="ev-row row-differ' in os_block
    assert '<svg class="forest"' in os_block


def test_summary_lists_the_open_error(corpus):
    data, _ = corpus
    md = summary_markdown(data)
    assert f"| INTERNAL\\_CONFLICT | {TRIAL} | OS |" in md
