"""Make `glossary/data/unbis_thesaurus.tsv` and `un_terms.tsv` from the UN term lists in the shared
data folder.

    python -m glossary.seedterms ../shared

Reads the UNBIS Thesaurus descriptors (gold/unbis_thesaurus/unbis_6lang.tsv: ar, zh, en, fr, ru,
es), the UNBIS category labels (data/unbis_categories/unbis_categories_zh_en.tsv) and the SDG
texts (data/sdg_goals_targets_indicators/sdg_zh_en_aligned.tsv). From the SDG texts it keeps the
goal names and the Chinese phrases that recur in the targets and indicators (可持续发展目标,
粮食安全 ...), which go into jieba's dictionary without an English side.

The scrape of the thesaurus lower-cased its English; `unbis_thesaurus.tsv` gives it back its
capitals where English always writes them: a word is capitalised when the bundled English UN texts
(corpora/) write it so inside sentences, or when it is part of a place name (align/data/un_names.tsv):
"georgian language" -> "Georgian language", "united nations protected areas" -> "United Nations
protected areas". The scraped form is kept beside it.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from glossary.candidates.zh import EDGE_STOP, INSIDE_STOP, is_noise, is_word

# Single function words that may stand next to a phrase without being part of it.
_PARTICLES = frozenset("的 和 与 及 或 并 在 对 为 以 从 于 由 将 把 被 向 给 使 其 各 等 了 之 中".split())
_VERBS = frozenset("加强 消除 促进 确保 实现 提供 支持 采取 制定 执行 建立 减少 增加 造成".split())
_PUNCT = re.compile(r"[，。、；：,.;:()（）\s\"“”]")


def unbis_descriptors(shared: Path) -> list[tuple[str, str, str]]:
    out = []
    with open(shared / "gold/unbis_thesaurus/unbis_6lang.tsv", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3 and cols[1].strip() and cols[2].strip():
                out.append((cols[1].strip(), cols[2].strip(), "unbis"))
    return out


def unbis_categories(shared: Path) -> list[tuple[str, str, str]]:
    with open(shared / "data/unbis_categories/unbis_categories_zh_en.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(r["zh"].strip(), r["en"].strip(), "unbis-category") for r in rows
            if r["zh"].strip() and not _PUNCT.search(r["zh"].strip())]


def sdg_terms(shared: Path, min_count: int = 3) -> list[tuple[str, str, str]]:
    import jieba

    with open(shared / "data/sdg_goals_targets_indicators/sdg_zh_en_aligned.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = [(r["zh"], r["en"], "sdg-goal") for r in rows if r["level"] == "goals" and r["id"].endswith("-short")
           and not _PUNCT.search(r["zh"])]
    counts: Counter[str] = Counter()
    clean: Counter[str] = Counter()  # occurrences with a clean boundary on both sides
    for r in rows:
        for chunk in _PUNCT.split(r["zh"]):
            tokens = jieba.lcut(chunk)
            for i in range(len(tokens)):
                for j in range(i + 2, min(len(tokens), i + 4) + 1):
                    gram = tokens[i:j]
                    if (not all(is_word(t) and len(t) > 1 for t in gram) or gram[0] in EDGE_STOP
                            or gram[-1] in EDGE_STOP or any(t in INSIDE_STOP for t in gram)):
                        continue
                    term = "".join(gram)
                    if not 4 <= len(term) <= 10 or is_noise(term):
                        continue
                    counts[term] += 1
                    left = tokens[i - 1] if i else ""
                    right = tokens[j] if j < len(tokens) else ""
                    if gram[0] in _VERBS or gram[-1] in _VERBS:
                        continue
                    if (not left or left in _PARTICLES) and (not right or right in _PARTICLES):
                        clean[term] += 1
    # A phrase is kept when it recurs and usually stands on its own between function words or
    # punctuation (可持续发展目标, not 持续发展目标).
    kept = {t for t, c in counts.items() if c >= min_count and clean[t] * 2 >= c}
    known = {zh for zh, _, _ in out}
    out += [(t, "", "sdg-phrase") for t in sorted(kept - known)]
    return out


_CORPORA = Path(__file__).resolve().parent.parent / "corpora"
_PEOPLES = frozenset("english french spanish russian arabic arab chinese jewish latin german portuguese italian "
                     "japanese turkish georgian african asian european american islamic christian muslim".split())
_ACRONYMS = {"aids": "AIDS", "hiv": "HIV", "ngos": "NGOs", "gdp": "GDP"}
_WORDS = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def capitals() -> set[str]:
    """Lower-cased words that English writes with a capital inside a sentence: those the bundled
    UN texts nearly always write capitalised (nine times in ten, at least three times) and that
    are no common English word (CC-CEDICT's glosses): Internet, not Security or Board, which are
    capitalised in names; and the adjectives of languages and peoples (African, Islamic)."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for path in (_CORPORA / "unpc_devset" / "UNv1.0.devset.en", _CORPORA / "un_charter" / "en.txt",
                 _CORPORA / "udhr" / "en.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[.;:!?])\s+", line):
                for w in _WORDS.findall(sentence)[1:]:  # the first word of a sentence says nothing
                    (upper if w[0].isupper() and not w.isupper() else lower)[w.lower()] += 1
    from align.cedict import english_words

    common = english_words()  # Executive, Board, College: capitalised in names, common words all the same
    out = {w for w, n in upper.items() if n >= 3 and n >= 9 * lower[w] and "'" not in w and w not in common}
    out |= _PEOPLES
    return out - {"a", "an", "and", "the", "of", "in", "on", "for", "to", "by", "with", "or"}


