"""Names the UN uses — Member and observer States, territories, regions and cities, and the organs,
bodies, programmes, titles and instruments of the UN system — with their official Chinese and English
forms and the variants UN texts use (英国 / United Kingdom, 开发署 / UNDP). One list (`data/un_names.tsv`,
see `data/PROVENANCE.md`), shared by the quality checks (`name`: country and body names that do not
correspond) and the glossary (place names, names kept whole in Chinese word segmentation).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "un_names.tsv"
PLACE_KINDS = ("country", "territory", "region", "city")


@dataclass(frozen=True)
class Name:
    zh: str
    en: str
    zh_variants: tuple[str, ...]
    en_variants: tuple[str, ...]
    kind: str

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS

    def forms(self, lang: str) -> tuple[str, ...]:
        return (self.zh, *self.zh_variants) if lang == "zh" else (self.en, *self.en_variants)


@lru_cache(maxsize=1)
def un_names() -> tuple[Name, ...]:
    with DATA.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return tuple(
        Name(r["zh"], r["en"], tuple(v for v in r["zh_variants"].split("|") if v),
             tuple(v for v in r["en_variants"].split("|") if v), r["kind"])
        for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    )
