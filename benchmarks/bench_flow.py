"""Benchmark of the evidence_run flow on a generated corpus.

    python benchmarks/bench_flow.py [--docs 200] [--keep DIR]

Generates DOCS documents (half plain text, a quarter Markdown, a quarter PDF made with
reportlab) from templates into a temporary folder, then measures, each run on a fresh store:

- documents/s of a full run with the default task runner (threads, one per core);
- the orchestration share, two ways: (flow wall time - library time summed inside tasks) /
  wall time, which holds where nothing runs concurrently (on a full run the store write of one
  batch overlaps the extraction of the next); and Prefect's cost measured alone (an empty flow
  run, a no-op task run) times the flow's number of task runs, over the wall time;
- the re-run time over the full-run time (nothing to extract on the re-run);
- documents/s of a full run on a Dask LocalCluster (2 workers, 1 thread each).

The temporary Prefect server is started before any timing (a warm-up flow). Needs reportlab
(the `dev` or `test` extra). Prints a markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

TRIALS = [("EMERALD-1", "durvalumab plus bevacizumab plus TACE", "TACE"),
          ("LEAP-012", "lenvatinib plus pembrolizumab plus TACE", "TACE"),
          ("TACTICS", "TACE plus sorafenib", "TACE"),
          ("LAUNCH", "lenvatinib plus TACE", "lenvatinib"),
          ("CheckMate 9DW", "nivolumab plus ipilimumab", "sorafenib or lenvatinib"),
          ("TALENTACE", "atezolizumab plus bevacizumab plus TACE", "TACE")]
ENDPOINTS = [("overall survival", "OS"), ("progression-free survival", "PFS"),
             ("time to progression", "TTP")]


def synthetic_trial(rng: random.Random) -> tuple[str, str, str]:
    name = f"{rng.choice(['ORION', 'HELIX', 'NOVA', 'ATLAS', 'VEGA'])}-{rng.randint(1, 99)}"
    return name, rng.choice(["sorafenib plus TACE", "camrelizumab plus TACE"]), "TACE"


# A trial reports the same figures wherever it is cited (as in the literature); a few
# documents carry a different analysis, which the reconciliation should flag.
FIGURES: dict[tuple[str, str], tuple[str, str, str, str, str, str]] = {}


def figures(rng: random.Random, trial: str, ep: str) -> tuple[str, str, str, str, str, str]:
    if (trial, ep) not in FIGURES or rng.random() < 0.05:
        m_exp = f"{rng.uniform(5, 30):.1f}"
        m_ctrl = f"{rng.uniform(3, float(m_exp)):.{rng.choice([1, 2])}f}"
        hr = rng.uniform(0.45, 0.95)
        lo, hi = hr * rng.uniform(0.7, 0.85), hr * rng.uniform(1.1, 1.3)
        p = rng.choice(["<0.001", f"{rng.uniform(0.001, 0.04):.3f}", "0.02"])
        figs = (m_exp, m_ctrl, f"{hr:.2f}", f"{lo:.2f}", f"{hi:.2f}", p)
        if (trial, ep) in FIGURES:
            return figs
        FIGURES[(trial, ep)] = figs
    return FIGURES[(trial, ep)]


def paragraph(rng: random.Random) -> str:
    trial, exp, ctrl = rng.choice(TRIALS) if rng.random() < 0.7 else synthetic_trial(rng)
    words, ep = rng.choice(ENDPOINTS)
    m_exp, m_ctrl, hr, lo, hi, p = figures(rng, trial, ep)
    weeks = rng.randint(1, 4)
    return (
        f"In the phase III {trial} trial, patients were randomized to {exp} or {ctrl}. "
        f"Median {words} was {m_exp} months with {exp} versus {m_ctrl} months with {ctrl} "
        f"(HR {hr}; 95% CI {lo}-{hi}; P = {p}). "
        f"Systemic therapy was started {weeks} weeks after the first TACE session. "
        "Adverse events were manageable and consistent with known safety profiles.")


def document(rng: random.Random, i: int) -> tuple[str, list[str]]:
    title = f"Review {i}: systemic therapy combined with TACE in hepatocellular carcinoma"
    paras = [paragraph(rng) for _ in range(rng.randint(3, 8))]
    return title, paras


def write_corpus(folder: Path, n: int, seed: int = 7) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    rng = random.Random(seed)
    FIGURES.clear()
    styles = getSampleStyleSheet()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title, paras = document(rng, i)
        kind = ("txt", "txt", "md", "pdf")[i % 4]
        sub = folder / f"batch{i % 5}"
        sub.mkdir(exist_ok=True)
        if kind == "txt":
            (sub / f"doc{i:03d}.txt").write_text(
                title.upper() + "\n\nRESULTS\n\n" + "\n\n".join(paras) + "\n")
        elif kind == "md":
            (sub / f"doc{i:03d}.md").write_text(
                f"# {title}\n\n## Results\n\n" + "\n\n".join(paras) + "\n")
        else:
            story = [Paragraph(title, styles["Title"]), Paragraph("Results", styles["Heading2"])]
            for para in paras:
                story += [Paragraph(para, styles["BodyText"]), Spacer(1, 6)]
            SimpleDocTemplate(str(sub / f"doc{i:03d}.pdf"), pagesize=A4).build(story)


def timed_run(corpus: Path, gold: Path, out: Path, **kw) -> tuple[dict, float]:
    from pipeline.flows import run_pipeline

    t0 = time.perf_counter()
    summary = run_pipeline(corpus, gold, out, **kw)
    return summary, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    os.environ.setdefault("PREFECT_HOME", str(work / "prefect-home"))
    corpus = args.keep or work / "corpus"
    t0 = time.perf_counter()
    write_corpus(corpus, args.docs)
    print(f"generated {args.docs} documents in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    @flow
    def warm_up() -> None:
        return None

    @task(cache_policy=NO_CACHE)
    def no_op() -> None:
        return None

    @flow
    def many_tasks(n: int) -> None:
        for fut in [no_op.submit() for _ in range(n)]:
            fut.result()
        for _ in range(n):
            no_op()

    t0 = time.perf_counter()
    warm_up()  # starts the temporary Prefect server, outside every timing below
    server_start = time.perf_counter() - t0
    # Prefect's own cost: an empty flow run, and a task run (half submitted, half called).
    t0 = time.perf_counter()
    for _ in range(3):
        warm_up()
    per_flow = (time.perf_counter() - t0) / 3
    t0 = time.perf_counter()
    many_tasks(100)
    per_task = (time.perf_counter() - t0 - per_flow) / 200

    gold = ROOT / "gold"
    rows = []
    full, wall = timed_run(corpus, gold, work / "out-default")
    rows.append(("full run, default runner (2 threads)", wall, full, False))
    rerun, rewall = timed_run(corpus, gold, work / "out-default")
    rows.append(("re-run, nothing changed", rewall, rerun, True))
    seq, seqwall = timed_run(corpus, gold, work / "out-seq", workers=1)
    rows.append(("full run, 1 worker", seqwall, seq, True))
    if not args.no_dask:
        dsk, dwall = timed_run(corpus, gold, work / "out-dask", task_runner="dask", workers=2)
        rows.append(("full run, Dask LocalCluster (2 workers x 1 thread)", dwall, dsk, False))

    n = args.docs
    print(f"\nCorpus: {n} generated documents ({n // 2} .txt, {n // 4} .md, {n - n // 2 - n // 4}"
          f" .pdf), {os.cpu_count()} cores; temporary Prefect server start {server_start:.1f} s "
          "(not counted).\n")
    print(f"Prefect's cost measured alone: {per_flow * 1000:.0f} ms per flow run, "
          f"{per_task * 1000:.1f} ms per task run.\n")
    print("| run | wall (s) | documents/s | extracted | batches x size | library time (s) "
          "| wall - library | Prefect cost (est.) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, w, s, sequential in rows:
        # Library times of concurrent tasks overlap in wall time: no difference for those.
        diff = f"{(w - s['library_seconds']) / w:.1%}" if sequential else "(concurrent)"
        # Task runs: one extraction and one store write per batch, plus fingerprint,
        # reconcile, outputs and artifacts.
        est = (per_flow + (2 * s["batches"] + 4) * per_task) / w
        print(f"| {name} | {w:.1f} | {n / w:.1f} | {s['counts']['extracted']} | "
              f"{s['batches']} x {s['batch_size']} | {s['library_seconds']:.1f} | {diff} | "
              f"{est:.1%} |")
    print(f"\nRe-run time / full-run time: {rewall / wall:.2f} ({rewall:.1f} s / {wall:.1f} s).")
    print(f"Evidence records: {full['counts']['evidence']}; flags: {full['counts']['flags']}; "
          f"failed documents: {full['counts']['failed']}.")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
