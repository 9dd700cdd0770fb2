"""Every string from a document or the gold table is inert text in the report."""

from extract.report import build_report, render_html, summary_markdown
from extract.report.html import TEMPLATES

from .dom import parse
from .sample import EVIL, IMG, SCRIPT, sample_data


def _dom(tmp_path):
    path = build_report(sample_data(), tmp_path)
    return parse(path.read_text(encoding="utf-8"))


def test_the_only_script_element_is_the_reports_own_filter(tmp_path):
    dom = _dom(tmp_path)
    scripts = dom.all("script")
    assert len(scripts) == 1
    assert scripts[0].attrs == {}
    assert scripts[0].text == (TEMPLATES / "filter.js").read_text(encoding="utf-8")


def test_no_img_element_and_no_event_handler_attribute(tmp_path):
    dom = _dom(tmp_path)
    assert dom.all("img") == []
    handlers = [(e.tag, a) for e in dom.elements for a in e.attrs if a.lower().startswith("on")]
    assert handlers == []


def test_injected_markup_is_shown_as_text(tmp_path):
    dom = _dom(tmp_path)
    # quotes, trial names, arms, sections, decisions, gold source and note, ingestion error
    assert dom.text.count(SCRIPT) >= 8
    assert dom.text.count(IMG) >= 6
    assert f"The trial {SCRIPT} reported" in dom.text
    assert f"encrypted PDF {SCRIPT}" in dom.text
    assert EVIL in dom.text


def test_injected_markup_in_attributes_stays_one_attribute_value(tmp_path):
    dom = _dom(tmp_path)
    flag = [e for e in dom.elements if e.attrs.get("id") == "flag-f-evil"]
    assert len(flag) == 1
    assert flag[0].attrs["data-trial"] == f"EVIL{SCRIPT}"
    options = [e.attrs.get("value") for e in dom.all("option")]
    assert f"EVIL{SCRIPT}" in options


def test_changes_markdown_cannot_inject_markup_or_links():
    html = render_html(sample_data())
    dom = parse(html)
    assert not any(e.attrs.get("href", "").lower().startswith("javascript")
                   for e in dom.all("a"))
    changes = html.split('id="changes"', 1)[1].split("</div>", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in changes
    assert "<code>news.txt</code>" in changes  # Markdown itself is still rendered


def test_content_security_policy_allows_only_the_reports_script():
    dom = parse(render_html(sample_data()))
    csp = [e.attrs["content"] for e in dom.all("meta")
           if (e.attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp) == 1
    assert "default-src 'none'" in csp[0] and "script-src 'sha256-" in csp[0]


def test_summary_markdown_carries_no_raw_html():
    md = summary_markdown(sample_data())
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;" in md
