"""The one data model every step shares.

A `Document` is what segmentation makes of one file; an `Alignment` is what the aligner makes of
two documents. Everything after alignment (TMX, quality checks, glossary, report) reads and
enriches these objects, never dicts, so ids and texts cannot drift apart between steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["zh", "en"] | str
BlockKind = Literal["heading", "paragraph", "item", "text"]
BeadLevel = Literal["paragraph", "sentence"]


@dataclass
class Sentence:
    id: str  # block id + ".s<n>", e.g. "p24.s2"
    text: str


@dataclass
class Block:
    """One structural unit of a UN document: a heading, a numbered paragraph, a lettered item,
    or unnumbered text. `id` carries the UN structure (p24, p12.a, h3, h3.B, b0017) because
    translators cite paragraphs by number."""

    id: str
    kind: BlockKind
    text: str
    level: int = 0  # headings: 1 chapter, 2 section, 3 sub-heading; paragraphs 0, items 1
    number: str | None = None  # "24", "3" (for 三/III), "B", "a"
    label: str | None = None  # the label as printed: "24.", "三.", "(a)", "第十七条"
    footnotes: list[int] = field(default_factory=list)  # footnote numbers cited in the block
    sentences: list[Sentence] = field(default_factory=list)
    part: str = "body"  # "body" or an annex part such as "annex1"
    ocr: bool = False  # read from a page image by OCR: the text needs review

    @property
    def paragraph_id(self) -> str:
        return self.id


@dataclass
class TocEntry:
    label: str | None
    title: str
    page: str | None


@dataclass
class Document:
    lang: str
    blocks: list[Block]
    meta: dict[str, Any] = field(default_factory=dict)
    toc: list[TocEntry] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    source: str | None = None  # path of the file it was read from

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    def sentences(self) -> list[Sentence]:
        return [s for b in self.blocks for s in b.sentences]

    @property
    def symbol(self) -> str | None:
        symbols = self.meta.get("symbols") or []
        return symbols[0] if symbols else None


# The flag a reviewer's "ok" puts on a bead: the checks leave it alone, TMX export keeps it.
REVIEWED = "reviewed"


@dataclass
class Flag:
    """A quality finding on a bead, with a reason a person can read."""

    code: str
    reason: str


@dataclass
class Bead:
    """Aligned units: zero or more Chinese ids against zero or more English ids.

    `score` is the aligner's confidence in [0, 1]. Sentence beads name the paragraph bead they sit
    in (`parent`), so a reviewer's correction to a paragraph bead can re-align its sentences."""

    id: str
    level: BeadLevel
    zh: list[str]
    en: list[str]
    zh_text: str
    en_text: str
    score: float = 1.0
    flags: list[Flag] = field(default_factory=list)
    parent: str | None = None

    @property
    def kind(self) -> str:
        """Bead type as aligners write it, e.g. "1-1", "2-1", "1-0"."""
        return f"{len(self.zh)}-{len(self.en)}"

    @property
    def is_omission(self) -> bool:
        return not self.zh or not self.en

    @property
    def paragraph(self) -> str | None:
        """The UN paragraph id this bead belongs to (p24, p12.a), taken from its ids."""
        ids = self.en or self.zh
        if not ids:
            return None
        first = ids[0]
        return first.rsplit(".s", 1)[0] if self.level == "sentence" else first

    def flag_codes(self) -> list[str]:
        return [f.code for f in self.flags]


@dataclass
class Alignment:
    """Two documents aligned: a header (what was aligned, how, when) and the beads."""

    header: dict[str, Any]
    beads: list[Bead]

    def paragraph_beads(self) -> list[Bead]:
        return [b for b in self.beads if b.level == "paragraph"]

    def sentence_beads(self) -> list[Bead]:
        return [b for b in self.beads if b.level == "sentence"]

    def children(self, bead_id: str) -> list[Bead]:
        return [b for b in self.beads if b.parent == bead_id]

    @property
    def document(self) -> str:
        """What TMX and glossary contexts cite: the English symbol, else the file name."""
        for side in ("en", "zh"):
            info = self.header.get(side) or {}
            if info.get("symbol"):
                return info["symbol"]
        for side in ("en", "zh"):
            info = self.header.get(side) or {}
            if info.get("path"):
                parts = str(info["path"]).replace("\\", "/").rsplit("/", 2)
                if parts[-1].split(".")[0] in ("zh", "en", "fr", "ru", "es", "ar"):
                    return "/".join(parts[-2:])  # corpora/udhr/en.txt -> udhr/en.txt, not a bare "en.txt"
                return parts[-1]
        return "unknown"
