"""Pairing Chinese and English terms over aligned units.

1. Candidates on both sides (`candidates_zh`, `candidates_en`), kept by termhood (`termhood`).
2. Association: Dice over the units in which two candidates co-occur, sharpened by CC-CEDICT and the
   UNBIS/SDG pairs (`evidence`).
3. Competitive linking (Melamed 2000) inside every unit: the best-associated pair is linked first
   and its words are used up, so a frequent word (理事会, Council) cannot also take the translation
   of the longer term it sits in, and one frequent term cannot take every translation.
4. Link counts give the final association; terms the embedding model is asked about only where two
   English candidates for one Chinese term are close.
5. Entries: mutual best pairs, with Chinese short forms (安理会, 开发署) and English acronyms (UNDP)
   or plurals folded in as variants of one entry.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from glossary import evidence
from glossary.candidates import en as candidates_en
from glossary.candidates import termhood
from glossary.candidates import zh as candidates_zh
from glossary.candidates.zh import Occurrence
from glossary.kinds import classify
from glossary.model import Entry, Unit


@dataclass
class Extracted:
    """Candidates of every unit, and what was counted over all of them."""

    zh: list[dict[str, list[Occurrence]]] = field(default_factory=list)
    en: list[dict[str, list[Occurrence]]] = field(default_factory=list)
    zh_freq: Counter = field(default_factory=Counter)
    en_freq: Counter = field(default_factory=Counter)
    zh_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    en_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    en_surface: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    instruments: set[str] = field(default_factory=set)
    zh_long: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # short -> long
    en_long: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # acronym -> long


@dataclass
class Settings:
    min_freq: int = 2  # a candidate must occur in at least this many units
    min_cvalue: float = 1.0
    min_links: int = 2  # a pair must be linked in at least this many units
    embeddings: bool = True  # ask the encoder where two English candidates are close


Progress = Callable[[str, int, int], None]


def _group(occs: list[Occurrence]) -> dict[str, list[Occurrence]]:
    out: dict[str, list[Occurrence]] = {}
    for o in occs:
        out.setdefault(o.key, []).append(o)
    return out


def extract(units: list[Unit], progress: Progress | None = None) -> Extracted:
    ex = Extracted()
    for n, u in enumerate(units):
        ztoks = candidates_zh.words(u.zh)
        etoks = candidates_en.tokens(u.en)
        zocc = _group(candidates_zh.candidates(ztoks))
        eocc = _group(candidates_en.candidates(etoks))
        for k, occs in zocc.items():
            o = occs[0]
            parts = tuple(ztoks[o.start : o.end])
            # jieba may cut a phrase differently in different sentences: keep one cut, whatever
            # the order of the inputs, so that building from the same units gives the same glossary.
            if k not in ex.zh_parts or parts < ex.zh_parts[k]:
                ex.zh_parts[k] = parts
            if o.instrument or any(x.instrument for x in occs):
                ex.instruments.add(k)
        for k, occs in eocc.items():
            o = occs[0]
            ex.en_parts.setdefault(k, tuple(k.split()))
            ex.en_surface[k].update(x.surface for x in occs)
        ex.zh_freq.update(zocc.keys())
        ex.en_freq.update(eocc.keys())
        for long_form, short in candidates_zh.short_form_pairs(ztoks):
            ex.zh_long[short][long_form] += 1
        for acronym, long_form in candidates_en.long_forms(etoks):
            ex.en_long[acronym][candidates_en.key(long_form.split())] += 1
        ex.zh.append(zocc)
        ex.en.append(eocc)
        if progress and n % 200 == 0:
            progress("candidates", n, len(units))
    return ex


def _free(occs: list[Occurrence], used: set[int]) -> Occurrence | None:
    for o in occs:
        if not any(t in used for t in range(o.start, o.end)):
            return o
    return None


def pair_terms(units: list[Unit], settings: Settings | None = None,
               progress: Progress | None = None) -> list[Entry]:
    s = settings or Settings()
    ex = extract(units, progress)
    zkeep = termhood.select(ex.zh_freq, ex.zh_parts, "zh", s.min_freq, s.min_cvalue, keep=ex.instruments)
    ekeep = termhood.select(ex.en_freq, ex.en_parts, "en", s.min_freq, s.min_cvalue)

    # Co-occurrence over units.
    cooc: Counter = Counter()
    for zocc, eocc in zip(ex.zh, ex.en):
        zs = [k for k in zocc if k in zkeep]
        es = [k for k in eocc if k in ekeep]
        for z in zs:
            cooc.update((z, e) for e in es)
    if progress:
        progress("association", 0, 1)

    # Association used for linking: Dice, sharpened by dictionary evidence.
    strength: dict[str, dict[str, float]] = defaultdict(dict)
    lex: dict[tuple[str, str], float] = {}
    for (z, e), c in cooc.items():
        if c < s.min_links:
            continue
        dice = 2 * c / (ex.zh_freq[z] + ex.en_freq[e])
        if dice < 0.05:
            continue
        en_text = _display_en(ex, e)
        d = _lexical(ex, z, e, en_text)
        lex[(z, e)] = d
        # Longer candidates get a head start, or (国际, international) would use up the words of
        # (国际和平与安全, international peace and security) in every unit that has both.
        longer = min(2.0, 1 + 0.2 * (len(ex.zh_parts[z]) - 1) + 0.2 * (len(ex.en_parts[e]) - 1))
        strength[z][e] = dice * (1 + d) * longer * length_fit(z, e)

    # Competitive linking inside every unit.
    links: Counter = Counter()
    where: dict[tuple[str, str], list[int]] = defaultdict(list)
    for u, (zocc, eocc) in enumerate(zip(ex.zh, ex.en)):
        cands = []
        for z in zocc:
            row = strength.get(z)
            if not row:
                continue
            for e in eocc:
                v = row.get(e)
                if v:
                    cands.append((v, len(z), z, e))
        if not cands:
            continue
        cands.sort(reverse=True)
        used_z: set[int] = set()
        used_e: set[int] = set()
        linked = set()
        for _, _, z, e in cands:
            oz = _free(zocc[z], used_z)
            oe = _free(eocc[e], used_e) if oz else None
            if oz is None or oe is None:
                continue
            used_z.update(range(oz.start, oz.end))
            used_e.update(range(oe.start, oe.end))
            if (z, e) not in linked:
                linked.add((z, e))
                links[(z, e)] += 1
                where[(z, e)].append(u)
    if progress:
        progress("linking", 1, 1)
    return _entries(ex, links, where, lex, s)


def _display_en(ex: Extracted, key: str) -> str:
    surfaces = ex.en_surface.get(key)
    return surfaces.most_common(1)[0][0] if surfaces else key


def _lexical(ex: Extracted, z: str, e: str, en_text: str) -> float:
    if evidence.is_known(z, en_text):
        return 1.0
    longs = ex.en_long.get(e) if candidates_en.is_acronym(en_text) else None
    if longs:
        long_form = longs.most_common(1)[0][0]
        return evidence.dictionary_score(z, long_form)
    return evidence.dictionary_score(z, en_text)


def length_fit(zh: str, en_key: str) -> float:
    """1 when the lengths fit (an English word for about two Chinese characters, 安全理事会 /
    Security Council), falling towards 0 as they drift apart (一周 / "Security Council took action
    during the week ending")."""
    words = len(en_key.split())
    ratio = (words + 1) / (0.55 * len(zh) + 1)
    return min(1.0, 2.0 / max(ratio, 1 / ratio))


def _confidence(n_links: int, fz: int, fe: int, lex: float, fit: float) -> float:
    return (0.75 * (2 * n_links / (fz + fe)) + 0.25 * lex) * fit


def _same_word(a: str, b: str) -> bool:
    """Two English keys that are forms of one term (Members / Member States, protect / protection,
    work programme / programme of work), not one term and a longer phrase around it."""
    wa, wb = set(a.split()), set(b.split())
    if wa <= wb or wb <= wa:
        return a == b or not (f" {a} " in f" {b} " or f" {b} " in f" {a} ")
    return any(x[:4] == y[:4] for x in wa for y in wb if len(x) > 3 and len(y) > 3)


def _entries(ex: Extracted, links: Counter, where: dict, lex: dict, s: Settings) -> list[Entry]:
    best_e: dict[str, list[tuple[float, str]]] = defaultdict(list)
    best_z: dict[str, list[tuple[float, str]]] = defaultdict(list)
    conf: dict[tuple[str, str], float] = {}
    for (z, e), n_links in links.items():
        if n_links < s.min_links:
            continue
        c = _confidence(n_links, ex.zh_freq[z], ex.en_freq[e], lex.get((z, e), 0.0), length_fit(z, e))
        conf[(z, e)] = c
        rank = c * math.log2(1 + n_links)
        best_e[z].append((rank, e))
        best_z[e].append((rank, z))
    for lst in (*best_e.values(), *best_z.values()):
        lst.sort(reverse=True)
    if s.embeddings:
        _disambiguate(best_e, ex)

    entries: dict[tuple[str, str], Entry] = {}
    owner_z: dict[str, Entry] = {}
    owner_e: dict[str, Entry] = {}
    # Mutual best pairs become entries.
    for z, lst in best_e.items():
        e = lst[0][1]
        if best_z[e][0][1] != z:
            continue
        n_links = links[(z, e)]
        c = conf[(z, e)]
        if c < 0.3:
            continue
        entry = Entry(zh=z, en=_display_en(ex, e), frequency=n_links, units=list(where[(z, e)]))
        entry.score = c
        entries[(z, e)] = entry
        owner_z[z] = entry
        owner_e[e] = entry
    # Other forms usually translated by an entry's term become its variants: 安理会 beside
    # 安全理事会, Member States beside the Charter's Members (singular and plural are one key).
    for (z, e), n_links in links.items():
        if (z, e) in entries or conf.get((z, e), 0.0) < 0.4:
            continue
        if e in owner_e and z not in owner_z:
            entry = owner_e[e]
            if n_links / ex.zh_freq[z] >= 0.5 and best_e[z][0][1] == e and z not in entry.zh and entry.zh not in z:
                entry.zh_variants.append(z)
                owner_z[z] = entry
                entry.units.extend(where[(z, e)])
        elif z in owner_z and e not in owner_e:
            entry = owner_z[z]
            if n_links / ex.en_freq[e] >= 0.5 and best_z[e][0][1] == z and _same_word(e, _key_en(entry.en)):
                entry.en_variants.append(_display_en(ex, e))
                owner_e[e] = entry
                entry.units.extend(where[(z, e)])
    folded = _fold_short_forms(ex, entries, owner_z, owner_e)

    out = []
    for key, entry in entries.items():
        if key in folded:
            continue
        entry.units = sorted(set(entry.units))
        entry.frequency = len(entry.units)
        ze = _key_en(entry.en)
        entry.kind = classify(entry.zh, entry.en, entry.zh in ex.instruments,
                              bool(ex.en_long.get(ze)) or candidates_en.is_acronym(entry.en))
        entry.score = round(entry.score * _weight(entry) * math.log2(1 + entry.frequency), 4)
        out.append(entry)
    out.sort(key=lambda x: (-x.score, x.zh))
    return out


def _key_en(text: str) -> str:
    return candidates_en.key(text.split())


def _weight(entry: Entry) -> float:
    """Institutional vocabulary first: names, multi-word terms and acronyms outrank single common
    words, which are real pairs but not what a terminologist looks for."""
    en = entry.en
    if entry.kind != "concept" or " " in en or en[:1].isupper() or len(entry.zh) >= 4:
        return 1.0
    return 0.6


def _fold_short_forms(ex: Extracted, entries: dict, owner_z: dict, owner_e: dict) -> set[tuple[str, str]]:
    """开发署/UNDP and 联合国开发计划署/United Nations Development Programme: one entry, when the
    texts define UNDP as that long form (or 开发署 as that Chinese name). Returns the keys of the
    entries folded into others."""
    folded: set[tuple[str, str]] = set()
    for (z, e), entry in list(entries.items()):
        target = None
        longs = ex.en_long.get(e)
        if longs:
            target = owner_e.get(longs.most_common(1)[0][0])
        if target is None and ex.zh_long.get(z):
            target = owner_z.get(ex.zh_long[z].most_common(1)[0][0])
        if target is None or target is entry or (target.zh, _key_en(target.en)) in folded:
            continue
        target.zh_variants += [t for t in entry.terms("zh") if t != target.zh and t not in target.zh_variants]
        target.en_variants += [t for t in entry.terms("en") if t != target.en and t not in target.en_variants]
        target.units.extend(entry.units)
        target.score = max(target.score, entry.score)
        for t in entry.terms("zh"):
            owner_z[t] = target
        folded.add((z, e))
    return folded


def _disambiguate(best: dict[str, list[tuple[float, str]]], ex: Extracted) -> None:
    """Where the two best English candidates of a Chinese term are close, let the similarity of
    the term strings decide between them."""
    close = {z: lst[:3] for z, lst in best.items() if len(lst) > 1 and lst[1][0] >= 0.7 * lst[0][0]}
    if not close:
        return
    pairs = [(z, _display_en(ex, e)) for z, lst in close.items() for _, e in lst]
    sims = iter(evidence.embedding_similarity(pairs))
    for z, lst in close.items():
        rescored = [(v * (0.6 + 0.4 * max(0.0, next(sims))), e) for v, e in lst]
        rescored.sort(reverse=True)
        best[z][: len(rescored)] = rescored

