"""Curation is never lost: what a terminologist puts into the glossary `bitext run` made (statuses,
notes, imported termbases) survives `bitext run --force` into the same folder, and a real `bitext run`
or `bitext glossary build` process interrupted by SIGINT or SIGTERM in the middle of its glossary
work leaves the old glossary, TBX and CSV exactly as they were."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SEED

from glossary.export import read_csv, read_tbx
from glossary.store import Store

TB = FIXTURES / "glossary" / "termbases"
LINES = 1500  # of the UNPC development set: enough for a glossary build that takes a few seconds


def bitext(*args, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "align.cli.app", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def finish(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path]:
    """A corpus folder with part of the UNPC development set (line-aligned: no alignment needed, so
    the run goes straight to its glossary), and the seed report."""
    base = tmp_path_factory.mktemp("corpora")
    dev = base / "corpora" / "unpc_devset"
    dev.mkdir(parents=True)
    for lang in ("zh", "en"):
        lines = (ROOT / "corpora" / "unpc_devset" / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()
        (dev / f"UNv1.0.devset.{lang}").write_text("\n".join(lines[:LINES]) + "\n", encoding="utf-8")
    seeds = base / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    return base / "corpora", seeds


@pytest.fixture(scope="module")
def curated(corpora, tmp_path_factory) -> Path:
    """A `bitext run` output folder whose glossary a terminologist has worked on."""
    out = tmp_path_factory.mktemp("run") / "out"
    code, stdout, stderr = finish(bitext("run", "-o", out, "--corpora", corpora[0], "--seeds", corpora[1], "--quiet"))
    assert code == 0, stderr
    db = out / "glossary" / "glossary.sqlite"
    for args in (["approve", "安全理事会"], ["note", "安全理事会", "Not 安理会 in the first mention."],
                 ["reject", "秘书长"], ["import", TB / "multiterm.tbx", "--source", "UNODC MultiTerm"]):
        code, _, stderr = finish(bitext("glossary", *args, "--db", db))
        assert code == 0, stderr
    return out


def files(out: Path) -> dict[str, bytes]:
    folder = out / "glossary"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def wait_for(folder: Path, pattern: str, proc: subprocess.Popen, timeout: float = 240) -> bool:
    """True once a file matching `pattern` appears in `folder` (the glossary work has begun)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any(folder.glob(pattern)):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_leaves_the_old_glossary(curated, corpora, sig):
    before = files(curated)
    proc = bitext("run", "-o", curated, "--force", "--corpora", corpora[0], "--seeds", corpora[1], "--quiet")
    try:
        assert wait_for(curated / "glossary", ".glossary*", proc), "the run ended before its glossary work"
        time.sleep(0.3)  # well into it: copying the old glossary, or building the new one
        proc.send_signal(sig)
        code, _, stderr = finish(proc, 120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code != 0, "the run was not interrupted"
    assert "Traceback" not in stderr
    assert files(curated) == before  # glossary.sqlite, .tbx and .csv as they were, no temporary file left


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_the_old_glossary(curated, sig):
    db = curated / "glossary" / "glossary.sqlite"
    before = files(curated)
    proc = bitext("glossary", "build", curated / "unpc_devset" / "alignment.jsonl", "--db", db, "--no-embeddings",
                  "-q")
    try:
        assert wait_for(db.parent, ".glossary.sqlite.*.building", proc), "the build ended before it began"
        time.sleep(0.3)
        proc.send_signal(sig)
        code, _, stderr = finish(proc, 120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code != 0 and "Traceback" not in stderr
    assert files(curated) == before


def test_curation_survives_run_force_into_the_same_folder(curated, corpora):
    code, stdout, stderr = finish(bitext("run", "-o", curated, "--force", "--corpora", corpora[0], "--seeds",
                                         corpora[1], "--quiet"))
    assert code == 0, stderr
    # 安全理事会 (approved, noted), 秘书长 (rejected), 麻醉药品委员会 (imported with a definition as note);
    # the other two entries of the MultiTerm file
    assert "kept 3 curated and 2 imported entries" in stdout, stdout
    db = curated / "glossary" / "glossary.sqlite"
    with Store.open(db) as store:
        (sc,) = [e for e in store.load(store.find("安全理事会")) if e.zh == "安全理事会"]
        assert (sc.status, sc.note) == ("approved", "Not 安理会 in the first mention.")
        assert [e.status for e in store.load(store.find("秘书长")) if e.zh == "秘书长"] == ["rejected"]
        (cnd,) = [e for e in store.load(store.find("麻醉药品委员会")) if e.en == "Commission on Narcotic Drugs"]
        assert "UNODC MultiTerm" in cnd.source and cnd.en_variants[-1] == "CND"
        assert store.counts()["imported"] >= 7121  # the UNBIS Thesaurus the run brings, and the import
    tbx = {e.zh: e for e in read_tbx(curated / "glossary" / "glossary.tbx")}
    assert tbx["安全理事会"].status == "approved" and tbx["安全理事会"].note == "Not 安理会 in the first mention."
    assert "秘书长" not in tbx  # rejected entries are not exported
    assert "国际麻醉品管制局" in {e.zh for e in read_csv(curated / "glossary" / "glossary.csv")}
    assert not [p for p in (curated / "glossary").iterdir() if p.name.startswith(".")]
