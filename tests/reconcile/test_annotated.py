"""Reconciliation over the hand annotations of the sample corpus (gold/annotations/): the
findings the review is known to contain are flagged, and nothing else of severity error."""

import pandas as pd
import pytest

from extract.gold import load_gold
from extract.reconcile import reconcile

from .annotated import ROOT, annotated


@pytest.fixture(scope="module")
def flags():
    ev, tm, refs, doc = annotated("review_tace_systemic_hcc")
    ev2, tm2, refs2, doc2 = annotated("news_talentace_talentop")
    return reconcile(pd.concat([ev, ev2], ignore_index=True), load_gold(ROOT / "gold"),
                     {doc: refs, doc2: refs2}, pd.concat([tm, tm2], ignore_index=True))


def found(flags, code):
    return set(zip(flags.loc[flags["code"] == code, "trial"], flags.loc[flags["code"] == code, "endpoint"]))


def test_known_errors_of_the_review(flags):
    assert found(flags, "INTERNAL_CONFLICT") == {("SCT-I10A-C301", "OS")}
    assert found(flags, "GOLD_MISMATCH") == {("SCT-I10A-C301", "OS")}
    assert found(flags, "DUPLICATED_VALUES") == {("SCT-I10A-C301", "OS")}
    assert {t for t, _ in found(flags, "CITATION_MISMATCH")} == {"EMERALD-1", "LEAP-012", "CAP-ACE"}
    assert found(flags, "NAME_ANOMALY") == {("DEB-DEB-TACE-apatinib", "")}


def test_no_statistical_false_alarms(flags):
    assert found(flags, "HR_CI_INCONSISTENT") == set()
    assert found(flags, "P_INCONSISTENT") == set()


def test_talentace_table_and_text_agree(flags):
    tace_pfs = flags[(flags["trial"] == "TALENTACE") & (flags["endpoint"] == "TACE-PFS")]
    assert tace_pfs.empty


def test_older_and_newer_analyses_are_info(flags):
    updated = found(flags, "UPDATED_ANALYSIS")
    assert ("IMbrave150", "OS") in updated and ("CARES-310", "OS") in updated
    assert (flags.loc[flags["code"] == "UPDATED_ANALYSIS", "severity"] == "info").all()


def test_trials_from_the_corpus_match_their_provisional_gold_rows(flags):
    for trial in ("TACE-2", "Post-TACE", "TALENTOP"):
        assert flags[(flags["trial"] == trial) & (flags["severity"] != "info")].empty
