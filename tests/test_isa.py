"""Chinese PDFs as a UN-system documents service distributes them: the two regulations of the
International Seabed Authority (tests/fixtures/isa, see its PROVENANCE.md), read from the official
Chinese PDF and aligned with the English text of each."""

import re
from functools import cache

import pytest
from conftest import FIXTURES

from align.aligner.align import align_documents
from align.documents.segment import segment_file

ISA = FIXTURES / "isa"
NAMES = ["sulphides_2010", "crusts_2012"]
REGULATIONS = 44
_SUP = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@cache
def zh(name):
    return segment_file(ISA / name / "zh.pdf", "zh")


@cache
def en(name):
    return segment_file(ISA / name / "en.txt", "en")


def _letters(text: str) -> str:
    return "".join(c for c in text.translate(_SUP) if c.isalnum())


@pytest.mark.parametrize("name", NAMES)
def test_every_regulation_is_an_article_with_its_number(name):
    for doc in (zh(name), en(name)):
        assert doc.meta["structure"] == "instrument"
        articles = [b for b in doc.blocks if re.fullmatch(r"art\d+", b.id)]
        assert [b.number for b in articles] == [str(k) for k in range(1, REGULATIONS + 1)]
        assert all(b.kind == "heading" for b in articles)
    d = zh(name)
    assert d.block("art8").label == "第8条" and d.block("art8").text == "考古或历史文物"  # heading and title apart
    assert d.block("part3").text.startswith("请求核准") and d.block("part3.sec1").label == "第1节"
    assert d.block("art3.p4.d.i").label == "㈠" and d.block("art3.p4.d.ii").label == "㈡"  # sub-items apart
    assert d.block("art3.p4.d.i.a").label == "a."
    assert "注册地点" in d.block("annex1.p8.a").text
    assert en(name).block("art8").text == "Objects of an archaeological or historical nature"  # run-in heading
    assert en(name).block("art8.b1").text.startswith("A prospector shall immediately notify")


@pytest.mark.parametrize("name", NAMES)
def test_paragraphs_come_out_whole(name):
    """Against an independent one-paragraph-per-line text of the PDF (poppler's pdftotext, corrected
    by reading the pages: fixtures/isa/PROVENANCE.md)."""
    doc = zh(name)
    ours = {_letters(b.text if b.label in (None, b.text) else b.label + b.text) for b in doc.blocks}
    reference = [line for line in (ISA / name / "zh.paragraphs.txt").read_text(encoding="utf-8").splitlines() if line]
    whole = sum(_letters(p) in ours for p in reference)
    assert len(reference) > 550 and whole / len(reference) >= 0.98, (whole, len(reference))


@pytest.mark.parametrize("name", NAMES)
def test_no_footnote_text_in_the_body(name):
    doc = zh(name)
    assert sorted(doc.footnotes) == [1, 2]
    assert "里约热内卢" in doc.footnotes[1]
    for n, note in doc.footnotes.items():
        probe = _letters(note)[:12]
        assert not any(probe in _letters(b.text) for b in doc.blocks), n
    assert [b.id for b in doc.blocks if 1 in b.footnotes] == ["art2.p2"]
    assert doc.symbol.startswith("ISBA/")
    assert not any(re.search(r"\d{2}-\d{5}", b.text) or doc.symbol in b.text for b in doc.blocks)  # page furniture


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_article_numbers_agree_in_every_article_bead(name):
    alignment = align_documents(zh(name), en(name))
    article_beads = 0
    for bead in alignment.paragraph_beads():
        za = [i for i in bead.zh if re.fullmatch(r"art\d+", i)]
        ea = [i for i in bead.en if re.fullmatch(r"art\d+", i)]
        if bead.zh and bead.en and (za or ea):
            article_beads += 1
            assert za == ea, (bead.id, bead.zh, bead.en)
    assert article_beads == REGULATIONS


@pytest.mark.parametrize("name", NAMES)
def test_standard_clauses_run_together_in_the_english_text_are_cut(name):
    """The English text gives each section of the standard clauses (annex 4) on one line: "Section 8.
    Training 8.1 In accordance with ... 8.2 ... 8.3 ..."; the Chinese PDF has every clause as its
    own paragraph. Both come out as the same clauses, so they align clause by clause."""
    zh_ids = {b.id for b in zh(name).blocks if re.fullmatch(r"annex4\.p\d+\.\d+", b.id)}
    en_ids = {b.id for b in en(name).blocks if re.fullmatch(r"annex4\.p\d+\.\d+", b.id)}
    assert {"annex4.p8.1", "annex4.p8.2", "annex4.p8.3"} <= en_ids
    assert len(zh_ids & en_ids) >= 0.9 * len(zh_ids) > 50
    section8 = next(b for b in en(name).blocks if b.id == "annex4.p8.1")
    assert section8.text.startswith("In accordance with the Regulations") and "8.2" not in section8.text


def test_a_clause_citing_another_is_not_cut():
    from align.documents.instrument import split_clauses

    line = ("Section 3. Term 3.1 This contract shall have an initial term. 3.2 Upon application, the contract "
            "may be extended in accordance with section 3.2 of this contract. 3.3 Notwithstanding section 3.2 above")
    assert split_clauses(line, None)[0] == [
        "Section 3. Term", "3.1 This contract shall have an initial term.",
        "3.2 Upon application, the contract may be extended in accordance with section 3.2 of this contract.",
        "3.3 Notwithstanding section 3.2 above"]
    assert split_clauses("Section 3. Term of the contract under 3.1 below", None) == (
        ["Section 3. Term of the contract under 3.1 below"], None)
    # a clause that starts inside the last item of the one before
    assert split_clauses("(c) “Regulations” means the Regulations. 1.2 Terms defined there", ("1", 2)) == (
        ["(c) “Regulations” means the Regulations.", "1.2 Terms defined there"], ("1", 3))


@pytest.mark.parametrize("name", NAMES)
def test_a_list_items_closing_conjunction_stays_with_its_item(name):
    """"（a）…；和" ends the last but one item of a list: 和 is not a sentence of its own (it made a
    one-character 1-0 bead with an omission flag against the English "...; and")."""
    sentences = [s.text for b in zh(name).blocks for s in b.sentences or ()]
    assert not [s for s in sentences if s.rstrip("；;。 ") in {"和", "及", "或", "以及"}]
    assert sum(s.endswith("；和") for s in sentences) >= 5
