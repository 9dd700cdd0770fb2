"""Change tracking between two runs' snapshots (no Prefect)."""

from __future__ import annotations

import pandas as pd

from extract.changes import compute_changes


def snap(docs, evidence=(), flags=()):
    return {
        "documents": pd.DataFrame(docs, columns=["doc_id", "source"]),
        "evidence": pd.DataFrame(list(evidence)),
        "flags": pd.DataFrame(list(flags)),
    }


def ev(trial, endpoint, exp, ctrl, hr="", **kw):
    return {"trial": trial, "endpoint": endpoint, "measure": "median", "arm_exp": "a",
            "arm_ctrl": "b", "value_exp": exp, "value_ctrl": ctrl, "hr": hr, **kw}


def flag(fid, sev="error"):
    return {"flag_id": fid, "code": "GOLD_MISMATCH", "severity": sev, "trial": "A",
            "message": f"msg {fid}"}


def test_first_run_counts_everything_as_new():
    ch = compute_changes(None, snap([("d1", "a.txt")], [ev("A", "OS", "11.30", "NE")],
                                    [flag("f1")]))
    assert ch.first_run
    assert ch.new_documents == ["a.txt"] and ch.new_trials == ["A"]
    assert len(ch.new_figures) == 1 and len(ch.raised_flags) == 1
    assert "First run" in ch.to_markdown()


def test_unchanged_corpus_reports_nothing():
    s = snap([("d1", "a.txt")], [ev("A", "OS", "11.30", "NE")], [flag("f1")])
    ch = compute_changes(s, s)
    assert ch.empty and not ch.first_run
    assert "Nothing changed" in ch.to_markdown()
    assert ch.headline() == "nothing changed since the previous run"


def test_documents_added_removed_and_changed():
    prev = snap([("d1", "a.txt"), ("d2", "b.txt"), ("d3", "c.txt")])
    cur = snap([("d1", "a.txt"), ("d3x", "c.txt"), ("d4", "new.pdf")])
    ch = compute_changes(prev, cur)
    assert ch.new_documents == ["new.pdf"]
    assert ch.removed_documents == ["b.txt"]
    assert ch.changed_documents == ["c.txt"]


def test_new_trials_and_new_or_changed_figures_with_printed_values():
    prev = snap([("d1", "a.txt")], [ev("A", "OS", "11.3", "9.0"), ev("A", "PFS", "5", "4")])
    cur = snap([("d1", "a.txt")], [ev("A", "OS", "11.30", "9.0"), ev("A", "PFS", "5", "4"),
                                   ev("B", "OS", "NR", "NE", "0.70")])
    ch = compute_changes(prev, cur)
    assert ch.new_trials == ["B"]
    assert [(f["trial"], f["endpoint"]) for f in ch.new_figures] == [("B", "OS")]
    [changed] = ch.changed_figures
    assert (changed["trial"], changed["endpoint"]) == ("A", "OS")
    md = ch.to_markdown()
    assert "11.3 vs 9.0 -> 11.30 vs 9.0" in md  # printed precision is a change
    assert "NR vs NE, HR 0.70" in md


def test_flags_raised_and_resolved():
    prev = snap([("d1", "a.txt")], flags=[flag("f1"), flag("f2", "warning")])
    cur = snap([("d1", "a.txt")], flags=[flag("f2", "warning"), flag("f3")])
    ch = compute_changes(prev, cur)
    assert [f["flag_id"] for f in ch.raised_flags] == ["f3"]
    assert [f["flag_id"] for f in ch.resolved_flags] == ["f1"]
    assert ch.counts()["raised_flags"] == 1 and ch.counts()["resolved_flags"] == 1
    assert "`f3`" in ch.to_markdown() and "`f1`" in ch.to_markdown()
