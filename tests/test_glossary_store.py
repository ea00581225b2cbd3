"""The glossary database: building, rebuilding with more inputs, and a terminologist's edits."""

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from align.cli.app import app
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
    from align.formats.jsonl import read_alignment
    from align.formats.tmx import write_tmx

    tmx = tmp_path / "part1.tmx"
    write_tmx(read_alignment(PART1), tmx)
    db = tmp_path / "g.sqlite"
    cli("build", tmx, PART2, "--db", db, "--no-embeddings", "-q")
    sc = entry(db, "安全理事会")
    assert sc.en == "Security Council" and sc.frequency == 4
    with Store.open(db) as store:
        assert len({c.document for c in store.contexts(sc.id)}) == 2


def rewritten(src, dst, edit):
    """A copy of an alignment.jsonl with `edit(record)` applied to every bead record; `edit` may
    return a list of records to put in its place (to repeat a bead)."""
    lines = []
    for line in src.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        done = edit(record) if record.get("type") == "bead" else None
        for r in done if isinstance(done, list) else [record]:
            lines.append(json.dumps(r, ensure_ascii=False))
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dst


def build_json(*args):
    return json.loads(cli("build", *args, "--no-embeddings", "-q", "--json").stdout)


def test_the_tmx_of_an_alignment_already_added_is_not_counted_again(tmp_path):
    from align.formats.jsonl import read_alignment
    from align.formats.tmx import write_tmx

    tmx = tmp_path / "part1.tmx"
    write_tmx(read_alignment(PART1), tmx)
    db = tmp_path / "g.sqlite"
    cli("build", PART1, "--db", db, "--no-embeddings", "-q")
    before = entry(db, "会员国")
    out = cli("build", tmx, "--db", db, "--no-embeddings", "-q").stdout
    assert "entries from 8 aligned units" in out
    assert "(8 units already in the glossary skipped)" in out
    after = entry(db, "会员国")
    assert after.frequency == before.frequency == 3
    with Store.open(db) as store:
        assert store.counts()["units"] == 8
        assert store.counts()["sources"] == 2  # the TMX is recorded as read
        assert len(store.contexts(after.id)) == 3


def test_the_jsonl_and_the_tmx_of_one_alignment_in_one_build(tmp_path):
    from align.formats.jsonl import read_alignment
    from align.formats.tmx import write_tmx

    tmx = tmp_path / "part1.tmx"
    write_tmx(read_alignment(PART1), tmx)
    db = tmp_path / "g.sqlite"
    report = build_json(PART1, tmx, PART2, "--db", db)
    assert report["added_inputs"] == [str(PART1), str(tmx), str(PART2)]
    assert report["skipped_units"] == 8 and report["units"] == 16
    assert entry(db, "会员国").frequency == 5


def test_a_corrected_alignment_adds_only_the_units_that_changed(tmp_path):
    def correct(bead):
        if bead["id"] == "a2.1":  # only white space differs: the same unit
            bead["en_text"] = "  The General\n Assembly   adopted the resolution. "
        if bead["id"] == "a8.1":  # a real correction: a new unit
            bead["en_text"] = "Member States welcomed the Secretary-General's report."

    corrected = rewritten(PART1, tmp_path / "corrected.jsonl", correct)
    db = tmp_path / "g.sqlite"
    cli("build", PART1, "--db", db, "--no-embeddings", "-q")
    report = build_json(corrected, "--db", db)
    assert report["added_inputs"] == [str(corrected)]
    assert report["skipped_units"] == 7 and report["units"] == 9
    assert entry(db, "大会").frequency == 2  # a2.1 and a4.1, not a2.1 twice
    with Store.open(db) as store:
        welcomed = store.conn.execute("SELECT en FROM units WHERE zh = ? ORDER BY id",
                                      ("会员国欢迎秘书长的报告。",)).fetchall()
        assert welcomed == [("Member States welcomed the report of the Secretary-General.",),
                            ("Member States welcomed the Secretary-General's report.",)]
        assert store.conn.execute("SELECT units FROM sources ORDER BY id").fetchall() == [(8,), (1,)]


def test_the_same_pairs_in_another_document_are_counted(tmp_path):
    other = tmp_path / "other.jsonl"
    lines = PART1.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    for side in ("zh", "en"):
        header[side]["symbol"] = "A/TEST/9"
    other.write_text("\n".join([json.dumps(header, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    db = tmp_path / "g.sqlite"
    cli("build", PART1, "--db", db, "--no-embeddings", "-q")
    report = build_json(other, "--db", db)
    assert report["skipped_units"] == 0 and report["units"] == 16
    assert "already in the glossary" not in cli("build", PART2, "--db", db, "--no-embeddings", "-q").stdout
    with Store.open(db) as store:
        docs = dict(store.conn.execute("SELECT document, count(*) FROM units GROUP BY document").fetchall())
    assert docs == {"A/TEST/1": 8, "A/TEST/9": 8, "A/TEST/2": 8}


def test_a_pair_a_document_repeats_is_kept_as_often_as_it_occurs(tmp_path):
    def copies(n, rescore=False):
        def edit(bead):
            if rescore:
                bead["score"] = 0.9  # another file (another SHA-256), the same units
            if bead["id"] == "a6.1":
                return [{**bead, "id": f"a6.{k}"} for k in range(1, n + 1)]
        return edit

    db = tmp_path / "g.sqlite"
    first = build_json(rewritten(PART1, tmp_path / "twice.jsonl", copies(2)), "--db", db)
    assert first["skipped_units"] == 0 and first["units"] == 9  # both copies of a6.1 count
    again = build_json(rewritten(PART1, tmp_path / "twice-again.jsonl", copies(2, rescore=True)), "--db", db)
    assert again["skipped_inputs"] == [] and again["skipped_units"] == 9 and again["units"] == 9
    more = build_json(rewritten(PART1, tmp_path / "thrice.jsonl", copies(3)), "--db", db)
    assert more["skipped_units"] == 9 and more["units"] == 10  # only the third copy is new
    fewer = build_json(rewritten(PART1, tmp_path / "once.jsonl", copies(1, rescore=True)), "--db", db)
    assert fewer["skipped_units"] == 8 and fewer["units"] == 10
