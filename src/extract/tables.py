"""Tables read by what their columns mean (header keywords), not by position."""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extract.endpoints import find_endpoints
from extract.model import Table

# Header keywords. A "Primary endpoint" column names endpoints; only a header that also says
# result/outcome/efficacy holds values ("Primary endpoint & outcome", "Key efficacy results").
TRIAL_HEADER = re.compile(r"\b(?:trials?|study|studies|name)\b", re.I)
REGIMEN_HEADER = re.compile(r"\b(?:regimens?|treatment\s+arms?|arms?|interventions?|treatments?|comparison)\b", re.I)
TIMING_HEADER = re.compile(r"\b(?:sequence|interval|timing|schedule|sequencing)\b", re.I)
RESULT_HEADER = re.compile(r"\b(?:results?|outcomes?|efficacy|survival|median|OS|PFS|TTP|ORR|HR)\b", re.I)
# "Key efficacy results (months)", "Median OS, mo", "ORR (%)".
HEADER_UNIT = re.compile(r"[(,]\s*(?P<u>months?|mo|weeks?|days?|%)\s*\)?\s*$", re.I)


@dataclass(frozen=True)
class TableLayout:
    trial: int | None
    regimen: int | None
    timing: int | None
    results: tuple[int, ...]
    units: tuple[str, ...]  # per column, "" when the header names none
    endpoints: tuple[str, ...]  # per column: the endpoint its header names ("" if none/several)


def _unit(header: str) -> str:
    m = HEADER_UNIT.search(header)
    if not m:
        return ""
    u = m["u"].lower()
    return "%" if u == "%" else {"m": "months", "w": "weeks", "d": "days"}[u[0]]


def layout(table: Table) -> TableLayout:
    headers = table.header_texts()
    trial = regimen = timing = None
    results: list[int] = []
    for i, h in enumerate(headers):
        if trial is None and TRIAL_HEADER.search(h) and not RESULT_HEADER.search(h):
            trial = i
        elif timing is None and TIMING_HEADER.search(h):
            timing = i
        elif regimen is None and REGIMEN_HEADER.search(h) and not RESULT_HEADER.search(h):
            regimen = i
        elif RESULT_HEADER.search(h) and not re.fullmatch(r"\s*primary\s+endpoints?\s*", h, re.I):
            results.append(i)
    if trial is None and table.rows:
        trial = 0  # the row label
    units = tuple(_unit(h) for h in headers)
    eps = []
    for h in headers:
        found = {e.endpoint for e in find_endpoints(h)}
        eps.append(found.pop() if len(found) == 1 else "")
    return TableLayout(trial, regimen, timing, tuple(results), units, tuple(eps))
