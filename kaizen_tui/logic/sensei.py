"""Notes from outside senseis, dated per event, listed per sensei."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kaizen_tui.logic.people import display_name, person_key

if TYPE_CHECKING:
    from kaizen_tui.store.index import EventSummary

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


def sensei_notes(summaries: Iterable[EventSummary]) -> tuple[SenseiNotes, ...]:
    """Every sensei's notes across the events, senseis by name, notes by date."""
    found: list[tuple[str, SenseiNote]] = []
    for summary in summaries:
        for raw in summary.sensei_notes:
            name = display_name(raw.get("by") or "") or UNNAMED
            note = SenseiNote(
                date=raw.get("date") or "",
                event_id=summary.id,
                event_title=summary.title,
                area=summary.area,
                note=raw.get("note") or "",
            )
            found.append((name, note))
    # oldest first, so a sensei is named as on their first note whatever order events come in
    found.sort(key=lambda pair: (pair[1].date, pair[1].event_id))
    grouped: dict[str, tuple[str, list[SenseiNote]]] = {}
    for name, note in found:
        grouped.setdefault(person_key(name), (name, []))[1].append(note)
    return tuple(SenseiNotes(grouped[key][0], tuple(grouped[key][1])) for key in sorted(grouped))
