"""Inline normalization: each rule, and the map back to original offsets."""

import pytest

from extract.ingest.normalize import Mapped, normalize


def run(text: str) -> Mapped:
    return normalize(Mapped.from_source(text))


@pytest.mark.parametrize("raw, expected", [
    ("the \ufb01rst and \ufb02ow", "the first and flow"),  # ligatures
    ("10\u00a0mg and 5\u2009mL", "10 mg and 5 mL"),  # NBSP, thin space
    ("range 3\u20137 days", "range 3-7 days"),  # en dash
    ("range 3\u20147 days", "range 3-7 days"),  # em dash between numbers
    ("HR \u22120.5", "HR -0.5"),  # minus sign
    ("drug\u2014a new class", "drug\u2014a new class"),  # em dash between words kept
    ("grade \u2265 3 and \u2264 1", "grade \u2265 3 and \u2264 1"),  # comparison signs kept
    ("OS 10.7 *vs.* 7.9", "OS 10.7 vs. 7.9"),  # markdown emphasis
    ("a **strong** claim", "a strong claim"),
    ("see [Table 1](#) below", "see Table 1 below"),  # markdown link
    ("<i>P</i> = 0.07", "P = 0.07"),  # HTML italics
    ("$\\geq 50\\%$ of patients", "\u2265 50% of patients"),  # LaTeX-ish math
    ("\u201cquoted\u201d text", '"quoted" text'),  # curly quotes
    ("two  spaces\tand tab", "two spaces and tab"),
    ("2 * 3 * 4", "2 * 3 * 4"),  # a lone asterisk is no emphasis
])
def test_normalized_text(raw, expected):
    assert run(raw).text == expected


@pytest.mark.parametrize("raw, kept", [
    ("OS *vs.* PFS", "vs."),
    ("<i>P</i> = 0.07", "P = 0.07"),
    ("see [Table 1](#) below", "below"),
    ("signi\ufb01cant 10\u201312", "10-12"),
])
def test_map_points_kept_characters_at_their_source(raw, kept):
    m = run(raw)
    i = m.text.index(kept)
    for k, ch in enumerate(kept):
        src = m.map[i + k]
        # a character either kept verbatim or replaced one-for-one (dash) maps to its source
        assert raw[src] == ch or (ch == "-" and raw[src] in "\u2013\u2014")


def test_map_has_one_entry_per_character():
    m = run("the \ufb01rst *vs.* [Table 1](#) $\\geq 5$")
    assert len(m.map) == len(m.text)


def test_ligature_expansion_maps_both_letters_to_the_ligature():
    m = run("x\ufb01y")
    assert m.text == "xfiy"
    assert m.map[1] == m.map[2] == 1
