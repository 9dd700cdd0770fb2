"""Hand-built report input: small tables in the shape the pipeline hands over."""

from __future__ import annotations

import pandas as pd

from extract.columns import EVIDENCE_COLUMNS, FLAG_COLUMNS, TIMING_COLUMNS

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror=alert(1)>'

REVIEW = "corpus/review.txt"
NEWS = "corpus/news.txt"
EVIL = "corpus/evil <b>name</b>.txt"

TEXT_QUOTE = ("Recently, the SCT-I10A-C301 trial showed that finotonlimab plus a bevacizumab "
              "biosimilar significantly prolonged OS compared with sorafenib "
              "(22.1 months vs. 14.2 months; HR = 0.60).")
TABLE_QUOTE = "OS: 22.0 vs. 14.5 (HR = 0.76)"


def _ev(**kw) -> dict:
    row = {c: "" for c in EVIDENCE_COLUMNS}
    row.update({"trial_inferred": "False", "measure": "median", "unit": "months",
                "location": "text", "page": 1, "start": 0, "end": 10, "citations": ""})
    row.update(kw)
    return row


def _flag(**kw) -> dict:
    row = {c: "" for c in FLAG_COLUMNS}
    row.update({"status": "open"})
    row.update(kw)
    return row


def evidence() -> pd.DataFrame:
    rows = [
        _ev(doc_id="d1", source=REVIEW, trial="SCT-I10A-C301", endpoint="OS",
            arm_exp="finotonlimab plus bevacizumab biosimilar", arm_ctrl="sorafenib",
            value_exp="22.1", value_ctrl="14.2", hr="0.60", location="text", page=5,
            section="SYSTEMIC THERAPY", start=100, end=260, quote=TEXT_QUOTE, citations="48"),
        _ev(doc_id="d1", source=REVIEW, trial="SCT-I10A-C301", endpoint="OS",
            arm_exp="finotonlimab plus bevacizumab biosimilar", arm_ctrl="sorafenib",
            value_exp="22.0", value_ctrl="14.5", hr="0.76", location="table", page=4,
            section="Table 1", start=50, end=80, quote=TABLE_QUOTE, citations="48"),
        _ev(doc_id="d1", source=REVIEW, trial="SCT-I10A-C301", endpoint="PFS",
            arm_exp="finotonlimab plus bevacizumab biosimilar", arm_ctrl="sorafenib",
            value_exp="7.1", value_ctrl="2.9", hr="0.50", location="table", page=4,
            section="Table 1", quote="PFS: 7.1 vs. 2.9 (HR = 0.50)"),
        _ev(doc_id="d1", source=REVIEW, trial="SHARP", endpoint="OS", arm_exp="sorafenib",
            arm_ctrl="placebo", value_exp="10.70", value_ctrl="7.9", hr="0.69", ci_low="0.55",
            ci_high="0.87", ci_level="95", p_value="<0.001", page=3, section="INTRODUCTION",
            quote="SHARP: OS 10.70 vs. 7.9 months (HR 0.69; 95% CI 0.55-0.87)."),
        _ev(doc_id="d2", source=NEWS, trial="SHARP", endpoint="OS", arm_exp="sorafenib",
            arm_ctrl="placebo", value_exp="10.7", value_ctrl="7.9", hr="0.69", page=1,
            section="News", quote="Sorafenib extended OS to 10.7 months (HR 0.69)."),
        _ev(doc_id="d2", source=NEWS, trial="TALENTACE", endpoint="TACE-PFS",
            arm_exp="atezolizumab plus bevacizumab plus TACE", arm_ctrl="TACE",
            value_exp="11.30", value_ctrl="7.03", hr="0.71", ci_low="0.57", ci_high="0.88",
            p_value="0.0009", page=1, section="News",
            quote="TACE-PFS 11.30 vs 7.03 months; HR 0.71 (95% CI 0.57-0.88)."),
        # a document that tries to inject markup everywhere a string can go
        _ev(doc_id="d3", source=EVIL, trial=f"EVIL{SCRIPT}", endpoint="OS",
            assessment=IMG, arm_exp=f"drug{IMG}", arm_ctrl=SCRIPT, value_exp="1.5",
            value_ctrl="1.0", hr="0.80", ci_low="0.6", ci_high="1.1", page=2,
            section=f"Results {SCRIPT}",
            quote=f"The trial {SCRIPT} reported 1.5 vs 1.0 months {IMG} HR 0.80."),
    ]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS + ["citations"])


def timings() -> pd.DataFrame:
    rows = [
        {"doc_id": "d2", "source": NEWS, "trial": "TALENTACE",
         "regimen": "atezolizumab plus bevacizumab", "relation": "after", "low": "7",
         "high": "", "unit": "days", "anchor": "first TACE", "location": "text", "page": 1,
         "start": 0, "end": 10, "quote": "Systemic therapy began at least 7 days after TACE."},
        {"doc_id": "d3", "source": EVIL, "trial": f"EVIL{SCRIPT}", "regimen": IMG,
         "relation": "before", "low": "1", "high": "1", "unit": "days", "anchor": "first TACE",
         "location": "text", "page": 2, "start": 0, "end": 10, "quote": f"{IMG} 1 day before"},
    ]
    return pd.DataFrame(rows, columns=TIMING_COLUMNS)


