"""Read a Word (.docx) file into raw lines: one line per paragraph, tables row by row.

UN Word files number paragraphs, items and headings with automatic list numbering: "12." is not in
the text but in numbering.xml. The numbers are rebuilt here from the numbering definitions (the
paragraph's own numPr or its style's), so the segmenter sees "12. The Commission ..." as in print.
Footnotes live in footnotes.xml, which python-docx does not expose: their bodies are read with lxml
into `RawText.footnotes`, and each reference becomes a superscript marker (¹ ²) in the text, which
the segmenter records on the block. Notes with a custom mark ("*" on an agenda item) become a
"* text" line after their paragraph, as they are printed at the foot of the masthead page.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from align.documents.numerals import ZH_ITEM_LABELS, ZH_STEM_LABELS
from align.documents.raw import RawText
from align.errors import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ZH_DIGITS = "〇一二三四五六七八九"


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
    reader = _Reader(document)
    lines = reader.read()
    if not any(line.strip() for line in lines):
        raise InputError("document has no text", path)
    return RawText(lines=lines, source=str(path), format="docx", footnotes=reader.footnotes)


def _related_xml(document, kind: str):
    """The XML root of a part related to the main document (numbering, footnotes, ...), or None."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == _RT + kind and not rel.is_external:
            return etree.fromstring(rel.target_part.blob)
    return None


def _val(el, tag: str) -> str | None:
    child = el.find(_W + tag) if el is not None else None
    return child.get(_W + "val") if child is not None else None


