"""Which PDF text extractor for UN documents? Measured on the bundled reports (corpora/un_documents).

For each PDF and each extractor: seconds; words split by a spurious space ("enh ances",
"Developm ent": two tokens that are one word of the document or of an English word list);
spaces before punctuation ("demand ,"); and what bitext's segmenter makes of the text: numbered
paragraphs found (of the N the document has) and footnote bodies found. Extractors:

- pdftotext (poppler-utils, GPL; reference only, not usable as a library here),
- pypdf `extract_text()` (BSD),
- pdfminer.six `extract_text()` (MIT) with its default layout analysis,
- bitext's reader (pdfminer.six glyphs + page layout: align/documents/pdf_reader.py).

Usage: python benchmarks/pdf_extractors.py   (about two minutes on 2 cores)
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

DOCS = ROOT / "corpora" / "un_documents"


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\f".join(page.extract_text() for page in PdfReader(path).pages)


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


EXTRACTORS = {"pdftotext": pdftotext, "pypdf": pypdf_text, "pdfminer.six": pdfminer_text}
_TOKEN = re.compile(r"[A-Za-zÀ-ÿА-яЁё]+")


def split_words(text: str, words: set[str]) -> int:
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    return sum(1 for a, b in zip(tokens, tokens[1:])
               if a + b in words and (a not in words or b not in words) and len(a + b) > 5)


def structure(doc, n: int) -> tuple[int, int]:
    numbers = [int(b.number) for b in doc.paragraphs() if b.part == "body" and b.id.startswith("p")]
    found = len(set(numbers) & set(range(1, n + 1)))
    return found, len(doc.footnotes)


def main() -> None:
    from align.cedict import english_words
    from align.documents.segment import segment_file, segment_text
    from align.errors import InputError

    english = set(english_words())
    table = Table("document", "extractor", "seconds", "split words", "space before , .", "paragraphs found",
                  "footnotes found", box=None, header_style="bold")
    totals: dict[str, list[float]] = {}
    for pdf in sorted(DOCS.glob("*/*.pdf")):
        n = int(re.search(r"numbered paragraphs 1–(\d+)", (pdf.parent / "PROVENANCE.md").read_text()).group(1))
        t = time.perf_counter()
        reference = segment_file(pdf)
        bitext_seconds = time.perf_counter() - t
        words = english | {w.lower() for b in reference.blocks for w in _TOKEN.findall(b.text)}
        rows = []
        for name, extract in EXTRACTORS.items():
            t = time.perf_counter()
            text = extract(pdf)
            seconds = time.perf_counter() - t
            try:
                found = structure(segment_text(text, reference.lang, str(pdf)), n)
            except InputError:
                found = (0, 0)
            rows.append((name, seconds, split_words(text, words), len(re.findall(r"\w [,.;:](?:\s|$)", text)), found))
        text = "\n".join([b.text for b in reference.blocks] + list(reference.footnotes.values()))
        rows.append(("bitext (pdfminer.six + layout)", bitext_seconds, split_words(text, words),
                     len(re.findall(r"\w [,.;:](?:\s|$)", text)), structure(reference, n)))
        for name, seconds, split, before, (paras, notes) in rows:
            table.add_row(pdf.name if name == "pdftotext" else "", name, f"{seconds:.2f}", str(split), str(before),
                          f"{paras}/{n}", str(notes))
            total = totals.setdefault(name, [0, 0, 0, 0, 0])
            for k, v in enumerate((seconds, split, before, paras, n)):
                total[k] += v
        table.add_section()
    for name, (seconds, split, before, paras, n) in totals.items():
        table.add_row("all 11 files", name, f"{seconds:.1f}", str(split), str(before), f"{paras}/{n}", "")
    Console(width=160).print(table)


if __name__ == "__main__":
    main()
