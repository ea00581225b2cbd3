"""TMX 1.4b: the translation memories translators load into OmegaT, Trados and memoQ.

`write_tmx` turns an alignment into a TMX that CAT tools accept: one <tu> per bead, English (the
original of UN documents) as the source language, provenance in x- properties, text made safe
for XML. `read_tmx` reads TMX 1.1-1.4b as CAT tools write it back into an `Alignment`, so an
existing UN translation memory can feed the glossary. `merge_tmx` joins TMX files.

Reading never expands entities and never touches the network (a TMX is untrusted input), and
streams the file, so a TMX of hundreds of megabytes is never loaded whole.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from lxml import etree

from align import __version__
from align.collector import paused
from align.errors import InputError
from align.files import atomic_open, check_input_file, check_output
from align.model import REVIEWED, Alignment, Bead, Flag

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LEVELS = ("sentence", "paragraph", "both")
LONG_SEGMENT = 2000  # characters; Trados Cloud refuses TUs with a longer source or target
DEFAULT_SRCLANG = "en-US"
DEFAULT_TGTLANG = "zh-CN"
INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}  # native formatting codes, not text

_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")
# Line and page breaks of any kind become one space; \v and \f (Word's manual line and page
# breaks) are illegal in XML 1.0, so they must become spaces before illegal characters go.
_SPACES = re.compile("[ \t\n\r\x0b\x0c\x85\u2028\u2029]+")
# Illegal in XML 1.0 (C0 controls, lone surrogates, U+FFFE/U+FFFF), plus DEL, C1 controls and a
# stray byte-order mark, which are legal but never wanted inside a segment.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_SUBTAG_SEP = re.compile(r"[-_]")
_MEMOQ_CHAR = re.compile(r'^\s*<mq:ch val="([^"]*)"\s*/>\s*$')


# ---------------------------------------------------------------------------------------------
# Text and language codes


def clean_segment(text: str) -> tuple[str, bool]:
    """Text as it may appear in a <seg>: whitespace runs made one space, ends trimmed, characters
    illegal in XML removed. Returns (text, whether characters were removed)."""
    spaced = _SPACES.sub(" ", text)
    cleaned = _ILLEGAL.sub("", spaced)
    return cleaned.strip(), len(cleaned) != len(spaced)


@lru_cache(maxsize=256)  # a TMX repeats its few codes on every unit
def primary_subtag(code: str) -> str:
    """en-US -> en, ZH_cn -> zh: CAT tools disagree on region and case, never on the language."""
    return _SUBTAG_SEP.split(code.strip(), maxsplit=1)[0].lower()


def check_lang_code(code: str, what: str = "language code") -> str:
    if not _LANG_CODE.match(code or ""):
        raise InputError(f"{what} {code!r} is not a language code such as en-US, en-GB, zh-CN or zh-Hans")
    return code


def language_sides(srclang: str, tgtlang: str) -> tuple[str, str]:
    """Which bead side ("en"/"zh") goes into the source and the target <tuv>."""
    check_lang_code(srclang, "--srclang")
    check_lang_code(tgtlang, "--tgtlang")
    src, tgt = primary_subtag(srclang), primary_subtag(tgtlang)
    if {src, tgt} != {"en", "zh"}:
        raise InputError(
            f"--srclang {srclang} and --tgtlang {tgtlang}: one must be English (en-...) and the "
            "other Chinese (zh-...)"
        )
    return src, tgt


def _basic_date(iso: str | None) -> str:
    """TMX dates are ISO 8601 basic format in UTC: 20120203T101500Z."""
    if iso:
        try:
            when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _extended_date(basic: str | None) -> str | None:
    """20120203T101500Z -> 2012-02-03T10:15:00Z (the form alignment.jsonl headers use)."""
    if not basic:
        return None
    try:
        when = datetime.strptime(basic.strip(), "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass
class TmxSummary:
    """What a TMX holds and what was left out of it, and why."""

    path: Path
    level: str
    srclang: str
    tgtlang: str
    written: int = 0
    omissions: int = 0  # 1-0 / 0-1 beads: never written as an empty segment
    low_score: int = 0  # below --min-score
    flagged: int = 0  # left out by --exclude-flagged
    empty: int = 0  # a side with no text left after cleaning
    repeated: int = 0  # level "both": a sentence unit identical to its paragraph unit
    cleaned: int = 0  # segments from which characters illegal in XML were removed
    long: list[str] = field(default_factory=list)  # tuids with a segment over LONG_SEGMENT chars
    long_skipped: int = 0

    def not_written(self) -> dict[str, int]:
        return {k: v for k, v in (
            ("one-sided (1-0/0-1) beads", self.omissions),
            ("below the minimum score", self.low_score),
            ("flagged", self.flagged),
            ("empty after cleaning", self.empty),
            ("sentence units identical to their paragraph", self.repeated),
            (f"over {LONG_SEGMENT:,} characters", self.long_skipped),
        ) if v}

    def warnings(self) -> list[str]:
        out = []
        if self.long and not self.long_skipped:
            shown = ", ".join(self.long[:10]) + (", ..." if len(self.long) > 10 else "")
            out.append(
                f"{len(self.long)} translation units have a segment over {LONG_SEGMENT:,} characters, "
                f"which Trados Cloud drops ({shown}); --skip-long leaves them out"
            )
        if self.cleaned:
            out.append(f"characters not allowed in XML removed from {self.cleaned} segments")
        return out


def write_tmx(
    source: Alignment | Iterable[Bead],
    path: str | Path,
    *,
    level: str = "sentence",
    srclang: str | None = None,
    tgtlang: str | None = None,
    min_score: float | None = None,
    exclude_flagged: bool = False,
    skip_long: bool = False,
    document: str | None = None,
    force: bool = False,
) -> TmxSummary:
    """Write a TMX 1.4b file from an alignment (or beads) and say what went in.

    `level` "sentence" (the units CAT tools match), "paragraph" or "both". English is the source
    language by default because it is the original of UN documents; `srclang`/`tgtlang` choose
    the codes (either may be the Chinese one). An alignment read from a TMX keeps that file's
    codes, dates and document names, so write -> read -> write gives the same bytes."""
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; use sentence, paragraph or both")
    if min_score is not None and not 0.0 <= min_score <= 1.0:
        raise InputError(f"--min-score {min_score} is not between 0 and 1")
    alignment = source if isinstance(source, Alignment) else Alignment(header={}, beads=list(source))
    tmx_info = alignment.header.get("tmx") or {}
    srclang = srclang or tmx_info.get("srclang") or DEFAULT_SRCLANG
    tgtlang = tgtlang or tmx_info.get("tgtlang") or DEFAULT_TGTLANG
    src_side, tgt_side = language_sides(srclang, tgtlang)
    document = document or alignment.document
    per_bead_document = tmx_info.get("documents") or {}
    if level == "sentence" and alignment.beads and not alignment.sentence_beads():
        raise InputError("the alignment has no sentence beads; use --level paragraph")
    date = _basic_date(alignment.header.get("created"))
    summary = TmxSummary(Path(path), level, srclang, tgtlang)
    written_paragraphs: dict[str, dict[str, str]] = {}  # level "both": paragraph units already written
    check_output(path, force)

    with atomic_open(path, "w", force=force) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        header = etree.Element("header", {
            "creationtool": "bitext", "creationtoolversion": __version__,
            "segtype": "paragraph" if level == "paragraph" else "sentence",
            "o-tmf": "bitext", "adminlang": "en-US", "srclang": srclang, "datatype": "plaintext",
            "creationdate": date,
        })
        f.write("  " + etree.tostring(header, encoding="unicode") + "\n  <body>\n")
        for bead in alignment.beads:
            if level != "both" and bead.level != level:
                continue
            texts = _bead_texts(bead, summary)
            if texts is None:
                continue
            if min_score is not None and bead.score < min_score:
                summary.low_score += 1
                continue
            if exclude_flagged and any(f.code != REVIEWED for f in bead.flags):
                summary.flagged += 1
                continue
            if bead.level == "sentence" and written_paragraphs.get(bead.parent) == texts:
                summary.repeated += 1
                continue
            if max(len(t) for t in texts.values()) > LONG_SEGMENT:
                summary.long.append(bead.id)
                if skip_long:
                    summary.long_skipped += 1
                    continue
            tu = _tu_element(bead, texts, (src_side, srclang), (tgt_side, tgtlang), date,
                             per_bead_document.get(bead.id, document), level == "both")
            f.write("    " + etree.tostring(tu, encoding="unicode"))
            summary.written += 1
            if level == "both" and bead.level == "paragraph":
                written_paragraphs[bead.id] = texts
        if not summary.written:
            left_out = "; ".join(f"{n} {why}" for why, n in summary.not_written().items())
            raise InputError(f"no translation unit to write at level {level}" + (f" ({left_out})" if left_out else ""))
        f.write("  </body>\n</tmx>\n")
    return summary


def _bead_texts(bead: Bead, summary: TmxSummary) -> dict[str, str] | None:
    if bead.is_omission:
        summary.omissions += 1
        return None
    texts = {}
    for side, raw in (("en", bead.en_text), ("zh", bead.zh_text)):
        text, removed = clean_segment(raw or "")
        summary.cleaned += removed
        texts[side] = text
    if not texts["en"] or not texts["zh"]:
        summary.empty += 1
        return None
    return texts


def _tu_element(bead: Bead, texts: dict[str, str], src: tuple[str, str], tgt: tuple[str, str],
                date: str, document: str, with_segtype: bool) -> etree._Element:
    tu = etree.Element("tu", tuid=bead.id, creationdate=date)
    if with_segtype:
        tu.set("segtype", bead.level)
    props = [("x-document", document), ("x-paragraph", bead.paragraph or ""), ("x-level", bead.level),
             ("x-score", f"{bead.score:.4f}")]
    if bead.flags:
        props.append(("x-flags", ",".join(bead.flag_codes())))
    for kind, value in props:
        etree.SubElement(tu, "prop", type=kind).text = clean_segment(value)[0]
    for side, code in (src, tgt):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: code})
        etree.SubElement(tuv, "seg").text = texts[side]
    etree.indent(tu, space="  ", level=2)
    tu.tail = "\n"
    return tu


def validate_tmx(path: str | Path) -> list[str]:
    """Problems found by validating a TMX against the TMX 1.4b DTD kept in align/data (none: valid)."""
    p = check_input_file(path)
    dtd = etree.DTD(str(files("align.formats") / "data" / "tmx14.dtd"))
    try:
        for _, root in etree.iterparse(str(p), events=("start",), resolve_entities=False, no_network=True,
                                       load_dtd=False):
            _check_root(root, p)  # refuses declared entities before the document is parsed
            break
        doc = etree.parse(str(p), _parser())
    except etree.XMLSyntaxError as e:
        raise InputError(f"not well-formed XML ({e.msg})", p) from None
    if dtd.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in dtd.error_log.filter_from_errors()]


# ---------------------------------------------------------------------------------------------
# Reading


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                           remove_pis=True)


def _local(el: etree._Element) -> str:
    """The element's name without its namespace ("" for comments and processing instructions)."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _lang_of(el: etree._Element) -> str:
    """xml:lang (TMX 1.3+) or lang (TMX 1.1-1.2, OmegaT's project_save.tmx)."""
    return (el.get(XML_LANG) or el.get("lang") or "").strip()


