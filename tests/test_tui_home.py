"""The home screen: first run, filters, sorting, needs attention, copy and archive."""

from __future__ import annotations

import gc
import os
import time
import weakref
from datetime import date, timedelta
from pathlib import Path

from kaizen_tui.demo import DEMO_IDS
from kaizen_tui.model import Action, Review
from kaizen_tui.screens.home import HomeScreen
from kaizen_tui.screens.portfolio.screen import PortfolioScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.table import Table

from .conftest import TODAY, make_event
from .tui import SIZE, app_for, queue_read, screen_is, settle, tab_to, type_text


def _portfolio(data_dir: Path) -> Store:
    store = Store(data_dir)
    store.create(make_event())  # live, stamping, one overdue action
    store.create(
        make_event(
            id="KZ-TEST-2",
            title="Faster discharge",
            area="Ward 7B",
            status="following_up",
            start=date(2026, 10, 1),
            end=date(2026, 10, 3),
            report_out=date(2026, 10, 3),
            actions=[],
            root_causes=[],
            reviews=[Review(day=60, due=TODAY + timedelta(days=3))],
        )
    )
    store.create(
        make_event(
            id="KZ-TEST-3",
            title="Invoice approval",
            area="Accounts",
            status="planned",
            start=date(2026, 12, 9),
            end=date(2026, 12, 10),
            actions=[],
            root_causes=[],
        )
    )
    return store


def _text(rows: list[list[str]], action_id: str) -> str:
    """The "What" cell of the queue row for ``action_id``."""
    return next(r[2] for r in rows if r[2].startswith(action_id + " "))


def _ids(app: object) -> list[str]:
    return [r[0] for r in app.screen.query_one("#events", Table).row_texts()]  # type: ignore[attr-defined]


async def test_first_run_offers_the_demo(data_dir: Path) -> None:
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "empty-demo"
        await pilot.press("enter")  # the focused button: load the demo
        await settle(pilot)
        assert sorted(_ids(app)) == sorted(DEMO_IDS)
        assert app.focused is not None and app.focused.id == "events"
        await queue_read(pilot)  # the queue is read in a thread
        attention = app.screen.query_one("#attention", Table).row_texts()
        assert ["Jan Kamiński", "KZ-DEMO-SMED", _text(attention, "A5"), "3 days overdue"] in (
            attention
        )


