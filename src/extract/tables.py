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
    trial_header: bool = False  # the trial column has a trial header (else it is the row labels)


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
    trial_header = trial is not None
    if trial is None and table.rows:
        trial = 0  # the row label
    units = tuple(_unit(h) for h in headers)
    eps = []
    for h in headers:
        found = {e.endpoint for e in find_endpoints(h)}
        eps.append(found.pop() if len(found) == 1 else "")
    return TableLayout(trial, regimen, timing, tuple(results), units, tuple(eps), trial_header)


# -- tables with one column per arm ---------------------------------------------------------
# "Endpoint | Atezolizumab-bevacizumab (n = 336) | Sorafenib (n = 165) | HR (95% CI) | P value":
# each row is one endpoint, each arm's value in its own column.
ARM_ROLE = re.compile(r"\b(?:placebo|control|experimental|combination|arm|group|alone)\b", re.I)
CONTROL_ROLE = re.compile(r"\b(?:placebo|control|alone|standard)\b", re.I)
HR_HEADER = re.compile(r"\b(?:HR|hazard\s+ratio)\b", re.I)
P_HEADER = re.compile(r"^\s*(?:two-sided\s+)?p(?:[\s\-]?values?)?\s*\*?\s*$", re.I)
# A row that gives a statistic of the endpoint named in a row above: "Median (95% CI), months".
STAT_LABEL = re.compile(r"\b(?:median|rate|months?|mo)\b|%|\d+[\s\-](?:month|year)", re.I)
CI_LEVEL = re.compile(r"(\d{2}(?:\.\d+)?)\s*%\s*CI", re.I)


@dataclass(frozen=True)
class ArmLayout:
    exp: int
    ctrl: int
    exp_name: str
    ctrl_name: str
    hr: int | None
    p: int | None
    ci_level: str
    unit: str


def arm_layout(table: Table, regimen_name) -> ArmLayout | None:
    """The layout of a table whose columns are arms, or None. `regimen_name(text)` normalizes
    a header to a regimen ("" if it names none)."""
    headers = table.header_texts()
    arms = [i for i, h in enumerate(headers) if i > 0 and not HR_HEADER.search(h) and not P_HEADER.match(h)
            and (regimen_name(h) or ARM_ROLE.search(h))]
    if len(arms) != 2:
        return None
    exp, ctrl = arms
    if CONTROL_ROLE.search(headers[exp]) and not CONTROL_ROLE.search(headers[ctrl]):
        exp, ctrl = ctrl, exp
    hr = next((i for i, h in enumerate(headers) if HR_HEADER.search(h)), None)
    p = next((i for i, h in enumerate(headers) if P_HEADER.match(h)), None)
    level = CI_LEVEL.search(headers[hr]) if hr is not None else None
    unit = next((u for u in (_unit(h) for h in headers) if u), "")
    return ArmLayout(exp, ctrl, regimen_name(headers[exp]), regimen_name(headers[ctrl]), hr, p,
                     level.group(1) if level else "95", unit)
