"""The seed report annotated with the glossary of `bitext run` (the UNBIS Thesaurus imported, as the
run does): what a translator of E/CN.7/2012/2 is shown before translating it.

- times `bitext glossary annotate` on the seed (fresh processes, the embedding cache warm after the
  first; median of the rest) and the in-process `annotate()`;
- writes every annotated term to results/glossary_seed_terms.tsv, and a fixed random sample of 100
  of them to results/glossary_seed_sample.tsv, whose `verdict` column is filled in by hand (ok, or
  no: the reason); rerunning keeps the verdicts of terms proposed the same way;
- checks the seed's UNODC body, convention and programme names (benchmarks/data/seed_unodc_names.tsv,
  hand-made from the seed with the official English): proposed with the right English, proposed
  wrong, or missing — and then whether any aligned pair or reference here holds the name at all.

    python benchmarks/glossary_seed.py [--db bitext-output/glossary/glossary.sqlite] [--runs 4]
    python benchmarks/glossary_seed.py --code /tmp/old-checkout   # the same for another checkout

Without --db the run's glossary is remade: the bundled corpora (their gold alignments) and the UNPC
development set, then the UNBIS Thesaurus imported. With --code, that checkout's own `bitext glossary
build` and `annotate --json` are run (no UNBIS import: older code had none), and its terms and sample go
to results/glossary_seed_terms_previous.tsv and glossary_seed_sample_previous.tsv, judged the same way.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.glossary_build import inputs  # noqa: E402
from glossary.annotate import annotate  # noqa: E402
from glossary.build import build  # noqa: E402
from glossary.reference import UNBIS_SOURCE, read_unbis  # noqa: E402
from glossary.store import Store  # noqa: E402

SEED = ROOT / "seeds" / "E_CN.7_2012_2.zh.txt"
RESULTS = ROOT / "benchmarks" / "results"
TERMS = RESULTS / "glossary_seed_terms.tsv"
SAMPLE = RESULTS / "glossary_seed_sample.tsv"
NAMES = ROOT / "benchmarks" / "data" / "seed_unodc_names.tsv"


def key(text: str) -> str:
    words = re.sub(r"[^\w']+", " ", text.lower()).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def old_verdicts(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["term"], r["proposed"]): r["verdict"] for r in csv.DictReader(f, delimiter="\t") if r["verdict"]}


def glossary_cli(code: Path, *args: str) -> str:
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    env.update({k: v for k, v in os.environ.items() if k in ("HOME", "BITEXT_CACHE_DIR", "TMPDIR")})
    return subprocess.run([sys.executable, "-m", "align.cli.app", "glossary", *args], check=True, capture_output=True,
                          text=True, env=env, cwd=code).stdout


def time_cli(db: Path, runs: int, code: Path = ROOT) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        glossary_cli(code, "annotate", str(SEED), "--db", str(db))
        out.append(time.perf_counter() - t0)
    return out


def write_judged(rows: list[tuple], terms: Path, sample_path: Path) -> list[tuple[tuple, str]]:
    """Every row to `terms`, a fixed random sample of 100 to `sample_path`, verdicts kept."""
    verdicts = old_verdicts(terms) | old_verdicts(sample_path)
    header = ["term", "proposed", "kind", "evidence", "count", "paragraphs", "verdict"]
    with open(terms, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([*r, verdicts.get((r[0], r[1]), "")])
    picked = sorted(random.Random(2012).sample(range(len(rows)), min(100, len(rows))))
    sample = [rows[i] for i in picked]
    with open(sample_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        for r in sample:
            w.writerow([*r, verdicts.get((r[0], r[1]), "")])
    judged = [verdicts.get((r[0], r[1]), "") for r in sample]
    ok = sum(v.startswith("ok") for v in judged)
    no = sum(v.startswith("no") for v in judged)
    print(f"\nsample of {len(sample)} (seed 2012), judged by hand: {ok} acceptable, {no} not, "
          f"{len(sample) - ok - no} not judged")
    for r, v in zip(sample, judged, strict=True):
        if v.startswith("no"):
            print(f"  {r[0]:<14} {r[1][:60]:<60} {v}")
    return list(zip(sample, judged, strict=True))


def name_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(open(NAMES, encoding="utf-8"), delimiter="\t"))


def other_code(code: Path, db: Path | None, runs: int) -> None:
    """The seed annotated by another checkout (its own build of the same inputs, its own annotate)."""
    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            db = Path(tmp) / "glossary.sqlite"
            glossary_cli(code, "build", *map(str, inputs(Path(tmp))), "--db", str(db))
        cli = time_cli(db, runs, code)
        data = json.loads(glossary_cli(code, "annotate", str(SEED), "--db", str(db), "--json"))
    terms = data["terms"]
    print(f"code: {code}; glossary: {db if db.exists() else 'its own build of the bundled corpora + UNPC devset'}")
    print(f"seed: {SEED.relative_to(ROOT)}: {len(terms)} terms proposed")
    print(f"annotate, fresh process: first {cli[0]:.2f} s, then median {statistics.median(cli[1:] or cli):.2f} s "
          f"({', '.join(f'{t:.2f}' for t in cli)})")
    rows = [(t["term"], "; ".join(t["proposed"][:3]), t.get("kind", ""), t.get("evidence", "glossary"), t["count"],
             ", ".join(t["paragraphs"][:4])) for t in terms]
    write_judged(rows, RESULTS / "glossary_seed_terms_previous.tsv", RESULTS / "glossary_seed_sample_previous.tsv")
    found = {t["term"]: t for t in terms}
    right = wrong = 0
    for row in name_rows():
        t = found.get(row["zh"])
        if t is not None and t["proposed"]:
            ok = key(t["proposed"][0]) in [key(a) for a in row["en"].split("|")]
            right, wrong = right + ok, wrong + (not ok)
    n = len(name_rows())
    print(f"\nthe seed's UNODC names: {right} of {n} proposed with the right English, {wrong} with other English, "
          f"{n - right - wrong} missing")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="the glossary of a `bitext run` (default: remade in a temporary folder)")
    ap.add_argument("--runs", type=int, default=4, help="fresh processes timed (the first warms the cache)")
    ap.add_argument("--code", type=Path, help="another checkout to measure (its own build and annotate)")
    args = ap.parse_args()
    if args.code:
        other_code(args.code.resolve(), args.db, args.runs)
        return

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "glossary.sqlite"
            build(inputs(Path(tmp)), db)
            with Store.open(db) as store, store.conn:
                store.import_entries(read_unbis().entries, UNBIS_SOURCE, "candidate")
        cli = time_cli(db, args.runs)
        with Store.open(db) as store:
            counts = store.counts()
            t0 = time.perf_counter()
            result = annotate(store, SEED)
            in_process = time.perf_counter() - t0
            names = []
            for row in name_rows():
                names.append((row, store.count_units(row["zh"], "zh"),
                              [e for e in store.load(store.find(row["zh"])) if e.origin == "import"]))

    findings = result.findings
    print(f"glossary: {db if args.db else 'remade (bundled corpora + UNPC devset, UNBIS imported)'}; {counts}")
    print(f"seed: {SEED.relative_to(ROOT)}: {len(findings)} terms proposed (places apart, off by default)")
    print(f"annotate, fresh process: first {cli[0]:.2f} s, then median {statistics.median(cli[1:] or cli):.2f} s "
          f"({', '.join(f'{t:.2f}' for t in cli)}); in process {in_process:.2f} s")
    by_evidence: dict[str, int] = {}
    for f in findings:
        how = f.evidence.split(",")[0].split(" (")[0].split(":")[0]
        by_evidence[how] = by_evidence.get(how, 0) + 1
    print("by evidence: " + ", ".join(f"{k} {v}" for k, v in sorted(by_evidence.items(), key=lambda kv: -kv[1])))

    rows = [(f.term, "; ".join(f.suggestions()[:3]), f.kind, f.evidence, f.count, ", ".join(f.paragraphs[:4]))
            for f in findings]
    write_judged(rows, TERMS, SAMPLE)

    found = {f.term: f for f in findings}
    right = wrong = missing = 0
    print(f"\nthe seed's UNODC names ({NAMES.relative_to(ROOT)}):")
    for row, held, imported in names:
        alts = [key(a) for a in row["en"].split("|")]
        f = found.get(row["zh"])
        if f is not None and key(f.suggestions()[0]) in alts:
            right += 1
            status = f"right ({f.evidence})"
        elif f is not None:
            wrong += 1
            status = f"wrong: {f.suggestions()[0]!r} ({f.evidence})"
        else:
            missing += 1
            why = "no aligned pair or reference here has it" if not held and not imported else (
                f"{held} aligned pair{'s' if held != 1 else ''} hold it" if held else "a reference has it")
            status = f"missing: {why}"
        print(f"  {row['kind']:<10} {row['zh'][:24]:<24} {status}")
    print(f"\n{right} of {len(names)} proposed with the right English, {wrong} with other English, {missing} missing")
    print(f"written {TERMS.relative_to(ROOT)}, {SAMPLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
