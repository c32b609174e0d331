"""The figures of the hub's LPO dashboard page (docs/hub.md "The LPO dashboard"): what the page
shows of compute_portfolio, computed without what it does not show.

The page shows counts, rates and the certification table over every event, but only the first
``shown`` rows of its two long tables (events, overdue actions): the CSV files and the JSON
report have them all, and compute them with compute_portfolio. So the overdue actions are
counted by the database (as on the portfolio screen) and only the first ``shown`` read; metric
results are read for the events shown only; yokoten, sensei notes and the evidence listing are
not read. ``PageFigures.of(compute_portfolio(...), shown)`` is the same page made from the full
figures: tests/test_hub_index.py holds the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from typing import Any

from kaizen_tui.logic.certification import COUNTERS, Level, Standing, standing
from kaizen_tui.logic.evidence import EVIDENCE_STATUSES, PersonEvidence, roles_on_event
from kaizen_tui.logic.people import display_name, person_key
from kaizen_tui.logic.portfolio import (
    NO_OWNER,
    OVERDUE_ACTIONS,
    ActionRef,
    EventFacts,
    EventRow,
    LineCapability,
    OwnerOverdue,
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
    by_standing,
    count_overdue,
    counted_action_figures,
    event_rows,
    line_capability,
    read_events,
    read_results,
    sustainment,
)
from kaizen_tui.logic.queries import Execute, in_list
from kaizen_tui.logic.results import Sustainment


@dataclass(frozen=True)
class PersonStanding:
    """A line of the certification table: a person's counters and level (their evidence, event
    by event, is the report's)."""

    name: str
    key: str
    from_line: bool
    counts: Mapping[str, int]
    standing: Standing

    @property
    def ready(self) -> bool:
        return self.standing.level is not None

    @classmethod
    def of(cls, person: PersonEvidence) -> PersonStanding:
        return cls(person.name, person.key, person.from_line, person.counts, person.standing)


@dataclass(frozen=True)
class PageFigures:
    today: date
    filter: PortfolioFilter
    settings: PortfolioSettings
    events_total: int
    events: tuple[EventRow, ...]  # the first ``shown``, newest start first
    actions_open: int
    actions_overdue: int
    owners: tuple[OwnerOverdue, ...]  # most first, their actions not listed
    # the first ``shown`` overdue actions in the report's order (owners most first, each
    # owner's most overdue first, then by event and position), with the owner as it names them
    overdue: tuple[tuple[str, ActionRef], ...]
    sustainment: Sustainment
    # without the owners not on their event's team (not_on_team 0, owners_not_on_team empty):
    # the page does not show them, and they are read from every event's JSON
    capability: LineCapability
    people: tuple[PersonStanding, ...]  # by standing (Portfolio.people_by_standing)

    @classmethod
    def of(cls, p: Portfolio, shown: int) -> PageFigures:
        """The page made from the full figures (compute_portfolio with its overdue listed)."""
        owners = p.actions.overdue_by_owner
        return cls(
            today=p.today,
            filter=p.filter,
            settings=p.settings,
            events_total=len(p.events),
            events=p.events[:shown],
            actions_open=p.actions.open,
            actions_overdue=p.actions.overdue,
            owners=tuple(replace(o, actions=()) for o in owners),
            overdue=tuple(islice(((o.owner, a) for o in owners for a in o.actions), shown)),
            sustainment=p.sustainment,
            capability=replace(p.capability, not_on_team=0, owners_not_on_team=()),
            people=tuple(PersonStanding.of(x) for x in p.people_by_standing),
        )


#: One owner's overdue actions in the report's order (portfolio.action_figures), the first few.
_OVERDUE_OF = (
    "SELECT a.event_id, a.action_id, a.what, a.owner, a.due"
    + OVERDUE_ACTIONS
    + "AND {keys} ORDER BY a.due, a.event_id, a.seq LIMIT :wanted"
)


def page_figures(
    db: Execute,
    today: date,
    settings: PortfolioSettings | None = None,
    flt: PortfolioFilter | None = None,
    *,
    shown: int,
) -> PageFigures:
    """PageFigures.of(compute_portfolio(db, today, settings, flt), shown), computed without
    listing what the page does not show."""
    settings = settings or PortfolioSettings()
    flt = flt or PortfolioFilter()
    params: dict[str, Any] = {"today": today.isoformat()}
    where = flt.where(params)
    events = read_events(db, flt, today, settings, (), results=False)
    first = events[:shown]
    if first:  # their results and overdue actions, for the events table
        asked = dict(params)
        ids = in_list("e.event_id", [e.id for e in first], "shown", asked)
        read_results(db, f"{where} AND {ids}", asked, {e.id: e for e in first})
        count_overdue(db, f"{where} AND {ids}", asked, first)
    active = [e for e in events if e.active]
    # every overdue action is one owner's: the total is theirs, not each event's added up
    actions = counted_action_figures(db, where, params, active, today)
    actions = replace(actions, overdue=sum(o.count for o in actions.overdue_by_owner))
    overdue: list[tuple[str, ActionRef]] = []
    ordinal = today.toordinal()
    for owner in actions.overdue_by_owner:
        if len(overdue) >= shown:
            break
        asked = {**params, "wanted": shown - len(overdue)}
        keys = in_list("a.owner_key", list(owner.keys), "key", asked)
        for event_id, action_id, what, spelt, due in db(
            _OVERDUE_OF.format(where=where, keys=keys), asked
        ):
            days = ordinal - date.fromisoformat(due).toordinal()
            ref = ActionRef(event_id, action_id, what, display_name(spelt) or NO_OWNER, due, days)
            overdue.append((owner.owner, ref))
    return PageFigures(
        today=today,
        filter=flt,
        settings=settings,
        events_total=len(events),
        events=tuple(event_rows(first)),
        actions_open=actions.open,
        actions_overdue=actions.overdue,
        owners=actions.overdue_by_owner,
        overdue=tuple(overdue),
        sustainment=sustainment(active, settings.sustain_day),
        capability=line_capability(active, (), today),
        people=by_standing(standings(active, settings.levels), settings.levels),
    )


def standings(active: Iterable[EventFacts], levels: Sequence[Level]) -> list[PersonStanding]:
    """portfolio.facilitator_evidence's people, counted without making their evidence entries:
    named as on their latest event (start, id, role), counters of the events that count."""
    # key → [latest (start, event, role), name, from line, counters, events, sustained]
    found: dict[str, list[Any]] = {}
    for e in active:
        counted = e.status in EVIDENCE_STATUSES
        for role in roles_on_event(e.people):
            at = (e.start or date.min, e.id, role.role)
            key = person_key(role.name)
            seen = found.get(key)
            if seen is None:
                counters = dict.fromkeys(COUNTERS, 0)
                seen = found[key] = [at, role.name, False, counters, set(), set()]
            if at >= seen[0]:  # the last of equals, as build_evidence's stable sort keeps it
                seen[0], seen[1], seen[2] = at, role.name, role.from_line
            if counted:
                seen[3][role.role] += 1
                seen[4].add(e.id)
                if e.state == "sustained":
                    seen[5].add(e.id)
    people = []
    for key, (_, name, from_line, counts, events, sustained) in found.items():
        counts["events"], counts["sustained"] = len(events), len(sustained)
        people.append(PersonStanding(name, key, from_line, counts, standing(counts, levels)))
    return people
