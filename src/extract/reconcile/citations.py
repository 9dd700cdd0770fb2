"""CITATION_MISMATCH: a record's citation number points to a reference about another trial.

What a reference is about is read from its text, two ways:
- the trial's name or an alias printed in it ("(TACE 2)", "The SPACE trial"), matched with
  its own capitalisation (so "space" or "post-TACE" in a title are not trial names) and
  optional hyphens/spaces between its parts;
- the bibliographic locator of a gold row's publication, year;volume:first page
  ("2024;9:304"): identifies the paper of a trial even when its title names no trial.
The check flags only when the cited references clearly identify some trial and none of them
identifies the record's own trial (by canonical name, alias, or the name as printed).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.gold import Gold, split_list
from extract.reconcile.base import Context, Flag
from extract.reconcile.names import suggest_name
from extract.reconcile.records import place

# "2016;64:1090-8", "2025;43:LBA522", "2022;1(8)" has no page and is not a locator.
LOCATOR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*;\s*(\d+)\s*(?:\(\s*\d+\s*\))?\s*:\s*([A-Za-z]*\d+)")
_NAME_PART_SPLIT = re.compile(r"[\s\-‐‑–]+")


def name_pattern(name: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in _NAME_PART_SPLIT.split(name.strip()) if p]
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s\-‐‑–]?".join(parts) + r"(?![A-Za-z0-9])")


def locators(text: str) -> set[tuple[str, str, str]]:
    return {(y, v, p.upper()) for y, v, p in LOCATOR_RE.findall(text)}


@lru_cache(maxsize=8)
def _lexicon(names: tuple[tuple[str, str], ...],
             pubs: tuple[tuple[str, str], ...]):
    patterns = [(trial, name_pattern(name)) for trial, name in names]
    by_locator: dict[tuple[str, str, str], set[str]] = {}
    for trial, pub in pubs:
        for loc in locators(pub):
            by_locator.setdefault(loc, set()).add(trial)
    return patterns, by_locator


def lexicon(gold: Gold):
    names = tuple((t, n) for t, cell in zip(gold.aliases["trial"], gold.aliases["aliases"])
                  for n in [t, *split_list(cell)])
    names += tuple((t, t) for t in set(gold.trials["trial"]) - set(gold.aliases["trial"]))
    pubs = tuple(zip(gold.trials["trial"], gold.trials["publication"]))
    return _lexicon(names, pubs)


def trials_in_reference(text: str, gold: Gold) -> set[str]:
    """Canonical trials a reference's text identifies (by name or by publication locator)."""
    patterns, by_locator = lexicon(gold)
    found = {trial for trial, pat in patterns if pat.search(text)}
    for loc in locators(text):
        found |= by_locator.get(loc, set())
    return found


def check_citation_mismatch(ctx: Context) -> list[Flag]:
    """CITATION_MISMATCH (error), one flag per document, trial and cited number."""
    flags: list[Flag] = []
    seen: set[tuple[str, str, str]] = set()
    for r in ctx.records:
        cited = [c.strip() for c in r.get("citations", "").replace(",", ";").split(";") if c.strip()]
        refs = ctx.references.get(r.get("doc_id", ""), {})
        if not cited or not refs or not r.get("trial"):
            continue
        own = {r["trial"]}
        suggestion = suggest_name(r.get("printed_trial", ""), ctx.gold)
        if suggestion:
            own.add(suggestion[0])
        texts = {c: refs.get(int(c)) if c.isdigit() else None for c in cited}
        identified: dict[str, set[str]] = {}
        for c, text in texts.items():
            if not text:
                continue
            if name_pattern(r.get("printed_trial") or r["trial"]).search(text):
                identified[c] = set(own)
                continue
            identified[c] = trials_in_reference(text, ctx.gold)
        if not any(identified.values()) or any(own & t for t in identified.values()):
            continue
        for c, about in identified.items():
            key = (r.get("doc_id", ""), r["trial"], c)
            if not about or key in seen:
                continue
            seen.add(key)
            ref_text = texts[c] or ""
            short = ref_text if len(ref_text) <= 160 else ref_text[:157] + "..."
            flags.append(Flag(
                "CITATION_MISMATCH", r["trial"], "",
                f"{place(r)} cites [{c}] for {r['trial']}, but reference {c} is about "
                f"{', '.join(sorted(about))}: {short}",
                evidence=r,
                other={"doc_id": r.get("doc_id", ""), "source": r.get("source", ""),
                       "location": "reference", "section": f"reference {c}", "quote": ref_text},
                extra=(c, *sorted(about)), id_uses_values=False))
    return flags
