"""Issue 13's smaller defects, each as a person meets it: the action under the cursor read in full
(7), "Raised by" not pre-filled with the previous person (4)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from kaizen_tui.model import Action
from kaizen_tui.store import Store

from .conftest import TODAY, make_event
from .tui import SIZE, app_for, saved, settle, type_text, wait_for

LONG = (
    "Agree with maintenance a standard for staging the next die on the cart before the press "
    "stops, and train all three shifts on it"
)


async def test_the_whole_text_of_the_action_under_the_cursor_is_shown(data_dir: Path) -> None:
    event = make_event()
    event.actions.append(Action(id="A5", what=LONG, owner="Ana"))
    Store(data_dir).create(event, today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_event_screen("KZ-TEST-1", phase="actions", item="A5")
        await settle(pilot)
        detail = app.screen.query_one("#action-detail", Static)
        await wait_for(pilot, lambda: LONG in " ".join(str(detail.render()).split()))
        assert "A5" in str(detail.render()) and "Ana" in str(detail.render())
        await pilot.press("up")
        await wait_for(pilot, lambda: "Done thing" in str(detail.render()))


async def test_raised_by_is_not_filled_with_the_previous_person(data_dir: Path) -> None:
    Store(data_dir).create(make_event(), today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_event_screen("KZ-TEST-1", phase="actions")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await type_text(pilot, "First idea")
        await pilot.press("tab")
        await type_text(pilot, "zo")
        await pilot.press("enter")  # Enter takes the name shown greyed
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen.query_one("#field-raised_by", Input).value == ""
        await type_text(pilot, "Second idea")
        await pilot.press("enter")
        await saved(pilot)
    ideas = Store(data_dir).load("KZ-TEST-1").parking_lot
    assert [(i.text, i.raised_by) for i in ideas] == [
        ("First idea", "Zofia Wiśniewska"),
        ("Second idea", ""),
    ]
