"""Glossary files for other tools, one writer and one reader per format so each round-trips.

- TBX (TBX-Basic style: martif / termEntry / langSet / tig / term) for terminology tools: subject
  field from the entry's kind, the terminologist's status as administrativeStatus, the note, and
  for the main terms their source references (document and UN paragraph) with context sentences.
- CSV: every field, for spreadsheets.
- TSV in OmegaT's glossary format: source<TAB>target<TAB>comment, one line per source-language
  term (variants get their own lines), with the other variants and the note in the comment.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from align.errors import InputError
from align.files import atomic_open, check_input_file
from glossary.candidates.en import is_acronym
from glossary.model import KINDS, STATUSES, Context, Entry

FORMATS = ("tbx", "csv", "tsv")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUBJECT = {
    "body": "United Nations bodies",
    "programme": "United Nations programmes and funds",
    "instrument": "International instruments",
    "concept": "United Nations concepts",
    "acronym": "Acronyms",
    "title": "Titles and functions",
}
_KIND_OF_SUBJECT = {v: k for k, v in SUBJECT.items()}
ADMIN_STATUS = {
    "approved": "preferredTerm-admn-sts",
    "candidate": "admittedTerm-admn-sts",
    "rejected": "deprecatedTerm-admn-sts",
}
_STATUS_OF_ADMIN = {v: k for k, v in ADMIN_STATUS.items()}
CSV_FIELDS = ("id", "zh", "en", "zh_variants", "en_variants", "kind", "frequency", "score", "status", "note",
              "sources")
_SEP = " | "


def write(entries: list[Entry], fmt: str, path: str | Path, force: bool = False, **options) -> Path:
    writers = {"tbx": write_tbx, "csv": write_csv, "tsv": write_tsv}
    if fmt not in writers:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](entries, path, force=force, **options)


def read(path: str | Path, fmt: str | None = None) -> list[Entry]:
    fmt = fmt or Path(path).suffix.lstrip(".").lower()
    readers = {"tbx": read_tbx, "csv": read_csv, "tsv": read_tsv, "txt": read_tsv, "tab": read_tsv}
    if fmt not in readers:
        raise InputError(f"unknown glossary format {fmt!r}; use one of {', '.join(FORMATS)}", path)
    return readers[fmt](path)


def _source_ref(c: Context) -> str:
    return f"{c.document} {c.paragraph}" if c.paragraph else c.document


def _parse_ref(ref: str) -> tuple[str, str | None]:
    doc, _, para = ref.rpartition(" ")
    return (doc, para) if doc else (ref, None)


# TBX ----------------------------------------------------------------------------------------------


def _term_type(lang: str, main: str, term: str) -> str:
    if lang == "en" and is_acronym(term):
        return "acronym"
    if lang == "zh" and len(term) < len(main):
        return "shortForm"
    return "variant"


def tbx_bytes(entries: list[Entry], title: str = "bitext glossary") -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = (
        f"Exported by bitext on {datetime.now(UTC).strftime('%Y-%m-%d')}: UN terms paired over aligned "
        "Chinese and English UN documents."
    )
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, e in enumerate(entries, 1):
        te = etree.SubElement(body, "termEntry", id=f"e{e.id if e.id is not None else n}")
        etree.SubElement(te, "descrip", type="subjectField").text = SUBJECT.get(e.kind, SUBJECT["concept"])
        if e.note:
            etree.SubElement(te, "note").text = e.note
        for lang in ("zh", "en"):
            ls = etree.SubElement(te, "langSet", {XML_LANG: lang})
            main, *variants = e.terms(lang)
            tig = etree.SubElement(ls, "tig")
            etree.SubElement(tig, "term").text = main
            etree.SubElement(tig, "termNote", type="termType").text = "fullForm"
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = ADMIN_STATUS[e.status]
            for c in e.contexts:
                etree.SubElement(tig, "descrip", type="context").text = c.zh if lang == "zh" else c.en
                etree.SubElement(tig, "admin", type="source").text = _source_ref(c)
            for v in variants:
                vt = etree.SubElement(ls, "tig")
                etree.SubElement(vt, "term").text = v
                etree.SubElement(vt, "termNote", type="termType").text = _term_type(lang, main, v)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">')


def write_tbx(entries: list[Entry], path: str | Path, force: bool = False, title: str = "bitext glossary") -> Path:
    with atomic_open(path, "wb", force=force, encoding=None) as f:
        f.write(tbx_bytes(entries, title))
    return Path(path)


def read_tbx(path: str | Path) -> list[Entry]:
    p = check_input_file(path)
    try:
        root = etree.parse(str(p), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except etree.XMLSyntaxError as e:
        raise InputError(f"not a TBX file ({e})", p) from None
    if etree.QName(root).localname not in ("martif", "tbx"):
        raise InputError(f"not a TBX file (root element <{etree.QName(root).localname}>)", p)
    out = []
    for te in root.iter("termEntry"):
        subject = te.findtext("descrip[@type='subjectField']") or ""
        e = Entry(zh="", en="", kind=_KIND_OF_SUBJECT.get(subject, "concept"), note=te.findtext("note") or "")
        sides: dict[str, list[tuple[str, str]]] = {}
        for ls in te.iter("langSet"):
            lang = (ls.get(XML_LANG) or "").split("-")[0].lower()
            terms = [t.findtext("term") or "" for t in ls.iter("tig")]
            if lang not in ("zh", "en") or not terms:
                continue
            first = ls.find("tig")
            if lang == "zh":
                e.zh, e.zh_variants = terms[0], terms[1:]
            else:
                e.en, e.en_variants = terms[0], terms[1:]
            status = first.findtext("termNote[@type='administrativeStatus']")
            if status in _STATUS_OF_ADMIN:
                e.status = _STATUS_OF_ADMIN[status]
            sides[lang] = list(zip([d.text or "" for d in first.findall("descrip[@type='context']")],
                                   [a.text or "" for a in first.findall("admin[@type='source']")]))
        if not e.zh or not e.en:
            raise InputError(f"termEntry {te.get('id') or '?'} lacks a Chinese or an English term", p)
        for (zh_text, ref), (en_text, _) in zip(sides.get("zh", []), sides.get("en", [])):
            e.contexts.append(Context(*_parse_ref(ref), zh_text, en_text))
        out.append(e)
    return out


# CSV ----------------------------------------------------------------------------------------------


def csv_text(entries: list[Entry]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for e in entries:
        w.writerow([e.id if e.id is not None else "", e.zh, e.en, _SEP.join(e.zh_variants), _SEP.join(e.en_variants),
                    e.kind, e.frequency, e.score, e.status, e.note, _SEP.join(_source_ref(c) for c in e.contexts)])
    return buf.getvalue()


def write_csv(entries: list[Entry], path: str | Path, force: bool = False) -> Path:
    with atomic_open(path, "w", force=force, encoding="utf-8-sig") as f:  # BOM: Excel then reads UTF-8
        f.write(csv_text(entries))
    return Path(path)


def read_csv(path: str | Path) -> list[Entry]:
    p = check_input_file(path)
    with open(p, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"zh", "en"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"not a glossary CSV (no column {', '.join(sorted(missing))})", p)
        out = []
        for n, row in enumerate(reader, 2):
            try:
                e = Entry(
                    zh=row["zh"], en=row["en"], kind=row.get("kind") or "concept",
                    zh_variants=_split(row.get("zh_variants")), en_variants=_split(row.get("en_variants")),
                    frequency=int(row.get("frequency") or 0), score=float(row.get("score") or 0),
                    status=row.get("status") or "candidate", note=row.get("note") or "",
                    contexts=[Context(*_parse_ref(r), "", "") for r in _split(row.get("sources"))],
                    id=int(row["id"]) if row.get("id") else None,
                )
            except ValueError as err:
                raise InputError(f"line {n}: bad number ({err})", p) from None
            if not e.zh or not e.en or e.kind not in KINDS or e.status not in STATUSES:
                raise InputError(f"line {n}: needs zh and en, a known kind and status", p)
            out.append(e)
    return out


def _split(cell: str | None) -> list[str]:
    return [x for x in (cell or "").split(_SEP) if x]


# OmegaT TSV ---------------------------------------------------------------------------------------


def tsv_rows(entries: list[Entry], source: str = "en") -> list[tuple[str, str, str]]:
    target = "zh" if source == "en" else "en"
    rows = []
    for e in entries:
        main_src, *src_variants = e.terms(source)
        main_tgt, *tgt_variants = e.terms(target)
        comment = e.kind
        if tgt_variants:
            comment += "; also " + ", ".join(tgt_variants)
        if e.note:
            comment += "; note: " + e.note
        rows.append((main_src, main_tgt, _one_line(comment)))
        rows += [(v, main_tgt, f"variant of {main_src}") for v in src_variants]
    return rows


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def write_tsv(entries: list[Entry], path: str | Path, force: bool = False, source: str = "en") -> Path:
    if source not in ("en", "zh"):
        raise InputError(f"unknown source language {source!r}; use en or zh")
    with atomic_open(path, "w", force=force) as f:
        for row in tsv_rows(entries, source):
            f.write("\t".join(_one_line(x) for x in row) + "\n")
    return Path(path)


def read_tsv(path: str | Path, source: str | None = None) -> list[Entry]:
    """Entries from an OmegaT glossary made by `write_tsv` (other TSV glossaries read too: each line
    an entry). The source language is read from the first term unless given."""
    p = check_input_file(path)
    rows = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError(f"line {n}: expected source<TAB>target[<TAB>comment]", p)
        rows.append((cols[0], cols[1], cols[2] if len(cols) > 2 else ""))
    if not rows:
        raise InputError("no glossary lines", p)
    from glossary.query import detect_lang

    source = source or detect_lang(rows[0][0])
    out: list[Entry] = []
    by_source: dict[str, Entry] = {}
    for src, tgt, comment in rows:
        if comment.startswith("variant of ") and comment[11:] in by_source:
            e = by_source[comment[11:]]
            (e.zh_variants if source == "zh" else e.en_variants).append(src)
            continue
        kind, *rest = comment.split("; ", 1) if comment else ["concept"]
        e = Entry(zh=src if source == "zh" else tgt, en=tgt if source == "zh" else src,
                  kind=kind if kind in KINDS else "concept")
        tail = rest[0] if rest else ("" if kind in KINDS else comment)
        if tail.startswith("also "):
            also, _, tail = tail[5:].partition("; ")
            (e.en_variants if source == "zh" else e.zh_variants).extend(also.split(", "))
        if tail.startswith("note: "):
            e.note = tail[6:]
        elif tail:
            e.note = tail
        by_source[src] = e
        out.append(e)
    return out
