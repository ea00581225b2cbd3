"""`bitext tmx`: write a TMX from an alignment, merge TMX files, import a TMX, validate one.

`bitext tmx ALIGNMENT.jsonl -o FILE` is the everyday form, so the group sends any first argument
that is not one of its subcommands to `write`.
"""

from __future__ import annotations

from pathlib import Path

import click
import typer

from align.cli.common import _Group, new_app, out
from align.errors import InputError
from align.formats.tmx import LEVELS, check_lang_code, merge_tmx, read_tmx, validate_tmx, write_tmx

HELP = """Translation memories (TMX 1.4b) for OmegaT, Trados and memoQ.

\b
  bitext tmx ALIGNMENT.jsonl -o FILE [--level sentence|paragraph|both] [--srclang en-US]
             [--tgtlang zh-CN] [--min-score X] [--exclude-flagged] [--skip-long] [--force]
  bitext tmx merge A.tmx B.tmx ... -o OUT.tmx
  bitext tmx import UN.tmx -o alignment.jsonl
  bitext tmx validate FILE.tmx

\b
Examples:
  bitext tmx out/alignment.jsonl -o charter.tmx
  bitext tmx out/alignment.jsonl -o charter.tmx --level both --min-score 0.5 --exclude-flagged
  bitext tmx merge charter.tmx udhr.tmx -o un.tmx
"""


class _DefaultWriteGroup(_Group):
    """A group whose first argument may be a file: then it means `write FILE ...`."""

    default_command = "write"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


tmx_app = new_app(HELP)
tmx_app.info.cls = _DefaultWriteGroup


def _read_input(path: Path):
    """An alignment.jsonl, or a TMX (read back into beads, to filter or normalise it)."""
    from align.formats.jsonl import read_alignment

    head = b""
    if path.is_file():
        with open(path, "rb") as f:
            head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".tmx" or head.startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return read_tmx(path)
    return read_alignment(path)


@tmx_app.command("write")
def write(
    alignment: Path = typer.Argument(..., help="alignment.jsonl (or a TMX to filter or normalise)."),
    output: Path = typer.Option(..., "-o", "--output", help="The TMX file to write."),
    level: str = typer.Option("sentence", "--level",
                              help="sentence (what CAT tools match), paragraph, or both."),
    srclang: str = typer.Option(None, "--srclang",
                                help="Source language code [default: en-US; English is the original]."),
    tgtlang: str = typer.Option(None, "--tgtlang", help="Target language code [default: zh-CN]."),
    min_score: float | None = typer.Option(None, "--min-score", help="Leave out beads scored below X (0-1)."),
    exclude_flagged: bool = typer.Option(False, "--exclude-flagged", help="Leave out beads with quality flags."),
    skip_long: bool = typer.Option(False, "--skip-long",
                                   help="Leave out units with a segment over 2,000 characters (Trados Cloud "
                                        "drops them)."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Write a TMX 1.4b file from an alignment: one translation unit per bead, English source.

    One-sided beads (1-0, 0-1) are never written as empty segments; the summary counts what was
    left out.

    \b
    Example: bitext tmx out/alignment.jsonl -o charter.tmx --level both --srclang en-GB
    """
    if level not in LEVELS:
        raise InputError(f"unknown --level {level!r}; use sentence, paragraph or both")
    for option, code in (("--srclang", srclang), ("--tgtlang", tgtlang)):
        if code is not None:
            check_lang_code(code, option)
    source = _read_input(alignment)
    try:
        summary = write_tmx(source, output, level=level, srclang=srclang, tgtlang=tgtlang, min_score=min_score,
                            exclude_flagged=exclude_flagged, skip_long=skip_long, force=force)
    except InputError as e:
        if e.path is None and not e.problem.startswith("--"):  # about the alignment, not an option
            raise InputError(e.problem, alignment) from None
        raise
    left_out = summary.not_written()
    levels = "paragraph and sentence levels" if summary.level == "both" else f"{summary.level} level"
    out.print(f"wrote {summary.path}: {summary.written} translation units ({levels}, "
              f"{summary.srclang} → {summary.tgtlang})")
    if left_out:
        out.print("not written: " + "; ".join(f"{n} {why}" for why, n in left_out.items()))
    for warning in summary.warnings():
        click.echo(f"bitext: warning: {warning}", err=True)


@tmx_app.command("merge")
def merge(
    inputs: list[Path] = typer.Argument(..., help="TMX files to merge (TMX 1.1-1.4b)."),
    output: Path = typer.Option(..., "-o", "--output", help="The merged TMX file."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Merge TMX files into one: identical pairs written once, their properties and notes kept.

    \b
    Example: bitext tmx merge charter.tmx udhr.tmx -o un.tmx
    """
    summary = merge_tmx(inputs, output, force=force)
    for path, n in summary.inputs:
        out.print(f"{path}: {n} translation units")
    out.print(f"wrote {summary.path}: {summary.written} translation units, {summary.duplicates} duplicates "
              f"merged ({summary.props_added} properties or notes carried over)")


@tmx_app.command("import")
def import_(
    tmx: Path = typer.Argument(..., help="A TMX file from OmegaT, Trados, memoQ or bitext."),
    output: Path = typer.Option(..., "-o", "--output", help="alignment.jsonl to write."),
    zh: str = typer.Option("zh", "--zh", help="Chinese language code in the TMX (matched by primary subtag)."),
    en: str = typer.Option("en", "--en", help="English language code in the TMX (matched by primary subtag)."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
) -> None:
    """Read a TMX into alignment.jsonl, so an existing UN translation memory can feed the glossary.

    \b
    Example: bitext tmx import un-tm.tmx -o un-tm.alignment.jsonl
    """
    from align.files import check_output
    from align.formats.jsonl import write_alignment

    check_output(output, force)
    alignment = read_tmx(tmx, zh_lang=zh, en_lang=en)
    write_alignment(alignment, output, force=force)
    info = alignment.header["tmx"]
    out.print(f"wrote {output}: {len(alignment.beads)} beads from {info['tus']} translation units")
    for warning in info["warnings"]:
        click.echo(f"bitext: warning: {tmx}: {warning}", err=True)


@tmx_app.command("validate")
def validate(
    tmx: list[Path] = typer.Argument(..., help="TMX files to check."),
) -> None:
    """Check TMX files against the TMX 1.4b DTD; exit code 1 if any is invalid.

    \b
    Example: bitext tmx validate charter.tmx
    """
    bad = 0
    for path in tmx:
        problems = validate_tmx(path)
        if problems:
            bad += 1
            for problem in problems[:20]:
                out.print(f"{path}: {problem}")
        else:
            out.print(f"{path}: valid TMX 1.4")
    if bad:
        raise typer.Exit(1)
