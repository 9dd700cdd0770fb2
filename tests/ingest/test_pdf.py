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
