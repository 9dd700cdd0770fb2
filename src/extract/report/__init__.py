"""The curator's audit report (HTML) and the run summary (Markdown). No Prefect here."""

from extract.report.html import build_report, render_html
from extract.report.markdown import summary_markdown

__all__ = ["build_report", "render_html", "summary_markdown"]
