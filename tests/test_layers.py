"""The packages follow the flow: imports point down the stages, never up, and never in a circle.

cli -> pipeline -> glossary -> quality / formats -> aligner -> documents -> the shared pieces
(model, errors, files, ...). Imports inside functions count too: a lazy import is still a
dependency a reader has to know about.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAGES = [  # (module prefix, rank); the longest matching prefix decides
    ("align", 0),
    ("align.documents", 1),
    ("align.aligner", 2),
    ("align.formats", 3),
    ("align.quality", 3),
    ("glossary", 4),
    ("align.pipeline", 5),
    ("align.cli", 6),
    ("glossary.cli", 6),
]


def stage(module: str) -> int:
    best = max((p for p, _ in STAGES if module == p or module.startswith(p + ".")), key=len)
    return dict(STAGES)[best]


def project_modules() -> dict[str, Path]:
    mods = {}
    for pkg in ("align", "glossary"):
        for path in (ROOT / pkg).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods[".".join(parts)] = path
    return mods


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that `module` imports (the module itself for `from pkg import name`
    when name is a module)."""
    is_pkg = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = module.split(".") if is_pkg else module.split(".")[:-1]
                pkg = pkg[: len(pkg) - node.level + 1]
                base = ".".join(pkg + ([node.module] if node.module else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        out.update(n for n in names if n in known and n != module)
    return out


def graph() -> dict[str, set[str]]:
    mods = project_modules()
    return {m: imports_of(m, p, set(mods)) for m, p in mods.items()}


def test_no_module_imports_a_later_stage():
    upward = [
        f"{m} (stage {stage(m)}) imports {d} (stage {stage(d)})"
        for m, deps in graph().items() for d in sorted(deps)
        if stage(d) > stage(m) and m not in ("align", "glossary")  # package __init__s re-export lazily
    ]
    assert upward == []


def test_no_import_circle():
    g = graph()
    state: dict[str, int] = {}
    circles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(g[m]):
            if state.get(d) == 1:
                circles.append(" -> ".join(path[path.index(d):] + [m, d]) if d in path else f"{m} -> {d}")
            elif d not in state:
                visit(d, path + [m])
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m, [])
    assert circles == []


def test_every_subpackage_says_what_it_does():
    for pkg in ["align", "glossary", *(f"align.{p}" for p in ("documents", "aligner", "formats", "quality",
                                                               "pipeline", "cli")), "glossary.candidates"]:
        path = ROOT / pkg.replace(".", "/") / "__init__.py"
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"{path} needs a docstring saying what the stage does"


def test_importing_the_cli_does_not_load_the_aligner():
    """`bitext --help` answers fast: the command line imports the heavy stages only when a command runs."""
    import subprocess
    import sys

    code = ("import sys, align.cli.app; "
            "print(sorted(m for m in sys.modules if m.startswith(('align.aligner', 'align.pipeline', 'numpy'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
