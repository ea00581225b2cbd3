"""The HTML review report in a real headless browser (Debian chromium, driven by Playwright).

The page is opened from disk with the network unused; the test filters to one flag, checks what a
reviewer then sees, jumps to a paragraph id, and saves a screenshot (tmp path and test-artifacts/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from quality_data import unodc_alignment

from align.quality.checks import check_alignment
from align.quality.report import write_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser_context(playwright, profile: Path):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed at /usr/bin/chromium: apt-get install chromium (see .ci/run)")
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
        viewport={"width": 1280, "height": 900}, locale="en-GB",
    )


@pytest.mark.slow
def test_reviewer_filters_by_flag_and_jumps_to_a_paragraph(tmp_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: pip install -e '.[dev]' (see .ci/run)")
    report = write_report(check_alignment(unodc_alignment()), tmp_path / "review.html")
    shot = tmp_path / "report-number-filter.png"
    with sync_playwright() as p:
        context = _browser_context(p, tmp_path / "profile")
        try:
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri())

            # The summary at the top.
            assert page.locator("#totals").inner_text() == "11 paragraph beads, 20 sentence beads; 14 flagged"
            number_row = page.locator("#summary tr", has=page.locator("button[data-code=number]"))
            assert number_row.locator("td.n").all_inner_texts() == ["1", "1", "2"]
            assert page.locator("#status").inner_text() == "11 of 11 paragraph beads shown"

            # Filter to one flag: only the paragraph with the wrong figure is left, its reason shown
            # and the sentence that holds the figure marked.
            page.select_option("#filter", "number")
            assert page.locator("#status").inner_text() == "1 of 11 paragraph beads shown"
            shown = page.locator("section.bead:visible")
            assert shown.count() == 1
            assert shown.get_attribute("id") == "bead-a3"
            assert "p85 ↔ p85" in shown.locator(".head").first.inner_text()
            reason = shown.locator("ul.flags li").first
            assert reason.is_visible()
            assert "4,090 万" in reason.inner_text() and "49.0 million" in reason.inner_text()
            assert page.locator("[id='bead-a3.3']").get_attribute("class") == "sent flagged match"
            assert page.locator("[id='bead-a3.1']").get_attribute("class") == "sent"
            page.screenshot(path=str(shot), full_page=True)

            # The summary's buttons filter too.
            page.click("button.code[data-code=symbol]")
            assert page.locator("section.bead:visible").get_attribute("id") == "bead-a4"
            page.select_option("#filter", "flagged")
            assert page.locator("#status").inner_text() == "8 of 11 paragraph beads shown"

            # Jump to a paragraph id: the filter opens up if it hid it.
            page.select_option("#filter", "number")
            page.fill("#jump-to", "p36")
            page.click("#jump button")
            target = page.locator("section.bead.target")
            assert target.get_attribute("id") == "bead-a8"
            assert target.is_visible()
            assert page.locator("#filter").input_value() == "all"
            assert page.locator("#status").inner_text() == "Showing p36"
            page.fill("#jump-to", "p999")
            page.press("#jump-to", "Enter")
            assert page.locator("#status").inner_text() == "No paragraph or bead p999 in this alignment"

            # Nothing but the file itself was loaded.
            assert requests == [report.as_uri()]
        finally:
            context.close()
    assert shot.stat().st_size > 10_000
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(shot, artifacts / shot.name)
