"""Looking a term up: exact, prefix, substring and fuzzy matches, best first.

The language is read from the term (any Chinese character: zh). Exact and prefix matches use the
`terms` index on normalised text; substrings of three characters or more use the FTS5 trigram
index (shorter ones a scan); fuzzy matches take the terms sharing the most of the query's rarer
trigrams and keep those whose similarity (difflib ratio) is at least `min_similarity`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from align.errors import InputError
from glossary.model import Context, Entry
from glossary.store import Store, normalise
from glossary.store import rank as entry_rank

MODES = ("exact", "prefix", "substring", "fuzzy")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CANDIDATES = 200  # rows looked at per mode


@dataclass
class Match:
    entry: Entry
    mode: str  # exact, prefix, substring or fuzzy
    term: str  # the term (main or variant) that matched
    similarity: float  # 1.0 for exact, difflib ratio otherwise
    contexts: list[Context] = field(default_factory=list)


def detect_lang(term: str) -> str:
    return "zh" if _CJK.search(term) else "en"


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _rows(store: Store, mode: str, norm: str, lang: str) -> list[tuple[int, str, str]]:
    """(entry id, term text, term norm) rows matching in one mode."""
    q = store.conn.execute
    if mode == "exact":
        return q("SELECT entry_id, text, norm FROM terms WHERE norm = ? AND lang = ?", (norm, lang)).fetchall()
    if mode == "prefix":
        return q("SELECT entry_id, text, norm FROM terms WHERE norm > ? AND norm < ? AND lang = ? LIMIT ?",
                 (norm, norm + "\U0010ffff", lang, _CANDIDATES)).fetchall()
    if mode == "substring":
        if len(norm) >= 3:
            return q("SELECT t.entry_id, t.text, t.norm FROM terms_fts f JOIN terms t ON t.id = f.rowid "
                     "WHERE terms_fts MATCH ? AND t.lang = ? AND t.norm != ? AND NOT t.norm LIKE ? ESCAPE '\\' "
                     "LIMIT ?", (_fts_phrase(norm), lang, norm, _like_prefix(norm), _CANDIDATES)).fetchall()
        return q("SELECT entry_id, text, norm FROM terms WHERE lang = ? AND instr(norm, ?) > 1 LIMIT ?",
                 (lang, norm, _CANDIDATES)).fetchall()
    return _fuzzy_rows(store, norm, lang)


def _fuzzy_rows(store: Store, norm: str, lang: str, use: int = 8) -> list[tuple[int, str, str]]:
    """Terms sharing the most of the query's rarest trigrams (document frequencies from the FTS5
    vocabulary), so common trigrams such as "of " or "ion" never make the search slow."""
    grams = sorted({norm[i : i + 3] for i in range(len(norm) - 2)})
    if not grams:
        return []
    marks = ",".join("?" * len(grams))
    df = dict(store.conn.execute(f"SELECT term, doc FROM terms_grams WHERE term IN ({marks})", grams))
    chosen = sorted((g for g in grams if df.get(g)), key=lambda g: df[g])[:use]
    shared: Counter[int] = Counter()
    for g in chosen:
        shared.update(r[0] for r in store.conn.execute("SELECT rowid FROM terms_fts WHERE terms_fts MATCH ?",
                                                        (_fts_phrase(g),)))
    best = [rowid for rowid, _ in shared.most_common(_CANDIDATES)]
    if not best:
        return []
    marks = ",".join("?" * len(best))
    return store.conn.execute(f"SELECT entry_id, text, norm FROM terms WHERE id IN ({marks}) AND lang = ?",
                              [*best, lang]).fetchall()


def _like_prefix(norm: str) -> str:
    return norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def query(store: Store, term: str, lang: str | None = None, modes: tuple[str, ...] = MODES,
          limit: int = 20, contexts: int = 0, min_similarity: float = 0.6,
          include_rejected: bool = True) -> list[Match]:
    """Entries matching `term`, exact matches first, then prefix, substring and fuzzy ones; within a
    mode, the closer first, then an approved reference entry, an approved one, and the better-scored
    (`store.rank`). Each entry appears once, under its best mode."""
    if limit < 1 or contexts < 0:
        raise InputError(f"a query needs a limit of 1 or more and 0 or more contexts, not {limit} and {contexts}")
    norm = normalise(term)
    if not norm:
        return []
    lang = lang or detect_lang(term)
    found: dict[int, tuple[int, float, str]] = {}
    for rank, mode in enumerate(MODES):
        if mode not in modes:
            continue
        for entry_id, text, tnorm in _rows(store, mode, norm, lang):
            if entry_id in found:
                continue
            sim = 1.0 if mode == "exact" else SequenceMatcher(None, norm, tnorm, autojunk=False).ratio()
            if mode == "fuzzy" and sim < min_similarity:
                continue
            found[entry_id] = (rank, sim, text)
    entries = {e.id: e for e in store.load(list(found))}
    matches = [Match(entries[i], MODES[r], text, sim) for i, (r, sim, text) in found.items()
               if i in entries and (include_rejected or entries[i].status != "rejected")]
    matches.sort(key=lambda m: (MODES.index(m.mode), -m.similarity, entry_rank(m.entry)))
    matches = matches[:limit]
    for m in matches:
        if contexts:
            m.contexts = store.contexts(m.entry.id, contexts)
    return matches
