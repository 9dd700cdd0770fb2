"""CLI commands: check, gold check, decide.

- `trial-extract check FILE... [--gold DIR] [--format table|csv|json] [--fail-on error|warning]`:
  ingest, extract and reconcile the files together; print the flags. Exit 0 whatever was
  found, unless --fail-on is given and flags of that severity (or worse) are open: exit 3.
  A file that cannot be read prints one error line and the others are processed.
- `trial-extract gold check [--gold DIR]`: validate the gold folder, print a summary; exit 1
  with the error (file, row, column) when invalid.
- `trial-extract decide FLAG_ID --status confirmed|accepted|dismissed --note TEXT [--by NAME]`:
  record a curator's decision in gold/decisions.csv.
"""

from __future__ import annotations

import getpass
import json
from enum import Enum
from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from extract.columns import FLAG_COLUMNS

EXIT_INVALID_GOLD = 1
EXIT_FLAGS = 3
DEFAULT_GOLD = Path("gold")


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


class Status(str, Enum):
    confirmed = "confirmed"
    accepted = "accepted"
    dismissed = "dismissed"


_FAIL_LEVELS = {"error": {"error"}, "warning": {"error", "warning"}}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def _load_gold_or_exit(gold_dir: Path):
    from extract.gold import GoldError, load_gold

    try:
        return load_gold(gold_dir)
    except GoldError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(EXIT_INVALID_GOLD) from None


def _extract_files(files: list[Path]):
    """(evidence, timings, references by doc_id); unreadable files print one line each."""
    from extract.extractor import extract_document
    from extract.ingest import IngestError, load

    evidence, timings, references = [], [], {}
    for path in files:
        try:
            doc = load(path)
            result = extract_document(doc)
        except IngestError as e:
            typer.echo(f"error: {e.path}: {e.reason}", err=True)
            continue
        except Exception as e:  # noqa: BLE001 - one bad document never stops the batch
            typer.echo(f"error: {path}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
                       err=True)
            continue
        evidence.append(result.evidence)
        timings.append(result.timings)
        references[result.doc_id] = result.references
    ev = pd.concat(evidence, ignore_index=True) if evidence else pd.DataFrame()
    tm = pd.concat(timings, ignore_index=True) if timings else None
    return ev, tm, references


def print_flags(flags: pd.DataFrame, fmt: OutputFormat, console: Console | None = None) -> None:
    if fmt is OutputFormat.csv:
        typer.echo(flags[FLAG_COLUMNS].to_csv(index=False), nl=False)
        return
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(flags.to_dict("records"), ensure_ascii=False, indent=1))
        return
    console = console or Console()
    if flags.empty:
        console.print("no flags")
        return
    table = RichTable(title=f"{len(flags)} flags", show_lines=True)
    for col in ("severity", "code", "trial", "endpoint", "status", "flag_id"):
        table.add_column(col, no_wrap=col in ("severity", "code", "status", "flag_id"))
    table.add_column("message", overflow="fold", ratio=1)
    for f in flags.to_dict("records"):
        style = _SEVERITY_STYLE.get(f["severity"], "")
        table.add_row(f"[{style}]{f['severity']}[/{style}]", f["code"], escape(f["trial"]),
                      escape(f["endpoint"]), f["status"], f["flag_id"], escape(f["message"]))
    console.print(table)
    counts = flags["severity"].value_counts()
    console.print(", ".join(f"{counts.get(s, 0)} {s}" for s in ("error", "warning", "info")))


def check_command(
    files: list[Path] = typer.Argument(..., help="Documents (.txt, .md, .pdf) to check together."),
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", help="The gold folder."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="Output format."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on",
                                          help="Exit 3 when open flags of this severity (or worse) exist."),
) -> None:
    """Extract the files and reconcile them against the gold table and each other."""
    from extract.reconcile import reconcile, stale_decisions

    gold_data = _load_gold_or_exit(gold)
    evidence, timings, references = _extract_files(files)
    flags = reconcile(evidence, gold_data, references, timings)
    print_flags(flags, fmt)
    stale = stale_decisions(flags)
    if len(stale):
        typer.echo(f"note: {len(stale)} decision(s) in {gold}/decisions.csv match no current flag "
                   f"(stale): {', '.join(stale['flag_id'])}", err=True)
    if fail_on is not None:
        open_flags = flags[flags["status"].isin(["open", "confirmed"])]
        if open_flags["severity"].isin(_FAIL_LEVELS[fail_on.value]).any():
            raise typer.Exit(EXIT_FLAGS)


def gold_check_command(
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", help="The gold folder."),
) -> None:
    """Validate the gold folder (trials, aliases, decisions) and summarize it."""
    from extract.gold import summary

    data = _load_gold_or_exit(gold)
    s = summary(data)
    typer.echo(f"{gold}: valid. {s['trials']} trials, {s['rows']} rows "
               f"({s['provisional_rows']} provisional, from the sample corpus), "
               f"{s['endpoints']} trial endpoints, analyses: {', '.join(s['analyses'])}; "
               f"{s['aliases']} alias rows; {s['decisions']} decisions.")


def decide_command(
    flag_id: str = typer.Argument(..., help="The flag's id (flag_id column)."),
    status: Status = typer.Option(..., "--status", help="confirmed, accepted or dismissed."),
    note: str = typer.Option(..., "--note", help="Why."),
    by: str = typer.Option("", "--by", help="Who decides (default: the login name)."),
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", help="The gold folder."),
) -> None:
    """Record a curator's decision on a flag; it holds on every later run."""
    from extract.gold import GoldError, record_decision

    who = by or _login()
    try:
        record_decision(gold, flag_id, status.value, note, who)
    except GoldError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(EXIT_INVALID_GOLD) from None
    typer.echo(f"{flag_id}: {status.value} (by {who or 'unknown'})")


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return ""


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
    app.command("decide")(decide_command)
    gold_app = typer.Typer(name="gold", help="The gold folder.", no_args_is_help=True)
    gold_app.command("check")(gold_check_command)
    app.add_typer(gold_app, name="gold")
