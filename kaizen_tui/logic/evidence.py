"""The facilitator evidence log: per person, the events they facilitated, co-facilitated or led as
team leader, with dates and outcomes, and where that puts them against the certification levels.

An event counts as evidence once it has reached its report-out (status reported, following_up or
closed); planned and live events are listed as "not yet counted", abandoned events not at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kaizen_tui.logic.certification import COUNTERS, Level, Standing, standing
from kaizen_tui.logic.people import display_name, person_key

EVIDENCE_STATUSES = ("reported", "following_up", "closed")
Role = Literal["facilitated", "co_facilitated", "led"]
ROLE_LABELS: dict[str, str] = {
    "facilitated": "facilitated",
    "co_facilitated": "co-facilitated",
    "led": "led (team leader)",
}


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen ones cost ~1 µs each
class EvidenceEntry:
    event_id: str
    title: str
    area: str
    site: str
    role: Role
    start: date | None
    end: date | None
    status: str
    counted: bool
    sustain_state: str  # see results.SustainState
    result: float | None  # event result (fraction), see results.event_result


@dataclass(frozen=True)
class PersonEvidence:
    name: str
    key: str
    from_line: bool  # as listed on their most recent event
    department: str
    entries: tuple[EvidenceEntry, ...]  # oldest first
    counts: Mapping[str, int]  # certification counters, counted events only
    standing: Standing

    @property
    def ready(self) -> bool:
        """Meets at least one certification level."""
        return self.standing.level is not None


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen ones cost ~1 µs each
class EventRole:
    """One person in one role on one event, as collected by the portfolio."""

    name: str
    from_line: bool
    department: str
    role: Role


def roles_on_event(people: Iterable[Mapping[str, object]]) -> list[EventRole]:
    found: list[EventRole] = []
    first_facilitator = True
    for person in people:
        role = person.get("role")
        if role == "facilitator":
            kind: Role = "facilitated" if first_facilitator else "co_facilitated"
            first_facilitator = False
        elif role == "team_leader":
            kind = "led"
        else:
            continue
        found.append(
            EventRole(
                name=display_name(str(person.get("name", ""))),
                from_line=bool(person.get("from_line", True)),
                department=str(person.get("department", "")),
                role=kind,
            )
        )
    return found


def build_evidence(
    items: Iterable[tuple[EventRole, EvidenceEntry]], levels: Sequence[Level]
) -> tuple[PersonEvidence, ...]:
    """Group (role, entry) pairs by person; people sorted by name."""
    grouped: dict[str, list[tuple[EventRole, EvidenceEntry]]] = {}
    for role, entry in items:
        grouped.setdefault(person_key(role.name), []).append((role, entry))
    people = []
    for key, pairs in grouped.items():
        pairs.sort(key=lambda p: (p[1].start or date.min, p[1].event_id, p[1].role))
        latest_role = pairs[-1][0]
        entries = tuple(entry for _, entry in pairs)
        counts = evidence_counts(entries)
        people.append(
            PersonEvidence(
                name=latest_role.name,
                key=key,
                from_line=latest_role.from_line,
                department=latest_role.department,
                entries=entries,
                counts=counts,
                standing=standing(counts, levels),
            )
        )
    people.sort(key=lambda p: p.key)
    return tuple(people)


def evidence_counts(entries: Iterable[EvidenceEntry]) -> dict[str, int]:
    counts = dict.fromkeys(COUNTERS, 0)
    events: set[str] = set()
    sustained: set[str] = set()
    for entry in entries:
        if not entry.counted:
            continue
        counts[entry.role] += 1
        events.add(entry.event_id)
        if entry.sustain_state == "sustained":
            sustained.add(entry.event_id)
    counts["events"] = len(events)
    counts["sustained"] = len(sustained)
    return counts


def find_person(people: Sequence[PersonEvidence], name: str) -> PersonEvidence:
    """The person named, ignoring case and spaces; a part of a name ("anna") is enough when only
    one person has it. LookupError naming the candidates otherwise."""
    key = person_key(name)
    for person in people:
        if person.key == key:
            return person
    words = key.split()
    partial = [p for p in people if words and all(w in p.key.split() for w in words)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise LookupError(
            f"{name!r} could be {' or '.join(p.name for p in partial)}; give the full name"
        )
    close = difflib.get_close_matches(key, [p.key for p in people], n=3, cutoff=0.6)
    names = [p.name for p in people if p.key in close]
    hint = f"; did you mean {' or '.join(names)}?" if names else ""
    raise LookupError(f"no facilitator or team leader named {name!r} in the portfolio{hint}")
