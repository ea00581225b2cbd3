"""Term candidates on both languages, and the termhood filter that thins them out."""

from glossary.candidates import en as candidates_en
from glossary.candidates import termhood
from glossary.candidates import zh as candidates_zh


def zh_keys(text):
    return [o.key for o in candidates_zh.split_terms(text)]


def en_surfaces(text):
    return [o.surface for o in candidates_en.split_terms(text)]


def test_un_names_stay_whole_in_chinese_segmentation():
    words = candidates_zh.words("毒品和犯罪问题办公室致力于实现千年发展目标，并向麻醉药品委员会报告。")
    assert "毒品和犯罪问题办公室" in words
    assert "千年发展目标" in words
    assert "麻醉药品委员会" in zh_keys("毒品和犯罪问题办公室致力于实现千年发展目标，并向麻醉药品委员会报告。")


def test_compound_words_are_split_so_the_terms_inside_are_found():
    # jieba's dictionary has 日本政府 and the UN list 秘书长特别代表 as single words
    assert candidates_zh.words("日本政府") == ["日本", "政府"]
    keys = zh_keys("秘书长特别代表和联合国毒品和犯罪问题办公室")
    assert {"日本"} <= set(zh_keys("日本政府支持该倡议")) and "日本政府" in zh_keys("日本政府支持该倡议")
    assert {"秘书长特别代表", "特别代表", "联合国毒品和犯罪问题办公室", "毒品和犯罪问题办公室"} <= set(keys)


def test_names_that_open_with_a_function_word_or_hold_numbers_or_marks():
    """Real devset sentences: names starting with 特别/决定/一般/前/不, holding 第N, a year, 千年, 、 or -."""
    cases = {
        "1. 在2015年2月17和18日特别委员会第276和277次会议的一般性交换意见期间": "特别委员会",
        "2. 第五委员会在2014年12月15日和29日第21次会议和第27次会议续会上审议了该项目。": "第五委员会",
        "大会主席提出的决定草案": "决定草案",
        "例如，在检察官诉Kunarac一案中，前南斯拉夫问题国际法庭上诉分庭就确定攻击是否具有广泛性规定了以下检验标准：":
            "前南斯拉夫问题国际法庭",
        "2010年审议大会《最后文件》重申了这一点。": "2010年审议大会",
        "2. 可持续发展目标开放工作组提出的各项建议应作为2015年后发展议程政府间谈判的基础。": "2015年后发展议程",
        "在千年发展目标方面遭遇挑战并取得成就之后，世界现在面临另一项挑战": "千年发展目标",
        "它通过庆祝国际森林年和国际森林日引导了全世界对林业问题的关注。": "国际森林日",
        "联合国教育、科学及文化组织出版的《出国学习》指南的各个版本均提及这个方案。": "联合国教育、科学及文化组织",
        "协会呼吁政府落实消除对妇女歧视委员会提出的所有建议": "消除对妇女歧视委员会",
        "题为\"非洲联盟-联合国达尔富尔混合行动经费的筹措\"的项目": "非洲联盟-联合国达尔富尔混合行动",
        "虽然一个人居三伙伴协商平行进程在进行中": "人居三",
        "1个P-4、2个P-3、4个外勤事务人员和2个本国一般事务人员": "一般事务人员",
        "爱尔兰一贯推动各国普遍遵守《不扩散条约》所规定的不扩散义务。": "不扩散条约",
        "3. 鼓励会员国、秘书处和联合国系统各组织争取实现《21世纪议程》": "21世纪议程",
    }
    for sentence, term in cases.items():
        assert term in zh_keys(sentence), (term, zh_keys(sentence))


def test_chinese_candidates_are_bounded_by_punctuation_and_function_words():
    keys = zh_keys("安全理事会和大会审议了秘书长的报告，其中包括会员国的意见。")
    assert {"安全理事会", "大会", "秘书长", "会员国"} <= set(keys)
    assert not any(k.startswith(("和", "其中", "包括")) or k.endswith(("的", "和")) for k in keys)
    assert not any("，" in k for k in keys)
    assert "其中包括会员国" not in keys


