"""The Store: the one object that touches the data folder. Reading and writing events is here;
its parts are beside it (index.py: the summaries and their cache, merge.py: import, problems.py:
unreadable files, cache.py: the web pages' reads, atomic.py and tinystorage.py: crash-safe files).

Layout of a data folder::

    events/<id>.json        one TinyDB file per event (table "bundle", document 1 = the bundle)
    events/<id>.json.bak    the previous good version of that file
    index.sqlite            the cross-event index (sqlindex.py): a cache, rebuilt from events/
    locks/<id>.lock         one lock per event, held while it is written
    corrupt/                unreadable files, moved aside (never overwritten) with a note why
    archive/  trash/        archived and deleted events, restorable
    conflicts/              bundles that an import could not apply, kept for a person to compare
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from kaizen_tui.errors import (
    BundleError,
    ConflictError,
    KaizenError,
    NewerFormatError,
    NotFound,
    StorageError,
)
from kaizen_tui.logic import listing
from kaizen_tui.logic.rows import event_rows
from kaizen_tui.logic.summary import EventSummary
from kaizen_tui.store.atomic import remove_stale_temp_files, writing
from kaizen_tui.store.cache import ReadCache, settled
from kaizen_tui.store.merge import MergeOutcome, merge_bundles
from kaizen_tui.store.problems import CORRUPT, StoreProblem, move_aside, moved_aside
from kaizen_tui.store.sqlindex import (
    INDEX_FILE,
    FileRead,
    IndexDamaged,
    SqlIndex,
    SyncResult,
    file_key,
)
from kaizen_tui.store.tinystorage import AtomicJSONStorage, UnreadableFile, read_event_file

if TYPE_CHECKING:
    from filelock import FileLock

    from kaizen_tui.logic.queries import Execute
    from kaizen_tui.model import Bundle, Event

# The model (pydantic), migrations and file locks are imported where they are first needed: the
# home screen lists events from the index alone, and its cold start is measured (bench startup).

TABLE = AtomicJSONStorage.table
DOC_ID = 1
LOCK_TIMEOUT_S = 10.0
#: Files of the JSON index that index.sqlite replaced, removed from a data folder once synced.
OLD_INDEX_FILES = ("index.json", "index-list.json")
#: Store.index_mark: read_ns is when a file's rows were put (sqlindex.SqlIndex._replace)
_MARK = "SELECT count(*), max(read_ns), total(read_ns) FROM index_files"


T = TypeVar("T")


class Store:
    """Events on disk. One object per process, handed to screens, CLI and web by the factory."""

    def __init__(self, root: Path | str, *, read_only: bool = False) -> None:
        self.root = Path(root)
        self.read_only = read_only
        self._session_problems: dict[str, StoreProblem] = {}
        self._made: set[str] = set()
        self._locks: dict[str, FileLock] = {}
        self._reads = ReadCache(self.root)
        self._index: SqlIndex | None = None
        self._notices: list[str] = []
        self._index_missed = False  # an index update failed: sync before the next answer
        self._dir_seen: tuple[int, int] | None = None  # events/ as of the last sync, if settled
        self._tidied = False

    # -- folders -------------------------------------------------------------------------------

    @property
    def events_dir(self) -> Path:
        return self.root / "events"

    def _dir(self, name: str) -> Path:
        folder = self.root / name
        if name not in self._made:  # once per process: a save should cost no extra syscalls
            with writing(folder):
                folder.mkdir(parents=True, exist_ok=True)
            self._made.add(name)
        return folder

    def event_path(self, event_id: str) -> Path:
        from kaizen_tui.model import _EVENT_ID

        if not _EVENT_ID.fullmatch(event_id or ""):
            raise NotFound(f"{event_id!r} is not an event id")
        return self.events_dir / f"{event_id}.json"

    def _backup_path(self, event_id: str) -> Path:
        return self.events_dir / f"{event_id}.json.bak"

    def _lock(self, event_id: str) -> FileLock:
        # One lock object per event, reused: building one per save was a third of a save's CPU.
        lock = self._locks.get(event_id)
        if lock is None:
            from filelock import FileLock

            lock = FileLock(self._dir("locks") / f"{event_id}.lock", timeout=LOCK_TIMEOUT_S)
            self._locks[event_id] = lock
        return lock

    @contextlib.contextmanager
    def _locked(self, event_id: str) -> Iterator[None]:
        from filelock import Timeout

        if self.read_only:
            raise StorageError("this store is read-only")
        self._dir("events")
        lock = self._lock(event_id)
        try:
            with writing(Path(lock.lock_file)):
                lock.acquire()
        except Timeout:
            raise StorageError(
                f"{event_id} is being saved by another kaizen process; try again in a moment"
            ) from None
        try:
            yield
        finally:
            lock.release()

    # -- reading -------------------------------------------------------------------------------

    def exists(self, event_id: str) -> bool:
        return self.event_path(event_id).exists()

    def load(self, event_id: str) -> Event:
        path = self.event_path(event_id)
        if not path.exists():
            raise NotFound(f"no event {event_id} in {self.root}")
        return self._load_path(path)

    def load_shared(self, event_id: str) -> Event:
        """Like :meth:`load`, for readers that never change what they get (the web pages): an
        unchanged file gives back the same Event object as last time, without parsing it again.
        Keyed by the file's (inode, size, mtime), like the index: every save replaces the file,
        so the next call reads the new version. Do not modify the result."""
        return self._reads.shared_event(event_id, self.event_path(event_id), self._load_path)

    # -- the cross-event index ------------------------------------------------------------------

    @property
    def index(self) -> SqlIndex:
        """The cross-event index (sqlindex.py). In memory where the data folder cannot hold it
        (missing, or not writable: a read-only store may still serve pages)."""
        if self._index is None:
            path: Path | None = self.root / INDEX_FILE
            if not self.root.is_dir() or not os.access(self.root, os.W_OK):
                path = None
            self._index = SqlIndex(path, self.events_dir)
        return self._index

    def sync_index(self, *, progress: Any = None) -> SyncResult:
        """Bring the index up to date with the event files: a stat of each file, a read of
        those that changed since their rows were made (see sqlindex.py). Problems found are
        kept for :meth:`problems`, notices for :meth:`take_notices`."""
        try:
            events_stat = os.stat(self.events_dir)
        except OSError:
            events_stat = None
        looked_at = time.time_ns()
        try:
            result = self.index.sync(self._read_for_index, progress=progress)
        except StorageError:
            if self.index.path is None:
                raise
            self._index = SqlIndex(None, self.events_dir)  # cannot write it: keep one in memory
            result = self._index.sync(self._read_for_index, progress=progress)
        self._index_missed = False
        self._notices.extend(result.notices)
        if result.outside:
            self._notices.append(
                f"{result.outside} event file{'s' if result.outside != 1 else ''} changed "
                "outside kaizen (or a save was cut off); the event index was brought up to date"
            )
        self._dir_seen = None
        if events_stat is not None and settled(events_stat, looked_at):
            self._dir_seen = (events_stat.st_ino, events_stat.st_mtime_ns)
        if not self.read_only and not self._tidied:
            self._tidied = True  # once a process: temp files of writers killed mid-write
            remove_stale_temp_files(self.events_dir)
            if self.index.path is not None:
                # the JSON summaries of versions before index.sqlite: caches nothing reads now
                # (55 MB for 10,000 events); an older kaizen makes them again if it needs them
                for old in OLD_INDEX_FILES:
                    with contextlib.suppress(OSError):
                        (self.root / old).unlink(missing_ok=True)
        return result

    def sync_if_changed(self) -> None:
        """Sync only when the events folder changed since the last sync (a file saved, added or
        removed renames in it): what a long-running reader such as the web server asks first."""
        if self._dir_seen is not None and not self._index_missed:
            try:
                stat = os.stat(self.events_dir)
            except OSError:
                stat = None
            if stat is not None and (stat.st_ino, stat.st_mtime_ns) == self._dir_seen:
                return
        self.sync_index()

    def db(self, *, sync: bool = True) -> Execute:
        """The cross-event index to ask (logic/queries.Execute), brought up to date first
        (``sync=False``: as it is, e.g. for the next page of a list shown a moment ago). A
        damaged index is rebuilt, with a notice, and asked again."""
        if sync or self._index_missed:
            self.sync_index()
        return self._ask

    def streamed(self, question: Callable[[Execute], T]) -> T:
        """``question`` asked of the index with its rows given as they are read, not fetched
        whole first (the home's queue: 64,000 rows at 10,000 events); a damaged index is rebuilt,
        with a notice, and asked again."""
        try:
            return question(self.index.execute)
        except IndexDamaged as err:
            self._rebuild_index(str(err))
            return question(self.index.execute)

    def index_mark(self) -> tuple[Any, ...]:
        """What the index holds, in three numbers that change whenever any event's rows do
        (each file's rows carry the time they were made, later than any before; a file gone
        lowers the count): a question asked again while they stay the same has the same answer.
        One pass over one row per event file, ~1 ms at 10,000."""
        return tuple(self._ask(_MARK)[0])

    def index_needs_building(self) -> bool:
        """Whether the index knows no event file while the folder has some (a first start after
        the index came, or after it was deleted): then a list shown from it would be empty."""
        try:
            if self.index.all("SELECT 1 FROM index_files LIMIT 1", {}):
                return False
        except (IndexDamaged, StorageError):
            return True
        try:
            with os.scandir(self.events_dir) as entries:
                return any(e.name.endswith(".json") and not e.name.startswith(".") for e in entries)
        except OSError:
            return False

    def _ask(self, sql: str, params: Any = None, /) -> list[Any]:
        params = params or {}
        try:
            return self.index.all(sql, params)
        except IndexDamaged as err:
            self._rebuild_index(str(err))
            return self.index.all(sql, params)

    def _rebuild_index(self, why: str) -> None:
        result = self.index.rebuild(self._read_for_index, why)
        self._notices.extend(result.notices)

    def take_notices(self) -> list[str]:
        """One-line notices about the index (rebuilt, brought up to date) not yet told."""
        notices, self._notices = self._notices, []
        return notices

    def list_summaries(self, today: date | None = None) -> list[EventSummary]:
        """Summaries of every readable event, newest start first, their actions counted for
        ``today``; unreadable files become problems (see :meth:`problems`). For a long list,
        :meth:`iter_summaries` keeps one at a time."""
        return list(self.iter_summaries(today))

    def iter_summaries(self, today: date | None = None) -> Iterator[EventSummary]:
        """Every readable event's summary, newest start first, read from the index as they are
        used (``kaizen list --json`` streams them)."""
        day = today or date.today()
        self.db()
        told = False
        try:
            for summary in listing.iter_summaries(self.index.execute, day):
                told = True
                yield summary
        except IndexDamaged as err:
            if told:
                raise StorageError(f"the event index broke while being read ({err})") from None
            self._rebuild_index(str(err))
            yield from listing.iter_summaries(self.index.execute, day)

    def count_events(self) -> int:
        """How many readable events the folder holds."""
        return listing.count_events(self.db())

    def iter_events(self) -> Iterator[Event]:
        """Every readable event, loaded in full (portfolio, publish, follow-ups)."""
        for summary in self.list_summaries():
            with contextlib.suppress(KaizenError):
                yield self.load(summary.id)

    def find_by_token(self, token: str) -> EventSummary | None:
        """The event whose share token is ``token``, or None.

        Constant time in the secret: the index is searched by the token's SHA-256, which tells
        a guesser nothing about how close a guess came, and the one candidate is confirmed with
        ``hmac.compare_digest``. The index is brought up to date only when the events folder
        changed (the web pages look a token up on every request)."""
        import hmac

        from kaizen_tui.logic.rows import token_hash

        if not token:
            return None
        self.sync_if_changed()
        today = date.today()
        sql = f"{listing.SUMMARY_SELECT} WHERE e.token_hash = :hash"
        params = {**listing.day_params(today), "hash": token_hash(token)}
        for summary in listing.summaries_from(self._ask(sql, params), today):
            if hmac.compare_digest(summary.share_token.encode(), token.encode()):
                return summary
        return None

    def _read_for_index(self, path: Path) -> FileRead | None:
        """One event file's rows for the index, or why it has none; None when it is gone (or
        was moved aside as unreadable)."""
        try:
            key, doc = read_event_file(path)
        except FileNotFoundError:
            return None
        except UnreadableFile as err:
            self._quarantine(path, err.reason, indexed=False)
            return None
        try:
            event, bundle = self._parse_doc(path, doc, indexed=False)
        except NotFound:
            return None
        except BundleError:
            problem = self._session_problems.get(path.name.removesuffix(".json"))
            if problem is None or problem.moved_to is not None or not path.exists():
                return None  # moved aside
            return FileRead(path.name, key, None, None, problem.reason)
        data = dict(bundle["event"])
        data["id"], data["share_token"] = event.id, event.share_token
        return FileRead(path.name, key, event.id, event_rows(data))

    def _index_put(self, path: Path, bundle: dict[str, Any]) -> None:
        """The rows of a file just written. A failure never fails the save: the file is what
        counts, and the next answer syncs first."""
        try:
            key = file_key(os.stat(path))
            data = bundle["event"]
            self.index.put(FileRead(path.name, key, data["id"], event_rows(data)))
        except (IndexDamaged, StorageError, OSError):
            self._index_missed = True

    def _index_remove(self, name: str) -> None:
        try:
            self.index.remove(name)
        except (IndexDamaged, StorageError):
            self._index_missed = True

    def _index_refresh(self, path: Path) -> None:
        """Rows again from the file as it is now (after an undo or a move back)."""
        try:
            read = self._read_for_index(path)
            if read is None:
                self.index.remove(path.name)
            else:
                self.index.put(read)
        except (IndexDamaged, StorageError):
            self._index_missed = True

    def index_batch(self) -> contextlib.AbstractContextManager[None]:
        """Many writes whose index rows are committed together (an import)."""
        return self.index.batch()

    def token_owner(self, token: str) -> str | None:
        """The id of the event whose share token is ``token``, or None. For writers (an import
        must not give one link to two events): unlike find_by_token it stays cheap while this
        store writes one event after another (see ReadCache.token_owner)."""
        return self._reads.token_owner(token, self.list_summaries)

    def _read_doc(self, path: Path) -> dict[str, Any] | None:
        with TinyDB(path, storage=AtomicJSONStorage) as db:
            doc = db.table(TABLE).get(doc_id=DOC_ID)
        return dict(doc) if doc is not None else None

    def _load_path(self, path: Path) -> Event:
        try:
            doc = self._read_doc(path)
        except UnreadableFile as err:
            raise self._quarantine(path, err.reason) from None
        return self._parse_doc(path, doc)[0]

    def _parse_doc(
        self, path: Path, doc: dict[str, Any] | None, *, indexed: bool = True
    ) -> tuple[Event, dict[str, Any]]:
        """The event in a file's document, validated, and the (migrated) bundle it came from.
        An invalid one is moved aside; one from a newer version, or holding another event,
        stays and is a problem. ``indexed=False``: the index is being made (do not touch it)."""
        from kaizen_tui.model import parse_bundle
        from kaizen_tui.store.migrations import migrate

        event_id = path.name.removesuffix(".json")
        try:
            if doc is None:
                raise NotFound(f"no event {event_id} in {self.root}")
            doc, _ = migrate(doc)
            event = parse_bundle(doc).event
        except NewerFormatError as err:
            problem = StoreProblem(event_id, path.name, str(err))
            self._session_problems[event_id] = problem
            raise BundleError(problem.message) from None
        except BundleError as err:
            raise self._quarantine(path, f"not a valid event ({err})", indexed=indexed) from None
        if event.id != event_id:
            if not event.id:
                event.id = event_id
            else:
                problem = StoreProblem(
                    event_id,
                    path.name,
                    f"holds event {event.id!r}; rename it or bring it in with `kaizen import`",
                )
                self._session_problems[event_id] = problem
                raise BundleError(problem.message)
        self._session_problems.pop(event_id, None)
        return event, doc

    # -- problems ------------------------------------------------------------------------------

    def problems(self) -> list[StoreProblem]:
        """Unreadable event files, found now or moved aside earlier and not yet restored."""
        known: dict[str, StoreProblem] = dict(self._session_problems)
        if self._index is not None and self.index.synced:
            # files an earlier process found unreadable, whose rows the index therefore lacks
            with contextlib.suppress(IndexDamaged, StorageError):
                for name, reason in self.index.problems():
                    event_id = name.removesuffix(".json")
                    known.setdefault(event_id, StoreProblem(event_id, name, reason))
        earlier = moved_aside(
            self.root,
            self.events_dir,
            known=known,
            backup_revision=self._backup_revision,
        )
        return [*known.values(), *earlier]

    def _backup_revision(self, event_id: str) -> int | None:
        from kaizen_tui.model import parse_bundle
        from kaizen_tui.store.migrations import migrate

        try:
            doc = self._read_doc(self._backup_path(event_id))
            return parse_bundle(migrate(doc)[0]).event.revision if doc else None
        except (KaizenError, UnreadableFile, OSError):
            return None

    def _quarantine(self, path: Path, reason: str, *, indexed: bool = True) -> KaizenError:
        """Move an unreadable file aside (never overwriting anything) and record why."""
        event_id = path.name.removesuffix(".json")
        moved_to = None
        if not self.read_only:
            try:
                moved_to = move_aside(path, self._dir(CORRUPT), reason)
            except StorageError:
                # a read-only folder: corrupt/ cannot be made. The file stays where it is and is
                # still named as a problem (it used to vanish from the list without a word).
                moved_to = None
        if moved_to is not None and indexed and path.parent == self.events_dir:
            self._index_remove(path.name)
        problem = StoreProblem(
            event_id,
            f"events/{path.name}",
            reason,
            moved_to=moved_to,
            backup_revision=self._backup_revision(event_id),
        )
        self._session_problems[event_id] = problem
        return BundleError(problem.message)

    def restore_backup(self, event_id: str) -> Event:
        """Put the backup of an unreadable event back in place (the broken file stays aside)."""
        from kaizen_tui.model import parse_bundle
        from kaizen_tui.store.migrations import migrate

        path = self.event_path(event_id)
        backup = self._backup_path(event_id)
        if not backup.exists():
            raise NotFound(f"there is no backup of {event_id}")
        with self._locked(event_id):
            if path.exists():
                try:
                    self._load_path(path)
                except KaizenError:
                    pass  # moved aside just now; restore below
                else:
                    raise KaizenError(
                        f"{event_id} is readable; nothing to restore (its backup stays as it is)"
                    )
            try:
                doc = self._read_doc(backup)
                bundle = parse_bundle(migrate(doc or {})[0])
            except (UnreadableFile, BundleError) as err:
                raise KaizenError(f"the backup of {event_id} is unreadable too: {err}") from None
            self._write_doc(path, bundle.to_json_dict())
        self._session_problems.pop(event_id, None)
        return bundle.event

    # -- writing -------------------------------------------------------------------------------

    def save(self, event: Event) -> Event:
        """Save an edit. ``event.revision`` is the revision it was loaded at; if the stored file
        moved on since, nothing is written and ConflictError says so. Returns the saved event
        (revision + 1, new ``updated_at``) as a new object; the one passed in is left as it was."""
        if not event.id:
            raise KaizenError("an event needs an id before it is saved; use create()")
        new, bundle = _next_revision(event, event.revision + 1)
        with self._locked(event.id):
            self._write_doc(self.event_path(event.id), bundle, expect_revision=event.revision)
        return new

    def create(self, event: Event, *, today: date | None = None) -> Event:
        """Store a new event; an empty id gets the next ``KZ-<year>-<nnn>``."""
        today = today or date.today()
        if event.id:
            if self.exists(event.id):
                raise KaizenError(f"an event {event.id} exists already")
            candidates: Iterator[str] = iter([event.id])
        else:
            candidates = self._free_ids(today.year)
        for event_id in candidates:
            new, bundle = _next_revision(event, 1, event_id=event_id)
            with self._locked(event_id):
                if self.event_path(event_id).exists():
                    continue  # taken by another process a moment ago
                self._write_doc(self.event_path(event_id), bundle, expect_revision=None)
            return new
        raise KaizenError(f"an event {event.id} exists already")

    def replace(
        self, event: Event, *, expect_revision: int | None, link_to: Path | None = None
    ) -> Event:
        """Write ``event`` exactly as given, its own ``revision`` and ``updated_at`` included, if
        the stored revision is still ``expect_revision`` (None: the event must not exist yet).

        For sync (sync/), which keeps the hub's copy at the hub's revision. Under the same lock
        and revision check as :meth:`save`: if the TUI saved the event meanwhile, ConflictError
        and nothing is written (the edit stays; the next sync merges it). ``link_to``: also keep
        the written file there, as :meth:`snapshot` does, under the same lock."""
        from kaizen_tui.model import FORMAT, parse_bundle

        if not event.id:
            raise KaizenError("an event needs an id before it is saved")
        bundle = {"format": FORMAT, "event": event.model_dump(mode="json", by_alias=True)}
        new = parse_bundle(bundle).event
        with self._locked(event.id):
            path = self.event_path(event.id)
            if expect_revision is None and path.exists():
                raise ConflictError(
                    f"{event.id} exists here already; it was not replaced",
                    stored_revision=-1,
                    base_revision=-1,
                )
            self._write_doc(path, bundle, expect_revision=expect_revision)
            if link_to is not None:
                _link(path, link_to)
        return new

    def snapshot(self, event_id: str, dest: Path, *, revision: int) -> bool:
        """Keep the event file as it is now at ``dest`` (a hard link: event files are replaced,
        never written in place, so the link stays this version), if it still holds
        ``revision``; False when it moved on. The caller fsyncs ``dest``'s folder."""
        from kaizen_tui.store.tinystorage import read_json_object

        with self._locked(event_id):
            path = self.event_path(event_id)
            try:
                doc = read_json_object(path) or {}
                stored = doc.get(TABLE, {}).get(str(DOC_ID), {}).get("event", {}).get("revision")
            except (UnreadableFile, AttributeError):
                return False
            if stored != revision:
                return False
            _link(path, dest)
        return True

    def _free_ids(self, year: int) -> Iterator[str]:
        """``KZ-<year>-<nnn>`` numbers above the highest ever used (archived and deleted too)."""
        prefix = f"KZ-{year}-"
        highest = 0
        for folder in (self.events_dir, self.root / "archive", self.root / "trash"):
            if not folder.is_dir():
                continue
            for path in folder.glob(f"{prefix}*.json*"):
                number = path.name[len(prefix) :].split(".", 1)[0]
                if number.isdigit():
                    highest = max(highest, int(number))
        for candidate in range(highest + 1, highest + 1000):
            yield f"{prefix}{candidate:03d}"

    def _write_doc(
        self, path: Path, bundle: dict[str, Any], *, expect_revision: int | None = None
    ) -> None:
        """Replace the bundle in ``path`` (caller holds the lock). With ``expect_revision``,
        refuse unless the stored revision is exactly that."""

        def replace(doc: dict[str, Any]) -> None:
            if expect_revision is not None:
                stored = doc.get("event", {}).get("revision", 0)
                if stored != expect_revision:
                    raise _conflict(path, stored, expect_revision)
            doc.clear()
            doc.update(bundle)

        with writing(path), TinyDB(path, storage=AtomicJSONStorage) as db:
            table = db.table(TABLE)
            quarantined = False
            updated: list[int] = []
            try:
                if path.exists():  # TinyDB would write an empty table for a missing document
                    updated = table.update(replace, doc_ids=[DOC_ID])
            except UnreadableFile as err:
                # Damaged under our feet: keep the damaged file aside, then write ours.
                self._quarantine(path, err.reason)
                quarantined = True
            if not updated:
                if expect_revision is not None and not quarantined:
                    raise ConflictError(
                        f"{path.stem} was archived or deleted elsewhere; your copy was not saved",
                        stored_revision=0,
                        base_revision=expect_revision,
                    )
                table.insert(Document(bundle, doc_id=DOC_ID))
        # the same step as the write, still under the event's lock: saves of one event reach
        # the index in the order they reached the disk
        self._index_put(path, bundle)
        self._reads.wrote(path.stem, bundle.get("event", {}).get("share_token"))

    def archive(self, event_id: str) -> None:
        self._move_out(event_id, "archive")

    def delete(self, event_id: str) -> None:
        """Deleting moves the event to ``trash/``; nothing is ever erased by the app."""
        self._move_out(event_id, "trash")

    def _move_out(self, event_id: str, folder_name: str) -> None:
        path = self.event_path(event_id)
        if not path.exists():
            raise NotFound(f"no event {event_id} in {self.root}")
        with self._locked(event_id):
            dest = self._dir(folder_name) / path.name
            if dest.exists():
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                dest = dest.with_name(f"{event_id}.{stamp}.json")
            with writing(dest):
                os.replace(path, dest)
                backup = self._backup_path(event_id)
                if backup.exists():
                    os.replace(backup, dest.with_name(dest.name + ".bak"))
            self._index_remove(path.name)
        self._reads.wrote(event_id, None)

    def list_archived(self) -> list[str]:
        folder = self.root / "archive"
        return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []

    def unarchive(self, event_id: str) -> None:
        source = self.root / "archive" / f"{event_id}.json"
        if not source.exists():
            raise NotFound(f"no archived event {event_id}")
        with self._locked(event_id):
            path = self.event_path(event_id)
            if path.exists():
                raise KaizenError(f"an event {event_id} exists already")
            with writing(path):
                os.replace(source, path)
                backup = source.with_name(source.name + ".bak")
                if backup.exists():
                    os.replace(backup, self._backup_path(event_id))
            self._index_refresh(path)
        self._reads.forget_tokens()  # back with a token this store has not read

    # -- import and export ---------------------------------------------------------------------

    def export_bundle(self, event_id: str) -> dict[str, Any]:
        from kaizen_tui.model import Bundle

        return Bundle(event=self.load(event_id)).to_json_dict()

    def merge(self, bundles: list[Bundle], *, today: date | None = None) -> list[MergeOutcome]:
        """Merge already validated bundles by id: the higher revision wins; equal revisions with
        different content are a conflict (kept in ``conflicts/``, never applied). All or nothing:
        if writing one fails, those already written are put back as they were."""
        return merge_bundles(self, bundles, today=today)


