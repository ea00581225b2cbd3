"""Broken and missing text layers: a PDF whose fonts lost their Unicode maps is refused with a
pointer to --ocr (not as a language mismatch), and --ocr / --ocr-auto read it, and a scan, with
Tesseract through the same layout logic as a text layer; OCR'd blocks are marked."""

import difflib
import json
import random
import shutil
import subprocess

import pytest
from conftest import SEED
from typer.testing import CliRunner

from align.cli.app import app
from align.documents.language import text_layer_problem
from align.documents.segment import segment_file

runner = CliRunner()
PARAGRAPHS = 6


def test_text_layer_problem_tells_text_from_glyph_numbers():
    text = SEED.read_text(encoding="utf-8")
    assert text_layer_problem(text) is None
    assert text_layer_problem("(cid:12)(cid:7)(cid:3)" * 50) == "fonts without a Unicode map"
    rng = random.Random(7)  # code points picked by glyph numbers: CJK, but not the characters Chinese uses
    scrambled = "".join(chr(0x4E00 + rng.randrange(20900)) if "\u4e00" <= c <= "\u9fff" else c for c in text)
    assert text_layer_problem(scrambled) == "fonts without a Unicode map"


@pytest.fixture(scope="module")
def chinese_pdf(tmp_path_factory):
    """The first paragraphs of the seed as a Word file printed to PDF by LibreOffice."""
    from docx_build import UNDocx

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("tesseract") is None:
        pytest.fail("LibreOffice and Tesseract are needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk "
                    "tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng")
    folder = tmp_path_factory.mktemp("ocr")
    seed = segment_file(SEED)
    d = UNDocx(east_asia_font="Noto Serif CJK SC", size_pt=11)
    d.text("联合国毒品和犯罪问题办公室的活动", bold=True)
    for k in range(1, PARAGRAPHS + 1):
        d.numbered(seed.block(f"p{k}").text)
    d.save(folder / "report.docx")
    subprocess.run([office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(folder / "report.docx")], capture_output=True, timeout=600)
    assert (folder / "report.pdf").exists()
    return folder / "report.pdf", seed


def _accuracy(truth: str, ocr: str) -> float:
    a, b = "".join(truth.split()), "".join(ocr.split())
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return 1 - sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal") / len(a)


def _check_read(doc, seed):
    """OCR text needs review, and its structure may miss a paragraph number Tesseract misreads
    ("Bis" for "5."): most numbered paragraphs are found, in order, and most characters are right."""
    assert doc.lang == "zh" and doc.meta["ocr_pages"]
    found = [b.id for b in doc.paragraphs() if b.number]
    assert found == sorted(found, key=lambda i: int(i[1:])) and len(found) >= PARAGRAPHS - 2, found
    assert all(b.ocr for b in doc.blocks)
    truth = "".join(seed.block(f"p{k}").text for k in range(1, PARAGRAPHS + 1))
    assert _accuracy(truth, "".join(b.text for b in doc.blocks if b.kind != "heading")) >= 0.9


@pytest.mark.slow
def test_pdf_without_unicode_maps_refused_then_read_with_ocr(chinese_pdf, tmp_path):
    import pikepdf

    pdf, seed = chinese_pdf
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
        doc.save(broken)
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
    _check_read(segment_file(broken, "zh", ocr="on"), seed)


@pytest.mark.slow
def test_scan_read_with_ocr_and_marked_in_the_alignment(chinese_pdf, tmp_path):
    from PIL import Image

    from align.aligner.align import align_documents
    from align.documents.segment import segment_text

    pdf, seed = chinese_pdf
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]
    scan = tmp_path / "scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=300)
    result = runner.invoke(app, ["segment", str(scan)])
    assert result.exit_code == 2 and "no text layer" in result.stderr and "--ocr" in result.stderr
    doc = segment_file(scan, "zh", ocr="on")
    _check_read(doc, seed)
    en = segment_text("\n".join(f"{k}. Paragraph {k} of the report." for k in range(1, PARAGRAPHS + 1)), "en")
    header = align_documents(doc, en).header
    assert header["zh"]["ocr_blocks"] == [b.id for b in doc.blocks] and "ocr_blocks" not in header["en"]
