"""CLI commands: extract.

`trial-extract extract FILE... [--format table|csv|json] [--out DIR]`: ingest and extract each
file and print its evidence and timing records (a rich table by default, or CSV / JSON lines of
the contract columns with values as printed). With `--out`, evidence.csv and timings.csv (all
files together, contract columns only) are written atomically into DIR.

A file that cannot be read prints one line `error: PATH: reason` on stderr and the others are
processed. Exit status: 0 when at least one file was extracted (or no file failed), 2 when every
file failed.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import pandas as pd
import typer

from extract.columns import EVIDENCE_COLUMNS, TIMING_COLUMNS

EXIT_ALL_FAILED = 2

# Columns shown in the terminal table (the full contract goes to CSV/JSON).
SHOWN_EVIDENCE = ["trial", "endpoint", "measure", "arm_exp", "arm_ctrl", "value_exp", "value_ctrl",
                  "unit", "hr", "ci_low", "ci_high", "p_value", "assessment", "location", "page"]
SHOWN_TIMINGS = ["trial", "regimen", "relation", "low", "high", "unit", "anchor", "location", "page"]


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _print_table(title: str, df: pd.DataFrame, columns: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    table = RichTable(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for _, row in df.iterrows():
        table.add_row(*(str(row[c]) for c in columns))
    Console().print(table)


def extract_files(files: list[Path]) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Extract every file; returns (evidence, timings, one error line per failed file)."""
    from extract.extractor import extract_document
    from extract.ingest import load
    from extract.model import IngestError

    evidence, timings, errors = [], [], []
    for f in files:
        try:
            x = extract_document(load(f))
        except IngestError as e:
            errors.append(f"error: {e.path}: {e.reason}")
            continue
        except Exception as e:  # noqa: BLE001 - one bad file never stops the others
            errors.append(f"error: {f}: {type(e).__name__}: {e}")
            continue
        evidence.append(x.evidence)
        timings.append(x.timings)
    ev = pd.concat(evidence, ignore_index=True) if evidence else pd.DataFrame(columns=EVIDENCE_COLUMNS)
    tm = pd.concat(timings, ignore_index=True) if timings else pd.DataFrame(columns=TIMING_COLUMNS)
    return ev, tm, errors


def extract_command(
    files: list[Path] = typer.Argument(..., help="Text, Markdown or PDF files."),
    fmt: Format = typer.Option(Format.table, "--format", help="table (rich), csv or json (lines)."),
    out: Path | None = typer.Option(None, "--out", help="Write evidence.csv and timings.csv here."),
) -> None:
    """Extract evidence and timing records from documents."""
    from extract.outputs import contract_frame, write_csv

    evidence, timings, errors = extract_files(files)
    for line in errors:
        typer.echo(line, err=True)
    ev = contract_frame(evidence, EVIDENCE_COLUMNS)
    tm = contract_frame(timings, TIMING_COLUMNS)
    if fmt is Format.table:
        _print_table(f"Evidence ({len(ev)})", ev, SHOWN_EVIDENCE)
        _print_table(f"Timings ({len(tm)})", tm, SHOWN_TIMINGS)
    elif fmt is Format.csv:
        ev.to_csv(sys.stdout, index=False)
        typer.echo("")
        tm.to_csv(sys.stdout, index=False)
    else:
        for kind, df in (("evidence", ev), ("timing", tm)):
            for rec in df.to_dict(orient="records"):
                typer.echo(json.dumps({"record": kind, **rec}, ensure_ascii=False))
    if out is not None:
        write_csv(ev, out / "evidence.csv", EVIDENCE_COLUMNS)
        write_csv(tm, out / "timings.csv", TIMING_COLUMNS)
        typer.echo(f"wrote {out / 'evidence.csv'} ({len(ev)}) and {out / 'timings.csv'} ({len(tm)})",
                   err=True)
    if errors and len(errors) == len(files):
        raise typer.Exit(EXIT_ALL_FAILED)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
