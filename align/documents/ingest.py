"""Turn a user's file (.txt, .docx, .pdf) into raw lines for segmentation.

Every format ends up as the same `RawText`: lines in reading order, with "\f" entries where a
page ends, plus footnote bodies when the reader can keep them apart (DOCX footnotes.xml, the
footnote area of PDF pages). Structure is found later, by segment.py, the same way for every
format.
"""

from __future__ import annotations

from pathlib import Path

from align.documents.docx_reader import read_docx
from align.documents.pdf_reader import read_pdf
from align.documents.raw import PAGE_BREAK, RawText
from align.errors import InputError
from align.files import check_input_file, decode_text

# Formats users have that are not read: named so the refusal says what the file is.
_UNSUPPORTED = {
    ".doc": "Word 97-2003 (.doc)", ".rtf": "Rich Text (.rtf)", ".odt": "OpenDocument text (.odt)",
    ".ods": "OpenDocument spreadsheet (.ods)", ".xlsx": "Excel (.xlsx)", ".xls": "Excel (.xls)",
    ".pptx": "PowerPoint (.pptx)", ".zip": "ZIP archive (.zip)", ".html": "HTML (.html)", ".htm": "HTML (.htm)",
}


def read_raw(path: str | Path, ocr: str = "off", lang: str | None = None, progress=None) -> RawText:
    """`ocr` ("off", "on", "auto") and `progress(done, total)` apply to PDF files (pdf_reader.read_pdf)."""
    p = check_input_file(path)
    with open(p, "rb") as f:
        head = f.read(8)
    suffix = p.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise InputError(f"{_UNSUPPORTED[suffix]} files are not supported; give .txt, .docx or .pdf "
                         "(save it as .docx or PDF first)", p)
    if suffix == ".docx" or (head.startswith(b"PK") and suffix not in (".txt", ".pdf")):
        return read_docx(p)
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        return read_pdf(p, ocr, lang, progress)
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

