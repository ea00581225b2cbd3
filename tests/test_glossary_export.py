"""TBX, CSV and OmegaT TSV: written from a real glossary, read back (by us, lxml, translate-toolkit
and OmegaT itself where installed)."""

import shutil
import subprocess
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from align.cli.app import app
from glossary import export
from glossary.model import Context, Entry

FIX = Path(__file__).parent / "fixtures" / "glossary"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
runner = CliRunner()

ENTRIES = [
    Entry("联合国开发计划署", "United Nations Development Programme", kind="programme", zh_variants=["开发署"],
          en_variants=["UNDP"], frequency=19, score=4.01, status="approved", note="UNDP after first mention",
          contexts=[Context("A/70/1", "p12", "开发署支持会员国。", "UNDP supports Member States.")], id=7),
    Entry("安全理事会", "Security Council", kind="body", zh_variants=["安理会"], frequency=204, score=6.64, id=1,
          contexts=[Context("UNPC devset", "l3212", "这要求安全理事会采取步骤：",
                            "This requires that the Security Council take steps to:")]),
    Entry("麻醉药品委员会", "Commission on Narcotic Drugs", kind="body", status="rejected", note='tab\there; "q"',
          id=3),
]


def same_terms(a, b):
    return [(e.zh, e.en, e.zh_variants, e.en_variants) for e in a] == [(e.zh, e.en, e.zh_variants, e.en_variants)
                                                                       for e in b]


def test_tbx_round_trip(tmp_path):
    path = export.write_tbx(ENTRIES, tmp_path / "g.tbx")
    back = export.read_tbx(path)
    assert same_terms(ENTRIES, back)
    assert [(e.kind, e.status, e.note) for e in back] == [(e.kind, e.status, e.note) for e in ENTRIES]
    assert back[0].contexts == ENTRIES[0].contexts
    root = etree.parse(str(path)).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entry = root.find("text/body/termEntry")
    assert entry.findtext("descrip[@type='subjectField']") == "United Nations programmes and funds"
    terms = [t.text for t in entry.iter("term")]
    assert terms == ["联合国开发计划署", "开发署", "United Nations Development Programme", "UNDP"]
    assert entry.find("langSet[2]/tig[2]/termNote[@type='termType']").text == "acronym"
    assert entry.find("langSet/tig/admin[@type='source']").text == "A/70/1 p12"


def test_tbx_reads_with_translate_toolkit(tmp_path):
    from translate.storage import tbx  # translate-toolkit, in the `dev` extra

    path = export.write_tbx(ENTRIES, tmp_path / "g.tbx")
    units = tbx.tbxfile.parsefile(str(path)).units
    assert [(u.source, u.target) for u in units] == [(e.zh, e.en) for e in ENTRIES]


