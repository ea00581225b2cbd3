"""Page furniture of UN documents: what the printer adds to every page and a reader skips.

The symbol repeated as a running header (E/CN.7/2012/2), job numbers (V.12-50567 (E),
24-22857 (E) 020125), barcodes (*2422857*), page counters (3, 2/16, Page 3, - 3 -),
"Please recycle" and the "/..." continuation marks of older layouts.
"""

from __future__ import annotations

import re

# A UN document symbol: series letters, then slash-separated parts (E/CN.7/2012/2,
# A/HRC/WG.6/34/ITA/3, S/2025/194, A/RES/70/1, JIU/REP/2010/10).
SYMBOL = r"(?:[A-Z]{1,6}(?:\.\d+)?)(?:/(?:[A-Z0-9]+(?:[.\-][A-Z0-9]+)*))+(?:/(?:Add|Corr|Rev)\.\d+)*"
SYMBOL_RE = re.compile(rf"(?<![\w/]){SYMBOL}(?![\w/])")
_SYMBOL_LINE = re.compile(rf"^\s*{SYMBOL}(?:\s*[-–—]\s*{SYMBOL}|\s+{SYMBOL})*\s*$")
_JOB_NUMBER = r"(?:[A-Z]{1,3}\.)?\d{2}-\d{5}\s*(?:\*\s*)?(?:\([A-Z]\))?"  # "10-63719 * (C)": a reissue
_PAGE_NUMBER = r"(?:\d{1,3}(?:\s*/\s*\d{1,3})?)"
# A job number with what prints beside it in footers: date codes, barcode, the page number.
_JOB = re.compile(
    rf"^\s*(?:{_PAGE_NUMBER}\s+)?{_JOB_NUMBER}(?:\s+\d{{6}}){{0,2}}\s*(?:\*\d{{7,}}\*)?"
    rf"(?:\s+{_PAGE_NUMBER})?\s*$"
)
_BARCODE = re.compile(r"^\s*\*\d{7,}\*\s*$")
_PAGE = re.compile(
    r"^\s*(?:\d{1,3}|\d{1,3}\s*/\s*\d{1,3}|[-–]\s*\d{1,3}\s*[-–]|Page\s+\d{1,3}|第\s*\d{1,3}\s*页)\s*$",
    re.IGNORECASE,
)
_DATECODE = re.compile(r"^\s*\d{6}(?:\s+\d{6})?\s*$")
_RECYCLE = re.compile(r"^\s*(?:♲\s*)?Please\s+recycle\s*(?:♲)?\s*$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^\s*/\s*(?:\.\.\.|…)\s*$")


def is_symbol_line(line: str) -> bool:
    return bool(_SYMBOL_LINE.match(line))


def is_page_furniture(line: str) -> bool:
    """True for a line that belongs to the page, not to the text."""
    s = line.strip()
    if not s:
        return False
    return bool(
        _JOB.match(s)
        or _BARCODE.match(s)
        or _PAGE.match(s)
        or _DATECODE.match(s)
        or _RECYCLE.match(s)
        or _CONTINUATION.match(s)
        or _SYMBOL_LINE.match(s)
    )


def find_symbols(text: str) -> list[str]:
    return SYMBOL_RE.findall(text)
