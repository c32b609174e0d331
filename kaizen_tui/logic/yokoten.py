"""Yokoten: practices one event proposes for other areas, searchable across the portfolio, and
adopting one into the receiving area's event as an action there.

Items are numbered from 1 within their event, in the order the event lists them: ``KZ-2026-014#2``
is the second practice of that event (what ``kaizen yokoten list`` shows and ``adopt`` takes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from kaizen_tui.errors import KaizenError
from kaizen_tui.labels import MAX_TEXT, YOKOTEN_STATUSES
from kaizen_tui.logic.people import person_key
from kaizen_tui.logic.queries import Execute, in_list

if TYPE_CHECKING:  # the portfolio report imports this without pydantic (adopting needs it)
    from kaizen_tui.model import Action, Event

#: A new action for an adopted practice is due this many days after adoption unless told.
ADOPTION_DUE_DAYS = 30


@dataclass(frozen=True)
class YokotenItem:
    event_id: str
    event_title: str
    from_area: str
    start: date | None
    index: int  # 1-based within the event
    practice: str
    to_area: str
    status: str
    adopted_in: str

    @property
    def ref(self) -> str:
        return f"{self.event_id}#{self.index}"


class EventFilter(Protocol):
    """What the register needs of a filter (logic/portfolio.PortfolioFilter)."""

    @property
    def areas(self) -> tuple[str, ...]: ...

    def where(self, params: dict[str, Any], *, areas: bool = True) -> str: ...


_REGISTER = """
SELECT y.event_id, e.title, e.area, e.start_date, y.seq, y.practice, y.to_area, y.status,
  y.adopted_in, e.area_key, y.to_area_key
