"""The hub keeps the LPO figures it computed for a question (events at their revisions, day,
filter, settings) and answers the same question from them; any push, another filter or another
day is a new question, answered from the events as they are."""

from __future__ import annotations

import re
from pathlib import Path

from bench.common import synthetic_event
from kaizen_tui.hub import events
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import default_url, open_database
from kaizen_tui.hub.figures import HubFigures
from kaizen_tui.logic.portfolio import PortfolioFilter, PortfolioSettings, compute_portfolio
from kaizen_tui.model import Bundle, Event
from kaizen_tui.store.sqlindex import memory_index

from .conftest import TODAY

LPO = User("Lena Lpo", "lena lpo", "lpo")


def test_figures_are_kept_until_an_event_changes(tmp_path: Path) -> None:
    db = open_database(default_url(tmp_path))
    try:
        pushed: dict[str, Event] = {}
        with db.write() as conn:
            for n in range(4):
                event = synthetic_event(n, actions=6, today=TODAY, lpo=True)
                assert events._push_once(conn, LPO, event.id, None, Bundle(event=event)).accepted
                pushed[event.id] = event
        figures = HubFigures(db)
        settings = PortfolioSettings()
        everything = PortfolioFilter()
        first, _ = figures.portfolio(LPO, TODAY, everything, settings)
        assert figures.portfolio(LPO, TODAY, everything, settings)[0] is first  # kept

        area = PortfolioFilter(areas=(first.events[0].area,))
        narrow, _ = figures.portfolio(LPO, TODAY, area, settings)
        assert narrow is not first and len(narrow.events) < len(first.events)
        tomorrow = TODAY.fromordinal(TODAY.toordinal() + 1)
        assert figures.portfolio(LPO, tomorrow, everything, settings)[0] is not first
        assert figures.portfolio(LPO, TODAY, everything, settings)[0] is first

        # a push: the next view is computed from the new revision
        edited = pushed["KZ-BENCH-0001"].model_copy(deep=True)
        edited.title = "Renamed after the first view"
        edited.actions[0].status = "open"
        edited.actions[0].due = TODAY.fromordinal(TODAY.toordinal() - 30)
        with db.write() as conn:
            result = events._push_once(conn, LPO, edited.id, 1, Bundle(event=edited))
        assert result.accepted
        pushed[edited.id] = Event.model_validate(result.bundle["event"])
        after, _ = figures.portfolio(LPO, TODAY, everything, settings)
        assert after is not first
        assert "Renamed after the first view" in [e.title for e in after.events]
        expected = compute_portfolio(
            memory_index(e.model_dump(mode="json", by_alias=True) for e in pushed.values()).all,
            TODAY,
            settings,
            everything,
        )
        assert after == expected
        assert figures.portfolio(LPO, TODAY, everything, settings)[0] is after
        # the figures of the events before the push are gone, not kept beside the new ones
        assert all(
            first is not f[0] for _, kept in figures._figures.values() for f in kept.values()
        )
    finally:
        db.close()


def test_the_dashboard_page_shows_a_push_made_after_it_was_viewed(tmp_path: Path) -> None:
    from bench.dashboard import PUSHER, fill, logged_in
    from kaizen_tui.hub import users

    db = open_database(default_url(tmp_path))
    try:
        fill(db, 3)
        _, token = users.add_user(db, PUSHER.name, "lpo")
        client = logged_in(db, token)

        def overdue() -> str:
            page = client.get("/lpo/")
            assert page.status_code == 200
            found = re.search(r'id="fig-overdue">(\d+)<', page.text)
            assert found, page.text[:500]
            return found.group(1)

        before = overdue()
        assert overdue() == before  # the same figures, shown again
        event = synthetic_event(0, actions=15, today=TODAY, lpo=True)
        for action in event.actions:
            action.status = "done"
            action.done_on = TODAY
        with db.write() as conn:
            assert events._push_once(conn, PUSHER, event.id, 1, Bundle(event=event)).accepted
        after = overdue()
        assert int(after) < int(before)
        client.close()
    finally:
        db.close()
