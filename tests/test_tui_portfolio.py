"""The LPO portfolio screen, driven by keys on the hand-made portfolio of tests/portfolio_data.py,
whose figures are worked out by hand there (and asserted in test_portfolio_logic.py): filters change
the figures a person reads; adopting or declining a yokoten practice reaches the store; the
evidence and the report it writes are the files `kaizen report` writes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, Tab, Tabs

from kaizen_tui.app import KaizenApp
from kaizen_tui.logic.portfolio import Portfolio, compute_portfolio
from kaizen_tui.screens.portfolio import screen as portfolio_screen
from kaizen_tui.screens.portfolio.adopt import AdoptScreen
from kaizen_tui.screens.portfolio.screen import PortfolioScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.form import FormScreen
from kaizen_tui.widgets.picker import Picker, PickScreen
from kaizen_tui.widgets.table import Table

from .conftest import CliRunner
from .portfolio_data import TODAY, portfolio_events
from .tui import SIZE, app_for, saved, screen_is, settle, told, type_text, wait_for


@pytest.fixture
def lpo_dir(data_dir: Path) -> Path:
    store = Store(data_dir)
    for event in portfolio_events():
        store.create(event, today=TODAY)
    return data_dir


async def open_portfolio(pilot: Pilot[None]) -> PortfolioScreen:
    await settle(pilot)
    await pilot.press("p")  # on the home screen
    screen = await screen_is(pilot, PortfolioScreen)
    await wait_for(pilot, lambda: screen.portfolio is not None)
    await settle(pilot)
    return screen


def text(app: KaizenApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def tiles(app: KaizenApp) -> list[list[str]]:
    """Each tile as its three lines: label, figure, and what it is of."""
    return [text(app, f"#tile-{i}").split("\n") for i in range(6)]


def rows(app: KaizenApp, selector: str) -> list[list[str]]:
    return app.screen.query_one(selector, Table).row_texts()


async def pick(pilot: Pilot[None], picker_id: str, label: str) -> None:
    """Open a filter menu with Enter and choose ``label`` with the arrow keys."""
    app = pilot.app
    picker = app.screen.query_one(f"#{picker_id}", Picker)
    picker.focus()
    await wait_for(pilot, lambda: app.focused is picker, what=f"{picker_id} focused")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PickScreen))
    await settle(pilot)  # the menu's list mounted and focused before the arrow keys
    labels = [option_label for option_label, _ in picker.options]
    current = [v for _, v in picker.options].index(picker.value)
    target = labels.index(label)
    await pilot.press(*(["down"] * (target - current) or ["up"] * (current - target)))
    await pilot.press("enter")
    await settle(pilot)


async def test_filters_change_the_figures(lpo_dir: Path) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_portfolio(pilot)
        assert tiles(app) == [
            ["Events", "8", "1 abandoned"],
            ["Overdue actions", "5", "of 9 open"],
            ["Done on time", "60%", "3 of 5 done"],
            ["Sustained at 90d", "67%", "2 of 3 reviewed"],
            ["Line-led 2026-Q4", "100% ▲", "2026-Q3: 50%"],
            ["Line-owned", "71%", "10 of 14 actions"],
        ]
        answers = text(app, "#answers")
        assert "5 actions overdue of 9 open, with 4 owners: Tomasz Nowak 2" in answers
        assert "By area: Ward 7B 1 of 1, Press Shop 1 of 2." in answers
        assert "Meets a level: Anna Lewandowska (Practitioner)" in answers
        assert "up from 1 of 2 events line-led (50%) in 2026-Q3" in answers
        assert "8 events · all events" in str(screen.sub_title)

        # one site: Leeds has 3 events, 1 of 3 open actions overdue, 50 % on time
        await pick(pilot, "pf-site", "Leeds")
        assert [t[1] for t in tiles(app)] == ["3", "1", "50%", "100%", "100%", "67%"]
        assert tiles(app)[1][2] == "of 3 open"
        assert "3 of 8 events · site Leeds" in str(screen.sub_title)
        await pilot.press("3")
        await settle(pilot)
        assert rows(app, "#overdue-owners") == [
            ["All owners", "1", "1 d"],
            ["Oliver Grant", "1", "1 d"],
        ]
        assert [r[0] for r in rows(app, "#overdue")] == ["Oliver Grant (1)"]
        # the area menu now offers Leeds's areas only
        area_menu = app.screen.query_one("#pf-area", Picker)
        assert [label for label, _ in area_menu.options] == ["any", "Pharmacy", "Ward 7B"]

        await pilot.press("c")  # clear the filter
        await settle(pilot)
        assert tiles(app)[0][1] == "8"

        # one area: Press Shop held 2 reviews at 90 days and sustained 1
        await pick(pilot, "pf-area", "Press Shop")
        await pilot.press("4")
        await settle(pilot)
        assert [r[:4] for r in rows(app, "#sustain-areas")] == [["Press Shop", "2", "1", "50%"]]
        assert "1 of 2 events with a verdict (50%)" in text(app, "#results-head")
        await pilot.press("c")
        await settle(pilot)

        # a quarter: 2026-Q3 has 5 open actions, 4 of them overdue
        await pick(pilot, "pf-from", "2026-Q3")
        await pick(pilot, "pf-to", "2026-Q3")
        assert tiles(app)[1][1:] == ["4", "of 5 open"]
        await pilot.press("2")
        await settle(pilot)
        assert [r[0] for r in rows(app, "#event-list")] == ["KZ-P-07", "KZ-P-02", "KZ-P-03"]

        # a range that ends before it starts is refused and the figures stay
        await pick(pilot, "pf-from", "2026-Q4")
        assert [n.title for n in told(app)][-1] == "Filter not changed"
        assert "before it starts" in [n.message for n in told(app)][-1]
        assert app.screen.query_one("#pf-from", Picker).value == "2026-Q3"
        assert tiles(app)[1][1:] == ["4", "of 5 open"]

        # an exact date, typed: events starting on or after 2026-08-01
        await pilot.press("c")
        await settle(pilot)
        await pick(pilot, "pf-from", "a date…")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "2026-08-01")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#pf-from", Picker).value == "2026-08-01"
        assert [r[0] for r in rows(app, "#event-list")] == [
            "KZ-P-06",
            "KZ-P-05",
            "KZ-P-07",
            "KZ-P-02",
        ]


class HeldFigures:
    """The screen's first computation of the figures, held until the test lets it go (as 10,000
    events take seconds): the real compute_portfolio, run later. Later ones are not held."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.finished = threading.Event()
        self.timed_out = False
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Portfolio:
        self.calls += 1
        if self.calls > 1:
            return compute_portfolio(*args, **kwargs)
        self.started.set()
        # a deadline, so that where the figures are computed on the UI thread (which this
        # freezes) the test fails instead of hanging
        self.timed_out = not self.gate.wait(timeout=10)
        figures = compute_portfolio(*args, **kwargs)
        self.finished.set()
        return figures


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldFigures:
    held = HeldFigures()
    monkeypatch.setattr(portfolio_screen, "compute_portfolio", held)
    return held