def test_two_names_side_by_side_are_not_one_name():
    # E/CN.7/2012/2 p67: the head of the first name (部, 署) is neither joined to the next nor its start
    keys = zh_keys("与开发署、秘书处维持和平行动部和联合国人权事务高级专员办事处等一些联合国实体合作")
    assert {"开发署", "维持和平行动部", "联合国人权事务高级专员办事处"} <= set(keys)
    assert not any(k.startswith(("部", "开发署、")) or "部和" in k for k in keys)
    assert "联合国教育、科学及文化组织" in zh_keys("联合国教育、科学及文化组织")  # 、 inside a name stays


def test_chinese_dates_and_session_numbers_are_noise():
    keys = zh_keys("2015年5月26日，大会第七十届会议在纽约举行。")
    assert not any(candidates_zh.is_noise(k) for k in keys)
    assert not any("第七十" in k or k.endswith("日") for k in keys)
    assert "大会" in keys
    keys = zh_keys("按照两委员会提出的建议，预防犯罪和刑事司法委员会第二十三届会议续会通过了第1540(2004)号决议")
    assert not any("第二" in k or "1540" in k or "2004" in k for k in keys)
    assert "预防犯罪和刑事司法委员会" in keys


def test_book_titles_are_instruments():
    occs = candidates_zh.split_terms("各国批准了《联合国反腐败公约》。")
    assert [o.key for o in occs if o.instrument] == ["联合国反腐败公约"]


def test_chinese_short_forms_in_parentheses():
    words = candidates_zh.words("并加强了与联合国开发计划署（开发署）和联合国儿童基金会（儿基会）的合作")
    assert candidates_zh.short_form_pairs(words) == [("联合国开发计划署", "开发署"), ("联合国儿童基金会", "儿基会")]


def test_english_symbols_and_resolution_numbers_are_protected():
    toks = candidates_en.tokens("Recalling resolution 54/14 and A/RES/70/1 of the General Assembly.")
    assert "54/14" in toks and "A/RES/70/1" in toks
    surfaces = en_surfaces("Recalling resolution 54/14 and A/RES/70/1 of the General Assembly.")
    assert "General Assembly" in surfaces
    assert not any("54" in s or "RES" in s for s in surfaces)


def test_english_candidates_are_noun_phrases_bounded_by_stopwords():
    surfaces = en_surfaces("The Commission on the Status of Women welcomed the report of the Secretary-General.")
    assert "Commission on the Status of Women" in surfaces
    assert "Secretary-General" in surfaces
    assert not any(s.split()[0].lower() in ("the", "of") or s.split()[-1].lower() in ("the", "of") for s in surfaces)
    # no resolution-style verb starts a term, no name is cut in two
    assert "Status of Women" not in surfaces
    assert not any(s.startswith("welcomed") for s in surfaces)


def test_a_verb_after_a_name_ends_the_term_but_a_participle_before_a_noun_does_not():
    surfaces = en_surfaces("The Secretary-General submitted the report on assistance to internally displaced persons.")
    assert "Secretary-General" in surfaces and "internally displaced persons" in surfaces
    assert not any("submitted" in s for s in surfaces)
    assert not any("submitted" in s for s in en_surfaces("The draft decision submitted by the Chair was adopted."))


def test_english_name_is_not_cut_inside_a_longer_name():
    surfaces = en_surfaces("The United Nations Office on Drugs and Crime (UNODC) works with Member States.")
    assert "United Nations Office on Drugs and Crime" in surfaces
    assert "Office on Drugs and Crime" not in surfaces
    assert "Member States" in surfaces


def test_english_keys_fold_case_and_plural_but_not_acronyms():
    assert candidates_en.key(["Member", "States"]) == candidates_en.key(["member", "state"])
    assert candidates_en.key(["WHO"]) == "WHO"
    assert candidates_en.key(["SDGs"]) == "SDG"


