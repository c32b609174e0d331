"""The cross-event index as relational rows: its tables, and the one function that turns an
event into them.

The laptop keeps these rows in a SQLite file beside the event files (store/sqlindex.py), the hub in
its own database; both create the tables from :data:`TABLES` and fill them with :func:`event_rows`,
and both answer follow-ups and the LPO figures with the same SQL (logic/queries.py). The rows are a
cache of the events: everything in them can be made again from the event files.

Portable on purpose (SQLite and PostgreSQL): types are TEXT, INTEGER and REAL; dates are ISO
``YYYY-MM-DD`` text, compared as text; booleans are 0/1; names that people type are kept as typed
and, for matching, as a *key* (``person_key``: spaces collapsed, case folded), so no query needs a
function that only one database has. Text that sorts is compared byte-wise: on PostgreSQL give
these columns ``COLLATE "C"`` (SQLite's default) so both order rows alike.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from kaizen_tui.logic.people import owner_kind, people_index, person_key

#: Bump when a table or event_rows() changes: every index made before is rebuilt once.
SCHEMA_VERSION = 3

#: Longest action text kept in a row (lists show one line); the event file keeps it whole.
WHAT_LIMIT = 160
#: Longest yokoten practice and sensei note kept; the event file keeps the full text.
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, TEXT | INTEGER | REAL [NOT NULL])
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    # cached: asked for every event put in the index (10,000 on a hub's first dashboard)
    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create(self) -> list[str]:
        cols = ", ".join(f"{name} {kind}" for name, kind in self.columns)
        statements = [
            f"CREATE TABLE IF NOT EXISTS {self.name} ({cols}, PRIMARY KEY ({', '.join(self.key)}))"
        ]
        for columns in self.indexes:
            name = f"{self.name}_by_{'_'.join(columns)}"
            statements.append(
                f"CREATE INDEX IF NOT EXISTS {name} ON {self.name} ({', '.join(columns)})"
            )
        return statements

    @cached_property
    def insert_sql(self) -> str:
        marks = ", ".join(f":{name}" for name in self.names)
        return f"INSERT INTO {self.name} ({', '.join(self.names)}) VALUES ({marks})"


EVENTS = Table(
    "events",
    (
        ("event_id", "TEXT NOT NULL"),
        ("title", "TEXT NOT NULL"),
        ("title_key", "TEXT NOT NULL"),  # casefolded, for sorting by title
        ("site", "TEXT NOT NULL"),
        ("site_key", "TEXT NOT NULL"),
        ("area", "TEXT NOT NULL"),
        ("area_key", "TEXT NOT NULL"),
        ("area_fold", "TEXT NOT NULL"),  # casefolded, for sorting by area
        ("business_unit", "TEXT NOT NULL"),
        ("unit_key", "TEXT NOT NULL"),
        ("value_stream", "TEXT NOT NULL"),
        ("status", "TEXT NOT NULL"),
        ("start_date", "TEXT"),
        ("end_date", "TEXT"),
        ("report_out", "TEXT"),
        ("start_sort", "TEXT NOT NULL"),  # start_date, or "" when there is none
        ("revision", "INTEGER NOT NULL"),
        ("updated_at", "TEXT"),
        ("share_token", "TEXT NOT NULL"),
        ("token_hash", "TEXT NOT NULL"),  # SHA-256 of the token: looked up without revealing it
        ("actions_total", "INTEGER NOT NULL"),
        ("actions_open", "INTEGER NOT NULL"),
        # the event's actions counted as the LPO figures count them (ACTION_COUNTS): reading
        # 10,000 rows instead of grouping 150,000 on every report. Overdue is not among them:
        # it depends on the day asked.
        ("actions_done", "INTEGER NOT NULL"),  # neither open nor dropped
        ("actions_dropped", "INTEGER NOT NULL"),
        ("actions_on_time", "INTEGER NOT NULL"),  # done, done_on <= due
        ("actions_late", "INTEGER NOT NULL"),  # done, done_on > due
        ("actions_done_undated", "INTEGER NOT NULL"),  # done, due or done_on missing
        # not dropped, by owner_kind
        ("actions_line", "INTEGER NOT NULL"),
        ("actions_lpo", "INTEGER NOT NULL"),
        ("actions_no_owner", "INTEGER NOT NULL"),
        ("actions_not_on_team", "INTEGER NOT NULL"),
        # those owners as typed and their actions not dropped, JSON [[owner, n], …] in the
        # order met, "" when none: the report's list of them reads 10,000 short texts, not
        # every action grouped by owner
        ("outsiders", "TEXT NOT NULL"),
        ("next_review_due", "TEXT"),
        ("next_review_day", "INTEGER"),
        ("facilitator", "TEXT NOT NULL"),  # the first person listed in the role, or ""
        ("team_leader", "TEXT NOT NULL"),
        ("review_owner", "TEXT NOT NULL"),  # who calls a review: see review_owner()
        ("conflicts", "INTEGER NOT NULL"),  # fields a sync found changed two ways, to choose
        ("search", "TEXT NOT NULL"),  # id, title, area, site and leaders, casefolded
    ),
    ("event_id",),
    (("start_sort", "event_id"), ("status",), ("token_hash",)),
)
ACTIONS = Table(
    "actions",
    (
        ("event_id", "TEXT NOT NULL"),
        ("seq", "INTEGER NOT NULL"),  # position in the event, from 0
        ("action_id", "TEXT NOT NULL"),
        ("what", "TEXT NOT NULL"),
        ("owner", "TEXT NOT NULL"),
        ("owner_key", "TEXT NOT NULL"),
        ("owner_kind", "TEXT NOT NULL"),  # line | lpo | not_on_team | no_owner (logic/people.py)
        ("due", "TEXT"),
        ("status", "TEXT NOT NULL"),
        ("done_on", "TEXT"),
        ("pdca", "INTEGER NOT NULL"),
    ),
    ("event_id", "seq"),
    # what is due across the portfolio; one event's open actions by due date (a list's counts)
    (("status", "due"), ("event_id", "status", "due")),
)
PEOPLE = Table(
    "people",
    (
        ("event_id", "TEXT NOT NULL"),
        ("seq", "INTEGER NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("name_key", "TEXT NOT NULL"),
        ("role", "TEXT NOT NULL"),
        ("from_line", "INTEGER NOT NULL"),
        ("department", "TEXT NOT NULL"),
    ),
    ("event_id", "seq"),
    (("role",),),
)
METRICS = Table(
    "metrics",
    (
        ("event_id", "TEXT NOT NULL"),
        ("seq", "INTEGER NOT NULL"),
        ("metric_id", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("unit", "TEXT NOT NULL"),
        ("direction", "TEXT NOT NULL"),
        ("baseline", "REAL"),
        ("target", "REAL"),
        ("latest_value", "REAL"),  # the latest dated reading of the metric itself
        ("latest_date", "TEXT"),
    ),
    ("event_id", "seq"),
)
REVIEWS = Table(
    "reviews",
    (
        ("event_id", "TEXT NOT NULL"),
        ("seq", "INTEGER NOT NULL"),
        ("day", "INTEGER NOT NULL"),
        ("due", "TEXT"),  # its own due date, else report-out + day (logic/reviews.py)
        ("held_on", "TEXT"),
        ("verdict", "TEXT"),
    ),
    ("event_id", "seq"),
    (("held_on", "due"), ("day",)),
)
READINGS = Table(
    "review_readings",
    (
        ("event_id", "TEXT NOT NULL"),
        ("review_seq", "INTEGER NOT NULL"),
        ("metric_id", "TEXT NOT NULL"),
        ("value", "REAL NOT NULL"),
    ),
    ("event_id", "review_seq", "metric_id"),
)
YOKOTEN = Table(
    "yokoten",
    (
        ("event_id", "TEXT NOT NULL"),
        ("seq", "INTEGER NOT NULL"),  # the practice's number in its event is seq + 1
        ("practice", "TEXT NOT NULL"),
        ("to_area", "TEXT NOT NULL"),
        ("to_area_key", "TEXT NOT NULL"),
        ("status", "TEXT NOT NULL"),
        ("adopted_in", "TEXT NOT NULL"),
    ),
    ("event_id", "seq"),
)
SENSEI_NOTES = Table(
    "sensei_notes",
    (
        ("event_id", "TEXT NOT NULL"),
        ("seq", "INTEGER NOT NULL"),
        ("note_date", "TEXT"),
        ("by_name", "TEXT NOT NULL"),
        ("note", "TEXT NOT NULL"),
    ),
    ("event_id", "seq"),
)

TABLES: tuple[Table, ...] = (
    EVENTS,
    ACTIONS,
    PEOPLE,
    METRICS,
    REVIEWS,
    READINGS,
    YOKOTEN,
    SENSEI_NOTES,
)

Rows = dict[str, list[dict[str, Any]]]


def create_statements() -> list[str]:
    """CREATE TABLE / CREATE INDEX statements for every table (IF NOT EXISTS)."""
    return [statement for table in TABLES for statement in table.create()]


def event_rows(event: Mapping[str, Any]) -> Rows:
    """The rows of one event, table name → rows (dicts keyed by column), from its JSON form
    (``bundle["event"]``, as the store writes it and the hub keeps it; keys the model fills with
    defaults may be missing). Pure: the same event gives the same rows."""
    event_id = str(event.get("id") or "")
    people = list(event.get("people") or ())
    metrics = list(event.get("metrics") or ())
    reviews = list(event.get("reviews") or ())
    actions = list(event.get("actions") or ())
    report_out = event.get("report_out")
    index = people_index(people)
    title = str(event.get("title") or "")
    site = str(event.get("site") or "")
    area = str(event.get("area") or "")
    unit = str(event.get("business_unit") or "")
    facilitator = first_with_role(people, "facilitator")
    leader = first_with_role(people, "team_leader")
    start = event.get("start")
    token = str(event.get("share_token") or "")
    dues = [review_due(r, report_out) for r in reviews]
    upcoming = _next_review(reviews, dues)
    rows: Rows = {table.name: [] for table in TABLES}
    for seq, a in enumerate(actions):
        owner = str(a.get("owner") or "")
        rows["actions"].append(
            {
                "event_id": event_id,
                "seq": seq,
                "action_id": str(a.get("id") or ""),
                "what": str(a.get("what") or "")[:WHAT_LIMIT],
                "owner": owner,
                "owner_key": person_key(owner),
                "owner_kind": owner_kind(owner, index),
                "due": a.get("due"),
                "status": str(a.get("status") or "open"),
                "done_on": a.get("done_on"),
                "pdca": int(a.get("pdca") or 0),
            }
        )
    counts = action_counts(rows["actions"])
    outsiders: dict[str, int] = {}
    for a in rows["actions"]:
        if a["owner_kind"] == "not_on_team" and a["status"] != "dropped":
            outsiders[a["owner"]] = outsiders.get(a["owner"], 0) + 1
    rows["events"].append(
        {
            "event_id": event_id,
            "title": title,
            "title_key": title.casefold(),
            "site": site,
            "site_key": person_key(site),
            "area": area,
            "area_key": person_key(area),
            "area_fold": area.casefold(),
            "business_unit": unit,
            "unit_key": person_key(unit),
            "value_stream": str(event.get("value_stream") or ""),
            "status": str(event.get("status") or "planned"),
            "start_date": start,
            "end_date": event.get("end"),
            "report_out": report_out,
            "start_sort": start or "",
            "revision": int(event.get("revision") or 0),
            "updated_at": event.get("updated_at"),
            "share_token": token,
            "token_hash": token_hash(token),
            **counts,
            "outsiders": json.dumps(list(outsiders.items()), ensure_ascii=False)
            if outsiders
            else "",
            "next_review_due": dues[upcoming] if upcoming is not None else None,
            "next_review_day": reviews[upcoming].get("day") if upcoming is not None else None,
            "facilitator": facilitator,
            "team_leader": leader,
            "review_owner": review_owner(people),
            "conflicts": len(event.get("conflicts") or ()),
            "search": " ".join((event_id, title, area, site, facilitator, leader)).casefold(),
        }
    )
    for seq, p in enumerate(people):
        name = str(p.get("name") or "")
        rows["people"].append(
            {
                "event_id": event_id,
                "seq": seq,
                "name": name,
                "name_key": person_key(name),
                "role": str(p.get("role") or "member"),
                "from_line": 1 if p.get("from_line", True) else 0,
                "department": str(p.get("department") or ""),
            }
        )
    for seq, m in enumerate(metrics):
        latest = latest_reading(m.get("readings") or ())
        rows["metrics"].append(
            {
                "event_id": event_id,
                "seq": seq,
                "metric_id": str(m.get("id") or ""),
                "name": str(m.get("name") or ""),
                "unit": str(m.get("unit") or ""),
                "direction": str(m.get("direction") or "lower"),
                "baseline": _number(m.get("baseline")),
                "target": _number(m.get("target")),
                "latest_value": latest[1] if latest else None,
                "latest_date": latest[0] if latest else None,
            }
        )
    for seq, (r, due) in enumerate(zip(reviews, dues, strict=True)):
        rows["reviews"].append(
            {
                "event_id": event_id,
                "seq": seq,
                "day": int(r.get("day") or 0),
                "due": due,
                "held_on": r.get("held_on"),
                "verdict": r.get("verdict"),
            }
        )
        for metric_id, value in (r.get("readings") or {}).items():
            rows["review_readings"].append(
                {
                    "event_id": event_id,
                    "review_seq": seq,
                    "metric_id": str(metric_id),
                    "value": float(value),
                }
            )
    for seq, y in enumerate(event.get("yokoten") or ()):
        to_area = str(y.get("to_area") or "")
        rows["yokoten"].append(
            {
                "event_id": event_id,
                "seq": seq,
                "practice": clip(str(y.get("practice") or "")),
                "to_area": to_area,
                "to_area_key": person_key(to_area),
                "status": str(y.get("status") or "proposed"),
                "adopted_in": str(y.get("adopted_in") or ""),
            }
        )
    for seq, n in enumerate(event.get("sensei_notes") or ()):
        rows["sensei_notes"].append(
            {
                "event_id": event_id,
                "seq": seq,
                "note_date": n.get("date"),
                "by_name": str(n.get("by") or ""),
                "note": clip(str(n.get("note") or "")),
            }
        )
    return rows


def action_counts(actions: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """The ``actions_*`` columns of an event's row, from its action rows: done is neither open
    nor dropped; on time when done on or before its due date, late after it, undated when
    either date is missing; owners counted among the actions not dropped."""
    counts = dict.fromkeys(
        (
            "actions_total", "actions_open", "actions_done", "actions_dropped",
            "actions_on_time", "actions_late", "actions_done_undated", "actions_line",
            "actions_lpo", "actions_no_owner", "actions_not_on_team",
        ),
        0,
    )  # fmt: skip
    for a in actions:
        counts["actions_total"] += 1
        status = a["status"]
        if status == "open":
            counts["actions_open"] += 1
            continue
        if status == "dropped":
            counts["actions_dropped"] += 1
            continue
        counts["actions_done"] += 1
        due, done_on = a["due"], a["done_on"]
        if due is None or done_on is None:
            counts["actions_done_undated"] += 1
        elif done_on <= due:
            counts["actions_on_time"] += 1
        else:
            counts["actions_late"] += 1
    for a in actions:
        if a["status"] != "dropped":
            counts[f"actions_{a['owner_kind']}"] += 1
    return counts


def first_with_role(people: Sequence[Mapping[str, Any]], role: str) -> str:
    """The name of the first person listed with ``role``, or ""."""
    return next((str(p.get("name") or "") for p in people if p.get("role") == role), "")


#: Who calls a review, in this order (logic/attention.py explains why).
REVIEW_OWNER_ROLES = ("facilitator", "team_leader", "process_owner")


def review_owner(people: Sequence[Mapping[str, Any]]) -> str:
    """Who calls a review: the facilitator, else the team leader, else the process owner."""
    for role in REVIEW_OWNER_ROLES:
        name = first_with_role(people, role)
        if name:
            return name
    return ""


def review_due(review: Mapping[str, Any], report_out: str | None) -> str | None:
    """A review's due date: its own, else report-out + day (as logic/reviews.due_date_of)."""
    due = review.get("due")
    if due:
        return str(due)
    if report_out:
        return (date.fromisoformat(report_out) + timedelta(days=int(review["day"]))).isoformat()
    return None


def _next_review(reviews: Sequence[Mapping[str, Any]], dues: Sequence[str | None]) -> int | None:
    """The position of the earliest review not yet held (by due date; the first listed of a
    tie), as logic/reviews.next_review."""
    best: int | None = None
    for i, (review, due) in enumerate(zip(reviews, dues, strict=True)):
        if (
            review.get("held_on") is None
            and due is not None
            and (best is None or due < str(dues[best]))
        ):
            best = i
    return best


def latest_reading(readings: Sequence[Mapping[str, Any]]) -> tuple[str, float] | None:
    """(ISO date, value) of the latest dated reading; the first listed of a tie."""
    best: Mapping[str, Any] | None = None
    for reading in readings:
        if best is None or str(reading["date"]) > str(best["date"]):
            best = reading
    return (str(best["date"]), float(best["value"])) if best is not None else None


def clip(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def token_hash(token: str) -> str:
    import hashlib  # here: loading it (OpenSSL) is a few ms of every app start, bench startup

    return hashlib.sha256(token.encode()).hexdigest()


def _number(value: Any) -> float | None:
    return None if value is None else float(value)
