"""A generated report input of any size, in the shape the pipeline hands to build_report.

`synthetic_data(n_docs)` scales like a pipeline run over generated documents: about 5.5
evidence records, 1.5 timings and 17 flags per document (200 documents: ~1,100 records,
~3,500 flags), with trials in and out of gold, several endpoints, flags of every code that
point at records (same or other document), at nothing, at timings, decided and open ones,
markup-bearing strings and documents that failed. Deterministic for a given seed.
"""

from __future__ import annotations

import random

import pandas as pd

from extract.columns import EVIDENCE_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS

_SIDE = ("quote", "page", "location", "section", "doc_id", "source", "start", "end")
DETAIL_COLUMNS = ([f"evidence_{f}" for f in _SIDE] + [f"other_{f}" for f in _SIDE]
                  + ["gold_publication", "gold_source", "gold_read_in", "gold_analysis",
                     "decision_note", "decided_by", "decided_at"])
GOLD_COLUMNS = ["trial", "analysis", "endpoint", "assessment", "measure", "arm_exp", "arm_ctrl",
                "value_exp", "value_ctrl", "unit", "hr", "ci_low", "ci_high", "ci_level",
                "p_value", "publication", "read_in", "source", "note"]

CODES = [("INTERNAL_CONFLICT", "error"), ("GOLD_MISMATCH", "error"),
         ("CITATION_MISMATCH", "warning"), ("HR_CI_INCONSISTENT", "warning"),
         ("P_INCONSISTENT", "warning"), ("DIRECTION_MISMATCH", "error"),
         ("DUPLICATED_VALUES", "info"), ("NAME_ANOMALY", "warning"),
         ("CROSS_DOC_CONFLICT", "warning"), ("NOT_IN_GOLD", "info"),
         ("UPDATED_ANALYSIS", "info"), ("TIMING_CONFLICT", "warning")]
ENDPOINTS = ["OS", "PFS", "TTP", "TACE-PFS", "ORR", "DCR", "TTUP", "mOS"]
ARMS = [("lenvatinib plus TACE", "lenvatinib"), ("TACE plus sorafenib", "TACE"),
        ("durvalumab plus bevacizumab plus TACE", "TACE"), ("camrelizumab <b>+</b> TACE", "TACE"),
        ("nivolumab & ipilimumab", "sorafenib or lenvatinib")]
EVIL = "<script>alert(1)</script>"


def _fig(rng: random.Random) -> dict[str, str]:
    exp = rng.uniform(3, 30)
    hr = rng.uniform(0.4, 1.2)
    return {"value_exp": f"{exp:.{rng.choice([1, 1, 2])}f}",
            "value_ctrl": f"{rng.uniform(2, exp):.1f}" if rng.random() < 0.9 else "NR",
            "hr": f"{hr:.2f}" if rng.random() < 0.85 else "",
            "ci_low": f"{hr * rng.uniform(0.6, 0.9):.2f}",
            "ci_high": f"{hr * rng.uniform(1.1, 1.5):.2f}" if rng.random() < 0.95 else "",
            "p_value": rng.choice(["<0.001", f"{rng.uniform(0.001, 0.2):.3f}", "0.02", "",
                                   "≤0.05"])}


def _jitter(rng: random.Random, figs: dict[str, str]) -> dict[str, str]:
    out = dict(figs)
    r = rng.random()
    if r < 0.15:  # another analysis
        out.update(_fig(rng))
    elif r < 0.3 and out["value_exp"] not in ("", "NR"):  # other precision
        out["value_exp"] = f"{float(out['value_exp']):.2f}"
    elif r < 0.35:
        out["hr"] = ""
    return out


