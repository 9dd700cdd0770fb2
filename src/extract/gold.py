"""The gold-standard folder: trials.csv, aliases.csv, decisions.csv, validated on load.

All three are read as strings exactly as written (`11.30` keeps its precision, `NE`/`NR`
survive, a blank cell stays ""), then checked by pandera schemas. Any problem raises
`GoldError`, whose message names the file, the row (1-based data row and its line in the
file) and the column, so a run never starts on an invalid gold table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from extract.outputs import atomic_write
from extract.compare import is_blank, parse_printed, special_value, values_equal

TRIALS_FILE = "trials.csv"
ALIASES_FILE = "aliases.csv"
DECISIONS_FILE = "decisions.csv"

TRIALS_COLUMNS: list[str] = [
    "trial", "analysis", "endpoint", "assessment", "measure", "arm_exp", "arm_ctrl",
    "value_exp", "value_ctrl", "unit", "hr", "ci_low", "ci_high", "ci_level", "p_value",
    "publication", "read_in", "source", "note",
]
# One gold row per trial x analysis x endpoint x assessment x measure x arms, and per
# publication: the same analysis can be reported twice with different rounding or CI level
# (a journal article and a regulator's notice), and both are kept.
TRIALS_KEY: list[str] = [
    "trial", "analysis", "endpoint", "assessment", "measure", "arm_exp", "arm_ctrl", "publication",
]
ALIASES_COLUMNS: list[str] = ["trial", "aliases", "registry_ids", "arm_exp", "arm_ctrl", "source"]
DECISIONS_COLUMNS: list[str] = ["flag_id", "status", "note", "by", "decided_at"]
DECISION_STATUSES = ("confirmed", "accepted", "dismissed")

ENDPOINTS = (
    "OS", "PFS", "TTP", "TTUP", "TACE-PFS", "ORR", "DCR", "CR", "EFS", "RFS", "DFS", "TTF",
    "CONVERSION", "AE", "TRAE", "AE-DISCONTINUATION",
)
ANALYSIS_RE = r"^(primary|interim|updated|final|\d+-year update)$"
MEASURE_RE = r"^(median|rate|\d+-month rate|HR|derived HR|grade>=3 rate|grade 3-4 rate)$"
UNITS = ("", "months", "weeks", "days", "%")
CRITERIA = ("RECIST 1.1", "mRECIST", "RECICL")
REVIEWERS = ("BICR", "BIRC", "IRF", "IRRC", "independent review", "central review", "investigator")
REGISTRY_RE = re.compile(r"^(NCT\d{8}|ChiCTR[-\w]+|ISRCTN\d{8}|EudraCT \d{4}-\d{6}-\d{2}|jRCT\w+|UMIN\d+)$")


class GoldError(Exception):
    """An invalid gold folder. `problems` are one line each: file, row, column, what."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid gold table:\n  " + "\n  ".join(problems))


@dataclass
class Gold:
    trials: pd.DataFrame
    aliases: pd.DataFrame
    decisions: pd.DataFrame
    directory: Path | None = None

    def __post_init__(self) -> None:
        self._names: dict[str, str] | None = None

    @classmethod
    def empty(cls) -> Gold:
        return cls(pd.DataFrame(columns=TRIALS_COLUMNS, dtype=str),
                   pd.DataFrame(columns=ALIASES_COLUMNS, dtype=str),
                   pd.DataFrame(columns=DECISIONS_COLUMNS, dtype=str))

    def name_index(self) -> dict[str, str]:
        """Normalized name (canonical or alias) -> canonical trial name."""
        if self._names is None:
            self._names = build_name_index(self.aliases, self.trials)
        return self._names

    def canonical(self, name: object) -> str | None:
        """The canonical trial for a printed name (case, hyphens and spaces ignored)."""
        if is_blank(name):
            return None
        return self.name_index().get(name_key(str(name)))

    def known_trials(self) -> set[str]:
        return set(self.trials["trial"]) | set(self.aliases["trial"])


def name_key(name: str) -> str:
    """Case, hyphens, spaces and dots do not distinguish trial names ("Checkmate-9DW")."""
    return re.sub(r"[\s\-‐‑–_.]+", "", name).upper()


