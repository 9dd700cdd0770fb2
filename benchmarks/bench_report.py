"""Benchmark of building report.html for a generated run of the pipeline's size.

    python benchmarks/bench_report.py [--docs 200] [--repeat 3] [--data FILE.pkl]
                                      [--impl PACKAGE] [--out FILE.html] [--profile]

The input is `tests/report/synthetic.py`'s `synthetic_data(DOCS)` (200 documents: about
1,100 evidence records, 300 timings and 3,500 flags, like benchmarks/bench_flow.py's run), or a
pickled `data` dict (`--data`, e.g. the one `pipeline.flows` handed to build_report). Each
repetition calls `build_report` on the same input in this process; the first one includes
compiling the template, as in a pipeline run. Wall and CPU time (the CPU time is less
disturbed by other jobs on a shared machine). `--impl` names another package with the same
`build_report` (a copy of an earlier extract/report, renamed) to compare with, run in
alternation from the shell. `--out` keeps the HTML (to compare outputs byte for byte).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import pickle
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--data", type=Path, help="a pickled data dict instead of a generated one")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--impl", default="extract.report", help="package with build_report")
    ap.add_argument("--out", type=Path, help="keep the (last) report here")
    ap.add_argument("--profile", action="store_true", help="cProfile one build, top 30")
    args = ap.parse_args()

    if args.data:
        with open(args.data, "rb") as fh:
            data = pickle.load(fh)
    else:
        from tests.report.synthetic import synthetic_data

        data = synthetic_data(args.docs, seed=args.seed)
    build_report = importlib.import_module(args.impl).build_report
    sizes = {k: len(data[k]) for k in ("documents", "evidence", "timings", "flags", "gold")
             if k in data}

    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        if args.profile:
            prof = cProfile.Profile()
            prof.runcall(build_report, data, work / "report.html")
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            path = build_report(data, work / "report.html")
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        size = path.stat().st_size
        if args.out:
            shutil.copyfile(path, args.out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.impl}: {sizes}; report {size / 1e6:.1f} MB; build_report "
          f"first {times[0]:.2f} s, median {statistics.median(times):.2f} s, "
          f"best {min(times):.2f} s ({len(times)} runs); CPU first {cpu[0]:.2f} s, "
          f"best {min(cpu):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
