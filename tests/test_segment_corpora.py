"""The bundled unnumbered texts segment into the block counts their gold alignments imply."""

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
    # Unnumbered documents get fallback ids.
    assert zh.blocks[16].id == "b0017"


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
