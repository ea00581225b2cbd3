"""The terms `bitext check --glossary` checks a translation against, from a glossary database or a
TBX file (a reference termbase a terminologist imported or exported).

- glossary.sqlite: the approved entries, with their variants (what a terminologist has confirmed;
  candidates a build proposed are no yardstick for a translator);
- TBX: every entry (an imported reference is approved by whoever made it); an entry marked
  deprecated, or a single term of an entry marked deprecated or superseded, becomes a forbidden
  term: using it is a finding, and the reason names the approved term instead.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from align.errors import InputError
from align.files import check_input_file
from align.quality.terms import APPROVED, FORBIDDEN, Term
from glossary.export import XML_LANG, read_tbx
from glossary.store import Store

_DEPRECATED = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated", "superseded", "forbidden"}


def load_terms(path: str | Path) -> list[Term]:
    """Approved and forbidden terms from a glossary.sqlite or a .tbx file."""
    p = check_input_file(path)
    with open(p, "rb") as f:
        start = f.read(16)
    if start.startswith(b"SQLite format 3"):
        return _from_store(p)
    if p.suffix.lower() == ".tbx" or start.lstrip().startswith(b"<"):
        return _from_tbx(p)
    raise InputError("not a glossary: give a glossary.sqlite (bitext glossary build) or a .tbx file", p)


def _from_store(p: Path) -> list[Term]:
    with Store.open(p) as store:
        entries = store.entries(status="approved")
    if not entries:
        raise InputError("the glossary has no approved entries to check against; approve some first: "
                         f"bitext glossary approve TERM --db {p}", p)
    return [Term(tuple(e.terms("zh")), tuple(e.terms("en")), APPROVED, p.name, e.kind, e.note) for e in entries]


def _deprecated_terms(p: Path) -> list[dict[str, set[str]]]:
    """Per termEntry, in file order: the terms of each language marked deprecated or superseded."""
    root = etree.parse(str(p), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    out = []
    for te in root.iter("termEntry"):
        marked: dict[str, set[str]] = {"zh": set(), "en": set()}
        for ls in te.iter("langSet"):
            lang = (ls.get(XML_LANG) or "").split("-")[0].lower()
            for tig in ls.iter("tig"):
                status = {(n.text or "").strip() for n in tig.iter("termNote")
                          if n.get("type") in ("administrativeStatus", "normativeAuthorization")}
                if status & _DEPRECATED and lang in marked:
                    marked[lang].add(tig.findtext("term") or "")
        out.append(marked)
    return out


def _from_tbx(p: Path) -> list[Term]:
    entries = read_tbx(p)
    marks = _deprecated_terms(p)
    terms = []
    for e, marked in zip(entries, marks, strict=True):
        if e.status == "rejected":  # the whole entry is deprecated
            terms.append(Term(tuple(e.terms("zh")), tuple(e.terms("en")), FORBIDDEN, p.name, e.kind, e.note))
            continue
        zh = tuple(t for t in e.terms("zh") if t not in marked["zh"])
        en = tuple(t for t in e.terms("en") if t not in marked["en"])
        if zh and en:
            terms.append(Term(zh, en, APPROVED, p.name, e.kind, e.note))
        if marked["en"]:
            terms.append(Term((), tuple(sorted(marked["en"])), FORBIDDEN, p.name, e.kind, use=en))
        if marked["zh"]:
            terms.append(Term(tuple(sorted(marked["zh"])), (), FORBIDDEN, p.name, e.kind, use=zh))
    if not terms:
        raise InputError("the TBX file has no entries with a Chinese and an English term", p)
    return terms