def test_csv_round_trip(tmp_path):
    path = export.write_csv(ENTRIES, tmp_path / "g.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheets read UTF-8
    back = export.read_csv(path)
    assert same_terms(ENTRIES, back)
    assert [(e.id, e.kind, e.frequency, e.score, e.status, e.note) for e in back] == [
        (e.id, e.kind, e.frequency, e.score, e.status, e.note) for e in ENTRIES]
    assert [(c.document, c.paragraph) for c in back[0].contexts] == [("A/70/1", "p12")]


def test_tsv_round_trip_both_directions(tmp_path):
    for source in ("en", "zh"):
        path = export.write_tsv(ENTRIES, tmp_path / f"g.{source}.txt", source=source)
        lines = path.read_text(encoding="utf-8").splitlines()
        assert all(len(line.split("\t")) == 3 for line in lines)
        back = export.read_tsv(path)
        assert same_terms(ENTRIES, back)
        assert [e.kind for e in back] == [e.kind for e in ENTRIES]
        assert back[2].note == 'tab here; "q"'  # tabs cannot survive a TSV cell
    first = (tmp_path / "g.en.txt").read_text(encoding="utf-8").splitlines()[:2]
    assert first == ["United Nations Development Programme\t联合国开发计划署\tprogramme; also 开发署; note: UNDP after "
                     "first mention", "UNDP\t联合国开发计划署\tvariant of United Nations Development Programme"]


def test_omegat_reads_the_tsv_glossary(tmp_path):
    assert OMEGAT_JAR.exists() and shutil.which("java"), "OmegaT (Debian package omegat, installed by .ci/run)"
    path = export.write_tsv(ENTRIES, tmp_path / "glossary.txt")
    run = subprocess.run(["java", "-cp", str(OMEGAT_JAR), str(FIX / "ReadOmegatGlossary.java"), str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = [line.split("\t") for line in run.stdout.splitlines()]
    assert ["Security Council", "安全理事会", "body; also 安理会"] in seen
    assert ["UNDP", "联合国开发计划署", "variant of United Nations Development Programme"] in seen
    assert len(seen) == len(path.read_text(encoding="utf-8").splitlines())


def test_export_cli_from_a_built_glossary(tmp_path):
    db = tmp_path / "g.sqlite"
    runner.invoke(app, ["glossary", "build", str(FIX / "part1.alignment.jsonl"), "--db", str(db), "--no-embeddings",
                        "-q"])
    runner.invoke(app, ["glossary", "reject", "大会", "--db", str(db)])
    for fmt in ("tbx", "csv", "tsv"):
        out = tmp_path / f"g.{fmt}"
        result = runner.invoke(app, ["glossary", "export", "--format", fmt, "-o", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        back = export.read(out)
        assert "Security Council" in [e.en for e in back]
        assert "大会" not in [e.zh for e in back]  # rejected entries stay out unless asked for
    again = runner.invoke(app, ["glossary", "export", "--format", "csv", "-o", str(tmp_path / "g.csv"),
                                "--db", str(db)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    forced = runner.invoke(app, ["glossary", "export", "--format", "csv", "-o", str(tmp_path / "g.csv"), "--db",
                                 str(db), "--force", "--include-rejected"])
    assert forced.exit_code == 0 and "大会" in [e.zh for e in export.read(tmp_path / "g.csv")]


def test_tbx_basic_status_follows_the_entry(tmp_path):
    """approved: preferredTerm; rejected: deprecatedTerm; a candidate no administrativeStatus unless
    candidates are exported as such; deprecated variants of a reference marked deprecatedTerm; note,
    source, kind and context as TBX-Basic fields."""
    entries = [Entry("会员国", "Member State", kind="concept", status="approved", source="UNTERM",
                     deprecated=["member country"], note="In the plural: Member States",
                     contexts=[Context("A/70/1", "p3", "会员国承诺。", "Member States commit.")]),
               Entry("开发署", "UNDP", kind="acronym")]
    root = etree.fromstring(export.tbx_bytes(entries))
    first, second = root.findall("text/body/termEntry")
    assert first.findtext("descrip[@type='subjectField']") == "United Nations concepts"
    assert first.findtext("admin[@type='source']") == "UNTERM" and first.findtext("note").startswith("In the plural")
    assert first.find("langSet[2]/tig/termNote[@type='administrativeStatus']").text == "preferredTerm-admn-sts"
    deprecated = [t for t in first.iter("tig") if t.findtext("term") == "member country"]
    assert deprecated[0].findtext("termNote[@type='administrativeStatus']") == "deprecatedTerm-admn-sts"
    assert first.findtext("langSet[2]/tig/descrip[@type='context']") == "Member States commit."
    assert second.find(".//termNote[@type='administrativeStatus']") is None  # an unreviewed candidate
    assert second.findtext("descrip[@type='subjectField']") == "Acronyms and short forms"
    asked = etree.fromstring(export.tbx_bytes(entries, candidates=True))
    assert asked.find("text/body/termEntry[2]//termNote[@type='administrativeStatus']").text == \
        "admittedTerm-admn-sts"


def test_export_says_what_it_holds(tmp_path):
    db = tmp_path / "g.sqlite"
    runner.invoke(app, ["glossary", "build", str(FIX / "part1.alignment.jsonl"), "--db", str(db), "--no-embeddings",
                        "-q"])
    runner.invoke(app, ["glossary", "approve", "安全理事会", "--db", str(db)])
    default = runner.invoke(app, ["glossary", "export", "-f", "tbx", "-o", str(tmp_path / "a.tbx"), "--db", str(db)])
    assert "(approved and imported entries and candidates scoring at least 1.5)" in default.stdout
    every = runner.invoke(app, ["glossary", "export", "-f", "tbx", "-o", str(tmp_path / "b.tbx"), "--db", str(db),
                                "--min-score", "0"])
    assert int(every.stdout.split()[0]) > int(default.stdout.split()[0])
    cands = runner.invoke(app, ["glossary", "export", "-f", "tbx", "-o", str(tmp_path / "c.tbx"), "--db", str(db),
                                "--status", "candidate"])
    assert "(candidate entries)" in cands.stdout
    statuses = {t.text for t in etree.parse(str(tmp_path / "c.tbx")).iter("termNote")
                if t.get("type") == "administrativeStatus"}
    assert statuses == {"admittedTerm-admn-sts"}
    approved = {e.zh: e.status for e in export.read_tbx(tmp_path / "a.tbx")}
    assert approved["安全理事会"] == "approved"
