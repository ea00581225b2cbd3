"""The UN vocabulary the glossary starts from (package data in `glossary/data/`, see PROVENANCE.md).

- `unbis_thesaurus.tsv` (zh, en, en_scraped): the UNBIS Thesaurus descriptors, English with its
  capitals given back; what `bitext glossary import unbis` brings in. Made by `python -m glossary.seedterms`.
- `un_terms.tsv` (zh, en, source): UNBIS categories, SDG goal names, and recurring SDG phrases
  (Chinese only). Made by `python -m glossary.seedterms`.
- the project's list of UN names (`align/data/un_names.tsv`, shared with the quality checks, read by
  `align.names`): its places (countries, territories, regions, cities) give entries the kind `place`;
  its UN system names are used only to keep these names whole in Chinese word segmentation, never as
  pairing evidence, so the glossary's pairs are learnt from the aligned texts.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from align.names import Name, un_names

DATA = Path(__file__).resolve().parent / "data"
_SEGMENTABLE = re.compile(r"^[\u3400-\u9fff0-9]{2,}$")


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def un_system() -> list[Name]:
    """The UN system's names (organs, bodies, programmes, titles, instruments) of the names list."""
    return [n for n in un_names() if not n.is_place]


@lru_cache(maxsize=1)
def un_terms() -> list[dict[str, str]]:
    return _rows("un_terms.tsv")


@lru_cache(maxsize=1)
def unbis() -> list[dict[str, str]]:
    """The UNBIS Thesaurus descriptors (zh, en, en_scraped)."""
    return _rows("unbis_thesaurus.tsv")


@lru_cache(maxsize=1)
def places() -> list[dict[str, str]]:
    """Place names as (zh, en, type) rows: every Chinese form with the English name, every English
    form with the Chinese name (英国 / United Kingdom of Great Britain and Northern Ireland, 大不列颠…
    / United Kingdom)."""
    rows = []
    for n in un_names():
        if n.is_place:
            rows += [{"zh": zh, "en": n.en, "type": n.kind} for zh in n.forms("zh")]
            rows += [{"zh": n.zh, "en": en, "type": n.kind} for en in n.en_variants]
    return rows


@lru_cache(maxsize=1)
def user_words() -> tuple[str, ...]:
    """Chinese words for jieba's user dictionary (only those jieba can keep whole: Han and digits)."""
    found: dict[str, None] = {}
    for row in [*unbis(), *un_terms()]:
        found[row["zh"]] = None
    for name in un_system():
        for zh in name.forms("zh"):
            found[zh] = None
    return tuple(w for w in found if _SEGMENTABLE.match(w))


@lru_cache(maxsize=1)
def known_pairs() -> dict[str, frozenset[str]]:
    """zh -> lower-cased English equivalents from the UNBIS Thesaurus and the SDG goal names."""
    out: dict[str, set[str]] = {}
    for row in [*unbis(), *un_terms()]:
        if row["en"]:
            out.setdefault(row["zh"], set()).add(row["en"].lower())
    return {k: frozenset(v) for k, v in out.items()}
