# ruff: noqa: E501  (Chinese text: each character counts double)
"""A small alignment for the quality, report and review tests.

The Chinese is the seed report (E/CN.7/2012/2, UNODC activities, seeds/); the English is the
project's own rendering of it (the English original is not in the repository). A few beads carry
a known fault, the rest are clean:

  a3  p85   the English says $49.0 million where the Chinese says 4,090 万美元 ($40.9 million)
  a4  fn7   the English cites E/CN.7/2012/14 where the Chinese cites E/CN.7/2012/13
  a6  p12.a the Chinese item (a) is aligned with the English item (b)
  a7  p8    the last Chinese sentence has no English (a 1-0 sentence bead)
  a8  p36   a sentence left in English in the Chinese version
  a9  p75   three Chinese sentences against one English sentence
  a10 p89   the aligner's confidence is 0.31
  a11 p89.x one Chinese clause against a whole English paragraph
"""

from __future__ import annotations

from align.model import Alignment, Bead

ZH = {
    "p2": ["2011年，毒品和犯罪问题办公室继续改进其综合性方案办法，以协助会员国制定并执行各种政策应对有组织犯罪、腐败、贩毒和恐怖主义，"
           "并促进刑事司法改革、预防吸毒、使吸毒者得到治疗和康复，以及处理吸毒者、囚犯和人口贩运受害人中的艾滋病毒传染问题。",
           "毒品和犯罪问题办公室以相互联系的三大支柱（即研究、执行联合国关于药物管制和预防犯罪的各项公约，以及技术合作）为基础，从其相对优势出发开展工作。",
           "毒品和犯罪问题办公室更加致力于维护人权，并继续扩充其关于犯罪和毒品对发展和安全的影响的知识库。"],
    "p13": ["全世界的非法鸦片生产活动仍有 90%左右在阿富汗，这加剧了当地的不稳定、跨国犯罪以及该区域和全世界的吸毒情况。"],
    "p85": ["联合国经常预算中给毒品和犯罪问题办公室的拨款只有不到 1%。",
            "按照大会第 65/233 号决议，秘书长在其 2012-2013 年方案概算中提出了建议，以确保毒品和犯罪问题办公室具备充足的资源。",
            "因此大会核准了经常预算第 16 款下数额为 170 万美元的小幅增资，从 2010-2011 两年期的 3,920 万美元增加到 2012-2013 两年期的 "
            "4,090 万美元。",
            "毒品和犯罪问题办公室 2012-2013 两年期合并预算数额为 5.615 亿美元，其中有 15.3%来自经常预算资金，有 4.754 亿美元来自预算外资源。"],
    "fn7": ["见 E/CN.7/2012/13。"],
    "p12": ["2011 年期间，毒品和犯罪问题办公室还按照麻醉药品委员会第 54/14 号决议和其他决议，继续支助非洲国家对付世界毒品问题的工作，"
            "其中开展了以下活动："],
    "p12.a": ["毒品和犯罪问题办公室通过协助建立机构间工作队和跨国有组织犯罪侦查单位，加强了各国收集、分析和共享用于在东非和西非打击贩毒和有组织犯罪的情报的能力。"],
    "p8": ["毒品和犯罪问题办公室在 2009-2012 年期间东非区域方案的框架内，扩大了其活动范围，将埃塞俄比亚、毛里求斯、卢旺达、塞舌尔、索马里和坦桑尼亚联合共和国包括在内。",
           "重要的进展情况包括：为肯尼亚制订了一项刑事司法方案，并对索马里的索马里兰地区进行了刑事司法评估。",
           "在为索马里制定战略办法和为埃塞俄比亚制订一项国别方案方面取得了进展。"],
    "p36": ["如《2011 年世界毒品报告》所述，近年来，在既有的非法药物市场上出现了新的合成化合物，有的是“合法兴奋剂”，有的是受管制的兴奋剂的替代品。",
            "In some countries, demand has grown for herbal products containing synthetic cannabinoids sold on the "
            "Internet and in specialized shops under the brand name Spice."],
    "p75": ["毒品和犯罪问题办公室 2010-2011 年期间科学和法医服务主题方案继续通过技术合作活动，支助毒品检验实验室的工作。",
            "与 57 个会员国的实验室开展了国际合作演练。",
            "毒品和犯罪问题办公室加强了其在实验室研究和分析方面的活动，以制定标准化的方法。",
            "对执法活动的支助包括提供 460 多个毒品和前体检验箱并制作和部署犯罪现场工具箱。"],
    "p89": ["鉴于普遍的经济形势，应当继续保持谨慎和节制，毒品和犯罪问题办公室将继续谨慎使用普通用途资源和方案支助费用资源。"],
    "p90": ["鉴于普遍的经济形势。"],
}
EN = {
    "p2": ["In 2011, UNODC continued to refine its integrated programme approach to assist Member States in developing "
           "and implementing policies against organized crime, corruption, drug trafficking and terrorism, and in "
           "promoting criminal justice reform, drug use prevention, the treatment and rehabilitation of drug users and "
           "the response to HIV among drug users, prisoners and victims of trafficking in persons.",
           "UNODC works from its comparative advantage on the basis of three interlinked pillars: research, "
           "implementation of the United Nations conventions on drug control and crime prevention, and technical "
           "cooperation.",
           "UNODC strengthened its commitment to human rights and continued to expand its knowledge base on the "
           "impact of crime and drugs on development and security."],
    "p13": ["Some 90 per cent of global illicit opium production continues to take place in Afghanistan, fuelling "
            "instability, transnational crime and drug use in the region and worldwide."],
    "p85": ["Less than 1 per cent of the regular budget of the United Nations is allocated to UNODC.",
            "In line with General Assembly resolution 65/233, the Secretary-General made proposals in his proposed "
            "programme budget for 2012-2013 to ensure adequate resources for UNODC.",
            "The General Assembly consequently approved a modest increase of $1.7 million under section 16 of the "
            "regular budget, from $39.2 million in the biennium 2010-2011 to $49.0 million in the biennium 2012-2013.",
            "The consolidated budget of UNODC for the biennium 2012-2013 amounts to $561.5 million, of which 15.3 per "
            "cent is from regular budget funds and $475.4 million from extrabudgetary resources."],
    "fn7": ["See E/CN.7/2012/14."],
    "p12": ["During 2011, UNODC also continued, pursuant to Commission on Narcotic Drugs resolution 54/14 and other "
            "resolutions, to support African States in countering the world drug problem, including through the "
            "following activities:"],
    "p12.b": ["UNODC strengthened the capacity of States to collect, analyse and share intelligence to counter drug "
              "trafficking and organized crime in East and West Africa by helping to establish inter-agency task "
              "forces and transnational organized crime units."],
    "p8": ["Within the framework of its regional programme for Eastern Africa for 2009-2012, UNODC extended its "
           "activities to Ethiopia, Mauritius, Rwanda, Seychelles, Somalia and the United Republic of Tanzania.",
           "Important developments include the formulation of a criminal justice programme for Kenya and a criminal "
           "justice assessment in the Somaliland region of Somalia."],
    "p36": ["As noted in the World Drug Report 2011, new synthetic compounds have appeared in recent years on "
            "established illicit drug markets, some as \"legal highs\" and some as substitutes for controlled stimulants.",
            "In some countries, demand has grown for herbal products containing synthetic cannabinoids sold on the "
            "Internet and in specialized shops under the brand name Spice."],
    "p75": ["Through technical cooperation, the UNODC global programme on scientific and forensic services for 2010-2011 "
            "continued to support drug testing laboratories, conducted an international collaborative exercise with "
            "the laboratories of 57 Member States and strengthened its laboratory research and analysis to develop "
            "standardized methods.",
            "Support to law enforcement included the supply of more than 460 drug and precursor test kits and the "
            "production and deployment of crime scene kits."],
    "p89": ["In view of the general economic situation, caution and restraint should continue to be exercised, and "
            "UNODC will continue to use general-purpose and programme support cost resources prudently."],
    "p90": ["Given the increased demands on UNODC across its broad mandates, the Joint Inspection Unit and the Office "
            "of Internal Oversight Services have recognized the high risk of the funding model of UNODC, which the "
            "forthcoming fundraising strategy will address; the general economic situation calls for caution and "
            "restraint in the use of general-purpose and programme support cost resources."],
}

