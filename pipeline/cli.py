"""The `trial-extract` console script: library commands plus the pipeline's run/serve/report.

Prefect is imported lazily inside the pipeline commands, so `ingest`, `extract` and `check`
start fast and work without a Prefect server.
"""

from __future__ import annotations

import typer

from extract.cli import evaluate as _evaluate
from extract.cli import extract as _extract
from extract.cli import ingest as _ingest
from extract.cli import reconcile as _reconcile
from pipeline import commands as _pipeline

app = typer.Typer(
    name="trial-extract",
    help="Extract clinical-trial figures with provenance and reconcile them against gold.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (_ingest, _extract, _evaluate, _reconcile):
    _module.register(app)

_pipeline.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
