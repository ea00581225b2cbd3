"""What every reader hands the segmenter: the lines of a document in reading order, page ends marked,
and footnote bodies kept apart where the format allows (DOCX footnotes.xml, a PDF page's footnote area)."""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE_BREAK = "\f"


@dataclass
class RawText:
    lines: list[str]
    source: str
    format: str  # "text", "docx" or "pdf"
    encoding: str | None = None
    footnotes: dict[int, str] = field(default_factory=dict)
    ocr_pages: list[int] = field(default_factory=list)  # PDF pages read by OCR (0-based)
    ocr_lines: set[int] = field(default_factory=set)  # indices of `lines` that OCR made
