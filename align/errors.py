"""Errors a user can fix: each becomes one line on stderr and exit code 2 at the command line."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input or bad usage. The message names the file (when there is one) and the problem."""

    def __init__(self, problem: str, path: str | Path | None = None):
        self.problem = problem
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {problem}" if self.path else problem)