# (paragraph bead id, zh block ids, en block ids, score, sentence beads as (zh sentence numbers, en sentence numbers, score))
LAYOUT = [
    ("a1", ["p2"], ["p2"], 0.97, [([1], [1], 0.96), ([2], [2], 0.95), ([3], [3], 0.97)]),
    ("a2", ["p13"], ["p13"], 0.98, [([1], [1], 0.98)]),
    ("a3", ["p85"], ["p85"], 0.95, [([1], [1], 0.97), ([2], [2], 0.96), ([3], [3], 0.94), ([4], [4], 0.95)]),
    ("a4", ["fn7"], ["fn7"], 0.93, [([1], [1], 0.93)]),
    ("a5", ["p12"], ["p12"], 0.96, [([1], [1], 0.96)]),
    ("a6", ["p12.a"], ["p12.b"], 0.9, [([1], [1], 0.9)]),
    ("a7", ["p8"], ["p8"], 0.88, [([1], [1], 0.95), ([2], [2], 0.93), ([3], [], 0.85)]),
    ("a8", ["p36"], ["p36"], 0.9, [([1], [1], 0.92), ([2], [2], 0.9)]),
    ("a9", ["p75"], ["p75"], 0.86, [([1, 2, 3], [1], 0.7), ([4], [2], 0.94)]),
    ("a10", ["p89"], ["p89"], 0.31, [([1], [1], 0.31)]),
    ("a11", ["p90"], ["p90"], 0.62, [([1], [1], 0.62)]),
]


def unodc_alignment() -> Alignment:
    beads = []
    for pid, zb, eb, score, sents in LAYOUT:
        zs = [(f"{b}.s{k}", t) for b in zb for k, t in enumerate(ZH[b], 1)]
        es = [(f"{b}.s{k}", t) for b in eb for k, t in enumerate(EN[b], 1)]
        beads.append(Bead(pid, "paragraph", zb, eb, "".join(t for _, t in zs), " ".join(t for _, t in es), score))
        for n, (zi, ei, s) in enumerate(sents, 1):
            beads.append(Bead(f"{pid}.{n}", "sentence", [zs[i - 1][0] for i in zi], [es[j - 1][0] for j in ei],
                              "".join(zs[i - 1][1] for i in zi), " ".join(es[j - 1][1] for j in ei), s, parent=pid))
    header = {
        "tool": "bitext", "encoder": "test",
        "zh": {"path": "E_CN.7_2012_2.zh.txt", "lang": "zh", "symbol": "E/CN.7/2012/2"},
        "en": {"path": "E_CN.7_2012_2.en.txt", "lang": "en", "symbol": "E/CN.7/2012/2"},
    }
    return Alignment(header, beads)