def documents() -> pd.DataFrame:
    return pd.DataFrame([
        {"doc_id": "d1", "source": REVIEW, "status": "ok", "error": "", "pages": 12,
         "n_evidence": 4, "n_timings": 0},
        {"doc_id": "d2", "source": NEWS, "status": "ok", "error": "", "pages": 1,
         "n_evidence": 2, "n_timings": 1},
        {"doc_id": "d3", "source": EVIL, "status": "ok", "error": "", "pages": 2,
         "n_evidence": 1, "n_timings": 1},
        {"doc_id": "d4", "source": "corpus/broken.pdf", "status": "error",
         "error": f"encrypted PDF {SCRIPT}", "pages": None, "n_evidence": 0, "n_timings": 0},
    ])


GOLD_COLUMNS = ["trial", "analysis", "endpoint", "assessment", "measure", "arm_exp", "arm_ctrl",
                "value_exp", "value_ctrl", "unit", "hr", "ci_low", "ci_high", "ci_level",
                "p_value", "publication", "read_in", "source", "note"]


def gold() -> pd.DataFrame:
    """In the shape of gold/trials.csv (extract.gold.load_gold(...).trials)."""
    rows = [
        ["SCT-I10A-C301", "interim", "OS", "", "median",
         "finotonlimab plus bevacizumab biosimilar", "sorafenib", "22.1", "14.2", "months",
         "0.60", "0.44", "0.81", "95", "0.0008", "ASCO abstract", "conference abstract",
         "shared reference", ""],
        ["SHARP", "primary", "OS", "", "median", "sorafenib", "placebo", "10.7", "7.9",
         "months", "0.69", "0.55", "0.87", "95", "<0.001", "N Engl J Med 2008", "summary",
         "shared reference", ""],
        ["TALENTACE", "interim", "TACE-PFS", "IRF", "median",
         "atezolizumab plus bevacizumab plus TACE", "TACE", "11.3", "7.0", "months", "0.71",
         "0.57", "0.88", "95", "0.0009", "Lancet 2026", "news", f"press {IMG}", SCRIPT],
    ]
    return pd.DataFrame(rows, columns=GOLD_COLUMNS)


def flags() -> pd.DataFrame:
    rows = [
        _flag(flag_id="f-internal", code="INTERNAL_CONFLICT", severity="error",
              trial="SCT-I10A-C301", endpoint="OS",
              message="hr 0.60 (text, p. 5) vs 0.76 (table, p. 4)",
              evidence="corpus/review.txt p.5 text [100:260]",
              other="corpus/review.txt p.4 table [50:80]",
              gold="SCT-I10A-C301 interim analysis: OS 22.1 vs 14.2 months, HR 0.60",
              evidence_quote=TEXT_QUOTE, evidence_page="5", evidence_section="SYSTEMIC THERAPY",
              evidence_location="text", evidence_doc_id="d1", evidence_source=REVIEW,
              evidence_start="100", evidence_end="260",
              other_quote=TABLE_QUOTE, other_page="4", other_section="Table 1",
              other_location="table", other_doc_id="d1", other_source=REVIEW,
              other_start="50", other_end="80", gold_analysis="interim",
              gold_publication="ASCO abstract", gold_source="shared reference"),
        _flag(flag_id="f-gold", code="GOLD_MISMATCH", severity="error",
              trial="SCT-I10A-C301", endpoint="OS",
              message="HR 0.76 differs from gold 0.60", evidence="corpus/review.txt p.4 table",
              gold="SCT-I10A-C301 interim analysis: OS 22.1 vs 14.2 months, HR 0.60",
              evidence_quote=TABLE_QUOTE, evidence_page="4", evidence_section="Table 1",
              evidence_location="table", evidence_doc_id="d1", evidence_start="50",
              evidence_end="80", evidence_source=REVIEW, gold_analysis="interim",
              gold_publication="ASCO abstract", gold_source="shared reference",
              status="confirmed", decision_note="review table typo", decided_by="curator-a"),
        _flag(flag_id="f-cross", code="CROSS_DOC_CONFLICT", severity="warning",
              trial="SHARP", endpoint="OS", message="value_exp 10.70 vs 10.7",
              evidence_quote="SHARP: OS 10.70 vs. 7.9 months", evidence_page=3,
              other_quote="Sorafenib extended OS to 10.7 months", other_page=1,
              status="dismissed", decision_note="same at reporting precision"),
        _flag(flag_id="f-evil", code="NOT_IN_GOLD", severity="info",
              trial=f"EVIL{SCRIPT}", endpoint="OS",
              message=f"trial EVIL{SCRIPT} is not in gold {IMG}", evidence_doc_id="d3",
              evidence_start="0", evidence_end="10", evidence_source=EVIL,
              evidence_quote=f"The trial {SCRIPT} reported {IMG} 1.5", evidence_page=2,
              evidence_section=IMG, evidence_location="text", decision_note=SCRIPT,
              decided_by=IMG),
    ]
    return pd.DataFrame(rows)


CHANGES = ("- new document: `news.txt`\n- 2 new flags\n- <script>alert(1)</script> "
           "[link](javascript:alert(1)) <img src=x onerror=alert(1)>\n")


def sample_data() -> dict:
    return {
        "documents": documents(),
        "evidence": evidence(),
        "timings": timings(),
        "flags": flags(),
        "gold": gold(),
        "changes": CHANGES,
        "run": {"run_id": "run-test", "started": "2026-11-21T14:00:00Z",
                "finished": "2026-11-21T14:01:00Z", "counts": {"documents": 4}},
    }
