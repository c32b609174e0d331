"""The LPO figures on the hub: the same computation as ``kaizen report --json`` on a laptop
(logic.portfolio.compute_portfolio, SQL over the cross-event rows of logic/rows.py), over the
latest revision of every event the user may read.

The rows are in the hub's own database (lpoindex.py), replaced with each push: LPO and admin
users are answered by queries over them, in one snapshot of the database; a facilitator from a
small index, in memory, of the rows of the events that name them (what their laptop syncs).
The dashboard page asks for what it shows (logic/portfolio_page.py: counts, rates and the first
rows of its long tables), the CSV files and the JSON for the whole portfolio.

The figures themselves are kept too, for the last few questions asked: the hub's change counter
(hub_state, bumped by every push in its transaction) and the same day, filter and settings give
the same figures (compute_portfolio is a pure function of the rows and the question), so a
dashboard looked at again is not computed again (at 10,000 events computing is most of a view's
time). Once the counter moves, the figures kept for the counter before are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from kaizen_tui.hub import lpoindex
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.schema import event_names, lpo_tables
from kaizen_tui.logic.portfolio import (
    FilterOptions,
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
    compute_portfolio,
    filter_options,
)
from kaizen_tui.logic.portfolio_page import PageFigures, page_figures
from kaizen_tui.logic.queries import Execute
from kaizen_tui.logic.rows import TABLES, Rows
from kaizen_tui.store.sqlindex import FileRead, SqlIndex

#: Figures kept for this many sets of events (everyone's for LPO and admins, or one
#: facilitator's), and within each for this many filters/days: a 10,000-event portfolio's
#: figures are tens of MB, and those of an older state of the hub are dropped at once.
_KEPT_SCOPES = 4
_KEPT_QUESTIONS = 4
#: Catching the rows up with pushes that left them behind, at most this often per view (a hub
#: process from before them still taking pushes, in a rolling upgrade).
_CATCH_UP_TRIES = 3
_NOWHERE = Path("/nonexistent")  # an in-memory index reads no event files


_Figures = tuple[Portfolio | PageFigures, FilterOptions]
_Question = tuple[date, PortfolioFilter, PortfolioSettings, int | None]


class HubFigures:
    """Thread-safe; one per hub app."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # held while figures are computed: a second view asked meanwhile gets them when done
        self._lock = threading.Lock()
        # scope → (the hub's change counter they were computed at, question → figures)
        self._figures: OrderedDict[Hashable, tuple[int, OrderedDict[Hashable, _Figures]]] = (
            OrderedDict()
        )

    def portfolio(
        self, user: User, today: date, flt: PortfolioFilter, settings: PortfolioSettings
    ) -> tuple[Portfolio, FilterOptions]:
        """The figures for the filter (every overdue action listed: the report's, for the CSV
        files and the JSON), and the values the filter menus offer."""
        found, options = self._answer(user, (today, flt, settings, None))
        assert isinstance(found, Portfolio)
        return found, options

    def page(
        self,
        user: User,
        today: date,
        flt: PortfolioFilter,
        settings: PortfolioSettings,
        shown: int,
    ) -> tuple[PageFigures, FilterOptions]:
        """What the dashboard page shows of those figures (its long tables' first ``shown``
        rows), and the values the filter menus offer."""
        found, options = self._answer(user, (today, flt, settings, shown))
        assert isinstance(found, PageFigures)
        return found, options

    def _answer(self, user: User, question: _Question) -> _Figures:
        scope = "everyone" if user.reads_all else user.name_key
        with self._lock:
            return self._portfolio(user, scope, question)

    def _portfolio(self, user: User, scope: Hashable, question: _Question) -> _Figures:
        for _ in range(_CATCH_UP_TRIES):
            with self.db.snapshot() as conn:
                counter, behind = lpoindex.state(conn)
                if not behind:
                    return self._figures_at(conn, counter, user, scope, question)
            with self.db.write() as conn:
                lpoindex.catch_up(conn)
        with self.db.snapshot() as conn:  # still behind: the rows as they are
            counter, _ = lpoindex.state(conn)
            return self._figures_at(conn, counter, user, scope, question)

    def _figures_at(
        self, conn: sa.Connection, counter: int, user: User, scope: Hashable, question: _Question
    ) -> _Figures:
        """The figures kept for the question at this state of the hub, or computed and kept."""
        kept = self._figures.get(scope)
        if kept is None or kept[0] != counter:  # new, or an event changed
            kept = self._figures[scope] = (counter, OrderedDict())
        self._figures.move_to_end(scope)
        if len(self._figures) > _KEPT_SCOPES:
            self._figures.popitem(last=False)
        answers = kept[1]
        found = answers.get(question)
        if found is not None:
            answers.move_to_end(question)
            return found
        today, flt, settings, shown = question
        ask = lpoindex.ask(conn) if user.reads_all else _index_of(conn, user)
        figures: Portfolio | PageFigures
        if shown is None:
            figures = compute_portfolio(ask, today, settings, flt)
        else:
            figures = page_figures(ask, today, settings, flt, shown=shown)
        found = figures, filter_options(ask)
        answers[question] = found
        if len(answers) > _KEPT_QUESTIONS:
            answers.popitem(last=False)
        return found


def _index_of(conn: sa.Connection, user: User) -> Execute:
    """A small index, in memory, of the rows of the events that name ``user``."""
    named = sa.select(event_names.c.event_id).where(event_names.c.name_key == user.name_key)
    found: dict[str, Rows] = {}
    for table in TABLES:  # events first: every event has its row there
        stored = lpo_tables[table.name]
        query = sa.select(stored).where(stored.c.event_id.in_(named))
        for row in conn.execute(query.order_by(*stored.primary_key)).mappings():
            event_rows = found.setdefault(row["event_id"], {t.name: [] for t in TABLES})
            event_rows[table.name].append(dict(row))
    index = SqlIndex(None, _NOWHERE)
    with index.batch():
        for event_id, rows in found.items():
            index.put(FileRead(f"{event_id}.json", (0, 0, 0), event_id, rows))
    return index.all
