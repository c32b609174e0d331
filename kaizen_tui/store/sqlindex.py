"""The cross-event index on the laptop: the rows of logic/rows.py in a SQLite file beside the
event files (``index.sqlite``), so that lists, follow-ups and the LPO figures are queries instead
of loops over every event.

A cache, never the source of truth:

* **Kept up to date by each save**, in the same step: the event file is written first (atomic,
  fsynced), then its rows are replaced in one small transaction. An index update that fails (the
  database busy or damaged) never fails the save; the file is what counts, and the next sync sees
  that its file changed.
* **Brought up to date from the files** by :meth:`SqlIndex.sync`: the index remembers the
  (inode, size, mtime) each event file had when its rows were made; a save replaces the file, so
  any change — by another program, a copy into the folder, a process killed between writing the
  file and its rows — shows as a different key, and only those files are read again. A key taken
  within RACY_NS of the file's change is not trusted (git's "racily clean" rule).
* **Damaged or from another version**: detected when opened or asked (SQLite's own errors), and
  made again from the event files with a one-line notice; never trusted meanwhile.

Concurrency: WAL, so readers never wait for a writer; one writer at a time (``BEGIN IMMEDIATE``,
busy timeout). Each thread has its own connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaizen_tui.errors import StorageError
from kaizen_tui.logic.rows import SCHEMA_VERSION, TABLES, Rows, create_statements
from kaizen_tui.store.cache import RACY_NS

INDEX_FILE = "index.sqlite"
#: How long a writer waits for another one before giving up (an index update is ~1 ms).
BUSY_TIMEOUT_S = 10.0
#: An import commits its rows at least this often, so a save in the app never waits long.
BATCH_SECONDS = 2.0

FileKey = tuple[int, int, int]  # inode, size, mtime_ns

_BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # one row per event file: what its rows were made from; problem = why it has none
    "CREATE TABLE IF NOT EXISTS index_files (name TEXT PRIMARY KEY, event_id TEXT, "
    "ino INTEGER NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
    "read_ns INTEGER NOT NULL, problem TEXT)",
)
_KEY = "schema"
_VERSION = f"kaizen-index/{SCHEMA_VERSION}"


@dataclass(frozen=True)
class FileRead:
    """What reading one event file for the index gave: its rows, or why there are none."""

    name: str
    key: FileKey
    event_id: str | None
    rows: Rows | None
    problem: str | None = None  # a file that stays in events/ but cannot be listed


#: Reads one event file: None when it is gone (moved aside as unreadable, or deleted).
Reader = Callable[[Path], FileRead | None]

#: What the index knew of each file when a sync began: name → (event id, key, read_ns).
Known = dict[str, tuple[str | None, FileKey, int]]

#: Files a sync reads before it writes their rows: a rebuild of 10,000 events held every one's
#: rows at once before (the app peaked at 290 MB); chunks keep it to what 256 files make, and
#: one transaction per chunk costs nothing next to reading them.
SYNC_CHUNK = 256


@dataclass
class SyncResult:
    read: int = 0  # files read again
    removed: int = 0  # events gone from the folder
    outside: int = 0  # of those, changed by something that did not update the index
    rebuilt: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.read or self.removed or self.rebuilt)


class IndexDamaged(Exception):
    pass


def file_key(stat: os.stat_result) -> FileKey:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class SqlIndex:
    """One data folder's index. ``path`` None: in memory (a read-only data folder, tests)."""

    def __init__(self, path: Path | None, events_dir: Path) -> None:
        self.path = path
        self.events_dir = events_dir
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []  # open connections not in use
        self._generation = 0  # bumped by close(): connections of older ones are not kept
        self._guard = threading.RLock()  # syncing and rebuilding, within the process
        self._memory: sqlite3.Connection | None = None
        self._memory_lock = threading.RLock()  # one in-memory connection, one user at a time
        self.notices: list[str] = []  # one line each, for the person (CLI: stderr; app: notify)
        self._batch: tuple[int, sqlite3.Connection] | None = None  # (thread, connection)
        self._batch_depth = 0
        self._batch_started = 0.0
        self.synced = False  # a full sync ran in this process

    # -- connections -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for one statement or transaction. Workers come and go (every save in
        the app runs in one), so connections are pooled, not kept per thread."""
        if self.path is None:
            with self._memory_lock:
                if self._memory is None:
                    self._memory = sqlite3.connect(":memory:", check_same_thread=False)
                    self._memory.isolation_level = None
                    self._create(self._memory)
                yield self._memory
            return
        if self._batch is not None and self._batch[0] == threading.get_ident():
            yield self._batch[1]
            return
        with self._pool_lock:
            conn = self._idle.pop() if self._idle else None
            generation = self._generation
        if conn is None:
            conn = self._open(self.path)
        try:
            yield conn
        finally:
            if conn.in_transaction:  # an error inside a transaction left it open
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            with self._pool_lock:
                keep = generation == self._generation and len(self._idle) < 4
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    def _open(self, path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        conn.isolation_level = None  # transactions are ours: BEGIN IMMEDIATE … COMMIT
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # a cache: a power cut costs a sync
            self._create(conn)
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _create(self, conn: sqlite3.Connection) -> None:
        found = None
        with contextlib.suppress(sqlite3.OperationalError):  # no such table: a new file
            row = conn.execute("SELECT value FROM index_meta WHERE key = ?", (_KEY,)).fetchone()
            found = row[0] if row else None
        if found == _VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            if found is not None:  # made by another version: start again
                for name in (*(t.name for t in TABLES), "index_files", "index_meta"):
                    conn.execute(f"DROP TABLE IF EXISTS {name}")
                self.notices.append(
                    f"the event index was made by another version ({found}); rebuilt from the "
                    "event files"
                )
            for statement in (*_BOOKKEEPING, *create_statements()):
                conn.execute(statement)
            conn.execute(
                "INSERT OR REPLACE INTO index_meta (key, value) VALUES (?, ?)", (_KEY, _VERSION)
            )
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close every connection (those in use are closed when they are given back)."""
        with self._pool_lock:
            self._generation += 1
            idle, self._idle = self._idle, []
        for conn in idle:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        with self._memory_lock:
            if self._memory is not None:
                self._memory.close()
                self._memory = None

    # -- asking ------------------------------------------------------------------------------

    def execute(self, sql: str, params: Mapping[str, Any] = {}, /) -> Iterator[Sequence[Any]]:
        """logic/queries.Execute, rows as they are read (a damaged index raises IndexDamaged;
        the Store rebuilds it and asks again)."""
        try:
            with self._connection() as conn:
                cursor = conn.execute(sql, params)
                rows = cursor.fetchmany(512)
                while rows:
                    yield from rows
                    rows = cursor.fetchmany(512)
        except sqlite3.Error as err:
            raise _classify(err) from None

    def all(self, sql: str, params: Mapping[str, Any] = {}, /) -> list[Sequence[Any]]:
        """logic/queries.Execute, every row at once."""
        try:
            with self._connection() as conn:
                return conn.execute(sql, params).fetchall()
        except sqlite3.Error as err:
            raise _classify(err) from None

    # -- writing -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as conn:
            batch = self._batch is not None and self._batch[1] is conn
            if batch and conn.in_transaction:
                yield conn  # the batch's transaction is open; it commits
                if time.monotonic() - self._batch_started > BATCH_SECONDS:
                    conn.execute("COMMIT")  # now and then, so other writers get their turn
                    conn.execute("BEGIN IMMEDIATE")
                    self._batch_started = time.monotonic()
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            if batch:
                self._batch_started = time.monotonic()
                return  # the batch commits
            conn.execute("COMMIT")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Many puts from this thread in few transactions (an import): committed at the end,
        and every BATCH_SECONDS so that another process's save is not kept waiting."""
        if self._batch_depth or self.path is None:
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1
            return
        self._batch_depth = 1
        try:
            with self._connection() as conn:
                self._batch = (threading.get_ident(), conn)
                try:
                    yield
                finally:
                    self._batch = None
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("COMMIT")
        except sqlite3.Error as err:
            raise _classify(err) from None
        finally:
            self._batch_depth = 0

    def put(self, read: FileRead) -> None:
        """Replace one event file's rows (after the file was written)."""
        try:
            with self._writing() as conn:
                self._replace(conn, read, time.time_ns())
        except sqlite3.Error as err:
            raise _classify(err) from None

    def remove(self, name: str) -> None:
        """Forget an event file (archived, deleted, moved aside)."""
        try:
            with self._writing() as conn:
                self._forget(conn, name)
        except sqlite3.Error as err:
            raise _classify(err) from None

    def _replace(self, conn: sqlite3.Connection, read: FileRead, read_ns: int) -> None:
        known = conn.execute(
            "SELECT event_id FROM index_files WHERE name = ?", (read.name,)
        ).fetchone()
        if read.rows is not None and known is not None and known[0] == read.event_id:
            self._update(conn, read, read_ns)
            return
        forgotten = self._forget(conn, read.name)
        if (
            read.event_id is not None
            and read.event_id != forgotten
            # every event's rows include its events row: none, no rows (one statement for a
            # new event instead of a DELETE per table: a hub's first view puts 10,000)
            and conn.execute("SELECT 1 FROM events WHERE event_id = ?", (read.event_id,)).fetchone()
        ):
            # the same event under another file name cannot be: names are ids
            for table in TABLES:
                conn.execute(f"DELETE FROM {table.name} WHERE event_id = ?", (read.event_id,))
        if read.rows is not None:
            for table in TABLES:
                rows = read.rows.get(table.name)
                if rows:
                    conn.executemany(table.insert_sql, rows)
        conn.execute(
            "INSERT INTO index_files (name, event_id, ino, size, mtime_ns, read_ns, problem) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (read.name, read.event_id, *read.key, read_ns, read.problem),
        )

    def _update(self, conn: sqlite3.Connection, read: FileRead, read_ns: int) -> None:
        """New rows of an event already indexed under this file: only the tables whose rows
        changed are rewritten (an edit of a title touches one row of one table; rewriting all
        eight tables and their indexes was most of a save's index update)."""
        assert read.rows is not None
        for table in TABLES:
            rows = read.rows.get(table.name) or []
            names = table.names
            old = conn.execute(
                f"SELECT {', '.join(names)} FROM {table.name} WHERE event_id = ? ORDER BY rowid",
                (read.event_id,),
            ).fetchall()
            if old == [tuple(row[name] for name in names) for row in rows]:
                continue
            conn.execute(f"DELETE FROM {table.name} WHERE event_id = ?", (read.event_id,))
            if rows:
                conn.executemany(table.insert_sql, rows)
        conn.execute(
            "UPDATE index_files SET ino = ?, size = ?, mtime_ns = ?, read_ns = ?, problem = ? "
            "WHERE name = ?",
            (*read.key, read_ns, read.problem, read.name),
        )

    def _forget(self, conn: sqlite3.Connection, name: str) -> str | None:
        """Delete one file's rows; the event id they were under, if any."""
        row = conn.execute("SELECT event_id FROM index_files WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        if row[0] is not None:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table.name} WHERE event_id = ?", (row[0],))
        conn.execute("DELETE FROM index_files WHERE name = ?", (name,))
        return row[0]

    # -- bringing it up to date ----------------------------------------------------------------

    def sync(
        self, reader: Reader, *, progress: Callable[[int, int], None] | None = None
    ) -> SyncResult:
        """Compare every event file's key with the one its rows were made from; read again
        those that changed, forget those gone. A damaged index is made again from scratch."""
        with self._guard:
            try:
                return self._sync(reader, progress)
            except IndexDamaged as err:
                result = self.rebuild(reader, str(err), progress=progress)
                return result

    def rebuild(
        self, reader: Reader, why: str, *, progress: Callable[[int, int], None] | None = None
    ) -> SyncResult:
        """Throw the index away and make it again from the event files."""
        with self._guard:
            self.close()
            if self.path is not None:
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{self.path}{suffix}")
            notice = f"the event index was damaged ({why}); rebuilt from the event files"
            self.notices.append(notice)
            result = self._sync(reader, progress, quiet=True)
            result.rebuilt = True
            result.notices.append(notice)
            return result

    def _sync(
        self,
        reader: Reader,
        progress: Callable[[int, int], None] | None,
        *,
        quiet: bool = False,
    ) -> SyncResult:
        result = SyncResult()
        before = len(self.notices)
        known: Known = {
            name: (event_id, (ino, size, mtime), read_ns)
            for name, event_id, ino, size, mtime, read_ns in self.all(
                "SELECT name, event_id, ino, size, mtime_ns, read_ns FROM index_files"
            )
        }
        result.notices.extend(self.notices[before:])
        on_disk = _event_files(self.events_dir)
        stale = []
        for name, key in on_disk.items():
            seen = known.get(name)
            if seen is None or seen[1] != key:
                stale.append(name)
                result.outside += 1
            elif seen[2] - key[2] <= RACY_NS:
                stale.append(name)  # its rows were made just after it changed: read again
        gone = [name for name in known if name not in on_disk]
        result.outside += len(gone)
        if not stale and not gone:
            self.synced = True
            return result
        if not known:
            result.outside = 0
            if not quiet and len(stale) > 1:
                result.notices.append(f"the event index was made from {len(stale)} event files")
        for first in range(0, len(stale), SYNC_CHUNK):
            reads: list[FileRead] = []
            for done, name in enumerate(stale[first : first + SYNC_CHUNK], first + 1):
                found = reader(self.events_dir / name)
                if found is None:
                    gone.append(name)
                else:
                    reads.append(found)
                if progress is not None:
                    progress(done, len(stale))
            self._put_reads(reads, known)
            result.read += len(reads)
        self._forget_gone(gone, known)
        result.removed = len(gone)
        self.synced = True
        return result

    def _put_reads(self, reads: list[FileRead], known: Known) -> None:
        """One transaction for files read by a sync, unless a save (or another process's sync)
        put newer rows for one of them meanwhile."""
        if not reads:
            return
        try:
            with self._writing() as conn:
                for read in reads:
                    now = conn.execute(
                        "SELECT ino, size, mtime_ns, read_ns FROM index_files WHERE name = ?",
                        (read.name,),
                    ).fetchone()
                    seen = known.get(read.name)
                    if now is not None and (seen is None or tuple(now) != (*seen[1], seen[2])):
                        continue
                    self._replace(conn, read, time.time_ns())
        except sqlite3.Error as err:
            raise _classify(err) from None

    def _forget_gone(self, gone: list[str], known: Known) -> None:
        """Forget the files gone from the folder, unless one came back meanwhile."""
        if not gone:
            return
        try:
            with self._writing() as conn:
                for name in gone:
                    now = conn.execute(
                        "SELECT ino, size, mtime_ns FROM index_files WHERE name = ?", (name,)
                    ).fetchone()
                    seen = known.get(name)
                    if now is not None and seen is not None and tuple(now) == seen[1]:
                        self._forget(conn, name)
        except sqlite3.Error as err:
            raise _classify(err) from None

    def problems(self) -> list[tuple[str, str]]:
        """(file name, why) of the event files in the folder that could not be listed."""
        return [
            (name, problem)
            for name, problem in self.all(
                "SELECT name, problem FROM index_files WHERE problem IS NOT NULL ORDER BY name"
            )
        ]


