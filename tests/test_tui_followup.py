"""Follow-up in the app, by keyboard: the close-out gate (with the A3 printed from the gate), the
30/60/90-day reviews, what the verdict leads to, the home queue, and Print A3; every session is
closed and a new app opened on the same data folder to show it all stuck."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar
from pypdf import PdfReader
from textual.widgets import Button, Static

from kaizen_tui.config import load_config
from kaizen_tui.demo import INVOICE_ID, demo_events
from kaizen_tui.exports import event_ics
from kaizen_tui.model import Action, Metric, Person, Review
from kaizen_tui.screens.gate import GateScreen
from kaizen_tui.screens.home import HomeScreen
from kaizen_tui.screens.review import NextStepScreen, ReviewScreen
from kaizen_tui.screens.workspace import EventScreen
from kaizen_tui.store import Store
from kaizen_tui.widgets.confirm import ConfirmScreen
from kaizen_tui.widgets.table import Table
from kaizen_tui.widgets.trend_chart import TrendChart

from .conftest import TODAY, make_event
from .tui import (
    SIZE,
    app_for,
    open_event,
    queue_read,
    saved,
    screen_is,
    settle,
    told,
    type_text,
    wait_for,
)

RUNNING = TODAY + timedelta(days=16)  # the demo invoice event (planned at TODAY+14) is running
MONTH_ON = RUNNING + timedelta(days=32)  # its 30-day review is 2 days overdue
INVOICE_TITLE = "Supplier invoice approval in Accounts Payable"


def _settings(data_dir: Path, **values: str) -> None:
    config = load_config(data_dir)
    for key, value in values.items():
        config.set(key, value)
    config.save()


def _text(widget: Static) -> str:
    return str(widget.render())


async def _quiet(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let thread workers (the home queue, an A3 render) finish and their results arrive."""
    await settle(pilot)
    if isinstance(pilot.app.screen, HomeScreen):
        await queue_read(pilot)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


def _queue(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, HomeScreen)
    return app.screen.query_one("#attention", Table).row_texts()


