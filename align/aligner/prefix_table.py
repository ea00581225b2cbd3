"""A sorted table of strings, memory-mapped, for tokenizers whose dictionary is costly to load.

jieba and sentencepiece both walk their text position by position and ask their dictionary, from
each position, for the substrings one character longer while the dictionary holds them as an entry
or an entry's prefix. For a short text those few hundred lookups in a sorted copy of the
dictionary (numpy, memory-mapped from the cache folder, built once per machine) cost far less than
loading the whole dictionary into a Python dict, which takes a tenth to a third of a second.
"""

from __future__ import annotations

import numpy as np


def walked_entries(text: str, keys: np.ndarray, values: np.ndarray, longest: int) -> dict[str, int]:
    """{substring: value} for every substring of `text` that the walk reaches and `keys` (sorted,
    fixed-width unicode) holds: from each position, lengths 1, 2, ... while found."""
    found: dict[str, int] = {}
    active = list(range(len(text)))
    for length in range(1, longest + 1):
        active = [k for k in active if k + length <= len(text)]
        if not active:
            break
        frags = [text[k : k + length] for k in active]
        wanted = np.array(frags, dtype=keys.dtype)
        pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        hit = keys[pos] == wanted
        for frag, p, h in zip(frags, pos, hit):
            if h:
                found[frag] = int(values[p])
        active = [k for k, h in zip(active, hit) if h]
    return found


def table_of(mapping: dict[str, int], longest: int) -> dict[str, np.ndarray]:
    """The sorted arrays of a {string: int} dictionary whose keys are at most `longest` long."""
    keys = sorted(mapping)
    return {"keys": np.array(keys, dtype=f"<U{longest}"), "values": np.array([mapping[k] for k in keys])}
