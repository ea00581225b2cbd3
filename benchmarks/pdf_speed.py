"""How long `bitext segment` takes on a PDF: each bundled UN report read and segmented in a fresh
process (imports and word lists included, as a user's first command pays them).

Target: a 30-page report in under 5 s on 2 cores (S/2025/194 has 29 pages).
Usage: python benchmarks/pdf_speed.py [PDF ...]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0

_CHILD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from align.documents.segment import segment_file
doc = segment_file(sys.argv[1])
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
from pdfminer.pdfpage import PDFPage
with open(sys.argv[1], "rb") as f:
    pages = sum(1 for _ in PDFPage.get_pages(f))
print(json.dumps({"pages": pages, "seconds": seconds, "cpu": cpu, "paragraphs": len(doc.paragraphs()),
                  "footnotes": len(doc.footnotes), "lang": doc.lang}))
"""


def measure(pdf: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(pdf)], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(paths: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    pdfs = [Path(p) for p in paths] or sorted((ROOT / "corpora" / "un_documents").glob("*/*.pdf"))
    table = Table("document", "lang", "pages", "seconds", "cpu s", "s/page", "paragraphs", "footnotes",
                  box=None, header_style="bold")
    worst = 0.0
    for pdf in pdfs:
        r = measure(pdf)
        table.add_row(pdf.name, r["lang"], str(r["pages"]), f"{r['seconds']:.2f}", f"{r['cpu']:.2f}",
                      f"{r['seconds'] / r['pages']:.2f}", str(r["paragraphs"]), str(r["footnotes"]))
        if r["pages"] >= 25:
            worst = max(worst, r["seconds"])
    console = Console(width=120)
    console.print(table)
    if worst:
        verdict = "within" if worst < TARGET_SECONDS else "OVER"
        console.print(f"longest report of 25+ pages: {worst:.2f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")


if __name__ == "__main__":
    main(sys.argv[1:])