async def test_gate_to_reported_then_the_30_day_review_and_restarts(
    data_dir: Path, tmp_path: Path
) -> None:
    store = Store(data_dir)
    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    a3_dir = tmp_path / "printed A3s"
    _settings(data_dir, a3_dir=str(a3_dir), user_name="Oliver Grant")

    # -- report-out day: start the event, pass the gate (printing the A3 from it) -------------
    app = app_for(data_dir, today=RUNNING)
    async with app.run_test(size=SIZE) as pilot:
        await _quiet(pilot)
        queue = _queue(app)
        assert not [r for r in queue if r[1] == INVOICE_ID and "review" in r[2]]
        await pilot.press("enter")  # the invoice event starts last, so it is listed first
        await settle(pilot)
        assert isinstance(app.screen, EventScreen) and app.screen.event.id == INVOICE_ID
        await pilot.press("7", "n")  # the run-sheet's first timebox starts: the event is live
        await settle(pilot)
        assert app.screen.event.status == "live"
        await pilot.press("6")
        await settle(pilot)
        status = _text(app.screen.query_one("#fu-status", Static))
        assert "Live." in status and "3 of 5 checks pass now" in status
        assert "M1, M2, M3 and M4 have no after reading" in status
        # day 4: the team measures the new process, one after reading per metric
        for value in ("6", "11", "84", "4"):
            await pilot.press("r")
            await settle(pilot)
            await type_text(pilot, value)
            await pilot.press("enter", "down")
            await settle(pilot)
        status = _text(app.screen.query_one("#fu-status", Static))
        assert "4 of 5 checks pass now" in status
        assert "the A3 has not been printed yet" in status
        metrics = app.screen.query_one("#fu-metrics", Table).row_texts()
        assert [(row[0], row[3]) for row in metrics] == [
            ("M1", "6"),
            ("M2", "11"),
            ("M3", "84"),
            ("M4", "4"),
        ]
        await pilot.press("g")
        await settle(pilot)
        gate = app.screen
        assert isinstance(gate, GateScreen)
        marks = [_text(s)[0] for s in gate.query(".check-title").results(Static)]
        assert marks == ["✓", "✓", "✓", "✓", "✗"]
        assert gate.query_one("#gate-pass", Button).disabled
        assert app.focused is gate.query_one("#gate-print", Button)
        await pilot.press("enter")  # print the A3 right here
        await _quiet(pilot)
        revision = app.screen_stack[-2].event.a3_printed_revision  # type: ignore[attr-defined]
        pdf = a3_dir / f"{INVOICE_ID}-A3-r{revision}.pdf"
        assert pdf.exists()
        assert f"Revision {revision}" in PdfReader(pdf).pages[0].extract_text()
        marks = [_text(s)[0] for s in gate.query(".check-title").results(Static)]
        assert marks == ["✓", "✓", "✓", "✓", "✓"]
        outcome = _text(gate.query_one("#gate-outcome", Static))
        assert "report-out 2026-12-11" in outcome
        assert "30-, 60- and 90-day reviews: 2027-01-10, 2027-02-09 and 2027-03-11" in outcome
        await pilot.press("ctrl+s")
        await settle(pilot)
        reported = app.screen
        assert isinstance(reported, EventScreen)
        assert reported.event.status == "reported"
        reviews = app.screen.query_one("#fu-reviews", Table).row_texts()
        assert [r[:3] for r in reviews] == [
            ["30-day", "2027-01-10", "due in 30 days"],
            ["60-day", "2027-02-09", "due in 60 days"],
            ["90-day", "2027-03-11", "due in 90 days"],
        ]
        await saved(pilot)

    stored = Store(data_dir).load(INVOICE_ID)
    assert stored.status == "reported" and stored.report_out == RUNNING
    assert stored.closeout is not None and stored.closeout.passed_on == RUNNING
    assert stored.closeout.by == "Oliver Grant" and stored.closeout.overrides == []
    # the reviews and open actions reach a calendar with their dates
    calendar = icalendar.Calendar.from_ical(event_ics(stored, link_base="http://k.example"))
    starts = {
        str(c["summary"]).split(":")[0]: c.decoded("dtstart") for c in calendar.walk("VEVENT")
    }
    assert starts["30-day review"] == date(2027, 1, 10)
    assert starts["90-day review"] == date(2027, 3, 11)
    assert starts["A3 due"] == TODAY + timedelta(days=7)

    # -- a month later: the queue shows the review; hold it from there --------------------------
    app = app_for(data_dir, today=MONTH_ON)
    async with app.run_test(size=SIZE) as pilot:
        await _quiet(pilot)
        queue = _queue(app)
        review_row = [
            "Oliver Grant",
            INVOICE_ID,
            f"30-day review · {INVOICE_TITLE}",
            "2 days overdue",
        ]
        assert review_row in queue
        invoice_actions = {r[2].split(" ")[0] for r in queue if r[1] == INVOICE_ID} - {"30-day"}
        assert invoice_actions == {"A3", "A4", "A5"}  # all three overdue by now
        attention = app.screen.query_one("#attention", Table)
        attention.focus()
        await pilot.press(*["down"] * queue.index(review_row), "enter")
        await settle(pilot)
        assert isinstance(app.screen, EventScreen) and app.screen.active_phase == "followup"
        assert app.screen.query_one("#fu-reviews", Table).cursor_key == "30"
        await pilot.press("enter")  # hold the review under the cursor
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        for reading in ("6", "8", "82"):
            await type_text(pilot, reading)
            await pilot.press("tab")
        await type_text(pilot, "4")
        await settle(pilot)
        judged = [_text(s) for s in review.query(".judged").results(Static)]
        assert judged[0] == "sustained · 92% of the intended change"
        assert judged[2] == "slipping · 72% of the intended change"
        assert _text(review.query_one("#suggestion", Static)).startswith("Suggested slipping")
        await pilot.press("tab", "tab")  # the verdict stays "as suggested"; to the notes
        await type_text(pilot, "Board in use; budget holders still slow")
        await pilot.press("tab", "tab", "d")  # A3: PDCA as it is, status done
        await pilot.press("tab", "tab")
        await type_text(pilot, "extract delivered")
        await pilot.press("tab", "3", "tab", "tab")  # A4: PDCA ◕, status open, a new due date
        await type_text(pilot, "+14")
        await pilot.press("tab")
        await type_text(pilot, "20 collected, 6 to go")
        await pilot.press("ctrl+s")  # A5 gets "reviewed, no change"
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        held = told(app, "30-day review held: slipping")
        assert held and "before the 60-day review on 2027-02-09" in held[0].message
        row = app.screen.query_one("#fu-reviews", Table).row_texts()[0]
        assert row[:5] == [
            "30-day",
            "2027-01-10",
            "held 2027-01-12",
            "slipping",
            "M1 6 · M2 8 · M3 82 · M4 4",
        ]
        metrics = app.screen.query_one("#fu-metrics", Table).row_texts()
        assert metrics[0][5:] == ["6 · 12 Jan", "sustained"]
        chart = str(app.screen.query_one(TrendChart).render())
        assert "latest 6 working days on 2027-01-12 · 92% of the intended change" in chart
        await pilot.press("escape", "escape", "escape")  # to the tab bar; Esc twice leaves
        await _quiet(pilot)
        after = _queue(app)
        assert not [r for r in after if r[1] == INVOICE_ID and r[2].split(" ")[0] != "A5"]
        assert [r[2].split(" ")[0] for r in after if r[1] == INVOICE_ID] == ["A5"]

    # -- the next day's start: everything is still there -----------------------------------------
    app = app_for(data_dir, today=MONTH_ON)
    async with app.run_test(size=SIZE) as pilot:
        await _quiet(pilot)
        assert _queue(app) == after
        await open_event(pilot, "6")
        await settle(pilot)
        assert app.screen.query_one("#fu-reviews", Table).row_texts()[0] == row
        status = _text(app.screen.query_one("#fu-status", Static))
        assert "Following up." in status and "60-day review, due in 28 days" in status
        await saved(pilot)

    event = Store(data_dir).load(INVOICE_ID)
    assert event.status == "following_up"
    held_review = event.reviews[0]
    assert (held_review.held_on, held_review.verdict, held_review.suggested_verdict) == (
        MONTH_ON,
        "slipping",
        "slipping",
    )
    assert held_review.readings == {"M1": 6, "M2": 8, "M3": 82, "M4": 4}
    assert held_review.notes == "Board in use; budget holders still slow"
    a3, a4, a5 = (event.action(i) for i in ("A3", "A4", "A5"))
    assert a3 is not None and a4 is not None and a5 is not None
    assert (a3.status, a3.done_on) == ("done", MONTH_ON)
    assert a3.updates[-1].note == "30-day review: done; extract delivered"
    assert (a4.pdca, a4.due) == (3, MONTH_ON + timedelta(days=14))
    assert a4.updates[-1].note.startswith("30-day review: PDCA ◔→◕; due 2026-12-05 → 2027-01-26")
    assert a5.updates[-1].note == "30-day review: reviewed, no change"
    # the after reading taken on day 4, then the 30-day review's
    m1 = event.metric("M1")
    assert m1 is not None
    readings = m1.readings
    assert [(r.value, r.note) for r in readings] == [(6, ""), (6, "30-day review")]


