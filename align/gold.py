"""Gold alignments of the bundled corpora as `Alignment` objects (paragraph beads).

Used by benchmarks (to score the aligner) and by tests that need a known-correct alignment.
"""

from __future__ import annotations

from .corpora import CorpusPair, read_gold
from .errors import InputError
from .model import Alignment, Bead, Document
from .segment import segment_file


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
