from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "E_CN.7_2012_2.zh.txt"
CORPORA = ROOT / "corpora"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_doc():
    from align.documents.segment import segment_file

    return segment_file(SEED)


def build_fixture_glossary(path: Path) -> Path:
    """A glossary built through the CLI from the two small hand-checked alignments in fixtures/glossary."""
    from typer.testing import CliRunner

    from align.cli.app import app

    fix = FIXTURES / "glossary"
    result = CliRunner().invoke(app, ["glossary", "build", str(fix / "part1.alignment.jsonl"),
                                      str(fix / "part2.alignment.jsonl"), "--db", str(path), "--no-embeddings", "-q"])
    assert result.exit_code == 0, result.output
    return path
