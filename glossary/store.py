"""The glossary on disk: one SQLite file (stdlib sqlite3) the user names.

Tables: `sources` (every input file read, by SHA-256, so building twice from the same file counts
it once), `units` (the aligned text pairs learnt from: contexts point at them; a pair already held
for the same document is not stored again, see `glossary.build.build`; mirrored in the FTS5
trigram index `units_fts`, so `glossary lookup` finds a term in them), `entries` (zh, en, kind,
frequency, score, status, note, origin — `build` for what the aligned texts taught, `import` for
what a reference termbase brought — and source, the names of those references), `terms` (every
term and variant of an entry, normalised, indexed for exact and prefix look-up, and mirrored in the
FTS5 trigram index `terms_fts` for substring and fuzzy search; a term a reference marks as
deprecated keeps that mark), `contexts` (entry → units).

Building again recomputes the entries from all units stored so far and merges them in: counts,
scores, learnt variants and contexts are replaced, while a terminologist's status and note, and
everything a reference brought (its entries, variants, kinds, notes and sources), are kept; an
entry that was approved, rejected, annotated or imported survives even when a rebuild no longer
finds it.
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
from align.script import has_cjk
from glossary.model import KINDS, STATUSES, Context, Entry, Unit

SCHEMA_VERSION = "2"
ORIGINS = ("build", "import")
_SEP = "; "  # between the names of the references an entry comes from

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
    origin TEXT NOT NULL DEFAULT 'build', updated TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
    UNIQUE (zh, en));
CREATE INDEX entries_score ON entries (score DESC);
CREATE TABLE terms (
    id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL REFERENCES entries(id), lang TEXT NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL, main INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT 'build', status TEXT NOT NULL DEFAULT '');
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

# Version 2 keeps the aligned pairs searchable (glossary lookup) and what references bring.
_UNITS_FTS = """
CREATE VIRTUAL TABLE units_fts USING fts5(zh, en, content='units', content_rowid='id', tokenize='trigram');
CREATE TRIGGER units_ai AFTER INSERT ON units BEGIN
    INSERT INTO units_fts (rowid, zh, en) VALUES (new.id, new.zh, new.en);
END;
CREATE TRIGGER units_ad AFTER DELETE ON units BEGIN
    INSERT INTO units_fts (units_fts, rowid, zh, en) VALUES ('delete', old.id, old.zh, old.en);
END;
"""
_MIGRATE_1_TO_2 = """
ALTER TABLE entries ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE terms ADD COLUMN origin TEXT NOT NULL DEFAULT 'build';
ALTER TABLE terms ADD COLUMN status TEXT NOT NULL DEFAULT '';
""" + _UNITS_FTS + """
INSERT INTO units_fts (units_fts) VALUES ('rebuild');
UPDATE meta SET value = '2' WHERE key = 'schema_version';
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


def join_sources(*names: str) -> str:
    """Reference names, each once, in order: "UNTERM; UNBIS Thesaurus"."""
    out: list[str] = []
    for name in names:
        for part in name.split(_SEP):
            if part.strip() and part.strip() not in out:
                out.append(part.strip())
    return _SEP.join(out)


@dataclass
class MergeStats:
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # curated or imported entries a rebuild did not find again, kept


@dataclass
class ImportStats:
    added: int = 0  # new entries
    updated: int = 0  # entries that got a variant, a note, a kind, a status or the source
    unchanged: int = 0  # already there as given (importing the same file again changes nothing)


