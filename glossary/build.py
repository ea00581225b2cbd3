"""Building a glossary: read the inputs, store their aligned units, pair terms over everything
stored so far, and merge the result into the database. The work is done on a copy of the database
beside it, which replaces it only when the build is complete: a failed or interrupted build (Ctrl-C,
SIGTERM) leaves the glossary as it was."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from align.files import sha256_file
from align.progress import progress_bar
from glossary.inputs import read_input, units_of
from glossary.model import Unit
from glossary.pairing import Settings, pair_terms
from glossary.store import MergeStats, Store, UnitKey, unit_key


@dataclass
class BuildReport:
    db: Path
    added_inputs: list[str] = field(default_factory=list)
    skipped_inputs: list[str] = field(default_factory=list)  # already in the glossary
    skipped_units: int = 0  # units of the added inputs already in the glossary, not stored again
    units: int = 0
    entries: int = 0
    merge: MergeStats = field(default_factory=MergeStats)
    seconds: float = 0.0


def build(inputs: list[str | Path], db: str | Path, settings: Settings | None = None,
          progress: bool = False) -> BuildReport:
    """Add `inputs` (alignment.jsonl or .tmx files) to the glossary at `db` (created if missing)
    and recompute its entries. Every input is read and checked before anything is written.

    What is counted once, so that rebuilding never inflates frequencies:

    - an input file already read (same SHA-256) is skipped whole (`report.skipped_inputs`);
    - an aligned unit is not stored again when the glossary already holds one with the same
      document name (`Unit.document`, from `Alignment.document`), the same Chinese and the same
      English, runs of white space folded to one space (`store.unit_key`). Such units are counted
      in `report.skipped_units`. So the alignment.jsonl and the .tmx of one alignment, or an
      alignment and the corrected.jsonl `bitext review apply` made from it, add each pair once.
      Repeats count as a multiset: a pair one document really has twice is stored twice, and a
      later input of that document adds only the copies beyond those already stored;
    - a unit whose text differs (a pair a reviewer corrected) is a new unit and is added. The
      unit it corrects is not removed: a build only ever adds units.
    """
    start = time.perf_counter()
    report = BuildReport(Path(db))
    read = []
    for path in inputs:
        alignment = read_input(path)
        read.append((Path(path), sha256_file(path), alignment.document, units_of(alignment)))
    with staged(Path(db)) as work:
        with Store.open(work, create=True) as store, store.conn:
            held = store.unit_counts(u.document for *_, units in read for u in units)
            for path, sha, document, units in read:
                if store.has_source(sha):
                    report.skipped_inputs.append(str(path))
                    continue
                fresh = _not_held(units, held)
                report.skipped_units += len(units) - len(fresh)
                store.add_source(str(path), sha, document, fresh)
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
    report.seconds = time.perf_counter() - start
    return report


def _not_held(units: list[Unit], held: Counter[UnitKey]) -> list[Unit]:
    """The units of one input beyond the copies the glossary already holds (per `unit_key`), in
    order; `held` is updated to what the glossary holds once they are added."""
    seen: Counter[UnitKey] = Counter()
    fresh = []
    for u in units:
        key = unit_key(u.document, u.zh, u.en)
        seen[key] += 1
        if seen[key] > held[key]:
            fresh.append(u)
    for key, n in seen.items():
        held[key] = max(held[key], n)
    return fresh


@contextmanager
def staged(db: Path) -> Iterator[Path]:
    """A copy of the glossary at `db` (or a new, empty path) beside it to work on, renamed onto
    `db` only when the block completes and removed otherwise, an interrupt or SIGTERM included."""
    _remove_stale(db)
    work = db.with_name(f".{db.name}.{os.getpid()}.building")
    work.unlink(missing_ok=True)
    with terminate_as_interrupt():
        try:
            if db.exists():
                with Store.open(db) as old:  # refuses what is not a glossary before anything is made
                    old.copy_to(work)
            yield work
            os.replace(work, db)
        except BaseException:
            work.unlink(missing_ok=True)
            work.with_name(work.name + "-journal").unlink(missing_ok=True)
            raise


def _remove_stale(db: Path) -> None:
    """Copies left by a build that was killed outright (SIGKILL, power loss): their process is gone."""
    for stale in db.parent.glob(f".{db.name}.*.building"):
        pid = stale.name[len(db.name) + 2 : -len(".building")]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM (what `kill` and service managers send) interrupts the
    program like Ctrl-C does, so that its clean-up runs instead of the process just vanishing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
