"""Running the room: the parking-lot hotkey anywhere, the run-sheet countdown and its alert with a
clock the test controls, edits that survive closing the app, and a save conflict."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from kaizen_tui.logic.agenda import template_items
from kaizen_tui.screens.home import HomeScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.table import Table

from .conftest import TODAY, make_event
from .tui import SIZE, FakeClock, app_for, saved, settle, tab_to, told, type_text, wait_for


async def _park(pilot, text: str, who: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormScreen)
    assert pilot.app.screen.form_title.startswith("Park an idea")
    await type_text(pilot, text)
    await pilot.press("tab", "ctrl+u")  # clear the remembered name
    await type_text(pilot, who)
    await pilot.press("enter")
    await settle(pilot)


async def test_parking_lot_hotkey_from_home_a_field_the_runsheet_and_a_dialog(
    data_dir: Path,
) -> None:
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await _park(pilot, "Crane hook inspection overdue", "Piotr")  # 1: home

        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "#f-site")  # 2: the workspace, typing in a charter field
        await type_text(pilot, "Plant A")
        await _park(pilot, "Forklift driver missing at night", "Jan")
        assert isinstance(app.screen, EventScreen)
        assert app.screen.event.site == "Plant A"  # the field was saved before the dialog

        await pilot.press("escape", "7")  # 3: the run-sheet
        await settle(pilot)
        await _park(pilot, "Scrap bin labels unclear", "Kasia")

        await pilot.press("escape", "5")  # 4: on top of another dialog (edit an action)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await _park(pilot, "Same problem on press 8", "Zofia")
        assert isinstance(app.screen, FormScreen)  # back in the action form, not closed
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("escape", "8")
        await settle(pilot)
        rows = app.screen.query_one("#parking", Table).row_texts()
        assert [(r[1], r[2], r[4]) for r in rows] == [
            ("Crane hook inspection overdue", "Piotr", "open"),
            ("Forklift driver missing at night", "Jan", "open"),
            ("Scrap bin labels unclear", "Kasia", "open"),
            # Enter takes the name shown greyed: Zofia is on the event's team (issue 13, defect 4)
            ("Same problem on press 8", "Zofia Wiśniewska", "open"),
        ]
        # review it: resolve one, turn another into an action
        await pilot.press("r")
        await pilot.press("down", "c")
        await settle(pilot)
        await pilot.press("tab", "tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await settle(pilot)
        await saved(pilot)
    event = Store(data_dir).load("KZ-TEST-1")
    assert [p.resolved for p in event.parking_lot] == [True, True, False, False]
    assert event.parking_lot[1].action == "A5"
    assert event.action("A5").what == "Forklift driver missing at night"  # type: ignore[union-attr]
    assert all(p.raised_on == TODAY for p in event.parking_lot)


async def test_countdown_alerts_when_the_timebox_runs_out_and_resumes_after_restart(
    data_dir: Path,
) -> None:
    Store(data_dir).create(make_event(status="planned", agenda=template_items("1-day")))
    clock = FakeClock()
    app = app_for(data_dir, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventScreen)
        await pilot.press("ctrl+n")  # from the charter: start the first timebox (20 min)
        await settle(pilot)
        assert screen.event.status == "live"  # a planned event goes live with its agenda
        timer = screen.query_one("#bar-timer", Static)
        assert "Kick-off" in str(timer.render()) and "20:00" in str(timer.render())

        clock.advance(minutes=19, seconds=30)
        screen.tick()
        await settle(pilot)
        assert "00:30" in str(timer.render())
        assert not told(app, "Time's up")

        clock.advance(minutes=1)
        screen.tick()
        await settle(pilot)
        assert timer.has_class("-overrun")
        assert "time's up" in str(timer.render()) and "+00:30" in str(timer.render())
        alerts = told(app, "Time's up")
        assert len(alerts) == 1 and "Kick-off" in alerts[0].message
        screen.tick()  # the alert is given once per timebox
        assert len(told(app, "Time's up")) == 1

        await pilot.press("7")
        await settle(pilot)
        await pilot.press("n")  # next item: the gemba walk starts now
        await settle(pilot)
        assert not timer.has_class("-overrun")
        assert "Gemba walk" in str(timer.render()) and "1:00:00" in str(timer.render())
        clock.advance(minutes=15)
        await pilot.press("ctrl+q")
        await settle(pilot)

    again = app_for(data_dir, clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        timer = again.screen.query_one("#bar-timer", Static)
        assert "Gemba walk" in str(timer.render()) and "45:00" in str(timer.render())


async def test_closing_the_app_saves_the_field_being_typed(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "#f-background")
        await type_text(pilot, "Typed and never left")
        await pilot.press("ctrl+q")  # at once: no Tab, no pause for the autosave
        await settle(pilot)
    assert Store(data_dir).load("KZ-TEST-1").background == "Typed and never left"


async def test_quitting_with_a_bad_value_asks_first(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "#f-end")
        await pilot.press("ctrl+u")
        await type_text(pilot, "someday")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running  # not closed: the value would be lost
        warning = told(app, "Not saved")
        assert warning and "Ends" in warning[0].message and "ctrl+q again" in warning[0].message
        field = app.screen.query_one("#f-end Input", Input)
        assert field.value == "someday" and field.has_class("-invalid")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_conflict_is_shown_and_the_change_reapplied(data_dir: Path) -> None:
    store = Store(data_dir)
    store.create(make_event())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # meanwhile another laptop saves the same event
        other = store.load("KZ-TEST-1")
        other.lessons = "Film the changeover"
        store.save(other)
        await tab_to(pilot, "#f-site")
        await type_text(pilot, "Plant B")
        await pilot.press("enter")
        # the save worker meets the conflict; the dialog opens once typing has paused for 1 s
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConflictScreen", timeout=60)
        assert "saved elsewhere" in str(app.screen.query_one("Static").render())
        assert "not saved" in str(app.screen_stack[-2].query_one("#bar-saved").render())
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        await saved(pilot)
        assert "saved" in str(app.screen.query_one("#bar-saved").render())
    stored = Store(data_dir).load("KZ-TEST-1")
    assert (stored.site, stored.lessons) == ("Plant B", "Film the changeover")
