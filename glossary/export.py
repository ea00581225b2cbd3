"""Glossary files for other tools, one writer and one reader per format so each round-trips.

- TBX (TBX-Basic: martif / termEntry / langSet / tig / term) for terminology tools: the kind as
  subject field, the note, the reference termbases an entry comes from as its source, and for the
  main terms their contexts (aligned sentences) with their source (document and UN paragraph).
  administrativeStatus follows the entry's status: preferredTerm for approved entries,
  deprecatedTerm for rejected ones (and for variants a reference deprecates), admittedTerm for
  candidates only when asked (`candidates=True`): an unreviewed candidate is not "admitted" by anyone.
  Reading goes through `glossary.reference`, which reads every TBX dialect.
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
from align.script import has_cjk
from glossary.candidates.en import is_acronym
from glossary.kinds import LABELS
from glossary.model import KINDS, STATUSES, Context, Entry
from glossary.reference import ADMIN_STATUS, XML_LANG, read_tbx_reference

FORMATS = ("tbx", "csv", "tsv")
SUBJECT = LABELS  # the kind as TBX subject field
CSV_FIELDS = ("id", "zh", "en", "zh_variants", "en_variants", "kind", "frequency", "score", "status", "note",
              "sources", "source", "deprecated")
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


def tbx_bytes(entries: list[Entry], title: str = "bitext glossary", candidates: bool = False,
              description: str = "") -> bytes:
    """TBX-Basic. `candidates`: label candidate entries admittedTerm (an export of candidates asked
    for as such); otherwise they carry no administrativeStatus."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = (
        f"Exported by bitext on {datetime.now(UTC).strftime('%Y-%m-%d')}: UN terms paired over aligned "
        "Chinese and English UN documents" + (f"; {description}" if description else "") + "."
    )
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, e in enumerate(entries, 1):
        te = etree.SubElement(body, "termEntry", id=f"e{e.id if e.id is not None else n}")
        etree.SubElement(te, "descrip", type="subjectField").text = SUBJECT.get(e.kind, SUBJECT["concept"])
        if e.note:
            etree.SubElement(te, "note").text = e.note
        if e.source:
            etree.SubElement(te, "admin", type="source").text = e.source
        status = ADMIN_STATUS.get(e.status) if e.status != "candidate" or candidates else None
        deprecated = set(e.deprecated)
        for lang in ("zh", "en"):
            ls = etree.SubElement(te, "langSet", {XML_LANG: lang})
            main, *variants = e.terms(lang)
            tig = etree.SubElement(ls, "tig")
            etree.SubElement(tig, "term").text = main
            etree.SubElement(tig, "termNote", type="termType").text = "fullForm"
            if status:
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
            for c in e.contexts:
                etree.SubElement(tig, "descrip", type="context").text = c.zh if lang == "zh" else c.en
                etree.SubElement(tig, "admin", type="source").text = _source_ref(c)
            old = [t for t in e.deprecated if (lang == "zh") == has_cjk(t)]
            for v in [*variants, *old]:
                vt = etree.SubElement(ls, "tig")
                etree.SubElement(vt, "term").text = v
                etree.SubElement(vt, "termNote", type="termType").text = _term_type(lang, main, v)
                if v in deprecated:
                    etree.SubElement(vt, "termNote", type="administrativeStatus").text = ADMIN_STATUS["rejected"]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">')



def write_tbx(entries: list[Entry], path: str | Path, force: bool = False, title: str = "bitext glossary",
              candidates: bool = False, description: str = "") -> Path:
    with atomic_open(path, "wb", force=force, encoding=None) as f:
        f.write(tbx_bytes(entries, title, candidates, description))
    return Path(path)


def read_tbx(path: str | Path) -> list[Entry]:
    """Entries of a TBX file of any dialect (`glossary.reference`), with their statuses and contexts."""
    p = check_input_file(path)
    try:
        return read_tbx_reference(p).entries
    except InputError as e:
        if "unknown TBX dialect" in str(e) or "not well-formed" in str(e):
            raise InputError(f"not a TBX file ({str(e).split(': ', 1)[-1]})", p) from None
        raise


# CSV ----------------------------------------------------------------------------------------------


def csv_text(entries: list[Entry]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for e in entries:
        w.writerow([e.id if e.id is not None else "", e.zh, e.en, _SEP.join(e.zh_variants), _SEP.join(e.en_variants),
                    e.kind, e.frequency, e.score, e.status, e.note, _SEP.join(_source_ref(c) for c in e.contexts),
                    e.source, _SEP.join(e.deprecated)])
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
                    id=int(row["id"]) if row.get("id") else None, source=row.get("source") or "",
                    deprecated=_split(row.get("deprecated")),
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
