"""Chinese PDFs of a UN-system documents service: the two ISA regulations (tests/fixtures/isa, with
their provenance). Per document: regulations found as articles with their numbers (zh PDF and English
text), the share of the paragraphs of the independent one-paragraph-per-line reference that come out
whole, footnote text found in body blocks, and, aligned with the English text, the article beads whose
article numbers agree. Usage: python benchmarks/isa_regulations.py"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.aligner.align import align_documents  # noqa: E402
from align.documents.segment import segment_file  # noqa: E402

ISA = ROOT / "tests" / "fixtures" / "isa"
_SUP = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def letters(text: str) -> str:
    return "".join(c for c in text.translate(_SUP) if c.isalnum())


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("document", "regulations zh / en", "paragraphs whole", "footnote text in body",
                  "article beads agreeing", "seconds (read + align)", title="ISA regulations: Chinese PDF + English")
    for name in ("sulphides_2010", "crusts_2012"):
        t0 = time.perf_counter()
        zh = segment_file(ISA / name / "zh.pdf", "zh")
        en = segment_file(ISA / name / "en.txt", "en")
        arts = [[b.number for b in d.blocks if re.fullmatch(r"art\d+", b.id)] for d in (zh, en)]
        ours = {letters(b.text if b.label in (None, b.text) else b.label + b.text) for b in zh.blocks}
        ref = [p for p in (ISA / name / "zh.paragraphs.txt").read_text(encoding="utf-8").splitlines() if p]
        whole = sum(letters(p) in ours for p in ref)
        leaks = sum(any(letters(n)[:12] in letters(b.text) for b in zh.blocks) for n in zh.footnotes.values())
        alignment = align_documents(zh, en)
        beads = agree = 0
        for b in alignment.paragraph_beads():
            za = [i for i in b.zh if re.fullmatch(r"art\d+", i)]
            ea = [i for i in b.en if re.fullmatch(r"art\d+", i)]
            if b.zh and b.en and (za or ea):
                beads += 1
                agree += za == ea
        table.add_row(name, f"{len(arts[0])} / {len(arts[1])} (1..{max(map(int, arts[0]))})",
                      f"{whole} of {len(ref)} ({whole / len(ref):.4f})", f"{leaks} of {len(zh.footnotes)}",
                      f"{agree} of {beads}", f"{time.perf_counter() - t0:.1f}")
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
