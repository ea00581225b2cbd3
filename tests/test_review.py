"""The reviewer's round trip: export a sheet, fill in actions, apply them, build TMX from the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from quality_data import unodc_alignment
from typer.testing import CliRunner

from align.cli import app
from align.jsonl import read_alignment, write_alignment
from align.review import COLUMNS, Decision, apply_review
from align.tmx import read_tmx

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
