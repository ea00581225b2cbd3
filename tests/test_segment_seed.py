"""The seed report (Chinese E/CN.7/2012/2) segments into its real UN structure."""

import re

from conftest import SEED


def test_101_numbered_paragraphs_in_order(seed_doc):
    paras = [b for b in seed_doc.blocks if b.kind == "paragraph"]
    assert [b.id for b in paras] == [f"p{n}" for n in range(1, 102)]
    assert [b.number for b in paras] == [str(n) for n in range(1, 102)]
    # Each paragraph is complete: it ends a sentence and carries no leftover label.
    for b in paras:
        assert b.text.endswith(("。", "：")), (b.id, b.text[-20:])
        assert not re.match(r"^\d+\.", b.text)


def test_page_breaks_repaired(seed_doc):
    p24 = seed_doc.block("p24").text
    assert "老挝人民民主共和国、缅甸和秘鲁加倍努力" in p24
    expectations = {
        "p32": "其中确定了在查获犯罪所得",
        "p43": "以加强各国家和区域的枪支管制制度",
        "p49": "确定的实施趋势和技术援助需要",
        "p58": "恐怖主义受害者在法律上的需要",
        "p64": "刑罚改革和监外教养方面",
        "p70": "方案的范围扩大到了南北美洲",
        "p76": "成功试行了一个培训方案",
        "p81": "领导了两次深入评价。将在 2012-2013 年期间进行 3 次深入评价。",
        "p88": "从 85%下降到2010-2011 两年期的 64%左右",
        "p97.f": "相关的行动计划提供进一步指导和支助。",
    }
    for bid, fragment in expectations.items():
        assert fragment in seed_doc.block(bid).text, bid


def test_no_footnote_text_inside_paragraphs(seed_doc):
    p36 = seed_doc.block("p36").text
    assert "联合国出版物" not in p36
    assert "使用非表列化学品非法制造苯丙胺的情况增多" in p36
    for b in seed_doc.blocks:
        assert "出售品编号" not in b.text
        assert not re.search("[¹²³⁴⁵⁶⁷⁸⁹⁰]", b.text)


def test_lettered_items_attached_to_their_paragraphs(seed_doc):
    items = [b for b in seed_doc.blocks if b.kind == "item"]
    assert len(items) == 24
    by_para = {}
    for b in items:
        by_para.setdefault(b.id.split(".")[0], []).append(b.id.split(".")[1])
    assert by_para == {
        "p12": list("abc"), "p95": list("abc"), "p96": list("abc"), "p97": list("abcdef"),
        "p98": list("abc"), "p99": list("abc"), "p101": list("abc"),
    }
    assert seed_doc.block("p12.a").label == "(a)"


def test_headings(seed_doc):
    chapters = [b for b in seed_doc.blocks if b.kind == "heading" and b.level == 1]
    sections = [b for b in seed_doc.blocks if b.kind == "heading" and b.level == 2]
    subs = [b for b in seed_doc.blocks if b.kind == "heading" and b.level == 3]
    assert [b.id for b in chapters] == [f"h{n}" for n in range(1, 9)]
    assert chapters[2].text == "药物管制" and chapters[2].label == "三."
    assert len(sections) == 21
    assert "h3.B" in [b.id for b in sections]
    assert seed_doc.block("h3.B").text == "减少供应"
    assert [b.text for b in subs] == [
        "药物管制", "跨国有组织犯罪、腐败和恐怖主义", "刑事司法改革",
        "研究、趋势分析、科学和法医学支助", "评价", "财务、合作伙伴关系和机构间合作",
    ]
    assert all(b.id.startswith("h8.") for b in subs)


def test_footnotes_collected_and_cited(seed_doc):
    assert sorted(seed_doc.footnotes) == list(range(1, 12))
    assert seed_doc.footnotes[1] == "联合国出版物，出售品编号：E.11.XI.10。"
    assert seed_doc.footnotes[7] == "见 E/CN.7/2012/13。"
    cited = {n: b.id for b in seed_doc.blocks for n in b.footnotes}
    assert cited == {1: "p36", 2: "p36", 3: "p38", 4: "p66", 5: "p66", 6: "p72", 7: "p75",
                     8: "p76", 9: "p76", 10: "p85", 11: "p89"}
    assert "《2011 年世界毒品报告》所述" in seed_doc.block("p36").text


def test_front_matter_and_contents_out_of_body(seed_doc):
    meta = seed_doc.meta
    assert meta["title"] == "联合国毒品和犯罪问题办公室的活动"
    assert meta["subtitle"] == "执行主任的报告"
    assert meta["distribution"] == "General"
    assert meta["date"] == "3 February 2012"
    assert meta["original"] == "English"
    assert meta["symbols"] == ["E/CN.7/2012/2"]  # taken from the file name
    bodies = [s["body"] for s in meta["sessions"]]
    assert bodies == ["麻醉药品委员会", "预防犯罪和刑事司法委员会"]
    assert meta["sessions"][0]["session"] == "第五十五届会议"
    assert meta["agenda_footnotes"] == {"*": "E/CN.7/2012/1", "**": "E/CN.15/2012/1"}
    assert meta["summary"][0].startswith("本报告概要介绍了")
    assert len(seed_doc.toc) == 29
    assert seed_doc.toc[0].title == "导言和战略方向" and seed_doc.toc[0].page == "3"
    body_text = "".join(b.text for b in seed_doc.blocks)
    assert "本报告概要介绍了" not in body_text
    assert "Distr." not in body_text and "页次" not in body_text
    assert seed_doc.blocks[0].id == "h1"


def test_sentences(seed_doc):
    p85 = seed_doc.block("p85")
    assert [s.id for s in p85.sentences] == ["p85.s1", "p85.s2", "p85.s3", "p85.s4"]
    assert p85.sentences[0].text == "联合国经常预算中给毒品和犯罪问题办公室的拨款只有不到 1%。"
    # Never split inside a 《title》 or a number like 5.615.
    assert any("5.615 亿美元" in s.text for s in p85.sentences)
    p37 = seed_doc.block("p37")
    assert len(p37.sentences) == 1  # 《苯丙胺和摇头丸：2011 年全球苯丙胺类兴奋剂评估》 stays whole


def test_segment_cli_json(tmp_path):
    import json

    from typer.testing import CliRunner

    from align.cli.app import app

    result = CliRunner().invoke(app, ["segment", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["lang"] == "zh"
    assert set(data) >= {"lang", "meta", "toc", "blocks", "footnotes"}
    first = data["blocks"][1]
    assert set(first) >= {"id", "kind", "level", "number", "label", "text", "footnotes", "sentences"}
    assert data["footnotes"]["7"] == "见 E/CN.7/2012/13。"
    assert [b["id"] for b in data["blocks"] if b["kind"] == "paragraph"][-1] == "p101"
