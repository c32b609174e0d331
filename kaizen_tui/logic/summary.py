"""One event as lists show it (the home screen, ``kaizen list``, the web lookup), without loading
the event: a row of the cross-event index (logic/rows.py) with its action counts for one day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class EventSummary:
    id: str
    title: str
    area: str
    site: str
    business_unit: str
    value_stream: str
    status: str
    start: date | None
    end: date | None
    report_out: date | None
    revision: int
    updated_at: str | None
    share_token: str
    actions_total: int
    open_actions: int
    next_review_due: date | None
    next_review_day: int | None
    facilitator: str
    team_leader: str
    #: open conflicts from syncing with the hub (``kaizen resolve``, the conflicts view)
    conflicts: int
    #: open actions overdue / due soon on ``counted_on`` (the day the summary was read for)
    overdue: int = 0
    due_soon: int = 0
    counted_on: date | None = None

    def overdue_actions(self, today: date) -> int:
        """Open actions due before ``today``; counted when the summary was read, for its day."""
        self._check_day(today)
        return self.overdue

    def due_soon_actions(self, today: date) -> int:
        """Open actions due from ``today`` to a week ahead (logic/actions.DUE_SOON_DAYS)."""
        self._check_day(today)
        return self.due_soon

    def _check_day(self, today: date) -> None:
        if today != self.counted_on:
            raise ValueError(
                f"{self.id}: actions were counted for {self.counted_on}, not {today}; "
                "read the summaries for that day"
            )


#: The columns of the index a summary is made from, in this order (then the three counts).
SUMMARY_COLUMNS = (
    "event_id",
    "title",
    "area",
    "site",
    "business_unit",
    "value_stream",
    "status",
    "start_date",
    "end_date",
    "report_out",
    "revision",
    "updated_at",
    "share_token",
    "actions_total",
    "actions_open",
    "next_review_due",
    "next_review_day",
    "facilitator",
    "team_leader",
    "conflicts",
)


def summary_from_row(row: Sequence[Any], counted_on: date | None) -> EventSummary:
    """A summary from a row of SUMMARY_COLUMNS followed by the overdue and due-soon counts."""
    return EventSummary(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        _date(row[7]),
        _date(row[8]),
        _date(row[9]),
        row[10],
        row[11],
        row[12],
        row[13],
        row[14],
        _date(row[15]),
        row[16],
        row[17],
        row[18],
        row[19],
        row[20] or 0,
        row[21] or 0,
        counted_on,
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
