"""The glossary database: building, rebuilding with more inputs, and a terminologist's edits."""

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from align.cli import app
from glossary.model import Entry
from glossary.store import Store

FIX = Path(__file__).parent / "fixtures" / "glossary"
PART1 = FIX / "part1.alignment.jsonl"
PART2 = FIX / "part2.alignment.jsonl"
runner = CliRunner()


def cli(*args):
    result = runner.invoke(app, ["glossary", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def entry(db, zh):
    with Store.open(db) as store:
        ids = [i for i in store.find(zh)]
        return [e for e in store.load(ids) if e.zh == zh][0]


def test_build_writes_entries_with_contexts(tmp_path):
    db = tmp_path / "g.sqlite"
    out = cli("build", PART1, PART2, "--db", db, "--no-embeddings", "-q").output
    assert "entries from 16 aligned units" in out
    with Store.open(db) as store:
        sc = entry(db, "安全理事会")
        ctx = store.contexts(sc.id)
        assert len(ctx) == 4
        assert {c.document for c in ctx} == {"A/TEST/1", "A/TEST/2"}
        assert all("安全理事会" in c.zh and "Security Council" in c.en for c in ctx)
        assert ctx[0].paragraph.startswith("p")
        assert store.counts()["sources"] == 2


def test_rebuild_with_more_inputs_merges_counts_and_keeps_human_edits(tmp_path):
    db = tmp_path / "g.sqlite"
    cli("build", PART1, "--db", db, "--no-embeddings", "-q")
    before = entry(db, "会员国")
    assert before.frequency == 3
    cli("approve", "会员国", "--db", db)
    cli("note", "会员国", "Always plural in UN usage.", "--db", db)
    cli("reject", "秘书长", "--db", db)

    cli("build", PART2, "--db", db, "--no-embeddings", "-q")
    after = entry(db, "会员国")
    assert after.id == before.id
    assert after.frequency == 5  # counts from both inputs
    assert after.status == "approved" and after.note == "Always plural in UN usage."
    assert entry(db, "秘书长").status == "rejected"
    with Store.open(db) as store:
        assert {c.document for c in store.contexts(after.id)} == {"A/TEST/1", "A/TEST/2"}


def test_the_same_input_twice_is_counted_once(tmp_path):
    db = tmp_path / "g.sqlite"
    cli("build", PART1, "--db", db, "--no-embeddings", "-q")
    result = runner.invoke(app, ["glossary", "build", str(PART1), "--db", str(db), "--no-embeddings", "-q",
                                 "--json"])
    report = json.loads(result.stdout)
    assert report["skipped_inputs"] == [str(PART1)] and report["units"] == 8
    assert entry(db, "会员国").frequency == 3


def test_curated_entries_survive_when_a_rebuild_no_longer_finds_them(tmp_path):
    db = tmp_path / "g.sqlite"
    with Store.open(db, create=True) as store:
        with store.conn:
            store.merge_built([Entry("甲", "alpha", units=[]), Entry("乙", "beta", units=[]),
                               Entry("丙", "gamma", units=[])])
        store.set_status(store.find("甲")[0], "approved")
        store.set_note(store.find("乙")[0], "keep me")
        with store.conn:
            stats = store.merge_built([Entry("丁", "delta", units=[])])
        assert (stats.added, stats.removed, stats.kept) == (1, 1, 2)
        assert sorted(e.zh for e in store.entries()) == sorted(["甲", "乙", "丁"])


def test_list_filters_and_json(tmp_path):
    db = tmp_path / "g.sqlite"
    cli("build", PART1, PART2, "--db", db, "--no-embeddings", "-q")
    bodies = json.loads(cli("list", "--db", db, "--kind", "body", "--json").stdout)
    assert bodies and all(e["kind"] == "body" for e in bodies)
    assert {"zh", "en", "zh_variants", "en_variants", "frequency", "score", "status", "note"} <= set(bodies[0])
    top = json.loads(cli("list", "--db", db, "--top", "3", "--json").stdout)
    assert len(top) == 3 and top[0]["score"] >= top[2]["score"]
    cli("approve", "大会", "--db", db)
    approved = json.loads(cli("list", "--db", db, "--status", "approved", "--json").stdout)
    assert [e["zh"] for e in approved] == ["大会"]
    table = cli("list", "--db", db, "--top", "3").stdout
    assert "Security Council" in table or "Member States" in table


def test_approve_by_id_and_ambiguous_terms(tmp_path):
    db = tmp_path / "g.sqlite"
    with Store.open(db, create=True) as store:
        with store.conn:
            store.add_entries([Entry("理事会", "Council"), Entry("理事会", "Governing Council")])
        ids = store.find("理事会")
    result = runner.invoke(app, ["glossary", "approve", "理事会", "--db", str(db)])
    assert result.exit_code == 2
    assert "2 entries have the term" in result.stderr
    cli("approve", str(ids[1]), "--db", db)
    with Store.open(db) as store:
        assert store.get(ids[1]).status == "approved"


def test_store_is_plain_sqlite_with_fts5(tmp_path):
    db = tmp_path / "g.sqlite"
    cli("build", PART1, "--db", db, "--no-embeddings", "-q")
    conn = sqlite3.connect(db)
    hits = conn.execute("SELECT t.text FROM terms_fts f JOIN terms t ON t.id = f.rowid "
                        "WHERE terms_fts MATCH '\"council\"'").fetchall()
    assert ("Security Council",) in hits


def test_tmx_input(tmp_path):
    from align.jsonl import read_alignment
    from align.tmx import write_tmx

    tmx = tmp_path / "part1.tmx"
    write_tmx(read_alignment(PART1), tmx)
    db = tmp_path / "g.sqlite"
    cli("build", tmx, PART2, "--db", db, "--no-embeddings", "-q")
    sc = entry(db, "安全理事会")
    assert sc.en == "Security Council" and sc.frequency == 4
    with Store.open(db) as store:
        assert len({c.document for c in store.contexts(sc.id)}) == 2