# --------------------------------------------------------------------------- numbering
def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        k = n
        while k > 0:
            k, r = divmod(k - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out, k = "", n
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while k >= value:
                out, k = out + numeral, k - value
        return out.upper() if fmt == "upperRoman" else out
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "ideographDigital"):
        if fmt == "ideographDigital" or n >= 100:
            return "".join(_ZH_DIGITS[int(d)] for d in str(n))
        tens, ones = divmod(n, 10)
        return ("" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")) + (
            _ZH_DIGITS[ones] if ones or not tens else "")
    if fmt == "ideographTraditional" and 1 <= n <= len(ZH_STEM_LABELS):
        return ZH_STEM_LABELS[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= len(ZH_ITEM_LABELS):
        return ZH_ITEM_LABELS[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # isLgl: every level shown in decimal (1.2.3)
    restart: int | None = None  # lvlRestart: restart after this level (1-based); None = after any higher


@dataclass
class _Numbering:
    """Automatic numbering as Word computes it: counters per abstract list, levels restarting when
    a higher level moves on, start overrides when a list instance restarts numbering."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (abstractId, overrides)
    style_levels: dict[str, tuple[str, int]] = field(default_factory=dict)  # pStyle on a level -> (numId?, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root) -> _Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for absnum in root.iter(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in absnum.iter(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = _Level(
                    start=int(_val(lvl, "start") or 1),
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else "",
                    legal=lvl.find(_W + "isLgl") is not None,
                    restart=int(_val(lvl, "lvlRestart")) if _val(lvl, "lvlRestart") else None,
                )
            numbering.abstract[absnum.get(_W + "abstractNumId")] = levels
        for num in root.iter(_W + "num"):
            overrides: dict[int, int] = {}
            for ov in num.iter(_W + "lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[int(ov.get(_W + "ilvl", "0"))] = int(start)
            numbering.nums[num.get(_W + "numId")] = (_val(num, "abstractNumId") or "", overrides)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The printed label of the next paragraph in list num_id at level ilvl ("12.", "(a)")."""
        if num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for k, start in overrides.items():
                counters[k] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for k in list(counters):
            if k > ilvl and (levels.get(k) is None or levels[k].restart is None or levels[k].restart > ilvl):
                del counters[k]
        if level.fmt == "bullet":
            return "•"

        def part(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            n = counters.get(k, lvl.start)
            return _format_number(n, "decimal" if level.legal and k != ilvl else lvl.fmt)

        return re.sub(r"%(\d)", part, level.text)


# --------------------------------------------------------------------------- document
def _blocks(parent):
    """Paragraphs and tables in document order, also inside content controls (w:sdt)."""
    for el in parent:
        if el.tag in (_W + "p", _W + "tbl"):
            yield el
        elif el.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _blocks(el)


class _Reader:
    def __init__(self, document):
        self.document = document
        self.numbering = _Numbering.read(_related_xml(document, "numbering"))
        self.styles = self._styles()
        self.notes: dict[str, dict[str, str]] = {
            kind: self._notes(_related_xml(document, kind + "s")) for kind in ("footnote", "endnote")
        }
        self.footnotes: dict[int, str] = {}
        self.star_notes: list[str] = []
        self.next_note = 1

    def _styles(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """styleId -> (numId, ilvl, basedOn) for paragraph styles."""
        out = {}
        for style in self.document.styles.element.iter(_W + "style"):
            ppr = style.find(_W + "pPr")
            numpr = ppr.find(_W + "numPr") if ppr is not None else None
            out[style.get(_W + "styleId")] = (_val(numpr, "numId"), _val(numpr, "ilvl"), _val(style, "basedOn"))
        return out

    def _notes(self, root) -> dict[str, str]:
        if root is None:
            return {}
        notes = {}
        for note in root:
            if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            paragraphs = [self._plain_text(p) for p in note.iter(_W + "p")]
            notes[note.get(_W + "id")] = " ".join(p for p in paragraphs if p).strip()
        return notes

    @staticmethod
    def _plain_text(p) -> str:
        parts = []
        for el in p.iter(_W + "t", _W + "tab"):
            parts.append(el.text or "" if el.tag == _W + "t" else " ")
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def read(self) -> list[str]:
        lines: list[str] = []
        for el in _blocks(self.document.element.body):
            if el.tag == _W + "p":
                self._paragraph(el, lines)
            elif el.tag == _W + "tbl":
                for row in el.iter(_W + "tr"):  # one line per row: "Africa | 12"
                    cells = [" ".join(t for p in cell.iter(_W + "p") if (t := self._text(p)))
                             for cell in row.iter(_W + "tc")]
                    lines.extend([" | ".join(c for c in cells if c), ""])
        return lines

    def _paragraph(self, p, lines: list[str]) -> None:
        text = self._text(p)
        label = self._label(p)
        if label and text:
            text = f"{label} {text}"
        lines.append(text)
        lines.append("")
        for note in self.star_notes:  # printed at the foot of the page; kept next to their paragraph
            lines.extend([note, ""])
        self.star_notes.clear()

    def _label(self, p) -> str | None:
        ppr = p.find(_W + "pPr")
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
        style = _val(ppr, "pStyle") if ppr is not None else None
        seen = set()
        while num_id is None and style and style not in seen:  # numbering set on the style
            seen.add(style)
            style_num, style_ilvl, based_on = self.styles.get(style, (None, None, None))
            num_id, ilvl = style_num, ilvl or style_ilvl
            style = based_on
        if num_id is None or num_id == "0":
            return None
        return self.numbering.label(num_id, int(ilvl or 0))

    def _text(self, p) -> str:
        parts: list[str] = []
        for run in p.iter(_W + "r"):
            if any(a.tag in (_W + "del", _W + "moveFrom") for a in run.iterancestors()):
                continue
            rpr = run.find(_W + "rPr")
            if rpr is not None and rpr.find(_W + "vanish") is not None:
                continue
            sup = _val(rpr, "vertAlign") == "superscript"
            custom = False
            for el in run:
                tag = el.tag
                if tag in (_W + "footnoteReference", _W + "endnoteReference"):
                    kind = "footnote" if tag == _W + "footnoteReference" else "endnote"
                    body = self.notes[kind].get(el.get(_W + "id"), "")
                    if el.get(_W + "customMarkFollows") in ("1", "true", "on"):
                        custom = True  # the mark ("*") is the run's own text
                        self.star_notes.append(body if body.startswith("*") else f"* {body}")
                        continue
                    number = self.next_note
                    self.next_note += 1
                    self.footnotes[number] = body
                    parts.append(str(number).translate(_SUPERSCRIPT))
                elif tag == _W + "t":
                    text = el.text or ""
                    parts.append(text.translate(_SUPERSCRIPT) if sup and text.isdigit() and not custom else text)
                elif tag in (_W + "tab", _W + "ptab"):
                    parts.append(" ")
                elif tag in (_W + "br", _W + "cr"):
                    parts.append(" ")
                elif tag == _W + "noBreakHyphen":
                    parts.append("-")
        return re.sub(r"[ \t]+", " ", "".join(parts)).strip()
