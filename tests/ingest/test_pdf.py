"""PDF layout: two-column reading order, full-width title, running headers and page
numbers, ruled tables. The PDFs are generated here with reportlab."""

from __future__ import annotations

import pytest

from extract.ingest import load

pytest.importorskip("reportlab")

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import (BaseDocTemplate, Frame, PageTemplate, Paragraph,  # noqa: E402
                                Spacer, Table, TableStyle)

W, H = A4
M = 50
COL = (W - 2 * M - 20) / 2
BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=10, leading=12.5,
                      spaceAfter=6)
HEAD = ParagraphStyle("head", fontName="Times-Bold", fontSize=11, leading=14, spaceAfter=4)
TITLE = ParagraphStyle("title", fontName="Times-Bold", fontSize=16, leading=20)
RUNNING_HEADER = "Journal of Layout Tests 2026"

# Paragraph k holds sentences tagged "Pk-s" so reading order can be checked.
N_PARAGRAPHS = 10


def sentence(k: int, s: int) -> str:
    return (f"Sentence P{k}-{s} reports that the tested arm kept its response for several "
            f"more weeks than the comparison arm did.")


def paragraph(k: int) -> str:
    return " ".join(sentence(k, s) for s in range(1, 6))


def decorate(canvas, doc):
    canvas.setFont("Helvetica", 8)
    canvas.drawString(M, H - 30, RUNNING_HEADER)
    canvas.drawCentredString(W / 2, 25, str(doc.page))


def two_columns(top):
    return [Frame(M, M, COL, top - M, id="l", leftPadding=0, rightPadding=0),
            Frame(M + COL + 20, M, COL, top - M, id="r", leftPadding=0, rightPadding=0)]


@pytest.fixture(scope="module")
def two_column_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "columns.pdf"
    title = Paragraph("A layout test article spanning the full width of the page", TITLE)

    def first(canvas, doc):
        decorate(canvas, doc)
        title.wrapOn(canvas, W - 2 * M, 100)
        title.drawOn(canvas, M, H - M - 40)

    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[
        PageTemplate("first", two_columns(H - M - 60), onPage=first,
                     autoNextPageTemplate="rest"),
        PageTemplate("rest", two_columns(H - M), onPage=decorate)])
    story = []
    for k in range(1, N_PARAGRAPHS + 1):
        if k % 4 == 1:
            story.append(Paragraph(f"SECTION {k // 4 + 1}", HEAD))
        story.append(Paragraph(paragraph(k), BODY))
    doc.build(story)
    return load(path)


def tags(text: str) -> list[tuple[int, int]]:
    import re

    return [(int(a), int(b)) for a, b in re.findall(r"P(\d+)-(\d)", text)]


def test_title_comes_first_as_heading(two_column_doc):
    first = two_column_doc.blocks[0]
    assert first.kind == "heading"
    assert two_column_doc.block_text(first).startswith("A layout test article")


def test_columns_are_read_in_order(two_column_doc):
    found = tags(two_column_doc.text)
    assert found == sorted(found)
    assert len(found) == 5 * N_PARAGRAPHS


def test_each_paragraph_reads_continuously(two_column_doc):
    for k in range(1, N_PARAGRAPHS + 1):
        assert paragraph(k) in two_column_doc.text


def test_paragraph_broken_across_columns_is_one_block(two_column_doc):
    paragraphs = [two_column_doc.block_text(b) for b in two_column_doc.blocks_of("paragraph")]
    assert len(paragraphs) == N_PARAGRAPHS


def test_running_header_and_page_numbers_removed(two_column_doc):
    assert RUNNING_HEADER not in two_column_doc.text
    assert not any(two_column_doc.block_text(b).strip().isdigit()
                   for b in two_column_doc.blocks)


def test_headings_detected(two_column_doc):
    headings = [two_column_doc.block_text(b) for b in two_column_doc.blocks_of("heading")]
    assert headings[1:] == ["SECTION 1", "SECTION 2", "SECTION 3"]


