"""Read a PDF as distributed by the UN into raw lines, using the page layout that text extraction
alone throws away.

pdfminer.six gives every glyph with its position, size and font. From those this module:

* rebuilds the lines of each page (a paragraph number in the left margin joins its text line;
  footnote markers, smaller and raised, become Unicode superscripts ¹²³ that the segmenter turns
  into block markers);
* drops page furniture where it sits: the running symbol header, job numbers, barcodes, page
  counters, "Please recycle" in the top and bottom margins, and hidden or rotated text;
* takes the footnote area at the bottom of each page (below the separator rule, or the run of
  small-type lines that starts with a superscript number) out of the text and into
  `RawText.footnotes`, continuing a footnote that runs over to the next page;
* joins the lines of a paragraph into one line (dehyphenating like the segmenter), also across a
  page break, and separates paragraphs with blank lines, judged by line spacing, indentation, type
  size and whether the next line's first word would have fitted on the previous line.

pdfminer.six was chosen over pypdf after measuring both on the bundled UN reports (see
benchmarks/pdf_extractors.py): pypdf is about a third faster, but it reports
text per drawing operation, without glyph boxes, and its plain text splits words in the older PDFs;
pdfminer.six gives every glyph's box, size and font, is MIT-licensed and already a dependency.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from align.documents.furniture import is_page_furniture, is_symbol_line
from align.documents.labels import label_start
from align.documents.language import detect_language, text_layer_problem
from align.documents.lines import document_vocabulary, ends_sentence, join_lines
from align.documents.raw import PAGE_BREAK, RawText
from align.errors import InputError

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BOLD = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)
_BARCODE_FONT = re.compile(r"barcode|3\s*of\s*9|c39|code39", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[_\-—–\s]{5,}$")
_NOTES_TITLE = re.compile(r"^(?:Notes|Endnotes|Примечания|注)$")
_STAR = re.compile(r"^\*{1,3}(?!\*)")
_PLAIN_NOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_DISTR = re.compile(r"^Distr\.?\s*(?::|$|\s)", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\)|[IVXLC]{1,6}\.|[A-Z]\.|[一二三四五六七八九十]+[.．、])$")


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    bold: bool


@dataclass
class _Row:
    """One line of text on a page (or one cell of it, when a wide gap separates columns)."""

    text: str
    x0: float
    x1: float
    y0: float  # bottom of the normal-size glyphs
    size: float  # type size of most of its glyphs
    bold: bool
    page: int
    note: int | None = None  # footnote number, when the line starts with a superscript number
    first_word: float = 0.0  # width of the first word, to tell a wrapped line from a short one


@dataclass
class _Page:
    number: int
    width: float
    height: float
    rows: list[_Row]
    rules: list[float] = field(default_factory=list)  # y of short horizontal lines (separators)


@dataclass
class _Para:
    text: str
    first: _Row
    last: _Row
    hard: bool = True  # a real paragraph break before it (blank line)


# --------------------------------------------------------------------------- extraction
def _open_pages(path: Path):
    """The pages of the PDF as pdfminer layout objects, with a user's problem as an InputError."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psparser import PSException

    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise InputError("not a PDF file (no %PDF header)", path)
    if b"%%EOF" not in data[-32768:]:
        raise InputError("damaged PDF: the file is truncated (no end-of-file marker); download it again", path)
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError("PDF is encrypted (password-protected); save an unprotected copy first", path) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as e:
        raise InputError(f"damaged PDF ({type(e).__name__}: {e})", path) from None
    except Exception as e:  # pdfminer raises many kinds of errors on broken files
        raise InputError(f"damaged PDF ({type(e).__name__})", path) from None
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    try:
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            yield device.get_result()
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"damaged PDF ({type(e).__name__}: {e})", path) from None


@lru_cache(maxsize=256)
def _font(fontname: str) -> tuple[bool, bool]:
    """(is a barcode font, is bold)"""
    return bool(_BARCODE_FONT.search(fontname)), bool(_BOLD.search(fontname))


# Symbol-font bullets that extraction gives as private-use characters.
_PRIVATE_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•"}


