"""INTERNAL_CONFLICT and CROSS_DOC_CONFLICT (extract.reconcile.conflicts)."""

import pytest

from extract.reconcile import check_cross_doc_conflict, check_internal_conflict

from .helpers import codes, context, gold_row, make_gold, rec, timing

GOLD = make_gold(gold_row(trial="ALPHA", endpoint="OS", value_exp="22.1", value_ctrl="14.2", hr="0.60"))

TABLE = dict(trial="ALPHA", endpoint="OS", location="table", section="Table 1", page="3")
TEXT = dict(trial="ALPHA", endpoint="OS", location="text", page="4")


@pytest.mark.parametrize("table, text", [
    (dict(value_exp="22.0", value_ctrl="14.5", hr="0.76"), dict(value_exp="22.1", value_ctrl="14.2", hr="0.60")),
    (dict(value_exp="11.3", value_ctrl="7.0"), dict(value_exp="11.30", value_ctrl="7.13")),
    (dict(hr="0.71", p_value="0.009"), dict(hr="0.71", p_value="0.09")),
    (dict(value_exp="169", value_ctrl="166", unit="days"), dict(value_exp="6.4", value_ctrl="5.5")),
    (dict(hr="0.71", ci_low="0.55", ci_high="0.92"), dict(hr="0.71", ci_low="0.55", ci_high="0.82")),
])
def test_table_and_text_disagree(table, text):
    flags = check_internal_conflict(context([rec(**TABLE, **table), rec(**TEXT, **text)], GOLD))
    assert codes(flags) == ["INTERNAL_CONFLICT"]
    assert flags[0].severity == "error"
    assert "Table 1 (p. 3) gives" in flags[0].message and "the text (p. 4) gives" in flags[0].message


@pytest.mark.parametrize("table, text", [
    # TALENTACE-like: the table rounds the text's figures
    (dict(value_exp="11.3", value_ctrl="7.0", hr="0.71", p_value="0.009"),
     dict(value_exp="11.30", value_ctrl="7.03", hr="0.71")),
    (dict(value_exp="NE", value_ctrl="10.4"), dict(value_exp="NR", value_ctrl="10.4")),
    (dict(value_exp="169", value_ctrl="166", unit="days"), dict(value_exp="5.6", value_ctrl="5.5")),
    (dict(hr="0.56", p_value="<0.001"), dict(hr="0.564", p_value="0.0004")),
    # different comparisons or analyses are different results
    (dict(value_exp="15.0", value_ctrl="8.2", arm_exp="TACE plus durvalumab plus bevacizumab"),
     dict(value_exp="10.0", value_ctrl="8.2", arm_exp="TACE plus durvalumab")),
    (dict(value_exp="10.32", value_ctrl="6.37", assessment="RECIST 1.1"),
     dict(value_exp="11.30", value_ctrl="7.03", assessment="mRECIST")),
    (dict(value_exp="22.1", value_ctrl="15.2", assessment="interim"),
     dict(value_exp="23.8", value_ctrl="15.2", assessment="final")),
    # a 24-month rate and a median share only the HR
    (dict(value_exp="75", value_ctrl="69", unit="%", measure="24-month rate", hr="0.80"),
     dict(value_exp="NR", value_ctrl="NR", hr="0.80")),
])
def test_agreeing_or_different_results_are_not_conflicts(table, text):
    assert check_internal_conflict(context([rec(**TABLE, **table), rec(**TEXT, **text)], GOLD)) == []


def test_two_mentions_of_two_gold_analyses_are_not_a_conflict():
    gold = make_gold(
        gold_row(trial="BETA", endpoint="OS", analysis="interim", value_exp="22.1", value_ctrl="15.2", hr="0.62"),
        gold_row(trial="BETA", endpoint="OS", analysis="final", value_exp="23.8", value_ctrl="15.2", hr="0.64"))
    records = [rec(trial="BETA", endpoint="OS", value_exp="22.1", value_ctrl="15.2", hr="0.62"),
               rec(trial="BETA", endpoint="OS", value_exp="23.8", value_ctrl="15.2", hr="0.64",
                   location="table", section="Table 1")]
    assert check_internal_conflict(context(records, gold)) == []


