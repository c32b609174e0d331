"""When an action is overdue or due soon, and the counts the home screen shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # annotations only: the home screen imports this without pydantic
    from kaizen_tui.model import Action, Update

DUE_SOON_DAYS = 7
PDCA_CIRCLES = ("○", "◔", "◑", "◕", "●")
PDCA_LABELS = ("not started", "planned", "doing", "checked", "acted / standardised")

Urgency = Literal["overdue", "due_soon", "later", "closed", "undated"]


def is_open(action: Action) -> bool:
    return action.status == "open"


def is_overdue(action: Action, today: date) -> bool:
    """Open and due before today (due today is not yet overdue)."""
    return action.status == "open" and action.due is not None and action.due < today


def is_due_soon(action: Action, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Open and due from today up to ``days`` days ahead."""
    return (
        action.status == "open"
        and action.due is not None
        and today <= action.due <= today + timedelta(days=days)
    )


def urgency(action: Action, today: date) -> Urgency:
    if action.status != "open":
        return "closed"
    if action.due is None:
        return "undated"
    if action.due < today:
        return "overdue"
    if action.due <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "later"


def pdca_circle(step: int) -> str:
    return PDCA_CIRCLES[max(0, min(4, step))]


@dataclass(frozen=True)
class ActionCounts:
    total: int
    open: int
    overdue: int
    due_soon: int
    done: int
    dropped: int


def count_actions(actions: Iterable[Action], today: date) -> ActionCounts:
    total = open_ = overdue = soon = done = dropped = 0
    for action in actions:
        total += 1
        if action.status == "done":
            done += 1
        elif action.status == "dropped":
            dropped += 1
        else:
            open_ += 1
            kind = urgency(action, today)
            overdue += kind == "overdue"
            soon += kind == "due_soon"
    return ActionCounts(total, open_, overdue, soon, done, dropped)


def overdue_by_dates(open_dues: Iterable[str | None], today: date) -> int:
    """Overdue count from the ISO due dates of open actions (what the index keeps)."""
    iso_today = today.isoformat()
    return sum(1 for due in open_dues if due is not None and due < iso_today)


def last_update(action: Action) -> Update | None:
    """The most recent progress note (by date; the later entry wins a tie), or None."""
    latest: Update | None = None
    for update in action.updates:
        if latest is None or update.date >= latest.date:
            latest = update
    return latest


def shown_pdca(action: Action) -> int:
    """The PDCA step to show: a done action has at least been checked, whatever was last
    recorded (a done action drawn as "not started" misleads the reader of the A3)."""
    step = max(0, min(4, action.pdca))
    return max(step, 3) if action.status == "done" else step


def pdca_label(step: int) -> str:
    return PDCA_LABELS[max(0, min(4, step))]
