"""Event status moves: planned → live → reported → following_up → closed, or
abandoned with a reason. Every status change goes through here, so the rules hold in every front
end and an illegal move gets one clear sentence.

Forward moves and their conditions:

* planned → live: the event starts.
* live → reported: only by passing the close-out gate (logic/gate.py ``close_out``), which also
  schedules the reviews; asking for it here names the gate.
* reported → following_up: automatic when the first review is held (logic/followup.py), or
  explicitly.
* following_up → closed: the last review (normally the 90-day one) is held with the verdict
  *sustained*, and no action is still open (each is done, or dropped with a reason — an open action
  in a closed event would be followed by nobody).
* any status but closed → abandoned, with a reason.

Moves back, each with a reason (recorded in ``status_history``) because each undoes a decision:

* live → planned: the event was started by mistake or postponed (one key on a projector).
* reported → live: reopen the report-out to fix the action plan, only while no review has been
  held; passing the gate again re-dates the unheld reviews.
* closed → following_up: a later audit finds the gain fading; the event is followed up again in
  the same place, with its history, instead of starting over.
* abandoned → the status it had before: abandoning was a mistake, or the event resumes.
"""

from __future__ import annotations

from datetime import date

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.reviews import due_date_of
from kaizen_tui.logic.words import join_and
from kaizen_tui.model import STATUS_LABELS, STATUSES, Event, Review, StatusChange

FORWARD: dict[str, tuple[str, ...]] = {
    "planned": ("live",),
    "live": ("reported",),
    "reported": ("following_up",),
    "following_up": ("closed",),
    "closed": (),
    "abandoned": (),
}
BACK: dict[str, tuple[str, ...]] = {
    "live": ("planned",),
    "reported": ("live",),
    "closed": ("following_up",),
}


class IllegalMove(KaizenError):
    """A status move the rules do not allow (now, or at all)."""


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def status_before_abandoned(event: Event) -> str:
    """The status an abandoned event had before (``planned`` when nothing is on record)."""
    for change in reversed(event.status_history):
        if change.to == "abandoned":
            return change.from_
    return "planned"


def targets(event: Event) -> tuple[str, ...]:
    """Every status this event could move to, conditions aside (for a menu)."""
    status = event.status
    if status == "abandoned":
        return (status_before_abandoned(event),)
    moves = FORWARD[status] + BACK.get(status, ())
    if status != "closed":
        moves += ("abandoned",)
    return moves


def needs_reason(event: Event, to: str) -> bool:
    """Abandoning and every move back need a reason."""
    return to == "abandoned" or event.status == "abandoned" or to in BACK.get(event.status, ())


def last_review(event: Event) -> Review | None:
    """The review that decides closing: the one with the most days (normally the 90-day)."""
    return max(event.reviews, key=lambda r: r.day, default=None)


def move_problems(event: Event, to: str, *, reason: str = "") -> list[str]:
    """Why ``event`` cannot move to ``to`` now; an empty list means it can. The first message
    says it all for a one-line error; a screen can list them all."""
    if to not in STATUSES:
        return [f"{to!r} is not a status; statuses: {', '.join(STATUSES)}"]
    here = event.status
    if to == here:
        return [f"{event.id or 'the event'} is {label(here)} already"]
    if to not in targets(event):
        return [_not_a_move(event, to)]
    if here == "live" and to == "reported":
        return [
            "an event is reported by passing the close-out gate, which also schedules the reviews"
        ]
    problems: list[str] = []
    if needs_reason(event, to) and not reason.strip():
        what = "abandoning" if to == "abandoned" else f"moving back to {label(to)}"
        problems.append(f"{what} needs a reason")
    if here == "reported" and to == "live":
        held = [r for r in event.reviews if r.held_on is not None]
        if held:
            problems.append(
                f"the {held[0].day}-day review was held on {held[0].held_on}: the report-out "
                "cannot be reopened once follow-up has begun"
            )
    if to == "closed":
        problems.extend(close_problems(event))
    return problems


def close_problems(event: Event) -> list[str]:
    """What stands between a following-up event and closing it."""
    problems = []
    review = last_review(event)
    if review is None:
        problems.append("there are no follow-up reviews to close on")
    elif review.held_on is None:
        due = due_date_of(review, event)
        when = f" (due {due})" if due else ""
        problems.append(f"the {review.day}-day review is not held yet{when}")
    elif review.verdict != "sustained":
        found = review.verdict or "no verdict"
        problems.append(
            f"the {review.day}-day review found {found}: closing needs the verdict sustained "
            "(add an action and a later review, or abandon with a reason)"
        )
    still_open = [a.id for a in event.actions if a.status == "open"]
    if still_open:
        verb = "is" if len(still_open) == 1 else "are"
        problems.append(
            f"{join_and(still_open)} {verb} still open: mark each done, or dropped with a reason"
        )
    return problems


def _not_a_move(event: Event, to: str) -> str:
    name = event.id or "the event"
    if event.status == "closed" and to == "abandoned":
        return f"{name} is closed; a closed event cannot be abandoned"
    options = [
        "reported (through the close-out gate)"
        if event.status == "live" and t == "reported"
        else label(t)
        for t in targets(event)
    ]
    text = f"{name} is {label(event.status)}; it cannot move to {label(to)}"
    return f"{text} (it can move to {join_and(options, 'or')})" if options else text


def change_status(event: Event, to: str, *, today: date, reason: str = "", by: str = "") -> Event:
    """A copy of ``event`` moved to ``to``, or IllegalMove with the first problem."""
    problems = move_problems(event, to, reason=reason)
    if problems:
        raise IllegalMove(problems[0])
    return record_move(event, to, today=today, reason=reason, by=by)


def record_move(event: Event, to: str, *, today: date, reason: str = "", by: str = "") -> Event:
    """Apply a move already checked (here, by the gate or by holding a review): a copy with the
    new status and a line in ``status_history``."""
    moved = event.model_copy(deep=True)
    moved.status_history.append(
        StatusChange(date=today, from_=event.status, to=to, reason=reason.strip(), by=by)
    )
    moved.status = to  # type: ignore[assignment]
    moved.status_reason = reason.strip() if needs_reason(event, to) else ""
    return moved
