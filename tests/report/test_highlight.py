"""values.highlight marks exactly what one regular expression per set of values marked
(its earlier implementation, kept here as the reference)."""

from __future__ import annotations

import random
import re

from markupsafe import Markup, escape

from extract.report.values import highlight


def reference(quote: str, values) -> Markup:
    escaped = str(escape(quote or ""))
    needles = sorted({str(escape(v.strip())) for v in values if v and v.strip()},
                     key=len, reverse=True)
    if not needles:
        return Markup(escaped)
    alternation = "|".join(re.escape(n) for n in needles)
    pattern = re.compile(rf"(?<![\w.#&])(?:{alternation})(?![\w]|\.\d)")
    return Markup(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


PIECES = ["0.6", "0.60", "10.65", "0.6.1", "1", "11", "1.1", "<0.001", "≤0.05", "&", "#",
          "&#39;", "'", '"', "<b>", "HR", "NR", " ", ".", "..", "_", "a", "٣", "²", "22.1",
          "-", "(", ")", ";", "vs", "x1", "1x", "39", "\n"]


def test_highlight_matches_the_regular_expression_on_generated_quotes():
    rng = random.Random(3)
    for _ in range(4000):
        pieces = [rng.choice(PIECES) for _ in range(rng.randint(0, 25))]
        quote = "".join(pieces)
        pool = pieces if pieces and rng.random() < 0.5 else PIECES + ["", "  ", " 0.6 "]
        values = [rng.choice(pool) for _ in range(rng.randint(0, 5))]
        assert highlight(quote, values) == reference(quote, values), (quote, values)


def test_highlight_cases():
    cases = [
        ("HR 0.60 vs 10.65 and 0.6.", ["0.6", "0.60"]),
        ("p<0.001 & p=0.001", ["<0.001", "0.001"]),
        ("It&#39;s 39 days; #39", ["39"]),
        ("", ["1"]), ("no values", []), (None, ["1"]),
        ("EVIL<script>alert(1)</script> 1.5 vs 1.0", ["EVIL<script>alert(1)</script>", "1.5"]),
    ]
    for quote, values in cases:
        assert highlight(quote, values) == reference(quote, values)
    assert str(highlight("HR 0.60 vs 10.65 and 0.6.", ["0.6", "0.60"])) == (
        "HR <mark>0.60</mark> vs 10.65 and <mark>0.6</mark>.")
