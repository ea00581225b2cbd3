"""Broken and missing text layers: a PDF whose fonts lost their Unicode maps is refused with a
pointer to --ocr (not as a language mismatch), and --ocr / --ocr-auto read it, and a scan, with
Tesseract through the same layout logic as a text layer; OCR'd blocks are marked. The scanned
report has a chapter, numbered paragraphs, items in a hanging indent and a footnote: OCR finds every
one of them with its number, and reads the text at the accuracy benchmarks/ocr_seed.py reports."""

import json
import random
import shutil
import subprocess

import numpy as np
import pytest
from conftest import SEED
from typer.testing import CliRunner

from align.cli.app import app
from align.documents.language import text_layer_problem
from align.documents.ocr import _full_width, _in_order, _strokes
from align.documents.segment import segment_file
from benchmarks.ocr_seed import accuracy, strip_tounicode

runner = CliRunner()


def test_text_layer_problem_tells_text_from_glyph_numbers():
    text = SEED.read_text(encoding="utf-8")
    assert text_layer_problem(text) is None
    assert text_layer_problem("(cid:12)(cid:7)(cid:3)" * 50) == "fonts without a Unicode map"
    rng = random.Random(7)  # code points picked by glyph numbers: CJK, but not the characters Chinese uses
    scrambled = "".join(chr(0x4E00 + rng.randrange(20900)) if "\u4e00" <= c <= "\u9fff" else c for c in text)
    assert text_layer_problem(scrambled) == "fonts without a Unicode map"


def test_chinese_punctuation_is_full_width_latin_is_not():
    """The Chinese model gives ASCII punctuation where Chinese text prints full-width forms."""
    assert _full_width(["出售品编号:", "E.11.XI.10。"]) == ["出售品编号：", "E.11.XI.10。"]
    assert _full_width(["办公室(毒品", "和犯罪)的"]) == ["办公室（毒品", "和犯罪）的"]
    assert _full_width(["第5号(HS/1232/09E)。"]) == ["第5号（HS/1232/09E）。"]
    assert _full_width(["措施;", "以及"]) == ["措施；", "以及"]
    assert _full_width(["〈包括在监狱中)"]) == ["（包括在监狱中）"]  # the model's reading of "（"
    assert _full_width(["V.12-50567", "(C)", "10:30"]) == ["V.12-50567", "(C)", "10:30"]


def test_words_keep_tesseract_order_when_boxes_overlap():
    """Chinese boxes reach over the next words ("”西亚" over "和中亚"): order is Tesseract's, boxes
    are cut where the next word starts, so characters spread over a box stay in order."""
    words = [("西亚", 613, 0, 303, 41), ("和", 719, 0, 32, 62), ("中", 750, 0, 48, 62), ("亚", 797, 0, 51, 62)]
    out = _in_order(words)
    assert [w[0] for w in out] == ["西亚", "和", "中", "亚"]
    assert all(a[1] + a[3] <= b[1] for a, b in zip(out, out[1:]))


def test_chinese_numerals_counted_by_strokes_and_brackets_are_not():
    def image(bars=(), box=False):
        a = np.full((48, 60), 255, dtype=np.uint8)
        for y in bars:
            a[y : y + 4, 4:40] = 0
        if box:
            a[5:40, 4:8] = 0
        a[38:42, 50:54] = 0  # the dot
        return a

    assert _strokes(image([20])) == "一."
    assert _strokes(image([12, 30])) == "二."
    assert _strokes(image([8, 20, 32])) == "三."
    assert _strokes(image([20], box=True)) is None  # "(c)": a bracket is no bar


REPORT = """一. 导言和战略方向

1. {p1}

2. {p2}

3. {p3}¹

¹ 联合国出版物，出售品编号：E.11.XI.10。

4. {p12}

(a) {p12a}

(b) {p12b}

(c) {p12c}

5. {p5}
"""


