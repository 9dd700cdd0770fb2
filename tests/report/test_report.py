"""The HTML report: its sections, and how it is written."""

from pathlib import Path

import pandas as pd
import pytest

from extract.report import build_report, render_html

from .dom import parse
from .sample import sample_data


@pytest.fixture(scope="module")
def page():
    html = render_html(sample_data())
    return html, parse(html)


def _by_class(dom, cls):
    return [e for e in dom.elements if cls in (e.attrs.get("class") or "").split()]


def test_overview_counts(page):
    html, dom = page
    overview = html.split('id="overview"', 1)[1].split("</section>", 1)[0]
    assert "<b>3</b> documents read" in overview
    assert '<b class="sev-error">1</b> failed' in overview
    assert "<b>7</b> evidence records" in overview
    counts = overview.split('id="flag-counts"', 1)[1].split("</table>", 1)[0]
    # error row: 1 open, 1 confirmed, 0 accepted, 0 dismissed, total 2
    error_row = counts.split("sev-error", 1)[1].split("</tr>", 1)[0]
    assert [c.split(">")[-1] for c in error_row.split("</td>")[:-1]][:4] == ["1", "1", "0", "0"]


def test_every_flag_is_rendered_with_its_filter_attributes(page):
    _, dom = page
    flags = _by_class(dom, "flag")
    assert [f.attrs["id"] for f in flags] == ["flag-f-internal", "flag-f-gold", "flag-f-cross",
                                              "flag-f-evil"]
    assert flags[0].attrs["data-severity"] == "error"
    assert flags[0].attrs["data-code"] == "INTERNAL_CONFLICT"
    assert flags[0].attrs["data-trial"] == "SCT-I10A-C301"
    assert flags[1].attrs["data-status"] == "confirmed"
    assert not any("hidden" in f.attrs for f in flags)  # visible without the script


def test_flag_shows_both_quotes_gold_row_and_decision(page):
    html, _ = page
    flag = html.split('id="flag-f-gold"', 1)[1].split('class="flag ', 1)[0]
    assert "OS: <mark>22.0</mark> vs. <mark>14.5</mark> (HR = <mark>0.76</mark>)" in flag
    assert "ASCO abstract" in flag and "shared reference" in flag
    assert 'class="num differ">0.60</td>' in flag  # the gold HR the table disagrees with
    assert "review table typo" in flag and "curator-a" in flag
    conflict = html.split('id="flag-f-internal"', 1)[1].split('class="flag ', 1)[0]
    assert conflict.count('<blockquote class="quote">') == 2
    assert "HR = <mark>0.60</mark>" in conflict and "HR = <mark>0.76</mark>" in conflict


def test_trial_rows_are_grouped_and_marked(page):
    _, dom = page
    rows = [e for e in dom.all("tr") if "ev-row" in (e.attrs.get("class") or "")]
    classes = [(r.attrs["data-group"], r.attrs["class"].split()[1]) for r in rows]
    assert ("A", "row-agree") in classes and ("B", "row-differ") in classes
    assert len(_by_class(dom, "differ")) >= 3


def test_a_forest_plot_per_endpoint_with_hazard_ratios(page):
    _, dom = page
    svgs = [e for e in dom.all("svg") if "forest" in (e.attrs.get("class") or "")]
    # SCT OS, SCT PFS, SHARP OS, TALENTACE TACE-PFS, EVIL OS
    assert len(svgs) == 5
    assert len(_by_class(dom, "null")) == 5  # the HR = 1 line in each
    assert len(_by_class(dom, "fl-gold")) == 3  # gold lines where the gold has an HR
    assert len(_by_class(dom, "pt-only")) >= 3  # HRs without CI are points


def test_documents_section_shows_the_ingestion_error(page):
    html, _ = page
    docs = html.split('id="documents"', 1)[1]
    assert docs.index("broken.pdf") < docs.index("review.txt")  # failures first
    assert '<pre class="error">encrypted PDF &lt;script&gt;' in docs


def test_report_tolerates_missing_detail_columns_and_nan():
    data = sample_data()
    data["flags"] = data["flags"][["flag_id", "code", "severity", "trial", "endpoint", "message",
                                   "status"]]
    data["evidence"].loc[0, "hr"] = float("nan")
    data["gold"] = None
    data["run"] = None
    html = render_html(data)
    assert 'id="flag-f-internal"' in html
    assert ">nan<" not in html.lower() and ">None<" not in html


def test_old_gold_column_names_are_accepted():
    data = sample_data()
    data["gold"] = data["gold"].rename(columns={"value_exp": "median_exp",
                                                "value_ctrl": "median_ctrl",
                                                "arm_exp": "arm_experimental",
                                                "arm_ctrl": "arm_control"})
    assert render_html(data) == render_html(sample_data())


def test_write_is_atomic_and_leaves_no_temp_file_on_failure(tmp_path, monkeypatch):
    path = build_report(sample_data(), tmp_path)
    before = path.read_bytes()
    real_write_text = Path.write_text

    def write_half_then_fail(self, content, *args, **kwargs):
        real_write_text(self, content[:100], *args, **kwargs)  # the disk fills mid-write
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_text", write_half_then_fail)
    with pytest.raises(OSError):
        build_report({"documents": pd.DataFrame()}, tmp_path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_overview_counts_flags_by_code_and_lists_stale_decisions():
    data = sample_data()
    data["stale_decisions"] = [{"flag_id": "gone123", "status": "dismissed",
                                "note": "<i>old</i>", "by": "curator-b"}]
    html = render_html(data)
    codes = html.split('id="flag-codes"', 1)[1].split("</table>", 1)[0]
    assert codes.index("INTERNAL_CONFLICT") < codes.index("CROSS_DOC_CONFLICT") < codes.index(
        "NOT_IN_GOLD")
    stale = html.split('id="stale-decisions"', 1)[1].split("</table>", 1)[0]
    assert "gone123" in stale and "&lt;i&gt;old&lt;/i&gt;" in stale


def test_run_counts_are_flattened():
    data = sample_data()
    data["run"]["counts"] = {"documents": 4, "flags": {"error": 2, "warning": 1}}
    html = render_html(data)
    assert "flags error <b>2</b>" in html and "documents <b>4</b>" in html


def test_report_is_self_contained(page):
    html, dom = page
    assert dom.all("link") == [] and dom.all("iframe") == [] and dom.all("object") == []
    assert not [e.tag for e in dom.elements if "src" in e.attrs]
    hrefs = [e.attrs["href"] for e in dom.all("a") if "href" in e.attrs]
    assert hrefs and all(h.startswith("#") for h in hrefs)  # in-page links only
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style


def test_flag_sides_link_to_their_document(page):
    html, dom = page
    flag = html.split('id="flag-f-internal"', 1)[1].split('<div class="flag ', 1)[0]
    links = [e.attrs["href"][1:] for e in parse(flag).all("a") if "src" in
             (e.attrs.get("class") or "")]
    assert len(links) == 2
    ids = {e.attrs.get("id") for e in dom.all("article")}
    assert set(links) <= ids
