"""Per-document lookup, on a glossary built from the UN Parallel Corpus development set: a term the
glossary has no entry for, or that the corpus holds once, still gets its English from the aligned
pairs, with its evidence; annotate proposes such terms of a new document too, and keeps everyday
words, parts of longer words and places out."""

import json

import pytest
from conftest import CORPORA, SEED
from typer.testing import CliRunner

from align.cli.app import app
from glossary.lookup import lookup
from glossary.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def devset_db(tmp_path_factory):
    from align.formats.jsonl import write_alignment
    from glossary.build import build
    from glossary.inputs import line_pairs_alignment
    from glossary.pairing import Settings

    folder = tmp_path_factory.mktemp("devset")
    dev = CORPORA / "unpc_devset"
    alignment = line_pairs_alignment(dev / "UNv1.0.devset.zh", dev / "UNv1.0.devset.en", "UNPC devset")
    path = write_alignment(alignment, folder / "unpc_devset.alignment.jsonl")
    db = folder / "g.sqlite"
    build([path], db, Settings(embeddings=False))
    return db


def proposals(db, term):
    with Store.open(db) as store:
        return lookup(store, term)


def test_an_entry_comes_first_with_its_evidence(devset_db):
    r = proposals(devset_db, "安全理事会")
    best = r.best()
    assert (best.text, best.how, best.strength) == ("Security Council", "entry", "strong")
    assert best.pairs >= 100 and best.context is not None and "安全理事会" in best.context.zh
    assert r.found >= 150


def test_a_term_seen_once_gets_its_english_marked_weak(devset_db):
    # devset line 271: 国际海底管理局 / International Seabed Authority, in one pair only
    r = proposals(devset_db, "国际海底管理局")
    best = r.best()
    assert best.text == "International Seabed Authority" and best.how in ("corpus", "entry")
    r = proposals(devset_db, "及早通报核事故公约")  # line 3074, once
    assert r.found == 1
    best = r.best()
    assert (best.text, best.how, best.strength, best.pairs) == (
        "Convention on Early Notification of a Nuclear Accident", "corpus", "weak", 1)
    assert "葡萄牙批准了" in best.context.zh and "Portugal has ratified" in best.context.en


def test_english_terms_are_looked_up_too(devset_db):
    r = proposals(devset_db, "Committee on the Peaceful Uses of Outer Space")
    assert r.lang == "en" and r.best().text == "和平利用外层空间委员会"


def test_unknown_term(devset_db):
    r = proposals(devset_db, "光合作用")
    assert r.found == 0 and r.proposals == []


def test_lookup_cli(devset_db):
    result = runner.invoke(app, ["glossary", "lookup", "及早通报核事故公约", "--db", str(devset_db)])
    assert result.exit_code == 0, result.output
    assert "Convention on Early Notification of a Nuclear Accident" in result.stdout
    assert "corpus" in result.stdout and "1 pair, weak" in result.stdout
    assert "1 aligned pair hold 及早通报核事故公约" in result.stdout
    data = json.loads(runner.invoke(app, ["glossary", "lookup", "安全理事会", "--json", "--db",
                                          str(devset_db)]).stdout)
    assert data["proposals"][0]["text"] == "Security Council" and data["proposals"][0]["how"] == "entry"
    none = runner.invoke(app, ["glossary", "lookup", "光合作用", "--db", str(devset_db)])
    assert none.exit_code == 0 and "no equivalent for '光合作用'" in none.stdout
    bad = runner.invoke(app, ["glossary", "lookup", "大会", "-n", "0", "--db", str(devset_db)])
    assert bad.exit_code == 2 and "--limit must be 1 or more" in bad.stderr


