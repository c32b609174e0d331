"""Command palette (ctrl+p) entries for the facilitator's common moves."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen

from .conftest import make_event
from .tui import SIZE, app_for, settle, type_text


async def _run(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, words)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_opens_events_goes_to_phases_adds_actions_and_parks(data_dir: Path) -> None:
    Store(data_dir).create(make_event())
    Store(data_dir).create(make_event(id="KZ-TEST-2", title="Faster discharge", actions=[]))
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _run(pilot, "open event faster")
        assert isinstance(app.screen, EventScreen) and app.screen.event.id == "KZ-TEST-2"
        await _run(pilot, "go to phase root")
        assert app.screen.active_phase == "causes"
        await _run(pilot, "add action")
        assert app.screen.active_phase == "actions"
        assert isinstance(app.focused, Input) and app.focused.id == "qa-what"
        await _run(pilot, "park an idea")
        assert isinstance(app.screen, FormScreen) and "KZ-TEST-2" in app.screen.form_title
        await pilot.press("escape")
        await settle(pilot)
        await _run(pilot, "new event")
        assert isinstance(app.screen, FormScreen) and app.screen.form_title == "New kaizen event"
