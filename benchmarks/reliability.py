"""Reliability table: how often beads in each confidence band are right."""

from __future__ import annotations

from rich.table import Table

BANDS = [(0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]


def reliability_table(scored: list[tuple[float, bool]], title: str) -> Table:
    table = Table("confidence", "beads", "right", "accuracy", title=title)
    for lo, hi in BANDS:
        band = [ok for s, ok in scored if lo <= s < hi]
        acc = f"{sum(band) / len(band):.3f}" if band else "-"
        table.add_row(f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}", str(len(band)), str(sum(band)), acc)
    for name, cond in (("< 0.5", lambda s: s < 0.5), (">= 0.5", lambda s: s >= 0.5)):
        band = [ok for s, ok in scored if cond(s)]
        acc = f"{sum(band) / len(band):.3f}" if band else "-"
        table.add_row(name, str(len(band)), str(sum(band)), acc)
    return table