FROM yokoten y JOIN events e ON e.event_id = y.event_id
WHERE {where}
"""


def yokoten_register(
    db: Execute, flt: EventFilter | None = None, *, abandoned: bool = False
) -> tuple[YokotenItem, ...]:
    """Every practice proposed by the events in ``flt`` (all events without one; abandoned
    events only with ``abandoned``), newest event first, in each event's order. With areas in
    the filter, also the practices that other events (of the same sites, units and dates)
    propose *to* those areas: what the chosen areas could adopt."""
    params: dict[str, Any] = {}
    clauses = [flt.where(params, areas=False) if flt is not None else "1 = 1"]
    if not abandoned:
        clauses.append("e.status <> 'abandoned'")
    wanted: list[str] = []
    if flt is not None and flt.areas:
        wanted = sorted({person_key(a) for a in flt.areas if a.strip()})
        chosen = in_list("e.area_key", wanted, "area", params)
        to_them = in_list("y2.to_area_key", wanted, "to", params)
        clauses.append(
            f"({chosen} OR e.event_id IN (SELECT y2.event_id FROM yokoten y2 WHERE {to_them}))"
        )
    items = []
    for row in db(_REGISTER.format(where=" AND ".join(clauses)), params):
        event_id, title, area, start, seq, practice, to_area, status, adopted_in = row[:9]
        if flt is not None and flt.areas and row[9] not in wanted and row[10] not in wanted:
            continue  # another area's event, proposing to somewhere else
        items.append(
            YokotenItem(
                event_id=event_id,
                event_title=title,
                from_area=area,
                start=date.fromisoformat(start) if start else None,
                index=seq + 1,
                practice=practice,
                to_area=to_area,
                status=status,
                adopted_in=adopted_in,
            )
        )
    items.sort(key=lambda i: (-(i.start or date.min).toordinal(), i.event_id, i.index))
    return tuple(items)


def search_yokoten(
    items: Iterable[YokotenItem],
    text: str = "",
    *,
    area: str = "",
    status: str | None = None,
) -> list[YokotenItem]:
    """Items whose practice or event title holds every word of ``text``, whose source or
    receiving area holds ``area``, with ``status`` if given. Case is ignored."""
    words = text.casefold().split()
    area_key = area.strip().casefold()
    if status is not None and status not in YOKOTEN_STATUSES:
        raise ValueError(f"status must be one of {', '.join(YOKOTEN_STATUSES)}")
    found = []
    for item in items:
        haystack = f"{item.practice}\n{item.event_title}".casefold()
        if words and not all(word in haystack for word in words):
            continue
        if area_key and area_key not in item.from_area.casefold() + "\n" + item.to_area.casefold():
            continue
        if status is not None and item.status != status:
            continue
        found.append(item)
    return found


def count_by_status(items: Iterable[YokotenItem]) -> dict[str, int]:
    counts = dict.fromkeys(YOKOTEN_STATUSES, 0)
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


# -- adopting and declining (pure: take events, return changed copies) -------------------------


@dataclass(frozen=True)
class Adoption:
    source: Event
    target: Event | None
    action: Action | None
    warning: str = ""


def _practice_at(event: Event, index: int) -> int:
    if not event.yokoten:
        raise KaizenError(f"{event.id} proposes no yokoten practices")
    if not 1 <= index <= len(event.yokoten):
        raise KaizenError(
            f"{event.id} has {len(event.yokoten)} yokoten practice(s); "
            f"{index} is not one of them (1–{len(event.yokoten)})"
        )
    return index - 1


def adopt_practice(
    source: Event,
    index: int,
    target: Event | None,
    *,
    today: date,
    owner: str | None = None,
    due: date | None = None,
) -> Adoption:
    """Mark practice ``index`` of ``source`` adopted; with ``target``, add an action there to
    adopt it (owner: given, else the target's process owner, else its team leader; due: given,
    else in ADOPTION_DUE_DAYS days). Returns changed copies; the inputs are not touched."""
    at = _practice_at(source, index)
    item = source.yokoten[at]
    if item.status == "adopted":
        where = f" into {item.adopted_in}" if item.adopted_in else ""
        raise KaizenError(f"{source.id}#{index} is adopted already{where}")
    if target is not None and target.id == source.id:
        raise KaizenError("a practice is adopted into another event, not the one proposing it")
    if target is not None and target.status == "abandoned":
        raise KaizenError(f"{target.id} was abandoned; adopt the practice into a live event")
    source = source.model_copy(deep=True)
    item = source.yokoten[at]
    warnings = []
    action = None
    if target is not None:
        target = target.model_copy(deep=True)
        if item.to_area and target.area and item.to_area.casefold() != target.area.casefold():
            warnings.append(
                f"the practice was proposed for {item.to_area!r}, and {target.id} is in "
                f"{target.area!r}; adopted anyway"
            )
        if target.status == "closed":
            warnings.append(
                f"{target.id} is closed, so nobody follows its actions up; reopen it or adopt "
                "into a newer event of that area"
            )
        source_where = f"{source.id}, {source.area}" if source.area else source.id
        what = f"Yokoten from {source_where}: adopt “{item.practice}”"
        from kaizen_tui.model import Action, next_item_id

        action = Action(
            id=next_item_id("A", (a.id for a in target.actions)),
            what=what[:MAX_TEXT],
            owner=owner
            if owner is not None
            else (
                target.first_name_with_role("process_owner")
                or target.first_name_with_role("team_leader")
            ),
            due=due or today + timedelta(days=ADOPTION_DUE_DAYS),
        )
        target.actions.append(action)
        item.adopted_in = target.id
        item.adopted_action = action.id
    item.status = "adopted"
    return Adoption(source, target, action, "; ".join(warnings))


def decline_practice(source: Event, index: int) -> Event:
    at = _practice_at(source, index)
    if source.yokoten[at].status == "adopted":
        raise KaizenError(f"{source.id}#{index} is adopted already; it cannot be declined now")
    source = source.model_copy(deep=True)
    source.yokoten[at].status = "declined"
    return source


class EventStore(Protocol):
    """What adoption needs from the store (kaizen_tui.store.Store)."""

    def load(self, event_id: str) -> Event: ...

    def save(self, event: Event) -> Event: ...


def adopt_and_save(
    store: EventStore,
    source_id: str,
    index: int,
    target_id: str | None,
    *,
    today: date,
    owner: str | None = None,
    due: date | None = None,
) -> Adoption:
    """Load, adopt and save both events. The receiving event is saved first: if marking the
    source then fails (saved elsewhere meanwhile), the action exists and the message says so."""
    source = store.load(source_id)
    target = store.load(target_id) if target_id else None
    adoption = adopt_practice(source, index, target, today=today, owner=owner, due=due)
    saved_target = store.save(adoption.target) if adoption.target is not None else None
    try:
        saved_source = store.save(adoption.source)
    except KaizenError as err:
        if adoption.action is None or saved_target is None:
            raise
        raise KaizenError(
            f"action {adoption.action.id} was added to {saved_target.id}, but {source_id}#{index} "
            f"could not be marked adopted: {err}"
        ) from None
    return Adoption(saved_source, saved_target, adoption.action, adoption.warning)
