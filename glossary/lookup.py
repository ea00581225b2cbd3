"""Looking one term up for a translator: what the glossary knows, and what the aligned pairs it was
built from say, so that a term seen once in the corpus still gets an equivalent.

1. Entries that have the term (main form or variant), best first: an approved reference entry,
   then an approved one, then by score (`glossary.store.rank`). Their equivalents are "entry"
   proposals, or "reference" ones for an imported entry that the texts never taught.
2. The aligned pairs that hold the term (the FTS5 index of the store's units): every term
   candidate of their other side is a possible equivalent, scored by how consistently it goes with
   the term (Dice over the pairs: the pairs holding both, against the pairs holding either), how
   similar the two strings are for the multilingual sentence encoder, how much of it CC-CEDICT and
   the place names cover, and how well the lengths fit. The best become "corpus" proposals with
   their evidence: in how many pairs both occur, and the shortest such pair as context. A proposal
   seen in one pair only, or with little evidence, is marked weak.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from glossary import evidence
from glossary.candidates import en as candidates_en
from glossary.candidates import zh as candidates_zh
from glossary.evidence import length_fit
from glossary.model import Context, Entry, Unit
from glossary.query import detect_lang
from glossary.rare import corpus_score
from glossary.store import Store, normalise, rank

MIN_CORPUS_SCORE = 0.4  # corpus proposals below this are not shown
STRONG = 0.6  # and those below this, or seen in one pair only, are weak
SHORTLIST = 10  # candidates per term compared by the sentence encoder
WEAK_SIMILARITY = 0.55  # a proposal from one pair must be at least this close for the encoder
MIN_WEAK_SCORE = 0.55  # and score at least this


@dataclass
class Proposal:
    text: str  # the proposed equivalent
    how: str  # "entry" (a glossary entry), "reference" (an imported entry), "corpus" (the aligned pairs)
    strength: str  # "strong" or "weak"
    score: float
    pairs: int = 0  # aligned pairs that hold both terms
    variants: list[str] = field(default_factory=list)
    context: Context | None = None
    entry: Entry | None = None

    @property
    def note(self) -> str:
        return self.entry.note if self.entry else ""

    @property
    def source(self) -> str:
        return self.entry.source if self.entry else ""


@dataclass
class Lookup:
    term: str
    lang: str
    found: int  # aligned pairs that hold the term
    proposals: list[Proposal]

    def best(self) -> Proposal | None:
        return self.proposals[0] if self.proposals else None


def lookup(store: Store, term: str, lang: str | None = None, limit: int = 5, embeddings: bool = True) -> Lookup:
    """Equivalents of `term` (Chinese or English, detected), best first."""
    return lookup_many(store, [term], lang, limit, embeddings)[0]


def lookup_many(store: Store, terms: list[str], lang: str | None = None, limit: int = 5,
                embeddings: bool = True, units: int = 40, corpus: bool = True, strict: bool = False) -> list[Lookup]:
    """`lookup` for many terms at once (one encoder call for all): what `glossary annotate` uses,
    `strict`: a proposal from one pair only must also be close for the encoder and cover the term
    (annotate shows one equivalent per term, unasked; a lookup shows a ranked list, weak ones marked)."""
    out = []
    pending: list[tuple[Lookup, list[_Candidate], int]] = []
    for term in terms:
        t_lang = lang or detect_lang(term)
        result = Lookup(term, t_lang, 0, _entry_proposals(store, term, t_lang))
        out.append(result)
        if not corpus or not term.strip():
            continue
        held = store.search_units(term, t_lang, limit=units)
        if not held:
            continue
        result.found = store.count_units(term, t_lang) if len(held) == units else len(held)
        cands = _candidates(term, t_lang, held)
        if cands:
            pending.append((result, cands, len(held)))
    if pending:
        _score(store, pending, embeddings)
    for result, cands, _ in pending:
        known = {normalise(t) for p in result.proposals for t in [p.text, *p.variants]}
        taken: list[_Candidate] = []
        for c in _wholes_first(cands):
            if c.score < MIN_CORPUS_SCORE or normalise(c.surface) in known:
                continue
            if strict and c.pairs < 2 and (c.sim < WEAK_SIMILARITY or c.score < MIN_WEAK_SCORE or c.zh_cov < 0.5):
                continue  # one pair says little: only a close match, covering the term, is worth showing
            if any(_inside(c.key, t.key) or _inside(t.key, c.key) for t in taken):
                continue  # a part or a longer form of a proposal already made
            taken.append(c)
            strength = "strong" if c.pairs >= 2 and c.score >= STRONG else "weak"
            result.proposals.append(Proposal(c.surface, "corpus", strength, round(c.score, 3), c.pairs,
                                             context=c.context))
            if len(taken) >= limit:
                break
    for result in out:
        result.proposals = result.proposals[: max(limit, sum(p.how != "corpus" for p in result.proposals))]
    return out


def _wholes_first(cands: list[_Candidate]) -> list[_Candidate]:
    """Best first, but a candidate gives way to the best longer one that contains it, held by as
    many pairs and scoring almost as well: "Department of Political Affairs" before "Political
    Affairs", "law enforcement agencies" before "enforcement agencies", "programme plan" before "plan" —
    when the dictionary finds what it adds in the term ("International Seabed Authority Council" does
    not go before "International Seabed Authority" for 国际海底管理局)."""
    ranked = sorted(cands, key=lambda c: -c.score)
    out: list[_Candidate] = []
    for c in ranked:
        wholes = [w for w in ranked if w is not c and _inside(c.key, w.key) and w.pairs >= c.pairs
                  and w.score >= c.score - 0.05 and w.en_cov >= c.en_cov]
        best = max(wholes, key=lambda w: w.score, default=c)
        if best not in out:
            out.append(best)
    return out + [c for c in ranked if c not in out]


def _name_like(surface: str) -> bool:
    """Every word capitalised (but the connecting ones): a name, or an acronym."""
    words = [w for w in surface.split() if w not in candidates_en.CONNECTORS]
    return bool(words) and all(w[:1].isupper() for w in words)


def _inside(small: str, big: str) -> bool:
    return f" {small} " in f" {big} "


def _entry_proposals(store: Store, term: str, lang: str) -> list[Proposal]:
    other = "en" if lang == "zh" else "zh"
    entries = [e for e in store.load(store.find(term)) if e.status != "rejected"
               and normalise(term) in {normalise(t) for t in e.terms(lang)}]
    entries.sort(key=rank)
    out = []
    for e in entries:
        main, *variants = e.terms(other)
        ctx = store.contexts(e.id, 1) if e.id is not None else []
        how = "reference" if e.origin == "import" and not e.frequency else "entry"
        strength = "strong" if e.status == "approved" or e.frequency >= 2 or how == "reference" else "weak"
        out.append(Proposal(main, how, strength, e.score, e.frequency, variants, ctx[0] if ctx else None, e))
    return out


@dataclass
class _Candidate:
    key: str
    surface: str
    pairs: int
    units: list[Unit]
    score: float = 0.0
    context: Context | None = None
    lex: float = 0.0  # dictionary cover
    en_cov: float = 0.0  # the share of its words the dictionary finds in the term
    zh_cov: float = 0.0  # the share of the term's words it covers
    sim: float = 0.0  # encoder similarity (0 when not compared)


def _candidates(term: str, lang: str, units: list[Unit]) -> list[_Candidate]:
    """Every candidate term of the other side of the pairs that hold `term`, with its pairs."""
    where: dict[str, list[Unit]] = defaultdict(list)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    inside: set[str] = set()
    for u in units:
        occs = _other_side(u, lang)
        for k, surface, initial in occs:
            if not initial:
                inside.add(k)
            if not where[k] or where[k][-1] is not u:
                where[k].append(u)
            surfaces[k][surface] += 1 if initial else 3  # a sentence's first word is capitalised anyway
    first_only = set(where) - inside
    term_norm = normalise(term)
    out = []
    for k, us in where.items():
        surface = surfaces[k].most_common(1)[0][0]
        if k in first_only and not _name_like(surface):
            surface = surface[0].lower() + surface[1:]  # "Country programmes" at a sentence's start
        if normalise(surface) == term_norm:
            continue
        out.append(_Candidate(k, surface, len(us), us))
    out.sort(key=lambda c: -c.pairs)
    return out[:60]


_OTHER_SIDE: dict[tuple[int | None, str], list[tuple[str, str, bool]]] = {}


def _other_side(u: Unit, lang: str) -> list[tuple[str, str, bool]]:
    """(key, surface, sentence-initial) of the candidates of the side of `u` not in `lang`."""
    cache_key = (u.id, lang)
    if u.id is not None and cache_key in _OTHER_SIDE:
        return _OTHER_SIDE[cache_key]
    if lang == "zh":
        occs = candidates_en.candidates(candidates_en.tokens(u.en))
        found = [(o.key, o.surface, o.initial) for o in occs]
        for _, long_form in candidates_en.long_forms(candidates_en.tokens(u.en)):
            found.append((candidates_en.key(long_form.split()), long_form, False))
    else:
        found = [(o.key, o.surface, False) for o in candidates_zh.candidates(candidates_zh.words(u.zh))]
    if u.id is not None:
        if len(_OTHER_SIDE) > 50_000:
            _OTHER_SIDE.clear()
        _OTHER_SIDE[cache_key] = found
    return found


def _score(store: Store, pending: list[tuple[Lookup, list[_Candidate], int]], embeddings: bool) -> None:
    """Score every candidate on association, dictionary cover and length fit; the best few of each
    term then on their similarity for the sentence encoder too (one call for all terms)."""
    shortlist: list[tuple[Lookup, _Candidate, float]] = []
    for result, cands, held in pending:
        found = max(result.found, held)
        other = "en" if result.lang == "zh" else "zh"
        for c in cands:
            zh, en = (result.term, c.surface) if result.lang == "zh" else (c.surface, result.term)
            total = store.count_units(c.surface, other) if c.pairs > 1 else c.pairs  # (one pair: all alike)
            dice = 2 * c.pairs / (found + max(total, c.pairs))
            zh_cov, en_cov = evidence.coverage(zh, en)
            c.lex = lex = (zh_cov + en_cov) / 2
            c.en_cov, c.zh_cov = (en_cov, zh_cov) if result.lang == "zh" else (zh_cov, en_cov)
            fit = length_fit(zh, candidates_en.key(candidates_en.tokens(en)))
            c.score = corpus_score(lex, dice, c.pairs / held, fit)
            c.context = None
        for c in sorted(cands, key=lambda c: -c.score)[:SHORTLIST]:
            shortlist.append((result, c, fit))
        for c in sorted(cands, key=lambda c: -c.score)[SHORTLIST:]:
            c.score *= 0.5  # never compared by the encoder: behind those that were
    pairs = [(r.term, c.surface) if r.lang == "zh" else (c.surface, r.term) for r, c, _ in shortlist]
    sims = evidence.embedding_similarity(pairs) if embeddings else [0.5] * len(pairs)
    for (result, c, _), sim in zip(shortlist, sims, strict=True):
        zh, en = (result.term, c.surface) if result.lang == "zh" else (c.surface, result.term)
        c.sim = max(0.0, sim)
        c.score += corpus_score(0, 0, 0, length_fit(zh, candidates_en.key(candidates_en.tokens(en))), c.sim)
        c.context = _shortest(c.units, result.term, c.surface)


def _shortest(units: list[Unit], a: str, b: str) -> Context | None:
    both = [u for u in units if (a in u.zh or a.lower() in u.en.lower()) and (b in u.zh or b.lower() in u.en.lower())]
    pool = both or units
    if not pool:
        return None
    u = min(pool, key=lambda x: len(x.zh) + len(x.en))
    return Context(u.document, u.paragraph, u.zh, u.en)
