"""Turn a user's file (.txt, .docx, .pdf) into raw lines for segmentation.

Every format ends up as the same `RawText`: lines in reading order, with "\f" entries where a
page ends, plus footnote bodies when the reader can keep them apart (DOCX footnotes.xml, the
footnote area of PDF pages). Structure is found later, by align.segment, the same way for every
format.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .files import check_input_file, decode_text

PAGE_BREAK = "\f"


@dataclass
class RawText:
    lines: list[str]
    source: str
    format: str  # "text", "docx" or "pdf"
    encoding: str | None = None
    footnotes: dict[int, str] = field(default_factory=dict)


def read_raw(path: str | Path) -> RawText:
    p = check_input_file(path)
    with open(p, "rb") as f:
        head = f.read(8)
    suffix = p.suffix.lower()
    if suffix == ".docx" or (head.startswith(b"PK") and suffix not in (".txt", ".pdf")):
        from .docx_reader import read_docx

        return read_docx(p)
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        from .pdf_reader import read_pdf

        return read_pdf(p)
    if suffix in (".doc", ".rtf", ".odt", ".xlsx", ".zip"):
        raise InputError(f"unsupported file type {suffix}; give .txt, .docx or .pdf", p)
    text, encoding = decode_text(p.read_bytes(), p)
    return raw_from_text(text, str(p), encoding)


def raw_from_text(text: str, source: str = "<text>", encoding: str | None = "utf-8") -> RawText:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for chunk in text.split("\n"):
        # pdftotext marks page ends with form feeds; keep them as page-break lines.
        parts = chunk.split("\f")
        for i, part in enumerate(parts):
            if i:
                lines.append(PAGE_BREAK)
            lines.append(part)
    if not any(line.strip() for line in lines):
        raise InputError("file has no text", source)
    return RawText(lines=lines, source=source, format="text", encoding=encoding)


def is_zip(path: Path) -> bool:
    return zipfile.is_zipfile(path)