def _following(**overrides: object):  # type: ignore[no-untyped-def]
    """An event in follow-up: the 30-day review held and sustained, 60 and 90 to come."""
    base: dict[str, object] = {
        "status": "following_up",
        "start": date(2026, 8, 3),
        "end": date(2026, 8, 7),
        "report_out": date(2026, 8, 7),
        "metrics": [Metric(id="M1", name="Changeover time", unit="min", baseline=95, target=30)],
        "reviews": [
            Review(
                day=30,
                due=date(2026, 9, 6),
                held_on=date(2026, 9, 6),
                verdict="sustained",
                readings={"M1": 35},
            ),
            Review(day=60, due=date(2026, 10, 6)),
            Review(day=90, due=date(2026, 11, 5)),
        ],
    }
    base.update(overrides)
    return make_event(**base)


async def _hold(pilot, reading: str, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("h")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    await type_text(pilot, reading)
    if keys:
        await pilot.press("tab", *keys)  # to the verdict
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_correcting_a_held_review_keeps_the_record_it_replaces(data_dir: Path) -> None:
    # issue 13, defect 2: holding a review again never erases what was recorded
    Store(data_dir).create(_following())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "6")
        await settle(pilot)
        assert app.screen.query_one("#fu-reviews", Table).cursor_key == "60"  # the next one
        await pilot.press("up", "enter")  # the 30-day review, held: its form corrects it
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        hint = _text(app.screen.query_one("#review-superseding", Static))
        assert (
            hint
            == "Held on 2026-09-06 (sustained): holding it again keeps that record as superseded."
        )
        await pilot.press("ctrl+u")
        await type_text(pilot, "33")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await saved(pilot)
        assert isinstance(app.screen, EventScreen)
        row = app.screen.query_one("#fu-reviews", Table).row_texts()[0]
        assert row[2].endswith(" · corrected") and row[4] == "M1 33"
    review = Store(data_dir).load("KZ-TEST-1").reviews[0]
    assert review.readings == {"M1": 33}
    [earlier] = review.superseded
    assert (earlier.held_on, earlier.verdict, earlier.readings) == (
        date(2026, 9, 6),
        "sustained",
        {"M1": 35},
    )
    assert earlier.replaced_on == TODAY


