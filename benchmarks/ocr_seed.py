"""OCR on a scanned UN report: the seed (seeds/E_CN.7_2012_2.zh.txt) written as its Word original,
printed to PDF by LibreOffice, rasterised at 300 dpi into a PDF of page images (no text layer), then
read with `--ocr` (Tesseract chi_sim+eng, pages in parallel on all cores). Prints what the structure
found (paragraphs, items, footnotes, against 101 / 24 / 11 in the text), the character accuracy of the
body text against the text version (1 - errors / characters, errors counted from difflib's opcodes,
whitespace ignored: an upper bound on the edit distance), and pages per minute. Also: the same PDF with
its ToUnicode maps removed (pikepdf) is refused without --ocr and read with it.

Usage: python benchmarks/ocr_seed.py [--keep DIR]   (needs LibreOffice, Tesseract, poppler-utils)
"""

from __future__ import annotations

import difflib
import os
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


def seed_pdf(folder: Path) -> Path:
    from docx_build import seed_as_word

    docx_path = folder / "E_CN.7_2012_2.zh.docx"
    seed_as_word(SEED, segment_file(SEED), docx_path)
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(docx_path)], capture_output=True, check=True, timeout=600)
    return folder / "E_CN.7_2012_2.zh.pdf"


def image_pdf(pdf: Path, out: Path) -> Path:
    """The PDF as page images at 300 dpi, no text layer: what a scanner makes."""
    from PIL import Image

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


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        pdf = seed_pdf(folder)
        scan = image_pdf(pdf, folder / "scan.pdf")
        truth = segment_file(SEED)
        pages = int(subprocess.run(["pdfinfo", str(scan)], capture_output=True, text=True).stdout.split("Pages:")[1]
                    .split()[0])
        t0 = time.perf_counter()
        doc = segment_file(scan, "zh", ocr="on")
        seconds = time.perf_counter() - t0
        stripped = strip_tounicode(pdf, folder / "stripped.pdf")
        try:
            segment_file(stripped, "zh")
            refused = "not refused"
        except InputError as e:
            refused = str(e).split(": ", 1)[1]
        t1 = time.perf_counter()
        readable = segment_file(stripped, "zh", ocr="auto")
        stripped_seconds = time.perf_counter() - t1
        table = Table(title=f"OCR of the seed report printed to PDF and rasterised at 300 dpi ({pages} pages, "
                            f"{os.cpu_count()} cores)")
        table.add_column("what")
        table.add_column("found")
        table.add_column("in the text")
        table.add_row("numbered paragraphs", str(len([b for b in doc.paragraphs() if b.number])),
                      str(len(truth.paragraphs())))
        table.add_row("items", str(sum(b.kind == "item" for b in doc.blocks)),
                      str(sum(b.kind == "item" for b in truth.blocks)))
        table.add_row("footnotes", str(len(doc.footnotes)), str(len(truth.footnotes)))
        table.add_row("paragraph ids found", str(len({b.id for b in doc.paragraphs()} & {b.id for b in
                                                      truth.paragraphs()})), "101")
        body = "".join(b.text for b in truth.blocks)
        table.add_row("character accuracy (body)", f"{accuracy(body, ''.join(b.text for b in doc.blocks)):.4f}", "1")
        table.add_row("blocks marked ocr", f"{sum(b.ocr for b in doc.blocks)} of {len(doc.blocks)}", "-")
        table.add_row("seconds / pages per minute", f"{seconds:.0f} s / {pages / seconds * 60:.1f}", "-")
        table.add_row("ToUnicode maps removed, without --ocr", refused, "-")
        table.add_row("the same with --ocr-auto", f"{len(readable.paragraphs())} paragraphs, character accuracy "
                      f"{accuracy(body, ''.join(b.text for b in readable.blocks)):.4f}, {stripped_seconds:.0f} s", "-")
        Console(width=160).print(table)


if __name__ == "__main__":
    main()
