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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from glossary import evidence, rare
from glossary.candidates import en as candidates_en
from glossary.candidates import termhood
from glossary.candidates import zh as candidates_zh
from glossary.candidates.zh import Occurrence
from glossary.evidence import length_fit
from glossary.kinds import classify
from glossary.model import MIN_SCORE, Entry, Unit


@dataclass
class Extracted:
    """Candidates of every unit, and what was counted over all of them."""

    zh: list[dict[str, list[Occurrence]]] = field(default_factory=list)
    en: list[dict[str, list[Occurrence]]] = field(default_factory=list)
    zh_nesting: termhood.Nesting = field(default_factory=lambda: termhood.Nesting("zh"))
    en_nesting: termhood.Nesting = field(default_factory=lambda: termhood.Nesting("en"))
    en_surface: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    en_initial: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # sentence-initial
    instruments: set[str] = field(default_factory=set)
    zh_long: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # short -> long
    en_long: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # acronym -> long

    @property
    def zh_freq(self) -> Counter:
        return self.zh_nesting.freq

    @property
    def en_freq(self) -> Counter:
        return self.en_nesting.freq

    @property
    def zh_parts(self) -> dict[str, tuple[str, ...]]:
        return self.zh_nesting.parts

    @property
    def en_parts(self) -> dict[str, tuple[str, ...]]:
        return self.en_nesting.parts


@dataclass
class Settings:
    min_freq: int = 2  # a candidate must occur in at least this many units
    min_own: float = 0.34  # a candidate must stand on its own in this share of its units (termhood)
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
            ex.en_parts.setdefault(k, tuple(k.split()))
            for x in occs:
                (ex.en_initial if x.initial else ex.en_surface)[k][x.surface] += 1
        ex.zh_nesting.add_unit(zocc, ztoks)
        ex.en_nesting.add_unit(eocc, etoks)
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


UnitCandidates = tuple[dict[str, list[Occurrence]], dict[str, list[Occurrence]]]


def pair_terms(units: list[Unit], settings: Settings | None = None,
               progress: Progress | None = None) -> list[Entry]:
    ex = extract(units, progress)
    return pair_extracted(ex, lambda: zip(ex.zh, ex.en), settings, progress,
                          words_of=lambda u: candidates_zh.words(units[u].zh))  # as extract cut them


def pair_extracted(ex: Extracted, unit_candidates: Callable[[], Iterable[UnitCandidates]],
                   settings: Settings | None = None, progress: Progress | None = None,
                   linker: Linker | None = None, *, words_of: Callable[[int], list[str]]) -> list[Entry]:
    """Pair the terms of units already counted: `ex` holds what was counted over all of them (its
    per-unit lists may be empty), `unit_candidates()` gives each unit's candidates again, in the
    same order, every time it is called (twice: co-occurrence, then linking). What `extract` counts
    is a sum over units, so `ex` may be merged from the counts of parts of the corpus (glossary.counts);
    everything from termhood on needs the whole corpus and is done here. Entries' `units` are
    indexes into that order. `linker`, given the association tables, does what `link_units` does
    over all units (glossary.build runs it on several processes). `words_of(u)`: the words of unit
    u's Chinese (as extract cut them), asked only for the few units that hold a rare term."""
    s = settings or Settings()
    zkeep = termhood.select(ex.zh_nesting, s.min_freq, s.min_own, keep=ex.instruments)
    ekeep = termhood.select(ex.en_nesting, s.min_freq, s.min_own)

    # Co-occurrence over units.
    cooc: Counter = Counter()
    for zocc, eocc in unit_candidates():
        zs = [k for k in zocc if k in zkeep]
        es = [k for k in eocc if k in ekeep]
        for z in zs:
            cooc.update((z, e) for e in es)
    if progress:
        progress("association", 0, 1)

    # Association used for linking: Dice, sharpened by dictionary evidence.
    contractions = _contractions(zkeep)
    strength: dict[str, dict[str, float]] = defaultdict(dict)
    dices: dict[tuple[str, str], float] = {}
    lex: dict[tuple[str, str], float] = {}
    for (z, e), c in cooc.items():
        if c < s.min_links:
            continue
        dice = 2 * c / (ex.zh_freq[z] + ex.en_freq[e])
        if dice < 0.05:
            continue
        d = _lexical(ex, z, e, contractions.get(z, ()))
        lex[(z, e)] = d
        dices[(z, e)] = dice
        # Longer candidates get a head start, or (国际, international) would use up the words of
        # (国际和平与安全, international peace and security) in every unit that has both.
        longer = min(2.0, 1 + 0.2 * (len(ex.zh_parts[z]) - 1) + 0.2 * (len(ex.en_parts[e]) - 1))
        strength[z][e] = dice * (1 + 2 * d) * longer * length_fit(z, _en_length_key(ex, e))

    # Competitive linking inside every unit, with nested links inside a linked pair.
    if linker is None:
        links, where = link_units(unit_candidates(), strength, dices, lex)
    else:
        links, where = linker(strength, dices, lex)
    if progress:
        progress("linking", 1, 1)
    entries = _entries(ex, links, where, lex, s, contractions)
    entries += _rare_entries(ex, zkeep, entries, s, unit_candidates(), words_of)
    entries.sort(key=lambda x: (-x.score, x.zh))
    return entries


