"""TMX export, import and merge: what CAT tools and translators see in the files.

The OmegaT integration test is in test_tmx_omegat.py; these tests need no Java."""

import re
import time
from pathlib import Path

import pytest
from conftest import CORPORA, FIXTURES
from lxml import etree
from typer.testing import CliRunner

from align.cli.app import app
from align.documents.sentences import split_sentences
from align.errors import InputError
from align.formats.gold import gold_alignment
from align.formats.jsonl import read_alignment, write_alignment
from align.formats.tmx import XML_LANG, iter_tmx, merge_tmx, read_tmx, validate_tmx, write_tmx
from align.model import Alignment, Bead, Flag
from align.pipeline.corpora import list_pairs

runner = CliRunner()
TMX = FIXTURES / "tmx"


@pytest.fixture(scope="module")
def charter() -> Alignment:
    """The UN Charter's gold paragraph alignment plus sentence beads. Test fixture: where both sides
    of a gold paragraph bead split into the same number of sentences, they are paired 1-1 (the
    OmegaT test uses the real aligner's sentence beads instead)."""
    pair = next(p for p in list_pairs(CORPORA) if p.name == "un_charter")
    gold = gold_alignment(pair)
    beads = []
    for para in gold.beads:
        beads.append(para)
        zh, en = split_sentences(para.zh_text, "zh"), split_sentences(para.en_text, "en")
        if len(zh) == len(en):
            for k, (z, e) in enumerate(zip(zh, en), 1):
                beads.append(Bead(id=f"{para.id}.{k}", level="sentence", zh=[f"{para.zh[0]}.s{k}"],
                                  en=[f"{para.en[0]}.s{k}"], zh_text=z, en_text=e, score=0.9, parent=para.id))
    header = dict(gold.header, created="2024-05-06T07:08:09Z")
    return Alignment(header=header, beads=beads)


def bead(id, en, zh, level="sentence", score=0.9, flags=(), en_ids=None, zh_ids=None, parent=None):
    return Bead(id=id, level=level, zh=zh_ids if zh_ids is not None else [f"p3.s{id[-1]}"],
                en=en_ids if en_ids is not None else [f"p3.s{id[-1]}"], zh_text=zh, en_text=en, score=score,
                flags=[Flag(f, "test") for f in flags], parent=parent)


def small(*beads, symbol="A/RES/70/1") -> Alignment:
    header = {"en": {"symbol": symbol, "path": "en.txt"}, "zh": {"path": "zh.txt"}, "created": "2024-01-02T03:04:05Z"}
    return Alignment(header=header, beads=list(beads))


def tus(path: Path) -> list[etree._Element]:
    return etree.parse(str(path)).getroot().findall("body/tu")


def props(tu) -> dict[str, str]:
    return {p.get("type"): p.text for p in tu.findall("prop")}


def segs(tu) -> dict[str, str]:
    return {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}


