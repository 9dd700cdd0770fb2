"""The curator's audit report: one self-contained HTML file.

`build_report(data, out_path)` turns the run's tables into `report.html` (written atomically).
Every string from a document or the gold table reaches the page through jinja2's autoescape;
the only markup built in Python is `values.highlight` (escape first, then wrap) and the
"what changed" Markdown rendered with raw HTML disabled.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from extract.outputs import atomic_write_text
from extract.report.data import FLAG_CODES, SEVERITIES, STATUSES, normalize, overview
from extract.report.views import (
    FIELDS, document_views, flag_views, page, short_source, trial_views,
)

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, every extension: no exceptions
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["page"] = lambda v: page(str(v))
    env.filters["basename"] = lambda v: short_source(str(v))
    return env


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
# rendering


def _script() -> str:
    return (TEMPLATES / "filter.js").read_text(encoding="utf-8")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the report is built: building it allocates
    hundreds of thousands of small containers that all live until the page is written, and
    each collection they trigger walks every object of the process (the run's tables too);
    a third of the build went there. Back on afterwards (if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _gold_side_key(v: dict[str, Any]) -> tuple:
    """Everything flag_gold.html.j2 shows for a flag view."""
    f = v["f"]
    head = (f["gold_source"], f["gold_read_in"])
    if v["gold_rows"]:
        return head + tuple((tuple(gv["g"].items()), gv["referenced"],
                             tuple((c["value"], c["cls"]) for c in gv["cells"]))
                            for gv in v["gold_rows"])
    if f["gold"]:
        return head + ("raw", f["gold"])
    return head + ("none", bool(f["endpoint"]))


def _add_gold_sides(env: Environment, flags: list[dict[str, Any]]) -> None:
    """v["gold_side"]: each flag's gold side, rendered once per distinct content."""
    template = env.get_template("flag_gold.html.j2")
    done: dict[tuple, Markup] = {}
    for v in flags:
        key = _gold_side_key(v)
        html = done.get(key)
        if html is None:
            html = done[key] = Markup(template.render(v=v, f=v["f"]))
        v["gold_side"] = html


def render_html(data: dict) -> str:
    with _gc_paused():
        return _render_html(data)


def _render_html(data: dict) -> str:
    env = _env()
    rd = normalize(data)
    flags = flag_views(rd)
    _add_gold_sides(env, flags)
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
    template = env.get_template("report.html.j2")
    return template.render(
        ov=overview(rd),
        stale=rd.stale,
        changes=render_markdown(rd.changes),
        flags=flags,
        options=options,
        trials=trial_views(rd),
        documents=document_views(rd),
        fields=FIELDS,
        script=Markup(script),  # our own file, never document text
        script_hash=script_hash,
    )


def build_report(data: dict, out_path: str | os.PathLike) -> Path:
    """Write the report and return its path.

    `out_path` is the file to write when it ends in ".html", otherwise a directory that
    receives `report.html`. The file is replaced atomically: a reader sees the old report or
    the new one, never half of one.
    """
    out = Path(out_path)
    if out.suffix.lower() not in (".html", ".htm"):
        out = out / "report.html"
    atomic_write_text(out, render_html(data))
    return out
