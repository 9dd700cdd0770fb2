"""Render the sample review (a PDF-to-text conversion) as a journal-style PDF.

    python scripts/make_review_pdf.py [SOURCE.txt] [OUT.pdf]

Defaults: corpus/review_tace_systemic_hcc.txt -> corpus/review_tace_systemic_hcc.pdf.
Needs reportlab (the `dev` extra). The layout exercises what the PDF reader must handle:
a full-width title block, two columns, a running header and page numbers, tables as ruled
full-width tables at the top of the page after their first mention (cells wrap), a figure
caption inside a column, sentences broken across columns and pages, citations printed as
raised bracketed numbers ("[12]").

The text is split with the ingestion's own line-run reader and shape tests (runs of lines
between blank lines; headings, table captions and footnotes recognized by shape), so the PDF
holds the same blocks in the same order as the text file.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from extract.ingest import shapes
from extract.ingest.normalize import MD_AUTOLINK, MD_EMPHASIS, MD_LINK
from extract.ingest.text import is_table_run, split_runs

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpus" / "review_tace_systemic_hcc.txt"
OUT = ROOT / "corpus" / "review_tace_systemic_hcc.pdf"

PAGE_W, PAGE_H = A4
MARGIN = 50
GUTTER = 18
COL_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
BODY_W = PAGE_W - 2 * MARGIN
HEADER_TEXT = "Hepatoma Research | Review (sample rendering for tests)"

# Fonts with the glyphs the text needs (≥, ≤, Greek); DejaVu from the system, else the Vera
# fonts bundled with reportlab.
FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf"),
]

# Citation superscripts: "^[12]", "^{[40]#}", author affiliations "^{1,2,#}".
CARET_BRACKETED = re.compile(r"\^\{(\[[^\]]*\][#*]*)\}|\^(\[[^\]]*\])")
CARET_PLAIN = re.compile(r"\^\{([^{}]*)\}")
HTML_ITALIC = re.compile(r"<(/?)i>")
# Tags and caret superscripts, dropped when measuring a cell's longest word.
MARKUP_OR_CARET = re.compile(r"<[^>]+>|\^\S+")


def register_fonts() -> str:
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts"
    candidates = FONT_CANDIDATES + [tuple(str(vera / n) for n in
                                          ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"))]
    for regular, bold, italic, bold_italic in candidates:
        if all(Path(p).exists() for p in (regular, bold, italic, bold_italic)):
            pdfmetrics.registerFont(TTFont("Body", regular))
            pdfmetrics.registerFont(TTFont("Body-Bold", bold))
            pdfmetrics.registerFont(TTFont("Body-Italic", italic))
            pdfmetrics.registerFont(TTFont("Body-BoldItalic", bold_italic))
            pdfmetrics.registerFontFamily("Body", normal="Body", bold="Body-Bold",
                                          italic="Body-Italic", boldItalic="Body-BoldItalic")
            return "Body"
    return "Times-Roman"


def markup(text: str) -> str:
    """Source conventions -> reportlab paragraph markup."""
    text = HTML_ITALIC.sub(lambda m: "\x02" if m.group(1) else "\x01", text)
    text = MD_LINK.sub(r"\1", text)
    text = MD_AUTOLINK.sub(r"\1", text)
    text = html.escape(text, quote=False)
    text = MD_EMPHASIS.sub(r"<i>\2</i>", text)
    text = CARET_BRACKETED.sub(lambda m: f"<super>{m.group(1) or m.group(2)}</super>", text)
    text = CARET_PLAIN.sub(r"<super>\1</super>", text)
    return text.replace("\x01", "<i>").replace("\x02", "</i>")


@dataclass
class Styles:
    title: ParagraphStyle
    front: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    note: ParagraphStyle
    reference: ParagraphStyle


def make_styles(font: str) -> Styles:
    bold = font + "-Bold" if font == "Body" else "Times-Bold"
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=11.5)
    return Styles(
        title=ParagraphStyle("title", base, fontName=bold, fontSize=15, leading=19,
                             spaceAfter=8),
        front=ParagraphStyle("front", base, fontSize=8, leading=10, spaceAfter=3),
        heading=ParagraphStyle("heading", base, fontName=bold, fontSize=10, leading=13,
                               spaceBefore=8, spaceAfter=4),
        subheading=ParagraphStyle("subheading", base, fontName=bold, fontSize=9.5,
                                  leading=12, spaceBefore=6, spaceAfter=3),
        body=ParagraphStyle("body", base, alignment=TA_JUSTIFY, spaceAfter=6),
        caption=ParagraphStyle("caption", base, fontName=bold, fontSize=8.5, leading=10.5,
                               spaceAfter=4),
        cell=ParagraphStyle("cell", base, fontSize=7, leading=8.5),
        head_cell=ParagraphStyle("head_cell", base, fontName=bold, fontSize=7, leading=8.5),
        note=ParagraphStyle("note", base, fontSize=7, leading=8.5, spaceBefore=4),
        reference=ParagraphStyle("reference", base, fontSize=7.5, leading=9.5, spaceAfter=2),
    )


@dataclass
class TableBlock:
    caption: str
    rows: list[list[str]]
    notes: list[str]


def parse(source: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[TableBlock]]:
    """(front matter, body) as (kind, text) pairs, and the tables. The body starts at the
    first all-caps heading; a ("table", "k") pair marks where table k is first placed."""
    runs = split_runs(source)
    front: list[tuple[str, str]] = []
    body: list[tuple[str, str]] = []
    tables: list[TableBlock] = []
    target = front
    in_refs = False
    i = 0
    while i < len(runs):
        run = runs[i]
        text = " ".join(ln.text.strip() for ln in run)
        i += 1
        if shapes.table_label(text) and i < len(runs) and is_table_run(runs[i]):
            rows = [ln.text.split("\t") for ln in runs[i]]
            i += 1
            notes = []
            while i < len(runs) and shapes.is_footnote(runs[i][0].text.strip()):
                notes.append(" ".join(ln.text.strip() for ln in runs[i]))
                i += 1
            tables.append(TableBlock(text, rows, notes))
            target.append(("table", str(len(tables) - 1)))
            continue
        if len(run) == 1 and shapes.is_heading(text):
            if target is front and shapes.is_all_caps(text) and body == []:
                target = body
            in_refs = bool(shapes.REFERENCES_HEADING.match(text))
            target.append(("heading" if shapes.is_all_caps(text) else "subheading", text))
            continue
        if in_refs:
            target.extend(("reference", ln.text.strip()) for ln in run)
            continue
        target.append(("caption" if shapes.is_caption(text) else "body", text))
    return front, body, tables


def table_flowables(t: TableBlock, st: Styles) -> list:
    n = max(len(r) for r in t.rows)
    rows = [r + [""] * (n - len(r)) for r in t.rows]
    data = [[Paragraph(markup(c.strip()), st.head_cell if k == 0 else st.cell) for c in row]
            for k, row in enumerate(rows)]
    # column widths from the longest cell text, within bounds
    lengths = [max(len(r[j]) for r in rows) for j in range(n)]
    weights = [min(max(x, 12), 160) for x in lengths]
    widths = [BODY_W * w / sum(weights) for w in weights]
    # no column narrower than its longest word (reportlab would split the word)
    fonts = (st.head_cell.fontName, st.cell.fontName)
    floor = [max(pdfmetrics.stringWidth(word, f, st.cell.fontSize) for r in rows
                 for word in MARKUP_OR_CARET.sub(" ", r[j]).split() for f in fonts) + 8
             for j in range(n)]
    for _ in range(3):
        short = sum(max(0.0, fl - w) for fl, w in zip(floor, widths))
        spare = [w for fl, w in zip(floor, widths) if w > fl]
        if not short or not spare:
            break
        total_spare = sum(spare)
        widths = [fl if w <= fl else w - short * w / total_spare for fl, w in zip(floor, widths)]
    table = Table(data, colWidths=widths, repeatRows=0)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    out = [Paragraph(markup(t.caption), st.caption), table]
    out += [Paragraph(markup(n_), st.note) for n_ in t.notes]
    return out


def measure(flowables: list) -> float:
    return sum(f.wrap(BODY_W, PAGE_H)[1] + f.getSpaceBefore() + f.getSpaceAfter()
               for f in flowables) + 6


def draw_stack(canvas, flowables: list, top: float) -> None:
    y = top
    for f in flowables:
        _, h = f.wrap(BODY_W, PAGE_H)
        y -= f.getSpaceBefore() + h
        f.drawOn(canvas, MARGIN, y)
        y -= f.getSpaceAfter()


def decorate(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(MARGIN, PAGE_H - 30, HEADER_TEXT)
    canvas.drawRightString(PAGE_W - MARGIN, PAGE_H - 30, "Li et al.")
    canvas.line(MARGIN, PAGE_H - 34, PAGE_W - MARGIN, PAGE_H - 34)
    canvas.drawCentredString(PAGE_W / 2, 25, f"Page {doc.page}")
    canvas.restoreState()


def columns(top: float) -> list[Frame]:
    height = top - MARGIN
    return [Frame(MARGIN, MARGIN, COL_W, height, id="left", leftPadding=0, rightPadding=0),
            Frame(MARGIN + COL_W + GUTTER, MARGIN, COL_W, height, id="right", leftPadding=0,
                  rightPadding=0)]


def build(source_path: Path, out_path: Path) -> None:
    font = register_fonts()
    st = make_styles(font)
    front, body, tables = parse(source_path.read_text(encoding="utf-8"))
    content_top = PAGE_H - MARGIN - 10

    front_flow: list = []
    for kind, text in front:
        style = st.title if not front_flow else (st.subheading if kind == "subheading"
                                                 else st.front)
        front_flow.append(Paragraph(markup(text), style))
    front_h = measure(front_flow)

    def first_page(canvas, doc):
        decorate(canvas, doc)
        draw_stack(canvas, front_flow, content_top)
        canvas.line(MARGIN, content_top - front_h + 2, PAGE_W - MARGIN, content_top - front_h + 2)

    templates = [PageTemplate("first", columns(content_top - front_h - 6), onPage=first_page,
                              autoNextPageTemplate="normal"),
                 PageTemplate("normal", columns(content_top), onPage=decorate)]
    for k, t in enumerate(tables):
        flow = table_flowables(t, st)
        h = measure(flow)

        def on_table_page(canvas, doc, flow=flow):
            decorate(canvas, doc)
            draw_stack(canvas, flow, content_top)

        templates.append(PageTemplate(f"table{k}", columns(content_top - h - 8),
                                      onPage=on_table_page, autoNextPageTemplate="normal"))

    story: list = []
    for kind, text in body:
        if kind == "table":
            story.append(NextPageTemplate(f"table{text}"))
            continue
        style = {"heading": st.heading, "subheading": st.subheading, "caption": st.caption,
                 "reference": st.reference}.get(kind, st.body)
        if kind == "caption":  # a figure: a grey box, then its caption
            story.append(Spacer(1, 4))
            story.append(Table([[""]], colWidths=[COL_W], rowHeights=[70],
                               style=[("BACKGROUND", (0, 0), (-1, -1),
                                       colors.Color(0.85, 0.85, 0.85))]))
        story.append(Paragraph(markup(text), style))

    doc = BaseDocTemplate(str(out_path), pagesize=A4, pageTemplates=templates,
                          title="Synergistic era (sample rendering)", author="Li C, et al.",
                          invariant=1)
    doc.build(story)


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    out = Path(argv[2]) if len(argv) > 2 else OUT
    build(source, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
