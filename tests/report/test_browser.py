"""The report in headless Chromium: flags and forest plots visible, filters work, no script
from a document runs."""

from pathlib import Path

import pytest

from extract.report import build_report

from .sample import sample_data

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium's own connections are refused on a
# closed network and slow start-up down.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright's Python package is not installed")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        if CHROMIUM.exists():
            b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        else:  # Playwright's own Chromium, when one was installed with it
            try:
                b = pw.chromium.launch(args=CHROMIUM_ARGS)
            except sync_api.Error as exc:
                pytest.skip("no browser: /usr/bin/chromium is not installed (apt-get install "
                            f"chromium) and Playwright has no Chromium of its own ({exc})"[:300])
        yield b
        b.close()


@pytest.fixture
def report_page(browser, tmp_path):
    path = build_report(sample_data(), tmp_path)
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    events = {"dialogs": [], "errors": [], "requests": []}

    def on_dialog(dialog):
        events["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: events["errors"].append(str(exc)))
    page.on("console", lambda msg: events["errors"].append(msg.text)
            if msg.type == "error" else None)
    page.on("request", lambda req: events["requests"].append(req.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    yield page, events, tmp_path
    page.close()


def _visible_flag_ids(page):
    return [el.get_attribute("id") for el in page.locator("#flags .flag").all()
            if el.is_visible()]


def test_flags_and_forest_plots_are_visible(report_page):
    page, events, tmp_path = report_page
    assert _visible_flag_ids(page) == ["flag-f-internal", "flag-f-gold", "flag-f-cross",
                                       "flag-f-evil"]
    plots = page.locator("svg.forest")
    assert plots.count() == 5
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        assert plot.is_visible()
        box = plot.bounding_box()
        assert box["width"] > 300 and box["height"] > 40
    assert page.locator("#flag-filters").is_visible()  # the script ran and showed the filters
    assert page.locator("#flag-count").inner_text() == "4 of 4 flags shown"
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert events["errors"] == []  # no script error, no content-security-policy violation
    assert events["requests"] == [Path(tmp_path / "report.html").as_uri()]  # nothing fetched


def test_filters_hide_and_show_flags(report_page):
    page, _, tmp_path = report_page
    page.select_option("#filter-severity", "error")
    assert _visible_flag_ids(page) == ["flag-f-internal", "flag-f-gold"]
    assert page.locator("#flag-count").inner_text() == "2 of 4 flags shown"
    page.select_option("#filter-code", "GOLD_MISMATCH")
    assert _visible_flag_ids(page) == ["flag-f-gold"]
    page.select_option("#filter-status", "open")
    assert _visible_flag_ids(page) == []
    page.click("#flag-reset")
    assert len(_visible_flag_ids(page)) == 4
    page.select_option("#filter-trial", "SHARP")
    assert _visible_flag_ids(page) == ["flag-f-cross"]
    page.select_option("#filter-trial", "EVIL<script>alert(1)</script>")
    assert _visible_flag_ids(page) == ["flag-f-evil"]
    page.screenshot(path=str(tmp_path / "filtered.png"), full_page=False)


def test_document_markup_does_not_run(report_page):
    page, events, _ = report_page
    assert events["dialogs"] == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    assert page.evaluate("document.scripts.length") == 1
    flag = page.locator("#flag-f-evil blockquote.quote")
    assert "<script>alert(1)</script>" in flag.inner_text()
    assert "<img src=x onerror=alert(1)>" in flag.inner_text()


def test_without_javascript_every_flag_is_visible_and_the_filters_are_hidden(browser, tmp_path):
    path = build_report(sample_data(), tmp_path)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        assert len(_visible_flag_ids(page)) == 4
        assert not page.locator("#flag-filters").is_visible()
        assert page.locator("svg.forest").first.is_visible()
    finally:
        context.close()
