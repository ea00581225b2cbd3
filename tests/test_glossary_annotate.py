"""Annotating a new document: the seed report, against a glossary built from the hand-made corpus."""

import json

import pytest
from conftest import SEED, build_fixture_glossary
from typer.testing import CliRunner

from align.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build_fixture_glossary(tmp_path_factory.mktemp("a") / "g.sqlite")
    return path


def annotate(db, path, *extra):
    result = runner.invoke(app, ["glossary", "annotate", str(path), "--db", str(db), "--min-score", "0", *extra])
    assert result.exit_code == 0, result.output
    return result


def test_seed_report_terms_with_proposed_english(db):
    data = json.loads(annotate(db, SEED, "--json").stdout)
    assert data["lang"] == "zh"
    terms = {t["term"]: t for t in data["terms"]}
    assert terms["经济及社会理事会"]["proposed"] == ["Economic and Social Council"]
    assert terms["联合国反腐败公约"]["proposed"] == ["United Nations Convention against Corruption"]
    assert terms["联合国反腐败公约"]["kind"] == "instrument"
    assert terms["会员国"]["proposed"] == ["Member States"]
    assert terms["会员国"]["count"] >= 10
    assert "p2" in terms["会员国"]["paragraphs"]
    assert terms["开发署"]["proposed"] == ["United Nations Development Programme", "UNDP"]


def test_english_document_and_rejected_entries(db, tmp_path):
    doc = tmp_path / "en.txt"
    doc.write_text("1. The Security Council and the General Assembly met.\n\n"
                   "2. UNDP briefed Member States on the work of the Security Council.\n", encoding="utf-8")
    data = json.loads(annotate(db, doc, "--json").stdout)
    terms = {t["term"]: t for t in data["terms"]}
    assert terms["Security Council"]["proposed"] == ["安全理事会"]
    assert terms["Security Council"]["count"] == 2 and len(terms["Security Council"]["paragraphs"]) == 2
    assert terms["UNDP"]["proposed"] == ["联合国开发计划署", "开发署"]
    runner.invoke(app, ["glossary", "reject", "大会", "--db", str(db)])
    data = json.loads(annotate(db, doc, "--json").stdout)
    assert "General Assembly" not in {t["term"] for t in data["terms"]}
    runner.invoke(app, ["glossary", "approve", "大会", "--db", str(db)])


def test_table_and_html_view(db, tmp_path):
    page = tmp_path / "terms.html"
    out = annotate(db, SEED, "--html", str(page)).stdout
    assert "经济及社会理事会" in out and "Economic and Social Council" in out
    html = page.read_text(encoding="utf-8")
    assert "<mark title='Economic and Social Council'>经济及社会理事会</mark>" in html
    assert "<table>" in html and "id='p2'" in html
    again = runner.invoke(app, ["glossary", "annotate", str(SEED), "--db", str(db), "--html", str(page)])
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_a_name_seen_once_is_proposed_from_its_pair(tmp_path):
    """The UNPC devset holds 联合国资本发展基金 in one sentence pair: the glossary built from it has a
    low-ranked entry for it, which annotate shows as what it is, the evidence of one pair."""
    from pathlib import Path

    from align.formats.jsonl import write_alignment
    from glossary.annotate import annotate as annotate_doc
    from glossary.build import build
    from glossary.inputs import line_pairs_alignment
    from glossary.pairing import Settings
    from glossary.store import Store

    dev = Path(__file__).parent.parent / "corpora" / "unpc_devset"
    zh = (dev / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()[:1000]
    en = (dev / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:1000]
    assert sum("联合国资本发展基金" in line for line in zh) == 1
    (tmp_path / "d.zh").write_text("\n".join(zh) + "\n", encoding="utf-8")
    (tmp_path / "d.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    path = write_alignment(line_pairs_alignment(tmp_path / "d.zh", tmp_path / "d.en", "UNPC devset"),
                           tmp_path / "d.alignment.jsonl")
    build([path], tmp_path / "g.sqlite", Settings(embeddings=False))
    doc = tmp_path / "doc.zh.txt"
    doc.write_text("1. 联合国资本发展基金的审计结果已提交执行局。\n", encoding="utf-8")
    with Store.open(tmp_path / "g.sqlite") as store:
        found = {f.term: f for f in annotate_doc(store, doc, embeddings=False).findings}
    fund = found["联合国资本发展基金"]
    assert fund.suggestions() == ["United Nations Capital Development Fund"]
    assert fund.evidence == "corpus, 1 pair, weak"
