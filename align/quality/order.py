"""Paragraphs in another order: the Chinese of one paragraph bead translates the English of a
neighbouring one.

An aligner keeps the order of both documents, so two paragraphs whose text was swapped (pasted in
the wrong place, their numbers left where they were) come out either as two wrong pairs, 5 with 5
and 6 with 6, or as one-sided beads around a right pair. Both show the same way when each paragraph's
text is compared with its neighbours': the Chinese reads like the English a few beads away much more
than like its own English (or than nothing, for a one-sided bead).
"""

from __future__ import annotations

import numpy as np

from align.aligner.scoring import char_count
from align.model import Bead, Flag
from align.quality.joined import side_parts, summed_parts

REACH = 3  # beads either side
GAP = 0.15  # the neighbour's English must be this much closer than the bead's own English ...
FLOOR = 0.5  # ... and this close in absolute terms
SENTENCE_REACH = 12  # one-sided sentence beads this far apart can be each other's translation ...
SENTENCE_FLOOR = 0.6  # ... when they are this similar


def _long_enough(text: str, lang: str) -> bool:
    return char_count(text) >= 10 if lang == "zh" else len(text.split()) >= 5


def check_order(beads: list[Bead], encoder, parts: dict[str, dict[str, list[str]] | None] | None = None,
                ) -> dict[str, Flag]:
    """bead id -> its `order` flag, for the beads of an alignment (in order) that are out of place.
    `parts` (joined.sentence_parts of each document, exact or not) lets paragraphs be read from their
    sentences."""
    paragraphs = [b for b in beads if b.level == "paragraph"]
    flags = _paragraph_order(paragraphs, encoder, parts or {})
    for bid, flag in _sentence_order([b for b in beads if b.level == "sentence"], encoder).items():
        flags.setdefault(bid, flag)
    return flags


def _sentence_order(sentences: list[Bead], encoder) -> dict[str, Flag]:
    """Two paragraphs swapped inside one paragraph bead (the aligner joined them 2-2) leave, at the
    sentence level, an English sentence with no Chinese and, further on, a Chinese sentence with no
    English that translates it."""
    zi = [k for k, b in enumerate(sentences) if b.zh and not b.en and _long_enough(b.zh_text, "zh")]
    ei = [k for k, b in enumerate(sentences) if b.en and not b.zh and _long_enough(b.en_text, "en")]
    if not zi or not ei:
        return {}
    vecs = encoder.encode([sentences[k].zh_text for k in zi] + [sentences[k].en_text for k in ei])
    flags: dict[str, Flag] = {}
    for n, k in enumerate(zi):
        near = [(m, j) for m, j in enumerate(ei) if abs(j - k) <= SENTENCE_REACH]
        if not near:
            continue
        sims = [float(vecs[n] @ vecs[len(zi) + m]) for m, _ in near]
        best = max(range(len(near)), key=lambda x: sims[x])
        j, s = near[best][1], sims[best]
        if s < SENTENCE_FLOOR:
            continue
        x, y = sentences[k], sentences[j]
        where = "earlier" if j < k else "later"
        reason = (f"this Chinese sentence has no English here, but translates the English of {y.id} ({y.paragraph}), "
                  f"{where} (similarity {s:.2f}): paragraphs or sentences in another order?")
        flags.setdefault(x.id, Flag("order", reason))
        flags.setdefault(y.id, Flag("order", f"this English sentence has no Chinese here, but the Chinese of "
                                             f"{x.id} ({x.paragraph}) translates it: paragraphs or sentences in "
                                             "another order?"))
        for b in (x, y):  # the paragraph beads that hold them say so too
            if b.parent:
                flags.setdefault(b.parent, Flag("order", reason))
    return flags


def _paragraph_order(paragraphs: list[Bead], encoder, parts: dict[str, dict[str, list[str]] | None],
                     ) -> dict[str, Flag]:
    zi = [k for k, b in enumerate(paragraphs) if b.zh and _long_enough(b.zh_text, "zh")]
    ei = [k for k, b in enumerate(paragraphs) if b.en and _long_enough(b.en_text, "en")]
    if not zi or not ei:
        return {}
    # Summed sentence vectors need no exact join: a paragraph whose text puts a space after 。 is
    # read from its sentences too, not embedded whole (a 35,000-character line doubled the memory).
    vecs = summed_parts(encoder, [side_parts(paragraphs[k], "zh", parts.get("zh"), exact=False) for k in zi]
                       + [side_parts(paragraphs[k], "en", parts.get("en"), exact=False) for k in ei])
    zv = {k: vecs[n] for n, k in enumerate(zi)}
    ev = {k: vecs[len(zi) + n] for n, k in enumerate(ei)}
    flags: dict[str, Flag] = {}
    for k, z in zv.items():
        own = float(z @ ev[k]) if k in ev else -1.0
        near = [j for j in range(max(0, k - REACH), min(len(paragraphs), k + REACH + 1)) if j != k and j in ev]
        if not near:
            continue
        sims = np.array([float(z @ ev[j]) for j in near])
        best = int(np.argmax(sims))
        j, s = near[best], float(sims[best])
        if s < FLOOR or s < own + GAP:
            continue
        x, y = paragraphs[k], paragraphs[j]
        where = "earlier" if j < k else "later"
        flags.setdefault(x.id, Flag("order", (
            f"this Chinese translates the English of {y.id} ({y.paragraph}), {abs(j - k)} bead"
            f"{'s' if abs(j - k) > 1 else ''} {where} (similarity {s:.2f}, with its own English "
            + (f"{own:.2f}" if own > -1 else "none") + "): paragraphs in another order?")))
        flags.setdefault(y.id, Flag("order", (
            f"this English is translated by the Chinese of {x.id} ({x.paragraph}), {abs(j - k)} bead"
            f"{'s' if abs(j - k) > 1 else ''} {'later' if j < k else 'earlier'}: paragraphs in another order?")))
    return flags
