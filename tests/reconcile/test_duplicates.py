"""DUPLICATED_VALUES (extract.reconcile.duplicates)."""

import pytest

from extract.reconcile import check_duplicated_values

from .helpers import codes, context, gold_row, make_gold, rec

GOLD = make_gold(
    gold_row(trial="UPPER", endpoint="OS", value_exp="22.1", value_ctrl="14.2", hr="0.60"),
    gold_row(trial="LOWER", endpoint="OS", value_exp="20.0", value_ctrl="14.5", hr="0.76"),
)


def row(trial, start, **kw):
    base = dict(trial=trial, endpoint="OS", location="table", section="Table 1", start=str(start))
    return rec(**{**base, **kw})


@pytest.mark.parametrize("upper, lower", [
    (dict(value_exp="22.0", value_ctrl="14.5", hr="0.76"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.76")),
    (dict(value_exp="20.0", value_ctrl="14.5", hr="0.81"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.76")),
    (dict(value_exp="NE", value_ctrl="10.4", hr="0.57"), dict(value_exp="NR", value_ctrl="10.4", hr="0.57")),
    (dict(value_exp="20.0", value_ctrl="14.5"), dict(value_exp="20", value_ctrl="14.5")),
])
def test_adjacent_rows_sharing_two_figures(upper, lower):
    flags = check_duplicated_values(context([row("UPPER", 100, **upper), row("LOWER", 200, **lower)], GOLD))
    assert codes(flags) == ["DUPLICATED_VALUES"]
    assert flags[0].severity == "warning"


@pytest.mark.parametrize("upper, lower, where", [
    # a shared control median alone is chance (two trials against sorafenib)
    (dict(value_exp="22.1", value_ctrl="14.5", hr="0.60"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"), {}),
    # printed at a different precision is not the same printed figure
    (dict(value_exp="22.0", value_ctrl="14.50", hr="0.760"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.77"), {}),
    # same figures, but not in a table / not the same table / not the same document
    (dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"),
     dict(location="text")),
    (dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"),
     dict(section="Table 2")),
    (dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"),
     dict(doc_id="doc-b")),
    # another endpoint
    (dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"), dict(value_exp="20.0", value_ctrl="14.5", hr="0.76"),
     dict(endpoint="PFS")),
    # only one figure stated
    (dict(hr="0.76"), dict(hr="0.76"), {}),
])
def test_not_duplicated(upper, lower, where):
    records = [row("UPPER", 100, **upper), row("LOWER", 200, **{**lower, **where})]
    assert check_duplicated_values(context(records, GOLD)) == []


def test_only_adjacent_rows_are_compared():
    same = dict(value_exp="20.0", value_ctrl="14.5", hr="0.76")
    records = [row("UPPER", 100, **same), row("MIDDLE", 150, value_exp="1.0", value_ctrl="2.0", hr="1.5"),
               row("LOWER", 200, **same)]
    assert check_duplicated_values(context(records, GOLD)) == []


def test_the_row_that_disagrees_with_gold_is_the_suspect():
    records = [row("UPPER", 100, value_exp="22.0", value_ctrl="14.5", hr="0.76"),
               row("LOWER", 200, value_exp="20.0", value_ctrl="14.5", hr="0.76")]
    flags = check_duplicated_values(context(records, GOLD))
    assert flags[0].trial == "UPPER" and flags[0].other["trial"] == "LOWER"
    assert "LOWER's figures agree with the gold; UPPER's do not" in flags[0].message


def test_without_gold_the_lower_row_is_the_suspect():
    records = [row("A", 100, value_exp="20.0", value_ctrl="14.5", hr="0.76"),
               row("B", 200, value_exp="20.0", value_ctrl="14.5", hr="0.76")]
    flags = check_duplicated_values(context(records, make_gold()))
    assert flags[0].trial == "B"