@pytest.fixture(scope="module")
def chinese_pdf(tmp_path_factory):
    """A short report made of the seed's paragraphs, items and a footnote, written as a Word file
    with automatic numbering and printed to PDF by LibreOffice."""
    from docx_build import seed_as_word

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("tesseract") is None:
        pytest.fail("LibreOffice and Tesseract are needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk "
                    "tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng")
    folder = tmp_path_factory.mktemp("ocr")
    seed = segment_file(SEED)
    text = REPORT.format(**{k.replace(".", ""): seed.block(k).text
                            for k in ("p1", "p2", "p3", "p12", "p12.a", "p12.b", "p12.c", "p5")})
    (folder / "report.txt").write_text(text, encoding="utf-8")
    truth = segment_file(folder / "report.txt")
    seed_as_word(folder / "report.txt", truth, folder / "report.docx")
    subprocess.run([office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(folder / "report.docx")], capture_output=True, timeout=600)
    assert (folder / "report.pdf").exists()
    return folder / "report.pdf", truth


def _check_read(doc, truth):
    """Every paragraph and item with its number, the chapter, the footnote with its number and text,
    and the text at an accuracy of 0.97 or better (OCR text still needs review)."""
    assert doc.lang == "zh" and doc.meta["ocr_pages"]
    assert [b.id for b in doc.paragraphs() if b.number] == ["p1", "p2", "p3", "p4", "p5"]
    assert [b.id for b in doc.blocks if b.kind == "item"] == ["p4.a", "p4.b", "p4.c"]
    assert [b.label for b in doc.blocks if b.kind == "heading"] == ["一."]
    assert list(doc.footnotes) == [1]  # the marker "¹" in p3's text is not found by OCR yet (read as "，")
    assert accuracy(truth.footnotes[1], doc.footnotes[1]) >= 0.8  # 8-point type: "E.11L.XL10" for "E.11.XI.10"
    assert all(b.ocr for b in doc.blocks)
    for b in truth.blocks:
        assert accuracy(b.text, doc.block(b.id).text) >= 0.9, (b.id, doc.block(b.id).text)
    assert accuracy("".join(b.text for b in truth.blocks), "".join(b.text for b in doc.blocks)) >= 0.97


@pytest.mark.slow
def test_pdf_without_unicode_maps_refused_then_read_with_ocr(chinese_pdf, tmp_path):
    pdf, truth = chinese_pdf
    broken = strip_tounicode(pdf, tmp_path / "broken.pdf")
    result = runner.invoke(app, ["segment", str(broken)])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0] == (f"bitext: error: {broken}: the PDF's text layer is not readable text (fonts without a "
                        "Unicode map); run with --ocr")
    assert "looks like" not in result.stderr
    result = runner.invoke(app, ["segment", str(broken), "--ocr-auto", "--json"])
    assert result.exit_code == 0, result.output
    assert "read by OCR (Tesseract); OCR text needs review" in result.stderr
    data = json.loads(result.stdout)
    from pypdf import PdfReader

    pages = len(PdfReader(broken).pages)  # every page lost its Unicode maps: every page is read by OCR
    assert all(b["ocr"] for b in data["blocks"]) and data["meta"]["ocr_pages"] == list(range(1, pages + 1))
    assert [b["id"] for b in data["blocks"] if b["kind"] == "paragraph"] == ["p1", "p2", "p3", "p4", "p5"]


@pytest.mark.slow
def test_scan_read_with_ocr_and_marked_in_the_alignment(chinese_pdf, tmp_path):
    from PIL import Image

    from align.aligner.align import align_documents
    from align.documents.segment import segment_text

    pdf, truth = chinese_pdf
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]
    scan = tmp_path / "scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=300)
    result = runner.invoke(app, ["segment", str(scan)])
    assert result.exit_code == 2 and "no text layer" in result.stderr and "--ocr" in result.stderr
    doc = segment_file(scan, "zh", ocr="on")
    _check_read(doc, truth)
    en = segment_text("\n".join(f"{k}. Paragraph {k} of the report." for k in range(1, 6)), "en")
    header = align_documents(doc, en).header
    assert header["zh"]["ocr_blocks"] == [b.id for b in doc.blocks] and "ocr_blocks" not in header["en"]