def synthetic_data(n_docs: int = 200, seed: int = 11) -> dict:
    rng = random.Random(seed)
    n_trials = max(6, n_docs // 3)
    trials = [f"{rng.choice(['ORION', 'HELIX', 'NOVA', 'ATLAS', 'EMERALD', 'LEAP'])}-{i}"
              for i in range(n_trials)]
    trials[-1] = f"EVIL-{EVIL}"
    in_gold = trials[: int(n_trials * 0.6)]
    truth: dict[tuple[str, str], dict[str, str]] = {}
    arms_of = {t: rng.choice(ARMS) for t in trials}
    eps_of = {t: rng.sample(ENDPOINTS[:6], rng.randint(1, 4)) for t in trials}
    for t in trials:
        for ep in eps_of[t]:
            truth[(t, ep)] = _fig(rng)

    gold_rows = []
    for t in in_gold:
        for ep in eps_of[t]:
            for analysis in (["primary"] if rng.random() < 0.7 else ["interim", "final"]):
                g = truth[(t, ep)] if analysis != "final" else _jitter(rng, truth[(t, ep)])
                gold_rows.append([t, analysis, ep, rng.choice(["", "IRF", "investigator"]),
                                  "median", arms_of[t][0], arms_of[t][1], g["value_exp"],
                                  g["value_ctrl"], "months", g["hr"], g["ci_low"], g["ci_high"],
                                  "95", g["p_value"], rng.choice(["Lancet 2024", "NEJM 2023",
                                                                  "ASCO abstract", ""]),
                                  rng.choice(["summary", "full text", ""]),
                                  rng.choice(["shared reference", f"press {EVIL}", ""]),
                                  rng.choice(["", "", "final OS pending"])])
    gold = pd.DataFrame(gold_rows, columns=GOLD_COLUMNS)

    docs, evidence, timings = [], [], []
    for i in range(n_docs):
        doc_id = f"{i:04d}" + f"{rng.getrandbits(64):016x}"
        kind = ("txt", "txt", "md", "pdf")[i % 4]
        source = f"corpus/batch{i % 5}/doc{i:03d}.{kind}" if i % 37 else \
            f"corpus/batch{i % 5}/evil <b>{i}</b>.{kind}"
        if i % 41 == 7:
            docs.append({"doc_id": doc_id, "source": source, "format": kind, "status": "error",
                         "stage": "ingest", "error": f"encrypted PDF {EVIL}", "pages": None,
                         "n_evidence": 0, "n_timings": 0, "extracted": True})
            continue
        n_pages = rng.randint(1, 12)
        n_ev = 0
        n_tm = 0
        pos = 0
        for _ in range(rng.randint(2, 10)):
            t = rng.choice(trials)
            ep = rng.choice(eps_of[t] + ([rng.choice(ENDPOINTS)] if rng.random() < 0.1 else []))
            figs = _jitter(rng, truth.get((t, ep)) or _fig(rng))
            quote = (f"In {t}, median {ep} was {figs['value_exp']} vs {figs['value_ctrl']} months"
                     f" (HR {figs['hr']}; 95% CI {figs['ci_low']}-{figs['ci_high']};"
                     f" P = {figs['p_value']}). 0.{rng.randint(1, 99)} & <more>")
            start = pos + rng.randint(0, 400)
            pos = start + len(quote)
            location = rng.choice(["text", "text", "table", "abstract"])
            evidence.append({
                "doc_id": doc_id, "source": source, "trial": t,
                "trial_inferred": rng.choice(["False", "False", "True"]), "endpoint": ep,
                "assessment": rng.choice(["", "", "IRF", "mRECIST"]),
                "measure": rng.choice(["median", "median", "", "rate"]),
                "arm_exp": arms_of[t][0] if rng.random() < 0.9 else "",
                "arm_ctrl": arms_of[t][1] if rng.random() < 0.8 else "",
                **figs, "unit": rng.choice(["months", "months", "%", ""]), "ci_level": "95",
                "location": location, "page": float(rng.randint(1, n_pages)),
                "section": rng.choice(["RESULTS", "Table 2 Efficacy outcomes of the included "
                                       "randomized controlled trials in HCC", "", EVIL]),
                "start": start, "end": pos, "quote": quote,
                "citations": rng.choice(["", "12", "45;46"])})
            n_ev += 1
            if rng.random() < 0.28:
                low = str(rng.randint(1, 4))
                tq = f"Systemic therapy was started {low} weeks after TACE in {t}."
                start = pos + rng.randint(0, 200)
                pos = start + len(tq)
                timings.append({
                    "doc_id": doc_id, "source": source, "trial": t,
                    "regimen": arms_of[t][0], "relation": rng.choice(["after", "before",
                                                                      "within"]),
                    "low": low, "high": rng.choice(["", low, str(int(low) + 2)]),
                    "unit": "weeks", "anchor": "first TACE", "location": "text",
                    "page": rng.randint(1, n_pages), "start": start, "end": pos, "quote": tq})
                n_tm += 1
        docs.append({"doc_id": doc_id, "source": source, "format": kind, "status": "ok",
                     "stage": "", "error": "", "pages": n_pages, "n_evidence": n_ev,
                     "n_timings": n_tm, "extracted": True})

    gold_by = {}
    for g in gold.to_dict("records"):
        gold_by.setdefault((g["trial"], g["endpoint"]), []).append(g)

    def side(prefix: str, rec: dict | None) -> dict:
        if rec is None:
            return {f"{prefix}_{f}": "" for f in _SIDE}
        return {f"{prefix}_{f}": str(rec.get(f, "")) for f in _SIDE}

    flags = []
    n_flags = int(len(evidence) * 3.1)
    for k in range(n_flags):
        code, sev = rng.choice(CODES)
        r = rng.random()
        if code == "TIMING_CONFLICT" and timings:
            ev = rng.choice(timings)
            other = rng.choice([t for t in timings if t["doc_id"] == ev["doc_id"]])
        else:
            ev = rng.choice(evidence) if r < 0.93 else None
            other = rng.choice(evidence) if code in ("INTERNAL_CONFLICT", "CROSS_DOC_CONFLICT",
                                                     "DUPLICATED_VALUES") and ev else None
        trial = ev["trial"] if ev else rng.choice(trials)
        endpoint = ev.get("endpoint", "") if ev else rng.choice(["", "OS"])
        golds = gold_by.get((trial, endpoint), [])
        g = rng.choice(golds) if golds and rng.random() < 0.8 else None
        msg = (f"hr {ev.get('hr', '')} (text, p. 3) vs {other.get('hr', '')} (table, p. 4)"
               if ev and other else
               f"HR {ev.get('hr', '0.7') if ev else '0.7'} differs: HR 0.76 vs 0.60, "
               f"experimental arm 22.0 vs 22.1)" if r < 0.5 else
               f"{trial} value 11.3 is not in gold {EVIL}")
        status = rng.choice(["open"] * 6 + ["confirmed", "accepted", "dismissed", ""])
        row = {c: "" for c in FLAG_COLUMNS + DETAIL_COLUMNS}
        row.update({
            "flag_id": f"{code[:4].lower()}-{k:05d}-{rng.getrandbits(32):08x}",
            "code": code, "severity": sev if rng.random() < 0.97 else "", "trial": trial,
            "endpoint": endpoint, "message": msg,
            "evidence": f"{ev['source']} p.{ev['page']} {ev['location']}" if ev else "",
            "other": f"{other['source']} p.{other['page']}" if other else "",
            "gold": (f"{trial} {g['analysis']}: {endpoint} {g['value_exp']} vs "
                     f"{g['value_ctrl']}, HR {g['hr']}") if g else "",
            "status": status,
            **side("evidence", ev if rng.random() < 0.9 else None), **side("other", other),
        })
        if ev and rng.random() < 0.1:  # the side's detail left to the record itself
            row["evidence_quote"] = ""
            row["evidence_source"] = ""
            row["evidence_page"] = ""
        if g:
            row.update({"gold_publication": g["publication"], "gold_source": g["source"],
                        "gold_read_in": g["read_in"], "gold_analysis": g["analysis"]})
        if status not in ("open", ""):
            row.update({"decision_note": rng.choice(["same at precision", EVIL, "typo"]),
                        "decided_by": rng.choice(["curator-a", "curator-b"]),
                        "decided_at": "2026-11-20T10:00:00Z"})
        flags.append(row)
    flags_df = pd.DataFrame(flags, columns=FLAG_COLUMNS + DETAIL_COLUMNS).astype(str)

    changes = "\n".join(
        ["# Changes", "", f"- {len(docs) // 10} new documents", f"- new flag on `{EVIL}`",
         "", "| code | new | gone |", "|---|---:|---:|"]
        + [f"| {c} | {rng.randint(0, 9)} | {rng.randint(0, 9)} |" for c, _ in CODES[:5]]) + "\n"
    return {
        "documents": pd.DataFrame(docs),
        "evidence": pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS + ["citations"]),
        "timings": pd.DataFrame(timings, columns=TIMING_COLUMNS),
        "errors": pd.DataFrame([{"doc_id": d["doc_id"], "source": d["source"],
                                 "stage": d["stage"], "error": d["error"]}
                                for d in docs if d["status"] != "ok"]),
        "flags": flags_df,
        "gold": gold,
        "changes": changes,
        "run": {"run_id": "20261121T170000-synth", "started": "2026-11-21T17:00:00Z",
                "finished": "2026-11-21T17:01:00Z",
                "counts": {"documents": len(docs), "flags": {"error": 1, "warning": 2}}},
        "stale_decisions": [{"flag_id": "gone-1", "status": "dismissed", "note": EVIL,
                             "by": "curator-a"}],
    }
