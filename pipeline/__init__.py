"""Prefect flows around the extract library: orchestration only."""
