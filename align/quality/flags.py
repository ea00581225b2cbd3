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
}


def is_reviewed(bead: Bead) -> bool:
    """A person has decided this bead (`bitext review apply`): the checks leave it alone."""
    return any(f.code == REVIEWED for f in bead.flags)


# How much a flag weighs when picking the worst beads.
SEVERITY = {"omission": 3, "number": 3, "symbol": 3, "untranslated": 3, "label": 2, "length": 2, "footnote": 1,
            "merge": 1, "low_score": 1}