def test_the_same_figures_in_two_documents_are_not_an_internal_conflict():
    records = [rec(**TABLE, value_exp="22.0", value_ctrl="14.5"),
               rec(**TEXT, value_exp="22.1", value_ctrl="14.2", doc_id="doc-b", source="corpus/b.txt")]
    assert check_internal_conflict(context(records, GOLD)) == []
    flags = check_cross_doc_conflict(context(records, GOLD))
    assert codes(flags) == ["CROSS_DOC_CONFLICT"]
    assert flags[0].severity == "warning"
    assert "a.txt" in flags[0].message and "b.txt" in flags[0].message


@pytest.mark.parametrize("b, flagged", [
    (dict(value_exp="22.1", value_ctrl="14.2"), False),
    (dict(value_exp="22.10", value_ctrl="14.2"), False),
    (dict(value_exp="24.0", value_ctrl="14.2"), True),
    (dict(value_exp="24.0", value_ctrl="14.2", trial="GAMMA"), False),
    (dict(value_exp="24.0", value_ctrl="14.2", endpoint="PFS"), False),
])
def test_cross_doc(b, flagged):
    a = rec(**TEXT, value_exp="22.1", value_ctrl="14.2")
    other = rec(**{**TEXT, **b}, doc_id="doc-b", source="corpus/b.txt")
    flags = check_cross_doc_conflict(context([a, other], GOLD))
    assert bool(flags) is flagged


def test_a_document_that_disagrees_with_itself_is_not_a_cross_doc_conflict():
    table = dict(value_exp="22.0", value_ctrl="14.5", hr="0.76")
    text = dict(value_exp="22.1", value_ctrl="14.2", hr="0.60")
    b = dict(doc_id="doc-b", source="corpus/b.pdf")
    records = [rec(**TABLE, **table), rec(**TEXT, **text), rec(**TABLE, **table, **b), rec(**TEXT, **text, **b)]
    assert check_cross_doc_conflict(context(records, GOLD)) == []
    assert len(check_internal_conflict(context(records, GOLD))) == 2


@pytest.mark.parametrize("a, b, flagged", [
    (dict(low="1", high="1", unit="weeks"), dict(low="7", unit="days"), False),
    (dict(low="2", high="8", unit="weeks"), dict(low="14", high="56", unit="days"), False),
    (dict(low="3", high="7", unit="days"), dict(low="3", high="7", unit="days"), False),
    (dict(low="2", high="4", unit="weeks"), dict(low="2", high="5", unit="weeks"), True),
    (dict(low="1", high="1", unit="weeks"), dict(low="14", unit="days"), True),
])
def test_timings_stated_twice(a, b, flagged):
    base = dict(trial="ALPHA", regimen="durvalumab", relation="after", anchor="first TACE")
    timings = [timing(**base, **a, location="table", section="Table 2"), timing(**base, **b)]
    flags = check_internal_conflict(context([], GOLD, timings=timings))
    assert codes(flags) == (["INTERNAL_CONFLICT"] if flagged else [])


def test_timings_of_different_anchors_are_not_compared():
    timings = [timing(trial="ALPHA", regimen="bevacizumab", relation="after", anchor="first TACE",
                      low="1", high="1", unit="weeks"),
               timing(trial="ALPHA", regimen="bevacizumab", relation="after", anchor="last TACE",
                      low="14", unit="days")]
    assert check_internal_conflict(context([], GOLD, timings=timings)) == []


def test_a_sensitivity_analysis_is_not_the_unstated_primary_result():
    """'HR 0.86 (primary) ... 0.84 in a per-protocol sensitivity analysis': two analyses."""
    records = [rec(trial="ALPHA", endpoint="OS", hr="0.86"),
               rec(trial="ALPHA", endpoint="OS", hr="0.84", assessment="sensitivity")]
    assert check_internal_conflict(context(records, GOLD)) == []
    records.append(rec(trial="ALPHA", endpoint="OS", hr="0.81", assessment="sensitivity", page="9"))
    assert codes(check_internal_conflict(context(records, GOLD))) == ["INTERNAL_CONFLICT"]