def _page(layout, number: int) -> _Page:
    from pdfminer.layout import LTChar, LTCurve

    glyphs: list[_Glyph] = []
    rules: list[float] = []
    for obj in layout:  # text inside figures (charts, maps, logos) is not document text
        if isinstance(obj, LTChar):
            t = obj.get_text()
            if not t or obj.size < 2.5 or not obj.upright:  # hidden text: the tiny symbol behind the masthead
                continue
            barcode, bold = _font(obj.fontname)
            if "\ue000" <= t[0] <= "\uf8ff":  # private-use glyphs of barcode and symbol fonts
                t = _PRIVATE_BULLETS.get(t[0], "")
            if barcode or not t:
                continue
            glyphs.append(_Glyph(t, obj.x0, obj.x1, obj.y0, obj.y1, round(obj.size * 2) / 2, bold))
        elif isinstance(obj, LTCurve) and obj.height <= 1.5 and 20 <= obj.width <= 300:
            rules.append(obj.y0)
    return _Page(number, layout.width, layout.height, _rows(glyphs, number), rules)


def _rows(glyphs: list[_Glyph], page: int) -> list[_Row]:
    """Group glyphs into lines: same bottom within a quarter of the type size; raised small glyphs
    (footnote markers) join the line they are printed on."""
    glyphs.sort(key=lambda g: -g.y0)
    groups: list[list[_Glyph]] = []
    for g in glyphs:
        if groups and abs(groups[-1][0].y0 - g.y0) <= 0.25 * max(groups[-1][0].size, g.size):
            groups[-1].append(g)
        else:
            groups.append([g])
    merged: list[list[_Glyph]] = []
    for i, group in enumerate(groups):
        size = max(g.size for g in group)
        bottom = min(g.y0 for g in group)
        below = groups[i + 1] if i + 1 < len(groups) else None
        if below:
            b_size = Counter(g.size for g in below).most_common(1)[0][0]
            b_bottom = min(g.y0 for g in below)
            b_top = max(g.y1 for g in below)
            if size < 0.85 * b_size and b_bottom < bottom < b_top - 0.25 * b_size:
                below.extend(group)  # superscripts sit above the line they belong to
                continue
        if merged and size < 0.85 * max(g.size for g in merged[-1]):
            above = merged[-1]
            if min(g.y0 for g in above) - 0.4 * size < bottom < max(g.y1 for g in above):
                above.extend(group)  # a subscript or a marker printed low
                continue
        merged.append(group)
    lines = [row for g in merged if (row := _line_rows(g, page))]
    if page == 0:
        return _read_columns(lines)
    return [r for line in lines for r in line]  # tables and contents are read row by row


def _read_columns(lines: list[list[_Row]]) -> list[_Row]:
    """Rows of the first page in reading order. Where lines side by side form two columns (the
    masthead of a joint document: General Assembly on the left, Economic and Social Council on
    the right), the left column is read before the right one."""
    out: list[_Row] = []
    i = 0
    while i < len(lines):
        j = i + 1  # a block: lines without a wide vertical gap between them
        while j < len(lines) and lines[j - 1][0].y0 - lines[j][0].y0 <= 2.2 * min(lines[j - 1][0].size,
                                                                                  lines[j][0].size):
            j += 1
        block = lines[i:j]
        gutter = _gutter([r for line in block for r in line]) if any(len(line) > 1 for line in block) else None
        if gutter is None:
            out.extend(r for line in block for r in line)
        else:
            out.extend(r for line in block for r in line if r.x1 <= gutter)
            out.extend(r for line in block for r in line if r.x1 > gutter)
        i = j
    return out


def _gutter(rows: list[_Row]) -> float | None:
    """The x of the widest vertical strip (at least 12 pt) that no row crosses, with rows on both sides."""
    spans = sorted((r.x0, r.x1) for r in rows)
    best, where = 12.0, None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach > best:
            best, where = x0 - reach, (x0 + reach) / 2
        reach = max(reach, x1)
    return where


