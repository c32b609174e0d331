"""Snapshot tests of the key screens at 120×36 on the demo events (today and the clock pinned,
cursor blink off). Regenerate with `pytest tests/test_snapshots.py --snapshot-update` after
looking at the report, in a commit of its own."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from kaizen_tui.demo import demo_events
from kaizen_tui.screens.gate import GateScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import TODAY
from .tui import SIZE, app_for, open_event, queue_read, saved, screen_is, wait_for


def _demo_app(data_dir: Path):  # type: ignore[no-untyped-def]
    store = Store(data_dir)
    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    return app_for(data_dir)


async def _steady(pilot: Pilot[None]) -> None:
    # saves end in a worker: "saving…" until then
    await saved(pilot)
    for widget in pilot.app.screen.query("*"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    # A toast times out in real time: on a loaded machine it was gone before the snapshot was
    # taken (and the snapshot differed); none of these screens is about a toast.
    pilot.app.clear_notifications()
    await pilot.pause()


def _open(row_downs: int, *keys: str):  # type: ignore[no-untyped-def]
    # each key once what the one before did is on screen: on a loaded machine a phase key
    # pressed before the event was up went to the home screen (and the snapshot differed)
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press(*(["down"] * row_downs))
        await open_event(pilot, *keys)
        await _steady(pilot)

    return run_before


# Home lists the demo newest first: INVOICE (planned), SMED (reported), DISCHARGE (follow-up).


def test_home(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await queue_read(pilot)  # the "needs attention" queue is read in a thread
        await _steady(pilot)

    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=run_before)


def test_charter(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=_open(1))


def test_current_state(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=_open(1, "2"))


def test_actions(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=_open(1, "5"))


def test_run_sheet_with_a_running_timebox(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the planned invoice event: start its first timebox, 12 minutes pass on the test clock
    async def run_before(pilot: Pilot[None]) -> None:
        await _open(0, "7", "n")(pilot)
        pilot.app.clock.advance(minutes=12)  # type: ignore[attr-defined]
        pilot.app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=run_before)


def test_follow_up(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the SMED event, reported, with readings since the report-out: reviews, metrics, the chart
    assert snap_compare(_demo_app(data_dir), terminal_size=SIZE, run_before=_open(1, "6"))


def test_close_out_gate(snap_compare, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the invoice event two weeks on, started from its run-sheet; the gate with the A3 unprinted
    store = Store(data_dir)
    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    app = app_for(data_dir, today=TODAY + timedelta(days=16))

    async def run_before(pilot: Pilot[None]) -> None:
        # its toast is cleared before the gate covers it (cleared later, it stayed on the
        # screen behind the dialog)
        await _open(0, "7", "n")(pilot)
        workspace = pilot.app.screen
        assert isinstance(workspace, EventScreen)
        await pilot.press("6")
        await wait_for(pilot, lambda: workspace.active_phase == "followup", what="follow-up")
        await pilot.press("g")
        await screen_is(pilot, GateScreen)
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