def _place_phrases() -> list[tuple[re.Pattern, str]]:
    from glossary.lexicon import places

    names = sorted({row["en"] for row in places() if row["en"][:1].isupper()}, key=len, reverse=True)
    return [(re.compile(r"(?<![A-Za-z])" + re.escape(n) + r"(?![A-Za-z])", re.IGNORECASE), n) for n in names]


def restore_case(en: str, caps: set[str], phrases: list[tuple[re.Pattern, str]] | None = None) -> str:
    """"united nations protected areas" -> "United Nations protected areas", "refugees from
    timor-leste" -> "refugees from Timor-Leste" (place names whole, as the list writes them)."""
    out = _WORDS.sub(lambda m: _ACRONYMS.get(m.group(0)) or (
        m.group(0)[:1].upper() + m.group(0)[1:] if m.group(0) in caps else m.group(0)), en)
    for pattern, name in phrases or ():
        out = pattern.sub(name, out)
    return out


def main(argv: list[str]) -> None:
    shared = Path(argv[0] if argv else "../shared")
    data = Path(__file__).resolve().parent / "data"
    caps = capitals()
    phrases = _place_phrases()
    thesaurus = data / "unbis_thesaurus.tsv"
    seen = set()
    with open(thesaurus, "w", encoding="utf-8", newline="\n") as f:
        f.write("# UNBIS Thesaurus descriptors, Chinese and English (made by python -m glossary.seedterms; see "
                "PROVENANCE.md)\nzh\ten\ten_scraped\n")
        for zh, en, _ in unbis_descriptors(shared):
            if (zh, en) not in seen:
                seen.add((zh, en))
                f.write(f"{zh}\t{restore_case(en, caps, phrases)}\t{en}\n")
    print(f"{len(seen)} rows written to {thesaurus}")
    rows = unbis_categories(shared) + sdg_terms(shared)
    seen = set()
    target = data / "un_terms.tsv"
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        f.write("zh\ten\tsource\n")
        for zh, en, source in rows:
            if (zh, en) in seen:
                continue
            seen.add((zh, en))
            f.write(f"{zh}\t{en}\t{source}\n")
    print(f"{len(seen)} rows written to {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
