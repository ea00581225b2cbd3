"""Write Word files the way UN Word files are made, for tests: automatic list numbering from
numbering.xml, real footnotes in footnotes.xml, running header and footer. python-docx writes the
document; the parts it has no API for (footnotes, list definitions, fields) are added as XML."""

from __future__ import annotations

from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


class UNDocx:
    """A Word document with UN-style numbered paragraphs, items, headings and footnotes."""

    def __init__(self, font: str | None = None, east_asia_font: str | None = None, size_pt: float | None = None):
        self.document = docx.Document()
        self.footnotes: list[tuple[int, str]] = []
        normal = self.document.styles["Normal"]
        if size_pt:
            normal.font.size = docx.shared.Pt(size_pt)
        if font or east_asia_font:
            rpr = normal.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
                rpr.append(fonts)
            for attr in ("w:ascii", "w:hAnsi") if font else ():
                fonts.set(qn(attr), font)
            if east_asia_font:
                fonts.set(qn("w:eastAsia"), east_asia_font)
        # Footnotes in smaller type, their numbers raised, as Word's own styles print them.
        footnote_text = self.document.styles.add_style("Footnote Text", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        footnote_text.base_style = normal
        footnote_text.font.size = docx.shared.Pt((size_pt or 11) * 0.8)
        footnote_text.element.set(qn("w:styleId"), "FootnoteText")
        reference = self.document.styles.add_style("Footnote Reference", docx.enum.style.WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True
        reference.element.set(qn("w:styleId"), "FootnoteReference")
        # Two multi-level lists, as in the UN templates: paragraphs 1. with items (a) (i) under them,
        # and headings with chapters and sections. Chinese documents count chapters 一, 二, 三.
        self.paragraph_list = self._add_list(
            [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")]
        )
        self.heading_list = None

    def heading_numbering(self, chapter_format: str = "upperRoman") -> None:
        self.heading_list = self._add_list([(chapter_format, "%1."), ("upperLetter", "%2.")])

    def _add_list(self, levels: list[tuple[str, str]]) -> str:
        numbering = self.document.part.numbering_part.element
        abstract_id = str(100 + len(numbering.findall(qn("w:abstractNum"))))
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{567 * (i + 1)}" w:hanging="567"/></w:pPr></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">'
                             f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num_id = str(100 + len(numbering.findall(qn("w:num"))))
        numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
        return num_id

    @staticmethod
    def _number(paragraph, num_id: str, level: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    def text(self, text: str = "", bold: bool = False, size_pt: float | None = None, style: str | None = None):
        paragraph = self.document.add_paragraph(style=style)
        self._runs(paragraph, text, bold=bold, size_pt=size_pt)
        return paragraph

    def numbered(self, text: str, level: int = 0):
        """A paragraph (level 0), item (1) or sub-item (2) numbered automatically."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.alignment = docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
        self._number(paragraph, self.paragraph_list, level)
        self._runs(paragraph, text)
        return paragraph

    def heading(self, text: str, level: int = 0, numbered: bool = True):
        """A chapter (0) or section (1) heading, numbered automatically; unnumbered sub-headings too."""
        paragraph = self.document.add_paragraph()
        if numbered:
            if self.heading_list is None:
                self.heading_numbering()
            self._number(paragraph, self.heading_list, level)
        self._runs(paragraph, text, bold=True, size_pt=14 if level == 0 and numbered else None)
        return paragraph

    def _runs(self, paragraph, text: str, bold: bool = False, size_pt: float | None = None) -> None:
        """Text with footnote references written as {fn:Body text} in place."""
        import re

        pos = 0
        for m in re.finditer(r"\{fn:(.*?)\}", text):
            self._run(paragraph, text[pos:m.start()], bold, size_pt)
            self.footnote_reference(paragraph, m.group(1))
            pos = m.end()
        self._run(paragraph, text[pos:], bold, size_pt)

    @staticmethod
    def _run(paragraph, text: str, bold: bool, size_pt: float | None) -> None:
        if not text:
            return
        run = paragraph.add_run(text)
        run.bold = bold or None
        if size_pt:
            run.font.size = docx.shared.Pt(size_pt)

    def footnote_reference(self, paragraph, body: str, mark: str | None = None) -> None:
        """A real footnote: reference in the text, body in footnotes.xml; `mark` for "*" notes."""
        note_id = len(self.footnotes) + 1
        self.footnotes.append((note_id, f"{mark} {body}" if mark else body))
        custom = ' w:customMarkFollows="1"' if mark else ""
        paragraph._p.append(parse_xml(
            f'<w:r {W_NS}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"{custom}/></w:r>'))
        if mark:
            paragraph._p.append(parse_xml(
                f'<w:r {W_NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>{escape(mark)}</w:t></w:r>'))

    def header_footer(self, header: str, footer: str) -> None:
        """Running header (the symbol) and footer (job number and page number field)."""
        section = self.document.sections[0]
        section.header.paragraphs[0].text = header
        footer_paragraph = section.footer.paragraphs[0]
        footer_paragraph.text = footer + "    "
        footer_paragraph._p.append(parse_xml(f'<w:fldSimple {W_NS} w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
                                             f'</w:fldSimple>'))

    def save(self, path) -> None:
        if self.footnotes:
            notes = "".join(
                f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                + ("" if body.startswith("*") else
                   '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>')
                + f'<w:r><w:t xml:space="preserve"> {escape(body)}</w:t></w:r></w:p></w:footnote>'
                for note_id, body in self.footnotes
            )
            xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W_NS}>'
                   '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                   '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                   f'</w:r></w:p></w:footnote>{notes}</w:footnotes>')
            part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"),
                        self.document.part.package)
            self.document.part.relate_to(part, RT.FOOTNOTES)
        self.document.save(str(path))


def seed_as_word(seed_path, seed_doc, path, header: str = "E/CN.7/2012/2", footer: str = "V.12-50567 (C)",
                 first_heading: str = "一. 导言和战略方向") -> None:
    """The seed report as its Word original would be: masthead and contents as typed lines, then
    the body with automatic numbering (一. / A. headings, 1. paragraphs, (a) items), real footnotes
    at their markers, Chinese fonts, header and footer. The structure comes from the text version;
    each marker's place is found from the characters printed before it in the text."""
    import re

    lines = seed_path.read_text(encoding="utf-8").splitlines()
    body_start = lines.index(first_heading)
    before = {}
    for line in lines:
        for m in re.finditer(r"(.{6})([¹²³⁴⁵⁶⁷⁸⁹⁰]+)", line):
            before[int(m.group(2).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")))] = m.group(1)
    d = UNDocx(font="Liberation Serif", east_asia_font="Noto Serif CJK SC", size_pt=10.5)
    d.heading_numbering("chineseCounting")
    for line in lines[:body_start]:
        if line.strip() == "目录":
            d.document.add_page_break()
        if line.strip():
            d.text(line.strip())
    if body_start:
        d.document.add_page_break()
    for b in seed_doc.blocks:
        text = b.text
        for n in b.footnotes:
            k = text.index(before[n]) + len(before[n])
            text = f"{text[:k]}{{fn:{seed_doc.footnotes[n]}}}{text[k:]}"
        if b.kind == "heading":
            d.heading(text, level=b.level - 1, numbered=b.level < 3)
        else:
            d.numbered(text, level=0 if b.kind == "paragraph" else 1)
    d.header_footer(header, footer)
    d.save(path)
