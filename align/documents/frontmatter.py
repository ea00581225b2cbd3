"""The first page of a UN report (its masthead) and its table of contents, as metadata.

Masthead lines are recognised by their patterns in Chinese and English, and in the French and
Russian versions (every language version keeps the English distribution block): organ, symbol(s),
"Distr.: General", date, language, "Original:", commission and session, dates and place, agenda
item(s) with their */** footnotes, title, subtitle ("执行主任的报告" / "Report of the Executive
Director") and the summary. The contents are read however PDFs lay them out.
"""

from __future__ import annotations

import re
from typing import Any

from align.documents.furniture import SYMBOL_RE, is_page_furniture, is_symbol_line
from align.model import TocEntry

ORGANS = {
    "General Assembly", "Security Council", "Economic and Social Council", "Trusteeship Council",
    "International Court of Justice", "Secretariat", "Human Rights Council",
    "大会", "安全理事会", "经济及社会理事会", "托管理事会", "国际法院", "秘书处", "人权理事会",
    "Генеральная Ассамблея", "Экономический и Социальный Совет", "Совет Безопасности",
    "Assemblée générale", "Conseil économique et social", "Conseil de sécurité",
    "Conseil des droits de l’homme", "Conseil des droits de l'homme", "Совет по правам человека",
}
_ORGANS_FOLDED = {o.casefold() for o in ORGANS}
_UN = {"united nations", "联合国", "nations unies", "организация объединенных наций",
       "国际海底管理局", "international seabed authority"}
LANGUAGES = {"Chinese", "English", "French", "Russian", "Spanish", "Arabic",
             "Français", "Anglais", "Русский", "Английский"}

# The masthead keeps "Distr." in English in every language version; older layouts put the
# distribution on the next line ("Distr." / "GENERAL").
_DISTR = re.compile(r"^Distr\.?\s*:?\s*(.*)$", re.IGNORECASE)
_DISTRIBUTION = re.compile(r"^(?:GENERAL|LIMITED|RESTRICTED|générale|restreinte)$", re.IGNORECASE)
_MONTHS = (r"(?:[A-Z][a-z]+|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
           r"|décembre)")
