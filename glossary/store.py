"""The glossary on disk: one SQLite file (stdlib sqlite3) the user names.

Tables: `sources` (every input file read, by SHA-256, so building twice from the same file counts
it once), `units` (the aligned text pairs learnt from: contexts point at them; a pair already held
for the same document is not stored again, see `glossary.build.build`), `entries` (zh, en,
kind, frequency, score, status, note), `terms` (every term and variant of an entry, normalised,
indexed for exact and prefix look-up, and mirrored in the FTS5 trigram index `terms_fts` for
substring and fuzzy search), `contexts` (entry → units).

Building again recomputes the entries from all units stored so far and merges them in: counts,
scores, variants and contexts are replaced, while a terminologist's status and note are kept, and
an entry that was approved, rejected or annotated survives even when a rebuild no longer finds it.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from align.errors import InputError
from glossary.model import KINDS, STATUSES, Context, Entry, Unit

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, document TEXT,
    units INTEGER NOT NULL, added TEXT NOT NULL);
CREATE TABLE units (
    id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id), document TEXT,
    paragraph TEXT, bead TEXT, zh TEXT NOT NULL, en TEXT NOT NULL);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, zh TEXT NOT NULL, en TEXT NOT NULL, kind TEXT NOT NULL,
    frequency INTEGER NOT NULL DEFAULT 0, score REAL NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'candidate', note TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'build', updated TEXT NOT NULL, UNIQUE (zh, en));
CREATE INDEX entries_score ON entries (score DESC);
CREATE TABLE terms (
    id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL REFERENCES entries(id), lang TEXT NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL, main INTEGER NOT NULL);
CREATE INDEX terms_norm ON terms (norm, lang);
CREATE INDEX terms_entry ON terms (entry_id);
CREATE TABLE contexts (
    entry_id INTEGER NOT NULL REFERENCES entries(id), unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (entry_id, unit_id)) WITHOUT ROWID;
CREATE VIRTUAL TABLE terms_fts USING fts5(norm, content='terms', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE terms_grams USING fts5vocab(terms_fts, 'row');
CREATE TRIGGER terms_ai AFTER INSERT ON terms BEGIN
    INSERT INTO terms_fts (rowid, norm) VALUES (new.id, new.norm);
END;
CREATE TRIGGER terms_ad AFTER DELETE ON terms BEGIN
    INSERT INTO terms_fts (terms_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
END;
"""


