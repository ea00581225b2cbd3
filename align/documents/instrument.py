"""Legal instruments: treaties, conventions, charters, declarations, regulations and the annexes that
carry them, in Chinese and English.

They are built from articles, not numbered paragraphs: parts (第一部分 / Part I), chapters (第一章 /
Chapter I), sections (第1节 / Section 1), articles (第八条之二 / Article 8 bis; Regulation 8, Rule 8),
paragraphs inside an article (一、 / 1.), items ((a), (子), (甲), （一）), sub-items (㈠ / (i)) and
sub-sub-items (a.), preambular paragraphs, and annexes. Ids are the ones translators cite:

    part4  ch2  part3.sec1  art8bis  art12.p3  art12.p3.a  art12.p3.a.i  pre  pre3  annex1.p8.a

Text without a printed number gets a counted id that says so: `art2.b1` (first unnumbered block of
article 2, such as the chapeau before its numbered paragraphs, or a paragraph of an article whose
paragraphs are not numbered), `pre.h1` (an unnumbered heading line of the preamble), `title`.
Printed numbers (articles, parts, numbered paragraphs and items) are anchors for the aligner; counted
ids are not (`anchor_key`).

The parser works on units (one line of a text file, one paragraph of a PDF or Word file) and keeps
them one block each, so the block boundaries of the bundled Charter and UDHR (and their gold
alignments) stay as they were. Two repairs change boundaries, both where a layout put two things on
one line or one thing on two: a heading label alone on its line takes the title on the next line
("第8条" / "考古或历史文物"), and an English regulation heading run into its text ("Regulation 8.
Objects of an archaeological or historical nature A prospector shall ...") is split in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from align.documents.lines import ends_sentence
from align.documents.numerals import ZH_ITEM_LABELS, ZH_STEM_LABELS, roman_to_int, zh_to_int
from align.script import fold

_ZH_DIGITS = "一二三四五六七八九十百零〇两"
_N = rf"[{_ZH_DIGITS}0-9０-９]+"
_SUFFIXES = ["", "", "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"]
_LATIN = "|".join(_SUFFIXES[2:])

PART = re.compile(rf"^(?:第\s*({_N})\s*部分|(?:Part|PART)\s+([IVXLC]+|\d+)\b)\s*[.:：]?\s*(.*)$")
CHAPTER = re.compile(rf"^(?:第\s*({_N})\s*章|(?:Chapter|CHAPTER)\s+([IVXLCl]+|\d+)\b)\s*[.:：]?\s*(.*)$")
SECTION = re.compile(rf"^(?:第\s*({_N})\s*[节節]|(?:Section|SECTION)\s+([IVXLC]+|\d+|[A-Z])\b)\s*[.:：]?\s*(.*)$")
ARTICLE = re.compile(
    rf"^(?:第\s*({_N})\s*[条條](?:之\s*([{_ZH_DIGITS}]+))?"
    rf"|(?:Article|ARTICLE|Regulation|REGULATION|Rule|RULE)\s+(\d+)(?:\s*({_LATIN}))?\b)\s*([.:：]?)\s*(.*)$"
)
ANNEX = re.compile(rf"^(?:附件|Annex|ANNEX|Appendix|附录)\s*({_N}|[IVXLC]+\b|[A-Z]\b)?\s*[.:：]?\s*(.*)$")
PREAMBLE = re.compile(r"^(?:序言|序文|前言|弁言|Preamble|PREAMBLE)$")

_PARA_NUM = re.compile(r"^(\d{1,3})\s*[.．]\s*(\S.*)$")
_ZH_PARA_NUM = re.compile(rf"^([{_ZH_DIGITS}]+)\s*[、.．]\s*(\S.*)$")
_SUBNUMBER = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2})+)[.．]?\s+(\S.*)$")  # "4.1 Clause" in standard clauses
_PAREN_ITEM = re.compile(
    r"^[(（]\s*([a-z]{1,2}|[ivxl]{1,6}|[" + ZH_ITEM_LABELS + ZH_STEM_LABELS + _ZH_DIGITS + r"]{1,3})\s*[)）]\s*(.*)$",
    re.DOTALL,
)
_CIRCLED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"  # U+3220..: sub-items (i), (ii) in UN Chinese
_CIRCLED_ITEM = re.compile(rf"^([{_CIRCLED}])\s*(.*)$")
_DOT_ITEM = re.compile(r"^([a-z])\s*[.．]\s+(\S.*)$")  # "a. text": sub-sub-items of UN regulations
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]
# A Chinese title never starts like running text that happens to begin with 第N条 ("第3条第4款所述…").
_ZH_NOT_TITLE = tuple("第款项或和及与所的中规之至、，,（(")


@dataclass
class Unit:
    """One block of an instrument, with the id it is cited by."""

    kind: str  # heading, paragraph, item
    text: str
    id: str
    level: int = 0
    number: str | None = None
    label: str | None = None
    part: str = "body"
    anchor: bool = False  # the id carries printed numbers (an alignment anchor)
    footnotes: list[int] = field(default_factory=list)
    source: int = 0  # index of the unit it was made from


def _num(zh: str | None, latin: str | None) -> int | None:
    if zh:
        zh = zh.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        return int(zh) if zh.isdigit() else zh_to_int(zh)
    if latin is None:
        return None
    return int(latin) if latin.isdigit() else roman_to_int(latin.replace("l", "I"))


def _suffix(zh_after: str | None, latin: str | None) -> str:
    if latin:
        return latin.lower()
    n = zh_to_int(zh_after) if zh_after else None
    return _SUFFIXES[n] if n and n < len(_SUFFIXES) else ""


def _title_like(text: str, zh: bool) -> bool:
    t = text.strip()
    if not t or ends_sentence(t) or t.endswith(("，", ",")):
        return False
    if zh:
        return len(t) <= 60 and not t.startswith(_ZH_NOT_TITLE)
    return len(t) <= 160 and not t[:1].islower()


_FUNCTION = {"the", "of", "and", "or", "for", "to", "in", "on", "by", "with", "a", "an", "at", "from", "as",
             "its", "their", "under", "into", "between", "other", "than"}


def split_run_in(rest: str, starters: set[str]) -> tuple[str, str] | None:
    """"Objects of an archaeological or historical nature A prospector shall ..." -> (title, text).

    The text starts at a capitalised word after a word that can end a title (not a function word);
    among such places, one where the document starts sentences with that word is preferred."""
    words = rest.split(" ")
    candidates = []
    for k in range(1, len(words)):
        w, prev = words[k], words[k - 1]
        if w[:1].isupper() and prev and prev.lower() not in _FUNCTION and not prev.endswith((",", ";", ":")):
            candidates.append(k)
    if not candidates:
        return None
    k = next((c for c in candidates if words[c] in starters), candidates[0])
    title, text = " ".join(words[:k]), " ".join(words[k:])
    if not ends_sentence(text) or len(title) > 160:
        return None
    return title, text


def sentence_starters(lines: Iterable[str]) -> set[str]:
    """Words an English text starts its paragraphs and sentences with."""
    out: set[str] = set()
    for line in lines:
        for m in re.finditer(r"(?:^|[.;:]\s+)([A-Z][a-z]*)\b", line.strip()):
            out.add(m.group(1))
    return out


@dataclass
class _Heading:
    kind: str  # part, chapter, section, article, annex, preamble
    number: int | None
    suffix: str
    label: str
    title: str  # "" when the label stands alone on its line
    run_in: str = ""  # text that followed the title on the same line


def match_heading(s: str, zh: bool, starters: set[str] = frozenset()) -> _Heading | None:
    """A structural heading of an instrument at the start of a line, or None."""
    if PREAMBLE.match(s):
        return _Heading("preamble", None, "", s, "")
    for kind, rx in (("part", PART), ("chapter", CHAPTER), ("section", SECTION)):
        m = rx.match(s)
        if m:
            n = _num(m.group(1), m.group(2))
            title = m.group(3).strip()
            if n is None or (title and not _title_like(title, zh)):
                return None
            return _Heading(kind, n, "", s[: len(s) - len(m.group(3))].strip() if title else s, title)
    m = ARTICLE.match(s)
    if m:
        n = _num(m.group(1), m.group(3))
        if n is None:
            return None
        label = s[: m.start(6)].strip() if m.group(6) else s
        rest = m.group(6).strip()
        heading = _Heading("article", n, _suffix(m.group(2), m.group(4)), label, "")
        if not rest:
            return heading
        if _title_like(rest, zh):
            heading.title = rest
            return heading
        if not zh and m.group(5) == ".":  # "Regulation 8. Title Text of the regulation."
            split = split_run_in(rest, starters)
            if split:
                heading.title, heading.run_in = split
                return heading
        return None
    m = ANNEX.match(s)
    if m:
        title = m.group(2).strip()
        if title and not _title_like(title, zh):
            return None
        n = _num(m.group(1), None) if m.group(1) and not m.group(1).isascii() else (
            _num(None, m.group(1)) if m.group(1) else None)
        if m.group(1) and n is None and len(m.group(1)) == 1 and m.group(1).isupper():
            n = ord(m.group(1)) - ord("A") + 1  # Annex A, B
        label = s[: len(s) - len(m.group(2))].strip() if title else s
        return _Heading("annex", n, "", label, title)
    return None


def count_articles(lines: Iterable[str], zh: bool) -> int:
    """How many article headings numbered in sequence (1, 2, 3 ... or with bis/ter) the lines hold."""
    last, found = 0, 0
    for line in lines:
        h = match_heading(line.strip(), zh)
        if h and h.kind == "article" and h.number is not None and (last < h.number <= last + 3 or
                                                                    (h.number == last and h.suffix)):
            last, found = h.number, found + 1
    return found


def is_instrument(lines: list[str], zh: bool) -> bool:
    return count_articles(lines, zh) >= 3


def anchor_key(bid: str) -> str | None:
    """The id as an alignment anchor when it is made of printed numbers (art8bis, art12.p3.a, part4,
    annex1.p3), None when it counts unnumbered text (art2.b1, pre3, pre.h1, title)."""
    if re.search(r"(?:^|\.)(?:b|h)\d+$|^(?:pre|intro)\d+$|^(?:pre|intro)\.h\d+$|^title$|~\d+$", bid):
        return None
    return bid


def is_instrument_id(bid: str) -> bool:
    return bool(re.match(r"^(?:annex\d+\.)?(?:part|ch|sec|art|pre|intro|title|annex)", bid))


_ITEM_TYPES = ("alpha", "roman", "dot")


class InstrumentParser:
    """Units in reading order -> `Unit`s with instrument ids."""

    def __init__(self, zh: bool, starters: set[str] = frozenset(), preamble_ahead: bool = False):
        self.zh = zh
        self.starters = starters
        self.units: list[Unit] = []
        self.seen: set[str] = set()
        self.prefix = ""  # "annex2." inside an annex
        self.part = "body"
        self.annexes = 0
        self.in_front = True  # before the first part, chapter, section or article
        self.has_preamble = False
        self.preamble_heading_seen = False
        self.front_counts = {"pre": [0, 0], "intro": [0, 0]}  # headings, paragraphs before the first article
        self.scope_part: str | None = None  # part4
        self.scope_chapter: str | None = None  # ch2
        self.scope_section: str | None = None  # part3.sec1
        self.article: str | None = None  # art8bis
        self.last_article = 0
        self.paragraph: str | None = None  # art12.p3
        self.last_para = 0
        self.items: list[tuple[str, str, str]] = []  # (type, number, id) from outer to inner
        self.counted: dict[str, int] = {}  # scope -> unnumbered blocks so far
        self.pending_title: Unit | None = None  # a heading label alone on its line
        self.preamble_ahead = preamble_ahead  # a "Preamble" heading comes before the first article
        self.before_heading = False

    # ------------------------------------------------------------------ helpers
    def _scope(self, outer: bool = False) -> str:
        """The id unnumbered text is counted under: the article, else (or, for a sub-heading over the
        next article, always) the section, chapter or part."""
        for s in (None if outer else self.article, self.scope_section, self.scope_chapter, self.scope_part):
            if s:
                return s
        return self.prefix.rstrip(".") or "body"

    source = 0

    def _add(self, unit: Unit) -> Unit:
        unit.part = self.part
        unit.source = self.source
        if unit.id in self.seen:
            unit.id = f"{unit.id}~{len(self.units) + 1}"
            unit.anchor = False
        self.seen.add(unit.id)
        self.units.append(unit)
        return unit

    def _counted(self, kind: str, text: str, heading: bool, outer: bool = False) -> Unit:
        scope = self._scope(outer)
        key = f"{scope}:{'h' if heading else 'b'}"
        self.counted[key] = self.counted.get(key, 0) + 1
        k = self.counted[key]
        bid = f"{scope}.{'h' if heading else 'b'}{k}" if scope != "body" else f"{'h' if heading else 'b'}{k:04d}"
        return self._add(Unit(kind, text, bid, level=3 if heading else 0))

    # ------------------------------------------------------------------ main
    after_heading = False

    def feed(self, s: str, before_heading: bool = False) -> None:
        """One unit of text (a line of a text file, a paragraph of a PDF or Word file);
        `before_heading` when the next unit is a part, chapter, section or article heading."""
        self.before_heading = before_heading
        if self.pending_title is not None:
            title = self.pending_title
            self.pending_title = None
            if _title_like(s, self.zh) and match_heading(s, self.zh) is None and not self._numbered(s):
                title.text = s  # "第8条" / "考古或历史文物": the title of the heading above
                return
        h = match_heading(s, self.zh, self.starters)
        if h is not None and self._heading(h, s):
            return
        if not self._numbered_unit(s):
            self._plain(s)
        self.after_heading = False

    def _numbered(self, s: str) -> bool:
        return bool(_PARA_NUM.match(s) or _PAREN_ITEM.match(s) or _CIRCLED_ITEM.match(s)
                    or (self.zh and _ZH_PARA_NUM.match(s)))

    def _heading(self, h: _Heading, s: str) -> bool:
        text = h.title or s
        if h.kind == "preamble":
            if not self.in_front or self.preamble_heading_seen:
                return False
            self.preamble_heading_seen = True
            self.has_preamble = True
            self._add(Unit("heading", s, f"{self.prefix}pre", level=1, label=s, anchor=True))
            return True
        if h.kind == "annex":
            # An annex is numbered beyond the last one; "Annex" above the instrument that a decision adopts,
            # a section titled "Annexes" and the schedules of a model contract (附件1 inside annex 3) are not.
            if h.number is None or h.number <= self.annexes or self.last_article == 0 and self.in_front:
                return False
            n = self.annexes = h.number
            self.part = f"annex{n}"
            self.prefix = f"annex{n}."
            self.scope_part = self.scope_chapter = self.scope_section = self.article = self.paragraph = None
            self.last_article = self.last_para = 0
            self.items = []
            self.in_front = False
            unit = self._add(Unit("heading", text, f"annex{n}", level=1, number=str(n), label=h.label, anchor=True))
            if not h.title:
                self.pending_title = unit
            return True
        if h.kind == "article":
            n = h.number or 0
            if not (self.last_article < n <= self.last_article + 3 or (n == self.last_article and h.suffix)
                    or (self.last_article == 0 and n <= 2)):
                return False
            self.last_article = n
            number = f"{n}{h.suffix}"
            self.article = f"{self.prefix}art{number}"
            self.paragraph, self.last_para, self.items = None, 0, []
            self.in_front = False
            self.after_heading = True
            unit = self._add(Unit("heading", text, self.article, level=2, number=number, label=h.label,
                                  anchor=True))
            if h.run_in:
                self._plain(h.run_in)
            elif not h.title:
                self.pending_title = unit
            return True
        # part, chapter, section
        n = h.number or 0
        self.in_front = False
        self.article, self.paragraph, self.items = None, None, []
        self.after_heading = True  # paragraph numbers may run on through sections, or start again
        if h.kind == "part":
            self.scope_part = f"{self.prefix}part{n}"
            self.scope_chapter = self.scope_section = None
            bid, level = self.scope_part, 1
        elif h.kind == "chapter":
            self.scope_chapter = f"{self.prefix}ch{n}"
            self.scope_section = None
            bid, level = self.scope_chapter, 1
        else:
            parent = self.scope_chapter or self.scope_part or self.prefix.rstrip(".")
            self.scope_section = f"{parent}.sec{n}" if parent else f"sec{n}"
            bid, level = self.scope_section, 2
        unit = self._add(Unit("heading", text, bid, level=level, number=str(n), label=h.label, anchor=True))
        if not h.title:
            self.pending_title = unit
        return True

    def _numbered_unit(self, s: str) -> bool:
        if self.in_front:
            return False
        m = _SUBNUMBER.match(s)
        if m:
            number = m.group(1).replace("．", ".")
            base = self.article or self.prefix.rstrip(".") or self._scope()
            self.paragraph, self.items = f"{base}.p{number}", []
            self._add(Unit("paragraph", m.group(2).strip(), self.paragraph, number=number, label=number,
                           anchor=True))
            return True
        m = _PARA_NUM.match(s) or (_ZH_PARA_NUM.match(s) if self.zh else None)
        if m:
            n = int(m.group(1)) if m.group(1).isdigit() else zh_to_int(m.group(1))
            if n is not None and (self.last_para < n <= self.last_para + 3 or (n <= 2 and (
                    self.last_para == 0 or self.after_heading))):
                self.last_para = n
                # Numbers run through an annex's sections: annex2.p17, not annex2.sec2.p17.
                base = self.article or self.prefix.rstrip(".") or self.scope_chapter or self.scope_part
                self.paragraph = f"{base}.p{n}" if base else f"p{n}"
                self.items = []
                label = s[: len(s) - len(m.group(2))].strip()
                self._add(Unit("paragraph", m.group(2).strip(), self.paragraph, number=str(n), label=label,
                               anchor=True))
                return True
        item = self._item_label(s)
        if item is None:
            return False
        kind, number, label, text = item
        types = [t for t, _, _ in self.items]
        if kind in types:
            self.items = self.items[: types.index(kind)]
        parent = self.items[-1][2] if self.items else (self.paragraph or self.article or self._scope())
        bid = f"{parent}.{number}"
        self.items.append((kind, number, bid))
        self._add(Unit("item", text, bid, level=len(self.items), number=number, label=label, anchor=True))
        return True

    def _item_label(self, s: str) -> tuple[str, str, str, str] | None:
        """(level type, normalised number, printed label, text) of an item label at the start of s."""
        m = _CIRCLED_ITEM.match(s)
        if m:
            return "roman", _ROMANS[_CIRCLED.index(m.group(1))], m.group(1), m.group(2).strip()
        m = _PAREN_ITEM.match(fold(s[:4]) + s[4:])  # a label in Traditional script: (醜) for (丑)
        if m:
            raw = m.group(1)
            label = s[: len(s) - len(m.group(2))].strip()
            for series in (ZH_ITEM_LABELS, ZH_STEM_LABELS):
                if len(raw) == 1 and raw in series:
                    return "alpha", chr(ord("a") + series.index(raw)), label, m.group(2).strip()
            if all(c in _ZH_DIGITS for c in raw):
                n = zh_to_int(raw)
                return ("alpha", chr(ord("a") + n - 1), label, m.group(2).strip()) if n and n <= 26 else None
            if raw in _ROMANS and not self._letter_continues(raw):
                return "roman", raw, label, m.group(2).strip()
            if raw.isalpha() and raw.isascii():
                return "alpha", raw, label, m.group(2).strip()
            return None
        m = _DOT_ITEM.match(s)
        if m and any(t == "roman" for t, _, _ in self.items):
            return "dot", m.group(1), f"{m.group(1)}.", m.group(2).strip()
        return None

    def _letter_continues(self, raw: str) -> bool:
        """(i) after (h), (v) after (u), (x) after (w): the next letter, not a Roman numeral."""
        for kind, number, _ in reversed(self.items):
            if kind == "alpha":
                return len(raw) == 1 and len(number) == 1 and ord(raw) == ord(number) + 1
        return False

    def _plain(self, s: str) -> None:
        heading_like = _title_like(s, self.zh) and (len(s) <= (30 if self.zh else 80) or s.isupper())
        if self.in_front:
            if not self.has_preamble and not self.units and heading_like and self.preamble_ahead:
                self._add(Unit("heading", s, f"{self.prefix}title", level=1))
                return
            part = "pre" if self.preamble_heading_seen or not self.preamble_ahead else "intro"
            counts, base = self.front_counts[part], f"{self.prefix}{part}"
            if heading_like:
                counts[0] += 1
                self._add(Unit("heading", s, f"{base}.h{counts[0]}", level=3))
            else:
                counts[1] += 1
                self._add(Unit("paragraph", s, f"{base}{counts[1]}"))
            return
        self.items = []
        self._counted("heading" if heading_like else "paragraph", s, heading_like,
                      outer=heading_like and self.before_heading)


def parse_instrument(units: list[str], zh: bool) -> list[Unit]:
    """The blocks of an instrument from its units (non-empty lines or paragraphs, furniture and
    footnote bodies already taken out)."""
    first_structure = next((k for k, s in enumerate(units) if (h := match_heading(s, zh)) is not None
                            and h.kind in ("part", "chapter", "section", "article")), len(units))
    ahead = any(PREAMBLE.match(s) for s in units[:first_structure])
    parser = InstrumentParser(zh, set() if zh else sentence_starters(units), ahead)
    structural = [(h := match_heading(s, zh)) is not None and h.kind in ("part", "chapter", "section", "article")
                  for s in units]
    clause: tuple[str, int] | None = None  # English: the section whose clauses are numbered, the next number
    for k, s in enumerate(units):
        parser.source = k
        pieces = [s]
        if not zh:
            pieces, clause = split_clauses(s, clause)
        for n, piece in enumerate(pieces):
            parser.feed(piece, n == len(pieces) - 1 and k + 1 < len(units) and structural[k + 1])
    return parser.units


def split_clauses(s: str, clause: tuple[str, int] | None) -> tuple[list[str], tuple[str, int] | None]:
    """Standard clauses of a contract (or a regulation's subsections) run together on one line, as
    text copied from a web page or a PDF often has them: "Section 8. Training 8.1 In accordance with
    ... 8.2 The Contractor ..." -> the section's heading and each clause, and a later line "(c) ...
    by the Authority. 1.2 Terms and phrases ..." cut before "1.2". `clause`: the section whose
    clauses are being read and the number expected next (None outside one); returned updated.
    Clauses are cut only at N.1, N.2, ... in that order, each before a capital letter, so a clause
    that cites "section 8.2 of this contract" is not cut."""
    m = SECTION.match(s)
    if m:
        n, rest = m.group(2), m.group(3)
        if not (n or "").isdigit():
            return [s], None
        cuts, after = _clause_cuts(rest, n, 1)
        if not cuts:
            return [s], None
        title = rest[: cuts[0]].strip()
        if title and not _title_like(title, False):
            return [s], None
        heading = (s[: len(s) - len(rest)].strip() + " " + title).strip()
        return [heading, *(rest[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(rest)]))], (n, after)
    if clause is None or match_heading(s, False) is not None:
        return [s], None
    n, expected = clause
    cuts, after = _clause_cuts(s, n, expected)
    if not cuts:
        return [s], clause
    bounds = [0, *cuts] if cuts[0] > 0 else cuts
    return [s[a:b].strip() for a, b in zip(bounds, [*bounds[1:], len(s)])], (n, after)


def _clause_cuts(text: str, n: str, first: int) -> tuple[list[int], int]:
    """Where clauses N.first, N.first+1 ... start in `text`, in order; and the number expected next."""
    cuts: list[int] = []
    pos, k = 0, first
    while True:
        found = re.compile(rf"(?:^|\s)({n}\.{k})\.?\s+(?=[A-Z(\"“])").search(text, pos)
        if not found:
            return cuts, k
        cuts.append(found.start(1))
        pos, k = found.end(), k + 1