def iter_tmx(path: str | Path) -> Iterator[tuple[str, etree._Element]]:
    """Stream a TMX: yields ("header", element) once, then ("tu", element) for each unit.

    Each <tu> is freed once the caller moves on, so memory stays flat. Raises InputError for
    files that are not usable TMX: malformed XML, another XML vocabulary, declared entities (an
    entity-expansion attack, or at best a file no CAT tool writes), no <body>, no <tu>."""
    p = check_input_file(path)
    seen_root = seen_body = False
    tus = 0
    events = etree.iterparse(str(p), events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, remove_comments=True, remove_pis=True)
    try:
        for event, el in events:
            if event == "start":  # only the root and <body> matter here
                if not seen_root:
                    seen_root = True
                    _check_root(el, p)
                elif not seen_body and _local(el) == "body":
                    seen_body = True
                continue
            name = _local(el)
            if name == "header" and el.getparent() is not None and el.getparent().getparent() is None:
                yield "header", el
            elif name == "tu":
                tus += 1
                yield "tu", el
                el.clear(keep_tail=False)
                parent = el.getparent()
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        raise InputError(f"not well-formed XML ({e.msg})", p) from None
    if not seen_body:
        raise InputError("TMX has no <body>", p)
    if not tus:
        raise InputError("TMX has no translation units (<tu>)", p)