def one_line_error(result, path, words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bitext: error: ")
    if path is not None:
        assert str(path) in lines[0]
    assert words in lines[0], lines[0]
    assert "Traceback" not in result.output


# --- writing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["sentence", "paragraph", "both"])
def test_every_tmx_we_write_validates_against_the_dtd(charter, tmp_path, level):
    summary = write_tmx(charter, tmp_path / "c.tmx", level=level)
    assert validate_tmx(summary.path) == []
    data = summary.path.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">')  # no BOM
    header = etree.parse(str(summary.path)).getroot().find("header")
    assert header.attrib == {
        "creationtool": "bitext", "creationtoolversion": header.get("creationtoolversion"),
        "segtype": "paragraph" if level == "paragraph" else "sentence", "o-tmf": "bitext", "adminlang": "en-US",
        "srclang": "en-US", "datatype": "plaintext", "creationdate": "20240506T070809Z",
    }
    units = tus(summary.path)
    assert len(units) == summary.written
    expected = {"sentence": len(charter.sentence_beads()), "paragraph": len(charter.paragraph_beads())}
    if level != "both":
        assert summary.written == expected[level]
    else:  # sentences that are their whole paragraph are written once
        assert summary.written + summary.repeated == len(charter.beads)
        assert summary.repeated > 100


@pytest.mark.parametrize("level", ["sentence", "paragraph", "both"])
def test_write_read_write_is_identical(charter, tmp_path, level):
    first = write_tmx(charter, tmp_path / "1.tmx", level=level, srclang="en-GB", tgtlang="zh-Hans").path
    again = read_tmx(first)
    second = write_tmx(again, tmp_path / "2.tmx", level=level).path
    assert first.read_bytes() == second.read_bytes()


def test_round_trip_keeps_ids_props_and_several_documents(tmp_path):
    a = small(bead("a1.1", "First.", "第一。", score=0.42, flags=["length", "omission"]),
              bead("a1.2", "Second.", "第二。", score=1.0))
    first = write_tmx(a, tmp_path / "1.tmx").path
    back = read_tmx(first)
    assert [(b.id, b.level, b.paragraph, b.score, b.flag_codes()) for b in back.beads] == [
        ("a1.1", "sentence", "p3", 0.42, ["length", "omission"]), ("a1.2", "sentence", "p3", 1.0, [])]
    assert back.document == "A/RES/70/1"
    assert back.header["created"] == "2024-01-02T03:04:05Z"
    # A merged TMX holds several documents; each unit keeps its own through read and write.
    other = write_tmx(small(bead("b1.1", "Third.", "第三。"), symbol="S/RES/2334"), tmp_path / "o.tmx").path
    merged = merge_tmx([first, other], tmp_path / "m.tmx").path
    rewritten = write_tmx(read_tmx(merged), tmp_path / "m2.tmx").path
    assert [props(tu)["x-document"] for tu in tus(rewritten)] == ["A/RES/70/1", "A/RES/70/1", "S/RES/2334"]


def test_each_unit_carries_its_provenance(tmp_path):
    a = small(bead("a7", "Paragraph text.", "段落文字。", level="paragraph", en_ids=["p12.a"], zh_ids=["p12.a"]),
              bead("a7.1", "Paragraph text.", "段落文字。", score=0.87654, flags=["low_score"],
                   en_ids=["p12.a.s1"], zh_ids=["p12.a.s1"]))
    path = write_tmx(a, tmp_path / "p.tmx", level="both").path
    para, sent = tus(path)
    assert para.get("tuid") == "a7" and para.get("creationdate") == "20240102T030405Z"
    assert props(para) == {"x-document": "A/RES/70/1", "x-paragraph": "p12.a", "x-level": "paragraph",
                           "x-score": "0.9000"}
    assert props(sent) == {"x-document": "A/RES/70/1", "x-paragraph": "p12.a", "x-level": "sentence",
                           "x-score": "0.8765", "x-flags": "low_score"}
    assert segs(sent) == {"en-US": "Paragraph text.", "zh-CN": "段落文字。"}
    assert [tuv.get(XML_LANG) for tuv in para.findall("tuv")] == ["en-US", "zh-CN"]  # English, the original, first


def test_xml_special_characters_are_escaped(tmp_path):
    tricky = 'Fish & chips <b>bold</b> "quoted" \'single\' ]]> end'
    path = write_tmx(small(bead("a1.1", tricky, "鱼和薯条 <i> & 》")), tmp_path / "e.tmx").path
    raw = path.read_text(encoding="utf-8")
    assert "Fish &amp; chips &lt;b&gt;bold&lt;/b&gt;" in raw and "]]&gt;" in raw
    assert segs(tus(path)[0]) == {"en-US": tricky, "zh-CN": "鱼和薯条 <i> & 》"}
    assert read_tmx(path).beads[0].en_text == tricky


def test_control_characters_and_stray_bom_are_removed(tmp_path):
    en = "\ufeffSecurity\x00 Council\x07 decides\x1b,\x7f\x9f"
    zh = "安全\x0b理事会\x0c决定\ufeff"
    summary = write_tmx(small(bead("a1.1", en, zh)), tmp_path / "c.tmx")
    assert summary.cleaned == 2
    assert "characters not allowed in XML removed from 2 segments" in summary.warnings()
    assert segs(tus(summary.path)[0]) == {"en-US": "Security Council decides,", "zh-CN": "安全 理事会 决定"}
    assert validate_tmx(summary.path) == []


def test_whitespace_is_normalised(tmp_path):
    a = small(bead("a1.1", "  The\tGeneral\n\nAssembly,\r\n  ", "\u3000大会，\n"))
    path = write_tmx(a, tmp_path / "w.tmx").path
    assert segs(tus(path)[0]) == {"en-US": "The General Assembly,", "zh-CN": "大会，"}


def test_one_sided_and_empty_beads_never_become_empty_segments(tmp_path):
    a = small(bead("a1.1", "Kept.", "保留。"),
              bead("a2.1", "", "只有中文。", en_ids=[]),  # 1-0
              bead("a3.1", "English only.", "", zh_ids=[]),  # 0-1
              bead("a4.1", " \n\x00", "空白。"))  # nothing left once cleaned
    summary = write_tmx(a, tmp_path / "o.tmx")
    assert (summary.written, summary.omissions, summary.empty) == (1, 2, 1)
    assert summary.not_written() == {"one-sided (1-0/0-1) beads": 2, "empty after cleaning": 1}
    raw = summary.path.read_text(encoding="utf-8")
    assert "<seg/>" not in raw and "<seg></seg>" not in raw
    assert [tu.get("tuid") for tu in tus(summary.path)] == ["a1.1"]


def test_language_codes(tmp_path):
    a = small(bead("a1.1", "Member States", "会员国"))
    path = write_tmx(a, tmp_path / "gb.tmx", srclang="en-GB", tgtlang="zh-Hans").path
    assert etree.parse(str(path)).getroot().find("header").get("srclang") == "en-GB"
    assert segs(tus(path)[0]) == {"en-GB": "Member States", "zh-Hans": "会员国"}
    # Chinese as the source language: its variant comes first and the header says so.
    path = write_tmx(a, tmp_path / "zh.tmx", srclang="zh-CN", tgtlang="en-US").path
    assert etree.parse(str(path)).getroot().find("header").get("srclang") == "zh-CN"
    assert [tuv.get(XML_LANG) for tuv in tus(path)[0].findall("tuv")] == ["zh-CN", "en-US"]
    with pytest.raises(InputError, match="one must be English"):
        write_tmx(a, tmp_path / "fr.tmx", srclang="fr-FR")
    with pytest.raises(InputError, match="not a language code"):
        write_tmx(a, tmp_path / "bad.tmx", tgtlang="chinese simplified")
    assert not (tmp_path / "fr.tmx").exists() and not (tmp_path / "bad.tmx").exists()


def test_min_score_and_flagged_beads_kept_out(tmp_path):
    a = small(bead("a1.1", "Sure.", "确定。", score=0.95), bead("a2.1", "Unsure.", "不确定。", score=0.3),
              bead("a3.1", "Flagged.", "有标记。", score=0.99, flags=["numbers"]))
    summary = write_tmx(a, tmp_path / "f.tmx", min_score=0.5, exclude_flagged=True)
    assert (summary.written, summary.low_score, summary.flagged) == (1, 1, 1)
    assert [tu.get("tuid") for tu in tus(summary.path)] == ["a1.1"]


def test_long_segments_reported_and_skippable(tmp_path):
    long_en = "The Assembly " + "decides and " * 200 + "concludes."
    a = small(bead("a1", long_en, "大会" + "决定" * 100, level="paragraph", en_ids=["p1"], zh_ids=["p1"]),
              bead("a2", "Short.", "短。", level="paragraph", en_ids=["p2"], zh_ids=["p2"]))
    summary = write_tmx(a, tmp_path / "l.tmx", level="paragraph")
    assert summary.written == 2 and summary.long == ["a1"]
    assert "1 translation units have a segment over 2,000 characters, which Trados Cloud drops (a1)" in \
        summary.warnings()[0]
    summary = write_tmx(a, tmp_path / "s.tmx", level="paragraph", skip_long=True)
    assert (summary.written, summary.long_skipped) == (1, 1)
    assert [tu.get("tuid") for tu in tus(summary.path)] == ["a2"]


def test_sentence_level_needs_sentence_beads(tmp_path):
    a = small(bead("a1", "Text.", "文字。", level="paragraph", en_ids=["p1"], zh_ids=["p1"]))
    with pytest.raises(InputError, match="no sentence beads; use --level paragraph"):
        write_tmx(a, tmp_path / "x.tmx")
    assert not (tmp_path / "x.tmx").exists()


def test_existing_output_is_kept_without_force(charter, tmp_path):
    target = tmp_path / "mine.tmx"
    target.write_text("my own TM")
    with pytest.raises(InputError, match="already exists"):
        write_tmx(charter, target)
    assert target.read_text() == "my own TM"
    write_tmx(charter, target, force=True)
    assert target.read_text(encoding="utf-8").startswith("<?xml")


# --- reading ---------------------------------------------------------------------------------------


def pairs(alignment):
    return [(b.en_text, b.zh_text) for b in alignment.beads]


def test_reads_memoq_export_with_inline_tags_and_special_characters():
    a = read_tmx(TMX / "memoq.tmx")
    assert pairs(a) == [
        ("Transforming our world: the 2030 Agenda for Sustainable Development", "变革我们的世界：2030年可持续发展议程"),
        ("We are determined to end poverty and hunger, in all their forms and dimensions.",
         "我们决心消除一切形式和表现的贫困与饥饿。"),
        ("The General Assembly,", "大会，"),
    ]
    assert all(b.level == "sentence" and b.score == 1.0 for b in a.beads)
    assert a.header["tmx"]["warnings"] == []


def test_reads_trados_studio_export_and_counts_what_it_skips():
    a = read_tmx(TMX / "trados_studio.tmx")
    assert pairs(a) == [
        ("The Commission on Narcotic Drugs adopted resolution 55/1.", "麻醉药品委员会通过了第55/1号决议。"),
        ("Office on Drugs and Crime & partners", "毒品和犯罪问题办公室及伙伴"),
    ]
    info = a.header["tmx"]
    assert (info["tus"], info["missing_language"], info["empty"]) == (4, 1, 1)
    assert info["warnings"] == ["1 of 4 translation units lack zh or en text and were skipped",
                                "1 of 4 translation units have an empty segment and were skipped"]
    assert (info["srclang"], info["tgtlang"]) == ("en-GB", "ZH-CN")  # codes as found, compared by language
    assert a.header["created"] == "2020-01-14T09:12:33Z"


def test_reads_trados_workbench_rtf_codes_and_legacy_lang():
    assert pairs(read_tmx(TMX / "trados_workbench.tmx")) == [
        ("See Article 55 of the Charter", "见《宪章》第五十五条"),
        ("Economic and Social Council", "经济及社会理事会"),
    ]


def test_reads_omegat_tmx_1_1():
    a = read_tmx(TMX / "omegat_1.1.tmx")
    assert pairs(a) == [("Article 1", "第一条"), ("The Purposes of the United Nations are:", "联合国之宗旨为：")]
    assert a.header["tmx"]["version"] == "1.1"


def test_reads_utf16_with_bom():
    assert pairs(read_tmx(TMX / "utf16_bom.tmx")) == [("Security Council", "安全理事会"), ("Member States", "会员国")]


def test_language_options_pick_variants_by_primary_subtag():
    a = read_tmx(TMX / "memoq.tmx", zh_lang="zh-TW", en_lang="en-GB")
    assert len(a.beads) == 3
    with pytest.raises(InputError, match="none of the 3 translation units has text in both fr and en"):
        read_tmx(TMX / "memoq.tmx", zh_lang="fr")


def test_huge_files_are_streamed(tmp_path):
    """Units already read are freed: the body only ever holds what the parser has read ahead (a few
    hundred units here), so memory does not grow with the file."""
    path = tmp_path / "big.tmx"
    unit = '<tu><tuv xml:lang="en"><seg>Unit {0}</seg></tuv><tuv xml:lang="zh"><seg>单位{0}</seg></tuv></tu>\n'
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
                'segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>\n')
        for n in range(30000):
            f.write(unit.format(n))
        f.write("</body></tmx>\n")
    most = 0
    for kind, el in iter_tmx(path):
        if kind == "tu":
            most = max(most, len(el.getparent()))
    assert most < 1000
    assert len(read_tmx(path).beads) == 30000


