"""Derived data kept on disk between runs: the embedding cache's folder, and pickles of slow-to-build
read-only tables (the parsed CC-CEDICT, the encoder's tokenizer) and the encoder's decompressed
weights (memory-mapped), so a new process starts fast.

A pickle is keyed by what it was built from (file sizes and times, package versions); anything
unreadable is rebuilt, and a cache that cannot be written is simply not kept."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from align.collector import paused

T = TypeVar("T")


def default_cache_dir() -> Path:
    base = os.environ.get("BITEXT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "bitext"


def file_key(path: str | Path) -> str:
    """What identifies a data file's version: its path, size and modification time."""
    st = os.stat(path)
    return f"{Path(path).resolve()}:{st.st_size}:{st.st_mtime_ns}"


def cached_pickle(name: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, or what an earlier process built for the same `key`."""
    folder = default_cache_dir()
    path = folder / f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:16]}.pickle"
    try:
        with open(path, "rb") as f, paused():  # a large table is many new containers: no collections meanwhile
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, stale or damaged: build it again
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value


def cached_arrays(name: str, key: str, build: Callable[[], dict]) -> dict:
    """Like cached_pickle for a dict of numpy arrays, kept as .npy files and memory-mapped (read-only)
    when loaded again: no copy, pages read as they are used and shared by every process."""
    import numpy as np

    folder = default_cache_dir() / f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"
    try:
        names = (folder / "names.txt").read_text(encoding="utf-8").split()
        # Plain arrays over the mapped memory: a memmap's indexing runs Python code on every call.
        return {n: np.asarray(np.load(folder / f"{n}.npy", mmap_mode="r")) for n in names}
    except Exception:  # noqa: BLE001 - missing, stale or damaged: build it again
        pass
    arrays = build()
    try:
        default_cache_dir().mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=default_cache_dir()))
        for n, a in arrays.items():
            np.save(tmp / f"{n}.npy", a)
        (tmp / "names.txt").write_text("\n".join(arrays), encoding="utf-8")  # written last: complete
        import shutil

        if folder.exists():  # damaged: make way
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.replace(tmp, folder)
        except OSError:  # another process got there first
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        pass
    return arrays
