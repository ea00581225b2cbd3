"""What kind of term an entry is: a body, a programme or fund, an instrument, a title, an acronym or
short form, a place, or a concept. Read from the heads of the two names (…委员会 / Commission,
…公约 / Convention), because in UN naming the head word says what a thing is; places (countries,
territories, regions, cities) from the project's list of place names (`align/data/un_names.tsv`)
and the heads of place names (…共和国 / Republic of …, …群岛 / … Islands)."""

from __future__ import annotations

import re

KINDS = ("body", "programme", "instrument", "title", "concept", "acronym", "place")
# What terminologists call each kind (TBX subject field, list headings).
LABELS = {
    "body": "United Nations bodies",
    "programme": "United Nations programmes and funds",
    "instrument": "International instruments",
    "title": "Titles and functions",
    "concept": "United Nations concepts",
    "acronym": "Acronyms and short forms",
    "place": "Places",
}
# The kinds that are names (shown first in annotate); places are apart from terminology.
NAMES = ("body", "programme", "instrument", "title", "acronym")

_INSTRUMENT_HEAD = (r"公约|议定书|宣言|宪章|条约|规约|协定|盟约|纲领|纲要|守则|议程|计划|框架|准则|原则|规则|战略|"
                    r"决议|决定")
_PROGRAMME_HEAD = r"计划署|规划署|方案|基金|基金会|儿基会|开发署|人居署|妇女署|环境署|粮食署"
_BODY_HEAD = (
    r"委员会|理事会|大会|办公室|办事处|组织|法院|法庭|秘书处|机构|论坛|小组|工作组|会议|署|部|厅|局|司|处|银行|"
    r"联盟|联合会|特派团|联络处|中心|研究所|大学|学院|集团|部队|工作队|混合行动|团|机制|共同体|运动"
)
_TITLE_HEAD = (
    r"秘书长|主席|执行主任|主任|报告员|高级专员|专员|代表|协调员|特使|顾问|大使|总干事|署长|干事|法官|检察官|"
    r"部长|总统|总理|首脑|元首|专家|秘书"
)
# The last word of a Chinese name: a candidate may hold 对, 、 or - only when it ends on one.
NAME_HEAD_ZH = re.compile(f"(?:{_INSTRUMENT_HEAD}|{_PROGRAMME_HEAD}|{_BODY_HEAD}|{_TITLE_HEAD})$")
TITLE_HEAD_ZH = re.compile(f"(?:{_TITLE_HEAD})$")
# What completes a word before it into a term: a name's head, or the noun that makes a group of
# States or parties (常任 理事国, 不结盟 缔约国, 利益攸关 方, 优先 事项).
COMPLETING_HEAD_ZH = re.compile(f"(?:{_INSTRUMENT_HEAD}|{_PROGRAMME_HEAD}|{_BODY_HEAD}|{_TITLE_HEAD}|国|方|事项)$")
# The heads that close an institution's or a country's name: what follows such a name is a word of
# its own (联合国环境规划署 执行主任, 塞浦路斯共和国 领空), not the rest of the name.
CLOSED_NAME_ZH = re.compile(
    r"(?:委员会|理事会|大会|办公室|办事处|组织|法院|法庭|秘书处|署|部|厅|局|司|银行|联盟|特派团|部队|基金|基金会|"
    r"公约|议定书|宪章|条约|规约|共和国|王国|联邦)$"
)

_INSTRUMENT_ZH = re.compile(r"(公约|议定书|宣言|宪章|条约|规约|协定|盟约|纲领|纲要|守则)$")
# The head word of an English name comes last or before its complement ("Convention against ...").
_INSTRUMENT_EN = re.compile(
    r"\b(Convention|Protocol|Declaration|Charter|Treaty|Statute|Agreement|Covenant|Platform|Agenda|"
    r"Programme of Action|Plan of Action|Plan of Implementation|Rules|Principles|Framework)"
    r"(?:$|\s+(?:of|on|against|for|to|in)\b)"
)
_PROGRAMME_ZH = re.compile(f"({_PROGRAMME_HEAD})$")
_PROGRAMME_EN = re.compile(r"\b(Programme|Fund|Plan|Facility|Initiative|Entity)\b")
_BODY_ZH = re.compile(f"({_BODY_HEAD})$")
_BODY_EN = re.compile(
    r"\b(Council|Commission|Committee|Assembly|Office|Organization|Organisation|Court|Tribunal|Secretariat|Agency|"
    r"Forum|Group|Conference|Department|Division|Board|Bank|Union|Mission|Centre|Institute|University|Panel|"
    r"Working Group|Subcommittee|Bureau|Force|Operation|Mechanism|Community|Movement|College|Authority)\b"
)
_TITLE_ZH = re.compile(f"({_TITLE_HEAD})$")
_TITLE_EN = re.compile(
    r"\b(Secretary-General|President|Chair|Chairperson|Director|Rapporteur|Commissioner|Representative|"
    r"Coordinator|Envoy|Adviser|Ambassador|Director-General|Administrator|Judge|Prosecutor|Under-Secretary-General|"
    r"Minister|Head of Mission|Heads of State|Expert|Secretary)$"
)
_PLACE_ZH = re.compile(r"(共和国|王国|群岛|岛|省|州|湾|海峡|半岛|流域|公国|酋长国)$")
_PLACE_EN = re.compile(r"^(?:Republic of|Kingdom of|State of|Gulf of|Lake|Islamic Republic of)\b|"
                       r"\b(?:Republic|Kingdom|Islands|Island|Province|Peninsula|Basin|Emirates)$")


