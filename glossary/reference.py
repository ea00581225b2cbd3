"""Reference termbases: what terminologists already have, read into glossary entries.

- TBX in the dialects terminology tools export: TBX-Basic and TBX-Default (ISO 30042:2008,
  `martif`, as UNTERM, SDL MultiTerm and memoQ write it: `tig` or `ntig`/`termGrp`, `descripGrp`,
  language codes such as `zh-CN`, `ZH-CN`, `zh-Hans`, `EN-US`), TBX v3 (ISO 30042:2019, `tbx`,
  `conceptEntry`/`langSec`/`termSec`, the DCA and the DCT styles) and TBX-Min (the 2013 LTAC
  `TBX dialect="TBX-Min"`, `entry`/`langGroup`/`termGroup`, and its v3 form).
- CSV or TSV with a header naming the languages (zh / Chinese, en / English) and optionally
  variants, note, kind (and bitext's own CSV export).
- The UNBIS Thesaurus, shipped in `glossary/data/unbis_thesaurus.tsv` (`unbis`), or its
  six-language file (ar, zh, en, fr, ru, es; no header) as in `../shared/gold/unbis_thesaurus`.

Every reader takes the Chinese and the English of each entry: the preferred term of each language
(the first one when none is marked) is the entry's, the others are its variants, and terms marked
deprecated, superseded, not recommended or obsolete are kept as deprecated. Other languages are
left out; an entry without a Chinese or an English term is skipped and counted. Files are parsed
without network access or entity expansion; a file that cannot be used raises InputError (one
line: malformed XML, an unknown dialect, declared entities, no language columns, nothing usable),
and nothing is read from it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from align.errors import InputError
from align.files import check_input_file, decode_text
from glossary.kinds import KINDS, LABELS, classify
from glossary.lexicon import DATA, unbis
from glossary.model import STATUSES, Context, Entry

UNBIS = "unbis"  # what `bitext glossary import unbis` names: the shipped thesaurus
UNBIS_SOURCE = "UNBIS Thesaurus"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_PREFERRED = {"preferredterm-admn-sts", "preferred", "preferredterm"}
_DEPRECATED = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded", "obsolete",
               "notrecommended", "not recommended", "forbidden", "deprecatedterm", "supersededterm"}
ADMIN_STATUS = {"approved": "preferredTerm-admn-sts", "candidate": "admittedTerm-admn-sts",
                "rejected": "deprecatedTerm-admn-sts"}
_STATUS_OF_ADMIN = {v.lower(): k for k, v in ADMIN_STATUS.items()}
_KIND_OF_LABEL = {v.lower(): k for k, v in LABELS.items()} | {k: k for k in KINDS} | {
    "united nations concepts": "concept", "acronyms": "acronym", "acronym": "acronym", "short form": "acronym",
    "places": "place", "place": "place", "country": "place", "countries": "place", "geography": "place"}
_ZH_CODES = {"zh", "zho", "chi", "chinese", "cn", "中文", "汉语"}
_EN_CODES = {"en", "eng", "english", "英文", "英语"}


@dataclass
class ReadResult:
    """What a reference file gave: its entries, and how many of its entries lacked a language."""

    entries: list[Entry]
    skipped: int = 0
    dialect: str = ""
    notes: list[str] = field(default_factory=list)


def is_traditional(code: str) -> bool:
    """zh-TW, zh-HK, zh-MO, zh-Hant: a Traditional Chinese section (its terms follow the Simplified ones)."""
    c = code.strip().lower().replace("_", "-")
    return any(part in ("tw", "hk", "mo", "hant") for part in c.split("-")[1:])


def lang_of(code: str) -> str | None:
    """zh, en or None for a language code or name: zh-CN, ZH-CN, zh-Hans, zh_TW, zho, Chinese; EN-US, eng."""
    c = code.strip().lower().replace("_", "-")
    primary = c.split("-")[0]
    if primary in _ZH_CODES or c in _ZH_CODES:
        return "zh"
    if primary in _EN_CODES or c in _EN_CODES:
        return "en"
    return None


def read_reference(path: str | Path) -> ReadResult:
    """A reference termbase: `unbis` (the shipped thesaurus), a TBX file, a CSV/TSV file or the
    UNBIS six-language file, told apart by content, not only by name."""
    if str(path) == UNBIS:
        return read_unbis()
    p = check_input_file(path)
    head = p.read_bytes()[:4096]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") or p.suffix.lower() in (".tbx", ".xml"):
        return read_tbx_reference(p)
    text, _ = decode_text(p.read_bytes(), p)
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    cols = first.split("\t")
    if len(cols) >= 6 and re.search(r"[\u0600-\u06ff]", cols[0]) and re.search(r"[\u3400-\u9fff]", cols[1]):
        return read_unbis(p, text)
    return read_table(p, text)


# UNBIS -------------------------------------------------------------------------------------------


def read_unbis(path: Path | None = None, text: str | None = None) -> ReadResult:
    """The UNBIS Thesaurus: the shipped Chinese-English file (capitals given back), or the scraped
    six-language file (ar, zh, en, fr, ru, es), whose English is lower-case."""
    if path is None:
        pairs = [(r["zh"].strip(), r["en"].strip()) for r in unbis()]
        where = str(DATA / "unbis_thesaurus.tsv")
    else:
        pairs = []
        for line in (text or "").splitlines():
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                pairs.append((cols[1].strip(), cols[2].strip()))
        where = str(path)
    entries, skipped = [], 0
    for zh, en in pairs:
        if not zh or not en:
            skipped += 1
            continue
        entries.append(Entry(zh=zh, en=en, kind=classify(zh, en, False, False)))
    if not entries:
        raise InputError("no descriptor with both a Chinese and an English term", where)
    return ReadResult(entries, skipped, "UNBIS Thesaurus")


# CSV / TSV ---------------------------------------------------------------------------------------

_COLUMN = {
    "zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "chinese": "zh", "中文": "zh", "term_zh": "zh",
    "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "english": "en", "英文": "en", "term_en": "en",
    "variants": "variants", "synonyms": "variants", "zh_variants": "zh_variants", "en_variants": "en_variants",
    "note": "note", "notes": "note", "comment": "note", "comments": "note", "remark": "note", "definition": "note",
    "kind": "kind", "type": "kind", "category": "kind", "subject": "kind", "domain": "kind",
    "status": "status", "deprecated": "deprecated", "sources": "sources", "source": "source",
}
_LIST = re.compile(r"\s*(?:\||;|；)\s*")


def read_table(path: Path, text: str) -> ReadResult:
    """CSV or TSV with a header (the delimiter is the one the header uses most)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ",", ";"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("no header line", path) from None
    names = [_COLUMN.get(h.strip().lower()) for h in header]
    missing = [lang for lang in ("zh", "en") if lang not in names]
    if missing:
        shown = ", ".join(h.strip() for h in header if h.strip())[:120]
        raise InputError(f"no {' and no '.join({'zh': 'Chinese (zh)', 'en': 'English (en)'}[m] for m in missing)} "
                         f"column in the header ({shown}); name the columns zh and en", path)
    entries, skipped = [], 0
    for row in reader:
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names) if name}
        zh, en = cells.get("zh", ""), cells.get("en", "")
        if not zh or not en:
            skipped += int(bool(zh or en or any(cells.values())))
            continue
        zh_variants, en_variants = _split(cells.get("zh_variants")), _split(cells.get("en_variants"))
        for v in _split(cells.get("variants")):
            (zh_variants if re.search(r"[\u3400-\u9fff]", v) else en_variants).append(v)
        kind = _kind(cells.get("kind", ""), zh, en)
        note = cells.get("note", "")
        status = cells.get("status", "").lower()
        e = Entry(zh=zh, en=en, kind=kind, zh_variants=zh_variants, en_variants=en_variants, note=note,
                  status=status if status in STATUSES else "candidate", deprecated=_split(cells.get("deprecated")),
                  source=cells.get("source", ""),
                  contexts=[Context(*_parse_ref(r), "", "") for r in _split(cells.get("sources"))])
        entries.append(e)
    if not entries:
        raise InputError("no row with both a Chinese and an English term", path)
    return ReadResult(entries, skipped, "TSV" if delimiter == "\t" else "CSV")


