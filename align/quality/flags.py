"""The flags the quality checks put on beads: their stable codes (pipelines name them in
`--fail-on`), what each means, and how much each weighs when picking the beads to look at first."""

from __future__ import annotations

from align.model import REVIEWED, Bead

# Flag codes, stable: pipelines name them in --fail-on.
FLAGS: dict[str, str] = {
    "number": "a number on one side is missing from the other (2.45 亿 = 245 million, 90% = 90 per cent)",
    "symbol": "a document symbol or resolution number on one side is missing from the other",
    "label": "paragraph numbers or item labels differ between the two sides",
    "length": "one side is unusually long or short for the other (robust z-score, calibrated per document)",
    "low_score": "the aligner is not confident of this bead",
    "omission": "text on one side has no counterpart (1-0, 0-1, or a sentence swallowed into a neighbour's bead)",
    "merge": "paragraphs joined unevenly (2-1), three or more sentences on one side, or two or more on both",
    "untranslated": "the same Latin-script text on both sides, or Chinese left in the English",
    "footnote": "footnote markers differ between the two sides",
    "term": "a glossary term on one side without its approved equivalent on the other, or a forbidden term used",
    "inconsistent": "the same English translated differently, or the same Chinese for different English",
    "name": "the countries or UN bodies named differ between the two sides (乌干达 where the English says Kenya)",
    "punctuation": "title marks, quotation marks or brackets opened and not closed on one side only",
    "order": "the Chinese of a paragraph translates the English of a neighbouring one: paragraphs in another order",
}


def is_reviewed(bead: Bead) -> bool:
    """A person has decided this bead (`bitext review apply`): the checks leave it alone."""
    return any(f.code == REVIEWED for f in bead.flags)


# How much a flag weighs when picking the worst beads.
SEVERITY = {"omission": 3, "number": 3, "symbol": 3, "untranslated": 3, "order": 3, "name": 3, "term": 2,
            "label": 2, "length": 2, "inconsistent": 2, "footnote": 1, "punctuation": 1, "merge": 1, "low_score": 1}
