"""Page furniture found by repetition: a running header printed in bold at the right with no rule
under it (as in a 2025 UNFPA Executive Board report, DP/FPA/2025/2), low enough on the page to be
out of the top margin band, is dropped because it recurs at the same place on every page."""

import shutil
import subprocess

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx_build import UNDocx

from align.documents.segment import segment_file


@pytest.fixture(scope="module")
def bold_header_pdf(tmp_path_factory):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("bold_header")
    d = UNDocx(font="Times New Roman", size_pt=10)
    section = d.document.sections[0]
    section.top_margin = docx.shared.Inches(1.9)
    section.header_distance = docx.shared.Inches(1.3)  # 94 pt from the top: below the top 10% of the page
    header = section.header.paragraphs[0]
    run = header.add_run("DP/FPA/2025/2")
    run.bold = True
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    section.footer.paragraphs[0].text = "25-01234"
    d.text("Executive Board of the United Nations Development Programme, the United Nations Population Fund "
           "and the United Nations Office for Project Services")
    d.heading("Introduction")
    for k in range(1, 61):
        d.numbered(f"Paragraph {k}: the Fund continued to support countries in strengthening their data systems, "
                   "and the Board took note of the progress made in the implementation of the strategic plan, "
                   "2022-2025, including the results achieved in sexual and reproductive health and rights.")
        if k % 15 == 0:
            d.heading(f"Results in area {k // 15}")
    source = folder / "DP_FPA_2025_2.docx"
    d.save(source)
    result = subprocess.run([office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                             "pdf", "--outdir", str(folder), str(source)], capture_output=True, text=True, timeout=600)
    pdf = folder / "DP_FPA_2025_2.pdf"
    assert pdf.exists(), result.stdout + result.stderr
    return pdf


@pytest.mark.slow
def test_bold_header_without_rule_is_furniture(bold_header_pdf):
    from pypdf import PdfReader

    pages = PdfReader(bold_header_pdf).pages
    assert len(pages) >= 5
    assert sum("DP/FPA/2025/2" in p.extract_text() for p in pages) == len(pages)  # printed on every page
    doc = segment_file(bold_header_pdf, "en")
    assert [b.id for b in doc.paragraphs()] == [f"p{k}" for k in range(1, 61)]
    for b in doc.blocks:
        assert "DP/FPA" not in b.text and "25-01234" not in b.text, (b.id, b.text)
    assert [b.text for b in doc.blocks if b.kind == "heading"][1:] == [
        "Introduction", "Results in area 1", "Results in area 2", "Results in area 3", "Results in area 4"]