def normalise(text: str) -> str:
    """What look-ups compare: NFKC (full-width letters and brackets folded), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


UnitKey = tuple[str, str, str]


def unit_key(document: str, zh: str, en: str) -> UnitKey:
    """What makes two aligned units the same: their document and their texts with runs of white
    space folded to one space (a TMX and an alignment.jsonl of one document wrap text differently)."""
    return (document, " ".join(zh.split()), " ".join(en.split()))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class MergeStats:
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # curated entries a rebuild did not find again, kept for their status or note


class Store:
    """An open glossary database. Use `Store.open(path)`; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> Store:
        p = Path(path)
        if p.is_dir():
            raise InputError("is a directory, not a glossary database", p)
        if not p.exists():
            if not create:
                raise InputError("no such glossary; build one first: bitext glossary build ALIGNMENT.jsonl --db "
                                 f"{p}", p)
            p.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(p)
            with conn:
                conn.executescript(_SCHEMA)
                conn.execute("INSERT INTO meta VALUES ('format', 'bitext-glossary'), ('schema_version', ?)",
                             (SCHEMA_VERSION,))
            return cls(conn, p)
        try:
            conn = sqlite3.connect(f"file:{p}?mode=rw", uri=True)
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError as e:
            raise InputError(f"not a glossary database ({e})", p) from None
        if not row or row[0] != "bitext-glossary":
            conn.close()
            raise InputError("not a glossary database (an SQLite file, but not one bitext made)", p)
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if not version or version[0] != SCHEMA_VERSION:
            conn.close()
            raise InputError(f"glossary schema version {version[0] if version else '?'} is not the "
                             f"supported {SCHEMA_VERSION}", p)
        return cls(conn, p)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Sources and units -------------------------------------------------------------------------

    def has_source(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def add_source(self, path: str, sha256: str, document: str, units: list[Unit]) -> int:
        cur = self.conn.execute(
            "INSERT INTO sources (path, sha256, document, units, added) VALUES (?, ?, ?, ?, ?)",
            (path, sha256, document, len(units), _now()),
        )
        source_id = cur.lastrowid
        self.conn.executemany(
            "INSERT INTO units (source_id, document, paragraph, bead, zh, en) VALUES (?, ?, ?, ?, ?, ?)",
            [(source_id, u.document, u.paragraph, u.bead, u.zh, u.en) for u in units],
        )
        return source_id

    def unit_counts(self, documents: Iterable[str]) -> Counter[UnitKey]:
        """How many stored units each `unit_key` has, for the units of these documents."""
        held: Counter[UnitKey] = Counter()
        docs = sorted(set(documents))
        for start in range(0, len(docs), 500):
            chunk = docs[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for d, z, e in self.conn.execute(f"SELECT document, zh, en FROM units WHERE document IN ({marks})", chunk):
                held[unit_key(d, z, e)] += 1
        return held

    def units(self) -> list[Unit]:
        rows = self.conn.execute("SELECT id, document, paragraph, bead, zh, en FROM units ORDER BY id")
        return [Unit(document=d, paragraph=p, bead=b, zh=z, en=e, id=i) for i, d, p, b, z, e in rows]

    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "sources": q("SELECT count(*) FROM sources").fetchone()[0],
            "units": q("SELECT count(*) FROM units").fetchone()[0],
            "entries": q("SELECT count(*) FROM entries").fetchone()[0],
            "approved": q("SELECT count(*) FROM entries WHERE status = 'approved'").fetchone()[0],
            "rejected": q("SELECT count(*) FROM entries WHERE status = 'rejected'").fetchone()[0],
        }

    # Entries -----------------------------------------------------------------------------------

    def _write_terms(self, entry_id: int, e: Entry) -> None:
        self.conn.execute("DELETE FROM terms WHERE entry_id = ?", (entry_id,))
        rows = [(entry_id, "zh", e.zh, normalise(e.zh), 1), (entry_id, "en", e.en, normalise(e.en), 1)]
        rows += [(entry_id, "zh", v, normalise(v), 0) for v in e.zh_variants]
        rows += [(entry_id, "en", v, normalise(v), 0) for v in e.en_variants]
        self.conn.executemany("INSERT INTO terms (entry_id, lang, text, norm, main) VALUES (?, ?, ?, ?, ?)", rows)

    def _write_contexts(self, entry_id: int, unit_ids: list[int]) -> None:
        self.conn.execute("DELETE FROM contexts WHERE entry_id = ?", (entry_id,))
        self.conn.executemany("INSERT OR IGNORE INTO contexts VALUES (?, ?)", [(entry_id, u) for u in unit_ids])

    def _insert(self, e: Entry, origin: str) -> int:
        if e.kind not in KINDS:
            raise InputError(f"unknown kind {e.kind!r} for {e.zh} / {e.en}; use one of {', '.join(KINDS)}")
        if e.status not in STATUSES:
            raise InputError(f"unknown status {e.status!r} for {e.zh} / {e.en}")
        cur = self.conn.execute(
            "INSERT INTO entries (zh, en, kind, frequency, score, status, note, origin, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.zh, e.en, e.kind, e.frequency, e.score, e.status, e.note, origin, _now()),
        )
        entry_id = cur.lastrowid
        self._write_terms(entry_id, e)
        self._write_contexts(entry_id, e.units)
        return entry_id

    def merge_built(self, entries: list[Entry]) -> MergeStats:
        """Replace what a build computes (kind, counts, score, variants, contexts), keep what people
        decided (status, note). Call inside a transaction (`with store.conn:`)."""
        stats = MergeStats()
        existing = {(zh, en): (i, status, note, origin) for i, zh, en, status, note, origin in
                    self.conn.execute("SELECT id, zh, en, status, note, origin FROM entries")}
        seen = set()
        for e in entries:
            key = (e.zh, e.en)
            if key in seen:
                continue
            seen.add(key)
            if key in existing:
                entry_id = existing[key][0]
                self.conn.execute(
                    "UPDATE entries SET kind = ?, frequency = ?, score = ?, updated = ? WHERE id = ?",
                    (e.kind, e.frequency, e.score, _now(), entry_id),
                )
                self._write_terms(entry_id, e)
                self._write_contexts(entry_id, e.units)
                stats.updated += 1
            else:
                self._insert(e, "build")
                stats.added += 1
        for key, (entry_id, status, note, origin) in existing.items():
            if key in seen or origin != "build":
                continue
            if status != "candidate" or note:
                stats.kept += 1
            else:
                self.delete(entry_id)
                stats.removed += 1
        return stats

    def add_entries(self, entries: list[Entry], origin: str = "import") -> int:
        """Insert entries as they are (an imported glossary, a benchmark's synthetic store); an
        existing zh/en pair is left alone. Returns how many were added."""
        have = {(zh, en) for zh, en in self.conn.execute("SELECT zh, en FROM entries")}
        added = 0
        for e in entries:
            if (e.zh, e.en) in have:
                continue
            have.add((e.zh, e.en))
            self._insert(e, origin)
            added += 1
        return added

    def delete(self, entry_id: int) -> None:
        for table in ("terms", "contexts"):
            self.conn.execute(f"DELETE FROM {table} WHERE entry_id = ?", (entry_id,))
        self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    def get(self, entry_id: int) -> Entry:
        entries = self.load([entry_id])
        if not entries:
            raise InputError(f"no entry {entry_id} in this glossary", self.path)
        return entries[0]

    def load(self, ids: list[int]) -> list[Entry]:
        """Entries by id, in the order given, with their variants (not their contexts)."""
        if not ids:
            return []
        out: dict[int, Entry] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT id, zh, en, kind, frequency, score, status, note FROM entries "
                f"WHERE id IN ({marks})", chunk):
                out[row[0]] = Entry(id=row[0], zh=row[1], en=row[2], kind=row[3], frequency=row[4],
                                    score=row[5], status=row[6], note=row[7])
            for entry_id, lang, text in self.conn.execute(
                f"SELECT entry_id, lang, text FROM terms WHERE main = 0 AND entry_id IN ({marks}) ORDER BY id",
                chunk):
                (out[entry_id].zh_variants if lang == "zh" else out[entry_id].en_variants).append(text)
        return [out[i] for i in ids if i in out]

    def entries(self, top: int | None = None, kind: str | None = None, status: str | None = None,
                include_rejected: bool = True) -> list[Entry]:
        """Entries by descending score, optionally of one kind and/or status."""
        where, args = [] if include_rejected else ["status != 'rejected'"], []
        if kind:
            if kind not in KINDS:
                raise InputError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
            where.append("kind = ?")
            args.append(kind)
        if status:
            if status not in STATUSES:
                raise InputError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
            where.append("status = ?")
            args.append(status)
        sql = "SELECT id FROM entries" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY score DESC, id"
        if top:
            sql += f" LIMIT {int(top)}"
        return self.load([r[0] for r in self.conn.execute(sql, args)])

    def find(self, term: str) -> list[int]:
        """Ids of the entries that have `term` (main or variant), exactly, ignoring case."""
        rows = self.conn.execute("SELECT DISTINCT entry_id FROM terms WHERE norm = ? ORDER BY entry_id",
                                 (normalise(term),))
        return [r[0] for r in rows]

    def resolve(self, ref: str) -> int:
        """An entry named by id (42) or by one of its terms; refuse an ambiguous term."""
        if ref.isdigit():
            entry_id = int(ref)
            self.get(entry_id)
            return entry_id
        ids = self.find(ref)
        if not ids:
            raise InputError(f"no entry with the term {ref!r}", self.path)
        if len(ids) > 1:
            raise InputError(f"{len(ids)} entries have the term {ref!r} (ids {', '.join(map(str, ids))}); "
                             "name one by its id", self.path)
        return ids[0]

    def set_status(self, entry_id: int, status: str) -> None:
        if status not in STATUSES:
            raise InputError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        with self.conn:
            self.conn.execute("UPDATE entries SET status = ?, updated = ? WHERE id = ?", (status, _now(), entry_id))

    def set_note(self, entry_id: int, note: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE entries SET note = ?, updated = ? WHERE id = ?", (note, _now(), entry_id))

    def contexts(self, entry_id: int, limit: int | None = None) -> list[Context]:
        """The aligned pairs an entry was found in, shortest first (the easiest to read)."""
        sql = ("SELECT u.document, u.paragraph, u.zh, u.en FROM contexts c JOIN units u ON u.id = c.unit_id "
               "WHERE c.entry_id = ? ORDER BY length(u.zh) + length(u.en), u.id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [Context(d, p, z, e) for d, p, z, e in self.conn.execute(sql, (entry_id,))]
