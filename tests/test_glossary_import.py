"""Reference termbases: TBX in the dialects UNTERM, SDL MultiTerm, memoQ, TBX-Min and TBX v3 write,
CSV/TSV with a header, and the UNBIS Thesaurus; imported entries keep their source, approved ones win,
conflicts are listed, re-importing changes nothing, and a bad file changes nothing."""

import json

import pytest
from conftest import FIXTURES, SEED, build_fixture_glossary
from typer.testing import CliRunner

from align.cli.app import app
from glossary.store import Store

TB = FIXTURES / "glossary" / "termbases"
runner = CliRunner()


def cli(*args, code=0):
    result = runner.invoke(app, ["glossary", *map(str, args)])
    assert result.exit_code == code, result.output
    return result


def imported(db, *args):
    return json.loads(cli("import", *args, "--db", db, "--json").stdout)


def entry(db, zh):
    with Store.open(db) as store:
        found = [e for e in store.load(store.find(zh)) if e.zh == zh]
        assert found, zh
        return found


def test_tbx_basic_as_unterm_exports_it(tmp_path):
    db = tmp_path / "g.sqlite"
    report = imported(db, TB / "unterm.tbx", "--source", "UNTERM", "--status", "approved")
    assert (report["entries"], report["added"], report["skipped"]) == (5, 5, 1)  # one entry has only fr/es
    assert report["dialect"] == "TBX-Basic"
    (sc,) = entry(db, "安全理事会")
    assert (sc.en, sc.zh_variants, sc.status, sc.source, sc.origin, sc.kind) == (
        "Security Council", ["安理会"], "approved", "UNTERM", "import", "body")
    assert sc.note == "Principal organ of the United Nations."
    (ms,) = entry(db, "会员国")
    assert ms.en == "Member State" and ms.en_variants == ["State Member of the United Nations"]
    assert ms.deprecated == ["member country"]
    (sg,) = entry(db, "秘书长")
    assert sg.deprecated == ["Secretary General"] and sg.kind == "title"
    (odc,) = entry(db, "联合国毒品和犯罪问题办公室")
    assert odc.zh_variants == ["毒品和犯罪问题办公室"] and odc.en_variants == ["UNODC"]


def test_multiterm_memoq_tbx_min_and_tbx_v3(tmp_path):
    db = tmp_path / "g.sqlite"
    multiterm = imported(db, TB / "multiterm.tbx", "--source", "UNODC MultiTerm")  # UTF-16, ntig/termGrp
    assert (multiterm["added"], multiterm["dialect"]) == (3, "TBX")
    (cnd,) = entry(db, "麻醉药品委员会")
    assert (cnd.en, cnd.zh_variants, cnd.en_variants, cnd.kind) == (
        "Commission on Narcotic Drugs", ["麻委会"], ["CND"], "body")
    assert cnd.note.startswith("definition: Functional commission of the Economic and Social Council")
    (ccpcj,) = entry(db, "预防犯罪和刑事司法委员会")  # the Simplified section is the main one, Traditional a variant
    assert ccpcj.zh_variants == ["預防犯罪和刑事司法委員會"]
    assert imported(db, TB / "memoq.tbx", "--source", "memoQ")["added"] == 2
    (ccp,) = entry(db, "集装箱管制方案")
    assert ccp.en == "Container Control Programme" and ccp.kind == "programme"
    tbx_min = imported(db, TB / "tbx-min.tbx", "--source", "UNODC")
    assert (tbx_min["added"], tbx_min["dialect"]) == (2, "TBX-Min")
    (gfp,) = entry(db, "全球枪支方案")
    assert gfp.deprecated == ["Global Firearm Programme"]
    assert imported(db, TB / "tbx-v3.tbx", "--source", "UNTOC")["dialect"] == "TBX-Basic (TBX v3)"
    (untoc,) = entry(db, "联合国打击跨国有组织犯罪公约")
    assert (untoc.zh_variants, untoc.en_variants, untoc.kind) == (
        ["有组织犯罪公约"], ["Organized Crime Convention"], "instrument")


def test_csv_tsv_and_unbis(tmp_path):
    db = tmp_path / "g.sqlite"
    report = imported(db, TB / "terms.csv", "--source", "terminology section")
    assert (report["added"], report["skipped"], report["dialect"]) == (3, 1, "CSV")
    (plan,) = entry(db, "行动计划")
    assert (plan.en, plan.en_variants, plan.kind) == ("plan of action", ["action plan"], "instrument")
    assert plan.note == 'UN usage: "plan of action" in resolutions; "action plan" in reports'
    (undp,) = entry(db, "联合国开发计划署")
    assert (undp.zh_variants, undp.en_variants) == (["开发署"], ["UNDP"])
    assert imported(db, TB / "terms.tsv")["dialect"] == "TSV"
    assert entry(db, "毒品和犯罪问题办公室")[0].source == "terms.tsv"  # no --source: the file's name
    six = imported(db, TB / "unbis-sample.tsv", "--source", "UNBIS Thesaurus")  # the shared six-language file
    assert (six["added"], six["dialect"]) == (3, "UNBIS Thesaurus")
    shipped = imported(db, "unbis")
    assert shipped["source"] == "UNBIS Thesaurus" and shipped["entries"] == 7121
    assert shipped["added"] == 7121 - 3  # the sample's three are there already
    (rp,) = [e for e in entry(db, "区域方案") if e.en.lower() == "regional programmes"]
    assert rp.source == "UNBIS Thesaurus"
    (ga,) = entry(db, "格鲁吉亚语")
    assert ga.en == "Georgian language"  # the scrape's lower case given back its capitals


