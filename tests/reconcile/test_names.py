"""NAME_ANOMALY (extract.reconcile.names)."""

import pytest

from extract.reconcile import check_name_anomaly, suggest_name
from extract.reconcile.names import collapse_repeats, edit_distance

from .helpers import codes, context, gold_row, make_gold, rec

GOLD = make_gold(*(gold_row(trial=t, endpoint="OS") for t in (
    "DEB-TACE-apatinib", "HIMALAYA", "LEAP-012", "EMERALD-1", "TALENTACE", "CheckMate 459", "SPACE")),
    aliases={"DEB-TACE-apatinib": "TACE-apatinib"})


@pytest.mark.parametrize("printed, suggested", [
    ("DEB-DEB-TACE-apatinib", "DEB-TACE-apatinib"),
    ("TACE-TACE-apatinib", "DEB-TACE-apatinib"),        # collapses to an alias
    ("HIMALYA", "HIMALAYA"),
    ("HIMAALAYA", "HIMALAYA"),
    ("TALENTACCE", "TALENTACE"),
    ("EMRALD-1", "EMERALD-1"),
    ("ChekMate 459", "CheckMate 459"),
])
def test_near_miss_names(printed, suggested):
    flags = check_name_anomaly(context([rec(trial=printed, endpoint="OS")], GOLD))
    assert codes(flags) == ["NAME_ANOMALY"]
    assert flags[0].severity == "warning"
    assert f"did you mean '{suggested}'" in flags[0].message


@pytest.mark.parametrize("printed", [
    "DEB-TACE-apatinib", "deb tace apatinib", "TACE-apatinib", "Himalaya", "LEAP 012",
    "LEAP-002",        # a different trial of the series: digits differ
    "EMERALD-2", "CheckMate 9DW",
    "TALENTOP",        # a different trial, three letters off
    "PACE",            # short names (< 6 letters) are never edit-distance near-misses
    "ORIENT-32", "",
])
def test_known_or_different_names(printed):
    assert check_name_anomaly(context([rec(trial=printed, endpoint="OS")], GOLD)) == []


def test_one_flag_per_document_and_name():
    records = [rec(trial="HIMALYA", endpoint="OS"), rec(trial="HIMALYA", endpoint="PFS"),
               rec(trial="HIMALYA", endpoint="OS", doc_id="doc-b")]
    assert len(check_name_anomaly(context(records, GOLD))) == 2


def test_helpers():
    assert collapse_repeats("DEB-DEB-TACE-apatinib") == "DEB-TACE-apatinib"
    assert collapse_repeats("TACE plus TACE") == "TACE plus TACE"  # not adjacent
    assert edit_distance("HIMALYA", "HIMALAYA") == 1
    assert edit_distance("ab", "ba") == 1
    assert suggest_name("SHARP", GOLD) is None
