"""Keys typed without a pause across every focus change land in the field they were typed into,
while the store's save is slowed on purpose (issue 13, defect 1).

The keys are sent the way a fast typist or a busy laptop delivers them: all at once, straight
after the key that moves the focus (Enter to the next why, ctrl+l, Tab, a hotkey that opens a
dialog), with no pause between them. The store really saves (a slow disk, not a mock)."""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from kaizen_tui.app import KaizenApp
from kaizen_tui.config import load_config
from kaizen_tui.model import Event, RootCause
from kaizen_tui.screens.phases import PHASES
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import TODAY, make_event
from .tui import SIZE, FakeClock, settle

SAVE_DELAY = 0.15  # a slow laptop disk: every save takes 150 ms before it is written


class SlowStore(Store):
    """The real store, whose saves take SAVE_DELAY longer (the write is the real atomic one);
    a test may also hold the disk (``disk.clear()``) until it lets it go."""

    saves = 0

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.disk = threading.Event()
        self.disk.set()

    def save(self, event: Event) -> Event:
        time.sleep(SAVE_DELAY)
        self.disk.wait(30)
        saved = super().save(event)
        type(self).saves += 1
        return saved


def slow_app(data_dir: Path, *, open_event: str | None = None) -> KaizenApp:
    return KaizenApp(
        SlowStore(data_dir),
        load_config(data_dir),
        today=TODAY,
        open_event=open_event,
        clock=FakeClock(),
    )


def burst(app: KaizenApp, *keys: str) -> None:
    """Send keys with no pause at all between them (as a terminal delivers a burst). Named keys
    ("enter", "tab", "ctrl+l") alone; anything else is typed character by character, and a
    trailing "\\r" is Enter."""
    driver = app._driver
    assert driver is not None
    for chunk in keys:
        if chunk in _NAMED or ("+" in chunk and len(chunk) > 1):
            names = [chunk]
        else:
            names = ["enter" if ch == "\r" else ch for ch in chunk]
        for name in names:
            key = _character_to_key(name) if len(name) == 1 and not name.isalnum() else name
            try:
                char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
            except KeyError:
                char = name if len(name) == 1 else None
            event = events.Key(key, char)
            event.set_sender(app)
            driver.send_message(event)


_NAMED = {"enter", "tab", "escape", "backspace", "space", "up", "down", "left", "right", "end"}


