"""The kaizen newspaper: colours by due date, one-key edits, quick add that keeps bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.color import Color
from textual.widgets import Input, Static

from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.table import Table

from .conftest import TODAY, make_event
from .tui import SIZE, app_for, open_event, saved, screen_is, settle, type_text


def _row_colour(table: Table, key: str) -> str | None:
    """The foreground colour the row is drawn in (the ID cell), as #rrggbb."""
    index = [r.key for r in table.rows].index(key)
    strip = table.render_line(index + 1 - int(table.scroll_offset.y))
    for segment in strip:
        if segment.text.strip() == key and segment.style and segment.style.color:
            return segment.style.color.get_truecolor().hex
    return None


def _row_background(table: Table, key: str) -> str | None:
    """The background colour of the row (the ID cell), as #rrggbb."""
    index = [r.key for r in table.rows].index(key)
    strip = table.render_line(index + 1 - int(table.scroll_offset.y))
    for segment in strip:
        if segment.text.strip() == key and segment.style and segment.style.bgcolor:
            return segment.style.bgcolor.get_truecolor().hex
    return None


def _theme(app: object, name: str) -> str:
    return Color.parse(app.theme_variables[name]).get_truecolor().hex  # type: ignore[attr-defined]


async def open_actions(data_dir: Path, **event: object):  # type: ignore[no-untyped-def]
    Store(data_dir).create(make_event(**event))
    app = app_for(data_dir)
    return app


async def test_overdue_in_error_colour_due_soon_in_warning_rest_plain(data_dir: Path) -> None:
    app = await open_actions(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "5")
        await settle(pilot)
        table = app.screen.query_one("#actions", Table)
        tones = {row.key: row.tone for row in table.rows}
        # TODAY is 2026-11-25: A1 due 11-20 (open), A2 due 11-30, A3 due 12-31, A4 done
        assert tones == {"A1": "error", "A2": "warning", "A3": "", "A4": "muted"}
        # the cursor (on A1, the table focused) is a bar in the error colour, light text on it
        assert table.cursor_key == "A1" and table.has_focus
        assert _row_background(table, "A1") == _theme(app, "error")
        assert _row_colour(table, "A2") == _theme(app, "text-warning")
        plain = _row_colour(table, "A3")
        assert plain not in (_theme(app, "text-error"), _theme(app, "text-warning"))
        await pilot.press("down")  # off A1: its text is in the error colour
        await settle(pilot)
        assert _row_colour(table, "A1") == _theme(app, "text-error")
        assert _row_background(table, "A2") == _theme(app, "warning")
        texts = {row[0]: row for row in table.row_texts()}
        assert texts["A1"][3] == "2026-11-20 · 5 d late"  # said in words too, for projectors
        assert texts["A2"][3] == "2026-11-30 · in 5 d"
        assert texts["A2"][4] == "○"  # PDCA circle
        summary = str(app.screen.query_one("#actions-summary", Static).render())
        assert "1 overdue" in summary and "1 due within 7 days" in summary


async def test_one_key_pdca_and_done(data_dir: Path) -> None:
    app = await open_actions(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "5")
        await settle(pilot)
        await pilot.press("p", "p")  # A1: ○ → ◑
        await pilot.press("x")  # A1 done
        await settle(pilot)
        await saved(pilot)
        table = app.screen.query_one("#actions", Table)
        assert table.row_texts()[0][4] == "◑"
        assert table.rows[0].tone == "muted"
        a1 = app.screen.event.action("A1")
        assert a1 is not None and (a1.pdca, a1.status, a1.done_on) == (2, "done", TODAY)
        assert "saved" in str(app.screen.query_one("#bar-saved").render())
    stored = Store(data_dir).load("KZ-TEST-1").action("A1")
    assert stored is not None and stored.status == "done"


async def test_quick_add_keeps_a_bad_date_and_says_why(data_dir: Path) -> None:
    app = await open_actions(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "5", "a")
        await settle(pilot)
        await type_text(pilot, "Label the bins")
        await pilot.press("tab")
        await type_text(pilot, "Ana")
        await pilot.press("tab")
        await type_text(pilot, "next blursday")
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#qa-message", Static).render())
        assert message.startswith("Due:") and "YYYY-MM-DD" in message
        assert app.screen.query_one("#qa-what", Input).value == "Label the bins"
        assert app.screen.query_one("#qa-due", Input).value == "next blursday"
        assert len(app.screen.event.actions) == 4  # nothing added, nothing lost
        for _ in "next blursday":
            await pilot.press("backspace")
        await type_text(pilot, "+2w")
        await pilot.press("enter")
        await settle(pilot)
        added = app.screen.event.action("A5")
        assert added is not None and (added.what, added.owner, added.due) == (
            "Label the bins",
            "Ana",
            date(2026, 12, 9),
        )
        assert app.screen.query_one("#qa-what", Input).value == ""


async def test_edit_in_a_form_with_an_update(data_dir: Path) -> None:
    app = await open_actions(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "5")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # A3
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "tab")  # What → Owner → Due
        for _ in range(10):
            await pilot.press("backspace")
        await type_text(pilot, "someday")  # not a date this app knows
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # stays open, value kept, reason shown
        error = str(app.screen.query_one("#error-due", Static).render())
        assert "not a date" in error
        for _ in "someday":
            await pilot.press("backspace")
        await type_text(pilot, "2026-12-01")
        await pilot.press("tab", "3")  # PDCA ◕
        await pilot.press("tab", "tab", "tab")  # status, root cause, new update
        await type_text(pilot, "Quote received")
        await pilot.press("enter")
        await settle(pilot)
        workspace = await screen_is(pilot, EventScreen)
        action = workspace.event.action("A3")
        assert action is not None
        assert (action.due, action.pdca) == (date(2026, 12, 1), 3)
        assert [(u.date, u.note) for u in action.updates] == [(TODAY, "Quote received")]
