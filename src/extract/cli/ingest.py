"""CLI commands: ingest.

`trial-extract ingest FILE [--json]`: a summary of what ingestion made of one file (pages,
blocks by kind, tables with shapes and captions, references), or the whole Document as JSON.
Bad input prints its one-line reason and exits with status 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

EXIT_BAD_INPUT = 2


def show_summary(console: Console, summary: dict) -> None:
    console.print(f"[bold]{summary['source']}[/bold]  format={summary['format']}  "
                  f"pages={summary['pages']}  chars={summary['chars']}  "
                  f"references={summary['references']}  citations={summary['citations']}")
    blocks = RichTable(title="Blocks")
    blocks.add_column("kind")
    blocks.add_column("count", justify="right")
    for kind, count in summary["blocks"].items():
        blocks.add_row(kind, str(count))
    console.print(blocks)
    if summary["tables"]:
        tables = RichTable(title="Tables")
        for col in ("label", "rows", "columns", "page", "caption"):
            tables.add_column(col, justify="right" if col in ("rows", "columns", "page") else "left")
        for t in summary["tables"]:
            tables.add_row(t["label"] or "(unlabelled)", str(t["rows"]), str(t["columns"]),
                           str(t["page"]), t["caption"])
        console.print(tables)
    for warning in summary["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {warning}", markup=True, highlight=False)


def ingest_command(
    file: Path = typer.Argument(..., help="A .txt, .md or .pdf file."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole Document as JSON."),
) -> None:
    """Read one file into a Document and describe it."""
    from extract.ingest import IngestError, load

    try:
        doc = load(file)
    except IngestError as e:
        typer.echo(f"error: {e.path}: {e.reason}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if as_json:
        typer.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
        return
    show_summary(Console(), doc.summary())


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