@dataclass
class CarryStats:
    curated: int = 0  # entries with a terminologist's status or note, carried over
    imported: int = 0  # imported entries the new glossary lacked or had less of, carried over


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
                conn.executescript(_SCHEMA + _UNITS_FTS)
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
        version = version[0] if version else "?"
        if version == "1":  # a glossary made by an earlier bitext: upgraded in place, nothing lost
            try:
                conn.executescript("BEGIN;" + _MIGRATE_1_TO_2 + "COMMIT;")
            except sqlite3.DatabaseError as e:
                conn.close()
                raise InputError(f"cannot upgrade this glossary to schema version {SCHEMA_VERSION} ({e})", p) from None
        elif version != SCHEMA_VERSION:
            conn.close()
            raise InputError(f"glossary schema version {version} is not the supported {SCHEMA_VERSION}", p)
        return cls(conn, p)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def copy_to(self, target: str | Path) -> None:
        """A consistent copy of the whole database at `target` (SQLite's backup)."""
        dest = sqlite3.connect(target)
        try:
            with dest:
                self.conn.backup(dest)
        finally:
            dest.close()

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

    def unit_zh(self, unit_id: int) -> str:
        """The Chinese of one stored unit."""
        return self.conn.execute("SELECT zh FROM units WHERE id = ?", (unit_id,)).fetchone()[0]

    def search_units(self, text: str, lang: str, limit: int = 200) -> list[Unit]:
        """Aligned pairs whose `lang` side contains `text` (as written, case-insensitive for
        English), shortest first: the FTS5 trigram index for three characters or more, a scan
        below that."""
        if lang not in ("zh", "en") or not text.strip():
            return []
        if len(text) >= 3:
            phrase = '"' + text.replace('"', '""') + '"'
            rows = self.conn.execute(
                f"SELECT u.id, u.document, u.paragraph, u.bead, u.zh, u.en FROM units_fts f JOIN units u "
                f"ON u.id = f.rowid WHERE units_fts MATCH ? ORDER BY length(u.{lang}), u.id LIMIT ?",
                (f"{lang} : {phrase}", limit))
        else:
            rows = self.conn.execute(
                f"SELECT id, document, paragraph, bead, zh, en FROM units WHERE instr({lang}, ?) > 0 "
                f"ORDER BY length({lang}), id LIMIT ?", (text, limit))
        return [Unit(document=d, paragraph=p, bead=b, zh=z, en=e, id=i) for i, d, p, b, z, e in rows]

    def count_units(self, text: str, lang: str) -> int:
        """In how many aligned pairs the `lang` side contains `text`."""
        if len(text) >= 3:
            phrase = '"' + text.replace('"', '""') + '"'
            return self.conn.execute("SELECT count(*) FROM units_fts WHERE units_fts MATCH ?",
                                     (f"{lang} : {phrase}",)).fetchone()[0]
        return self.conn.execute(f"SELECT count(*) FROM units WHERE instr({lang}, ?) > 0", (text,)).fetchone()[0]

    def counts(self) -> dict[str, int]:
        q = self.conn.execute
        return {
            "sources": q("SELECT count(*) FROM sources").fetchone()[0],
            "units": q("SELECT count(*) FROM units").fetchone()[0],
            "entries": q("SELECT count(*) FROM entries").fetchone()[0],
            "approved": q("SELECT count(*) FROM entries WHERE status = 'approved'").fetchone()[0],
            "rejected": q("SELECT count(*) FROM entries WHERE status = 'rejected'").fetchone()[0],
            "imported": q("SELECT count(*) FROM entries WHERE origin = 'import'").fetchone()[0],
        }

    # Entries -----------------------------------------------------------------------------------

    def _term_rows(self, entry_id: int) -> list[tuple[str, str, int, str, str]]:
        return self.conn.execute("SELECT lang, text, main, origin, status FROM terms WHERE entry_id = ? ORDER BY id",
                                 (entry_id,)).fetchall()

    def _write_terms(self, entry_id: int, e: Entry, origin: str = "build") -> None:
        """Replace the entry's terms of this origin; the terms of the other origin stay (a rebuild
        keeps what a reference brought, an import keeps what the texts taught)."""
        kept = [r for r in self._term_rows(entry_id) if r[3] != origin]
        self.conn.execute("DELETE FROM terms WHERE entry_id = ?", (entry_id,))
        seen = set()
        rows = []

        def add(lang: str, text: str, main: int, term_origin: str, status: str) -> None:
            key = (lang, normalise(text))
            if text and key not in seen:
                seen.add(key)
                rows.append((entry_id, lang, text, normalise(text), main, term_origin, status))

        deprecated = {normalise(t) for t in e.deprecated}
        add("zh", e.zh, 1, origin, "")
        add("en", e.en, 1, origin, "")
        for lang, text, main, term_origin, status in kept:
            if main:
                continue
            add(lang, text, 0, term_origin, status)
        for lang, variants in (("zh", e.zh_variants), ("en", e.en_variants)):
            for v in variants:
                add(lang, v, 0, origin, "deprecated" if normalise(v) in deprecated else "")
        for t in e.deprecated:
            add("zh" if has_cjk(t) else "en", t, 0, origin, "deprecated")
        self.conn.executemany(
            "INSERT INTO terms (entry_id, lang, text, norm, main, origin, status) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _write_contexts(self, entry_id: int, unit_ids: list[int]) -> None:
        self.conn.execute("DELETE FROM contexts WHERE entry_id = ?", (entry_id,))
        self.conn.executemany("INSERT OR IGNORE INTO contexts VALUES (?, ?)", [(entry_id, u) for u in unit_ids])

    def _check(self, e: Entry) -> None:
        if e.kind not in KINDS:
            raise InputError(f"unknown kind {e.kind!r} for {e.zh} / {e.en}; use one of {', '.join(KINDS)}")
        if e.status not in STATUSES:
            raise InputError(f"unknown status {e.status!r} for {e.zh} / {e.en}")

    def _insert(self, e: Entry, origin: str) -> int:
        self._check(e)
        cur = self.conn.execute(
            "INSERT INTO entries (zh, en, kind, frequency, score, status, note, origin, updated, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.zh, e.en, e.kind, e.frequency, e.score, e.status, e.note, origin, _now(), e.source),
        )
        entry_id = cur.lastrowid
        self._write_terms(entry_id, e, origin)
        self._write_contexts(entry_id, e.units)
        return entry_id

    def merge_built(self, entries: list[Entry]) -> MergeStats:
        """Replace what a build computes (counts, score, learnt variants, contexts; the kind of a
        learnt entry), keep what people decided (status, note) and what references brought
        (imported entries, their variants, kind, note and source). Call inside a transaction
        (`with store.conn:`)."""
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
                entry_id, _, _, origin = existing[key]
                kind = "kind = ?, " if origin == "build" else ""
                self.conn.execute(
                    f"UPDATE entries SET {kind}frequency = ?, score = ?, updated = ? WHERE id = ?",
                    ((e.kind,) if origin == "build" else ()) + (e.frequency, e.score, _now(), entry_id),
                )
                self._write_terms(entry_id, e, "build")
                self._write_contexts(entry_id, e.units)
                stats.updated += 1
            else:
                self._insert(e, "build")
                stats.added += 1
        for key, (entry_id, status, note, origin) in existing.items():
            if key in seen:
                continue
            if origin != "build" or status != "candidate" or note:
                stats.kept += 1
                if origin == "import":  # learnt counts and contexts no longer hold
                    self.conn.execute("UPDATE entries SET frequency = 0, score = 0 WHERE id = ?", (entry_id,))
                    self.conn.execute("DELETE FROM terms WHERE entry_id = ? AND origin = 'build' AND main = 0",
                                      (entry_id,))
                    self._write_contexts(entry_id, [])
            else:
                self.delete(entry_id)
                stats.removed += 1
        return stats

    def add_entries(self, entries: list[Entry], origin: str = "import") -> int:
        """Insert entries as they are (a benchmark's synthetic store, a test's); an existing zh/en
        pair is left alone. Returns how many were added. References go through `import_entries`."""
        have = {(zh, en) for zh, en in self.conn.execute("SELECT zh, en FROM entries")}
        added = 0
        for e in entries:
            if (e.zh, e.en) in have:
                continue
            have.add((e.zh, e.en))
            self._insert(e, origin)
            added += 1
        return added

    def import_entries(self, entries: list[Entry], source: str, status: str = "candidate") -> ImportStats:
        """Bring a reference termbase in: every entry with `source` among its sources and `status`
        (terms the reference marks deprecated keep that mark). An entry with the same Chinese
        and English is completed (variants, note, kind, source), never duplicated; importing the
        same file again changes nothing. A terminologist's decision (an approved or rejected entry)
        is not overridden. Call inside a transaction."""
        if status not in ("candidate", "approved"):
            raise InputError(f"unknown status {status!r} for imported entries; use approved or candidate")
        stats = ImportStats()
        existing = {(zh, en): i for i, zh, en in self.conn.execute("SELECT id, zh, en FROM entries")}
        for e in entries:
            e.source = join_sources(source, e.source)
            e.status = status
            self._check(e)
            entry_id = existing.get((e.zh, e.en))
            if entry_id is None:
                existing[(e.zh, e.en)] = self._insert(e, "import")
                stats.added += 1
                continue
            if self._complete(entry_id, e):
                stats.updated += 1
            else:
                stats.unchanged += 1
        return stats

    def _complete(self, entry_id: int, e: Entry) -> bool:
        """Add what an imported entry brings to the entry already there; True if anything changed."""
        old = self.load([entry_id])[0]
        row = self.conn.execute("SELECT origin FROM entries WHERE id = ?", (entry_id,)).fetchone()
        sources = join_sources(old.source, e.source)
        note = old.note or e.note
        status = old.status if old.status != "candidate" else e.status
        kind = e.kind if row[0] == "import" or e.kind != "concept" else old.kind
        have = {normalise(t) for t in [*old.terms("zh"), *old.terms("en"), *old.deprecated]}
        new_terms = [t for t in [*e.zh_variants, *e.en_variants, *e.deprecated] if normalise(t) not in have]
        deprecated = {normalise(t) for t in old.deprecated}
        newly_deprecated = [t for t in e.deprecated if normalise(t) not in deprecated]
        if (sources, note, status, kind) == (old.source, old.note, old.status, old.kind) and not new_terms \
                and not newly_deprecated:
            return False
        self.conn.execute("UPDATE entries SET source = ?, note = ?, status = ?, kind = ?, origin = 'import', "
                          "updated = ? WHERE id = ?", (sources, note, status, kind, _now(), entry_id))
        imported = [r for r in self._term_rows(entry_id) if r[3] == "import" and not r[2]]
        merged = Entry(zh=old.zh, en=old.en,
                       zh_variants=[t for lang, t, *_ in imported if lang == "zh"] + e.zh_variants,
                       en_variants=[t for lang, t, *_ in imported if lang == "en"] + e.en_variants,
                       deprecated=[t for _, t, _, _, s in imported if s == "deprecated"] + e.deprecated)
        self._write_terms(entry_id, merged, "import")
        return True

    def carry_over(self, old: Store) -> CarryStats:
        """What a terminologist and references put into an earlier glossary, brought into this
        freshly built one (`bitext run --force` into the same folder): statuses and notes of the
        entries both have, and whole entries of the old one that were curated or imported and that
        this one lacks. Call inside a transaction."""
        stats = CarryStats()
        mine = {(zh, en): i for i, zh, en in self.conn.execute("SELECT id, zh, en FROM entries")}
        rows = old.conn.execute("SELECT id, zh, en, status, note, origin, source FROM entries "
                                "WHERE status != 'candidate' OR note != '' OR origin = 'import'").fetchall()
        for old_id, zh, en, status, note, origin, source in rows:
            curated = status != "candidate" or bool(note)
            entry = old.load([old_id])[0]
            entry_id = mine.get((zh, en))
            if entry_id is None:
                entry.units = []
                if origin == "import":
                    entry.frequency, entry.score = 0, 0.0
                    imported = {t for _, t, _, o, _ in old._term_rows(old_id) if o == "import"}
                    entry.zh_variants = [t for t in entry.zh_variants if t in imported]
                    entry.en_variants = [t for t in entry.en_variants if t in imported]
                mine[(zh, en)] = self._insert(entry, origin)
                stats.curated += curated
                stats.imported += origin == "import" and not curated
                continue
            if curated:
                self.conn.execute("UPDATE entries SET status = ?, note = ?, updated = ? WHERE id = ?",
                                  (status, note, _now(), entry_id))
                stats.curated += 1
            if origin == "import":
                imported = [(lang, t, s) for lang, t, main, o, s in old._term_rows(old_id)
                            if o == "import" and not main]
                changed = self._complete(entry_id, Entry(
                    zh=zh, en=en, kind=entry.kind, status=status, note=note, source=source,
                    zh_variants=[t for lang, t, _ in imported if lang == "zh"],
                    en_variants=[t for lang, t, _ in imported if lang == "en"],
                    deprecated=[t for _, t, s in imported if s == "deprecated"]))
                stats.imported += changed and not curated
        return stats

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
                "SELECT id, zh, en, kind, frequency, score, status, note, source, origin FROM entries "
                f"WHERE id IN ({marks})", chunk):
                out[row[0]] = Entry(id=row[0], zh=row[1], en=row[2], kind=row[3], frequency=row[4],
                                    score=row[5], status=row[6], note=row[7], source=row[8], origin=row[9])
            for entry_id, lang, text, status in self.conn.execute(
                f"SELECT entry_id, lang, text, status FROM terms WHERE main = 0 AND entry_id IN ({marks}) ORDER BY id",
                chunk):
                e = out[entry_id]
                if status == "deprecated":
                    e.deprecated.append(text)
                else:
                    (e.zh_variants if lang == "zh" else e.en_variants).append(text)
        return [out[i] for i in ids if i in out]

    def entries(self, top: int | None = None, kind: str | None = None, status: str | None = None,
                include_rejected: bool = True, origin: str | None = None) -> list[Entry]:
        """Entries by descending score, optionally of one kind, status and/or origin."""
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
        if origin:
            if origin not in ORIGINS:
                raise InputError(f"unknown origin {origin!r}; use one of {', '.join(ORIGINS)}")
            where.append("origin = ?")
            args.append(origin)
        sql = "SELECT id FROM entries" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY score DESC, id"
        if top:
            sql += f" LIMIT {int(top)}"
        return self.load([r[0] for r in self.conn.execute(sql, args)])

    def exportable(self, min_score: float) -> list[Entry]:
        """What an export holds by default: approved and imported entries, and the learnt
        candidates scoring at least `min_score`; never rejected ones. Best first."""
        rows = self.conn.execute(
            "SELECT id FROM entries WHERE status != 'rejected' AND (status = 'approved' OR origin = 'import' "
            "OR score >= ?) ORDER BY status = 'approved' DESC, score DESC, id", (min_score,))
        return self.load([r[0] for r in rows])

    def conflicts(self) -> list[list[Entry]]:
        """Entries that give one Chinese term different English (an imported term against a learnt
        one, two references that disagree), rejected ones aside: each group best first."""
        rows = self.conn.execute(
            "SELECT t.norm, t.entry_id FROM terms t JOIN entries e ON e.id = t.entry_id "
            "WHERE t.lang = 'zh' AND t.main = 1 AND e.status != 'rejected' ORDER BY t.norm, e.id")
        by_zh: dict[str, list[int]] = {}
        for norm, entry_id in rows:
            by_zh.setdefault(norm, []).append(entry_id)
        groups = []
        for ids in by_zh.values():
            if len(ids) < 2:
                continue
            entries = self.load(ids)
            if len({normalise(e.en) for e in entries}) > 1:
                entries.sort(key=rank)
                groups.append(entries)
        groups.sort(key=lambda g: (-max(e.score for e in g), g[0].zh))
        return groups

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


def rank(e: Entry) -> tuple:
    """Which entry's English goes first when several have the term: an approved reference entry,
    then an approved one, then the best-scored (a learnt entry with evidence before a reference
    candidate, which has no score of its own)."""
    return (not (e.status == "approved" and e.origin == "import"), e.status != "approved", -e.score, e.id or 0)