def _event_files(folder: Path) -> dict[str, FileKey]:
    """Event files in ``folder`` and their keys; hidden ones (temp files being written) and
    backups are not events."""
    found: dict[str, FileKey] = {}
    try:
        entries = os.scandir(folder)
    except FileNotFoundError:
        return found
    with entries:
        for entry in entries:
            name = entry.name
            if name.endswith(".json") and not name.startswith("."):
                try:
                    found[name] = file_key(entry.stat())
                except FileNotFoundError:
                    continue
    return found


def _classify(err: sqlite3.Error) -> Exception:
    """SQLite's error as ours: busy → StorageError (try again); anything else means the index
    cannot be trusted → IndexDamaged."""
    name = getattr(err, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StorageError("the event index is busy in another kaizen process; try again")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_IOERR")):
        return StorageError(f"the event index cannot be written ({err})")
    return IndexDamaged(str(err))


def memory_index(events: Iterable[Mapping[str, Any]]) -> SqlIndex:
    """An index in memory holding ``events`` (their JSON form): for tests and one-off questions
    about events that are not in a data folder."""
    from kaizen_tui.logic.rows import event_rows

    index = SqlIndex(None, Path("/nonexistent"))
    with index._writing() as conn:
        for n, event in enumerate(events):
            read = FileRead(
                f"{event.get('id')}.json", (n, 0, 0), event.get("id"), event_rows(event)
            )
            index._replace(conn, read, 0)
    return index
