"""How big a document one alignment takes, and the early refusal of anything bigger.

Memory of an alignment grows with the number of sentences (vectors, texts, lexical index, checks);
measured by benchmarks/batch_scaling.py --big (results in benchmarks/results/batch_big_input.txt).
Text beyond the limit is refused after reading, before segmenting or embedding, so the refusal
comes in seconds and says how to split the input, instead of a process that grows for minutes.
"""

from __future__ import annotations

from pathlib import Path

from align.documents.ingest import read_raw
from align.documents.raw import PAGE_BREAK, RawText
from align.documents.segment import segment_raw
from align.errors import InputError
from align.model import Document

# Characters of text per side that one alignment takes within about 2 GB (see the module doc).
MAX_CHARS = 4_000_000


def text_chars(raw: RawText) -> int:
    return sum(len(line) for line in raw.lines if line != PAGE_BREAK) + sum(len(t) for t in raw.footnotes.values())


def check_alignable(raw: RawText, limit: int = MAX_CHARS) -> None:
    n = text_chars(raw)
    if n > limit:
        raise InputError(
            f"{n / 1e6:.1f} million characters of text; one alignment takes at most {limit / 1e6:.0f} million "
            f"a side (about 2 GB of memory): split the document, e.g. by chapter or annex, and align the parts",
            raw.source)


def check_file_size(path: str | Path, limit: int = MAX_CHARS) -> None:
    """Before reading: a text file of more than 4 bytes per allowed character holds more characters
    than the limit in any encoding bitext reads (UTF-8, UTF-16, GB18030), so it is refused at once."""
    p = Path(path)
    if p.suffix.lower() in (".docx", ".pdf") or not p.is_file():
        return
    size = p.stat().st_size
    if size > 4 * limit:
        with open(p, "rb") as f:
            if f.read(5).startswith((b"%PDF", b"PK")):
                return
        raise InputError(
            f"{size / 1e6:.1f} MB of text, more than the {limit / 1e6:.0f} million characters a side one alignment "
            f"takes (about 2 GB of memory): split the document, e.g. by chapter or annex, and align the parts", p)


def read_pair(zh_path: str | Path, en_path: str | Path, sides: dict[str, str] | None = None,
              limit: int = MAX_CHARS, ocr: str = "off", progress=None) -> tuple[Document, Document]:
    """`segment_file` for two documents about to be aligned: both read first and refused early
    when either is too big, before any segmenting. `sides` names them in messages; `ocr` and
    `progress` are segment_file's."""
    sides = sides or {}
    for path in (zh_path, en_path):
        check_file_size(path, limit)
    raws = {}
    for lang, path in (("zh", zh_path), ("en", en_path)):
        raws[lang] = read_raw(path, ocr, lang, progress)
        check_alignable(raws[lang], limit)
    return (segment_raw(raws["zh"], "zh", sides.get("zh")), segment_raw(raws["en"], "en", sides.get("en")))
