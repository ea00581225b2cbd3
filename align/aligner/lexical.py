"""Lexical evidence for zh-en alignment: which words of one side have a translation on the other.

Chinese words (jieba) are looked up in CC-CEDICT; a word the dictionary lacks falls back to its
characters; names also match through toneless pinyin (陈清扬 ~ Chen Qingyang); numbers match
themselves. The result is two count matrices over the units of a document pair, from which the
aligner reads, for any bead, the share of Chinese words with a translation in the English and the
share of English words with a source in the Chinese.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from align import cedict
from align.aligner.zh_segmenter import SEGMENTER
from align.script import fold

EN_STOPWORDS = frozenset(
    "a an the of to in on at by for with from and or but nor as is are was were be been being am "
    "that this these those which who whom whose what it its it's there here than then so such "
    "not no do does did done have has had having will would shall should can could may might must "
    "into onto upon about over under between through during before after above below up down out "
    "off again further once very too also just only own same other any each few more most some "
    "all both if because while until whether how when where why s t".split()
)
ZH_PARTICLES = frozenset("的 了 着 过 地 得 之 也 而 则 呢 吗 吧 啊 呀 哦 嘛 所 其 将 被 把 与 及 和 或 并 等".split())
_EN_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
_GLOSS_NOISE = re.compile(r"CL:\S+|\[[^\]]*\]|\b(?:variant|old variant|see also|see|abbr\. for|used in)\b[^;/]*")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


# Gloss words that say something about the dictionary entry, not about a translation.
GLOSS_STOPWORDS = frozenset(
    "surname dynasty variant etc old one c bc ch kind sb sth something someone person used "
    "abbr also literary lit fig figurative classifier old-fashioned name place pr".split()
)


@lru_cache(maxsize=100_000)  # called for every English word: the same few thousand words over and over
def stem(word: str) -> str:
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    return w


def en_tokens(text: str) -> list[str]:
    """Content-word stems of an English text, plus joined capitalised pairs for names (chenqingyang)."""
    return list(_en_tokens(text))


@lru_cache(maxsize=4096)  # the same sentences are read at paragraph and at sentence level, and by the checks
def _en_tokens(text: str) -> tuple[str, ...]:
    words = _EN_WORD.findall(text)
    out = [_number_key(w) if w[0].isdigit() else stem(w) for w in words if w.lower() not in EN_STOPWORDS]
    for a, b in zip(words, words[1:]):
        if a[:1].isupper() and b[:1].isupper() and a.isalpha() and b.isalpha():
            out.append((a + b).lower())
    return tuple(out)


def _number_key(token: str) -> str:
    return token.replace(",", "")


@lru_cache(maxsize=200_000)
def _gloss_stems(word: str) -> frozenset[str]:
    stems: set[str] = set()
    for g in cedict.entries().get(word, ()):
        g = _GLOSS_NOISE.sub(" ", g)
        for w in _EN_WORD.findall(g):
            low = w.lower()
            if low not in EN_STOPWORDS and low not in GLOSS_STOPWORDS and not w[0].isdigit() and len(w) > 1:
                stems.add(stem(w))
    return frozenset(stems)


@lru_cache(maxsize=200_000)
def zh_word_keys(word: str) -> frozenset[str]:
    """English stems that can translate a Chinese word (dictionary, characters, pinyin, number)."""
    if _NUMBER.match(word):
        return frozenset({_number_key(word)})
    if not _HAS_CJK.search(word):
        return frozenset({stem(w) for w in _EN_WORD.findall(word)})
    keys: set[str] = set(_gloss_stems(word))
    if not keys or len(word) > 2:
        for ch in word:
            keys.update(_gloss_stems(ch))
    py = cedict.pinyin().get(word)
    if py:
        keys.add(py)
    elif len(word) > 1:
        syllables = [cedict.pinyin().get(ch) for ch in word]
        if all(syllables):
            keys.add("".join(syllables))
            keys.update(syllables)
    return frozenset(keys)


def warm_up(zh_chars: int | None = None, zh_texts: Iterable[str] = (), en_texts: Iterable[str] = ()) -> None:
    """Load the dictionaries for about `zh_chars` characters of Chinese (None: any amount), and
    read the texts given into words ahead of LexicalEvidence (both keep recent texts' words)."""
    cedict.prepare(zh_chars)
    SEGMENTER.load(zh_chars)
    zh_texts = list(zh_texts)
    SEGMENTER.cut_all([fold(t) for t in zh_texts])  # as zh_words will cut them
    for text in zh_texts:  # and what each word can translate to (kept too)
        for w in _zh_words(text):
            zh_word_keys(w)
    for text in en_texts:
        _en_tokens(text)


def zh_words(text: str) -> list[str]:
    """Content words of a Chinese text, Traditional characters folded to Simplified (CC-CEDICT's
    simplified headwords, jieba's dictionary): 締約國 is looked up as 缔约国."""
    return list(_zh_words(text))


@lru_cache(maxsize=4096)  # a sentence is read by the aligner at both levels and by the checks
def _zh_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in SEGMENTER.lcut(fold(text)) if w.strip() and (_HAS_CJK.search(w) or w[0].isalnum())
                 and w not in ZH_PARTICLES)


