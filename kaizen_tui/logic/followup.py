"""Holding a 30/60/90-day review: readings, action updates, notes and a verdict, in one step.

``hold_review`` is pure: it takes an event and a :class:`ReviewRecord` (what the facilitator
entered on the review screen or the command line) and returns the updated copy, or raises a
KaizenError naming the first thing to fix. History is kept, not overwritten: each reading is also
appended to its metric's readings (note "30-day review"), and each action update is appended to
the action's updates, dated the day the review was held.

Holding a review moves a reported event to following up. Holding it again (a correction) is
refused unless it is asked for (``replace=True``); it then replaces the review and the readings it
added, and the record it replaces is kept in the review's ``superseded`` list (who replaced it,
when). Action updates are new facts and are appended again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.actions import pdca_circle
from kaizen_tui.logic.carry import carry, fresh_agenda
from kaizen_tui.logic.reviews import due_date_of, review_due
from kaizen_tui.logic.transitions import close_problems, label, last_review, record_move
from kaizen_tui.logic.verdict import VerdictSuggestion, suggest_verdict
from kaizen_tui.logic.words import join_and
from kaizen_tui.model import (
    MAX_NAME,
    Action,
    EarlierReview,
    Event,
    Metric,
    Reading,
    Review,
    Update,
    Verdict,
)

FOLLOWING = ("reported", "following_up")


@dataclass(frozen=True)
class ActionUpdate:
    """What the review decided for one action. Leave a field None for "no change"."""

    action_id: str
    pdca: int | None = None
    status: Literal["open", "done", "dropped"] | None = None
    reason: str = ""  # required when dropping
    due: date | None = None  # a new due date
    note: str = ""


@dataclass(frozen=True)
class ReviewRecord:
    """One review as held."""

    day: int  # which review: 30, 60, 90, …
    held_on: date
    readings: Mapping[str, float] = field(default_factory=dict)  # metric id → value
    actions: Sequence[ActionUpdate] = ()
    notes: str = ""
    verdict: Verdict | None = None  # None: take the suggested verdict
    by: str = ""  # who recorded it (the `user_name` setting), for the status history


class AlreadyHeld(KaizenError):
    """The review was held already, and holding it again was not asked for."""

    def __init__(self, event: Event, review: Review) -> None:
        verdict = review.verdict or "no verdict"
        super().__init__(
            f"{event.id or 'the event'}: the {review.day}-day review was already held on "
            f"{review.held_on} ({verdict})"
        )
        self.review = review


class VerdictNeeded(KaizenError):
    """No verdict was chosen and the readings suggest none."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"choose a verdict: sustained, slipping or lost ({reason})")
        self.reason = reason


def reading_note(day: int) -> str:
    """How a reading taken at a review is marked in the metric's history."""
    return f"{day}-day review"


def find_review(event: Event, day: int) -> Review:
    review = next((r for r in event.reviews if r.day == day), None)
    if review is None:
        have = join_and([f"{r.day}" for r in sorted(event.reviews, key=lambda r: r.day)])
        where = f"its reviews are at {have} days" if have else "it has no reviews yet"
        raise KaizenError(f"{event.id or 'the event'} has no {day}-day review ({where})")
    return review


def suggestion_for(event: Event, readings: Mapping[str, float]) -> VerdictSuggestion:
    """The suggested verdict for readings typed on the review screen."""
    return suggest_verdict(event.metrics, readings)


