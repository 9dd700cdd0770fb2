import json
from pathlib import Path

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


def _corpus_paragraphs() -> list[str]:
    from extract.ingest import load

    root = Path(__file__).resolve().parents[2] / "corpus"
    texts = []
    for path in sorted(root.glob("*.txt")):
        doc = load(path)
        texts += [doc.block_text(b) for b in doc.blocks if b.kind in ("paragraph", "caption")]
    return texts


TRICKY_SENTENCES = [
    "Median OS was 16.4 vs. 13.8 months (HR 0.78; 95% CI 0.65-0.93; P=.0035). PFS did not differ.",
    "Patients (n = 245) were treated, e.g. with sorafenib 400 mg b.i.d.; others received TACE alone.",
    "The trial met its endpoint!  Was it worth it? Yes\u00a0it was. Dr. Smith et al. agreed.",
    "Rates were 41% vs. 12%.Response was durable (median 8.3 months).",
    "Results: HR = 0·58 [0·42–0·79]; p<0·001. Survival at 2 yr was 71.2%.",
    # decimal points are not final marks, whatever follows them; a mark after a figure is
    "Version 2.1.3 was used. The value rose to 12.5.Then it fell to 3.0. After that 4.5! Next 6.7? Done",
    "Scores ranged 1.5..2.5 and 3…4; the ratio was 0.81.\u2026 Later 7.9). New sentence.",
    # a figure, bracket or "%" before the last "." of a chunk: that "." ends the sentence
    "OS was 12.1 months (HR 0.81). PFS was 5% [95% CI 3-7]. Enrolled in 2019. Done (n = 4).x end 3.",
]


def test_fast_sentence_split_agrees_with_the_spacy_pipeline():
    texts = TRICKY_SENTENCES + _corpus_paragraphs()
    assert len(texts) > 40
    assert nlp.sentences(texts) == nlp.pipeline_sentences(texts)
