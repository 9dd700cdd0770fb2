"""The pipeline's commands: `run`, `serve`, `report` (registered on the root app in cli.py).

Prefect is imported only inside the commands, after `prefect_env()` has set its defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

EXIT_OK, EXIT_RUN_FAILED, EXIT_FLAGS = 0, 1, 3
FAIL_ON = {"error": ("error",), "warning": ("error", "warning")}

console = Console(stderr=False)
err_console = Console(stderr=True)


def prefect_env() -> None:
    """Prefect defaults for a command-line run, each only when not set already:
    no analytics (the temporary server would call the internet), a startup timeout that a
    slow machine meets (the temporary server takes 14-30 s here), and only warnings on the
    console (the progress bar and summary say the rest).

    PREFECT_HOME is left alone (default ~/.prefect: where a user's profile and PREFECT_API_URL
    live); only when that folder cannot be created does it move to ./.prefect."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    if "PREFECT_HOME" not in os.environ:
        home = Path.home() / ".prefect"
        try:
            home.mkdir(parents=True, exist_ok=True)
            if not os.access(home, os.W_OK):
                raise PermissionError(home)
        except OSError:
            os.environ["PREFECT_HOME"] = str(Path.cwd() / ".prefect")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("serve")(serve)
    app.command("report")(report)


def run(
    corpus: Path = typer.Argument(Path("corpus"), help="Folder of documents (.txt, .md, .pdf; "
                                  "searched recursively; SOURCES.md and README.md skipped)."),
    gold: Path = typer.Option(Path("gold"), "--gold", help="Gold folder (trials.csv, "
                              "aliases.csv, decisions.csv)."),
    out: Path = typer.Option(Path("out"), "--out", help="Output folder."),
    store: str = typer.Option(None, "--store", help="Store URL (default: sqlite in OUT/"
                              "store.sqlite; or postgresql://user@host/db)."),
    task_runner: str = typer.Option("default", "--task-runner",
                                    help="default (threads) or dask."),
    dask_address: str = typer.Option(None, "--dask-address",
                                     help="Dask scheduler (tcp://host:8786); default: a "
                                     "temporary LocalCluster."),
    fail_on: str = typer.Option(None, "--fail-on", help="Exit 3 when flags of this severity "
                                "(error, or warning: warnings and errors) are found."),
    batch_size: int = typer.Option(None, "--batch-size", min=1,
                                   help="Documents per task (default: chosen from the corpus "
                                   "size and the task runner)."),
) -> None:
    """Run the main job: extract the corpus (new documents only), reconcile against gold,
    write the store, the outputs and the report."""
    if task_runner not in ("default", "dask"):
        raise typer.BadParameter("default or dask", param_hint="--task-runner")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise typer.BadParameter("error or warning", param_hint="--fail-on")
    from extract.gold import GoldError, load_gold

    try:  # an invalid gold folder: the run does not start (checked again inside the flow)
        load_gold(gold)
    except GoldError as e:
        err_console.print(f"[bold red]run not started:[/] {escape(str(e))}", soft_wrap=True)
        raise typer.Exit(EXIT_RUN_FAILED) from None
    prefect_env()
    from pipeline.flows import progress_hook, run_pipeline

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, transient=False)
    bar = {}

    def on_event(event: str, **info) -> None:
        if event == "discovered":
            bar["id"] = progress.add_task(
                f"extracting ({info['cached']} unchanged from the store)",
                total=info["to_extract"] or 0)
        elif event == "extracted" and "id" in bar:
            progress.advance(bar["id"], info["n"])

    try:
        with progress, progress_hook(on_event):
            summary = run_pipeline(corpus, gold, out, store, task_runner=task_runner,
                                   dask_address=dask_address, batch_size=batch_size)
    except Exception as e:  # noqa: BLE001 - the run itself failed: one clear line, exit 1
        err_console.print(f"[bold red]run failed:[/] {escape(_one_line(e))}", soft_wrap=True)
        raise typer.Exit(EXIT_RUN_FAILED) from None
    print_summary(summary, out)
    flags = summary["counts"]["flags"]
    if fail_on and any(flags.get(sev, 0) for sev in FAIL_ON[fail_on]):
        err_console.print(f"[bold]--fail-on {fail_on}:[/] flags of that severity were found")
        raise typer.Exit(EXIT_FLAGS)


def _one_line(e: BaseException) -> str:
    msg = str(e).strip() or type(e).__name__
    return msg if type(e).__name__ in ("StoreLocked", "GoldError", "FileNotFoundError") \
        else f"{type(e).__name__}: {msg}"