async def test_keys_work_while_the_figures_are_computed(lpo_dir: Path, held: HeldFigures) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        screen = await screen_is(pilot, PortfolioScreen)
        await wait_for(pilot, held.started.is_set, what="the figures being computed")
        await pilot.press("3")  # a tab key is handled meanwhile
        await wait_for(pilot, lambda: screen.active_tab == "actions", what="the Actions tab")
        assert not held.finished.is_set(), "the key waited for the figures"
        assert "computing the figures for all events" in str(screen.sub_title)
        await pilot.press("escape", "escape")  # list → tab bar → home
        await wait_for(pilot, lambda: not isinstance(app.screen, PortfolioScreen), what="home")
        assert not held.finished.is_set(), "Esc waited for the figures"
        held.gate.set()  # the figures arrive after the screen is gone: dropped, quietly
        await wait_for(pilot, held.finished.is_set, what="the held figures computed")
        await settle(pilot)
        assert not held.timed_out
        assert not isinstance(app.screen, PortfolioScreen)
        assert told(app, "Cannot read the events") == []
        assert screen.portfolio is None


async def test_a_newer_filter_wins_over_figures_still_being_computed(
    lpo_dir: Path, held: HeldFigures
) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        screen = await screen_is(pilot, PortfolioScreen)
        await wait_for(pilot, held.started.is_set, what="the figures being computed")
        # while every event's figures are computed, choose Leeds by keys
        await pilot.press("f")  # the site filter
        site = screen.query_one("#pf-site", Picker)
        await wait_for(pilot, lambda: app.focused is site, what="the site filter focused")
        labels = [label for label, _ in site.options]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.focused, OptionList), what="the site menu")
        await pilot.press(*["down"] * labels.index("Leeds"), "enter")
        await wait_for(pilot, lambda: "site Leeds" in str(screen.sub_title), what="Leeds")
        await wait_for(pilot, lambda: tiles(app)[0][1] == "3", what="Leeds's figures")
        assert "3 of 8 events · site Leeds" in str(screen.sub_title)
        held.gate.set()  # every event's figures, now stale, arrive last
        await wait_for(pilot, held.finished.is_set, what="the held figures computed")
        await settle(pilot)
        assert not held.timed_out
        assert [t[1] for t in tiles(app)] == ["3", "1", "50%", "100%", "100%", "67%"]
        assert "3 of 8 events · site Leeds" in str(screen.sub_title)


