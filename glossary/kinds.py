"""What kind of term an entry is: a body, a programme or fund, an instrument, a title, an acronym,
or a concept. Read from the heads of the two names (…委员会 / Commission, …公约 / Convention),
because in UN naming the head word says what a thing is."""

from __future__ import annotations

import re

_INSTRUMENT_ZH = re.compile(r"(公约|议定书|宣言|宪章|条约|规约|协定|盟约|纲领|纲要|守则)$")
# The head word of an English name comes last or before its complement ("Convention against ...").
_INSTRUMENT_EN = re.compile(
    r"\b(Convention|Protocol|Declaration|Charter|Treaty|Statute|Agreement|Covenant|Platform|Agenda|"
    r"Programme of Action|Plan of Action|Rules|Principles|Framework)(?:$|\s+(?:of|on|against|for|to|in)\b)"
)
_PROGRAMME_ZH = re.compile(r"(计划署|规划署|方案|基金|基金会|儿基会|开发署|人居署|妇女署|环境署|粮食署)$")
_PROGRAMME_EN = re.compile(r"\b(Programme|Fund|Plan|Facility|Initiative|Entity)\b")
_BODY_ZH = re.compile(
    r"(委员会|理事会|大会|办公室|办事处|组织|法院|法庭|秘书处|机构|论坛|小组|工作组|会议|署|部|厅|局|司|处|银行|"
    r"联盟|联合会|特派团|联络处|中心|研究所|大学)$"
)
_BODY_EN = re.compile(
    r"\b(Council|Commission|Committee|Assembly|Office|Organization|Court|Tribunal|Secretariat|Agency|Forum|"
    r"Group|Conference|Department|Division|Board|Bank|Union|Mission|Centre|Institute|University|Panel|"
    r"Working Group|Subcommittee|Bureau)\b"
)
_TITLE_ZH = re.compile(
    r"(秘书长|主席|执行主任|主任|报告员|高级专员|专员|代表|协调员|特使|顾问|大使|总干事|署长|干事|法官|检察官)$"
)
_TITLE_EN = re.compile(
    r"\b(Secretary-General|President|Chair|Chairperson|Director|Rapporteur|Commissioner|Representative|"
    r"Coordinator|Envoy|Adviser|Ambassador|Director-General|Administrator|Judge|Prosecutor|Under-Secretary-General)$"
)


def classify(zh: str, en: str, instrument: bool, acronym: bool) -> str:
    """The Chinese head counts only when the English is a name (capitalised): 会议 / meeting is a
    concept, 贸发会议 / UNCTAD a body."""
    name = en[:1].isupper()
    if instrument or _INSTRUMENT_EN.search(en) or (name and _INSTRUMENT_ZH.search(zh)):
        return "instrument"
    if _TITLE_EN.search(en) or (name and _TITLE_ZH.search(zh)):
        return "title"
    if _PROGRAMME_EN.search(en) or (name and _PROGRAMME_ZH.search(zh)):
        return "programme"
    if _BODY_EN.search(en) or (name and _BODY_ZH.search(zh)):
        return "body"
    if acronym:
        return "acronym"
    return "concept"
