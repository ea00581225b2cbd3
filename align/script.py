"""Simplified and Traditional Chinese: which script a text is written in, and Traditional folded to
Simplified for matching (CC-CEDICT look-ups, glossary terms), never for the text that is written out.

UN texts from before 1971 and many authentic treaty texts in circulation are in Traditional characters
(條約, 締約國). OpenCC's t2s conversion (the PyPI package `opencc`, the project's C++ library with its
own dictionaries; chosen over the pure-Python port, which folds the same way but about 100 times slower:
benchmarks/opencc_packages.py) maps them to the Simplified forms the glossary and CC-CEDICT's
simplified headwords use.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(f"{config}.json")


def has_cjk(text: str) -> bool:
    """Whether the text holds a Chinese character (CJK Unified Ideographs and Extension A)."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def fold(text: str) -> str:
    """Traditional characters (and phrases) as Simplified; Simplified and other text unchanged."""
    if not text or text.isascii():
        return text
    return _converter("t2s").convert(text)


def detect_script(text: str) -> str | None:
    """"Hant" when the Chinese characters are written in Traditional script, "Hans" when in Simplified,
    None when there are too few characters that differ between the two to tell."""
    chars = {c for c in text[:50000] if "\u4e00" <= c <= "\u9fff"}
    if not chars:
        return None
    sample = "".join(sorted(chars))
    traditional = sum(1 for a, b in zip(sample, _converter("t2s").convert(sample)) if a != b)
    simplified = sum(1 for a, b in zip(sample, _converter("s2t").convert(sample)) if a != b)
    if traditional + simplified < 3:
        return None
    return "Hant" if traditional > simplified else "Hans"
