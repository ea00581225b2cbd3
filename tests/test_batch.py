"""`bitext batch` on a small archive (tests/batch_archive.py): pairs found the ways UN archives name
files, bad files reported and never fatal, the same alignments on a real Dask cluster as on local
worker processes, a worker killed in the middle, a batch interrupted and resumed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from batch_archive import EXPECTED, UNPAIRED, build_archive
from conftest import ROOT, glossary_rows

from align.formats.tmx import validate_tmx
from align.pipeline.discover import discover
from align.pipeline.worker import PAIR_FILE, TMP_PREFIX, identify_file
from glossary.counts import COUNTS_FILE

pytestmark = pytest.mark.slow
PAIR_OUTPUTS = (PAIR_FILE, "alignment.jsonl", "review.html")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build_archive(tmp_path_factory.mktemp("batch") / "archive")


def env_for(cache: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BITEXT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("BITEXT_GLOSSARY", None)
    return env


def batch_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "align.cli.app", "batch", *map(str, args)]


def run_batch(args, cache: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(batch_cmd(*args), env=env_for(cache), capture_output=True, text=True, timeout=timeout)


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "batch.jsonl").read_text(encoding="utf-8").splitlines()]


def beads_of(path: Path) -> list[dict]:
    """alignment.jsonl as data, without the header's creation time (the one thing a run changes)."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    lines[0].pop("created")
    return lines


class FolderWatch:
    """Looks at the output folder every few milliseconds while a batch runs: every visible pair
    folder must be complete at every moment."""

    def __init__(self, out: Path):
        self.out, self.half = out, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            if self.out.is_dir():
                for folder in list(self.out.iterdir()):
                    if folder.name in EXPECTED and folder.is_dir():
                        names = {p.name for p in folder.iterdir()} if folder.exists() else set(PAIR_OUTPUTS)
                        if folder.exists() and not set(PAIR_OUTPUTS) <= names:
                            self.half.append((folder.name, sorted(names)))
            time.sleep(0.005)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


# ----------------------------------------------------------------------------------- local


