"""Looking terms up: exact, prefix, substring and fuzzy, in Chinese and English, from the CLI."""

import json

import pytest
from conftest import build_fixture_glossary
from typer.testing import CliRunner

from align.cli.app import app
from glossary.model import Entry
from glossary.query import query
from glossary.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_fixture_glossary(tmp_path_factory.mktemp("q") / "g.sqlite")
    with Store.open(path) as store:
        with store.conn:
            store.add_entries([Entry("安全理事会主席", "President of the Security Council", kind="title"),
                               Entry("理事会", "Council", kind="body", score=0.5)])
    return path


def modes(db, term, **kw):
    with Store.open(db) as store:
        return [(m.mode, m.entry.zh, m.entry.en) for m in query(store, term, **kw)]


def test_exact_match_first_in_both_languages(db):
    assert modes(db, "安全理事会")[0] == ("exact", "安全理事会", "Security Council")
    assert modes(db, "security council")[0] == ("exact", "安全理事会", "Security Council")
    assert modes(db, "UNDP")[0][:2] == ("exact", "联合国开发计划署")  # a variant finds its entry


def test_prefix_substring_and_fuzzy(db):
    found = modes(db, "安全理事会")
    assert ("prefix", "安全理事会主席", "President of the Security Council") in found
    found = modes(db, "理事会")
    assert found[0] == ("exact", "理事会", "Council")
    assert ("substring", "经济及社会理事会", "Economic and Social Council") in found
    assert modes(db, "Secuirty Council")[0] == ("fuzzy", "安全理事会", "Security Council")
    assert ("fuzzy", "经济及社会理事会", "Economic and Social Council") in modes(db, "经济社会理事会")
    assert modes(db, "Econ", modes=("prefix",)) == [("prefix", "经济及社会理事会", "Economic and Social Council")]


def test_no_match_and_rejected(db):
    assert modes(db, "photosynthesis") == []
    assert modes(db, "   ") == []


def test_query_cli_table_json_and_contexts(db):
    result = runner.invoke(app, ["glossary", "query", "会员国", "--db", str(db), "--contexts", "2"])
    assert result.exit_code == 0, result.output
    assert "Member States" in result.stdout
    assert "A/TEST/" in result.stdout and "zh: " in result.stdout and "en: " in result.stdout
    result = runner.invoke(app, ["glossary", "query", "会员国", "--db", str(db), "--contexts", "1", "--json"])
    data = json.loads(result.stdout)
    assert data[0]["mode"] == "exact" and data[0]["entry"]["en"] == "Member States"
    ctx = data[0]["contexts"][0]
    assert ctx["document"].startswith("A/TEST/") and ctx["paragraph"].startswith("p")
    assert "会员国" in ctx["zh"] and "Member States" in ctx["en"]


def test_unknown_mode_is_a_usage_error(db):
    result = runner.invoke(app, ["glossary", "query", "x", "--db", str(db), "--mode", "regex"])
    assert result.exit_code == 2 and "unknown mode" in result.stderr


def test_limits_keep_the_best_matches_and_top_0_means_all(db, tmp_path):
    def json_of(*args):
        result = runner.invoke(app, ["glossary", *map(str, args), "--db", str(db)])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    every = json_of("query", "理事会", "--json")
    assert len(every) >= 3
    for n in (1, 2, len(every)):
        assert json_of("query", "理事会", "-n", n, "--json") == every[:n]
    entries = json_of("list", "--top", 0, "--json")
    assert len(entries) > 3 and entries == json_of("list", "--top", len(entries) + 5, "--json")
    result = runner.invoke(app, ["glossary", "export", "-f", "csv", "-o", str(tmp_path / "all.csv"), "--top", "0",
                                 "--min-score", "0", "--db", str(db)])
    assert result.exit_code == 0, result.output
    exported = [e for e in entries if e["status"] != "rejected"]  # export leaves rejected entries out
    assert f"{len(exported)} entries written" in result.stdout