def _check_root(root: etree._Element, p: Path) -> None:
    if _local(root) != "tmx":
        raise InputError(f"not a TMX file (root element is <{_local(root) or root.tag}>, not <tmx>)", p)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError("declares XML entities in its DOCTYPE; refusing to read it (a TMX never needs "
                         "them; expanding them is how 'billion laughs' and external-entity attacks work)", p)


def seg_text(seg: etree._Element) -> str:
    """The text of a <seg>: text inside <hi> and around inline tags is kept; the native codes
    inside <bpt>/<ept>/<ph>/<it>/<ut> (RTF, HTML, memoQ placeholders) are not text and are dropped,
    except a memoQ special character (<ph>&lt;mq:ch val=" "/&gt;</ph>), which is the character."""
    parts = [seg.text or ""]
    for child in seg:
        name = _local(child)
        if name in INLINE_CODES:
            m = _MEMOQ_CHAR.match("".join(child.itertext()))
            if m:
                parts.append(html.unescape(m.group(1)))
        elif name:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class _ReadState:
    zh_codes: Counter = field(default_factory=Counter)
    en_codes: Counter = field(default_factory=Counter)
    seen_codes: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    missing_language: int = 0
    empty: int = 0
    ids: set[str] = field(default_factory=set)
    sentences_in: Counter = field(default_factory=Counter)


