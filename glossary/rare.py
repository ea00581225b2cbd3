"""Entries for terms the texts hold too seldom for competitive linking: a name seen in one or two
aligned pairs (联合国资本发展基金 / United Nations Capital Development Fund, 第二委员会 / Second
Committee), or a term that linking left without a partner (维持和平行动 / peacekeeping operations).

The English is chosen as `glossary lookup` chooses it, from the pairs that hold the Chinese: every
English candidate of those pairs is scored on how consistently it goes with the term (Dice), how
much of the two CC-CEDICT and the place names cover, how well the lengths fit, and, for the best
few, how similar the two strings are for the sentence encoder. Only a clear winner becomes an
entry, and a Chinese candidate inside a longer one that proposes the same English gives way to it
when it fits worse (协助大会第二委员会 and 第二委员会 both propose "Second Committee": the second
fits). These entries rank low: their evidence is one or two pairs.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from glossary import evidence
from glossary.candidates import en as candidates_en
from glossary.candidates import zh as candidates_zh
from glossary.kinds import NAME_HEAD_ZH, head_kinds
from glossary.model import Entry

SHORTLIST = 3  # English candidates per Chinese term compared by the encoder
MIN_PROPOSAL = 0.62  # what a proposal must score (lookup's scale) to become an entry
MIN_SIMILARITY = 0.6  # how close the two must be for the encoder
MIN_COVER = 0.5  # the share of each side's words CC-CEDICT (or the place names) finds in the other
MAX_UNITS = 40  # pairs read per term
RANK = 0.5  # their score against a linked entry's of as many pairs


def corpus_score(lex: float, dice: float, share: float, fit: float, sim: float | None = None) -> float:
    """The score `glossary lookup` gives an English candidate of a Chinese term (and back): dictionary
    cover, association over the pairs, the share of the term's pairs holding it, length fit, and
    encoder similarity once it is known."""
    score = fit * (0.2 * lex + 0.2 * math.sqrt(dice) + 0.15 * share)
    return score if sim is None else score + fit * 0.45 * max(0.0, sim)


def eligible(z: str, kept: bool, instrument: bool, place: bool) -> bool:
    """A Chinese candidate worth a look: kept by termhood, or shaped like a name (an institution's,
    an instrument's or a title's head, a 《》 title, a place) however seldom it occurs. Not one that
    holds an adverb or a preposition (but those of names: 特别协调员), nor one opening with a verb or
    adverb unless it ends on a name's head (提供全面, 一起努力; but 执行理事会, 建设和平基金)."""
    if len(z) < 3 or candidates_zh.is_noise(z):
        return False
    head = bool(NAME_HEAD_ZH.search(z))
    if not (kept or instrument or place or head):
        return False
    words = candidates_zh.words(z)
    if words[0] == "问题":
        return False  # "the question of" ends the topic before it: 问题国际刑事法庭 is a piece
    if any(candidates_zh.is_adverb_or_preposition(w) and w not in candidates_zh.NAME_OPENERS for w in words[1:-1]):
        return False  # (秘书处一直在与环境署...)
    return head or instrument or place or not candidates_zh.is_verb_or_adverb(words[0])


def name_like(surface: str) -> bool:
    """Every word capitalised (but the connecting ones): a name, or an acronym."""
    words = [w for w in surface.split() if w not in candidates_en.CONNECTORS]
    return bool(words) and all(w[:1].isupper() for w in words)


