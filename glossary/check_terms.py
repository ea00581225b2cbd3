"""The terms `bitext check --glossary` checks a translation against, from a glossary database or a
TBX file (a reference termbase a terminologist imported or exported).

- glossary.sqlite: the approved entries (approved by a terminologist, or imported from a reference
  with --status approved), with their variants; candidates a build proposed are no yardstick for a
  translator;
- TBX: every entry (a reference is approved by whoever made it).
A term an entry marks deprecated or superseded, or a whole TBX entry so marked, is a forbidden
term: using it is a finding, and the reason names the approved term instead.
"""

from __future__ import annotations

from pathlib import Path

from align.errors import InputError
from align.files import check_input_file
from align.quality.terms import APPROVED, FORBIDDEN, Term
from align.script import has_cjk
from glossary.export import read_tbx
from glossary.model import Entry
from glossary.store import Store


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
    return _terms(entries, p.name)


def _from_tbx(p: Path) -> list[Term]:
    entries = read_tbx(p)
    terms = [Term(tuple(e.terms("zh")), tuple(e.terms("en")), FORBIDDEN, p.name, e.kind, e.note)
             for e in entries if e.status == "rejected"]  # the whole entry is deprecated
    terms += _terms([e for e in entries if e.status != "rejected"], p.name)
    if not terms:
        raise InputError("the TBX file has no entries with a Chinese and an English term", p)
    return terms


def _terms(entries: list[Entry], source: str) -> list[Term]:
    """Each entry's usable terms as one approved Term; the terms it marks deprecated as forbidden
    ones, whose reason names the usable terms instead."""
    terms = []
    for e in entries:
        old = set(e.deprecated)
        zh = tuple(t for t in e.terms("zh") if t not in old)
        en = tuple(t for t in e.terms("en") if t not in old)
        if zh and en:
            terms.append(Term(zh, en, APPROVED, source, e.kind, e.note))
        old_en = tuple(sorted(t for t in old if not has_cjk(t)))
        old_zh = tuple(sorted(t for t in old if has_cjk(t)))
        if old_en:
            terms.append(Term((), old_en, FORBIDDEN, source, e.kind, use=en))
        if old_zh:
            terms.append(Term(old_zh, (), FORBIDDEN, source, e.kind, use=zh))
    return terms

