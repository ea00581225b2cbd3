"""The numbering of UN documents as it starts a line: paragraph numbers (1.), item labels ((a), （一）),
chapter and section numerals (I., 一、, A.) and annex headings. The segmenter builds structure from
these; the PDF reader uses them to tell a new paragraph from a wrapped line."""

from __future__ import annotations

import re

from align.documents.numerals import ZH_ITEM_LABELS, ZH_STEM_LABELS

ZH_NUM = "一二三四五六七八九十百零〇"

ITEM = re.compile(r"^[(（]\s*([a-z]{1,2}|[ivx]{1,5}|[" + ZH_ITEM_LABELS + ZH_STEM_LABELS + r"])\s*[)）]\s*(.*)$")
ANNEX = re.compile(
    r"^(?:Annex(?:es)?|ANNEX|附件|Приложение|Annexe)(?:\s+([IVXLC]+|\d+|[一二三四五六七八九十]+))?\s*$"
)
_LABEL_START = re.compile(
    r"^(?:\d{1,3}[.．]|[IVXLC]{1,6}[.．]|[A-Z][.．]|[" + ZH_NUM + r"]+[.．、])(?:\s|$)"
)
# Headings of legal instruments (第8条, 第三部分, Regulation 8, Part II, 附件1) and the sub-items ㈠ ㈡ of UN Chinese.
_LEGAL_START = re.compile(
    r"^(?:第\s*[" + ZH_NUM + r"0-9]+\s*(?:条|條|部分|章|节|節)|(?:Article|Regulation|Rule|Part|Chapter|Section)\s+"
    r"(?:\d+|[IVXLC]+)\b|附件\s*[" + ZH_NUM + r"0-9]*\s*$|[㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩])"
)


def label_start(s: str) -> bool:
    """True when a line starts with a paragraph number, an item label or a heading numeral."""
    s = s.strip()
    return bool(_LABEL_START.match(s) or ITEM.match(s) or ANNEX.match(s) or _LEGAL_START.match(s))
