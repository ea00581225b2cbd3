"""`bitext run`: the main job on the bundled corpora."""

import json

from conftest import ROOT
from typer.testing import CliRunner

from align.cli.app import app

runner = CliRunner()


def test_run_writes_structure_for_every_bundled_document(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "-o", str(out), "--corpora", str(ROOT / "corpora"),
                                 "--seeds", str(ROOT / "seeds"), "--quiet"])
    assert result.exit_code == 0, result.output
    seed = json.loads((out / "seeds" / "E_CN.7_2012_2" / "zh.structure.json").read_text())
    assert sum(1 for b in seed["blocks"] if b["kind"] == "paragraph") == 101
    # UN reports bundled as PDFs without a Chinese version: their structure is written too.
    report = json.loads((out / "un_documents" / "E_2025_8" / "en.structure.json").read_text())
    assert [b["id"] for b in report["blocks"] if b["kind"] == "paragraph"] == [f"p{n}" for n in range(1, 86)]
    assert (out / "un_documents" / "A_HRC_WG.6_34_ITA_3" / "ru.structure.json").exists()
    from align.formats.jsonl import read_alignment
    from align.formats.tmx import validate_tmx

    for name in ("un_charter", "udhr"):
        for lang in ("zh", "en"):
            assert (out / name / f"{lang}.structure.json").exists()
        alignment = read_alignment(out / name / "alignment.jsonl")
        assert alignment.paragraph_beads() and alignment.sentence_beads()
        assert validate_tmx(out / name / "alignment.tmx") == []
        assert "<h1>Alignment review: " in (out / name / "review.html").read_text(encoding="utf-8")
    charter = read_alignment(out / "un_charter" / "alignment.jsonl")
    assert len(charter.paragraph_beads()) == 377


def test_run_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "mine.txt"
    keep.write_text("user data")
    result = runner.invoke(app, ["run", "-o", str(out), "--quiet"])
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert keep.read_text() == "user data"
