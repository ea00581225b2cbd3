"""Termhood: which candidates behave like terms rather than fragments or free phrases.

Counted on the occurrences themselves: for every candidate, in how many aligned units it occurs,
and where it occurs inside a slightly longer candidate (up to three words more), what that longer
candidate adds on each side. A candidate is dropped when it nearly always sits inside longer
candidates that merely *complete* it — 利益攸关 inside 利益攸关方, 持续森林管理 inside
可持续森林管理, "social council" inside "economic and social council", 国际和平 inside
国际和平与安全 — but not when what the longer one adds stands on its own: a verb or a head in front
(维护国际和平与安全, "maintenance of international peace and security"), or a term or word of its
own that boilerplate puts beside it (联合国环境规划署 + 执行主任, 人类发展 + 报告, 日本 + 政府,
塞浦路斯共和国 + 领空, 联合国 + 毒品和犯罪问题办公室). Occurrences a candidate never has (an English
name cut inside a longer name is no candidate there) are never held against it.

A coordination whose two halves are terms of their own ("Security Council and General Assembly",
安全理事会和大会, "development agencies and international organizations") goes too.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from glossary.candidates import zh as candidates_zh
from glossary.candidates.zh import Occurrence
from glossary.kinds import CLOSED_NAME_ZH, COMPLETING_HEAD_ZH, TITLE_HEAD_ZH

CONJUNCTIONS = frozenset({"and", "or", "和", "及", "与", "或", "以及"})
_EN_HEAD_LINKS = frozenset(("of", "on", "for", "to", "against", "in", "by", "with", "from"))
_ARTICLES = frozenset(("the", "a", "an"))
_TOPIC = "问题"  # "the question of": what UN names put between a topic and the body or title dealing with it
REACH = 3  # how many words a longer candidate may add around a shorter one and still be its container

Container = tuple[str, tuple[str, ...], tuple[str, ...]]  # (longer key, the words it adds left, right)


@dataclass
class Nesting:
    """What termhood is computed from, counted over all units of one language."""

    lang: str
    freq: Counter = field(default_factory=Counter)  # in how many units a candidate occurs
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # its words
    free: Counter = field(default_factory=Counter)  # units where it occurs outside every longer candidate
    capital: Counter = field(default_factory=Counter)  # English: units where it is written as a name
    inside: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # key -> {containers: units}
    _completes: dict[tuple[str, Container], bool] = field(default_factory=dict)

    def join(self, words: tuple[str, ...]) -> str:
        return ("" if self.lang == "zh" else " ").join(words)

    def add_unit(self, occs: Mapping[str, list[Occurrence]], tokens: list[str]) -> None:
        """Count one unit: `occs` its candidates by key, `tokens` its words."""
        spans = {(o.start, o.end): k for k, lst in occs.items() for o in lst}
        for k, lst in occs.items():
            self.freq[k] += 1
            if self.lang == "en" and any(o.surface[:1].isupper() and not o.initial for o in lst):
                self.capital[k] += 1
            containers: set[Container] = set()
            free = False
            for o in lst:
                found = _containers(o, spans, tokens)
                if found:
                    containers.update(found)
                else:
                    free = True
            if free:
                self.free[k] += 1
            else:
                self.inside[k][frozenset(containers)] += 1


def _containers(o: Occurrence, spans: Mapping[tuple[int, int], str], tokens: list[str]) -> list[Container]:
    """The longer candidates around one occurrence (up to REACH words more)."""
    found = []
    for extra in range(1, REACH + 1):
        for left in range(extra + 1):
            span = (o.start - left, o.end + extra - left)
            key = spans.get(span)
            if key is not None and span[0] >= 0:
                found.append((key, tuple(tokens[span[0] : o.start]), tuple(tokens[o.end : span[1]])))
    return found


def completes(container: Container, nesting: Nesting, short: str) -> bool:
    """Does this longer candidate complete the shorter one inside it (so that the shorter one is a
    fragment), rather than put something beside it that stands on its own?"""
    done = nesting._completes.get((short, container))
    if done is None:
        done = nesting._completes[(short, container)] = _completes(container, nesting, short)
    return done


def _closed(short: str, nesting: Nesting) -> bool:
    """A Chinese candidate that is a whole name by itself: it ends on an institution's or a
    country's head, or it is one dictionary word of three characters or more, or a place."""
    parts = nesting.parts.get(short, ())
    return bool(CLOSED_NAME_ZH.search(short)) or (len(parts) == 1 and len(short) >= 3) or short in _place_names()


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    from glossary.lexicon import places

    return frozenset(row["zh"] for row in places())


