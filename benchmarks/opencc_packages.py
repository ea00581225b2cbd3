"""Which PyPI package of OpenCC folds Traditional Chinese to Simplified for bitext: the official
bindings (`opencc`, C++ wheels) or the pure-Python port (`opencc-python-reimplemented`)? Both install
a module named `opencc`, so each is measured from its own folder:

    pip install --target /tmp/occ_official opencc==1.4.2
    pip install --target /tmp/occ_reimpl opencc-python-reimplemented==0.1.7
    python benchmarks/opencc_packages.py /tmp/occ_official /tmp/occ_reimpl

Measured on the UN Charter's Chinese (corpora/un_charter/zh.txt, 1945 text) and the UDHR's Traditional
text from shared/data (udhr_cmn_hant.paragraphs.txt, when present): conversion time (median of 5),
whether Simplified -> Traditional -> Simplified gives the text back, and how many characters of the
UDHR's Traditional text fold to exactly the UDHR's Simplified text."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHARTER = ROOT / "corpora" / "un_charter" / "zh.txt"
UDHR = next((p / "shared" / "data" / "udhr" for p in (ROOT.parent, ROOT.parent.parent)
             if (p / "shared" / "data" / "udhr").is_dir()), ROOT.parent / "shared" / "data" / "udhr")

PROBE = r'''
import json, statistics, sys, time
t = time.perf_counter()
import opencc
version = getattr(opencc, "__version__", "?")
make = lambda cfg: opencc.OpenCC(cfg)
try:
    s2t, t2s = make("s2t.json"), make("t2s.json")
except Exception:
    s2t, t2s = make("s2t"), make("t2s")
load = time.perf_counter() - t
text = open(sys.argv[1], encoding="utf-8").read()
times = []
for _ in range(5):
    t = time.perf_counter(); trad = s2t.convert(text); times.append(time.perf_counter() - t)
back = t2s.convert(trad)
times_back = []
for _ in range(5):
    t = time.perf_counter(); t2s.convert(trad); times_back.append(time.perf_counter() - t)
same = sum(a == b for a, b in zip(text, back)) / len(text)
udhr = None
if len(sys.argv) > 3:
    hant = open(sys.argv[2], encoding="utf-8").read().split("\n")
    hans = open(sys.argv[3], encoding="utf-8").read().split("\n")
    pairs = [(a, b) for a, b in zip(hant, hans) if len(a) == len(b)]
    folded = [t2s.convert(a) for a, _ in pairs]
    total = sum(len(b) for _, b in pairs)
    udhr = sum(x == y for f, (_, b) in zip(folded, pairs) for x, y in zip(f, b)) / max(1, total)
print(json.dumps({"version": version, "load": load, "s2t": statistics.median(times),
                  "t2s": statistics.median(times_back), "round_trip": same, "udhr_fold": udhr,
                  "chars": len(text), "sample": trad[:24]}))
'''


def measure(folder: str) -> dict:
    import json

    args = [sys.executable, "-c", PROBE, str(CHARTER)]
    hant, hans = UDHR / "udhr_cmn_hant.paragraphs.txt", UDHR / "udhr_cmn_hans.paragraphs.txt"
    if hant.exists() and hans.exists():
        args += [str(hant), str(hans)]
    out = subprocess.run(args, capture_output=True, text=True, env={"PYTHONPATH": folder}, check=True).stdout
    return json.loads(out)


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="OpenCC packages on the UN Charter (Chinese, 40,547 bytes)")
    for col in ("package folder", "import + load s", "s2t ms", "t2s ms", "s2t->t2s round trip", "UDHR Hant->Hans"):
        table.add_column(col)
    for folder in sys.argv[1:]:
        r = measure(folder)
        table.add_row(folder, f"{r['load']:.3f}", f"{r['s2t'] * 1000:.1f}", f"{r['t2s'] * 1000:.1f}",
                      f"{r['round_trip']:.4f}", "-" if r["udhr_fold"] is None else f"{r['udhr_fold']:.4f}")
    Console(width=150).print(table)
    _ = statistics  # medians are taken inside the probe


if __name__ == "__main__":
    main()
