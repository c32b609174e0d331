"""Snapshots of the LPO portfolio screen at 120×36 on the hand-made portfolio of
tests/portfolio_data.py (today pinned): the four answers, and the evidence log. Regenerate with
`pytest tests/test_snapshots_portfolio.py --snapshot-update` after looking at the report, in a
commit of its own."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from kaizen_tui.screens.portfolio.screen import PortfolioScreen
from kaizen_tui.store import Store

from .portfolio_data import TODAY, portfolio_events
from .tui import SIZE, app_for, screen_is, settle


def _app(data_dir: Path):  # type: ignore[no-untyped-def]
    store = Store(data_dir)
    for event in portfolio_events():
        store.create(event, today=TODAY)
    return app_for(data_dir)


def _portfolio(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("p")
        await screen_is(pilot, PortfolioScreen)  # keys pressed sooner reached the home screen
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


def test_portfolio_overview(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(data_dir), terminal_size=SIZE, run_before=_portfolio())


def test_portfolio_people(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(data_dir), terminal_size=SIZE, run_before=_portfolio("6", "down"))
