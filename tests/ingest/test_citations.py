"""Citation markers: parsed numbers, removal, and the position they leave behind."""

import pytest

from extract.ingest.citations import parse_numbers, strip_citations
from extract.ingest.normalize import Mapped


@pytest.mark.parametrize("items, numbers", [
    ("12", [12]),
    ("5-7", [5, 6, 7]),
    ("9,10", [9, 10]),
    ("23, 25", [23, 25]),
    ("5-7,9", [5, 6, 7, 9]),
])
def test_parse_numbers(items, numbers):
    assert parse_numbers(items) == numbers


@pytest.mark.parametrize("raw, cleaned, numbers, marker", [
    ("worldwide^[1].", "worldwide.", [1], "^[1]"),
    ("SHARP ^[37]", "SHARP", [37], "^[37]"),
    ("ZGDH3 ^{[40]#}", "ZGDH3", [40], "^{[40]#}"),
    ("for HCC^[5-7]. Next", "for HCC. Next", [5, 6, 7], "^[5-7]"),
    ("environment^[9,10], thereby", "environment, thereby", [9, 10], "^[9,10]"),
    ("mortality[12] rose", "mortality rose", [12], "[12]"),
    ("as shown [3, 4].", "as shown.", [3, 4], "[3, 4]"),
    ("increasing[3] . Many", "increasing. Many", [3], "[3]"),
])
def test_marker_removed_and_recorded(raw, cleaned, numbers, marker):
    text, markers = strip_citations(Mapped.from_source(raw))
    assert text.text == cleaned
    assert [(m.numbers, m.marker) for m in markers] == [(numbers, marker)]


@pytest.mark.parametrize("raw, before", [
    ("worldwide^[1].", "worldwide"),
    ("SHARP ^[37] trial", "SHARP"),
    ("a trial[44] showed", "a trial"),
])
def test_marker_position_is_right_after_the_cited_text(raw, before):
    text, markers = strip_citations(Mapped.from_source(raw))
    assert text.text[:markers[0].start] == before


@pytest.mark.parametrize("raw", [
    "see [Table 2] and [PD-(L)1] inhibitors",  # not numeric
    "published in [2008]",  # a year is not a reference number
    "a link [1](#) here",  # a markdown link
])
def test_not_a_citation(raw):
    _, markers = strip_citations(Mapped.from_source(raw))
    assert markers == []


def test_bracketed_style_can_be_switched_off():
    _, markers = strip_citations(Mapped.from_source("trial [12] and x^[3]"), bracketed=False)
    assert [m.numbers for m in markers] == [[3]]