def _pick_tuv(tuvs: list[tuple[str, etree._Element]], wanted: str) -> tuple[str, etree._Element] | None:
    """The variant in the wanted language: an exact code match first, else the same primary subtag."""
    for code, tuv in tuvs:
        if code.lower() == wanted.lower():
            return code, tuv
    for code, tuv in tuvs:
        if primary_subtag(code) == primary_subtag(wanted):
            return code, tuv
    return None


def read_tmx(path: str | Path, zh_lang: str = "zh", en_lang: str = "en") -> Alignment:
    """Read a TMX (1.1-1.4b, as OmegaT, Trados and memoQ write it) into an Alignment.

    Each <tu> with text in both languages becomes a bead. Units written by bitext keep their id,
    level, paragraph, score, flags and document (from tuid and the x- properties); other units
    become sentence beads `tu<n>` with score 1.0. Units lacking a language or with an empty side
    are skipped and counted in `alignment.header["tmx"]["warnings"]`."""
    p = Path(path)
    check_lang_code(zh_lang)
    check_lang_code(en_lang)
    state = _ReadState()
    beads: list[Bead] = []
    header_attrs: dict[str, str] = {}
    version = None
    per_bead_document: dict[str, str] = {}
    n = 0
    with paused():  # every bead lives on: the collector would scan them over and over
        for kind, el in iter_tmx(p):
            if kind == "header":
                header_attrs = dict(el.attrib)
                version = el.getparent().get("version")
                continue
            n += 1
            bead, doc = _bead_from_tu(el, n, zh_lang, en_lang, state)
            if bead is not None:
                beads.append(bead)
                if doc:
                    per_bead_document[bead.id] = doc
                    state.documents[doc] += 1
    if not beads:
        found = ", ".join(code for code, _ in state.seen_codes.most_common()) or "none"
        raise InputError(
            f"none of the {n} translation units has text in both {zh_lang} and {en_lang} "
            f"(languages found: {found})", p)
    main_document = state.documents.most_common(1)[0][0] if state.documents else None
    warnings = []
    if state.missing_language:
        warnings.append(f"{state.missing_language} of {n} translation units lack {zh_lang} or {en_lang} "
                        "text and were skipped")
    if state.empty:
        warnings.append(f"{state.empty} of {n} translation units have an empty segment and were skipped")
    src_primary = primary_subtag(header_attrs.get("srclang") or "en")
    en_code = state.en_codes.most_common(1)[0][0]
    zh_code = state.zh_codes.most_common(1)[0][0]
    src, tgt = (zh_code, en_code) if src_primary == "zh" else (en_code, zh_code)
    tmx_info = {
        "path": str(p), "version": version, "creationtool": header_attrs.get("creationtool"),
        "creationtoolversion": header_attrs.get("creationtoolversion"), "srclang": src, "tgtlang": tgt,
        "tus": n, "beads": len(beads), "missing_language": state.missing_language, "empty": state.empty,
        "warnings": warnings,
        "documents": {k: v for k, v in per_bead_document.items() if v != main_document},
    }
    header = {
        "created": _extended_date(header_attrs.get("creationdate")),
        "encoder": "tmx",
        "zh": {"path": str(p), "lang": "zh", "symbol": None},
        "en": {"path": str(p), "lang": "en", "symbol": main_document},
        "tmx": tmx_info,
    }
    return Alignment(header=header, beads=beads)


