"""The LPO figures on the hub: the same computation as ``kaizen report --json`` on a laptop
(logic.portfolio.compute_portfolio over the events' summaries), over the latest revision of every
event the user may read.

Summaries are kept per process by (event, revision): a request reads the events' ids and
revisions (one indexed query) and opens only the bundles pushed since it last looked, so the
second view of a 10,000-event hub does not parse 10,000 bundles again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from pydantic import ValidationError

from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.events import _named
from kaizen_tui.hub.schema import events, revisions
from kaizen_tui.logic.portfolio import (
    FilterOptions,
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
    compute_portfolio,
    filter_options,
)
from kaizen_tui.model import Event
from kaizen_tui.store.index import EventSummary, summarize

_CHUNK = 200


class HubFigures:
    """Thread-safe; one per hub app."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._summaries: dict[str, tuple[int, EventSummary | None]] = {}

    def summaries(self, user: User) -> list[EventSummary]:
        """The latest summary of every event ``user`` may read (LPO and admin: all; a
        facilitator: the events that name them, as the API lets them sync)."""
        query = sa.select(events.c.id, events.c.revision)
        if not user.reads_all:
            query = query.where(_named(user))
        with self.db.read() as conn:
            wanted = [(row.id, row.revision) for row in conn.execute(query)]
            with self._lock:
                stale = [i for i, rev in wanted if self._summaries.get(i, (None,))[0] != rev]
            for start in range(0, len(stale), _CHUNK):
                self._load(conn, stale[start : start + _CHUNK])
        with self._lock:
            found = [self._summaries.get(i) for i, _ in wanted]
        return [pair[1] for pair in found if pair is not None and pair[1] is not None]

    def _load(self, conn: sa.Connection, ids: Iterable[str]) -> None:
        rows = conn.execute(
            sa.select(revisions.c.event_id, revisions.c.revision, revisions.c.bundle)
            .join(
                events,
                sa.and_(
                    events.c.id == revisions.c.event_id, events.c.revision == revisions.c.revision
                ),
            )
            .where(events.c.id.in_(list(ids)))
        )
        loaded: dict[str, tuple[int, EventSummary | None]] = {}
        for event_id, revision, bundle in rows:
            try:
                summary = EventSummary.from_dict(summarize(Event.model_validate(bundle["event"])))
            except (ValidationError, KeyError, TypeError):
                summary = None  # validated on push; a newer model might differ: left out, not fatal
            loaded[event_id] = (revision, summary)
        with self._lock:
            self._summaries.update(loaded)

    def portfolio(
        self, user: User, today: date, flt: PortfolioFilter, settings: PortfolioSettings
    ) -> tuple[Portfolio, FilterOptions]:
        """The figures for the filter, and the values the filter menus offer."""
        summaries = self.summaries(user)
        return compute_portfolio(summaries, today, settings, flt), filter_options(summaries)
