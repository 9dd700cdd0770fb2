"""Extraction throughput on a generated corpus, against bare spaCy tokenization of the same text.

    python benchmarks/bench_extraction.py [--docs 1000] [--seed 7]

Generates --docs varied documents at run time into a temporary folder (headings, filler
paragraphs, result sentences from many templates with random trials/values, timing sentences,
and some tab-separated tables), ingests them, then times, in the same run:
  * extraction: `extract_document` over the ingested Documents;
  * tokenization: `spacy.blank("en").pipe` over the same documents' block texts.
Prints MB/s and documents/s for both and their ratio (target: extraction >= 0.5 x tokenization).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402

from extract.extractor import extract_document  # noqa: E402
from extract.ingest import load  # noqa: E402

TRIALS = ["ATLAS-{n}", "ORBIT-{n}", "NOVA-{n}", "KESTREL-{n}", "HORIZON-{n}", "DUNE-{n}", "LUMEN-{n}",
          "SHARP", "REFLECT", "IMbrave150", "CheckMate 9DW", "LEAP-012", "EMERALD-1", "TACTICS"]
DRUGS = ["sorafenib", "lenvatinib", "regorafenib", "cabozantinib", "atezolizumab plus bevacizumab",
         "durvalumab plus tremelimumab", "nivolumab plus ipilimumab", "camrelizumab plus apatinib",
         "sintilimab plus IBI305", "pembrolizumab", "donafenib", "tislelizumab"]
PROCS = ["TACE", "cTACE", "DEB-TACE", "on-demand TACE"]
ENDPOINTS = ["OS", "PFS", "overall survival", "progression-free survival", "TTP", "TACE-specific PFS",
             "time to untreatable progression"]
RATES = ["objective response rate", "ORR", "disease control rate"]
FILLER_WORDS = ("the patients liver tumor burden embolization therapy clinicians response imaging trial design "
                "population criteria safety hepatic reserve portal vein invasion treatment strategy sequence "
                "cirrhosis hepatitis viral systemic locoregional survival benefit interpretation future "
                "guideline practice selection stage intermediate advanced combination window").split()


def _v(rng, lo=2.0, hi=40.0, nd=1):
    return f"{rng.uniform(lo, hi):.{nd}f}"


def _hr(rng):
    return f"{rng.uniform(0.3, 1.2):.2f}"


def _ci(rng, hr):
    h = float(hr)
    return f"{h - rng.uniform(0.05, 0.2):.2f}", f"{h + rng.uniform(0.05, 0.3):.2f}"


def _p(rng):
    return rng.choice(["P = 0.0{}".format(rng.randint(1, 9)), "P < 0.001", "p=.04", "P = 0.{}".format(rng.randint(10, 90)),
                       "p<0·001"])


def result_sentence(rng, trial):
    a, b = rng.sample(DRUGS, 2)
    ep = rng.choice(ENDPOINTS)
    v1, v2, hr = _v(rng), _v(rng), _hr(rng)
    lo, hi = _ci(rng, hr)
    forms = [
        f"In the {trial} trial, median {ep} was {v1} months vs. {v2} months (HR = {hr}).",
        f"{a.capitalize()} improved {ep} compared with {b} ({v1} months vs. {v2} months; HR {hr}, 95% CI {lo}-{hi}; {_p(rng)}).",
        f"Median {ep} was {v1} months (95% CI, {lo}-{hi}) with {a} and {v2} months with {b} (HR, {hr}; 95% CI, {lo}-{hi}; {_p(rng)}).",
        f"{trial} met its {ep} endpoint, with a median of {v1} months vs. {v2} months and a hazard ratio of {hr}.",
        f"The hazard ratio for death was {hr} (95% CI, {lo} to {hi}; {_p(rng)}) in {trial}.",
        f"{ep} was {v1} months in the control group versus {v2} months in the experimental group (HR {hr}).",
        f"The {rng.choice(RATES)} was {_v(rng, 10, 60)}% versus {_v(rng, 5, 30)}% ({_p(rng)}).",
        f"{trial} reduced the risk of death by {rng.randint(10, 45)}%.",
        f"Grade 3 or worse treatment-related adverse events occurred in {_v(rng, 20, 70)}% vs. {_v(rng, 10, 50)}%.",
        f"The {rng.choice([12, 18, 24, 36])}-month OS rate was {_v(rng, 40, 80)}% vs. {_v(rng, 30, 70)}% in {trial}.",
        f"At the interim analysis, {ep} by BICR per RECIST 1.1 was {v1} vs {v2} months (HR {hr}; 95% CI {lo}–{hi}).",
        f"{a.capitalize()} was given at 8 or 12 mg once daily in {trial}, with n = {rng.randint(100, 900)} patients.",
    ]
    return rng.choice(forms)


def timing_sentence(rng, trial):
    d = rng.choice(DRUGS)
    p = rng.choice(PROCS)
    lo = rng.randint(1, 5)
    forms = [
        f"In {trial}, {d} was started {lo}-{lo + rng.randint(1, 4)} days before the first {p} session.",
        f"{d.capitalize()} was initiated at least {lo} weeks after the first {p}.",
        f"Systemic therapy began within {lo + 1} weeks after {p}.",
        f"Patients received {d} followed by {p} {lo}-{lo + 2} weeks later.",
    ]
    return rng.choice(forms)


def filler(rng, n_sentences):
    out = []
    for _ in range(n_sentences):
        words = rng.choices(FILLER_WORDS, k=rng.randint(8, 22))
        if rng.random() < 0.15:
            words.insert(rng.randint(0, len(words)), str(rng.randint(1990, 2025)))
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def table(rng, label):
    rows = ["Trial name\tRegimen\tKey efficacy results (months)"]
    for _ in range(rng.randint(2, 5)):
        t = rng.choice(TRIALS).format(n=rng.randint(1, 400))
        a, b = rng.sample(DRUGS, 2)
        rows.append(f"{t}\t{a.capitalize()} vs. {b}\tOS: {_v(rng)} vs. {_v(rng)} (HR = {_hr(rng)}) "
                    f"PFS: {_v(rng)} vs. {_v(rng)} (HR = {_hr(rng)})")
    return f"Table {label}. Efficacy summary of selected trials\n\n" + "\n".join(rows)


def document(rng):
    trial = rng.choice(TRIALS).format(n=rng.randint(1, 400))
    parts = [f"Results of the {trial} trial in hepatocellular carcinoma", ""]
    for s in range(rng.randint(2, 5)):
        parts += [rng.choice(["INTRODUCTION", "METHODS", "RESULTS", f"THE {trial} TRIAL", "DISCUSSION"]), ""]
        for _ in range(rng.randint(2, 5)):
            kind = rng.random()
            if kind < 0.55:
                parts.append(filler(rng, rng.randint(3, 7)))
            elif kind < 0.9:
                sents = [result_sentence(rng, trial) for _ in range(rng.randint(1, 3))]
                if rng.random() < 0.5:
                    sents.append(timing_sentence(rng, trial))
                parts.append(filler(rng, 1) + " " + " ".join(sents) + " " + filler(rng, 1))
            else:
                parts.append(table(rng, s + 1))
            parts.append("")
    return "\n".join(parts) + "\n"


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench_extraction_") as tmp:
        paths = []
        for i in range(args.docs):
            p = Path(tmp) / f"doc{i:05d}.txt"
            p.write_text(document(rng), encoding="utf-8")
            paths.append(p)
        t0 = time.perf_counter()
        docs = [load(p) for p in paths]
        t_ingest = time.perf_counter() - t0
    texts = [[d.text[b.start:b.end] for b in d.blocks] for d in docs]
    n_bytes = sum(len(d.text.encode("utf-8")) for d in docs)
    mb = n_bytes / 1e6

    nlp = spacy.blank("en")
    list(nlp.pipe(texts[0]))
    extract_document(docs[0])  # build the pipelines once, outside the timings

    t0 = time.perf_counter()
    for blocks in texts:
        for _ in nlp.pipe(blocks):
            pass
    t_tok = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_ev = n_tm = 0
    for d in docs:
        x = extract_document(d)
        n_ev += len(x.evidence)
        n_tm += len(x.timings)
    t_ext = time.perf_counter() - t0

    res = {
        "documents": len(docs), "MB": round(mb, 2), "evidence records": n_ev, "timing records": n_tm,
        "ingest s": round(t_ingest, 2),
        "tokenization s": round(t_tok, 2), "tokenization MB/s": round(mb / t_tok, 2),
        "tokenization docs/s": round(len(docs) / t_tok, 1),
        "extraction s": round(t_ext, 2), "extraction MB/s": round(mb / t_ext, 2),
        "extraction docs/s": round(len(docs) / t_ext, 1),
        "extraction / tokenization": round(t_tok / t_ext, 2),
    }
    for k, v in res.items():
        print(f"{k:28s} {v}")
    return res


if __name__ == "__main__":
    main()
