"""The home screen's and ``kaizen list``'s questions about the portfolio: which events match a
filter, and in what order, answered by SQL on the cross-event index (logic/rows.py), so that a
list of 10,000 events reads only the page on screen. What needs attention across events is
``logic/attention.py`` (also ``kaizen followups``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from kaizen_tui.logic.actions import DUE_SOON_DAYS
from kaizen_tui.logic.queries import Execute, in_list, like_escape
from kaizen_tui.logic.summary import SUMMARY_COLUMNS, EventSummary, summary_from_row


def dates_text(start: date | None, end: date | None) -> str:
    """An event's dates in a list cell: "2026-10-28 → 11-01" (the year once when it is the same)."""
    if start is None:
        return "–"
    if end is None or end == start:
        return start.isoformat()
    tail = end.strftime("%m-%d") if end.year == start.year else end.isoformat()
    return f"{start.isoformat()} → {tail}"


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


def default_descending(key: SortKey) -> bool:
    """Newest first, most overdue first; names A→Z."""
    return key in ("start", "open", "overdue")


# -- the questions, as SQL on the cross-event index (logic/rows.py) ----------------------------


@dataclass(frozen=True)
class ListQuery:
    """Which events a list shows, and in what order.

    Text matches id, title, area, site and the facilitator/team leader, case-insensitively,
    every word somewhere; status and area must match exactly when given. Sorting: by start
    (newest first; undated last), id, title, area, status (in STATUS_ORDER), open actions,
    overdue actions (then open), or next review (undated reviews last in either direction, by
    id); ties keep the newest-start-first order, then the id."""

    text: str = ""
    status: str = ""
    area: str = ""
    sort: SortKey = "start"
    descending: bool = True

    def where(self, params: dict[str, Any]) -> str:
        clauses = []
        if self.status:
            params["status"] = self.status
            clauses.append("e.status = :status")
        if self.area:
            params["area"] = self.area
            clauses.append("e.area = :area")
        for i, word in enumerate(self.text.casefold().split()):
            params[f"word{i}"] = f"%{like_escape(word)}%"
            clauses.append(f"e.search LIKE :word{i} ESCAPE '\\'")
        return " AND ".join(clauses) or "1 = 1"

    def order_by(self) -> str:
        d = "DESC" if self.descending else "ASC"
        newest = "e.start_sort DESC, e.event_id DESC"  # the order ties keep
        key = self.sort
        if key == "id":
            return f"LOWER(e.event_id) {d}, {newest}"
        if key == "title":
            return f"e.title_key {d}, {newest}"
        if key == "area":
            return f"e.area_fold {d}, e.event_id {d}"
        if key == "status":
            ranks = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STATUS_ORDER))
            return f"CASE e.status {ranks} ELSE 99 END {d}, e.event_id {d}"
        if key == "open":
            return f"e.actions_open {d}, e.event_id {d}"
        if key == "overdue":
            return f"{OVERDUE} {d}, e.actions_open {d}, e.event_id {d}"
        if key == "review":
            undated = "CASE WHEN e.next_review_due IS NULL THEN 1 ELSE 0 END"
            dated_id = "CASE WHEN e.next_review_due IS NULL THEN '' ELSE e.event_id END"
            return f"{undated}, e.next_review_due {d}, {dated_id} {d}, e.event_id"
        return f"e.start_sort {d}, e.event_id {d}"


#: Open actions of the event due before :today, and due from :today to :soon.
OVERDUE = (
    "(SELECT COUNT(*) FROM actions a WHERE a.event_id = e.event_id AND a.status = 'open' "
    "AND a.due < :today)"
)
DUE_SOON = (
    "(SELECT COUNT(*) FROM actions a WHERE a.event_id = e.event_id AND a.status = 'open' "
    "AND a.due >= :today AND a.due <= :soon)"
)
SUMMARY_SELECT = (
    f"SELECT {', '.join('e.' + c for c in SUMMARY_COLUMNS)}, {OVERDUE}, {DUE_SOON} FROM events e"
)


def day_params(today: date) -> dict[str, Any]:
    soon = date.fromordinal(today.toordinal() + DUE_SOON_DAYS)
    return {"today": today.isoformat(), "soon": soon.isoformat()}


def summaries_from(rows: Iterable[Sequence[Any]], today: date) -> list[EventSummary]:
    """Summaries from rows of SUMMARY_SELECT (with the day_params of ``today``)."""
    return [summary_from_row(row, today) for row in rows]


def event_ids(db: Execute, query: ListQuery, today: date) -> list[str]:
    """The ids of the events the list shows, in its order (the rows are read a page at a time
    with summaries_of)."""
    params = day_params(today)
    where = query.where(params)
    sql = f"SELECT e.event_id FROM events e WHERE {where} ORDER BY {query.order_by()}"
    return [row[0] for row in db(sql, params)]


def summaries_of(db: Execute, ids: Sequence[str], today: date) -> list[EventSummary]:
    """The summaries of ``ids``, in that order (ids no longer in the index are left out)."""
    params = day_params(today)
    found: dict[str, EventSummary] = {}
    for start in range(0, len(ids), 500):  # SQLite takes at most 999 parameters in old builds
        chunk = ids[start : start + 500]
        clause = in_list("e.event_id", chunk, "id", params)
        for row in db(f"{SUMMARY_SELECT} WHERE {clause}", params):
            found[row[0]] = summary_from_row(row, today)
    return [found[i] for i in ids if i in found]


def iter_summaries(
    db: Execute, today: date, query: ListQuery | None = None
) -> Iterator[EventSummary]:
    """Every event the query keeps, in its order, one at a time (``kaizen list --json`` streams
    them, so its memory does not grow with the portfolio)."""
    query = query or ListQuery()
    params = day_params(today)
    where = query.where(params)
    sql = f"{SUMMARY_SELECT} WHERE {where} ORDER BY {query.order_by()}"
    for row in db(sql, params):
        yield summary_from_row(row, today)


def count_events(db: Execute) -> int:
    return int(next(iter(db("SELECT COUNT(*) FROM events", {})))[0])


def longest_id(db: Execute) -> int:
    """The length of the longest event id (a list's ID column is that wide)."""
    return int(next(iter(db("SELECT MAX(LENGTH(event_id)) FROM events", {})))[0] or 0)


def distinct_areas(db: Execute) -> list[str]:
    """The areas events are in, for a filter menu (A→Z, case ignored)."""
    areas = [row[0] for row in db("SELECT DISTINCT area FROM events WHERE area <> ''", {})]
    return sorted(areas, key=lambda a: (a.casefold(), a))


def conflicts_by_event(db: Execute) -> list[tuple[str, int]]:
    """(event id, open sync conflicts) of the events that have any, by id."""
    found = db("SELECT event_id, conflicts FROM events WHERE conflicts > 0 ORDER BY event_id", {})
    return [(str(row[0]), int(row[1])) for row in found]
