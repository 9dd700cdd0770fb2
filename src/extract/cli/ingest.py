"""CLI commands: ingest."""

import typer


def register(app: typer.Typer) -> None:
    pass
