"""`bitext batch` throughput on 40 synthetic UN document pairs: --jobs 1, --jobs 2 and a 2-worker
Dask cluster on this machine; parallel efficiency; peak memory per worker; what that means for
an archive the size of the one the UN Parallel Corpus was built from (86,000 documents).

The pairs are cut from the UNPC devset by benchmarks/unpc_synthetic.py (about 100 numbered
paragraphs, 330 sentences a side, each from its own window of the devset with its own damage).
As the devset has only about 2,000 usable sentence pairs, windows overlap; every run uses
--no-cache so that no pair is helped by the embeddings of another. Each configuration runs as
the `bitext batch` command a user types (worker start-up and model loading included), in rounds
that alternate the configurations so that load from other work on the machine spreads over all
of them; medians are reported.

--big: the 50 MB input (made from the devset in a temporary folder, never committed): `bitext
align` on it (refused within 5 s, or aligned within 2 GB), `bitext segment` time and peak memory,
and the largest input `align` accepts, aligned, with its time and peak memory.

--glossary: the glossary step over the pairs' alignments, before (built in one go in the main
process) and after (map-reduce: counts per pair on the workers, merged once): seconds and peak
memory of the main process, the time the map step adds to the workers, and whether the two
glossaries are identical.

Usage: python benchmarks/batch_scaling.py [--pairs 40] [--rounds 3] [--big] [--only-big] [--glossary]
       [--only-glossary]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.unpc_synthetic import load_pairs, make_documents  # noqa: E402

PARAS_PAIRS = 330  # sentence pairs per document: about 100 paragraphs
UNPC_DOCUMENTS = 86_000
# UN Parallel Corpus v1.0 (Ziemski et al., LREC 2016): 15,886,041 aligned zh-en sentence pairs over
# its documents, i.e. about 185 sentence pairs a document on average.
UNPC_ZH_EN_PAIRS = 15_886_041


def env(cache: Path) -> dict:
    e = {**os.environ, "PYTHONPATH": str(ROOT), "BITEXT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    e.pop("BITEXT_GLOSSARY", None)
    return e


def build_archive(folder: Path, n: int) -> None:
    usable = len(load_pairs())
    for k in range(n):
        offset = (k * 41) % (usable - PARAS_PAIRS)
        doc = make_documents(1, seed=5000 + k, pairs_per_doc=PARAS_PAIRS, offset=offset)[0]
        (folder / f"A_80_{k + 1}-ZH.txt").write_text(doc.zh_text, encoding="utf-8")
        (folder / f"A_80_{k + 1}-EN.txt").write_text(doc.en_text, encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A Dask scheduler and two single-threaded worker processes on 127.0.0.1 (stopped by pid)."""

    def __init__(self, folder: Path, cache: Path):
        self.folder, self.env = folder, env(cache)
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.procs: list[subprocess.Popen] = []

    def __enter__(self):
        from distributed import Client

        port = self.address.rsplit(":", 1)[1]
        self._start("scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard")
        for _ in range(2):
            self._start("worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                        "--no-dashboard", "--death-timeout", "60")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with Client(self.address, timeout=5) as c:
                    if len(c.scheduler_info(n_workers=-1)["workers"]) == 2:
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("the Dask cluster did not start")

    def _start(self, what: str, *args: str) -> None:
        log = open(self.folder / f"dask-{len(self.procs)}.log", "w")
        self.procs.append(subprocess.Popen([sys.executable, "-m", f"distributed.cli.dask_{what}", *args],
                                           env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder))

    def __exit__(self, *exc):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def run(args: list[str], cache: Path, prefix: list[str] | None = None) -> tuple[float, list[dict]]:
    out = Path(args[args.index("-o") + 1])
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run([*(prefix or []), sys.executable, "-m", "align.cli.app", "batch", *args, "--no-cache",
                           "--no-glossary", "-q", "--json"], env=env(cache), capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr + proc.stdout)
    recs = [json.loads(line) for line in (out / "batch.jsonl").read_text(encoding="utf-8").splitlines()]
    return wall, recs


def scaling(n_pairs: int, rounds: int, work: Path) -> str:
    archive = work / "archive"
    archive.mkdir()
    build_archive(archive, n_pairs)
    cache = work / "cache"
    # One worker held to one core (taskset: bitext counts the cores it may use) is the unit that two
    # workers are measured against; `--jobs 1` alone also uses the second core for embedding.
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else None
    configs = {"1 worker, 1 core": ["--jobs", "1"], "--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"],
               "Dask, 2 workers": None}
    if one_core is None:
        del configs["1 worker, 1 core"]
    base = "1 worker, 1 core" if one_core else "--jobs 1"
    walls: dict[str, list[float]] = {k: [] for k in configs}
    peaks: dict[str, list[float]] = {k: [] for k in configs}
    per_pair: dict[str, list[float]] = {k: [] for k in configs}
    cpu: dict[str, list[float]] = {k: [] for k in configs}
    sentences = 0
    loads = []
    with Cluster(work, cache) as cluster:
        for r in range(rounds):
            for name, extra in configs.items():
                loads.append(os.getloadavg()[0])
                extra = extra or ["--scheduler", cluster.address]
                prefix = one_core if name == "1 worker, 1 core" else []
                wall, recs = run([str(archive), "-o", str(work / f"out-{r}"), *extra], cache, prefix)
                done = [x for x in recs if x["status"] == "done"]
                assert len(done) == n_pairs, [x for x in recs if x["status"] != "done"]
                walls[name].append(wall)
                peaks[name].extend(x["peak_mb"] for x in done)
                per_pair[name].extend(x["seconds"] for x in done)
                cpu[name].append(sum(x["cpu_seconds"] for x in done))
                sentences = sum(x["counts"]["zh_sentences"] + x["counts"]["en_sentences"] for x in done)
                print(f"round {r + 1}: {name}: {wall:.1f} s", file=sys.stderr, flush=True)
    med = {k: statistics.median(v) for k, v in walls.items()}
    lines = [
        f"bitext batch on {n_pairs} synthetic UN document pairs (about 100 paragraphs, {sentences // (2 * n_pairs)} "
        f"sentences a side each; {sentences:,} sentences in all), --no-cache --no-glossary, {rounds} rounds",
        f"machine: {os.cpu_count()} cores, shared with other work: load average at the start of each run "
        f"{min(loads):.1f}–{max(loads):.1f} (median {statistics.median(loads):.1f})",
        "",
        f"{'configuration':<18} {'wall s (median, range)':<26} {'pairs/min':>9} {'sentences/s':>12} "
        f"{'efficiency':>10} {'s/pair (median)':>16} {'CPU s (all pairs)':>18} {'peak MB/worker (median, max)':>30}",
    ]
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
    for name in configs:
        w = med[name]
        workers = 1 if name in ("1 worker, 1 core", "--jobs 1") else 2
        eff = med[base] / (workers * w)
        lines.append(
            f"{name:<18} {w:>6.1f} ({min(walls[name]):.1f}–{max(walls[name]):.1f}){'':<10} {60 * n_pairs / w:>9.1f} "
            f"{sentences / w:>12.0f} {eff:>10.2f} {statistics.median(per_pair[name]):>16.2f} {cpu_med[name]:>18.0f} "
            f"{statistics.median(peaks[name]):>18.0f}, {max(peaks[name]):.0f}")
    lines.append("")
    lines.append(f"efficiency = wall({base}) / (workers × wall): the speed-up per worker over one worker on one core "
                 "(for --jobs 1, one worker that also embeds on the second core, it is that core's gain); wall time "
                 "includes starting the workers and "
                 "loading the encoder (Dask: the workers were started once, before the rounds). CPU s: processor "
                 "time the workers spent on the pairs; equal CPU time in every row means running two pairs "
                 "at once costs no extra work, so on two free cores the efficiency is the ratio of the CPU times")
    best = min(med["--jobs 2"], med["Dask, 2 workers"])
    rate = sentences / best  # sentences a second on one machine like this one, both cores busy
    total = 2 * UNPC_ZH_EN_PAIRS  # sentences to embed and align, both sides
    lines.append("")
    lines.append(f"On paper: the {UNPC_DOCUMENTS:,}-document archive of the UN Parallel Corpus, about "
                 f"{2 * UNPC_ZH_EN_PAIRS / UNPC_DOCUMENTS:.0f} sentences a document (both sides), at "
                 f"{rate:.0f} sentences/s per machine of this size:")
    for machines in (1, 10, 100):
        hours = total / (rate * machines) / 3600
        plural = "s" if machines > 1 else " "
        lines.append(f"  {machines:>3} machine{plural}: {hours:8.1f} hours ({hours / 24:.1f} days)")
    return "\n".join(lines)