@pytest.fixture(scope="module")
def local_run(archive, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    with FolderWatch(out) as watch:
        proc = run_batch([archive, "-o", out, "--jobs", "1"], tmp_path_factory.mktemp("cache-local"))
    assert not watch.half
    return out, proc


def test_discovery_by_symbol_language_folder_tsv_and_masthead(archive):
    found = discover([archive], identify=lambda paths: {p: identify_file(str(p)) for p in paths})
    assert sorted(p.name for p in found.pairs) == sorted(EXPECTED)
    how = {p.name: p.how for p in found.pairs}
    assert how["E_CN.7_2015_9"] == "masthead" and how["A_70_105"] == "pairs.tsv" and how["udhr"] == "folder"
    pair = next(p for p in found.pairs if p.name == "A_70_102")
    assert (pair.zh.name, pair.en.name, pair.symbol) == ("A_70_102_C.docx", "A_70_102_E.docx", "A/70/102")
    assert [(u.path.name, u.reason) for u in found.unpaired] == [(UNPAIRED, "no English original of A/70/107 found")]


def test_local_batch_reports_bad_pairs_and_goes_on(local_run, archive):
    out, proc = local_run
    assert proc.returncode == 1, proc.stderr  # some pairs failed
    recs = records(out)
    assert {r["name"]: r["status"] for r in recs if r["status"] != "unpaired"} == EXPECTED
    assert [r["name"] for r in recs if r["status"] == "unpaired"] == [UNPAIRED]
    by_name = {r["name"]: r for r in recs}
    damaged = by_name["S_2015_106"]["error"]
    assert "damaged PDF" in damaged and "\n" not in damaged and damaged.startswith(str(archive))
    unrelated = by_name["A_70_108"]
    assert unrelated["verdict"] == "unrelated" and "do not look like translations" in unrelated["error"]
    # The unrelated pair keeps its alignment and report for a reviewer, but gives no translation memory.
    assert (out / "A_70_108" / "review.html").exists() and not (out / "A_70_108" / "alignment.tmx").exists()
    assert not (out / "S_2015_106").exists()
    for name, status in EXPECTED.items():
        rec = by_name[name]
        if status == "done":
            assert rec["verdict"] == "match" and rec["counts"]["sentence_beads"] > 0 and rec["seconds"] > 0
            assert rec["peak_mb"] > 50 and rec["error"] is None
            assert validate_tmx(out / name / "alignment.tmx") == []
            from align.files import sha256_file

            assert rec["zh"]["sha256"] == sha256_file(rec["zh"]["path"])
    assert "9 pairs: 7 done, 2 failed; 1 file unpaired" in proc.stdout
    assert "failed S_2015_106: " in proc.stdout and "unpaired A_70_107-ZH.txt: no English original" in proc.stdout
    # Once over everything: the corpus TMX (duplicates folded), the glossary, the index page.
    assert validate_tmx(out / "corpus.tmx") == []
    assert "duplicates merged" in proc.stdout and (out / "glossary" / "glossary.sqlite").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="A_70_101/review.html">A_70_101</a>' in index and "unrelated" in index
    assert not list(out.glob(f"{TMP_PREFIX}*"))


def test_batch_glossary_is_the_one_built_from_its_alignments(local_run, tmp_path):
    """Built map-reduce (each pair's counts by its worker, merged once), the batch's glossary is the
    one `glossary build` makes from the same alignments in one go: same entries, English, variants,
    counts, scores and contexts."""
    from glossary.build import build

    out, _ = local_run
    done = sorted(name for name, status in EXPECTED.items() if status == "done")
    for name in done:
        assert (out / name / COUNTS_FILE).is_file(), name
    assert not (out / "A_70_108" / COUNTS_FILE).exists()  # unrelated: not in the glossary
    build([out / name / "alignment.jsonl" for name in done], tmp_path / "one_go.sqlite")
    batch, one_go = glossary_rows(out / "glossary" / "glossary.sqlite"), glossary_rows(tmp_path / "one_go.sqlite")
    assert len(one_go["entries"]) > 100
    for table in one_go:
        assert batch[table] == one_go[table], table


def test_usage_errors_exit_2(archive, tmp_path):
    from typer.testing import CliRunner

    from align.cli.app import app

    runner = CliRunner()
    (tmp_path / "file").write_text("x")
    result = runner.invoke(app, ["batch", str(archive), "-o", str(tmp_path / "file")])
    assert result.exit_code == 2 and "output exists and is not a folder" in result.stderr
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / UNPAIRED).write_text((archive / UNPAIRED).read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["batch", str(lonely), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no zh–en document pairs found (1 document file without a pair)" in result.stderr


# ----------------------------------------------------------------------------- interrupt


def test_interrupted_batch_resumes_where_it_stopped(archive, local_run, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    with FolderWatch(out) as watch:
        proc = subprocess.Popen(batch_cmd(archive, "-o", out, "--jobs", "1"), env=env_for(cache),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and proc.poll() is None:
                if sum(1 for p in out.glob("*/" + PAIR_FILE)) >= 3:
                    break
                time.sleep(0.05)
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 130, stderr
        assert "interrupted; run the same command again" in stderr
        first = {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/" + PAIR_FILE)}
        counted = {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/" + COUNTS_FILE)}
        assert 3 <= len(first) < len(EXPECTED)
        assert not list(out.glob(f"{TMP_PREFIX}*"))  # the pair in flight left nothing behind
        again = run_batch([archive, "-o", out, "--jobs", "2"], cache)
    assert not watch.half
    assert again.returncode == 1, again.stderr
    recs = {r["name"]: r for r in records(out)}
    for name in first:
        if recs[name]["status"] != "failed":  # the unrelated pair failed, and is tried again
            assert recs[name]["status"] == "skipped", name
            assert (out / name / PAIR_FILE).stat().st_mtime_ns == first[name]  # not touched
    for name, status in EXPECTED.items():
        assert recs[name]["status"] == (status if name not in first or status == "failed" else "skipped")
    assert len(recs) == len(EXPECTED) + 1
    # The glossary: the skipped pairs' counts reused as they were, the rest counted by two workers;
    # the same glossary as the uninterrupted --jobs 1 run.
    assert counted and all((out / name / COUNTS_FILE).stat().st_mtime_ns == t for name, t in counted.items())
    local, _ = local_run
    assert glossary_rows(out / "glossary" / "glossary.sqlite", sources=False) == glossary_rows(
        local / "glossary" / "glossary.sqlite", sources=False)


def kill_a_worker_in_a_pair(cmd: list, env: dict, out: Path, pattern: str) -> tuple[str | None, subprocess.Popen, str]:
    """Run a batch and SIGKILL the first worker seen writing a pair (a temporary pair folder
    OUT/<TMP_PREFIX><name>-<pid>-... matching `pattern`): the pair it lost (None if no worker
    started one in 300 s), the finished batch process and its stderr."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lost = None
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None and lost is None:
            for tmp in out.glob(f"{TMP_PREFIX}{pattern}"):
                name, pid = tmp.name[len(TMP_PREFIX):].rsplit("-", 2)[:2]
                os.kill(int(pid), signal.SIGKILL)
                lost = name
                break
            time.sleep(0.01)
        _, stderr = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
    return lost, proc, stderr


def test_local_worker_killed_in_the_middle(archive, tmp_path):
    """A worker process that dies (killed, out of memory) breaks the process pool: its pairs are
    aligned again, one at a time, and the batch completes with every pair once."""
    out = tmp_path / "out"
    with FolderWatch(out) as watch:
        lost, proc, stderr = kill_a_worker_in_a_pair(
            batch_cmd(archive, "-o", out, "--jobs", "2", "--no-glossary"), env_for(tmp_path / "cache"), out, "*")
    assert lost, "no worker ever started a pair"
    assert not watch.half
    assert proc.returncode == 1, stderr
    recs = records(out)
    assert len(recs) == len({r["name"] for r in recs}) == len(EXPECTED) + 1
    assert {r["name"]: r["status"] for r in recs if r["status"] != "unpaired"} == EXPECTED
    assert not list(out.glob(f"{TMP_PREFIX}*"))


# ----------------------------------------------------------------------------------- Dask


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A real Dask scheduler and two worker processes on 127.0.0.1, stopped by pid at the end."""
    import distributed  # the extra `cluster` (in `dev`, so CI has it)

    folder = tmp_path_factory.mktemp("dask")
    env = env_for(folder / "cache")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    logs = []

    def start(*args):
        log = open(folder / f"{len(procs)}.log", "w")
        logs.append(log)
        procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]], env=env,
                                      cwd=folder, stdout=log, stderr=subprocess.STDOUT))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        for _ in range(2):
            start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
                  "--death-timeout", "60")
        deadline = time.monotonic() + 90
        client = None
        while time.monotonic() < deadline:
            try:
                client = client or distributed.Client(address, timeout=5)
                if len(client.scheduler_info(n_workers=-1)["workers"]) == 2:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the Dask cluster did not start: " + "".join(p.read_text() for p in folder.glob("*.log")))
        workers = {pid: addr for addr, pid in client.run(os.getpid).items()}
        client.close()
        yield address, env, workers
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()


def test_dask_cluster_gives_the_local_alignments(cluster, local_run, archive, tmp_path):
    address, env, _ = cluster
    local, _ = local_run
    out = tmp_path / "out"
    with FolderWatch(out) as watch:
        proc = subprocess.run(batch_cmd(archive, "-o", out, "--scheduler", address), env=env,
                              capture_output=True, text=True, timeout=600)
    assert not watch.half
    assert proc.returncode == 1, proc.stderr
    recs = {r["name"]: r for r in records(out)}
    assert {n: r["status"] for n, r in recs.items() if r["status"] != "unpaired"} == EXPECTED
    assert len({r["worker"] for r in recs.values() if r["status"] == "done"}) == 2  # both workers worked
    for name, status in EXPECTED.items():
        if status == "done":
            assert beads_of(out / name / "alignment.jsonl") == beads_of(local / name / "alignment.jsonl"), name
    assert recs["S_2015_106"]["error"] == records_by_name(local)["S_2015_106"]["error"]
    assert recs["A_70_108"]["verdict"] == "unrelated"
    # The glossary, counted pair by pair on the Dask workers: the one of the local run.
    assert all((out / name / COUNTS_FILE).is_file() for name, status in EXPECTED.items() if status == "done")
    assert glossary_rows(out / "glossary" / "glossary.sqlite", sources=False) == glossary_rows(
        local / "glossary" / "glossary.sqlite", sources=False)


def records_by_name(out: Path) -> dict[str, dict]:
    return {r["name"]: r for r in records(out)}


def test_dask_worker_killed_in_the_middle(cluster, local_run, archive, tmp_path):
    """Runs last: it kills one of the two workers while that worker is writing a pair."""
    address, env, workers = cluster
    local, _ = local_run
    out = tmp_path / "out"
    victim = sorted(workers)[0]
    with FolderWatch(out) as watch:
        lost, proc, stderr = kill_a_worker_in_a_pair(
            batch_cmd(archive, "-o", out, "--scheduler", address, "--no-glossary"), env, out, f"*-{victim}-*")
    assert lost, "the worker never started a pair"
    assert not watch.half
    assert proc.returncode == 1, stderr
    recs = records(out)
    names = [r["name"] for r in recs]
    assert len(names) == len(set(names)) == len(EXPECTED) + 1  # every pair once
    assert {r["name"]: r["status"] for r in recs if r["status"] != "unpaired"} == EXPECTED
    # The pair the killed worker was writing was aligned again, by the worker that is left.
    lost_record = next(r for r in recs if r["name"] == lost)
    assert lost_record["status"] == EXPECTED[lost] and not lost_record["worker"].endswith(f":{victim}")
    for name, status in EXPECTED.items():
        if status == "done":
            assert beads_of(out / name / "alignment.jsonl") == beads_of(local / name / "alignment.jsonl"), name
    assert not list(out.glob(f"{TMP_PREFIX}*"))


def test_glossary_of_the_batch_keeps_curation(local_run, tmp_path):
    """The glossary is built on a copy of the existing one and swapped in: a terminologist's
    decisions stay, and a failed build leaves the glossary as it was."""
    from align.errors import InputError
    from align.pipeline.batch import build_glossary
    from glossary.store import Store

    out, _ = local_run
    db = tmp_path / "glossary.sqlite"
    build_glossary([out / "udhr" / "alignment.jsonl"], db)
    with Store.open(db) as store:
        entry = store.entries(top=1)[0]
        store.set_status(entry.id, "approved")
        store.set_note(entry.id, "checked by the terminology section")
    _, entries = build_glossary([out / name / "alignment.jsonl" for name in ("udhr", "A_70_101", "A_70_102")], db)
    with Store.open(db) as store:
        again = store.get(entry.id)
        assert (again.zh, again.en, again.status, again.note) == (entry.zh, entry.en, "approved",
                                                                  "checked by the terminology section")
        assert len(store.entries()) == entries
    before = db.read_bytes()
    (tmp_path / "broken.jsonl").write_text("not an alignment\n")
    with pytest.raises(InputError):
        build_glossary([out / "udhr" / "alignment.jsonl", tmp_path / "broken.jsonl"], db)
    assert db.read_bytes() == before and not list(tmp_path.glob(".glossary.sqlite.*"))
