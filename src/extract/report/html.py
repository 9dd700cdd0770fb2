"""The curator's audit report: one self-contained HTML file.

`build_report(data, out_path)` turns the run's tables into `report.html` (written atomically).
Every string from a document or the gold table reaches the page through jinja2's autoescape;
the only markup built in Python is `values.highlight` (escape first, then wrap) and the
"what changed" Markdown rendered with raw HTML disabled.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from extract.report.data import (
    FLAG_CODES,
    SEVERITIES,
    SEVERITY_ORDER,
    STATUSES,
    ReportData,
    normalize,
    overview,
    records,
    text,
    trials_of,
)
from extract.report.forest import ForestLine, layout
from extract.report.values import highlight, numbers_in, values_equal

TEMPLATES = Path(__file__).parent / "templates"

# Evidence value column -> gold column, in display order.
VALUE_PAIRS: list[tuple[str, str, str]] = [
    ("value_exp", "median_exp", "exp"),
    ("value_ctrl", "median_ctrl", "ctrl"),
    ("hr", "hr", "HR"),
    ("ci_low", "ci_low", "CI low"),
    ("ci_high", "ci_high", "CI high"),
    ("p_value", "p_value", "p"),
]


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True,
                                     enabled_extensions=("html", "j2", "svg", "xml", "txt")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["page"] = _page
    return env


def _page(value: Any) -> str:
    s = text(value)
    return s[:-2] if s.endswith(".0") else s


def _anchor(prefix: str, name: str) -> str:
    """A stable, markup-free id for a name that may hold anything."""
    return prefix + "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


# ---------------------------------------------------------------------------------------
# changes (Markdown from the pipeline)


def render_markdown(md: str) -> Markup:
    """Markdown to HTML with raw HTML disabled (so it is shown as text) and unsafe links
    refused; without markdown-it the text is shown escaped, preformatted."""
    if not md.strip():
        return Markup("")
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - markdown-it comes with rich
        return Markup("<pre>") + escape(md) + Markup("</pre>")
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return Markup(parser.render(md))


# ---------------------------------------------------------------------------------------
# flags


@dataclass
class Side:
    title: str
    quote: Markup
    source: str
    page: str
    section: str
    location: str
    raw: str  # the flag's own column (evidence/other), shown when there is no quote


def _flag_values(flag: dict[str, str]) -> list[str]:
    """The values a flag compares: explicit *_value columns, else the numbers of its message."""
    vals: list[str] = []
    for col in ("evidence_value", "other_value", "gold_value", "values", "value"):
        v = flag.get(col, "")
        if v:
            vals.extend(p.strip() for p in v.replace(";", ",").split(",") if p.strip())
    if not vals:
        vals = numbers_in(flag.get("message", ""))
    return vals


def _side(flag: dict[str, str], prefix: str, title: str, values: list[str]) -> Side | None:
    quote = flag.get(f"{prefix}_quote", "")
    raw = flag.get(prefix, "")
    if not (quote or raw or flag.get(f"{prefix}_page")):
        return None
    return Side(
        title=title,
        quote=highlight(quote, values) if quote else Markup(""),
        source=flag.get(f"{prefix}_source", "") or flag.get(f"{prefix}_doc", ""),
        page=_page(flag.get(f"{prefix}_page", "")),
        section=flag.get(f"{prefix}_section", ""),
        location=flag.get(f"{prefix}_location", ""),
        raw=raw,
    )


def _gold_rows_for(gold: pd.DataFrame, trial: str, endpoint: str) -> list[dict[str, str]]:
    if not trial:
        return []
    g = gold[gold["trial"] == trial]
    if endpoint:
        g = g[g["endpoint"] == endpoint]
    return records(g)


def flag_views(rd: ReportData) -> list[dict[str, Any]]:
    views = []
    for flag in records(rd.flags):
        values = _flag_values(flag)
        sides = [s for s in (_side(flag, "evidence", "Extracted", values),
                             _side(flag, "other", "Other side", values)) if s]
        views.append({
            "f": flag,
            "severity": flag["severity"] or "info",
            "status": flag["status"] or "open",
            "sides": sides,
            "gold_rows": _gold_rows_for(rd.gold, flag["trial"], flag["endpoint"]),
            "values": values,
            "trial_anchor": _anchor("trial", flag["trial"]) if flag["trial"] else "",
        })
    code_rank = {c: i for i, c in enumerate(FLAG_CODES)}
    views.sort(key=lambda v: (SEVERITY_ORDER.get(v["severity"], 9),
                              code_rank.get(v["f"]["code"], 99), v["f"]["code"],
                              v["f"]["trial"].casefold(), v["f"]["endpoint"]))
    return views


# ---------------------------------------------------------------------------------------
# per trial


def _agreement(ev: dict[str, str], gold: dict[str, str]) -> dict[str, str]:
    """Per value column: "agree", "differ" or "" (one side empty)."""
    out = {}
    for ecol, gcol, _ in VALUE_PAIRS:
        a, b = ev.get(ecol, ""), gold.get(gcol, "")
        out[ecol] = "" if not a or not b else ("agree" if values_equal(a, b) else "differ")
    return out


def _best_gold(ev: dict[str, str], golds: list[dict[str, str]]) -> dict[str, str] | None:
    if not golds:
        return None

    def score(g: dict[str, str]) -> tuple[int, int, int]:
        ag = _agreement(ev, g)
        same_assessment = int(bool(ev.get("assessment")) and
                              ev.get("assessment", "").casefold() == g["assessment"].casefold())
        return (sum(v == "agree" for v in ag.values()) - sum(v == "differ" for v in ag.values()),
                same_assessment, -golds.index(g))

    return max(golds, key=score)


def _same_figures(a: dict[str, str], b: dict[str, str]) -> bool:
    shared = 0
    for col, _, _ in VALUE_PAIRS:
        x, y = a.get(col, ""), b.get(col, "")
        if x and y:
            shared += 1
            if not values_equal(x, y):
                return False
    return shared > 0


@dataclass
class EndpointView:
    endpoint: str
    gold: list[dict[str, str]]
    groups: list[dict[str, Any]]  # {"label", "rows": [...], "verdict"}
    forest: Any
    n_docs: int = 0
    anchor: str = ""


def _group_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows reporting the same figures (precision-aware) in one group; gold-agreeing first."""
    groups: list[list[dict[str, Any]]] = []
    for r in rows:
        for g in groups:
            if _same_figures(g[0]["ev"], r["ev"]):
                g.append(r)
                break
        else:
            groups.append([r])

    def verdict(g: list[dict[str, Any]]) -> str:
        verdicts = {r["verdict"] for r in g}
        if "differ" in verdicts:
            return "differ"
        if "agree" in verdicts:
            return "agree"
        return "nogold"

    ranked = sorted(groups, key=lambda g: ({"agree": 0, "nogold": 1, "differ": 2}[verdict(g)],
                                           -len(g)))
    return [{"label": chr(ord("A") + i) if i < 26 else str(i + 1), "rows": g,
             "verdict": verdict(g)} for i, g in enumerate(ranked)]