def print_summary(summary: dict, out: Path) -> None:
    c = summary["counts"]
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    t.add_row("documents", f"{c['documents']} read ({c['extracted']} extracted, "
              f"{c['cached']} unchanged), {c['failed']} failed")
    t.add_row("records", f"{c['evidence']} evidence, {c['timings']} timings")
    fl = c["flags"]
    t.add_row("flags", f"[red]{fl['error']} error[/]  [yellow]{fl['warning']} warning[/]  "
              f"{fl['info']} info")
    if c.get("stale_decisions"):
        t.add_row("decisions", f"{c['stale_decisions']} in gold/decisions.csv match no flag")
    t.add_row("changes", summary["changes_headline"])
    errors = summary["errors"]
    for rec in errors.head(5).to_dict("records"):
        t.add_row("[red]failed[/]", escape(f"{rec['source']}: {rec['stage']}: {rec['error']}"))
    if len(errors) > 5:
        t.add_row("", f"... {len(errors) - 5} more in errors.csv")
    t.add_row("outputs", str(Path(out).resolve()))
    report = summary["outputs"]["report.html"]
    if report.startswith("not written"):
        t.add_row("[yellow]report[/]", f"report.html {report}")
    t.add_row("store", summary["store"])
    console.print(Panel(t, title=f"run {summary['run_id']}", expand=False))


def serve(
    cron: str = typer.Option(..., "--cron", help='Cron schedule, e.g. "0 6 * * 1".'),
    corpus: Path = typer.Option(Path("corpus"), "--corpus"),
    gold: Path = typer.Option(Path("gold"), "--gold"),
    out: Path = typer.Option(Path("out"), "--out"),
    store: str = typer.Option(None, "--store"),
    task_runner: str = typer.Option("default", "--task-runner", help="default or dask."),
    dask_address: str = typer.Option(None, "--dask-address"),
    name: str = typer.Option("scheduled", "--name", help="Deployment name."),
) -> None:
    """Serve the flow as a deployment on a cron schedule (needs a Prefect server:
    `prefect server start`, then PREFECT_API_URL; see docs/OPERATIONS.md)."""
    prefect_env()
    try:
        deployment_args = deployment_kwargs(cron, corpus, gold, out, store, task_runner,
                                            dask_address)
    except ValueError as e:
        err_console.print(f"[bold red]serve:[/] {e}")
        raise typer.Exit(EXIT_RUN_FAILED) from None
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        err_console.print(
            "[bold red]serve:[/] scheduled runs need a Prefect server. Start one with "
            "`prefect server start`, then `export PREFECT_API_URL=http://127.0.0.1:4200/api` "
            "(see docs/OPERATIONS.md).")
        raise typer.Exit(EXIT_RUN_FAILED)
    from pipeline.flows import evidence_run

    evidence_run.serve(name=name, **deployment_args)


def deployment_kwargs(cron: str, corpus: Path, gold: Path, out: Path, store: str | None,
                      task_runner: str = "default", dask_address: str | None = None) -> dict:
    """The schedule and parameters of the scheduled deployment (paths made absolute: the
    served flow runs wherever the server starts it). Raises ValueError on a bad cron."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:  # pydantic's ValidationError is a ValueError
        raise ValueError(f"not a valid cron schedule: {cron!r}") from None
    if task_runner not in ("default", "dask"):
        raise ValueError(f"unknown task runner {task_runner!r} (default or dask)")
    params = {"corpus": str(corpus.resolve()), "gold": str(gold.resolve()),
              "out": str(out.resolve()), "store": store, "task_runner": task_runner,
              "dask_address": dask_address}
    return {"cron": cron, "parameters": params}


def report(
    out: Path = typer.Option(Path("out"), "--out"),
    store: str = typer.Option(None, "--store", help="Store URL (default: OUT/store.sqlite)."),
    gold: Path = typer.Option(Path("gold"), "--gold", help="Gold folder, for the report's "
                              "gold table (skipped when it cannot be read)."),
) -> None:
    """Rebuild OUT/report.html from the store (its last finished run), without re-running."""
    from extract.report import build_report
    from extract.store import Store, default_url

    url = store or default_url(out)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        err_console.print(f"[bold red]report:[/] no store at {url}; run `trial-extract run` "
                          "first")
        raise typer.Exit(EXIT_RUN_FAILED)
    db = Store(url)
    try:
        data = db.load_frames()
    except LookupError as e:
        err_console.print(f"[bold red]report:[/] {e}")
        raise typer.Exit(EXIT_RUN_FAILED) from None
    finally:
        db.dispose()
    data["gold"] = _gold_trials(gold)
    path = build_report(data, Path(out) / "report.html")
    console.print(f"report: {path}")


def _gold_trials(gold: Path):
    from extract.gold import GoldError, load_gold

    try:
        return load_gold(gold).trials
    except (GoldError, OSError):
        return None
