"""Punctuation that comes in pairs: a title mark, quotation mark or bracket opened and not closed
(or closed and never opened) on one side, while the other side is in order; and item references
inside the text ((a), (iv)) that differ between the two sides."""

from __future__ import annotations

import re
from collections import Counter

from align.model import Flag

# (what, opening marks, closing marks), per language; straight quotes are counted apart.
_ZH_PAIRS = [("title marks", "《〈", "》〉"), ("quotation marks", "“「『", "”」』"), ("brackets", "(（[【", ")）]】")]
_EN_PAIRS = [("quotation marks", "“", "”"), ("brackets", "([", ")]")]
# A list label "a)" or "2)" closes a bracket nobody opened; it is no punctuation fault.
_LIST_LABEL = re.compile(r"(?:^\s*|(?<=[;:；：]\s)|(?<=[;:；：]))(?:[a-z]|[ivx]{1,4}|\d{1,2})[)）]")
_ITEM_REF = {"zh": re.compile(r"[(（]([a-z]{1,2}|[ivx]{1,5})[)）]"), "en": re.compile(r"\(([a-z]{1,2}|[ivx]{1,5})\)")}


def balance(text: str, lang: str) -> dict[str, tuple[int, int]]:
    """For each kind of pair: (opened, closed), only where they differ."""
    if ")" in text or "）" in text:  # every list label ends with one
        text = _LIST_LABEL.sub(" ", text)
    out = {}
    for what, opening, closing in _ZH_PAIRS if lang == "zh" else _EN_PAIRS:
        o = sum(text.count(c) for c in opening)
        c = sum(text.count(c) for c in closing)
        if o != c:
            out[what] = (o, c)
    straight = text.count('"')
    if straight % 2:
        out["straight quotation marks"] = (straight, straight)
    return out


def _say(lang: str, what: str, counts: tuple[int, int]) -> str:
    side = "Chinese" if lang == "zh" else "English"
    o, c = counts
    if what == "straight quotation marks":
        return f"the {side} has an odd number of quotation marks (\"): one is not closed"
    if o > c:
        return f"the {side} opens {what} {o} times and closes them {c} times"
    return f"the {side} closes {what} {c} times and opens them {o} times"


def _kind(what: str) -> str:
    return "quotation marks" if "quotation" in what else what


def check_punctuation(zh_text: str, en_text: str) -> Flag | None:
    zb, eb = balance(zh_text, "zh"), balance(en_text, "en")
    e_kinds = {_kind(w) for w in eb}
    z_kinds = {_kind(w) for w in zb}
    for what, counts in zb.items():
        if _kind(what) not in e_kinds:  # the same slip on both sides is the original's, not the translation's
            return Flag("punctuation", _say("zh", what, counts) + "; the English is in order")
    for what, counts in eb.items():
        if _kind(what) not in z_kinds:
            return Flag("punctuation", _say("en", what, counts) + "; the Chinese is in order")
    return None


def item_references(text: str, lang: str) -> Counter:
    return Counter(m.group(1) for m in _ITEM_REF[lang].finditer(text))


def check_item_references(zh_text: str, en_text: str) -> Flag | None:
    """(a) in one language cited as (b) in the other: both sides cite items, and not the same ones."""
    z, e = item_references(zh_text, "zh"), item_references(en_text, "en")
    if not z or not e or set(z) == set(e):
        return None

    def say(c: Counter) -> str:
        return ", ".join(f"({k})" for k in sorted(c))

    return Flag("label", f"item references differ: Chinese {say(z)}, English {say(e)}")
