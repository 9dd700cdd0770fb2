"""gold/ loading and validation (extract.gold): the committed gold is valid, and each kind
of error names file, row and column."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from extract.gold import (
    DECISIONS_COLUMNS, TRIALS_COLUMNS, GoldError, load_aliases, load_gold, record_decision,
)

GOLD = Path(__file__).resolve().parents[1] / "gold"


@pytest.fixture
def gold_dir(tmp_path):
    d = tmp_path / "gold"
    d.mkdir()
    for name in ("trials.csv", "aliases.csv", "decisions.csv"):
        shutil.copy(GOLD / name, d / name)
    return d


def edit_trials(gold_dir, row, column, value):
    df = pd.read_csv(gold_dir / "trials.csv", dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    df.to_csv(gold_dir / "trials.csv", index=False)


def problems(gold_dir) -> str:
    with pytest.raises(GoldError) as exc:
        load_gold(gold_dir)
    return str(exc.value)


def test_committed_gold_is_valid():
    gold = load_gold(GOLD)
    assert list(gold.trials.columns) == TRIALS_COLUMNS
    assert list(gold.decisions.columns) == DECISIONS_COLUMNS
    # values keep their printed precision and NE/NR
    talentace = gold.trials[gold.trials["trial"] == "TALENTACE"].iloc[0]
    assert (talentace["value_exp"], talentace["value_ctrl"]) == ("11.30", "7.03")
    assert "NR" in set(gold.trials["value_exp"])


def test_committed_gold_keeps_every_reference_row():
    ref = Path(__file__).resolve().parents[2] / "shared" / "reference" / "primary_results.csv"
    if not ref.exists():
        pytest.skip("the shared reference table is not next to this checkout")
    reference = pd.read_csv(ref, dtype=str, keep_default_na=False)
    gold = load_gold(GOLD).trials
    from_reference = gold[gold["source"].str.contains("primary_results.csv")]
    assert len(from_reference) == len(reference)
    assert list(from_reference["hr"]) == list(reference["hr"])


def test_trials_from_the_corpus_are_marked_provisional():
    trials = load_gold(GOLD).trials
    for name in ("Post-TACE", "TACE-2", "TALENTOP"):
        rows = trials[trials["trial"] == name]
        assert len(rows) >= 1
        assert rows["source"].str.startswith("sample").all()


def test_load_aliases_maps_aliases_to_trials():
    gold = load_gold(GOLD)
    assert set(load_aliases(GOLD).columns) >= {"trial", "aliases", "registry_ids"}
    assert gold.canonical("TACE 2") == "TACE-2"
    assert gold.canonical("checkmate-9dw") == "CheckMate 9DW"
    assert gold.canonical("CARES-005") == "CAP-ACE"
    assert gold.canonical("DEB-DEB-TACE-apatinib") is None


@pytest.mark.parametrize("column, value, expected", [
    ("hr", "0.7x", "column 'hr': '0.7x' must be a number"),
    ("value_exp", "eleven", "column 'value_exp': 'eleven' must be a number, NE, NR"),
    ("p_value", "1.7", "column 'p_value'"),
    ("analysis", "second", "column 'analysis'"),
    ("endpoint", "Overall survival", "column 'endpoint'"),
    ("ci_level", "195", "column 'ci_level'"),
    ("unit", "mo", "column 'unit'"),
    ("source", "", "column 'source': '' must not be empty"),
])
def test_bad_cell_names_file_row_and_column(gold_dir, column, value, expected):
    edit_trials(gold_dir, 4, column, value)
    msg = problems(gold_dir)
    assert "trials.csv" in msg
    assert "row 5 (line 6)" in msg
    assert expected in msg


def test_ci_that_does_not_contain_its_hr(gold_dir):
    df = pd.read_csv(gold_dir / "trials.csv", dtype=str, keep_default_na=False)
    row = df.index[df["hr"] != ""][0]
    df.loc[row, ["hr", "ci_low", "ci_high"]] = ["0.95", "0.55", "0.87"]
    df.to_csv(gold_dir / "trials.csv", index=False)
    msg = problems(gold_dir)
    assert f"row {row + 1} (line {row + 2})" in msg
    assert "hr, ci_low, ci_high: the CI does not contain its HR" in msg


def test_hr_equal_to_a_bound_at_printed_precision_is_accepted(gold_dir):
    edit_trials(gold_dir, 0, "hr", "0.55")  # SHARP OS CI 0.55-0.87
    load_gold(gold_dir)


def test_duplicate_key(gold_dir):
    df = pd.read_csv(gold_dir / "trials.csv", dtype=str, keep_default_na=False)
    df = pd.concat([df, df.iloc[[2]]], ignore_index=True)
    df.to_csv(gold_dir / "trials.csv", index=False)
    msg = problems(gold_dir)
    assert "duplicate key (trial, analysis, endpoint, assessment" in msg
    assert "row 3 (line 4)" in msg and f"row {len(df)} (line {len(df) + 1})" in msg


@pytest.mark.parametrize("change, expected", [
    (lambda df: df.rename(columns={"hr": "hazard_ratio"}), "unexpected column 'hazard_ratio'"),
    (lambda df: df.drop(columns=["note"]), "missing column 'note'"),
])
def test_wrong_column(gold_dir, change, expected):
    df = pd.read_csv(gold_dir / "trials.csv", dtype=str, keep_default_na=False)
    change(df).to_csv(gold_dir / "trials.csv", index=False)
    msg = problems(gold_dir)
    assert "trials.csv" in msg and expected in msg


def test_trial_without_alias_row(gold_dir):
    aliases = pd.read_csv(gold_dir / "aliases.csv", dtype=str, keep_default_na=False)
    aliases[aliases["trial"] != "SHARP"].to_csv(gold_dir / "aliases.csv", index=False)
    msg = problems(gold_dir)
    assert "'SHARP' has no row in aliases.csv" in msg and "column 'trial'" in msg


@pytest.mark.parametrize("column, value, expected", [
    ("registry_ids", "NCT123", "column 'registry_ids'"),
    ("aliases", "TACE-2", "a name or alias belongs to two trials"),
    ("trial", "", "column 'trial'"),
])
def test_bad_aliases(gold_dir, column, value, expected):
    aliases = pd.read_csv(gold_dir / "aliases.csv", dtype=str, keep_default_na=False)
    aliases.loc[0, column] = value
    aliases.to_csv(gold_dir / "aliases.csv", index=False)
    msg = problems(gold_dir)
    assert "aliases.csv" in msg and expected in msg


@pytest.mark.parametrize("line, expected", [
    ("abc,maybe,note,me,2026-01-01T00:00:00+00:00", "column 'status'"),
    ("abc,dismissed,note,me,yesterday", "column 'decided_at'"),
    (",dismissed,note,me,2026-01-01T00:00:00+00:00", "column 'flag_id'"),
])
def test_bad_decisions(gold_dir, line, expected):
    with open(gold_dir / "decisions.csv", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    msg = problems(gold_dir)
    assert "decisions.csv" in msg and "row 1 (line 2)" in msg and expected in msg


def test_missing_file(gold_dir):
    (gold_dir / "aliases.csv").unlink()
    assert "aliases.csv: file not found" in problems(gold_dir)


def test_record_decision_appends_and_validates(gold_dir):
    record_decision(gold_dir, "abc123", "dismissed", "false alarm, rounding", "curator")
    record_decision(gold_dir, "def456", "confirmed", "typo in Table 1", "curator")
    decisions = load_gold(gold_dir).decisions
    assert list(decisions["flag_id"]) == ["abc123", "def456"]
    assert list(decisions["status"]) == ["dismissed", "confirmed"]
    assert decisions["decided_at"].str.match(r"\d{4}-\d{2}-\d{2}T").all()
    assert not list(gold_dir.glob(".decisions.*"))  # no temp file left behind


def test_record_decision_rejects_a_bad_status_and_leaves_the_file_alone(gold_dir):
    before = (gold_dir / "decisions.csv").read_bytes()
    with pytest.raises(GoldError, match="status"):
        record_decision(gold_dir, "abc123", "maybe", "?", "curator")
    assert (gold_dir / "decisions.csv").read_bytes() == before
