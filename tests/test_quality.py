"""Quality checks: the flags a reviewer sees, their reasons, and `bitext check` at the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from quality_data import unodc_alignment
from typer.testing import CliRunner

from align.cli.app import app
from align.formats.gold import gold_alignment
from align.formats.jsonl import read_alignment, write_alignment
from align.model import REVIEWED, Alignment, Bead, Block, Document, Flag
from align.pipeline.corpora import list_pairs
from align.quality.checks import check_alignment, check_footnotes, summarize
from align.quality.flags import FLAGS
from align.quality.numbers import number_mismatches, reference_mismatches

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


# ---------------------------------------------------------------- numbers the UN way


@pytest.mark.parametrize("zh, en", [
    ("毒品和犯罪问题办公室合并预算数额为 2.45 亿美元。", "The consolidated budget amounts to $245 million."),
    ("全世界的非法鸦片生产活动仍有 90%左右在阿富汗。", "Some 90 per cent of illicit opium is produced in Afghanistan."),
    ("2011 年，毒品和犯罪问题办公室继续改进其方案。", "In 2011, UNODC continued to refine its programme."),
    ("有 1,600 名官员接受了培训。", "Some 1 600 officials were trained."),
    ("在 2009-2012 年期间东非区域方案的框架内", "within its regional programme for Eastern Africa for 2009–2012"),
    ("大会第五十五届会议", "the fifty-fifth session of the General Assembly"),
    ("从 3,920 万美元增加到 4,090 万美元", "from $39.2 million to $40.9 million"),
    ("百分之九十的国家", "90 per cent of countries"),
    ("定于2015年2月24日星期二下午3时举行", "To be held on Tuesday, 24 February 2015, at 3 p.m."),
    ("第十一章", "Chapter XI"),
    ("2019冠状病毒病大流行", "the COVID-19 pandemic"),
    ("200多万人", "more than 2 million people"),
])
def test_numbers_that_say_the_same_are_not_flagged(zh, en):
    assert number_mismatches(zh, en) == ([], [])


@pytest.mark.parametrize("zh, en, missing_zh, missing_en", [
    ("合并预算数额为 2.45 亿美元。", "The budget amounts to $254 million.", "2.45 亿", "254 million"),
    ("仍有 90%左右在阿富汗。", "Some 80 per cent is in Afghanistan.", "90", "80"),
    ("2011 年期间", "During 2012", "2011", "2012"),
    ("大会第五十五届会议", "the fifty-sixth session", "第五十五", "fifty-sixth"),
    ("表2", "Table 3", "2", "3"),
    ("一架CN-233型飞机", "One CN-235 aircraft", "CN-233", "CN-235"),
])
def test_changed_numbers_are_found_on_both_sides(zh, en, missing_zh, missing_en):
    only_zh, only_en = number_mismatches(zh, en)
    assert [n.text for n in only_zh] == [missing_zh]
    assert [n.text for n in only_en] == [missing_en]


def test_a_number_said_twice_in_chinese_and_once_in_english_is_missing_once():
    only_zh, _ = number_mismatches("表2和表2", "Tables 2 and 3")
    assert [n.text for n in only_zh] == ["2"]
    # Years and dates are repeated freely in Chinese: no finding.
    assert number_mismatches("2014年10月和2014年11月", "October and November 2014") == ([], [])


def test_document_symbols_and_resolution_numbers():
    assert reference_mismatches("见 E/CN.7/2012/13。", "See E/CN.7/2012/13.") == ([], [])
    assert reference_mismatches("大会第 65/308 号决议", "General Assembly resolution 65/308") == ([], [])
    assert reference_mismatches("（JIU/REP/2010/10）", "(JIU/REP/2010/10)") == ([], [])
    assert reference_mismatches("见 E/CN.7/2012/13。", "See E/CN.7/2012/14.") == (["E/CN.7/2012/13"],
                                                                                  ["E/CN.7/2012/14"])
    assert reference_mismatches("第 65/308 号决议", "resolution 65/309") == (["65/308"], ["65/309"])
    # HIV/AIDS is no symbol; 2010/11 is a financial year, not a resolution.
    assert reference_mismatches("艾滋病毒/艾滋病", "HIV/AIDS") == ([], [])
    assert reference_mismatches("2010/11 年度", "2010/11") == ([], [])


# ---------------------------------------------------------------- the checks on an alignment


@pytest.fixture(scope="module")
def checked() -> Alignment:
    return check_alignment(unodc_alignment())


def _flags(alignment: Alignment) -> dict[str, list[Flag]]:
    return {b.id: b.flags for b in alignment.beads}


def test_each_fault_gets_its_flag_with_a_readable_reason(checked):
    flags = _flags(checked)
    number = next(f for f in flags["a3"] if f.code == "number")
    assert "4,090 万" in number.reason and "49.0 million" in number.reason
    # ... and the sentence that holds it is flagged too, not its clean neighbours.
    assert [f.code for f in flags["a3.3"]] == ["number"]
    assert flags["a3.1"] == flags["a3.2"] == flags["a3.4"] == []
    assert "E/CN.7/2012/13" in flags["a4"][0].reason and flags["a4"][0].code == "symbol"
    assert flags["a6"][0].code == "label" and "item 12 (a)" in flags["a6"][0].reason
    assert "item 12 (b)" in flags["a6"][0].reason
    assert flags["a7.3"][0].code == "omission" and "no English counterpart" in flags["a7.3"][0].reason
    assert "untranslated" in [f.code for f in flags["a8"]]
    assert "In some countries" in next(f.reason for f in flags["a8"] if f.code == "untranslated")
    assert [f.code for f in flags["a9.1"]] == ["merge"]
    assert flags["a10"][0].code == "low_score" and "0.31" in flags["a10"][0].reason
    assert flags["a11"][0].code == "length" and "unusually short" in flags["a11"][0].reason


def test_clean_beads_stay_clean(checked):
    flags = _flags(checked)
    for bead in ("a1", "a1.1", "a1.2", "a1.3", "a2", "a2.1", "a5", "a5.1", "a9.2"):
        assert flags[bead] == [], (bead, flags[bead])


def test_summary_counts_flags_and_ranks_the_worst(checked):
    summary = summarize(checked, worst=5)
    assert summary.paragraph_beads == 11 and summary.sentence_beads == 20
    assert summary.counts["number"] == {"paragraph": 1, "sentence": 1}
    assert summary.counts["footnote"] == {"paragraph": 0, "sentence": 0}
    assert set(FLAGS) <= set(summary.counts)
    assert len(summary.worst) == 5
    assert summary.worst[0].flags  # the worst bead is a flagged one


def test_reviewed_beads_are_left_alone():
    alignment = unodc_alignment()
    bead = next(b for b in alignment.beads if b.id == "a10")
    bead.flags = [Flag(REVIEWED, "confirmed by a reviewer")]
    flags = _flags(check_alignment(alignment))
    assert [f.code for f in flags["a10"]] == [REVIEWED]
    assert flags["a10.1"][0].code == "low_score"  # its sentence bead was not reviewed


def test_footnote_markers_from_the_documents():
    zh = Document("zh", [Block("p36", "paragraph", "如《2011 年世界毒品报告》所述。", footnotes=[1, 2])])
    en = Document("en", [Block("p36", "paragraph", "As noted in the World Drug Report 2011.", footnotes=[1])])
    bead = Bead("a1", "paragraph", ["p36"], ["p36"], zh.blocks[0].text, en.blocks[0].text)
    flag = check_footnotes(bead, zh, en)
    assert flag is not None and flag.code == "footnote"
    assert flag.reason == "footnote markers differ: Chinese footnotes 1, 2, English footnote 1"
    en.blocks[0].footnotes = [1, 2]
    assert check_footnotes(bead, zh, en) is None


def test_superscript_markers_left_in_the_text_are_compared():
    bead = Bead("a1", "paragraph", ["p1"], ["p1"], "见报告。¹ 另见决议。²", "See the report.¹ See also the resolution.")
    assert check_footnotes(bead).reason == "footnote markers differ: Chinese footnotes 1, 2, English footnote 1"


def test_gold_alignments_of_the_charter_and_udhr_raise_few_flags():
    for pair in list_pairs(ROOT / "corpora"):
        checked = check_alignment(gold_alignment(pair))
        summary = summarize(checked)
        for code in ("number", "symbol", "untranslated", "length", "label"):
            assert summary.total(code) == 0, (pair.name, code, [b.flags for b in checked.beads if b.flags])
        # The UDHR's Chinese has two introductory paragraphs the English lacks: true omissions.
        assert summary.total("omission") == (2 if pair.name == "udhr" else 0)


# ---------------------------------------------------------------- bitext check


@pytest.fixture()
def alignment_file(tmp_path) -> Path:
    return write_alignment(unodc_alignment(), tmp_path / "alignment.jsonl")


def test_check_prints_a_summary_and_the_worst_beads(alignment_file):
    result = runner.invoke(app, ["check", str(alignment_file)])
    assert result.exit_code == 0, result.output
    assert "E/CN.7/2012/2: 11 paragraph beads, 20 sentence beads" in result.output
    lines = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.strip()}
    assert lines["number"] == ["1", "1", "2"]
    assert lines["symbol"] == ["1", "1", "2"]
    assert "worst beads:" in result.output
    assert "a3" in result.output and "p85" in result.output


def test_check_json(alignment_file):
    result = runner.invoke(app, ["check", str(alignment_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"]["number"] == {"paragraph": 1, "sentence": 1, "total": 2}
    flagged = {b["id"]: b for b in data["flagged_beads"]}
    assert flagged["a4"]["flags"][0]["code"] == "symbol"
    assert flagged["a4"]["paragraph"] == "fn7"
    assert "a1" not in flagged


def test_fail_on_sets_the_exit_code(alignment_file):
    assert runner.invoke(app, ["check", str(alignment_file), "--fail-on", "number"]).exit_code == 1
    assert runner.invoke(app, ["check", str(alignment_file), "--fail-on", "footnote"]).exit_code == 0
    assert runner.invoke(app, ["check", str(alignment_file), "--fail-on", "footnote,symbol"]).exit_code == 1
    result = runner.invoke(app, ["check", str(alignment_file), "--fail-on", "numbers"])
    assert result.exit_code == 2
    assert "unknown flag numbers" in result.output


def test_check_writes_the_report_and_the_flagged_alignment(alignment_file, tmp_path):
    html, flagged = tmp_path / "review.html", tmp_path / "checked.jsonl"
    result = runner.invoke(app, ["check", str(alignment_file), "--html", str(html), "-o", str(flagged)])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "4,090 万" in page and "<script" in page and "http" not in page.split("<main")[0]
    beads = {b.id: b for b in read_alignment(flagged).beads}
    assert beads["a3"].flag_codes() == ["number"]
    # An existing report is not overwritten without --force.
    again = runner.invoke(app, ["check", str(alignment_file), "--html", str(html)])
    assert again.exit_code == 2 and "already exists" in again.output


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("just some text\n", "not valid JSON"),
    ('{"type": "header", "format": "bitext-alignment"}\n{"type": "bead", "id": "a1", "level"\n', "line 2"),
    ('{"type": "something else"}\n', "not an alignment.jsonl"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "alignment.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert str(path) in result.output
