"""The portfolio as plain JSON data: ``kaizen report --json`` (documented in docs/cli.md; keep it
stable, add keys rather than change them). Shares are percentages rounded to 0.1, or null when
there is nothing to divide by."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from kaizen_tui.logic.evidence import PersonEvidence
from kaizen_tui.logic.portfolio import LineCapability, Portfolio, QuarterCapability
from kaizen_tui.logic.results import RateRow, Sustainment
from kaizen_tui.logic.yokoten import YokotenItem, count_by_status

REPORT_FORMAT = "kaizen-report/1"


def pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def portfolio_json(p: Portfolio) -> dict[str, Any]:
    flt = p.filter
    a = p.actions
    return {
        "format": REPORT_FORMAT,
        "today": p.today.isoformat(),
        "filter": {
            "site": list(flt.sites),
            "business_unit": list(flt.business_units),
            "area": list(flt.areas),
            "from": _iso(flt.start_from),
            "to": _iso(flt.start_to),
        },
        "settings": {
            "sustain_review_day": p.settings.sustain_day,
            "certification_levels": [level.spec for level in p.settings.levels],
        },
        "events": {
            "total": len(p.events),
            "by_status": dict(p.by_status),
            "by_area_quarter": {area: dict(q) for area, q in p.by_area_quarter.items()},
            "list": [
                {
                    "id": e.id,
                    "title": e.title,
                    "site": e.site,
                    "business_unit": e.business_unit,
                    "area": e.area,
                    "status": e.status,
                    "start": _iso(e.start),
                    "end": _iso(e.end),
                    "quarter": e.quarter,
                    "team_leader": e.team_leader,
                    "led_by": e.leader,
                    "facilitators": list(e.facilitators),
                    "open_actions": e.actions_open,
                    "overdue_actions": e.actions_overdue,
                    "result_pct": pct(e.result),
                    "sustain": e.sustain_state,
                }
                for e in p.events
            ],
        },
        "actions": {
            "total": a.total,
            "open": a.open,
            "overdue": a.overdue,
            "done": a.done,
            "dropped": a.dropped,
            "done_on_time": a.on_time,
            "done_late": a.late,
            "done_without_dates": a.done_undated,
            "on_time_pct": pct(a.on_time_rate),
            "overdue_by_owner": [
                {
                    "owner": o.owner,
                    "count": o.count,
                    "actions": [
                        {
                            "event": r.event_id,
                            "id": r.action_id,
                            "what": r.what,
                            "due": r.due,
                            "days_overdue": r.days_overdue,
                        }
                        for r in o.actions
                    ],
                }
                for o in a.overdue_by_owner
            ],
        },
        "results": [
            {
                "event": r.event_id,
                "title": r.title,
                "area": r.area,
                "result_pct": pct(r.result),
                "metrics_on_target": r.on_target,
                "metrics_measured": r.measured,
                "metrics": [
                    {
                        "id": m.id,
                        "name": m.name,
                        "unit": m.unit,
                        "direction": m.direction,
                        "baseline": m.baseline,
                        "target": m.target,
                        "latest": m.latest,
                        "latest_date": m.latest_date,
                        "progress_pct": pct(m.progress),
                    }
                    for m in r.metrics
                ],
            }
            for r in p.results
        ],
        "sustainment": sustainment_json(p.sustainment),
        "line_capability": capability_json(p.capability),
        "people": [person_json(person) for person in p.people],
        "yokoten": {
            **count_by_status(p.yokoten),
            "items": [yokoten_json(item) for item in p.yokoten],
        },
        "sensei_notes": [
            {
                "sensei": group.sensei,
                "notes": [
                    {
                        "date": n.date,
                        "event": n.event_id,
                        "title": n.event_title,
                        "area": n.area,
                        "note": n.note,
                    }
                    for n in group.notes
                ],
            }
            for group in p.sensei
        ],
    }


def sustainment_json(s: Sustainment) -> dict[str, Any]:
    return {
        "review_day": s.day,
        "held": s.held,
        "sustained": s.sustained,
        "slipping": s.counts.get("slipping", 0),
        "lost": s.counts.get("lost", 0),
        "held_without_verdict": s.counts.get("no_verdict", 0),
        "review_overdue": s.counts.get("overdue", 0),
        "review_pending": s.counts.get("pending", 0),
        "no_review": s.counts.get("no_review", 0),
        "rate_pct": pct(s.rate),
        "by_area": _rates("area", s.by_area),
        "by_quarter": _rates("quarter", s.by_quarter),
    }


def _rates(name: str, rows: Iterable[RateRow]) -> list[dict[str, Any]]:
    return [
        {name: r.key, "held": r.held, "sustained": r.sustained, "rate_pct": pct(r.rate)}
        for r in rows
    ]


def capability_json(c: LineCapability) -> dict[str, Any]:
    return {
        "events_with_team_leader": c.events_with_leader,
        "line_led": c.line_led,
        "line_led_pct": pct(c.line_led_rate),
        "events_without_team_leader": c.no_leader,
        "actions_with_known_owner": c.actions_known,
        "line_owned": c.line_owned,
        "lpo_owned": c.lpo_owned,
        "line_owned_pct": pct(c.line_owned_rate),
        "owner_not_on_team": c.not_on_team,
        "no_owner": c.no_owner,
        "owners_not_on_team": [{"name": name, "actions": n} for name, n in c.owners_not_on_team],
        "by_quarter": [_quarter(q) for q in c.by_quarter],
        "this_quarter": _quarter(c.this_quarter),
        "last_quarter": _quarter(c.last_quarter),
    }


def _quarter(q: QuarterCapability) -> dict[str, Any]:
    return {
        "quarter": q.quarter,
        "events_with_team_leader": q.events_with_leader,
        "line_led": q.line_led,
        "line_led_pct": pct(q.line_led_rate),
        "actions_with_known_owner": q.actions_known,
        "line_owned": q.line_owned,
        "line_owned_pct": pct(q.line_owned_rate),
    }


def person_json(person: PersonEvidence) -> dict[str, Any]:
    return {
        "name": person.name,
        "from_line": person.from_line,
        "department": person.department,
        **person.counts,
        "level": person.standing.level,
        "next_level": person.standing.next_level,
        "missing": list(person.standing.missing),
        "evidence": [
            {
                "event": e.event_id,
                "title": e.title,
                "area": e.area,
                "site": e.site,
                "role": e.role,
                "start": _iso(e.start),
                "end": _iso(e.end),
                "status": e.status,
                "counted": e.counted,
                "sustain": e.sustain_state,
                "result_pct": pct(e.result),
            }
            for e in person.entries
        ],
    }


def yokoten_json(item: YokotenItem) -> dict[str, Any]:
    return {
        "ref": item.ref,
        "event": item.event_id,
        "title": item.event_title,
        "from_area": item.from_area,
        "index": item.index,
        "practice": item.practice,
        "to_area": item.to_area,
        "status": item.status,
        "adopted_in": item.adopted_in,
    }
