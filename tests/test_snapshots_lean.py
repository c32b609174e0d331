"""Snapshots of the lean tools (issue 13) at 120×36 on the demo events: the future state beside
the current one, the operator balance against takt, the SMED breakdown, and the readings and
lessons on Follow-up. Regenerate with `--snapshot-update` only after looking at the report."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from kaizen_tui.demo import demo_events
from kaizen_tui.screens.report_out import ReportOutScreen
from kaizen_tui.store import Store

from .conftest import TODAY
from .test_snapshots import _steady
from .tui import SIZE, app_for, open_event, screen_is, settle

# Home lists the demo newest first: INVOICE (planned), SMED (reported), DISCHARGE (follow-up).


def _demo_app(data_dir: Path):  # type: ignore[no-untyped-def]
    store = Store(data_dir)
    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    return app_for(data_dir)


def _show(row_downs: int, phase: str, focus: str | None = None, scroll: int | None = None):  # type: ignore[no-untyped-def]
    """Open the event ``row_downs`` rows down the list, then the phase; put the keyboard in
    ``focus`` and scroll the phase to ``scroll`` lines down."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press(*(["down"] * row_downs))
        screen = await open_event(pilot, phase)  # the phase key once the event is up
        if focus is not None:
            screen.query_one(focus).focus(scroll_visible=False)
        if scroll is not None:
            pane = screen.pane(screen.active_phase)
            pane.scroll_to(y=scroll, animate=False, immediate=True)
        await pilot.pause()
        await _steady(pilot)

    return run_before


def test_future_state(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the hospital event: what was tried, the steps after the event, lead time before → after
    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=_show(2, "4"))


def test_takt_and_operator_balance(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the press line: three operators against a 10 s takt, the packer over it
    assert snap_compare(
        _demo_app(data_dir), terminal_size=SIZE, run_before=_show(1, "2", "#balance", 30)
    )


def test_smed_changeover(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the press line's die change: internal and external, before and after
    assert snap_compare(
        _demo_app(data_dir), terminal_size=SIZE, run_before=_show(1, "2", "#changeover", 60)
    )


def test_readings_and_lessons(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # Follow-up lower down: the highlighted metric's readings (after / follow-up), lessons,
    # yokoten and the sensei's notes
    assert snap_compare(
        _demo_app(data_dir), terminal_size=SIZE, run_before=_show(1, "6", "#fu-readings", 26)
    )


def _report_out(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("down")  # the press line
        await open_event(pilot)
        await pilot.press("f5")
        await screen_is(pilot, ReportOutScreen)  # keys pressed sooner reached the event
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await _steady(pilot)

    return run_before


def test_report_out_title(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the first slide: the event, who agreed the charter, what the team will show
    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=_report_out())


def test_report_out_results(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # section 7: baseline → after → target, then each metric's chart
    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=_report_out("7"))