async def test_enter_on_an_area_narrows_to_it_and_on_an_action_opens_its_event(
    lpo_dir: Path,
) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_portfolio(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#sustain-areas", Table)
        table.focus()
        table.move_to("@area:Ward 7B")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.choice.area == "Ward 7B"
        assert tiles(app)[0][1] == "2"
        await pilot.press("c")
        await settle(pilot)

        await pilot.press("3")
        await settle(pilot)
        owners = app.screen.query_one("#overdue-owners", Table)
        assert app.focused is owners
        assert [r[:2] for r in rows(app, "#overdue-owners")] == [
            ["All owners", "5"],
            ["Tomasz Nowak", "2"],
            ["Joe Outsider", "1"],
            ["Marek Nowicki", "1"],
            ["Oliver Grant", "1"],
        ]
        await pilot.press("down")  # Tomasz Nowak: only his actions, most overdue first
        await settle(pilot)
        assert [r[1:] for r in rows(app, "#overdue")] == [
            ["KZ-P-03", "A3 Scrap chute guard", "2026-11-01", "24 d"],
            ["KZ-P-03", "A1 Coil end detection", "2026-11-10", "15 d"],
        ]
        await pilot.press("enter")
        await settle(pilot)
        overdue = app.screen.query_one("#overdue", Table)
        assert app.focused is overdue
        assert rows(app, "#overdue")[overdue.cursor_row][1:3] == ["KZ-P-03", "A3 Scrap chute guard"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        workspace = app.screen
        assert isinstance(workspace, EventScreen)
        assert workspace.event.id == "KZ-P-03" and workspace.active_phase == "actions"
        await settle(pilot)
        await pilot.press("x")  # the first action, A1 Coil end detection: done
        await settle(pilot)
        await saved(pilot)
        assert Store(lpo_dir).load("KZ-P-03").actions[0].status == "done"
        # Esc climbs out: list → tab bar → back to the portfolio, where we were (from the tab
        # bar Esc twice: one stray Esc never leaves the event, issue 13 defect 5)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.screen is screen and screen.active_tab == "actions"
        # the figures were read again: Tomasz has one overdue action left, A3, whose owner was
        # typed "tomasz  nowak" (the name is shown as typed on the action)
        assert ["tomasz nowak", "1"] in [r[:2] for r in rows(app, "#overdue-owners")]
        assert tiles(app)[1][1:] == ["4", "of 8 open"]
        # and Esc from the tab bar goes home
        app.screen.query_one("#pf-tabs Tabs", Tabs).focus()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PortfolioScreen)


async def test_adopting_a_practice_adds_the_action_to_the_chosen_event(lpo_dir: Path) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_portfolio(pilot)
        await pilot.press("7")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#yk-text", Input)
        await type_text(pilot, "shadow board")
        await pilot.press("enter")
        await settle(pilot)
        assert [r[0] for r in rows(app, "#yokoten")] == ["KZ-P-01#1"]
        assert "Welding" in text(app, "#yokoten-detail")

        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AdoptScreen))
        dialog = app.screen
        assert isinstance(dialog, AdoptScreen)
        # the Welding event is offered first and chosen unless told otherwise
        assert dialog.target is not None and dialog.target.id == "KZ-P-02"
        owner = dialog.query_one("#adopt-owner", Input)
        assert "Ewa Kaczmarek (team leader of KZ-P-02)" in owner.placeholder
        await pilot.press("enter")  # from the search box to the list
        await pilot.press("enter")  # this event; on to the owner
        await settle(pilot)
        assert app.focused is owner
        await type_text(pilot, "Marek Nowicki")
        await pilot.press("enter")
        await type_text(pilot, "someday")
        await pilot.press("enter")
        await settle(pilot)
        # a due date that does not parse keeps the dialog open and saves nothing
        assert app.screen is dialog
        assert "Due:" in str(dialog.query_one("#adopt-message", Static).render())
        assert len(Store(lpo_dir).load("KZ-P-02").actions) == 4
        due = dialog.query_one("#adopt-due", Input)
        due.value = ""
        await type_text(pilot, "2026-12-15")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        await app.workers.wait_for_complete()
        await settle(pilot)
        notes = [(n.title, n.message) for n in told(app)]
        assert (
            "KZ-P-01#1 adopted",
            "Action A5 added to KZ-P-02: Marek Nowicki, due 2026-12-15.",
        ) in notes
        # the register shows it after the screen read the events again
        assert rows(app, "#yokoten")[0][:2] == ["KZ-P-01#1", "adopted → KZ-P-02"]
        assert screen.check_action("adopt", ()) is None  # shown, but nothing left to adopt

    # what another process sees: the store
    store = Store(lpo_dir)
    action = store.load("KZ-P-02").actions[-1]
    assert (action.id, action.owner, action.due.isoformat() if action.due else None) == (
        "A5",
        "Marek Nowicki",
        "2026-12-15",
    )
    assert "Shadow board for die tools" in action.what and "KZ-P-01" in action.what
    practice = store.load("KZ-P-01").yokoten[0]
    assert (practice.status, practice.adopted_in, practice.adopted_action) == (
        "adopted",
        "KZ-P-02",
        "A5",
    )

    # and a fresh app
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_portfolio(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert ["KZ-P-01#1", "adopted → KZ-P-02"] in [r[:2] for r in rows(app, "#yokoten")]
        await pilot.press("3")
        await settle(pilot)
        # the new action is open and not yet due: not in the overdue list, but counted open
        assert tiles(app)[1][1:] == ["5", "of 10 open"]


async def test_adopt_without_an_event_and_decline(lpo_dir: Path) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_portfolio(pilot)
        await pilot.press("7")
        await settle(pilot)
        table = app.screen.query_one("#yokoten", Table)
        assert table.cursor_key == "KZ-P-05|1"  # Criteria-led discharge, to Ward 8A
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AdoptScreen))
        dialog = app.screen
        assert isinstance(dialog, AdoptScreen)
        # no event is in Ward 8A: "no event" is chosen, the other events are offered below
        assert dialog.target is None
        assert dialog.query_one("#adopt-owner", Input).disabled
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert rows(app, "#yokoten")[0][:2] == ["KZ-P-05#1", "adopted"]

        table.move_to("KZ-P-01|1")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert ["KZ-P-01#1", "declined"] in [r[:2] for r in rows(app, "#yokoten")]

    store = Store(lpo_dir)
    assert store.load("KZ-P-05").yokoten[0].status == "adopted"
    assert store.load("KZ-P-05").yokoten[0].adopted_in == ""
    assert len(store.load("KZ-P-05").actions) == 3  # no action anywhere
    assert store.load("KZ-P-01").yokoten[0].status == "declined"