_DATE_EN = re.compile(rf"^\d{{1,2}}(?:er)?\s+{_MONTHS}\s+\d{{4}}$")
_ORIGINAL = re.compile(r"^(?:Original|原文|Оригинал)\s*[:：]\s*(.+)$", re.IGNORECASE)
_SESSION = re.compile(
    r"^(?:第.{1,8}届(?:特别)?会议.*|[A-Z][a-z]+(?:-[a-z]+)?\s+(?:special\s+)?session\b.*"
    r"|\d+(?:st|nd|rd|th)\s+(?:special\s+)?session\b.*|Session\s+\d+.*|\d{4}\s+session\b.*"
    r"|[A-Z][a-z]+(?:-[a-z]+)?\s+year"  # the Security Council counts years, not sessions
    r"|[A-ZÀ-Ý][a-zà-ÿ]+(?:-[a-zà-ÿ]+)?\s+session(?:\s+extraordinaire)?|[А-Я][а-я]+(?:\s+[а-я]+)?\s+сессия)$"
)
_AGENDA = re.compile(
    r"^(?:(?:临时)?议程\**\s*项目.*|Items?\s+[\w\s(),.and]+?\s+of\s+the\s+(?:provisional\s+agenda|agenda"
    r"|preliminary\s+list)\**|(?:Provisional\s+)?[Aa]genda\s+items?\s+.*"
    r"|Points?\s+[\w\s(),.et]+?\s+de\s+l[’']ordre\s+du\s+jour(?:\s+provisoire)?\**"
    r"|Пункты?\s+[\w\s(),.и]+?\s+(?:предварительной\s+)?повестки\s+дня\**)$"
)
_SUBTITLE = re.compile(
    r"^(?:(?:Report|Note|Letter|Summary|Compilation)\s+(?:of|by|from|prepared by)\s+the\s+.+"
    r"|(?:Rapport|Note|Lettre)\s+(?:du|de la|de l’|de l')\s*.+|(?:Доклад|Записка|Письмо)\s+.+"
    r"|.{2,40}(?:的报告|的说明|的说明和报告|的信|的汇编))$"
)
_SUMMARY = re.compile(r"^(?:Summary|摘要|Résumé|Резюме)$")
_AGENDA_NOTE = re.compile(r"^(\*+)\s*(.+?)[。.]?$")
TOC_TITLES = re.compile(
    r"^(?:Contents|目录|Table des matières|Содержание)(?:\s*\((?:continued|suite)\)|\s*\(продолжение\))?$",
    re.IGNORECASE,
)
_TOC_ENTRY = re.compile(
    r"^(?:(?P<label>[一二三四五六七八九十]+|[IVXLC]+|[A-Z]|\d{1,2})\s*[.．、)]\s*)?"
    r"(?P<title>\S.*?)\s*(?:\.(?:\s*\.){2,}|\t+|\s{2,}|…+)\s*"
    r"(?:(?P<paras>\d{1,3}(?:\s*[-–]\s*\d{1,3})?)\s+)?(?P<page>\d{1,3})$"
)
_TOC_LOOSE = re.compile(
    r"^(?P<label>[一二三四五六七八九十]+|[IVXLC]+|[A-Z]|\d{1,2})\s*[.．、)]\s*(?P<title>\S.*?)\s*(?P<page>\d{1,3})$"
)
_TOC_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+|[IVXLC]+|[A-Z]|\d{1,2}|[a-z])\s*[.．、)]\s*\S")
_TOC_TITLE_ONLY = re.compile(
    r"^(?:(?P<label>[一二三四五六七八九十]+|[IVXLC]+|[A-Z]|\d{1,2})\s*[.．、)]\s*)?(?P<title>.+)$"
)
_TOC_RANGE_ONLY = re.compile(r"^(?P<head>.*?)\s*(?:\.(?:\s*\.){2,}|…+)\s*(?P<paras>\d{1,3}(?:\s*[-–]\s*\d{1,3})?)?$")
_TOC_HEADER = re.compile(
    r"^(?:页次|Page|Paragraphs|段次|Pages?|Paragraphes|Пункты|Стр\.)(?:\s+(?:Page|页次|Pages?|Стр\.))?$",
    re.IGNORECASE,
)


def parse_toc_line(line: str) -> TocEntry | None:
    s = line.strip()
    if _TOC_HEADER.match(s):
        return None
    m = _TOC_ENTRY.match(s)
    if not m:
        return None
    return TocEntry(label=m.group("label"), title=m.group("title").strip(), page=m.group("page"))


def parse_toc(lines: list[str], zh: bool = False) -> list[TocEntry]:
    """Contents entries from the lines between the contents title and the body, as PDFs lay them
    out: titles wrapped over two lines, paragraph ranges ("3 - 45"), page numbers on their own."""
    entries: list[TocEntry] = []
    pending = ""  # a title still waiting for its page number or its second line
    page_final = True  # the last entry's page cannot be a paragraph number read in its place

    def titled(text: str, page: str | None = None) -> TocEntry:
        m = _TOC_TITLE_ONLY.match(text)
        return TocEntry(label=m.group("label"), title=m.group("title").strip(), page=page)

    def flush(page: str | None = None) -> None:
        nonlocal pending
        if pending:
            entries.append(titled(pending, page))
            pending = ""

    for s in (cell.strip() for line in lines for cell in line.split(" | ")):  # PDF table rows: cell by cell
        if not s or s == "\f" or is_toc_header(s) or TOC_TITLES.match(s):
            continue
        if re.fullmatch(r"\d{1,3}", s):  # a page number in its own column
            if pending:
                flush(s)
                page_final = False
            elif entries and not page_final:
                # A second number: the one read before was the entry's paragraph, this is its page.
                page_final = entries[-1].page is not None
                entries[-1].page = s
            continue
        if re.fullmatch(r"\d{1,3}\s*[-–−]\s*\d{1,3}", s):  # paragraph range in its own column
            page_final = False
            continue
        if is_page_furniture(s):
            continue
        if pending and _TOC_LABEL.match(s):
            flush()  # the previous title had no page number
        s = f"{pending}{'' if zh else ' '}{s}".strip() if pending else s
        entry = parse_toc_line(s)
        if entry is None:
            m = _TOC_RANGE_ONLY.match(s)
            if m and m.group("head") and s != m.group("head"):  # leaders without a page number
                entry = titled(m.group("head"))
        if entry is None:  # inside the contents a title may end in its page number after one space
            m = _TOC_LOOSE.match(s)
            entry = TocEntry(label=m.group("label"), title=m.group("title"), page=m.group("page")) if m else None
        if entry is None and re.match(r"^(?:Annex|Annexe|附件|Приложение)", s):
            entry = TocEntry(label=None, title=s, page=None)
        if entry is None:
            pending = s
            continue
        pending = ""
        entries.append(entry)
        m = _TOC_ENTRY.match(s)
        page_final = bool(m and m.group("paras"))
    flush()
    return entries


