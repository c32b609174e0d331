"""Follow-up rules with dates fixed by the test: verdicts, the close-out gate, status moves,
holding a review, and the cross-event "needs attention" query."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.attention import needs_attention
from kaizen_tui.logic.followup import (
    ActionUpdate,
    AlreadyHeld,
    ReviewRecord,
    add_review,
    hold_review,
    pending_reviews,
    rerun_draft,
)
from kaizen_tui.logic.gate import (
    GateNotPassed,
    a3_is_current,
    check_gate,
    close_out,
    outstanding,
)
from kaizen_tui.logic.reviews import schedule_reviews
from kaizen_tui.logic.transitions import (
    IllegalMove,
    change_status,
    move_problems,
    status_before_abandoned,
    targets,
)
from kaizen_tui.logic.trend import metric_trend, sparkline
from kaizen_tui.logic.verdict import judge_metric, metric_progress, suggest_verdict
from kaizen_tui.model import Action, Event, Metric, Person, Reading, Review, parse_bundle

from .conftest import make_event
from .indexes import index_of

TODAY = date(2026, 11, 25)


# --- verdict suggestion --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "verdict"),
    [
        (30, "sustained"),  # on target
        (20, "sustained"),  # beyond target
        (43, "sustained"),  # exactly 80% of the change (95 → 30 is 65; 52/65 = 0.8)
        (43.5, "slipping"),
        (60, "slipping"),
        (81.5, "slipping"),
        (82, "lost"),  # exactly 20% of the change left: back at the baseline
        (95, "lost"),  # at the baseline
        (120, "lost"),  # worse than before
    ],
)
def test_lower_is_better(reading: float, verdict: str) -> None:
    assert judge_metric("lower", 95, 30, reading) == verdict


@pytest.mark.parametrize(
    ("reading", "verdict"),
    [
        (95, "sustained"),
        (99, "sustained"),
        (92, "sustained"),  # 12/15 = 0.8
        (91.9, "slipping"),
        (83.1, "slipping"),
        (83, "lost"),  # 3/15 = 0.2
        (80, "lost"),
        (70, "lost"),
    ],
)
def test_higher_is_better(reading: float, verdict: str) -> None:
    assert judge_metric("higher", 80, 95, reading) == verdict


def test_progress_is_the_share_of_the_intended_change() -> None:
    assert metric_progress(95, 30, 30) == 1
    assert metric_progress(95, 30, 95) == 0
    assert metric_progress(80, 95, 87.5) == pytest.approx(0.5)
    assert metric_progress(80, 80, 81) is None
    assert metric_progress(None, 30, 40) is None


def test_baseline_equal_to_target_holds_the_line() -> None:
    # "keep yield at 98%": no gain to lose, so never "lost"
    assert judge_metric("higher", 98, 98, 98) == "sustained"
    assert judge_metric("higher", 98, 98, 99) == "sustained"
    assert judge_metric("higher", 98, 98, 90) == "slipping"
    assert judge_metric("lower", 2, 2, 1.5) == "sustained"
    assert judge_metric("lower", 2, 2, 9) == "slipping"


def test_missing_values_cannot_be_judged() -> None:
    assert judge_metric("lower", None, 30, 40) is None
    assert judge_metric("lower", 95, None, 40) is None
    assert judge_metric("lower", 95, 30, None) is None


LEAD = Metric(id="M1", name="Lead time", unit="h", direction="lower", baseline=40, target=20)
YIELD = Metric(id="M2", name="Yield", unit="%", direction="higher", baseline=80, target=95)
NO_TARGET = Metric(id="M3", name="Morale", baseline=3)


def test_event_verdict_needs_every_metric_sustained() -> None:
    both = suggest_verdict([LEAD, YIELD], {"M1": 21, "M2": 94})
    assert both.verdict == "sustained"
    assert [j.verdict for j in both.metrics] == ["sustained", "sustained"]
    mixed = suggest_verdict([LEAD, YIELD], {"M1": 21, "M2": 81})
    assert mixed.verdict == "slipping"
    assert mixed.reason == "M2 back at or behind the baseline"
    lost = suggest_verdict([LEAD, YIELD], {"M1": 40, "M2": 79})
    assert lost.verdict == "lost"
    assert lost.reason == "M1 and M2 back at or behind the baseline"


def test_event_verdict_with_missing_readings_and_unjudgeable_metrics() -> None:
    # a metric without a target is left out, whatever its reading
    assert suggest_verdict([LEAD, NO_TARGET], {"M1": 20, "M3": 1}).verdict == "sustained"
    # sustained needs a reading for every metric that can be judged
    partial = suggest_verdict([LEAD, YIELD], {"M1": 20})
    assert partial.verdict == "slipping"
    assert partial.missing_readings == ("M2",)
    assert "M2 has no reading" in partial.reason
    # ...but a missing reading does not rescue a lost one
    assert suggest_verdict([LEAD, YIELD], {"M1": 40}).verdict == "lost"
    nothing = suggest_verdict([LEAD, YIELD], {})
    assert nothing.verdict is None and nothing.reason == "no reading yet for M1 and M2"
    assert suggest_verdict([NO_TARGET], {"M3": 4}).verdict is None
    assert suggest_verdict([], {}).verdict is None


# --- close-out gate ------------------------------------------------------------------------------


def ready_event(**overrides: object) -> Event:
    """A live event that passes every rule: printed at revision 6, saved once since (the print)."""
    base: dict[str, object] = {
        "people": [
            Person(name="Zofia", role="team_leader"),
            Person(name="Marek", role="process_owner"),
            Person(name="Anna", role="facilitator"),
        ],
        "metrics": [
            Metric(
                id="M1",
                name="Changeover time",
                unit="min",
                baseline=95,
                target=30,
                readings=[Reading(date=date(2026, 11, 19), value=41, note="day 4")],
            )
        ],
        "revision": 7,
        "a3_printed_revision": 6,
        "start": date(2026, 11, 16),
        "end": date(2026, 11, 20),
        "report_out": date(2026, 11, 20),
    }
    base.update(overrides)
    return make_event(**base)


def test_gate_passes_for_a_ready_event() -> None:
    checks = check_gate(ready_event())
    assert [(c.rule, c.passed) for c in checks] == [
        ("actions", True),
        ("metrics", True),
        ("after", True),
        ("people", True),
        ("a3", True),
    ]
    assert checks[0].message == "3 open actions, each with an owner and a due date"
    assert checks[2].message == "M1 95 → 41"
    assert checks[3].message == "team leader Zofia, process owner Marek"


def test_gate_names_the_offending_items() -> None:
    event = ready_event(
        actions=[
            Action(id="A1", what="a", owner="Ana", due=date(2026, 12, 1)),
            Action(id="A4", what="b", owner="Ana"),
            Action(id="A7", what="c", owner=" "),
            Action(id="A9", what="d", owner="", due=None, status="done"),  # closed: not checked
        ],
        metrics=[
            Metric(id="M1", name="x", baseline=1, target=0.5),
            Metric(id="M2", name="y", baseline=3),
            Metric(id="M3", name="z"),
        ],
        people=[Person(name="Zofia", role="team_leader")],
        a3_printed_revision=None,
    )
    by_rule = {c.rule: c for c in check_gate(event)}
    assert by_rule["actions"].message == "A7 has no owner; A4 and A7 have no due date"
    assert by_rule["actions"].items == ("A7", "A4")
    assert by_rule["metrics"].message == "M3 has no baseline; M2 and M3 have no target"
    assert by_rule["people"].message == "no process owner named"
    assert by_rule["a3"].message == "the A3 has not been printed yet"
    assert not any(c.passed for c in by_rule.values())


def test_gate_needs_a_metric_and_both_roles() -> None:
    checks = {c.rule: c for c in check_gate(ready_event(metrics=[], people=[]))}
    assert checks["metrics"].message.startswith("no metrics yet")
    assert checks["people"].message == "no team leader or process owner named"


@pytest.mark.parametrize(
    ("printed", "revision", "current"),
    [
        (None, 3, False),
        (6, 6, True),  # recorded in memory, not saved yet
        (6, 7, True),  # the save that recorded the print
        (6, 8, False),  # edited after printing
        (2, 9, False),
    ],
)
def test_a3_printed_at_the_current_revision(
    printed: int | None, revision: int, current: bool
) -> None:
    event = ready_event(a3_printed_revision=printed, revision=revision)
    assert a3_is_current(event) is current
    check = check_gate(event)[4]
    assert check.rule == "a3"
    assert check.passed is current
    if printed is not None and not current:
        assert check.message == (
            f"the A3 was printed at revision {printed}; the event has changed since "
            f"(revision {revision}): print it again"
        )


def test_passing_the_gate_reports_and_schedules_reviews() -> None:
    event = ready_event(review_days=[30, 45, 90])
    passed = close_out(event, today=TODAY, by="Anna")
    assert passed.status == "reported"
    assert passed.report_out == date(2026, 11, 20)  # already past: kept
    assert [(r.day, r.due) for r in passed.reviews] == [
        (30, date(2026, 12, 20)),
        (45, date(2027, 1, 4)),
        (90, date(2027, 2, 18)),
    ]
    assert passed.closeout is not None
    assert (passed.closeout.passed_on, passed.closeout.by, passed.closeout.overrides) == (
        TODAY,
        "Anna",
        [],
    )
    assert passed.status_history[-1].to == "reported"
    assert event.status == "live"  # the input is left alone


def test_gate_report_out_is_today_when_unset_or_still_ahead() -> None:
    for planned in (None, date(2026, 12, 4)):
        passed = close_out(ready_event(report_out=planned), today=TODAY)
        assert passed.report_out == TODAY
        assert passed.reviews[0].due == date(2026, 12, 25)


def test_gate_uses_the_default_days_when_the_event_has_none() -> None:
    passed = close_out(ready_event(report_out=TODAY), today=TODAY, default_days=[14, 28])
    assert [r.day for r in passed.reviews] == [14, 28]


def test_gate_refuses_until_fixed_or_overridden() -> None:
    event = ready_event(a3_printed_revision=None, people=[])
    with pytest.raises(GateNotPassed) as err:
        close_out(event, today=TODAY)
    assert str(err.value) == (
        "the close-out gate is not passed: no team leader or process owner named; the A3 has "
        "not been printed yet (fix it, or override people and a3 with a reason)"
    )
    with pytest.raises(GateNotPassed, match="override people with"):
        close_out(event, today=TODAY, overrides={"a3": "printer down"})
    passed = close_out(
        event,
        today=TODAY,
        overrides={"a3": "printer down", "people": "  sponsor names them Monday "},
        by="Anna",
    )
    assert passed.status == "reported"
    overrides = passed.closeout.overrides  # type: ignore[union-attr]
    assert [(o.rule, o.reason, o.by, o.date, o.finding) for o in overrides] == [
        (
            "people",
            "sponsor names them Monday",
            "Anna",
            TODAY,
            "no team leader or process owner named",
        ),
        ("a3", "printer down", "Anna", TODAY, "the A3 has not been printed yet"),
    ]
    # the record survives a save: validate the JSON as the store does
    data = {"format": "kaizen-event/1", "event": passed.model_dump(mode="json", by_alias=True)}
    assert parse_bundle(data).event.closeout == passed.closeout


def test_gate_overrides_need_a_known_rule_and_a_reason() -> None:
    with pytest.raises(KaizenError, match="no gate rule 'printer'"):
        close_out(ready_event(), today=TODAY, overrides={"printer": "x"})
    with pytest.raises(KaizenError, match="overriding the a3 rule needs a reason"):
        close_out(ready_event(), today=TODAY, overrides={"a3": "  "})
    checks = check_gate(ready_event(a3_printed_revision=None))
    assert [c.rule for c in outstanding(checks, {})] == ["a3"]
    assert outstanding(checks, {"a3": "why"}) == []


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("planned", "KZ-TEST-1 is planned: start it first (move it to live)"),
        ("reported", "KZ-TEST-1 passed the close-out gate already; it is reported"),
        ("abandoned", "KZ-TEST-1 is abandoned; the close-out gate is for a live event"),
    ],
)
def test_gate_only_for_a_live_event(status: str, message: str) -> None:
    with pytest.raises(IllegalMove) as err:
        close_out(ready_event(status=status), today=TODAY)
    assert str(err.value) == message


def test_gate_again_after_reopening_redates_unheld_reviews_only() -> None:
    held = Review(day=30, due=date(2026, 10, 31), held_on=date(2026, 11, 2), verdict="slipping")
    unheld = Review(day=60, due=date(2026, 11, 30), notes="bring the data")
    reviews = schedule_reviews([held, unheld], date(2026, 11, 1), [30, 60, 90])
    assert reviews[0] == held
    assert (reviews[1].due, reviews[1].notes) == (date(2026, 12, 31), "bring the data")
    assert (reviews[2].day, reviews[2].due) == (90, date(2027, 1, 30))
    # days no longer asked for are dropped unless held
    assert [r.day for r in schedule_reviews([held, unheld], date(2026, 11, 1), [45])] == [30, 45]


# --- status moves --------------------------------------------------------------------------------


def following_up(**overrides: object) -> Event:
    """Reported on 2026-08-01, all actions closed, reviews at 30/60/90."""
    base: dict[str, object] = {
        "status": "following_up",
        "start": date(2026, 7, 27),
        "end": date(2026, 7, 31),
        "report_out": date(2026, 8, 1),
        "actions": [
            Action(id="A1", what="a", owner="Ana", due=date(2026, 8, 10), status="done"),
            Action(id="A2", what="b", owner="Ana", due=date(2026, 8, 10), status="dropped"),
        ],
        "reviews": [
            Review(day=30, due=date(2026, 8, 31), held_on=date(2026, 9, 1), verdict="slipping"),
            Review(day=60, due=date(2026, 9, 30), held_on=date(2026, 9, 30), verdict="sustained"),
            Review(day=90, due=date(2026, 10, 30), held_on=date(2026, 11, 2), verdict="sustained"),
        ],
    }
    base.update(overrides)
    return make_event(**base)


def test_the_forward_path() -> None:
    event = make_event(status="planned")
    live = change_status(event, "live", today=TODAY)
    assert live.status == "live"
    assert [(c.from_, c.to, c.date) for c in live.status_history] == [("planned", "live", TODAY)]
    reported = change_status(ready_event(status="reported"), "following_up", today=TODAY)
    assert reported.status == "following_up"
    closed = change_status(following_up(), "closed", today=TODAY, by="Anna")
    assert closed.status == "closed" and closed.status_history[-1].by == "Anna"


@pytest.mark.parametrize(
    ("status", "to", "message"),
    [
        (
            "planned",
            "closed",
            "KZ-TEST-1 is planned; it cannot move to closed (it can move to live or abandoned)",
        ),
        (
            "planned",
            "reported",
            "KZ-TEST-1 is planned; it cannot move to reported (it can move to live or abandoned)",
        ),
        (
            "live",
            "following_up",
            "KZ-TEST-1 is live; it cannot move to following up (it can move to reported "
            "(through the close-out gate), planned or abandoned)",
        ),
        (
            "live",
            "reported",
            "an event is reported by passing the close-out gate, which also schedules the reviews",
        ),
        (
            "reported",
            "closed",
            "KZ-TEST-1 is reported; it cannot move to closed (it can move to following up, live "
            "or abandoned)",
        ),
        ("closed", "abandoned", "KZ-TEST-1 is closed; a closed event cannot be abandoned"),
        (
            "closed",
            "live",
            "KZ-TEST-1 is closed; it cannot move to live (it can move to following up)",
        ),
        ("live", "live", "KZ-TEST-1 is live already"),
        (
            "live",
            "done",
            "'done' is not a status; statuses: planned, live, reported, "
            "following_up, closed, abandoned",
        ),
    ],
)
def test_illegal_moves_are_refused_with_a_clear_message(status: str, to: str, message: str) -> None:
    event = make_event(status=status)
    with pytest.raises(IllegalMove) as err:
        change_status(event, to, today=TODAY, reason="because")
    assert str(err.value) == message


def test_closing_needs_the_last_review_sustained_and_no_open_action() -> None:
    not_held = following_up(
        reviews=[Review(day=30, held_on=date(2026, 9, 1), verdict="sustained"), Review(day=90)]
    )
    assert move_problems(not_held, "closed") == [
        "the 90-day review is not held yet (due 2026-10-30)"
    ]
    lost = following_up()
    lost.reviews[-1].verdict = "lost"
    assert move_problems(lost, "closed") == [
        "the 90-day review found lost: closing needs the verdict sustained (add an action and "
        "a later review, or abandon with a reason)"
    ]
    still_open = following_up()
    still_open.actions[0].status = "open"
    with pytest.raises(IllegalMove, match=r"^A1 is still open: mark each done"):
        change_status(still_open, "closed", today=TODAY)
    # a later, extra review decides: the 90-day sustained is not enough once a 120-day exists
    extra = add_review(following_up(), 120)
    assert move_problems(extra, "closed")[0].startswith("the 120-day review is not held yet")
    assert move_problems(following_up(reviews=[]), "closed")[0] == (
        "there are no follow-up reviews to close on"
    )


def test_abandoning_needs_a_reason_and_can_be_undone() -> None:
    event = make_event(status="live")
    with pytest.raises(IllegalMove, match="abandoning needs a reason"):
        change_status(event, "abandoned", today=TODAY, reason="  ")
    gone = change_status(event, "abandoned", today=TODAY, reason="line moved to another plant")
    assert (gone.status, gone.status_reason) == ("abandoned", "line moved to another plant")
    assert targets(gone) == ("live",)
    assert status_before_abandoned(gone) == "live"
    with pytest.raises(IllegalMove, match="moving back to live needs a reason"):
        change_status(gone, "live", today=TODAY)
    back = change_status(gone, "live", today=TODAY, reason="plant decision reversed")
    assert back.status == "live"
    assert [c.to for c in back.status_history] == ["abandoned", "live"]
    # an imported abandoned event without history goes back to planned
    assert targets(make_event(status="abandoned")) == ("planned",)


def test_reopen_moves() -> None:
    # reported → live, only before any review is held
    reopened = change_status(
        ready_event(status="reported"), "live", today=TODAY, reason="sponsor added actions"
    )
    assert reopened.status == "live" and reopened.status_reason == "sponsor added actions"
    held = ready_event(
        status="reported", reviews=[Review(day=30, held_on=date(2026, 11, 20), verdict="lost")]
    )
    assert move_problems(held, "live", reason="x") == [
        "the 30-day review was held on 2026-11-20: the report-out cannot be reopened once "
        "follow-up has begun"
    ]
    # closed → following up after an audit
    closed = change_status(following_up(), "closed", today=TODAY)
    again = change_status(closed, "following_up", today=TODAY, reason="audit at 180 days: lost")
    assert again.status == "following_up"
    assert move_problems(closed, "following_up") == ["moving back to following up needs a reason"]


# --- holding a review ----------------------------------------------------------------------------


def reported_event() -> Event:
    """KZ-TEST-1 passed the gate on 2026-11-25; reviews due 12-25, 01-24, 02-23."""
    return close_out(ready_event(report_out=TODAY), today=TODAY)


HELD_ON = date(2026, 12, 28)
LATER = date(2026, 12, 30)


def test_holding_a_review_records_everything_and_keeps_history() -> None:
    event = reported_event()
    record = ReviewRecord(
        day=30,
        held_on=HELD_ON,
        readings={"M1": 41},
        actions=[
            ActionUpdate("A1", status="done"),
            ActionUpdate("A2", status="dropped", reason="supplier changed"),
            ActionUpdate("A3", pdca=2, due=date(2027, 1, 15), note="parts ordered"),
        ],
        notes="Held at the press",
        by="Anna",
    )
    held = hold_review(event, record, today=LATER)
    review = held.reviews[0]
    assert (review.held_on, review.readings, review.notes) == (
        HELD_ON,
        {"M1": 41.0},
        "Held at the press",
    )
    # (41 - 95) / (30 - 95) = 0.83 of the change: sustained, taken as the verdict
    assert (review.verdict, review.suggested_verdict) == ("sustained", "sustained")
    metric = held.metric("M1")
    assert metric is not None
    assert [(r.date, r.value, r.note) for r in metric.readings] == [
        (date(2026, 11, 19), 41.0, "day 4"),  # the after reading, taken during the event
        (HELD_ON, 41.0, "30-day review"),
    ]
    a1, a2, a3 = (held.action(i) for i in ("A1", "A2", "A3"))
    assert (a1.status, a1.done_on) == ("done", HELD_ON)  # type: ignore[union-attr]
    assert a1.updates[-1].note == "30-day review: done"  # type: ignore[union-attr]
    assert a2.status == "dropped"  # type: ignore[union-attr]
    assert a2.updates[-1].note == "30-day review: dropped: supplier changed"  # type: ignore[union-attr]
    assert (a3.pdca, a3.due, a3.status) == (2, date(2027, 1, 15), "open")  # type: ignore[union-attr]
    assert a3.updates[-1].note == (  # type: ignore[union-attr]
        "30-day review: PDCA ○→◑; due 2026-12-31 → 2027-01-15; parts ordered"
    )
    assert a3.updates[-1].date == HELD_ON  # type: ignore[union-attr]
    # reported → following up, automatically
    assert held.status == "following_up"
    last_move = held.status_history[-1]
    assert (last_move.reason, last_move.by, last_move.date) == ("30-day review held", "Anna", LATER)
    assert [r.day for r in pending_reviews(held)] == [60, 90]


def test_the_facilitator_overrides_the_suggestion() -> None:
    record = ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": 41}, verdict="slipping")
    review = hold_review(reported_event(), record, today=LATER).reviews[0]
    assert (review.verdict, review.suggested_verdict) == ("slipping", "sustained")


def test_holding_again_corrects_without_duplicating_readings() -> None:
    first = hold_review(
        reported_event(),
        ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": 41}, notes="On track"),
        today=LATER,
    )
    fixed = hold_review(
        first,
        ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": 90}, by="Ana"),
        today=LATER,
        replace=True,
    )
    metric = fixed.metric("M1")
    assert metric is not None and [r.value for r in metric.readings] == [41.0, 90.0]
    assert fixed.reviews[0].verdict == "lost"
    assert fixed.status == "following_up"
    # the record it replaced is kept, whole
    [earlier] = fixed.reviews[0].superseded
    assert (earlier.held_on, earlier.verdict, earlier.notes, earlier.readings) == (
        HELD_ON,
        "sustained",
        "On track",
        {"M1": 41.0},
    )
    assert (earlier.replaced_on, earlier.replaced_by) == (LATER, "Ana")


def test_holding_a_held_review_again_is_refused_unless_asked() -> None:
    first = hold_review(
        reported_event(), ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": 41}), today=LATER
    )
    with pytest.raises(AlreadyHeld, match="the 30-day review was already held on 2026-12-28"):
        hold_review(first, ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": 90}), today=LATER)
    twice = hold_review(
        hold_review(
            first, ReviewRecord(day=30, held_on=HELD_ON, verdict="lost"), today=LATER, replace=True
        ),
        ReviewRecord(day=30, held_on=HELD_ON, verdict="slipping"),
        today=LATER,
        replace=True,
    )
    assert [e.verdict for e in twice.reviews[0].superseded] == ["sustained", "lost"]
    assert twice.reviews[0].verdict == "slipping"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            ReviewRecord(day=45, held_on=HELD_ON, verdict="lost"),
            "KZ-TEST-1 has no 45-day review (its reviews are at 30, 60 and 90 days)",
        ),
        (
            ReviewRecord(day=30, held_on=date(2027, 1, 2), verdict="lost"),
            "a review cannot be held in the future (2027-01-02)",
        ),
        (
            ReviewRecord(day=30, held_on=date(2026, 11, 1), verdict="lost"),
            "the review date 2026-11-01 is before the report-out (2026-11-25)",
        ),
        (
            ReviewRecord(day=30, held_on=HELD_ON, readings={"M9": 1}),
            "no metric M9 in KZ-TEST-1 (metrics: M1)",
        ),
        (
            ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": float("nan")}),
            "the reading for M1 must be a number, not nan",
        ),
        (
            ReviewRecord(day=30, held_on=HELD_ON),
            "choose a verdict: sustained, slipping or lost (no reading yet for M1)",
        ),
        (
            ReviewRecord(
                day=30,
                held_on=HELD_ON,
                verdict="lost",
                actions=[ActionUpdate("A2", status="dropped")],
            ),
            "A2: dropping an action needs a reason",
        ),
        (
            ReviewRecord(
                day=30,
                held_on=HELD_ON,
                verdict="lost",
                actions=[ActionUpdate("A2", due=date(2026, 12, 1))],
            ),
            "A2: the new due date 2026-12-01 is before the review (2026-12-28)",
        ),
        (
            ReviewRecord(day=30, held_on=HELD_ON, verdict="lost", actions=[ActionUpdate("A99")]),
            "KZ-TEST-1 has no action A99",
        ),
    ],
)
def test_bad_review_input_is_refused_and_changes_nothing(
    record: ReviewRecord, message: str
) -> None:
    event = reported_event()
    before = event.model_dump()
    with pytest.raises(KaizenError) as err:
        hold_review(event, record, today=LATER)
    assert str(err.value) == message
    assert event.model_dump() == before


def test_reviews_only_after_the_gate() -> None:
    with pytest.raises(KaizenError, match="reviews are held after the close-out gate"):
        hold_review(make_event(), ReviewRecord(day=30, held_on=TODAY), today=TODAY)


def test_add_review_after_a_slipping_ninety() -> None:
    event = add_review(following_up(), 120)
    assert [(r.day, r.due) for r in event.reviews][-1] == (120, date(2026, 11, 29))
    with pytest.raises(KaizenError, match="has a 120-day review already"):
        add_review(event, 120)


# --- needs attention -----------------------------------------------------------------------------


def test_needs_attention_groups_by_owner() -> None:
    # reported 2026-10-20: the 30-day review was due 11-19 and is not held; 60-day due 12-19
    early = ready_event(
        start=date(2026, 10, 14), end=date(2026, 10, 18), report_out=date(2026, 10, 20)
    )
    reported = close_out(early, today=date(2026, 10, 20))
    reported.actions.append(Action(id="A5", what="No owner yet", due=date(2026, 11, 24)))
    reported.actions.append(Action(id="A6", what="Today", owner="Ana", due=TODAY))
    attention = needs_attention(index_of([reported]), TODAY)
    # nobody first (the first thing to fix), then owners alphabetically
    assert [(g.owner, [i.label for i in g.items]) for g in attention.groups] == [
        ("", ["A5"]),
        ("Ana", ["A6"]),
        ("Anna", ["30-day review"]),  # the facilitator calls the review
        ("Zofia Wiśniewska", ["A1"]),
        ("佐藤 健", ["A2"]),
    ]
    items = {i.label: i for i in attention.items}
    assert (items["30-day review"].days, items["30-day review"].urgency) == (-6, "overdue")
    assert (items["A1"].days, items["A1"].urgency) == (-5, "overdue")
    assert (items["A6"].days, items["A6"].urgency) == (0, "due_soon")  # due today: not overdue
    assert (items["A2"].days, items["A2"].urgency) == (5, "due_soon")
    assert "A3" not in items  # due 12-31: later
    assert attention.count("review", "overdue") == 1
    assert attention.count("action", "due_soon") == 2


def test_needs_attention_leaves_out_closed_abandoned_and_held() -> None:
    overdue = [Action(id="A1", what="x", owner="Ana", due=date(2026, 11, 1))]
    old_review = [Review(day=30, due=date(2026, 11, 1))]
    events = [
        make_event(id="KZ-C", status="closed", actions=overdue, reviews=old_review),
        make_event(id="KZ-A", status="abandoned", actions=overdue, reviews=old_review),
        # reviews of a live event have not started: only its actions count
        make_event(id="KZ-L", status="live", actions=overdue, reviews=old_review),
        make_event(
            id="KZ-H",
            status="following_up",
            actions=[],
            reviews=[Review(day=30, due=date(2026, 11, 1), held_on=date(2026, 11, 2))],
        ),
    ]
    attention = needs_attention(index_of(events), TODAY)
    assert [(i.event_id, i.label) for i in attention.items] == [("KZ-L", "A1")]


def test_review_owner_falls_back_to_team_leader_then_process_owner() -> None:
    review = [Review(day=30, due=date(2026, 11, 20))]
    leader = make_event(id="KZ-1", status="reported", actions=[], reviews=review)  # no facilitator
    leader.people = [p for p in leader.people if p.role != "facilitator"]
    owner_only = make_event(
        id="KZ-2",
        status="reported",
        actions=[],
        reviews=review,
        people=[Person(name="Marek", role="process_owner")],
    )
    nobody = make_event(id="KZ-3", status="reported", actions=[], reviews=review, people=[])
    attention = needs_attention(index_of([leader, owner_only, nobody]), TODAY)
    assert {(i.event_id, i.owner) for i in attention.items} == {
        ("KZ-1", "Zofia Wiśniewska"),
        ("KZ-2", "Marek"),
        ("KZ-3", ""),
    }


def test_needs_attention_window_is_adjustable() -> None:
    event = make_event()  # A2 due 11-30, A3 due 12-31
    labels = [i.label for i in needs_attention(index_of([event]), TODAY, within_days=40).items]
    assert sorted(labels) == ["A1", "A2", "A3"]
    labels = [i.label for i in needs_attention(index_of([event]), TODAY, within_days=0).items]
    assert labels == ["A1"]


# --- after a lost verdict, and the trend chart ----------------------------------------------------


def test_rerun_draft_starts_from_where_the_metric_is_now() -> None:
    lost = hold_review(
        reported_event(), ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": 88}), today=LATER
    )
    assert lost.reviews[0].verdict == "lost"
    draft = rerun_draft(lost)
    assert (draft.id, draft.status, draft.rerun_of) == ("", "planned", "KZ-TEST-1")
    assert draft.title == "Cut changeover time on press 7 (re-run)"
    assert draft.background.startswith(
        "Re-run of KZ-TEST-1: its 30-day review found the gains lost."
    )
    metric = draft.metric("M1")
    assert metric is not None
    assert (metric.baseline, metric.baseline_date, metric.target) == (88, HELD_ON, 30)
    assert metric.readings == []
    assert (draft.actions, draft.reviews, draft.start, draft.report_out) == ([], [], None, None)
    assert [p.name for p in draft.people] == [p.name for p in lost.people]
    # the original is untouched
    assert lost.metric("M1").baseline == 95  # type: ignore[union-attr]


def test_rerun_keeps_the_old_baseline_when_the_reading_is_on_target() -> None:
    event = following_up(metrics=[Metric(id="M1", name="x", baseline=95, target=30)])
    event.metrics[0].readings.append(Reading(date=date(2026, 11, 2), value=25))
    assert rerun_draft(event).metrics[0].baseline == 95


def test_metric_trend_marks_review_readings() -> None:
    held = hold_review(
        reported_event(), ReviewRecord(day=30, held_on=HELD_ON, readings={"M1": 41}), today=LATER
    )
    held.metrics[0].readings.insert(0, Reading(date=date(2026, 11, 26), value=60, note="trial"))
    trend = metric_trend(held, "M1")
    assert [(p.date, p.value, p.review_day, p.verdict) for p in trend.points] == [
        (date(2026, 11, 19), 41, None, "sustained"),  # ready_event's after reading
        (date(2026, 11, 26), 60, None, "slipping"),
        (HELD_ON, 41, 30, "sustained"),
    ]
    assert trend.latest_progress == pytest.approx(54 / 65)
    low, high = trend.bounds()  # type: ignore[misc]
    assert low < 30 and high > 95  # baseline and target stay in view
    assert sparkline([p.value for p in trend.points], low, high) == "▂▄▂"
    assert sparkline([95, 30], 30, 95) == "█▁"
    assert sparkline([5, 5], 5, 5) == "▅▅"
    empty = metric_trend(make_event(metrics=[Metric(id="M1", name="x")]), "M1")
    assert (empty.points, empty.bounds(), empty.latest_progress) == ((), None, None)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
RANK: dict[str | None, int] = {"lost": 0, "slipping": 1, "sustained": 2}


@given(baseline=finite, change=finite.filter(lambda c: abs(c) > 1e-3), a=finite, b=finite)
def test_verdict_is_monotonic_and_the_same_for_both_directions(
    baseline: float, change: float, a: float, b: float
) -> None:
    """A reading closer to the target never gets a worse verdict; "lower is better" is the mirror
    image of "higher is better"."""
    target = baseline + change
    direction = "higher" if change > 0 else "lower"
    worse, better = sorted((a, b), reverse=change < 0)  # `better` is nearer the target's side
    assert (
        RANK[judge_metric(direction, baseline, target, better)]
        >= RANK[judge_metric(direction, baseline, target, worse)]
    )
    mirror = "lower" if direction == "higher" else "higher"
    assert judge_metric(direction, baseline, target, a) == judge_metric(
        mirror, -baseline, -target, -a
    )
