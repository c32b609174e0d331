"""Moving about a phase by keyboard without ever leaving the event by accident (issue 13,
defect 5): Tab and shift+Tab go round the phase on screen, never on to the tab bar; Esc on the
tab bar leaves the event only when pressed twice; F6 / shift+F6 jump between a phase's blocks;
after a failed save, shift+Tab edits the field that failed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from kaizen_tui.app import KaizenApp
from kaizen_tui.screens.home import HomeScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import make_event
from .test_tui_typeahead import burst, focus_on, open_on, slow_app, stored
from .tui import SIZE, app_for, saved, settle, told


def where(app: KaizenApp) -> str:
    """The id of the field or list that has the focus (or of the tab bar)."""
    focused = app.focused
    assert focused is not None
    return next(n.id for n in (focused, *focused.ancestors) if n.id)


async def open_event(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EventScreen)


async def test_tab_goes_round_the_phase_and_never_reaches_the_tab_bar(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_event(pilot)
        assert where(app) == "phases"  # the charter opens on the tab bar (number keys work)
        await pilot.press("tab")
        await settle(pilot)
        assert where(app) == "f-title"
        seen = []
        while where(app) != "signoffs":  # to the last stop of the charter
            await pilot.press("tab")
            await settle(pilot)
            seen.append(where(app))
            assert len(seen) < 30, seen
        assert "phases" not in seen
        await pilot.press("tab")  # past the last list: back to the first field, and it says so
        await settle(pilot)
        assert where(app) == "f-title"
        said = [n.message for n in told(app)]
        assert said[-1] == "↻ Charter: back to its first field."
        await pilot.press("shift+tab")  # and backwards from the first field to the last list
        await settle(pilot)
        assert where(app) == "signoffs"

        # on Actions too: from the quick add's Due, Tab goes to the list, not the tab bar
        await pilot.press("5")  # Actions
        await settle(pilot)
        app.screen.query_one("#qa-due", Input).focus()
        await pilot.press("tab")
        await settle(pilot)
        assert where(app) == "actions"


async def test_one_stray_esc_on_the_tab_bar_does_not_leave_the_event(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_event(pilot)
        await pilot.press("tab", "escape")  # a field, then the tab bar
        await settle(pilot)
        assert where(app) == "phases"
        await pilot.press("escape")  # stray: asks, stays
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        said = told(app)
        assert [n.message for n in said][-1] == "Press Esc again to go back to the list of events."
        await pilot.press("escape")  # meant: leaves
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_f6_jumps_between_the_blocks_of_a_phase(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_event(pilot)
        bar = str(app.screen.query_one("KeyBar").render())
        assert "f6 Next block" in bar  # shown in the key bar
        jumps = []
        for _ in range(7):
            await pilot.press("f6")
            await settle(pilot)
            jumps.append(where(app))
        # the event, problem (a text area: F6 is not its "select line" here), scope, people,
        # metrics, sign-offs, and round again
        blocks = ["f-title", "f-problem", "f-first", "people", "metrics", "signoffs"]
        assert jumps == [*blocks, "f-title"]
        await pilot.press("shift+f6", "shift+f6")
        await settle(pilot)
        assert where(app) == "metrics"
        await pilot.press("escape", "shift+f6")  # from the tab bar: the last block
        await settle(pilot)
        assert where(app) == "signoffs"

        await pilot.press("escape", "5")  # Actions: the list, then the quick add
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert where(app) == "qa-what"
        await pilot.press("escape", "8")  # the parking lot is one block: no F6 in the key bar
        await settle(pilot)
        assert "f6" not in str(app.screen.query_one("KeyBar").render())


async def test_after_a_failed_save_shift_tab_edits_the_field_that_failed(data_dir: Path) -> None:
    # typed in one go with a slow disk: a date that does not parse, Tab (the save fails, the
    # field keeps it with its message), shift+Tab back, the right date; nothing lands next door
    Store(data_dir).create(make_event(report_out=None))
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "1")
        await focus_on(pilot, app.screen.query_one("#f-end Input", Input))
        burst(app, "ctrl+u", "someday", "tab", "shift+tab", "ctrl+u", "fri", "tab")
        await saved(pilot)
        event = stored(data_dir)
        assert (event.start, event.end, event.report_out) == (
            date(2026, 11, 23),
            date(2026, 11, 27),
            None,
        )
        assert app.screen.query_one("#f-report Input", Input).value == ""
        assert app.screen.query_one("#f-end Input", Input).value == "2026-11-27"
        assert where(app) == "f-report"

        # Enter on a value that does not parse keeps the focus in that field: typing on fixes it
        burst(app, "shift+tab", "ctrl+u", "+", "9x", "enter", "backspace", "\r")
        await saved(pilot)
        assert stored(data_dir).end == date(2026, 12, 4)  # +9 from 25 Nov
