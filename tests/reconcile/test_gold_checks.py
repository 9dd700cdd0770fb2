"""GOLD_MISMATCH, UPDATED_ANALYSIS and NOT_IN_GOLD (extract.reconcile.gold_checks)."""

import pytest

from extract.reconcile import check_gold_mismatch, check_not_in_gold

from .helpers import codes, context, gold_row, make_gold, rec

GOLD = make_gold(
    gold_row(trial="ALPHA", endpoint="OS", analysis="interim", value_exp="22.1", value_ctrl="14.2",
             hr="0.60", ci_low="0.44", ci_high="0.81", ci_level="95", p_value="0.0008",
             publication="ASCO 2024 abstract 1"),
    gold_row(trial="BETA", endpoint="OS", analysis="interim", value_exp="22.1", value_ctrl="15.2",
             hr="0.62", publication="Lancet 2023;402:1133-46"),
    gold_row(trial="BETA", endpoint="OS", analysis="final", value_exp="23.8", value_ctrl="15.2",
             hr="0.64", publication="Lancet Oncol 2025;26:1598-611"),
    gold_row(trial="GAMMA", endpoint="PFS", assessment="mRECIST, investigator", value_exp="7.4",
             value_ctrl="3.7", hr="0.66"),
    gold_row(trial="GAMMA", endpoint="PFS", assessment="mRECIST, independent review",
             value_exp="7.3", value_ctrl="3.6", hr="0.64", publication="FDA notice 2018"),
    gold_row(trial="DELTA", endpoint="TACE-PFS", analysis="final", value_exp="22.8", value_ctrl="13.5"),
    gold_row(trial="EPS", endpoint="PFS", arm_exp="TACE plus durvalumab plus bevacizumab",
             arm_ctrl="TACE plus placebo", value_exp="15.0", value_ctrl="8.2", hr="0.77"),
    gold_row(trial="EPS", endpoint="PFS", arm_exp="TACE plus durvalumab", arm_ctrl="TACE plus placebo",
             value_exp="10.0", value_ctrl="8.2", hr="0.94"),
    gold_row(trial="ZETA", endpoint="TTP", value_exp="169", value_ctrl="166", unit="days", hr="0.797",
             p_value="0.072"),
    aliases={"DELTA": "DELTA trial|DLT"},
)


@pytest.mark.parametrize("record", [
    dict(trial="ALPHA", endpoint="OS", value_exp="22.0", value_ctrl="14.5", hr="0.76"),
    dict(trial="ALPHA", endpoint="OS", hr="0.60", ci_low="0.44", ci_high="0.91"),
    dict(trial="ALPHA", endpoint="OS", hr="0.60", p_value="0.08"),
    dict(trial="BETA", endpoint="OS", value_exp="25.0", value_ctrl="15.2", assessment="final"),
    dict(trial="GAMMA", endpoint="PFS", value_exp="7.4", value_ctrl="3.6", assessment="investigator"),
    dict(trial="EPS", endpoint="PFS", value_exp="10.0", value_ctrl="8.2", hr="0.94",
         arm_exp="TACE plus durvalumab plus bevacizumab"),
    dict(trial="ZETA", endpoint="TTP", value_exp="169", value_ctrl="156", unit="days"),
])
def test_mismatch(record):
    flags = check_gold_mismatch(context([rec(**record)], GOLD))
    assert codes(flags) == ["GOLD_MISMATCH"]
    assert flags[0].severity == "error"
    assert flags[0].gold is not None and flags[0].gold["trial"] == record["trial"]


@pytest.mark.parametrize("record", [
    dict(trial="ALPHA", endpoint="OS", value_exp="22.1", value_ctrl="14.2", hr="0.60"),
    dict(trial="ALPHA", endpoint="OS", value_exp="22.10", value_ctrl="14.2", hr="0.6", p_value="<0.001"),
    dict(trial="ALPHA", endpoint="OS", hr="0.60", ci_low="0.44", ci_high="0.81", ci_level="95"),
    dict(trial="ALPHA", endpoint="OS", value_exp="22.1", value_ctrl="14.2", assessment="interim"),
    dict(trial="GAMMA", endpoint="PFS", value_exp="7.4", value_ctrl="3.7", hr="0.66"),
    dict(trial="GAMMA", endpoint="PFS", value_exp="7.3", value_ctrl="3.6", assessment="mRECIST, IRF"),
    dict(trial="EPS", endpoint="PFS", value_exp="10.0", value_ctrl="8.2", hr="0.94",
         arm_exp="TACE plus durvalumab", arm_ctrl="TACE plus placebo"),
    dict(trial="EPS", endpoint="PFS", value_exp="15.0", value_ctrl="8.2", hr="0.77",
         arm_exp="TACE plus durvalumab plus bevacizumab", arm_ctrl="TACE alone"),
    dict(trial="ZETA", endpoint="TTP", value_exp="5.6", value_ctrl="5.5", hr="0.80", p_value="0.07"),
    dict(trial="ALPHA", endpoint="PFS", value_exp="1.0", value_ctrl="1.0"),     # no PFS in gold
    dict(trial="OMEGA", endpoint="OS", value_exp="1.0", value_ctrl="1.0"),      # not in gold
    dict(trial="ALPHA", endpoint="OS", value_exp="75", value_ctrl="69", unit="%", measure="24-month rate"),
])
def test_no_mismatch(record):
    flags = check_gold_mismatch(context([rec(**record)], GOLD))
    assert "GOLD_MISMATCH" not in codes(flags)