def annotated(db, path, *extra):
    result = runner.invoke(app, ["glossary", "annotate", str(path), "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.output
    return {t["term"]: t for t in json.loads(result.stdout)["terms"]}


def test_annotate_finds_terms_whole_and_leaves_everyday_words_and_places_out(devset_db, tmp_path):
    doc = tmp_path / "doc.zh.txt"
    doc.write_text(
        "1. 联合国毒品和犯罪问题办公室向麻醉药品委员会报告了几内亚湾海盗问题的工作。\n\n"
        "2. 安全理事会主席与日本政府和各会员国进行了合作，提供了支持。\n\n"
        "3. 葡萄牙批准了《及早通报核事故公约》。\n", encoding="utf-8")
    terms = annotated(devset_db, doc)
    assert terms["联合国毒品和犯罪问题办公室"]["proposed"][0] == "United Nations Office on Drugs and Crime"
    assert "毒品和犯罪问题办公室" not in terms  # inside the longer entry
    assert terms["安全理事会主席"]["proposed"][0] == "President of the Security Council"
    assert "安全理事会" not in terms  # a longer entry wins over an entry inside it
    assert "麻醉药品委员会" in terms and "会员国" in terms
    assert not {"几内亚", "日本", "葡萄牙"} & set(terms)  # places: apart, and off by default
    assert not {"工作", "合作", "提供", "支持", "问题", "报告"} & set(terms)  # everyday words
    conv = terms["及早通报核事故公约"]  # no entry: found in the one aligned pair that has it
    assert conv["proposed"] == ["Convention on Early Notification of a Nuclear Accident"]
    assert conv["evidence"] == "corpus, 1 pair, weak" and conv["kind"] == "instrument"
    with_places = annotated(devset_db, doc, "--places")
    assert with_places["日本"]["kind"] == "place" and with_places["日本"]["proposed"] == ["Japan"]
    assert "几内亚" not in with_places  # part of 几内亚湾 (Gulf of Guinea), which the glossary lacks
    plain = annotated(devset_db, doc, "--no-corpus")
    assert "及早通报核事故公约" not in plain


def test_annotate_leaves_a_term_out_when_it_opens_a_longer_name(devset_db, tmp_path):
    # E/CN.7/2012/2 p67 and p91: 维持和平行动 (peacekeeping operations) is here only the start of
    # 维持和平行动部 (Department of Peacekeeping Operations), a name side by side with another
    doc = tmp_path / "doc.zh.txt"
    doc.write_text("1. 毒品和犯罪问题办公室与开发署、秘书处维持和平行动部和联合国人权事务高级专员办事处合作。\n\n"
                   "2. 与维持和平行动部和欧洲安全与合作组织制定了联合行动计划。\n\n"
                   "3. 维持和平行动需要更多资源。\n", encoding="utf-8")
    terms = annotated(devset_db, doc)
    assert terms["维持和平行动"]["paragraphs"] == ["p3"]


def test_annotate_leaves_the_wording_of_a_sentence_out(devset_db, tmp_path):
    # E/CN.7/2012/2 p5, p29, p64, p82: a light verb and its object, an adjective and its noun, a
    # counted noun and its verb, two nouns joined by 和 — each a pair the corpus holds, none a term
    doc = tmp_path / "doc.zh.txt"
    doc.write_text("1. 毒品和犯罪问题办公室在联合国系统内发挥了重要作用。\n\n"
                   "2. 毒品和犯罪问题办公室继续在其采取行动打击跨国有组织犯罪的主题方案下开展工作。\n\n"
                   "3. 在 26 个国家执行 49 个项目。\n\n"
                   "4. 评价股审查了项目和方案。\n", encoding="utf-8")
    terms = annotated(devset_db, doc)
    assert "毒品和犯罪问题办公室" in terms
    assert not {"重要作用", "采取行动", "国家执行", "项目和方案"} & set(terms)


def test_annotate_an_english_document(devset_db, tmp_path):
    doc = tmp_path / "doc.en.txt"
    doc.write_text("1. The Development Cooperation Forum met with the Security Council and UNODC.\n",
                   encoding="utf-8")
    terms = annotated(devset_db, doc)
    assert "Security Council" in terms
    assert "Forum" not in terms  # part of a name the glossary does not know


def test_annotate_seed_html_marks_weak_and_names(devset_db, tmp_path):
    page = tmp_path / "terms.html"
    result = runner.invoke(app, ["glossary", "annotate", str(SEED), "--db", str(devset_db), "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<th>evidence</th>" in html
    assert "<mark title='United Nations Office on Drugs and Crime; UNODC'>毒品和犯罪问题办公室</mark>" in html