# --- merging ---------------------------------------------------------------------------------------


def test_merge_deduplicates_identical_pairs_and_keeps_props(tmp_path):
    a = write_tmx(small(bead("a1.1", "Member States", "会员国"), bead("a2.1", "Security Council", "安全理事会")),
                  tmp_path / "a.tmx").path
    b = write_tmx(small(bead("b1.1", "Member  States", "会员国"), bead("b2.1", "General Assembly", "大会"),
                        symbol="A/RES/71/1"), tmp_path / "b.tmx").path
    summary = merge_tmx([a, b, TMX / "omegat_1.1.tmx"], tmp_path / "m.tmx")
    assert (summary.written, summary.duplicates) == (5, 1)
    assert [n for _, n in summary.inputs] == [2, 2, 2]
    assert validate_tmx(summary.path) == []
    units = tus(summary.path)
    first = units[0]
    assert [p.text for p in first.findall("prop[@type='x-document']")] == ["A/RES/70/1", "A/RES/71/1"]
    assert segs(first) == {"en-US": "Member States", "zh-CN": "会员国"}
    # TMX 1.1 `lang` became 1.4 `xml:lang`; OmegaT's units kept as they were.
    assert segs(units[-1]) == {"ZH-CN": "联合国之宗旨为：", "EN-US": "The Purposes of the United Nations are:"}
    assert [x.text for x in etree.parse(str(summary.path)).getroot().findall("header/prop")] == \
        ["a.tmx", "b.tmx", "omegat_1.1.tmx"]
    assert len(read_tmx(summary.path).beads) == 5


