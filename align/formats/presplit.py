"""The pre-split format of Vecalign and Bertalign: one sentence per line in, bead lines out
(`[0,1]:[0]:0.8700`: Chinese line indices, English line indices, score). `vecalign_score.py`
scores bead lines against a gold file in the same format."""

from __future__ import annotations

from pathlib import Path

from align.documents.language import check_language
from align.errors import InputError
from align.files import check_input_file, decode_text


def read_sentences(path: str | Path, lang: str, given_as: str | None = None) -> list[str]:
    """The sentences of a one-sentence-per-line file; refuses empty lines inside and the wrong language."""
    p = check_input_file(path)
    text, _encoding = decode_text(p.read_bytes(), p)
    lines = [line.strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    if not any(lines):
        raise InputError("has no sentences", p)
    if "" in lines:
        raise InputError(f"line {lines.index('') + 1} is empty; one sentence per line expected", p)
    check_language("\n".join(lines), lang, p, given_as)
    return lines


def format_beads(beads: list[tuple[list[int], list[int], float]]) -> str:
    return "".join(f"[{','.join(map(str, z))}]:[{','.join(map(str, e))}]:{score:.4f}\n" for z, e, score in beads)