def test_pages_mapped(two_column_doc):
    assert two_column_doc.n_pages >= 2
    last = tags(two_column_doc.text)[-1]
    offset = two_column_doc.text.index(f"P{last[0]}-{last[1]}")
    assert two_column_doc.page_at(offset) == two_column_doc.n_pages


CELLS = [["Arm", "Dose", "Schedule"],
         ["Drug A", "8 mg", "once daily"],
         ["Drug B", "400 mg", "every 6 weeks"]]


@pytest.fixture(scope="module")
def table_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "table.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[
        PageTemplate("one", [Frame(M, M, W - 2 * M, H - 2 * M)])])
    table = Table(CELLS, colWidths=[120, 120, 160])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc.build([Paragraph("The doses of both arms are listed below.", BODY),
               Paragraph("Table 1. Doses by arm", HEAD), table, Spacer(1, 8),
               Paragraph("Both arms were given until progression.", BODY)])
    return load(path)


def test_ruled_table_cells(table_doc):
    t = table_doc.tables[0]
    assert t.header_texts() == CELLS[0]
    assert t.row_texts() == CELLS[1:]


def test_ruled_table_caption(table_doc):
    t = table_doc.tables[0]
    assert (t.label, t.caption) == ("Table 1", "Doses by arm")


def test_table_words_not_repeated_in_paragraphs(table_doc):
    paragraphs = " ".join(table_doc.block_text(b) for b in table_doc.blocks_of("paragraph"))
    assert "every 6 weeks" not in paragraphs
    assert "listed below" in paragraphs


def test_pdf_cell_offsets_point_at_text(table_doc):
    t = table_doc.tables[0]
    for cell in t.header + [c for row in t.rows for c in row]:
        assert table_doc.text[cell.start:cell.end] == cell.text


@pytest.fixture(scope="module")
def superscript_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "sup.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[
        PageTemplate("one", [Frame(M, M, W - 2 * M, H - 2 * M)])])
    doc.build([
        Paragraph("Mortality fell in the treated group<super>12</super> over two years.", BODY),
        Paragraph("Earlier cohorts agreed.<super>3,4</super> Mean BMI was 29 kg/m<super>2"
                  "</super> at baseline.", BODY)])
    return load(path)


def test_superscript_citation_numbers_recorded(superscript_doc):
    assert [c.numbers for c in superscript_doc.citations] == [[12], [3, 4]]
    assert "treated group over two years." in superscript_doc.text
    assert "agreed. Mean" in superscript_doc.text


def test_superscript_unit_exponent_kept(superscript_doc):
    assert "29 kg/m2 at baseline" in superscript_doc.text


