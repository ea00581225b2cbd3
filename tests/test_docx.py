"""Word input: the seed written as a .docx segments like the text version."""

import docx
from conftest import SEED

from align.documents.segment import segment_file


def test_seed_as_docx_same_structure(tmp_path, seed_doc):
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    path = tmp_path / "E_CN.7_2012_2.zh.docx"
    document.save(path)
    doc = segment_file(path)
    assert doc.meta["format"] == "docx"
    assert [b.id for b in doc.blocks] == [b.id for b in seed_doc.blocks]
    assert [b.text for b in doc.blocks] == [b.text for b in seed_doc.blocks]
    assert doc.footnotes == seed_doc.footnotes


def _un_report(tmp_path):
    """A small UN report in Word: automatic numbering, real footnotes, a custom-mark agenda note,
    a table, header and footer."""
    from docx_build import UNDocx

    d = UNDocx()
    d.text("United Nations")
    d.text("E/TEST/2025/1")
    d.text("Distr.: General")
    d.text("3 January 2025")
    d.text("Original: English")
    d.text("Commission on Testing")
    d.text("Fifth session")
    agenda = d.text("Item 3 of the provisional agenda")
    d.footnote_reference(agenda, "E/TEST/2025/2.", mark="*")
    d.text("Programme questions")
    d.text("Work of the Commission", bold=True)
    d.text("Report of the Secretary-General", bold=True)
    d.heading("Introduction")
    d.numbered("The present report is submitted pursuant to resolution 1/1.{fn:See resolution 1/1 of 1 May.} "
               "It covers the year.")
    d.numbered("The Commission is invited:")
    d.numbered("To take note of the report;", level=1)
    d.numbered("To express its views on the system-wide plan.{fn:See A/79/1, para. 4.}", level=1)
    d.heading("Background", level=1)
    d.numbered("A third paragraph continues the numbering.")
    table = d.document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Region", "Amount"
    table.cell(1, 0).text, table.cell(1, 1).text = "Africa", "12"
    d.heading("Conclusions")
    d.numbered("The last paragraph.")
    d.header_footer("E/TEST/2025/1", "25-00001 (E)")
    path = tmp_path / "report.docx"
    d.save(path)
    return path


def test_auto_numbering_and_footnotes_from_word(tmp_path):
    doc = segment_file(_un_report(tmp_path))
    assert doc.meta["format"] == "docx"
    assert [b.id for b in doc.blocks] == [
        "h1", "p1", "p2", "p2.a", "p2.b", "h1.A", "p3", "b0008", "b0009", "h2", "p4"]
    assert doc.block("h1").label == "I." and doc.block("h1.A").label == "A."
    assert doc.block("p2.b").label == "(b)"
    assert doc.block("p1").text == "The present report is submitted pursuant to resolution 1/1. It covers the year."
    assert doc.footnotes == {1: "See resolution 1/1 of 1 May.", 2: "See A/79/1, para. 4."}
    assert doc.block("p1").footnotes == [1] and doc.block("p2.b").footnotes == [2]
    assert "system-wide plan." in doc.block("p2.b").text
    assert doc.meta["agenda_footnotes"] == {"*": "E/TEST/2025/2"}
    assert doc.meta["symbols"] == ["E/TEST/2025/1"]
    assert doc.meta["title"] == "Work of the Commission"
    assert doc.meta["sessions"][0]["agenda_title"] == "Programme questions"
    # The table is read row by row, as unnumbered text; no header or footer text reaches the body.
    assert [doc.block("b0008").text, doc.block("b0009").text] == ["Region | Amount", "Africa | 12"]
    texts = [b.text for b in doc.blocks]
    assert not any("25-00001" in t for t in texts)


def test_numbering_from_the_paragraph_style(tmp_path):
    """Word's own "List Number" style numbers paragraphs through the style, not the paragraph."""
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("Distr.: General")
    document.add_paragraph("I. Introduction")
    for text in ("First paragraph.", "Second paragraph.", "Third paragraph."):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "style.docx"
    document.save(path)
    doc = segment_file(path)
    assert [b.id for b in doc.paragraphs()] == ["p1", "p2", "p3"]
    assert doc.block("p2").text == "Second paragraph."


def test_seed_as_word_original_same_structure(tmp_path, seed_doc):
    """The seed as a real Word file: automatic numbering and footnotes in footnotes.xml."""
    from conftest import SEED
    from docx_build import seed_as_word

    path = tmp_path / "E_CN.7_2012_2.zh.docx"
    seed_as_word(SEED, seed_doc, path)
    doc = segment_file(path)
    assert [b.id for b in doc.blocks] == [b.id for b in seed_doc.blocks]
    assert [b.text for b in doc.blocks] == [b.text for b in seed_doc.blocks]
    assert [b.label for b in doc.blocks] == [b.label for b in seed_doc.blocks]
    assert doc.footnotes == seed_doc.footnotes
    assert [b.footnotes for b in doc.blocks] == [b.footnotes for b in seed_doc.blocks]