def test_figures_of_another_analysis_are_an_updated_analysis():
    record = rec(trial="BETA", endpoint="OS", value_exp="23.8", value_ctrl="15.2", hr="0.64")
    flags = check_gold_mismatch(context([record], GOLD))
    assert codes(flags) == ["UPDATED_ANALYSIS"]
    assert flags[0].severity == "info"
    assert flags[0].gold["analysis"] == "final"
    assert "interim analysis" in flags[0].message


def test_figures_labelled_with_the_wrong_analysis_are_an_updated_analysis():
    record = rec(trial="BETA", endpoint="OS", value_exp="23.8", value_ctrl="15.2", assessment="interim")
    flags = check_gold_mismatch(context([record], GOLD))
    assert codes(flags) == ["UPDATED_ANALYSIS"]
    assert "as the interim analysis" in flags[0].message and "final analysis" in flags[0].message


def test_stated_analysis_matching_its_gold_row_is_silent():
    record = rec(trial="BETA", endpoint="OS", value_exp="23.8", value_ctrl="15.2", assessment="final")
    assert check_gold_mismatch(context([record], GOLD)) == []


def test_interim_matches_a_primary_analysis_when_the_gold_has_no_interim_row():
    record = rec(trial="GAMMA", endpoint="PFS", value_exp="7.4", value_ctrl="3.7", assessment="interim")
    assert check_gold_mismatch(context([record], GOLD)) == []


def test_unqualified_pfs_is_compared_with_tace_specific_pfs():
    flags = check_gold_mismatch(context([rec(trial="DELTA", endpoint="PFS", value_exp="22.8",
                                             value_ctrl="13.6")], GOLD))
    assert codes(flags) == ["GOLD_MISMATCH"]
    assert flags[0].gold["endpoint"] == "TACE-PFS"


def test_recist_pfs_is_not_the_tace_specific_pfs():
    record = rec(trial="DELTA", endpoint="PFS", assessment="RECIST 1.1", value_exp="10.32", value_ctrl="6.37")
    assert check_gold_mismatch(context([record], GOLD)) == []
    assert codes(check_not_in_gold(context([record], GOLD))) == ["NOT_IN_GOLD"]


def test_aliases_resolve_to_the_gold_trial():
    flags = check_gold_mismatch(context([rec(trial="DLT", endpoint="TACE-PFS", value_exp="25.2",
                                             value_ctrl="13.5")], GOLD))
    assert codes(flags) == ["GOLD_MISMATCH"] and flags[0].trial == "DELTA"


@pytest.mark.parametrize("records, expected", [
    ([dict(trial="OMEGA", endpoint="OS")], [("OMEGA", "")]),
    ([dict(trial="OMEGA", endpoint="OS"), dict(trial="OMEGA", endpoint="PFS")], [("OMEGA", "")]),
    ([dict(trial="ALPHA", endpoint="PFS")], [("ALPHA", "PFS")]),
    ([dict(trial="ALPHA", endpoint="PFS"), dict(trial="ALPHA", endpoint="PFS", location="table")],
     [("ALPHA", "PFS")]),
    ([dict(trial="ALPHA", endpoint="OS")], []),
    ([dict(trial="ALPHA", endpoint="OS", assessment="RECIST 1.1")], []),
    ([dict(trial="GAMMA", endpoint="PFS", assessment="RECIST 1.1")], [("GAMMA", "PFS")]),
    ([dict(trial="DELTA triall", endpoint="OS")], []),    # near-miss of an alias: NAME_ANOMALY's job
    ([dict(trial="", endpoint="OS")], []),
])
def test_not_in_gold(records, expected):
    flags = check_not_in_gold(context([rec(value_exp="1.0", **r) for r in records], GOLD))
    assert [(f.trial, f.endpoint) for f in flags] == expected
    assert all(f.severity == "info" for f in flags)


def test_not_in_gold_is_raised_per_document():
    records = [rec(trial="OMEGA", endpoint="OS"), rec(trial="OMEGA", endpoint="OS", doc_id="doc-b")]
    flags = check_not_in_gold(context(records, GOLD))
    assert len({f.flag_id for f in flags}) == 2


def test_a_sensitivity_analysis_is_not_compared_with_the_gold_primary_analysis():
    r = dict(trial="ALPHA", endpoint="OS", hr="0.66", ci_low="0.50", ci_high="0.88")
    assert codes(check_gold_mismatch(context([rec(**r)], GOLD))) == ["GOLD_MISMATCH"]
    assert check_gold_mismatch(context([rec(**r, assessment="sensitivity")], GOLD)) == []
