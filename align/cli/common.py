"""What every `bitext` sub-command shares: consoles and a typer app that turns a user's mistake
(InputError) or a file-system refusal (no such folder, read-only, disk full) into one line on
stderr and exit code 2."""

from __future__ import annotations

import errno

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

from align.errors import InputError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


class _Group(TyperGroup):
    """Turns a user's mistake (InputError) or an OSError into one line on stderr and exit code 2
    (exit code 1 stays free for `check --fail-on`)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as e:
            click.echo(f"bitext: error: {e}", err=True)
            ctx.exit(2)
        except OSError as e:
            click.echo(f"bitext: error: {os_problem(e)}", err=True)
            ctx.exit(2)


# What a user is told for the file-system errors they can cause (by errno name).
_OS_PROBLEMS = {
    "ENOTDIR": "a file is in the way: a folder is needed here",
    "EEXIST": "a file is in the way: a folder is needed here",
    "EACCES": "permission denied",
    "EROFS": "read-only file system",
    "ENOSPC": "no space left on the disk",
    "ENAMETOOLONG": "file name too long",
    "ENOENT": "no such file or folder",
    "EISDIR": "is a folder, not a file",
}


def os_problem(e: OSError) -> str:
    """`PATH: problem` for an OSError: "out/x: a file is in the way ...", "out: read-only file system"."""
    code = errno.errorcode.get(e.errno, "") if e.errno else ""
    problem = _OS_PROBLEMS.get(code) or e.strerror or str(e)
    return f"{e.filename}: {problem}" if e.filename is not None else problem


def new_app(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=_Group,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


def check_lang(lang: str | None) -> str | None:
    if lang is not None and lang not in ("zh", "en", "fr", "ru"):
        raise InputError(f"unknown language {lang!r}; use zh or en")
    return lang



def ocr_option():
    return typer.Option(False, "--ocr", help="Read every page of a PDF by OCR (Tesseract): scans, or text layers "
                        "that are not readable text. OCR text needs review; its blocks are marked \"ocr\".")


def ocr_auto_option():
    return typer.Option(False, "--ocr-auto", help="OCR only the PDF pages without a usable text layer.")


def ocr_mode(ocr: bool, ocr_auto: bool) -> str:
    """"on", "auto" or "off" for the reader from the two flags."""
    return "auto" if ocr_auto else ("on" if ocr else "off")


def warn_ocr(doc) -> None:
    """The warning every command prints when OCR read some of a document."""
    pages = doc.meta.get("ocr_pages")
    if pages:
        err.print(f"bitext: warning: {doc.source}: {len(pages)} page(s) read by OCR (Tesseract); OCR text needs "
                  "review (its blocks are marked \"ocr\")", markup=False)
