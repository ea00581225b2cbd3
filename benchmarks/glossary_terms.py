"""UN terms found whole: the hand-checked list of UN term pairs that occur in the UN Parallel Corpus
development set (benchmarks/data/unpc_devset_terms.tsv, see benchmarks/data/README.md) against the
glossary built from that development set alone.

For every Chinese term of the list, the glossary is asked two ways:

- entries: the entries that have the term (main form or variant), best first — what `glossary query`
  shows as exact matches;
- lookup: `glossary lookup TERM` — the entries first, then English proposed from the aligned pairs
  the glossary was built from (so a term seen once still gets an answer, marked weak).

"any": one of the proposed English terms is the right one (any of the list's variants); "top-1": the
first one is. English is compared case-insensitively, singular and plural folded.

The list is cut into two halves by a hash of the Chinese (`half`): pairing was developed looking at
the misses of half A only, and half B is kept aside to show whether that generalises. Both halves
are reported, and the whole; the misses listed are half A's unless `--misses B|all` is given.

    python benchmarks/glossary_terms.py [--no-embeddings] [--no-lookup] [--code DIR] [--misses A|B|all]

--code DIR runs the same measurement with the glossary package of another checkout (the previous
code, e.g. `git archive HEAD~5 | tar -x -C /tmp/old`), which has no lookup.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "data" / "unpc_devset_terms.tsv"
DEVSET = ROOT / "corpora" / "unpc_devset"


def read_gold() -> list[tuple[str, list[str], str]]:
    rows = []
    for n, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines()):
        if n == 0 or not line.strip():
            continue
        zh, en, kind, *_ = line.split("\t")
        rows.append((zh, en.split("|"), kind))
    return rows


def half(zh: str) -> str:
    """The half of the list a pair belongs to, fixed by a hash of its Chinese: "A" is the half the
    pairing was developed on, "B" the half kept aside to check that what was learnt generalises."""
    return "A" if hashlib.sha256(zh.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def key(text: str) -> str:
    """Case, plural, punctuation and hyphen/space differences folded; a leading article dropped."""
    words = re.sub(r"[^\w']+", " ", text.lower().replace("’", "'")).split()
    if words and words[0] == "the":
        words = words[1:]
    out = []
    for w in words:
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
            w = w[:-1]
        out.append(w)
    return " ".join(out)


def check_occurrences(gold) -> None:
    """Every pair of the list occurs in the development set: the Chinese in a line, the English in
    its English line (else the list is broken, and the script says which pair)."""
    zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = [key(x) for x in (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()]
    for z, alts, _ in gold:
        keys = [f" {key(a)} " for a in alts]
        if not any(z in zl and any(k in f" {el} " for k in keys) for zl, el in zip(zh, en)):
            sys.exit(f"{GOLD.name}: {z} / {alts[0]} does not occur in the development set")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--code", type=Path, help="another checkout whose glossary package to measure")
    ap.add_argument("--show", type=int, default=40, help="list up to N misses")
    ap.add_argument("--misses", choices=("A", "B", "all"), default="A",
                    help="whose misses to list: the development half (default), the held-out half, or all")
    ap.add_argument("--no-lookup", action="store_true", help="measure the entries only (faster)")
    ap.add_argument("--keep", type=Path, help="keep the glossary built (a .sqlite path) for a closer look")
    args = ap.parse_args()
    sys.path.insert(0, str(args.code.resolve() if args.code else ROOT))
    from align.formats.jsonl import write_alignment
    from glossary.build import build
    from glossary.inputs import line_pairs_alignment
    from glossary.pairing import Settings
    from glossary.store import Store

    try:
        from glossary.lookup import lookup
    except ImportError:
        lookup = None
    if args.no_lookup:
        lookup = None
    gold = read_gold()
    check_occurrences(gold)
    with tempfile.TemporaryDirectory() as tmp:
        alignment = line_pairs_alignment(DEVSET / "UNv1.0.devset.zh", DEVSET / "UNv1.0.devset.en", "UNPC devset")
        path = write_alignment(alignment, Path(tmp) / "unpc_devset.alignment.jsonl")
        t0 = time.perf_counter()
        report = build([path], Path(tmp) / "g.sqlite", Settings(embeddings=not args.no_embeddings))
        seconds = time.perf_counter() - t0
        if args.keep:
            import shutil

            shutil.copyfile(Path(tmp) / "g.sqlite", args.keep)
        results = []
        t_lookup = 0.0
        with Store.open(Path(tmp) / "g.sqlite") as store:
            for zh, alts, kind in gold:
                entries = [e for e in store.load(store.find(zh)) if zh in e.terms("zh")]
                entries.sort(key=lambda e: (e.status != "approved", -e.score))
                by_entries = [t for e in entries for t in e.terms("en")]
                by_lookup = []
                if lookup is not None:
                    t1 = time.perf_counter()
                    by_lookup = [t for p in lookup(store, zh).proposals for t in [p.text, *p.variants]]
                    t_lookup += time.perf_counter() - t1
                results.append((zh, alts, kind, by_entries, by_lookup))

    def score(proposed: list[str], alts: list[str]) -> tuple[bool, bool]:
        good = {key(a) for a in alts}
        keys = [key(p) for p in proposed]
        return (bool(keys) and keys[0] in good, any(k in good for k in keys))

    import glossary

    print(f"code: {Path(glossary.__file__).parent.parent}; glossary of corpora/unpc_devset: "
          f"{report.units} aligned units, {report.entries} entries, built in {seconds:.1f} s "
          f"(embeddings {'off' if args.no_embeddings else 'on'})")
    print(f"list: {GOLD.relative_to(ROOT)}, {len(gold)} pairs, every one found in the development set")
    print()
    ways = [("entries", 3)] + ([("lookup", 4)] if lookup else [])
    kinds = sorted({k for _, _, k in gold}, key=lambda k: -sum(1 for g in gold if g[2] == k))
    header = f"{'kind':<12}{'pairs':>6}" + "".join(f"{w + ' top-1':>15}{w + ' any':>13}" for w, _ in ways)
    print(header)
    for kind in [*kinds, "all"]:
        rows = [r for r in results if kind in ("all", r[2])]
        line = f"{kind:<12}{len(rows):>6}"
        for _, col in ways:
            top = sum(score(r[col], r[1])[0] for r in rows) / len(rows)
            anyv = sum(score(r[col], r[1])[1] for r in rows) / len(rows)
            line += f"{top:>15.3f}{anyv:>13.3f}"
        print(line)
    if lookup:
        print(f"\nlookup: {t_lookup / len(gold) * 1000:.1f} ms a term on average")
    print()
    print(f"{'half':<24}{'pairs':>6}" + "".join(f"{w + ' top-1':>15}{w + ' any':>13}" for w, _ in ways))
    for name, part in (("A (developed on)", "A"), ("B (held out)", "B"), ("all", None)):
        rows = [r for r in results if part in (None, half(r[0]))]
        line = f"{name:<24}{len(rows):>6}"
        for _, col in ways:
            line += f"{sum(score(r[col], r[1])[0] for r in rows) / len(rows):>15.3f}"
            line += f"{sum(score(r[col], r[1])[1] for r in rows) / len(rows):>13.3f}"
        print(line)
    shown = [r for r in results if args.misses == "all" or half(r[0]) == args.misses]
    for name, col in ways:
        misses = [r for r in shown if not score(r[col], r[1])[0]]
        where = "both halves" if args.misses == "all" else f"half {args.misses}"
        print(f"\nnot right at top-1 ({name}, {where}): {len(misses)}")
        for zh, alts, _, by_entries, by_lookup in misses[: args.show]:
            proposed = (by_lookup if col == 4 else by_entries)[:3]
            print(f"  {zh:<16} want {alts[0]!r:<45} got {'; '.join(proposed) or '-'}")
        grouped: Counter = Counter("nothing proposed" if not r[col] else "other English first" for r in misses)
        print("  " + ", ".join(f"{k}: {v}" for k, v in grouped.items()))

if __name__ == "__main__":
    main()
