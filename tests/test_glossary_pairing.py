"""Pairing on a small hand-checked corpus (tests/fixtures/glossary/part*.alignment.jsonl)."""

from pathlib import Path

import pytest

from glossary import evidence
from glossary.inputs import line_pairs_alignment, read_input, units_of
from glossary.pairing import Settings, pair_terms

FIX = Path(__file__).parent / "fixtures" / "glossary"


@pytest.fixture(scope="module")
def entries():
    units = units_of(read_input(FIX / "part1.alignment.jsonl")) + units_of(read_input(FIX / "part2.alignment.jsonl"))
    return pair_terms(units, Settings(embeddings=False))


def by_zh(entries, zh):
    found = [e for e in entries if e.zh == zh]
    assert found, f"no entry for {zh}: {[(e.zh, e.en) for e in entries]}"
    return found[0]


def test_sentence_beads_are_used_when_present():
    units = units_of(read_input(FIX / "part1.alignment.jsonl"))
    assert len(units) == 8
    assert units[0].paragraph == "p1" and units[0].document == "A/TEST/1"


def test_hand_checked_pairs(entries):
    expected = {
        "安全理事会": "Security Council",
        "大会": "General Assembly",
        "秘书长": "Secretary-General",
        "会员国": "Member States",
        "经济及社会理事会": "Economic and Social Council",
        "联合国开发计划署": "United Nations Development Programme",
        "联合国反腐败公约": "United Nations Convention against Corruption",
    }
    for zh, en in expected.items():
        assert by_zh(entries, zh).en == en


def test_short_form_and_acronym_are_variants_of_one_entry(entries):
    undp = by_zh(entries, "联合国开发计划署")
    assert undp.zh_variants == ["开发署"]
    assert undp.en_variants == ["UNDP"]
    assert undp.kind == "programme"
    assert not [e for e in entries if e.zh == "开发署" or e.en == "UNDP"]


def test_a_frequent_word_does_not_take_the_longer_terms_translation(entries):
    # 理事会 sits inside 安全理事会 and 经济及社会理事会; competitive linking gives those their own English.
    assert not [e for e in entries if e.zh == "理事会" and "Security" in e.en]
    assert by_zh(entries, "安全理事会").frequency == 4


def test_kinds_and_contexts(entries):
    assert by_zh(entries, "联合国反腐败公约").kind == "instrument"
    assert by_zh(entries, "秘书长").kind == "title"
    assert by_zh(entries, "安全理事会").kind == "body"
    assert len(by_zh(entries, "会员国").units) == 5


def test_best_entries_are_the_institutional_terms(entries):
    top = {(e.zh, e.en) for e in entries[:5]}
    assert ("安全理事会", "Security Council") in top
    assert ("会员国", "Member States") in top


def test_dictionary_evidence():
    assert evidence.dictionary_score("安全理事会", "Security Council") == 1.0
    assert evidence.dictionary_score("安全理事会", "General Assembly") == 0.0
    assert evidence.is_known("大会", "conferences")  # a UNBIS descriptor


def test_embedding_similarity_prefers_the_translation():
    right, wrong = evidence.embedding_similarity([("秘书长", "Secretary-General"), ("秘书长", "General Assembly")])
    assert right > wrong


def test_line_aligned_files_become_sentence_beads(tmp_path):
    (tmp_path / "a.zh").write_text("大会\n安全理事会\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("General Assembly\nSecurity Council\n", encoding="utf-8")
    alignment = line_pairs_alignment(tmp_path / "a.zh", tmp_path / "a.en", "UNPC devset")
    units = units_of(alignment)
    assert [(u.document, u.paragraph, u.zh, u.en) for u in units] == [
        ("UNPC devset", "l1", "大会", "General Assembly"), ("UNPC devset", "l2", "安全理事会", "Security Council")]
