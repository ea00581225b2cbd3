"""jieba with only the dictionary entries a short text needs cuts it exactly as with the whole
dictionary; past FEW_CHARS characters the whole dictionary is loaded."""

from __future__ import annotations

import jieba
import pytest
from conftest import CORPORA, SEED

from align.aligner import zh_segmenter
from align.aligner.zh_segmenter import Segmenter

TEXTS = (CORPORA / "unpc_devset" / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()[:200]
TEXTS += [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()][:100]
TEXTS += ["", "2012年第5条（a）项", "中华人民共和国外交部驻香港特别行政区特派员公署", "ABC公司和UNODC。"]


@pytest.fixture(scope="module")
def full():
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def test_short_texts_cut_as_with_the_whole_dictionary(full):
    for text in TEXTS:
        seg = Segmenter()  # a fresh one each time: only this text's entries
        assert seg.lcut(text) == full.lcut(text), text
        assert not seg._full


def test_the_whole_dictionary_once_the_text_is_long(full, monkeypatch):
    monkeypatch.setattr(zh_segmenter, "FEW_CHARS", 500)
    seg = Segmenter()
    seen = 0
    for text in TEXTS[:60]:
        assert seg.lcut(text) == full.lcut(text)
        seen += len(text)
        assert seg._full == (seen > 500)
    assert len(seg._tk.FREQ) == len(full.FREQ)
