"""What the glossary is made of: aligned units it learns from, entries, and their contexts."""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.kinds import KINDS

__all__ = ["KINDS", "STATUSES", "MIN_SCORE", "Unit", "Context", "Entry"]
STATUSES = ("candidate", "approved", "rejected")
# `annotate` leaves out unapproved entries scoring below this: below it, pairs are mostly everyday words.
MIN_SCORE = 1.5


@dataclass
class Unit:
    """One aligned sentence (or paragraph) pair, with where it comes from."""

    document: str
    paragraph: str | None
    bead: str
    zh: str
    en: str
    id: int | None = None  # row id in the store


@dataclass
class Context:
    document: str
    paragraph: str | None
    zh: str
    en: str


@dataclass
class Entry:
    """A Chinese term and its English equivalent, with variants on both sides (short forms,
    acronyms, singular/plural), how often the pair was found linked, a terminologist's verdict and
    note, and the reference termbases it comes from."""

    zh: str
    en: str
    kind: str = "concept"
    zh_variants: list[str] = field(default_factory=list)
    en_variants: list[str] = field(default_factory=list)
    frequency: int = 0
    score: float = 0.0
    status: str = "candidate"
    note: str = ""
    contexts: list[Context] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # ids of the units that are its contexts
    id: int | None = None
    source: str = ""  # the reference termbases it was imported from ("UNTERM; UNBIS Thesaurus"), if any
    origin: str = "build"  # "build": learnt from aligned texts; "import": brought by a reference
    deprecated: list[str] = field(default_factory=list)  # terms (either language) a reference marks deprecated

    def terms(self, lang: str) -> list[str]:
        return [self.zh, *self.zh_variants] if lang == "zh" else [self.en, *self.en_variants]
