"""Dictionaries read only as far as a short text needs: jieba with only the entries a text asks for
cuts it exactly as with the whole dictionary (past FEW_CHARS characters the whole one is loaded);
CC-CEDICT looked up word by word in its sorted copy gives the same answers as the whole of it.
(The encoder's tokenizer: tests/test_use_model.py.)"""

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
    Segmenter().load(10)  # builds the sorted copy if this machine has none yet (that loads everything)
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


def test_cedict_looked_up_word_by_word_until_much_is_asked(monkeypatch):
    """Before the whole CC-CEDICT is loaded, words are found in its sorted copy, with the same answers."""
    from align import cedict

    glosses, readings = cedict._load()
    words = sorted(glosses)[::97] + ["联合国", "不是一个词", "", "x" * 40]
    monkeypatch.setattr(cedict, "FEW_LOOKUPS", 3 * len(words) - 2)  # three lookups a word below
    monkeypatch.setattr(cedict, "_LOOKUPS", [0])
    cedict._load.cache_clear()
    try:
        for word in words:
            assert type(cedict.entries()).__name__ == "_LookUp"
            assert cedict.entries().get(word) == glosses.get(word) and cedict.pinyin().get(word) == readings.get(word)
            assert (word in cedict.entries()) == (word in glosses)
        assert isinstance(cedict.entries(), dict)  # asked enough: the whole dictionary
    finally:
        cedict._load.cache_clear()


def test_texts_cut_ahead_in_one_go_cut_as_one_by_one(full):
    seg = Segmenter()
    seg.cut_all(TEXTS[:120])
    assert not seg._full
    assert all(seg.lcut(text) == full.lcut(text) for text in TEXTS[:120])
