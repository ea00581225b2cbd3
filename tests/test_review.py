"""The reviewer's round trip: export a sheet, fill in actions, apply them, build TMX from the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPORA
from openpyxl import load_workbook
from quality_data import unodc_alignment
from typer.testing import CliRunner

from align.cli.app import app
from align.formats.jsonl import read_alignment, write_alignment
from align.formats.tmx import read_tmx
from align.quality.review import COLUMNS, Decision, apply_review

runner = CliRunner()


@pytest.fixture()
def alignment_file(tmp_path) -> Path:
    return write_alignment(unodc_alignment(), tmp_path / "alignment.jsonl")


def _export(alignment_file: Path, name: str) -> Path:
    sheet = alignment_file.parent / name
    result = runner.invoke(app, ["review", "export", str(alignment_file), "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    assert f"wrote {sheet}: 31 beads, 14 flagged" in result.output
    return sheet


def _set_actions(sheet: Path, actions: dict[str, tuple[str, str]]) -> None:
    wb = load_workbook(sheet)
    ws = wb["review"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        bead = row[header.index("bead")].value
        if bead in actions:
            row[header.index("action")].value, row[header.index("move to")].value = actions[bead]
    wb.save(sheet)


def test_export_xlsx_lists_every_bead_with_a_drop_down_for_actions(alignment_file):
    sheet = _export(alignment_file, "review.xlsx")
    wb = load_workbook(sheet)
    ws = wb["review"]
    assert [c.value for c in ws[1]] == COLUMNS
    rows = {r[0]: dict(zip(COLUMNS, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 31
    assert list(rows)[:3] == ["a1", "a1.1", "a1.2"]  # paragraph beads, each followed by its sentences
    assert rows["a3"]["flags"] == "number" and "4,090 万" in rows["a3"]["reasons"]
    assert rows["a3"]["paragraph"] == "p85" and rows["a3"]["score"] == 0.95
    assert rows["a1"]["flags"] is None and rows["a1"]["action"] is None
    validation = ws.data_validations.dataValidation[0]
    assert "merge with next" in validation.formula1
    assert str(validation.sqref) == "K2:K32"
    assert "how to review" in wb.sheetnames


def test_export_tsv(alignment_file):
    sheet = _export(alignment_file, "review.tsv")
    lines = sheet.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == COLUMNS
    assert len(lines) == 32
    a4 = next(line.split("\t") for line in lines if line.startswith("a4\t"))
    assert a4[COLUMNS.index("flags")] == "symbol" and a4[COLUMNS.index("English")] == "See E/CN.7/2012/14."


def test_xlsx_corrections_change_the_alignment_and_the_tmx(alignment_file, tmp_path):
    """Mark a bead bad and merge two beads in Excel; the corrected alignment and its TMX change."""
    sheet = _export(alignment_file, "review.xlsx")
    # a6 pairs item (a) of the Chinese with item (b) of the English: bad.
    # a1 (paragraph 2) and a2 (paragraph 13) are one bead for this reviewer: merge.
    _set_actions(sheet, {"a6": ("bad", None), "a1": ("merge with next", None), "a3": ("ok", None)})
    corrected = tmp_path / "corrected.jsonl"
    result = runner.invoke(app, ["review", "apply", str(sheet), str(alignment_file), "-o", str(corrected)])
    assert result.exit_code == 0, result.output
    assert "applied 1 bad, 1 merge with next, 1 ok" in result.output

    beads = {b.id: b for b in read_alignment(corrected).beads}
    merged = beads["a1"]
    assert (merged.zh, merged.en) == (["p2", "p13"], ["p2", "p13"])
    assert merged.flag_codes() == ["reviewed"] and "merged" in merged.flags[0].reason
    # The sentences inside the merged bead were aligned again: four 1-1 beads, in order.
    kids = [b for b in beads.values() if b.parent == "a1"]
    assert [(k.zh, k.en) for k in kids] == [([f"{p}.s{n}"], [f"{p}.s{n}"]) for p, n in
                                           (("p2", 1), ("p2", 2), ("p2", 3), ("p13", 1))]
    # The bad pair became two one-sided beads, settled by the reviewer.
    bad = [b for b in beads.values() if b.level == "paragraph" and ("p12.a" in b.zh or "p12.b" in b.en)]
    assert [(b.id, b.zh, b.en) for b in bad] == [("a6", ["p12.a"], []), ("a6b", [], ["p12.b"])]
    assert all(b.flag_codes() == ["reviewed"] for b in bad)
    assert not any(b.parent == bad[0].id for b in beads.values())
    # "ok" settles a bead: no more number flag on it, and a score of 1.
    ok = beads["a3"]  # beads keep their ids through a review
    assert ok.zh == ["p85"] and "a2" not in beads
    assert ok.flag_codes() == ["reviewed"] and ok.score == 1.0
    assert len([b for b in beads.values() if b.level == "paragraph"]) == 11

    # TMX from the original and from the corrected alignment.
    before, after = tmp_path / "before.tmx", tmp_path / "after.tmx"
    for src, dst in ((alignment_file, before), (corrected, after)):
        tmx = runner.invoke(app, ["tmx", str(src), "-o", str(dst), "--level", "paragraph"])
        assert tmx.exit_code == 0, tmx.output
    units_before = {b.en_text: b.zh_text for b in read_tmx(before).beads}
    units_after = {b.en_text: b.zh_text for b in read_tmx(after).beads}
    item_b = next(e for e in units_before if e.startswith("UNODC strengthened the capacity of States"))
    assert item_b not in units_after  # the bad pair is no translation unit any more
    assert not any(e.startswith("In 2011, UNODC continued") for e in units_before if "Some 90 per cent" in e)
    joined = [e for e in units_after if e.startswith("In 2011, UNODC continued") and "Some 90 per cent" in e]
    assert len(joined) == 1 and "全世界的非法鸦片生产活动" in units_after[joined[0]]
    assert len(units_after) == len(units_before) - 2


def test_sentence_actions_split_and_move(alignment_file):
    alignment = read_alignment(alignment_file)
    decisions = [
        Decision(2, "a9.1", "split"),  # three Chinese sentences against one English: align them again
        Decision(3, "a7.3", "move zh", "a7.2"),  # the orphan Chinese sentence belongs with the one before
        Decision(4, "a10.1", "ok"),
    ]
    result = apply_review(alignment, decisions, source="review.tsv")
    assert result.warnings == []
    assert result.applied == {"split": 1, "move zh": 1, "ok": 1}
    beads = {b.id: b for b in result.alignment.beads}
    split = [b for b in beads.values() if b.parent == "a9"]
    assert len(split) >= 3 and [i for b in split for i in b.zh] == ["p75.s1", "p75.s2", "p75.s3", "p75.s4"]
    assert "merge" not in [c for b in split for c in b.flag_codes()]
    moved = [b for b in beads.values() if b.parent == "a7"]
    assert [(b.zh, b.en) for b in moved] == [(["p8.s1"], ["p8.s1"]), (["p8.s2", "p8.s3"], ["p8.s2"])]
    assert moved[1].flag_codes() == ["reviewed"]
    assert beads["a10.1"].flag_codes() == ["reviewed"] and beads["a10"].flag_codes() == ["low_score"]


def test_a_sentence_action_inside_a_merged_paragraph_is_reported_not_applied(alignment_file):
    decisions = [Decision(2, "a1", "merge with next"), Decision(5, "a2.1", "bad")]
    result = apply_review(read_alignment(alignment_file), decisions, source="review.tsv")
    assert result.applied == {"merge with next": 1}
    assert result.warnings == ["row 5: a2.1 was re-aligned by a decision on its paragraph bead; "
                               "its own action (bad) is not applied"]


@pytest.mark.parametrize("edit, message", [
    ({"a3": ("delete", None)}, "row 8: unknown action 'delete'"),
    ({"a3": ("move en", None)}, "row 8: move en needs a bead id in the 'move to' column"),
    ({"a3": ("move en", "a99")}, "row 8: 'move to' names 'a99'"),
])
def test_bad_review_sheets_exit_2_with_the_row(alignment_file, tmp_path, edit, message):
    sheet = _export(alignment_file, "review.xlsx")
    _set_actions(sheet, edit)
    result = runner.invoke(app, ["review", "apply", str(sheet), str(alignment_file), "-o", str(tmp_path / "c.jsonl")])
    assert result.exit_code == 2
    assert message in result.output and str(sheet) in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_sheets_that_are_not_review_sheets(alignment_file, tmp_path):
    fake = tmp_path / "review.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    csv = tmp_path / "review.csv"
    csv.write_text("bead,action\n", encoding="utf-8")
    other = tmp_path / "other.tsv"
    other.write_text("id\tdecision\na1\tok\n", encoding="utf-8")
    unknown = tmp_path / "unknown.tsv"
    unknown.write_text("bead\taction\na77\tok\n", encoding="utf-8")
    for path, message in ((fake, "not a readable XLSX workbook"), (csv, "not a review sheet"),
                          (other, "no 'bead' and 'action' columns"), (unknown, "row 2: no bead 'a77'")):
        result = runner.invoke(app, ["review", "apply", str(path), str(alignment_file), "-o",
                                     str(tmp_path / "c.jsonl")])
        assert result.exit_code == 2, (path, result.output)
        assert message in result.output
    exists = runner.invoke(app, ["review", "export", str(alignment_file), "-o", str(tmp_path / "x.pdf")])
    assert exists.exit_code == 2 and "must end in .xlsx or .tsv" in exists.output


# ---------------------------------------------------------------- sheets and alignments that belong together


@pytest.fixture(scope="module")
def udhr(tmp_path_factory) -> dict[str, Path]:
    """The UDHR pair aligned by the real aligner three times: as it is ("full"); with the English
    'Preamble' heading left out, so that the beads after it list other paragraphs ("edited"); and
    with a paragraph on each side starting with '=' ("formula")."""
    folder = tmp_path_factory.mktemp("udhr_review")
    zh, en = (CORPORA / "udhr" / f"{lang}.txt" for lang in ("zh", "en"))
    edited = folder / "en.edited.txt"
    edited.write_text("".join(line for line in en.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("Preamble")), encoding="utf-8")
    formula = {}
    for lang, path, start in (("zh", zh, "鉴于有必要促进各国间友好关系的发展"),
                              ("en", en, "Whereas it is essential to promote")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        k = next(k for k, line in enumerate(lines) if line.startswith(start))
        lines[k] = "=" + lines[k]
        formula[lang] = folder / f"{lang}.formula.txt"
        formula[lang].write_text("".join(lines), encoding="utf-8")
    out = {}
    for name, (zh_file, en_file) in {"full": (zh, en), "edited": (zh, edited),
                                     "formula": (formula["zh"], formula["en"])}.items():
        result = runner.invoke(app, ["align", str(zh_file), str(en_file), "-o", str(folder / name), "-q"])
        assert result.exit_code == 0, result.output
        out[name] = folder / name / "alignment.jsonl"
    return out


def _sheet_rows(sheet: Path) -> dict[str, int]:
    ws = load_workbook(sheet, read_only=True)["review"]
    return {r[0]: n for n, r in enumerate(ws.iter_rows(min_row=2, values_only=True), 2)}


def _apply(sheet: Path, alignment: Path, output: Path):
    return runner.invoke(app, ["review", "apply", str(sheet), str(alignment), "-o", str(output)])


@pytest.mark.slow
def test_a_sheet_applies_only_to_the_alignment_it_was_exported_from(udhr, tmp_path):
    """Leaving out one English heading shifts the beads after it: a6 of the sheet is another bead
    than a6 of the new alignment, and marking it bad there would break a correct bead."""
    sheet = tmp_path / "review.xlsx"
    assert runner.invoke(app, ["review", "export", str(udhr["full"]), "-o", str(sheet)]).exit_code == 0
    full = {b.id: b for b in read_alignment(udhr["full"]).beads}
    edited = {b.id: b for b in read_alignment(udhr["edited"]).beads}
    same = [i for i in full if i in edited and (full[i].zh, full[i].en) == (edited[i].zh, edited[i].en)]
    moved = next(i for i in full if full[i].level == "paragraph" and i not in same)
    row = _sheet_rows(sheet)[moved]
    _set_actions(sheet, {moved: ("bad", None)})

    result = _apply(sheet, udhr["edited"], tmp_path / "c.jsonl")
    assert result.exit_code == 2, result.output
    sides = [f"{' '.join(b.zh) or '(none)'} ↔ {' '.join(b.en) or '(none)'}" for b in (full[moved], edited[moved])]
    assert (f"bitext: error: {sheet}: row {row}: bead {moved} is {sides[0]} in the sheet but {sides[1]} in the "
            f"alignment; export a new sheet from this alignment") in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "c.jsonl").exists()

    # The alignment it came from takes it.
    result = _apply(sheet, udhr["full"], tmp_path / "c.jsonl")
    assert result.exit_code == 0, result.output
    assert "applied 1 bad" in result.output

    # Rows without an action need not match: an action on a bead both alignments share is applied.
    _set_actions(sheet, {moved: (None, None), same[0]: ("ok", None)})
    result = _apply(sheet, udhr["edited"], tmp_path / "c2.jsonl")
    assert result.exit_code == 0, result.output
    assert "applied 1 ok" in result.output

    # A move names its target by bead id: the target must be the same bead too.
    source = next(i for i in same if edited[i].level == "paragraph" and edited[i].zh)
    _set_actions(sheet, {same[0]: (None, None), source: ("move zh", moved)})
    result = _apply(sheet, udhr["edited"], tmp_path / "c3.jsonl")
    assert result.exit_code == 2, result.output
    assert (f"row {_sheet_rows(sheet)[source]}: 'move to' names {moved} (row {row}), and bead {moved} is "
            f"{sides[0]} in the sheet") in result.output
    assert not (tmp_path / "c3.jsonl").exists()


@pytest.mark.slow
def test_a_sheet_of_another_document_is_refused(udhr, alignment_file, tmp_path):
    sheet = _export(alignment_file, "review.xlsx")  # the UNODC report, not the UDHR
    for actions in ({}, {"a1": ("ok", None)}):
        _set_actions(sheet, actions)
        result = _apply(sheet, udhr["full"], tmp_path / "c.jsonl")
        assert result.exit_code == 2, result.output
        assert f"{sheet}: the sheet belongs to another alignment" in result.output
        assert "export a new sheet from this alignment" in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert not (tmp_path / "c.jsonl").exists()


@pytest.mark.slow
def test_texts_starting_with_equals_are_text_not_formulas(udhr, tmp_path):
    sheet = tmp_path / "review.xlsx"
    assert runner.invoke(app, ["review", "export", str(udhr["formula"]), "-o", str(sheet)]).exit_code == 0
    ws = load_workbook(sheet)["review"]
    header = [c.value for c in ws[1]]
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    rows = [row for row in ws.iter_rows(min_row=2) if str(row[header.index("English")].value).startswith("=Whereas")]
    assert rows and rows[0][header.index("Chinese")].value.startswith("=鉴于有必要")
    assert all(row[header.index(col)].data_type == "s" for row in rows for col in ("Chinese", "English"))
    bead = rows[0][0].value
    # Read back as `review apply` reads it: the same texts.
    aligned = {b.id: b for b in read_alignment(udhr["formula"]).beads}[bead]
    read_back = load_workbook(sheet, read_only=True, data_only=True)["review"]
    values = next(r for r in read_back.iter_rows(values_only=True) if r[0] == bead)
    assert (values[header.index("Chinese")], values[header.index("English")]) == (aligned.zh_text, aligned.en_text)
    _set_actions(sheet, {bead: ("ok", None)})
    result = _apply(sheet, udhr["formula"], tmp_path / "c.jsonl")
    assert result.exit_code == 0, result.output
    assert "applied 1 ok" in result.output
    corrected = {b.id: b for b in read_alignment(tmp_path / "c.jsonl").beads}
    assert corrected[bead].flag_codes() == ["reviewed"]
    assert corrected[bead].en_text.startswith("=Whereas it is essential to promote")
