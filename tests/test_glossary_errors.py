"""Bad input to the glossary commands: one line on stderr naming the file and the problem, exit 2."""

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.app import app

FIX = Path(__file__).parent / "fixtures" / "glossary"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["glossary", *map(str, args)])


def one_line_error(result, *words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for w in words:
        assert str(w) in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["query", "大会"], ["list"], ["approve", "1"], ["note", "1", "x"],
                                     ["export", "--format", "csv", "-o", "x.csv"]])
def test_missing_db(tmp_path, command):
    db = tmp_path / "none.sqlite"
    one_line_error(run(*command, "--db", db), db, "no such glossary")
    assert not db.exists()  # looking something up never creates a database


def test_corrupt_db(tmp_path):
    db = tmp_path / "broken.sqlite"
    db.write_bytes(b"this is not sqlite at all" * 100)
    one_line_error(run("query", "大会", "--db", db), db, "not a glossary database")


def test_sqlite_file_of_another_program(tmp_path):
    db = tmp_path / "other.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    one_line_error(run("list", "--db", db), db, "not a glossary database")


def test_unknown_export_format(tmp_path):
    db = tmp_path / "g.sqlite"
    run("build", FIX / "part1.alignment.jsonl", "--db", db, "--no-embeddings", "-q")
    one_line_error(run("export", "--format", "xlsx", "-o", tmp_path / "g.xlsx", "--db", db), "unknown format 'xlsx'")
    assert not (tmp_path / "g.xlsx").exists()


def test_unknown_kind_and_status(tmp_path):
    db = tmp_path / "g.sqlite"
    run("build", FIX / "part1.alignment.jsonl", "--db", db, "--no-embeddings", "-q")
    one_line_error(run("list", "--kind", "animal", "--db", db), "unknown kind 'animal'")
    one_line_error(run("list", "--status", "maybe", "--db", db), "unknown status 'maybe'")
    one_line_error(run("approve", "no-such-term", "--db", db), "no entry with the term")
    one_line_error(run("reject", "999", "--db", db), "no entry 999")


def test_bad_build_inputs_leave_no_database(tmp_path):
    db = tmp_path / "g.sqlite"
    missing = tmp_path / "missing.jsonl"
    one_line_error(run("build", missing, "--db", db), missing, "no such file")
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    one_line_error(run("build", text, "--db", db), text, "unknown input type")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"type": "header"}\n', encoding="utf-8")
    one_line_error(run("build", broken, "--db", db), broken, "not an alignment.jsonl")
    assert not db.exists()


def test_a_failed_build_leaves_the_glossary_as_it_was(tmp_path):
    db = tmp_path / "g.sqlite"
    run("build", FIX / "part1.alignment.jsonl", "--db", db, "--no-embeddings", "-q")
    before = db.read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    one_line_error(run("build", FIX / "part2.alignment.jsonl", bad, "--db", db), bad, "line 1")
    assert db.read_bytes() == before


def test_import_readers_refuse_foreign_files(tmp_path):
    from glossary import export

    xml = tmp_path / "g.tbx"
    xml.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(Exception, match="not a TBX file"):
        export.read_tbx(xml)
    csv = tmp_path / "g.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(Exception, match="not a glossary CSV"):
        export.read_csv(csv)


@pytest.mark.parametrize(("args", "words"), [
    (["query", "会员国", "-n", "-1"], ["--limit must be 1 or more", "-1"]),
    (["query", "会员国", "--limit", "0"], ["--limit must be 1 or more", "0"]),
    (["query", "会员国", "--contexts", "-1"], ["--contexts must be 0 or more", "-1"]),
    (["list", "--top", "-1"], ["--top must be 0 or more", "-1"]),
    (["export", "--format", "csv", "-o", "x.csv", "--top", "-3"], ["--top must be 0 or more", "-3"]),
    (["export", "--format", "tbx", "-o", "x.tbx", "--contexts", "-1"], ["--contexts must be 0 or more"]),
    (["annotate", FIX / "part1.alignment.jsonl", "--min-score", "-0.5"], ["--min-score must be 0 or more", "-0.5"]),
    (["annotate", FIX / "part1.alignment.jsonl", "--min-score", "nan"], ["--min-score must be 0 or more"]),
])
def test_negative_counts_are_refused(tmp_path, monkeypatch, args, words):
    db = tmp_path / "g.sqlite"
    run("build", FIX / "part1.alignment.jsonl", "--db", db, "--no-embeddings", "-q")
    monkeypatch.chdir(tmp_path)
    one_line_error(run(*args, "--db", db), *words)
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.tbx").exists()


def test_the_query_function_refuses_a_negative_limit(tmp_path):
    from align.errors import InputError
    from glossary.query import query
    from glossary.store import Store

    db = tmp_path / "g.sqlite"
    run("build", FIX / "part1.alignment.jsonl", "--db", db, "--no-embeddings", "-q")
    with Store.open(db) as store:
        assert len(query(store, "会员国", limit=1)) == 1
        with pytest.raises(InputError, match="limit of 1 or more"):
            query(store, "会员国", limit=-1)
        with pytest.raises(InputError, match="0 or more contexts"):
            query(store, "会员国", contexts=-1)
