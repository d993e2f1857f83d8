"""The derived index (`index.sqlite` in the cache folder): parsed files and derived answers, safe to delete.

Per file it keeps the parsed mapping (as JSON) and the file's YAML-level
problems with a hash of the bytes they came from and the git blob id of the
same bytes (`files`); apart from them, the file's stat when it was last seen
(`file_stats`), the shortcut that spares hashing it again. So no file is
parsed again until its bytes change. Beside them it keeps the rows derived
per person and per file (`rows`, `derived_files`, `mentions`, the full-text
index) and *snapshots*: answers stamped with pp's code and the content
fingerprint of every file, so a warm `pp list` needs a stat of every file
and one read.

It is only a cache, and never trusted for more than pp put in it: it lives
outside the repository's contents (`pp_cli.cachedir` says where, and which
folders may hold it); it holds only JSON, never pickle; its files are used
only when they are plain files of this user's (a link or a hard link is
removed, never followed); its schema must equal pp's exactly — no triggers,
no views, nothing else — with `trusted_schema` off, before pp runs a single
statement on it; and anything else is discarded and rebuilt. It is checked
against a format version and the knowledge base's own path, and bypassed
(never fatal) when it cannot be opened or written — e.g. a full disk, or
another `pp` holding the write lock for too long.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pp_cli.cachedir import DISABLE_VAR, Unsafe, location, own_file, prepare, remove
from pp_cli.fingerprint import name_code

FORMAT = "15"  # bump when the stored shapes change (15: each folder's blob digest; 14: when each kind of row
# changed; 13: git blob ids; 12: files pending derivation; 11: refs with identities, a change log; 10: organization
# rows with other names; 9: content keys)
FILENAME = "index.sqlite"
_FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(key UNINDEXED, kind UNINDEXED, "
        "tokens, doc UNINDEXED, tokenize='unicode61')")
_SIDE_FILES = ("-wal", "-shm", "-journal")

_SETTLED = """DELETE FROM pending WHERE path IN (
    SELECT p.path FROM pending p LEFT JOIN files f ON f.path = p.path LEFT JOIN derived_files d ON d.path = p.path
    WHERE f.hash IS d.hash)"""  # files the derived rows now match (both gone counts): no longer pending
# (`pending` is written first in each join: a left join keeps that order, a CROSS JOIN makes SQLite keep it)

# Each kept file's stat beside its content: a fresh clone restats every file without rewriting the contents.
_WITH_STATS = ("SELECT f.path, s.mtime_ns, s.ctime_ns, s.inode, s.size, f.hash, f.blob FROM files f "
               "JOIN file_stats s ON s.path = f.path")
# The same for the files directly inside one folder (a range of paths) whose name code (`fingerprint.name_code`)
# has some low bits: one bucket of a large folder (`fingerprint.bucket_of`). The stats (small rows) are walked.
_IN_FOLDER = ("SELECT s.path, s.mtime_ns, s.ctime_ns, s.inode, s.size, f.hash, f.blob FROM file_stats s "
              "JOIN files f ON f.path = s.path WHERE s.path > ? AND s.path < ? AND instr(substr(s.path, ?), '/') = 0")

_BUSY_MS = 10_000  # how long to wait for another pp writing the index
_BUCKET_COUNTS = {str(1 << n) for n in range(1, 21)}  # how many buckets a folder can be split into

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, hash TEXT NOT NULL, blob TEXT NOT NULL, data TEXT, problems TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_stats (
    path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    size INTEGER NOT NULL, code INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS states (stat TEXT PRIMARY KEY, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS folders (
    rel TEXT PRIMARY KEY, stat TEXT NOT NULL, content TEXT NOT NULL, blobs TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS derived_files (
    path TEXT PRIMARY KEY, hash TEXT NOT NULL, kind TEXT NOT NULL, rid TEXT, refs TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS derived_files_id ON derived_files (kind, rid);
CREATE TABLE IF NOT EXISTS pending (path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS mentions (id TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (id, path));
CREATE INDEX IF NOT EXISTS mentions_path ON mentions (path);
CREATE TABLE IF NOT EXISTS rows (
    kind TEXT NOT NULL, owner TEXT NOT NULL, key TEXT NOT NULL, ord TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (kind, owner, key)
);
CREATE INDEX IF NOT EXISTS rows_key ON rows (kind, key);
CREATE INDEX IF NOT EXISTS rows_owner ON rows (owner);
CREATE TABLE IF NOT EXISTS snapshots (
    name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshot_items (
    name TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, key)
);
"""

def _create(db: sqlite3.Connection) -> None:
    db.executescript(_SCHEMA)
    with contextlib.suppress(sqlite3.OperationalError):  # an SQLite built without FTS5: search scans instead
        db.execute(_FTS)