async def _export(pilot: Pilot[None], path: Path) -> None:
    """In the export form: replace the suggested file with ``path`` and save."""
    app = pilot.app
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, FormScreen) and bool(app.screen.query("#field-file")),
        what="the export form",
    )
    await settle(pilot)  # its fields mounted and the focus in the file field
    app.screen.query_one("#field-file", Input).value = ""
    await type_text(pilot, str(path))
    await pilot.press("ctrl+s")
    await settle(pilot)
    await app.workers.wait_for_complete()
    await settle(pilot)


async def test_evidence_export_is_the_file_the_cli_writes(
    lpo_dir: Path, tmp_path: Path, kaizen: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the suggested file goes where the app was started
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_portfolio(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert rows(app, "#people")[0][:3] == ["Anna Lewandowska", "LPO", "Practitioner"]
        assert [r[0] for r in rows(app, "#evidence")] == ["KZ-P-01", "KZ-P-03", "KZ-P-02"]
        await pilot.press("down", "down", "down")  # Grace Okafor
        await settle(pilot)
        assert screen.current_person is not None
        assert screen.current_person.name == "Grace Okafor"
        # her planned event is listed, not counted
        assert rows(app, "#evidence")[-1][4] == "planned (not yet counted)"
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await settle(pilot)  # the form's fields mounted and focused
        suggested = app.screen.query_one("#field-file", Input).value
        assert suggested == str(tmp_path / "evidence-grace-okafor-2026-11-25.md")
        await _export(pilot, tmp_path / "grace.csv")
        assert ("Evidence of Grace Okafor written (CSV)", str(tmp_path / "grace.csv")) in [
            (n.title, n.message) for n in told(app)
        ]
        await pilot.press("up", "up", "up", "e")  # Anna, as Markdown
        await _export(pilot, tmp_path / "anna.md")

    cli = kaizen("report", "--evidence", "Grace Okafor", "-o", str(tmp_path / "grace-cli.csv"))
    assert cli.returncode == 0, cli.stderr
    assert (tmp_path / "grace.csv").read_bytes() == (tmp_path / "grace-cli.csv").read_bytes()
    cli = kaizen("report", "--evidence", "anna", "-o", str(tmp_path / "anna-cli.md"))
    assert cli.returncode == 0, cli.stderr
    assert (tmp_path / "anna.md").read_text() == (tmp_path / "anna-cli.md").read_text()
    assert "KZ-P-03" in (tmp_path / "anna.md").read_text()


async def test_print_the_report_for_the_filter(
    lpo_dir: Path, tmp_path: Path, kaizen: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kaizen-report-leeds-2026-11-25.pdf").write_bytes(b"an earlier report")
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_portfolio(pilot)
        await pick(pilot, "pf-site", "Leeds")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await settle(pilot)  # the form's fields mounted and focused
        # the suggestion names the filter and never overwrites an earlier report
        suggested = app.screen.query_one("#field-file", Input).value
        assert suggested == str(tmp_path / "kaizen-report-leeds-2026-11-25-2.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert ("Report written (PDF)", suggested) in [(n.title, n.message) for n in told(app)]
        # a name the report cannot be written as is refused in the form
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await settle(pilot)  # the form's fields mounted and focused
        app.screen.query_one("#field-file", Input).value = ""
        await type_text(pilot, str(tmp_path / "report.docx"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        message = str(app.screen.query_one("#form-message", Static).render())
        assert "cannot tell the format" in message
        app.screen.query_one("#field-file", Input).value = ""
        await type_text(pilot, "leeds.md")  # relative: in the folder the app started from
        await pilot.press("ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)

    assert (tmp_path / "kaizen-report-leeds-2026-11-25.pdf").read_bytes() == b"an earlier report"
    pdf = PdfReader(str(tmp_path / "kaizen-report-leeds-2026-11-25-2.pdf"))
    first = pdf.pages[0].extract_text()
    assert "site Leeds" in first and "3 events" in first
    cli = kaizen("report", "--site", "Leeds", "-o", str(tmp_path / "cli.md"))
    assert cli.returncode == 0, cli.stderr
    assert (tmp_path / "leeds.md").read_text() == (tmp_path / "cli.md").read_text()


async def test_park_an_idea_on_the_highlighted_event(lpo_dir: Path) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_portfolio(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("down")  # KZ-P-05
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await settle(pilot)  # the form's fields mounted and focused
        assert "KZ-P-05" in app.screen.form_title  # type: ignore[attr-defined]
        await type_text(pilot, "Spread the board round to 8A")
        await pilot.press("enter")
        await settle(pilot)
    assert [p.text for p in Store(lpo_dir).load("KZ-P-05").parking_lot] == [
        "Spread the board round to 8A"
    ]


async def test_at_80_by_24_every_tab_and_all_four_answers_show(lpo_dir: Path) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_portfolio(pilot)
        tabs = app.screen.query_one("#pf-tabs Tabs", Tabs)
        labels = [str(tab.label) for tab in tabs.query(Tab)]
        assert labels == [
            "1 Overview",
            "2 Events",
            "3 Actions",
            "4 Results",
            "5 Line",
            "6 People",
            "7 Yokoten",
            "8 Sensei",
        ]
        last = list(tabs.query("Tab"))[-1]
        assert last.region.right <= 80
        answers = app.screen.query_one("#answers")
        keybar_top = 24 - 1
        assert answers.region.bottom <= keybar_top, "the four answers need no scrolling"
        assert tiles(app)[3] == ["Held at 90d", "67%", "2 of 3 held"]


async def test_palette_opens_the_portfolio_from_an_event(lpo_dir: Path) -> None:
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open the first event
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen))
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "LPO portfolio")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        # the event was left (adopting here may add an action to it), not kept underneath
        assert not any(isinstance(s, EventScreen) for s in app.screen_stack)


async def test_overdue_actions_are_read_from_the_index_a_page_at_a_time(data_dir: Path) -> None:
    """Hundreds of overdue actions (tens of thousands at 10,000 events): the screen keeps the
    owners counted, not the actions; the table reads each page from the index when shown, and
    lists every action of the report, in its order, all owners or one."""
    from bench.common import write_portfolio

    write_portfolio(data_dir, 60, today=TODAY)
    report = compute_portfolio(Store(data_dir).db(), TODAY).actions.overdue_by_owner
    assert sum(o.count for o in report) > 3 * 64  # several pages

    def listed(owners: Any) -> list[list[str]]:
        return [
            [
                f"{o.owner} ({o.count})" if i == 0 else "",
                r.event_id,
                f"{r.action_id} {r.what}",
                r.due or "–",
                f"{r.days_overdue} d",
            ]
            for o in owners
            for i, r in enumerate(o.actions)
        ]

    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_portfolio(pilot)
        assert screen.portfolio is not None
        assert [(o.owner, o.count) for o in screen.portfolio.actions.overdue_by_owner] == [
            (o.owner, o.count) for o in report
        ]
        assert all(not o.actions for o in screen.portfolio.actions.overdue_by_owner)
        await pilot.press("3", "enter")  # all owners' actions
        await settle(pilot)
        overdue = app.screen.query_one("#overdue", Table)
        assert app.focused is overdue
        await pilot.press("end")
        await settle(pilot)
        assert rows(app, "#overdue")[overdue.cursor_row] == listed(report)[-1]
        assert rows(app, "#overdue") == listed(report)
        await pilot.press("escape", "3")  # back to the owners
        await settle(pilot)
        await pilot.press("down", "down")  # the owner with the second most
        await settle(pilot)
        assert rows(app, "#overdue") == listed(report[1:2])


async def test_the_figures_are_let_go_when_the_screen_is_left(lpo_dir: Path) -> None:
    """16 MB of figures at 10,000 events: gone once the screen is left, not kept until it is
    opened again (a finished worker's arguments kept the screen)."""
    import gc
    import weakref

    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_portfolio(pilot)
        assert screen.portfolio is not None
        figures = weakref.ref(screen.portfolio)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PortfolioScreen))
        await settle(pilot)
        del screen
        gc.collect()
        assert figures() is None


async def test_a_tab_is_built_when_first_shown_with_the_latest_figures(lpo_dir: Path) -> None:
    """Only the overview is built when the screen opens: mounting and styling seven tabs of
    tables nobody had looked at was most of the time it took to open (bench portfolio_screen).
    A tab shown later, by its number or a click on the tab bar, shows the figures of the filter
    chosen meanwhile."""
    from kaizen_tui.logic.portfolio_view import FilterChoice

    leeds = compute_portfolio(
        Store(lpo_dir).db(), TODAY, flt=FilterChoice(site="Leeds").to_filter()
    )
    app = app_for(lpo_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_portfolio(pilot)
        assert not screen.query(Table), "only the overview is built"
        await pick(pilot, "pf-site", "Leeds")
        await pilot.press("2")
        await settle(pilot)
        assert [r[0] for r in rows(app, "#event-list")] == [e.id for e in leeds.events]
        assert app.focused is screen.query_one("#event-list", Table)

        tab = next(t for t in screen.query(Tab) if str(t.label) == "8 Sensei")
        await pilot.click(tab)
        await settle(pilot)
        assert screen.active_tab == "sensei"
        shown = {r[2] for r in rows(app, "#sensei")}
        assert shown == {n.event_id for g in leeds.sensei for n in g.notes}
        assert shown