def test_english_dates_and_ordinal_sessions_are_noise():
    surfaces = en_surfaces("On 26 May 2015, at its sixty-ninth session, the Council met.")
    assert not any("May" in s or "sixty-ninth" in s for s in surfaces)


def test_acronyms_and_their_long_forms():
    toks = candidates_en.tokens("the United Nations Office on Drugs and Crime (UNODC) and the Sustainable "
                                "Development Goals (SDGs) and the World Health Organization (WHO)")
    assert candidates_en.long_forms(toks) == [
        ("UNODC", "United Nations Office on Drugs and Crime"),
        ("SDGs", "Sustainable Development Goals"),
        ("WHO", "World Health Organization"),
    ]


def nesting(lang, sentences):
    """Termhood counts over real sentences, as the glossary builder makes them."""
    split = candidates_zh.words if lang == "zh" else candidates_en.tokens
    find = candidates_zh.candidates if lang == "zh" else candidates_en.candidates
    n = termhood.Nesting(lang)
    for text in sentences:
        toks = split(text)
        occs = {}
        for o in find(toks):
            occs.setdefault(o.key, []).append(o)
            n.parts.setdefault(o.key, tuple(toks[o.start : o.end]) if lang == "zh" else tuple(o.key.split()))
        n.add_unit(occs, toks)
    return n


def kept(lang, sentences):
    return set(termhood.select(nesting(lang, sentences)))


def test_a_fragment_that_only_occurs_inside_a_longer_term_is_dropped():
    en = kept("en", ["The Economic and Social Council met."] * 3 + ["The Council adopted it."] * 2)
    assert "economic and social council" in en and "social council" not in en
    zh = kept("zh", ["国际社会必须维护国际和平与安全。", "这威胁到国际和平与安全。", "国际和平与安全受到威胁。"])
    assert "国际和平与安全" in zh  # 维护 is a verb in front, not part of the term
    assert "国际和平" not in zh  # always completed by 与安全
    zh = kept("zh", ["执行《北京行动纲要》优先事项。", "《北京行动纲要》和《公约》声明。", "落实《北京行动纲要》。"])
    assert "北京行动纲要" in zh and "北京行动" not in zh  # 纲要 is the head that makes the name


def test_a_term_beside_the_same_boilerplate_every_time_stays_a_term():
    """The causes the issue names: a body always followed by its executive director or a verb, a
    country by its airspace, a title inside a longer title (devset sentences)."""
    zh = kept("zh", [
        "联合国环境规划署执行主任对该函作出回应。",
        "关于持久性有机污染物的斯德哥尔摩公约缔约方大会和联合国环境规划署执行主任",
        "两架土耳其军用直升机进入塞浦路斯共和国领空。",
        "一艘土耳其导弹艇侵犯塞浦路斯共和国领水。",
        "土耳其军机侵犯了塞浦路斯共和国领空。",
        "秘书长特别代表蒙伊·哈姆迪先生",
        "秘书长特别代表的斡旋任务",
        "日本政府支持该倡议。",
        "日本政府甚至要求联合国前副秘书长修改报告。",
    ])
    assert {"联合国环境规划署", "塞浦路斯共和国", "特别代表", "日本"} <= zh
    en = kept("en", ["the Special Representative of the Secretary-General for Mali",
                     "the Special Representative of the Secretary-General for Iraq",
                     "The Permanent Mission of Argentina to the United Nations presents its compliments",
                     "The Permanent Mission of Chile to the United Nations presents its compliments"])
    assert {"special representative", "permanent mission"} <= en


def test_coordination_of_two_terms_is_dropped():
    sentences = ["The Security Council and General Assembly met."] * 2 + ["The Security Council met."] * 6 + \
        ["The General Assembly met."] * 6
    en = kept("en", sentences)
    assert "security council and general assembly" not in en
    assert {"security council", "general assembly"} <= en
