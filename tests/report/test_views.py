"""What the report shows: grouping against the gold, flag sides, forest plot geometry."""

import math

import pandas as pd

from extract.report.data import normalize
from extract.report.forest import ForestLine, layout
from extract.report.views import flag_views, trial_views

from .sample import sample_data


def _trial(name):
    return next(t for t in trial_views(normalize(sample_data())) if t["trial"] == name)


def _endpoint(trial, ep):
    return next(e for e in _trial(trial)["endpoints"] if e["endpoint"] == ep)


def test_conflicting_mentions_fall_in_two_groups_gold_agreeing_first():
    groups = _endpoint("SCT-I10A-C301", "OS")["groups"]
    assert [(g["label"], g["verdict"]) for g in groups] == [("A", "agree"), ("B", "differ")]
    assert [r["ev"]["hr"] for r in groups[0]["rows"]] == ["0.60"]
    differing = groups[1]["rows"][0]["cmp"]
    assert differing == {"value_exp": "differ", "value_ctrl": "differ", "hr": "differ"}


def test_values_equal_at_reporting_precision_are_one_group():
    groups = _endpoint("SHARP", "OS")["groups"]
    assert len(groups) == 1 and groups[0]["verdict"] == "agree"
    assert sorted(r["ev"]["value_exp"] for r in groups[0]["rows"]) == ["10.7", "10.70"]
    talent = _endpoint("TALENTACE", "TACE-PFS")["groups"]
    assert talent[0]["rows"][0]["cmp"]["value_exp"] == "agree"  # 11.30 vs gold 11.3
    assert talent[0]["rows"][0]["cmp"]["value_ctrl"] == "agree"  # 7.03 vs gold 7.0


def test_trial_view_has_arms_and_timings():
    t = _trial("TALENTACE")
    assert t["gold_arms"] == [("atezolizumab plus bevacizumab plus TACE", "TACE")]
    assert [(x["relation"], x["low"], x["anchor"]) for x in t["timings"]] == [
        ("after", "7", "first TACE")]
    assert not _trial("EVIL<script>alert(1)</script>")["in_gold"]


def test_flag_sides_mark_the_compared_values():
    views = {v["f"]["flag_id"]: v for v in flag_views(normalize(sample_data()))}
    conflict = views["f-internal"]
    text_side, table_side = conflict["sides"]
    assert "<mark>0.60</mark>" in str(text_side["quote"])
    assert "<mark>22.1</mark>" in str(text_side["quote"])
    assert "<mark>0.76</mark>" in str(table_side["quote"])
    assert text_side["location"] == "text" and table_side["location"] == "table"
    assert (text_side["page"], table_side["page"]) == ("5", "4")
    assert [g["referenced"] for g in conflict["gold_rows"]] == [True]
    gold = views["f-gold"]["gold_rows"][0]["cmp"]
    assert gold == {"value_exp": "differ", "value_ctrl": "differ", "hr": "differ"}


def test_flags_are_sorted_by_severity():
    sev = [v["severity"] for v in flag_views(normalize(sample_data()))]
    assert sev == ["error", "error", "warning", "info"]


def test_forest_plot_is_log_scale_with_a_line_at_one():
    lines = [ForestLine("gold", "", "0.5", "0.25", "1.0", "gold"),
             ForestLine("a", "", "2.0", "", "", "evidence"),
             ForestLine("b", "", "NR", "", "", "evidence")]
    plot = layout("OS", lines)
    assert [ln.label for ln in plot.lines] == ["gold", "a"]  # no HR, no line
    g, a = plot.lines
    # equal ratios are equal distances: 0.5 and 2 sit symmetric around 1
    assert math.isclose(plot.one_x - g.x, a.x - plot.one_x, abs_tol=0.2)
    assert math.isclose(g.x - g.x_low, plot.one_x - g.x, abs_tol=0.2)  # 0.25..0.5 == 0.5..1
    assert a.x_low is None and a.x_high is None  # HR without CI: a point
    assert ("1", ) == tuple(lbl for x, lbl in plot.ticks if math.isclose(x, plot.one_x))


def test_no_forest_plot_without_any_hazard_ratio():
    assert layout("ORR", [ForestLine("a", "", "", "", "", "evidence")]) is None


def test_flag_gold_rows_are_compared_only_for_the_same_endpoint():
    data = sample_data()
    flags = data["flags"]
    flags.loc[flags["flag_id"] == "f-gold", "endpoint"] = ""  # e.g. a citation flag
    extra = data["gold"].iloc[[0]].assign(endpoint="PFS", value_exp="9.9")
    data["gold"] = pd.concat([data["gold"], extra], ignore_index=True)
    view = next(v for v in flag_views(normalize(data)) if v["f"]["flag_id"] == "f-gold")
    by_endpoint = {g["g"]["endpoint"]: g["cmp"] for g in view["gold_rows"]}
    assert set(by_endpoint) == {"OS", "PFS"}
    assert by_endpoint["OS"]["hr"] == "differ" and by_endpoint["PFS"] == {}
