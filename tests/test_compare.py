"""Precision-aware comparison of printed figures (extract.compare)."""

import pytest

from extract.compare import (
    convert, p_consistent, parse_printed, timings_equal, values_equal,
)


@pytest.mark.parametrize("a, b", [
    ("11.3", "11.30"), ("11.3", "11.27"), ("11.30", "11.3"), ("7.0", "7.03"), ("7.03", "7.0"),
    ("0.80", "0.797"), ("0.86", "0.861"), ("16.4", "16.43"), ("13.8", "13.77"), ("10", "10.4"),
    ("NE", "NE"), ("NR", "NR"), ("NE", "NR"), ("not reached", "NR"), (".04", "0.04"),
])
def test_equal_at_the_coarser_precision(a, b):
    assert values_equal(a, b)


@pytest.mark.parametrize("a, b", [
    ("11.30", "11.27"), ("22.0", "22.1"), ("14.5", "14.2"), ("0.76", "0.60"), ("7.0", "7.06"),
    ("NE", "10.4"), ("10.4", "NR"), ("", "10.4"), ("10.4", ""), ("abc", "abc"), ("<0.001", "0.001"),
])
def test_not_equal(a, b):
    assert not values_equal(a, b)


@pytest.mark.parametrize("a, ua, b, ub, equal", [
    ("169", "days", "5.6", "months", True),     # 169 d = 5.55 months
    ("169", "days", "5.4", "months", False),
    ("3", "weeks", "21", "days", True),
    ("21.0", "weeks", "4.8", "months", True),   # 147 d vs 146.1 d, within half a 0.1-month unit
    ("21.0", "weeks", "5.0", "months", False),
    ("41", "%", "41", "months", False),         # a rate is not a duration
])
def test_units_are_converted_before_comparing(a, ua, b, ub, equal):
    assert values_equal(a, b, ua, ub) is equal


def test_month_is_30_4375_days():
    assert convert(1, "months", "days") == pytest.approx(30.4375)
    assert convert(14, "days", "weeks") == pytest.approx(2)


@pytest.mark.parametrize("text, value, decimals, op", [
    ("11.30", 11.3, 2, "="), ("<0.001", 0.001, 3, "<"), ("> 0.05", 0.05, 2, ">"),
    ("≤0.01", 0.01, 2, "<="), (".009", 0.009, 3, "="), ("169", 169.0, 0, "="),
])
def test_parse_printed(text, value, decimals, op):
    p = parse_printed(text)
    assert (p.value, p.decimals, p.op) == (pytest.approx(value), decimals, op)


@pytest.mark.parametrize("text", ["", "NE", "NR", "n/a", "0.7-0.9", None])
def test_parse_printed_rejects_non_numbers(text):
    assert parse_printed(text) is None


@pytest.mark.parametrize("a, b, consistent", [
    ("<0.001", "0.0008", True), ("<0.001", "0.009", False), ("0.07", "0.072", True),
    ("0.020", "0.02", True), ("0.40", "0.400", True), ("<0.001", "<0.0001", True),
    (">0.05", "0.57", True), (">0.05", "0.009", False), ("0.009", "0.011", False),
    ("<0.001", "0.002", False), ("<0.001", "0.001", True), ("<0.0010", "0.0012", False), ("0.0245", "0.024", True),
])
def test_p_values_with_operators(a, b, consistent):
    assert p_consistent(a, b) is consistent
    assert p_consistent(b, a) is consistent


@pytest.mark.parametrize("a, b, equal", [
    (("1", "1", "weeks"), ("7", "", "days"), True),          # 1 week == at least 7 days
    (("2", "8", "weeks"), ("14", "56", "days"), True),       # 2-8 weeks == >=14 days, <=8 weeks
    (("2", "", "weeks"), ("14", "", "days"), True),
    (("3", "7", "days"), ("3", "7", "days"), True),
    (("1", "1", "weeks"), ("10", "", "days"), False),
    (("2", "8", "weeks"), ("14", "42", "days"), False),
    (("", "2", "weeks"), ("7", "", "days"), False),          # no bound stated on both sides
])
def test_timings_compare_as_intervals(a, b, equal):
    assert timings_equal(a, b) is equal
