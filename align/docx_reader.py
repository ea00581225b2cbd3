"""Read a Word (.docx) file into raw lines: one line per paragraph, tables row by row."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import InputError
from .ingest import RawText


def read_docx(path: Path) -> RawText:
    if not zipfile.is_zipfile(path):
        raise InputError("not a valid .docx file (not a zip archive)", path)
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError) as e:
            raise InputError(f"not a valid .docx file ({e})", path) from None
    except zipfile.BadZipFile:
        raise InputError("not a valid .docx file (corrupt zip archive)", path) from None
    lines: list[str] = []
    for para in document.paragraphs:
        lines.append(para.text)
        lines.append("")
    if not any(line.strip() for line in lines):
        raise InputError("document has no text", path)
    return RawText(lines=lines, source=str(path), format="docx")
