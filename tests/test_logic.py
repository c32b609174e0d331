"""Domain rules with dates fixed by the test."""

from __future__ import annotations

from datetime import date

import pytest

from kaizen_tui.logic.actions import (
    count_actions,
    pdca_circle,
    urgency,
)
from kaizen_tui.logic.dates import humane_days, parse_user_date
from kaizen_tui.logic.flow import flow_of, format_minutes, format_ratio
from kaizen_tui.logic.listing import dates_text
from kaizen_tui.logic.results import sustain_state
from kaizen_tui.logic.reviews import (
    is_review_overdue,
    next_review,
    next_review_due,
    planned_reviews,
    review_due,
    review_state,
)
from kaizen_tui.model import (
    STATUS_LABELS,
    STATUS_SHORT_LABELS,
    STATUSES,
    STEP_VALUE_MEANINGS,
    STEP_VALUES,
    Action,
    Event,
    ProcessStep,
    Review,
)

TODAY = date(2026, 11, 25)  # a Wednesday


def act(due: date | None, status: str = "open") -> Action:
    return Action(id="A1", what="x", due=due, status=status)


@pytest.mark.parametrize(
    ("due", "status", "kind"),
    [
        (date(2026, 11, 24), "open", "overdue"),
        (date(2026, 11, 25), "open", "due_soon"),  # due today: not yet overdue
        (date(2026, 12, 2), "open", "due_soon"),  # 7 days ahead: still soon
        (date(2026, 12, 3), "open", "later"),
        (date(2026, 11, 1), "done", "closed"),
        (date(2026, 11, 1), "dropped", "closed"),
        (None, "open", "undated"),
    ],
)
def test_overdue_and_due_soon(due: date | None, status: str, kind: str) -> None:
    assert urgency(act(due, status), TODAY) == kind


@pytest.mark.parametrize(
    "due", [date(2026, 11, 24), date(2026, 11, 25), date(2026, 12, 2), date(2026, 12, 3), None]
)
def test_reviews_are_overdue_by_the_same_rule_as_actions(due: date | None) -> None:
    """One overdue rule: a review due on the day an open action is due has the same urgency, in
    the follow-up view, the A3 and the portfolio's sustainment column alike."""
    review = Review(day=30, due=due)
    event = Event(id="KZ-T", title="t", reviews=[review])
    kind = urgency(act(due), TODAY)
    assert review_state(review, event, TODAY).urgency == kind
    assert is_review_overdue(review, event, TODAY) is (kind == "overdue")
    summary = {"day": 30, "due": due.isoformat() if due else None}
    assert sustain_state([summary], 30, TODAY) == ("overdue" if kind == "overdue" else "pending")


def test_every_status_and_step_value_has_its_words() -> None:
    assert list(STATUS_LABELS) == list(STATUS_SHORT_LABELS) == list(STATUSES)
    assert list(STEP_VALUE_MEANINGS) == list(STEP_VALUES)


def test_counts() -> None:
    actions = [
        act(date(2026, 11, 1)),
        act(date(2026, 11, 26)),
        act(date(2027, 1, 1)),
        act(None),
        act(date(2026, 11, 1), "done"),
        act(date(2026, 11, 1), "dropped"),
    ]
    counts = count_actions(actions, TODAY)
    assert (counts.total, counts.open, counts.overdue, counts.due_soon) == (6, 4, 1, 1)
    assert (counts.done, counts.dropped) == (1, 1)


def test_pdca_circles() -> None:
    assert [pdca_circle(i) for i in range(5)] == ["○", "◔", "◑", "◕", "●"]


def test_lead_time_and_value_add_ratio() -> None:
    steps = [
        ProcessStep(name="Receive", cycle_min=5, wait_min=120, value="NNVA"),
        ProcessStep(name="Weld", cycle_min=10, wait_min=0, value="VA"),
        ProcessStep(name="Rework", cycle_min=15, wait_min=30, value="NVA"),
    ]
    flow = flow_of(steps)
    assert flow.lead_time_min == 180
    assert flow.va_min == 10
    assert flow.va_ratio == pytest.approx(10 / 180)
    assert format_ratio(flow.va_ratio) == "5.6%"
    assert flow_of([]).va_ratio is None
    assert format_ratio(None) == "–"
    assert format_minutes(45) == "45 min"
    assert format_minutes(180) == "3.0 h"
    assert format_minutes(60 * 24 * 3) == "3.0 d"


def test_review_dates() -> None:
    report_out = date(2026, 10, 1)
    assert review_due(report_out, 30) == date(2026, 10, 31)
    reviews = planned_reviews(report_out)
    assert [(r.day, r.due) for r in reviews] == [
        (30, date(2026, 10, 31)),
        (60, date(2026, 11, 30)),
        (90, date(2026, 12, 30)),
    ]


def test_next_review_skips_held_ones() -> None:
    event = Event(
        title="t",
        report_out=date(2026, 10, 1),
        reviews=[
            Review(day=30, due=date(2026, 10, 31), held_on=date(2026, 11, 2)),
            Review(day=60),  # due computed from report_out
            Review(day=90, due=date(2026, 12, 30)),
        ],
    )
    nxt = next_review(event)
    assert nxt is not None and nxt.day == 60
    assert next_review_due(event) == date(2026, 11, 30)
    assert next_review(Event(title="t")) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 26)),
        ("+7", date(2026, 12, 2)),
        ("+2w", date(2026, 12, 9)),
        ("fri", date(2026, 11, 27)),
        ("wed", date(2026, 12, 2)),  # the next Wednesday, not today
        ("Monday", date(2026, 11, 30)),
    ],
)
def test_user_dates(text: str, expected: date) -> None:
    assert parse_user_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "2026-02-30", "next week", "12/01/2026", "+"])
def test_bad_user_dates_explain(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_user_date(text, TODAY)
    assert "YYYY-MM-DD" in str(err.value)


def test_humane_days() -> None:
    assert humane_days(0) == "today"
    assert humane_days(3) == "in 3 days"
    assert humane_days(-2) == "2 days ago"


def test_action_page_url() -> None:
    from kaizen_tui.logic.links import action_page_url

    assert action_page_url("http://h:8765", "tok") == "http://h:8765/e/tok"
    assert action_page_url("https://k.example.org/", "tok") == "https://k.example.org/e/tok"


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (None, None, "–"),
        (date(2026, 10, 28), None, "2026-10-28"),
        (date(2026, 10, 28), date(2026, 10, 28), "2026-10-28"),
        (date(2026, 10, 28), date(2026, 11, 1), "2026-10-28 → 11-01"),
        (date(2026, 12, 30), date(2027, 1, 2), "2026-12-30 → 2027-01-02"),
    ],
)
def test_an_event_s_dates_in_a_list_give_the_year_once(
    start: date | None, end: date | None, shown: str
) -> None:
    assert dates_text(start, end) == shown