def hold_review(event: Event, record: ReviewRecord, *, today: date, replace: bool = False) -> Event:
    """Apply a held review to a copy of ``event`` (see the module doc). A review held already
    raises :class:`AlreadyHeld` unless ``replace``: then the earlier record is kept as
    superseded."""
    name = event.id or "the event"
    if event.status not in FOLLOWING:
        if event.status in ("planned", "live"):
            raise KaizenError(
                f"{name} is {label(event.status)}: reviews are held after the close-out gate"
            )
        raise KaizenError(f"{name} is {label(event.status)}; reopen it to hold another review")
    review = find_review(event, record.day)
    if review.held_on is not None and not replace:
        raise AlreadyHeld(event, review)
    if record.held_on > today:
        raise KaizenError(f"a review cannot be held in the future ({record.held_on})")
    if event.report_out and record.held_on < event.report_out:
        raise KaizenError(
            f"the review date {record.held_on} is before the report-out ({event.report_out})"
        )
    readings = _checked_readings(event, record.readings)
    suggestion = suggest_verdict(event.metrics, readings)
    verdict = record.verdict or suggestion.verdict
    if verdict is None:
        raise VerdictNeeded(suggestion.reason)
    updated = event.model_copy(deep=True)
    marker = reading_note(record.day)
    for metric in updated.metrics:
        if review.held_on is not None:  # a correction: take back what the first holding added
            metric.readings = [
                r for r in metric.readings if not (r.date == review.held_on and r.note == marker)
            ]
        if metric.id in readings:
            value = readings[metric.id]
            metric.readings.append(Reading(date=record.held_on, value=value, note=marker))
            metric.readings.sort(key=lambda r: r.date)
    for change in record.actions:
        action = updated.action(change.action_id)
        if action is None:
            raise KaizenError(f"{name} has no action {change.action_id}")
        _apply_action_update(action, change, record.held_on, marker)
    superseded = list(review.superseded)
    if review.held_on is not None:
        superseded.append(
            EarlierReview(
                held_on=review.held_on,
                verdict=review.verdict,
                suggested_verdict=review.suggested_verdict,
                notes=review.notes,
                readings=dict(review.readings),
                replaced_on=today,
                replaced_by=record.by,
            )
        )
    held = review.model_copy(
        update={
            "superseded": superseded,
            "due": due_date_of(review, event),
            "held_on": record.held_on,
            "readings": dict(readings),
            "notes": record.notes.strip(),
            "verdict": verdict,
            "suggested_verdict": suggestion.verdict,
        }
    )
    updated.reviews = [held if r.day == record.day else r for r in updated.reviews]
    if updated.status == "reported":
        updated = record_move(
            updated,
            "following_up",
            today=today,
            reason=f"{record.day}-day review held",
            by=record.by,
        )
    return updated


def _checked_readings(event: Event, readings: Mapping[str, float]) -> dict[str, float]:
    checked: dict[str, float] = {}
    for metric_id, value in readings.items():
        if event.metric(metric_id) is None:
            have = ", ".join(m.id for m in event.metrics) or "none"
            raise KaizenError(f"no metric {metric_id} in {event.id} (metrics: {have})")
        # Typed as floats, but they come from JSON and the command line: check, do not trust.
        number: object = value
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(number)
        ):
            raise KaizenError(f"the reading for {metric_id} must be a number, not {value!r}")
        checked[metric_id] = float(value)
    return checked


def _apply_action_update(action: Action, change: ActionUpdate, held_on: date, marker: str) -> None:
    said: list[str] = []
    if change.pdca is not None and change.pdca != action.pdca:
        if not 0 <= change.pdca <= 4:
            raise KaizenError(f"{action.id}: PDCA is 0 to 4, not {change.pdca}")
        said.append(f"PDCA {pdca_circle(action.pdca)}→{pdca_circle(change.pdca)}")
        action.pdca = change.pdca
    if change.due is not None and change.due != action.due:
        if change.due < held_on:
            raise KaizenError(
                f"{action.id}: the new due date {change.due} is before the review ({held_on})"
            )
        said.append(f"due {action.due or 'none'} → {change.due}")
        action.due = change.due
    if change.status is not None and change.status != action.status:
        if change.status == "dropped":
            if not change.reason.strip():
                raise KaizenError(f"{action.id}: dropping an action needs a reason")
            said.append(f"dropped: {change.reason.strip()}")
            action.done_on = None
        elif change.status == "done":
            said.append("done")
            action.done_on = held_on
        else:
            said.append("reopened")
            action.done_on = None
        action.status = change.status
    if change.note.strip():
        said.append(change.note.strip())
    action.updates.append(
        Update(date=held_on, note=f"{marker}: {'; '.join(said) if said else 'reviewed, no change'}")
    )


def add_review(event: Event, day: int) -> Event:
    """A copy with one more review (e.g. a 120-day check after a slipping 90-day review)."""
    if event.status not in FOLLOWING:
        raise KaizenError(
            f"{event.id or 'the event'} is {label(event.status)}; reviews are added while it is "
            "reported or following up"
        )
    if event.report_out is None:
        raise KaizenError(f"{event.id or 'the event'} has no report-out date to count days from")
    if any(r.day == day for r in event.reviews):
        raise KaizenError(f"{event.id or 'the event'} has a {day}-day review already")
    if not 1 <= day <= 3650:
        raise KaizenError("a review is 1 to 3650 days after the report-out")
    updated = event.model_copy(deep=True)
    updated.reviews = sorted(
        [*updated.reviews, Review(day=day, due=review_due(event.report_out, day))],
        key=lambda r: r.day,
    )
    return updated


