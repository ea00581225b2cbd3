"""Consistency: the same source translated differently, different sources translated the same.

English is the original of UN documents, so a *source* group is one English segment with several
Chinese translations, and a *target* group one Chinese segment standing for several different
English ones (a translator pasted a sentence where another was meant, or a memory match was taken
without reading it). Segments are the units a translation memory holds: sentence beads, and
paragraph beads that have none. They are compared after folding what does not change the meaning
(white space, case, full-width forms, a final full stop). Groups are found within one alignment
and across many (`bitext check A.jsonl B.jsonl`, `bitext check --tmx corpus.tmx`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from align.model import Alignment, Bead, Flag
from align.quality.flags import is_reviewed

CODE = "inconsistent"
# What a segment's end may have that does not count: white space (no more than plain spaces are
# left of it by then), full stops, colons, commas, closing quotation marks and brackets.
_TRAILING = " \t\n\r\x0b\x0c.。;；:：,，!！?？\"“”'’)）"
_SUPERSCRIPT = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")


def _key(text: str, lang: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", _SUPERSCRIPT.sub("", text))
    if lang == "zh":
        text = "".join(text.split())  # no white space at all
    else:
        text = " ".join(text.casefold().split()).replace("“", '"').replace("”", '"').replace("’", "'")
    return text.strip().rstrip(_TRAILING)


def _worth_comparing(en: str, zh: str) -> bool:
    """Real text on both sides: two English words and four Chinese characters at least (a bare
    number, label or symbol is no translation choice)."""
    return _TWO_WORDS.search(en) is not None and _FOUR_CJK.match(zh) is not None


# Two runs of two or more letters; four Chinese characters (patterns that stop at the second run, the fourth character).
_TWO_WORDS = re.compile(r"[A-Za-z]{2,}[^A-Za-z].*?[A-Za-z]{2}", re.DOTALL)
_FOUR_CJK = re.compile(r"(?:[^\u3400-\u9fff]*[\u3400-\u9fff]){4}")


def leaf_units(beads: list[Bead]) -> list[Bead]:
    """The segments a translation memory would hold: sentence beads, and the paragraph beads
    that have no sentence beads; two-sided only."""
    parents = {b.parent for b in beads if b.parent}
    return [b for b in beads if b.zh and b.en and (b.level == "sentence" or b.id not in parents)]


@dataclass
class Place:
    document: str
    bead: str
    paragraph: str | None

    def describe(self, here: str | None = None) -> str:
        where = f"{self.bead} ({self.paragraph})" if self.paragraph else self.bead
        return where if self.document == here else f"{self.document} {where}"


@dataclass
class Group:
    kind: str  # "source": one English, several Chinese; "target": one Chinese, several English
    text: str  # the shared side, as printed where first seen
    variants: list[tuple[str, list[Place]]] = field(default_factory=list)  # the other side's versions

    @property
    def occurrences(self) -> int:
        return sum(len(p) for _, p in self.variants)


def find_groups(alignments: list[Alignment]) -> list[Group]:
    """Every source and target group over these alignments, largest first, each listed once."""
    units_of = [(document, b) for a, document in ((a, a.document) for a in alignments) for b in leaf_units(a.beads)]
    keys = [(_key(b.en_text, "en"), _key(b.zh_text, "zh")) if _worth_comparing(b.en_text, b.zh_text) else None
            for _, b in units_of]
    by_en: dict[str, set[str]] = {}
    by_zh: dict[str, set[str]] = {}
    for k in keys:
        if k is not None:
            by_en.setdefault(k[0], set()).add(k[1])
            by_zh.setdefault(k[1], set()).add(k[0])
    # Only keys with more than one version make a group: collect their places.
    wanted = {("en", k) for k, v in by_en.items() if len(v) > 1} | {("zh", k) for k, v in by_zh.items() if len(v) > 1}
    if not wanted:
        return []
    tables: dict[tuple[str, str], dict[str, tuple[str, list[Place]]]] = {}
    shown: dict[tuple[str, str], str] = {}
    for (document, b), k in zip(units_of, keys):
        if k is None:
            continue
        ek, zk = k
        for lang, key, other_key, other_text, text in (("en", ek, zk, b.zh_text, b.en_text),
                                                       ("zh", zk, ek, b.en_text, b.zh_text)):
            if (lang, key) in wanted:
                shown.setdefault((lang, key), text)
                table = tables.setdefault((lang, key), {})
                table.setdefault(other_key, (other_text, []))[1].append(Place(document, b.id, b.paragraph))
    groups = [Group("source" if lang == "en" else "target", shown[(lang, key)], list(table.values()))
              for (lang, key), table in tables.items()]
    groups.sort(key=lambda g: (-g.occurrences, g.kind, g.text))
    return groups


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def flag_groups(alignments: list[Alignment], groups: list[Group]) -> int:
    """Put an `inconsistent` flag on every bead of every group, naming the other versions and where
    they are. Returns how many beads were flagged."""
    beads = {(a.document, b.id): b for a in alignments for b in a.beads}
    flagged = 0
    for g in groups:
        for k, (text, places) in enumerate(g.variants):
            others = [(t, p) for j, (t, p) in enumerate(g.variants) if j != k]
            other_text, other_places = others[0]
            here = places[0].document
            where = ", ".join(p.describe(here) for p in other_places[:3]) + (" …" if len(other_places) > 3 else "")
            more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
            if g.kind == "source":
                reason = (f"the same English is translated {len(g.variants)} ways: here “{_short(text)}”, "
                          f"in {where} “{_short(other_text)}”{more}")
            else:
                reason = (f"the same Chinese translates {len(g.variants)} different English segments: here "
                          f"“{_short(text)}”, in {where} “{_short(other_text)}”{more}")
            for p in places:
                b = beads.get((p.document, p.bead))
                if b is not None and not is_reviewed(b) and not any(f.code == CODE and f.reason == reason
                                                                    for f in b.flags):
                    b.flags.append(Flag(CODE, reason))
                    flagged += 1
    return flagged


def groups_to_dicts(groups: list[Group]) -> list[dict]:
    """The groups as `bitext check --json` prints them."""
    return [{"kind": g.kind, "text": g.text,
             "variants": [{"text": text, "places": [{"document": p.document, "bead": p.bead, "paragraph": p.paragraph}
                                                    for p in places]} for text, places in g.variants]}
            for g in groups]
