"""Bad input: each case is one IngestError with a one-line reason, never a traceback."""

from __future__ import annotations

import pytest

from extract.ingest import IngestError, load

reportlab = pytest.importorskip("reportlab")


def small_pdf(path, *, encrypt=None) -> bytes:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    for i in range(3):
        c.drawString(72, 720, f"A line of text on page {i + 1}.")
        c.showPage()
    c.save()
    return path.read_bytes()


def assert_error(path, fragment, **kw):
    with pytest.raises(IngestError) as info:
        load(path, **kw)
    assert fragment in info.value.reason
    assert "\n" not in info.value.reason
    assert info.value.path == str(path)


def test_missing_path(tmp_path):
    assert_error(tmp_path / "nothing-here.txt", "not found")


def test_directory(tmp_path):
    assert_error(tmp_path, "directory")


def test_empty_file(write):
    assert_error(write("empty.txt", b""), "empty")


def test_whitespace_only_file(write):
    assert_error(write("blank.md", "  \n\n \n"), "empty")


def test_file_over_size_limit(write):
    assert_error(write("big.txt", "word " * 1000), "too large", max_bytes=100)


def test_junk_bytes_named_pdf(write):
    assert_error(write("junk.pdf", bytes(range(256)) * 20), "not a PDF")


def test_text_named_pdf(write):
    assert_error(write("notes.pdf", "Just some notes, no PDF here.\n"), "not a PDF")


def test_binary_junk_named_txt(write):
    assert_error(write("junk.txt", bytes(range(256)) * 20), "binary")


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_truncated_pdf(tmp_path, write, fraction):
    data = small_pdf(tmp_path / "whole.pdf")
    assert_error(write("cut.pdf", data[:int(len(data) * fraction)]), "unreadable PDF")


def test_pdf_header_then_junk(write):
    assert_error(write("fake.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 10), "unreadable PDF")


def test_encrypted_pdf(tmp_path):
    from reportlab.lib import pdfencrypt

    path = tmp_path / "locked.pdf"
    small_pdf(path, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    assert_error(path, "encrypted")


def test_pdf_named_txt_is_read_as_pdf(tmp_path, write):
    data = small_pdf(tmp_path / "real.pdf")
    doc = load(write("actually-a-pdf.txt", data))
    assert doc.format == "pdf"
    assert doc.n_pages == 3
    assert "A line of text on page 2." in doc.text


def test_undecodable_text_is_a_warning_not_an_error(write):
    doc = load(write("odd.txt", b"Caf\xe9 au lait \xff\xfe and more text.\n"))
    assert "au lait" in doc.text
    assert doc.warnings


def test_pdf_without_text(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)  # an image-like page, no text layer
    c.showPage()
    c.save()
    assert_error(path, "no extractable text")


@pytest.mark.parametrize("seed", range(6))
def test_damaged_pdf_is_a_document_or_an_ingest_error(tmp_path, seed):
    import random

    rng = random.Random(seed)
    data = bytearray(small_pdf(tmp_path / "whole.pdf"))
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(16, len(data))] = rng.randrange(256)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    try:
        doc = load(path)
    except IngestError as e:
        assert "\n" not in e.reason
    else:
        assert len(doc.original_map) == len(doc.text)
