"""Notes from outside senseis, dated per event, listed per sensei."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kaizen_tui.logic.people import display_name, person_key

UNNAMED = "(sensei not named)"


@dataclass(frozen=True)
class SenseiNote:
    date: str
    event_id: str
    event_title: str
    area: str
    note: str


@dataclass(frozen=True)
class SenseiNotes:
    sensei: str
    notes: tuple[SenseiNote, ...]  # oldest first


#: Notes on the events of a filter (``{where}`` on events ``e``), abandoned events left out, in
#: each event's order.
SENSEI_SQL = """
SELECT s.event_id, e.title, e.area, s.note_date, s.by_name, s.note
FROM sensei_notes s JOIN events e ON e.event_id = s.event_id
WHERE {where} AND e.status <> 'abandoned'
ORDER BY s.event_id, s.seq
"""


def sensei_notes(rows: Iterable[Sequence[Any]]) -> tuple[SenseiNotes, ...]:
    """Every sensei's notes, from rows of SENSEI_SQL: senseis by name, notes by date."""
    found: list[tuple[str, SenseiNote]] = []
    for event_id, title, area, on, by, text in rows:
        name = display_name(by or "") or UNNAMED
        found.append((name, SenseiNote(on or "", event_id, title, area, text or "")))
    # oldest first, so a sensei is named as on their first note whatever order events come in
    found.sort(key=lambda pair: (pair[1].date, pair[1].event_id))
    grouped: dict[str, tuple[str, list[SenseiNote]]] = {}
    for name, note in found:
        grouped.setdefault(person_key(name), (name, []))[1].append(note)
    return tuple(SenseiNotes(grouped[key][0], tuple(grouped[key][1])) for key in sorted(grouped))
