"""Which language a text is in, and a refusal when a file is clearly not in the language it was
given as (a Chinese file passed as the English original, a French one passed as English)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from align.errors import InputError

_CJK = re.compile("[\u4e00-\u9fff]+")
_LATIN = re.compile("[A-Za-z]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]+")


def _count(letters: re.Pattern, text: str) -> int:
    return sum(map(len, letters.findall(text)))


def detect_language(text: str) -> str:
    """zh when CJK characters dominate the letters, else en (other Latin/Cyrillic scripts map to
    their own code so a caller can refuse them)."""
    cjk, latin, cyrillic = _count(_CJK, text), _count(_LATIN, text), _count(_CYRILLIC, text)
    if cjk > 0.2 * max(1, latin + cyrillic):
        return "zh"
    if cyrillic > latin:
        return "ru"
    french, english = _function_words(text)
    return "fr" if french > english else "en"


def _function_words(text: str) -> tuple[int, int]:
    """How many French and English function words the text starts with (its first 20,000 characters)."""
    sample = text[:20000].lower()
    french = len(re.findall(r"\b(?:les|des|du|de la|et|est|pour|dans|une|aux|sur)\b", sample))
    english = len(re.findall(r"\b(?:the|and|of|to|in|is|for|that|with)\b", sample))
    return french, english


_LANG_NAMES = {"zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian"}


def check_language(text: str, lang: str, source: str | Path | None, given_as: str | None = None) -> None:
    """Refuse a text that is clearly not in `lang` (a Chinese file given as the English one).
    `given_as` says how the user declared the language: "--lang zh" (the default) or, for a
    command that takes the two sides as arguments, "the Chinese document (first file)"."""
    detected = detect_language(text)
    expected = _LANG_NAMES.get(lang.split("-")[0], lang)
    if text.strip() and not any(c.isalpha() for c in text):
        raise InputError(f"no {expected} text in it: no letters at all, only digits, punctuation or symbols", source)
    if lang.split("-")[0] != detected and _language_is_clear(text, lang):
        found = _LANG_NAMES.get(detected, detected)
        if given_as is None:
            raise InputError(f"text looks like {found}, not {expected} (--lang {lang}); check which file is which",
                             source)
        raise InputError(f"text looks like {found}, not {expected}, but it is given as {given_as}; "
                         "are the two files swapped?", source)


def _language_is_clear(text: str, lang: str) -> bool:
    """Refuse --lang only when the text is clearly in another script (Chinese, Cyrillic, Latin) or,
    between English and French, when the other language's function words outnumber its own
    several times over (a short or mixed text is given the benefit of the doubt)."""
    letters = max(1, sum(1 for c in text if c.isalpha()))
    cjk = _count(_CJK, text) / letters
    cyrillic = _count(_CYRILLIC, text) / letters
    if lang.startswith("zh"):
        return cjk < 0.05
    if lang.startswith("ru"):
        return cjk > 0.3 or cyrillic < 0.05
    if cjk > 0.3 or cyrillic > 0.5:
        return True
    french, english = _function_words(text)
    own, other = (english, french) if lang.startswith("en") else (french, english)
    return other >= 20 and other > 3 * own


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The 4,000 most used Chinese characters (Simplified and Traditional), by the word frequencies of
    jieba's dictionary: real Chinese text is almost all made of them, code points picked by a font's
    glyph numbers are not."""
    import jieba

    weight: dict[str, int] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ")
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            for ch in parts[0]:
                if "\u4e00" <= ch <= "\u9fff":
                    weight[ch] = weight.get(ch, 0) + int(parts[1])
    return frozenset(sorted(weight, key=weight.get, reverse=True)[:4000])


def text_layer_problem(text: str) -> str | None:
    """Why a PDF's extracted text is not readable text, or None: glyph numbers instead of characters
    ("(cid:12)"), private-use or replacement characters, or Chinese characters that are not the ones
    Chinese is written with (fonts without a Unicode map, read through a wrong one)."""
    sample = text[:20000]
    sample = re.sub(r"\(cid:\d+\)", "\ufffd", sample)
    letters = max(1, sum(1 for c in sample if c.isalnum() or c == "\ufffd"))
    odd = sum(1 for c in sample if "\ue000" <= c <= "\uf8ff" or c == "\ufffd")
    if odd > 0.2 * letters:
        return "fonts without a Unicode map"
    hanzi = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    if len(hanzi) >= 50 and len(hanzi) > 0.3 * letters:
        common = common_hanzi()
        if sum(1 for c in hanzi if c in common) < 0.6 * len(hanzi):
            return "fonts without a Unicode map"
    return None
