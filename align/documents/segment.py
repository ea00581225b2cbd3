"""UN document structure from raw lines: front matter, contents, headings, numbered paragraphs,
lettered items, footnotes and sentences, with page-break damage repaired.

The same rules serve Chinese and English (and the other official languages where the numbering
is language-neutral). Two layouts are recognised:

* a *numbered* report (paragraphs 1. 2. 3. ...): text that does not start a paragraph, item or
  heading continues the open paragraph, so a paragraph split by a page break or by footnote bodies
  is joined back (Chinese with no space, English with one, line-end hyphens rejoined);
* an *unnumbered* text (the UN Charter, the UDHR): one block per line, with fallback ids b0001...

Text files give printed lines, with page furniture and footnote bodies among them. The PDF reader
(pdf_reader.py) gives one line per paragraph, judged from the page layout, with furniture
removed and footnote bodies in `RawText.footnotes`; the Word reader gives paragraphs with their
automatic numbers. The rules below serve all three and trust the readers' paragraph breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from align.documents import frontmatter
from align.documents.furniture import is_page_furniture, is_symbol_line
from align.documents.ingest import raw_from_text, read_raw
from align.documents.instrument import is_instrument, parse_instrument
from align.documents.labels import ANNEX, ITEM, ZH_NUM
from align.documents.language import check_language, detect_language
from align.documents.lines import SUPERSCRIPTS, document_vocabulary, ends_sentence, join_lines
from align.documents.numerals import ZH_ITEM_LABELS, ZH_STEM_LABELS, roman_to_int, zh_to_int
from align.documents.raw import PAGE_BREAK, RawText
from align.documents.sentences import split_sentences
from align.errors import InputError
from align.model import Block, Document, Sentence, TocEntry
from align.script import detect_script

_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")

_PARA = re.compile(r"^(\d{1,3})\s*[.．]\s*(.*)$")
_ZH_CHAPTER = re.compile(r"^([" + ZH_NUM + r"]+)\s*[.．、]\s*(\S.*)$")
_ROMAN_CHAPTER = re.compile(r"^([IVXLC]+)\s*[.．]\s+(\S.*)$")
_SECTION = re.compile(r"^([A-Z])\s*[.．]\s*(\S.*)$")
_CHARTER_CHAPTER = re.compile(r"^(?:第([" + ZH_NUM + r"]+)章|Chapter\s+([IVXLCl]+))\s*[:：.]?\s*(.*)$")
_ARTICLE = re.compile(r"^(?:第([" + ZH_NUM + r"]+)条|Article\s+(\d+))\s*$")
_SUBNUMBER = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2})+)[.．]?\s+(\S.*)$")  # "1.2. Transition end-state"
_BULLET = re.compile(r"^[•●▪◦■‣]\s*(\S.*)$")
_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}")  # the dots between a contents title and its page
_STAR_NOTE = re.compile(r"^(\*{1,3})\s*(\S.*)$")
_FOOTNOTE_SEPARATOR = re.compile(r"^\s*[_\-—–]{5,}\s*$")
_SUP_FOOTNOTE = re.compile(r"^([" + SUPERSCRIPTS + r"]+)\s*(.+)$")
_PLAIN_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_SUP_MARKER = re.compile(r"\s?([" + SUPERSCRIPTS + r"]+)")
_DISTR = re.compile(r"^\s*Distr\.?\s*(?::|$|\s+(?:GENERAL|LIMITED|RESTRICTED|générale|restreinte)\b)",
                    re.IGNORECASE)


@dataclass
class _Open:
    """A block being assembled from lines."""

    kind: str
    text: str
    level: int = 0
    number: str | None = None
    label: str | None = None
    parent_para: str | None = None
    footnotes: list[int] = field(default_factory=list)
    blank_before: bool = False
    bid: str | None = None  # the id, when the parser gives it (legal instruments)
    ocr: bool = False  # opened on a line that OCR made


def segment_file(path: str | Path, lang: str | None = None, given_as: str | None = None, ocr: str = "off",
                 progress=None) -> Document:
    """Read and segment one file (.txt, .docx, .pdf). `lang` is detected when not given; a text
    clearly in another language is refused (`given_as` names the side for the message). `ocr`
    ("off", "on", "auto") says which PDF pages are read by OCR; `progress(done, total)` sees its pages."""
    raw = read_raw(path, ocr, lang, progress)
    return segment_raw(raw, lang, given_as)


def segment_text(text: str, lang: str | None = None, source: str = "<text>") -> Document:
    return segment_raw(raw_from_text(text, source), lang)


def segment_raw(raw: RawText, lang: str | None = None, given_as: str | None = None) -> Document:
    body_text = "\n".join(line for line in raw.lines if line != PAGE_BREAK)
    if lang is None:
        lang = detect_language(body_text)
    else:
        check_language(body_text, lang, raw.source, given_as)
    seg = _Segmenter(raw, lang)
    return seg.run()


class _Segmenter:
    def __init__(self, raw: RawText, lang: str):
        self.raw = raw
        self.lang = lang
        self.zh = lang.startswith("zh")
        self.lines = [line.replace("\u3000", " ").rstrip() for line in raw.lines]
        self.vocabulary = set() if self.zh else document_vocabulary(self.lines)
        self.footnotes: dict[int, str] = dict(raw.footnotes)
        self.notes: dict[str, str] = {}  # "*" notes found in the body
        # PDF and Word readers give one line per paragraph; text files give printed lines.
        self.whole_lines = raw.format in ("pdf", "docx")
        # The PDF reader judged paragraph breaks from the layout (a Word file may be a PDF's lines
        # pasted as paragraphs).
        self.layout_breaks = raw.format == "pdf"
        # Page furniture is in the lines of a text file; the PDF reader removes it by its position
        # on the page, and Word keeps headers and footers apart (a table cell "12" is not a page number).
        self.furniture = raw.format == "text"
        self.blocks: list[_Open] = []
        self.line_no = -1  # index in raw.lines of the line being parsed (to mark what OCR made)
        self.gap = 6 if raw.ocr_pages else 3  # how far paragraph numbers may jump (numbers lost)
        self.parts: list[str] = []  # part of each block ("body", "annex1", ...)
        self.part = "body"

    # ---------------------------------------------------------------- top level
    def run(self) -> Document:
        instrument = is_instrument(self.lines, self.zh)
        if instrument:
            front_end = body_start = frontmatter.masthead_end(self.lines)
            toc: list[TocEntry] = []
        else:
            front_end, toc, body_start = self._split_front_matter()
        meta = frontmatter.parse_masthead(self.lines[:front_end], self.lang) if front_end else {}
        if "symbols" not in meta:
            symbol = _symbol_from_filename(self.raw.source)
            if symbol:
                meta["symbols"] = [symbol]
                meta["symbol_source"] = "file name"
        body = self.lines[body_start:]
        self.body_start = body_start
        numbered = not instrument and _is_numbered(body)
        if instrument:
            self._parse_instrument(body)
            meta["structure"] = "instrument"
        elif numbered:
            self._parse_numbered(body)
        else:
            self._parse_lines(body)
        self._assign_markers()
        _front_matter_markers(meta, self.footnotes)
        if self.notes:
            meta["notes"] = self.notes
        blocks = self._finish(numbered)
        if not blocks:
            raise InputError("no text blocks found in the document body", self.raw.source)
        meta.update({"format": self.raw.format, "numbered": numbered})
        if self.zh:
            script = detect_script("".join(b.text for b in blocks))
            if script:
                meta["script"] = script  # Hans or Hant: Traditional is folded for matching, never rewritten
        if self.raw.ocr_pages:
            meta["ocr_pages"] = [p + 1 for p in self.raw.ocr_pages]
        if self.raw.encoding:
            meta["encoding"] = self.raw.encoding
        return Document(
            lang=self.lang,
            blocks=blocks,
            meta=meta,
            toc=toc,
            footnotes=dict(sorted(self.footnotes.items())),
            source=self.raw.source,
        )

    # ---------------------------------------------------------------- front matter / contents
    def _split_front_matter(self) -> tuple[int, list[TocEntry], int]:
        """(end of the masthead, contents entries, first body line)."""
        lines = self.lines
        head = [i for i, line in enumerate(lines[:80]) if _DISTR.match(line)]
        toc_at = next(
            (i for i, line in enumerate(lines) if frontmatter.TOC_TITLES.match(line.strip())), None
        )
        if not head and toc_at is None:
            return 0, [], 0
        toc: list[TocEntry] = []
        if toc_at is not None:
            # In a numbered report the contents run until paragraph 1 (or the heading above it),
            # however the entries were laid out (wrapped titles, paragraph ranges, page columns).
            for i in range(toc_at + 1, len(lines)):
                s = lines[i].strip()
                m = _PARA.match(s)
                following = [t for t in lines[i:i + 30] if t.strip()][:10]  # no contents leaders after it
                if m and m.group(1) == "1" and frontmatter.parse_toc_line(s) is None \
                        and not any(_LEADERS.search(t) for t in following):
                    end = _back_to_heading(lines, i)
                    return toc_at, frontmatter.parse_toc(lines[toc_at + 1:end], self.zh), end
            i = toc_at + 1
            while i < len(lines):
                s = lines[i].strip()
                if not s or s == PAGE_BREAK or frontmatter.is_toc_header(s) or is_page_furniture(s):
                    i += 1
                    continue
                entry = frontmatter.parse_toc_line(s)
                if entry is None:
                    if s.startswith("Annex") or s.startswith("附件"):
                        toc.append(frontmatter.TocEntry(label=None, title=s, page=None))
                        i += 1
                        continue
                    break
                toc.append(entry)
                i += 1
            return toc_at, toc, i
        # No contents: the body starts at the first chapter heading or paragraph 1 (or 2, when the
        # number of paragraph 1 was lost, as OCR may lose it).
        start = head[0]
        for first in ("1", "2"):
            for i in range(start, len(lines)):
                s = lines[i].strip()
                if _PARA.match(s) and _PARA.match(s).group(1) == first:
                    return i, [], _back_to_heading(lines, i)
                if first == "1" and (_ZH_CHAPTER.match(s) or _ROMAN_CHAPTER.match(s)) and _heading_like(s, self.zh):
                    m = _ZH_CHAPTER.match(s) or _ROMAN_CHAPTER.match(s)
                    if _numeral(m.group(1)) == 1:
                        return i, [], i
        return len(lines), [], len(lines)

    # ---------------------------------------------------------------- numbered reports
    def _parse_numbered(self, lines: list[str]) -> None:
        last_para = 0
        chapter, section = 0, ""
        blank = True
        fn_zone = False  # below a footnote separator, until the page ends
        fn_open: int | None = None  # footnote whose body may continue on the next line
        i = 0
        while i < len(lines):
            raw_line = lines[i]
            self.line_no = self.body_start + i
            s = raw_line.strip()
            i += 1
            if s == PAGE_BREAK.strip() or raw_line == PAGE_BREAK:
                fn_zone, fn_open, blank = False, None, True
                continue
            if not s:
                blank = True
                fn_open = None if not fn_zone else fn_open
                continue
            if self.furniture and is_page_furniture(s):
                fn_zone, fn_open, blank = False, None, True
                continue
            if _FOOTNOTE_SEPARATOR.match(s):
                fn_zone, fn_open, blank = True, None, True
                continue
            # Footnote bodies: superscript-numbered lines anywhere; plain "1 text" below a separator.
            m = _SUP_FOOTNOTE.match(s)
            if m:
                fn_open = int(m.group(1).translate(_SUP_TO_DIGIT))
                self.footnotes[fn_open] = m.group(2).strip()
                blank = False
                continue
            if fn_zone:
                m = _PLAIN_FOOTNOTE.match(s)
                if m:
                    fn_open = int(m.group(1))
                    self.footnotes[fn_open] = m.group(2).strip()
                    continue
                if fn_open is not None and not self._starts_structure(s, last_para):
                    self.footnotes[fn_open] = self._join(self.footnotes[fn_open], s)
                    continue
                fn_zone = False
            elif fn_open is not None and not blank and not self._starts_structure(s, last_para):
                self.footnotes[fn_open] = self._join(self.footnotes[fn_open], s)
                continue
            fn_open = None
            was_blank, blank = blank, False

            # "* The present document was not edited ...": a note on the title, not text.
            m = _STAR_NOTE.match(s)
            if m:
                self.notes[m.group(1)] = m.group(2).rstrip("。.")
                continue
            # Annex: a new part with its own numbering.
            m = ANNEX.match(s)
            if m:
                n = len({p for p in self.parts if p.startswith("annex")}) + 1
                self.part = f"annex{n}"
                last_para, chapter, section = 0, 0, ""
                self._open("heading", s, level=1, number=str(n), label=s, blank=was_blank)
                continue
            # Numbered sub-headings ("1.2. Transition end-state") and, in an annex read from a PDF
            # or Word file (one line per paragraph), short numbered titles ("1. Background").
            annex_lines = self.whole_lines and self.part != "body"
            m = _SUBNUMBER.match(s) or (_PARA.match(s) if annex_lines else None)
            if m and m.group(2) and _heading_like(m.group(2), self.zh) and len(m.group(2)) <= 120:
                self._open("heading", m.group(2).strip(), level=3, number=m.group(1).replace("．", "."),
                           label=f"{m.group(1)}.", blank=was_blank)
                continue
            # Numbered paragraph ("24. text", or "24." alone with the text on the next lines).
            m = _PARA.match(s)
            if m and self._paragraph_number_ok(int(m.group(1)), last_para, self.gap):
                last_para = int(m.group(1))
                text = m.group(2).strip()
                self._open("paragraph", text, number=str(last_para), label=f"{last_para}.",
                           blank=was_blank)
                continue
            # Lettered item attached to the current paragraph.
            m = ITEM.match(s)
            if m and self._item_label_ok(m.group(1)):
                label = m.group(1)
                parent = self._current_paragraph()
                self._open("item", m.group(2).strip(), level=1, number=label, label=f"({label})",
                           parent=parent, blank=was_blank)
                continue
            # Chapter and section headings.
            heading = self._heading(s, chapter, section)
            if heading:
                kind, number, label, title = heading
                if kind == "chapter":
                    chapter, section = int(number), ""
                    self._open("heading", title, level=1, number=number, label=label, blank=was_blank)
                else:
                    section = number
                    self._open("heading", title, level=2, number=number, label=label, blank=was_blank)
                continue
            # Bullets: items of the paragraph (or lettered item) they follow.
            m = _BULLET.match(s)
            if m:
                owner = next((b for b in reversed(self.blocks) if b.kind != "item" or b.label != "•"), None)
                if owner is not None and owner.kind in ("paragraph", "item"):
                    self._open("item", m.group(1), level=2 if owner.kind == "item" else 1, label="•",
                               parent=self._current_paragraph(), blank=was_blank)
                else:
                    self._open("text", s, blank=was_blank)
                continue
            # Anything else: continuation, sub-heading, or unnumbered text.
            prev = self.blocks[-1] if self.blocks else None
            if prev is not None and prev.kind in ("paragraph", "item"):
                # A text file's lines break anywhere; the PDF and Word readers already joined the lines
                # of a paragraph, so a blank line there is a real break (even after "in Palestine").
                unfinished = not ends_sentence(prev.text) and not self.layout_breaks
                if unfinished or (not was_blank) or _starts_lower(s):
                    prev.text = self._join(prev.text, s)
                    continue
            if prev is not None and prev.kind == "heading" and not was_blank and not ends_sentence(s) \
                    and not (prev.label and ANNEX.match(prev.label)):
                prev.text = self._join(prev.text, s)  # a heading wrapped over two lines
                continue
            if prev is not None and prev.kind == "paragraph" and not prev.text:
                prev.text = s  # "24." on its own line, text on the next
                continue
            if _heading_like(s, self.zh):
                self._open("heading", s, level=3, blank=was_blank)
            else:
                self._open("text", s, blank=was_blank)

    def _starts_structure(self, s: str, last_para: int) -> bool:
        m = _PARA.match(s)
        if m and self._paragraph_number_ok(int(m.group(1)), last_para, self.gap):
            return True
        return bool(ITEM.match(s) or ANNEX.match(s) or self._heading(s, 0, "") is not None)

    @staticmethod
    def _paragraph_number_ok(n: int, last: int, gap: int = 3) -> bool:
        # Paragraph numbers run 1, 2, 3...; allow a gap of two for a paragraph lost to extraction
        # (more after OCR, which may misread a few numbers in a row).
        return last < n <= last + gap if last else n <= 2

    def _item_label_ok(self, label: str) -> bool:
        prev_item = next((b for b in reversed(self.blocks) if b.kind != "text" and b.label != "•"), None)
        if prev_item is None:
            return False
        if prev_item.kind == "item" and prev_item.number:
            expected = _next_label(prev_item.number)
            if label in expected:
                return True
            # Roman sub-items (i), (ii) under a lettered item.
            return label in ("i", "a", ZH_ITEM_LABELS[0], ZH_STEM_LABELS[0])
        return prev_item.kind == "paragraph" and label in ("a", "i", ZH_ITEM_LABELS[0], ZH_STEM_LABELS[0])

    def _heading(self, s: str, chapter: int, section: str) -> tuple[str, str, str, str] | None:
        if not _heading_like(s, self.zh):
            return None
        m = _ZH_CHAPTER.match(s) if self.zh else None
        if m and zh_to_int(m.group(1)):
            return "chapter", str(zh_to_int(m.group(1))), f"{m.group(1)}.", m.group(2).strip()
        m_sec = _SECTION.match(s)
        m_rom = _ROMAN_CHAPTER.match(s)
        if m_rom and roman_to_int(m_rom.group(1)):
            n = roman_to_int(m_rom.group(1))
            as_section = (
                m_sec is not None
                and section
                and len(m_rom.group(1)) == 1
                and ord(m_sec.group(1)) == ord(section) + 1
                and n != chapter + 1
            )
            if not as_section:
                return "chapter", str(n), f"{m_rom.group(1)}.", m_rom.group(2).strip()
        if m_sec:
            return "section", m_sec.group(1), f"{m_sec.group(1)}.", m_sec.group(2).strip()
        return None

    def _current_paragraph(self) -> str | None:
        for b in reversed(self.blocks):
            if b.kind == "paragraph":
                return b.number
            if b.kind == "heading":
                return None
        return None

    def _open(self, kind: str, text: str, level: int = 0, number: str | None = None,
              label: str | None = None, parent: str | None = None, blank: bool = False) -> None:
        self.blocks.append(_Open(kind=kind, text=text, level=level, number=number, label=label,
                                 parent_para=parent, blank_before=blank, ocr=self.line_no in self.raw.ocr_lines))
        self.parts.append(self.part)

    def _join(self, left: str, right: str) -> str:
        return join_lines(left, right, self.zh, self.vocabulary)

    # ---------------------------------------------------------------- unnumbered texts
    def _not_text(self, raw_line: str, s: str) -> bool:
        """A blank line, a page break, page furniture (text files) or a footnote body (kept)."""
        if not s or raw_line == PAGE_BREAK or (self.furniture and is_page_furniture(s)):
            return True
        m = _SUP_FOOTNOTE.match(s)
        if m:
            self.footnotes[int(m.group(1).translate(_SUP_TO_DIGIT))] = m.group(2).strip()
            return True
        return False

    def _parse_lines(self, lines: list[str]) -> None:
        for k, raw_line in enumerate(lines):
            self.line_no = self.body_start + k
            s = raw_line.strip()
            if self._not_text(raw_line, s):
                continue
            m = _CHARTER_CHAPTER.match(s)
            if m and len(s) <= 160:
                num = m.group(1) or m.group(2)
                n = zh_to_int(num) if m.group(1) else roman_to_int(num.replace("l", "I"))
                self._open("heading", s, level=1, number=str(n) if n else None, label=None)
                continue
            m = _ARTICLE.match(s)
            if m:
                n = zh_to_int(m.group(1)) if m.group(1) else int(m.group(2))
                self._open("heading", s, level=2, number=str(n), label=None)
                continue
            # "II. Conclusions": a chapter heading, as in numbered reports. (Chinese 一. also numbers
            # paragraphs inside the Charter's articles, so only the short lines below are headings there.)
            m = None if self.zh else _ROMAN_CHAPTER.match(s)
            if m and _heading_like(s, self.zh) and roman_to_int(m.group(1)):
                self._open("heading", m.group(2).strip(), level=1, number=str(roman_to_int(m.group(1))),
                           label=f"{m.group(1)}.")
                continue
            m = ITEM.match(s)
            if m:
                self._open("item", m.group(2).strip(), level=1, number=m.group(1),
                           label=f"({m.group(1)})")
                continue
            m = re.match(r"^([" + ZH_NUM + r"]+)[、.．]\s*(\S.*)$", s) if self.zh else _PARA.match(s)
            if m and not _heading_like(s, self.zh):
                n = zh_to_int(m.group(1)) if self.zh else int(m.group(1))
                label = s[: len(s) - len(m.group(2))].strip()
                self._open("paragraph", m.group(2).strip(), number=str(n), label=label)
                continue
            if _heading_like(s, self.zh) and (s.isupper() or len(s) <= 12):
                self._open("heading", s, level=3)
            else:
                self._open("paragraph", s)

    # ---------------------------------------------------------------- legal instruments
    def _parse_instrument(self, lines: list[str]) -> None:
        """Parts, chapters, sections, articles and their paragraphs and items (instrument.py), one
        block per line of a text file or paragraph of a PDF or Word file."""
        units: list[str] = []
        where: list[int] = []  # the line each unit comes from
        for k, raw_line in enumerate(lines):
            s = raw_line.strip()
            if self._not_text(raw_line, s):
                continue
            m = _STAR_NOTE.match(s)
            if m and self.whole_lines:  # "* Reissued for technical reasons.": a note on the title
                self.notes[m.group(1)] = m.group(2).rstrip("。.")
                continue
            units.append(s)
            where.append(self.body_start + k)
        for u in parse_instrument(units, self.zh):
            self.line_no = where[u.source]
            self._open(u.kind, u.text, level=u.level, number=u.number, label=u.label)
            self.blocks[-1].bid = u.id
            self.parts[-1] = u.part

    # ---------------------------------------------------------------- footnote markers
    def _assign_markers(self) -> None:
        """Take footnote markers out of block text and record them on the block."""
        def take(m: re.Match) -> str:
            n = int(m.group(1).translate(_SUP_TO_DIGIT))
            if n not in self.footnotes:
                return m.group(0)  # km², m³: not a footnote marker
            current.append(n)
            return ""

        for b in self.blocks:
            current: list[int] = []
            b.text = _SUP_MARKER.sub(take, b.text)
            b.footnotes.extend(current)
        if self.zh or not self.footnotes or self.raw.format != "text":
            return
        # English from PDF: markers are plain digits glued to a word or after punctuation
        # ("violence.29", "2024;1", "system. 1"). Only numbers that have a footnote body count,
        # and each is taken at its first plausible place after the previous marker.
        cited = {n for b in self.blocks for n in b.footnotes}
        pending = sorted(n for n in self.footnotes if n not in cited)
        start_block = 0
        for n in pending:
            pattern = re.compile(
                rf"(?<=[A-Za-z\u00C0-\u024F\u0400-\u04FF)\]”’\"'.,;:])(?:(?<=[.,;:”’\"')\]])\s)?{n}(?=[\s,.;:)]|$)"
            )
            for bi in range(start_block, len(self.blocks)):
                b = self.blocks[bi]
                m = pattern.search(b.text)
                if m and not _inside_number_or_symbol(b.text, m.start(), m.end()):
                    b.text = b.text[: m.start()].rstrip(" ") + b.text[m.end():]
                    b.footnotes.append(n)
                    start_block = bi
                    break

    # ---------------------------------------------------------------- ids, sentences
    def _finish(self, numbered: bool) -> list[Block]:
        blocks: list[Block] = []
        structural = numbered
        chapter = "0"
        section: str | None = None
        heading_id: str | None = None
        sub_count: dict[str, int] = {}
        bullets: dict[str, int] = {}
        owner: str | None = None  # the paragraph or lettered item bullets belong to
        seen: set[str] = set()
        for index, (b, part) in enumerate(zip(self.blocks, self.parts), 1):
            text = _SPACES.sub(" ", b.text).strip()
            if not text:
                continue
            prefix = "" if part == "body" else f"{part}."
            bid = b.bid or f"b{index:04d}"
            if structural and not b.bid:
                if b.kind == "heading" and b.level == 1 and b.label and ANNEX.match(b.label):
                    bid = part
                    chapter, section, heading_id = "0", None, None
                elif b.kind == "heading" and b.level == 1 and b.number:
                    chapter, section = b.number, None
                    heading_id = bid = f"{prefix}h{chapter}"
                elif b.kind == "heading" and b.level == 2 and b.number:
                    section = b.number
                    heading_id = bid = f"{prefix}h{chapter}.{section}"
                elif b.kind == "heading":
                    parent = heading_id or f"{prefix}h{chapter}"
                    base = parent.split(".h")[0]
                    sub_count[base] = sub_count.get(base, 0) + 1
                    bid = f"{base}.h{sub_count[base]}"
                elif b.kind == "paragraph" and b.number:
                    bid = f"{prefix}p{b.number}"
                elif b.kind == "item" and b.label == "•":
                    if owner:
                        bullets[owner] = bullets.get(owner, 0) + 1
                        b.number = str(bullets[owner])
                        bid = f"{owner}.b{b.number}"
                elif b.kind == "item" and b.number and b.parent_para:
                    bid = f"{prefix}p{b.parent_para}.{b.number}"
                    prev_item = blocks[-1] if blocks and blocks[-1].kind == "item" else None
                    if prev_item and _is_subitem(b.number, prev_item):
                        owner = prev_item.id.rsplit(".", 1)[0] if _is_subitem_id(prev_item.id) else prev_item.id
                        bid = f"{owner}.{b.number}"
            if bid in seen:
                bid = f"{bid}~{index}"
            seen.add(bid)
            if b.kind == "paragraph" or (b.kind == "item" and b.label != "•"):
                owner = bid
            elif b.kind == "heading":
                owner = None
            sentences = [
                Sentence(id=f"{bid}.s{k}", text=t)
                for k, t in enumerate(split_sentences(text, self.lang), 1)
            ]
            blocks.append(Block(
                id=bid, kind=b.kind if b.kind != "text" else "paragraph", text=text, level=b.level,
                number=b.number, label=b.label, footnotes=sorted(set(b.footnotes)),
                sentences=sentences, part=part, ocr=b.ocr,
            ))
            if b.kind == "text":
                blocks[-1].kind = "text"
        return blocks


def _front_matter_markers(meta: dict, footnotes: dict[int, str]) -> None:
    """Footnote markers in the title and summary ("... Financing for Development.¹", "Italy*") are
    taken out of the text; the footnotes they cite are listed in meta["front_matter_footnotes"]."""
    cited: list[int] = []

    def take(m: re.Match) -> str:
        n = int(m.group(1).translate(_SUP_TO_DIGIT))
        if n not in footnotes:
            return m.group(0)
        cited.append(n)
        return ""

    for key in ("title", "subtitle"):
        if key in meta:
            text = _SUP_MARKER.sub(take, meta[key])
            stars = re.search(r"\s*(\*+)$", text)
            if stars:
                meta[f"{key}_footnote"] = stars.group(1)
                text = text[: stars.start()]
            meta[key] = text
    if "summary" in meta:
        meta["summary"] = [_SUP_MARKER.sub(take, t) for t in meta["summary"]]
    if cited:
        meta["front_matter_footnotes"] = sorted(set(cited))


def _is_subitem(label: str, prev: Block) -> bool:
    romans = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}
    if label not in romans or prev.number is None:
        return False
    if prev.number in romans and _is_subitem_id(prev.id):
        return True
    return label == "i" and prev.number != "h"


def _is_subitem_id(bid: str) -> bool:
    return bid.count(".") >= 2


def _next_label(label: str) -> set[str]:
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
    out: set[str] = set()
    if label in romans:
        k = romans.index(label)
        if k + 1 < len(romans):
            out.add(romans[k + 1])
    if len(label) == 1 and label.isascii() and label.isalpha():
        out.add(chr(ord(label) + 1))
    for series in (ZH_ITEM_LABELS, ZH_STEM_LABELS):
        if label in series and series.index(label) + 1 < len(series):
            out.add(series[series.index(label) + 1])
    if label == "z":
        out.add("aa")
    return out


def _numeral(label: str) -> int | None:
    return zh_to_int(label) or roman_to_int(label)


def _heading_like(s: str, zh: bool) -> bool:
    """Short, not a sentence: a heading rather than text."""
    t = s.strip()
    if ends_sentence(t) or t.endswith(("，", ",")) or " | " in t:  # "Africa | 12": a table row from Word
        return False
    limit = 60 if zh else 160
    if len(t) > limit:
        return False
    if not zh and t[:1].islower() and not _LETTER_LABEL.match(t):
        return False
    return True


_LETTER_LABEL = re.compile(r"^[a-z]{1,3}\)\s+\S")  # "b) Asylum policy" in older layouts


def _starts_lower(s: str) -> bool:
    return s[:1].islower() and not _LETTER_LABEL.match(s)


def _is_numbered(lines: list[str]) -> bool:
    """A report whose paragraphs are numbered 1, 2, 3... (at least three in sequence, allowing the
    small gaps a merged or lost paragraph leaves)."""
    last, found = 0, 0
    for line in lines:
        m = _PARA.match(line.strip())
        if m and _Segmenter._paragraph_number_ok(int(m.group(1)), last):
            last, found = int(m.group(1)), found + 1
            if found >= 3:
                return True
    return False


def _back_to_heading(lines: list[str], i: int) -> int:
    """Paragraph 1 may sit under a chapter heading; start the body there."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j >= 0:
        s = lines[j].strip()
        if (_ZH_CHAPTER.match(s) or _ROMAN_CHAPTER.match(s)) and len(s) < 120:
            return j
    return i


def _inside_number_or_symbol(text: str, start: int, end: int) -> bool:
    """Digits after "13." are a decimal (13.1) unless a new sentence follows ("13.1 The ...")."""
    before = text[max(0, start - 12): start]
    if re.search(r"/\w*$", before):
        return True
    if re.search(r"\d[.,]$", before):
        return not re.match(r"\s+[A-Z(“\"]|\s*$", text[end:])
    return False


_SPACES = re.compile(r"[ \t\u00a0]+")


def _symbol_from_filename(source: str) -> str | None:
    """E_CN.7_2012_2.zh.txt -> E/CN.7/2012/2 (UN file names write the symbol with underscores)."""
    name = Path(source).name
    m = re.match(r"^((?:A|E|S|ST|CRC|CEDAW|CCPR|TD|UNEP|DP|ICCD|FCCC)(?:_[A-Za-z0-9.]+)+)", name)
    if not m:
        return None
    candidate = re.sub(r"(?:\.(?:zh|en|fr|ru|es|ar|txt|pdf|docx))+$", "", m.group(1)).replace("_", "/")
    return candidate if is_symbol_line(candidate) else None
