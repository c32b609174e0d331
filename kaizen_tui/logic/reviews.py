"""The 30/60/90-day follow-up reviews: when they fall due, and which is next."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from kaizen_tui.logic.actions import DUE_SOON_DAYS, DueUrgency, due_urgency
from kaizen_tui.model import REVIEW_DAYS_DEFAULT, Event, Review


def review_due(report_out: date, day: int) -> date:
    """A review is due on report_out + day."""
    return report_out + timedelta(days=day)


def planned_reviews(report_out: date, days: Iterable[int] = REVIEW_DAYS_DEFAULT) -> list[Review]:
    return [Review(day=day, due=review_due(report_out, day)) for day in sorted(set(days))]


def due_date_of(review: Review, event: Event) -> date | None:
    if review.due is not None:
        return review.due
    if event.report_out is not None:
        return review_due(event.report_out, review.day)
    return None


def next_review(event: Event) -> Review | None:
    """The earliest review not yet held (by due date), or None."""
    pending = [r for r in event.reviews if r.held_on is None]
    dated = [(due, r) for r in pending if (due := due_date_of(r, event)) is not None]
    if not dated:
        return None
    return min(dated, key=lambda pair: pair[0])[1]


def next_review_due(event: Event) -> date | None:
    review = next_review(event)
    return due_date_of(review, event) if review else None


def is_review_overdue(review: Review, event: Event, today: date) -> bool:
    return review.held_on is None and due_urgency(due_date_of(review, event), today) == "overdue"


def review_days_of(event: Event, default: Iterable[int] = REVIEW_DAYS_DEFAULT) -> list[int]:
    """The event's own review offsets, else ``default`` (the `review_days` setting)."""
    return list(event.review_days) if event.review_days else sorted(set(default))


def schedule_reviews(
    existing: Iterable[Review], report_out: date, days: Iterable[int]
) -> list[Review]:
    """The reviews for ``days`` after ``report_out``. Held reviews are kept exactly as they are
    (they are history); an unheld review for one of ``days`` keeps its notes and gets the new due
    date; unheld reviews for days no longer asked for are dropped. Sorted by day."""
    reviews = list(existing)
    wanted = set(days)
    by_day: dict[int, Review] = {r.day: r for r in reviews if r.held_on is not None}
    for review in reviews:
        if review.held_on is None and review.day in wanted and review.day not in by_day:
            by_day[review.day] = review.model_copy(
                update={"due": review_due(report_out, review.day)}, deep=True
            )
    for day in wanted - by_day.keys():
        by_day[day] = Review(day=day, due=review_due(report_out, day))
    return [by_day[day] for day in sorted(by_day)]


ReviewUrgency = Literal[DueUrgency, "held"]


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Where a review stands today, for a list or a heading: ``held 2027-01-10``,
    ``due today``, ``due in 3 days``, ``5 days overdue``."""

    due: date | None
    days: int | None  # due - today; None when held or undated
    urgency: ReviewUrgency
    text: str


def review_state(
    review: Review, event: Event, today: date, *, within_days: int = DUE_SOON_DAYS
) -> ReviewState:
    """The state of one review on ``today``; "due soon" is the same window as actions'.
    The text does not repeat the date (lists show it in a column of its own)."""
    due = due_date_of(review, event)
    if review.held_on is not None:
        return ReviewState(due, None, "held", f"held {review.held_on.isoformat()}")
    kind = due_urgency(due, today, within_days)
    if due is None:
        return ReviewState(None, None, kind, "no date yet (no report-out)")
    days = (due - today).days
    if kind == "overdue":
        return ReviewState(due, days, kind, f"{-days} day{'s' if days != -1 else ''} overdue")
    if kind == "due_soon":
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        return ReviewState(due, days, kind, f"due {when}")
    return ReviewState(due, days, kind, f"due in {days} days")


def later_review_day(event: Event, step: int = 30) -> int:
    """The day for one more review after the last one (e.g. 120 after a slipping 90-day)."""
    return max((r.day for r in event.reviews), default=0) + step