def _line_rows(group: list[_Glyph], page: int) -> list[_Row]:
    group.sort(key=lambda g: g.x0)
    chars: list[_Glyph] = []
    for g in group:  # drop glyphs printed twice (fake bold, shadows)
        if chars and g.text == chars[-1].text and abs(g.x0 - chars[-1].x0) < 1 and abs(g.y0 - chars[-1].y0) < 1:
            continue
        chars.append(g)
    # Split the line where a wide gap separates columns (masthead, tables), except after a label
    # such as "12." or "(a)" that sits in the margin before its text.
    segments: list[list[_Glyph]] = [[]]
    last: _Glyph | None = None
    for g in chars:
        if not g.text.isspace():
            gap = g.x0 - last.x1 if last is not None else 0.0
            if last is not None and gap > 2.5 * min(g.size, last.size):
                left = "".join(c.text for c in segments[-1]).strip()
                if not (_LABEL_ONLY.match(left) and gap < 8 * g.size):
                    segments.append([])
            last = g
        segments[-1].append(g)
    rows = []
    for seg in segments:
        solid = [g for g in seg if not g.text.isspace()]
        if not solid:
            continue
        size = Counter(g.size for g in solid).most_common(1)[0][0]
        normal = sorted(g.y0 for g in solid if g.size >= 0.85 * size)
        base = normal[len(normal) // 2]
        sup = [g.size < 0.85 * size and g.y0 > base + 0.12 * size for g in seg]
        row = _segment_row(seg, sup, size, base, page)
        if row is not None:
            rows.append(row)
    return rows


def _segment_row(chars: list[_Glyph], sup: list[bool], size: float, base: float, page: int) -> _Row | None:
    out: list[str] = []
    note_digits = ""
    leading = True  # still in the superscript number a footnote body starts with
    prev: _Glyph | None = None
    prev_sup = False
    space = False
    first_word_end: float | None = None
    x0 = x1 = None
    bold = 0
    for g, is_sup in zip(chars, sup):
        if g.text.isspace():
            space = True
            continue
        if leading and is_sup and g.text.isdigit():
            note_digits += g.text
            prev, prev_sup = g, True
            continue
        if leading and note_digits:
            space = False  # the gap after a footnote number
        leading = False
        if x0 is None:
            x0 = g.x0
        if prev is not None and out:
            gap = g.x0 - prev.x1
            em = min(size, max(g.size, prev.size))
            cjk = _is_cjk(g.text[0]) or _is_cjk(prev.text[-1])  # justified Chinese spreads its characters
            wide = gap > (0.8 if cjk else 0.25) * em
            if (space or wide) and not out[-1].endswith(" "):
                out.append(" ")
            elif prev_sup and not is_sup and g.text[0].isalnum() and not cjk and not out[-1].endswith(" "):
                out.append(" ")  # "capabilities.¹³ In the": keep the word apart from the marker
            if first_word_end is None and out[-1] == " ":
                first_word_end = prev.x1
        if is_sup and g.text.isdigit():
            out.append(g.text.translate(_SUPERSCRIPT))
        elif is_sup and g.text == "," and prev_sup:
            out.append(" ")  # "¹³,¹⁴": two markers
        else:
            out.append(g.text)
            if _is_cjk(g.text[0]) and first_word_end is None:
                first_word_end = g.x1
        space = False
        prev, prev_sup = g, is_sup
        x1 = g.x1
        bold += 1 if g.bold else -1
    text = "".join(out).strip()
    if not text and not note_digits:
        return None
    if x0 is None:  # a lone superscript number
        x0, x1 = chars[0].x0, chars[-1].x1
        text = note_digits.translate(_SUPERSCRIPT)
        note_digits = ""
    return _Row(
        text=text, x0=x0, x1=x1, y0=base, size=size, bold=bold > 0, page=page,
        note=int(note_digits) if note_digits else None,
        first_word=(first_word_end if first_word_end is not None else x1) - x0,
    )


# --------------------------------------------------------------------------- page zones
def _is_furniture(row: _Row, page: _Page, repeated: set[tuple[str, int]] = frozenset()) -> bool:
    if page.number == 0 and is_symbol_line(row.text) and any(_DISTR.match(r.text) for r in page.rows):
        return False  # the masthead symbol stays
    if _repeat_key(row) in repeated:
        return True
    in_margin = row.y0 > 0.9 * page.height or row.y0 < 0.12 * page.height
    return in_margin and is_page_furniture(row.text)


def _repeat_key(row: _Row) -> tuple[str, int]:
    """A row's text with its numbers blanked (page numbers, dates) and its height on the page, in
    bands of 8 points."""
    return re.sub(r"\d+", "#", "".join(row.text.split())), round(row.y0 / 8)


def repeated_rows(pages: list[_Page]) -> set[tuple[str, int]]:
    """Page furniture found by repetition: a short row that recurs at about the same height on most
    pages (at least three, and half of them), whatever its font and wherever it sits: the symbol as a
    running header (bold, right-aligned, no rule under it), running titles, job numbers, page numbers."""
    if len(pages) < 3:
        return set()
    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        keys = set()
        for r in page.rows:
            if len(r.text) <= 80:
                key = _repeat_key(r)
                keys.update((key[0], key[1] + d) for d in (-1, 0, 1))  # a row a few points higher or lower
        seen.update(keys)
    need = max(3, (len(pages) + 1) // 2)
    return {key for key, n in seen.items() if n >= need and key[0].strip("#")}


def _note_zone_start(rows: list[_Row], page: _Page, body_size: float, notes_before: bool) -> tuple[int | None, bool]:
    """Index of the first footnote-area row on the page (or None), and whether the area is a run
    of endnotes that may go on over the next page."""
    small = [r.size < 0.92 * body_size for r in rows]
    starts = [r.note is not None or bool(_STAR.match(r.text)) for r in rows]
    # Below a separator: a line of underscores (UN layout), or a drawn rule when the small type
    # under it starts a footnote or continues one from the previous page.
    for i, r in enumerate(rows):
        if _SEPARATOR.match(r.text) and i + 1 < len(rows) and all(small[i + 1:]):
            return i, False
    for y in sorted(page.rules):
        below = [i for i, r in enumerate(rows) if r.y0 < y]
        if not below or (below[0] and small[below[0] - 1]):
            continue
        first = below[0]
        numbered = starts[first] or bool(_PLAIN_NOTE.match(rows[first].text))  # "1 Text" in plain type too
        if (all(small[first:]) and (any(starts[first:]) or notes_before)) or numbered:
            return first, False
    # No separator: footnotes or endnotes in small type, the first one starting with its number.
    for i in range(len(rows)):
        if starts[i] and all(small[i:]):
            return i, True
    return None, False


def _pdf_lines(pages: list[_Page], path: Path, ocr_pages: list[int] = ()) -> RawText:
    all_rows = [r for p in pages for r in p.rows]
    if not all_rows:
        raise InputError("PDF has no text layer (a scanned image?); run with --ocr to read it by OCR", path)
    weights: Counter[float] = Counter()
    for r in all_rows:
        weights[r.size] += len(r.text)
    body_size = weights.most_common(1)[0][0]
    zh = detect_language("".join(r.text for r in all_rows[:400])) == "zh"

    footnotes: dict[int, str] = {}
    body: list[_Row] = []
    stars: list[tuple[int, str]] = []  # (page, "* note") lines from the footnote area
    note: int | None = None
    running = False  # endnotes (no separator) that may run on over the next page
    repeated = repeated_rows(pages)
    for page in pages:
        rows = [r for r in page.rows if not _is_furniture(r, page, repeated)]
        if running and rows and all(r.size < 0.92 * body_size for r in rows):
            start, endnotes = 0, True  # endnotes running on from the previous page
        else:
            start, endnotes = _note_zone_start(rows, page, body_size, note is not None)
        zone = rows[start:] if start is not None else []
        main = rows[:start] if start is not None else rows
        running = endnotes
        if main and _NOTES_TITLE.match(main[-1].text) and zone:
            main = main[:-1]
        body.extend(r for r in main if not _SEPARATOR.match(r.text))
        star = False
        for r in zone:
            if _SEPARATOR.match(r.text):
                continue
            m = _PLAIN_NOTE.match(r.text)
            if r.note is not None:
                note, star = r.note, False
                footnotes[note] = r.text
            elif _STAR.match(r.text):
                stars.append((page.number, r.text))
                star = True
            elif m and (note is None or int(m.group(1)) == note + 1) and r.x0 <= zone[0].x0 + 2:
                note, star = int(m.group(1)), False
                footnotes[note] = m.group(2)
            elif star:
                stars[-1] = (stars[-1][0], join_lines(stars[-1][1], r.text, zh, set()))
            elif note is not None:
                footnotes[note] = join_lines(footnotes[note], r.text, zh, set())
            else:
                body.append(r)

    vocabulary = set() if zh else document_vocabulary([r.text for r in body])
    spaced = zh and _spaces_around_latin([r.text for r in body])

    def join(left: str, right: str) -> str:
        if spaced and left and right and (_is_cjk(left[-1]) and right[0].isascii() and right[0].isalnum()
                                          or left[-1].isascii() and left[-1].isalnum() and _is_cjk(right[0])):
            return f"{left} {right}"  # the space a line break swallowed: "启动了" | "2011-2014"
        return join_lines(left, right, zh, vocabulary)

    paras = _paragraphs(pages, body, body_size, zh, join)
    lines: list[str] = []
    ocr_lines: set[int] = set()
    page_no = 0
    star_at = 0
    for para in paras:
        while page_no < para.first.page:
            while star_at < len(stars) and stars[star_at][0] <= page_no:
                lines.extend(["", stars[star_at][1]])
                star_at += 1
            lines.extend(["", PAGE_BREAK])
            page_no += 1
        if para.hard and lines and lines[-1] not in ("", PAGE_BREAK):
            lines.append("")
        if para.first.page in ocr_pages:
            ocr_lines.add(len(lines))
        lines.append(para.text)
    lines.extend(["", *[s for _, s in stars[star_at:]]])
    return RawText(lines=lines, source=str(path), format="pdf", footnotes=footnotes, ocr_pages=list(ocr_pages),
                   ocr_lines=ocr_lines)


def _spaces_around_latin(texts: list[str]) -> bool:
    """Whether this Chinese text writes a space between Chinese and numbers or Latin words
    ("2011 年", "第 65/308 号"), as UN Chinese documents mostly do."""
    text = "\n".join(texts)
    spaced = len(re.findall(r"[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z] [\u4e00-\u9fff]", text))
    tight = len(re.findall(r"[\u4e00-\u9fff][0-9A-Za-z]|[0-9A-Za-z][\u4e00-\u9fff]", text))
    return spaced > 2 * tight


# --------------------------------------------------------------------------- paragraphs
def _paragraphs(pages: list[_Page], body: list[_Row], body_size: float, zh: bool,
                join: Callable[[str, str], str]) -> list[_Para]:
    # Typical line pitch (as a multiple of the type size) inside paragraphs.
    ratios: Counter[float] = Counter()
    for a, b in zip(body, body[1:]):
        if a.page == b.page and a.size == b.size and a.y0 > b.y0:
            ratios[round((a.y0 - b.y0) / a.size, 1)] += 1
    pitch = ratios.most_common(1)[0][0] if ratios else 1.2
    # The text column (left margin, right edge) of odd and of even pages, which may be mirrored,
    # from the lines of running text: body type, wider than 40% of the page.
    edges: dict[int, tuple[float, float]] = {}
    for parity in (0, 1):
        rows = [r for r in body if r.page % 2 == parity and abs(r.size - body_size) <= 1
                and r.x1 - r.x0 > 0.4 * pages[r.page].width]
        if rows:
            lefts, rights = sorted(r.x0 for r in rows), sorted(r.x1 for r in rows)
            edges[parity] = (lefts[len(lefts) // 20], rights[int(len(rights) * 0.9)])
    default = edges.get(0) or edges.get(1) or (0.0, max((r.x1 for r in body), default=0.0))

    def column(page: int) -> tuple[float, float]:
        return edges.get(page % 2, default)

    near = sum(1 for r in body if abs(r.x1 - column(r.page)[1]) <= 0.3 * r.size)
    justified = near > 0.4 * len(body)

    def wraps(a: _Row, b: _Row) -> bool:
        """a is a full line, so b continues it: in justified text a reaches the right edge; in
        ragged text the first word of b would not have fitted at the end of a."""
        left, right = column(a.page)
        if a.x1 - a.x0 < 0.5 * (right - left):
            return False  # masthead lines and table cells are narrow; they do not wrap into each other
        if justified and abs(a.size - body_size) <= 1 and not a.bold:  # headings are ragged
            return a.x1 >= right - 0.8 * a.size
        return a.x1 + 0.3 * a.size + b.first_word > right - 0.5 * a.size

    # Table rows: cells side by side on one line (after the first page, whose masthead columns are
    # read apart). A row becomes one line, "Region | Amount", set apart from the text around it.
    cells = {id(x) for a, b in zip(body, body[1:]) if a.page == b.page > 0 and abs(a.y0 - b.y0) < 0.3 * a.size
             for x in (a, b)}
    paras: list[_Para] = []
    for r in body:
        if not paras:
            paras.append(_Para(r.text, r, r))
            continue
        p = paras[-1]
        a = p.last
        size = max(a.size, r.size)
        same_style = abs(a.size - r.size) <= 1 and (a.bold == r.bold or wraps(a, r))
        if a.page == r.page and r.y0 >= a.y0 - 0.3 * size:  # another cell on the same line
            if id(r) in cells:
                p.text, p.last = f"{p.text} | {r.text}", r
            else:
                paras.append(_Para(r.text, r, r, hard=False))
            continue
        if id(r) in cells or id(a) in cells:
            paras.append(_Para(r.text, r, r))
            continue
        if a.page == r.page:
            gap_ok = a.y0 - r.y0 <= pitch * size * 1.3
            indented = r.x0 > a.x0 + 0.8 * size and not wraps(a, r) and not label_start(a.text)
            # A label starts a paragraph, unless the line before runs on into it (a full line that
            # ends mid-sentence); "㈢ … 面积系数。" reaching the right edge does not run on into "3. …".
            starts_new = label_start(r.text) and (not wraps(a, r) or ends_sentence(a.text))
            hard = not (same_style and gap_ok and not indented and not starts_new)
        else:
            # Indents are measured from each page's margin: odd and even pages may be mirrored.
            indent = (r.x0 - column(r.page)[0]) - (a.x0 - column(a.page)[0])
            hard = not (
                same_style
                and (indent <= 0.8 * size or label_start(a.text))
                and not label_start(r.text)
                and (wraps(a, r) or not ends_sentence(a.text) or r.text[:1].islower())
            )
        if hard:
            paras.append(_Para(r.text, r, r))
        elif wraps(a, r) or a.text.endswith("-") or (not ends_sentence(a.text) and (r.text[:1].islower() or zh)):
            p.text = join(p.text, r.text)
            p.last = r
        else:
            paras.append(_Para(r.text, r, r, hard=False))
    return paras


OCR_MODES = ("off", "on", "auto")


def read_pdf(path: str | Path, ocr: str = "off", lang: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> RawText:
    """The PDF's lines. `ocr`: "off" reads the text layer and refuses one that is missing or not
    readable text; "on" reads every page by OCR; "auto" only the pages without a usable text layer."""
    path = Path(path)
    pages = [_page(layout, i) for i, layout in enumerate(_open_pages(path))]
    if ocr == "off":
        problem = text_layer_problem("".join(r.text for p in pages for r in p.rows))
        if problem:
            raise InputError(f"the PDF's text layer is not readable text ({problem}); run with --ocr", path)
        return _pdf_lines(pages, path)
    todo = [p.number for p in pages if ocr == "on" or not p.rows or text_layer_problem(
        "".join(r.text for r in p.rows)) is not None]
    if todo:
        from align.documents.ocr import recognise

        for o in recognise(path, todo, lang or "zh", progress):
            pages[o.number] = _ocr_page(o)
    return _pdf_lines(pages, path, todo)


def _ocr_page(page) -> _Page:
    """An OCR'd page as the layout logic sees a text layer: a glyph per character of each word, split
    evenly over the word's box, and a space glyph where words are spaced (not between Chinese words)."""
    glyphs: list[_Glyph] = []
    for w in page.words:
        if w.space_before and glyphs and not (_is_cjk(w.text[0]) or _is_cjk(glyphs[-1].text[-1])):
            glyphs.append(_Glyph(" ", glyphs[-1].x1, w.x0, w.y0, w.y0 + w.size, w.size, False))
        step = (w.x1 - w.x0) / len(w.text)
        for k, ch in enumerate(w.text):
            glyphs.append(_Glyph(ch, w.x0 + k * step, w.x0 + (k + 1) * step, w.y0, w.y0 + w.size, w.size, False))
    return _Page(page.number, page.width, page.height, _rows(glyphs, page.number), page.rules)
