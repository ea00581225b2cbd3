"""Glossary build benchmark: the bundled corpora (gold paragraph alignments) plus the UN Parallel
Corpus development set (4,000 sentence pairs) → a glossary; prints the build time, the top 200
entries by score, whether the landmark pairs were found (with a context each), and writes
benchmarks/results/glossary_top200.tsv for line-by-line review.

The TSV's `verdict` column is filled in by hand (ok / wrong, with a reason); rerunning the script
keeps the verdicts already given for pairs it finds again and leaves new rows blank.

    python benchmarks/glossary_build.py [--db /tmp/glossary.sqlite] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.formats.gold import gold_alignment  # noqa: E402
from align.formats.jsonl import write_alignment  # noqa: E402
from align.pipeline.corpora import list_pairs  # noqa: E402
from glossary.build import build  # noqa: E402
from glossary.inputs import line_pairs_alignment  # noqa: E402
from glossary.pairing import Settings  # noqa: E402
from glossary.store import Store  # noqa: E402

RESULT = ROOT / "benchmarks" / "results" / "glossary_top200.tsv"
LANDMARKS = [
    ("安全理事会", "Security Council"),
    ("大会", "General Assembly"),
    ("秘书长", "Secretary-General"),
    ("会员国", "Member States"),
    ("经济及社会理事会", "Economic and Social Council"),
    ("联合国毒品和犯罪问题办公室", "United Nations Office on Drugs and Crime"),
    ("麻醉药品委员会", "Commission on Narcotic Drugs"),
    ("联合国开发计划署", "United Nations Development Programme"),
    ("儿基会", "UNICEF"),
]


def inputs(folder: Path) -> list[Path]:
    paths = []
    for pair in list_pairs(ROOT / "corpora"):
        paths.append(write_alignment(gold_alignment(pair), folder / f"{pair.name}.alignment.jsonl"))
    devset = ROOT / "corpora" / "unpc_devset"  # copied from ../shared/data/unpc_devset
    alignment = line_pairs_alignment(devset / "UNv1.0.devset.zh", devset / "UNv1.0.devset.en", "UNPC devset")
    paths.append(write_alignment(alignment, folder / "unpc_devset.alignment.jsonl"))
    return paths


def old_verdicts() -> dict[tuple[str, str], str]:
    if not RESULT.exists():
        return {}
    with open(RESULT, encoding="utf-8", newline="") as f:
        return {(r["zh"], r["en"]): r["verdict"] for r in csv.DictReader(f, delimiter="\t") if r.get("verdict")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="where to build (default: a temporary file)")
    ap.add_argument("--no-embeddings", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = inputs(folder)
        db = args.db or folder / "glossary.sqlite"
        if db.exists():
            db.unlink()
        t0 = time.perf_counter()
        report = build(paths, db, Settings(embeddings=not args.no_embeddings))
        seconds = time.perf_counter() - t0
        with Store.open(db) as store:
            top = store.entries(200)
            landmarks = []
            for zh, en in LANDMARKS:
                hit = [e for e in store.entries() if zh in e.terms("zh") and en in e.terms("en")]
                ctx = store.contexts(hit[0].id, 1) if hit else []
                landmarks.append((zh, en, hit[0] if hit else None, ctx[0] if ctx else None))
            counts = store.counts()

    print(f"inputs: {', '.join(p.name for p in paths)}")
    print(f"aligned units: {report.units}; entries: {report.entries}; build time: {seconds:.1f} s "
          f"(embeddings {'off' if args.no_embeddings else 'on'})")
    print(f"store: {counts}")
    print()
    print("landmark pairs:")
    for zh, en, entry, ctx in landmarks:
        if entry is None:
            print(f"  MISSING  {zh} / {en}")
            continue
        where = f"{ctx.document} {ctx.paragraph}" if ctx else "-"
        print(f"  found    {zh} / {en}  (entry id {entry.id}, freq {entry.frequency}; e.g. {where})")
        if ctx:
            print(f"           zh: {ctx.zh[:90]}")
            print(f"           en: {ctx.en[:120]}")

    verdicts = old_verdicts()
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    with open(RESULT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["rank", "zh", "en", "zh_variants", "en_variants", "kind", "frequency", "score", "verdict"])
        for k, e in enumerate(top, 1):
            w.writerow([k, e.zh, e.en, " | ".join(e.zh_variants), " | ".join(e.en_variants), e.kind, e.frequency,
                        f"{e.score:.3f}", verdicts.get((e.zh, e.en), "")])
    reviewed = [verdicts.get((e.zh, e.en), "") for e in top]
    ok = sum(1 for v in reviewed if v.startswith("ok"))
    wrong = sum(1 for v in reviewed if v.startswith("wrong"))
    print()
    print(f"{'rank':>4}  {'zh':<16} {'en':<42} {'kind':<10} {'freq':>4} {'score':>6}  verdict")
    for k, e in enumerate(top, 1):
        print(f"{k:>4}  {e.zh:<16} {e.en[:42]:<42} {e.kind:<10} {e.frequency:>4} {e.score:>6.2f}  "
              f"{verdicts.get((e.zh, e.en), '')}")
    print()
    print(f"top-200 review: {ok} ok, {wrong} wrong, {len(top) - ok - wrong} not reviewed"
          + (f"; precision {ok / (ok + wrong):.1%}" if ok + wrong else ""))
    print(f"written {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
