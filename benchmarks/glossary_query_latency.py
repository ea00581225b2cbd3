"""Query latency on a 50,000-entry glossary: p50/p95 per query mode (exact, prefix, substring,
fuzzy), Chinese and English terms, through `glossary.query.query` on a real SQLite file, with the
share of queries whose source entry is among the (at most 20) matches.

The store is filled with synthetic but realistic entries: the UNBIS Thesaurus pairs and the
project's UN system names, then compounds of their words up to 50,000 entries (and 2 contexts each).

    python benchmarks/glossary_query_latency.py [--entries 50000] [--repeat 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.lexicon import un_system, un_terms, unbis  # noqa: E402
from glossary.model import Entry, Unit  # noqa: E402
from glossary.query import MODES, query  # noqa: E402
from glossary.store import Store  # noqa: E402


def synthetic_entries(n: int, rng: random.Random) -> list[Entry]:
    base = [(r["zh"], r["en"]) for r in [*unbis(), *un_terms()] if r["en"]] + [
        (n.zh, n.en) for n in un_system()]
    seen = set()
    out = []
    for zh, en in base:
        if (zh, en) not in seen:
            seen.add((zh, en))
            out.append(Entry(zh, en, score=rng.uniform(0.5, 7), frequency=rng.randint(2, 200)))
    while len(out) < n:
        (z1, e1), (z2, e2) = rng.choice(base), rng.choice(base)
        zh, en = z1 + z2, f"{e2} of {e1}"
        if (zh, en) in seen:
            continue
        seen.add((zh, en))
        out.append(Entry(zh, en, score=rng.uniform(0.1, 3), frequency=rng.randint(2, 20)))
    return out[:n]


def typo(term: str, rng: random.Random) -> str:
    if len(term) < 5:
        return term + term[-1]
    i = rng.randrange(1, len(term) - 2)
    return term[:i] + term[i + 1] + term[i] + term[i + 2 :]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=200, help="queries per mode and language")
    args = ap.parse_args()
    rng = random.Random(7)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "latency.sqlite"
        t0 = time.perf_counter()
        entries = synthetic_entries(args.entries, rng)
        with Store.open(db, create=True) as store:
            with store.conn:
                store.add_source("synthetic", "0" * 64, "synthetic", [Unit("synthetic", f"p{k}", f"b{k}", "句子。",
                                                                           "A sentence.") for k in range(1000)])
                for e in entries:
                    e.units = [rng.randint(1, 1000), rng.randint(1, 1000)]
                store.add_entries(entries, origin="benchmark")
            counts = store.counts()
        print(f"store: {counts['entries']} entries, {db.stat().st_size / 1e6:.1f} MB, filled in "
              f"{time.perf_counter() - t0:.1f} s")

        sample = rng.sample(entries, args.repeat)
        cases = {
            ("exact", "zh"): [e.zh for e in sample],
            ("exact", "en"): [e.en for e in sample],
            ("prefix", "zh"): [e.zh[:2] for e in sample],
            ("prefix", "en"): [e.en[:4] for e in sample],
            ("substring", "zh"): [e.zh[1:4] for e in sample],
            ("substring", "en"): [e.en.split()[-1] for e in sample],
            ("fuzzy", "zh"): [typo(e.zh, rng) for e in sample],
            ("fuzzy", "en"): [typo(e.en, rng) for e in sample],
            ("all modes", "zh"): [e.zh[:3] for e in sample],
            ("all modes", "en"): [typo(e.en, rng) for e in sample],
        }
        print(f"\n{'mode':<10} {'lang':<4} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'hits/q':>7} "
              f"{'source found':>12}")
        with Store.open(db) as store:
            for (mode, lang), terms in cases.items():
                modes = MODES if mode == "all modes" else (mode,)
                times, hits, found = [], 0, 0
                for entry, term in zip(sample, terms):
                    t = time.perf_counter()
                    matches = query(store, term, lang=lang, modes=modes, limit=20, contexts=2)
                    times.append((time.perf_counter() - t) * 1000)
                    hits += len(matches)
                    found += any(m.entry.zh == entry.zh and m.entry.en == entry.en for m in matches)
                times.sort()
                p95 = times[int(0.95 * (len(times) - 1))]
                print(f"{mode:<10} {lang:<4} {len(terms):>7} {statistics.median(times):>8.2f} {p95:>8.2f} "
                      f"{times[-1]:>8.2f} {hits / len(terms):>7.1f} {found / len(terms):>12.0%}")


if __name__ == "__main__":
    main()