Links = tuple[Counter, dict[tuple[str, str], list[int]]]
Linker = Callable[[dict, dict, dict], Links]


def link_units(units: Iterable[UnitCandidates], strength: dict[str, dict[str, float]],
               dices: dict[tuple[str, str], float], lex: dict[tuple[str, str], float], first: int = 0) -> Links:
    """Competitive linking in each unit (numbered from `first`): how many units link each pair
    (in the order pairs are first linked) and which units. Each unit is linked on its own, so
    parts of the corpus may be linked apart and their results added in order."""
    links: Counter = Counter()
    where: dict[tuple[str, str], list[int]] = defaultdict(list)
    for u, (zocc, eocc) in enumerate(units, first):
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
        cands = _prefer_whole(cands, dices, lex)
        cands.sort(reverse=True)
        for z, e in _link_unit(cands, zocc, eocc):
            links[(z, e)] += 1
            where[(z, e)].append(u)
    return links, where


def _rare_entries(ex: Extracted, zkeep, entries: list[Entry], s: Settings, units: Iterable[UnitCandidates],
                  words_of: Callable[[int], list[str]]) -> list[Entry]:
    """Entries for the Chinese terms that linking left without one (see `glossary.rare`), ranked
    below the linked ones of as many pairs, and below what annotate proposes unasked: their English
    was chosen from few pairs."""
    taken_zh = {t for entry in entries for t in entry.terms("zh")}
    taken_en = {_key_en(t): entry.zh for entry in entries for t in entry.terms("en")}
    for t, z in list(taken_en.items()):  # an acronym's long form is held with it (UNAMI)
        if ex.en_long.get(t):
            taken_en.setdefault(ex.en_long[t].most_common(1)[0][0], z)
    places = termhood._place_names()
    eligible = {z for z in ex.zh_freq if z not in taken_zh
                and rare.eligible(z, z in zkeep, z in ex.instruments, z in places)}
    found = rare.rare_entries(units, words_of, ex.zh_freq, ex.en_freq, eligible, set(zkeep) | ex.instruments,
                              taken_zh, taken_en, lambda e: _display_en(ex, e), lambda e: _en_length_key(ex, e),
                              s.embeddings)
    for entry in found:
        ze = _key_en(entry.en)
        entry.kind = classify(entry.zh, entry.en, entry.zh in ex.instruments,
                              bool(ex.en_long.get(ze)) or candidates_en.is_acronym(entry.en))
        score = rare.RANK * entry.score * _weight(entry) * math.log2(1 + entry.frequency)
        entry.score = round(min(score, 0.99 * MIN_SCORE), 4)  # annotate proposes them only once approved
    return found


def _prefer_whole(cands: list[tuple[float, int, str, str]], dices: dict[tuple[str, str], float],
                  lex: dict[tuple[str, str], float]) -> list[tuple[float, int, str, str]]:
    """A name goes before the parts of it that are linked to the same term of the other language,
    when it is as consistently associated with that term (Dice): the whole name takes its words
    before a part of it does (麻醉药品委员会 / Commission on Narcotic Drugs before 麻醉药品 / the
    same), while boilerplate that only sometimes goes with a term does not (会议临时议程 /
    provisional agenda stays after 临时议程 / provisional agenda). On the English side the longer
    name must also be covered at least as well by the dictionary, so that what it adds is in the
    Chinese (联合国阿卜耶伊临时安全部队 takes "... Security Force for Abyei", but 联合国气候变化
    框架公约 does not take "Parties to the United Nations Framework Convention ..."); one covered
    worse goes after the shorter one ("infringed international air traffic regulations")."""
    value = {(z, e): v for v, _, z, e in cands}
    by_e: dict[str, list[str]] = defaultdict(list)
    by_z: dict[str, list[str]] = defaultdict(list)
    for _, _, z, e in cands:
        by_e[e].append(z)
        by_z[z].append(e)
    for _ in range(2):  # promotions chain: 犯罪和刑事司法 < 犯罪和刑事司法委员会 < 预防犯罪和刑事司法委员会
        for e, zs in by_e.items():
            for z in zs:
                for big in zs:
                    if big != z and z in big and dices[(big, e)] >= 0.95 * dices[(z, e)]:
                        value[(big, e)] = max(value[(big, e)], value[(z, e)] * 1.001)
        for z, es in by_z.items():
            for e in es:
                for big in es:
                    if big == e or f" {e} " not in f" {big} ":
                        continue
                    if dices[(z, big)] >= 0.95 * dices[(z, e)] and lex[(z, big)] >= lex[(z, e)]:
                        value[(z, big)] = max(value[(z, big)], value[(z, e)] * 1.001)
                    elif _adds_nothing(z, e, big):  # the shorter is the whole Chinese; the rest is not in it
                        value[(z, big)] = min(value[(z, big)], value[(z, e)] * 0.999)
    return [(value[(z, e)], n, z, e) for _, n, z, e in cands]


