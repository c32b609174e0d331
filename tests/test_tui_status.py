"""The charter's status follows the status rules (logic.transitions): choosing "reported" opens
the close-out gate, abandoning asks for a reason, and every move is on the record."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from kaizen_tui.screens.gate import GateScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.choice import Choice
from kaizen_tui.widgets.form import FormScreen

from .conftest import make_event
from .tui import SIZE, app_for, saved, settle, tab_to, type_text


async def test_status_moves_by_the_rules(data_dir: Path) -> None:
    Store(data_dir).create(make_event(status="live"))
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "#f-status")
        await pilot.press("r")  # reported: only through the close-out gate, which opens
        await settle(pilot)
        assert isinstance(app.screen, GateScreen)
        await pilot.press("escape")  # not now
        await settle(pilot)
        note = str(app.screen.query_one("#f-status .field-note", Static).render())
        assert "close-out gate" in note
        assert app.screen.event.status == "live"  # type: ignore[attr-defined]
        assert app.screen.query_one("#f-status Choice", Choice).value == "live"
        await pilot.press("a")  # abandoned: asks why
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Sponsor left; restart in spring")
        await pilot.press("enter")
        await settle(pilot)
        await saved(pilot)
    event = Store(data_dir).load("KZ-TEST-1")
    assert event.status == "abandoned"
    assert event.status_reason == "Sponsor left; restart in spring"
    assert [(c.from_, c.to) for c in event.status_history] == [("live", "abandoned")]
