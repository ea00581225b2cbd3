"""A small archive of UN documents as a translation service keeps them, for the `bitext batch` tests:
named the ways the document services name files, in text, Word and PDF, with the faults an archive
has (a damaged PDF, a document without its English original, two documents that do not match).

Synthetic UN documents are cut from the UNPC devset by the benchmark's own builder
(benchmarks/unpc_synthetic.py); Word files are written with tests/docx_build.py and printed to PDF
by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import CORPORA, ROOT
from docx_build import UNDocx

from benchmarks.unpc_synthetic import make_documents

ZH_MASTHEAD = ("联合国\nE/CN.7/2015/9\n经济及社会理事会\nDistr.: General\n2 March 2015\nChinese\nOriginal: English\n\n"
               "麻醉药品委员会\n第五十八届会议\n\n世界毒品问题\n\n秘书长的报告\n\n")
EN_MASTHEAD = ("United Nations\nE/CN.7/2015/9\nEconomic and Social Council\nDistr.: General\n2 March 2015\n\n"
               "Original: English\n\nCommission on Narcotic Drugs\nFifty-eighth session\n\nWorld drug problem\n\n"
               "Report of the Secretary-General\n\n")

# name -> what the batch must report for it
EXPECTED = {
    "udhr": "done",  # corpora layout: udhr/zh.txt + udhr/en.txt
    "Declaration": "done",  # folder per language: zh/Declaration.docx + en/Declaration.docx
    "A_70_101": "done",  # A_70_101-ZH.txt / -EN.txt
    "A_70_102": "done",  # A_70_102_C.docx / _E.docx
    "E_2015_103": "done",  # E_2015_103-ZH.pdf / -EN.pdf
    "E_CN.7_2015_9": "done",  # N1529189.txt / N1529190.txt: symbol from the masthead
    "A_70_105": "done",  # listed in pairs.tsv under other names
    "S_2015_106": "failed",  # the Chinese PDF is damaged
    "A_70_108": "failed",  # UDHR Chinese against the Charter's English: unrelated
}
UNPAIRED = "A_70_107-ZH.txt"


def word_file(text: str, path: Path, lang: str) -> Path:
    word = UNDocx(east_asia_font="Noto Sans CJK SC" if lang == "zh" else None)
    for para in text.split("\n\n" if "\n\n" in text else "\n"):
        if para.strip():
            word.text(para.strip())
    word.save(path)
    return path


def to_pdf(files: list[Path], folder: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise RuntimeError("LibreOffice is needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    profile = folder.parent / f".{folder.name}-office"
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, files)], capture_output=True, text=True, timeout=300)
    for f in files:
        if not f.with_suffix(".pdf").exists():
            raise RuntimeError(result.stdout + result.stderr)
        f.unlink()
    shutil.rmtree(profile, ignore_errors=True)


def build_archive(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    docs = make_documents(6, seed=13, pairs_per_doc=40)
    udhr, charter = CORPORA / "udhr", CORPORA / "un_charter"
    (root / "udhr").mkdir()
    for lang in ("zh", "en"):
        shutil.copy(udhr / f"{lang}.txt", root / "udhr" / f"{lang}.txt")
        (root / lang).mkdir()
        word_file((udhr / f"{lang}.txt").read_text(encoding="utf-8"), root / lang / "Declaration.docx", lang)
    (root / "A_70_101-ZH.txt").write_text(docs[0].zh_text, encoding="utf-8")
    (root / "A_70_101-EN.txt").write_text(docs[0].en_text, encoding="utf-8")
    word_file(docs[1].zh_text, root / "A_70_102_C.docx", "zh")
    word_file(docs[1].en_text, root / "A_70_102_E.docx", "en")
    to_pdf([word_file(docs[2].zh_text, root / "E_2015_103-ZH.docx", "zh"),
            word_file(docs[2].en_text, root / "E_2015_103-EN.docx", "en")], root)
    (root / "N1529189.txt").write_text(ZH_MASTHEAD + docs[3].zh_text, encoding="utf-8")
    (root / "N1529190.txt").write_text(EN_MASTHEAD + docs[3].en_text, encoding="utf-8")
    (root / "listed").mkdir()
    (root / "listed" / "chinese version.txt").write_text(docs[4].zh_text, encoding="utf-8")
    (root / "listed" / "english original.txt").write_text(docs[4].en_text, encoding="utf-8")
    (root / "pairs.tsv").write_text("zh\ten\tname\nlisted/chinese version.txt\tlisted/english original.txt\t"
                                    "A/70/105\n", encoding="utf-8")
    pdf = (ROOT / "corpora" / "un_documents" / "E_2025_8" / "E_2025_8.en.pdf").read_bytes()
    (root / "S_2015_106-ZH.pdf").write_bytes(pdf[: len(pdf) // 3])
    (root / "S_2015_106-EN.txt").write_text(docs[5].en_text, encoding="utf-8")
    (root / UNPAIRED).write_text(docs[5].zh_text, encoding="utf-8")
    shutil.copy(udhr / "zh.txt", root / "A_70_108-ZH.txt")
    shutil.copy(charter / "en.txt", root / "A_70_108-EN.txt")
    return root