def _adds_nothing(z: str, small: str, big: str) -> bool:
    """Does the shorter English already translate every word of the Chinese, so that the longer one
    adds words the Chinese does not have ("infringed" international air traffic regulations)? Not
    said where the dictionary misses a word ("civil" society for 民间社会)."""
    zh_small, en_small = evidence.coverage(z, small)
    return zh_small >= 0.99 and evidence.coverage(z, big)[1] < en_small


@dataclass
class _Box:
    """A pair linked in one unit: its spans, and the words used by the pairs linked inside it."""

    z: tuple[int, int]
    e: tuple[int, int]
    value: float = 0.0
    used_z: set[int] = field(default_factory=set)
    used_e: set[int] = field(default_factory=set)


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def _link_unit(cands: list[tuple[float, int, str, str]], zocc: dict[str, list[Occurrence]],
               eocc: dict[str, list[Occurrence]]) -> list[tuple[str, str]]:
    """Competitive linking (Melamed 2000) in one unit: the best-associated pair first, its words
    used up, so a frequent word cannot take the translation of the longer term it sits in.

    Links nest: a pair whose two sides strictly contain a linked pair's, with every other word
    free, takes it inside (临时议程 / provisional agenda around 议程 / agenda), and a pair almost as
    strongly associated as a linked pair, whose two sides both lie strictly inside that pair's, is
    linked inside it (联合国环境规划署 / United Nations Environment Programme inside the title of its
    Executive Director) — but not a weaker one, which would be a part that lost its other part
    (预防犯罪和刑事司法 / Criminal Justice inside the name of the Commission on Crime Prevention and
    Criminal Justice). A part of one side never takes the whole other side: 委员会 never takes
    Commission on Narcotic Drugs."""
    boxes: list[_Box] = []
    linked: dict[tuple[str, str], None] = {}  # in the order linked: the same in every process
    for v, _, z, e in cands:
        for oz in zocc[z]:
            if any(_place(_Box((oz.start, oz.end), (oe.start, oe.end), v), boxes) for oe in eocc[e]):
                linked[(z, e)] = None
                break
    return list(linked)


def _place(new: _Box, boxes: list[_Box]) -> bool:
    """Link `new` among the pairs linked so far (changing `boxes`); False if it cannot be."""
    over = [b for b in boxes if _overlap(b.z, new.z) or _overlap(b.e, new.e)]
    if not over:
        boxes.append(new)
        return True
    if len(over) == 1:
        b = over[0]
        if _inside(new.z, b.z) and _inside(new.e, b.e) and new.value >= 0.8 * b.value:
            if any(t in b.used_z for t in range(*new.z)) or any(t in b.used_e for t in range(*new.e)):
                return False
            b.used_z.update(range(*new.z))
            b.used_e.update(range(*new.e))
            return True
    if all(_inside(b.z, new.z) and _inside(b.e, new.e) for b in over):
        for b in over:
            boxes.remove(b)
            new.used_z.update(range(*b.z))
            new.used_e.update(range(*b.e))
        boxes.append(new)
        return True
    return False


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _display_en(ex: Extracted, key: str) -> str:
    """How the texts write an English term: its most frequent form inside sentences (a sentence's
    first word is capitalised whatever it is: "agenda item", not "Agenda item")."""
    surfaces = ex.en_surface.get(key) or ex.en_initial.get(key)
    return surfaces.most_common(1)[0][0] if surfaces else key


