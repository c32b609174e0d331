"""What readers keep until the files change: recently shown events (``Store.load_shared``, for
the web pages; the share-token lookup itself is a query on the index, Store.find_by_token), and
the share tokens this store's writers have seen (an import must not give one link to two events).

Keyed by file-system stat results, which every save changes (a save replaces the event file); a
stat taken just after a change is used once, not kept (:func:`settled`).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kaizen_tui.errors import NotFound

if TYPE_CHECKING:
    from kaizen_tui.logic.summary import EventSummary
    from kaizen_tui.model import Event

#: How long after a change an mtime is not trusted as a cache key: more than the timestamp
#: granularity of common file systems (2 s on FAT, 1 s on some network shares).
RACY_NS = 3_000_000_000
#: Events kept by load_shared (the web pages): the ones being looked at, not the portfolio.
SHARED_EVENTS = 64


def settled(stat: os.stat_result, read_at_ns: int) -> bool:
    """Whether a file or folder had last changed long enough before we looked at it that its
    mtime can key a cache. A change in the same clock tick as our look would leave the mtime as
    it was, so what was read just after a change is used once, not kept (git's "racily clean"
    rule)."""
    return read_at_ns - stat.st_mtime_ns > RACY_NS


class ReadCache:
    """One Store's caches for readers that never change what they get."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._shared: OrderedDict[str, tuple[tuple[int, int, int], Event]] = OrderedDict()
        # the web pages read in a thread pool (web/app.py)
        self._lock = threading.Lock()
        # share token -> event id, for the store's own writes (see token_owner)
        self._owners: dict[str, str] | None = None
        self._token_of: dict[str, str] = {}

    def shared_event(self, event_id: str, path: Path, load: Callable[[Path], Event]) -> Event:
        """The event in ``path``: the object loaded last time while the file is unchanged."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise NotFound(f"no event {event_id} in {self.root}") from None
        read_at = time.time_ns()
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            cached = self._shared.get(event_id)
            if cached is not None and cached[0] == key:
                self._shared.move_to_end(event_id)
                return cached[1]
        event = load(path)  # outside the lock: a big event takes a while
        if settled(stat, read_at):
            with self._lock:
                self._shared[event_id] = (key, event)
                if len(self._shared) > SHARED_EVENTS:
                    self._shared.popitem(last=False)
        return event

    # -- for writers: whose link is this token? ------------------------------------------------

    def token_owner(self, token: str, summaries: Callable[[], list[EventSummary]]) -> str | None:
        """The id of the event whose share token is ``token``, or None; for an import, which
        must not give one link to two events.

        Built from the summaries once per store and then kept current by :meth:`wrote` as this
        store writes (listing every event after every write made an import of 1,000 files take
        200 s instead of 5). Writes by other
        processes meanwhile are not seen; an import is short and new tokens are random."""
        if self._owners is None:
            self._owners = {}
            self._token_of = {}
            for summary in summaries():
                self._owners[summary.share_token] = summary.id
                self._token_of[summary.id] = summary.share_token
        return self._owners.get(token)

    def wrote(self, event_id: str, token: str | None) -> None:
        """This store wrote event ``event_id`` with ``token`` (None: it is gone from events/)."""
        if self._owners is None:
            return
        old = self._token_of.pop(event_id, None)
        if old is not None and self._owners.get(old) == event_id:
            del self._owners[old]
        if token is not None:
            self._owners[token] = event_id
            self._token_of[event_id] = token

    def forget_tokens(self) -> None:
        """Build the writers' token map afresh on next use (after a write it cannot follow)."""
        self._owners = None
        self._token_of = {}
