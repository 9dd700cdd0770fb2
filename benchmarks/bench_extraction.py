"""Extraction throughput on a generated corpus, against bare spaCy tokenization of the same text.

    python benchmarks/bench_extraction.py [--docs 1000] [--seed 7] [--filler varied|plain] [--real DIR]

Generates --docs varied documents at run time into a temporary folder (abstracts, papers and
news items: headings, filler paragraphs, result sentences from many templates with random
trials/values, timing sentences, some tab-separated tables), builds their Documents (the text
loader's block model), then times, in the same run and interleaved:
  * extraction: `extract_document` over the ingested Documents;
  * tokenization: `spacy.blank("en").pipe` over the same documents' block texts.
Prints MB/s and documents/s for both and their ratio (target: extraction >= 0.5 x tokenization).
The filler's words have real papers' variety (`--filler plain`: the earlier 50-word filler, which
spaCy tokenizes from its cache). With `--real DIR` (default ../shared/real-pdfs when present) the
same ratio is measured on those PDFs too (read once, untimed).
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
from extract.model import Block, Cell, Document, Table  # noqa: E402

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


# Words of the results and timing templates (and of the extractor's triggers and lexicons) that a
# varied filler word must not contain: filler stays filler, whatever its words.
_RESERVED = ("vs", "hr", "mo", "ne", "nr", "na", "or", "ci", "day", "week", "month", "year", "versus", "hazard",
             "reduc", "lower", "reach", "median", "placebo", "compar", "random", "assign", "alloc", "alone",
             "add", "before", "after", "prior", "later", "follow", "post", "pre", "trial", "study", "arm",
             "group", "rate", "surviv", "progress", "response", "respect", "differ", "diff", "ratio", "tace",
             "more", "less", "high", "great", "small", "large", "increas", "decreas", "rais", "rise", "fall",
             "adjust", "correct", "ib", "md", "mean", "single")


class VariedWords:
    """Filler words with the surface of real papers (measured on the 23 real PDFs: about 18% of
    the words distinct, 22% capitalised, 2% acronyms, 12% with a digit, 3% hyphenated, 15% with
    punctuation attached), drawn from a made-up vocabulary of 6,000 words with Zipf frequencies,
    so that tokenization meets as many distinct strings as in print. (A 50-word filler is
    tokenized from spaCy's cache and makes the tokenization baseline several times faster than
    on real text.) Its own random stream: the documents' structure and results do not change."""

    ONSETS = ["", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
              "br", "cl", "gr", "pl", "st", "tr", "sp", "th", "ch", "sc"]
    NUCLEI = ["a", "e", "i", "o", "u", "ia", "eo", "ou", "y"]
    CODAS = ["", "", "", "l", "n", "r", "s", "t", "x", "m", "c", "nd", "st", "ct", "ph"]

    def __init__(self, seed: int, size: int = 6000):
        self.rng = random.Random(seed)
        words: list[str] = []
        seen: set[str] = set()
        while len(words) < size:
            n = self.rng.choices([1, 2, 3, 4], weights=[6, 6, 3, 1])[0]
            w = "".join(self.rng.choice(self.ONSETS) + self.rng.choice(self.NUCLEI) + self.rng.choice(self.CODAS)
                        for _ in range(n))
            if len(w) < 2 or w in seen or any(r in w for r in _RESERVED):
                continue
            seen.add(w)
            words.append(w)
        self.words = words
        self.weights = [1 / (k + 1) ** 1.07 for k in range(size)]

    def acronym(self) -> str:
        while True:
            a = "".join(self.rng.choice("BCDFGJKLMPQSTVWXZ") for _ in range(self.rng.randint(2, 5)))
            if not any(r in a.lower() for r in _RESERVED):
                return a

    def number(self) -> str:
        r = self.rng
        return r.choice([str(r.randint(2, 900)), f"{r.randint(1, 99)}.{r.randint(0, 9)}",
                         f"(n = {r.randint(20, 900)})", f"[{r.randint(1, 60)}]", str(r.randint(1990, 2025)),
                         f"{r.randint(1, 40)}-{r.randint(41, 90)}"])

    def word(self) -> str:
        r = self.rng
        x = r.random()
        if x < 0.03:
            w = self.acronym()
        elif x < 0.11:
            w = self.number()
        else:
            w = r.choices(self.words, weights=self.weights)[0]
            y = r.random()
            if y < 0.18:
                w = w.capitalize()
            elif y < 0.21:
                w = w + "-" + r.choices(self.words, weights=self.weights)[0]
        y = r.random()
        if y < 0.10:
            w += ","
        elif y < 0.12:
            w = "(" + w + ")"
        elif y < 0.13:
            w += ";"
        return w


