"""What a change agent new to the app ran into on a first live trial (notes/polish.md), by keys:
each test is one moment of confusion or loss, and shows it does not happen any more."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store

from .conftest import TODAY, make_event
from .tui import SIZE, app_for, saved, settle, tab_to, told, type_text


def _seed(data_dir: Path, **event: object) -> Store:
    store = Store(data_dir)
    store.create(make_event(**event), today=TODAY)
    return store


async def _open(pilot: Pilot[None], phase: str | None = None) -> EventScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    if phase:
        await pilot.press(phase)
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EventScreen)
    return screen


async def test_the_why_chain_can_be_read_while_its_lines_are_still_being_built(
    data_dir: Path,
) -> None:
    # The trial: "3" then "a" at typing speed raised NoMatches (a traceback on the projector):
    # adding a chain saves the one shown, and its why lines were mounted but not yet built.
    # The same moment, without the race: show a chain and read it before the next refresh.
    from kaizen_tui.widgets.whys import WhyChain

    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "3")
        chain = screen.query_one(WhyChain)
        chain.show_whys(["dies hunted for", "no staging area", "rack far away"], force=True)
        assert chain.current() == ["dies hunted for", "no staging area", "rack far away"]
        chain.show_whys(["dies hunted for", "no staging area"], force=True)
        await pilot.press("a")  # a new chain flushes the one shown first
        await settle(pilot)
        assert str(screen.query_one("#chain-title").render()).startswith("RC2")
        await saved(pilot)
    causes = store.load("KZ-TEST-1").root_causes
    assert [rc.id for rc in causes] == ["RC1", "RC2"]
    assert causes[0].whys == ["dies hunted for", "no staging area"]


async def test_enter_on_the_empty_why_after_the_last_goes_on_to_the_root_cause(
    data_dir: Path,
) -> None:
    # The trial: Enter on the empty why put the cursor back at the end of why 2, and the root
    # cause typed next was glued onto that why.
    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "3")
        await tab_to(pilot, "#whys")
        await pilot.press("enter", "enter")  # why 1 → why 2 → a new, empty why 3
        await settle(pilot)
        assert len(screen.query("#whys Input")) == 3
        await pilot.press("enter")  # empty: the chain is done
        await settle(pilot)
        assert app.focused is screen.query_one("#f-rc-cause Input")
        await type_text(pilot, "No staging area for dies")
        await pilot.press("enter")
        await settle(pilot)
        await saved(pilot)
    cause = store.load("KZ-TEST-1").root_causes[0]
    assert cause.whys == ["dies hunted for", "no staging area"]
    assert cause.cause == "No staging area for dies"


async def test_enter_on_an_empty_why_in_the_middle_removes_it_and_stays_in_the_chain(
    data_dir: Path,
) -> None:
    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "3")
        await tab_to(pilot, "#whys")
        await pilot.press("ctrl+u", "enter")
        await settle(pilot)
        lines = [i for i in screen.query("#whys Input").results(Input) if i.is_attached]
        assert app.focused is lines[-1]
        assert app.focused.value == "no staging area"
        await saved(pilot)
    assert store.load("KZ-TEST-1").root_causes[0].whys == ["no staging area"]


async def test_the_label_of_the_field_being_typed_in_lights_up(data_dir: Path) -> None:
    # On a projector a compact field shows only a blinking cursor: the label was meant to light
    # up (accent, bold) but never did, because Textual restyles on focus only below a node that
    # has a :focus-within rule of its own.
    from textual.widgets import Label

    _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        site = screen.query_one("#f-site .field-label", Label)
        area = screen.query_one("#f-area .field-label", Label)
        assert not site.styles.text_style.bold
        await tab_to(pilot, "#f-site")
        await settle(pilot)
        assert site.styles.text_style.bold and not area.styles.text_style.bold
        await pilot.press("tab")
        await settle(pilot)
        assert area.styles.text_style.bold and not site.styles.text_style.bold
        await pilot.press("escape", "3")
        await settle(pilot)
        await tab_to(pilot, "#whys")
        await settle(pilot)
        why = screen.query("WhyLine Label").first(Label)
        assert why.styles.text_style.bold


async def test_a_number_key_opens_its_phase_from_every_phase(data_dir: Path) -> None:
    # The trial: "1" pressed on Current state or Follow-up (focus in a list) left the phase as
    # it was: the list handed its focus to a sibling in the pane being hidden, and the tabs
    # switched back to it.
    from kaizen_tui.screens.phases import PHASES

    _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        ids = [spec.id for spec in PHASES]
        for start, start_id in enumerate(ids, 1):
            if isinstance(app.focused, (Input, TextArea)):
                await pilot.press("escape")  # out of the field, to the tab bar
            await pilot.press(str(start))
            await settle(pilot)
            assert screen.active_phase == start_id
            if isinstance(app.focused, (Input, TextArea)):
                continue  # the phase starts in a field (Actions' quick add): digits are typed
            target = 1 if start != 1 else 2
            await pilot.press(str(target))  # from wherever the phase put the keyboard
            await settle(pilot)
            assert screen.active_phase == ids[target - 1], start_id


async def test_quitting_with_a_form_half_filled_asks_first(data_dir: Path) -> None:
    # The trial: ctrl+q in the edit form of an action (owner, PDCA, cause, an update typed)
    # closed the app at once, and all of it was gone.
    from kaizen_tui.widgets.form import FormScreen

    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "5")
        await pilot.press("home", "enter")  # A1 in the list, edit it
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "Jan Kowalski")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, FormScreen)
        warning = told(app, "Not saved")
        assert warning and "Edit action A1" in warning[0].message
        assert "ctrl+s saves it" in warning[0].message
        assert "ctrl+q again" in warning[0].message
        await pilot.press("ctrl+s")  # saved as the message says; then quitting is quiet
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running
    assert store.load("KZ-TEST-1").actions[0].owner == "Jan Kowalski"


async def test_quitting_twice_leaves_a_half_filled_form_on_purpose(data_dir: Path) -> None:
    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "8")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await type_text(pilot, "Forklift")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running
    assert store.load("KZ-TEST-1").parking_lot == []


async def test_quitting_with_override_reasons_typed_in_the_gate_asks_first(
    data_dir: Path,
) -> None:
    from kaizen_tui.screens.gate import GateScreen

    _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "6")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GateScreen)
        await type_text(pilot, "Owner named on Monday")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, GateScreen)
        warning = told(app, "Not saved")
        assert warning and "Close-out gate" in warning[0].message


async def test_a_suggested_name_is_replaced_by_typing_not_added_to(data_dir: Path) -> None:
    # The trial: the second idea's "Raised by" kept the first one's name, and typing the new
    # name gave "Ana Souza佐藤 健".
    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "8")
        for idea, who in (("Second forklift", "Ana Souza"), ("Light curtain trips", "佐藤 健")):
            await pilot.press("ctrl+l")
            await settle(pilot)
            await type_text(pilot, idea)
            await pilot.press("tab")
            await type_text(pilot, who)
            await pilot.press("enter")
            await settle(pilot)
        # and the owner of an action made from the idea starts as who raised it
        await pilot.press("end", "c")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Zofia Wiśniewska")
        await pilot.press("tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await settle(pilot)
        await saved(pilot)
    event = store.load("KZ-TEST-1")
    assert [(p.text, p.raised_by) for p in event.parking_lot] == [
        ("Second forklift", "Ana Souza"),
        ("Light curtain trips", "佐藤 健"),
    ]
    assert event.actions[-1].what == "Light curtain trips"
    assert event.actions[-1].owner == "Zofia Wiśniewska"


async def test_a_new_event_opens_with_the_cursor_in_the_problem_statement(
    data_dir: Path,
) -> None:
    # The trial: the new event opened on the tab bar while the message said "fill the charter";
    # the problem typed next went to the keys (a "3" switched phase, an "a" added a chain).
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Die changeover Press 3")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventScreen) and screen.active_phase == "charter"
        await type_text(pilot, "Changeover takes 92 min on average (12 samples, Oct 3)")
        await pilot.press("tab")
        await settle(pilot)
        await saved(pilot)
        event_id = screen.event.id
    event = Store(data_dir).load(event_id)
    assert event.problem == "Changeover takes 92 min on average (12 samples, Oct 3)"
    assert event.root_causes == []


async def test_ticks_and_choices_read_without_colour(data_dir: Path) -> None:
    # The trial: an unconfirmed cause read "Confirmed ▐X▌" (Textual's X is drawn either way,
    # on or off by colour only), and which status or PDCA was chosen showed by colour alone.
    from kaizen_tui.widgets.choice import Choice
    from kaizen_tui.widgets.tick import TickBox

    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        status = screen.query_one("#f-status Choice", Choice)
        assert "[live]" in status.render().plain
        assert " planned " in status.render().plain
        await pilot.press("3")
        await settle(pilot)
        box = screen.query_one("#f-rc-confirmed TickBox", TickBox)
        assert "X" not in box.render().plain and "✓" not in box.render().plain
        await pilot.press("c")  # on the list of chains: confirmed
        await settle(pilot)
        assert "✓" in box.render().plain
        await saved(pilot)
    assert store.load("KZ-TEST-1").root_causes[0].confirmed


async def test_the_person_just_added_is_on_screen(data_dir: Path) -> None:
    # The trial: the fourth and fifth people added to the team were below the bottom of the
    # page; the cursor was on them, out of sight, and ↓ did not bring them up either.
    from kaizen_tui.widgets.item_table import ItemTable

    _seed(data_dir, people=[])
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot)
        table = await tab_to(pilot, "#people")
        assert isinstance(table, ItemTable)
        pane = screen.pane("charter")

        def cursor_on_screen() -> bool:
            y = table.region.y + 1 + table.cursor_row - int(table.scroll_offset.y)
            return pane.region.y <= y < pane.region.bottom

        for name in ("Zofia Wiśniewska", "佐藤 健", "Ana Souza", "Piotr Kowalczyk", "Marta Nowak"):
            await pilot.press("a")
            await settle(pilot)
            await type_text(pilot, name)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert table.row_texts()[table.cursor_row][1] == name
            assert cursor_on_screen(), name
        await pilot.press("home")
        await settle(pilot)
        assert cursor_on_screen()
        await pilot.press("end")
        await settle(pilot)
        assert cursor_on_screen()


async def test_at_80x24_the_status_the_chain_columns_and_the_lead_time_are_in_view(
    data_dir: Path,
) -> None:
    # The trial at 80×24: the top bar cut the status off the end of a long title; the list of
    # chains was twice the screen's width (its category and ✓ columns off the edge); and
    # Current state opened scrolled past its lead time and headings.
    from kaizen_tui.demo import demo_events
    from kaizen_tui.widgets.table import Table

    store = Store(data_dir)
    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # the SMED event, reported
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventScreen)
        bar = screen.query_one("#bar-title").render()
        assert "reported" in str(bar), bar
        await pilot.press("3")
        await settle(pilot)
        causes = screen.query_one("#causes", Table)
        assert causes.region.right <= 80
        header = causes.render_line(0).text
        assert "Category" in header and "✓" in header
        await pilot.press("2")
        await settle(pilot)
        pane = screen.pane("current")
        summary = screen.query_one("#flow-summary")
        assert pane.scroll_offset.y == 0
        # a changeover event shows its changeover there, not a VA ratio (issue 13)
        assert summary.region.y >= pane.region.y and "Changeover" in str(summary.render())


async def test_follow_up_keys_that_cannot_act_yet_say_why(data_dir: Path) -> None:
    # The trial: "c Close event" was shown dimmed after a slipping review; pressing it did
    # nothing, and dimmed looks like any other key on a projector.
    from datetime import date

    from kaizen_tui.model import Review

    _seed(
        data_dir,
        status="following_up",
        start=date(2026, 10, 12),
        end=date(2026, 10, 16),
        report_out=date(2026, 10, 20),
        reviews=[
            Review(day=30, due=date(2026, 11, 19), held_on=date(2026, 11, 20), verdict="slipping"),
            Review(day=60, due=date(2026, 12, 19)),
        ],
    )
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "6")
        await pilot.press("c")
        await settle(pilot)
        refused = told(app, "Not closed")
        assert refused and refused[0].message
        assert screen.event.status == "following_up"
        await pilot.press("g")  # hidden after the gate: the key does nothing, says nothing
        await settle(pilot)
        assert told(app, "Close-out gate") == []


async def test_a_bad_date_in_a_form_is_explained_once(data_dir: Path) -> None:
    # The trial: under "31/12" stood the format hint and, below it, the error repeating the
    # same formats: two lines saying one thing.
    from textual.widgets import Static

    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Die changeover")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "2026-02-30")
        await pilot.press("tab")
        await type_text(pilot, "31/12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        for name, said in (("start", "not a real date"), ("end", "is not a date")):
            error = form.query_one(f"#error-{name}", Static)
            assert error.display and said in str(error.render())
            assert not form.query_one(f"#help-{name}", Static).display
        await tab_to(pilot, "#field-end")
        await pilot.press("ctrl+u")
        await type_text(pilot, "fri")
        await settle(pilot)
        assert not form.query_one("#error-end", Static).display
        assert "Fri 27 Nov 2026" in str(form.query_one("#help-end", Static).render())
        assert form.query_one("#help-end", Static).display


async def test_typing_at_the_gate_with_only_the_print_missing_types_the_reason(
    data_dir: Path,
) -> None:
    # The trial: the gate opens on "Print the A3 now" when only the print is missing; the
    # override reason typed there went nowhere, and the outcome line said "(a3)".
    from textual.widgets import Button, Static

    from kaizen_tui.model import Metric, Person, Reading

    store = _seed(
        data_dir,
        people=[
            Person(name="Zofia Wiśniewska", role="team_leader"),
            Person(name="佐藤 健", role="process_owner"),
        ],
        metrics=[
            Metric(
                id="M1",
                name="Changeover time",
                baseline=95,
                target=30,
                readings=[Reading(date=TODAY, value=41)],
            )
        ],
        actions=[],
    )
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "6")
        await pilot.press("g")
        await settle(pilot)
        gate = app.screen
        assert isinstance(app.focused, Button) and app.focused.id == "gate-print"
        assert "A3 printed" in str(gate.query_one("#gate-outcome", Static).render())
        await type_text(pilot, "Printed on the shop printer")
        await settle(pilot)
        assert gate.query_one("#reason-a3", Input).value == "Printed on the shop printer"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await saved(pilot)
    event = store.load("KZ-TEST-1")
    assert event.status == "reported"
    assert event.closeout is not None
    assert "Printed on the shop printer" in str(event.closeout.model_dump())


async def test_a_chain_without_its_cause_does_not_show_the_problem_as_the_cause(
    data_dir: Path,
) -> None:
    from kaizen_tui.model import RootCause
    from kaizen_tui.widgets.table import Table

    _seed(data_dir, root_causes=[RootCause(id="RC1", problem="Changeover takes 92 min")])
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "3")
        [row] = screen.query_one("#causes", Table).row_texts()
        assert row[1] == "problem: Changeover takes 92 min"
        bones = " | ".join(str(bone.render()) for bone in screen.query("#fishbone .bone"))
        assert "? RC1 problem: Changeover takes 92 min" in bones


async def test_tab_takes_the_owner_name_shown(data_dir: Path) -> None:
    # The trial: "Zofia" + Tab saved the owner "Zofia" while "Zofia Wiśniewska" stood greyed in
    # the field; the LPO's overdue list then has two owners for one person.
    store = _seed(data_dir, actions=[])
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "5")
        assert app.focused is not None and app.focused.id == "qa-what"
        await type_text(pilot, "Build a die cart")
        await pilot.press("tab")
        await type_text(pilot, "zof")
        await pilot.pause(0.1)  # the suggestion is looked up in a worker
        await settle(pilot)
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "qa-due"
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "Order clamps")  # a name not on the team stays as typed
        await pilot.press("tab")
        await type_text(pilot, "Purchasing")
        await pilot.press("tab", "enter")
        await settle(pilot)
        await saved(pilot)
    owners = [a.owner for a in store.load("KZ-TEST-1").actions]
    assert owners == ["Zofia Wiśniewska", "Purchasing"]


async def test_the_quick_add_reminder_goes_once_something_is_typed(data_dir: Path) -> None:
    from textual.widgets import Static

    _seed(data_dir, actions=[])
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "5")
        await pilot.press("enter")
        await settle(pilot)
        message = screen.query_one("#qa-message", Static)
        assert "Type what will be done first" in str(message.render())
        await type_text(pilot, "Shadow board")
        await settle(pilot)
        assert str(message.render()) == ""


async def test_portfolio_says_its_levels_in_words_and_counts_in_plurals(data_dir: Path) -> None:
    # The trial: "Levels: Practitioner: facilitated+co_facilitated>=2" (the config's syntax)
    # and "Not counted: 2 review not yet due".
    from textual.widgets import Static

    from kaizen_tui.demo import demo_events
    from kaizen_tui.screens.portfolio.screen import PortfolioScreen

    from .tui import screen_is, wait_for

    store = Store(data_dir)
    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        screen = await screen_is(pilot, PortfolioScreen)
        await wait_for(pilot, lambda: screen.portfolio is not None)
        await settle(pilot)
        await pilot.press("4")  # a tab is built when first shown
        await settle(pilot)
        results = str(screen.query_one("#results-head", Static).render())
        await pilot.press("6")
        await settle(pilot)
        people = str(screen.query_one("#people-head", Static).render())
    assert "2 reviews not yet due" in results and "1 no review planned" in results
    assert "Practitioner: facilitated + co-facilitated at least 2" in people
    assert ">=" not in people and "co_facilitated" not in people


async def test_the_label_of_the_form_row_being_typed_in_lights_up(data_dir: Path) -> None:
    from textual.widgets import Label

    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        title = form.query_one("#row-title .form-label", Label)
        area = form.query_one("#row-area .form-label", Label)
        assert title.styles.text_style.bold and not area.styles.text_style.bold
        await pilot.press("tab")
        await settle(pilot)
        assert area.styles.text_style.bold and not title.styles.text_style.bold


async def test_a_countermeasure_typed_on_the_root_cause_reaches_the_a3(data_dir: Path) -> None:
    # Issue 16: the A3's Countermeasures box prints, per root cause, the countermeasure in a few
    # words and the ids of its actions; the words are typed under the chain's root cause.
    from kaizen_tui.a3.blocks import Para
    from kaizen_tui.a3.content import a3_content

    store = _seed(data_dir)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "3")
        await tab_to(pilot, "#f-rc-countermeasure")
        await type_text(pilot, "Dies staged beside the press")
        await pilot.press("enter")
        await settle(pilot)
    event = store.load("KZ-TEST-1")
    assert event.root_causes[0].countermeasure == "Dies staged beside the press"
    box = a3_content(event, today=TODAY, url="https://k.example.org/e/x")["5"]
    first = box.blocks[0]
    assert isinstance(first, Para)
    assert first.text() == "RC1 Dies staged beside the press → A2 · 0 of 1 done"


async def test_a_title_too_long_for_its_line_ends_in_an_ellipsis(data_dir: Path) -> None:
    # The trial: a title that did not fit was cut at a word, with no mark, so the bar seemed to
    # show the old title after " (pilot on site 2)" had been added and saved.
    title = "Supplier invoice approval in Accounts Payable (pilot on site 2, then the north region)"
    Store(data_dir).create(make_event(title=title), today=TODAY)
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = app.screen.query_one("#bar-title").render_line(0).text.rstrip()
        assert shown.startswith("KZ-TEST-1 · live · Supplier invoice")
        assert shown.endswith("…"), shown
        await pilot.press("f5")  # the report-out's top line: the same title, the same rule
        await settle(pilot)
        top = app.screen.query_one("#ro-top").render_line(0).text.rstrip()
        assert top.startswith("KZ-TEST-1 · Supplier invoice") and top.endswith("…"), top
