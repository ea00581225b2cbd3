"""Building a glossary: read the inputs, store their aligned units, pair terms over everything
stored so far, and merge the result into the database. The work is done on a copy of the database
beside it, which replaces it only when the build is complete: a failed or interrupted build (Ctrl-C,
SIGTERM) leaves the glossary as it was."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from align.errors import InputError
from align.files import sha256_file
from align.progress import progress_bar
from glossary.candidates import zh as candidates_zh
from glossary.counts import Merger, digest, read_header, unit_candidates, write_counts
from glossary.inputs import read_input, units_of
from glossary.model import Unit
from glossary.pairing import (
    Extracted,
    Linker,
    Links,
    Settings,
    UnitCandidates,
    link_units,
    pair_extracted,
    pair_terms,
)
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
                _add_input(store, report, path, sha, document, units, held)
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


def build_mapped(inputs: list[str | Path], counts: list[str | Path], db: str | Path,
                 settings: Settings | None = None, progress: bool = False, jobs: int = 1) -> BuildReport:
    """The same glossary as `build(inputs, db, settings)` — the same entries, English, counts and
    scores, the same units stored — but made from counts already taken per part of the corpus
    (`counts`: files glossary.counts.write_counts wrote, e.g. by a batch's workers, one per pair),
    so that what is done here is only what needs the whole corpus: storing the units, merging the
    counts, termhood, pairing and the store's merge (curation kept).

    Memory: the inputs are read and stored one at a time; what is held at once is the merged
    counts (one row per distinct candidate, not per unit), the row ids of the units, and the
    co-occurrence and link counts of the pairs of kept candidates; each unit's candidates are read
    back from the counts files one file at a time, twice. The units the glossary holds are matched
    to a counts file by the digest of their texts, one source (input file) at a time; a source no
    file matches (an input added before, a unit already held, a file missing or of another
    version) is counted here, into a temporary file beside `db`, which is removed at the end.

    An input that cannot be read fails the build with nothing changed, as `build` does, but is
    only found when its turn comes (the inputs are not all read first).

    `jobs` > 1: the linking of terms inside each unit (most of the time left) runs on that many
    processes, each on whole files, their results added in order (`_parallel_linker`)."""
    start = time.perf_counter()
    report = BuildReport(Path(db))
    by_digest: dict[str, Path] = {}
    for path in counts:
        header = read_header(path)
        if header is not None:
            by_digest.setdefault(header["digest"], Path(path))
    with staged(Path(db)) as work:
        with Store.open(work, create=True) as store, store.conn:
            for path in inputs:
                alignment = read_input(path)
                _add_input(store, report, path, sha256_file(path), alignment.document, units_of(alignment))
                del alignment
            scratch = work.with_name(work.name + ".counts")
            scratch.mkdir(exist_ok=True)
            try:
                ex, files, sizes, ids = _merged_counts(store, by_digest, scratch, (settings or Settings()).min_freq)
                report.units = len(ids)
                with progress_bar(progress) as bar:
                    task = bar.add_task("pairing terms", total=max(1, len(files)))

                    def tick(stage: str, done: int, total: int) -> None:
                        bar.update(task, description=stage, completed=len(files))

                    def stream() -> Iterator[UnitCandidates]:
                        for f in files:
                            yield from unit_candidates(f)

                    linker = _parallel_linker(files, sizes, jobs) if jobs > 1 and len(files) > 1 else None
                    def words_of(k: int) -> list[str]:  # as extract cut them: the same text, the same words
                        return candidates_zh.words(store.unit_zh(ids[k]))

                    entries = pair_extracted(ex, stream, settings, tick, linker, words_of=words_of)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            for entry in entries:
                entry.units = [ids[k] for k in entry.units]
            report.entries = len(entries)
            report.merge = store.merge_built(entries)
    report.seconds = time.perf_counter() - start
    return report


def _merged_counts(store: Store, by_digest: dict[str, Path], scratch: Path,
                   min_freq: int) -> tuple[Extracted, list[Path], list[int], array]:
    """The counts of every unit the store holds, in its order, merged: one run of units per source,
    taken from the counts file whose digest matches, else counted now into `scratch`. Returns the
    merged counts, the files to read the units' candidates from (in order), their numbers of units
    and the units' row ids."""
    merger = Merger()
    files: list[Path] = []
    sizes: list[int] = []
    ids = array("q")
    for source, run in _runs(store):
        found = by_digest.get(digest((u.zh, u.en) for u in run))
        if found is None:
            found = write_counts(run, scratch / f"source-{source}.jsonl.gz")
        n = merger.add(found)
        if n != len(run):  # a digest collision or a damaged file: never pair against the wrong units
            raise InputError(f"glossary counts for {n} units where {len(run)} were expected", found)
        files.append(found)
        sizes.append(n)
        ids.extend(u.id for u in run)
    return merger.result(min_freq), files, sizes, ids


def _parallel_linker(files: list[Path], sizes: list[int], jobs: int) -> Linker:
    """pairing.link_units over the units of `files` on `jobs` processes, a file a task; the results
    are added in the files' order, so the links and their order are those of one process."""

    def linker(strength: dict, dices: dict, lex: dict) -> Links:
        links: Counter = Counter()
        where: dict[tuple[str, str], list[int]] = defaultdict(list)
        starts = [sum(sizes[:k]) for k in range(len(sizes))]
        with ProcessPoolExecutor(min(jobs, len(files)), mp_context=get_context("spawn"), initializer=_init_linking,
                                 initargs=(strength, dices, lex)) as pool:
            for part_links, part_where in pool.map(_link_file, files, starts):
                for pair, n in part_links.items():
                    links[pair] += n
                    where[pair].extend(part_where[pair])
        return links, where

    return linker


_linking: tuple[dict, dict, dict] | None = None  # in a linking process: the association tables


def _init_linking(strength: dict, dices: dict, lex: dict) -> None:
    global _linking
    _linking = (strength, dices, lex)


def _link_file(path: Path, first: int) -> Links:
    strength, dices, lex = _linking
    links, where = link_units(unit_candidates(path), strength, dices, lex, first)
    return links, dict(where)


def _runs(store: Store) -> Iterator[tuple[int, list[Unit]]]:
    """The stored units in order (row id), one run per source at a time."""
    rows = store.conn.execute("SELECT id, source_id, document, paragraph, bead, zh, en FROM units ORDER BY id")
    run: list[Unit] = []
    current = None
    for i, source, d, p, b, z, e in rows:
        if source != current and run:
            yield current, run
            run = []
        current = source
        run.append(Unit(document=d, paragraph=p, bead=b, zh=z, en=e, id=i))
    if run:
        yield current, run


def _add_input(store: Store, report: BuildReport, path: str | Path, sha: str, document: str | None,
               units: list[Unit], held: Counter[UnitKey] | None = None) -> None:
    """Store one input's units beyond those the glossary holds (`held`, by default asked of the
    store for its documents), or skip the input whole when a file with its SHA-256 was read."""
    if store.has_source(sha):
        report.skipped_inputs.append(str(path))
        return
    fresh = _not_held(units, held if held is not None else store.unit_counts(u.document for u in units))
    report.skipped_units += len(units) - len(fresh)
    store.add_source(str(path), sha, document, fresh)
    report.added_inputs.append(str(path))


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