def _split(cell: str | None) -> list[str]:
    return [x for x in _LIST.split(cell or "") if x]


def _kind(value: str, zh: str, en: str) -> str:
    kind = _KIND_OF_LABEL.get(value.strip().lower())
    return kind or classify(zh, en, False, False)


def _parse_ref(ref: str) -> tuple[str, str | None]:
    doc, _, para = ref.rpartition(" ")
    return (doc, para) if doc else (ref, None)


# TBX ---------------------------------------------------------------------------------------------


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el, *names: str):
    return [c for c in el if _local(c) in names]


def _descendants(el, *names: str):
    return [c for c in el.iter() if _local(c) in names]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _raw(el) -> str:
    return "".join(el.itertext()).strip()


def _typed(el, tag: str, type_: str) -> list:
    """Data categories written <tag type="type_"> (DCA) or <type_> (DCT, TBX-Min) under `el`."""
    t = type_.lower()
    return [c for c in el.iter() if (_local(c) == tag and (c.get("type") or "").lower() == t)
            or _local(c).lower() == t]


def parse_xml(path: Path):
    """The root of a termbase's XML, refusing what is not well-formed or declares entities."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as e:
        raise InputError(f"not well-formed XML ({e.msg})", path) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError("declares XML entities in its DOCTYPE; refusing to read it (a termbase never needs "
                         "them; expanding them is how 'billion laughs' and external-entity attacks work)", path)
    return tree.getroot()


def read_tbx_reference(path: Path) -> ReadResult:
    root = parse_xml(path)
    name = _local(root)
    dialect = root.get("type") or root.get("dialect") or ""
    if name == "martif":
        concepts = _descendants(root, "termEntry")
        langs, terms = ("langSet",), ("tig", "ntig")
        dialect = dialect or "TBX"
    elif name == "tbx":
        concepts = _descendants(root, "conceptEntry")
        langs, terms = ("langSec",), ("termSec",)
        dialect = f"{dialect or 'TBX'} (TBX v3)"
    elif name == "TBX" and (root.get("dialect") or "").lower().startswith("tbx-min"):
        concepts = _descendants(root, "entry")
        langs, terms = ("langGroup",), ("termGroup",)
    else:
        raise InputError(f"unknown TBX dialect (root element <{name or root.tag}>; expected <martif>, <tbx> or "
                         "<TBX dialect=\"TBX-Min\">)", path)
    if not concepts:
        raise InputError(f"no terminological entries (<{'termEntry' if name == 'martif' else 'conceptEntry'}>)",
                         path)
    entries, skipped = [], 0
    for concept in concepts:
        e = _concept_entry(concept, langs, terms)
        if e is None:
            skipped += 1
        else:
            entries.append(e)
    if not entries:
        raise InputError("no entry with both a Chinese and an English term (languages found: "
                         f"{_languages(root, langs) or 'none'})", path)
    return ReadResult(entries, skipped, dialect)


def _languages(root, langs: tuple[str, ...]) -> str:
    return ", ".join(sorted({(ls.get(XML_LANG) or ls.get("lang") or "?") for ls in _descendants(root, *langs)}))


def _concept_entry(concept, langs: tuple[str, ...], terms: tuple[str, ...]) -> Entry | None:
    sides: dict[str, list[tuple[str, str, str]]] = {"zh": [], "en": []}
    contexts: dict[str, list[tuple[str, str]]] = {"zh": [], "en": []}
    sections = sorted(_descendants(concept, *langs), key=lambda ls: is_traditional(ls.get(XML_LANG) or ""))
    for ls in sections:
        lang = lang_of(ls.get(XML_LANG) or ls.get("lang") or "")
        if lang is None:
            continue
        for t in _children(ls, *terms):
            term_el = next(iter(_descendants(t, "term")), None)
            text = _text(term_el)
            if not text:
                continue
            status = (_text(next(iter(_typed(t, "termNote", "administrativeStatus")), None))
                      or _text(next(iter(_descendants(t, "termStatus")), None))).lower()
            term_type = _text(next(iter(_typed(t, "termNote", "termType")), None))
            sides[lang].append((text, status, term_type))
            contexts[lang] += [(_text(d), _text(a)) for d, a in zip(_typed(t, "descrip", "context"),
                                                                     _typed(t, "admin", "source"), strict=False)]
    if not sides["zh"] or not sides["en"]:
        return None
    picked = {lang: _pick(sides[lang]) for lang in ("zh", "en")}
    (zh, zh_variants, zh_old), (en, en_variants, en_old) = picked["zh"], picked["en"]
    if not zh or not en:
        return None
    subject = _text(next(iter(_typed(concept, "descrip", "subjectField") + _typed(concept, "descrip", "Subject")),
                         None))
    notes = [_raw(n) for n in _children(concept, "note")] + [
        _raw(n) for n in _descendants(concept, "note") if n.getparent() is not None and n.getparent() is not concept]
    definition = _text(next(iter(_typed(concept, "descrip", "definition")), None))
    note = " | ".join(dict.fromkeys(x for x in [*notes, f"definition: {definition}" if definition else ""] if x))
    kind = _KIND_OF_LABEL.get(subject.lower()) or classify(zh, en, False, any(
        tt.lower() in ("acronym", "abbreviation") and t == en for t, _, tt in sides["en"]))
    status = _STATUS_OF_ADMIN.get(next((s for t, s, _ in sides["zh"] if t == zh), ""), "candidate")
    source = _text(next(iter(c for c in _typed(concept, "admin", "source") if c.getparent() is concept), None))
    e = Entry(zh=zh, en=en, kind=kind, zh_variants=zh_variants, en_variants=en_variants, note=note,
              status=status, deprecated=zh_old + en_old, source=source)
    for (zh_text, ref), (en_text, _) in zip(contexts["zh"], contexts["en"], strict=False):
        e.contexts.append(Context(*_parse_ref(ref), zh_text, en_text))
    return e


def _pick(terms: list[tuple[str, str, str]]) -> tuple[str, list[str], list[str]]:
    """(main term, variants, deprecated terms) of one language: the preferred term is the main one,
    else the first that is not deprecated (the first of all when every term is)."""
    usable = [(t, s) for t, s, _ in terms if s not in _DEPRECATED]
    old = [t for t, s, _ in terms if s in _DEPRECATED]
    if not usable:  # a deprecated entry (bitext writes a rejected entry so): its first term is its own
        return old[0], [], old[1:]
    main = next((t for t, s in usable if s in _PREFERRED), usable[0][0])
    variants = list(dict.fromkeys(t for t, _ in usable if t != main))
    return main, variants, old
