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


def _keep(shot: Path) -> None:
    """A real screenshot, kept in test-artifacts/ for a person to look at."""
    assert shot.stat().st_size > 10_000
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(shot, artifacts / shot.name)


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
    _keep(shot)


def _findings_alignment():
    """The seed-style document with a wrong term (p12: "Narcotics Commission") and p13 said again at
    the end in other Chinese words: a term problem and a consistency group."""
    from dataclasses import replace

    from align.model import Alignment, Bead

    base = unodc_alignment()
    beads = [replace(b, en_text=b.en_text.replace("Commission on Narcotic Drugs", "Narcotics Commission"))
             if b.id in ("a5", "a5.1") else b for b in base.beads]
    p13 = next(b for b in beads if b.id == "a2")
    zh = "全世界非法鸦片生产仍有 90%左右在阿富汗进行，这加剧了当地的不稳定、跨国犯罪以及该区域和全世界的吸毒情况。"
    beads += [Bead("a12", "paragraph", ["p91"], ["p91"], zh, p13.en_text, 0.97),
              Bead("a12.1", "sentence", ["p91.s1"], ["p91.s1"], zh, p13.en_text, 0.97, parent="a12")]
    return Alignment(base.header, beads)


@pytest.mark.slow
def test_reviewer_filters_to_term_and_consistency_findings_and_jumps_below_the_toolbar(tmp_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: pip install -e '.[dev]' (see .ci/run)")
    from align.quality.terms import Term

    terms = [Term(("麻醉药品委员会",), ("Commission on Narcotic Drugs",), source="reference.tbx")]
    report = write_report(check_alignment(_findings_alignment(), terms=terms), tmp_path / "review.html")
    shot = tmp_path / "report-findings.png"
    with sync_playwright() as p:
        context = _browser_context(p, tmp_path / "profile")
        try:
            page = context.new_page()
            page.goto(report.as_uri())

            # The findings sections, with the approved English and the two versions of p13.
            terms_section = page.locator("#terms")
            assert terms_section.is_visible()
            assert "“Commission on Narcotic Drugs”" in terms_section.inner_text()
            groups = page.locator("#consistency li ul li")
            assert groups.count() == 2
            assert "a2.1 (p13)" in page.locator("#consistency").inner_text()

            # Filter to each new flag: only the beads that carry it are left.
            page.select_option("#filter", "term")
            assert [s.get_attribute("id") for s in page.locator("section.bead:visible").all()] == ["bead-a5"]
            page.click("button.code[data-code=inconsistent]")
            assert [s.get_attribute("id") for s in page.locator("section.bead:visible").all()] == ["bead-a2",
                                                                                                  "bead-a12"]

            # Jump to a bead: its header (id, score) is below the sticky toolbar, not under it.
            page.fill("#jump-to", "a10")
            page.press("#jump-to", "Enter")
            head = page.locator("#bead-a10 > .head").bounding_box()
            toolbar = page.locator("#controls").bounding_box()
            assert head["y"] >= toolbar["y"] + toolbar["height"] - 1
            assert head["y"] + head["height"] <= 900
            assert page.locator("#bead-a10 > .head .id").inner_text() == "a10"

            # A link in the term section jumps the same way.
            page.locator("#terms a.go").first.click()
            head = page.locator("#bead-a5 > .head").bounding_box()
            toolbar = page.locator("#controls").bounding_box()
            assert head["y"] >= toolbar["y"] + toolbar["height"] - 1
            assert page.locator("section.bead.target").get_attribute("id") == "bead-a5"
            page.screenshot(path=str(shot), full_page=False)
        finally:
            context.close()
    _keep(shot)


def test_report_marks_differing_numbers_and_opens_with_a_banner_for_unrelated_documents(tmp_path):
    checked = check_alignment(unodc_alignment())
    page = write_report(checked, tmp_path / "review.html").read_text(encoding="utf-8")
    assert '<mark class="diff">4,090 万</mark>' in page and '<mark class="diff">49.0 million</mark>' in page
    assert '<mark class="diff">E/CN.7/2012/14</mark>' in page
    assert 'id="verdict"' not in page
    checked.header["verdict"] = {"verdict": "unrelated", "reason": "the Chinese does not look like a translation of "
                                 "the English: only 4% of the text paired with confidence ≥ 0.5"}
    page = write_report(checked, tmp_path / "unrelated.html").read_text(encoding="utf-8")
    banner = page.index('<p class="banner unrelated" id="verdict"')
    assert banner < page.index('id="summary"') and "only 4% of the text paired" in page