def test_sideways_page_read_in_its_text_direction(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "sideways.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 780, "An upright page comes first with ordinary running text.")
    c.showPage()
    c.saveState()
    c.translate(W - 72, 72)
    c.rotate(90)  # a landscape table printed sideways
    lines = ["First sideways line of the landscape table", "Second sideways line below it",
             "Third sideways line closes the table"]
    for k, line in enumerate(lines):
        c.drawString(0, -20 * k, line)
    c.restoreState()
    c.showPage()
    c.save()
    doc = load(path)
    page2 = doc.text[doc.page_starts[1]:]
    positions = [page2.find(line) for line in lines]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_pdfs_read_from_threads_at_once_match_a_lone_read():
    """PDFium is not thread-safe; `load` serializes it, so threads may read PDFs together
    (before, a threaded batch over many PDFs crashed the process)."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    pdf = Path(__file__).resolve().parents[2] / "corpus" / "review_tace_systemic_hcc.pdf"
    alone = load(pdf)
    with ThreadPoolExecutor(max_workers=4) as pool:
        docs = list(pool.map(load, [pdf] * 8))
    assert all(d.text == alone.text and d.blocks == alone.blocks for d in docs)


# -- layouts where one page gutter does not fit the whole page ----------------------------------

SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=7, leading=9, spaceAfter=3)


def body_sentences(tag: str, n: int) -> str:
    return " ".join(f"Sentence {tag}{s} states that the treated group kept its benefit for "
                    f"many more weeks than the control group" + ("." if s % 3 else " in the end.")
                    for s in range(1, n + 1))


def test_two_columns_under_a_full_width_block_read_column_by_column(tmp_path):
    """A page mostly taken by a full-width figure caption (no gutter for the page), with
    two short columns of text below it: the columns are found in that slab of the page and
    read one after the other (before, their lines were read across, column by column)."""
    path = tmp_path / "slab.pdf"
    caption = Paragraph("Figure 2. " + " ".join(
        f"Panel {k} shows the change of the marker over time in both groups with its "
        f"confidence band and the number of patients at risk below it." for k in range(1, 30)),
        SMALL)
    text = body_sentences("B", 6)
    top = H - M - 400
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[PageTemplate("one", [
        Frame(M, top, W - 2 * M, 400, id="wide", leftPadding=0, rightPadding=0),
        Frame(M, top - 130, COL, 100, id="l", leftPadding=0, rightPadding=0),
        Frame(M + COL + 20, top - 130, COL, 100, id="r", leftPadding=0, rightPadding=0)])])
    from reportlab.platypus import FrameBreak

    doc.build([caption, FrameBreak(), Paragraph(text, BODY)])
    got = load(path)
    assert text in got.text


def test_unruled_table_rows_are_not_split_into_columns(tmp_path):
    """An unruled table on a one-column page has gutters between its columns, but its rows
    are not running text: each row stays one line, cells in order."""
    path = tmp_path / "unruled.pdf"
    rows = [["Measure", "Drug A", "Drug B", "Drug C", "Difference", "P value"]] + [
        [f"Marker {k}", f"{k}.{k}1 ({k}.2)", f"{k}.{k}4 ({k}.5)", f"{k}.{k}7 ({k}.8)",
         f"-0.{k}3 (-1.{k}; 0.{k})", f"0.0{k}"] for k in range(1, 10)]
    table = Table(rows, colWidths=[90, 70, 70, 70, 110, 60])
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8)]))
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[
        PageTemplate("one", [Frame(M, M, W - 2 * M, H - 2 * M)])])
    doc.build([Paragraph(paragraph(1), BODY), Spacer(1, 30), table, Spacer(1, 30),
               Paragraph(paragraph(2), BODY)])
    got = load(path)
    for row in rows[1:]:
        assert " ".join(row) in got.text
    assert paragraph(1) in got.text and paragraph(2) in got.text


def test_margin_notes_beside_the_text_column_stay_out_of_its_sentences(tmp_path):
    """A narrow column of small margin notes (received date, licence) beside the abstract,
    on the same heights: the notes are read apart, the abstract's sentences stay whole."""
    path = tmp_path / "margin.pdf"
    notes = ["Academic Editor: Ann Editor", "Received: 3 March 2026", "Revised: 4 April 2026",
             "Accepted: 5 May 2026", "Published: 6 June 2026",
             "Copyright: the authors. Licensee Example Press. This article is an open "
             "access article distributed under the terms of a Creative Commons licence."]
    abstract = body_sentences("A", 9)
    main_x = 0.33 * W
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[PageTemplate("one", [
        Frame(M, M, 0.22 * W - M, H - 2 * M - 200, id="notes", leftPadding=0,
              rightPadding=0),
        Frame(main_x, M, W - M - main_x, H - 2 * M - 200, id="main", leftPadding=0,
              rightPadding=0)])])
    from reportlab.platypus import FrameBreak

    doc.build([Spacer(1, 150)] + [Paragraph(n, SMALL) for n in notes]
              + [FrameBreak(), Paragraph(abstract, BODY), Paragraph(paragraph(3), BODY)])
    got = load(path)
    assert abstract in got.text
    assert paragraph(3) in got.text
    for note in notes[:5]:
        assert note in got.text


