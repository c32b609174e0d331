"""The home-screen index: one small summary per event, cached in ``index.json`` (and, without
the detail lists, in ``index-list.json``).

The cache is keyed by each event file's (inode, size, mtime): a save replaces the file (new inode),
so the next listing re-reads exactly the files that changed and no save ever rewrites the index.
It can always be rebuilt from the event files; a damaged cache is simply ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaizen_tui.logic.actions import DUE_SOON_DAYS
from kaizen_tui.store.atomic import atomic_write_bytes

if TYPE_CHECKING:
    from kaizen_tui.model import Event, Reading

#: Bump when summarize() changes, so every cached summary is rebuilt once.
SUMMARY_VERSION = 4

#: Longest yokoten practice and sensei note kept in the index; the event file keeps the full text.
INDEX_TEXT_LIMIT = 2000

INDEX = "index.json"
#: list_summaries(details=False) reads this smaller copy of the index, without these lists.
BRIEF_INDEX = "index-list.json"
DETAIL_KEYS = ("actions", "people", "metrics", "reviews", "yokoten", "sensei_notes")


def summarize(event: Event) -> dict[str, Any]:
    from kaizen_tui.logic.reviews import due_date_of, next_review  # not on the cached path

    review = next_review(event)
    review_due = due_date_of(review, event) if review else None
    return {
        "id": event.id,
        "title": event.title,
        "area": event.area,
        "site": event.site,
        "business_unit": event.business_unit,
        "value_stream": event.value_stream,
        "status": event.status,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "report_out": _iso(event.report_out),
        "revision": event.revision,
        "updated_at": event.updated_at.isoformat() if event.updated_at else None,
        "share_token": event.share_token,
        "actions_total": len(event.actions),
        "open_dues": [_iso(a.due) for a in event.actions if a.status == "open"],
        "next_review_due": _iso(review_due),
        "next_review_day": review.day if review else None,
        # fields two copies changed two ways, waiting for the facilitator (the hub, issue 14)
        "conflicts": len(event.conflicts),
        "facilitator": event.first_name_with_role("facilitator"),
        "team_leader": event.first_name_with_role("team_leader"),
        # Portfolio-level facts (follow-ups, LPO report) so cross-event questions need no
        # full event loads; long free text stays in the event file.
        "actions": [
            {
                "id": a.id,
                "what": a.what[:160],
                "owner": a.owner,
                "due": _iso(a.due),
                "status": a.status,
                "done_on": _iso(a.done_on),
                "pdca": a.pdca,
            }
            for a in event.actions
        ],
        "people": [
            {"name": p.name, "role": p.role, "from_line": p.from_line, "department": p.department}
            for p in event.people
        ],
        "metrics": [
            {
                "id": m.id,
                "name": m.name,
                "unit": m.unit,
                "direction": m.direction,
                "baseline": m.baseline,
                "target": m.target,
                "latest": _latest_reading(m.readings),
            }
            for m in event.metrics
        ],
        "reviews": [
            {
                "day": r.day,
                "due": _iso(due_date_of(r, event)),
                "held_on": _iso(r.held_on),
                "verdict": r.verdict,
                "readings": dict(r.readings),
            }
            for r in event.reviews
        ],
        # The LPO's registers (yokoten search, sensei notes) read the index too, so a search over
        # 1,000 events reads one file instead of 1,000.
        "yokoten": [
            {
                "practice": _clip(y.practice),
                "to_area": y.to_area,
                "status": y.status,
                "adopted_in": y.adopted_in,
            }
            for y in event.yokoten
        ],
        "sensei_notes": [
            {"date": _iso(n.date), "by": n.by, "note": _clip(n.note)} for n in event.sensei_notes
        ],
    }


def _clip(text: str, limit: int = INDEX_TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _latest_reading(readings: list[Reading]) -> dict[str, Any] | None:
    if not readings:
        return None
    last = max(readings, key=lambda r: r.date)
    return {"date": last.date.isoformat(), "value": last.value}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class EventSummary:
    """What the home screen, ``kaizen list`` and the web lookup need, without loading events."""

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
    open_dues: tuple[str | None, ...]
    next_review_due: date | None
    next_review_day: int | None
    facilitator: str
    team_leader: str
    #: open conflicts from syncing with the hub (``kaizen resolve``, the conflicts view)
    conflicts: int = 0
    #: JSON-shaped facts for cross-event questions (see summarize()): lists of dicts with
    #: ISO date strings, read as-is so listing 1,000 events parses no dates it does not need.
    actions: tuple[dict[str, Any], ...] = ()
    people: tuple[dict[str, Any], ...] = ()
    metrics: tuple[dict[str, Any], ...] = ()
    reviews: tuple[dict[str, Any], ...] = ()
    yokoten: tuple[dict[str, Any], ...] = ()
    sensei_notes: tuple[dict[str, Any], ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventSummary:
        return cls(
            id=data["id"],
            title=data["title"],
            area=data["area"],
            site=data["site"],
            business_unit=data["business_unit"],
            value_stream=data["value_stream"],
            status=data["status"],
            start=_date(data["start"]),
            end=_date(data["end"]),
            report_out=_date(data["report_out"]),
            revision=data["revision"],
            updated_at=data["updated_at"],
            share_token=data["share_token"],
            actions_total=data["actions_total"],
            open_dues=tuple(data["open_dues"]),
            next_review_due=_date(data["next_review_due"]),
            next_review_day=data["next_review_day"],
            facilitator=data["facilitator"],
            team_leader=data["team_leader"],
            conflicts=data.get("conflicts", 0),
            actions=tuple(data["actions"]),
            people=tuple(data["people"]),
            metrics=tuple(data["metrics"]),
            reviews=tuple(data["reviews"]),
            yokoten=tuple(data["yokoten"]),
            sensei_notes=tuple(data["sensei_notes"]),
        )

    @property
    def open_actions(self) -> int:
        return len(self.open_dues)

    def overdue_actions(self, today: date) -> int:
        iso = today.isoformat()
        return sum(1 for due in self.open_dues if due is not None and due < iso)

    def due_soon_actions(self, today: date, days: int = DUE_SOON_DAYS) -> int:
        low, high = today.isoformat(), (today + timedelta(days=days)).isoformat()
        return sum(1 for due in self.open_dues if due is not None and low <= due <= high)


# -- the cache files -------------------------------------------------------------------------------


def event_files(folder: Path) -> list[os.DirEntry[str]]:
    """The event files in ``folder``: hidden ones (temp files being written) are not events."""
    with os.scandir(folder) as entries:
        return [e for e in entries if e.name.endswith(".json") and not e.name.startswith(".")]


def file_key(stat: os.stat_result) -> list[int]:
    """What a cached summary is kept for: every save replaces the file, so it changes this."""
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def newest_first(summaries: list[EventSummary]) -> list[EventSummary]:
    summaries.sort(key=lambda s: (s.start or date.min, s.id), reverse=True)
    return summaries


def read_index(root: Path) -> dict[str, dict[str, Any]]:
    """The cached summaries by file name; empty when the cache is missing, damaged or old."""
    return _read_entries(root / INDEX) or {}


def write_index(root: Path, entries: dict[str, dict[str, Any]]) -> None:
    payload = _payload(entries)
    # The same entries without the detail lists, for list_summaries(details=False).
    brief = {
        name: {
            "key": item["key"],
            "summary": {k: v for k, v in item["summary"].items() if k not in DETAIL_KEYS},
        }
        for name, item in entries.items()
    }
    brief_payload = _payload(brief)
    # A cache: atomic so it is never torn, but no fsync — losing it costs one rebuild.
    with contextlib.suppress(OSError):
        atomic_write_bytes(root / INDEX, payload, fsync=False)
        atomic_write_bytes(root / BRIEF_INDEX, brief_payload, fsync=False)


def brief_summaries(root: Path, folder: Path) -> list[EventSummary] | None:
    """Summaries without details from ``index-list.json``, if it is current for every event
    file in ``folder``; None when anything changed (the caller then takes the full path, which
    rebuilds both caches)."""
    if not folder.is_dir():
        return []
    entries = _read_entries(root / BRIEF_INDEX)
    if entries is None:
        return None
    files = event_files(folder)
    if len(files) != len(entries):
        return None
    empty = dict.fromkeys(DETAIL_KEYS, ())
    summaries = []
    for entry in files:
        cached = entries.get(entry.name)
        try:
            stat = entry.stat()
        except FileNotFoundError:
            return None
        if not isinstance(cached, dict) or cached.get("key") != file_key(stat):
            return None
        try:
            summaries.append(EventSummary.from_dict({**cached["summary"], **empty}))
        except (KeyError, TypeError, ValueError):
            return None
    return newest_first(summaries)


def _read_entries(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != SUMMARY_VERSION:
        return None
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else None


def _payload(entries: dict[str, Any]) -> bytes:
    data = {"version": SUMMARY_VERSION, "entries": entries}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")