def _endpoint_order(e: str) -> tuple[int, str]:
    order = ["OS", "PFS", "TACE-PFS", "TTP", "TTUP", "ORR", "DCR", "CR"]
    return (order.index(e) if e in order else len(order), e)


def trial_views(rd: ReportData) -> list[dict[str, Any]]:
    flags_by_trial: dict[str, list[dict[str, str]]] = {}
    for f in records(rd.flags):
        flags_by_trial.setdefault(f["trial"], []).append(f)
    out = []
    for trial in trials_of(rd):
        ev = rd.evidence[rd.evidence["trial"] == trial]
        gold = rd.gold[rd.gold["trial"] == trial]
        endpoints = sorted(set(ev["endpoint"]) | set(gold["endpoint"]), key=_endpoint_order)
        ep_views = []
        for ep in endpoints:
            ep_gold = records(gold[gold["endpoint"] == ep])
            rows = []
            for r in records(ev[ev["endpoint"] == ep]):
                g = _best_gold(r, ep_gold)
                ag = _agreement(r, g) if g else {}
                verdict = ("differ" if "differ" in ag.values() else
                           "agree" if "agree" in ag.values() else "nogold")
                marks = [r[c] for c, _, _ in VALUE_PAIRS if r.get(c)]
                rows.append({"ev": r, "gold": g, "agree": ag, "verdict": verdict,
                             "quote": highlight(r["quote"], marks)})
            groups = _group_rows(rows)
            lines = []
            for g in ep_gold:
                lines.append(ForestLine(
                    label=f"gold: {g['publication'] or g['source'] or g['analysis']}",
                    detail=" ".join(x for x in (g["analysis"], g["assessment"]) if x),
                    hr=g["hr"], ci_low=g["ci_low"], ci_high=g["ci_high"], kind="gold"))
            for grp in groups:
                for row in grp["rows"]:
                    r = row["ev"]
                    where = f"{r['location']} p.{_page(r['page'])}" if r["page"] else r["location"]
                    lines.append(ForestLine(
                        label=f"{grp['label']} · {_short_source(r['source'])}",
                        detail=" ".join(x for x in (where, r["section"]) if x),
                        hr=r["hr"], ci_low=r["ci_low"], ci_high=r["ci_high"],
                        kind="evidence", agree=row["agree"].get("hr", ""), group=grp["label"]))
            ep_views.append(EndpointView(
                endpoint=ep, gold=ep_gold, groups=groups, forest=layout(ep, lines),
                n_docs=len({r["ev"]["doc_id"] for r in rows}),
                anchor=_anchor("ep", trial + "\x00" + ep)))
        arms: dict[tuple[str, str], set[str]] = {}
        for r in records(ev):
            if r["arm_exp"] or r["arm_ctrl"]:
                arms.setdefault((r["arm_exp"], r["arm_ctrl"]), set()).add(_short_source(r["source"]))
        gold_arms = sorted({(g["arm_experimental"], g["arm_control"]) for g in records(gold)
                            if g["arm_experimental"] or g["arm_control"]})
        tim = rd.timings[rd.timings["trial"] == trial]
        tflags = flags_by_trial.get(trial, [])
        out.append({
            "trial": trial,
            "anchor": _anchor("trial", trial),
            "in_gold": len(gold) > 0,
            "endpoints": ep_views,
            "arms": [{"exp": k[0], "ctrl": k[1], "sources": sorted(v)} for k, v in arms.items()],
            "gold_arms": gold_arms,
            "timings": [t | {"quote_h": highlight(t["quote"], [t["low"], t["high"]])}
                        for t in records(tim)],
            "n_records": len(ev),
            "n_docs": ev["doc_id"].nunique(),
            "n_flags": len(tflags),
            "n_flag_errors": sum(f["severity"] == "error" for f in tflags),
        })
    return out


