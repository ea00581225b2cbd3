# ruff: noqa: E501  (Chinese text: each character counts double)
"""Terminology: approved and forbidden glossary terms checked in an alignment, from a glossary
database or a TBX file, at the command line (`bitext check --glossary`)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from quality_data import unodc_alignment
from typer.testing import CliRunner

from align.cli.app import app
from align.formats.jsonl import write_alignment
from align.model import Alignment
from align.quality.checks import check_alignment
from align.quality.terms import FORBIDDEN, Term, TermCheck, head_references
from glossary.check_terms import load_terms
from glossary.model import Entry
from glossary.store import Store

runner = CliRunner()
CND = Term(("麻醉药品委员会",), ("Commission on Narcotic Drugs",), source="reference.tbx")
UNODC = Term(("联合国毒品和犯罪问题办公室", "毒品和犯罪问题办公室"), ("United Nations Office on Drugs and Crime", "UNODC"))
SC = Term(("安全理事会", "安理会"), ("Security Council",))
GA = Term(("大会",), ("General Assembly",))
MS = Term(("会员国",), ("Member States",))


def test_an_approved_term_without_its_english_is_flagged_with_the_approved_english():
    check = TermCheck([CND, UNODC])
    flags = check.check("按照麻醉药品委员会第 54/14 号决议，毒品和犯罪问题办公室继续支助非洲国家。",
                        "Pursuant to Narcotics Commission resolution 54/14, UNODC continued to support African States.")
    assert [f.reason for f in flags] == [
        "glossary term 麻醉药品委员会: the English does not use the approved “Commission on Narcotic Drugs” (reference.tbx)"]


def test_and_the_reverse_an_english_term_without_its_chinese():
    flags = TermCheck([SC]).check("安全委员会审议了该报告。", "The Security Council considered the report.")
    assert [f.reason for f in flags] == ["glossary term “Security Council”: the Chinese does not use the approved 安全理事会 or 安理会"]


def test_the_forms_a_un_text_uses_are_accepted():
    check = TermCheck([SC, UNODC, MS, CND])
    # short forms and acronyms, the head noun for a body named before, plural and singular, case
    assert check.check("安理会请毒品和犯罪问题办公室提交报告。", "The Council requested UNODC to submit a report.") == []
    assert check.check("每个会员国", "each Member State") == []
    assert check.check("联合国会员国", "States Members of the United Nations") == []
    assert check.check("麻醉药品委员会", "the commission on narcotic drugs") == []  # the Chinese side: any case
    assert head_references("Commission on Narcotic Drugs") == ["the Commission"]
    assert head_references("Advisory Committee on Administrative and Budgetary Questions") == [
        "the Committee", "the Advisory Committee"]
    # English to Chinese, capitals count: the member States of another organization are not 会员国
    assert check.check("原子能机构成员国", "IAEA member States") == []


def test_a_term_inside_another_title_or_word_is_not_that_term():
    check = TermCheck([Term(("联合国宪章", "宪章"), ("Charter of the United Nations",)), GA])
    assert check.check("委员会核准了《日内瓦可持续住房联合国宪章》。", "The Committee endorsed the Geneva UN Charter on Sustainable Housing.") == []
    # 大会 ends a conference's name (缔约方大会): with the English naming a conference, no finding
    assert check.check("缔约方大会不妨决定于上午10时开会。", "The Conference of the Parties may wish to meet at 10 a.m.") == []
    # ... but where it stands for the General Assembly, a wrong English is one
    assert check.check("委员会请秘书长向大会提交报告。", "The Committee requested the Secretary-General to report to the General Conference.")


def test_a_forbidden_term_is_flagged_with_what_to_use_instead():
    check = TermCheck([CND, Term((), ("Narcotics Commission",), FORBIDDEN, "reference.tbx", use=("Commission on Narcotic Drugs",))])
    flags = check.check("麻醉药品委员会第54/14号决议", "Narcotics Commission resolution 54/14")
    assert [f.reason for f in flags] == [
        "the English uses “Narcotics Commission”, marked forbidden (reference.tbx); use “Commission on Narcotic Drugs”"]


_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>UN terms (test)</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="cnd"><descrip type="subjectField">United Nations bodies</descrip>
 <langSet xml:lang="zh"><tig><term>麻醉药品委员会</term>
  <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
 <langSet xml:lang="en"><tig><term>Commission on Narcotic Drugs</term>
  <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>{deprecated}</langSet></termEntry>
<termEntry id="unodc"><descrip type="subjectField">United Nations bodies</descrip>
 <langSet xml:lang="zh"><tig><term>毒品和犯罪问题办公室</term></tig></langSet>
 <langSet xml:lang="en"><tig><term>United Nations Office on Drugs and Crime</term></tig><tig><term>UNODC</term>
  <termNote type="termType">acronym</termNote></tig></langSet></termEntry>
</body></text></martif>
"""
_DEPRECATED = """<tig><term>Narcotics Commission</term>
  <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>"""


