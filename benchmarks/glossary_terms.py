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

    python benchmarks/glossary_terms.py [--no-embeddings] [--code DIR]

--code DIR runs the same measurement with the glossary package of another checkout (the previous
code, e.g. `git archive HEAD~5 | tar -x -C /tmp/old`), which has no lookup.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
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
    gold = read_gold()
    check_occurrences(gold)
    with tempfile.TemporaryDirectory() as tmp:
        alignment = line_pairs_alignment(DEVSET / "UNv1.0.devset.zh", DEVSET / "UNv1.0.devset.en", "UNPC devset")
        path = write_alignment(alignment, Path(tmp) / "unpc_devset.alignment.jsonl")
        t0 = time.perf_counter()
        report = build([path], Path(tmp) / "g.sqlite", Settings(embeddings=not args.no_embeddings))
        seconds = time.perf_counter() - t0
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
    col = ways[-1][1]
    misses = [r for r in results if not score(r[col], r[1])[0]]
    print(f"\nnot right at top-1 ({ways[-1][0]}): {len(misses)}")
    why: Counter = Counter()
    for zh, alts, _, by_entries, by_lookup in misses[: args.show]:
        proposed = (by_lookup if col == 4 else by_entries)[:3]
        print(f"  {zh:<16} want {alts[0]!r:<45} got {'; '.join(proposed) or '-'}")
        why[bool(proposed)] += 1
    grouped = defaultdict(int)
    for r in misses:
        grouped["nothing proposed" if not (r[col]) else "other English first"] += 1
    print("  " + ", ".join(f"{k}: {v}" for k, v in grouped.items()))


if __name__ == "__main__":
    main()
