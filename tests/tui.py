"""Helpers for driving the app in Pilot tests the way a person does: keys, not method calls.

Waits are on conditions (a screen is up, the app is idle, a check holds), never a fixed number of
pauses, with a deadline that is generous because the suite runs on a loaded 2-core machine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from textual import _wait, events
from textual.notifications import Notification, SeverityLevel
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.worker import WorkerState

from kaizen_tui import app as kaizen_app
from kaizen_tui.app import KaizenApp
from kaizen_tui.config import load_config
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import TODAY

SIZE = (120, 36)

# Pilot waits for the app to be idle after every key and in every ``pilot.pause()``: Textual
# sleeps 20 ms at a time and calls the process idle after a window in which it used < 1 ms of
# CPU (textual._wait). Every key cost at least 40 ms, and half the suite's wall time was spent
# in these windows. The same rule over 2 ms windows (idle: < 0.2 ms of CPU in one; an idle app
# uses ~0.05 ms) waits as long as the app works and stops 2-4 ms after it stopped. What a test
# needs to be true it waits for by name (settle, wait_for, saved), never by this heuristic.
_wait.SLEEP_GRANULARITY = 0.002
_wait.SLEEP_IDLE = 0.0002


class FakeClock:
    """Time the test moves by hand (the run-sheet countdown never sleeps in a test)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


#: How long a wait may take before the test fails: far above what any step needs, so that a
#: loaded machine slows the suite down instead of failing it.
DEADLINE = 20.0


class RecordingApp(KaizenApp):
    """The real app, which also keeps every notification it was asked to show (a toast times
    out; what it said stays here for the test to read)."""

    # Textual reads CSS_PATH beside the module of the class it is set on: keep the app's own.
    CSS_PATH = str(Path(kaizen_app.__file__).with_name(str(KaizenApp.CSS_PATH)))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.told: list[Notification] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.told.append(Notification(message, title, severity, timeout or 0, markup=markup))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def app_for(data_dir: Path, *, today: date = TODAY, clock: FakeClock | None = None) -> RecordingApp:
    """The app as ``make_app`` builds it (store, settings, pinned today, a clock the test moves)."""
    return RecordingApp(
        Store(data_dir), load_config(data_dir), today=today, clock=clock or FakeClock()
    )


def told(app: KaizenApp, title: str | None = None) -> list[Notification]:
    """The notifications the app has shown so far (those titled ``title``), oldest first."""
    assert isinstance(app, RecordingApp), "make the app with app_for() to read its notifications"
    return [n for n in app.told if title is None or n.title == title]


def _busy(app: KaizenApp) -> bool:
    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the app is quiet: no worker (a save, a read, a print) running, and the screen
    and the focus the same over two more rounds of handling what is queued (a key often acts in
    steps: an action, a screen pushed, its widgets mounted, the focus set)."""
    app = pilot.app
    assert isinstance(app, KaizenApp)
    deadline = time.monotonic() + DEADLINE
    await pilot.pause()
    last: tuple[object, ...] = ()
    quiet = 0
    while quiet < 2:
        if time.monotonic() > deadline:
            raise AssertionError(f"the app was still busy after {DEADLINE:.0f} s: {app.workers}")
        await pilot.pause(0.01 if _busy(app) else None)
        state = (app.screen, app.focused, len(app.screen_stack))
        quiet = quiet + 1 if state == last and not _busy(app) else 0
        last = state


S = TypeVar("S", bound=Screen[Any])


async def screen_is(pilot: Pilot[None], kind: type[S]) -> S:
    """Wait until the screen on top is a ``kind`` (a dialog opened, a screen came back) and
    has handled what was queued on it; return it."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, kind), what=f"a {kind.__name__}")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, kind)
    return screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type like a person: one key per character (spaces included). For tests about keys;
    content goes in faster with ``paste``."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


async def paste(pilot: Pilot[None], text: str) -> None:
    """Paste ``text`` into the focused field, as a terminal delivers a paste (one event, not a
    key per character)."""
    app = pilot.app
    focused = app.focused
    assert focused is not None, "nothing is focused to paste into"
    app.post_message(events.Paste(text))  # the app hands it to the focused widget
    if isinstance(focused, Input | TextArea):
        field = focused
        await wait_for(
            pilot,
            lambda: text in (field.value if isinstance(field, Input) else field.text),
            what=f"{text!r} pasted",
        )
    else:
        await settle(pilot)


def focused_inside(app: KaizenApp, selector: str) -> bool:
    focused = app.focused
    if focused is None:
        return False
    targets = list(app.screen.query(selector))
    return any(focused is t or t in focused.ancestors for t in targets)


async def tab_to(
    pilot: Pilot[None], selector: str, *, limit: int = 40, back: bool = False
) -> Widget:
    """Press Tab (or Shift+Tab) until the focus is in ``selector``: how a keyboard user gets
    to a field."""
    app = pilot.app
    assert isinstance(app, KaizenApp)
    for _ in range(limit):
        if focused_inside(app, selector):
            assert app.focused is not None
            return app.focused
        await pilot.press("shift+tab" if back else "tab")
        await pilot.pause()
    raise AssertionError(f"Tab never reached {selector}; focus is on {app.focused!r}")


async def wait_for(
    pilot: Pilot[None],
    check: Callable[[], object],
    *,
    timeout: float = DEADLINE,
    what: str = "the expected state",
) -> None:
    """Pause until ``check()`` is true (handling what is queued in between; states reached by a
    timer or a worker come in real time), or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"the app never reached {what} in {timeout:.0f} s")
        await pilot.pause(0.01)


async def queue_read(pilot: Pilot[None], timeout: float = DEADLINE) -> None:
    """Wait until the home screen's "needs attention" queue is read: a thread worker started a
    moment after the list is shown (or when the home screen comes back)."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not getattr(app.screen, "attention_pending", True):
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("the needs-attention queue was never read")


async def open_event(pilot: Pilot[None], *keys: str) -> EventScreen:
    """Enter on the home list's highlighted event, then ``keys`` one by one once what the one
    before did is on screen (a number key: its phase shown); keys pressed before a screen is up
    would go to the screen before it."""
    from kaizen_tui.screens.phases import PHASES

    await pilot.press("enter")
    workspace = await screen_is(pilot, EventScreen)
    for key in keys:
        await pilot.press(key)
        if key.isdigit() and pilot.app.screen is workspace:
            wanted = PHASES[int(key) - 1].id

            def shown(w: str = wanted) -> bool:
                return workspace.active_phase == w

            await wait_for(pilot, shown, what=wanted)
        await settle(pilot)
    return workspace


async def saved(pilot: Pilot[None], timeout: float = 60.0) -> None:
    """Wait until the keys pressed so far have reached their fields and every open event has
    written what it took. Saves run in a worker after ``commit`` returns (issue 13), so a test
    that reads the store after pressing keys waits for this first."""
    app = pilot.app
    assert isinstance(app, KaizenApp)
    deadline = time.monotonic() + timeout
    while True:
        if time.monotonic() > deadline:
            raise AssertionError("the keys or the saves never settled")
        if app.typeahead.holding or app.typeahead.backlog:
            await pilot.pause(0.01)
            continue
        workspaces = [s for s in app.screen_stack if isinstance(s, EventScreen)]
        for screen in workspaces:
            await asyncio.wait_for(screen.settle_saves(), max(0.1, deadline - time.monotonic()))
        await pilot.pause()
        # a key let through or a save's end may have started another save: settled only when
        # nothing is held and nothing is being written after that pause
        if not (app.typeahead.holding or app.typeahead.backlog) and not any(
            s.writing for s in workspaces
        ):
            return