class LexicalEvidence:
    """Word-translation evidence between zh units [0, n) and en units [0, m), row by row.

    zprefix(i)[j]: Chinese words of unit i with a translation in en units [0, j).
    erow(i)[j]: English word types of unit j that have a source in zh unit i.
    zhits(rows) and erows(rows) give the rows of many units at once (the dense scorer asks for all
    of them). Everything comes from inverted indexes held as flat arrays, so memory stays linear in
    n + m and a row costs a few numpy calls, not one per word."""

    def __init__(self, zh_texts: list[str], en_texts: list[str]):
        self.n, self.m = len(zh_texts), len(en_texts)
        en_units = [set(en_tokens(t)) for t in en_texts]
        postings: dict[str, list[int]] = {}
        for j, toks in enumerate(en_units):
            for t in toks:
                postings.setdefault(t, []).append(j)
        # key k's en units: _post_j[_post_start[k] : _post_start[k] + _post_len[k]], ascending
        self._key_id = {k: n for n, k in enumerate(postings)}
        self._post_len = np.array([len(v) for v in postings.values()], dtype=np.int64)
        self._post_start = _starts(self._post_len)
        self._post_j = np.fromiter((j for v in postings.values() for j in v), dtype=np.int64,
                                   count=int(self._post_len.sum()))
        self._zh_words = [zh_words(t) for t in zh_texts]
        self.nz = np.array([len(w) for w in self._zh_words], dtype=np.float32)
        self.ne = np.array([len(t) for t in en_units], dtype=np.float32)
        # Word types of the Chinese side and the key ids each can match.
        self._word_id: dict[str, int] = {}
        for words in self._zh_words:
            for w in words:
                self._word_id.setdefault(w, len(self._word_id))
        english = frozenset(postings)  # a set: intersections run over the smaller side
        self._word_keys = [[self._key_id[k] for k in zh_word_keys(w) & english] for w in self._word_id]
        # Keep every row for ordinary inputs; for very long ones, only the most recent rows.
        self._limit = None if self.n * self.m <= 4_000_000 else 256
        self._cache: OrderedDict[tuple[str, int], np.ndarray] = OrderedDict()
        self._all: tuple[np.ndarray, np.ndarray] | None = None

    def zprefix(self, i: int) -> np.ndarray:
        """Prefix sums over j of zrow(i): zprefix(i)[j] = sum of zrow(i)[:j]."""
        if self._all is not None:
            return self._all[0][i]
        key = ("z", i)
        row = self._cache.get(key)
        if row is None:
            row = np.concatenate([[0.0], np.cumsum(self.zhits([i])[0])])
            self._remember(key, row)
        return row

    def erow(self, i: int) -> np.ndarray:
        if self._all is not None:
            er = self._all[1]
            return er[i + 1] - er[i]
        key = ("e", i)
        row = self._cache.get(key)
        if row is None:
            row = self.erows([i])[0]
            self._remember(key, row)
        return row

    def all_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Every unit's zprefix row (n, m+1), and prefix sums over units of erow (n+1, m): what the
        dense scorer reads for every bead shape; kept, so that zprefix and erow read them too."""
        if self._all is None:
            units = list(range(self.n))
            er = np.zeros((self.n + 1, self.m))
            np.cumsum(self.erows(units), axis=0, out=er[1:])
            zp = np.zeros((self.n, self.m + 1))
            np.cumsum(self.zhits(units), axis=1, out=zp[:, 1:])
            self._all = (zp, er)
        return self._all

    def zhits(self, rows: list[int]) -> np.ndarray:
        """(len(rows), m) float64: for each unit, how many of its Chinese words (with repeats) have
        a translation in en unit j."""
        token, keys, token_row = [], [], []  # per (word, key) pair: the word's number, the key id
        for r, i in enumerate(rows):
            for w in self._zh_words[i]:
                ks = self._word_keys[self._word_id[w]]
                token.extend([len(token_row)] * len(ks))
                keys.extend(ks)
                token_row.append(r)
        m = max(self.m, 1)
        # Each word once per en unit, however many of its keys the unit holds.
        codes = np.unique(self._codes(token, keys))
        owner = np.array(token_row, dtype=np.int64)[codes // m]
        return np.bincount(owner * m + codes % m, minlength=len(rows) * self.m).reshape(len(rows), self.m).astype(
            np.float64)

    def erows(self, rows: list[int]) -> np.ndarray:
        """(len(rows), m) float32: for each unit, how many English word types of en unit j have a
        source among its Chinese words."""
        owner, keys = [], []
        for r, i in enumerate(rows):
            ks = {k for w in self._zh_words[i] for k in self._word_keys[self._word_id[w]]}
            owner.extend([r] * len(ks))
            keys.extend(ks)
        codes = self._codes(owner, keys)
        return np.bincount(codes, minlength=len(rows) * self.m).reshape(len(rows), self.m).astype(np.float32)

    def _codes(self, owners: list[int], keys: list[int]) -> np.ndarray:
        """owner * m + j for every en unit j that each (owner, key) pair's key occurs in."""
        keys_a = np.array(keys, dtype=np.int64)
        pick = _member_index(keys_a, self._post_start, self._post_len)
        return np.repeat(np.array(owners, dtype=np.int64), self._post_len[keys_a]) * max(self.m, 1) + self._post_j[pick]

    def _remember(self, key: tuple[str, int], row: np.ndarray) -> None:
        self._cache[key] = row
        if self._limit is not None and len(self._cache) > self._limit:
            self._cache.popitem(last=False)


def _starts(lengths: np.ndarray) -> np.ndarray:
    out = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=out[1:])
    return out


def _member_index(items: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Positions in a flat array of the members of each item's list, item after item (a ragged gather)."""
    sizes = length[items]
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.repeat(start[items] - _starts(sizes), sizes)  # shift from output position to flat position
    return first + np.arange(total, dtype=np.int64)
