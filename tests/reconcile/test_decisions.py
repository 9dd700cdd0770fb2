"""Curator decisions survive a re-run: same flag_id, status kept, stale decisions reported."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from extract.columns import FLAG_COLUMNS
from extract.gold import load_gold, record_decision
from extract.reconcile import DETAIL_COLUMNS, apply_decisions, reconcile, stale_decisions

from .helpers import evidence, gold_row, make_gold, rec

GOLD_ROWS = [gold_row(trial="ALPHA", endpoint="OS", value_exp="22.1", value_ctrl="14.2", hr="0.60")]
TABLE = rec(trial="ALPHA", endpoint="OS", location="table", section="Table 1", page="3",
            start="100", end="140", value_exp="22.0", value_ctrl="14.5", hr="0.76")
TEXT = rec(trial="ALPHA", endpoint="OS", page="4", start="900", end="990",
           value_exp="22.1", value_ctrl="14.2", hr="0.60")


def run(gold, *records):
    return reconcile(evidence(*records), gold)


def test_flag_frame_columns():
    flags = run(make_gold(*GOLD_ROWS), TABLE, TEXT)
    assert list(flags.columns) == FLAG_COLUMNS + DETAIL_COLUMNS
    conflict = flags[flags["code"] == "INTERNAL_CONFLICT"].iloc[0]
    assert conflict["evidence"] == "corpus/a.txt p.3 table [100:140]"
    assert conflict["other"] == "corpus/a.txt p.4 text [900:990]"
    mismatch = flags[flags["code"] == "GOLD_MISMATCH"].iloc[0]
    assert "J Test 2020;1:1-9" in mismatch["gold"] and mismatch["gold_publication"] == "J Test 2020;1:1-9"
    assert (flags["status"] == "open").all()


def test_flag_ids_are_stable_across_runs_and_offsets():
    first = run(make_gold(*GOLD_ROWS), TABLE, TEXT)
    moved = [{**TABLE, "start": "5000", "end": "5040", "page": "7"}, {**TEXT, "start": "1", "end": "9"}]
    second = run(make_gold(*GOLD_ROWS), *moved)
    assert sorted(first["flag_id"]) == sorted(second["flag_id"])
    assert first["flag_id"].is_unique


def test_flag_ids_change_with_the_values_and_the_document():
    base = set(run(make_gold(*GOLD_ROWS), TABLE, TEXT)["flag_id"])
    other_values = set(run(make_gold(*GOLD_ROWS), {**TABLE, "hr": "0.77"}, TEXT)["flag_id"])
    other_doc = set(run(make_gold(*GOLD_ROWS), {**TABLE, "doc_id": "doc-z"}, {**TEXT, "doc_id": "doc-z"})["flag_id"])
    assert base.isdisjoint(other_values)
    assert base.isdisjoint(other_doc)


def decision(flag_id, status, at="2026-01-01T00:00:00+00:00", note="n"):
    return {"flag_id": flag_id, "status": status, "note": note, "by": "curator", "decided_at": at}


def test_decisions_attach_on_the_next_run():
    first = run(make_gold(*GOLD_ROWS), TABLE, TEXT)
    conflict_id = first.loc[first["code"] == "INTERNAL_CONFLICT", "flag_id"].iloc[0]
    mismatch_id = first.loc[first["code"] == "GOLD_MISMATCH", "flag_id"].iloc[0]
    gold = make_gold(*GOLD_ROWS, decisions=[decision(conflict_id, "dismissed", note="rounding"),
                                            decision(mismatch_id, "confirmed")])
    second = run(gold, TABLE, TEXT)
    by_id = second.set_index("flag_id")
    assert by_id.loc[conflict_id, "status"] == "dismissed"
    assert by_id.loc[conflict_id, "decision_note"] == "rounding"
    assert by_id.loc[mismatch_id, "status"] == "confirmed"
    assert (second.loc[~second["flag_id"].isin([conflict_id, mismatch_id]), "status"] == "open").all()
    assert stale_decisions(second).empty


def test_latest_decision_wins():
    flags = run(make_gold(*GOLD_ROWS), TABLE, TEXT)
    fid = flags["flag_id"].iloc[0]
    decisions = pd.DataFrame([decision(fid, "dismissed", "2026-01-02T00:00:00+00:00"),
                              decision(fid, "confirmed", "2026-01-01T00:00:00+00:00")])
    out, stale = apply_decisions(flags, decisions)
    assert out.set_index("flag_id").loc[fid, "status"] == "dismissed"
    assert stale.empty


def test_decisions_of_flags_that_no_longer_occur_are_stale():
    first = run(make_gold(*GOLD_ROWS), TABLE, TEXT)
    fid = first.loc[first["code"] == "INTERNAL_CONFLICT", "flag_id"].iloc[0]
    gold = make_gold(*GOLD_ROWS, decisions=[decision(fid, "dismissed")])
    fixed = {**TABLE, "value_exp": "22.1", "value_ctrl": "14.2", "hr": "0.60"}  # the table was corrected
    second = run(gold, fixed, TEXT)
    assert fid not in set(second["flag_id"])
    stale = stale_decisions(second)
    assert list(stale["flag_id"]) == [fid]


@pytest.fixture
def gold_dir(tmp_path):
    src = Path(__file__).resolve().parents[2] / "gold"
    d = tmp_path / "gold"
    d.mkdir()
    for name in ("aliases.csv", "decisions.csv"):
        shutil.copy(src / name, d / name)
    pd.DataFrame([gold_row(trial="SHARP", endpoint="OS", value_exp="10.7", value_ctrl="7.9", hr="0.69")]
                 ).to_csv(d / "trials.csv", index=False)
    return d


def test_decision_recorded_on_disk_survives_a_rerun(gold_dir):
    ev = evidence(rec(trial="SHARP", endpoint="OS", value_exp="10.7", value_ctrl="7.4", hr="0.69"))
    first = reconcile(ev, load_gold(gold_dir))
    fid = first.loc[first["code"] == "GOLD_MISMATCH", "flag_id"].iloc[0]
    record_decision(gold_dir, fid, "dismissed", "checked the paper: 7.4 is a typo in our gold", "me")
    second = reconcile(ev, load_gold(gold_dir))
    row = second.set_index("flag_id").loc[fid]
    assert row["status"] == "dismissed" and row["decided_by"] == "me"


def test_offsets_read_as_floats_print_as_integers():
    ev = evidence(TABLE, TEXT).astype({"start": float, "end": float, "page": float})
    flags = reconcile(ev, make_gold(*GOLD_ROWS))
    conflict = flags[flags["code"] == "INTERNAL_CONFLICT"].iloc[0]
    assert conflict["evidence"] == "corpus/a.txt p.3 table [100:140]"
