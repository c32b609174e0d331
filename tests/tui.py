"""Helpers for driving the app in Pilot tests the way a person does: keys, not method calls."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from kaizen_tui.app import KaizenApp, make_app

from .conftest import TODAY

SIZE = (120, 36)


class FakeClock:
    """Time the test moves by hand (the run-sheet countdown never sleeps in a test)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def app_for(data_dir: Path, *, today: date = TODAY, clock: FakeClock | None = None) -> KaizenApp:
    return make_app(data_dir, today=today, clock=clock or FakeClock())


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type like a person: one key per character (spaces included)."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


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
    pilot: Pilot[None], check: Callable[[], bool], rounds: int = 20, delay: float | None = None
) -> None:
    """Pause until ``check()``; ``delay`` for states reached by a timer (real time)."""
    for _ in range(rounds):
        if check():
            return
        await pilot.pause(delay)
    raise AssertionError("the screen never reached the expected state")


async def queue_read(pilot: Pilot[None], timeout: float = 15.0) -> None:
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
