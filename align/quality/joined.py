"""Texts the checks embed that are joins of a document's sentences (a paragraph, a bead without one
of its sentences). The omission evidence embeds them from the sentences' pooled token features where
the encoder can (align.aligner.encoders.encode_joined): the vector of the joined text for a fraction
of the cost of embedding it again. The order check reads a paragraph as the aligner does, as the
sum of its sentences' vectors (`summed_parts`), which costs nothing more: on the fault-injection
benchmark the swapped paragraphs it finds and its false alarms are the same as with joined texts."""

from __future__ import annotations

import numpy as np

from align.aligner.encoders import encode_joined
from align.model import Bead, Document


def sentence_parts(doc: Document | None, exact: bool = True) -> dict[str, list[str]] | None:
    """Block ids -> the texts of their sentences, for blocks whose text is exactly those joined
    (`exact`), or for every block that has sentences (enough for summed vectors)."""
    if doc is None:
        return None
    sep = "" if doc.lang == "zh" else " "
    return {b.id: [s.text for s in b.sentences] for b in doc.blocks
            if b.sentences and (not exact or sep.join(s.text for s in b.sentences) == b.text)}


def parts_of(bead: Bead, lang: str, pieces: list[str], parts: dict[str, list[str]] | None) -> list[list[str]]:
    """Each piece as the sentences it is made of where the document says so (else as itself), so
    that joined texts are embedded from their sentences (encode_joined)."""
    ids = bead.zh if lang == "zh" else bead.en
    if parts is None or len(ids) != len(pieces):
        return [[p] for p in pieces]
    return [parts.get(i) or [p] for i, p in zip(ids, pieces)]


def side_parts(bead: Bead, lang: str, parts: dict[str, list[str]] | None, exact: bool = True,
               ) -> tuple[str, list[str]]:
    """(separator, parts) whose join is the bead's whole text on one side (or, not `exact`, that
    make it up, spacing aside): its sentences where the document gives them for every unit of the
    bead, else the text itself."""
    sep, text = ("", bead.zh_text) if lang == "zh" else (" ", bead.en_text)
    ids = bead.zh if lang == "zh" else bead.en
    if parts is not None and ids and all(i in parts for i in ids):
        flat = [x for i in ids for x in parts[i]]
        if not exact or sep.join(flat) == text:
            return sep, flat
    return "", [text]


def embed_parts(encoder, texts: list[tuple[str, list[str]]]) -> np.ndarray:
    """Vectors of sep.join(parts) for each (sep, parts): the joins from their parts where the
    encoder can (align.aligner.encoders.encode_joined), one call per separator."""
    rows: dict[str, list[int]] = {}
    for k, (sep, _) in enumerate(texts):
        rows.setdefault(sep, []).append(k)
    out = None
    for sep, ks in rows.items():
        vecs = encode_joined(encoder, [texts[k][1] for k in ks], sep)
        if out is None:
            out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
        out[ks] = vecs
    return out


def summed_parts(encoder, texts: list[tuple[str, list[str]]]) -> np.ndarray:
    """Vectors of sep.join(parts) for each (sep, parts) as the aligner sees a paragraph: the
    normalised sum of its parts' vectors (which the alignment has embedded already)."""
    unique = list(dict.fromkeys(p for _, parts in texts for p in parts))
    vecs = dict(zip(unique, encoder.encode(unique))) if unique else {}
    out = np.stack([np.sum([vecs[p] for p in parts], axis=0) for _, parts in texts])
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
