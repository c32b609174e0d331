"""The first day of an event, keyboard only, from an empty data folder; then a restart shows it all.

Every step is keys a facilitator presses; the checks read the store (what was saved) and the
screen (what a person sees) after the app has been closed and opened again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from kaizen_tui.screens.home import HomeScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.table import Table

from .tui import SIZE, app_for, settle, tab_to, type_text, wait_for


async def test_first_day_by_keyboard_survives_a_restart(data_dir: Path) -> None:
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "no events in this data folder yet" in str(
            app.screen.query_one("#empty-text").render()
        )

        # -- create the event ------------------------------------------------------------------
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Cut changeover time on press 7")
        await pilot.press("tab")
        await type_text(pilot, "Stamping")
        await pilot.press("tab", "tab")  # site stays empty
        await type_text(pilot, "2026-11-23")
        await pilot.press("tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        event_id = app.screen.event.id
        assert event_id.startswith("KZ-2026-")

        # -- charter ---------------------------------------------------------------------------
        await tab_to(pilot, "#f-site")
        await type_text(pilot, "Plant Wroclaw")
        await tab_to(pilot, "#f-problem")
        await type_text(pilot, "Changeover takes 95 min and varies by shift")
        await tab_to(pilot, "#f-first")
        await type_text(pilot, "Last good part")
        await pilot.press("enter")
        await type_text(pilot, "First good part")
        await pilot.press("enter")
        await tab_to(pilot, "#people")
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Zofia Nowak")
        await pilot.press("tab", "enter")  # open the role list
        await settle(pilot)
        await type_text(pilot, "Team")  # type to search: Team leader
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await tab_to(pilot, "#metrics")
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Changeover time")
        await pilot.press("tab")
        await type_text(pilot, "min")
        await pilot.press("tab", "tab")  # direction stays "lower"
        await type_text(pilot, "95")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "30")
        await pilot.press("enter")
        await settle(pilot)

        # -- current state: two steps and a waste ----------------------------------------------
        await pilot.press("escape")  # out of the list, to the tab bar
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Fetch the die")
        await pilot.press("tab")
        await type_text(pilot, "12")
        await pilot.press("tab")
        await type_text(pilot, "20")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Clamp the die")
        await pilot.press("tab")
        await type_text(pilot, "8")
        await pilot.press("tab", "tab", "v", "enter")  # value: VA
        await settle(pilot)
        summary = str(app.screen.query_one("#flow-summary").render())
        assert "Lead time 40 min" in summary
        assert "Value-add ratio 20%" in summary  # 8 VA minutes of 40
        await pilot.press("tab")  # to the wastes list
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("m")  # TIMWOODS: Motion
        await pilot.press("tab")
        await type_text(pilot, "Setter walks to the tool crib twice")
        await pilot.press("enter")
        await settle(pilot)

        # -- root causes: one 5-whys chain -----------------------------------------------------
        await pilot.press("escape", "3")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Press waits for the die")
        await pilot.press("enter")
        await settle(pilot)
        for why in ("Die fetched after stop", "Nobody knows the next die", "Plan in the office"):
            await type_text(pilot, why)
            await pilot.press("enter")
            await settle(pilot)
        await tab_to(pilot, "#f-rc-cause")
        await type_text(pilot, "No staging of the next die")
        await pilot.press("enter")
        await settle(pilot)

        # -- actions: three by quick add -------------------------------------------------------
        await pilot.press("escape", "5")
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "qa-what"
        for what, owner, due in (
            ("Stage the next die on the cart", "Zofia Nowak", "fri"),
            ("Shadow board at the press", "Jan", "+7"),
            ("Changeover standard work", "Zofia Nowak", "2026-12-15"),
        ):
            await type_text(pilot, what)
            await pilot.press("tab")
            await type_text(pilot, owner)
            await pilot.press("tab")
            await type_text(pilot, due)
            await pilot.press("enter")
            await settle(pilot)
        table = app.screen.query_one("#actions", Table)
        assert [row[0] for row in table.row_texts()] == ["A1", "A2", "A3"]

        await pilot.press("ctrl+q")
        await settle(pilot)

    # -- what the store has ------------------------------------------------------------------
    event = Store(data_dir).load(event_id)
    assert event.title == "Cut changeover time on press 7"
    assert event.area == "Stamping"
    assert event.site == "Plant Wroclaw"
    assert event.start == date(2026, 11, 23)
    assert event.end == date(2026, 11, 27)  # "fri" after Wed 25 Nov 2026
    assert event.problem == "Changeover takes 95 min and varies by shift"
    assert event.scope.first_step == "Last good part"
    assert [(p.name, p.role) for p in event.people] == [("Zofia Nowak", "team_leader")]
    metric = event.metrics[0]
    assert (metric.name, metric.unit, metric.baseline, metric.target) == (
        "Changeover time",
        "min",
        95,
        30,
    )
    assert [(s.name, s.cycle_min, s.wait_min, s.value) for s in event.process_steps] == [
        ("Fetch the die", 12, 20, "NVA"),
        ("Clamp the die", 8, 0, "VA"),
    ]
    assert [(w.type, w.step) for w in event.wastes] == [("motion", "Clamp the die")]
    cause = event.root_causes[0]
    assert cause.problem == "Press waits for the die"
    assert cause.whys == [
        "Die fetched after stop",
        "Nobody knows the next die",
        "Plan in the office",
    ]
    assert cause.cause == "No staging of the next die"
    assert [(a.id, a.owner, a.due) for a in event.actions] == [
        ("A1", "Zofia Nowak", date(2026, 11, 27)),
        ("A2", "Jan", date(2026, 12, 2)),
        ("A3", "Zofia Nowak", date(2026, 12, 15)),
    ]

    # -- and a new app on the same folder shows it -------------------------------------------
    again = app_for(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = again.screen.query_one("#events", Table)
        assert home.row_texts()[0][:2] == [event_id, "Cut changeover time on press 7"]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        rows = again.screen.query_one("#actions", Table).row_texts()
        assert [r[1] for r in rows] == [
            "Stage the next die on the cart",
            "Shadow board at the press",
            "Changeover standard work",
        ]
        await pilot.press("escape", "3")
        await settle(pilot)
        whys = [i.value for i in again.screen.query("#whys Input").results(Input)]
        assert whys[:3] == [
            "Die fetched after stop",
            "Nobody knows the next die",
            "Plan in the office",
        ]
        await wait_for(pilot, lambda: True)
