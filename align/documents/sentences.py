"""Sentence splitting for UN Chinese and English.

Chinese ends sentences on 。！？； (closing quotes and brackets stay with the sentence), never
inside a 《title》. English ends them on . ! ? followed by a capital, a digit or an opening quote,
except after the abbreviations UN texts use (e.g., i.e., No., para., Art., U.S., p.m.) and never
inside document symbols (A/RES/70/1, E/CN.7/2012/2) or numbers (2.45), which have no space after
their dots.
"""

from __future__ import annotations

import re

_ZH_ENDS = "。！？；!?;"
_CLOSERS = "”’」』）)】〕\"'"


def split_zh(text: str) -> list[str]:
    out: list[str] = []
    start, depth, i, n = 0, 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "《〈":
            depth += 1
        elif ch in "》〉":
            depth = max(0, depth - 1)
        elif ch in _ZH_ENDS and depth == 0:
            j = i + 1
            while j < n and (text[j] in _ZH_ENDS or text[j] in _CLOSERS):
                j += 1
            # A half-width ; or ? inside Latin text (e.g. "HIV/AIDS; the") is not a Chinese end.
            if ch in "!?;" and j < n and text[j] == " " and not _is_cjk(text[i - 1 : i]):
                i += 1
                continue
            piece = text[start:j].strip()
            if piece:
                out.append(piece)
            start, i = j, j
            continue
        i += 1
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return _merge_fragments(out)


def _is_cjk(s: str) -> bool:
    return bool(s) and "\u3400" <= s[0] <= "\u9fff"


# What the last but one item of a list ends with after its semicolon ("…；和", "…; and").
_ZH_CONJUNCTIONS = frozenset({"和", "及", "或", "以及", "并", "并且", "或者"})


def _merge_fragments(pieces: list[str]) -> list[str]:
    """A piece made only of closing punctuation, or only of the conjunction that ends a list item
    (“…；和”), belongs to the sentence before it."""
    out: list[str] = []
    for p in pieces:
        if out and (all(c in _ZH_ENDS + _CLOSERS + " " for c in p) or p.rstrip(_ZH_ENDS + " ") in _ZH_CONJUNCTIONS):
            out[-1] += p
        else:
            out.append(p)
    return out


EN_ABBREVIATIONS = {
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "u.s", "u.k", "a.m", "p.m", "inc", "ltd", "co",
    "vs", "cf", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "prof", "gen", "gov", "op", "cit", "ibid", "viz", "al", "hon", "amb", "h.e",
    "lt", "col", "sr", "jr", "dept", "div", "u.n", "e.u",
}
# Abbreviations that also end sentences ("The meeting ended at 5 p.m. The next one ..."): a break
# when the next word is one that starts sentences, not names ("5 p.m. Geneva time" stays whole).
EN_FINAL_ABBREVIATIONS = {"a.m", "p.m", "inc", "ltd", "co", "u.s", "u.k", "etc"}
SENTENCE_STARTERS = {
    "the", "this", "that", "these", "those", "it", "its", "in", "on", "at", "a", "an", "he", "she",
    "they", "we", "there", "his", "her", "our", "their", "as", "after", "during", "however", "for",
}
# Abbreviations that only ever stand before a number: "No. 5", "para. 12", "Art. 2", "p. 7".
EN_NUMBER_ABBREVIATIONS = {
    "no", "nos", "para", "paras", "subpara", "subparas", "art", "arts", "p", "pp", "vol", "vols",
    "corr", "rev", "add", "suppl", "sect", "ch", "chap", "fig", "res", "sess",
}
# A possible end: . ! ? (and closers), whitespace, then what a sentence can start with.
_EN_END = re.compile(r"([.!?][\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")


def split_en(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _EN_END.finditer(text):
        end = m.end(1)
        if m.group(1)[0] == "." and _is_abbreviation(text[start : m.start(1)], text[m.end() :]):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _is_abbreviation(before: str, after: str) -> bool:
    words = before.rsplit(None, 1)
    if not words:
        return False
    token = words[-1].lstrip("(\"'“‘[")
    low = token.lower()
    if low in EN_FINAL_ABBREVIATIONS:
        following = re.match(r"[\"'“‘(\[]?([A-Za-z]+)", after)
        if following and following.group(1)[0].isupper() and following.group(1).lower() in SENTENCE_STARTERS:
            return False
    if low in EN_ABBREVIATIONS:
        return True
    if low in EN_NUMBER_ABBREVIATIONS and after[:1].isdigit():
        return True
    # Initials and dotted abbreviations: "J.", "U.S.A", "a.m".
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return True
    return False


def split_sentences(text: str, lang: str) -> list[str]:
    return split_zh(text) if lang.startswith("zh") else split_en(text)