def test_merge_takes_any_language_pair(tmp_path):
    summary = merge_tmx([TMX / "other_languages.tmx", TMX / "memoq.tmx"], tmp_path / "m.tmx")
    assert summary.written == 5
    assert etree.parse(str(summary.path)).getroot().find("header").get("srclang") == "*all*"


def test_merge_refuses_bad_input_before_writing(tmp_path):
    out = tmp_path / "m.tmx"
    with pytest.raises(InputError, match="not well-formed"):
        merge_tmx([TMX / "memoq.tmx", TMX / "malformed.tmx"], out)
    assert not out.exists()


# --- command line ----------------------------------------------------------------------------------


@pytest.fixture
def charter_jsonl(charter, tmp_path):
    return write_alignment(charter, tmp_path / "alignment.jsonl")


def test_help_shows_both_forms_with_examples():
    result = runner.invoke(app, ["tmx", "--help"])
    assert result.exit_code == 0
    assert "bitext tmx ALIGNMENT.jsonl -o FILE" in result.output
    assert "bitext tmx merge A.tmx B.tmx ... -o OUT.tmx" in result.output
    assert "Examples:" in result.output
    for command in ("write", "merge", "import", "validate"):
        result = runner.invoke(app, ["tmx", command, "--help"])
        assert result.exit_code == 0 and "Example: bitext tmx" in result.output, command


