"""NAME_ANOMALY: a printed trial name close to, but not equal to, a known name or alias.

Two shapes of near-miss:
- a token printed twice in a row ("DEB-DEB-TACE-apatinib"): collapsing the repeat gives a
  known name;
- a few letters off (typo, transposition): Damerau-Levenshtein distance on the normalized
  name (case, hyphens, spaces ignored) of at most 1 for names of 6-7 characters and 2 for
  names of 8+; names under 6 characters must match exactly. Names whose digits differ are
  never near-misses: LEAP-002 and LEAP-012, EMERALD-1 and EMERALD-2 are different trials.
"""

from __future__ import annotations

import re

from extract.gold import Gold, name_key
from extract.reconcile.base import Context, Flag
from extract.reconcile.records import place

# Names shorter than this are matched exactly only ("PACE" is not a misspelt "SPACE").
MIN_FUZZY_LENGTH = 6
_TOKEN_SPLIT = re.compile(r"([\s\-‐‑–]+)")


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def collapse_repeats(name: str) -> str:
    """"DEB-DEB-TACE-apatinib" -> "DEB-TACE-apatinib" (a token repeated right after itself)."""
    parts = _TOKEN_SPLIT.split(name)
    tokens, seps = parts[0::2], parts[1::2]
    out = [tokens[0]]
    out_seps: list[str] = []
    for sep, tok in zip(seps, tokens[1:]):
        if tok and tok.lower() == out[-1].lower():
            continue
        out_seps.append(sep)
        out.append(tok)
    text = out[0]
    for sep, tok in zip(out_seps, out[1:]):
        text += sep + tok
    return text


def _max_distance(key: str) -> int:
    if len(key) < MIN_FUZZY_LENGTH:
        return 0
    return 1 if len(key) < 8 else 2


def suggest_name(name: str, gold: Gold) -> tuple[str, str] | None:
    """(known canonical name, why) when `name` is a near-miss of a known name; else None.
    A name that is itself known (any case/spacing, or an alias) has no suggestion."""
    if not name or gold.canonical(name):
        return None
    index = gold.name_index()
    collapsed = collapse_repeats(name)
    if collapsed != name and gold.canonical(collapsed):
        return gold.canonical(collapsed), f"a token is printed twice ({name} -> {collapsed})"
    key = name_key(name)
    digits = re.findall(r"\d+", key)
    best: tuple[int, str] | None = None
    for known_key, canonical in index.items():
        if re.findall(r"\d+", known_key) != digits:
            continue
        limit = min(_max_distance(known_key), max(1, len(known_key) // 4))
        if limit == 0 or abs(len(known_key) - len(key)) > limit:
            continue
        dist = edit_distance(key, known_key)
        if 0 < dist <= limit and (best is None or dist < best[0]):
            best = (dist, canonical)
    if best:
        return best[1], f"{best[0]} letter{'s' if best[0] > 1 else ''} off"
    return None


def check_name_anomaly(ctx: Context) -> list[Flag]:
    """NAME_ANOMALY (warning), one flag per document and printed name."""
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()
    for r in ctx.records:
        printed = r.get("printed_trial", "")
        if not printed or (r.get("doc_id", ""), printed) in seen:
            continue
        suggestion = suggest_name(printed, ctx.gold)
        if suggestion is None:
            continue
        seen.add((r.get("doc_id", ""), printed))
        known, why = suggestion
        flags.append(Flag("NAME_ANOMALY", printed, "",
                          f"'{printed}' ({place(r)}) is not a known trial name; did you mean "
                          f"'{known}'? ({why})", evidence=r, extra=(known,), id_uses_values=False))
    return flags
