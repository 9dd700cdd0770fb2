"""Text and Markdown files: blocks, tables, headings, re-joins, references, page map."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import load

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# A small review-like document in the sample's conventions (own wording).
TABLE_DOC = """STUDY OVERVIEW

The two arms were compared in a pooled analysis^[3]. Most of the data came from

Table 1. Summary of the pooled trials

Trial\tYear\tResult
ALPHA-1 ^[4]\t2019\tOS: 12.0 vs. 9.5 (HR = 0.80)
BETA-2 ^{[5]#}\t2021\tPFS: 6.1 vs. 4.2 (HR = 0.70)

*Year of the primary report; #Denotes a regional trial. OS: overall survival; HR: hazard ratio.

two registries that enrolled patients between 2015 and 2020.

Methods of the pooled analysis

The analysis used individual patient data^[6-8].
"""


@pytest.fixture
def table_doc(write):
    return load(write("pooled.txt", TABLE_DOC))


def test_table_is_one_table_block_with_caption_and_footnote(table_doc):
    kinds = [b.kind for b in table_doc.blocks]
    i = kinds.index("table")
    assert kinds[i - 1:i + 2] == ["caption", "table", "footnote"]
    assert kinds.count("table") == 1


def test_table_label_caption_and_shape(table_doc):
    t = table_doc.tables[0]
    assert (t.label, t.caption, t.shape) == ("Table 1", "Summary of the pooled trials", (2, 3))


def test_table_cells_without_citation_markers(table_doc):
    assert table_doc.tables[0].row_texts() == [
        ["ALPHA-1", "2019", "OS: 12.0 vs. 9.5 (HR = 0.80)"],
        ["BETA-2", "2021", "PFS: 6.1 vs. 4.2 (HR = 0.70)"]]


def test_every_cell_offset_points_at_its_text(table_doc):
    t = table_doc.tables[0]
    for cell in t.header + [c for row in t.rows for c in row]:
        assert table_doc.text[cell.start:cell.end] == cell.text


def test_table_rendered_as_lines_of_cells(table_doc):
    t = table_doc.tables[0]
    assert table_doc.text[t.start:t.end].splitlines()[1] == (
        "ALPHA-1 | 2019 | OS: 12.0 vs. 9.5 (HR = 0.80)")


def test_row_citation_found_from_row_span(table_doc):
    row = table_doc.tables[0].rows[1]
    cites = table_doc.citations_in(row[0].start, row[-1].end)
    assert [(c.numbers, c.marker) for c in cites] == [([5], "^{[5]#}")]


def test_table_footnote_kept_on_table(table_doc):
    assert table_doc.tables[0].footnotes.startswith("*Year of the primary report")


def test_paragraph_interrupted_by_table_is_rejoined(table_doc):
    paragraphs = [table_doc.block_text(b) for b in table_doc.blocks_of("paragraph")]
    assert ("Most of the data came from two registries that enrolled patients between 2015 "
            "and 2020.") in paragraphs[0]


def test_interrupting_table_follows_the_rejoined_paragraph(table_doc):
    kinds = [b.kind for b in table_doc.blocks]
    assert kinds[:3] == ["heading", "paragraph", "caption"]


def test_sentence_citation_found_from_sentence_span(table_doc):
    text = table_doc.text
    start = text.index("The analysis used")
    end = text.index("data.", start) + len("data.")
    assert [c.numbers for c in table_doc.citations_in(start, end)] == [[6, 7, 8]]


@pytest.mark.parametrize("line, is_heading", [
    ("THE ALPHA-1 TRIAL", True),
    ("INTRODUCTION", True),
    ("Methods of the pooled analysis", True),
    ("Statistical analysis", True),
    ("The trial met its primary endpoint.", False),
    ("Received: 12 May 2024", False),
    ("Smith A, Jones B, Lee C, Park D", False),
])
def test_heading_shapes(write, line, is_heading):
    doc = load(write("h.txt", f"Opening sentence of the document.\n\n{line}\n\n"
                                "A paragraph of ordinary prose follows here.\n"))
    kinds = [b.kind for b in doc.blocks]
    assert (kinds[1] == "heading") is is_heading


@pytest.mark.parametrize("first_line, heading", [
    ("Background", True),  # database abstracts: the heading sits right above its paragraph
    ("Conclusions", True),
    # the first line of a hard-wrapped paragraph is not a heading, though it ends without a stop
    ("In this randomized trial of a kinase inhibitor added to", False),
])
def test_heading_directly_above_its_paragraph(write, first_line, heading):
    body = ("Patients assigned to the combination lived longer than those who were given the "
            "procedure alone, with fewer early progressions.")
    doc = load(write("a.txt", f"Title of a short abstract\n\n{first_line}\n{body}\n"))
    kinds = [b.kind for b in doc.blocks]
    assert (kinds[1:] == ["heading", "paragraph"]) is heading
    assert doc.text.endswith("fewer early progressions.")


def test_section_at_returns_heading_in_force(table_doc):
    offset = table_doc.text.index("individual patient data")
    assert table_doc.section_at(offset) == "Methods of the pooled analysis"
    assert table_doc.section_at(table_doc.text.index("pooled analysis.")) == "STUDY OVERVIEW"


def test_page_break_sentence_rejoined(write):
    doc = load(write("p.txt", "INTRO\n\nThe drug was started two weeks before the\n\n"
                              "first procedure in all patients.\n"))
    paragraphs = [doc.block_text(b) for b in doc.blocks_of("paragraph")]
    assert paragraphs == ["The drug was started two weeks before the first procedure in all "
                          "patients."]


def test_sentence_interrupted_by_figure_caption_rejoined(write):
    doc = load(write("f.txt", "Median survival improved (9.1 vs. 7.0 months) and OS\n\n"
                              "Figure 2. Kaplan-Meier curves of both arms.\n\n"
                              "(14.2 vs. 11.0 months) with the combination.\n"))
    assert [b.kind for b in doc.blocks] == ["paragraph", "caption"]
    assert doc.block_text(doc.blocks[0]).endswith("and OS (14.2 vs. 11.0 months) with the "
                                                  "combination.")


def test_finished_paragraph_not_joined_to_next(write):
    doc = load(write("n.txt", "The first paragraph ends here.\n\nthe next starts in lower "
                              "case but is separate.\n"))
    assert len(doc.blocks_of("paragraph")) == 2


def test_form_feed_starts_a_page(write):
    doc = load(write("ff.txt", "PAGE ONE\n\nFirst page text.\n\f\nSecond page text.\n"))
    assert doc.n_pages == 2
    assert doc.page_at(doc.text.index("Second")) == 2
    assert doc.page_at(doc.text.index("First")) == 1


def test_text_without_form_feed_is_one_page(table_doc):
    assert table_doc.page_starts == [0]


def test_references_list(write):
    doc = load(write("r.txt", "Body text cites work^[2].\n\nREFERENCES\n\n"
                              "1. Author A. A first paper. *J Test.* 2020;1:1-2. [DOI](#)\n"
                              "2. Author B. A second paper. J Test. 2021;2:3-4.\n"))
    assert doc.references == {1: "Author A. A first paper. J Test. 2020;1:1-2. DOI",
                              2: "Author B. A second paper. J Test. 2021;2:3-4."}
    assert [b.kind for b in doc.blocks][-2:] == ["reference", "reference"]
    assert doc.citations[0].numbers == [2]


def test_hyphenated_line_end_joined(write):
    doc = load(write("w.txt", "Patients received the treat-\nment for six weeks.\n"))
    assert doc.block_text(doc.blocks[0]) == "Patients received the treatment for six weeks."


def test_markdown_heading_and_pipe_table(write):
    doc = load(write("m.md", "# Results\n\nTable 2. Outcomes\n\n| Arm | ORR |\n|---|---|\n"
                             "| A | 30% |\n| B | 20% |\n"))
    assert doc.format == "markdown"
    assert doc.block_text(doc.blocks[0]) == "Results"
    assert doc.tables[0].row_texts() == [["A", "30%"], ["B", "20%"]]


def test_original_offsets_point_into_source(write):
    source = "INTRO\n\nThe *vs.* comparison held.\n"
    doc = load(write("o.txt", source))
    i = doc.text.index("comparison")
    assert source[doc.original_offset(i):].startswith("comparison")
    assert len(doc.original_map) == len(doc.text)


def test_one_paragraph_per_long_line(write):
    long_a = "First long paragraph sentence. " * 10
    long_b = "Second long paragraph sentence. " * 10
    doc = load(write("news.txt", f"A Headline Without Period\n{long_a}\n{long_b}\n"))
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph"]


def test_cp1252_text_decoded_with_warning(write):
    doc = load(write("latin.txt", "Caf\xe9 patients \u2013 a note\n".encode("cp1252")))
    assert "Café patients - a note" in doc.text
    assert doc.warnings and "cp1252" in doc.warnings[0]


def test_sample_review_tables():
    doc = load(CORPUS / "review_tace_systemic_hcc.txt")
    assert [(t.label, t.shape) for t in doc.tables] == [("Table 1", (11, 5)), ("Table 2", (9, 5))]
    assert len(doc.references) == 61
