"""Word input: the seed written as a .docx segments like the text version."""

import docx
from conftest import SEED

from align.segment import segment_file


def test_seed_as_docx_same_structure(tmp_path, seed_doc):
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    path = tmp_path / "E_CN.7_2012_2.zh.docx"
    document.save(path)
    doc = segment_file(path)
    assert doc.meta["format"] == "docx"
    assert [b.id for b in doc.blocks] == [b.id for b in seed_doc.blocks]
    assert [b.text for b in doc.blocks] == [b.text for b in seed_doc.blocks]
    assert doc.footnotes == seed_doc.footnotes