def test_cli_writes_tmx_and_says_what_was_left_out(charter_jsonl, tmp_path):
    out = tmp_path / "c.tmx"
    result = runner.invoke(app, ["tmx", str(charter_jsonl), "-o", str(out), "--level", "paragraph",
                                 "--srclang", "en-GB", "--tgtlang", "zh-Hans", "--min-score", "0.5"])
    assert result.exit_code == 0, result.output
    n = len(tus(out))
    assert f"wrote {out}: {n} translation units (paragraph level, en-GB → zh-Hans)" in result.output
    assert validate_tmx(out) == []
    # The explicit subcommand and option order do not matter.
    result = runner.invoke(app, ["tmx", "write", "--level", "both", str(charter_jsonl), "-o", str(tmp_path / "b.tmx")])
    assert result.exit_code == 0, result.output
    assert re.search(r"not written: \d+ sentence units identical to their paragraph", result.output)
    assert "(paragraph and sentence levels, en-US → zh-CN)" in result.output


def test_cli_refuses_to_overwrite_without_force(charter_jsonl, tmp_path):
    out = tmp_path / "c.tmx"
    out.write_text("keep me")
    result = runner.invoke(app, ["tmx", str(charter_jsonl), "-o", str(out)])
    one_line_error(result, out, "already exists; use --force")
    assert out.read_text() == "keep me"
    assert runner.invoke(app, ["tmx", str(charter_jsonl), "-o", str(out), "--force"]).exit_code == 0