async def test_lost_gains_offer_a_re_run_and_a_later_review(data_dir: Path) -> None:
    Store(data_dir).create(_following())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "6")
        await settle(pilot)
        await _hold(pilot, "92")  # back at the baseline: lost
        assert isinstance(app.screen, NextStepScreen)
        assert "found the gains lost" in _text(app.screen.query_one("#next Static", Static))
        await pilot.press("r")  # plan a re-run
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)
        rerun = told(app, "Re-run planned")
        assert rerun and rerun[0].message.startswith("KZ-2026-")

        await _hold(pilot, "92", "s", "s")  # the 90-day review: lost, called slipping
        assert isinstance(app.screen, NextStepScreen)  # the last review: act now
        await pilot.press("l")  # one more review, 30 days after the last
        await settle(pilot)
        rows = app.screen.query_one("#fu-reviews", Table).row_texts()
        assert [r[0] for r in rows] == ["30-day", "60-day", "90-day", "120-day"]
        assert rows[2][3] == "slipping (suggested lost)"
        assert rows[3][1:3] == ["2026-12-05", "due in 10 days"]
        await saved(pilot)

    store = Store(data_dir)
    event = store.load("KZ-TEST-1")
    assert [(r.day, r.verdict, r.suggested_verdict) for r in event.reviews] == [
        (30, "sustained", None),
        (60, "lost", "lost"),
        (90, "slipping", "lost"),
        (120, None, None),
    ]
    copy = next(s for s in store.list_summaries() if s.id != "KZ-TEST-1")
    planned = store.load(copy.id)
    assert planned.status == "planned" and planned.rerun_of == "KZ-TEST-1"
    assert planned.metrics[0].baseline == 92  # the latest reading is the new baseline


async def test_a_sustained_last_review_closes_the_event(data_dir: Path) -> None:
    event = _following(
        reviews=[Review(day=30, due=date(2026, 9, 6)), Review(day=90, due=date(2026, 11, 5))]
    )
    for action in event.actions:
        action.status = "done"
        action.done_on = date(2026, 11, 1)
    Store(data_dir).create(event)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "6")
        await settle(pilot)
        await _hold(pilot, "40")  # the 30-day review: sustained; no offer to close yet
        assert isinstance(app.screen, EventScreen)
        assert app.screen.event.status == "following_up"
        await _hold(pilot, "32")  # the 90-day review: sustained
        assert isinstance(app.screen, ConfirmScreen)
        assert "can be closed" in app.screen.message
        await pilot.press("y")
        await settle(pilot)
        closed = await screen_is(pilot, EventScreen)
        assert closed.event.status == "closed"
        status = _text(app.screen.query_one("#fu-status", Static))
        assert status.startswith("Closed.") and "found the gains sustained" in status
        await saved(pilot)
    stored = Store(data_dir).load("KZ-TEST-1")
    assert stored.status == "closed"
    assert [c.to for c in stored.status_history] == ["closed"]


async def test_gate_overrides_are_recorded_with_their_reasons(data_dir: Path) -> None:
    Store(data_dir).create(make_event())  # no process owner, A3 never printed
    _settings(data_dir, user_name="Ola")
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "6", "g")
        await settle(pilot)
        gate = app.screen
        assert isinstance(gate, GateScreen)
        assert app.focused is gate.query_one("#reason-after")
        assert _text(gate.query_one("#check-after .check-message", Static)) == (
            "M1 has no after reading"
        )
        await type_text(pilot, "Measured at the first changeover on Monday")
        await pilot.press("tab", "tab")  # past "Measure on Follow-up" to the people reason
        await type_text(pilot, "Plant manager owns the press line until March")
        await pilot.press("tab", "tab")  # past "Fix on Charter" to the A3's reason
        await type_text(pilot, "Printer down; A3 emailed as PDF")
        await pilot.press("escape")  # typed reasons are not thrown away on one key
        await settle(pilot)
        assert app.screen is gate
        assert "Press Esc again" in _text(gate.query_one("#gate-message", Static))
        assert not gate.query_one("#gate-pass", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.event.status == "reported"  # type: ignore[attr-defined]
        status = _text(app.screen.query_one("#fu-status", Static))
        assert (
            "overridden: after: Measured at the first changeover on Monday; people: Plant" in status
        )
        await saved(pilot)
    closeout = Store(data_dir).load("KZ-TEST-1").closeout
    assert closeout is not None
    assert [(o.rule, o.reason, o.by, o.finding) for o in closeout.overrides] == [
        ("after", "Measured at the first changeover on Monday", "Ola", "M1 has no after reading"),
        (
            "people",
            "Plant manager owns the press line until March",
            "Ola",
            "no process owner named",
        ),
        ("a3", "Printer down; A3 emailed as PDF", "Ola", "the A3 has not been printed yet"),
    ]


async def test_gate_sends_the_facilitator_to_fix_a_rule(data_dir: Path) -> None:
    Store(data_dir).create(
        make_event(actions=[Action(id="A1", what="Shadow board", owner="", due=None)])
    )
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "close-out gate")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        gate = app.screen
        assert isinstance(gate, GateScreen)
        message = _text(gate.query_one("#check-actions .check-message", Static))
        assert message == "A1 has no owner; A1 has no due date"
        gate.query_one("#fix-actions", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, EventScreen) and app.screen.active_phase == "actions"


