"""The LPO figures on the hub: the same computation as ``kaizen report --json`` on a laptop
(logic.portfolio.compute_portfolio, SQL over the cross-event rows of logic/rows.py), over the
latest revision of every event the user may read.

The rows are kept per process in an in-memory SQLite index (store/sqlindex.py), by (event,
revision): a request reads the events' ids and revisions (one indexed query) and opens only the
bundles pushed since it last looked, so the second view of a 10,000-event hub does not parse
10,000 bundles again. LPO and admin users are answered from the index of every event; a
facilitator from a small index of the events that name them (what their laptop syncs).

The figures themselves are kept too, for the last few questions asked: the same events at the
same revisions, the same day, filter and settings give the same figures (compute_portfolio is
a pure function of them), so a dashboard looked at again is not computed again (at 10,000
events computing is most of a view's time). Once an event changes, the figures kept for the
events before it are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from pydantic import ValidationError

from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.events import _named
from kaizen_tui.hub.schema import events, hub_state, revisions
from kaizen_tui.logic.portfolio import (
    FilterOptions,
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
    compute_portfolio,
    filter_options,
)
from kaizen_tui.logic.rows import Rows, event_rows
from kaizen_tui.model import Event
from kaizen_tui.store.sqlindex import FileRead, SqlIndex

_CHUNK = 200
#: Figures kept for this many sets of events (everyone's for LPO and admins, or one
#: facilitator's), and within each for this many filters/days: a 10,000-event portfolio's
#: figures are tens of MB, and those of an older revision of the events are dropped at once.
_KEPT_SCOPES = 4
_KEPT_QUESTIONS = 4
_NOWHERE = Path("/nonexistent")  # an in-memory index reads no event files


_Figures = tuple[Portfolio, FilterOptions]


def _read(event_id: str, revision: int, rows: Rows) -> FileRead:
    return FileRead(f"{event_id}.json", (revision, 0, 0), event_id, rows)


class HubFigures:
    """Thread-safe; one per hub app."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()  # the caches, and the index while it is asked
        self._rows: dict[str, tuple[int, Rows | None]] = {}
        self._all = SqlIndex(None, _NOWHERE)  # rows of every event's latest revision
        self._in_all: dict[str, int] = {}  # event id -> revision its rows in _all are of
        # scope → (its events at their revisions, question → figures)
        self._figures: OrderedDict[
            Hashable, tuple[tuple[tuple[str, int], ...], OrderedDict[Hashable, _Figures]]
        ] = OrderedDict()
        # scope → (the hub's change counter when read, its events at their revisions, sorted)
        self._seen: dict[Hashable, tuple[int, list[tuple[str, int]]]] = {}

    def _visible(self, user: User) -> list[tuple[str, int]]:
        """(id, latest revision) of every event ``user`` may read, their rows cached, sorted.
        Every push bumps the hub's change counter (hub_state) in its transaction: while it
        stands, the events and revisions are those read last time, and 10,000 of them are not
        read again for each view."""
        scope = "everyone" if user.reads_all else user.name_key
        with self.db.read() as conn:
            counter = conn.execute(sa.select(hub_state.c.seq).where(hub_state.c.id == 1)).scalar()
            with self._lock:
                seen = self._seen.get(scope)
            if seen is not None and counter is not None and seen[0] == counter:
                return seen[1]
            query = sa.select(events.c.id, events.c.revision)
            if not user.reads_all:
                query = query.where(_named(user))
            wanted = sorted((row.id, row.revision) for row in conn.execute(query))
            with self._lock:
                stale = [i for i, rev in wanted if self._rows.get(i, (None,))[0] != rev]
            for start in range(0, len(stale), _CHUNK):
                self._load(conn, stale[start : start + _CHUNK])
        if counter is not None:  # read before the events: a push between is seen next time
            with self._lock:
                self._seen[scope] = (counter, wanted)
        return wanted

    def _load(self, conn: sa.Connection, ids: Iterable[str]) -> None:
        found = conn.execute(
            sa.select(revisions.c.event_id, revisions.c.revision, revisions.c.bundle)
            .join(
                events,
                sa.and_(
                    events.c.id == revisions.c.event_id, events.c.revision == revisions.c.revision
                ),
            )
            .where(events.c.id.in_(list(ids)))
        )
        loaded: dict[str, tuple[int, Rows | None]] = {}
        for event_id, revision, bundle in found:
            try:
                event = Event.model_validate(bundle["event"])
                rows: Rows | None = event_rows(event.model_dump(mode="json", by_alias=True))
            except (ValidationError, KeyError, TypeError):
                rows = None  # validated on push; a newer model might differ: left out, not fatal
            loaded[event_id] = (revision, rows)
        with self._lock:
            self._rows.update(loaded)

    def _index_of_all(self, wanted: list[tuple[str, int]]) -> SqlIndex:
        """The index of every event, brought to ``wanted`` (caller holds the lock)."""
        latest = dict(wanted)
        for event_id in [i for i in self._in_all if i not in latest]:
            self._all.remove(f"{event_id}.json")  # gone from the hub
            del self._in_all[event_id]
        for event_id in latest:
            revision_rows = self._rows.get(event_id)
            if revision_rows is None or self._in_all.get(event_id) == revision_rows[0]:
                continue
            kept_revision, rows = revision_rows
            if rows is None:
                self._all.remove(f"{event_id}.json")
            else:
                self._all.put(_read(event_id, kept_revision, rows))
            self._in_all[event_id] = kept_revision
        return self._all

    def _index_of(self, wanted: list[tuple[str, int]]) -> SqlIndex:
        """A small index of these events alone (a facilitator's; caller holds the lock)."""
        index = SqlIndex(None, _NOWHERE)
        for event_id, _ in wanted:
            revision_rows = self._rows.get(event_id)
            if revision_rows is not None and revision_rows[1] is not None:
                index.put(_read(event_id, revision_rows[0], revision_rows[1]))
        return index

    def portfolio(
        self, user: User, today: date, flt: PortfolioFilter, settings: PortfolioSettings
    ) -> tuple[Portfolio, FilterOptions]:
        """The figures for the filter, and the values the filter menus offer."""
        wanted = self._visible(user)
        # the figures are a function of the events at their revisions and of the question
        scope = "everyone" if user.reads_all else user.name_key
        revisions = tuple(wanted)
        question = (today, flt, settings)
        with self._lock:
            kept = self._figures.get(scope)
            if kept is None or kept[0] != revisions:  # new, or an event changed: start again
                kept = self._figures[scope] = (revisions, OrderedDict())
            self._figures.move_to_end(scope)
            if len(self._figures) > _KEPT_SCOPES:
                self._figures.popitem(last=False)
            answers = kept[1]
            found = answers.get(question)
            if found is not None:
                answers.move_to_end(question)
                return found
            index = self._index_of_all(wanted) if user.reads_all else self._index_of(wanted)
            ask = index.all
            found = compute_portfolio(ask, today, settings, flt), filter_options(ask)
            answers[question] = found
            if len(answers) > _KEPT_QUESTIONS:
                answers.popitem(last=False)
            return found
