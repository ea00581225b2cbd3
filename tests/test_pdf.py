"""PDF input: real UN reports as distributed (corpora/un_documents), the seed rendered to PDF by
LibreOffice, and the PDFs a user should be told about (encrypted, scanned, damaged, wrong language)."""

import re
import shutil
import subprocess
from functools import cache

import pytest
from conftest import CORPORA, SEED
from typer.testing import CliRunner

from align.cli.app import app
from align.documents.segment import segment_file

DOCS = CORPORA / "un_documents"
# file, expected footnotes (counted in the PDFs: every marker in the text has its body and back)
REPORTS = {
    "A_79_797-S_2025_109/A_79_797.en.pdf": 0,
    "A_80_86-E_2025_71/A_80_86.en.pdf": 0,
    "E_2025_8/E_2025_8.en.pdf": 43,
    "E_CN.3_2025_8/E_CN.3_2025_8.en.pdf": 23,
    "E_CN.5_2025_4/E_CN.5_2025_4.en.pdf": 7,
    "E_CN.6_2025_4/E_CN.6_2025_4.en.pdf": 8,
    "S_2025_194/S_2025_194.en.pdf": 1,
    "A_HRC_WG.6_34_ITA_3/ohchr_1_en.pdf": 169,
    "A_HRC_WG.6_34_ITA_3/ohchr_1_ru.pdf": 169,
    "A_HRC_WG.6_7_ITA_1/ohchr_2_en.pdf": 0,
    "A_HRC_WG.6_7_ITA_1/ohchr_2_fr.pdf": 0,
}
runner = CliRunner()


@cache
def doc(name):
    return segment_file(DOCS / name)


def provenance(name):
    return (DOCS / name).parent.joinpath("PROVENANCE.md").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
def test_paragraphs_numbered_one_to_n(name):
    n = int(re.search(r"numbered paragraphs 1–(\d+)", provenance(name)).group(1))
    d = doc(name)
    assert d.meta["format"] == "pdf" and d.meta["numbered"]
    body = [b for b in d.paragraphs() if b.part == "body"]
    assert [b.id for b in body] == [f"p{k}" for k in range(1, n + 1)]
    for b in body:  # each paragraph is whole: it ends a sentence (or introduces a list)
        if (name, b.id) != ("A_80_86-E_2025_71/A_80_86.en.pdf", "p44"):  # printed without a full stop
            assert b.text.rstrip("”’\"')").endswith((".", ":", ";")), (b.id, b.text[-60:])


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
def test_no_page_furniture_in_the_text(name):
    d = doc(name)
    text = provenance(name)
    jobs = re.findall(r"\b(?:GE\.)?\d{2}-\d{5}", text)
    pages = max(int(p) for p in re.findall(r"\|\s*(\d+)\s*(?:/\s*\d+\s*)?\|", text) if int(p) < 100)
    assert jobs
    for b in d.blocks:
        for job in jobs:
            assert job not in b.text, (b.id, job)
        assert not re.search(r"\*\d{7}\*|Please recycle|\bPage \d+\b|/\.\.\.", b.text), b.id
        assert not re.search(rf"(?<![\d/]){'|'.join(f'{k}/{pages}' for k in range(1, pages + 1))}(?![\d/])",
                             b.text), b.id
        assert d.symbol not in b.text, b.id
        # Footnote markers are taken out; only real superscripts (km²) stay.
        assert not re.search(r"(?<!m)[¹²³⁴⁵⁶⁷⁸⁹⁰]", b.text), (b.id, b.text)
    for n, body in d.footnotes.items():
        for job in jobs:
            assert job not in body, n


@pytest.mark.slow
@pytest.mark.parametrize("name,count", REPORTS.items())
def test_footnotes_collected_and_cited_once(name, count):
    d = doc(name)
    assert sorted(d.footnotes) == list(range(1, count + 1))
    cited = [n for b in d.blocks for n in b.footnotes] + d.meta.get("front_matter_footnotes", [])
    assert sorted(cited) == list(range(1, count + 1))
    assert all(body.strip() for body in d.footnotes.values())


