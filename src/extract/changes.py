"""What changed since the previous run: documents, trials, figures and flags. No Prefect.

A run is compared with the previous successful one through two snapshots (documents,
evidence, flags frames). A *figure* is identified by trial, endpoint, assessment, measure and
arms; its value is the printed tuple (value_exp, value_ctrl, hr, ci_low, ci_high, p_value).
A figure is *new* when no record of the previous run had its identity, *changed* when the set
of values reported for it differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

FIGURE_KEY = ["trial", "endpoint", "assessment", "measure", "arm_exp", "arm_ctrl"]
FIGURE_VALUE = ["value_exp", "value_ctrl", "hr", "ci_low", "ci_high", "p_value"]


@dataclass
class Changes:
    first_run: bool
    new_documents: list[str] = field(default_factory=list)  # sources
    removed_documents: list[str] = field(default_factory=list)
    changed_documents: list[str] = field(default_factory=list)  # same path, new content
    new_trials: list[str] = field(default_factory=list)
    new_figures: list[dict] = field(default_factory=list)  # FIGURE_KEY + values
    changed_figures: list[dict] = field(default_factory=list)  # + "before", "after"
    raised_flags: list[dict] = field(default_factory=list)  # flag_id, code, severity, message
    resolved_flags: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any((self.new_documents, self.removed_documents, self.changed_documents,
                        self.new_trials, self.new_figures, self.changed_figures,
                        self.raised_flags, self.resolved_flags))

    def counts(self) -> dict[str, int]:
        return {
            "new_documents": len(self.new_documents),
            "removed_documents": len(self.removed_documents),
            "changed_documents": len(self.changed_documents),
            "new_trials": len(self.new_trials),
            "new_figures": len(self.new_figures),
            "changed_figures": len(self.changed_figures),
            "raised_flags": len(self.raised_flags),
            "resolved_flags": len(self.resolved_flags),
        }

    def headline(self) -> str:
        if self.first_run:
            return "first run: everything is new"
        if self.empty:
            return "nothing changed since the previous run"
        c = self.counts()
        parts = [f"{v} {k.replace('_', ' ')}" for k, v in c.items() if v]
        return ", ".join(parts)

    def to_markdown(self, max_items: int = 50) -> str:
        lines = ["# Changes since the previous run", ""]
        if self.first_run:
            lines += ["First run on this store: every document, trial, figure and flag is new.",
                      ""]
        elif self.empty:
            lines += ["Nothing changed since the previous run.", ""]
        lines += ["| what | count |", "|---|---|"]
        lines += [f"| {k.replace('_', ' ')} | {v} |" for k, v in self.counts().items()]
        lines.append("")

        def section(title, items, fmt):
            if not items or self.first_run and title != "Documents added":
                return
            lines.append(f"## {title}")
            lines.append("")
            for it in items[:max_items]:
                lines.append(f"- {fmt(it)}")
            if len(items) > max_items:
                lines.append(f"- ... and {len(items) - max_items} more")
            lines.append("")

        section("Documents added", self.new_documents, _md)
        section("Documents removed", self.removed_documents, _md)
        section("Documents changed (same path, new content)", self.changed_documents, _md)
        section("New trials", self.new_trials, _md)
        section("New figures", self.new_figures,
                lambda f: f"{_figure_name(f)}: {_values(f['values'])}")
        section("Changed figures", self.changed_figures,
                lambda f: f"{_figure_name(f)}: {_values(f['before'])} -> {_values(f['after'])}")
        section("Flags raised", self.raised_flags, _flag_line)
        section("Flags resolved", self.resolved_flags, _flag_line)
        return "\n".join(lines).rstrip() + "\n"


def _md(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _figure_name(f: dict) -> str:
    arms = " vs ".join(a for a in (f.get("arm_exp"), f.get("arm_ctrl")) if a)
    bits = [f.get("trial") or "(no trial)", f.get("endpoint") or "", f.get("measure") or ""]
    name = " ".join(b for b in bits if b)
    if f.get("assessment"):
        name += f" [{f['assessment']}]"
    if arms:
        name += f" ({arms})"
    return _md(name)


def _values(vals: list[tuple]) -> str:
    shown = []
    for v in vals:
        exp, ctrl, hr, lo, hi, p = v
        parts = []
        if exp or ctrl:
            parts.append(" vs ".join(x for x in (exp, ctrl) if x))
        if hr:
            ci = f" ({lo}-{hi})" if lo or hi else ""
            parts.append(f"HR {hr}{ci}")
        if p:
            parts.append(f"p {p}")
        shown.append(", ".join(parts) or "(no values)")
    return _md("; ".join(shown))


def _flag_line(f: dict) -> str:
    trial = f" {f['trial']}" if f.get("trial") else ""
    return _md(f"`{f.get('flag_id', '')}` {f.get('severity', '')} {f.get('code', '')}{trial}: "
               f"{f.get('message', '')}")


def _str_frame(df: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    if df is None:
        return pd.DataFrame(columns=columns)
    out = df.reindex(columns=columns)
    return out.astype(object).where(out.notna(), "").astype(str)


def _figures(evidence: pd.DataFrame | None) -> dict[tuple, set[tuple]]:
    ev = _str_frame(evidence, FIGURE_KEY + FIGURE_VALUE)
    figs: dict[tuple, set[tuple]] = {}
    for row in ev.itertuples(index=False):
        key = tuple(row[:len(FIGURE_KEY)])
        figs.setdefault(key, set()).add(tuple(row[len(FIGURE_KEY):]))
    return figs


def compute_changes(previous: dict | None, current: dict) -> Changes:
    """Compare two snapshots, each a dict with "documents" (doc_id, source), "evidence" and
    "flags" frames. `previous` None means this is the first run."""
    first_run = previous is None
    if first_run:  # everything is new: compare with an empty snapshot
        previous = {}
    prev_docs = _str_frame(previous.get("documents"), ["doc_id", "source"])
    cur_docs = _str_frame(current.get("documents"), ["doc_id", "source"])
    prev_ids = dict(zip(prev_docs["doc_id"], prev_docs["source"]))
    cur_ids = dict(zip(cur_docs["doc_id"], cur_docs["source"]))
    prev_paths = dict(zip(prev_docs["source"], prev_docs["doc_id"]))
    cur_paths = dict(zip(cur_docs["source"], cur_docs["doc_id"]))
    changed = sorted(p for p in cur_paths if p in prev_paths and cur_paths[p] != prev_paths[p])
    new_docs = sorted(s for d, s in cur_ids.items() if d not in prev_ids and s not in changed)
    removed = sorted(s for d, s in prev_ids.items() if d not in cur_ids and s not in changed)

    prev_trials = set(_str_frame(previous.get("evidence"), ["trial"])["trial"])
    cur_trials = set(_str_frame(current.get("evidence"), ["trial"])["trial"])
    new_trials = sorted(t for t in cur_trials - prev_trials if t)

    prev_figs, cur_figs = _figures(previous.get("evidence")), _figures(current.get("evidence"))
    new_figs, changed_figs = [], []
    for key in sorted(cur_figs):
        named = dict(zip(FIGURE_KEY, key))
        if key not in prev_figs:
            new_figs.append({**named, "values": sorted(cur_figs[key])})
        elif cur_figs[key] != prev_figs[key]:
            changed_figs.append({**named, "before": sorted(prev_figs[key]),
                                 "after": sorted(cur_figs[key])})

    cols = ["flag_id", "code", "severity", "trial", "message"]
    prev_fl = _str_frame(previous.get("flags"), cols)
    cur_fl = _str_frame(current.get("flags"), cols)
    prev_fids, cur_fids = set(prev_fl["flag_id"]), set(cur_fl["flag_id"])
    raised = [r for r in cur_fl.to_dict("records") if r["flag_id"] not in prev_fids]
    resolved = [r for r in prev_fl.to_dict("records") if r["flag_id"] not in cur_fids]
    return Changes(first_run=first_run, new_documents=new_docs, removed_documents=removed,
                   changed_documents=changed, new_trials=new_trials, new_figures=new_figs,
                   changed_figures=changed_figs, raised_flags=raised, resolved_flags=resolved)
