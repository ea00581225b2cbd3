"""Every command's --help shows its examples whole, one per line, ready to copy."""

from __future__ import annotations

import re

import click
import typer
from typer.testing import CliRunner

from align.cli.app import app

runner = CliRunner()


def commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*path, name))


def example_lines(cmd: click.Command) -> list[str]:
    help_text = cmd.help or ""
    return [re.sub(r"^Examples?:\s*", "", line.strip()) for line in help_text.splitlines()
            if re.match(r"^\s*(?:Examples?:\s*)?bitext \S", line)]


def test_every_command_has_examples_each_on_its_own_line():
    root = typer.main.get_command(app)
    seen = 0
    for path, cmd in commands(root):
        examples = example_lines(cmd)
        assert examples, f"bitext {' '.join(path)} --help has no example"
        result = runner.invoke(app, [*path, "--help"], terminal_width=100)
        assert result.exit_code == 0, path
        shown = [re.sub(r"^Examples?:\s*", "", line.strip()) for line in result.output.splitlines()]
        for example in examples:
            assert example in shown, f"bitext {' '.join(path)} --help: {example!r} is wrapped or run on"
            seen += 1
    assert seen >= 15


def test_glossary_examples_name_the_database():
    """Copied outside a folder holding glossary.sqlite, an example without --db would fail."""
    root = typer.main.get_command(app)
    for path, cmd in commands(root.commands["glossary"], ("glossary",)):
        for example in example_lines(cmd):
            assert "--db " in example, f"bitext {' '.join(path)}: {example}"