async def until(pilot: Pilot[None], check: Callable[[], bool], seconds: float = 60) -> None:
    """Wait (on the app's own clock of messages) until ``check()`` holds. Generous: on this
    shared machine a burst took 12 s to be typed in with six apps typing at once."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the expected state was never reached")
        await pilot.pause(0.02)


async def focus_on(pilot: Pilot[None], widget: Widget) -> None:
    """Focus ``widget`` and wait until the app has it focused: keys sent in a burst right after
    a pause went to the widget focused before, when the pause was too short."""
    widget.focus()
    app = pilot.app
    await until(
        pilot, lambda: app.focused is not None and widget in app.focused.ancestors_with_self
    )
    await pilot.pause()


def stored(data_dir: Path, event_id: str = "KZ-TEST-1") -> Event:
    return Store(data_dir).load(event_id)


def stored_cause(data_dir: Path, cause_id: str = "RC1") -> RootCause:
    cause = stored(data_dir).root_cause(cause_id)
    assert cause is not None
    return cause


async def open_on(pilot: Pilot[None], phase: str) -> EventScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, EventScreen))
    workspace = app.screen
    assert isinstance(workspace, EventScreen)
    await pilot.press(phase)
    # the phase shown before the test focuses one of its fields (a pause was too short for that
    # on a loaded machine)
    wanted = PHASES[int(phase) - 1].id
    await until(pilot, lambda: workspace.active_phase == wanted)
    await settle(pilot)  # the phase sets its focus after it is shown: let it, before ours
    return workspace


def values(app: KaizenApp, selector: str) -> list[str]:
    return [i.value for i in app.screen.query(selector).results(Input)]


async def test_the_next_why_gets_its_own_first_letter(data_dir: Path) -> None:
    # the trial's "Alpha why oneB / ravo why two": Enter adds the next why, typing goes on
    Store(data_dir).create(
        make_event(root_causes=[RootCause(id="RC1", problem="Press waits")], actions=[]),
        today=TODAY,
    )
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        workspace = await open_on(pilot, "3")
        first = app.screen.query("#whys Input").results(Input).__next__()
        await focus_on(pilot, first)
        burst(app, "Alpha why one", "enter", "Bravo why two", "enter", "Charlie 3", "enter")
        burst(app, "enter", "No staging of the next die", "enter")
        whys = ["Alpha why one", "Bravo why two", "Charlie 3"]
        await until(pilot, lambda: stored_cause(data_dir).cause != "")
        await until(pilot, lambda: not workspace.saving)
        cause = stored_cause(data_dir)
        assert cause.whys == whys
        assert cause.cause == "No staging of the next die"
        assert values(app, "#whys Input") == whys
        assert values(app, "#f-rc-cause Input") == ["No staging of the next die"]
        assert app.typeahead.held_count > 0  # the keys did arrive ahead of the focus


async def test_ctrl_l_then_typing_at_once_parks_the_whole_idea(data_dir: Path) -> None:
    # the trial's "dea number 1": the first letter went to the field the hotkey was pressed in
    Store(data_dir).create(make_event(), today=TODAY)
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "1")
        await focus_on(pilot, app.screen.query_one("#f-title Input", Input))
        burst(app, " (pilot)", "ctrl+l", "Idea number 1", "tab", "Zo", "enter")
        burst(app, "ctrl+l", "Idea number 2", "enter", " line")
        await until(pilot, lambda: len(stored(data_dir).parking_lot) == 2)
        await until(pilot, lambda: stored(data_dir).title.endswith("line"))
        ideas = stored(data_dir).parking_lot
        assert [(i.text, i.raised_by) for i in ideas] == [
            ("Idea number 1", "Zofia Wiśniewska"),
            ("Idea number 2", ""),
        ]
        title = "Cut changeover time on press 7 (pilot) line"
        assert stored(data_dir).title == title
        assert app.screen.query_one("#f-title Input", Input).value == title


async def test_tab_through_the_charter_loses_no_letter(data_dir: Path) -> None:
    # the trial: after Tab, 2–4 characters vanished or went to the field before
    Store(data_dir).create(make_event(), today=TODAY)
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        workspace = await open_on(pilot, "1")
        await focus_on(pilot, app.screen.query_one("#f-title Input", Input))
        # Title, Status (a chooser: Tab passes it), Site, Area, Value stream, Business unit
        burst(app, " v2", "tab", "tab", "Plant 2", "tab", " B", "tab", "Doors", "tab", "Body")
        burst(app, "tab")  # leaving Business unit saves it
        await until(pilot, lambda: stored(data_dir).business_unit == "Body")
        await until(pilot, lambda: not workspace.saving)
        event = stored(data_dir)
        assert (event.title, event.site, event.area, event.value_stream, event.business_unit) == (
            "Cut changeover time on press 7 v2",
            "Plant 2",
            "Stamping B",
            "Doors",
            "Body",
        )
        shown = [app.screen.query_one(f"#{f} Input", Input).value for f in ("f-site", "f-area")]
        assert shown == ["Plant 2", "Stamping B"]


async def test_quick_add_typed_in_one_go(data_dir: Path) -> None:
    Store(data_dir).create(make_event(), today=TODAY)
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "5")  # Actions
        await focus_on(pilot, app.screen.query_one("#qa-what", Input))
        burst(app, "Stage the die", "tab", "zo", "tab", "fri", "enter")
        burst(app, "Second action", "tab", "Ana", "tab", "d4", "enter", "Third", "enter")
        await until(pilot, lambda: len(stored(data_dir).actions) == 7)
        added = [(a.what, a.owner, a.due) for a in stored(data_dir).actions[4:]]
        assert added == [
            ("Stage the die", "Zofia Wiśniewska", date(2026, 11, 27)),
            ("Second action", "Ana", date(2026, 11, 26)),  # d4: day 4 of the event
            ("Third", "", None),
        ]
        assert app.screen.query_one("#qa-what", Input).value == ""


async def test_a_dialog_form_typed_in_one_go(data_dir: Path) -> None:
    # the trial: with the laptop busy, "47" became "720" in a dialog (a Tab or digit lost)
    Store(data_dir).create(make_event(), today=TODAY)
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "1")
        await focus_on(pilot, app.screen.query_one("#metrics"))
        burst(app, "a", "Scrap rate", "tab", "%", "tab", "l", "tab", "47", "tab", "last fri")
        burst(app, "tab", "shift log", "tab", "20", "enter")
        await until(pilot, lambda: len(stored(data_dir).metrics) == 2)
        metric = stored(data_dir).metrics[-1]
        assert (metric.name, metric.unit, metric.direction) == ("Scrap rate", "%", "lower")
        assert (metric.baseline, metric.baseline_date, metric.baseline_source, metric.target) == (
            47,
            date(2026, 11, 20),  # last fri
            "shift log",
            20,
        )
        assert app.screen.__class__.__name__ == "EventScreen"  # the form closed


# -- the save path: a worker that writes in order --------------------------------------------


async def test_saves_leave_the_ui_thread_coalesce_and_show_in_the_top_bar(data_dir: Path) -> None:
    from kaizen_tui.widgets.event_bar import EventBar

    Store(data_dir).create(make_event(), today=TODAY)
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        workspace = await open_on(pilot, "5")  # Actions
        await focus_on(pilot, app.screen.query_one("#qa-what", Input))
        SlowStore.saves = 0
        store = app.store
        assert isinstance(store, SlowStore)
        store.disk.clear()  # the disk hangs: the first save cannot finish
        bar = app.screen.query_one(EventBar)
        burst(app, *[f"Action {n}\r" for n in range(1, 7)])
        await until(pilot, lambda: len(workspace.event.actions) == 10)
        # all six taken and shown while the disk held the first save: the UI did not wait
        assert len(stored(data_dir).actions) == 4
        assert "saving…" in str(bar.query_one("#bar-saved").render())
        assert app.screen.query_one("#qa-what", Input).value == ""
        store.disk.set()
        await until(pilot, lambda: not workspace.saving)
        added = [a.what for a in stored(data_dir).actions[4:]]
        assert added == [f"Action {n}" for n in range(1, 7)]  # in order, none lost
        # the edits taken while the first save hung went to the store together
        assert SlowStore.saves == 2
        revision = stored(data_dir).revision
        assert f"saved · rev {revision}" in str(bar.query_one("#bar-saved").render())


async def test_quit_waits_for_the_saves_under_way(data_dir: Path) -> None:
    Store(data_dir).create(make_event(), today=TODAY)
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "5")  # Actions
        await focus_on(pilot, app.screen.query_one("#qa-what", Input))
        burst(app, "One\r", "Two\r", "Three", "ctrl+q")
        await until(pilot, lambda: not app.is_running)
    assert [a.what for a in stored(data_dir).actions[4:]] == ["One", "Two", "Three"]


async def test_a_conflict_met_by_the_worker_reaches_the_dialog_and_loses_nothing(
    data_dir: Path,
) -> None:
    from kaizen_tui.screens.conflict import ConflictScreen

    Store(data_dir).create(make_event(), today=TODAY)
    app = slow_app(data_dir, open_event="KZ-TEST-1")
    async with app.run_test(size=SIZE) as pilot:
        await open_on(pilot, "5")  # Actions
        elsewhere = Store(data_dir).load("KZ-TEST-1")  # a second laptop renames the event
        elsewhere.title = "Renamed elsewhere"
        Store(data_dir).save(elsewhere)
        await focus_on(pilot, app.screen.query_one("#qa-what", Input))
        burst(app, "Kept one\r", "Kept two\r")
        await until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        burst(app, "r")  # reload and re-apply
        await until(pilot, lambda: len(stored(data_dir).actions) == 6)
        event = stored(data_dir)
        assert event.title == "Renamed elsewhere"
        assert [a.what for a in event.actions[4:]] == ["Kept one", "Kept two"]