def _completes(container: Container, nesting: Nesting, short: str) -> bool:
    _, left, right = container
    if (left and left[-1] in CONJUNCTIONS) or (right and right[0] in CONJUNCTIONS):
        return True  # 国际和平 与安全, "economic and" social council
    if nesting.lang == "zh":
        if (left and left[-1] == _TOPIC) or (right and right[0] == _TOPIC):
            return False  # X问题特别报告员 is the Special Rapporteur "on X"; 小岛屿发展中国家问题国际会议 a
            # conference "on" small island developing States: each side is a term of its own
        if left and not (candidates_zh.is_verb_or_adverb(left[-1]) or _is_name(nesting.join(left))):
            return True  # 民间 社会组织, 家庭 之友小组; not 维护 国际和平与安全, 秘书长 特别代表
        if right and not _closed(short, nesting):
            # 北京行动 纲要: the head that makes the name; 人类发展 报告: a word of its own
            return bool(COMPLETING_HEAD_ZH.search(right[-1])) or not _independent(right, nesting)
        return False
    if left:
        content = [w for w in left if w.lower() not in _ARTICLES]
        if not (content and content[-1].lower() in _EN_HEAD_LINKS):
            return True  # "internally" displaced persons; not "maintenance of" international peace ...
    if right:
        # "Republic of Cyprus" and what a sentence says after it: not the rest of the name
        return not (nesting.capital[short] * 2 > nesting.freq[short] and right[0][:1].islower())
    return False


def _is_name(text: str) -> bool:
    """A whole name before a term (联合国, 秘书长, 经济及社会理事会, 日本): not a modifier of it."""
    return bool(CLOSED_NAME_ZH.search(text) or TITLE_HEAD_ZH.search(text)) or text in _place_names()


def _independent(words: tuple[str, ...], nesting: Nesting) -> bool:
    text = nesting.join(words)
    return len(text) >= 2 and nesting.freq.get(text, 0) >= 2


def own_share(key: str, nesting: Nesting, min_share: float = 0.2) -> float:
    """The share of a candidate's units in which it stands on its own: outside every longer
    candidate, or inside ones that do not complete it. Only a recurring longer candidate (one in
    at least `min_share` of the units, and two) can complete it: 国际组织 inside 机构和国际组织 once and
    社会和国际组织 once is a term with many neighbours, not a fragment of either."""
    f = nesting.freq[key]
    if not f:
        return 0.0
    inside = nesting.inside.get(key, {})
    recurring: Counter = Counter()
    for containers, n in inside.items():
        for longer in {c[0] for c in containers}:
            recurring[longer] += n
    own = nesting.free[key]
    for containers, n in inside.items():
        if not any(recurring[c[0]] >= max(2, min_share * f) and completes(c, nesting, key) for c in containers):
            own += n
    return own / f


def is_coordination(key: str, nesting: Nesting, by_parts: Mapping[tuple[str, ...], str]) -> bool:
    """"A and B" where A and B each occur far more often than together ("international peace and
    security" stays: "international peace" seldom occurs without it), or where one half is no term
    at all, or an English "or" outside a name ("diplomatic permit or contacting": a clause, not a
    fixed phrase)."""
    parts = nesting.parts[key]
    f = nesting.freq[key]
    for i, w in enumerate(parts):
        if w in CONJUNCTIONS and 0 < i < len(parts) - 1:
            left, right = by_parts.get(parts[:i]), by_parts.get(parts[i + 1 :])
            if left and right and nesting.freq[left] >= 3 * f and nesting.freq[right] >= 3 * f:
                return True
            if nesting.lang == "en" and not nesting.capital[key] and (w == "or" or left is None or right is None):
                return True  # lower-case "A or B" is a sentence's choice, not a term
    return False


def select(nesting: Nesting, min_freq: int = 2, min_own: float = 0.34,
           keep: set[str] | None = None) -> dict[str, float]:
    """Candidates worth pairing, with a termhood weight (log of their length times the units they
    stand on their own in): frequent enough, standing on their own in at least `min_own` of their
    units, and no coordination of two terms. `keep` (instrument names, say) only need to stand on
    their own."""
    frequent = {k: p for k, p in nesting.parts.items() if nesting.freq[k] >= min_freq}
    by_parts = {p: k for k, p in frequent.items()}
    out = {}
    for k, p in frequent.items():
        share = own_share(k, nesting)
        if share < min_own:
            continue
        if (keep and k in keep) or not is_coordination(k, nesting, by_parts):
            out[k] = math.log2(1 + len(p)) * share * nesting.freq[k]
    return out