def peak_of(cmd: list[str], cache: Path) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak MB, last stderr line) of a command, from /usr/bin/time-like wait4."""
    code, seconds, peak, _, last = measure(cmd, cache)
    return code, seconds, peak, last


def measure(cmd: list[str], cache: Path) -> tuple[int, float, float, float, str]:
    """(exit code, seconds, peak MB, CPU seconds with the processes it waited for, last stderr line)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env(cache), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().strip().splitlines()
    proc.stderr.close()
    return (os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime,
            (err[-1] if err else ""))


def big(work: Path, at_limit: bool = False) -> str:
    from align.pipeline.limits import MAX_CHARS

    zh = (ROOT / "corpora" / "unpc_devset" / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (ROOT / "corpora" / "unpc_devset" / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    paras = {"zh": [], "en": []}
    size = 0
    k = 0
    while size < 50_000_000:  # numbered paragraphs of three devset lines, the English side 50 MB
        z, e = zh[k % 4000 : k % 4000 + 3], en[k % 4000 : k % 4000 + 3]
        n = len(paras["en"]) + 1
        paras["zh"].append(f"{n}. " + "".join(z))
        paras["en"].append(f"{n}. " + " ".join(e))
        size += len(paras["en"][-1].encode()) + 2
        k += 3
    files = {}
    for lang in ("zh", "en"):
        files[lang] = work / f"big.{lang}.txt"
        files[lang].write_text("\n\n".join(paras[lang]) + "\n", encoding="utf-8")
    # The largest input align accepts: English cut at the limit, the Chinese of the same paragraphs.
    cut, chars = 0, 0
    while chars + len(paras["en"][cut]) + 2 <= MAX_CHARS:
        chars += len(paras["en"][cut]) + 2
        cut += 1
    for lang in ("zh", "en"):
        files[f"cut-{lang}"] = work / f"cut.{lang}.txt"
        files[f"cut-{lang}"].write_text("\n\n".join(paras[lang][:cut]) + "\n", encoding="utf-8")
    cache = work / "cache"
    bitext = [sys.executable, "-m", "align.cli.app"]
    rows = []
    mb = {k: files[k].stat().st_size / 1e6 for k in files}
    runs = [
        (f"align, 50 MB English ({mb['en']:.0f} MB) + Chinese ({mb['zh']:.0f} MB)",
         [*bitext, "align", str(files["zh"]), str(files["en"]), "-o", str(work / "o-big"), "-q"]),
        ("align, 50 MB English alone (with the UDHR in Chinese)",
         [*bitext, "align", str(ROOT / "corpora" / "udhr" / "zh.txt"), str(files["en"]), "-o", str(work / "o-b"),
          "-q"]),
        (f"segment, Chinese {mb['zh']:.0f} MB", [*bitext, "segment", str(files["zh"])]),
        (f"segment, English {mb['en']:.0f} MB", [*bitext, "segment", str(files["en"])]),
        (f"segment --json, English {mb['en']:.0f} MB", [*bitext, "segment", str(files["en"]), "--json"]),
    ]
    if at_limit:
        runs.append((f"align at the limit: English {mb['cut-en']:.1f} MB + Chinese {mb['cut-zh']:.1f} MB, no cache",
                     [*bitext, "align", str(files["cut-zh"]), str(files["cut-en"]), "-o", str(work / "o-cut"), "-q",
                      "--no-cache"]))
    for what, cmd in runs:
        code, seconds, peak, last = peak_of(cmd, cache)
        rows.append(f"{what:<70} exit {code}  {seconds:7.1f} s  peak {peak:6.0f} MB")
        if code:
            rows.append(f"{'':<4}{last}")
        print(rows[-1], file=sys.stderr, flush=True)
    return "\n".join(["The 50 MB input (numbered paragraphs of UNPC devset lines; target: align refused within 5 s "
                      "with exit 2, or aligned within 2 GB; segment within 2 GB)", "", *rows])


def glossary_step(n_pairs: int, rounds: int, work: Path, batch_output: Path | None = None) -> str:
    """The glossary step of a batch, before (built in one go in the main process over every pair's
    alignment.jsonl) and after (map-reduce: each pair's counts on its worker, merged once), on the
    alignments of one `bitext batch --jobs 2` run over the synthetic pairs; each build in its own
    process (seconds, peak memory), the two glossaries compared."""
    cache, out = work / "cache", batch_output or work / "out-glossary"
    if batch_output is None:
        archive = work / "archive"
        if not archive.exists():
            archive.mkdir()
            build_archive(archive, n_pairs)
        shutil.rmtree(out, ignore_errors=True)
        proc = subprocess.run([sys.executable, "-m", "align.cli.app", "batch", str(archive), "-o", str(out), "--jobs",
                               "2", "--no-cache", "-q", "--json"], env=env(cache), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr + proc.stdout)
    alignments = sorted(out.glob("*/alignment.jsonl"))
    listing = work / "alignments.txt"
    listing.write_text("".join(f"{a}\n" for a in alignments), encoding="utf-8")
    runs: dict[str, list[tuple[float, float, float, float]]] = {"before": [], "map": [], "after": [], "after-2": []}
    for r in range(rounds):
        for mode in runs:
            db = work / f"glossary-{mode}.sqlite"
            db.unlink(missing_ok=True)
            code, seconds, peak, cpu, last = measure([sys.executable, __file__, "--child", mode, str(listing),
                                                      str(db)], cache)
            if code:
                raise RuntimeError(last)
            inner = float(db.with_suffix(".seconds").read_text())
            runs[mode].append((inner, seconds, peak, cpu))
            print(f"round {r + 1}: glossary {mode}: {inner:.1f} s ({seconds:.1f} s with start-up, {cpu:.1f} s CPU), "
                  f"{peak:.0f} MB", file=sys.stderr, flush=True)
    batch_db = out / "glossary" / "glossary.sqlite"
    same = _rows(work / "glossary-before.sqlite") == _rows(work / "glossary-after.sqlite") == _rows(
        work / "glossary-after-2.sqlite") == (_rows(batch_db) if batch_db.exists() else _rows(
        work / "glossary-after.sqlite"))
    with __import__("sqlite3").connect(work / "glossary-after.sqlite") as conn:
        units, entries = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("units", "entries"))
    counts_mb = sum(a.parent.joinpath("glossary-counts.jsonl.gz").stat().st_size for a in alignments) / 1e6
    jsonl_mb = sum(a.stat().st_size for a in alignments) / 1e6

    def row(what: str, mode: str) -> str:
        secs = [x[0] for x in runs[mode]]
        whole = statistics.median(x[1] for x in runs[mode])
        peak = max(x[2] for x in runs[mode])
        cpu = statistics.median(x[3] for x in runs[mode])
        return (f"{what:<64} {statistics.median(secs):>8.1f} ({min(secs):.1f}–{max(secs):.1f}) {whole:>14.1f} "
                f"{cpu:>8.1f} {peak:>8.0f}")

    return "\n".join([
        f"The glossary step over the {len(alignments)} pairs' alignments ({units:,} units, {entries:,} entries; "
        f"{rounds} rounds, each build in its own process, embeddings on as in the batch)",
        "",
        f"{'':<64} {'s (median, range)':>20} {'with start-up':>14} {'CPU s':>8} {'peak MB':>8}",
        row("before: built in one go in the main process (glossary.build)", "before"),
        row("after, main process: counts merged, paired once (build_mapped)", "after"),
        row("after, main process, linking on 2 processes (as the batch does)", "after-2"),
        row("after, the map step: every pair counted, one after another", "map"),
        "",
        f"The map step runs on the workers, each pair's counting added to its alignment: "
        f"{statistics.median(x[0] for x in runs['map']) / len(alignments):.2f} s a pair with the word segmenter "
        f"loaded (a worker loads it once, with its first pair). Counts files: {counts_mb:.1f} MB gzipped in all "
        f"(the alignment.jsonl files: {jsonl_mb:.1f} MB). Seconds: the build itself; with start-up: the whole "
        "process (Python, imports, the encoder for the embeddings step); CPU s: processor time of the whole process "
        "and the processes it started (median), what a busy machine changes least.",
        f"The glossaries (the three builds{' and the batch' + chr(39) + 's own' if batch_db.exists() else ''}) are "
        "identical (entries, English, variants, counts, scores, contexts): "
        f"{'yes' if same else 'NO'}",
    ])


def _rows(db: Path) -> list:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return [conn.execute(sql).fetchall() for sql in (
            "SELECT id, zh, en, kind, frequency, score FROM entries ORDER BY id",
            "SELECT entry_id, lang, text, main FROM terms ORDER BY id",
            "SELECT entry_id, unit_id FROM contexts ORDER BY entry_id, unit_id")]


def _child(mode: str, listing: Path, db: Path) -> None:
    """One glossary build, in a process of its own (so its time and peak memory are its own)."""
    from glossary.build import build, build_mapped
    from glossary.counts import COUNTS_FILE, write_counts
    from glossary.inputs import read_input, units_of

    alignments = [Path(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    if mode == "map":  # as a worker does: the first pair loads the word segmenter, the others find it loaded
        write_counts(units_of(read_input(alignments[0])), db.with_name("warm-up.counts.gz"))
    start = time.perf_counter()
    if mode == "before":
        build(alignments, db)
    elif mode.startswith("after"):
        build_mapped(alignments, [a.parent / COUNTS_FILE for a in alignments], db, jobs=2 if mode == "after-2" else 1)
    else:
        for a in alignments:
            write_counts(units_of(read_input(a)), db.with_name(f"{a.parent.name}.counts.gz"))
    db.with_suffix(".seconds").write_text(f"{time.perf_counter() - start}\n")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also the 50 MB input")
    parser.add_argument("--only-big", action="store_true", help="only the 50 MB input")
    parser.add_argument("--glossary", action="store_true",
                        help="also the glossary step, before and after map-reduce (one more --jobs 2 batch)")
    parser.add_argument("--only-glossary", action="store_true", help="only the glossary step")
    parser.add_argument("--batch-output", type=Path,
                        help="with --only-glossary: the output folder of a batch already run over the pairs (with "
                             "its glossary counts) instead of running one")
    parser.add_argument("--at-limit", action="store_true",
                        help="with --big: also align the largest input align accepts (long: 4 million characters)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="batch-scaling-") as tmp:
        work = Path(tmp)
        parts = []
        if not (args.only_big or args.only_glossary):
            parts.append(scaling(args.pairs, args.rounds, work))
        if args.glossary or args.only_glossary:
            parts.append(glossary_step(args.pairs, args.rounds, work, args.batch_output))
        if args.big or args.only_big:
            parts.append(big(work, args.at_limit))
    print("\n\n".join(parts))


if __name__ == "__main__":
    main()
