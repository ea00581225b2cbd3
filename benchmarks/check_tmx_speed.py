"""`bitext check --tmx` on a large translation memory: wall time and peak memory.

The TMX is made here, not kept in the repository: the UNPC devset's 4,000 sentence pairs
(`corpora/unpc_devset`) written 25 times over, each copy varied the way a real memory varies (the
numbers of every other copy shifted on both sides, a tenth of the pairs kept word for word so that
repeated segments exist, and one Chinese sentence in fifty reworded so that some of them are
inconsistent): 100,000 translation units, about 40 MB. `bitext check --tmx FILE` then runs in a
fresh process, with a glossary (the UN system names the project ships, as TBX), three times; the
median wall time and the peak resident memory are printed.

Usage: python benchmarks/check_tmx_speed.py [--units 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from align.model import Alignment, Bead  # noqa: E402

DEVSET = ROOT / "corpora" / "unpc_devset"
RESULTS = ROOT / "benchmarks" / "results" / "check_tmx_speed.txt"


def _shift(text: str, by: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + by) if len(m.group(0)) < 5 else m.group(0), text)


def memory(units: int) -> Alignment:
    zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    pairs = [(z.strip(), e.strip()) for z, e in zip(zh, en, strict=True) if z.strip() and e.strip()]
    beads = []
    copy = 0
    while len(beads) < units:
        for k, (z, e) in enumerate(pairs):
            if len(beads) >= units:
                break
            if copy and k % 10:  # nine pairs in ten vary from copy to copy
                z, e = _shift(z, copy), _shift(e, copy)
                if k % 50 == 7:  # a second translation of the same English
                    z = z.replace("，", "、", 1) if "，" in z else z + "。"
                if z == pairs[k][0]:  # no number to shift: say where it comes from
                    z, e = f"{z}（{copy}）", f"{e} ({copy})"
            beads.append(Bead(f"tu{len(beads) + 1}", "sentence", [f"l{k}"], [f"l{k}"], z, e, 1.0))
        copy += 1
    return Alignment({"encoder": "none", "en": {"path": f"unpc-devset-x{copy}.txt"}}, beads)


def main() -> None:
    from align.formats.tmx import write_tmx
    from glossary.export import write_tbx
    from glossary.lexicon import un_system
    from glossary.model import Entry

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bitext-tmx-"))
    tmx = work / "memory.tmx"
    write_tmx(memory(args.units), tmx, force=True)
    entries = [Entry(n.zh, n.en, "body", list(n.zh_variants), list(n.en_variants), status="approved")
               for n in un_system()]
    tbx = write_tbx(entries, work / "names.tbx", force=True)
    times, peaks, cpus = [], [], []
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "align.cli.app", "check", "--tmx", str(tmx), "--glossary",
                               str(tbx), "--json"], capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(usage.ru_utime + usage.ru_stime - cpu0)
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
        import json

        data = json.loads(done.stdout)
    table = Table("TMX", "units", "size", "wall (median)", "range", "CPU (all processes)", "peak RSS", "flagged",
                  "consistency groups", title="bitext check --tmx (fresh process each run)")
    size = f"{tmx.stat().st_size / 1e6:.0f} MB"
    table.add_row(tmx.name, f"{args.units:,}", size, f"{statistics.median(times):.1f} s",
                  f"{min(times):.1f}-{max(times):.1f} s", f"{statistics.median(cpus):.1f} s", f"{max(peaks):.0f} MB",
                  f"{data['flagged']:,}",
                  f"{len(data['consistency']):,}")
    console = Console(record=True, width=140)
    console.print(table)
    load = os.getloadavg()[0]
    console.print(f"target: ≤ 30 s and ≤ 1 GB; machine: {os.cpu_count()} cores, load average {load_before:.1f} when "
                  f"this began, {load:.1f} when it ended (other jobs share the cores: wall time grows with the load, "
                  "CPU time hardly); runs: "
                  + ", ".join(f"{t:.1f} s wall / {c:.1f} s CPU" for t, c in zip(times, cpus)))
    RESULTS.write_text(console.export_text(), encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
