"""The run's output files, each written atomically. No Prefect.

Every file is written to a temporary file in the same folder, flushed to disk, then moved over
the old one with `os.replace`, so a reader (or a killed run) sees the previous file or the new
one, never half of one. CSVs carry the contract columns only, with values as printed: they are
written from strings and must be read back with `read_csv` (dtype=str, keep_default_na=False)
so that `11.30` and `NE` survive.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from extract.columns import ERROR_COLUMNS, EVIDENCE_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS

CSV_OUTPUTS: dict[str, list[str]] = {
    "evidence.csv": EVIDENCE_COLUMNS,
    "timings.csv": TIMING_COLUMNS,
    "flags.csv": FLAG_COLUMNS,
    "errors.csv": ERROR_COLUMNS,
}
INT_COLUMNS = ("page", "start", "end")


FILE_MODE = 0o666


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)` to fill a temporary file next to `path`, then move it over `path`.

    If `write` raises, the temporary file is removed and `path` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); outputs are for curators: the usual mode.
        os.chmod(tmp, FILE_MODE & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def contract_frame(df: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """`df` reduced to `columns` (missing ones empty), every value a string as printed.

    Integers stay integers (`12`, not `12.0`), missing values become empty strings, booleans
    `True`/`False`. No value is ever parsed as a number."""
    if df is None:
        df = pd.DataFrame(columns=columns)
    out = df.reindex(columns=columns).copy()
    for c in columns:
        out[c] = [_printed(v) for v in out[c]]
    return out.astype(object)


def _printed(v) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # an int column that went through float (NaN elsewhere)
    return str(v)


def write_csv(df: pd.DataFrame | None, path: str | Path, columns: list[str]) -> Path:
    frame = contract_frame(df, columns)
    return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8"))


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read an output CSV with every value as the printed string (`11.30`, `NE`, '')."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_parquet(df: pd.DataFrame | None, path: str | Path, columns: list[str]) -> Path:
    """Parquet keeps printed values as strings too; page/start/end are nullable integers."""
    frame = contract_frame(df, columns)
    for c in INT_COLUMNS:
        if c in frame.columns:
            frame[c] = pd.to_numeric(frame[c].replace("", None)).astype("Int64")
    if "trial_inferred" in frame.columns:
        frame["trial_inferred"] = frame["trial_inferred"].map(
            {"True": True, "False": False, "": None}).astype("boolean")
    for c in frame.columns:
        if frame[c].dtype == object:
            frame[c] = frame[c].astype("string")
    return atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))


def write_outputs(out: str | Path, *, evidence: pd.DataFrame, timings: pd.DataFrame,
                  flags: pd.DataFrame, errors: pd.DataFrame, changes_md: str,
                  summary_md: str) -> dict[str, Path]:
    """Write every tabular and text output of a run into `out`; returns {name: path}."""
    out = Path(out)
    frames = {"evidence.csv": evidence, "timings.csv": timings, "flags.csv": flags,
              "errors.csv": errors}
    written = {name: write_csv(frames[name], out / name, cols)
               for name, cols in CSV_OUTPUTS.items()}
    written["evidence.parquet"] = write_parquet(evidence, out / "evidence.parquet",
                                                EVIDENCE_COLUMNS)
    written["changes.md"] = atomic_write_text(out / "changes.md", changes_md)
    written["summary.md"] = atomic_write_text(out / "summary.md", summary_md)
    return written