async def test_filter_sort_and_needs_attention(data_dir: Path) -> None:
    _portfolio(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _ids(app) == ["KZ-TEST-3", "KZ-TEST-1", "KZ-TEST-2"]  # newest start first
        row = {r[0]: r for r in app.screen.query_one("#events", Table).row_texts()}
        assert row["KZ-TEST-1"][3:] == ["live", "2026-11-23 → 11-27", "3", "1", "–"]
        assert row["KZ-TEST-2"][-1] == "60-day 2026-11-28"

        await pilot.press("slash")
        await type_text(pilot, "ward")
        await settle(pilot)
        assert _ids(app) == ["KZ-TEST-2"]
        await pilot.press("enter")  # back to the list
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert len(_ids(app)) == 3

        await tab_to(pilot, "#filter-status", back=True)
        await pilot.press("enter")  # open the status picker
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # "live"
        await settle(pilot)
        assert _ids(app) == ["KZ-TEST-1"]
        await pilot.press("escape")
        await settle(pilot)

        for _ in range(6):  # start → id → title → area → status → open → overdue
            await pilot.press("s")
        await settle(pilot)
        assert app.screen.sort_key == "overdue"  # type: ignore[attr-defined]
        assert _ids(app)[0] == "KZ-TEST-1"
        assert "sorted by overdue actions ▼" in str(app.screen.query_one("#sort-label").render())

        await queue_read(pilot)
        attention = app.screen.query_one("#attention", Table)
        # grouped by owner: the action's owner; the review's owner is the facilitator
        assert attention.row_texts() == [
            ["Zofia Wiśniewska", "KZ-TEST-1", "A1 Overdue thing", "5 days overdue"],
            ["Νίκος Παπαδόπουλος", "KZ-TEST-2", "60-day review · Faster discharge", "in 3 days"],
            ["佐藤 健", "KZ-TEST-1", "A2 Due soon thing", "in 5 days"],
        ]
        assert attention.columns[2].label == "What · 1 review, 2 actions · 1 overdue"
        attention.focus()
        await pilot.press("end", "enter")  # an action opens on Actions, on that action
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        assert app.screen.active_phase == "actions"
        assert app.screen.query_one("#actions", Table).cursor_key == "A2"
        await pilot.press("escape", "escape", "escape")  # to the tab bar; Esc twice leaves
        await settle(pilot)
        await queue_read(pilot)
        attention = app.screen.query_one("#attention", Table)
        attention.focus()
        await pilot.press("home", "down", "enter")  # a review opens on Follow-up, on it
        await settle(pilot)
        assert isinstance(app.screen, EventScreen) and app.screen.event.id == "KZ-TEST-2"
        assert app.screen.active_phase == "followup"
        assert app.screen.query_one("#fu-reviews", Table).cursor_key == "60"


async def test_coming_home_keeps_the_queue_until_an_event_changes(data_dir: Path) -> None:
    """At 10,000 events the queue is ~30 MB: coming home from another screen read it again while
    the one on screen was still held, twice its memory. Read again only when the index changed;
    then the new one replaces it."""
    store = _portfolio(data_dir)
    for path in store.events_dir.glob("*.json"):  # saved a while ago: the index trusts them
        os.utime(path, (time.time() - 60, time.time() - 60))
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await queue_read(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.attention is not None
        first = weakref.ref(home.attention)
        shown = home.query_one("#attention", Table).row_texts()
        await pilot.press("p")
        await screen_is(pilot, PortfolioScreen)
        await pilot.press("escape", "escape")
        await screen_is(pilot, HomeScreen)
        await queue_read(pilot)
        assert home.attention is first()  # not read again: one queue held, not two
        assert home.query_one("#attention", Table).row_texts() == shown

        event = store.load("KZ-TEST-3")  # saved by another kaizen meanwhile
        event.actions.append(Action(id="A1", what="Book the room", due=TODAY + timedelta(1)))
        store.save(event)
        await pilot.press("r")
        await queue_read(pilot)
        assert ["(no owner)", "KZ-TEST-3", "A1 Book the room", "tomorrow"] in home.query_one(
            "#attention", Table
        ).row_texts()
        gc.collect()
        assert first() is None


async def test_the_queue_is_read_from_the_index_a_page_at_a_time(data_dir: Path) -> None:
    """At 10,000 events the queue holds 63,872 items: the home keeps where each one is and reads
    those shown a page at a time, not an item and a row for each (~30 MB). What a person sees
    is the whole queue, as ``kaizen followups`` lists it."""
    from kaizen_tui.logic.attention import AttentionItem, due_words, needs_attention

    store = Store(data_dir)
    owners = ["", "ana", "Ben", "Ana"]
    for n in range(30):  # 7 actions due each: 210 items, four pages
        actions = [
            Action(
                id=f"A{i}",
                what=f"Thing {i}",
                owner=owners[(n + i) % 4],
                due=TODAY + timedelta(i - 4),
            )
            for i in range(1, 8)
        ]
        store.create(make_event(id=f"KZ-Q-{n:02d}", actions=actions, root_causes=[]))
    whole = needs_attention(store.db(), TODAY)
    expected = [
        [
            (group.owner or "(no owner)") if n == 0 else "",
            item.event_id,
            f"{item.label} {item.what}",
            due_words(item.days),
        ]
        for group in whole.groups
        for n, item in enumerate(group.items)
    ]
    last = whole.groups[-1].items[-1]
    last_event, last_action = last.event_id, last.action_id
    del whole, last  # the test's own items: the app's are counted below
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await queue_read(pilot)
        table = app.screen.query_one("#attention", Table)
        assert table.row_texts() == expected
        gc.collect()
        assert not any(isinstance(o, AttentionItem) for o in gc.get_objects())
        table.focus()
        await pilot.press("end", "enter")  # the last item opens on Actions, on it
        workspace = await screen_is(pilot, EventScreen)
        await settle(pilot)
        assert workspace.event.id == last_event
        assert workspace.query_one("#actions", Table).cursor_key == last_action


async def test_duplicate_as_template_and_archive_with_confirmation(data_dir: Path) -> None:
    store = _portfolio(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # KZ-TEST-1
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Changeover on press 8")
        await pilot.press("tab", "tab")
        await type_text(pilot, "+7")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        copy = app.screen.event
        assert copy.title == "Changeover on press 8"
        assert copy.start == TODAY + timedelta(days=7)
        assert [p.name for p in copy.people] == [p.name for p in store.load("KZ-TEST-1").people]
        assert copy.actions == [] and copy.root_causes == []
        await pilot.press("escape", "escape", "escape")  # to the tab bar; Esc twice leaves
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert copy.id in _ids(app)

        table = app.screen.query_one("#events", Table)
        table.move_to("KZ-TEST-2")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert "KZ-TEST-2" in _ids(app)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "KZ-TEST-2" not in _ids(app)
        assert store.list_archived() == ["KZ-TEST-2"]


async def test_usable_at_80_by_24(data_dir: Path) -> None:
    _portfolio(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#events", Table)
        assert [c.key for c in table.columns] == [
            "id",
            "title",
            "status",
            "open",
            "overdue",
            "review",
        ]
        # every event is in view, and the queue below keeps room for its rows
        assert table.region.height >= table.row_count + 1
        assert app.screen.query_one("#attention", Table).region.height >= 6
        await pilot.press("down", "enter", "5")  # KZ-TEST-1
        await settle(pilot)
        actions = app.screen.query_one("#actions", Table)
        assert actions.region.width <= 80 and actions.row_count == 4
        assert app.screen.query_one("#qa-what").region.height == 1