def _lexical(ex: Extracted, z: str, e: str, longer_zh: tuple[str, ...] = ()) -> float:
    """Dictionary evidence for a pair: a UNBIS/SDG pair is 1; else the CC-CEDICT coverage of the two
    terms, an acronym standing for the long form the texts define for it (UNEP for United Nations
    Environment Programme), a contraction for its full name (经社理事会 for 经济及社会理事会)."""
    en_text = _display_en(ex, e)
    if evidence.is_known(z, en_text):
        return 1.0
    longs = ex.en_long.get(e) if candidates_en.is_acronym(en_text) else None
    target = longs.most_common(1)[0][0] if longs else en_text
    score = evidence.dictionary_score(z, target)
    for full in longer_zh:
        score = max(score, 0.9 * evidence.dictionary_score(full, target))
    return score


def _en_length_key(ex: Extracted, e: str) -> str:
    """An acronym is as long as what it stands for (UNEP is four words, not one)."""
    longs = ex.en_long.get(e)
    return longs.most_common(1)[0][0] if longs and candidates_en.is_acronym(_display_en(ex, e)) else e


def _contractions(zkeep) -> dict[str, tuple[str, ...]]:
    """Chinese contractions among the candidates, with the full names they contract
    (经社理事会: 经济及社会理事会; 安理会: 安全理事会; 原子能机构: 国际原子能机构)."""
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in zkeep:
        if len(k) >= 4:
            for first in set(k[:4]) | set(k[3:6] if k.startswith("联合国") else ""):
                for last in set(k[-3:]):
                    by_ends[(first, last)].append(k)
    out: dict[str, tuple[str, ...]] = {}
    for k in zkeep:
        if 2 <= len(k) <= 8:
            fulls = tuple(sorted(f for f in by_ends.get((k[0], k[-1]), ()) if candidates_zh.is_abbreviation(k, f)))
            if fulls:
                out[k] = fulls
    return out


def _confidence(n_links: int, fz: int, fe: int, lex: float, fit: float) -> float:
    return (0.75 * (2 * n_links / (fz + fe)) + 0.25 * lex) * fit


def _same_word(a: str, b: str) -> bool:
    """Two English keys that are forms of one term (Members / Member States, protect / protection,
    work programme / programme of work), not one term and a longer phrase around it."""
    wa, wb = set(a.split()), set(b.split())
    if wa <= wb or wb <= wa:
        return a == b or not (f" {a} " in f" {b} " or f" {b} " in f" {a} ")
    return any(x[:4] == y[:4] for x in wa for y in wb if len(x) > 3 and len(y) > 3)


def _entries(ex: Extracted, links: Counter, where: dict, lex: dict, s: Settings,
             contractions: dict[str, tuple[str, ...]]) -> list[Entry]:
    best_e: dict[str, list[tuple[float, str]]] = defaultdict(list)
    best_z: dict[str, list[tuple[float, str]]] = defaultdict(list)
    conf: dict[tuple[str, str], float] = {}
    for (z, e), n_links in links.items():
        if n_links < s.min_links:
            continue
        c = _confidence(n_links, ex.zh_freq[z], ex.en_freq[e], lex.get((z, e), 0.0),
                        length_fit(z, _en_length_key(ex, e)))
        conf[(z, e)] = c
        rank = c * math.log2(1 + n_links)
        best_e[z].append((rank, e))
        best_z[e].append((rank, z))
    for lst in (*best_e.values(), *best_z.values()):
        lst.sort(reverse=True)
    _prefer_covered(best_e, links, lex)
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
            if (n_links / ex.zh_freq[z] >= 0.5 and best_e[z][0][1] == e and z not in entry.zh and entry.zh not in z
                    and (set(z) & set(entry.zh) or candidates_zh.is_abbreviation(z, entry.zh))):
                entry.zh_variants.append(z)
                owner_z[z] = entry
                entry.units.extend(where[(z, e)])
        elif z in owner_z and e not in owner_e:
            entry = owner_z[z]
            if n_links / ex.en_freq[e] >= 0.5 and best_z[e][0][1] == z and _same_word(e, _key_en(entry.en)):
                entry.en_variants.append(_display_en(ex, e))
                owner_e[e] = entry
                entry.units.extend(where[(z, e)])
    _add_short_forms(ex, links, where, contractions, owner_z)
    folded = _fold_short_forms(ex, entries, owner_z, owner_e, contractions)

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


def _full_names(ex: Extracted, z: str, contractions: dict[str, tuple[str, ...]]) -> list[str]:
    """The full names a Chinese short form stands for: defined in the texts (联合国开发计划署（开发署）)
    or contracted by UN habit (经社理事会 for 经济及社会理事会)."""
    defined = [long for long, _ in ex.zh_long[z].most_common()] if z in ex.zh_long else []
    return defined + [f for f in contractions.get(z, ()) if f not in defined]


