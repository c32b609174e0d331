"""Words and numbers as the report prints them, shared by the PDF and the Markdown (and meant for
the portfolio screen): labels, percentages, the sentences and table rows both print, and the four
headline answers an LPO lead is asked."""

from __future__ import annotations

from collections.abc import Iterable

from kaizen_tui.logic.certification import closest_first
from kaizen_tui.logic.evidence import ROLE_LABELS, PersonEvidence
from kaizen_tui.logic.portfolio import LineCapability, Portfolio, QuarterCapability
from kaizen_tui.logic.results import Sustainment
from kaizen_tui.logic.transitions import label
from kaizen_tui.logic.words import plural
from kaizen_tui.logic.yokoten import YokotenItem, count_by_status

SUSTAIN_LABELS = {
    "sustained": "sustained",
    "slipping": "slipping",
    "lost": "lost",
    "no_verdict": "held, no verdict",
    "overdue": "review overdue",
    "pending": "review not yet due",
    "no_review": "no review planned",
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def status_label(status: str) -> str:
    """The words the status moves use (``kaizen status``), so the report says the same."""
    return label(status)


def sustain_label(state: str) -> str:
    return SUSTAIN_LABELS.get(state, state)


def fmt_pct(share: float | None) -> str:
    """``67%``, ``-20%``; ``–`` when there is nothing to divide by. (ASCII minus: the PDF's
    built-in fonts have no U+2212.)"""
    if share is None:
        return "–"
    return f"{round(share * 100)}%"


def fmt_of(part: int, whole: int) -> str:
    """``2 of 3 (67%)``, or ``none yet`` for 0 of 0."""
    if not whole:
        return "none yet"
    return f"{part} of {whole} ({fmt_pct(part / whole)})"


def fmt_num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def join_names(names: Iterable[str], limit: int = 4) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def next_level_needs(person: PersonEvidence) -> str:
    if person.standing.next_level is None:
        return "highest level met"
    return f"{person.standing.next_level}: {', '.join(person.standing.missing)}"


# -- the sentences under the section headings ------------------------------------------------------


def sustainment_summary(s: Sustainment) -> str:
    return (
        f"Sustained: {fmt_of(s.sustained, s.held)}. Slipping {s.counts.get('slipping', 0)}, "
        f"lost {s.counts.get('lost', 0)}, held without a verdict {s.counts.get('no_verdict', 0)}, "
        f"review overdue {s.counts.get('overdue', 0)}, not yet due {s.counts.get('pending', 0)}, "
        f"no review planned {s.counts.get('no_review', 0)}."
    )


def capability_summary(c: LineCapability) -> str:
    return (
        f"Events led from the line: {fmt_of(c.line_led, c.events_with_leader)}"
        + (f"; {c.no_leader} without a team leader" if c.no_leader else "")
        + f". Actions owned by the line: {fmt_of(c.line_owned, c.actions_known)}"
        + (
            f"; {c.not_on_team} owned by people not on the event's team and {c.no_owner} "
            "without an owner are left out"
            if c.not_on_team or c.no_owner
            else ""
        )
        + "."
    )


def yokoten_summary(items: Iterable[YokotenItem]) -> str:
    counts = count_by_status(items)
    return (
        f"{counts['proposed']} proposed, {counts['adopted']} adopted, {counts['declined']} "
        "declined."
    )


# -- table rows, cell for cell the same in both ----------------------------------------------------


def capability_rows(c: LineCapability) -> list[tuple[object, ...]]:
    """Quarter, events with a team leader, line-led, share, actions with a known owner,
    line-owned, share."""
    return [
        (
            q.quarter,
            q.events_with_leader,
            q.line_led,
            fmt_pct(q.line_led_rate),
            q.actions_known,
            q.line_owned,
            fmt_pct(q.line_owned_rate),
        )
        for q in c.by_quarter
    ]


def people_rows(p: Portfolio) -> list[tuple[object, ...]]:
    """Person, from, facilitated, co-facilitated, led, sustained, level met, next level needs."""
    return [
        (
            person.name,
            "line" if person.from_line else "LPO",
            person.counts["facilitated"],
            person.counts["co_facilitated"],
            person.counts["led"],
            person.counts["sustained"],
            person.standing.level or "–",
            next_level_needs(person),
        )
        for person in p.people_by_standing
    ]


def yokoten_rows(items: Iterable[YokotenItem]) -> list[tuple[object, ...]]:
    """Ref, practice, from, to, status."""
    return [
        (
            item.ref,
            item.practice,
            item.from_area,
            item.to_area or "–",
            item.status + (f" into {item.adopted_in}" if item.adopted_in else ""),
        )
        for item in items
    ]


def every_event_header(sustain_day: int) -> tuple[str, ...]:
    return (
        "Event",
        "Title",
        "Area",
        "Status",
        "Start",
        "Team leader",
        "Facilitator",
        "Open",
        "Overdue",
        "Result",
        f"{sustain_day}-day review",
    )


def every_event_rows(p: Portfolio) -> list[tuple[object, ...]]:
    """One row per event under ``every_event_header``; a zero overdue count is left blank so the
    events with overdue actions stand out in a long list."""
    return [
        (
            e.id,
            e.title,
            e.area,
            status_label(e.status),
            e.start.isoformat() if e.start else "–",
            f"{e.team_leader} ({'line' if e.leader == 'line' else 'LPO'})"
            if e.team_leader
            else "–",
            ", ".join(e.facilitators) or "–",
            e.actions_open,
            e.actions_overdue or "",
            fmt_pct(e.result),
            sustain_label(e.sustain_state),
        )
        for e in p.events
    ]


# -- the four questions ----------------------------------------------------------------------------


def headline_overdue(p: Portfolio) -> str:
    a = p.actions
    if not a.overdue:
        return f"No action is overdue ({plural(a.open, 'open action')})."
    owners = [f"{o.owner} {o.count}" for o in a.overdue_by_owner]
    return (
        f"{plural(a.overdue, 'action')} overdue of {a.open} open, with "
        f"{plural(len(owners), 'owner')}: {join_names(owners)}."
    )


def headline_sustained(p: Portfolio) -> str:
    s = p.sustainment
    if not s.held:
        return f"No {s.day}-day review has a verdict yet."
    areas = sorted(
        (r for r in s.by_area if r.held),
        key=lambda r: (-(r.rate or 0), -r.held, r.key.casefold()),
    )
    held = [f"{r.key} {r.sustained} of {r.held}" for r in areas]
    return (
        f"{s.sustained} of {s.held} events sustained at {s.day} days ({fmt_pct(s.rate)}). "
        f"By area: {join_names(held, 6)}."
    )


def headline_certification(p: Portfolio) -> str:
    ready = p.ready_for_certification
    if ready:
        return (
            "Meets a level: "
            + join_names([f"{person.name} ({person.standing.level})" for person in ready], 6)
            + "."
        )
    closest = sorted(
        (person for person in p.people if person.standing.missing),
        key=lambda person: (
            *closest_first(person.standing),
            -person.counts.get("events", 0),
            person.name.casefold(),
        ),
    )
    if not closest:
        return "Nobody has facilitated or led an event yet."
    person = closest[0]
    return (
        f"Nobody meets a level yet; closest: {person.name} "
        f"({person.standing.next_level}: {', '.join(person.standing.missing)})."
    )


def headline_line(p: Portfolio) -> str:
    now, before = p.capability.this_quarter, p.capability.last_quarter

    def part(q: QuarterCapability) -> str:
        return (
            f"{q.line_led} of {q.events_with_leader} events line-led ({fmt_pct(q.line_led_rate)})"
        )

    if not now.events_with_leader and not before.events_with_leader:
        return f"No event with a team leader in {before.quarter} or {now.quarter}."
    if now.line_led_rate is None or before.line_led_rate is None:
        trend = ""
    elif now.line_led_rate > before.line_led_rate:
        trend = "up from "
    elif now.line_led_rate < before.line_led_rate:
        trend = "down from "
    else:
        trend = "the same as "
    lead = f"{now.quarter}: {part(now)}" if now.events_with_leader else f"{now.quarter}: none yet"
    last = part(before) if before.events_with_leader else "none"
    return f"{lead}; {trend or 'against '}{last} in {before.quarter}."


def headlines(p: Portfolio) -> list[tuple[str, str]]:
    return [
        ("Which actions are overdue, and with whom?", headline_overdue(p)),
        (
            f"Which areas held their gains at {p.sustainment.day} days?",
            headline_sustained(p),
        ),
        ("Who is ready for certification?", headline_certification(p)),
        ("Does the line lead more of its own events than last quarter?", headline_line(p)),
    ]
