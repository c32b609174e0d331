"""Every list of the workspace edited with its table's keys (a add, Enter edit, Del remove,
ctrl+↑/↓ move): what each dialog is called and says, where a new item goes, where the cursor
ends, what the event bar reports saved, and what a removal or a move does to the event.

All lists share one piece (``ListSpec`` and ``PhasePane.edit_list``); these tests hold each
list to the words and places people know, list by list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Static

from kaizen_tui.model import (
    AgendaItem,
    ChangeoverElement,
    Experiment,
    Metric,
    ParkingItem,
    ProcessStep,
    RootCause,
    SenseiNote,
    Waste,
    WorkElement,
    Yokoten,
)
from kaizen_tui.screens.phases import PHASES
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.confirm import ConfirmScreen
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.item_table import ItemTable

from .conftest import TODAY, make_event
from .tui import SIZE, FakeClock, app_for, open_event, paste, saved, screen_is, settle, wait_for

EVENT_ID = "KZ-TEST-1"


def _seed(data_dir: Path) -> Store:
    """Two items (at least) in every list, so the cursor can stand on the second."""
    store = Store(data_dir)
    event = make_event(
        metrics=[
            Metric(id="M1", name="Changeover time", unit="min", baseline=95, target=30),
            Metric(id="M2", name="Scrap at start-up", unit="parts", baseline=12, target=2),
        ],
        process_steps=[
            ProcessStep(name="Stop the press", cycle_min=2, wait_min=0, value="NNVA"),
            ProcessStep(name="Change the die", cycle_min=40, wait_min=15, value="NNVA"),
        ],
        wastes=[
            Waste(type="motion", description="walked to the tool crib", step="Stop the press"),
            Waste(type="waiting", description="crane busy", step="Change the die"),
        ],
        balance=[
            WorkElement(operator="Op 1", element="Load", seconds=20),
            WorkElement(operator="Op 2", element="Unload", seconds=35, value="VA"),
        ],
        changeover=[
            ChangeoverElement(name="Fetch the die", minutes=12, kind="internal"),
            ChangeoverElement(name="Bolt the die", minutes=8, kind="internal"),
        ],
        root_causes=[
            RootCause(id="RC1", problem="Dies hunted for", cause="no staging area"),
            RootCause(id="RC2", problem="Bolts missing", cause="no kit"),
        ],
        experiments=[
            Experiment(id="E1", tried="Die cart staged", decision="kept"),
            Experiment(id="E2", tried="Bolt kit on a shadow board"),
        ],
        future_steps=[
            ProcessStep(name="Stage the die", cycle_min=5, wait_min=0, value="NNVA"),
            ProcessStep(name="Swap the die", cycle_min=12, wait_min=0, value="NNVA"),
        ],
        yokoten=[
            Yokoten(practice="Die cart", to_area="Press 9"),
            Yokoten(practice="Shadow board", to_area="Welding"),
        ],
        sensei_notes=[
            SenseiNote(date=date(2026, 11, 24), by="Sensei", note="Go and see"),
            SenseiNote(date=date(2026, 11, 25), by="Sensei", note="Why five times?"),
        ],
        agenda=[
            AgendaItem(title="Day 1 · Kick-off", minutes=30),
            AgendaItem(title="Day 1 · Gemba walk", minutes=90),
        ],
        parking_lot=[
            ParkingItem(text="New forklift", raised_by="Zofia Wiśniewska"),
            ParkingItem(text="Paint the floor", raised_by=""),
        ],
    )
    store.create(event, today=TODAY)
    return store


#: phase key, table, then (what the dialog is called, and for a removal what it says) for a on
#: the second item, Enter on it, Del on it. None: that key opens no dialog on this list.
DIALOGS: list[tuple[str, str, str | None, str | None, tuple[str, str]]] = [
    (
        "1",
        "people",
        "Add a person",
        "Edit Νίκος Παπαδόπουλος",
        ("Remove this person?", "Νίκος Παπαδόπουλος (Facilitator) leaves the team."),
    ),
    (
        "1",
        "metrics",
        "Add metric M3",
        "Edit metric M2",
        (
            "Remove metric M2?",
            "Scrap at start-up: its baseline, target and 0 reading(s) go with it.",
        ),
    ),
    (
        "2",
        "steps",
        "Add step 3",
        "Edit step 2",
        (
            "Remove step 2?",
            "“Change the die” (40 min touch, 15 min wait) is removed from the current state.",
        ),
    ),
    (
        "2",
        "wastes",
        "Add a waste (TIMWOODS)",
        "Edit waste",
        ("Remove this waste?", "W waiting: crane busy"),
    ),
    (
        "2",
        "balance",
        "Add a work element",
        "Edit work element 2",
        ("Remove work element 2?", "Op 2: Unload (35 s)"),
    ),
    (
        "2",
        "changeover",
        "Add changeover element 3",
        "Edit changeover element 2",
        ("Remove changeover element 2?", "“Bolt the die” (8 min, internal)"),
    ),
    (
        "3",
        "causes",
        None,  # a new chain is written in the editor beside the list, not in a dialog
        None,
        ("Remove chain RC2?", "RC2: no kit"),
    ),
    (
        "4",
        "experiments",
        "Try-storm: experiment E3",
        "Edit experiment E2",
        (
            "Remove experiment E2?",
            "Bolt kit on a shadow board. Dropping it (d) keeps a record of what was tried; "
            "removing does not.",
        ),
    ),
    (
        "4",
        "future-steps",
        "Add future step 3",
        "Edit future step 2",
        (
            "Remove future step 2?",
            "“Swap the die” leaves the future state (it stays in the current state).",
        ),
    ),
    (
        "6",
        "fu-yokoten",
        "Propose a practice (yokoten)",
        "Edit practice 2",
        ("Remove practice 2?", "Shadow board → Welding"),
    ),
    (
        "6",
        "fu-sensei",
        "Sensei note",
        "Edit sensei note",
        ("Remove this sensei note?", "2026-11-25 Sensei: Why five times?"),
    ),
    (
        "7",
        "agenda",
        "Add an agenda item",
        "Edit item 2",
        ("Remove item 2?", "Day 1 · Gemba walk (1 h 30 min)"),
    ),
    (
        "8",
        "parking",
        "Park an idea",
        "Edit parked idea",
        (
            "Remove this idea?",
            "Paint the floor (raised by nobody named). Resolving it (r) keeps a record; "
            "removing does not.",
        ),
    ),
]


async def _show_phase(pilot: Pilot[None], workspace: EventScreen, key: str) -> None:
    wanted = PHASES[int(key) - 1].id
    await pilot.press(key)
    await wait_for(pilot, lambda: workspace.active_phase == wanted, what=wanted)


async def _dialog(
    pilot: Pilot[None], workspace: EventScreen, table_id: str, key: str
) -> tuple[str, str]:
    """Put the cursor on the second item of the list and press ``key``; the title (and a
    confirmation's message) of the dialog it opens, closed again with Esc."""
    table = workspace.query_one(f"#{table_id}", ItemTable)
    table.focus()
    table.move_to(table.rows[1].key)
    await pilot.press(key)
    screen = await screen_is(pilot, ModalScreen)
    if isinstance(screen, FormScreen):
        found = (screen.form_title, "")
    else:
        assert isinstance(screen, ConfirmScreen), screen
        found = (screen.confirm_title, screen.message)
    await pilot.press("escape")
    await screen_is(pilot, EventScreen)
    return found


@pytest.mark.parametrize("phases", ["123", "4678"])  # in two halves, side by side under xdist
async def test_every_list_names_its_dialogs_as_before(data_dir: Path, phases: str) -> None:
    store = _seed(data_dir)
    revision = store.load(EVENT_ID).revision
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await open_event(pilot)
        for phase, table_id, add, edit, remove in DIALOGS:
            if phase not in phases:
                continue
            await _show_phase(pilot, workspace, phase)
            if add is not None:
                got = await _dialog(pilot, workspace, table_id, "a")
                if add.startswith("Park"):  # the quick capture, as ctrl+l anywhere
                    assert got[0].startswith(add), (table_id, got)
                else:
                    assert got == (add, ""), table_id
            if edit is not None:
                assert await _dialog(pilot, workspace, table_id, "enter") == (edit, ""), table_id
            assert await _dialog(pilot, workspace, table_id, "delete") == remove, table_id
        await saved(pilot)
        assert store.load(EVENT_ID).revision == revision  # every dialog was closed with Esc


def _saved_word(workspace: EventScreen) -> str:
    text = str(workspace.query_one("#bar-saved", Static).render())
    return text.split(" · ")[0]


async def test_adding_moving_and_removing_save_and_put_the_cursor_as_before(
    data_dir: Path,
) -> None:
    store = _seed(data_dir)
    clock = FakeClock()
    app = app_for(data_dir, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await open_event(pilot, "2")

        # a step goes after the highlighted one, and the cursor goes with it
        steps = workspace.query_one("#steps", ItemTable)
        steps.focus()
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await paste(pilot, "Clean the bolster")
        await pilot.press("enter")
        await saved(pilot)
        names = [s.name for s in store.load(EVENT_ID).process_steps]
        assert names == ["Stop the press", "Clean the bolster", "Change the die"]
        assert steps.cursor_key == "1"
        assert _saved_word(workspace) == "✓ step saved"

        # renaming a step takes the wastes seen at it along
        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+u")
        await paste(pilot, "Press stopped")
        await pilot.press("enter")
        await saved(pilot)
        event = store.load(EVENT_ID)
        assert event.process_steps[0].name == "Press stopped"
        assert event.wastes[0].step == "Press stopped"

        # a waste is added at the end, the cursor on it
        wastes = workspace.query_one("#wastes", ItemTable)
        wastes.focus()
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab")
        await paste(pilot, "scrap bin full")
        await pilot.press("enter")
        await saved(pilot)
        event = store.load(EVENT_ID)
        assert [w.description for w in event.wastes][-1] == "scrap bin full"
        assert wastes.cursor_key == "2"
        assert _saved_word(workspace) == "✓ waste saved"

        # a metric (rows keyed by id) moves down; the cursor follows it
        await pilot.press("1")
        await settle(pilot)
        metrics = workspace.query_one("#metrics", ItemTable)
        metrics.focus()
        metrics.move_to("M1")
        await settle(pilot)
        await pilot.press("ctrl+down")
        await saved(pilot)
        assert [m.id for m in store.load(EVENT_ID).metrics] == ["M2", "M1"]
        assert metrics.cursor_key == "M1"
        assert _saved_word(workspace) == "✓ metrics order saved"
        await pilot.press("ctrl+down")  # the last already: nothing to save
        await saved(pilot)
        assert [m.id for m in store.load(EVENT_ID).metrics] == ["M2", "M1"]

        # a new metric gets the next id and the cursor
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await paste(pilot, "Parts an hour")
        await pilot.press("enter")
        await saved(pilot)
        assert [m.id for m in store.load(EVENT_ID).metrics] == ["M2", "M1", "M3"]
        assert metrics.cursor_key == "M3"
        assert _saved_word(workspace) == "✓ metric M3 saved"

        # removing a root cause unlinks the actions that pointed at it
        await pilot.press("3")
        await settle(pilot)
        causes = workspace.query_one("#causes", ItemTable)
        causes.focus()
        causes.move_to("RC1")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Actions A2 stay, without a linked cause." in app.screen.message
        await pilot.press("y")
        await saved(pilot)
        event = store.load(EVENT_ID)
        assert [rc.id for rc in event.root_causes] == ["RC2"]
        assert event.action("A2") is not None and event.action("A2").root_cause is None  # type: ignore[union-attr]
        assert _saved_word(workspace) == "✓ RC1 removed saved"

        # yokoten keep their order: ctrl+↓ saves nothing
        await pilot.press("6")
        await settle(pilot)
        yokoten = workspace.query_one("#fu-yokoten", ItemTable)
        yokoten.focus()
        await settle(pilot)
        revision = store.load(EVENT_ID).revision
        await pilot.press("ctrl+down")
        await saved(pilot)
        assert store.load(EVENT_ID).revision == revision

        # an agenda item ticked done in its form records when it finished; unticked, forgets
        await pilot.press("7")
        await settle(pilot)
        agenda = workspace.query_one("#agenda", ItemTable)
        agenda.focus()
        await settle(pilot)
        for done in (True, False):
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FormScreen)
            await pilot.press("tab", "tab", "space", "ctrl+s")
            await saved(pilot)
            item = store.load(EVENT_ID).agenda[0]
            assert item.done is done
            assert item.finished_at == (clock.now if done else None)
            assert _saved_word(workspace) == "✓ agenda item saved"