def _reference_tbx(path, deprecated: bool = False):
    """A reference termbase as terminology tools export it (TBX-Basic), optionally with a
    deprecated English term for the Commission on Narcotic Drugs."""
    path.write_text(_TBX.format(deprecated=_DEPRECATED if deprecated else ""), encoding="utf-8")
    return path


def test_terms_from_tbx_with_a_deprecated_term(tmp_path):
    terms = load_terms(_reference_tbx(tmp_path / "reference.tbx", deprecated=True))
    approved = [t for t in terms if t.status == "approved"]
    forbidden = [t for t in terms if t.status == FORBIDDEN]
    assert ("麻醉药品委员会",) in [t.zh for t in approved]
    assert [(t.en, t.use) for t in forbidden] == [(("Narcotics Commission",), ("Commission on Narcotic Drugs",))]


def test_terms_from_a_glossary_database_are_its_approved_entries(tmp_path):
    db = tmp_path / "glossary.sqlite"
    with Store.open(db, create=True) as store, store.conn:
        store.add_entries([Entry("麻醉药品委员会", "Commission on Narcotic Drugs", "body", status="approved"),
                           Entry("委员会", "Committee", "body", status="candidate")], origin="import")
    assert [(t.zh, t.en, t.source) for t in load_terms(db)] == [
        (("麻醉药品委员会",), ("Commission on Narcotic Drugs",), "glossary.sqlite")]


def _wrong_term_alignment() -> Alignment:
    """The seed-style test document with one deliberate wrong term: the English of p12 calls the
    Commission on Narcotic Drugs "the Narcotics Commission"."""
    alignment = unodc_alignment()
    beads = [replace(b, en_text=b.en_text.replace("Commission on Narcotic Drugs", "Narcotics Commission"))
             if b.id in ("a5", "a5.1") else b for b in alignment.beads]
    return Alignment(alignment.header, beads)


@pytest.mark.parametrize("kind", ["tbx", "sqlite"])
def test_bitext_check_with_an_imported_reference_glossary_finds_the_wrong_term(tmp_path, kind):
    alignment = write_alignment(_wrong_term_alignment(), tmp_path / "alignment.jsonl")
    if kind == "tbx":
        glossary = _reference_tbx(tmp_path / "reference.tbx")
    else:
        glossary = tmp_path / "glossary.sqlite"
        with Store.open(glossary, create=True) as store, store.conn:
            store.add_entries([Entry("麻醉药品委员会", "Commission on Narcotic Drugs", "body", status="approved")],
                              origin="import")
    result = runner.invoke(app, ["check", str(alignment), "--glossary", str(glossary), "--json", "--no-docs"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    terms = {b["id"]: b for b in data["flagged_beads"] if any(f["code"] == "term" for f in b["flags"])}
    assert "a5.1" in terms and terms["a5.1"]["paragraph"] == "p12"
    reason = next(f["reason"] for f in terms["a5.1"]["flags"] if f["code"] == "term")
    assert "麻醉药品委员会" in reason and "“Commission on Narcotic Drugs”" in reason
    # the clean document: no term finding there (a11.1, the clause whose Chinese lacks most of the
    # English, lacks UNODC too; the TBX knows UNODC and says so)
    clean = write_alignment(unodc_alignment(), tmp_path / "clean.jsonl")
    again = json.loads(runner.invoke(app, ["check", str(clean), "--glossary", str(glossary), "--json", "--no-docs"]).output)
    clean_terms = {b["id"] for b in again["flagged_beads"] if any(f["code"] == "term" for f in b["flags"])}
    assert "a5.1" not in clean_terms and set(terms) - clean_terms == {"a5.1"}


def test_term_flags_in_check_alignment_are_on_the_sentence_that_holds_them():
    checked = check_alignment(_wrong_term_alignment(), terms=[CND])
    flagged = [b.id for b in checked.beads if "term" in b.flag_codes()]
    assert flagged == ["a5.1"]  # the sentence: the unit a translator reads and a memory holds


@pytest.mark.parametrize("content, message", [
    ("zh,en\n大会,General Assembly\n", "not a glossary"),
    ("<martif><text><body></body></text></martif>", "no terminological entries"),
])
def test_a_file_that_is_no_glossary_is_one_line_and_exit_2(tmp_path, content, message):
    alignment = write_alignment(unodc_alignment(), tmp_path / "alignment.jsonl")
    bad = tmp_path / ("terms.csv" if content.startswith("zh") else "terms.tbx")
    bad.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", str(alignment), "--glossary", str(bad)])
    assert result.exit_code == 2
    assert message in result.output and str(bad) in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_glossary_with_nothing_approved_is_refused(tmp_path):
    db = tmp_path / "glossary.sqlite"
    with Store.open(db, create=True) as store, store.conn:
        store.add_entries([Entry("委员会", "Committee", "body")])
    alignment = write_alignment(unodc_alignment(), tmp_path / "alignment.jsonl")
    result = runner.invoke(app, ["check", str(alignment), "--glossary", str(db)])
    assert result.exit_code == 2 and "no approved entries" in result.output