def pending_reviews(event: Event) -> list[Review]:
    """Reviews not yet held, by day."""
    return sorted((r for r in event.reviews if r.held_on is None), key=lambda r: r.day)


def rerun_draft(event: Event) -> Event:
    """A planned event to run the kaizen again when its gains were lost, by the model's CARRY
    rules: the same charter (problem, target condition, scope, takt), team, metrics, run-sheet
    and follow-up days, each metric's latest reading as its new baseline while it is still
    short of the target; no dates, findings, actions, reviews or sign-offs, and no id (the store
    gives one). ``rerun_of`` links back to ``event``; the background says why it runs again."""
    decided = next(
        (r for r in sorted(event.reviews, key=lambda r: r.day, reverse=True) if r.verdict),
        None,
    )
    why = (
        f"Re-run of {event.id}: its {decided.day}-day review found the gains {decided.verdict}."
        if decided
        else f"Re-run of {event.id}."
    )
    return carry(
        event,
        "rerun",
        {
            "title": f"{event.title} (re-run)"[:MAX_NAME],
            "background": f"{why}\n\n{event.background}".strip(),
            "metrics": [_rerun_metric(metric, event.id) for metric in event.metrics],
            "agenda": fresh_agenda(event, "rerun"),
            "rerun_of": event.id or None,
        },
    )


def _rerun_metric(metric: Metric, event_id: str) -> Metric:
    latest = max(metric.readings, key=lambda r: r.date, default=None)
    if latest is not None and _still_short_of_target(metric, latest.value):
        baseline = {
            "baseline": latest.value,
            "baseline_date": latest.date,
            "baseline_source": f"latest reading in {event_id}",
        }
    else:
        baseline = {
            "baseline": metric.baseline,
            "baseline_date": metric.baseline_date,
            "baseline_source": metric.baseline_source,
        }
    return carry(metric, "rerun", baseline)


def _still_short_of_target(metric: Metric, value: float) -> bool:
    """A reading that can be a baseline: not already at or beyond the target."""
    if metric.target is None:
        return True
    return value > metric.target if metric.direction == "lower" else value < metric.target


AdviceKind = Literal["close", "close_blocked", "act", "watch", "carry_on"]


@dataclass(frozen=True, slots=True)
class Advice:
    """What to offer once a review is held: ``act`` (lost, or slipping at the last review: a
    new action, a later review or a re-run), ``close`` (the last review sustained and nothing
    open), ``close_blocked`` (sustained, but something stands in the way), ``watch`` (slipping
    with reviews still to come) or ``carry_on``."""

    kind: AdviceKind
    message: str


def after_review(event: Event, day: int) -> Advice:
    """The advice after the ``day`` review of ``event`` (the event as saved with it held)."""
    review = find_review(event, day)
    last = last_review(event)
    is_last = last is not None and last.day == day
    coming = pending_reviews(event)
    if coming:
        due = due_date_of(coming[0], event)
        then = f"the {coming[0].day}-day review" + (f" on {due.isoformat()}" if due else "")
    else:
        then = ""
    verdict = review.verdict
    if verdict == "lost" or (verdict == "slipping" and not coming):
        found = "lost" if verdict == "lost" else "slipping, with no review left"
        return Advice(
            "act",
            f"The {day}-day review found the gains {found}: add an action to win them back, "
            "schedule a later review, or plan a re-run of the event.",
        )
    if verdict == "slipping":
        return Advice(
            "watch",
            f"The {day}-day review found the gains slipping: check the open actions before {then}.",
        )
    if is_last:
        problems = close_problems(event)
        if not problems:
            return Advice(
                "close",
                f"The {day}-day review found the gains sustained and no action is open: the "
                "event can be closed.",
            )
        return Advice(
            "close_blocked",
            f"The {day}-day review found the gains sustained; before closing: {problems[0]}.",
        )
    return Advice("carry_on", f"Sustained. Next: {then}." if then else "Sustained.")