def test_reimport_is_idempotent(tmp_path):
    db = tmp_path / "g.sqlite"
    first = imported(db, TB / "unterm.tbx", "--source", "UNTERM")
    with Store.open(db) as store:
        before = (store.counts(), store.conn.execute("SELECT * FROM terms ORDER BY id").fetchall())
    again = imported(db, TB / "unterm.tbx", "--source", "UNTERM")
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, first["added"])
    with Store.open(db) as store:
        assert (store.counts(), store.conn.execute("SELECT * FROM terms ORDER BY id").fetchall()) == before
    out = cli("import", TB / "unterm.tbx", "--source", "UNTERM", "--db", db).stdout
    assert "0 new, 0 completed, 5 already there; 1 without a Chinese or an English term skipped" in out


def test_approved_reference_wins_over_the_corpus_and_conflicts_are_listed(tmp_path):
    db = build_fixture_glossary(tmp_path / "g.sqlite")
    (learnt,) = entry(db, "会员国")
    assert learnt.en == "Member States"
    cli("import", TB / "unterm.tbx", "--source", "UNTERM", "--status", "approved", "--db", db)
    # the reference writes the singular, as termbases do: two entries for 会员国 now
    data = json.loads(cli("annotate", SEED, "--db", db, "--min-score", "0", "--json").stdout)
    terms = {t["term"]: t for t in data["terms"]}
    assert terms["会员国"]["proposed"][0] == "Member State"
    assert "Member States" in terms["会员国"]["proposed"]
    assert terms["会员国"]["evidence"] == "approved (UNTERM)"
    query = json.loads(cli("query", "会员国", "--db", db, "--json").stdout)
    assert [m["entry"]["en"] for m in query][:2] == ["Member State", "Member States"]
    assert query[0]["entry"]["source"] == "UNTERM" and query[0]["entry"]["note"].startswith("In the plural")
    table = cli("query", "会员国", "--db", db).stdout
    assert "UNTERM" in table and "In the plural: Member States" in table
    conflicts = json.loads(cli("list", "--conflicts", "--db", db, "--json").stdout)
    assert [[e["en"] for e in group] for group in conflicts] == [["Member State", "Member States"]]
    text = cli("list", "--conflicts", "--db", db).stdout
    assert "1 Chinese term with different English" in text and "UNTERM" in text and "corpus" in text
    # the same English: no conflict, the learnt entry is completed by the reference
    (sc,) = entry(db, "安全理事会")
    assert (sc.source, sc.zh_variants, sc.frequency) == ("UNTERM", ["安理会"], 4)


@pytest.mark.parametrize(("name", "words"), [
    ("malformed.tbx", ["not well-formed XML"]),
    ("unknown-dialect.tbx", ["unknown TBX dialect", "<glossary>"]),
    ("entity-bomb.tbx", ["declares XML entities", "billion laughs"]),
    ("external-entity.tbx", ["declares XML entities"]),
    ("no-language-columns.csv", ["no Chinese (zh) and no English (en) column", "term, translation, note"]),
])
def test_bad_files_get_one_line_and_change_nothing(tmp_path, name, words):
    db = build_fixture_glossary(tmp_path / "g.sqlite")
    before = db.read_bytes()
    result = cli("import", TB / name, "--db", db, code=2)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"bitext: error: {TB / name}: ")
    for w in words:
        assert w in lines[0]
    assert db.read_bytes() == before


def test_bad_status_and_missing_file(tmp_path):
    db = tmp_path / "g.sqlite"
    result = cli("import", TB / "terms.csv", "--status", "rejected", "--db", db, code=2)
    assert "use approved or candidate" in result.stderr and not db.exists()
    missing = tmp_path / "none.tbx"
    result = cli("import", missing, "--db", db, code=2)
    assert f"{missing}: no such file" in result.stderr and not db.exists()


def test_an_import_survives_a_rebuild(tmp_path):
    db = tmp_path / "g.sqlite"
    fix = FIXTURES / "glossary"
    cli("import", TB / "unterm.tbx", "--source", "UNTERM", "--db", db)
    cli("build", fix / "part1.alignment.jsonl", "--db", db, "--no-embeddings", "-q")
    cli("build", fix / "part2.alignment.jsonl", "--db", db, "--no-embeddings", "-q")
    (sc,) = entry(db, "安全理事会")  # learnt and imported: counts from the texts, the rest from UNTERM
    assert (sc.frequency, sc.source, sc.origin, sc.zh_variants) == (4, "UNTERM", "import", ["安理会"])
    with Store.open(db) as store:
        assert store.counts()["imported"] == 5
        assert {e.en for e in store.load(store.find("会员国"))} == {"Member State", "Member States"}


def test_export_reads_back_what_was_imported(tmp_path):
    from glossary import export

    db = tmp_path / "g.sqlite"
    cli("import", TB / "unterm.tbx", "--source", "UNTERM", "--status", "approved", "--db", db)
    cli("export", "--format", "tbx", "-o", tmp_path / "g.tbx", "--db", db)
    back = {e.zh: e for e in export.read_tbx(tmp_path / "g.tbx")}
    assert back["会员国"].deprecated == ["member country"] and back["会员国"].source == "UNTERM"
    assert back["秘书长"].status == "approved"
    again = tmp_path / "again.sqlite"
    assert imported(again, tmp_path / "g.tbx", "--source", "UNTERM")["added"] == 5
    with Store.open(db) as a, Store.open(again) as b:
        def shape(store):
            return sorted((e.zh, e.en, tuple(e.zh_variants), tuple(e.en_variants), tuple(e.deprecated), e.kind,
                           e.note) for e in store.entries())
        assert shape(a) == shape(b)
