"""Term candidates on both languages, and the termhood filter that thins them out."""

from glossary.candidates import en as candidates_en
from glossary.candidates import termhood
from glossary.candidates import zh as candidates_zh


def zh_keys(text):
    return [o.key for o in candidates_zh.split_terms(text)]


def en_surfaces(text):
    return [o.surface for o in candidates_en.split_terms(text)]


def test_un_names_stay_whole_in_chinese_segmentation():
    words = candidates_zh.words("毒品和犯罪问题办公室致力于实现可持续发展目标，并向麻醉药品委员会报告。")
    assert "毒品和犯罪问题办公室" in words
    assert "可持续发展目标" in words
    assert "麻醉药品委员会" in words


def test_chinese_candidates_are_bounded_by_punctuation_and_function_words():
    keys = zh_keys("安全理事会和大会审议了秘书长的报告，其中包括会员国的意见。")
    assert {"安全理事会", "大会", "秘书长", "会员国"} <= set(keys)
    assert not any(k.startswith(("和", "其中", "包括")) or k.endswith(("的", "和")) for k in keys)
    assert not any("，" in k for k in keys)
    assert "其中包括会员国" not in keys


def test_chinese_dates_and_session_numbers_are_noise():
    keys = zh_keys("2015年5月26日，大会第七十届会议在纽约举行。")
    assert not any(candidates_zh.is_noise(k) for k in keys)
    assert not any("第七十届" in k or k.endswith("日") for k in keys)
    assert "大会" in keys


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


def test_cvalue_drops_fragments_that_only_occur_inside_a_longer_term():
    freq = {"economic and social council": 40, "social council": 41, "economic": 120, "council": 200}
    parts = {k: tuple(k.split()) for k in freq}
    kept = termhood.select(freq, parts, "en")
    assert "economic and social council" in kept
    assert "social council" not in kept
    assert "council" in kept


def test_a_term_preceded_by_a_verb_stays_a_term():
    freq = {"国际和平与安全": 22, "维护国际和平与安全": 12, "国际和平": 24}
    parts = {"国际和平与安全": ("国际", "和平", "与", "安全"), "国际和平": ("国际", "和平"),
             "维护国际和平与安全": ("维护", "国际", "和平", "与", "安全")}
    kept = termhood.select(freq, parts, "zh")
    assert "国际和平与安全" in kept  # 维护 is a verb in front, not part of the term
    assert "国际和平" not in kept  # nearly always completed by 与安全


def test_coordination_of_two_terms_is_dropped():
    freq = {"security council and general assembly": 3, "security council": 200, "general assembly": 120}
    parts = {k: tuple(k.split()) for k in freq}
    kept = termhood.select(freq, parts, "en")
    assert "security council and general assembly" not in kept
    assert {"security council", "general assembly"} <= set(kept)