def _objects(db: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"),
                  key=lambda row: (row[0], row[1], row[2], row[3] or ""))


_EXPECTED: list[tuple[str, str, str, str | None]] = []


def _expected_objects() -> list[tuple[str, str, str, str | None]]:
    """Every table, index and shadow table pp's schema makes, exactly as SQLite records it."""
    if not _EXPECTED:
        db = sqlite3.connect(":memory:")
        _create(db)
        _EXPECTED.extend(_objects(db))
        db.close()
    return _EXPECTED


Folder = tuple[str, list[str], list[int], list[int]]  # as pp_cli.discovery.scan gives them
FileRow = tuple[str, str, str, "str | None", str]  # a derived_files row: (path, hash, kind, id, refs JSON)
Row = tuple[str, str, str, str, str]  # a row (kind, owner, key, ord, value JSON), or a full-text row (pp_cli.derived)


def fingerprint(folders: list[Folder]) -> str:
    """Changes whenever any file is added, removed, renamed, or changed in mtime or size.

    Order matters too; a mere reordering only costs a recomputation.
    """
    digest = hashlib.blake2b(digest_size=16)
    for rel, names, mtimes, sizes in folders:
        digest.update(f"{rel}\0{len(names)}\0".encode())
        digest.update("\0".join(names).encode())
        digest.update(array.array("q", mtimes).tobytes())
        digest.update(array.array("q", sizes).tobytes())
    return digest.hexdigest()


def _insert_search(db: sqlite3.Connection, search: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Add full-text rows, with rowids chosen here so both tables are written in bulk."""
    try:
        (top,) = db.execute("SELECT coalesce(max(rowid), 0) FROM search_fts").fetchone()
    except sqlite3.OperationalError:  # an SQLite without FTS5: search scans instead
        return
    batch: list[tuple[int, str, str, str, str, str]] = []
    for owner, key, kind, tokens, doc in search:
        top += 1
        batch.append((top, owner, key, kind, tokens, doc))
        if len(batch) == 2000:
            _store_fts(db, batch)
            batch = []
    _store_fts(db, batch)


def _insert_derived(db: sqlite3.Connection, files: list[FileRow], rows: Iterable[Row], search: Iterable[Row]) -> None:
    """Add files' derived_files rows, the ids they mention, rows and full-text rows (`Cache.store_derived`)."""
    db.executemany("INSERT OR REPLACE INTO derived_files VALUES (?, ?, ?, ?, ?)", files)
    db.executemany("INSERT OR IGNORE INTO mentions VALUES (?, ?)",
                   ((i, f[0]) for f in files for i in json.loads(f[4]).get("ids", [])))
    db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?, ?)", rows)
    _insert_search(db, search)
    # a row that is no file (`derived.DUPLICATES`) stays pending, so every change reaches it
    db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(f[0],) for f in files if not f[0].startswith("data/")])


def _checkpoint(db: sqlite3.Connection) -> None:
    """Copy a large write's log into the database and empty it, now, if no other pp is reading.

    Otherwise the next pp to open the index would first read the whole log
    (hundreds of megabytes after the search index is built at 50,000 people)
    to rebuild its index of it: about a second, paid by a run after an edit.
    """
    db.execute("PRAGMA busy_timeout = 0")  # another pp reading: leave it (slower next time, never wrong)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        db.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")


def _kinds_changed(db: sqlite3.Connection, owners: list[str], rows: list[tuple[str, str, str, str, str]]) -> set[str]:
    """The kinds of row that replacing the rows of `owners` with `rows` changes (any row added, gone or altered)."""
    touched = sorted({*owners, *(row[1] for row in rows)})
    before: dict[tuple[str, str, str], tuple[str, str]] = {}
    for start in range(0, len(touched), 500):
        chunk = touched[start:start + 500]
        for kind, owner, key, order, value in db.execute(
                f"SELECT kind, owner, key, ord, value FROM rows WHERE owner IN ({','.join('?' * len(chunk))}) "
                "AND kind != 'fts'", chunk):
            before[kind, owner, key] = (order, value)
    dropped = set(owners)
    after = {k: v for k, v in before.items() if k[1] not in dropped}
    after.update(((kind, owner, key), (order, value)) for kind, owner, key, order, value in rows)
    return {k[0] for k in before.keys() ^ after.keys()} | {k[0] for k in before.keys() & after.keys()
                                                             if before[k] != after[k]}


def _store_fts(db: sqlite3.Connection, batch: list[tuple[int, str, str, str, str, str]]) -> None:
    db.executemany("INSERT INTO search_fts (rowid, key, kind, tokens, doc) VALUES (?, ?, ?, ?, ?)",
                   [(rowid, key, kind, tokens, doc) for rowid, _owner, key, kind, tokens, doc in batch])
    db.executemany("INSERT OR REPLACE INTO rows VALUES ('fts', ?, ?, '', ?)",
                   [(owner, key, str(rowid)) for rowid, owner, key, _kind, _tokens, _doc in batch])


