"""Faults put into UN documents, found (or not) through the whole pipeline: segment -> align -> check.

Documents: UN-style reports built from the UNPC devset by `benchmarks/unpc_synthetic.make_documents`
(numbered paragraphs under chapter headings 一./I., citations of symbols and resolutions written as
UN Chinese writes them, glued or spaced, and some sentences repeated), with no alignment damage: the
clean versions are faithful translations. Each document is written to text files and run through
`align.pipeline.pair.align_files` (what `bitext align` runs), with an approved reference glossary
(the UN system names the project ships, the UN system names of `align/data/un_names.tsv`, imported from TBX the way
`bitext check --glossary FILE.tbx` reads it).

Faults, put into copies of the documents with a fixed seed, several per copy and paragraphs apart:

- number: in the Chinese, a digit changed (2014年 -> 2015年), a Chinese numeral (二十 -> 三十), a
  万/亿 amount (3.5亿 -> 3.6亿), a count word (两名 -> 三名), an ordinal (第五十八届 -> 第五十九届);
- symbol: a digit of a cited symbol or resolution number changed in the Chinese (见A/69/828 -> 见A/69/823);
- omission: a Chinese sentence deleted from a paragraph;
- untranslated: a Chinese sentence replaced by its English, glued to the Chinese around it;
- swap: the Chinese texts of two neighbouring paragraphs swapped (their numbers stay in place);
- term: in the English, an approved term replaced by a near-synonym (Security Council -> Security
  Committee);
- inconsistent: a repeated sentence given another Chinese translation the second time (a synonym);
- name: a country name in the Chinese replaced by another country's (肯尼亚 -> 乌干达);
- punctuation: the closing 》 or ” of a Chinese title or quotation dropped.

A fault is caught only when a bead holding it (the sentence bead and its paragraph bead) gets a flag
of its kind that the clean run did not have there (same code and reason). False alarms: the beads of
the clean runs carrying each flag, over all clean beads (paragraph and sentence).

Usage: python benchmarks/fault_injection.py [--docs 20] [--per-doc 6] [--seed 5] [--show-misses]
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from align.model import Alignment, Bead  # noqa: E402
from align.quality.numbers import references_of  # noqa: E402
from benchmarks.unpc_synthetic import SyntheticDoc, make_documents  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "fault_injection.txt"

KINDS = {
    "number": {"number"},
    "symbol": {"symbol"},
    "omission": {"omission"},
    "untranslated": {"untranslated"},
    "swap": {"order"},
    "term": {"term"},
    "inconsistent": {"inconsistent"},
    "name": {"name"},
    "punctuation": {"punctuation"},
}
ALARM_CODES = ("number", "symbol", "omission", "term", "untranslated", "order", "inconsistent", "name",
               "punctuation", "label", "merge", "length", "low_score", "footnote")


# ---------------------------------------------------------------- documents as paragraphs


@dataclass
class Para:
    zh_label: str  # "12. ", "一. " or ""
    en_label: str
    zh: list[str]
    en: list[str]
    heading: bool = False


def parse(doc: SyntheticDoc) -> list[Para]:
    """The paragraphs of a faithful synthetic document (one line per paragraph on each side, paired)."""
    zl = doc.zh_text.rstrip("\n").split("\n\n")
    el = doc.en_text.rstrip("\n").split("\n\n")
    assert len(zl) == len(el), "a document with alignment damage: build it with harm=0"
    zs = [t for _, t in doc.zh_sentences]
    es = [t for _, t in doc.en_sentences]
    paras = []
    for z, e in zip(zl, el, strict=True):
        zm = re.match(r"(\d+\. |[一二三四五六七八九十]+\. )", z)
        em = re.match(r"(\d+\. |[IVXL]+\. )", e)
        zlab, elab = (zm.group(1) if zm else ""), (em.group(1) if em else "")
        zbody, ebody = z[len(zlab):], e[len(elab):]
        zp, ep = [], []
        while "".join(zp) != zbody:
            zp.append(zs.pop(0))
        while " ".join(ep) != ebody:
            ep.append(es.pop(0))
        assert len(zp) == len(ep)
        paras.append(Para(zlab, elab, zp, ep, heading=bool(zlab) and not zlab[0].isdigit()))
    return paras


def render(paras: list[Para]) -> tuple[str, str]:
    zh = "\n\n".join(p.zh_label + "".join(p.zh) for p in paras) + "\n"
    en = "\n\n".join(p.en_label + " ".join(p.en) for p in paras) + "\n"
    return zh, en


# ---------------------------------------------------------------- faults


@dataclass
class Fault:
    kind: str
    sub: str
    where: list[tuple[str, str]]  # (lang, text) that the beads holding the fault contain, damaged run
    clean: list[tuple[str, str]]  # the same places in the clean run
    what: str = ""
    named: str = ""  # for omissions: the English sentence the reason should name


def _sites(paras: list[Para], used: set[int], gap: int = 2) -> list[int]:
    return [k for k, p in enumerate(paras) if not used & set(range(k - gap, k + gap + 1))]


def _mark(used: set[int], k: int) -> None:
    used.add(k)


def _around(text: str, start: int, end: int, width: int = 10) -> str:
    return text[max(0, start - width): end + width]


_ZH_DIGIT = "一二三四五六七八九"
_CLASSIFIERS = "名个项次位份家条种类国届所座起批轮支艘"
_COUNT = re.compile(rf"(?<![第一二三四五六七八九十百千万两零〇\d])([两二三四五六七八九])([{_CLASSIFIERS}])")
_ORDINAL = re.compile(r"第([一二三四五六七八九十]+)([届次])")
_ZH_NUMERAL = re.compile(r"(?<![第一二三四五六七八九十百千两])"
                         r"([一二三四五六七八九]?十[一二三四五六七八九]?|百分之[一二三四五六七八九十]+)"
                         r"(?![一二三四五六七八九十百千万亿])")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)")
_DIGITS = re.compile(r"\d+")
_ZH_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _zh_value(text: str):
    from decimal import Decimal

    from align.documents.numerals import zh_to_int

    v = zh_to_int(text.replace("百分之", ""))
    return Decimal(v) if v is not None else None


def _change_digit(token: str, rng: random.Random) -> str:
    positions = [i for i, c in enumerate(token) if c.isdigit()]
    i = rng.choice(positions)
    choices = [d for d in "0123456789" if d != token[i] and not (d == "0" and i == positions[0])]
    return token[:i] + rng.choice(choices) + token[i + 1:]


def _next_zh(ch: str) -> str:
    order = "二三四五六七八九"
    if ch == "两":
        return "三"
    return order[(order.index(ch) + 1) % len(order)] if ch in order else "五"


def _number_fault(paras: list[Para], rng: random.Random, used: set[int], sub: str) -> Fault | None:
    """Change one number of one Chinese sentence; the English keeps the original."""
    from align.quality.numbers import numbers_of

    sites = []
    for k in _sites(paras, used):
        for s, text in enumerate(paras[k].zh):
            refs = references_of(text)
            en_values = {n.value for n in numbers_of(paras[k].en[s], "en")}
            if sub == "digits":
                ms = [m for m in _DIGITS.finditer(text) if not any(m.group(0) in r for r in refs)
                      and not _AMOUNT.match(text, m.start()) and int(m.group(0)) in en_values]
            elif sub == "万/亿 amount":
                ms = list(_AMOUNT.finditer(text))
            elif sub == "count word":
                ms = [m for m in _COUNT.finditer(text) if _ZH_VALUES[m.group(1)] in en_values]
            elif sub == "ordinal":
                ms = [m for m in _ORDINAL.finditer(text) if _zh_value(m.group(1)) in en_values]
            else:  # Chinese numeral
                ms = [m for m in _ZH_NUMERAL.finditer(text) if _zh_value(m.group(1)) in en_values]
            sites += [(k, s, m) for m in ms]
    if not sites:
        return None
    k, s, m = rng.choice(sites)
    text = paras[k].zh[s]
    a, b = m.span(1) if sub in ("count word", "ordinal", "Chinese numeral") else m.span()
    old = text[a:b]
    if sub in ("digits", "万/亿 amount"):
        digits = m.group(1) if sub == "万/亿 amount" else old
        new = _change_digit(digits, rng) + old[len(digits):]
    elif sub == "count word":
        new = _next_zh(old)
    else:
        chars = [i for i, c in enumerate(old) if c in _ZH_DIGIT]
        if not chars:  # 十 alone, 第十届
            new = old.replace("十", "十一", 1)
        else:
            i = rng.choice(chars)
            new = old[:i] + _next_zh(old[i]) + old[i + 1:]
    damaged = text[:a] + new + text[b:]
    paras[k].zh[s] = damaged
    _mark(used, k)
    return Fault("number", sub, [("zh", _around(damaged, a, a + len(new)))], [("zh", _around(text, a, b))],
                 f"{old} -> {new}")


def _symbol_fault(paras: list[Para], rng: random.Random, used: set[int]) -> Fault | None:
    sites = [(k, s, r) for k in _sites(paras, used) for s, t in enumerate(paras[k].zh) for r in references_of(t)
             if r in t]
    if not sites:
        return None
    k, s, ref = rng.choice(sites)
    text = paras[k].zh[s]
    new = _change_digit(ref, rng)
    a = text.index(ref)
    paras[k].zh[s] = text[:a] + new + text[a + len(ref):]
    _mark(used, k)
    return Fault("symbol", "glued" if a and not text[a - 1].isspace() else "spaced",
                 [("zh", _around(paras[k].zh[s], a, a + len(new)))], [("zh", _around(text, a, a + len(ref)))],
                 f"{ref} -> {new}")


def _omission_fault(paras: list[Para], rng: random.Random, used: set[int]) -> Fault | None:
    sites = [(k, s) for k in _sites(paras, used, 3) if len(paras[k].zh) >= 2 for s in range(len(paras[k].zh))]
    if not sites:
        return None
    k, s = rng.choice(sites)
    en = paras[k].en[s]
    del paras[k].zh[s]  # the paragraph is used: no later fault relies on its sentences pairing by index
    _mark(used, k)
    where = "first" if s == 0 else ("last" if s == len(paras[k].en) - 1 else "middle")
    return Fault("omission", f"{where} sentence", [("en", en[:60])], [("en", en[:60])], en[:50], named=en[:25])


def _untranslated_fault(paras: list[Para], rng: random.Random, used: set[int]) -> Fault | None:
    sites = [(k, s) for k in _sites(paras, used) for s in range(len(paras[k].zh))
             if not paras[k].heading and len(paras[k].en[s].split()) >= 5]
    # Half of them before a Chinese sentence that starts with a digit: "...policy.2014年..."
    digit_next = [(k, s) for k, s in sites if s + 1 < len(paras[k].zh) and paras[k].zh[s + 1][:1].isdigit()]
    if not sites:
        return None
    k, s = rng.choice(digit_next if digit_next and rng.random() < 0.5 else sites)
    old = paras[k].zh[s]
    paras[k].zh[s] = paras[k].en[s]
    _mark(used, k)
    sub = "before digits" if s + 1 < len(paras[k].zh) and paras[k].zh[s + 1][:1].isdigit() else "sentence"
    return Fault("untranslated", sub, [("zh", paras[k].en[s][:40])], [("zh", old[:20])], paras[k].en[s][:50])


def _swap_fault(paras: list[Para], rng: random.Random, used: set[int]) -> Fault | None:
    sites = [k for k in _sites(paras, used, 3) if k + 1 < len(paras) and not paras[k].heading
             and not paras[k + 1].heading and not used & {k + 1, k + 2, k + 3}
             and "".join(paras[k].zh) != "".join(paras[k + 1].zh)]
    if not sites:
        return None
    k = rng.choice(sites)
    a, b = paras[k], paras[k + 1]
    a.zh, b.zh = b.zh, a.zh
    _mark(used, k)
    _mark(used, k + 1)
    need = [("zh", a.zh[0][:30]), ("zh", b.zh[0][:30])]
    return Fault("swap", "paragraph text", need, need, f"{a.zh_label.strip()} <-> {b.zh_label.strip()}")


# Near-synonyms of the head words of UN names: what a careless translator writes for them.
_NEAR = {"Council": "Committee", "Commission": "Committee", "Committee": "Commission", "Assembly": "Conference",
         "Office": "Bureau", "Programme": "Plan", "Fund": "Foundation", "Organization": "Agency",
         "Agency": "Organization", "Court": "Tribunal", "Union": "Alliance", "Bank": "Fund",
         "Secretariat": "Secretary", "Declaration": "Proclamation", "Convention": "Treaty", "Goals": "Targets",
         "States": "Countries", "Secretary-General": "General Secretary", "Director": "Manager",
         "development": "growth", "Charter": "Constitution", "Rapporteur": "Reporter", "Entity": "Body"}


def near_synonym(term: str) -> str | None:
    words = term.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _NEAR:
            return " ".join(words[:i] + [_NEAR[words[i]]] + words[i + 1:])
    return None


def _term_fault(paras: list[Para], rng: random.Random, used: set[int], terms) -> Fault | None:
    sites = []
    for k in _sites(paras, used):
        for s, (z, e) in enumerate(zip(paras[k].zh, paras[k].en)):
            for t in terms:
                full = t.en[0]
                if any(f in z for f in t.zh) and e.count(full) == 1 and near_synonym(full):
                    rest = e.replace(full, "")
                    if not any(f.lower() in rest.lower() for f in t.en):
                        sites.append((k, s, t))
    if not sites:
        return None
    k, s, t = rng.choice(sites)
    e = paras[k].en[s]
    wrong = near_synonym(t.en[0])
    paras[k].en[s] = e.replace(t.en[0], wrong)
    _mark(used, k)
    at, was = paras[k].en[s].index(wrong), e.index(t.en[0])
    return Fault("term", t.en[0], [("en", _around(paras[k].en[s], at, at + len(wrong), 25))],
                 [("en", _around(e, was, was + len(t.en[0]), 25))], f"{t.en[0]} -> {wrong}")


# Chinese synonyms a second translator might choose: the meaning stays, the wording changes.
_ZH_SYNONYMS = [tuple(p.split(":")) for p in (
    "执行:实施", "实施:执行", "加强:增强", "确保:保证", "支持:支助",
    "支助:支持", "提供:给予", "继续:持续", "重要:重大", "问题:事项", "进行:开展",
    "开展:进行", "促进:推动", "努力:工作", "报告:汇报", "要求:请求", "以及:和",
    "有关:相关", "目前:当前", "已经:已", "必须:务必", "认为:以为", "关于:有关",
    "通过:经由", "各国:各个国家", "会议:会", "情况:状况", "方面:领域", "能力:本领",
)]


def _inconsistent_fault(paras: list[Para], rng: random.Random, used: set[int]) -> Fault | None:
    seen: dict[str, tuple[int, int]] = {}
    sites = []
    for k, p in enumerate(paras):
        for s, e in enumerate(p.en):
            if e in seen and paras[seen[e][0]].zh[seen[e][1]] == p.zh[s] and k in _sites(paras, used):
                sites.append((k, s))
            seen.setdefault(e, (k, s))
    rng.shuffle(sites)
    for k, s in sites:
        text = paras[k].zh[s]
        options = [(a, b) for a, b in _ZH_SYNONYMS if a in text]
        if not options:
            continue
        a, b = rng.choice(options)
        i = text.index(a)
        paras[k].zh[s] = text[:i] + b + text[i + len(a):]
        assert paras[k].zh[s] != text
        _mark(used, k)
        return Fault("inconsistent", "repeated sentence", [("zh", paras[k].zh[s][:40])], [("zh", text[:40])],
                     f"{a} -> {b}")
    return None


def _name_fault(paras: list[Para], rng: random.Random, used: set[int], names) -> Fault | None:
    countries = [n for n in names if n.kind == "country"]
    sites = []
    for k in _sites(paras, used):
        for s, (z, e) in enumerate(zip(paras[k].zh, paras[k].en)):
            for n in countries:
                zf = next((f for f in n.zh if f in z), None)
                if zf and z.count(zf) == 1 and any(f in e for f in n.en):
                    sites.append((k, s, n, zf))
    if not sites:
        return None
    k, s, n, zf = rng.choice(sites)
    z, e = paras[k].zh[s], paras[k].en[s]
    others = [m for m in countries if m is not n and not any(f in z or f in zf for f in m.zh)
              and not any(f in e for f in m.en)]
    other = rng.choice(others)
    paras[k].zh[s] = z.replace(zf, other.zh[0])
    _mark(used, k)
    i = paras[k].zh[s].index(other.zh[0])
    return Fault("name", "country", [("zh", _around(paras[k].zh[s], i, i + len(other.zh[0])))],
                 [("zh", _around(z, z.index(zf), z.index(zf) + len(zf)))], f"{zf} -> {other.zh[0]}")


def _punctuation_fault(paras: list[Para], rng: random.Random, used: set[int]) -> Fault | None:
    sites = [(k, s, m) for k in _sites(paras, used) for s, t in enumerate(paras[k].zh)
             for m in re.finditer(r"[》”]", t)]
    if not sites:
        return None
    k, s, m = rng.choice(sites)
    text = paras[k].zh[s]
    paras[k].zh[s] = text[:m.start()] + text[m.end():]
    _mark(used, k)
    return Fault("punctuation", f"{m.group(0)} dropped", [("zh", _around(paras[k].zh[s], m.start(), m.start()))],
                 [("zh", _around(text, m.start(), m.end()))], m.group(0))


NUMBER_SUBKINDS = ("digits", "Chinese numeral", "万/亿 amount", "count word", "ordinal")


def inject(kind: str, paras: list[Para], rng: random.Random, per_doc: int, terms, names) -> list[Fault]:
    used: set[int] = set()
    faults = []
    for n in range(per_doc * (2 if kind == "number" else 1)):
        if kind == "number":
            # Every sub-kind in turn, so the rare ones (万/亿, count words) get their share.
            f = None
            for sub in NUMBER_SUBKINDS[n % 5:] + NUMBER_SUBKINDS[:n % 5]:
                f = _number_fault(paras, rng, used, sub)
                if f:
                    break
        elif kind == "symbol":
            f = _symbol_fault(paras, rng, used)
        elif kind == "omission":
            f = _omission_fault(paras, rng, used)
        elif kind == "untranslated":
            f = _untranslated_fault(paras, rng, used)
        elif kind == "swap":
            f = _swap_fault(paras, rng, used)
        elif kind == "term":
            f = _term_fault(paras, rng, used, terms)
        elif kind == "inconsistent":
            f = _inconsistent_fault(paras, rng, used)
        elif kind == "name":
            f = _name_fault(paras, rng, used, names)
        else:
            f = _punctuation_fault(paras, rng, used)
        if f:
            faults.append(f)
    return faults


# ---------------------------------------------------------------- the pipeline and the verdicts


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def holders(alignment: Alignment, where: list[tuple[str, str]]) -> list[Bead]:
    """The beads holding these places: the sentence beads whose text contains them (else the
    paragraph beads), with their paragraph beads."""
    by_id = {b.id: b for b in alignment.beads}
    out: dict[str, Bead] = {}
    for lang, text in where:
        needle = _squash(text)
        assert len(needle) >= 4, f"no place to look for: {where}"
        found = [b for b in alignment.beads if b.level == "sentence"
                 and needle in _squash(b.zh_text if lang == "zh" else b.en_text)]
        if not found:
            found = [b for b in alignment.beads if b.level == "paragraph"
                     and needle in _squash(b.zh_text if lang == "zh" else b.en_text)]
        if not found and len(needle) > 12:  # split by the segmenter: the beads holding either half
            half = len(needle) // 2
            found = [b for b in alignment.beads for part in (needle[:half], needle[half:])
                     if part in _squash(b.zh_text if lang == "zh" else b.en_text)]
        for b in found:
            out[b.id] = b
            if b.parent in by_id:
                out[b.parent] = by_id[b.parent]
    return list(out.values())


def new_flags(damaged: Alignment, clean: Alignment, fault: Fault) -> list[tuple[str, str]]:
    before = {(f.code, f.reason) for b in holders(clean, fault.clean) for f in b.flags}
    return [(f.code, f.reason) for b in holders(damaged, fault.where) for f in b.flags
            if (f.code, f.reason) not in before]


def pipeline(paras: list[Para], workdir: Path, name: str, terms) -> Alignment:
    from align.pipeline.pair import align_files

    zh, en = render(paras)
    folder = workdir / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "zh.txt").write_text(zh, encoding="utf-8")
    (folder / "en.txt").write_text(en, encoding="utf-8")
    result = align_files(folder / "zh.txt", folder / "en.txt", folder / "out", force=True, progress=False,
                         terms=terms)
    return result.alignment


@dataclass
class Tally:
    injected: int = 0
    caught: int = 0
    named: int = 0
    by_sub: Counter = field(default_factory=Counter)
    caught_by_sub: Counter = field(default_factory=Counter)
    other_flags: Counter = field(default_factory=Counter)  # what flagged the missed ones instead


def reference_terms(workdir: Path):
    """The UN system names the project ships, as an approved reference glossary in TBX, read back
    as `bitext check --glossary FILE.tbx` reads it."""

    from glossary.check_terms import load_terms
    from glossary.export import write_tbx
    from glossary.lexicon import un_system
    from glossary.model import Entry

    entries = [Entry(n.zh, n.en, n.kind if n.kind in ("body", "programme", "instrument", "title") else "concept",
                     list(n.zh_variants), list(n.en_variants), status="approved") for n in un_system()]
    tbx = write_tbx(entries, workdir / "reference.tbx", force=True, title="UN system names (reference)")
    return load_terms(tbx), len(entries)


def run(n_docs: int, per_doc: int, seed: int, show_misses: bool, kinds: list[str], show_alarms: str = ""):
    from align.quality.names import load_names

    console = Console(width=200)
    workdir = Path(tempfile.mkdtemp(prefix="bitext-faults-"))
    terms, n_terms = reference_terms(workdir)
    names = load_names()
    docs = make_documents(n_docs, seed=2012, harm=0, chapters=True, citations=0.25, repeats=6)
    rng = random.Random(seed)
    tallies = {k: Tally() for k in kinds}
    alarms: Counter = Counter()
    clean_beads = 0
    examples: dict[str, list[str]] = {}
    for d, doc in enumerate(docs):
        paras = parse(doc)
        clean = pipeline(paras, workdir, f"doc{d}-clean", terms)
        clean_beads += len(clean.beads)
        for b in clean.beads:
            for code in {f.code for f in b.flags}:
                alarms[code] += 1
                if code in show_alarms.split(","):
                    console.print(f"[yellow]alarm[/yellow] doc {d} {b.id} " + " | ".join(
                        f.reason for f in b.flags if f.code == code), highlight=False)
                    console.print(f"    zh: {b.zh_text[:300]}\n    en: {b.en_text[:400]}", markup=False)
        for kind in kinds:
            damaged_paras = copy.deepcopy(paras)
            faults = inject(kind, damaged_paras, rng, per_doc, terms, names)
            if not faults:
                continue
            damaged = pipeline(damaged_paras, workdir, f"doc{d}-{kind}", terms)
            t = tallies[kind]
            for fault in faults:
                new = new_flags(damaged, clean, fault)
                hit = [r for c, r in new if c in KINDS[kind]]
                t.injected += 1
                t.by_sub[fault.sub] += 1
                if hit:
                    t.caught += 1
                    t.caught_by_sub[fault.sub] += 1
                    if fault.named and any(fault.named in r for r in hit):
                        t.named += 1
                    examples.setdefault(kind, []).append(f"{fault.what}: {hit[0]}")
                else:
                    t.other_flags.update({c for c, _ in new} or {"(none)"})
                    if show_misses:
                        console.print(f"[red]missed[/red] {kind} ({fault.sub}) in doc {d}: {fault.what}")
                        for b in holders(damaged, fault.where):
                            console.print(f"  {b.id} {b.kind} {b.score:.2f} {[(f.code, f.reason) for f in b.flags]}\n"
                                          f"    zh: {b.zh_text[:200]}\n    en: {b.en_text[:200]}", markup=False)
        console.print(f"document {d + 1}/{len(docs)}: " + ", ".join(
            f"{k} {t.caught}/{t.injected}" for k, t in tallies.items()), highlight=False)
    return tallies, alarms, clean_beads, examples, n_terms, len(docs)


def tables(tallies, alarms, clean_beads, seconds, seed, n_terms, n_docs) -> list[Table]:
    t = Table(title=f"Faults in UN documents, found through segment -> align -> check "
                    f"({n_docs} documents, seed {seed}, {seconds:.0f} s)", header_style="bold")
    for col in ("fault", "injected", "caught", "recall", "by sub-kind (caught/injected)", "missed ones flagged as"):
        t.add_column(col, justify="right" if col in ("injected", "caught", "recall") else "left")
    for kind, r in tallies.items():
        subs = ", ".join(f"{s} {r.caught_by_sub[s]}/{n}" for s, n in sorted(r.by_sub.items())) \
            if len(r.by_sub) > 1 and kind not in ("term",) else ""
        if kind == "omission" and r.caught:
            subs += f"; the reason names the English sentence in {r.named}/{r.caught}"
        missed = ", ".join(f"{c} {n}" for c, n in r.other_flags.most_common(4))
        t.add_row(kind, str(r.injected), str(r.caught), f"{r.caught / max(1, r.injected):.3f}", subs, missed)
    fa = Table(title=f"False alarms on the clean runs ({clean_beads} beads, paragraph and sentence)",
               header_style="bold")
    for col in ("flag", "clean beads flagged", "share"):
        fa.add_column(col, justify="left" if col == "flag" else "right")
    for code in ALARM_CODES:
        fa.add_row(code, str(alarms[code]), f"{alarms[code] / max(1, clean_beads):.2%}")
    fa.caption = (f"reference glossary: {n_terms} approved UN system names (align/data/un_names.tsv) "
                  "imported from TBX")
    return [t, fa]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20, help="synthetic UN documents (at most 20)")
    ap.add_argument("--per-doc", type=int, default=6, help="faults of each kind per document (numbers: twice)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated fault kinds")
    ap.add_argument("--show-misses", action="store_true", help="print the beads of every fault not caught")
    ap.add_argument("--show-alarms", default="", metavar="FLAG,...", help="print the clean beads with these flags")
    ap.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/fault_injection.txt")
    args = ap.parse_args()
    start = time.time()
    kinds = [k for k in args.kinds.split(",") if k]
    tallies, alarms, clean_beads, examples, n_terms, n_docs = run(args.docs, args.per_doc, args.seed,
                                                                   args.show_misses, kinds, args.show_alarms)
    tabs = tables(tallies, alarms, clean_beads, time.time() - start, args.seed, n_terms, n_docs)
    console = Console(width=160)
    file_console = Console(record=True, width=160, file=open("/dev/null", "w"))  # noqa: SIM115
    for tab in tabs:
        console.print(tab)
        file_console.print(tab)
    for kind, lines in examples.items():
        text = f"{kind}, e.g. {lines[0]}"
        console.print(text, markup=False, highlight=False)
        file_console.print(text, markup=False, highlight=False)
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(file_console.export_text(), encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
