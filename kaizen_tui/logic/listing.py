"""The home screen's questions about the portfolio: which events match a filter, and in what
order. Works on the store's cheap summaries (duck-typed, so logic does not depend on the store).
What needs attention across events is ``logic/attention.py`` (also ``kaizen followups``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal, Protocol, TypeVar

#: Statuses as lists show them: "follow-up" keeps the column narrow (the full words are
#: ``transitions.STATUS_LABELS``).
LIST_STATUS_LABELS = {
    "planned": "planned",
    "live": "live",
    "reported": "reported",
    "following_up": "follow-up",
    "closed": "closed",
    "abandoned": "abandoned",
}


def dates_text(start: date | None, end: date | None) -> str:
    """An event's dates in a list cell: "2026-10-28 → 11-01" (the year once when it is the same)."""
    if start is None:
        return "–"
    if end is None or end == start:
        return start.isoformat()
    tail = end.strftime("%m-%d") if end.year == start.year else end.isoformat()
    return f"{start.isoformat()} → {tail}"


class Summary(Protocol):
    """What listing needs of an event summary (read-only: summaries are frozen)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def site(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def start(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...
    @property
    def next_review_due(self) -> date | None: ...
    @property
    def next_review_day(self) -> int | None: ...
    @property
    def facilitator(self) -> str: ...
    @property
    def team_leader(self) -> str: ...
    @property
    def open_actions(self) -> int: ...

    def overdue_actions(self, today: date) -> int: ...


S = TypeVar("S", bound=Summary)

SortKey = Literal["id", "title", "area", "status", "start", "open", "overdue", "review"]
SORT_KEYS: tuple[SortKey, ...] = (
    "start",
    "id",
    "title",
    "area",
    "status",
    "open",
    "overdue",
    "review",
)
SORT_LABELS: dict[SortKey, str] = {
    "id": "ID",
    "title": "title",
    "area": "area",
    "status": "status",
    "start": "dates",
    "open": "open actions",
    "overdue": "overdue actions",
    "review": "next review",
}
STATUS_ORDER = ("live", "planned", "reported", "following_up", "closed", "abandoned")


def matches(summary: Summary, text: str = "", status: str = "", area: str = "") -> bool:
    """Text matches id, title, area, site and the facilitator/team leader, case-insensitively;
    status and area must match exactly when given."""
    if status and summary.status != status:
        return False
    if area and summary.area != area:
        return False
    if text:
        haystack = " ".join(
            (
                summary.id,
                summary.title,
                summary.area,
                summary.site,
                summary.facilitator,
                summary.team_leader,
            )
        ).casefold()
        return all(word in haystack for word in text.casefold().split())
    return True


def filter_summaries(
    summaries: Iterable[S], text: str = "", status: str = "", area: str = ""
) -> list[S]:
    return [s for s in summaries if matches(s, text, status, area)]


def _sort_value(key: SortKey, today: date) -> Callable[[Summary], Any]:
    far = date.max
    if key == "id":
        return lambda s: s.id.casefold()
    if key == "title":
        return lambda s: s.title.casefold()
    if key == "area":
        return lambda s: (s.area.casefold(), s.id)
    if key == "status":
        return lambda s: (
            STATUS_ORDER.index(s.status) if s.status in STATUS_ORDER else 99,
            s.id,
        )
    if key == "open":
        return lambda s: (s.open_actions, s.id)
    if key == "overdue":
        return lambda s: (s.overdue_actions(today), s.open_actions, s.id)
    if key == "review":
        return lambda s: (s.next_review_due or far, s.id)
    return lambda s: (s.start or date.min, s.id)


def sort_summaries(
    summaries: Iterable[S], key: SortKey, *, descending: bool, today: date
) -> list[S]:
    """Sorted copy. Undated reviews sort last in either direction."""
    items = list(summaries)
    if key == "review":
        dated = [s for s in items if s.next_review_due is not None]
        undated = [s for s in items if s.next_review_due is None]
        dated.sort(key=_sort_value(key, today), reverse=descending)
        return dated + sorted(undated, key=lambda s: s.id)
    return sorted(items, key=_sort_value(key, today), reverse=descending)


def default_descending(key: SortKey) -> bool:
    """Newest first, most overdue first; names A→Z."""
    return key in ("start", "open", "overdue")


def distinct_areas(summaries: Sequence[Summary]) -> list[str]:
    return sorted({s.area for s in summaries if s.area}, key=str.casefold)
