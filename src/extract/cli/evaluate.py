"""CLI commands: evaluate (extraction scored against the hand annotations)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extract.evaluate import (
    ANCHOR_FIELD, RECORD_TYPES, AnnotationError, Evaluation, Issue, evaluate_corpus,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# Fields shown when printing one record, in this order (empty ones are skipped).
_SHOW = {
    "evidence": ["trial", "endpoint", "measure", "assessment", "arm_exp", "arm_ctrl",
                 "value_exp", "value_ctrl", "unit", "hr", "ci_low", "ci_high", "ci_level",
                 "p_value", "location", "section", "page"],
    "timings": ["trial", "regimen", "relation", "low", "high", "unit", "anchor", "location",
                "page"],
}


def _brief(record: dict, record_type: str) -> str:
    return "; ".join(f"{k}={record[k]}" for k in _SHOW[record_type] if record.get(k))


def _summary_table(ev: Evaluation) -> Table:
    t = Table(title="Records (alignment on key fields)")
    for c in ("record type", "expected", "extracted", "matched", "misses", "false",
              "precision", "recall", "F1"):
        t.add_column(c, justify="left" if c == "record type" else "right")
    for rt in RECORD_TYPES:
        c = ev.results[rt].counts
        t.add_row(rt, str(c.tp + c.fn), str(c.tp + c.fp), str(c.tp), str(c.fn), str(c.fp),
                  _pct(c.precision), _pct(c.recall), _pct(c.f1))
    return t


def _document_table(ev: Evaluation) -> Table:
    t = Table(title="Per document")
    for c in ("document", "record type", "matched", "misses", "false", "precision", "recall",
              "F1"):
        t.add_column(c, justify="left" if c in ("document", "record type") else "right")
    for doc, by_type in ev.per_document.items():
        for rt, c in by_type.items():
            t.add_row(escape(doc), rt, str(c.tp), str(c.fn), str(c.fp), _pct(c.precision),
                      _pct(c.recall), _pct(c.f1))
    return t


def _field_table(ev: Evaluation) -> Table:
    t = Table(title="Fields (over aligned pairs)")
    for c in ("record type", "field", "agree/pairs", "precision", "recall", "F1"):
        t.add_column(c, justify="left" if c in ("record type", "field") else "right")
    for rt in RECORD_TYPES:
        for name, s in ev.results[rt].fields.items():
            label = "quote contains anchor_text" if name == ANCHOR_FIELD else name
            if s.total == 0:  # no aligned pair: nothing to score
                t.add_row(rt, label, "0/0", "-", "-", "-")
                continue
            t.add_row(rt, label, f"{s.agree}/{s.total}", _pct(s.precision), _pct(s.recall),
                      _pct(s.f1))
    return t


def _print_issue(console: Console, n: int, issue: Issue) -> None:
    rt = issue.record_type
    rec = issue.record
    if issue.kind == "miss":
        console.print(f"[bold red]{n}. MISS[/] [{escape(issue.doc)}] {rt}, annotation line "
                      f"{rec.get('line', '?')}: {escape(_brief(rec, rt))}")
        console.print(f"     anchor_text: \"{escape(rec.get('anchor_text', ''))}\"")
    else:
        console.print(f"[bold yellow]{n}. FALSE[/] [{escape(issue.doc)}] {rt}: "
                      f"{escape(_brief(rec, rt))}")
        console.print(f"     quote: \"{escape(rec.get('quote', ''))}\"")
    other = issue.counterpart
    if other is not None:
        side = "closest extracted" if issue.kind == "miss" else "closest expected"
        console.print(f"     {side}: {escape(_brief(other, rt))}")
        for k in issue.differing:
            exp_v = rec[k] if issue.kind == "miss" else other[k]
            ext_v = other[k] if issue.kind == "miss" else rec[k]
            console.print(f"       [bold]{k}[/]: expected {escape(repr(exp_v))}, "
                          f"extracted {escape(repr(ext_v))}")
        if issue.kind == "miss":
            console.print(f"     its quote: \"{escape(other.get('quote', ''))}\"")
        else:
            console.print(f"     its anchor_text: \"{escape(other.get('anchor_text', ''))}\"")


def print_evaluation(ev: Evaluation, console: Console) -> None:
    for err in ev.errors:
        console.print(f"[bold red]document error[/] [{escape(err.doc)}] {err.stage}: "
                      f"{escape(err.error)} ({escape(err.path)})")
    console.print(_summary_table(ev))
    console.print(_document_table(ev))
    console.print(_field_table(ev))
    for rt in RECORD_TYPES:
        r = ev.results[rt]
        issues = r.misses + r.false_records
        console.rule(f"{rt}: {len(r.misses)} miss(es), {len(r.false_records)} false record(s)")
        for n, issue in enumerate(issues, 1):
            _print_issue(console, n, issue)
        mismatches = r.field_mismatches
        if mismatches:
            console.rule(f"{rt}: {len(mismatches)} aligned pair(s) with field disagreements")
            for n, pair in enumerate(mismatches, 1):
                console.print(f"{n}. [{escape(pair.doc)}] annotation line "
                              f"{pair.expected.get('line', '?')}: "
                              f"{escape(_brief(pair.expected, rt))}")
                for k in pair.differing:
                    if k == ANCHOR_FIELD:
                        console.print(f"     [bold]quote lacks anchor_text[/] "
                                      f"\"{escape(pair.expected[k])}\"")
                    else:
                        console.print(f"     [bold]{k}[/]: expected "
                                      f"{escape(repr(pair.expected[k]))}, extracted "
                                      f"{escape(repr(pair.extracted[k]))}")
                console.print(f"     quote: \"{escape(pair.extracted.get('quote', ''))}\"")


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate_cmd(
        corpus: Path = typer.Option(Path("corpus"), "--corpus",
                                    help="Folder of corpus documents (<stem>.txt)."),
        annotations: Path = typer.Option(Path("gold/annotations"), "--annotations",
                                         help="Folder of <stem>.evidence.csv / "
                                              "<stem>.timings.csv hand annotations."),
        fmt: OutputFormat = typer.Option(OutputFormat.table, "--format",
                                         help="table (rich) or json."),
    ) -> None:
        """Score extraction against the hand annotations: P/R/F1 per record type and per
        field, then every miss and false record."""
        # Error lines are never wrapped: a path or a file:line must stay whole to be found.
        err = Console(stderr=True, soft_wrap=True)
        if not annotations.is_dir():
            err.print(f"[red]annotations folder not found:[/] {escape(str(annotations))}")
            raise typer.Exit(2)
        if not corpus.is_dir():
            err.print(f"[red]corpus folder not found:[/] {escape(str(corpus))}")
            raise typer.Exit(2)
        try:
            ev = evaluate_corpus(corpus, annotations)
        except (AnnotationError, FileNotFoundError) as e:
            err.print(f"[red]{escape(str(e))}[/]")
            raise typer.Exit(2)
        if fmt is OutputFormat.json:
            typer.echo(json.dumps(ev.to_dict(), indent=2, ensure_ascii=False))
        else:
            print_evaluation(ev, Console())
