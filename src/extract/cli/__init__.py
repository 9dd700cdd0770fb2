"""Command-line commands of the library (registered on the app in pipeline.cli).

Each module here defines `register(app: typer.Typer)`. Nothing here imports Prefect.
"""