def rare_entries(units: Iterable[tuple[dict, dict]], words_of: Callable[[int], list[str]], zh_freq: Counter,
                 en_freq: Counter, eligible: set[str], kept: set[str], taken_zh: set[str], taken_en: dict[str, str],
                 display: Callable[[str], str], length_key: Callable[[str], str],
                 embeddings: bool = True) -> list[Entry]:
    """Entries for the `eligible` Chinese candidates. `units` gives the Chinese and English candidates
    of every unit by key, in order (only those of the units holding an eligible term are kept);
    `words_of(u)` the words of unit u's Chinese; `kept` the Chinese candidates
    termhood keeps; `taken_zh` the Chinese terms the glossary's entries already hold, `taken_en`
    their English terms (by key) with their Chinese; `display` gives an English key as the texts
    write it, `length_key` the key its length is measured on (an acronym's long form).

    A proposal becomes an entry when it scores well on lookup's scale, the encoder finds the two
    close, the dictionary finds half of each side in the other, and it is a term: a name (every
    word capitalised) for a name-shaped Chinese term, or, for a Chinese term termhood keeps, an
    English one found with it in two pairs at least and mostly with it. English that an entry
    already holds is not proposed again (it has its Chinese), and a Chinese candidate that only ever
    occurs inside an entry's Chinese (in most of its pairs) is a piece of that name (社会事务部 in
    经济和社会事务部); English joining an entry's term to another ("United Nations and UNEP") is no
    term of its own, nor is English rendering a word the texts write next to the term (the term is
    cut there)."""
    where: dict[str, list[int]] = defaultdict(list)
    zh_units: dict[int, dict] = {}
    en_units: dict[int, dict] = {}
    for u, (zocc, eocc) in enumerate(units):
        for z in zocc:
            if z in eligible and len(where[z]) < MAX_UNITS:
                where[z].append(u)
                zh_units[u], en_units[u] = zocc, eocc
    shortlist: list[tuple[str, str, float, float, float, int, float]] = []
    for z, us in where.items():
        if 2 * sum(any(_piece(z, t, taken_zh) for t in zh_units[u] if t in taken_zh) for u in us) > len(us):
            continue
        words = candidates_zh.words(z)
        # verbs with a name after them (改变 + 国际原子能机构, 参加 + 海地...): the English must render them
        verbs = [w for k, w in enumerate(words[:-1]) if candidates_zh.is_verb(w) and _object(words[k + 1:])]
        places = evidence.places_in(z)
        m = NAME_HEAD_ZH.search(z)  # the head as UN names end (部 of 政治事务部, whose last word is 事务部)
        head = m.group(0) if m and len(m.group(0)) < len(z) and not evidence.places_in(words[-1]) else ""
        verb_end = candidates_zh.is_verb(candidates_zh.words(z)[-1])
        counts: Counter = Counter(e for u in us for e in en_units[u])
        counts = Counter({e: c for e, c in counts.items() if _free(z, e, c / len(us), taken_en)})
        scored = []
        for e, c in counts.items():
            en = display(e)
            if verb_end and not _NOUN_END.search(e):
                continue  # a verb ending a Chinese term is a noun in its English (军事占领 / military
                # occupation); else it is a clause (秘书长提交 / Secretary-General to submit)
            if not (name_like(en) or (z in kept and c >= 2 and 2 * c >= en_freq[e])) or _joins_terms(e, taken_en):
                continue
            zh_cov, en_cov = evidence.coverage(z, en)
            if zh_cov < MIN_COVER or en_cov < MIN_COVER or (" " not in e and zh_cov < 0.99):
                continue  # (one English word covers a whole term: 区域会议 is no "Conference")
            if "、" in z and "," not in en:
                continue  # a list (总统、总理), not a name whose parts English also lists (教育、科学及文化组织)
            if any(not evidence.renders(w, en) for w in verbs):
                continue  # a verb the English does not render makes a clause: 改变国际原子能机构 is
                # "changing" the International Atomic Energy Agency, 智利出席安全理事会 Chile "attending"
                # the Security Council (执行理事会 is the Executive Council)
            if not places <= evidence.places_rendered(z, en) or evidence.countries_in(en) - evidence.countries_of(z):
                continue  # 联合国日内瓦办事处 is no "United Nations Office", 安全理事会候补代表 no "China on the
                # Security Council"
            if head and not (evidence.renders(head, en) or _same_kind(*head_kinds(z, en))):
                continue  # a name's head is in its English: 传统事务部长 is no "Traditional Affairs", 政治事务部
                # no "Political Affairs"
            if en_cov <= MIN_COVER and len(e.split()) >= 3:
                continue  # half of a longer English is not in the term ("United Nations Organization
                # Stabilization Mission" for 联合国组织)
            fit = evidence.length_fit(z, length_key(e))
            dice = 2 * c / (zh_freq[z] + max(en_freq[e], c))
            s = corpus_score((zh_cov + en_cov) / 2, dice, c / len(us), fit)
            if s + 0.45 * fit >= MIN_PROPOSAL:
                scored.append((s, e, zh_cov, en_cov, c, fit))
        scored.sort(reverse=True)
        shortlist += [(z, e, s, zc, ec, c, fit) for s, e, zc, ec, c, fit in scored[:SHORTLIST]]
    if not shortlist:
        return []
    pairs = [(z, display(e)) for z, e, *_ in shortlist]
    sims = evidence.embedding_similarity(pairs) if embeddings else [MIN_SIMILARITY] * len(pairs)
    best: dict[str, tuple[float, str]] = {}
    for (z, e, s, _, _, _, fit), sim in zip(shortlist, sims, strict=True):
        total = s + 0.45 * fit * max(0.0, sim)
        if total >= MIN_PROPOSAL and sim >= MIN_SIMILARITY and (z not in best or total > best[z][0]):
            if not _cut(z, display(e), where[z], zh_units, words_of):
                best[z] = (total, e)
    # One Chinese term per English term among nested candidates: the better fitting one.
    by_e: dict[str, list[str]] = defaultdict(list)
    for z, (_, e) in best.items():
        by_e[e].append(z)
    out = []
    for e, zs in by_e.items():
        for z in zs:
            if any(o != z and (o in z or z in o) and best[o][0] > best[z][0] for o in zs):
                continue
            units = [u for u in where[z] if e in en_units[u]]
            out.append(Entry(zh=z, en=display(e), frequency=len(units), score=best[z][0], units=units))
    return out