def split_list(cell: object) -> list[str]:
    if is_blank(cell):
        return []
    return [p.strip() for p in str(cell).split("|") if p.strip()]


def build_name_index(aliases: pd.DataFrame, trials: pd.DataFrame | None = None) -> dict[str, str]:
    index: dict[str, str] = {}
    names = list(aliases["trial"]) + (list(trials["trial"]) if trials is not None else [])
    for name in names:
        index.setdefault(name_key(name), name)
    for trial, alias_cell in zip(aliases["trial"], aliases["aliases"]):
        for alias in split_list(alias_cell):
            index.setdefault(name_key(alias), trial)
    return index


# -- element checks ------------------------------------------------------------------------

def _number_or_blank(v: str) -> bool:
    return v == "" or (parse_printed(v) is not None and parse_printed(v).op == "=")


def _value_or_blank(v: str) -> bool:
    return _number_or_blank(v) or special_value(v) is not None and v.strip() in ("NE", "NR")


def _p_or_blank(v: str) -> bool:
    if v == "":
        return True
    p = parse_printed(v)
    return p is not None and 0.0 <= p.value <= 1.0


def _level_or_blank(v: str) -> bool:
    p = parse_printed(v) if v else None
    return v == "" or (p is not None and p.op == "=" and 50.0 <= p.value < 100.0)


def _assessment_ok(v: str) -> bool:
    if v == "":
        return True
    return all(part.strip() in CRITERIA + REVIEWERS for part in v.split(","))


def _registry_ok(v: str) -> bool:
    return all(REGISTRY_RE.match(part) for part in split_list(v))


def _iso_datetime(v: str) -> bool:
    try:
        datetime.fromisoformat(v)
    except ValueError:
        return False
    return True


def _ew(fn, error: str) -> pa.Check:
    return pa.Check(fn, element_wise=True, error=error)


def _col(*checks: pa.Check) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=False)


_NON_EMPTY = _ew(lambda v: v.strip() != "", "must not be empty")


# -- row-wise checks on trials -------------------------------------------------------------

def _ci_contains_hr(df: pd.DataFrame) -> pd.Series:
    def ok(row) -> bool:
        if row["hr"] == "" or row["ci_low"] == "" or row["ci_high"] == "":
            return True
        hr, lo, hi = (parse_printed(row[c]) for c in ("hr", "ci_low", "ci_high"))
        if hr is None or lo is None or hi is None:
            return True  # reported by the column checks
        inside = (lo.value <= hr.value or values_equal(row["hr"], row["ci_low"])) and (
            hr.value <= hi.value or values_equal(row["hr"], row["ci_high"]))
        return inside and lo.value < hi.value
    return df.apply(ok, axis=1).astype(bool)


def _ci_has_both_bounds(df: pd.DataFrame) -> pd.Series:
    return ((df["ci_low"] == "") == (df["ci_high"] == "")).astype(bool)


def _ci_level_with_ci(df: pd.DataFrame) -> pd.Series:
    return ((df["ci_low"] == "") | (df["ci_level"] != "")).astype(bool)


def _unit_with_values(df: pd.DataFrame) -> pd.Series:
    has_value = (df["value_exp"] != "") | (df["value_ctrl"] != "")
    return (~has_value | (df["unit"] != "")).astype(bool)


def _unique_key(columns: list[str]):
    def check(df: pd.DataFrame) -> pd.Series:
        return (~df.duplicated(columns, keep=False)).astype(bool)
    return check


def _unique_alias(df: pd.DataFrame) -> pd.Series:
    owner: dict[str, set[str]] = {}
    for trial, cell in zip(df["trial"], df["aliases"]):
        for name in [trial, *split_list(cell)]:
            owner.setdefault(name_key(name), set()).add(trial)
    ambiguous = {k for k, v in owner.items() if len(v) > 1}
    return pd.Series([
        not ({name_key(n) for n in [t, *split_list(c)]} & ambiguous)
        for t, c in zip(df["trial"], df["aliases"])
    ], index=df.index, dtype=bool)


