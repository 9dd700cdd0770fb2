"""The run's overview as Markdown (out/summary.md and the Prefect artifact)."""

from __future__ import annotations

import re

from extract.report.data import normalize, overview, records, SEVERITY_ORDER, text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md_cell(value: object) -> str:
    """A value safe inside a Markdown table cell: no markup, no HTML, no line break."""
    s = text(value).replace("&", "&amp;")
    s = s.replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\\<", "&lt;").replace("\\>", "&gt;")


def summary_markdown(data: dict) -> str:
    rd = normalize(data)
    ov = overview(rd)
    lines: list[str] = ["# trial-extract run summary", ""]
    if ov["run_id"] or ov["started"]:
        bits = [f"run `{md_cell(ov['run_id'])}`" if ov["run_id"] else "",
                f"started {md_cell(ov['started'])}" if ov["started"] else "",
                f"finished {md_cell(ov['finished'])}" if ov["finished"] else ""]
        lines += [" · ".join(b for b in bits if b), ""]
    lines += [
        "| | |",
        "|---|---:|",
        f"| documents read | {ov['n_read']} |",
        f"| documents failed | {ov['n_failed']} |",
        f"| trials extracted | {ov['n_trials']} ({ov['n_trials_not_in_gold']} not in gold) |",
        f"| evidence records | {ov['n_evidence']} |",
        f"| timing records | {ov['n_timings']} |",
        f"| flags | {ov['n_flags']} |",
        "",
        "## Flags by severity and status",
        "",
        "| severity | " + " | ".join(md_cell(s) for s in ov["flag_statuses"]) + " | total |",
        "|---|" + "---:|" * (len(ov["flag_statuses"]) + 1),
    ]
    for sev, row in ov["flag_counts"].items():
        lines.append(f"| {md_cell(sev)} | "
                     + " | ".join(str(row.get(s, 0)) for s in ov["flag_statuses"])
                     + f" | {row['total']} |")
    lines.append("")
    if ov["by_code"]:
        lines += ["| code | severity | open | total |", "|---|---|---:|---:|"]
        lines += [f"| {md_cell(r['code'])} | {md_cell(r['severity'])} | {r['open']} | {r['total']} |"
                  for r in ov["by_code"]]
        lines.append("")
    errors = [f for f in records(rd.flags)
              if SEVERITY_ORDER.get(f["severity"] or "info", 9) == 0 and
              (f["status"] or "open") == "open"]
    if errors:
        lines += ["## Open errors", "", "| code | trial | endpoint | message |",
                  "|---|---|---|---|"]
        for f in errors:
            lines.append(f"| {md_cell(f['code'])} | {md_cell(f['trial'])} | "
                         f"{md_cell(f['endpoint'])} | {md_cell(f['message'])} |")
        lines.append("")
    failed = [d for d in records(rd.documents) if d["status"] == "error"]
    if failed:
        lines += ["## Documents that failed", ""]
        lines += [f"- {md_cell(d['source'] or d['doc_id'])}: {md_cell(d['error'])}"
                  for d in failed]
        lines.append("")
    lines += ["## What changed since the last run", ""]
    # the changes name trials and files from documents: no raw HTML may pass through
    changes = rd.changes.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # its headings go under this section's ("# Changes" -> "### Changes")
    changes = re.sub(r"(?m)^(#{1,4}) ", lambda m: "#" * min(len(m.group(1)) + 2, 6) + " ",
                     changes)
    lines.append(changes or "Nothing to compare with.")
    lines.append("")
    return "\n".join(lines)
