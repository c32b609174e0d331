"""What the A3 says, as plain data: shared by the PDF and the Markdown so both tell the same story.

No reportlab here; every function takes models (and ``today``) and returns strings or tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kaizen_tui.logic.actions import urgency
from kaizen_tui.logic.reviews import due_date_of, is_review_overdue, planned_reviews
from kaizen_tui.logic.transitions import label
from kaizen_tui.logic.trend import Trend
from kaizen_tui.model import (
    FISHBONE_DEFAULT,
    ROLE_LABELS,
    ROLES,
    Action,
    Event,
    Review,
    RootCause,
)

WASTE_LABELS = {
    "transport": "Transport",
    "inventory": "Inventory",
    "motion": "Motion",
    "waiting": "Waiting",
    "overproduction": "Overproduction",
    "overprocessing": "Over-processing",
    "defects": "Defects",
    "skills": "Unused skills",
}
SECTION_TITLES = {
    "1": "Background / problem",
    "2": "Current condition",
    "3": "Target",
    "4": "Root-cause analysis",
    "5": "Countermeasures",
    "6": "Action plan",
    "7": "Results",
    "8": "Follow-up",
}


def quantity(value: float | None, unit: str = "") -> str:
    """``94 min``, ``6.5 h``, ``27%``; ``–`` for no value."""
    if value is None:
        return "–"
    number = f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if unit.strip() == "%":
        return f"{number}%"
    return f"{number} {unit}".strip()


def progress_text(trend: Trend) -> str:
    """How far the latest reading got: ``target met``, ``62% of the change``, ``worse than
    baseline``, or ``""`` when it cannot be said (logic/verdict.py's progress)."""
    progress = trend.latest_progress
    if progress is None:
        return ""
    if progress >= 1:
        return "target met"
    if progress < 0:
        return "worse than baseline"
    return f"{progress * 100:.0f}% of the change"


def iso(value: date | None) -> str:
    return value.isoformat() if value else "–"


def event_dates(event: Event) -> str:
    if event.start and event.end and event.start != event.end:
        return f"{iso(event.start)} → {iso(event.end)}"
    return iso(event.start or event.end)


def place(event: Event) -> str:
    return " · ".join(part for part in (event.site, event.area) if part.strip())


def header_facts(event: Event) -> list[tuple[str, str]]:
    """The header's line of facts as (label, value); the place has no label."""
    e = event
    out: list[tuple[str, str]] = []
    if place(e):
        out.append(("", place(e)))
    if e.value_stream.strip():
        out.append(("Value stream", e.value_stream))
    if e.business_unit.strip():
        out.append(("Business unit", e.business_unit))
    if e.start or e.end:
        out.append(("Event", event_dates(e)))
    if e.report_out:
        out.append(("Report-out", iso(e.report_out)))
    out.append(("Status", label(e.status)))
    return out


def role_lines(event: Event) -> list[tuple[str, list[str]]]:
    """Key roles in charter order, each with its people; the plain members come separately."""
    lines = []
    for role in ROLES:
        if role == "member":
            continue
        names = [p.name for p in event.people_with_role(role)]
        if names:
            lines.append((ROLE_LABELS[role], names))
    return lines


def team_members(event: Event) -> list[str]:
    return [
        f"{p.name} ({p.department})" if p.department.strip() else p.name
        for p in event.people_with_role("member")
    ]


@dataclass(frozen=True)
class ActionState:
    label: str  # what the Status column says ("OVERDUE 6 d": a no-break space before "d")
    kind: str  # overdue | due_soon | open | undated | done | dropped


def action_state(action: Action, today: date) -> ActionState:
    if action.status == "done":
        when = f" {iso(action.done_on)}" if action.done_on else ""
        return ActionState(f"done{when}", "done")
    if action.status == "dropped":
        return ActionState("dropped", "dropped")
    kind = urgency(action, today)
    if kind == "overdue" and action.due is not None:
        return ActionState(f"OVERDUE {(today - action.due).days}\u00a0d", "overdue")
    if kind == "due_soon" and action.due is not None:
        days = (action.due - today).days
        return ActionState("due today" if days == 0 else f"due in {days}\u00a0d", "due_soon")
    if kind == "undated":
        return ActionState("open, no date", "undated")
    return ActionState("open", "open")


def fishbone(
    event: Event, categories: Sequence[str] = FISHBONE_DEFAULT
) -> tuple[list[tuple[str, list[RootCause]]], list[str]]:
    """Root causes by fishbone category, in the configured order (other categories after, then
    uncategorised), and the configured categories under which no cause was found."""
    by_category: dict[str, list[RootCause]] = {}
    for rc in event.root_causes:
        key = rc.category.strip().lower() or "uncategorised"
        by_category.setdefault(key, []).append(rc)
    order = [c.lower() for c in categories]
    rest = sorted(k for k in by_category if k not in order and k != "uncategorised")
    if "uncategorised" in by_category and "uncategorised" not in order:
        rest.append("uncategorised")
    rows = [(key, by_category[key]) for key in [*order, *rest] if key in by_category]
    empty = [c for c in order if c not in by_category]
    return rows, empty


def countermeasures(event: Event) -> list[tuple[RootCause | None, list[Action]]]:
    """Actions grouped under the root cause they address (in root-cause order); actions linked to
    no cause come last, under None."""
    groups: list[tuple[RootCause | None, list[Action]]] = []
    for rc in event.root_causes:
        linked = [a for a in event.actions if a.root_cause == rc.id]
        if linked:
            groups.append((rc, linked))
    unlinked = [a for a in event.actions if a.root_cause is None]
    if unlinked:
        groups.append((None, unlinked))
    return groups


@dataclass(frozen=True)
class ReviewLine:
    day: int
    due: date | None
    held_on: date | None
    verdict: str | None
    notes: str
    state: str  # "held 2026-…" / "due in 5 d" / "OVERDUE 3 d" / "due 2026-…"
    overdue: bool
    readings: dict[str, float]


def review_lines(event: Event, today: date, days: Sequence[int] = (30, 60, 90)) -> list[ReviewLine]:
    """The event's reviews; when none are planned yet but the report-out date is set, the default
    30/60/90-day reviews it will get."""
    reviews: list[Review] = list(event.reviews)
    if not reviews and event.report_out is not None:
        reviews = planned_reviews(event.report_out, days)
    lines = []
    for review in sorted(reviews, key=lambda r: r.day):
        due = due_date_of(review, event)
        overdue = is_review_overdue(review, event, today)
        if review.held_on is not None:
            state = f"held {iso(review.held_on)}"
        elif overdue and due is not None:
            state = f"OVERDUE {(today - due).days}\u00a0d"
        elif due is not None and 0 <= (due - today).days <= 14:
            days_left = (due - today).days
            state = "due today" if days_left == 0 else f"due in {days_left}\u00a0d"
        else:
            state = "planned"
        lines.append(
            ReviewLine(
                review.day,
                due,
                review.held_on,
                review.verdict,
                review.notes,
                state,
                overdue,
                dict(review.readings),
            )
        )
    return lines
