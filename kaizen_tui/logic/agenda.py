"""The run-sheet: agenda templates and timebox arithmetic.

The current item is the first one not done. Its countdown is computed from when it was started
(``started_at``, stored with the event), so a restarted app resumes it where the room left it.
All times are aware UTC datetimes; the caller passes ``now`` so tests control the clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaizen_tui.model import AgendaItem

#: The LPO's standard five-day kaizen, and a one-day "kaizen blitz" for a focused problem.
FIVE_DAY: tuple[tuple[str, int], ...] = (
    ("Day 1 · Kick-off: charter, safety, ground rules", 45),
    ("Day 1 · Lean basics: the 8 wastes (TIMWOODS)", 60),
    ("Day 1 · Gemba walk: follow the work end to end", 120),
    ("Day 1 · Current-state map and baseline data", 150),
    ("Day 2 · Waste hunt and spaghetti diagram", 120),
    ("Day 2 · Root causes: 5 whys and fishbone", 150),
    ("Day 2 · Target condition and ideas", 90),
    ("Day 3 · Try-storming: test countermeasures at the gemba", 300),
    ("Day 4 · Standard work, visual controls, training", 240),
    ("Day 4 · Measure the new process against the baseline", 90),
    ("Day 5 · Action plan with owners and 30/60/90 reviews", 90),
    ("Day 5 · Report-out to leadership", 60),
    ("Day 5 · Celebrate and thank the team", 30),
)
ONE_DAY: tuple[tuple[str, int], ...] = (
    ("Kick-off: charter, scope, ground rules", 20),
    ("Gemba walk: follow one unit end to end", 60),
    ("Current state: steps, times, wastes", 60),
    ("Root causes: 5 whys", 45),
    ("Lunch", 45),
    ("Countermeasures: try them at the gemba", 120),
    ("Action plan: owners and due dates", 30),
    ("Report-out to the sponsor", 30),
)
TEMPLATES: dict[str, tuple[tuple[str, int], ...]] = {"5-day": FIVE_DAY, "1-day": ONE_DAY}
TEMPLATE_LABELS = {"5-day": "5-day kaizen event", "1-day": "1-day kaizen blitz"}


def template_items(name: str) -> list[AgendaItem]:
    """Fresh agenda items from a named template (KeyError names the known ones)."""
    from kaizen_tui.model import AgendaItem

    try:
        items = TEMPLATES[name]
    except KeyError:
        raise KeyError(f"no agenda template {name!r}; known: {', '.join(TEMPLATES)}") from None
    return [AgendaItem(title=title, minutes=minutes) for title, minutes in items]


def current_index(agenda: Sequence[AgendaItem]) -> int | None:
    """The first item not done, or None when the agenda is empty or complete."""
    return next((i for i, item in enumerate(agenda) if not item.done), None)


def remaining(item: AgendaItem, now: datetime) -> timedelta | None:
    """Time left in a started timebox (negative once it has run out); None if not started."""
    if item.started_at is None or item.done:
        return None
    return item.started_at + timedelta(minutes=item.minutes) - now


def is_overrun(item: AgendaItem, now: datetime) -> bool:
    left = remaining(item, now)
    return left is not None and left <= timedelta(0)


def format_countdown(left: timedelta) -> str:
    """``42:10`` or ``1:05:00`` while time is left; ``+02:10`` once the box has run out."""
    total = left.total_seconds()
    # Round towards "time left" so the display reads 00:01 until the box has really run out.
    sign, seconds = ("+", int(-total)) if total <= 0 else ("", math.ceil(total))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return sign + body


def format_minutes(minutes: int) -> str:
    """``45 min`` / ``2 h`` / ``2 h 30 min`` for timeboxes."""
    hours, mins = divmod(minutes, 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h" if not mins else f"{hours} h {mins} min"


@dataclass(frozen=True)
class Advance:
    """What "next" did: the item finished (if any) and the item now running (if any)."""

    finished: int | None
    started: int | None


def advance(agenda: list[AgendaItem], now: datetime) -> Advance:
    """One key press of "next", in place: start the current item if it is not running yet;
    otherwise finish it and start the one after it."""
    index = current_index(agenda)
    if index is None:
        return Advance(None, None)
    item = agenda[index]
    if item.started_at is None:
        item.started_at = now
        return Advance(None, index)
    item.done = True
    item.finished_at = now
    following = current_index(agenda)
    if following is not None:
        agenda[following].started_at = now
        agenda[following].finished_at = None
    return Advance(index, following)


def restart(agenda: list[AgendaItem], now: datetime) -> int | None:
    """Restart the current item's timebox from now (a break, or a false start)."""
    index = current_index(agenda)
    if index is not None:
        agenda[index].started_at = now
    return index


def extend(agenda: list[AgendaItem], minutes: int) -> int | None:
    """Give the current item more (or, negative, less) time; never below one minute."""
    index = current_index(agenda)
    if index is not None:
        agenda[index].minutes = max(1, min(24 * 60, agenda[index].minutes + minutes))
    return index


def total_minutes(agenda: Sequence[AgendaItem]) -> int:
    return sum(item.minutes for item in agenda)


def minutes_left(agenda: Sequence[AgendaItem]) -> int:
    return sum(item.minutes for item in agenda if not item.done)
