"""`bitext align` end to end on the files users get: a Chinese Word file and an English PDF.

The UDHR pair is written as a Word document (Chinese) and printed to PDF by LibreOffice (English);
aligning those two files must give the gold paragraph alignment, and the folder must hold what a
translator and a reviewer open: the TMX and the review report."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import CORPORA
from docx_build import UNDocx
from lxml import etree
from typer.testing import CliRunner

from align.cli.app import app
from align.documents.segment import segment_file
from align.formats.gold import gold_alignment
from align.formats.jsonl import read_alignment
from align.formats.tmx import read_tmx, validate_tmx
from align.pipeline.corpora import list_pairs

runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def udhr_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("udhr_files")
    pair = next(p for p in list_pairs(CORPORA) if p.name == "udhr")
    docs = {lang: segment_file(getattr(pair, lang), lang) for lang in ("zh", "en")}
    for lang, doc in docs.items():
        word = UNDocx(east_asia_font="Noto Sans CJK SC" if lang == "zh" else None)
        for block in doc.blocks:
            word.text(block.text)
        word.save(folder / f"udhr.{lang}.docx")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail("LibreOffice is needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(folder / "udhr.en.docx")],
        capture_output=True, text=True, timeout=600,
    )
    assert (folder / "udhr.en.pdf").exists(), result.stdout + result.stderr
    return pair, docs, folder / "udhr.zh.docx", folder / "udhr.en.pdf"


def test_word_and_pdf_give_the_blocks_of_the_text(udhr_files):
    _, docs, zh_docx, en_pdf = udhr_files
    for path, doc in ((zh_docx, docs["zh"]), (en_pdf, docs["en"])):
        again = segment_file(path)
        assert [b.text for b in again.blocks] == [b.text for b in doc.blocks], path


def test_align_word_with_pdf(udhr_files, tmp_path):
    pair, docs, zh_docx, en_pdf = udhr_files
    out = tmp_path / "out"
    result = runner.invoke(app, ["align", str(zh_docx), str(en_pdf), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "flagged by the checks" in result.output

    alignment = read_alignment(out / "alignment.jsonl")
    assert alignment.header["zh"]["format"] == "docx" and alignment.header["en"]["format"] == "pdf"
    gold = gold_alignment(pair, docs["zh"], docs["en"])
    found = {(tuple(b.zh), tuple(b.en)) for b in alignment.paragraph_beads()}
    expected = {(tuple(b.zh), tuple(b.en)) for b in gold.beads}
    assert len(found & expected) / len(expected) >= 0.97

    # The translation memory: valid TMX 1.4b, sentence level, every unit with its document and paragraph.
    assert validate_tmx(out / "alignment.tmx") == []
    tm = read_tmx(out / "alignment.tmx")
    assert len(tm.beads) >= 90
    tu = etree.parse(str(out / "alignment.tmx")).find(".//tu")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props["x-document"] == "udhr.en.pdf" and props["x-level"] == "sentence"
    assert props["x-paragraph"] == "title"  # the UDHR is a legal instrument: its title, preamble, articles

    # The review report: the beads the checks flagged are highlighted in it.
    html = (out / "review.html").read_text(encoding="utf-8")
    assert "人人生而自由" in html and "All human beings are born free" in html
    flagged = [b for b in alignment.paragraph_beads() if b.flags]
    assert flagged
    for b in flagged:
        assert f'class="bead flagged" id="bead-{b.id}" data-flags="{b.flags[0].code}' in html

    # Running again does not overwrite without --force.
    again = runner.invoke(app, ["align", str(zh_docx), str(en_pdf), "-o", str(out), "--quiet"])
    assert again.exit_code == 2 and "--force" in again.output