def is_toc_header(line: str) -> bool:
    return bool(_TOC_HEADER.match(line.strip()))


def _groups(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines (blank lines and page breaks separate them)."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            if current:
                groups.append(current)
                current = []
            continue
        current.append(s)
    if current:
        groups.append(current)
    return groups


def _join(lines: list[str], lang: str) -> str:
    sep = "" if lang.startswith("zh") else " "
    out = lines[0]
    for line in lines[1:]:
        out = out[:-1] + line if out.endswith("-") and sep else out + sep + line
    return re.sub(r"[ \t]+", " ", out).strip()


def masthead_end(lines: list[str]) -> int:
    """Where the body of a document without contents starts: after its masthead (organ, symbol,
    distribution, date, languages, session, dates) and the title that follows it; 0 when the
    document has no masthead (no "Distr." line near the top)."""
    head = [i for i, line in enumerate(lines[:80]) if _DISTR.match(line.strip())]
    if not head:
        return 0
    for i in range(head[0] + 1, len(lines)):
        s = lines[i].strip()
        if not s or s == "\f" or _classify(s) is not None:
            continue
        j = i + 1  # the title; a subtitle ("Report of the Secretary-General") may follow
        while j < len(lines) and not lines[j].strip():
            j += 1
        return j + 1 if j < len(lines) and _SUBTITLE.match(lines[j].strip()) else i + 1
    return 0


def _classify(line: str) -> str | None:
    if is_symbol_line(line.rstrip("*")):  # "ISBA/16/A/12/Rev.1*": reissued
        return "symbol"
    folded = line.casefold()
    if re.fullmatch(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff])+", line):  # "大 会": spaced out in the masthead
        folded = line.replace(" ", "")
    if folded in _UN or folded == "united" or folded == "nations":  # "UNITED" / "NATIONS" in old mastheads
        return "un"
    if folded in _ORGANS_FOLDED:
        return "organ"
    if re.fullmatch(r"[AES]", line):  # the series letter printed large in old mastheads
        return "furniture"
    if _DISTR.match(line):
        return "distribution"
    if _DISTRIBUTION.match(line):
        return "distribution_value"
    if _DATE_EN.match(line):
        return "date"
    if _ORIGINAL.match(line):
        return "original"
    if line.capitalize() in LANGUAGES:
        return "language"
    if _SESSION.match(line):
        return "session"
    if _AGENDA.match(line):
        return "agenda"
    if _AGENDA_NOTE.match(line) and SYMBOL_RE.search(line):
        return "agenda_note"
    if _AGENDA_NOTE.match(line):
        return "note"
    if _SUMMARY.match(line):
        return "summary"
    if is_page_furniture(line):
        return "furniture"
    return None


