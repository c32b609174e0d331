"""The lean tools of the event week by keyboard (issue 13): after readings, the charter's
sign-off, lessons, yokoten and sensei notes, takt and operator balance, the SMED changeover.
Keys are pressed without pauses, as a facilitator types; every change is checked in the store."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from textual.widgets import Static, TextArea

from kaizen_tui.model import Person
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.table import Table

from .conftest import TODAY, make_event
from .tui import SIZE, app_for, settle, tab_to, told, type_text


def _seed(data_dir: Path, **overrides: object) -> Store:
    store = Store(data_dir)
    store.create(make_event(**overrides), today=TODAY)
    return store


def _plain(widget: Static) -> str:
    """What a Static shows, as plain text (Rich renderables printed as a terminal would)."""
    content = widget.content
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return str(content.plain)
    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


async def _open(pilot, phase: str) -> EventScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press(phase)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EventScreen)
    return screen


async def test_an_after_reading_from_follow_up_and_the_charter(data_dir: Path) -> None:
    store = _seed(data_dir)  # live since 2026-11-23, M1 changeover 95 → 30 min
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "6")
        status = _plain(screen.query_one("#fu-status", Static))
        assert "M1 has no after reading" in status
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        intro = _plain(form.query_one("#form-intro", Static))
        assert "after measurement" in intro and "from 2026-11-23" in intro
        await type_text(pilot, "41")
        await pilot.press("tab", "tab")
        await type_text(pilot, "day 4, three changeovers")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        metrics = screen.query_one("#fu-metrics", Table).row_texts()
        assert metrics[0][:4] == ["M1", "Changeover time", "95 → 30 min", "41"]
        readings = screen.query_one("#fu-readings", Table).row_texts()
        assert readings == [["2026-11-25", "41 min", "after", "day 4, three changeovers"]]
        assert "M1 has no after reading" not in _plain(screen.query_one("#fu-status", Static))

        # a second one from the Charter's metrics (r on the list), dated yesterday
        await pilot.press("1")
        await settle(pilot)
        await tab_to(pilot, "#metrics")
        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "38")
        await pilot.press("tab", "ctrl+e", "ctrl+u")
        await type_text(pilot, "2026-11-24")
        await pilot.press("ctrl+s")
        await settle(pilot)
        charter = screen.query_one("#metrics", Table).row_texts()
        assert charter[0][4:7] == ["95", "41", "30"]  # the latest after reading is still today's
    stored = store.load("KZ-TEST-1").metric("M1")
    assert stored is not None
    assert [(r.date, r.value, r.note) for r in stored.readings] == [
        (date(2026, 11, 24), 38, ""),
        (TODAY, 41, "day 4, three changeovers"),
    ]


async def test_readings_are_corrected_and_removed_from_their_list(data_dir: Path) -> None:
    from kaizen_tui.model import Metric, Reading, Review

    store = _seed(
        data_dir,
        status="following_up",
        report_out=date(2026, 11, 27),
        metrics=[
            Metric(
                id="M1",
                name="Changeover time",
                unit="min",
                baseline=95,
                target=30,
                readings=[
                    Reading(date=date(2026, 11, 26), value=14, note="typo"),
                    Reading(date=date(2026, 12, 27), value=35, note="30-day review"),
                ],
            )
        ],
        reviews=[
            Review(day=30, held_on=date(2026, 12, 27), readings={"M1": 35}, verdict="sustained")
        ],
    )
    app = app_for(data_dir, today=date(2027, 1, 5))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "6")
        readings = screen.query_one("#fu-readings", Table)
        assert [r[2] for r in readings.row_texts()] == ["after", "30-day review"]
        readings.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+e", "ctrl+u")
        await type_text(pilot, "41")
        await pilot.press("enter")
        await settle(pilot)
        assert readings.row_texts()[0][:3] == ["2026-11-26", "41 min", "after"]
        await pilot.press("down", "delete")  # the review's reading: explained, not removed
        await settle(pilot)
        assert any("30-day review" in n.message for n in told(app))
        assert isinstance(app.screen, EventScreen)
        await pilot.press("up", "delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [r[2] for r in readings.row_texts()] == ["30-day review"]
    stored = store.load("KZ-TEST-1").metric("M1")
    assert stored is not None and [r.value for r in stored.readings] == [35]


async def test_the_sponsor_and_the_process_owner_sign_the_charter(data_dir: Path) -> None:
    store = _seed(
        data_dir,
        people=[
            Person(name="Marek Kowalczyk", role="sponsor"),
            Person(name="Zofia Wiśniewska", role="process_owner"),
        ],
    )
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "1")
        line = _plain(screen.query_one("#signoff-line", Static))
        assert "Not agreed yet by the sponsor and process owner" in line
        await tab_to(pilot, "#signoffs")
        await pilot.press("enter")  # the sponsor's row: the sponsor's name is offered
        await settle(pilot)
        await pilot.press("tab", "ctrl+e", "ctrl+u")
        await type_text(pilot, "2026-11-23")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("tab", "tab")
        await type_text(pilot, "if A8 gets a budget")
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = screen.query_one("#signoffs", Table).row_texts()
        assert rows == [
            ["Sponsor", "Marek Kowalczyk", "2026-11-23", ""],
            ["Process owner", "Zofia Wiśniewska", "2026-11-25", "if A8 gets a budget"],
        ]
        line = _plain(screen.query_one("#signoff-line", Static))
        assert line.startswith("Charter agreed: ✓ sponsor Marek Kowalczyk 23 Nov 2026")
        await pilot.press("delete", "y")  # the process owner withdraws
        await settle(pilot)
        assert "Not agreed yet by the process owner" in _plain(
            screen.query_one("#signoff-line", Static)
        )
    event = store.load("KZ-TEST-1")
    assert [(s.role, s.name, s.date) for s in event.signoffs] == [
        ("sponsor", "Marek Kowalczyk", date(2026, 11, 23))
    ]


async def test_lessons_yokoten_and_sensei_notes_are_entered_in_the_event(data_dir: Path) -> None:
    store = _seed(data_dir, lessons="Staging worked.")
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "6")
        lessons = await tab_to(pilot, "#f-lessons")
        assert isinstance(lessons, TextArea) and lessons.text == "Staging worked."
        await pilot.press("end", "enter")  # a new line after what is there
        await type_text(pilot, "Film the changeover first")
        await tab_to(pilot, "#fu-yokoten")
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Shadow board for die tools")
        await pilot.press("tab")
        await type_text(pilot, "Press Line 4")
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "#fu-sensei")
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Show me all three shifts")
        await pilot.press("tab")
        await type_text(pilot, "Sato")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#fu-yokoten", Table).row_texts() == [
            ["1", "Shadow board for die tools", "Press Line 4", "proposed"]
        ]
        assert screen.query_one("#fu-sensei", Table).row_texts() == [
            ["2026-11-25", "Sato", "Show me all three shifts"]
        ]
    event = store.load("KZ-TEST-1")
    assert event.lessons == "Staging worked.\nFilm the changeover first"
    assert [(y.practice, y.to_area, y.status) for y in event.yokoten] == [
        ("Shadow board for die tools", "Press Line 4", "proposed")
    ]
    assert [(n.by, n.note, n.date) for n in event.sensei_notes] == [
        ("Sato", "Show me all three shifts", TODAY)
    ]


async def test_takt_and_operator_balance(data_dir: Path) -> None:
    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "2")
        assert "No takt yet" in _plain(screen.query_one("#takt-summary", Static))
        await tab_to(pilot, "#balance")
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "5400")
        await pilot.press("tab")
        await type_text(pilot, "brackets")
        await pilot.press("tab", "tab")
        await type_text(pilot, "900")
        await pilot.press("enter")
        await settle(pilot)
        for operator, element, time, value in (
            ("Op 1", "Load blanks", "4.5", "n"),
            ("Op 2", "Pack and label", "0:12", "w"),
        ):
            await pilot.press("a")
            await settle(pilot)
            await pilot.press("ctrl+e", "ctrl+u")
            await type_text(pilot, operator)
            await pilot.press("tab")
            await type_text(pilot, element)
            await pilot.press("tab")
            await type_text(pilot, time)
            await pilot.press("tab", value, "ctrl+s")
            await settle(pilot)
        summary = _plain(screen.query_one("#takt-summary", Static))
        assert summary.startswith("Takt 10 s = 900 min ÷ 5,400 brackets a day")
        assert "cycle 12 s (Op 2)" in summary and "Over takt: Op 2" in summary
        assert screen.query_one("#balance", Table).row_texts() == [
            ["1", "Op 1", "Load blanks", "4.5 s", "NNVA"],
            ["2", "Op 2", "Pack and label", "12 s", "NVA"],
        ]
        chart = screen.query_one("#yamazumi").render().plain  # type: ignore[union-attr]
        assert "10 s ┤" in chart and "Op 1" in chart and "Op 2" in chart
        # a duration that does not parse stays in its field, explained
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", "tab", "ctrl+e", "ctrl+u")
        await type_text(pilot, "fast")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "is not a duration" in _plain(form.query_one("#error-seconds", Static))
        await pilot.press("escape", "escape")
        await settle(pilot)
    event = store.load("KZ-TEST-1")
    assert event.takt is not None
    assert (event.takt.demand, event.takt.unit, event.takt.available_min) == (
        5400,
        "brackets",
        900,
    )
    assert [(e.operator, e.seconds, e.value) for e in event.balance] == [
        ("Op 1", 4.5, "NNVA"),
        ("Op 2", 12, "NVA"),
    ]


async def test_a_changeover_broken_down_for_smed(data_dir: Path) -> None:
    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "2")
        assert "Lead time" in _plain(screen.query_one("#flow-summary", Static))
        await tab_to(pilot, "#changeover")
        for name, minutes, kind, after, after_min in (
            ("Fetch the new die", "12", "i", "e", "8"),
            ("Look for bolts", "7", "i", "r", ""),
            ("Set the die", "13", "i", "i", "9"),
        ):
            await pilot.press("a")
            await settle(pilot)
            await type_text(pilot, name)
            await pilot.press("tab")
            await type_text(pilot, minutes)
            await pilot.press("tab", kind, "tab", after, "tab")
            await type_text(pilot, after_min)
            await pilot.press("ctrl+s")
            await settle(pilot)
        rows = screen.query_one("#changeover", Table).row_texts()
        assert rows == [
            ["1", "Fetch the new die", "12 min", "internal", "→ external", "8 min"],
            ["2", "Look for bolts", "7 min", "internal", "removed", "–"],
            ["3", "Set the die", "13 min", "internal", "internal", "9 min"],
        ]
        # a changeover is shown as one, not as a value-add ratio
        summary = _plain(screen.query_one("#flow-summary", Static))
        assert summary.startswith("Changeover 32 min → 9 min -72%")
        assert "1 converted · 1 removed" in summary
    event = store.load("KZ-TEST-1")
    assert [(e.name, e.kind, e.after, e.after_minutes) for e in event.changeover] == [
        ("Fetch the new die", "internal", "external", 8),
        ("Look for bolts", "internal", "removed", None),
        ("Set the die", "internal", "internal", 9),
    ]


async def test_try_storming_and_the_future_state(data_dir: Path) -> None:
    from kaizen_tui.model import ProcessStep

    store = _seed(
        data_dir,
        process_steps=[
            ProcessStep(name="Wait for the forklift", cycle_min=3, wait_min=12),
            ProcessStep(name="Fetch the die", cycle_min=8, wait_min=4),
            ProcessStep(name="Set the die", cycle_min=13, wait_min=0, value="VA"),
        ],
    )
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "4")
        assert screen.active_phase == "future"
        assert "No future state yet" in _plain(screen.query_one("#future-summary", Static))
        for tried, result, decision in (
            ("Stage the die on the cart", "71 min from 94", "k"),
            ("Operator unclamps the back", "58 min, line unattended", "t"),
        ):
            await pilot.press("a")
            await settle(pilot)
            await type_text(pilot, tried)
            await pilot.press("tab")
            await type_text(pilot, result)
            await pilot.press("tab", decision, "ctrl+s")
            await settle(pilot)
        await pilot.press("d")  # the second one: dropped
        await settle(pilot)
        await pilot.press("up", "m")  # the first: an action to standardise it
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Zofia")
        await pilot.press("tab")
        await type_text(pilot, "2026-12-04")
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = screen.query_one("#experiments", Table).row_texts()
        assert [(r[0], r[2], r[4], r[5]) for r in rows] == [
            ("E1", "Stage the die on the cart", "kept", "A5"),
            ("E2", "Operator unclamps the back", "dropped", ""),
        ]
        detail = _plain(screen.query_one("#experiment-detail", Static))
        assert detail.startswith("E1 · 2026-11-25 · kept · action A5")

        await tab_to(pilot, "#future-steps")
        await pilot.press("c")  # start from the current steps
        await settle(pilot)
        await pilot.press("home", "delete", "y")  # waiting for the forklift is gone
        await settle(pilot)
        await pilot.press("enter", "tab", "tab", "ctrl+e", "ctrl+u", "0", "ctrl+s")  # no wait
        await settle(pilot)
        summary = _plain(screen.query_one("#future-summary", Static))
        assert summary == "Lead time 40 min → 21 min -48%   VA ratio 32% → 62%   steps 3 → 2"
        moved = _plain(screen.query_one("#future-removed", Static))
        assert moved == "Removed (1 current step): Wait for the forklift"
    event = store.load("KZ-TEST-1")
    assert [(x.id, x.decision, x.action) for x in event.experiments] == [
        ("E1", "kept", "A5"),
        ("E2", "dropped", None),
    ]
    new = event.action("A5")
    assert new is not None and (new.what, new.owner, new.due) == (
        "Stage the die on the cart",
        "Zofia Wiśniewska",  # Tab took the name the field offered
        date(2026, 12, 4),
    )
    assert [(s.name, s.wait_min) for s in event.future_steps] == [
        ("Fetch the die", 0),
        ("Set the die", 0),
    ]
    assert len(event.process_steps) == 3  # the current state is untouched


async def test_report_out_walks_the_a3_section_by_section(data_dir: Path) -> None:
    from kaizen_tui.demo import demo_events
    from kaizen_tui.screens.report_out import ReportOutScreen

    store = Store(data_dir)
    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    # user text that looks like markup is shown as typed, never interpreted
    smed = store.load("KZ-DEMO-SMED")
    smed.lessons = "Film it [b]first[/b] & [@click=app.quit]watch[/]"
    store.save(smed)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        workspace = app.screen
        assert isinstance(workspace, EventScreen) and workspace.event.id == "KZ-DEMO-SMED"
        await pilot.press("f5")
        await settle(pilot)
        show = app.screen
        assert isinstance(show, ReportOutScreen)
        title = _plain(show.query_one("#ro-title", Static))
        assert title == "Die changeover on Press Line 3 (SMED)"
        assert "1 / 9" in _plain(show.query_one("#ro-progress", Static))
        body = " ".join(_plain(s) for s in show.query("#ro-body Static").results(Static))
        assert "✓ agreed 2026-10-21" in body and "8  Follow-up" in body
        await pilot.press("right", "pagedown")  # a clicker sends Page Down: the current condition
        await settle(pilot)
        assert _plain(show.query_one("#ro-title", Static)) == "CURRENT CONDITION"
        body = " ".join(_plain(s) for s in show.query("#ro-body Static").results(Static))
        assert "Changeover 94 min → 46 min" in body and "VA ratio" not in body
        assert show.query("#ro-body YamazumiChart")
        await pilot.press("7")
        await settle(pilot)
        assert _plain(show.query_one("#ro-title", Static)) == "RESULTS"
        headline = _plain(next(iter(show.query("#ro-body Static").results(Static))))
        assert "M1 Die changeover time" in headline and "58 min" in headline
        assert len(show.query("#ro-body TrendChart")) == 3
        await pilot.press("end")
        await settle(pilot)
        body = " ".join(_plain(s) for s in show.query("#ro-body Static").results(Static))
        assert "Film it [b]first[/b] & [@click=app.quit]watch[/]" in body
        await pilot.press("left", "home")
        await settle(pilot)
        assert "1 / 9" in _plain(show.query_one("#ro-progress", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is workspace
        assert app.is_running  # the [@click=app.quit] in the lessons did nothing
