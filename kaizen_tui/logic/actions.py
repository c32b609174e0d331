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

DueUrgency = Literal["overdue", "due_soon", "later", "undated"]
Urgency = Literal[DueUrgency, "closed"]


def due_urgency(due: date | None, today: date, soon_days: int = DUE_SOON_DAYS) -> DueUrgency:
    """The overdue rule, for actions and reviews alike: overdue when due before today (due today
    is not yet overdue); due soon from today up to ``soon_days`` days ahead."""
    if due is None:
        return "undated"
    if due < today:
        return "overdue"
    if due <= today + timedelta(days=soon_days):
        return "due_soon"
    return "later"


def urgency(action: Action, today: date) -> Urgency:
    """An open action's :func:`due_urgency`; a done or dropped one is ``closed``."""
    return due_urgency(action.due, today) if action.status == "open" else "closed"


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