def _bead_from_tu(tu: etree._Element, n: int, zh_lang: str, en_lang: str,
                  state: _ReadState) -> tuple[Bead | None, str | None]:
    props: dict[str, str] = {}
    tuvs: list[tuple[str, etree._Element]] = []
    for child in tu:
        name = _local(child)
        if name == "prop" and child.get("type"):
            props.setdefault(child.get("type"), (child.text or "").strip())
        elif name == "tuv":
            code = _lang_of(child)
            tuvs.append((code, child))
            state.seen_codes[code] += 1
    zh, en = _pick_tuv(tuvs, zh_lang), _pick_tuv(tuvs, en_lang)
    if zh is None or en is None:
        state.missing_language += 1
        return None, None
    texts = []
    for _, tuv in (zh, en):
        seg = next((c for c in tuv if _local(c) == "seg"), None)
        texts.append(clean_segment(seg_text(seg))[0] if seg is not None else "")
    if not all(texts):
        state.empty += 1
        return None, None
    state.zh_codes[zh[0]] += 1
    state.en_codes[en[0]] += 1
    level = props.get("x-level") if props.get("x-level") in ("sentence", "paragraph") else "sentence"
    bead_id = (tu.get("tuid") or "").strip() or f"tu{n}"
    if bead_id in state.ids:
        bead_id = f"{bead_id}~{n}"
    state.ids.add(bead_id)
    paragraph = props.get("x-paragraph") or f"tu{n}"
    if level == "sentence":
        state.sentences_in[paragraph] += 1
        ids = [f"{paragraph}.s{state.sentences_in[paragraph]}"]
    else:
        ids = [paragraph]
    try:
        score = min(1.0, max(0.0, float(props.get("x-score", "1"))))
    except ValueError:
        score = 1.0
    flags = [Flag(code, "flagged in the TMX") for code in (props.get("x-flags") or "").split(",") if code]
    bead = Bead(id=bead_id, level=level, zh=list(ids), en=list(ids), zh_text=texts[0], en_text=texts[1],
                score=score, flags=flags)
    return bead, props.get("x-document")


# ---------------------------------------------------------------------------------------------
# Merging


@dataclass
class MergeSummary:
    path: Path
    inputs: list[tuple[Path, int]]  # each input and its number of translation units
    written: int = 0
    duplicates: int = 0  # identical pairs folded into the first occurrence
    props_added: int = 0  # properties and notes of duplicates kept on the unit that stayed


def _tu_key(tu: etree._Element) -> bytes:
    """Identity of a unit: its variants' languages (primary subtag) and segment markup, in any order."""
    parts = []
    for tuv in tu:
        if _local(tuv) != "tuv":
            continue
        seg = next((c for c in tuv if _local(c) == "seg"), None)
        markup = etree.tostring(seg, encoding="unicode", with_tail=False) if seg is not None else ""
        parts.append(primary_subtag(_lang_of(tuv)) + "\x00" + _SPACES.sub(" ", markup).strip())
    return hashlib.blake2b("\x01".join(sorted(parts)).encode("utf-8"), digest_size=16).digest()