@pytest.mark.slow
def test_footnotes_on_the_right_blocks():
    e8 = doc("E_2025_8/E_2025_8.en.pdf")
    cited = {n: b.id for b in e8.blocks for n in b.footnotes}
    assert (cited[2], cited[4], cited[5], cited[6], cited[43]) == ("p1", "p8", "p8", "p8", "p75")
    assert e8.meta["front_matter_footnotes"] == [1]  # cited in the summary
    assert e8.footnotes[7] == "See www.worldbank.org/en/country/mic/overview."
    # "capabilities.¹³,¹⁴In the": two markers, the words kept apart.
    assert [cited[13], cited[14]] == ["p12", "p12"]
    assert "capabilities. In the structural gaps approach" in e8.block("p12").text
    ohchr = doc("A_HRC_WG.6_34_ITA_3/ohchr_1_en.pdf")
    cited = {n: b.id for b in ohchr.blocks for n in b.footnotes}
    assert cited[29] == "p11" and cited[2] == "h2.A"  # "violence.29" and a marker in a heading
    assert ohchr.footnotes[29] == "ERRC, p.9."


@pytest.mark.slow
def test_front_matter_summary_and_contents_out_of_the_body():
    e8 = doc("E_2025_8/E_2025_8.en.pdf")
    assert e8.meta["symbols"] == ["E/2025/8"]
    assert (e8.meta["distribution"], e8.meta["date"], e8.meta["original"]) == ("General", "3 January 2025", "English")
    assert e8.meta["organ"] == "Economic and Social Council"
    assert e8.meta["sessions"][0]["agenda_item"] == "Item 10 of the provisional agenda"
    assert e8.meta["agenda_footnotes"] == {"*": "E/2025/1"}
    assert e8.meta["title"] == "Trends and progress in international development cooperation"
    assert e8.meta["subtitle"] == "Report of the Secretary-General"
    assert e8.meta["summary"][0].startswith("In accordance with General Assembly resolutions 61/16")
    assert e8.blocks[0].id == "h1" and e8.blocks[0].text == "Introduction"
    body = " ".join(b.text for b in e8.blocks)
    assert "In accordance with General Assembly resolutions 61/16" not in body
    joint = doc("A_80_86-E_2025_71/A_80_86.en.pdf")
    assert joint.meta["symbols"] == ["A/80/86-E/2025/71"]
    assert [(s["body"], s["session"]) for s in joint.meta["sessions"]] == [
        ("General Assembly", "Eightieth session"), ("Economic and Social Council", "2025 session")]
    assert joint.meta["sessions"][1]["agenda_item"] == "Agenda item 15"
    old = doc("A_HRC_WG.6_7_ITA_1/ohchr_2_en.pdf")  # 2009 layout: "Distr." / "GENERAL", CONTENTS
    assert (old.meta["symbols"], old.meta["distribution"], old.meta["date"]) == (
        ["A/HRC/WG.6/7/ITA/1"], "General", "16 November 2009")
    assert len(old.toc) == 45 and old.toc[0].title == "METHODOLOGY AND CONSULTATION PROCESS"
    # Paragraph ranges and pages stood in columns of their own; the pages are the pages.
    assert [e.page for e in old.toc[:11]] == ["5", "5", "5", "5", "6", "6", "6", "7", "7", "7", "8"]
    assert old.toc[4].title == "Legislative framework, popular sovereignty and concurrent powers"
    assert old.blocks[0].id == "h1" and not any("....." in b.text for b in old.blocks)
    assert old.meta["notes"]["*"].startswith("The present document was not edited")