TRIALS_SCHEMA = pa.DataFrameSchema(
    {
        "trial": _col(_NON_EMPTY),
        "analysis": _col(pa.Check.str_matches(ANALYSIS_RE, error=f"analysis must match {ANALYSIS_RE}")),
        "endpoint": _col(pa.Check.isin(ENDPOINTS, error="endpoint must be one of " + ", ".join(ENDPOINTS))),
        "assessment": _col(_ew(_assessment_ok, "assessment must be comma-separated criteria/reviewer "
                                               "qualifiers: " + ", ".join(CRITERIA + REVIEWERS))),
        "measure": _col(pa.Check.str_matches(MEASURE_RE, error=f"measure must match {MEASURE_RE}")),
        "arm_exp": _col(),
        "arm_ctrl": _col(),
        "value_exp": _col(_ew(_value_or_blank, "must be a number, NE, NR or blank")),
        "value_ctrl": _col(_ew(_value_or_blank, "must be a number, NE, NR or blank")),
        "unit": _col(pa.Check.isin(UNITS, error="unit must be months, weeks, days, % or blank")),
        "hr": _col(_ew(_number_or_blank, "must be a number or blank")),
        "ci_low": _col(_ew(_number_or_blank, "must be a number or blank")),
        "ci_high": _col(_ew(_number_or_blank, "must be a number or blank")),
        "ci_level": _col(_ew(_level_or_blank, "must be a confidence level in percent (50-100) or blank")),
        "p_value": _col(_ew(_p_or_blank, "must be a p-value in [0, 1] with an optional <, >, <=, >= or blank")),
        "publication": _col(_NON_EMPTY),
        "read_in": _col(),
        "source": _col(_NON_EMPTY),
        "note": _col(),
    },
    checks=[
        pa.Check(_ci_contains_hr, error="columns hr, ci_low, ci_high: the CI does not contain its HR "
                                        "(or ci_low >= ci_high)"),
        pa.Check(_ci_has_both_bounds, error="columns ci_low, ci_high: a CI needs both bounds"),
        pa.Check(_ci_level_with_ci, error="column ci_level: a CI needs its level"),
        pa.Check(_unit_with_values, error="column unit: values need a unit"),
        pa.Check(_unique_key(TRIALS_KEY), error="duplicate key (" + ", ".join(TRIALS_KEY) + ")"),
    ],
    strict=True,
    ordered=True,
)

ALIASES_SCHEMA = pa.DataFrameSchema(
    {
        "trial": _col(_NON_EMPTY),
        "aliases": _col(_ew(lambda v: all(a.strip() for a in v.split("|")) if v else True,
                            "aliases are '|'-separated names, none empty")),
        "registry_ids": _col(_ew(_registry_ok, "registry ids are '|'-separated NCT/ChiCTR/ISRCTN/"
                                               "EudraCT/jRCT/UMIN numbers")),
        "arm_exp": _col(),
        "arm_ctrl": _col(),
        "source": _col(),
    },
    checks=[
        pa.Check(_unique_key(["trial"]), error="duplicate key (trial)"),
        pa.Check(_unique_alias, error="columns trial, aliases: a name or alias belongs to two trials"),
    ],
    strict=True,
    ordered=True,
)

DECISIONS_SCHEMA = pa.DataFrameSchema(
    {
        "flag_id": _col(_NON_EMPTY),
        "status": _col(pa.Check.isin(DECISION_STATUSES, error="status must be one of "
                                     + ", ".join(DECISION_STATUSES))),
        "note": _col(),
        "by": _col(),
        "decided_at": _col(_ew(_iso_datetime, "must be an ISO date-time (2026-01-31T12:00:00+00:00)")),
    },
    strict=True,
    ordered=True,
)


# -- reading and validating ----------------------------------------------------------------

