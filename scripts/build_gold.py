"""Build gold/trials.csv from the shared reference table plus the figures the sample corpus
gives for trials the reference lacks.

    python scripts/build_gold.py [--reference ../shared/reference/primary_results.csv] [--out gold]

Every reference row is kept. Its free-text `assessment` is split into what the project's
conventions call assessment (response criteria, reviewer) and the analysis (interim,
TACE-specific endpoints, ...); anything else goes to `note`. Arms drop the development code
in front of a parenthesised generic ("SCT510 (bevacizumab biosimilar)" -> "bevacizumab
biosimilar"). The output is validated with the gold schema before it is written.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from extract.gold import (  # noqa: E402
    CRITERIA, REVIEWERS, TRIALS_COLUMNS, TRIALS_FILE, TRIALS_SCHEMA, validate_frame,
)

REFERENCE_SOURCE = "shared reference: primary_results.csv"
REVIEW = "Li C et al. Hepatoma Res 2026;12:36 (corpus/review_tace_systemic_hcc.txt)"
NEWS = "news item, 2025-11-15 (corpus/news_talentace_talentop.txt)"

# Figures for trials the reference does not have, as the sample corpus prints them. They are
# marked by `source` ("sample review ..."): provisional until a primary source is added.
CORPUS_ROWS: list[dict[str, str]] = [
    dict(trial="Post-TACE", analysis="primary", endpoint="TTP", measure="median",
         arm_exp="TACE plus sorafenib", arm_ctrl="TACE plus placebo", value_exp="5.4",
         value_ctrl="3.7", unit="months", hr="0.87", publication="Eur J Cancer 2011;47:2117-27",
         read_in="review text", source="sample review: " + REVIEW),
    dict(trial="TACE-2", analysis="primary", endpoint="PFS", measure="median",
         arm_exp="DEB-TACE plus sorafenib", arm_ctrl="DEB-TACE plus placebo", value_exp="7.8",
         value_ctrl="7.5", unit="months", hr="0.99", p_value="0.94",
         publication="Lancet Gastroenterol Hepatol 2017;2:565-75", read_in="review text and Table 2",
         source="sample review: " + REVIEW),
    dict(trial="TACE-2", analysis="primary", endpoint="OS", measure="median",
         arm_exp="DEB-TACE plus sorafenib", arm_ctrl="DEB-TACE plus placebo", value_exp="19.5",
         value_ctrl="18.4", unit="months", hr="0.91", p_value="0.57",
         publication="Lancet Gastroenterol Hepatol 2017;2:565-75", read_in="review text and Table 2",
         source="sample review: " + REVIEW),
    dict(trial="TALENTOP", analysis="primary", endpoint="CONVERSION", measure="rate",
         arm_exp="atezolizumab plus bevacizumab", value_exp="41.1", unit="%",
         publication="conference presentation 2025", read_in="news item",
         source="sample news item: " + NEWS),
    dict(trial="TALENTOP", analysis="primary", endpoint="TTF", measure="derived HR",
         arm_exp="atezolizumab plus bevacizumab", hr="0.60",
         publication="conference presentation 2025", read_in="news item",
         source="sample news item: " + NEWS,
         note="HR derived from a stated 40% reduction in the risk of treatment failure"),
]

_ANALYSIS_WORDS = {"interim": "interim", "final": "final", "updated": "updated"}
_REVIEWER_SPELLING = {"independent review": "independent review", "central review": "central review",
                      "birc": "BIRC", "bicr": "BICR", "irf": "IRF", "irrc": "IRRC",
                      "investigator": "investigator"}
_CRITERIA_SPELLING = {c.lower(): c for c in CRITERIA}
_CODE_WITH_GENERIC = re.compile(r"\b[A-Z]{2,}[0-9]{2,}\s*\(([^)]+)\)")
_DATA_CUT = re.compile(r"data cut(?:-off)?\s+(\d{4}-\d{2}-\d{2})")


def split_assessment(endpoint: str, analysis: str, text: str) -> tuple[str, str, str, list[str]]:
    """(endpoint, analysis, assessment, notes) from the reference's free-text assessment."""
    criteria: list[str] = []
    reviewers: list[str] = []
    notes: list[str] = []
    cut = _DATA_CUT.search(text)
    if cut:
        notes.append(f"data cut-off {cut.group(1)}")
        text = _DATA_CUT.sub("", text).replace("()", "")
    for part in (p.strip() for p in text.split(",")):
        low = part.lower().strip(" ()")
        if not low:
            continue
        if low in _CRITERIA_SPELLING:
            criteria.append(_CRITERIA_SPELLING[low])
        elif low in _REVIEWER_SPELLING:
            reviewers.append(_REVIEWER_SPELLING[low])
        elif low.startswith("interim"):
            if analysis == "primary":
                analysis = "interim"
        elif low in _ANALYSIS_WORDS:
            if analysis == "primary":
                analysis = _ANALYSIS_WORDS[low]
            elif _ANALYSIS_WORDS[low] != analysis:
                notes.append(part)
        elif low == "tace-specific" and endpoint == "PFS":
            endpoint = "TACE-PFS"
        else:
            notes.append(part)
    assert all(r in REVIEWERS for r in reviewers)
    return endpoint, analysis, ", ".join(criteria + reviewers), notes


def normalize_arm(arm: str) -> str:
    return _CODE_WITH_GENERIC.sub(lambda m: m.group(1), arm).strip()


def from_reference(ref: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in ref.to_dict("records"):
        endpoint, analysis, assessment, notes = split_assessment(
            r["endpoint"], r["analysis"], r["assessment"])
        rows.append(dict(
            trial=r["trial"], analysis=analysis, endpoint=endpoint, assessment=assessment,
            measure="rate" if r["unit"] == "%" else "median",
            arm_exp=normalize_arm(r["arm_experimental"]), arm_ctrl=normalize_arm(r["arm_control"]),
            value_exp=r["median_exp"], value_ctrl=r["median_ctrl"], unit=r["unit"], hr=r["hr"],
            ci_low=r["ci_low"], ci_high=r["ci_high"],
            # a level without a CI says nothing: blank it (EMERALD-1's CI was not read)
            ci_level=r["ci_level"] if r["ci_low"] else "",
            p_value=r["p_value"], publication=r["publication"], read_in=r["read_in"],
            source=REFERENCE_SOURCE, note="; ".join(notes),
        ))
    return pd.DataFrame(rows)


def build(reference: Path) -> pd.DataFrame:
    ref = pd.read_csv(reference, dtype=str, keep_default_na=False)
    present = set(ref["trial"])
    extra = pd.DataFrame([r for r in CORPUS_ROWS if r["trial"] not in present])
    out = pd.concat([from_reference(ref), extra], ignore_index=True)
    return out.reindex(columns=TRIALS_COLUMNS).fillna("").astype(str)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path,
                    default=ROOT.parent / "shared" / "reference" / "primary_results.csv")
    ap.add_argument("--out", type=Path, default=ROOT / "gold")
    args = ap.parse_args(argv)
    trials = build(args.reference)
    path = args.out / TRIALS_FILE
    validate_frame(trials, TRIALS_SCHEMA, path)
    args.out.mkdir(parents=True, exist_ok=True)
    trials.to_csv(path, index=False)
    print(f"wrote {path}: {len(trials)} rows, {trials['trial'].nunique()} trials")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
