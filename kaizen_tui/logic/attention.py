"""What needs attention across every event: the home queue and ``kaizen followups``.

Two kinds of item, each **overdue** (due before today) or **due soon** (due today up to 7 days
ahead, the same window as an action's "due soon"):

* a **review** not yet held, in an event that is reported or following up. Its owner is the
  event's facilitator — the change agent who calls the review and runs this tool — or, when the
  event names none, the team leader, then the process owner.
* an **open action** with a due date, in an event that is planned, live, reported or following
  up. Its owner is the action's owner ("" when nobody is named: that group is listed first, since
  an unowned overdue action is the first thing to fix).

Closed and abandoned events are left out: a closed event has no open actions (closing needs it),
and an abandoned one is followed by nobody.

The query reads the summaries of ``Store.list_summaries()`` (plain dicts with ISO dates), so it
needs no event loads and compares dates as strings; it parses only the dates it reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from kaizen_tui.logic.actions import DUE_SOON_DAYS

if TYPE_CHECKING:  # logic does not import the store; summaries are handed in
    from kaizen_tui.store.index import EventSummary

ACTION_STATUSES = frozenset({"planned", "live", "reported", "following_up"})
REVIEW_STATUSES = frozenset({"reported", "following_up"})
REVIEW_OWNER_ROLES = ("facilitator", "team_leader", "process_owner")

Kind = Literal["review", "action"]
Urgency = Literal["overdue", "due_soon"]


@dataclass(slots=True)
class AttentionItem:
    kind: Kind
    owner: str
    due: date
    days: int  # due - today: negative when overdue
    event_id: str
    event_title: str
    what: str  # the action's text, or "30-day review"
    action_id: str | None = None
    pdca: int | None = None
    day: int | None = None  # the review's day
    order: int = 0  # position in its event, to keep A2 before A10

    @property
    def urgency(self) -> Urgency:
        return "overdue" if self.days < 0 else "due_soon"

    @property
    def label(self) -> str:
        """``A4`` or ``30-day review``."""
        return self.action_id if self.action_id is not None else f"{self.day}-day review"

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "event_id": self.event_id,
            "event_title": self.event_title,
            "action_id": self.action_id,
            "day": self.day,
            "what": self.what,
            "due": self.due.isoformat(),
            "days": self.days,
            "urgency": self.urgency,
            "pdca": self.pdca,
        }


@dataclass(slots=True)
class OwnerGroup:
    owner: str  # "" = nobody named
    items: list[AttentionItem] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.days < 0)

    @property
    def due_soon(self) -> int:
        return sum(1 for item in self.items if item.days >= 0)

    def as_json(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "items": [item.as_json() for item in self.items],
        }


@dataclass(frozen=True, slots=True)
class Attention:
    today: date
    within_days: int
    groups: list[OwnerGroup]

    @property
    def items(self) -> list[AttentionItem]:
        return [item for group in self.groups for item in group.items]

    def count(self, kind: Kind, urgency: Urgency) -> int:
        return sum(
            1
            for group in self.groups
            for item in group.items
            if item.kind == kind and (item.days < 0) == (urgency == "overdue")
        )

    def as_json(self) -> dict[str, Any]:
        """The ``kaizen followups --json`` document (docs/cli.md; keep it stable)."""
        return {
            "today": self.today.isoformat(),
            "within_days": self.within_days,
            "counts": {
                "reviews_overdue": self.count("review", "overdue"),
                "reviews_due_soon": self.count("review", "due_soon"),
                "actions_overdue": self.count("action", "overdue"),
                "actions_due_soon": self.count("action", "due_soon"),
            },
            "owners": [group.as_json() for group in self.groups],
        }


def due_words(days: int) -> str:
    """How far a due date is from today, in words: ``3 days overdue``, ``1 day overdue``,
    ``today``, ``tomorrow``, ``in 4 days`` (the home queue and ``kaizen followups``)."""
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def short_due_words(days: int) -> str:
    """The same in at most 9 characters, for narrow screens: ``12 d late``, ``today``,
    ``in 4 d`` (as the action list says it)."""
    if days < 0:
        return f"{-days} d late"
    if days == 0:
        return "today"
    return f"in {days} d"


def review_owner(summary: EventSummary) -> str:
    """Who calls a review: the facilitator, else the team leader, else the process owner."""
    if summary.facilitator:
        return summary.facilitator
    if summary.team_leader:
        return summary.team_leader
    for person in summary.people:
        if person.get("role") == "process_owner":
            return str(person.get("name", ""))
    return ""


def needs_attention(
    summaries: Iterable[EventSummary], today: date, *, within_days: int = DUE_SOON_DAYS
) -> Attention:
    """Reviews and actions overdue or due within ``within_days``, grouped by owner: the group
    with no owner first, then owners alphabetically; in a group, by due date, then event, reviews
    before actions, then the order in the event."""
    horizon = (today + timedelta(days=within_days)).isoformat()
    parsed: dict[str, tuple[date, int]] = {}  # ISO date → (date, days from today), parsed once
    groups: dict[str, list[AttentionItem]] = {}

    def when(iso: str) -> tuple[date, int]:
        found = parsed.get(iso)
        if found is None:
            day = date.fromisoformat(iso)
            found = parsed[iso] = (day, (day - today).days)
        return found

    for summary in summaries:
        status = summary.status
        if status not in ACTION_STATUSES:
            continue
        if status in REVIEW_STATUSES:
            for position, review in enumerate(summary.reviews):
                due = review["due"]
                if due is None or due > horizon or review["held_on"] is not None:
                    continue
                owner = review_owner(summary)
                day = review["day"]
                when_due, days = when(due)
                item = AttentionItem(
                    "review",
                    owner,
                    when_due,
                    days,
                    summary.id,
                    summary.title,
                    f"{day}-day review",
                    None,
                    None,
                    day,
                    position,
                )
                groups.setdefault(owner, []).append(item)
        for position, action in enumerate(summary.actions):
            if action["status"] != "open":
                continue
            due = action["due"]
            if due is None or due > horizon:
                continue
            owner = action["owner"]
            when_due, days = when(due)
            # positional: this loop runs for every hit across the portfolio (bench/followups.py)
            item = AttentionItem(
                "action",
                owner,
                when_due,
                days,
                summary.id,
                summary.title,
                action["what"],
                action["id"],
                action["pdca"],
                None,
                position,
            )
            groups.setdefault(owner, []).append(item)

    ordered = []
    for owner in sorted(groups, key=lambda name: (name != "", name.casefold(), name)):
        items = groups[owner]
        items.sort(key=lambda i: (i.due, i.event_id, i.kind != "review", i.order))
        ordered.append(OwnerGroup(owner, items))
    return Attention(today, within_days, ordered)