def _describe_failures(path: Path, err: pa.errors.SchemaErrors) -> list[str]:
    problems: list[str] = []
    seen: set[tuple] = set()
    fc = err.failure_cases
    for _, f in fc.iterrows():
        check = str(f["check"])
        column = f["column"]
        idx = f["index"]
        if check in ("column_in_dataframe", "column_in_schema", "column_ordered"):
            what = {"column_in_dataframe": "missing column",
                    "column_in_schema": "unexpected column",
                    "column_ordered": "column out of order"}[check]
            key = (check, f["failure_case"])
            if key not in seen:
                seen.add(key)
                problems.append(f"{path}: {what} '{f['failure_case']}'")
            continue
        row = "" if idx is None or pd.isna(idx) else f"row {int(idx) + 1} (line {int(idx) + 2})"
        if f["schema_context"] == "DataFrameSchema":  # a row-wise check: report once per row
            key = (check, idx)
            if key in seen:
                continue
            seen.add(key)
            problems.append(f"{path}: {row}: {check}")
        else:
            problems.append(f"{path}: {row}, column '{column}': {f['failure_case']!r} {check}")
    return problems


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        raise GoldError([f"{path}: file not found"])
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise GoldError([f"{path}: empty file (expected the header: {','.join(columns)})"]) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise GoldError([f"{path}: cannot be read as CSV: {str(exc).splitlines()[0]}"]) from None
    return df.astype(str)


def validate_frame(df: pd.DataFrame, schema: pa.DataFrameSchema, path: Path) -> pd.DataFrame:
    """Validate a frame of strings; raise GoldError naming file, row and column."""
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise GoldError(_describe_failures(path, err)) from None


def _load(directory: Path, name: str, schema: pa.DataFrameSchema) -> pd.DataFrame:
    path = directory / name
    columns = list(schema.columns)
    return validate_frame(_read_csv(path, columns), schema, path)


def load_aliases(directory: str | Path) -> pd.DataFrame:
    """gold/aliases.csv, validated (the extractor's trial lexicon)."""
    return _load(Path(directory), ALIASES_FILE, ALIASES_SCHEMA)


def load_decisions(directory: str | Path) -> pd.DataFrame:
    return _load(Path(directory), DECISIONS_FILE, DECISIONS_SCHEMA)


def load_gold(directory: str | Path) -> Gold:
    """Load and validate the gold folder; raise GoldError on the first invalid file.

    Besides each file's schema, every trial of trials.csv must have its row in aliases.csv
    (the lexicon the extractor uses to find it)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise GoldError([f"{directory}: not a folder"])
    problems: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    for name, schema in ((TRIALS_FILE, TRIALS_SCHEMA), (ALIASES_FILE, ALIASES_SCHEMA),
                         (DECISIONS_FILE, DECISIONS_SCHEMA)):
        try:
            frames[name] = _load(directory, name, schema)
        except GoldError as exc:
            problems.extend(exc.problems)
    if not problems:
        known = set(frames[ALIASES_FILE]["trial"])
        for i, trial in enumerate(frames[TRIALS_FILE]["trial"]):
            if trial not in known:
                problems.append(f"{directory / TRIALS_FILE}: row {i + 1} (line {i + 2}), column "
                                f"'trial': {trial!r} has no row in {ALIASES_FILE}")
    if problems:
        raise GoldError(problems)
    return Gold(frames[TRIALS_FILE], frames[ALIASES_FILE], frames[DECISIONS_FILE], directory)


def record_decision(gold_dir: str | Path, flag_id: str, status: str, note: str,
                    by: str = "", decided_at: datetime | None = None) -> pd.DataFrame:
    """Append one decision to gold/decisions.csv atomically (temp file + os.replace), after
    validating the whole new table. Returns the new decisions table."""
    directory = Path(gold_dir)
    path = directory / DECISIONS_FILE
    existing = load_decisions(directory) if path.exists() else pd.DataFrame(
        columns=DECISIONS_COLUMNS, dtype=str)
    when = (decided_at or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    row = pd.DataFrame([[flag_id.strip(), status.strip(), note, by, when]], columns=DECISIONS_COLUMNS)
    new = pd.concat([existing, row], ignore_index=True).astype(str)
    validate_frame(new, DECISIONS_SCHEMA, path)
    atomic_write(path, lambda tmp: new.to_csv(tmp, index=False, encoding="utf-8"))
    return new


def summary(gold: Gold) -> dict:
    t = gold.trials
    return {
        "trials": int(t["trial"].nunique()),
        "rows": len(t),
        "endpoints": int(t[["trial", "endpoint"]].drop_duplicates().shape[0]),
        "analyses": sorted(set(t["analysis"])),
        # rows whose figures come from the sample corpus, provisional until a primary source
        "provisional_rows": int(t["source"].str.startswith("sample").sum()),
        "aliases": len(gold.aliases),
        "decisions": len(gold.decisions),
    }