async def test_print_a3_from_the_workspace_and_the_palette(data_dir: Path, tmp_path: Path) -> None:
    Store(data_dir).create(make_event(people=[Person(name="Ana", role="team_leader")]))
    _settings(data_dir, a3_dir=str(tmp_path / "a3"))
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        workspace = app.screen
        assert isinstance(workspace, EventScreen)
        shown = workspace.event.revision
        await pilot.press("ctrl+o")
        await _quiet(pilot)
        first = tmp_path / "a3" / f"KZ-TEST-1-A3-r{shown}.pdf"
        assert first.exists()
        note = told(app, f"A3 printed · rev {shown}")[0]
        assert str(first) in note.message
        # recorded through the workspace: its copy is the stored one, so the next edit saves
        await saved(pilot)
        stored = Store(data_dir).load("KZ-TEST-1")
        assert stored.a3_printed_revision == shown
        assert workspace.event.revision == stored.revision == shown + 1
        await pilot.press("5", "p")  # PDCA + on the first action
        await settle(pilot)
        assert isinstance(app.screen, EventScreen)  # no conflict dialog
        await saved(pilot)
        assert Store(data_dir).load("KZ-TEST-1").actions[0].pdca == 1
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "print a3")
        await settle(pilot)
        await pilot.press("enter")
        await _quiet(pilot)
        second = tmp_path / "a3" / f"KZ-TEST-1-A3-r{shown + 2}.pdf"
        assert second.exists()  # changed since the first print: a new revision on the page
        assert f"Revision {shown + 2}" in PdfReader(second).pages[0].extract_text()
        await saved(pilot)
    assert Store(data_dir).load("KZ-TEST-1").a3_printed_revision == shown + 2


async def test_a_print_that_cannot_be_written_is_not_recorded(
    data_dir: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    Store(data_dir).create(make_event())
    _settings(data_dir, a3_dir=str(blocker / "a3"))
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "ctrl+o")
        await _quiet(pilot)
        await wait_for(pilot, lambda: told(app, "A3 not printed"))
        failed = told(app, "A3 not printed")[0]
        assert str(blocker) in failed.message and "\n" not in failed.message
        await saved(pilot)
    assert Store(data_dir).load("KZ-TEST-1").a3_printed_revision is None


async def test_a_review_held_while_the_event_changed_elsewhere_is_not_lost(
    data_dir: Path,
) -> None:
    from kaizen_tui.screens.conflict import ConflictScreen

    Store(data_dir).create(_following())
    app = app_for(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_event(pilot, "6", "h")
        await settle(pilot)
        await type_text(pilot, "40")
        other = Store(data_dir)  # a second laptop on the shared folder renames the event
        elsewhere = other.load("KZ-TEST-1")
        elsewhere.title = "Changeover on press 7 (renamed elsewhere)"
        other.save(elsewhere)
        await pilot.press("ctrl+s")  # held at once; the save meets the rename and waits
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictScreen), timeout=60)
        await pilot.press("r")  # reload and re-apply: held on the fresh event
        await wait_for(pilot, lambda: isinstance(app.screen, EventScreen), timeout=60)
        await saved(pilot)
        row = app.screen.query_one("#fu-reviews", Table).row_texts()[1]
        assert row[2:5] == ["held 2026-11-25", "sustained", "M1 40"]
    stored = Store(data_dir).load("KZ-TEST-1")
    assert stored.title == "Changeover on press 7 (renamed elsewhere)"
    assert stored.reviews[1].held_on == TODAY and stored.reviews[1].readings == {"M1": 40}