def test_cli_reports_long_segments(tmp_path):
    long_en = "The Assembly " + "decides and " * 200
    src = write_alignment(small(bead("a1", long_en, "大会决定", level="paragraph", en_ids=["p1"], zh_ids=["p1"])),
                          tmp_path / "a.jsonl")
    result = runner.invoke(app, ["tmx", str(src), "-o", str(tmp_path / "l.tmx"), "--level", "paragraph"])
    assert result.exit_code == 0
    assert "warning: 1 translation units have a segment over 2,000 characters" in result.stderr
    result = runner.invoke(app, ["tmx", str(src), "-o", str(tmp_path / "s.tmx"), "--level", "paragraph",
                                 "--skip-long"])
    one_line_error(result, src, "no translation unit to write at level paragraph (1 over 2,000 characters)")
    assert not (tmp_path / "s.tmx").exists()


def test_cli_rewrites_a_tmx_identically(charter, tmp_path):
    first = write_tmx(charter, tmp_path / "1.tmx").path
    result = runner.invoke(app, ["tmx", str(first), "-o", str(tmp_path / "2.tmx")])
    assert result.exit_code == 0, result.output
    assert first.read_bytes() == (tmp_path / "2.tmx").read_bytes()


def test_cli_merge(tmp_path):
    out = tmp_path / "m.tmx"
    result = runner.invoke(app, ["tmx", "merge", str(TMX / "memoq.tmx"), str(TMX / "trados_studio.tmx"),
                                 str(TMX / "memoq.tmx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 7 translation units, 3 duplicates merged" in result.output
    one_line_error(runner.invoke(app, ["tmx", "merge", str(TMX / "memoq.tmx"), "-o", str(out)]), out, "already exists")


def test_cli_import_feeds_an_alignment(tmp_path):
    out = tmp_path / "tm.jsonl"
    result = runner.invoke(app, ["tmx", "import", str(TMX / "trados_studio.tmx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 beads from 4 translation units" in result.output
    assert "1 of 4 translation units lack zh or en text and were skipped" in result.stderr
    assert pairs(read_alignment(out))[0] == ("The Commission on Narcotic Drugs adopted resolution 55/1.",
                                             "麻醉药品委员会通过了第55/1号决议。")


def test_cli_validate(charter, tmp_path):
    good = write_tmx(charter, tmp_path / "good.tmx").path
    assert runner.invoke(app, ["tmx", "validate", str(good)]).exit_code == 0
    result = runner.invoke(app, ["tmx", "validate", str(TMX / "omegat_1.1.tmx")])
    assert result.exit_code == 1 and "version" in result.output


BAD_TMX = [
    ("malformed.tmx", "not well-formed XML (Opening and ending tag mismatch: seg line 5"),
    ("no_body.tmx", "TMX has no <body>"),
    ("no_tu.tmx", "TMX has no translation units (<tu>)"),
    ("other_languages.tmx", "none of the 2 translation units has text in both zh and en (languages found: fr-FR"),
    ("not_tmx.xml", "not a TMX file (root element is <xliff>"),
    ("billion_laughs.tmx", "declares XML entities"),
    ("external_entity.tmx", "declares XML entities"),
]


# Merging is not about Chinese and English, so a French-Spanish TMX is no error there.
@pytest.mark.parametrize("command, name, words", [
    (command, name, words) for command in ("write", "import", "merge") for name, words in BAD_TMX
    if not (command == "merge" and name == "other_languages.tmx")
])
def test_bad_tmx_one_line_error_nothing_written(tmp_path, command, name, words):
    src = TMX / name
    out = tmp_path / ("out.jsonl" if command == "import" else "out.tmx")
    args = {"write": ["tmx", str(src), "-o", str(out)], "import": ["tmx", "import", str(src), "-o", str(out)],
            "merge": ["tmx", "merge", str(TMX / "memoq.tmx"), str(src), "-o", str(out)]}[command]
    one_line_error(runner.invoke(app, args), src, words)
    assert not out.exists()
    out.write_text("earlier output")
    one_line_error(runner.invoke(app, [*args, "--force"]), src, words)
    assert out.read_text() == "earlier output"


def test_bad_alignment_and_options_one_line_errors(charter_jsonl, tmp_path):
    out = str(tmp_path / "o.tmx")
    one_line_error(runner.invoke(app, ["tmx", str(tmp_path / "nope.jsonl"), "-o", out]), tmp_path / "nope.jsonl",
                   "no such file")
    one_line_error(runner.invoke(app, ["tmx", str(charter_jsonl), "-o", out, "--level", "words"]), None,
                   "unknown --level 'words'")
    one_line_error(runner.invoke(app, ["tmx", str(charter_jsonl), "-o", out, "--srclang", "fr-FR"]), None,
                   "one must be English")
    one_line_error(runner.invoke(app, ["tmx", str(charter_jsonl), "-o", out, "--tgtlang", "zh CN"]), None,
                   "--tgtlang 'zh CN' is not a language code")
    one_line_error(runner.invoke(app, ["tmx", str(charter_jsonl), "-o", out, "--min-score", "5"]), None,
                   "--min-score 5.0 is not between 0 and 1")


def test_billion_laughs_is_refused_quickly():
    """Nine levels of entities would expand to 3 GB; the file is refused before any expansion."""
    start = time.perf_counter()
    for read in (read_tmx, validate_tmx):
        with pytest.raises(InputError, match="declares XML entities"):
            read(TMX / "billion_laughs.tmx")
    assert time.perf_counter() - start < 2


def test_both_levels_write_a_sentence_whose_paragraph_was_left_out(tmp_path):
    a = small(bead("a1", "Whole.", "全部。", level="paragraph", score=0.2, en_ids=["p1"], zh_ids=["p1"]),
              bead("a1.1", "Whole.", "全部。", score=0.9, parent="a1", en_ids=["p1.s1"], zh_ids=["p1.s1"]),
              bead("a2", "Again.", "再次。", level="paragraph", score=0.9, en_ids=["p2"], zh_ids=["p2"]),
              bead("a2.1", "Again.", "再次。", score=0.9, parent="a2", en_ids=["p2.s1"], zh_ids=["p2.s1"]))
    summary = write_tmx(a, tmp_path / "b.tmx", level="both", min_score=0.5)
    assert [tu.get("tuid") for tu in tus(summary.path)] == ["a1.1", "a2"]
    assert (summary.low_score, summary.repeated) == (1, 1)