def _short_source(source: str) -> str:
    return Path(source).name if source else ""


# ---------------------------------------------------------------------------------------
# per document


def document_views(rd: ReportData) -> list[dict[str, Any]]:
    docs = records(rd.documents)
    known = {d["doc_id"] for d in docs}
    # documents that only appear in evidence (no documents table) still get a section
    for doc_id, source in dict.fromkeys(zip(rd.evidence["doc_id"], rd.evidence["source"])):
        if doc_id and doc_id not in known:
            docs.append({"doc_id": doc_id, "source": source, "status": "ok", "error": "",
                         "pages": "", "n_evidence": "", "n_timings": ""})
            known.add(doc_id)
    out = []
    for d in docs:
        ev = records(rd.evidence[rd.evidence["doc_id"] == d["doc_id"]])
        for r in ev:
            r["quote_h"] = highlight(r["quote"], [r[c] for c, _, _ in VALUE_PAIRS if r.get(c)])
        tim = records(rd.timings[rd.timings["doc_id"] == d["doc_id"]])
        out.append({"d": d, "anchor": _anchor("doc", d["doc_id"] or d["source"]),
                    "name": _short_source(d["source"]) or d["doc_id"][:12],
                    "evidence": ev, "timings": tim,
                    "failed": d["status"] == "error"})
    out.sort(key=lambda v: (not v["failed"], v["name"].casefold()))
    return out


# ---------------------------------------------------------------------------------------
# rendering


def _script() -> str:
    return (TEMPLATES / "filter.js").read_text(encoding="utf-8")


def render_html(data: dict) -> str:
    rd = normalize(data)
    flags = flag_views(rd)
    script = _script()
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    options = {
        "severity": [s for s in SEVERITIES if any(f["severity"] == s for f in flags)]
        + sorted({f["severity"] for f in flags} - set(SEVERITIES)),
        "code": [c for c in FLAG_CODES if any(f["f"]["code"] == c for f in flags)]
        + sorted({f["f"]["code"] for f in flags} - set(FLAG_CODES)),
        "trial": sorted({f["f"]["trial"] for f in flags}, key=str.casefold),
        "status": [s for s in STATUSES if any(f["status"] == s for f in flags)]
        + sorted({f["status"] for f in flags} - set(STATUSES)),
    }
    template = _env().get_template("report.html.j2")
    return template.render(
        ov=overview(rd),
        changes=render_markdown(rd.changes),
        flags=flags,
        options=options,
        trials=trial_views(rd),
        documents=document_views(rd),
        value_pairs=VALUE_PAIRS,
        script=Markup(script),  # our own file, never document text
        script_hash=script_hash,
    )


def write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def build_report(data: dict, out_path: str | os.PathLike) -> Path:
    """Write the report and return its path.

    `out_path` is the file to write when it ends in ".html", otherwise a directory that
    receives `report.html`. The file is replaced atomically: a reader sees the old report or
    the new one, never half of one.
    """
    out = Path(out_path)
    if out.suffix.lower() not in (".html", ".htm"):
        out = out / "report.html"
    write_atomic(out, render_html(data))
    return out
