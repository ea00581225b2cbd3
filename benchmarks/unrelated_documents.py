"""Documents that are not translations of each other: the verdict, the exit code, the TMX, and
what bead confidences mean there.

Unrelated pairs: each Chinese document that ships with bitext (the UN Charter, the UDHR, the seed
report E/CN.7/2012/2) against each English document that is not its original (the Charter's and
the UDHR's English, and the nine English UN reports in `corpora/un_documents`, read from PDF): 31
pairs. Real pairs: the Charter and the UDHR with their English, and the twelve synthetic UN
documents with three times the usual damage (`benchmarks/unpc_synthetic.py --docs 12 --seed 11
--harm 3`, disjoint from what the confidence model was fitted on). Partial pairs: three of those
synthetic documents whose English is half their own and half another document's.

Every pair runs through the real command, `bitext align ZH EN -o DIR` (in this process, so the
encoder loads once). Printed: the verdict, the share of text paired, the exit code and whether a
TMX was written, per pair; then reliability tables of the bead confidences on the real pairs
(right and wrong judged against the gold alignments) and on the unrelated ones (where every
two-sided bead is wrong).

Usage: python benchmarks/unrelated_documents.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from align.cli.app import app  # noqa: E402
from align.formats.jsonl import read_alignment  # noqa: E402
from benchmarks.reliability import reliability_table  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "unrelated_documents.txt"
CORPORA = ROOT / "corpora"
SEED = ROOT / "seeds" / "E_CN.7_2012_2.zh.txt"


def pairs() -> tuple[list, list, list]:
    """(unrelated, real, partial): (name, zh path, en path, gold) each; gold is a judge or None."""
    reports = sorted((CORPORA / "un_documents").glob("*/*en.pdf"))
    chinese = {"un_charter": CORPORA / "un_charter" / "zh.txt", "udhr": CORPORA / "udhr" / "zh.txt",
               "seed": SEED}
    english = {"un_charter": CORPORA / "un_charter" / "en.txt", "udhr": CORPORA / "udhr" / "en.txt"}
    english.update({p.parent.name: p for p in reports})
    unrelated = [(f"{z} × {e}", zp, ep, None) for z, zp in chinese.items() for e, ep in english.items() if z != e]
    real = [(name, chinese[name], english[name], ("gold", name)) for name in ("un_charter", "udhr")]
    return unrelated, real, []


def synthetic(work: Path) -> tuple[list, list]:
    from benchmarks.unpc_synthetic import make_documents

    docs = make_documents(12, seed=11, harm=3)
    real, partial = [], []
    for n, d in enumerate(docs):
        folder = work / f"synthetic{n}"
        folder.mkdir()
        (folder / "zh.txt").write_text(d.zh_text, encoding="utf-8")
        (folder / "en.txt").write_text(d.en_text, encoding="utf-8")
        real.append((f"synthetic {n + 1} (harm 3)", folder / "zh.txt", folder / "en.txt", ("synthetic", d)))
    for n in range(3):
        a, b = docs[n], docs[n + 3]
        ea, eb = a.en_text.rstrip("\n").split("\n\n"), b.en_text.rstrip("\n").split("\n\n")
        folder = work / f"partial{n}"
        folder.mkdir()
        (folder / "zh.txt").write_text(a.zh_text, encoding="utf-8")
        (folder / "en.txt").write_text("\n\n".join(ea[: len(ea) // 2] + eb[len(eb) // 2:]) + "\n", encoding="utf-8")
        partial.append((f"synthetic {n + 1}, half its English another's", folder / "zh.txt", folder / "en.txt", None))
    return real, partial


def right_beads(gold, zh_path: Path, en_path: Path, alignment) -> dict[str, bool]:
    """bead id -> right, against the gold alignment of the pair."""
    from align.documents.segment import segment_file

    kind, what = gold
    zh, en = segment_file(zh_path, "zh"), segment_file(en_path, "en")
    if kind == "synthetic":
        from benchmarks.unpc_synthetic import judge

        return judge(what, zh, en, alignment)[2]
    from align.formats.gold import read_gold
    from align.pipeline.corpora import list_pairs

    pair = next(p for p in list_pairs(CORPORA) if p.name == what)
    gold_set = {(tuple(z), tuple(e)) for z, e in read_gold(pair.gold)}
    zi = {b.id: k for k, b in enumerate(zh.blocks)}
    ei = {b.id: k for k, b in enumerate(en.blocks)}
    return {b.id: (tuple(zi[x] for x in b.zh), tuple(ei[y] for y in b.en)) in gold_set
            for b in alignment.paragraph_beads()}


def main() -> None:
    console = Console(record=True, width=150)
    runner = CliRunner()
    work = Path(tempfile.mkdtemp(prefix="bitext-unrelated-"))
    unrelated, real, _ = pairs()
    more_real, partial = synthetic(work)
    real += more_real
    table = Table("pair", "expected", "verdict", "paired", "exit", "TMX written", "seconds",
                  title="bitext align on documents that match, partly match, and do not")
    scored_real: list[tuple[float, bool]] = []
    scored_unrelated: list[tuple[float, bool]] = []
    one_sided_unrelated: list[float] = []
    tally = {"unrelated": [0, 0], "match": [0, 0], "partial": [0, 0]}
    t_all = time.time()
    for expected, group in (("unrelated", unrelated), ("match", real), ("partial", partial)):
        for n, (name, zh, en, gold) in enumerate(group):
            out = work / f"{expected}{n}"
            t0 = time.time()
            result = runner.invoke(app, ["align", str(zh), str(en), "-o", str(out), "-q"])
            seconds = time.time() - t0
            if result.exit_code not in (0, 1):
                raise SystemExit(f"{name}: {result.output}")
            alignment = read_alignment(out / "alignment.jsonl")
            verdict = alignment.header.get("verdict") or {}
            tmx = (out / "alignment.tmx").exists()
            ok = verdict.get("verdict") == expected and (expected != "unrelated" or (result.exit_code == 1 and not tmx))
            tally[expected][0] += ok
            tally[expected][1] += 1
            table.add_row(name, expected, verdict.get("verdict", "-") if ok else f"[red]{verdict.get('verdict')}[/red]",
                          f"{verdict.get('paired', 0):.0%}", str(result.exit_code), "yes" if tmx else "no",
                          f"{seconds:.1f}")
            if expected == "unrelated":
                for b in alignment.beads:
                    if b.zh and b.en:
                        scored_unrelated.append((b.score, False))
                    else:
                        one_sided_unrelated.append(b.score)
            elif gold is not None:
                right = right_beads(gold, zh, en, alignment)
                scored_real.extend((b.score, right[b.id]) for b in alignment.beads if b.id in right)
    console.print(table)
    for expected, (ok, total) in tally.items():
        console.print(f"{expected}: {ok} of {total} pairs as expected"
                      + (" (verdict unrelated, exit code 1, no TMX)" if expected == "unrelated" else ""))
    console.print(reliability_table(scored_real, "Bead confidence vs correctness, real pairs (paragraph and "
                                                 "sentence beads, against the gold alignments)"))
    console.print(reliability_table(scored_unrelated, "Bead confidence, unrelated pairs (two-sided beads: "
                                                      "all wrong)"))
    if one_sided_unrelated:
        console.print(f"one-sided beads of the unrelated pairs (right: there is nothing to pair them with): "
                      f"{len(one_sided_unrelated)}, confidence {min(one_sided_unrelated):.2f}-"
                      f"{max(one_sided_unrelated):.2f}")
    console.print(f"{time.time() - t_all:.0f} s in all (2 shared cores)")
    RESULTS.write_text(console.export_text(), encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