VARIED: VariedWords | None = None  # set by main(): None is the plain 50-word filler


def filler(rng, n_sentences):
    out = []
    for _ in range(n_sentences):
        words = rng.choices(FILLER_WORDS, k=rng.randint(8, 22))
        if VARIED is not None:
            words = [VARIED.word() for _ in words]
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


def results_paragraph(rng, trial):
    sents = [result_sentence(rng, trial) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.4:
        sents.append(timing_sentence(rng, trial))
    return filler(rng, rng.randint(1, 3)) + " " + " ".join(sents) + " " + filler(rng, rng.randint(0, 2))


def document(rng):
    """An abstract (short, dense), a paper (long, mostly discussion) or a news item, in the
    proportions a literature corpus has; results make up a minority of sentences, as in print."""
    trial = rng.choice(TRIALS).format(n=rng.randint(1, 400))
    kind = rng.choices(["abstract", "paper", "news"], weights=[3, 5, 2])[0]
    parts = [f"Results of the {trial} trial in hepatocellular carcinoma", ""]
    if kind == "abstract":
        for head in ("Background", "Methods", "Results", "Conclusions"):
            parts += [head, "", results_paragraph(rng, trial) if head == "Results" else filler(rng, rng.randint(2, 4)), ""]
        return "\n".join(parts) + "\n"
    n_sections = rng.randint(3, 7) if kind == "paper" else 1
    for s in range(n_sections):
        if kind == "paper":
            parts += [rng.choice(["INTRODUCTION", "METHODS", "RESULTS", f"THE {trial} TRIAL", "DISCUSSION"]), ""]
        for _ in range(rng.randint(3, 7)):
            r = rng.random()
            if r < 0.72:
                parts.append(filler(rng, rng.randint(3, 8)))
            elif r < 0.96 or kind != "paper":
                parts.append(results_paragraph(rng, trial))
            else:
                parts.append(table(rng, s + 1))
            parts.append("")
    return "\n".join(parts) + "\n"


def build_document(text: str, doc_id: str) -> Document:
    """The block model the text loader produces (headings, paragraphs, a caption and a
    tab-separated table after "Table N."), built directly: the run times extraction, not
    ingestion."""
    blocks, tables = [], []
    pos = 0
    for chunk in text.split("\n\n"):
        start = text.index(chunk, pos) if chunk else pos
        pos = start + len(chunk)
        body = chunk.strip("\n")
        if not body:
            continue
        start += chunk.index(body)
        if body.startswith("Table ") and "\t" not in body.split("\n", 1)[0]:
            blocks.append(Block("caption", start, start + len(body), 1))
            continue
        if "\t" in body:
            lines, cells_rows, off = body.split("\n"), [], start
            for line in lines:
                row, col = [], off
                for value in line.split("\t"):
                    row.append(Cell(value, col, col + len(value)))
                    col += len(value) + 1
                cells_rows.append(row)
                off += len(line) + 1
            label = text[blocks[-1].start:blocks[-1].end].split(".")[0] if blocks else "Table"
            tables.append(Table(label, "", cells_rows[0], cells_rows[1:], 1, start, start + len(body)))
            blocks.append(Block("table", start, start + len(body), 1, table_index=len(tables) - 1))
            continue
        kind = "heading" if "\n" not in body and not body.endswith(".") and len(body) < 90 else "paragraph"
        blocks.append(Block(kind, start, start + len(body), 1))
    return Document(doc_id=doc_id, source=f"{doc_id}.txt", format="text", text=text, page_starts=[0],
                    blocks=blocks, tables=tables)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--real", default=str(ROOT.parent / "shared" / "real-pdfs"),
                    help="also time real PDFs from this folder when it exists (read once, untimed)")
    ap.add_argument("--filler", choices=("varied", "plain"), default="varied",
                    help="varied: filler words with real papers' variety (default); plain: the 50-word filler")
    args = ap.parse_args(argv)
    global VARIED
    VARIED = VariedWords(args.seed) if args.filler == "varied" else None
    rng = random.Random(args.seed)
    docs = []
    with tempfile.TemporaryDirectory(prefix="bench_extraction_") as tmp:
        for i in range(args.docs):
            p = Path(tmp) / f"doc{i:05d}.txt"
            p.write_text(document(rng), encoding="utf-8")
            docs.append(build_document(p.read_text(encoding="utf-8"), p.stem))
    texts = [[d.text[b.start:b.end] for b in d.blocks] for d in docs]
    n_bytes = sum(len(d.text.encode("utf-8")) for d in docs)
    mb = n_bytes / 1e6

    nlp = spacy.blank("en")
    list(nlp.pipe(texts[0]))
    extract_document(docs[0])  # build the pipelines once, outside the timings

    t_tok = t_ext = 0.0
    n_ev = n_tm = 0
    # interleaved in rounds, so that load from other processes falls on both alike
    for lo in range(0, len(docs), 100):
        t0 = time.perf_counter()
        for blocks in texts[lo:lo + 100]:
            for _ in nlp.pipe(blocks):
                pass
        t_tok += time.perf_counter() - t0
        t0 = time.perf_counter()
        for d in docs[lo:lo + 100]:
            x = extract_document(d)
            n_ev += len(x.evidence)
            n_tm += len(x.timings)
        t_ext += time.perf_counter() - t0

    res = {
        "documents": len(docs), "MB": round(mb, 2), "evidence records": n_ev, "timing records": n_tm,
        "tokenization s": round(t_tok, 2), "tokenization MB/s": round(mb / t_tok, 2),
        "tokenization docs/s": round(len(docs) / t_tok, 1),
        "extraction s": round(t_ext, 2), "extraction MB/s": round(mb / t_ext, 2),
        "extraction docs/s": round(len(docs) / t_ext, 1),
        "extraction / tokenization": round(t_tok / t_ext, 2),
    }
    if args.real and Path(args.real).is_dir():
        res.update(real_papers(Path(args.real), nlp))
    for k, v in res.items():
        print(f"{k:28s} {v}")
    return res


def real_papers(folder: Path, nlp, rounds: int = 3) -> dict:
    """The same ratio on real papers: every PDF in `folder`, read once (not timed), then
    tokenization and extraction of each document in turn, `rounds` times."""
    from extract.ingest import load
    from extract.model import IngestError

    docs = []
    for path in sorted(folder.glob("*.pdf")):
        try:
            docs.append(load(path))
        except IngestError:
            continue
    texts = [[d.text[b.start:b.end] for b in d.blocks] for d in docs]
    t_tok = t_ext = 0.0
    for _ in range(rounds):
        for d, blocks in zip(docs, texts):
            t0 = time.perf_counter()
            for _ in nlp.pipe(blocks):
                pass
            t_tok += time.perf_counter() - t0
            t0 = time.perf_counter()
            extract_document(d)
            t_ext += time.perf_counter() - t0
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    return {"real papers": len(docs), "real MB": round(mb, 2),
            "real tokenization MB/s": round(rounds * mb / t_tok, 2),
            "real extraction MB/s": round(rounds * mb / t_ext, 2),
            "real extraction / tokenization": round(t_tok / t_ext, 2)}


if __name__ == "__main__":
    main()