def _places() -> tuple[dict[str, str], dict[str, str]]:
    from glossary.lexicon import places

    zh = {row["zh"]: row["type"] for row in places()}
    en = {row["en"].lower(): row["type"] for row in places()}
    return zh, en


def is_place(zh: str, en: str) -> bool:
    """A country, territory, region or city: on the project's list, or named like one (…共和国 /
    Republic of …) with an English name that is not an institution's."""
    zh_places, en_places = _places()
    if zh in zh_places or en.lower() in en_places:
        return True
    if not en[:1].isupper() or _BODY_EN.search(en) or _INSTRUMENT_EN.search(en) or _PROGRAMME_EN.search(en):
        return False
    return bool(_PLACE_ZH.search(zh)) and bool(_PLACE_EN.search(en))


_LINKS_EN = frozenset("of on for against to in at by with from".split())
_HEADS = {
    "instrument": frozenset("Convention Protocol Declaration Charter Treaty Statute Agreement Covenant Platform "
                            "Agenda Rules Principles Framework Guidelines Code Resolution".split()),
    "title": frozenset("Secretary-General President Chair Chairperson Chairman Director Rapporteur Commissioner "
                       "Representative Coordinator Envoy Adviser Ambassador Director-General Administrator Judge "
                       "Prosecutor Under-Secretary-General Minister Expert Secretary Head Heads Registrar".split()),
    "programme": frozenset("Programme Fund Facility Initiative Entity".split()),
    "body": frozenset("Council Commission Committee Assembly Office Organization Organisation Court Tribunal "
                      "Secretariat Agency Forum Group Conference Department Division Board Bank Union Mission "
                      "Centre Institute University Panel Subcommittee Bureau Force Operation Mechanism Community "
                      "Movement College Authority Coalition Service Unit Section Team".split()),
}


def english_head(en: str) -> str:
    """The head word of an English name: the last word before its first complement ("Group" of
    "Group of Non-Aligned States Parties to the Treaty", "Director" of "Executive Director of the
    United Nations Environment Programme"); the last word when it has none."""
    words = en.split()
    for i, w in enumerate(words):
        if i and w in _LINKS_EN:
            return words[i - 1]
    return words[-1] if words else ""


def head_kinds(zh: str, en: str) -> tuple[str | None, str | None]:
    """The kinds the heads of a Chinese name and an English one say (…委员会: body; "Traditional
    Affairs": none)."""
    zh_kind = next((k for k, r in (("title", _TITLE_ZH), ("instrument", _INSTRUMENT_ZH), ("programme", _PROGRAMME_ZH),
                                   ("body", _BODY_ZH)) if r.search(zh)), None)
    head = english_head(en)
    en_kind = next((k for k, heads in _HEADS.items() if head in heads or head.rstrip("s") in heads), None)
    return zh_kind, en_kind


def classify(zh: str, en: str, instrument: bool, acronym: bool) -> str:
    """The Chinese head counts only when the English is a name (capitalised): 会议 / meeting is a
    concept, 贸发会议 / UNCTAD a body. In an English name the head word decides: "Group of
    Non-Aligned States Parties to the Treaty" is a body, not an instrument."""
    name = en[:1].isupper()
    if name and not instrument and not is_place(zh, en):
        if re.search(r"\b(?:Programme|Plan) of (?:Action|Implementation)\b", en):
            return "instrument"
        head = english_head(en)
        for kind, heads in _HEADS.items():
            if head in heads:
                return kind
    if instrument or _INSTRUMENT_EN.search(en) or (name and _INSTRUMENT_ZH.search(zh)):
        return "instrument"
    if is_place(zh, en):
        return "place"
    if _TITLE_EN.search(en) or (name and _TITLE_ZH.search(zh)):
        return "title"
    if _PROGRAMME_EN.search(en) or (name and _PROGRAMME_ZH.search(zh)):
        return "programme"
    if _BODY_EN.search(en) or (name and _BODY_ZH.search(zh)):
        return "body"
    if acronym:
        return "acronym"
    return "concept"
