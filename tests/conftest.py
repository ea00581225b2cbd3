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


def glossary_rows(db: Path, sources: bool = True) -> dict[str, list[tuple]]:
    """Everything a glossary database holds that a build decides, table by table (no timestamps;
    `sources=False` leaves out the input files' paths and checksums, which differ between runs)."""
    import sqlite3

    queries = {
        "entries": "SELECT id, zh, en, kind, frequency, score, status, note, origin, source FROM entries ORDER BY id",
        "terms": "SELECT entry_id, lang, text, main, origin, status FROM terms ORDER BY id",
        "contexts": "SELECT entry_id, unit_id FROM contexts ORDER BY entry_id, unit_id",
        "units": "SELECT id, document, paragraph, bead, zh, en FROM units ORDER BY id",
    }
    if sources:
        queries["sources"] = "SELECT id, path, sha256, document, units FROM sources ORDER BY id"
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        conn.close()
