"""Building a glossary: read the inputs, store their aligned units, pair terms over everything
stored so far, and merge the result into the database — all in one transaction, so a failed build
leaves the glossary as it was."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from align.files import sha256_file
from align.progress import progress_bar

from .inputs import read_input, units_of
from .pairing import Settings, pair_terms
from .store import MergeStats, Store


@dataclass
class BuildReport:
    db: Path
    added_inputs: list[str] = field(default_factory=list)
    skipped_inputs: list[str] = field(default_factory=list)  # already in the glossary
    units: int = 0
    entries: int = 0
    merge: MergeStats = field(default_factory=MergeStats)
    seconds: float = 0.0


def build(inputs: list[str | Path], db: str | Path, settings: Settings | None = None,
          progress: bool = False) -> BuildReport:
    """Add `inputs` (alignment.jsonl or .tmx files) to the glossary at `db` (created if missing)
    and recompute its entries. Every input is read and checked before anything is written."""
    start = time.perf_counter()
    report = BuildReport(Path(db))
    read = []
    for path in inputs:
        alignment = read_input(path)
        read.append((Path(path), sha256_file(path), alignment.document, units_of(alignment)))
    store = Store.open(db, create=True)
    try:
        with store.conn:
            for path, sha, document, units in read:
                if store.has_source(sha):
                    report.skipped_inputs.append(str(path))
                    continue
                store.add_source(str(path), sha, document, units)
                report.added_inputs.append(str(path))
            units = store.units()
            report.units = len(units)
            with progress_bar(progress) as bar:
                task = bar.add_task("pairing terms", total=len(units))

                def tick(stage: str, done: int, total: int) -> None:
                    bar.update(task, description=stage, completed=done if stage == "candidates" else total)

                entries = pair_terms(units, settings, tick)
            for entry in entries:
                entry.units = [units[k].id for k in entry.units]
            report.entries = len(entries)
            report.merge = store.merge_built(entries)
    finally:
        store.close()
    report.seconds = time.perf_counter() - start
    return report