TITLE_TEXT = "A layout test article"


def test_column_continuation_is_not_taken_by_an_earlier_unfinished_line(tmp_path):
    """An author line without final punctuation above the columns, and a sentence running
    from the foot of the left column to the top of the right one: the sentence goes on in
    the right column, the author line stays alone."""
    path = tmp_path / "authors.pdf"
    authors = "; ".join(f"{name} Author, MD, PhD" for name in (
        "Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo", "Kai", "Lu"))
    text = body_sentences("C", 7)
    top = H - M - 90

    def first(canvas, doc):
        for k, (content, style) in enumerate(((TITLE_TEXT, TITLE), (authors, BODY))):
            p = Paragraph(content, style)
            p.wrapOn(canvas, W - 2 * M, 40)
            p.drawOn(canvas, M, H - M - 20 - 40 * k)

    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[PageTemplate(
        "one", [Frame(M, top - 250, COL, 250, id="l", leftPadding=0, rightPadding=0),
                Frame(M + COL + 20, top - 250, COL, 250, id="r", leftPadding=0,
                      rightPadding=0)], onPage=first)])
    doc.build([Paragraph(paragraph(4), BODY), Paragraph(text, BODY)])
    got = load(path)
    assert text in got.text
    blocks = [got.block_text(b) for b in got.blocks]
    assert authors in blocks


def test_sentence_goes_on_in_the_right_column_past_a_table_below_it(tmp_path):
    """A sentence ends the text of the left column, a captioned unruled table fills the rest
    of that column, and the sentence goes on at the top of the right column: it is read
    whole, and the caption and table follow the paragraph."""
    from reportlab.platypus import FrameBreak

    path = tmp_path / "float.pdf"
    part1 = body_sentences("D", 3) + " Sentence D4 tells that the patients who were randomized to"
    part2 = ("the tested drug kept their benefit for many more weeks than those given the "
             "control drug. " + body_sentences("E", 2))
    rows = [["Status", "Drug", "Control"]] + [
        [f"Group {k}", f"{k}0 ({k}.1%)", f"{k}2 ({k}.3%)"] for k in range(1, 7)]
    table = Table(rows, colWidths=[80, 70, 70])
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8)]))
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[PageTemplate("one", two_columns(
        H - M))])
    doc.build([Paragraph(part1, BODY), Paragraph("Table 1. Patients by group", HEAD), table,
               FrameBreak(), Paragraph(part2, BODY)])
    got = load(path)
    assert f"{part1} {part2}" in got.text
    assert got.text.index(part2) < got.text.index("Table 1. Patients by group")


def test_a_note_ending_mid_line_does_not_take_text_two_pages_later(tmp_path):
    """A correspondence note on page 1 ends without punctuation; a paragraph of page 2 runs
    on to page 3. The text at the top of page 3 goes on page 2's sentence, not the note's
    (a sentence does not skip a page of other text)."""
    from reportlab.platypus import PageBreak

    path = tmp_path / "pages.pdf"
    note = "Correspondence: ann.author@example.org 1"
    clause = ("the treated group kept its benefit for many more weeks than the control group, "
              "and ")
    long_text = "In the main analysis " + clause * 100 + "so the trial met its end point."
    doc = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[
        PageTemplate("one", [Frame(M, M, W - 2 * M, H - 2 * M)])])
    doc.build([Paragraph(paragraph(1), BODY), Paragraph(note, SMALL), PageBreak(),
               Paragraph(long_text, BODY)])
    got = load(path)
    assert got.n_pages == 3
    blocks = [got.block_text(b) for b in got.blocks]
    assert note in blocks
    assert long_text in got.text
