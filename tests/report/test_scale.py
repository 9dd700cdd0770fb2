"""The report of a mid-size generated run: everything in it, and the lookups behind it
(built once from plain rows) give what filtering the tables gives."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from markupsafe import escape

from extract.report import render_html
from extract.report.data import normalize, records
from extract.report.views import FIELD_NAMES, Index, flag_views, trial_views

from .dom import parse
from .synthetic import synthetic_data


@pytest.fixture(scope="module")
def data():
    return synthetic_data(40, seed=5)


@pytest.fixture(scope="module")
def page(data):
    html = render_html(data)
    return html, parse(html)


def _section(html: str, name: str) -> str:
    return html.split(f'<section id="{name}">', 1)[1].split("</section>", 1)[0]


def test_generated_run_is_mid_size(data):
    assert len(data["evidence"]) > 150 and len(data["flags"]) > 500
    assert data["documents"]["status"].eq("error").any()
    assert data["flags"]["evidence_doc_id"].eq("").any()  # flags pointing at nothing


def test_every_flag_is_rendered_once_in_severity_order(data, page):
    html, dom = page
    divs = [e for e in dom.elements if "flag" in (e.attrs.get("class") or "").split()]
    assert Counter(e.attrs["id"] for e in divs) == Counter(
        f"flag-{i}" for i in data["flags"]["flag_id"])
    rank = {"error": 0, "warning": 1, "info": 2}
    severities = [rank[e.attrs["data-severity"]] for e in divs]
    assert severities == sorted(severities)
    flags = _section(html, "flags")
    assert f"({len(data['flags'])}, by severity)" in flags
    for msg in data["flags"]["message"]:
        assert f'<div class="msg">{escape(msg)}</div>' in flags


def test_every_record_is_shown_under_its_trial_and_its_document(data, page):
    html, _ = page
    trials, documents = _section(html, "trials"), _section(html, "documents")
    unmarked = [re.sub(r"</?mark>", "", part) for part in (trials, documents)]
    quotes = Counter(str(escape(q)) for q in data["evidence"]["quote"])
    timing_quotes = Counter(str(escape(q)) for q in data["timings"]["quote"])
    for quote, n in quotes.items():
        assert unmarked[0].count(quote) >= n  # each record's row in its trial's endpoint
        assert unmarked[1].count(quote) >= n  # and in its document's table
    for quote, n in timing_quotes.items():
        assert unmarked[0].count(quote) >= n and unmarked[1].count(quote) >= n
    ok = data["documents"][data["documents"]["status"] == "ok"]
    per_doc = Counter(data["evidence"]["doc_id"])
    for doc_id in ok["doc_id"]:
        head = documents.split(f"<code>{doc_id[:12]}</code>", 1)[0].rsplit("<h3>", 1)[1]
        assert f"{per_doc[doc_id]} records ·" in head
    for trial in set(data["evidence"]["trial"]):
        assert f'data-trial="{escape(trial)}"' in trials


def test_lookups_match_filtering_the_tables(data):
    rd = normalize(data)
    assert records(rd.flags) == rd.flags.to_dict(orient="records")
    assert records(rd.evidence.iloc[0:0]) == []
    index = Index(rd)
    gold = rd.gold
    pairs = set(zip(rd.flags["trial"], rd.flags["endpoint"])) | {("", "OS"), ("nope", "")}
    for trial, endpoint in pairs:
        g = gold[gold["trial"] == trial] if trial else gold.iloc[0:0]
        if endpoint:
            g = g[g["endpoint"] == endpoint]
        assert index.gold_rows(trial, endpoint) == g.to_dict(orient="records")


def test_trial_views_hold_every_record_of_the_trial(data):
    rd = normalize(data)
    views = {t["trial"]: t for t in trial_views(rd)}
    ev = rd.evidence
    for trial, t in views.items():
        rows = [row["ev"] for e in t["endpoints"] for g in e["groups"] for row in g["rows"]]
        assert sorted(map(tuple, (r.values() for r in rows))) == sorted(
            map(tuple, ev[ev["trial"] == trial].to_dict(orient="split")["data"]))
        assert t["n_docs"] == ev[ev["trial"] == trial]["doc_id"].nunique()
        for e in t["endpoints"]:
            assert e["gold"] == rd.gold[(rd.gold["trial"] == trial)
                                        & (rd.gold["endpoint"] == e["endpoint"])].to_dict(
                orient="records")


def test_flag_views_find_the_records_they_point_at(data):
    rd = normalize(data)
    views = flag_views(rd)
    assert len(views) == len(rd.flags)
    with_figures = [v for v in views if v["sides"] and v["sides"][0]["figures"]]
    assert len(with_figures) > len(views) / 2
    for v in with_figures[:200]:
        labels = {fg["label"] for fg in v["sides"][0]["figures"]}
        assert labels and labels <= {"exp", "ctrl", "HR", "CI low", "CI high", "p", "low",
                                     "high"}
    assert FIELD_NAMES[0] == "value_exp"
