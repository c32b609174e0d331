"""F1 and ? open help for the screen you are on; the theme you choose is there next time."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from kaizen_tui.screens.help import HelpScreen
from kaizen_tui.screens.home import HomeScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import TODAY, make_event
from .tui import SIZE, app_for, screen_is, settle, tab_to, wait_for


def _help_text(help_screen: HelpScreen) -> str:
    return " ".join(str(s.render()) for s in help_screen.query(Static))


async def test_f1_and_question_mark_open_help_for_the_screen_you_are_on(data_dir: Path) -> None:
    Store(data_dir).create(make_event(), today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, HomeScreen)
        await pilot.press("f1")
        shown = _help_text(await screen_is(pilot, HelpScreen))
        assert "Enter opens the one under the cursor" in shown  # what to do here
        assert "New event" in shown and "Duplicate" in shown  # and its keys
        await pilot.press("escape")
        await screen_is(pilot, HomeScreen)

        await pilot.press("enter")
        await screen_is(pilot, EventScreen)
        await pilot.press("5")  # Actions, the cursor in the list
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "actions")
        await pilot.press("question_mark")
        shown = _help_text(await screen_is(pilot, HelpScreen))
        assert "kaizen newspaper" in shown  # what to do on this phase
        assert "Park an idea on the current event" in shown  # keys that work everywhere too
        await pilot.press("question_mark")  # ? closes it again
        await screen_is(pilot, EventScreen)
        await tab_to(pilot, "#qa-what")
        await pilot.press("question_mark")  # in a field, ? is text, not help
        assert isinstance(app.focused, Input) and app.focused.value == "?"
        assert isinstance(app.screen, EventScreen)


async def test_the_chosen_theme_is_remembered(data_dir: Path) -> None:
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"  # as the palette's "Change theme" does
        await wait_for(pilot, lambda: "nord" in _config(data_dir), what="the theme saved")
    again = app_for(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


def _config(data_dir: Path) -> str:
    path = data_dir / "config.toml"
    return path.read_text("utf-8") if path.exists() else ""