def _next_revision(
    event: Event, revision: int, *, event_id: str | None = None
) -> tuple[Event, dict[str, Any]]:
    """The event as it will be stored (validated, revision and time stamped) and its bundle.
    One dump and one validation; the result shares nothing with the caller's object."""
    from kaizen_tui.model import FORMAT, parse_bundle

    data = event.model_dump(mode="json", by_alias=True)
    data["revision"] = revision
    data["updated_at"] = _now().isoformat()
    if event_id is not None:
        data["id"] = event_id
    bundle = {"format": FORMAT, "event": data}
    return parse_bundle(bundle).event, bundle


def _link(path: Path, dest: Path) -> None:
    from kaizen_tui.store.atomic import atomic_write_bytes, temp_path_for

    with writing(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = temp_path_for(dest)
        try:
            os.link(path, staging)
        except OSError:
            atomic_write_bytes(dest, path.read_bytes())
            return
        os.replace(staging, dest)
        staging.unlink(missing_ok=True)


def _conflict(path: Path, stored: int | None, base: int) -> ConflictError:
    return ConflictError(
        f"{path.stem} was saved elsewhere meanwhile (now revision {stored}, your edit is based on "
        f"revision {base}); nothing was overwritten — reload it and apply your change again",
        stored_revision=stored or 0,
        base_revision=base,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
