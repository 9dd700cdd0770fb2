import json

import pytest

from extract import nlp
from extract.nlp import LexiconError, get_nlp, load_lexicon, sentences


@pytest.mark.parametrize("name, labels", [
    ("regimens", ("DRUG", "PROCEDURE", "PLACEBO", "THERAPY")),
    ("endpoints", ("ENDPOINT",)),
    ("not_trials", ("NOT_TRIAL",)),
])
def test_shipped_lexicons_are_valid(name, labels):
    entries = load_lexicon(name, labels)
    assert entries and isinstance(entries, tuple)


@pytest.mark.parametrize("line, message", [
    ('{"label": "DRUG", "pattern": "x"}', "keys"),
    ('{"label": "DRUG", "pattern": "", "id": "x"}', "non-empty"),
    ('{"label": "GENE", "pattern": "x", "id": "x"}', "unknown label"),
    ("not json", "not JSON"),
])
def test_invalid_lexicon_lines_are_rejected(tmp_path, monkeypatch, line, message):
    (tmp_path / "bad.jsonl").write_text(json.dumps({"label": "DRUG", "pattern": "ok", "id": "ok"}) + "\n" + line + "\n")
    monkeypatch.setattr(nlp, "LEXICON_DIR", tmp_path)
    load_lexicon.cache_clear()
    try:
        with pytest.raises(LexiconError, match=message):
            load_lexicon("bad", ("DRUG",))
    finally:
        load_lexicon.cache_clear()


def test_pipeline_is_built_once():
    assert get_nlp() is get_nlp()
    assert get_nlp().pipe_names == ["trial_sentencizer", "trial_sentence_fixes"]


@pytest.mark.parametrize("text", [
    "First one. Second one! Third one? Fourth one.",
    "He said \"stop.\" Then he left. End",
    "A result (P = 0.03). Another result... And a third.",
])
def test_array_sentencizer_agrees_with_spacys(text):
    import spacy

    stock = spacy.blank("en")
    stock.add_pipe("sentencizer")
    ours = spacy.blank("en")
    ours.add_pipe("trial_sentencizer")
    assert [s.text for s in ours(text).sents] == [s.text for s in stock(text).sents]


@pytest.mark.parametrize("text, n", [
    ("OS was 10.7 vs. 7.9 months. PFS was longer.", 2),
    ("The HR was 0.66 (P = .04). Next sentence here.", 2),
    ("Values (e.g. 10.7 vs. 7.9) were reported. Done.", 2),
])
def test_sentences_not_split_after_abbreviations(text, n):
    (spans,) = sentences([text])
    assert len(spans) == n


def test_facts_component_sets_spans():
    import spacy

    nlp_ = spacy.blank("en")
    nlp_.add_pipe("trial_extract_facts")
    doc = nlp_("In the ORBIT-4 trial, PFS was longer.")
    assert [s.text for s in doc.spans["trials"]] == ["ORBIT-4"]
    assert [s.label_ for s in doc.spans["endpoints"]] == ["PFS"]
