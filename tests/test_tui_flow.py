"""The first day of an event, keyboard only, from an empty data folder; then a restart shows it all.

One stage per test, so the stages run side by side: each starts from what the stages before it
left in the store (``first_day``), drives its phase with the keys a facilitator presses (text goes
in as a paste: the keys are not the subject here, the navigation is), quits, and checks what was
saved. The last stage opens a new app on the finished first day and reads it off the screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from kaizen_tui.logic.agenda import template_items
from kaizen_tui.model import Action, Event, Metric, Person, ProcessStep, RootCause, Scope, Waste
from kaizen_tui.screens.home import HomeScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.table import Table

from .conftest import TODAY
from .tui import SIZE, app_for, paste, screen_is, settle, tab_to, type_text, wait_for

EVENT_ID = "KZ-2026-001"


def first_day(stages: int) -> Event:
    """The event as the first ``stages`` stages of the day leave it (1: created ... 5: actions)."""
    event = Event(
        id=EVENT_ID,
        title="Cut changeover time on press 7",
        area="Stamping",
        start=date(2026, 11, 23),
        end=date(2026, 11, 27),  # "fri" after Wed 25 Nov 2026
        report_out=date(2026, 11, 27),
        agenda=template_items("5-day"),
    )
    if stages >= 2:
        event.site = "Plant Wroclaw"
        event.problem = "Changeover takes 95 min and varies by shift"
        event.scope = Scope(first_step="Last good part", last_step="First good part")
        event.people = [Person(name="Zofia Nowak", role="team_leader")]
        event.metrics = [
            Metric(id="M1", name="Changeover time", unit="min", baseline=95, target=30)
        ]
    if stages >= 3:
        event.process_steps = [
            ProcessStep(name="Fetch the die", cycle_min=12, wait_min=20, value="NVA"),
            ProcessStep(name="Clamp the die", cycle_min=8, wait_min=0, value="VA"),
        ]
        event.wastes = [
            Waste(
                type="motion",
                description="Setter walks to the tool crib twice",
                step="Clamp the die",
            )
        ]
    if stages >= 4:
        event.root_causes = [
            RootCause(
                id="RC1",
                problem="Press waits for the die",
                whys=["Die fetched after stop", "Nobody knows the next die", "Plan in the office"],
                cause="No staging of the next die",
            )
        ]
    if stages >= 5:
        event.actions = [
            Action(id="A1", what="Stage the next die on the cart", owner="Zofia Nowak",
                   due=date(2026, 11, 27), root_cause=None),
            Action(id="A2", what="Shadow board at the press", owner="Jan", due=date(2026, 12, 2)),
            Action(id="A3", what="Changeover standard work", owner="Zofia Nowak",
                   due=date(2026, 12, 15)),
        ]  # fmt: skip
    return event


def stored_after(data_dir: Path, stages: int) -> None:
    Store(data_dir).create(first_day(stages), today=TODAY)


async def open_the_event(pilot: Pilot[None]) -> EventScreen:
    await screen_is(pilot, HomeScreen)
    await pilot.press("enter")
    return await screen_is(pilot, EventScreen)


async def quit_app(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+q")
    await wait_for(pilot, lambda: not pilot.app.is_running, what="the app closed")


async def test_stage_1_create_the_event_from_an_empty_folder(data_dir: Path) -> None:
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        home = await screen_is(pilot, HomeScreen)
        assert "no events in this data folder yet" in str(home.query_one("#empty-text").render())
        await pilot.press("n")
        await screen_is(pilot, FormScreen)
        await paste(pilot, "Cut changeover time on press 7")
        await pilot.press("tab")
        await paste(pilot, "Stamping")
        await pilot.press("tab", "tab")  # site stays empty
        await type_text(pilot, "2026-11-23")
        await pilot.press("tab")
        await type_text(pilot, "fri")  # dates as people type them
        await pilot.press("enter")
        workspace = await screen_is(pilot, EventScreen)
        assert workspace.event.id == EVENT_ID
        await quit_app(pilot)
    event, expected = Store(data_dir).load(EVENT_ID), first_day(1)
    assert (event.title, event.area, event.site, event.start, event.end, event.report_out) == (
        expected.title,
        expected.area,
        "",
        expected.start,
        expected.end,
        expected.end,
    )
    assert [i.model_dump() for i in event.agenda] == [i.model_dump() for i in expected.agenda]


async def test_stage_2_charter_people_and_a_metric(data_dir: Path) -> None:
    stored_after(data_dir, 1)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_the_event(pilot)
        await tab_to(pilot, "#f-site")
        await paste(pilot, "Plant Wroclaw")
        await tab_to(pilot, "#f-problem")
        await paste(pilot, "Changeover takes 95 min and varies by shift")
        await tab_to(pilot, "#f-first")
        await paste(pilot, "Last good part")
        await pilot.press("enter")
        await paste(pilot, "First good part")
        await pilot.press("enter")
        await tab_to(pilot, "#people")
        await pilot.press("a")
        form = await screen_is(pilot, FormScreen)
        await paste(pilot, "Zofia Nowak")
        await pilot.press("tab", "enter")  # open the role list
        role = form.query_one(Select)
        await wait_for(pilot, lambda: role.expanded, what="the role list open")
        await type_text(pilot, "Team")  # type to search: Team leader
        await pilot.press("enter")
        await wait_for(pilot, lambda: not role.expanded, what="the role list closed")
        await pilot.press("ctrl+s")
        await screen_is(pilot, EventScreen)
        await tab_to(pilot, "#metrics")
        await pilot.press("a")
        await screen_is(pilot, FormScreen)
        await paste(pilot, "Changeover time")
        await tab_to(pilot, "#field-unit")
        await paste(pilot, "min")
        await tab_to(pilot, "#field-baseline")  # past the direction: it stays "lower"
        await paste(pilot, "95")
        await tab_to(pilot, "#field-target")
        await paste(pilot, "30")
        await pilot.press("enter")
        await screen_is(pilot, EventScreen)
        await quit_app(pilot)
    event = Store(data_dir).load(EVENT_ID)
    expected = first_day(2)
    assert (event.site, event.problem) == (expected.site, expected.problem)
    assert (event.scope.first_step, event.scope.last_step) == ("Last good part", "First good part")
    assert [(p.name, p.role) for p in event.people] == [("Zofia Nowak", "team_leader")]
    assert [(m.name, m.unit, m.direction, m.baseline, m.target) for m in event.metrics] == [
        ("Changeover time", "min", "lower", 95, 30)
    ]


async def test_stage_3_current_state_two_steps_and_a_waste(data_dir: Path) -> None:
    stored_after(data_dir, 2)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_the_event(pilot)
        await pilot.press("2")  # the event opens on its tab bar: Current state
        await wait_for(pilot, lambda: screen.query("#flow-summary"), what="Current state")
        await pilot.press("a")
        await screen_is(pilot, FormScreen)
        await paste(pilot, "Fetch the die")
        await pilot.press("tab")
        await paste(pilot, "12")
        await pilot.press("tab")
        await paste(pilot, "20")
        await pilot.press("enter")
        await screen_is(pilot, EventScreen)
        await pilot.press("a")
        await screen_is(pilot, FormScreen)
        await paste(pilot, "Clamp the die")
        await pilot.press("tab")
        await paste(pilot, "8")
        await pilot.press("tab", "tab", "v", "enter")  # value: VA, by its key
        await screen_is(pilot, EventScreen)
        summary = str(screen.query_one("#flow-summary").render())
        assert "Lead time 40 min" in summary
        assert "Value-add ratio 20%" in summary  # 8 VA minutes of 40
        await pilot.press("tab")  # to the wastes list
        await pilot.press("a")
        await screen_is(pilot, FormScreen)
        await pilot.press("m")  # TIMWOODS: Motion
        await pilot.press("tab")
        await paste(pilot, "Setter walks to the tool crib twice")
        await pilot.press("enter")
        await screen_is(pilot, EventScreen)
        await quit_app(pilot)
    event = Store(data_dir).load(EVENT_ID)
    assert [(s.name, s.cycle_min, s.wait_min, s.value) for s in event.process_steps] == [
        ("Fetch the die", 12, 20, "NVA"),
        ("Clamp the die", 8, 0, "VA"),
    ]
    assert [(w.type, w.description, w.step) for w in event.wastes] == [
        ("motion", "Setter walks to the tool crib twice", "Clamp the die")
    ]


async def test_stage_4_root_causes_one_five_whys_chain(data_dir: Path) -> None:
    stored_after(data_dir, 3)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_the_event(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: screen.query("#causes"), what="Root causes")
        await pilot.press("a")
        await wait_for(pilot, lambda: len(screen.event.root_causes) == 1, what="a new chain")
        await paste(pilot, "Press waits for the die")
        await pilot.press("enter")
        for why in ("Die fetched after stop", "Nobody knows the next die", "Plan in the office"):
            await settle(pilot)
            await paste(pilot, why)
            await pilot.press("enter")
        await tab_to(pilot, "#f-rc-cause")
        await paste(pilot, "No staging of the next die")
        await pilot.press("enter")
        await quit_app(pilot)
    cause = Store(data_dir).load(EVENT_ID).root_causes[0]
    assert cause.problem == "Press waits for the die"
    assert cause.whys == [
        "Die fetched after stop",
        "Nobody knows the next die",
        "Plan in the office",
    ]
    assert cause.cause == "No staging of the next die"


async def test_stage_5_three_actions_by_quick_add(data_dir: Path) -> None:
    stored_after(data_dir, 4)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_the_event(pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "qa-what")
        for what, owner, due in (
            ("Stage the next die on the cart", "Zofia Nowak", "fri"),
            ("Shadow board at the press", "Jan", "+7"),
            ("Changeover standard work", "Zofia Nowak", "2026-12-15"),
        ):
            count = len(screen.event.actions)
            await paste(pilot, what)
            await pilot.press("tab")
            await paste(pilot, owner)
            await pilot.press("tab")
            await type_text(pilot, due)
            await pilot.press("enter")

            def added(n: int = count) -> bool:
                return len(screen.event.actions) == n + 1

            await wait_for(pilot, added)
        table = screen.query_one("#actions", Table)
        assert [row[0] for row in table.row_texts()] == ["A1", "A2", "A3"]
        await quit_app(pilot)
    assert [(a.id, a.what, a.owner, a.due) for a in Store(data_dir).load(EVENT_ID).actions] == [
        (a.id, a.what, a.owner, a.due) for a in first_day(5).actions
    ]


async def test_stage_6_a_new_app_on_the_folder_shows_the_first_day(data_dir: Path) -> None:
    stored_after(data_dir, 5)
    again = app_for(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        home = await screen_is(pilot, HomeScreen)
        rows = home.query_one("#events", Table).row_texts()
        assert rows[0][:2] == [EVENT_ID, "Cut changeover time on press 7"]
        screen = await open_the_event(pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: screen.query_one("#actions", Table).row_texts())
        assert [r[1] for r in screen.query_one("#actions", Table).row_texts()] == [
            "Stage the next die on the cart",
            "Shadow board at the press",
            "Changeover standard work",
        ]
        await pilot.press("escape", "3")
        await wait_for(pilot, lambda: screen.query("#whys Input"))
        whys = [i.value for i in screen.query("#whys Input").results(Input)]
        assert whys[:3] == [
            "Die fetched after stop",
            "Nobody knows the next die",
            "Plan in the office",
        ]