def _units(lines: list[str], lang: str) -> list[tuple[str, str]]:
    """Masthead lines as (kind, text); unrecognised neighbouring lines are joined as "text"."""
    units: list[tuple[str, str]] = []
    for group in _groups(lines):
        run: list[str] = []
        for line in group:
            kind = _classify(line)
            if kind is None:
                run.append(line)
                continue
            if run:
                units.append(("text", _join(run, lang)))
                run = []
            units.append((kind, line))
        if run:
            units.append(("text", _join(run, lang)))
    return units


def parse_masthead(lines: list[str], lang: str) -> dict[str, Any]:
    """Metadata from the front-matter lines (everything before the contents or the body)."""
    meta: dict[str, Any] = {"symbols": [], "sessions": [], "agenda_footnotes": {}}
    texts: list[str] = []  # text units no pattern claimed: title, subtitle, summary paragraphs
    summary_from: int | None = None
    state = None
    body: str | None = None
    units = _units(lines, lang)
    for i, (kind, text) in enumerate(units):
        following = units[i + 1][0] if i + 1 < len(units) else None
        if kind == "symbol":
            meta["symbols"].extend(s for s in SYMBOL_RE.findall(text) if s not in meta["symbols"])
        elif kind == "organ":
            meta.setdefault("organ", text)
            if following == "session":
                body = text  # joint documents: each organ above its own session
        elif kind == "distribution":
            meta["distribution"] = _DISTR.match(text).group(1).strip()
            if not meta["distribution"] and following == "distribution_value":
                meta["distribution"] = units[i + 1][1].capitalize()
        elif kind == "note":
            m = _AGENDA_NOTE.match(text)
            meta.setdefault("notes", {})[m.group(1)] = m.group(2).strip()
        elif kind == "date" and "date" not in meta:
            meta["date"] = text
        elif kind == "original":
            meta["original"] = _ORIGINAL.match(text).group(1).strip()
        elif kind == "language":
            meta["language"] = text
        elif kind == "session":
            session = {"session": text}
            if body:
                session["body"] = body
            meta["sessions"].append(session)
            body, state = None, "session"
        elif kind == "agenda":
            if not meta["sessions"] or "agenda_item" in meta["sessions"][-1]:
                meta["sessions"].append({"body": body} if body else {})
                body = None
            session = meta["sessions"][-1]
            session["agenda_item"] = text.replace("*", "").strip()
            marks = re.findall(r"\*+", text)
            if marks:
                session["agenda_footnote"] = marks[0]
            state = "agenda"
        elif kind == "agenda_note":
            m = _AGENDA_NOTE.match(text)
            meta["agenda_footnotes"][m.group(1)] = m.group(2).strip()
        elif kind == "summary":
            summary_from = len(texts)
            state = "summary"
        elif kind == "text":
            if following == "session":
                body = text  # a commission's name above its session line
            elif state == "session" and re.search(r"\d", text):
                meta["sessions"][-1]["dates"] = text  # "New York, 4–7 March 2025"
                state = None
            elif state == "agenda":
                meta["sessions"][-1]["agenda_title"] = text
                state = None
            else:
                texts.append(text)
                state = None
    # The subtitle reads "Report of the ..."; the title is the text just before it. Extraction
    # order sometimes puts "Summary" first, so both may sit after the summary marker.
    title = subtitle = None
    for i, text in enumerate(texts):
        if _SUBTITLE.match(text):
            if i > 0:
                title, subtitle = texts[i - 1], text
            else:
                title = text  # "Report of the Secretary-General on Somalia" is the title itself
            break
    if title is None and texts:
        title = texts[0]
    summary = [t for t in texts[summary_from or 0 :] if t not in (title, subtitle)]
    if summary_from is None:
        summary = []
    if title:
        meta["title"] = title
    if subtitle:
        meta["subtitle"] = subtitle
    if summary:
        meta["summary"] = summary
    for key in ("symbols", "sessions", "agenda_footnotes"):
        if not meta[key]:
            del meta[key]
    return meta