_NOUN_END = re.compile(r"(?:tion|sion|ment|ance|ence|ing|ure|al|ity|s)$")
_JOINERS = "和与及、或"


def _piece(z: str, t: str, taken_zh: set[str]) -> bool:
    """Is `z` a piece of the longer Chinese term `t`: inside it, and neither one side of a
    coordination (小武器 in 小武器和轻武器) nor beside a term of its own (咨商地位 after 经济及社会理事会,
    军事占领 after 以色列)?"""
    k = t.find(z)
    if k < 0 or t == z:
        return False
    end = k + len(z)
    if (end < len(t) and t[end] in _JOINERS) or (k > 0 and t[k - 1] in _JOINERS):
        return False
    return not (t[:k] in taken_zh or t[end:] in taken_zh) or (k > 0 and end < len(t))


def _free(z: str, e: str, share: float, taken_en: dict[str, str]) -> bool:
    """May `z` take the English term `e`, found in `share` of its pairs? Yes unless an entry holds it
    already, but for an entry whose Chinese holds `z` and words the English does not have, when `e`
    goes with `z` nearly always (经济及社会理事会咨商地位 took "consultative status": 咨商地位 may
    have it too; 缔约方 may not take the "Conference of the Parties" of 缔约方大会); and for an entry
    whose Chinese is a part of `z` that renders fewer of its English words (预算委员会 took
    "Programme and Budget Committee": 方案和预算委员会 may have it too)."""
    owner = taken_en.get(e)
    if owner is None:
        return True
    if share < 0.8 or z == owner:
        return False
    if z in owner:
        return evidence.coverage(owner, e)[0] < evidence.coverage(z, e)[0]
    return owner in z and evidence.coverage(owner, e)[1] < evidence.coverage(z, e)[1]


def _cut(z: str, en: str, units: list[int], zh_units: dict[int, dict], words_of: Callable[[int], list[str]]) -> bool:
    """Does the English render a word the texts write next to the Chinese term, which the term
    leaves out: is the term cut (犯罪和刑事司法 after 预防, for "crime prevention and criminal
    justice")?"""
    missing = evidence.unrendered(z, en)
    if not missing:
        return False
    for u in units:
        words = words_of(u)
        for o in zh_units[u].get(z, ()):
            for k in (o.start - 1, o.end):
                if 0 <= k < len(words) and len(words[k]) >= 2 and candidates_zh.is_word(words[k]) \
                        and any(evidence.renders(words[k], w) for w in missing):
                    return True
    return False


def _same_kind(zh_kind: str | None, en_kind: str | None) -> bool:
    """Do the two heads name the same kind of thing (a body's head and a programme's may stand for
    each other: 署 / Programme, 基金 / Fund)?"""
    if zh_kind is None or en_kind is None:
        return False
    return zh_kind == en_kind or {zh_kind, en_kind} <= {"body", "programme"}


def _object(words: list[str]) -> bool:
    """Could these words be what a verb before them acts on: a name (its head at the end), or a
    place first? (Not 行动 after 混合: 混合行动 is a hybrid operation.)"""
    rest = "".join(words)
    return bool(NAME_HEAD_ZH.search(rest)) or bool(evidence.places_in(words[0]))


def _joins_terms(e: str, taken_en: set[str]) -> bool:
    """"X and Y" / "X or Y" where X or Y is a term the glossary already holds (of more than one word,
    or an acronym): two terms side by side ("ECOWAS and the Mano River Union"), not one name."""
    words = e.split()
    for k, w in enumerate(words):
        if w in ("and", "or") and 0 < k < len(words) - 1:
            left = " ".join(words[:k])
            right = " ".join(words[k + 2:] if words[k + 1] == "the" else words[k + 1:])
            for part in (left, right):
                if part in taken_en and (" " in part or candidates_en.is_acronym(part)):
                    return True
    return False
