"""Gold alignments: `gold.tsv` files (columns zh, en, type; comma-separated 0-based block indices)
and the `Alignment` objects (paragraph beads) they describe.

Used by benchmarks (to score the aligner) and by tests that need a known-correct alignment.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from align.documents.segment import segment_file
from align.errors import InputError
from align.model import Alignment, Bead, Document


@dataclass
class CorpusPair:
    """A Chinese document, its English original, and their gold alignment where one exists."""

    name: str
    zh: Path
    en: Path
    gold: Path | None


def read_gold(path: Path) -> list[tuple[list[int], list[int]]]:
    """Gold beads as (zh block indices, en block indices)."""
    beads = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            zh = [int(x) for x in row["zh"].split(",") if x != ""]
            en = [int(x) for x in row["en"].split(",") if x != ""]
            beads.append((zh, en))
    return beads


def gold_alignment(pair: CorpusPair, zh: Document | None = None, en: Document | None = None) -> Alignment:
    if pair.gold is None:
        raise InputError("corpus has no gold.tsv", pair.zh.parent)
    zh = zh or segment_file(pair.zh, "zh")
    en = en or segment_file(pair.en, "en")
    beads = []
    for k, (zi, ei) in enumerate(read_gold(pair.gold), 1):
        zb = [zh.blocks[i] for i in zi]
        eb = [en.blocks[i] for i in ei]
        beads.append(Bead(
            id=f"a{k}", level="paragraph", zh=[b.id for b in zb], en=[b.id for b in eb],
            zh_text="".join(b.text for b in zb), en_text=" ".join(b.text for b in eb), score=1.0,
        ))
    header = {
        "zh": {"path": str(pair.zh), "lang": "zh", "symbol": zh.symbol},
        "en": {"path": str(pair.en), "lang": "en", "symbol": en.symbol},
        "encoder": "gold",
    }
    return Alignment(header=header, beads=beads)
