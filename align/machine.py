"""What the machine gives this process: the cores it may run on (its CPU affinity, which Slurm, PBS,
`taskset` and container limits set), not every core the machine has."""

from __future__ import annotations

import os


def cores() -> int:
    """The number of cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # platforms without affinity (macOS, Windows)
        return max(1, os.cpu_count() or 1)