def _decoded(cursor: sqlite3.Cursor) -> list[tuple[Any, ...]]:
    """A query's rows with their last column (JSON) decoded, a thousand at a time.

    Never every text at once beside its values: a 50,000-person list's rows
    are ~35 MB of JSON, and holding it all while decoding doubled a warm
    `pp list`'s memory.
    """
    out: list[tuple[Any, ...]] = []
    while part := cursor.fetchmany(1000):
        out += [(*row[:-1], value) for row, value in zip(part, _values([row[-1] for row in part]), strict=True)]
    return out


def _values(texts: list[str]) -> list[Any]:
    """JSON texts decoded in one call: tens of thousands of small rows decode in half the time.

    Each text is one value pp wrote; should the joined texts not come out as
    one value each (a file altered by hand), each is decoded on its own.
    """
    if not texts:
        return []
    try:
        values = json.loads(f"[{','.join(texts)}]")
    except ValueError:
        values = None
    if not isinstance(values, list) or len(values) != len(texts):
        values = [json.loads(text) for text in texts]
    return values


class Cache:
    """A connection to the cache's `index.sqlite`, or a no-op stand-in when unavailable."""

    def __init__(self, root: Path, enabled: bool = True, folder: str | os.PathLike[str] | None = None) -> None:
        self.root = root
        self.folder = location(root, folder)
        self.db: sqlite3.Connection | None = None
        self.refused: str | None = None  # why the cache folder could not be used, to tell the user once
        if enabled and not os.environ.get(DISABLE_VAR):
            self.db = self._open()

    @property
    def usable(self) -> bool:
        """Open and not given up on (see `_guard`)."""
        return self.db is not None

    @property
    def path(self) -> Path:
        return self.folder / FILENAME

    def _open(self) -> sqlite3.Connection | None:
        try:
            prepare(self.folder, self.root)
        except Unsafe as exc:
            self.refused = str(exc)
            return None
        for attempt in range(2):
            try:
                return self._connect()
            except (sqlite3.DatabaseError, OSError, ValueError):
                if attempt == 0:  # corrupt or foreign: start afresh once
                    self._remove()
        return None

    def _connect(self) -> sqlite3.Connection:
        for suffix in ("", *_SIDE_FILES):  # a link, a hard link or another user's file is never opened
            name = Path(f"{self.path}{suffix}")
            if not own_file(name):
                remove(name)
        db = sqlite3.connect(f"{self.path.as_uri()}?nofollow=1", uri=True, timeout=_BUSY_MS / 1000,
                             isolation_level=None)
        try:
            db.execute("PRAGMA trusted_schema=OFF")
            found = _objects(db)
            if found and found != _expected_objects():  # another program's file, an old format, or tampered
                raise sqlite3.DatabaseError("not pp's schema")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if not found:
                _create(db)
        except BaseException:
            db.close()
            raise
        meta = dict(db.execute("SELECT key, value FROM meta"))
        expected = {"format": FORMAT}  # not the root: parse results and answers are keyed by content
        if meta != expected:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM files")
                db.execute("DELETE FROM file_stats")
                db.execute("DELETE FROM states")
                db.execute("DELETE FROM folders")
                db.execute("DELETE FROM derived_files")
                db.execute("DELETE FROM pending")
                db.execute("DELETE FROM mentions")
                db.execute("DELETE FROM rows")
                db.execute("DELETE FROM snapshots")
                db.execute("DELETE FROM snapshot_items")
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute("DELETE FROM search_fts")
                db.execute("DELETE FROM meta")
                db.executemany("INSERT INTO meta VALUES (?, ?)", expected.items())
        return db

    def _remove(self) -> None:
        for suffix in ("", *_SIDE_FILES):
            remove(Path(f"{self.path}{suffix}"))

    def _guard(self, action, default=None):  # type: ignore[no-untyped-def]
        """Run a database action; on any database trouble, stop using the cache."""
        if self.db is None:
            return default
        try:
            return action(self.db)
        except (sqlite3.Error, ValueError, TypeError):
            self.db = None
            return default

    # -- per-file parse results -------------------------------------------------

    def files(self) -> dict[str, tuple[int, int, int, int, str, str]]:
        """path → (mtime_ns, ctime_ns, inode, size, content hash, git blob id) of every file whose parse results
        are kept."""
        rows = self._guard(lambda db: db.execute(_WITH_STATS).fetchall(), [])
        return {path: (mtime, ctime, inode, size, digest, blob) for path, mtime, ctime, inode, size, digest, blob
                in rows}

    def hashes(self) -> dict[str, str]:
        """path → content hash of every file whose parse results are kept: `files` without the stat, for less memory."""
        return self._guard(lambda db: dict(db.execute("SELECT path, hash FROM files")), {})

    def files_in(self, folders: list[str]) -> dict[str, tuple[int, int, int, int, str, str]]:
        """Like `files`, for the files directly inside `folders` only: folders, or buckets of large ones
        (`folder//bucket:buckets`, as `fingerprint.item_key` makes them). Each folder is walked once."""
        wanted: dict[str, dict[int, set[int]]] = {}  # folder → buckets → which of them (a mask of 0: all files)
        for key in folders:
            rel, _, bucket = key.partition("//")
            number, _, count = bucket.partition(":")
            if count in _BUCKET_COUNTS and number.isdecimal() and int(number) < int(count):
                wanted.setdefault(rel, {}).setdefault(int(count) - 1, set()).add(int(number))
            else:  # a folder, or not pp's key: the whole folder (sync keeps apart the files it did not look at)
                wanted.setdefault(rel, {})[0] = {0}
        out: dict[str, tuple[int, int, int, int, str, str]] = {}
        for rel, masks in wanted.items():
            picked = " OR ".join(f"(s.code & {mask}) IN ({','.join(str(n) for n in sorted(lows))})"
                                 for mask, lows in masks.items())  # pp's own integers: no text from the index
            rows = self._guard(lambda db, r=rel, p=picked: db.execute(
                f"{_IN_FOLDER} AND ({p})", (f"{r}/", f"{r}0", len(r) + 2)).fetchall(), [])
            out.update((path, (m, c, i, s, h, b)) for path, m, c, i, s, h, b in rows)
        return out

    def folders(self) -> dict[str, tuple[str, str, str]]:
        """folder → (stat digest, content digest, blob digest or "") of the folders last seen whole and not racy
        (keys of buckets too: `fingerprint.item_key`; the blob digest is `sync.blob_digest`'s)."""
        rows = self._guard(lambda db: db.execute("SELECT rel, stat, content, blobs FROM folders").fetchall(), [])
        return {rel: (stat, content, blobs) for rel, stat, content, blobs in rows}

    def store_folders(self, rows: list[tuple[str, str, str, str]], gone: list[str]) -> None:
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("DELETE FROM folders WHERE rel = ?", [(r,) for r in gone])
                db.executemany("INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?)", rows)

        if rows or gone:
            self._guard(write)

    def file_count(self) -> int:
        """How many files' parse results the index keeps."""
        return self._guard(lambda db: db.execute("SELECT count(*) FROM files").fetchone()[0], 0)

    def stats_of(self, paths: list[str]) -> dict[str, tuple[int, int, int, int]]:
        """path → (mtime_ns, ctime_ns, inode, size) as stored, of those of `paths` the index keeps."""
        out: dict[str, tuple[int, int, int, int]] = {}
        for i in range(0, len(paths), 500):
            chunk = paths[i : i + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT path, mtime_ns, ctime_ns, inode, size FROM file_stats WHERE path IN ({marks})"
            rows = self._guard(lambda db, q=query, c=chunk: db.execute(q, c).fetchall(), [])
            out.update((path, (m, c, i, s)) for path, m, c, i, s in rows)
        return out

    def results(self, paths: list[str]) -> Iterator[tuple[str | None, str]]:
        """(data JSON or None, problems JSON) of each of `paths`, in order, read a few hundred at a time.

        Never all at once: at 50,000 people the parse results are ~400 MB of JSON.
        Raises LookupError if a file's results vanished (another pp rebuilt the cache).
        """
        for i in range(0, len(paths), 500):
            chunk = paths[i : i + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT path, data, problems FROM files WHERE path IN ({marks})"
            rows = self._guard(lambda db, q=query, c=chunk: db.execute(q, c).fetchall(), [])
            found = {path: (data, problems) for path, data, problems in rows}
            for path in chunk:
                if path not in found:
                    raise LookupError(path)
                yield found[path]

    def store_files(self, rows: list[tuple[str, int, int, int, int, str, str, str | None, str]],
                    gone: list[str]) -> None:
        """Store parse results: (path, mtime_ns, ctime_ns, inode, size, hash, blob id, data JSON, problems JSON)."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
                db.executemany("DELETE FROM file_stats WHERE path = ?", [(p,) for p in gone])
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", [(r[0], *r[5:]) for r in rows])
                db.executemany("INSERT OR REPLACE INTO file_stats VALUES (?, ?, ?, ?, ?, ?)",
                               [(*r[:5], name_code(r[0].rsplit("/", 1)[-1])) for r in rows])
                db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(p,) for p in gone])
                db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(r[0],) for r in rows])

        if rows or gone:
            self._guard(write)

    def restat(self, rows: list[tuple[int, int, int, int, str, str]]) -> None:
        """New states of files hashed again and found unchanged: (mtime, ctime, inode, size, path, hash)."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("UPDATE file_stats SET mtime_ns = ?, ctime_ns = ?, inode = ?, size = ? WHERE path = ? "
                               "AND EXISTS (SELECT 1 FROM files WHERE files.path = ? AND hash = ?)",
                               [(*r[:5], r[4], r[5]) for r in rows])

        if rows:
            self._guard(write)

    def content_of(self, stat: str) -> str | None:
        """The content fingerprint that the file states fingerprinted `stat` were last seen to stand for."""
        row = self._guard(lambda db: db.execute("SELECT content FROM states WHERE stat = ?", (stat,)).fetchone())
        return None if row is None else row[0]

    def store_state(self, stat: str, content: str) -> None:
        """Remember what `stat` stands for; a few are kept (a branch switched back and forth)."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT OR REPLACE INTO states VALUES (?, ?)", (stat, content))
                db.execute("DELETE FROM states WHERE rowid NOT IN (SELECT rowid FROM states ORDER BY rowid DESC "
                           "LIMIT 16)")

        self._guard(write)

    # -- derived rows, kept per owner (a person, or a record's file) -----------------

    def derived_changes(self) -> list[tuple[str, str | None, str | None, str | None, str | None, str | None]]:
        """Files whose content differs from what the derived rows were made from.

        (path, hash now or None if gone, data JSON now, old kind, old id, old refs JSON). Only the
        files `pending` names can differ: every write of parse results adds its paths there, and
        `store_derived` takes off those its rows now match.
        """
        query = """
            SELECT f.path, f.hash, f.data, d.kind, d.rid, d.refs FROM pending p CROSS JOIN files f ON f.path = p.path
                LEFT JOIN derived_files d ON d.path = f.path WHERE d.hash IS NULL OR d.hash != f.hash
            UNION ALL
            SELECT d.path, NULL, NULL, d.kind, d.rid, d.refs FROM pending p CROSS JOIN derived_files d
                ON d.path = p.path WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.path = d.path)"""
        return self._guard(lambda db: db.execute(query).fetchall(), [])

    def claimed(self, kind: str, rid: str) -> list[str]:
        """Paths whose records (as last derived) have id `rid`."""
        return [p for (p,) in self._guard(lambda db: db.execute(
            "SELECT path FROM derived_files WHERE kind = ? AND rid = ?", (kind, rid)).fetchall(), [])]

    def mentioning(self, owners: list[str]) -> list[str]:
        """Paths of the files whose refs (as last derived) name any of `owners`."""
        return sorted({path for path, _refs in self.mentioning_refs(owners)})

    def mentioning_refs(self, owners: list[str]) -> list[tuple[str, str]]:
        """(path, refs JSON) of the files whose refs (as last derived) name any of `owners`."""
        found: dict[str, str] = {}
        for i in range(0, len(owners), 500):
            chunk = owners[i : i + 500]
            marks = ",".join("?" * len(chunk))
            query = (f"SELECT DISTINCT d.path, d.refs FROM mentions m JOIN derived_files d ON d.path = m.path "
                     f"WHERE m.id IN ({marks})")
            found.update(self._guard(lambda db, q=query, c=chunk: db.execute(q, c).fetchall(), []))
        return sorted(found.items())

    def paths_of(self, kind: str, ids: list[str]) -> list[str]:
        """Paths of the files of `kind` whose records (as last derived) have one of `ids`."""
        found: list[str] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            query = f"SELECT path FROM derived_files WHERE kind = ? AND rid IN ({','.join('?' * len(chunk))})"
            found += [p for (p,) in self._guard(lambda db, q=query, c=chunk: db.execute(q, [kind, *c]).fetchall(),
                                                 [])]
        return sorted(found)

    def has_path_row(self, path: str) -> bool:
        """Whether the derived rows were made from a file (or marker) `path`."""
        return self._guard(lambda db: db.execute("SELECT 1 FROM derived_files WHERE path = ?",
                                                 (path,)).fetchone(), None) is not None

    def paths_outside(self, prefixes: tuple[str, ...]) -> list[str]:
        """Paths of stored files under none of `prefixes` (organizations, codes, cases: few)."""
        rows = self._guard(lambda db: db.execute(  # around the (many) files under `prefixes`, by the index
            "SELECT path FROM files WHERE " + " AND ".join("(path < ? OR path >= ?)" for _ in prefixes),
            [bound for p in prefixes for bound in (p, p[:-1] + chr(ord(p[-1]) + 1))]).fetchall(), [])
        return [p for (p,) in rows if not p.startswith(prefixes)]

    def head(self, name: str) -> str | None:
        """The stamp of the stored answer `name`, without its value."""
        row = self._guard(lambda db: db.execute("SELECT fingerprint FROM snapshots WHERE name = ?",
                                                (name,)).fetchone())
        return None if row is None else row[0]

    def store_derived(
        self, *, everything: bool, files: list[tuple[str, str, str, str | None, str]], gone: list[str],
        owners: list[str], rows: Iterable[tuple[str, str, str, str, str]],
        search: Iterable[tuple[str, str, str, str, str]], stamp: str,
    ) -> None:
        """Replace the rows of `owners` (of everyone, if `everything`) and record what they came from.

        `files`: (path, hash, kind, id, refs JSON); `rows`: (kind, owner, key, ord, value JSON);
        `search`: (owner, key, kind, tokens, document JSON) for the full-text index (nothing until
        `store_search` has built it: see `keeps_search`).
        """
        if everything:
            self.store_whole([(files, rows, search)], stamp)
            return
        rows = list(rows)  # a few owners' rows: compared with those they replace (`_kinds_changed`)

        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO snapshot_items VALUES ('rows_changed', ?, ?)",
                               [(kind, stamp) for kind in _kinds_changed(db, owners, rows)])
                db.executemany("DELETE FROM derived_files WHERE path = ?", [(p,) for p in gone])
                db.executemany("DELETE FROM mentions WHERE path = ?", [(p,) for p in (*gone, *(f[0] for f in files))])
                fts = [(o,) for o in owners]
                with contextlib.suppress(sqlite3.OperationalError):
                    db.executemany("DELETE FROM search_fts WHERE rowid IN (SELECT CAST(value AS INTEGER) "
                                   "FROM rows WHERE kind = 'fts' AND owner = ?)", fts)
                db.executemany("DELETE FROM rows WHERE owner = ?", fts)
                _insert_derived(db, files, rows, search)
                db.execute("INSERT OR REPLACE INTO snapshots VALUES ('derived', ?, '')", (stamp,))
                db.execute(_SETTLED)

        self._guard(write)

    def store_whole(self, parts: Iterable[tuple[list[FileRow], Iterable[Row], Iterable[Row]]], stamp: str) -> None:
        """Replace every derived row with `parts` — each (files, rows, search) as for `store_derived` — in
        one transaction, each part written as it comes: a whole build made a few thousand people at a
        time (`View._update_rows`) never holds every record at once."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM derived_files")
                db.execute("DELETE FROM mentions")
                db.execute("DELETE FROM rows")
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute("DELETE FROM search_fts")
                db.execute("DELETE FROM snapshot_items WHERE name = 'rows_changed'")
                db.execute("INSERT INTO snapshot_items VALUES ('rows_changed', '*', ?)", (stamp,))
                for files, rows, search in parts:
                    _insert_derived(db, files, rows, search)
                db.execute("INSERT OR REPLACE INTO snapshots VALUES ('derived', ?, '')", (stamp,))
                db.execute(_SETTLED)
            _checkpoint(db)

        self._guard(write)

    CHANGES_KEPT = 32  # entries of the change log: answers kept older than that are computed whole again

    def rows_changed(self, kinds: Iterable[str]) -> str | None:
        """The stamps at which the rows of each of `kinds` last changed, as one string; None if unknown.

        An answer made only from rows of those kinds holds as long as this does,
        whatever else changed (`View.remember`'s `rows`).
        """
        found = dict(self._guard(lambda db: db.execute(
            "SELECT key, value FROM snapshot_items WHERE name = 'rows_changed'").fetchall(), []))
        if "*" not in found:
            return None
        return "|".join(f"{kind}@{found.get(kind, found['*'])}" for kind in sorted(set(kinds)))

    def log_change(self, before: str, after: str, files: list[list[str | None]]) -> None:
        """Record that the derived rows went from stamp `before` to `after` through `files` changing.

        `files`: [path, id before, refs JSON before (None: new), id after, refs JSON after (None: gone)]. Answers kept
        at `before` (pp validate's findings) can follow the log instead of starting again.
        """
        value = json.dumps({"after": after, "files": files}, ensure_ascii=False)

        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("INSERT OR REPLACE INTO snapshot_items VALUES ('changes', ?, ?)", (before, value))
                db.execute("DELETE FROM snapshot_items WHERE name = 'changes' AND rowid NOT IN (SELECT rowid FROM "
                           "snapshot_items WHERE name = 'changes' ORDER BY rowid DESC LIMIT ?)", (self.CHANGES_KEPT,))

        self._guard(write)

    def changes_between(self, start: str, end: str) -> list[list[str | None]] | None:
        """The files that changed from stamp `start` to `end`, by the change log, in order; None if it has a gap.

        A path that changed twice appears twice. An entry that records no file breaks the chain:
        the stamp moved for a reason the rows do not show.
        """
        entries = dict(self._guard(lambda db: db.execute(
            "SELECT key, value FROM snapshot_items WHERE name = 'changes'").fetchall(), []))
        found: list[list[str | None]] = []
        at, steps = start, 0
        while at != end:
            entry = entries.get(at)
            steps += 1
            if entry is None or steps > len(entries):
                return None
            step = json.loads(entry)
            if not step["files"]:
                return None
            found += step["files"]
            at = step["after"]
        return found

    def claimers(self, ref: str) -> list[tuple[str, str, str | None]]:
        """(path, kind, id) of the files whose refs (as last derived) name `ref` (`was:ID`, `event:ID`…), by path."""
        return self._guard(lambda db: db.execute(
            "SELECT d.path, d.kind, d.rid FROM mentions m JOIN derived_files d ON d.path = m.path WHERE m.id = ? "
            "ORDER BY d.path", (ref,)).fetchall(), [])

    def stored(self, paths: list[str]) -> set[str]:
        """Those of `paths` the index holds parse results of (the record files the loader saw)."""
        found: set[str] = set()
        for i in range(0, len(paths), 500):
            chunk = paths[i : i + 500]
            query = f"SELECT path FROM files WHERE path IN ({','.join('?' * len(chunk))})"
            found.update(p for (p,) in self._guard(lambda db, q=query, c=chunk: db.execute(q, c).fetchall(), []))
        return found

    def record_ids(self, kind: str) -> list[tuple[str, str]]:
        """(path, id) of every file of `kind` (as last derived), by path."""
        return self._guard(lambda db: db.execute(
            "SELECT path, rid FROM derived_files WHERE kind = ? AND rid IS NOT NULL ORDER BY path",
            (kind,)).fetchall(), [])

    def ordered_rows(
        self, kind: str, keys: list[str] | None = None, owners: list[str] | None = None,
    ) -> tuple[str | None, list[tuple[str, str, str, Any]]]:
        """The derived rows' stamp, and (ord, owner, key, value) of the rows of `kind` (with one of `keys`, and of
        one of `owners`, if given) in their owners' order: all read at one moment."""
        query, args = "SELECT ord, owner, key, value FROM rows WHERE kind = ?", [kind]
        if keys is not None:
            query += f" AND key IN ({','.join('?' * len(keys))})"
            args += keys
        chunks = [None] if owners is None else [owners[i : i + 500] for i in range(0, len(owners), 500)]

        def read(db: sqlite3.Connection) -> tuple[str | None, list[tuple[Any, ...]]]:
            with db:
                db.execute("BEGIN")  # one snapshot of the index for every read
                head = db.execute("SELECT fingerprint FROM snapshots WHERE name = 'derived'").fetchone()
                found: list[tuple[Any, ...]] = []
                for chunk in chunks:
                    if chunk is None:
                        found += _decoded(db.execute(query, args))
                    else:
                        found += _decoded(db.execute(f"{query} AND owner IN ({','.join('?' * len(chunk))})",
                                                     [*args, *chunk]))
                return (None if head is None else head[0]), found

        head, found = self._guard(read, (None, []))
        found.sort(key=lambda r: r[:3])  # (kind, owner, key) is unique: values are never compared
        return head, found  # type: ignore[return-value]

    def keyed_pairs(self, kind: str) -> list[tuple[str, Any]]:
        """(key, value) of every row of `kind`, in their owners' order."""
        return self._guard(lambda db: _decoded(db.execute(  # type: ignore[arg-type, return-value]
            "SELECT key, value FROM rows WHERE kind = ? ORDER BY ord, owner, key", (kind,))), [])

    def owned_pairs(self, kind: str, owners: list[str]) -> list[tuple[str, Any]]:
        """(key, value) of the rows of `kind` owned by any of `owners`, in their owners' order."""
        found: list[tuple[Any, ...]] = []
        for i in range(0, len(owners), 500):
            chunk = owners[i : i + 500]
            query = (f"SELECT ord, owner, key, value FROM rows WHERE kind = ? AND owner IN "
                     f"({','.join('?' * len(chunk))})")
            found += self._guard(lambda db, q=query, c=chunk: _decoded(db.execute(q, [kind, *c])), [])
        found.sort(key=lambda r: r[:3])
        return [(key, value) for _ord, _owner, key, value in found]

    def keyed_rows(self, kind: str, keys: list[str]) -> dict[str, list[Any]]:
        query = f"SELECT key, value FROM rows WHERE kind = ? AND key IN ({','.join('?' * len(keys))}) ORDER BY ord"
        found = self._guard(lambda db: _decoded(db.execute(query, [kind, *keys])), [])
        out: dict[str, list[Any]] = {}
        for key, value in found:
            out.setdefault(key, []).append(value)
        return out

    # -- snapshots of derived answers -------------------------------------------

    def snapshot(self, name: str) -> tuple[str, Any] | None:
        """(stamp, value) of the stored answer `name`; the caller decides whether the stamp still holds."""
        row = self._guard(
            lambda db: db.execute("SELECT fingerprint, value FROM snapshots WHERE name = ?", (name,)).fetchone()
        )
        if row is None:
            return None
        try:
            return row[0], json.loads(row[1])
        except ValueError:
            return None

    def store_snapshot(self, name: str, stamp: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self._guard(lambda db: db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", (name, stamp, text)))

    def snapshot_items(self, name: str, keys: list[str] | None = None) -> tuple[str, dict[str, Any]] | None:
        """(stamp, entries) of a keyed snapshot: all entries, or just `keys`."""
        def read(db: sqlite3.Connection) -> tuple[str, dict[str, Any]] | None:
            head = db.execute("SELECT fingerprint FROM snapshots WHERE name = ?", (name,)).fetchone()
            if head is None:
                return None
            query, args = "SELECT key, value FROM snapshot_items WHERE name = ?", [name]
            if keys is not None:
                query += f" AND key IN ({','.join('?' * len(keys))})"
                args += keys
            return head[0], {key: json.loads(value) for key, value in db.execute(query, args)}

        return self._guard(read)

    def store_snapshot_items(self, name: str, stamp: str, items: dict[str, Any]) -> None:
        """Store a keyed snapshot whole, so single entries can be read without loading the rest."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DELETE FROM snapshot_items WHERE name = ?", (name,))
                db.executemany(
                    "INSERT INTO snapshot_items VALUES (?, ?, ?)",
                    ((name, key, json.dumps(value, ensure_ascii=False)) for key, value in items.items()),
                )
                db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, '')", (name, stamp))

        self._guard(write)

    def item(self, name: str, key: str) -> Any | None:
        """One entry stored on its own (answers computed on demand, like a person's profile)."""
        row = self._guard(
            lambda db: db.execute("SELECT value FROM snapshot_items WHERE name = ? AND key = ?", (name, key)).fetchone()
        )
        return None if row is None else json.loads(row[0])

    def store_item(self, name: str, key: str, value: Any, stamp: str) -> None:
        """Store one entry, dropping entries of `name` from other stamps (keys start with the stamp)."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("DELETE FROM snapshot_items WHERE name = ? AND substr(key, 1, ?) != ?",
                           (name, len(stamp), stamp))
                db.execute("INSERT OR REPLACE INTO snapshot_items VALUES (?, ?, ?)",
                           (name, key, json.dumps(value, ensure_ascii=False)))

        self._guard(write)

    # -- full-text search ----------------------------------------------------------

    def keeps_search(self) -> bool:
        """Whether the full-text index is kept: from the first `pp search` on, so cold runs of other
        commands do not pay for it."""
        return self.head("search") is not None

    def store_search(self, search: Iterable[tuple[str, str, str, str, str]]) -> None:
        """Build the full-text index of every record, (owner, key, kind, tokens, document JSON), and keep it
        from now on: `store_derived` then updates it with the rows it replaces."""
        def write(db: sqlite3.Connection) -> None:
            with db:
                db.execute("BEGIN IMMEDIATE")
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute("DELETE FROM search_fts")
                db.execute("DELETE FROM rows WHERE kind = 'fts'")
                db.execute("INSERT OR REPLACE INTO snapshots VALUES ('search', '', '')")
                _insert_search(db, search)
            _checkpoint(db)

        self._guard(write)

    def search_candidates(
        self, tokens: list[str], kinds: list[str], limit: int, prefix_min: int
    ) -> tuple[str, list[str]] | None:
        """(stamp, documents as JSON) holding every token (a prefix, for tokens of `prefix_min`+ letters), best first.

        None when there is no index, so the caller builds it.
        """
        def read(db: sqlite3.Connection) -> tuple[str, list[str]] | None:
            head = db.execute("SELECT fingerprint FROM snapshots WHERE name = 'derived'").fetchone()
            if head is None:
                return None
            match = " AND ".join(f'"{t}"*' if len(t) >= prefix_min else f'"{t}"' for t in tokens)
            query, args = "SELECT doc FROM search_fts WHERE search_fts MATCH ?", [match]
            if kinds:
                query += f" AND kind IN ({','.join('?' * len(kinds))})"
                args += kinds
            return head[0], [doc for (doc,) in db.execute(query + " ORDER BY rank LIMIT ?", [*args, limit])]

        return self._guard(read)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
