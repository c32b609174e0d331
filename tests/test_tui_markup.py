"""User text is never markup (issue 12, defect 7): an event whose every text field holds Rich
markup opens on every phase and in the portfolio; the app stays up and shows the text as typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kaizen_tui.model import (
    Action,
    AgendaItem,
    Event,
    Metric,
    ParkingItem,
    Person,
    ProcessStep,
    Review,
    RootCause,
    SenseiNote,
    Update,
    Waste,
    Yokoten,
)
from kaizen_tui.screens.phases import PHASES
from kaizen_tui.store import Store

from .conftest import TODAY
from .tui import SIZE, app_for, settle, wait_for

BAD = ("[/b]", "[@click=app.quit]x[/]", "[red]")


def _t(n: int) -> str:
    """A text holding the three markup traps, different per field."""
    return f"t{n} {BAD[n % 3]} {BAD[(n + 1) % 3]} {BAD[(n + 2) % 3]}"


def _event() -> Event:
    return Event(
        id="KZ-MARK-1",
        title=_t(1),
        site=_t(2),
        area=_t(3),
        value_stream=_t(4),
        business_unit=_t(5),
        status="following_up",
        start=date(2026, 8, 3),
        end=date(2026, 8, 7),
        report_out=date(2026, 8, 7),
        problem=_t(6),
        background=_t(7),
        target_condition=_t(8),
        lessons=_t(9),
        people=[
            Person(name=_t(10), role="facilitator", department=_t(11)),
            Person(name=_t(12), role="team_leader"),
            Person(name=_t(13), role="sponsor"),
        ],
        metrics=[
            Metric(id="M1", name=_t(14), unit="[b]", direction="lower", baseline=10, target=5),
        ],
        process_steps=[ProcessStep(name=_t(15), cycle_min=3, wait_min=5, value="VA")],
        wastes=[Waste(type="motion", description=_t(16), step=_t(15))],
        root_causes=[
            RootCause(
                id="RC1", problem=_t(17), whys=[_t(18), _t(19)], category=_t(20), cause=_t(21)
            )
        ],
        actions=[
            Action(
                id="A1",
                what=_t(22),
                owner=_t(10),
                due=date(2026, 9, 1),
                root_cause="RC1",
                updates=[Update(date=date(2026, 8, 20), note=_t(23))],
            )
        ],
        parking_lot=[ParkingItem(text=_t(24), raised_by=_t(12))],
        agenda=[AgendaItem(title=_t(25), minutes=30)],
        reviews=[Review(day=30, due=date(2026, 9, 6), notes=_t(26))],
        yokoten=[Yokoten(practice=_t(27), to_area=_t(28))],
        sensei_notes=[SenseiNote(date=date(2026, 8, 6), by=_t(29), note=_t(30))],
    )


async def test_markup_in_every_field_is_shown_literally_everywhere(data_dir: Path) -> None:
    Store(data_dir).create(_event(), today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_event_screen("KZ-MARK-1")
        await settle(pilot)
        for spec in PHASES:
            await app.screen.action_phase(spec.id)  # type: ignore[attr-defined]
            await settle(pilot)
            assert app.is_running, f"the app stopped on {spec.title}"
            assert app.screen.__class__.__name__ == "EventScreen", spec.title
        # the root causes show the whys and the fishbone; the markup is there as typed
        await app.screen.action_phase("causes")  # type: ignore[attr-defined]
        await settle(pilot)
        shot = app.export_screenshot()
        assert "[@click=app.quit]x[/]" in shot.replace("&#x27;", "'")
        await pilot.press("ctrl+l")  # the parking dialog names the event by its title
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.action_portfolio()
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "PortfolioScreen")
        for key in "123456789":
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running
        assert app.screen.__class__.__name__ == "PortfolioScreen"
