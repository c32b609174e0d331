"""User text is never markup (issue 12, defect 7): an event whose every text field holds Rich
markup is shown on home, on every phase, in every dialog a list opens (edit and remove), the
parking lot, the close-out gate, the review form, the command palette and every portfolio tab;
the app stays up and every piece of user text on the screen reads as typed. The walk is split
in four tests (views, list dialogs, messages quoting what was typed, the portfolio) that xdist
runs side by side.

Each field gets its own marker: ``[i]Q7q[/i] [/b] [@click=app.quit]x[/]``. Parsed as markup it
either raises (``[/b]`` closes nothing) or shows ``Q7q`` without the ``[i]`` before it; so
wherever a marker is on screen, the ``[i]`` must be there too."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input

from kaizen_tui.app import KaizenApp
from kaizen_tui.model import (
    Action,
    AgendaItem,
    ChangeoverElement,
    Event,
    Experiment,
    Metric,
    ParkingItem,
    Person,
    ProcessStep,
    Reading,
    Review,
    RootCause,
    Scope,
    SenseiNote,
    SignOff,
    Takt,
    Update,
    Waste,
    WorkElement,
    Yokoten,
)
from kaizen_tui.screens.phases import PHASES
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.table import Table

from .conftest import TODAY
from .tui import SIZE, app_for, paste, settle, tab_to, type_text, wait_for


class Hostile:
    """Hands out a text with markup traps and a marker of its own per field."""

    def __init__(self) -> None:
        self.fields: dict[int, str] = {}

    def __call__(self, field: str) -> str:
        n = len(self.fields) + 1
        self.fields[n] = field
        return f"[i]Q{n}q[/i] [/b] [@click=app.quit]x[/]"


def _event(t: Hostile, event_id: str, status: str) -> Event:
    lead, owner, member = t("person name (facilitator)"), t("person name (owner)"), t("member")
    return Event(
        id=event_id,
        title=t("title"),
        site=t("site"),
        area=t("area"),
        value_stream=t("value stream"),
        business_unit=t("business unit"),
        status=status,
        start=date(2026, 8, 3) if status != "live" else TODAY - timedelta(days=1),
        end=date(2026, 8, 7) if status != "live" else TODAY + timedelta(days=2),
        report_out=date(2026, 8, 7) if status != "live" else None,
        problem=t("problem"),
        background=t("background"),
        target_condition=t("target condition"),
        lessons=t("lessons"),
        scope=Scope(
            first_step=t("first step"), last_step=t("last step"), in_=[t("in scope")], out=[]
        ),
        people=[
            Person(name=lead, role="facilitator", department=t("department")),
            Person(name=owner, role="team_leader"),
            Person(name=member, role="process_owner"),
        ],
        metrics=[
            Metric(
                id="M1",
                name=t("metric name"),
                unit="[b]",
                direction="lower",
                baseline=10,
                target=5,
                baseline_source=t("baseline source"),
                readings=[Reading(date=date(2026, 8, 6), value=7, note=t("reading note"))],
            ),
        ],
        process_steps=[ProcessStep(name=t("step"), cycle_min=3, wait_min=5, value="VA")],
        future_steps=[ProcessStep(name=t("future step"), cycle_min=2, wait_min=1, value="VA")],
        wastes=[Waste(type="motion", description=t("waste"), step="")],
        takt=Takt(demand=100, available_min=450, period=t("takt period"), unit=t("takt unit")),
        balance=[WorkElement(operator=t("operator"), element=t("element"), seconds=30)],
        changeover=[ChangeoverElement(name=t("changeover element"), minutes=5)],
        experiments=[Experiment(id="E1", tried=t("experiment tried"), result=t("result"))],
        root_causes=[
            RootCause(
                id="RC1",
                problem=t("cause problem"),
                whys=[t("why 1"), t("why 2")],
                category=t("category"),
                cause=t("cause"),
                countermeasure=t("countermeasure"),
            )
        ],
        actions=[
            Action(
                id="A1",
                what=t("action what"),
                owner=owner,
                due=date(2026, 9, 1),
                root_cause="RC1",
                updates=[Update(date=date(2026, 8, 20), note=t("action update"))],
            )
        ],
        parking_lot=[ParkingItem(text=t("parked idea"), raised_by=member)],
        agenda=[AgendaItem(title=t("agenda item"), minutes=30)],
        reviews=[Review(day=30, due=date(2026, 9, 6), notes=t("review notes"))]
        if status != "live"
        else [],
        yokoten=[Yokoten(practice=t("practice"), to_area=t("to area"))],
        sensei_notes=[SenseiNote(date=date(2026, 8, 6), by=t("sensei"), note=t("sensei note"))],
        signoffs=[SignOff(role="sponsor", name=t("signed by"), date=date(2026, 8, 3), note="")],
    )


def screen_text(app: KaizenApp) -> str:
    """What the screen shows, row by row (the dialog and what is behind it)."""
    svg = app.export_screenshot()
    rows: dict[float, list[str]] = {}
    for y, part in re.findall(r'<text[^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", part)).replace("\xa0", " ")
        rows.setdefault(float(y), []).append(text)
    return "\n".join("".join(parts) for _, parts in sorted(rows.items()))


class Looker:
    """Looks at each screen: every marker shown must read as typed."""

    def __init__(self, app: KaizenApp, hostile: Hostile) -> None:
        self.app, self.hostile = app, hostile
        self.problems: list[str] = []
        self.seen: set[int] = set()
        self.places = 0

    def __call__(self, where: str) -> None:
        assert self.app.is_running, f"the app stopped at {where}"
        text = screen_text(self.app)
        self.places += 1
        for match in re.finditer(r"Q(\d+)q", text):
            n = int(match.group(1))
            self.seen.add(n)
            if text[max(0, match.start() - 3) : match.start()] != "[i]":
                line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
                self.problems.append(f"{where}: {self.hostile.fields[n]} as markup: {line.strip()}")


async def _close_dialogs(pilot: Pilot[None]) -> None:
    for _ in range(3):  # Esc twice when a dialog holds something typed
        if not isinstance(pilot.app.screen, ModalScreen):
            return
        await pilot.press("escape")
        await settle(pilot)
    assert not isinstance(pilot.app.screen, ModalScreen), pilot.app.screen


async def _dialogs_of_the_lists(pilot: Pilot[None], look: Looker, phase: str) -> None:
    """Enter (edit) on the first row of every list; Delete (remove, asks first: one dialog for
    every list) on the first list of the phase."""
    workspace = pilot.app.screen
    assert isinstance(workspace, EventScreen)
    pane = workspace.pane(phase)
    for index, table in enumerate([t for t in pane.query(Table) if t.can_focus and t.rows]):
        for key in ("enter", "delete") if index == 0 else ("enter",):
            table.focus()
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            if isinstance(pilot.app.screen, ModalScreen):
                look(f"{phase}: {key} on #{table.id} ({type(pilot.app.screen).__name__})")
                await _close_dialogs(pilot)


async def _typed_back_in_messages(pilot: Pilot[None], look: Looker, hostile: Hostile) -> None:
    """What is typed is quoted back in messages ("'…' is not a date"): never as markup."""
    app = pilot.app
    workspace = app.screen
    assert isinstance(workspace, EventScreen)
    await workspace.action_phase("charter")
    await settle(pilot)
    workspace.query_one("#f-start Input", Input).focus()
    await pilot.press("ctrl+u")
    await paste(pilot, hostile("typed into a date field"))
    await pilot.press("tab")
    await settle(pilot)
    look("charter: a start date that does not parse")
    await pilot.press("shift+tab", "ctrl+u")
    await type_text(pilot, "2026-08-03")
    await pilot.press("tab")

    workspace.query_one("#metrics", Table).focus()
    await pilot.press("a")  # a metric whose baseline is not a number
    await settle(pilot)
    await paste(pilot, hostile("typed as a metric name"))
    await tab_to(pilot, "#field-baseline")
    await paste(pilot, hostile("typed as a baseline"))
    await pilot.press("ctrl+s")
    await settle(pilot)
    look("metric dialog: a baseline that is not a number")
    await _close_dialogs(pilot)

    await workspace.action_phase("actions")  # quick add with a due date that does not parse
    await settle(pilot)
    workspace.query_one("#qa-what", Input).focus()
    await paste(pilot, hostile("typed as an action"))
    await pilot.press("tab", "tab")
    await paste(pilot, hostile("typed as a due date"))
    await pilot.press("enter")
    await settle(pilot)
    look("quick add: a due date that does not parse")
    for box in ("#qa-what", "#qa-due"):
        workspace.query_one(box, Input).value = ""

    await workspace.action_phase("followup")  # the review form with a reading that is no number
    await settle(pilot)
    workspace.query_one("#fu-reviews", Table).focus()
    await pilot.press("enter")
    await settle(pilot)
    assert type(app.screen).__name__ == "ReviewScreen"
    app.screen.query_one("#reading-M1", Input).focus()
    await paste(pilot, hostile("typed as a reading"))
    await settle(pilot)
    look("review form: a reading that is not a number")
    await _close_dialogs(pilot)


def _two_events(data_dir: Path) -> Hostile:
    hostile = Hostile()
    store = Store(data_dir)
    store.create(_event(hostile, "KZ-MARK-1", "following_up"), today=TODAY)
    store.create(_event(hostile, "KZ-MARK-2", "live"), today=TODAY)
    return hostile


async def _open(pilot: Pilot[None], event_id: str) -> EventScreen:
    app = pilot.app
    assert isinstance(app, KaizenApp)
    app.open_event_screen(event_id)
    await wait_for(pilot, lambda: getattr(app.screen, "is_filled", False), what=event_id)
    workspace = app.screen
    assert isinstance(workspace, EventScreen)
    return workspace


def _all_read_as_typed(look: Looker, hostile: Hostile, fields: set[str] | None = None) -> None:
    assert look.problems == [], "\n".join(look.problems)
    wanted = set(hostile.fields.values()) if fields is None else fields
    shown = {hostile.fields[n] for n in look.seen}
    missing = sorted(wanted - shown)
    assert missing == [], f"never shown, so never checked: {missing}"


async def test_every_phase_shows_user_text_as_typed(data_dir: Path) -> None:
    """Home, every phase of a followed-up and of a live event, the parking dialog, the gate (or
    why not) and the command palette."""
    hostile = _two_events(data_dir)
    app = app_for(data_dir)
    look = Looker(app, hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        look("home")
        for event_id in ("KZ-MARK-1", "KZ-MARK-2"):
            workspace = await _open(pilot, event_id)
            for spec in PHASES:
                await workspace.action_phase(spec.id)
                await settle(pilot)
                look(f"{event_id} {spec.title}")
            await pilot.press("ctrl+l")  # the parking dialog names the event by its title
            await settle(pilot)
            look(f"{event_id} parking dialog")
            await _close_dialogs(pilot)
            await workspace.action_phase("followup")
            await settle(pilot)
            await pilot.press("g")  # the close-out gate (the live event) or why not
            await settle(pilot)
            look(f"{event_id} gate")
            await _close_dialogs(pilot)
            await pilot.press("ctrl+p")  # the command palette lists the event
            await settle(pilot)
            # "[i]Q": what the titles begin with (a marker typed here would read as typed)
            await type_text(pilot, "[i]Q")
            await wait_for(pilot, lambda: "Q" in screen_text(app), what="the palette's hits")
            await settle(pilot)
            look(f"{event_id} command palette")
            await _close_dialogs(pilot)
            workspace.dismiss(None)
            await settle(pilot)
    elsewhere = {  # shown in a list's dialog or the portfolio (the tests below)
        "baseline source",
        "changeover element",
        "practice",
        "sensei",
        "sensei note",
        "to area",
    }
    _all_read_as_typed(look, hostile, set(hostile.fields.values()) - elsewhere)


@pytest.mark.parametrize("half", [0, 1], ids=["first phases", "last phases"])
async def test_every_list_dialog_shows_user_text_as_typed(data_dir: Path, half: int) -> None:
    """Enter (edit) on the first row of every list, Delete on the first list of each phase; the
    phases in two halves, so that xdist runs them side by side."""
    phases = PHASES[: len(PHASES) // 2] if half == 0 else PHASES[len(PHASES) // 2 :]
    hostile = _two_events(data_dir)
    app = app_for(data_dir)
    look = Looker(app, hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        workspace = await _open(pilot, "KZ-MARK-1")
        for spec in phases:
            await workspace.action_phase(spec.id)
            await settle(pilot)
            await _dialogs_of_the_lists(pilot, look, spec.id)
    assert look.places > 8, "the lists opened no dialogs"
    _all_read_as_typed(look, hostile, {hostile.fields[n] for n in look.seen})


async def test_messages_quote_what_was_typed_as_typed(data_dir: Path) -> None:
    hostile = _two_events(data_dir)
    app = app_for(data_dir)
    look = Looker(app, hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open(pilot, "KZ-MARK-1")
        await _typed_back_in_messages(pilot, look, hostile)
    typed = {field for field in hostile.fields.values() if field.startswith("typed ")}
    _all_read_as_typed(look, hostile, typed)


async def test_every_portfolio_tab_shows_user_text_as_typed(data_dir: Path) -> None:
    hostile = _two_events(data_dir)
    app = app_for(data_dir)
    look = Looker(app, hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_portfolio()
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "PortfolioScreen")
        await app.workers.wait_for_complete()
        for key in "123456789":
            await pilot.press(key)
            await settle(pilot)
            look(f"portfolio tab {key}")
            focused = app.focused
            if isinstance(focused, Table) and focused.rows:
                await pilot.press("enter")  # an area, an owner, a person, a practice…
                await settle(pilot)
                look(f"portfolio tab {key}, Enter")
                await _close_dialogs(pilot)
                if app.screen.__class__.__name__ != "PortfolioScreen":  # opened an event
                    app.screen.dismiss(None)
                    await wait_for(
                        pilot, lambda: app.screen.__class__.__name__ == "PortfolioScreen"
                    )
        assert app.screen.__class__.__name__ == "PortfolioScreen"
    assert look.seen, "the portfolio showed no user text"
    _all_read_as_typed(look, hostile, {hostile.fields[n] for n in look.seen})


async def test_a_notification_from_any_screen_is_never_markup(data_dir: Path) -> None:
    # Widget.notify (screens, panes) passes markup=True of its own: the adopted practice, the
    # review's reason and the like went out as markup even though the app's default was off
    app = app_for(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts shown
        await settle(pilot)
        app.screen.notify(  # up long enough for a loaded machine to take the screenshot
            "[i]Q1q[/i] [/b] [@click=app.quit]x[/]", title="[b]Adopted[/b]", timeout=120
        )
        await wait_for(pilot, lambda: "Q1q" in screen_text(app), what="the toast")
        assert app.is_running
        shown = screen_text(app)
        assert "[i]Q1q[/i] [/b] [@click=app.quit]x[/]" in shown and "[b]Adopted[/b]" in shown