def _annotations(tu: etree._Element) -> list[tuple[str, str, str]]:
    return [(_local(c), c.get("type") or "", c.text or "") for c in tu if _local(c) in ("prop", "note")]


def merge_tmx(paths: list[str | Path], out: str | Path, *, force: bool = False) -> MergeSummary:
    """Union of TMX files with identical pairs written once; a duplicate's properties and notes
    that the kept unit lacks (another x-document, say) are added to it. Streams every input twice
    (once to find duplicates, once to write) so memory does not grow with the files."""
    if not paths:
        raise InputError("give at least one TMX file to merge")
    check_output(out, force)
    first: dict[bytes, int] = {}
    extra: dict[int, list[tuple[str, str, str]]] = {}
    counts: list[tuple[Path, int]] = []
    srclangs: list[str] = []
    segtypes: list[str] = []
    index = 0
    summary = MergeSummary(Path(out), counts)
    for path in paths:
        n = 0
        for kind, el in iter_tmx(path):
            if kind == "header":
                srclangs.append(el.get("srclang") or "*all*")
                segtypes.append(el.get("segtype") or "sentence")
                continue
            n += 1
            key = _tu_key(el)
            if key not in first:
                first[key] = index
            else:
                summary.duplicates += 1
                kept = first[key]
                have = extra.setdefault(kept, [])
                have.extend(a for a in _annotations(el) if a not in have)
            index += 1
        counts.append((Path(path), n))
    srclang = srclangs[0] if len(set(srclangs)) == 1 else "*all*"
    segtype = segtypes[0] if len(set(segtypes)) == 1 and segtypes[0] in ("block", "paragraph", "sentence",
                                                                         "phrase") else "sentence"
    keep = set(first.values())
    with atomic_open(out, "w", force=force) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        header = etree.Element("header", {
            "creationtool": "bitext", "creationtoolversion": __version__, "segtype": segtype,
            "o-tmf": "bitext", "adminlang": "en-US", "srclang": srclang, "datatype": "plaintext",
            "creationdate": _basic_date(None),
        })
        for path, _ in counts:
            etree.SubElement(header, "prop", type="x-merged-from").text = clean_segment(path.name)[0]
        etree.indent(header, space="  ", level=1)
        f.write("  " + etree.tostring(header, encoding="unicode").rstrip() + "\n  <body>\n")
        index = 0
        for path, _ in counts:
            for kind, el in iter_tmx(path):
                if kind != "tu":
                    continue
                if index in keep:
                    summary.props_added += _add_annotations(el, extra.get(index, []))
                    _modernise_langs(el)
                    el.tail = None
                    f.write("    " + etree.tostring(el, encoding="unicode").strip() + "\n")
                    summary.written += 1
                index += 1
        f.write("  </body>\n</tmx>\n")
    return summary


def _add_annotations(tu: etree._Element, annotations: list[tuple[str, str, str]]) -> int:
    """Add a duplicate's props/notes before the first <tuv>, where TMX wants them."""
    have = set(_annotations(tu))
    added = 0
    position = next((i for i, c in enumerate(tu) if _local(c) == "tuv"), len(tu))
    for name, kind, text in annotations:
        if (name, kind, text) in have:
            continue
        el = etree.Element(name, type=kind) if name == "prop" else etree.Element(name)
        el.text = text
        tu.insert(position, el)
        position += 1
        added += 1
    return added


def _modernise_langs(tu: etree._Element) -> None:
    """TMX 1.1/1.2 `lang` becomes 1.4 `xml:lang`, so the merged file is one valid TMX 1.4."""
    for el in tu.iter():
        if isinstance(el.tag, str) and "lang" in el.attrib:
            code = el.attrib.pop("lang")
            if el.get(XML_LANG) is None:
                el.set(XML_LANG, code)
