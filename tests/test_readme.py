"""The README's examples are true: every `$ command` in its console blocks is run, in order, in a
scratch folder that holds the repository's corpora, seeds and test fixtures; its exit code must be
the one the README implies (2 where it shows an error, else 0 unless it echoes $?), and the output
lines the README shows must appear, in order, in what the command prints.

What cannot match exactly is made comparable, never skipped silently: timings ("in 4.9 s") are
masked, a line shortened with "…" is compared up to that mark, and "..." stands for lines left out.
The Python example of "Using it from Python" is run too and its commented values compared.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# Commands whose inputs the README does not make (a user's own scanned PDF): shown, not run.
NOT_RUN = {"bitext segment scan.pdf"}


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every `$ ` line of the README's plain code blocks."""
    examples: list[tuple[str, list[str]]] = []
    for lines in plain_blocks(text):
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            command = lines[i][2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            i += 1
            expected = []
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            examples.append((re.sub(r"\s+#\s.*$", "", command).strip(), expected))
    return examples


def plain_blocks(text: str) -> list[list[str]]:
    """The lines of every code block whose fence names no language (a ```text or ```python block
    is shown, not run); fences are paired in order, so a closing fence never opens a block."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    plain = False
    for line in text.splitlines():
        if line.startswith("```"):
            if current is None:
                current, plain = [], line.strip() == "```"
            else:
                if plain:
                    blocks.append(current)
                current = None
            continue
        if current is not None:
            current.append(line)
    return blocks


def normalise(line: str) -> str:
    line = re.sub(r"\d+(?:\.\d+)? s\b", "N s", line)
    return " ".join(line.split())


def matches(expected: str, actual: str) -> bool:
    e, a = normalise(expected), normalise(actual)
    if "…" in e and "…" not in a:
        return a.startswith(e.split("…")[0].rstrip())
    return e == a


def missing_lines(expected: list[str], actual: list[str]) -> list[str]:
    """Expected lines not found, in order, in the actual output ("..." skips any number of lines)."""
    missing, j = [], 0
    for line in expected:
        if not line.strip() or line.strip() == "...":
            continue
        k = j
        while k < len(actual) and not matches(line, actual[k]):
            k += 1
        if k == len(actual):
            missing.append(line)
        else:
            j = k + 1
    return missing


def reviewer_fills_in(sheet: Path, text: str) -> None:
    """Do what the README says the reviewer does in the sheet ("marks a31 (the wrong year) `bad`, ...")."""
    from openpyxl import load_workbook

    said = re.search(r"In the sheet the reviewer marks (.*?):\n", text).group(1)
    actions = dict(re.findall(r"(a[\d.]+)(?: \([^)]*\))? `([a-z ]+)`", said))
    assert len(actions) >= 2, said
    book = load_workbook(sheet)
    rows = book.worksheets[0]
    header = [c.value for c in rows[1]]
    bead, action = header.index("bead") + 1, header.index("action") + 1
    for r in range(2, rows.max_row + 1):
        if rows.cell(r, bead).value in actions:
            rows.cell(r, action).value = actions.pop(rows.cell(r, bead).value)
    assert not actions, f"beads the README names are not in the sheet: {actions}"
    book.save(sheet)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    for name in ("corpora", "seeds", "tests"):
        (folder / name).symlink_to(ROOT / name)
    return folder


@pytest.mark.slow
def test_console_examples_are_true(scratch):
    env = {**os.environ, "COLUMNS": "250", "BITEXT_CACHE_DIR": str(scratch / ".cache"), "NO_COLOR": "1"}
    env.pop("BITEXT_GLOSSARY", None)
    bin_dir = Path(sys.executable).parent
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    problems = []
    examples = console_examples(README.read_text(encoding="utf-8"))
    assert len(examples) >= 30
    for command, expected in examples:
        if command in NOT_RUN:
            continue
        if command.startswith("bitext review apply review.xlsx"):
            reviewer_fills_in(scratch / "review.xlsx", README.read_text(encoding="utf-8"))
        proc = subprocess.run(["bash", "-c", command], cwd=scratch, env=env, capture_output=True, text=True,
                              timeout=600)
        shown_error = any(line.startswith("bitext: error:") for line in expected)
        wanted = 2 if shown_error else 0
        if proc.returncode != wanted:
            problems.append(f"$ {command}\n  exit {proc.returncode}, README implies {wanted}\n  {proc.stderr[-400:]}")
            continue
        actual = (proc.stdout + proc.stderr).splitlines()
        for line in missing_lines(expected, actual):
            problems.append(f"$ {command}\n  README shows: {line}\n  output was:\n    " + "\n    ".join(actual[:40]))
    assert not problems, "\n\n".join(problems)


@pytest.mark.slow
def test_python_example_is_true(scratch):
    text = README.read_text(encoding="utf-8")
    code = re.search(r"## Using it from Python.*?```python\n(.*?)```", text, flags=re.S).group(1)
    namespace: dict = {}
    cwd = os.getcwd()
    os.chdir(scratch)
    try:
        for stmt in ast.parse(code).body:
            line = code.splitlines()[stmt.end_lineno - 1]
            comment = re.search(r"#\s*(['\[{].*)$", line)
            if isinstance(stmt, ast.Expr) and comment:
                value = eval(compile(ast.Expression(stmt.value), "<README>", "eval"), namespace)
                assert value == ast.literal_eval(comment.group(1)), line
            else:
                exec(compile(ast.Module([stmt], []), "<README>", "exec"), namespace)
    finally:
        os.chdir(cwd)
