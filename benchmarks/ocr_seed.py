"""OCR on scanned UN reports. Two documents, each written as its Word original, printed to PDF by
LibreOffice, rasterised at 300 dpi into a PDF of page images (no text layer), then read with `--ocr`
(Tesseract chi_sim, pages in parallel on all cores):

* the seed (seeds/E_CN.7_2012_2.zh.txt), the document the OCR settings were chosen on;
* a check that they generalise: a report of 40 numbered paragraphs, 24 items and 8 footnotes made of
  sentences of the UN Parallel Corpus devset (corpora/unpc_devset, lines 200 on of its prose), text
  never looked at while choosing the settings.

For each: what the structure found (paragraphs, items, footnotes, against the text version), the
character accuracy of the body text against the text version (1 - errors / characters, errors counted
from difflib's opcodes, whitespace ignored: an upper bound on the edit distance), and pages per minute
(median of three runs; the machine is shared, so say how busy it was).
Also: the seed PDF with its ToUnicode maps removed (pikepdf) is refused without --ocr and read with it.

Usage: python benchmarks/ocr_seed.py [--keep DIR]   (needs LibreOffice, Tesseract, poppler-utils)
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from align.documents.segment import segment_file  # noqa: E402
from align.errors import InputError  # noqa: E402

SEED = ROOT / "seeds" / "E_CN.7_2012_2.zh.txt"
DEVSET = ROOT / "corpora" / "unpc_devset" / "UNv1.0.devset.zh"
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def devset_report(path: Path) -> Path:
    """A report in the seed's text format (一. chapters, A. sections, numbered paragraphs, (a) items,
    footnotes) made of devset sentences: four chapters of two sections of five paragraphs."""
    lines = DEVSET.read_text(encoding="utf-8").splitlines()
    numbered = re.compile(r"^[\d（(一二三四五六七八九十A-Z]")
    prose = iter([s for s in lines if 30 <= len(s) <= 120 and s.endswith("。") and not numbered.match(s)][200:])
    notes = iter([s for s in lines if 12 <= len(s) <= 40 and s.endswith("。") and not numbered.match(s)][100:])
    out = ["联合国统一语料库选段", "", "测试报告", ""]
    para = note = 0
    for chapter in "一二三四":
        out += [f"{chapter}. {next(prose)[:14].rstrip('，、。；')}", ""]
        for section in "AB":
            out += [f"{section}. {next(prose)[:16].rstrip('，、。；')}", ""]
            for k in range(5):
                para += 1
                first, second = next(prose), next(prose)
                if para % 5 == 2:
                    note += 1
                    marker = str(note).translate(_SUP)
                    out += [f"{para}. {first[:-1]}{marker}。{second}", "", f"{marker} {next(notes)}", ""]
                else:
                    out += [f"{para}. {first}{second}", ""]
                if k == 2:
                    out += [line for label in "abc" for line in (f"({label}) {next(prose)[:-1]}；", "")]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def as_pdf(text: Path, folder: Path, header: str, footer: str, first_heading: str = "一. 导言和战略方向") -> Path:
    """The text as its Word original (masthead and contents typed before `first_heading`), printed."""
    from docx_build import seed_as_word

    docx_path = folder / f"{text.stem}.docx"
    seed_as_word(text, segment_file(text), docx_path, header, footer, first_heading)
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(docx_path)], capture_output=True, check=True, timeout=600)
    return folder / f"{text.stem}.pdf"


def seed_pdf(folder: Path) -> Path:
    return as_pdf(SEED, folder, "E/CN.7/2012/2", "V.12-50567 (C)")


def image_pdf(pdf: Path, out: Path) -> Path:
    """The PDF as page images at 300 dpi, no text layer: what a scanner makes."""
    from PIL import Image

    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(out.parent / "page")], check=True)
    images = [Image.open(p) for p in sorted(out.parent.glob("page-*.png"))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=300)
    return out


def strip_tounicode(pdf: Path, out: Path) -> Path:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
        doc.save(out)
    return out


def accuracy(truth: str, ocr: str) -> float:
    a, b = "".join(truth.split()), "".join(ocr.split())
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    errors = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
    return 1 - errors / len(a)


def pages_of(pdf: Path) -> int:
    return int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout.split("Pages:")[1]
               .split()[0])


def measure(text: Path, scan: Path, runs: int = 3) -> dict:
    """What OCR finds in the scan against the text; its time is the median of `runs` runs."""
    truth = segment_file(text)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = segment_file(scan, "zh", ocr="on")
        times.append(time.perf_counter() - t0)
    seconds = sorted(times)[len(times) // 2]
    found = {b.id for b in doc.paragraphs() if b.number}
    items = {b.id for b in doc.blocks if b.kind == "item"}
    return {
        "paragraphs": (len(found & {b.id for b in truth.paragraphs()}), len(truth.paragraphs())),
        "items": (len(items & {b.id for b in truth.blocks if b.kind == "item"}),
                  sum(b.kind == "item" for b in truth.blocks)),
        "footnotes": (sum(doc.footnotes.get(n) is not None for n in truth.footnotes), len(truth.footnotes)),
        "accuracy": accuracy("".join(b.text for b in truth.blocks), "".join(b.text for b in doc.blocks)),
        "ocr blocks": f"{sum(b.ocr for b in doc.blocks)} of {len(doc.blocks)}",
        "pages": pages_of(scan), "seconds": seconds, "range": (min(times), max(times)),
        "body": "".join(b.text for b in truth.blocks),
    }


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        pdf = seed_pdf(folder)
        seed = measure(SEED, image_pdf(pdf, folder / "seed" / "scan.pdf"))
        report = devset_report(folder / "devset_report.zh.txt")
        first = next(line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("一. "))
        devset = measure(report, image_pdf(as_pdf(report, folder, "A/TEST/2025/1", "V.25-00001 (C)", first),
                                           folder / "devset" / "scan.pdf"))
        stripped = strip_tounicode(pdf, folder / "stripped.pdf")
        try:
            segment_file(stripped, "zh")
            refused = "not refused"
        except InputError as e:
            refused = str(e).split(": ", 1)[1]
        t1 = time.perf_counter()
        readable = segment_file(stripped, "zh", ocr="auto")
        stripped_seconds = time.perf_counter() - t1
    table = Table(title=f"OCR of UN reports printed to PDF and rasterised at 300 dpi ({os.cpu_count()} cores); "
                        "found / in the text")
    table.add_column("what")
    table.add_column(f"seed E/CN.7/2012/2 ({seed['pages']} pages)")
    table.add_column(f"devset report ({devset['pages']} pages)")
    for key in ("paragraphs", "items", "footnotes"):
        table.add_row(f"numbered {key}" if key == "paragraphs" else key,
                      *(f"{d[key][0]} / {d[key][1]}" for d in (seed, devset)))
    table.add_row("character accuracy (body)", *(f"{d['accuracy']:.4f}" for d in (seed, devset)))
    table.add_row("blocks marked ocr", *(d["ocr blocks"] for d in (seed, devset)))
    table.add_row("seconds (median of 3, range) / pages per minute",
                  *(f"{d['seconds']:.0f} s ({d['range'][0]:.0f}–{d['range'][1]:.0f}) / "
                    f"{d['pages'] / d['seconds'] * 60:.1f}" for d in (seed, devset)))
    table.add_row("ToUnicode maps removed, without --ocr", refused, "-")
    table.add_row("the same with --ocr-auto", f"{len(readable.paragraphs())} paragraphs, character accuracy "
                  f"{accuracy(seed['body'], ''.join(b.text for b in readable.blocks)):.4f}, "
                  f"{stripped_seconds:.0f} s", "-")
    Console(width=170).print(table)


if __name__ == "__main__":
    main()