@pytest.mark.slow
def test_translations_have_the_structure_of_their_original():
    """Russian and French sides: same paragraph numbers, headings and items as the English."""
    for en, other in (("A_HRC_WG.6_34_ITA_3/ohchr_1_en.pdf", "A_HRC_WG.6_34_ITA_3/ohchr_1_ru.pdf"),
                      ("A_HRC_WG.6_7_ITA_1/ohchr_2_en.pdf", "A_HRC_WG.6_7_ITA_1/ohchr_2_fr.pdf")):
        a, b = doc(en), doc(other)
        assert b.lang in ("ru", "fr")
        assert [x.id for x in a.blocks] == [x.id for x in b.blocks]
        assert ({n: x.id for x in a.blocks for n in x.footnotes}
                == {n: x.id for x in b.blocks for n in x.footnotes})
        assert a.meta["symbols"] == b.meta["symbols"]
    ru = doc("A_HRC_WG.6_34_ITA_3/ohchr_1_ru.pdf")
    assert ru.meta["title"] == "Резюме материалов по Италии, представленных заинтересованными сторонами"
    assert ru.meta["language"] == "Russian" and ru.meta["original"] == "English"


@pytest.mark.slow
def test_layout_repairs():
    e8 = doc("E_2025_8/E_2025_8.en.pdf")
    # "1." on its own line in the margin, the text beside it.
    assert e8.block("p1").label == "1." and e8.block("p1").text.startswith("Since the adoption")
    # A paragraph continued over a page break, with the footnotes of the page taken out.
    assert e8.block("p6").text.endswith("as well as on partnerships and coordination among the broader range "
                                        "of development cooperation actors.")
    assert "Inter-agency Task Force" not in e8.block("p6").text
    assert "advance a system-wide response" in e8.block("p9").text  # a real hyphen kept
    assert "enhances their sustainable" in e8.block("p8").text  # justified glyphs not split ("enh ances")
    # Headings over two lines, bullets as items of their paragraph.
    assert e8.block("h2").text == ("Increasing and diverse developing country needs for international "
                                   "development cooperation")
    assert [b.id for b in e8.blocks if b.id.startswith("p14.")] == ["p14.b1", "p14.b2", "p14.b3", "p14.b4"]
    cn3 = doc("E_CN.3_2025_8/E_CN.3_2025_8.en.pdf")
    assert [b.id for b in cn3.blocks if b.id.startswith("p59.")] == [f"p59.{c}" for c in "abcdefg"]


@pytest.mark.slow
def test_annexes_are_their_own_part():
    somalia = doc("S_2025_194/S_2025_194.en.pdf")
    annex = [b for b in somalia.blocks if b.part == "annex1"]
    assert annex[0].id == "annex1" and annex[0].text == "Annex"
    numbered = [(b.number, b.text) for b in annex[1:] if b.kind == "heading" and b.number]
    assert numbered[:4] == [("1", "Background"), ("2", "Modalities and roadmap for first phase of the transition"),
                            ("1", "Climate Change and Financing"),
                            ("1.1", "Summary of current mandated areas being transitioned")]
    assert all(b.part == "body" for b in somalia.paragraphs() if b.id.startswith("p"))
    cn6 = doc("E_CN.6_2025_4/E_CN.6_2025_4.en.pdf")
    assert [b.id for b in cn6.blocks if b.part == "annex1"][:2] == ["annex1", "annex1.h1"]
    assert cn6.block("annex1.h1").text.startswith("Priority and review themes considered by the Commission")


def test_cli_segments_a_pdf():
    result = runner.invoke(app, ["segment", str(DOCS / "E_CN.6_2025_4/E_CN.6_2025_4.en.pdf")])
    assert result.exit_code == 0, result.output
    assert "symbol=E/CN.6/2025/4" in result.stdout
    assert "33 paragraphs (numbered 1–33)" in result.stdout


