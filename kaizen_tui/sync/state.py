"""What a laptop remembers between syncs, in its data folder::

    sync/state.json        the hub it syncs with, the pull cursor, and per event: the hub's
                           revision last agreed on and the local revision that holds exactly it
    sync/bases/<id>.json   the base: the copy of the event last agreed with the hub
    sync/lock              held while a sync runs (the CLI and the TUI never sync at once)

Every file is written atomically (store/atomic.py). A base that equals the local event file is a
hard link to that file (Store.snapshot): the store replaces event files and never writes one in
place, so the link stays the agreed snapshot after later edits, and keeping it costs no copy.
A lost or unreadable base is not a lost edit: the next merge runs without one (every difference
is then a conflict, see logic/threeway.py) and says so.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaizen_tui.errors import StorageError
from kaizen_tui.store.atomic import atomic_write_bytes, fsync_dir, writing
from kaizen_tui.store.tinystorage import UnreadableFile, dump_json, read_json_object

SYNC_DIR = "sync"
STATE_FILE = "state.json"
BASES_DIR = "bases"
LOCK_FILE = "lock"


@dataclass
class Agreed:
    """One event as last agreed with the hub."""

    hub: int  # the hub's revision of the base
    local: int | None  # the local revision whose content is the base; None: local differs


@dataclass
class SyncState:
    root: Path
    hub_url: str
    cursor: str = ""
    events: dict[str, Agreed] = field(default_factory=dict)
    last_sync: str = ""  # when the last sync finished without a network error (ISO, UTC)

    @property
    def folder(self) -> Path:
        return self.root / SYNC_DIR

    @classmethod
    def load(cls, root: Path, hub_url: str) -> SyncState:
        """The state for ``hub_url``; a fresh one if there is none or it was for another hub."""
        try:
            data = read_json_object(root / SYNC_DIR / STATE_FILE)
        except UnreadableFile:
            data = None  # rebuilt by the next sync (no base: conflicts instead of guesses)
        if not data or data.get("hub_url") != hub_url:
            return cls(root, hub_url)
        events = {}
        for event_id, entry in (data.get("events") or {}).items():
            if isinstance(entry, dict) and isinstance(entry.get("hub"), int):
                local = entry.get("local")
                events[event_id] = Agreed(entry["hub"], local if isinstance(local, int) else None)
        return cls(
            root,
            hub_url,
            str(data.get("cursor") or ""),
            events,
            str(data.get("last_sync") or ""),
        )

    def save(self) -> None:
        data = {
            "hub_url": self.hub_url,
            "cursor": self.cursor,
            "last_sync": self.last_sync,
            "events": {k: {"hub": v.hub, "local": v.local} for k, v in self.events.items()},
        }
        path = self.folder / STATE_FILE
        with writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, dump_json(data))

    # -- bases ---------------------------------------------------------------------------------

    def base_path(self, event_id: str) -> Path:
        return self.folder / BASES_DIR / f"{event_id}.json"

    def read_base(self, event_id: str) -> dict[str, Any] | None:
        """The base event (JSON form), or None when there is none or it cannot be read."""
        try:
            data = read_json_object(self.base_path(event_id))
        except (UnreadableFile, OSError):
            return None
        if data is None:
            return None
        bundle = data.get("bundle", {}).get("1") if "event" not in data else data
        event = bundle.get("event") if isinstance(bundle, dict) else None
        return event if isinstance(event, dict) else None

    def write_base(self, event_id: str, bundle: dict[str, Any]) -> None:
        path = self.base_path(event_id)
        with writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, dump_json(bundle))

    def flush(self) -> None:
        """Make the links made since the last flush durable (one folder fsync for a page)."""
        fsync_dir(self.folder / BASES_DIR)

    def forget(self, event_id: str) -> None:
        self.events.pop(event_id, None)
        with contextlib.suppress(OSError):
            self.base_path(event_id).unlink()


@contextlib.contextmanager
def sync_lock(root: Path, *, wait: float = 0.0) -> Any:
    """Held while one sync runs; a second one waits up to ``wait`` seconds, then StorageError."""
    from filelock import FileLock, Timeout

    path = root / SYNC_DIR / LOCK_FILE
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise StorageError("a sync is running already (in the app or another terminal)") from None
    try:
        yield
    finally:
        lock.release()
