"""Bad input: one line on stderr naming the file and the problem, exit 2, no traceback."""

import codecs

import pytest
from conftest import CORPORA, SEED
from typer.testing import CliRunner

from align.cli.app import app

runner = CliRunner()


def segment(path, *extra):
    return runner.invoke(app, ["segment", str(path), *extra])


def assert_one_line_error(result, path, words):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert words in lines[0]
    assert "Traceback" not in result.output


def test_missing_file(tmp_path):
    p = tmp_path / "nope.txt"
    assert_one_line_error(segment(p), p, "no such file")


def test_directory(tmp_path):
    assert_one_line_error(segment(tmp_path), tmp_path, "is a directory")


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert_one_line_error(segment(p), p, "empty")


def test_whitespace_only_file(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text("\n \n\t\n")
    assert_one_line_error(segment(p), p, "no text")


def test_binary_file(tmp_path):
    p = tmp_path / "data.txt"
    p.write_bytes(bytes(range(256)) * 10)
    assert_one_line_error(segment(p), p, "binary")


def test_unknown_encoding_refused(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Résumé du rapport: l'équipe a présenté ça.\n".encode("latin-1") * 20)
    assert_one_line_error(segment(p), p, "not UTF-8")


def test_docx_that_is_not_a_zip(tmp_path):
    p = tmp_path / "report.docx"
    p.write_text("this is not a Word file")
    assert_one_line_error(segment(p), p, "not a valid .docx")


def test_wrong_language_refused(tmp_path):
    assert_one_line_error(segment(SEED, "--lang", "en"), SEED, "looks like Chinese")


def test_unknown_language_option():
    result = segment(SEED, "--lang", "xx")
    assert result.exit_code == 2
    assert "unknown language" in result.stderr


@pytest.mark.parametrize("encoding,name", [("gb18030", "gb18030"), ("utf-16", "utf-16"),
                                           ("utf-8-sig", "utf-8-sig")])
def test_other_encodings_read_and_reported(tmp_path, encoding, name, seed_doc):
    from align.documents.segment import segment_file

    p = tmp_path / f"seed.{name}.txt"
    text = SEED.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    p.write_bytes(data)
    doc = segment_file(p)
    assert doc.meta["encoding"] == name
    assert [b.text for b in doc.blocks] == [b.text for b in seed_doc.blocks]


def test_utf16_without_byte_order_mark_is_read(tmp_path):
    """Excel's "Unicode Text" and some Windows tools write UTF-16 with no byte-order mark."""
    for codec in ("utf-16-le", "utf-16-be"):
        p = tmp_path / f"seed.{codec}.txt"
        p.write_bytes(SEED.read_text(encoding="utf-8").encode(codec))
        result = segment(p)
        assert result.exit_code == 0, result.output
        assert "101 paragraphs" in result.output


def test_output_blocked_by_a_file_is_one_line(tmp_path):
    """File-system refusals (a file where a folder must go, read-only, disk full) are exit 2, not a traceback."""
    blocker = tmp_path / "afile"
    blocker.write_text("mine")
    result = runner.invoke(app, ["align", str(SEED), str(SEED), "-o", str(blocker / "out"), "--quiet"])
    # the seed is Chinese on both sides: the language check speaks first
    assert_one_line_error(result, SEED, "looks like Chinese")
    pair = CORPORA / "udhr"
    result = runner.invoke(app, ["align", str(pair / "zh.txt"), str(pair / "en.txt"), "-o", str(blocker / "out"),
                                 "--quiet"])
    assert_one_line_error(result, blocker, "a folder is needed here")
    assert blocker.read_text() == "mine"


def test_french_original_refused_as_english():
    french = CORPORA / "un_documents" / "A_HRC_WG.6_7_ITA_1" / "ohchr_2_fr.pdf"
    assert_one_line_error(segment(french, "--lang", "en"), french, "looks like French, not English")


@pytest.mark.parametrize("zh_lines, en_lines, bad, words", [
    ("秘书长提交了报告。\n", "\ufeff", "en", "has no sentences"),
    ("秘书长提交了报告。\n", "The report.\n\nIt was adopted.\n", "en", "line 2 is empty"),
    ("The report was submitted.\n", "秘书长提交了报告。\n", "zh", "looks like English, not Chinese"),
])
def test_presplit_inputs_checked(tmp_path, zh_lines, en_lines, bad, words):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(zh_lines, encoding="utf-8")
    en.write_text(en_lines, encoding="utf-8")
    result = runner.invoke(app, ["align", "--presplit", str(zh), str(en)])
    assert_one_line_error(result, zh if bad == "zh" else en, words)


def test_run_with_a_missing_folder(tmp_path):
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["run", "-o", str(tmp_path / "out"), "--seeds", str(missing), "--quiet"])
    assert_one_line_error(result, missing, "seeds folder not found")


def test_unsupported_formats_named_as_such(tmp_path):
    """An OpenDocument file is a ZIP like a .docx: say the format is not supported, not that the .docx is bad."""
    import zipfile

    odt = tmp_path / "report.odt"
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    assert_one_line_error(segment(odt), odt, "OpenDocument text (.odt) files are not supported; give .txt")
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert_one_line_error(segment(doc), doc, "Word 97-2003 (.doc) files are not supported")


def test_swapped_files_named_by_their_place_not_by_an_option(tmp_path):
    """`align` has no --lang: the message names the side the file was given as."""
    pair = CORPORA / "udhr"
    result = runner.invoke(app, ["align", str(pair / "en.txt"), str(pair / "zh.txt"), "-o", str(tmp_path / "o"), "-q"])
    assert_one_line_error(result, pair / "en.txt", "given as the Chinese document (the first file)")
    assert "--lang" not in result.stderr


def test_file_without_letters_is_said_to_have_no_text(tmp_path):
    """Only punctuation (or only numbers) is no document, not a document in another language."""
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("。，！？…\n——\n", encoding="utf-8")
    en.write_text("The meeting was opened.\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(zh), str(en), "-o", str(tmp_path / "o"), "-q"])
    assert_one_line_error(result, zh, "no Chinese text in it: no letters at all")
    assert "swapped" not in result.stderr
    assert not (tmp_path / "o").exists()
