"""Kinds terminologists use: body, programme, instrument, title, concept, acronym/short form, place."""

import pytest

from glossary.kinds import KINDS, classify


@pytest.mark.parametrize(("zh", "en", "kind"), [
    ("安全理事会", "Security Council", "body"),
    ("条约不结盟缔约国集团", "Group of Non-Aligned States Parties to the Treaty", "body"),  # the head is Group
    ("联合国开发计划署", "United Nations Development Programme", "programme"),
    ("北京行动纲要", "Beijing Platform for Action", "instrument"),
    ("世界青年行动纲领", "World Programme of Action for Youth", "instrument"),
    ("安全理事会主席", "President of the Security Council", "title"),
    ("联合国环境规划署执行主任", "Executive Director of the United Nations Environment Programme", "title"),
    ("会员国", "Member States", "concept"),
    ("日本", "Japan", "place"),
    ("阿拉伯叙利亚共和国", "Syrian Arab Republic", "place"),
    ("塞浦路斯共和国", "Republic of Cyprus", "place"),
    ("巴勒斯坦被占领土", "Occupied Palestinian Territory", "place"),
    ("纽约", "New York", "place"),
])
def test_kind_from_the_head_word_and_the_place_names(zh, en, kind):
    assert classify(zh, en, False, False) == kind


def test_acronyms_and_titles_in_book_marks():
    assert classify("艾滋病毒", "HIV", False, True) == "acronym"
    assert classify("世卫组织", "WHO", False, True) == "body"  # an acronym of a body is a body
    assert classify("反腐败公约", "Convention against Corruption", True, False) == "instrument"
    assert set(KINDS) == {"body", "programme", "instrument", "title", "concept", "acronym", "place"}


def test_head_kinds_of_a_name_pair():
    from glossary.kinds import head_kinds

    assert head_kinds("传统事务部长", "Traditional Affairs") == ("title", None)
    assert head_kinds("联合国组织刚果民主共和国稳定特派团",
                      "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo") \
        == ("body", "body")
    assert head_kinds("核材料实物保护公约", "Convention on the Physical Protection of Nuclear Material") \
        == ("instrument", "instrument")
