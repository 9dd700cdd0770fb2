"""Highlighting escapes first and marks whole values only; equality is precision-aware."""

import pytest

from extract.report.values import field_equal, highlight


def test_highlight_escapes_the_quote_before_marking():
    out = str(highlight("HR <b>0.60</b> & more", ["0.60"]))
    assert out == "HR &lt;b&gt;<mark>0.60</mark>&lt;/b&gt; &amp; more"


def test_highlight_escapes_the_value_too():
    out = str(highlight("a <x> b", ["<x>"]))
    assert out == "a <mark>&lt;x&gt;</mark> b"


@pytest.mark.parametrize("quote, value, marked", [
    ("OS 10.65 vs 0.6", "0.6", "OS 10.65 vs <mark>0.6</mark>"),  # not inside 10.65
    ("HR 0.60; 95% CI", "0.6", "HR 0.60; 95% CI"),  # 0.6 is not 0.60's prefix
    ("7 days (n=17)", "7", "<mark>7</mark> days (n=17)"),
    ("quote &#34; 34", "34", "quote &amp;#34; <mark>34</mark>"),
])
def test_highlight_marks_whole_numbers_only(quote, value, marked):
    assert str(highlight(quote, [value])) == marked


def test_highlight_never_marks_inside_an_entity():
    out = str(highlight('say "34" or 39', ["34", "39"]))
    assert out == "say &#34;<mark>34</mark>&#34; or <mark>39</mark>"


@pytest.mark.parametrize("field, a, b, equal", [
    ("value_exp", "11.3", "11.30", True),
    ("value_exp", "11.27", "11.3", True),
    ("value_exp", "7.0", "7.03", True),
    ("value_exp", "22.0", "22.1", False),
    ("hr", "0.60", "0.76", False),
    ("p_value", "<0.001", "0.0008", True),
    ("p_value", "<0.001", "0.009", False),
    ("value_exp", "NR", "NE", True),
])
def test_field_equal_is_precision_aware(field, a, b, equal):
    assert field_equal(field, a, b) is equal
