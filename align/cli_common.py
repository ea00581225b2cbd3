"""What every `bitext` sub-command shares: consoles and a typer app that turns a user's mistake
(InputError) into one line on stderr and exit code 2."""

from __future__ import annotations

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

from .errors import InputError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


class _Group(TyperGroup):
    """Turns a user's mistake (InputError) into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as e:
            click.echo(f"bitext: error: {e}", err=True)
            ctx.exit(2)


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
