"""Geometry of a forest plot: hazard ratios with their CIs on a log-scale x axis.

Only numbers are computed here; the template draws the SVG (and escapes every label).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from extract.report.values import as_float

NICE_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.33, 1.5, 2.0,
              3.0, 4.0, 5.0, 10.0, 20.0, 50.0, 100.0]

LABEL_W = 290  # left column: source, location, page
PLOT_W = 320
VALUE_W = 130  # right column: "0.76 (0.61-0.95)"
ROW_H = 17
TOP = 8
AXIS_H = 30


@dataclass
class ForestLine:
    label: str
    detail: str
    hr: str  # as printed
    ci_low: str
    ci_high: str
    kind: str  # "gold" or "evidence"
    agree: str = ""  # "agree", "differ" or "" (vs gold)
    group: str = ""
    title: str = ""  # more context for the tooltip (the section)
    # filled by layout()
    y: float = 0.0
    x: float | None = None
    x_low: float | None = None
    x_high: float | None = None
    clipped_low: bool = False
    clipped_high: bool = False

    @property
    def value_text(self) -> str:
        if self.ci_low or self.ci_high:
            return f"{self.hr} ({self.ci_low}\u2013{self.ci_high})"
        return self.hr


@dataclass
class ForestPlot:
    endpoint: str
    lines: list[ForestLine]
    width: int = LABEL_W + PLOT_W + VALUE_W
    height: int = 0
    plot_x0: int = LABEL_W
    plot_x1: int = LABEL_W + PLOT_W
    value_x: int = LABEL_W + PLOT_W + 8
    axis_y: float = 0.0
    one_x: float = 0.0
    ticks: list[tuple[float, str]] = field(default_factory=list)
    row_h: int = ROW_H


def _fmt_tick(t: float) -> str:
    return f"{t:g}"


def layout(endpoint: str, lines: list[ForestLine]) -> ForestPlot | None:
    """Positions for every line with a plottable HR; None when no line has one."""
    plotted = [ln for ln in lines if (h := as_float(ln.hr)) is not None and h > 0]
    if not plotted:
        return None
    vals = [1.0]
    for ln in plotted:
        for v in (ln.hr, ln.ci_low, ln.ci_high):
            f = as_float(v)
            if f is not None and f > 0:
                vals.append(f)
    lo = max(min(vals) / 1.25, 0.01)
    hi = min(max(vals) * 1.25, 100.0)
    llo, lhi = math.log(lo), math.log(hi)

    def x_of(v: float) -> float:
        v = min(max(v, lo), hi)
        return LABEL_W + (math.log(v) - llo) / (lhi - llo) * PLOT_W

    plot = ForestPlot(endpoint=endpoint, lines=plotted)
    for i, ln in enumerate(plotted):
        ln.y = TOP + i * ROW_H + ROW_H / 2
        h = as_float(ln.hr)
        ln.x = round(x_of(h), 1)
        cl, ch = as_float(ln.ci_low), as_float(ln.ci_high)
        if cl is not None and ch is not None and cl > 0 and ch > 0:
            ln.x_low, ln.x_high = round(x_of(cl), 1), round(x_of(ch), 1)
            ln.clipped_low, ln.clipped_high = cl < lo, ch > hi
    plot.axis_y = TOP + len(plotted) * ROW_H + 4
    plot.height = int(plot.axis_y + AXIS_H)
    plot.one_x = round(x_of(1.0), 1)
    ticks = [t for t in NICE_TICKS if lo <= t <= hi]
    # keep the axis readable: at most ~7 ticks, always keeping 1
    while len(ticks) > 7:
        ticks = [t for i, t in enumerate(ticks) if i % 2 == 0 or t == 1.0]
    plot.ticks = [(round(x_of(t), 1), _fmt_tick(t)) for t in ticks]
    return plot
