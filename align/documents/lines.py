"""Lines of one paragraph joined back together: where a sentence ends, and how two wrapped lines
meet (Chinese with no space, English with one, a word hyphenated at the line end rejoined unless
the hyphen is real). Used by the segmenter on text files and by the PDF reader on page layouts."""

from __future__ import annotations

import re

from align.cedict import english_words

TERMINAL = tuple("。；：！？.;:!?")
CLOSERS = "”’\"')）」』】"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(CLOSERS + SUPERSCRIPTS + " ")  # "2016–2021.³⁵" ends a sentence
    return t.endswith(TERMINAL)


def document_vocabulary(lines: list[str]) -> set[str]:
    """Words the document itself uses, leaving out the fragments around line-end hyphens."""
    words: set[str] = set()
    after_hyphen = False
    for line in lines:
        tokens = [t.lower() for t in _WORD.findall(line)]
        if after_hyphen and tokens:
            tokens = tokens[1:]
        after_hyphen = line.rstrip().endswith("-")
        if after_hyphen and tokens:
            tokens = tokens[:-1]
        words.update(tokens)
    return words


def join_lines(left: str, right: str, zh: bool, vocabulary: set[str]) -> str:
    """Join two wrapped lines of one paragraph."""
    if not left:
        return right
    if zh:
        # Chinese joins with no space, unless Latin words meet across the break.
        if left[-1].isascii() and left[-1].isalnum() and right[:1].isascii() and right[:1].isalnum():
            return f"{left} {right}"
        return left + right
    return join_english(left, right, vocabulary)


def join_english(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two wrapped English lines; rejoin a word hyphenated at the line end unless the hyphen
    is real (system-wide, A/79/79-E/2024/54). The document's own words decide first, then an
    English word list: "preven-/tion" -> prevention, "system-/wide" stays system-wide."""
    left = left.rstrip()
    if left.endswith(("\u2010", "\u2011")):  # typographic hyphens are always real: "co\u2010" | "operation"
        return left + right
    if not left.endswith("-") or left.endswith("--"):
        return f"{left} {right}"
    stem = left[:-1]
    if stem.endswith(" "):  # "Secretary -" from justified PDF text: a real hyphen
        return stem.rstrip() + "-" + right
    m1 = re.search(r"([A-Za-z]+)$", stem)
    m2 = re.match(r"([A-Za-z]+)", right)
    if not m1 or not m2 or not right[:1].islower():
        return stem + "-" + right
    w1, w2 = m1.group(1).lower(), m2.group(1).lower()
    if f"{w1}-{w2}" in vocabulary:
        return stem + "-" + right
    if w1 + w2 in vocabulary:
        return stem + right
    words = english_words()
    if w1 + w2 in words:
        return stem + right
    if w1 in words and w2 in words and len(w1) > 2 and len(w2) > 2:
        return stem + "-" + right
    return stem + right
