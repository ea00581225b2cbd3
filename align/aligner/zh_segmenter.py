"""Chinese word segmentation by jieba, with its dictionary read only as far as the text needs it.

jieba's dictionary (half a million words and word prefixes, with frequencies) takes a third of a
second to load, more than everything else a short pair costs. jieba consults it only for
substrings of the text it cuts: from each position, the substrings that extend a dictionary word
or prefix. For a short text those few hundred entries are looked up in a sorted copy of the
dictionary, memory-mapped from the cache folder (built once per machine), and jieba is given just
them: the words it finds are the same (prefix_table.py). Once more than FEW_CHARS characters have
been cut in a process, the whole dictionary is loaded, as jieba normally does.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

import numpy as np

from align.aligner.prefix_table import table_of, walked_entries

FEW_CHARS = 40_000  # looked up in about 0.2 s; the whole dictionary loads in 0.35 s
_MAX_WORD = 16  # the longest entry of jieba 0.42's dictionary
RECENT = 4096  # texts whose words are kept


class Segmenter:
    def __init__(self):
        self._lock = threading.Lock()
        self._tk = None
        self._full = False
        self._index: dict | None = None
        self._chars = 0
        self._recent: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    def lcut(self, text: str, looked_up: bool = False) -> list[str]:
        words = self._recent.get(text)  # the checks cut the sentences the aligner has just cut
        if words is not None:
            return list(words)
        with self._lock:
            if not self._full and not looked_up:
                if self._chars + len(text) > FEW_CHARS:
                    self._load_full()
                else:
                    self._chars += len(text)
                    self._add_entries(text)
        words = self._tk.lcut(text)
        with self._lock:
            self._recent[text] = tuple(words)
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return words

    def cut_all(self, texts: list[str]) -> None:
        """Cut texts ahead of their use (their words are kept): the dictionary entries they need
        are looked up in one go rather than text by text."""
        texts = [t for t in dict.fromkeys(texts) if t not in self._recent]
        chars, looked_up = sum(map(len, texts)), False
        with self._lock:
            if not self._full and self._chars + chars <= FEW_CHARS:
                self._add_entries("\n".join(texts))  # no entry holds a line break: walks stop at it
                self._chars += chars
                looked_up = True
        for text in texts:
            self.lcut(text, looked_up)

    def load(self, chars: int | None = None) -> None:
        """Get ready for `chars` characters of text (None: any amount, the whole dictionary)."""
        with self._lock:
            if self._full:
                return
            if chars is None or self._chars + chars > FEW_CHARS:
                self._load_full()
            else:
                self._tokenizer()
                self._words_index()

    def _tokenizer(self):
        if self._tk is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._tk = jieba.Tokenizer()
            self._tk.FREQ, self._tk.initialized = {}, True
        return self._tk

    def _load_full(self) -> None:
        """The whole dictionary: from the sorted copy (0.12 s), built the first time on a machine
        from jieba's own load (its marshal cache: 0.4 s)."""
        tk = self._tokenizer()
        index = self._words_index()
        if not self._full:  # (building the index loaded it already)
            tk.FREQ = dict(zip(index["keys"].tolist(), index["values"].tolist()))
            self._full = True

    def _jieba_load(self) -> None:
        tk = self._tokenizer()
        tk.initialized = False
        tk.initialize()  # jieba's own cache of its dictionary (marshal, in the temp folder)
        self._full = True

    def _words_index(self) -> dict:
        if self._index is None:
            from importlib.metadata import version
            from pathlib import Path

            import jieba

            from align.diskcache import cached_arrays, file_key

            words = Path(jieba.__file__).with_name("dict.txt")
            self._index = cached_arrays("jieba-dictionary", f"{file_key(words)}:{version('jieba')}", self._build_index)
            self._tokenizer().total = int(np.asarray(self._index["total"]).reshape(-1)[0])
        return self._index

    def _build_index(self) -> dict:
        self._jieba_load()
        return {**table_of(self._tk.FREQ, _MAX_WORD), "total": np.array(self._tk.total)}

    def _add_entries(self, text: str) -> None:
        """Put into jieba's (partial) dictionary every entry its walk over `text` will ask for."""
        if self._full:
            return
        index = self._words_index()
        if not self._full:  # (building the index loaded the whole dictionary)
            self._tk.FREQ.update(walked_entries(text, index["keys"], index["values"], _MAX_WORD))


SEGMENTER = Segmenter()
