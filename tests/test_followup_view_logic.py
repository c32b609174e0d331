"""The small rules behind the follow-up screens: due dates in words, where a review stands, what
to offer after a review, the gate's preview, the trend chart's layout, typed readings, and where
a printed A3 goes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from kaizen_tui.a3.output import a3_filename, a3_folder
from kaizen_tui.logic import gate
from kaizen_tui.logic.attention import due_words, short_due_words
from kaizen_tui.logic.followup import after_review
from kaizen_tui.logic.reviews import later_review_day, review_state
from kaizen_tui.logic.trend import metric_trend, plot
from kaizen_tui.model import Event, Metric, Reading, Review

from .conftest import TODAY, make_event


def test_due_in_words() -> None:
    assert [due_words(d) for d in (-12, -1, 0, 1, 4)] == [
        "12 days overdue",
        "1 day overdue",
        "today",
        "tomorrow",
        "in 4 days",
    ]
    assert [short_due_words(d) for d in (-120, -1, 0, 1, 30)] == [
        "120 d late",
        "1 d late",
        "today",
        "in 1 d",
        "in 30 d",
    ]
    assert max(len(short_due_words(d)) for d in range(-999, 1000)) <= 10


def test_review_state() -> None:
    event = make_event(
        status="reported",
        start=TODAY - timedelta(days=30),
        end=TODAY - timedelta(days=26),
        report_out=TODAY - timedelta(days=25),
    )
    due_in = {
        "overdue": Review(day=20),  # due 5 days ago
        "due_soon": Review(day=30),  # due in 5 days
        "later": Review(day=60),
        "held": Review(day=10, held_on=TODAY - timedelta(days=14)),
    }
    texts = {kind: review_state(r, event, TODAY) for kind, r in due_in.items()}
    assert {kind: s.urgency for kind, s in texts.items()} == {k: k for k in due_in}
    assert texts["overdue"].text == "5 days overdue" and texts["overdue"].days == -5
    assert texts["due_soon"].text == "due in 5 days"
    assert texts["later"].text == "due in 35 days"
    assert texts["held"].text == "held 2026-11-11" and texts["held"].days is None
    assert review_state(Review(day=25), event, TODAY).text == "due today"
    assert review_state(Review(day=26), event, TODAY).text == "due tomorrow"
    undated = make_event(status="reported", report_out=None)
    assert review_state(Review(day=30), undated, TODAY).urgency == "undated"


def test_later_review_day() -> None:
    assert later_review_day(make_event(reviews=[Review(day=30), Review(day=90)])) == 120
    assert later_review_day(make_event()) == 30


def _following(verdicts: dict[int, str | None], *, open_actions: bool = True) -> Event:
    reviews = [
        Review(
            day=day,
            due=TODAY - timedelta(days=100 - day),
            held_on=TODAY - timedelta(days=99 - day) if verdict else None,
            verdict=verdict,
        )
        for day, verdict in verdicts.items()
    ]
    event = make_event(
        status="following_up",
        start=date(2026, 8, 1),
        end=date(2026, 8, 5),
        report_out=date(2026, 8, 5),
        reviews=reviews,
    )
    if not open_actions:
        for action in event.actions:
            action.status = "done"
    return event


def test_after_review_says_what_to_do_next() -> None:
    lost = after_review(_following({30: "lost", 60: None, 90: None}), 30)
    assert lost.kind == "act" and "found the gains lost" in lost.message
    watch = after_review(_following({30: "slipping", 60: None, 90: None}), 30)
    assert watch.kind == "watch" and "before the 60-day review on 2026-10-16" in watch.message
    last_slip = after_review(_following({30: "sustained", 60: "sustained", 90: "slipping"}), 90)
    assert last_slip.kind == "act" and "no review left" in last_slip.message
    carry = after_review(_following({30: "sustained", 60: None, 90: None}), 30)
    assert carry.kind == "carry_on" and carry.message.startswith("Sustained. Next: the 60-day")
    blocked = after_review(_following({30: "sustained", 60: "sustained", 90: "sustained"}), 90)
    assert blocked.kind == "close_blocked"
    assert "A1, A2 and A3 are still open" in blocked.message
    close = after_review(
        _following({30: "sustained", 60: "sustained", 90: "sustained"}, open_actions=False), 90
    )
    assert close.kind == "close" and "can be closed" in close.message


def test_gate_preview_matches_what_passing_does() -> None:
    event = make_event(
        report_out=TODAY + timedelta(days=2),  # planned ahead: passing today makes it today
        a3_printed_revision=0,
    )
    event.people[0].role = "team_leader"
    event.people.append(event.people[0].model_copy(update={"role": "process_owner"}))
    event.metrics[0].readings.append(Reading(date=TODAY - timedelta(days=1), value=50))
    assert gate.report_out_on_pass(event, TODAY) == TODAY
    preview = gate.reviews_on_pass(event, TODAY, [30, 60, 90])
    passed = gate.close_out(event, today=TODAY, default_days=[30, 60, 90])
    assert preview == [(r.day, r.due) for r in passed.reviews]
    assert preview[0] == (30, TODAY + timedelta(days=30))
    past = make_event(report_out=TODAY - timedelta(days=1))
    assert gate.report_out_on_pass(past, TODAY) == TODAY - timedelta(days=1)
    early = make_event(start=TODAY + timedelta(days=3), end=TODAY + timedelta(days=5))
    problem = gate.date_problem(early, TODAY)
    assert problem is not None and "before the event starts" in problem
    assert gate.date_problem(event, TODAY) is None


def test_plot_places_readings_by_date_between_baseline_and_target() -> None:
    metric = Metric(
        id="M1",
        name="Changeover",
        direction="lower",
        baseline=90,
        baseline_date=date(2026, 1, 1),
        target=30,
        readings=[
            Reading(date=date(2026, 1, 11), value=60),
            Reading(date=date(2026, 1, 21), value=30),
        ],
    )
    laid = plot(metric_trend(make_event(metrics=[metric]), "M1"), 21, 7)
    assert laid is not None
    assert laid.first == date(2026, 1, 1) and laid.last == date(2026, 1, 21)
    assert laid.baseline_row == 0 and laid.target_row == 6  # the padding keeps both inside
    assert [(m.column, m.row) for m in laid.marks] == [(10, 3), (20, 6)]
    assert [m.point.verdict for m in laid.marks] == ["slipping", "sustained"]


def test_plot_edge_cases() -> None:
    empty = Metric(id="M1", name="Nothing yet")
    assert plot(metric_trend(make_event(metrics=[empty]), "M1"), 20, 5) is None
    one_day = Metric(
        id="M1",
        name="Yield",
        direction="higher",
        baseline=90,
        target=90,
        readings=[Reading(date=date(2026, 1, 5), value=v) for v in (89, 91)],
    )
    laid = plot(metric_trend(make_event(metrics=[one_day]), "M1"), 10, 5)
    assert laid is not None
    assert [m.column for m in laid.marks] == [0, 9]  # one day: spread, not stacked
    assert laid.baseline_row == laid.target_row  # baseline == target: one line


def test_a3_file_and_folder(tmp_path: Path) -> None:
    event = make_event(revision=7)
    assert a3_filename(event) == "KZ-TEST-1-A3-r7.pdf"
    assert a3_folder("", tmp_path) == tmp_path
    assert a3_folder("") == Path()  # the CLI prints KZ-…-A3-r7.pdf, as before
    assert a3_folder("A3s", tmp_path) == tmp_path / "A3s"
    assert a3_folder(str(tmp_path / "abs"), Path("/elsewhere")) == tmp_path / "abs"
    assert a3_folder("~/a3", tmp_path) == Path.home() / "a3"