def _stands_for(short_en: str, entry: Entry) -> bool:
    """Is an English term the same term as an entry's, its acronym, or the head word the texts
    use for it after the first mention ("Council" for the Security Council)?"""
    key = _key_en(short_en)
    full = [_key_en(t) for t in entry.terms("en")]
    return key in full or _head_word(short_en, entry) or (
        candidates_en.is_acronym(short_en) and any(candidates_en.is_acronym(t) for t in entry.terms("en")))


def _head_word(short_en: str, entry: Entry) -> bool:
    """"Council" for the Security Council: one word, the last of the entry's English."""
    key = _key_en(short_en)
    return " " not in key and _key_en(entry.en).endswith(" " + key)


def _add_short_forms(ex: Extracted, links: Counter, where: dict, contractions: dict[str, tuple[str, ...]],
                     owner_z: dict[str, Entry]) -> None:
    """A Chinese short form that is no entry of its own joins its full name's entry when it is
    linked at least once to that entry's English (马里稳定团 / MINUSMA beside 联合国马里多层面综合
    稳定团, 经社理事会 beside 经济及社会理事会, even where the English says only "the Council")."""
    by_z: dict[str, list[str]] = defaultdict(list)
    for z, e in links:
        by_z[z].append(e)
    for z, es in by_z.items():
        if z in owner_z:
            continue
        for full in _full_names(ex, z, contractions):
            target = owner_z.get(full)
            if target is None:
                continue
            support = [e for e in es if _stands_for(_display_en(ex, e), target)]
            if support and sum(links[(z, e)] for e in support) * 3 >= ex.zh_freq[z]:
                if z not in target.zh_variants and z != target.zh:
                    target.zh_variants.append(z)
                for e in support:
                    target.units.extend(where[(z, e)])
                owner_z[z] = target
                break


def _fold_short_forms(ex: Extracted, entries: dict, owner_z: dict, owner_e: dict,
                      contractions: dict[str, tuple[str, ...]]) -> set[tuple[str, str]]:
    """开发署/UNDP and 联合国开发计划署/United Nations Development Programme: one entry, when the
    texts define UNDP as that long form, 开发署 as that Chinese name, or 开发署 is a UN contraction of
    it whose English is the same term, its acronym or its head word (安理会 / Council beside
    安全理事会 / Security Council). Returns the keys of the entries folded into others."""
    folded: set[tuple[str, str]] = set()
    for (z, e), entry in list(entries.items()):
        target = None
        longs = ex.en_long.get(e)
        if longs:
            target = owner_e.get(longs.most_common(1)[0][0])
        if target is None:
            for full in _full_names(ex, z, contractions):
                candidate = owner_z.get(full)
                if candidate is not None and candidate is not entry and (
                        full in ex.zh_long.get(z, ()) or _stands_for(entry.en, candidate)) and not (
                        full.endswith(z) and candidate.frequency < entry.frequency):
                    target = candidate  # (大会 stays the main entry beside 联合国大会)
                    break
        if target is None or target is entry or (target.zh, _key_en(target.en)) in folded:
            continue
        head_only = _head_word(entry.en, target)
        target.zh_variants += [t for t in entry.terms("zh") if t != target.zh and t not in target.zh_variants]
        if not head_only:  # "Council" is no name of the Security Council
            target.en_variants += [t for t in entry.terms("en") if t != target.en and t not in target.en_variants]
        target.units.extend(entry.units)
        target.score = max(target.score, entry.score)
        for t in entry.terms("zh"):
            owner_z[t] = target
        folded.add((z, e))
    return folded


def _prefer_covered(best: dict[str, list[tuple[float, str]]], links: Counter, lex: dict) -> None:
    """When a Chinese term's best English holds words the dictionary finds nowhere in the Chinese
    and a shorter English inside it is linked almost as often and covered better, the shorter one
    is the term ("international air traffic regulations", not "infringed international air traffic
    regulations")."""
    for z, lst in best.items():
        if len(lst) < 2:
            continue
        top = lst[0][1]
        for rank_value, e in lst[1:6]:
            if (e != top and f" {e} " in f" {top} " and links[(z, e)] >= 0.8 * links[(z, top)]
                    and lex.get((z, e), 0.0) > lex.get((z, top), 0.0) + 0.05):
                lst.remove((rank_value, e))
                lst.insert(0, (max(rank_value, lst[0][0]), e))
                break


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