# ----------------------------------------------------------------------------- bad input
def _assert_one_line_error(result, path, words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and words in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(DOCS / "E_CN.6_2025_4/E_CN.6_2025_4.en.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "protected.pdf"
    writer.write(path)
    _assert_one_line_error(runner.invoke(app, ["segment", str(path)]), path, "encrypted")


def test_image_only_pdf_suggests_ocr(tmp_path):
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()  # one page with a picture and no text, as a scanner makes it
    page = writer.add_blank_page(595, 842)
    picture = DecodedStreamObject()
    picture.set_data(b"q 500 0 0 700 40 60 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00\nEI Q")
    page[NameObject("/Contents")] = writer._add_object(picture)
    path = tmp_path / "scan.pdf"
    writer.write(path)
    result = runner.invoke(app, ["segment", str(path)])
    _assert_one_line_error(result, path, "no text layer")
    assert "OCR" in result.stderr


@pytest.mark.parametrize("damage", ["truncated", "garbled"])
def test_damaged_pdf(tmp_path, damage):
    data = (DOCS / "E_CN.6_2025_4/E_CN.6_2025_4.en.pdf").read_bytes()
    path = tmp_path / f"{damage}.pdf"
    path.write_bytes(data[: len(data) // 2] if damage == "truncated" else data[:9] + bytes(2000) + b"\n%%EOF\n")
    _assert_one_line_error(runner.invoke(app, ["segment", str(path)]), path, "damaged PDF")


def test_pdf_in_another_language_than_lang(tmp_path):
    path = DOCS / "E_CN.6_2025_4/E_CN.6_2025_4.en.pdf"
    _assert_one_line_error(runner.invoke(app, ["segment", str(path), "--lang", "zh"]), path,
                           "looks like English, not Chinese")
    path = DOCS / "A_HRC_WG.6_34_ITA_3/ohchr_1_ru.pdf"
    _assert_one_line_error(runner.invoke(app, ["segment", str(path), "--lang", "en"]), path,
                           "looks like Russian, not English")


# ----------------------------------------------------------------------------- the seed as a Chinese PDF
@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory, seed_doc):
    """The seed written as its Word original and printed to PDF by LibreOffice: page headers and
    footers, footnotes at the page bottoms, paragraphs broken over pages, numbers in the margin."""
    from docx_build import seed_as_word

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail("LibreOffice is needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip():
        pytest.fail("a Chinese font is needed: apt-get install fonts-noto-cjk")
    folder = tmp_path_factory.mktemp("seed_pdf")
    docx_path = folder / "E_CN.7_2012_2.zh.docx"
    seed_as_word(SEED, seed_doc, docx_path)
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(docx_path)],
        capture_output=True, text=True, timeout=600,
    )
    pdf = folder / "E_CN.7_2012_2.zh.pdf"
    assert pdf.exists(), result.stdout + result.stderr
    return pdf


_CJK_LATIN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[\u4e00-\u9fff])")


@pytest.mark.slow
def test_seed_printed_to_pdf_has_the_structure_of_the_text(seed_pdf, seed_doc):
    from pypdf import PdfReader

    assert len(PdfReader(seed_pdf).pages) > 15  # a real layout, with page breaks inside paragraphs
    doc = segment_file(seed_pdf)
    assert doc.meta["format"] == "pdf" and doc.lang == "zh"
    assert [b.id for b in doc.blocks] == [b.id for b in seed_doc.blocks]
    assert len(doc.paragraphs()) == 101 and sum(b.kind == "item" for b in doc.blocks) == 24
    assert [b.label for b in doc.blocks] == [b.label for b in seed_doc.blocks]
    # Same text, except where a line break in the PDF swallowed the space between Chinese and a
    # number ("启动了 2011-2014" printed as "启动了" | "2011-2014"): no glyph records it.
    assert [_CJK_LATIN_SPACE.sub("", b.text) for b in doc.blocks] == [
        _CJK_LATIN_SPACE.sub("", b.text) for b in seed_doc.blocks]
    assert doc.footnotes == seed_doc.footnotes
    assert [b.footnotes for b in doc.blocks] == [b.footnotes for b in seed_doc.blocks]
    for key in ("symbols", "distribution", "date", "original", "title", "subtitle", "sessions", "agenda_footnotes"):
        assert doc.meta[key] == seed_doc.meta[key], key
    assert doc.toc == seed_doc.toc
    body = "".join(b.text for b in doc.blocks)
    assert "V.12-50567" not in body and "E/CN.7/2012/2" not in body


@pytest.mark.slow
def test_cli_refuses_the_chinese_pdf_as_english(seed_pdf):
    _assert_one_line_error(runner.invoke(app, ["segment", str(seed_pdf), "--lang", "en"]), seed_pdf,
                           "looks like Chinese")
