"""Termhood: which candidates behave like terms rather than fragments or free phrases.

C-value (Frantzi, Ananiadou & Mima 2000) rewards a candidate for occurring on its own and discounts
it by the longer candidates it hides inside. On top of it, a candidate is dropped when it nearly
always sits inside one particular longer candidate that merely completes it — 利益攸关 inside
利益攸关方, "Social Council" inside "Economic and Social Council" — but not when the longer one
only puts something in front of it: 国际和平与安全 stays a term although it mostly follows 维持,
and so does "international peace and security" after "maintenance of". A coordination whose two
halves are terms of their own ("Security Council and General Assembly", 安全理事会和大会) goes too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from glossary.candidates import zh as candidates_zh

CONJUNCTIONS = frozenset({"and", "or", "和", "及", "与", "或"})
_EN_HEAD_LINKS = ("of", "on", "for", "to", "against", "in", "by", "with", "from")


def _completes(start: int, longer: tuple[str, ...], lang: str) -> bool:
    """Does `longer`, which contains a shorter candidate from word `start` on, complete it (so that
    the shorter one is a fragment) rather than put a verb or a head in front of it?"""
    if start == 0:
        return True  # extended on the right: 利益攸关 → 利益攸关方, "Office on Drugs" → "... and Crime"
    before = longer[start - 1]
    if lang == "zh":
        # 社会组织 ← 民间社会组织, 持续森林管理 ← 可持续森林管理; not 国际和平与安全 ← 维护国际和平与安全
        return len(before) == 1 or not candidates_zh.is_verb_or_adverb(before)
    return before not in _EN_HEAD_LINKS  # "social council" ← "economic and social council"


def c_values(freq: Mapping[str, int], parts: Mapping[str, tuple[str, ...]], lang: str,
             min_share: float = 0.2) -> dict[str, tuple[float, float]]:
    """C-value of every candidate, and the share of its occurrences left over by the longer
    candidates that complete it. Only completions at least `min_share` as frequent as the
    candidate count, and only immediate ones (利益攸关方 for 利益攸关, not 利益攸关方参与 as well),
    so that 国际和平 inside both 国际和平与安全 and 国际和平及安全 is seen to have no life of its own.
    `freq`: in how many units a candidate occurs; `parts`: its words."""
    by_parts = {p: k for k, p in parts.items()}
    nested_in: dict[str, list[int]] = {}
    completions: dict[str, list[str]] = {}
    for k, p in parts.items():
        n = len(p)
        seen = set()
        for i in range(n):
            for j in range(i + 1, n + 1 if i else n):
                sub = by_parts.get(p[i:j])
                if sub is None or sub in seen:
                    continue
                seen.add(sub)
                nested_in.setdefault(sub, []).append(freq[k])
                if freq[k] >= min_share * freq[sub] and _completes(i, p, lang):
                    completions.setdefault(sub, []).append(k)
    out = {}
    for k, p in parts.items():
        weight = math.log2(1 + len(p))
        longer = nested_in.get(k)
        f = freq[k]
        cvalue = weight * (f - sum(longer) / len(longer)) if longer else weight * f
        around = completions.get(k, [])
        immediate = [c for c in around if not any(d != c and _inside(parts[d], parts[c]) for d in around)]
        out[k] = (cvalue, max(0.0, f - sum(freq[c] for c in immediate)) / f)
    return out


def _inside(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    n = len(small)
    return n < len(big) and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def is_coordination(key: str, parts: tuple[str, ...], freq: Mapping[str, int],
                    by_parts: Mapping[tuple[str, ...], str]) -> bool:
    """"A and B" where A and B each occur on their own far more often than together
    ("international peace and security" stays: "international peace" seldom occurs without it)."""
    f = freq[key]
    for i, w in enumerate(parts):
        if w in CONJUNCTIONS and 0 < i < len(parts) - 1:
            left, right = by_parts.get(parts[:i]), by_parts.get(parts[i + 1 :])
            if left and right and freq[left] >= 4 * f and freq[right] >= 4 * f:
                return True
    return False


def select(freq: Mapping[str, int], words: Mapping[str, tuple[str, ...]], lang: str, min_freq: int = 2,
           min_cvalue: float = 1.0, min_own: float = 0.34, keep: set[str] | None = None) -> dict[str, float]:
    """Candidates worth pairing, with their C-value: frequent enough, with a C-value of at least
    `min_cvalue`, and standing on their own in at least `min_own` of their occurrences. `keep`
    (instrument names, say) bypass the tests. `words`: each candidate's words (jieba's for Chinese)."""
    frequent = {k: p for k, p in words.items() if freq[k] >= min_freq}
    cv = c_values(freq, frequent, lang)
    by_parts = {p: k for k, p in frequent.items()}
    out = {}
    for k, (v, own) in cv.items():
        if keep and k in keep and own >= min_own:
            out[k] = max(v, min_cvalue)
        elif v >= min_cvalue and own >= min_own and not is_coordination(k, frequent[k], freq, by_parts):
            out[k] = v
    return out
