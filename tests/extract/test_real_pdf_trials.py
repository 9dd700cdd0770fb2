"""Trial names on real trial PDFs (../shared/real-pdfs, kept outside the project): each paper's
own trial is found, and neither an author's name glued to its affiliation digit nor an
abbreviation the paper defines for an ordinary term is taken for a trial. Each PDF is ingested
once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.abbreviations import term_abbreviations
from extract.nlp import normalize_key
from extract.tables import layout
from extract.trials import NAME_WITH_MARKER, TrialFinder

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-pdfs"
# (file, the paper's own trial)
PAPERS = [
    ("rct_trial__31872901__PMC7068068.pdf", "ATHENA"),  # legend defines drug-class acronyms
    ("emmy_empagliflozin_ami_eurheartj2022_PMC9622301.pdf", "EMMY"),  # "(IQR)" in a study sentence
    ("rct_trial__36284318__PMC9598018.pdf", "GIRAF"),  # author line with affiliation digits
    ("rct_trial__39277784__PMC7616479.pdf", "EMPA-KIDNEY"),  # "a CKD trial"
    ("soul_oral_semaglutide_sglt2i_circulation2025_PMC12144549.pdf", "SOUL"),  # glossary after "trial"
]

# papers whose author lines or citations glue digits to surnames ("Smith1")
MARKED = ["rct_trial__27233239__PMC4884402.pdf", "rct_trial__36284318__PMC9598018.pdf",
          "rct_trial__36397128__PMC9669535.pdf"]

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="the real PDFs are kept outside the project")


@pytest.fixture(scope="module")
def trial_names():
    from extract.ingest import load

    cache: dict[str, tuple[set[str], str]] = {}

    def get(name: str) -> tuple[set[str], str]:
        if name not in cache:
            doc = load(REAL / name)
            finder = TrialFinder()
            texts = [doc.block_text(b) for b in doc.blocks if b.kind != "table"]
            for text in texts:
                finder.learn(text)
            for t in doc.tables:  # as the extractor does: a table's trial (or row-label) column
                col = layout(t).trial
                for row in t.rows if col is not None else ():
                    if col < len(row):
                        finder.learn_cell(row[col].text)
            cache[name] = ({m.name for t in texts for m in finder.mentions(t)}, doc.text)
        return cache[name]

    return get


@pytest.mark.parametrize("name, trial", PAPERS)
def test_the_papers_trial_is_found(trial_names, name, trial):
    names, _ = trial_names(name)
    assert trial in names


@pytest.mark.parametrize("name", MARKED)
def test_no_author_name_with_marker_digit(trial_names, name):
    names, text = trial_names(name)
    assert NAME_WITH_MARKER.search(text), "the paper prints surnames with marker digits"
    assert not [n for n in names if NAME_WITH_MARKER.fullmatch(n)]


@pytest.mark.parametrize("name, _trial", PAPERS)
def test_no_abbreviation_the_paper_defines_as_a_term(trial_names, name, _trial):
    names, text = trial_names(name)
    terms = {normalize_key(s) for s in term_abbreviations(text)}
    assert terms, "the paper defines abbreviations"
    assert not [n for n in names if normalize_key(n) in terms]
