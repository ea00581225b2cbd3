"""English UN report layout (text as extracted from a PDF): furniture, wrapped lines, footnotes."""

from conftest import FIXTURES

from align.documents.lines import join_english
from align.documents.segment import segment_file

REPORT = FIXTURES / "segment" / "charter_report.en.txt"


def doc():
    return segment_file(REPORT)


def test_structure_and_ids():
    d = doc()
    assert [b.id for b in d.blocks] == [
        "h1", "p1", "p2", "h2", "h2.A", "p3", "h2.B", "p4", "h3", "p5", "p5.a", "p5.b", "p5.c",
        "h3.h1", "p6",
    ]
    assert d.block("h2.A").text == "Admission"
    assert d.block("p5.b").label == "(b)"


def test_page_furniture_removed():
    d = doc()
    for b in d.blocks:
        for junk in ("V.12-50567", "E/TEST/2012/2", "Please recycle", "*1250567*"):
            assert junk not in b.text, (b.id, junk)


def test_paragraph_continued_after_footnotes_and_page_break():
    p3 = doc().block("p3").text
    assert p3.endswith("applies in the cooperation between Member States and in their relations "
                       "with the United Nations.")
    assert "General Assembly resolution 65/308" not in p3


def test_footnotes_and_glued_markers():
    d = doc()
    assert d.footnotes == {
        1: "See the report of the Executive Director (E/CN.7/2012/13).",
        2: "General Assembly resolution 65/308 of 14 July 2011, which admitted South Sudan.",
    }
    assert d.block("p2").footnotes == [1]
    assert "decisions in E/CN.7/2012/13. The Organization" in d.block("p2").text
    assert d.block("p3").footnotes == [2]
    assert "of the Security Council. This is" in d.block("p3").text
    # "1 January 1942" is a date, not footnote 1.
    assert "of 1 January 1942" in d.block("p3").text


def test_hyphenation():
    d = doc()
    assert "for the prevention and removal" in d.block("p1").text
    assert "in the judgment of the Organization, are able" in d.block("p3").text
    assert "a system-wide rule" in d.block("p3").text
    assert join_english("the Secretary -", "General said", set()) == "the Secretary-General said"
    assert join_english("A/79/79-", "E/2024/54", set()) == "A/79/79-E/2024/54"
    assert join_english("capacity-", "building", set()) == "capacity-building"
    assert join_english("develop-", "ment", set()) == "development"


def test_front_matter_and_contents():
    d = doc()
    assert d.meta["symbols"] == ["E/TEST/2012/2"]
    assert d.meta["title"] == "The Charter of the United Nations laid out as a report"
    assert d.meta["subtitle"] == "Report of the Executive Director"
    assert d.meta["sessions"][0]["body"] == "Commission on Narcotic Drugs"
    assert d.meta["sessions"][0]["agenda_title"].endswith("Office on Drugs and Crime")
    assert [t.label for t in d.toc] == ["I", "II", "A", "B", "III"]
    assert all("reproduces provisions" not in b.text for b in d.blocks)


def test_english_sentences_respect_abbreviations_and_symbols():
    p6 = doc().block("p6")
    assert [s.text for s in p6.sentences] == [
        "The Commission may also wish to encourage donors to provide general-purpose funding.",
        "The U.S. delegation and others, e.g. the European Union, have done so at 3 p.m. on 1 March.",
        "See A/RES/70/1.",
        "It was noted.",
    ]
    assert [s.id for s in p6.sentences][-1] == "p6.s4"


def test_abbreviations_that_end_a_sentence():
    from align.documents.sentences import split_en

    assert split_en("The meeting ended at 5 p.m. The next one is in Geneva.") == [
        "The meeting ended at 5 p.m.", "The next one is in Geneva."]
    assert split_en("It starts at 10 a.m. Geneva time on Monday. It ends later.") == [
        "It starts at 10 a.m. Geneva time on Monday.", "It ends later."]
    assert split_en("The U.S. Government agreed.") == ["The U.S. Government agreed."]


def test_roman_chapter_headings_in_an_unnumbered_text():
    from align.documents.segment import segment_text

    doc = segment_text("I. Introduction\n\nThe report covers 2011.\n\nII. Conclusions\n\nThe Commission may "
                       "wish to take note.\n", "en")
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        ("heading", "I.", "Introduction"), ("paragraph", None, "The report covers 2011."),
        ("heading", "II.", "Conclusions"), ("paragraph", None, "The Commission may wish to take note.")]
    assert [len(b.sentences) for b in doc.blocks] == [1, 1, 1, 1]
