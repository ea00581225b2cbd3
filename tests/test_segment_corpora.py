"""The bundled legal instruments (the Charter, the UDHR) segment into the block counts their gold
alignments imply, with the ids translators cite (art12.p3, ch2, pre3)."""

from pathlib import Path

import pytest
from conftest import CORPORA

from align.documents.segment import segment_file
from align.formats.gold import read_gold
from align.pipeline.corpora import list_pairs

PAIRS = {p.name: p for p in list_pairs(CORPORA)}


@pytest.mark.parametrize("name,zh_count,en_count", [("un_charter", 378, 377), ("udhr", 92, 92)])
def test_block_counts_match_gold(name, zh_count, en_count):
    pair = PAIRS[name]
    zh, en = segment_file(pair.zh, "zh"), segment_file(pair.en, "en")
    assert len(zh.blocks) == zh_count and len(en.blocks) == en_count
    gold = read_gold(pair.gold)
    assert sorted(i for z, _ in gold for i in z) == list(range(zh_count))
    assert sorted(i for _, e in gold for i in e) == list(range(en_count))
    # Legal instruments: blocks are cited by article, not by fallback ids.
    assert zh.meta["structure"] == en.meta["structure"] == "instrument"
    assert not any(b.id.startswith("b0") for b in zh.blocks + en.blocks)


def test_charter_ids_translators_cite():
    zh = segment_file(PAIRS["un_charter"].zh, "zh")
    en = segment_file(PAIRS["un_charter"].en, "en")
    ids = [b.id for b in zh.blocks]
    assert ids[:3] == ["pre.h1", "pre1", "pre2"] and ids[12:16] == ["ch1", "art1", "art1.b1", "art1.p1"]
    assert zh.block("art1.p2").text.startswith("发展国际间以尊重人民平等权利")
    assert zh.block("art2.p4").label == "四、" and zh.block("art2.b1").text.startswith("为求实现第一条")
    assert zh.block("art13.p1.a").label == "(子)" and zh.block("art13.p1.b").label == "(丑)"
    assert zh.block("ch4.h2").text == "职权"  # the sub-heading over Article 10 belongs to the chapter
    # The English scrape lost the paragraph numbers: its paragraphs are counted, not numbered.
    assert en.block("art2.b5").text.startswith("All Members shall refrain in their international relations")
    assert [b.id for b in en.blocks if b.kind == "heading" and b.level == 2][-1] == "art111"
    assert en.block("ch19").text == "Ratification and Signature"


def test_udhr_preamble_and_articles():
    zh = segment_file(PAIRS["udhr"].zh, "zh")
    en = segment_file(PAIRS["udhr"].en, "en")
    for doc in (zh, en):
        assert doc.block("title").kind == "heading" and doc.block("pre").kind == "heading"
        assert [doc.block(f"pre{k}").text[:2] for k in range(1, 8)] == [doc.block("pre1").text[:2]] * 7  # Whereas
        assert [b.id for b in doc.blocks if b.level == 2] == [f"art{k}" for k in range(1, 31)]
    assert zh.block("art26.b3").text.startswith("父母对其子女") and en.block("art26.b3").text.startswith("Parents")


def test_charter_structure_found_as_evidence():
    zh = segment_file(PAIRS["un_charter"].zh, "zh")
    en = segment_file(PAIRS["un_charter"].en, "en")
    zh_articles = [b.number for b in zh.blocks if b.kind == "heading" and b.level == 2]
    en_articles = [b.number for b in en.blocks if b.kind == "heading" and b.level == 2]
    assert zh_articles == en_articles == [str(n) for n in range(1, 112)]
    assert sum(1 for b in zh.blocks if b.kind == "heading" and b.level == 1) == 19
    item = next(b for b in zh.blocks if b.kind == "item")
    assert item.label == "(子)"
    assert Path(PAIRS["udhr"].zh).exists()
