"""What the glossary builder reads: alignment.jsonl files, TMX files, and line-aligned text pairs.

Every input becomes a list of `Unit`s (aligned text pairs with their document and UN paragraph
id). Sentence beads are used where the alignment has them, paragraph beads otherwise; beads with an
empty side (omissions) are skipped.
"""

from __future__ import annotations

from pathlib import Path

from align.errors import InputError
from align.files import check_input_file
from align.formats.jsonl import read_alignment
from align.model import Alignment, Bead
from glossary.model import Unit


def read_input(path: str | Path) -> Alignment:
    p = check_input_file(path)
    suffix = p.suffix.lower()
    if suffix == ".tmx":
        try:
            from align.formats.tmx import read_tmx
        except ImportError:
            raise InputError("reading TMX needs align.formats.tmx, which this installation lacks", p) from None
        return read_tmx(p)
    if suffix in (".jsonl", ".json"):
        return read_alignment(p)
    raise InputError(f"unknown input type {p.suffix or '(none)'!r}; give an alignment.jsonl or a .tmx file", p)


def document_name(alignment: Alignment) -> str:
    """The document symbol, else the file name; a bare language-named file (corpora/udhr/en.txt)
    is named with its folder (udhr/en.txt), since "en.txt" alone says nothing."""
    doc = alignment.document
    for side in ("en", "zh"):
        path = str((alignment.header.get(side) or {}).get("path") or "").replace("\\", "/")
        parts = path.rsplit("/", 2)
        if len(parts) == 3 and parts[2] == doc and doc.split(".")[0] in ("en", "zh"):
            return f"{parts[1]}/{doc}"
    return doc


def units_of(alignment: Alignment) -> list[Unit]:
    beads = alignment.sentence_beads() or alignment.paragraph_beads()
    doc = document_name(alignment)
    return [Unit(doc, b.paragraph, b.id, b.zh_text.strip(), b.en_text.strip()) for b in beads
            if b.zh_text.strip() and b.en_text.strip()]


def line_pairs_alignment(zh_path: str | Path, en_path: str | Path, document: str | None = None) -> Alignment:
    """Two line-aligned files (line i of one translates line i of the other, like the UN Parallel
    Corpus development set) as an Alignment of sentence beads; paragraph ids are l1, l2 ..."""
    zp, ep = check_input_file(zh_path), check_input_file(en_path)
    zh = zp.read_text(encoding="utf-8").splitlines()
    en = ep.read_text(encoding="utf-8").splitlines()
    if len(zh) != len(en):
        raise InputError(f"has {len(zh)} lines but {ep} has {len(en)}; line-aligned files must match", zp)
    beads = [
        Bead(id=f"s{n}", level="sentence", zh=[f"l{n}.s1"], en=[f"l{n}.s1"], zh_text=z, en_text=e, score=1.0)
        for n, (z, e) in enumerate(zip(zh, en), 1)
        if z.strip() and e.strip()
    ]
    header = {
        "zh": {"path": str(zp), "lang": "zh", "symbol": document},
        "en": {"path": str(ep), "lang": "en", "symbol": document},
        "encoder": "line-aligned",
    }
    return Alignment(header=header, beads=beads)
