"""The Lean Promotion Office's portfolio: every figure of ``kaizen report`` and the portfolio
screen, computed from the cross-event index (logic/rows.py; no event file is opened). Each
event's row carries its actions counted (rows.action_counts) and only the overdue actions, which
the report lists, are read; the event-level figures are computed here in Python, one function
per question, over the event rows.

Entry points for a front end (``db`` is the index, see logic/queries.py)::

    options = filter_options(db)                               # what the filter menus offer
    flt = PortfolioFilter(areas=("Press Shop",), start_from=date(2026, 7, 1))
    portfolio = compute_portfolio(db, today, settings, flt)

Definitions that are not in people.py, results.py or evidence.py:

* **Filters** keep an event when its site, business unit and area are among those chosen (case and
  spaces ignored; an empty choice keeps all) and it **starts** within the date range (both ends
  included; an event with no start date is left out once a range is given).
* **Quarters** are calendar quarters of the event's start date (``2026-Q3``); the actions, reviews
  and people of an event belong to its quarter.
* Event counts by status and by area/quarter include every event in the filter; every other figure
  leaves **abandoned** events out (their open actions are nobody's to chase).
* An action is **overdue** when open and due before today (logic/actions.py). It was **completed
  on time** when done with ``done_on ≤ due``; done actions missing either date are counted apart
  and left out of the on-time share.
* **Line ownership** counts the actions that were not dropped.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, itemgetter
from typing import Any, Literal, Protocol, TypeVar

from kaizen_tui.errors import KaizenError
from kaizen_tui.labels import STATUSES
from kaizen_tui.logic.certification import (
    DEFAULT_LEVELS,
    Level,
    Standing,
    parse_levels,
    split_level_text,
)
from kaizen_tui.logic.evidence import (
    EVIDENCE_STATUSES,
    EventRole,
    EvidenceEntry,
    PersonEvidence,
    build_evidence,
    roles_on_event,
)
from kaizen_tui.logic.people import (
    display_name,
    facilitators,
    leader_kind,
    person_key,
    team_leader,
)
from kaizen_tui.logic.queries import Execute, at_places, in_list
from kaizen_tui.logic.results import (
    MetricResult,
    Sustainment,
    SustainState,
    event_result,
    metric_result,
    rate_rows,
    sustain_state,
)
from kaizen_tui.logic.sensei import SENSEI_SQL, SenseiNotes, sensei_notes
from kaizen_tui.logic.verdict import metric_progress
from kaizen_tui.logic.yokoten import YokotenItem, yokoten_register

NO_AREA = "(no area)"
NO_OWNER = "(no owner)"
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")


# -- quarters and periods -------------------------------------------------------------------------


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date]:
    match = _QUARTER.match(quarter.strip())
    if not match:
        raise ValueError(f"{quarter!r} is not a quarter; write it as 2026-Q3")
    year, number = int(match.group(1)), int(match.group(2))
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def previous_quarter(quarter: str) -> str:
    first, _ = quarter_bounds(quarter)
    return quarter_of(date.fromordinal(first.toordinal() - 1))


def parse_period(text: str, *, end: bool = False) -> date:
    """``YYYY-MM-DD``, or a quarter ``YYYY-Qn`` meaning its first day (its last with ``end``)."""
    raw = text.strip()
    if _QUARTER.match(raw):
        first, last = quarter_bounds(raw)
        return last if end else first
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD) or a quarter (2026-Q3)") from None


# -- filters ------------------------------------------------------------------------------------


def _keys(values: Iterable[str]) -> frozenset[str]:
    return frozenset(person_key(v) for v in values if v.strip())


@dataclass(frozen=True)
class PortfolioFilter:
    sites: tuple[str, ...] = ()
    business_units: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    start_from: date | None = None
    start_to: date | None = None

    def __post_init__(self) -> None:
        if self.start_from and self.start_to and self.start_to < self.start_from:
            raise ValueError(
                f"the date range ends ({self.start_to}) before it starts ({self.start_from})"
            )

    @property
    def is_empty(self) -> bool:
        return not (
            self.sites or self.business_units or self.areas or self.start_from or self.start_to
        )

    def where(self, params: dict[str, Any], *, areas: bool = True) -> str:
        """The filter as a SQL condition on the index's events (alias ``e``), adding its values
        to ``params``; ``areas=False`` leaves the areas out (see _yokoten)."""
        clauses = []
        for column, chosen, prefix in (
            ("e.site_key", self.sites, "site"),
            ("e.unit_key", self.business_units, "unit"),
            ("e.area_key", self.areas if areas else (), "area"),
        ):
            if chosen:
                clauses.append(in_list(column, sorted(_keys(chosen)), prefix, params))
        if self.start_from:
            params["start_from"] = self.start_from.isoformat()
            clauses.append("e.start_date >= :start_from")
        if self.start_to:
            params["start_to"] = self.start_to.isoformat()
            clauses.append("e.start_date <= :start_to")
        return " AND ".join(clauses) or "1 = 1"

    def describe(self) -> str:
        """``site Gdańsk · area Press Shop, Paint · started 2026-07-01 … 2026-09-30``"""
        parts = []
        for label, values in (
            ("site", self.sites),
            ("business unit", self.business_units),
            ("area", self.areas),
        ):
            if values:
                parts.append(f"{label} {', '.join(values)}")
        if self.start_from or self.start_to:
            low = self.start_from.isoformat() if self.start_from else "…"
            high = self.start_to.isoformat() if self.start_to else "…"
            parts.append(f"started {low} – {high}")
        return " · ".join(parts) or "all events"


@dataclass(frozen=True)
class FilterOptions:
    """The values present in the portfolio, for a screen's filter menus."""

    sites: tuple[str, ...]
    business_units: tuple[str, ...]
    areas: tuple[str, ...]
    quarters: tuple[str, ...]


def filter_options(db: Execute, flt: PortfolioFilter | None = None) -> FilterOptions:
    """The sites, units, areas and start quarters of the events (within ``flt``, if given).
    Spellings that differ only in case or spaces are one value, named as the newest event
    spells it."""
    params: dict[str, Any] = {}
    where = (flt or PortfolioFilter()).where(params)
    found: dict[str, dict[str, tuple[str, str]]] = {"site": {}, "business_unit": {}, "area": {}}
    for column, values in found.items():
        sql = (
            f"SELECT e.{column}, MAX(e.start_sort || ' ' || e.event_id) FROM events e "
            f"WHERE {where} AND e.{column} <> '' GROUP BY e.{column}"
        )
        for value, newest in db(sql, params):
            if not value.strip():
                continue
            key = person_key(value)
            seen = values.get(key)
            if seen is None or newest > seen[1]:
                values[key] = (display_name(value), newest)
    months = db(f"SELECT DISTINCT SUBSTR(e.start_date, 1, 7) FROM events e WHERE {where}", params)
    quarters = {quarter_of(date.fromisoformat(f"{m}-01")) for (m,) in months if m}

    def ordered(values: dict[str, tuple[str, str]]) -> tuple[str, ...]:
        return tuple(values[k][0] for k in sorted(values))

    return FilterOptions(
        ordered(found["site"]),
        ordered(found["business_unit"]),
        ordered(found["area"]),
        tuple(sorted(quarters)),
    )


def unmatched_filter_values(
    flt: PortfolioFilter, options: FilterOptions
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Filter values that no event has (a typo, usually): (what, value, the values there are)."""
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for label, chosen, present in (
        ("site", flt.sites, options.sites),
        ("business unit", flt.business_units, options.business_units),
        ("area", flt.areas, options.areas),
    ):
        keys = _keys(present)
        found.extend((label, value, present) for value in chosen if person_key(value) not in keys)
    return found


# -- settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioSettings:
    sustain_day: int = 90
    levels: tuple[Level, ...] = field(default_factory=lambda: parse_levels(DEFAULT_LEVELS))

    @classmethod
    def from_values(cls, sustain_day: Any, level_specs: Sequence[str]) -> PortfolioSettings:
        """From config values (``sustain_review_day``, ``certification_levels``); a hand-edited
        config.toml that does not parse is a KaizenError naming the setting."""
        if isinstance(level_specs, str):  # hand-written as one string in config.toml
            level_specs = split_level_text(level_specs)
        try:
            levels = parse_levels([str(s) for s in level_specs])
        except ValueError as err:
            raise KaizenError(
                f"certification_levels in config.toml: {err} (fix it with `kaizen config set "
                "certification_levels ...`)"
            ) from None
        if isinstance(sustain_day, bool) or not isinstance(sustain_day, int) or sustain_day < 1:
            raise KaizenError(
                f"sustain_review_day in config.toml is {sustain_day!r}; set a whole number of "
                "days, e.g. `kaizen config set sustain_review_day 90`"
            )
        return cls(sustain_day=sustain_day, levels=levels)


# -- figures ------------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen ones cost ~1 µs each
class EventRow:
    id: str
    title: str
    site: str
    business_unit: str
    area: str
    status: str
    start: date | None
    end: date | None
    quarter: str | None
    team_leader: str
    leader: Literal["line", "lpo"] | None
    facilitators: tuple[str, ...]  # lead first
    actions_open: int
    actions_overdue: int
    result: float | None
    sustain_state: SustainState


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen ones cost ~1 µs each
class ActionRef:
    event_id: str
    action_id: str
    what: str
    owner: str
    due: str | None
    days_overdue: int


@dataclass(frozen=True)
class OwnerOverdue:
    owner: str  # as spelt on the first of their actions (events newest first, then by seq)
    count: int
    oldest: int  # days overdue of the most overdue
    keys: tuple[str, ...]  # the index's owner_key of each spelling ("" for no owner)
    # most overdue first; listed only with compute_portfolio(list_overdue=True), the report's
    # way (the screen reads them a page at a time: overdue_list, overdue_page)
    actions: tuple[ActionRef, ...] = ()


@dataclass(frozen=True)
class ActionFigures:
    total: int
    open: int
    overdue: int
    done: int
    dropped: int
    on_time: int
    late: int
    done_undated: int  # done, but due or done_on missing: not in the on-time share
    overdue_by_owner: tuple[OwnerOverdue, ...]

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return self.on_time / judged if judged else None


@dataclass(frozen=True)
class EventResult:
    event_id: str
    title: str
    area: str
    metrics: tuple[MetricResult, ...]
    result: float | None

    @property
    def measured(self) -> int:
        return sum(1 for m in self.metrics if m.progress is not None)

    @property
    def on_target(self) -> int:
        return sum(1 for m in self.metrics if m.progress is not None and m.progress >= 1)


@dataclass(frozen=True)
class QuarterCapability:
    quarter: str
    events_with_leader: int = 0
    line_led: int = 0
    actions_known: int = 0
    line_owned: int = 0

    @property
    def line_led_rate(self) -> float | None:
        return self.line_led / self.events_with_leader if self.events_with_leader else None

    @property
    def line_owned_rate(self) -> float | None:
        return self.line_owned / self.actions_known if self.actions_known else None


@dataclass(frozen=True)
class LineCapability:
    events_with_leader: int
    line_led: int
    no_leader: int
    line_owned: int
    lpo_owned: int
    not_on_team: int
    no_owner: int
    owners_not_on_team: tuple[tuple[str, int], ...]  # (name, actions), most first
    by_quarter: tuple[QuarterCapability, ...]
    this_quarter: QuarterCapability
    last_quarter: QuarterCapability

    @property
    def actions_known(self) -> int:
        return self.line_owned + self.lpo_owned

    @property
    def line_led_rate(self) -> float | None:
        return self.line_led / self.events_with_leader if self.events_with_leader else None

    @property
    def line_owned_rate(self) -> float | None:
        return self.line_owned / self.actions_known if self.actions_known else None


class _Ranked(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def counts(self) -> Mapping[str, int]: ...
    @property
    def standing(self) -> Standing: ...


_P = TypeVar("_P", bound=_Ranked)


@dataclass(frozen=True)
class Portfolio:
    today: date
    filter: PortfolioFilter
    settings: PortfolioSettings
    events: tuple[EventRow, ...]  # newest start first
    by_status: Mapping[str, int]  # every status, in lifecycle order
    by_area_quarter: Mapping[str, Mapping[str, int]]  # area → quarter ("undated") → events
    actions: ActionFigures
    results: tuple[EventResult, ...]
    sustainment: Sustainment
    capability: LineCapability
    people: tuple[PersonEvidence, ...]
    yokoten: tuple[YokotenItem, ...]
    sensei: tuple[SenseiNotes, ...]

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(self.by_area_quarter)

    @property
    def quarters(self) -> tuple[str, ...]:
        found = {q for counts in self.by_area_quarter.values() for q in counts}
        return tuple(sorted(found))

    @property
    def ready_for_certification(self) -> tuple[PersonEvidence, ...]:
        return tuple(p for p in self.people if p.ready)

    @property
    def people_by_standing(self) -> tuple[PersonEvidence, ...]:
        """Highest level met first, then most events, then by name: the order a panel reads."""
        return by_standing(self.people, self.settings.levels)


def by_standing(people: Iterable[_P], levels: Sequence[Level]) -> tuple[_P, ...]:
    """Highest level met first, then most events, then by name (Portfolio.people_by_standing)."""
    rank = {level.name: i for i, level in enumerate(levels)}
    return tuple(
        sorted(
            people,
            key=lambda x: (
                -rank.get(x.standing.level or "", -1),
                -x.counts.get("events", 0),
                x.key,
            ),
        )
    )


# -- reading the index: SQL, the actions aggregated in the database ------------------------------


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen ones cost ~1 µs each
class EventFacts:
    """One event in the filter, as the figures need it: from the index's events, people (only
    facilitators and team leaders), metrics, reviews and per-event action counts."""

    id: str
    title: str
    site: str
    business_unit: str
    area: str  # as shown: display name, or NO_AREA
    status: str
    start: date | None
    end: date | None
    quarter: str | None
    people: list[dict[str, Any]]  # facilitators and team leaders, in the order listed
    metrics: tuple[MetricResult, ...] = ()
    result: float | None = None
    state: SustainState = "no_review"
    counts: ActionCounts | None = None  # None for abandoned events (left out of action figures)
    outsiders: str = ""  # owners not on the team and their actions (rows.py), JSON
    overdue: list[Sequence[Any]] = field(default_factory=list)  # _OVERDUE's rows, by seq

    @property
    def active(self) -> bool:
        return self.status != "abandoned"


@dataclass(slots=True)
class ActionCounts:
    """One event's actions, counted when its rows were made (logic/rows.action_counts); the
    overdue ones counted among the rows of _OVERDUE."""

    total: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    dropped: int = 0
    on_time: int = 0
    late: int = 0
    done_undated: int = 0
    line: int = 0
    lpo: int = 0
    no_owner: int = 0
    not_on_team: int = 0


_EVENTS = """
SELECT e.event_id, e.title, e.site, e.business_unit, e.area, e.status, e.start_date, e.end_date,
  e.actions_total, e.actions_open, e.actions_done, e.actions_dropped, e.actions_on_time,
  e.actions_late, e.actions_done_undated, e.actions_line, e.actions_lpo, e.actions_no_owner,
  e.actions_not_on_team, e.outsiders
FROM events e WHERE {where}
"""
_ROLES = """
SELECT p.event_id, p.name, p.role, p.from_line, p.department
FROM people p JOIN events e ON e.event_id = p.event_id
WHERE {where} AND p.role IN ('facilitator', 'team_leader')
ORDER BY p.event_id, p.seq
"""
#: The portfolio's overdue actions: open ones past due, in the events of ``{where}`` but the
#: abandoned ones; every question about them below asks of these rows.
#: CROSS JOIN (plain SQL: an inner join written as a product) makes SQLite read event by
#: event, each event's open actions through the (event_id, status, due) index, neighbours on
#: disk: 2-3x faster than reaching half the actions of the portfolio through the (status, due)
#: index one row lookup each, and as fast when few are overdue. PostgreSQL plans it as any
#: inner join.
OVERDUE_ACTIONS = """
FROM events e CROSS JOIN actions a
WHERE a.event_id = e.event_id AND {where} AND e.status <> 'abandoned'
  AND a.status = 'open' AND a.due < :today
"""
#: Unordered: read_events puts them in the order the portfolio lists events and events list
#: actions (an owner spelt two ways is named as on the first of their actions in that order);
#: an ORDER BY here cost SQLite a temporary B-tree, 40% of the query at 1,000 events.
_OVERDUE = "SELECT a.event_id, a.seq, a.action_id, a.what, a.owner, a.due" + OVERDUE_ACTIONS
_OVERDUE_BY_EVENT = "SELECT a.event_id, COUNT(*)" + OVERDUE_ACTIONS + "GROUP BY a.event_id"
#: Each spelling of an owner with its overdue actions, the earliest due and the newest event it
#: appears in (``start id``, as filter_options compares events: "" before any date).
_OVERDUE_BY_OWNER = (
    "SELECT a.owner, COUNT(*), MIN(a.due), MAX(e.start_sort || ' ' || e.event_id)"
    + OVERDUE_ACTIONS
    + "GROUP BY a.owner"
)
#: The overdue actions in the screen's order within each owner: most overdue first, then by
#: event and position (action_figures' order).
_OVERDUE_ORDER = (
    "SELECT a.owner_key, a.event_id, a.seq" + OVERDUE_ACTIONS + "ORDER BY a.due, a.event_id, a.seq"
)
_FIRST_SPELLING = """
SELECT a.owner, MIN(a.seq) FROM actions a
WHERE a.event_id = :event AND {spelt} AND a.status = 'open' AND a.due < :today
GROUP BY a.owner
"""
_METRICS = """
SELECT m.event_id, m.metric_id, m.name, m.unit, m.direction, m.baseline, m.target,
  m.latest_value, m.latest_date
FROM metrics m JOIN events e ON e.event_id = m.event_id
WHERE {where}
ORDER BY m.event_id, m.seq
"""
_REVIEW_READINGS = """
SELECT rr.event_id, rr.review_seq, r.held_on, rr.metric_id, rr.value
FROM review_readings rr
  JOIN reviews r ON r.event_id = rr.event_id AND r.seq = rr.review_seq
  JOIN events e ON e.event_id = rr.event_id
WHERE {where} AND r.held_on IS NOT NULL
ORDER BY rr.event_id, rr.review_seq
"""
_SUSTAIN_REVIEWS = """
SELECT r.event_id, r.day, r.due, r.held_on, r.verdict
FROM reviews r JOIN events e ON e.event_id = r.event_id
WHERE {where} AND r.day = :day
ORDER BY r.event_id, r.seq
"""


_SEQ = itemgetter(1)


def read_events(
    db: Execute,
    flt: PortfolioFilter,
    today: date,
    settings: PortfolioSettings,
    overdue_rows: Iterable[Sequence[Any]],
    *,
    results: bool = True,
) -> list[EventFacts]:
    """The events in the filter, newest start first, with what each figure needs of them; the
    actions (the big table) come counted per event in its row, the overdue ones counted among
    ``overdue_rows`` (_OVERDUE's) and kept with their event, not read row by row. Without
    ``results`` their metrics are not read (results and ``result`` left empty: read_results)."""
    params: dict[str, Any] = {"today": today.isoformat(), "day": settings.sustain_day}
    where = flt.where(params)
    events: dict[str, EventFacts] = {}
    for event_id, title, site, unit, area, status, start, end, *numbers in db(
        _EVENTS.format(where=where), params
    ):
        begins = date.fromisoformat(start) if start else None
        events[event_id] = facts = EventFacts(
            event_id,
            title,
            site,
            unit,
            display_name(area) or NO_AREA,
            status,
            begins,
            date.fromisoformat(end) if end else None,
            quarter_of(begins) if begins else None,
            [],
        )
        if status != "abandoned":  # left out of every action figure
            facts.counts = ActionCounts(numbers[0], numbers[1], 0, *numbers[2:-1])
            facts.outsiders = numbers[-1]
    for row in overdue_rows:
        events[row[0]].overdue.append(row)
    for event_id, name, role, from_line, department in db(_ROLES.format(where=where), params):
        events[event_id].people.append(
            {"name": name, "role": role, "from_line": bool(from_line), "department": department}
        )
    if results:
        read_results(db, where, params, events)
    sustain: dict[str, dict[str, Any]] = {}
    for event_id, day, due, held_on, verdict in db(_SUSTAIN_REVIEWS.format(where=where), params):
        sustain.setdefault(
            event_id, {"day": day, "due": due, "held_on": held_on, "verdict": verdict}
        )
    for facts in events.values():
        review = sustain.get(facts.id)
        facts.state = sustain_state([review] if review else [], settings.sustain_day, today)
        if facts.overdue:
            assert facts.counts is not None  # _OVERDUE leaves abandoned events out too
            facts.counts.overdue = len(facts.overdue)
            facts.overdue.sort(key=_SEQ)  # the index gives them by due date
    return sorted(events.values(), key=lambda f: (f.start or date.min, f.id), reverse=True)


def read_results(
    db: Execute, where: str, params: dict[str, Any], events: dict[str, EventFacts]
) -> None:
    """Each event's metric results (logic/results.py) from its metrics and held reviews; every
    event the query ``where`` finds must be in ``events``."""
    reviews: dict[str, dict[int, dict[str, Any]]] = {}
    for event_id, seq, held_on, metric_id, value in db(
        _REVIEW_READINGS.format(where=where), params
    ):
        review = reviews.setdefault(event_id, {}).setdefault(
            seq, {"held_on": held_on, "readings": {}}
        )
        review["readings"][metric_id] = value
    metrics: dict[str, list[MetricResult]] = {}
    for event_id, metric_id, name, unit, direction, baseline, target, value, on in db(
        _METRICS.format(where=where), params
    ):
        held = reviews.get(event_id)
        if held is None:  # most events: the latest reading is the metric's own, if any
            latest = value if on is not None else None
            result = MetricResult(
                metric_id,
                name,
                unit,
                direction,
                baseline,
                target,
                latest,
                on,
                metric_progress(baseline, target, latest),
            )
        else:
            metric = {
                "id": metric_id,
                "name": name,
                "unit": unit,
                "direction": direction,
                "baseline": baseline,
                "target": target,
                "latest": {"date": on, "value": value} if on is not None else None,
            }
            result = metric_result(metric, list(held.values()))
        metrics.setdefault(event_id, []).append(result)
    for event_id, results in metrics.items():
        facts = events[event_id]
        facts.metrics = tuple(results)
        facts.result = event_result(facts.metrics)


# -- the figures: one function per question -------------------------------------------------------


def compute_portfolio(
    db: Execute,
    today: date,
    settings: PortfolioSettings | None = None,
    flt: PortfolioFilter | None = None,
    *,
    list_overdue: bool = True,
) -> Portfolio:
    """Every figure of the report and the portfolio screen for the events in ``flt``, from the
    cross-event index ``db`` (logic/queries.py): the same figures on a laptop and on the hub.

    ``list_overdue`` (the report) lists every overdue action with its owner; without it (the
    screen) the owners come counted by the database and their actions are not read at all:
    ~77,000 at 10,000 events, most of the screen's memory. It reads them a page at a time
    (overdue_list, overdue_page)."""
    settings = settings or PortfolioSettings()
    flt = flt or PortfolioFilter()
    params: dict[str, Any] = {"today": today.isoformat()}
    where = flt.where(params)
    if list_overdue:
        events = read_events(db, flt, today, settings, db(_OVERDUE.format(where=where), params))
        active = [e for e in events if e.active]
        overdue = [row for e in active for row in e.overdue]  # events newest first, by seq
        actions = action_figures(active, overdue, today)
    else:
        db = sharing(db)  # kept while the screen is open: one string for each value
        events = read_events(db, flt, today, settings, ())
        count_overdue(db, where, params, events)
        active = [e for e in events if e.active]
        actions = counted_action_figures(db, where, params, active, today)
    by_status, by_area_quarter = events_by_status_and_area(events)
    return Portfolio(
        today=today,
        filter=flt,
        settings=settings,
        events=tuple(event_rows(events)),
        by_status=by_status,
        by_area_quarter=by_area_quarter,
        actions=actions,
        results=tuple(
            EventResult(e.id, e.title, e.area, e.metrics, e.result) for e in active if e.metrics
        ),
        sustainment=sustainment(active, settings.sustain_day),
        capability=line_capability(active, outsider_rows(active), today),
        people=facilitator_evidence(active, settings.levels),
        yokoten=portfolio_yokoten(db, flt),
        sensei=sensei_for(db, flt),
    )


def count_overdue(
    db: Execute, where: str, params: dict[str, Any], events: Iterable[EventFacts]
) -> None:
    """Each event's overdue actions counted by the database (_OVERDUE_BY_EVENT), not read."""
    counts: dict[str, int] = {
        event_id: n for event_id, n in db(_OVERDUE_BY_EVENT.format(where=where), params)
    }
    for e in events:
        if e.counts is not None:  # abandoned events have none, and no overdue rows
            e.counts.overdue = counts.get(e.id, 0)


def sharing(db: Execute) -> Execute:
    """``db`` giving one string object for each value, however many rows repeat it: the index
    gives a new one each time, and a portfolio repeats a few sites, areas, statuses, names,
    units and dates thousands of times (26 → 16 MB kept for 10,000 events)."""
    same: dict[str, str] = {}

    def ask(sql: str, params: Mapping[str, Any], /) -> list[Sequence[Any]]:
        rows = db(sql, params)
        rows = rows if isinstance(rows, list) else list(rows)
        for i, row in enumerate(rows):  # in place: each row read is let go as it is replaced
            rows[i] = tuple([same.setdefault(v, v) if type(v) is str else v for v in row])
        return rows

    return ask


def events_by_status_and_area(
    events: Sequence[EventFacts],
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """How many events, by status (every status, in lifecycle order) and by area × quarter
    ("undated" without a start date)."""
    by_status = dict.fromkeys(STATUSES, 0)
    grid: dict[str, dict[str, int]] = {}
    for e in events:
        by_status[e.status] = by_status.get(e.status, 0) + 1
        counts = grid.setdefault(e.area, {})
        counts[e.quarter or "undated"] = counts.get(e.quarter or "undated", 0) + 1
    by_area_quarter = {
        area: dict(sorted(grid[area].items())) for area in sorted(grid, key=str.casefold)
    }
    return by_status, by_area_quarter


def event_rows(events: Sequence[EventFacts]) -> list[EventRow]:
    """The every-event table: leaders, open and overdue actions, result and sustainment."""
    rows = []
    for e in events:
        lead = team_leader(e.people)
        counts = e.counts or ActionCounts()
        rows.append(
            EventRow(
                id=e.id,
                title=e.title,
                site=e.site,
                business_unit=e.business_unit,
                area=e.area,
                status=e.status,
                start=e.start,
                end=e.end,
                quarter=e.quarter,
                team_leader=display_name(str(lead.get("name", ""))) if lead else "",
                leader=leader_kind(e.people),
                facilitators=tuple(
                    display_name(str(p.get("name", ""))) for p in facilitators(e.people)
                ),
                actions_open=counts.open if e.active else 0,
                actions_overdue=counts.overdue if e.active else 0,
                result=e.result,
                sustain_state=e.state,
            )
        )
    return rows


_BY_DUE_AND_EVENT = attrgetter("due", "event_id")


def action_figures(
    active: Sequence[EventFacts], overdue_rows: Iterable[Sequence[Any]], today: date
) -> ActionFigures:
    """Which actions are overdue and with whom, and how many were done on time: counts per
    event from the database, and the overdue actions themselves (``overdue_rows``: event, seq,
    id, what, owner, due), grouped by owner, most first."""
    refs: dict[str, tuple[str, list[ActionRef]]] = {}
    ordinal = today.toordinal()
    # a portfolio's overdue actions repeat a few owners and due dates thousands of times
    names: dict[str, tuple[str, str]] = {}  # owner as typed → (name, person key)
    days_to: dict[str, int] = {}  # due → days overdue
    # and event ids, action ids and dates: one string each, not one per row (~12 MB at 10,000
    # events, kept as long as the portfolio screen is open)
    same: dict[str, str] = {}
    for event_id, _, action_id, what, owner, due in overdue_rows:
        named = names.get(owner)
        if named is None:
            name = display_name(owner) or NO_OWNER
            named = names[owner] = (name, person_key(name))
        days = days_to.get(due)
        if days is None:
            days = days_to[due] = ordinal - date.fromisoformat(due).toordinal()
        found = refs.get(named[1])
        if found is None:
            found = refs[named[1]] = (named[0], [])
        found[1].append(
            ActionRef(
                same.setdefault(event_id, event_id),
                same.setdefault(action_id, action_id),
                what,
                named[0],
                same.setdefault(due, due),
                days,
            )
        )
    # most days overdue first = earliest due first (ISO dates sort as text), then by event
    owners = []
    for key, (name, listed) in refs.items():
        listed.sort(key=_BY_DUE_AND_EVENT)
        owners.append(
            OwnerOverdue(name, len(listed), listed[0].days_overdue, _owner_keys(key), tuple(listed))
        )
    return _action_figures(active, owners)


def _action_figures(active: Sequence[EventFacts], owners: Iterable[OwnerOverdue]) -> ActionFigures:
    """The events' action counts added up, with ``owners`` most first."""
    total = open_ = overdue = done = dropped = on_time = late = done_undated = 0
    for e in active:
        c = e.counts or ActionCounts()
        total += c.total
        open_ += c.open
        overdue += c.overdue
        done += c.done
        dropped += c.dropped
        on_time += c.on_time
        late += c.late
        done_undated += c.done_undated
    most_first = tuple(sorted(owners, key=lambda o: (-o.count, person_key(o.owner))))
    return ActionFigures(
        total, open_, overdue, done, dropped, on_time, late, done_undated, most_first
    )


_NO_OWNER_KEY = person_key(NO_OWNER)


def _owner_keys(key: str) -> tuple[str, ...]:
    """The index's owner_key values of the person ``key``: "(no owner)" is also no name."""
    return ("", key) if key == _NO_OWNER_KEY else (key,)


def counted_action_figures(
    db: Execute,
    where: str,
    params: dict[str, Any],
    active: Sequence[EventFacts],
    today: date,
) -> ActionFigures:
    """action_figures without reading the overdue actions: each owner's count and most overdue
    due date grouped by the database, by spelling (tens of rows, not tens of thousands), the
    spellings of one person merged here and named as action_figures names them."""
    # key → [count, earliest due, {spelling: newest event}]
    found: dict[str, list[Any]] = {}
    for owner, count, due, newest in db(_OVERDUE_BY_OWNER.format(where=where), params):
        name = display_name(owner) or NO_OWNER
        key = person_key(name)
        seen = found.get(key)
        if seen is None:
            found[key] = [count, due, {owner: newest}]
        else:
            seen[0] += count
            seen[1] = min(seen[1], due)
            seen[2][owner] = newest
    ordinal = today.toordinal()
    owners = []
    for key, (count, due, spellings) in found.items():
        owners.append(
            OwnerOverdue(
                _first_spelling(db, params, spellings),
                count,
                ordinal - date.fromisoformat(due).toordinal(),
                _owner_keys(key),
            )
        )
    return _action_figures(active, owners)


def _first_spelling(db: Execute, params: dict[str, Any], newest: dict[str, str]) -> str:
    """The name of a person as spelt on the first of their overdue actions in the portfolio's
    order (events newest first, then by position): ``newest`` holds each spelling's newest event
    (``start id``); two spellings in that one event are told apart by position, asked here."""
    last = max(newest.values())
    tied = [owner for owner, at in newest.items() if at == last]
    if len(tied) > 1:
        event_id = last.split(" ", 1)[1]
        asked = {"today": params["today"], "event": event_id}
        spelt = in_list("a.owner", tied, "spelt", asked)
        first = min(db(_FIRST_SPELLING.format(spelt=spelt), asked), key=itemgetter(1))
        tied = [first[0]]
    return display_name(tied[0]) or NO_OWNER


def sustainment(active: Sequence[EventFacts], day: int) -> Sustainment:
    """Which events held their gains at the sustainment review, overall, by area and quarter."""
    counts: dict[str, int] = {}
    for e in active:
        counts[e.state] = counts.get(e.state, 0) + 1
    return Sustainment(
        day=day,
        counts=counts,
        by_area=rate_rows((e.area, e.state) for e in active),
        by_quarter=rate_rows((e.quarter, e.state) for e in active if e.quarter is not None),
    )


def outsider_rows(active: Sequence[EventFacts]) -> list[tuple[str, int, str]]:
    """Owners not on their event's team, as typed, with their actions (not dropped) and the
    newest event they appear in (``start id``: events are listed newest first), by owner."""
    found: dict[str, list[Any]] = {}  # owner → [actions, newest event]
    for e in active:
        if not e.outsiders:
            continue
        newest = f"{e.start.isoformat() if e.start else ''} {e.id}"
        for owner, count in json.loads(e.outsiders):
            seen = found.get(owner)
            if seen is None:
                found[owner] = [count, newest]
            else:
                seen[0] += count
                seen[1] = max(seen[1], newest)
    return [(owner, n, newest) for owner, (n, newest) in sorted(found.items())]


def line_capability(
    active: Sequence[EventFacts], outsider_rows: Iterable[Sequence[Any]], today: date
) -> LineCapability:
    """Does the line lead and own more of its events: line-led events and line-owned actions,
    overall and by quarter; owners not on their event's team listed by name (``outsider_rows``:
    owner as typed, actions, newest event)."""
    quarters: dict[str, list[int]] = {}  # quarter → [with leader, line led, known, line owned]
    leaders = line_led = no_leader = line = lpo = no_owner = 0
    for e in active:
        leader = leader_kind(e.people)
        q = quarters.setdefault(e.quarter, [0, 0, 0, 0]) if e.quarter else None
        if leader is None:
            no_leader += 1
        else:
            leaders += 1
            line_led += leader == "line"
            if q is not None:
                q[0] += 1
                q[1] += leader == "line"
        c = e.counts or ActionCounts()
        line += c.line
        lpo += c.lpo
        no_owner += c.no_owner
        if q is not None:
            q[2] += c.line + c.lpo
            q[3] += c.line
    outsiders: dict[str, tuple[str, int, str]] = {}  # key → (name, actions, newest event)
    for owner, count, newest in outsider_rows:
        name = display_name(owner)
        key = person_key(name)
        seen = outsiders.get(key)
        if seen is None:
            outsiders[key] = (name, int(count), newest)
        else:  # the same person spelt another way: named as on their newest event
            keep = name if (newest, seen[0]) > (seen[2], name) else seen[0]
            outsiders[key] = (keep, seen[1] + int(count), max(newest, seen[2]))
    this_q = quarter_of(today)
    last_q = previous_quarter(this_q)
    return LineCapability(
        events_with_leader=leaders,
        line_led=line_led,
        no_leader=no_leader,
        line_owned=line,
        lpo_owned=lpo,
        not_on_team=sum(n for _, n, _ in outsiders.values()),
        no_owner=no_owner,
        owners_not_on_team=tuple(
            sorted(
                ((name, n) for name, n, _ in outsiders.values()),
                key=lambda pair: (-pair[1], pair[0].casefold()),
            )
        ),
        by_quarter=tuple(QuarterCapability(q, *quarters[q]) for q in sorted(quarters)),
        this_quarter=QuarterCapability(this_q, *quarters.get(this_q, [0, 0, 0, 0])),
        last_quarter=QuarterCapability(last_q, *quarters.get(last_q, [0, 0, 0, 0])),
    )


def facilitator_evidence(
    active: Sequence[EventFacts], levels: Sequence[Level]
) -> tuple[PersonEvidence, ...]:
    """Who facilitated, co-facilitated or led which event, and who is ready for certification."""
    evidence: list[tuple[EventRole, EvidenceEntry]] = []
    for e in active:
        counted = e.status in EVIDENCE_STATUSES
        for role in roles_on_event(e.people):
            entry = EvidenceEntry(
                e.id,
                e.title,
                e.area,
                e.site,
                role.role,
                e.start,
                e.end,
                e.status,
                counted,
                e.state,
                e.result,
            )
            evidence.append((role, entry))
    return build_evidence(evidence, levels)


def portfolio_yokoten(db: Execute, flt: PortfolioFilter) -> tuple[YokotenItem, ...]:
    """Practices the chosen events propose; with an area filter, also those other events (of the
    same sites, units and dates) propose *to* the chosen areas: what those areas could adopt."""
    return yokoten_register(db, flt)


def sensei_for(db: Execute, flt: PortfolioFilter) -> tuple[SenseiNotes, ...]:
    """Every sensei's notes on the chosen events (abandoned ones left out)."""
    params: dict[str, Any] = {}
    where = flt.where(params)
    return sensei_notes(db(SENSEI_SQL.format(where=where), params))


# -- the overdue actions a page at a time (the portfolio screen) ---------------------------------


@dataclass(frozen=True)
class OverdueList:
    """A portfolio's overdue actions in the order the screen lists them — owners most first
    (``owners``), each owner's most overdue first, then by event and position — as 8 bytes
    each: the event's number in ``events`` and the action's position in it. The actions
    themselves are read a page at a time when shown (overdue_page): kept as ActionRefs, the
    ~77,000 of 10,000 events held ~40 MB."""

    events: tuple[str, ...]
    owners: tuple[OwnerOverdue, ...]
    refs: tuple[array[int], ...]  # per owner: event number << 32 | seq

    def __len__(self) -> int:
        return sum(len(r) for r in self.refs)

    def at(self, owner: int, index: int) -> tuple[str, int]:
        """(event id, seq) of an owner's ``index``th action."""
        ref = self.refs[owner][index]
        return self.events[ref >> 32], ref & 0xFFFFFFFF


def overdue_list(db: Execute, p: Portfolio) -> OverdueList:
    """Where each overdue action of ``p`` sits (see OverdueList), read in one pass over the
    index, 8 bytes kept per action."""
    params: dict[str, Any] = {"today": p.today.isoformat()}
    where = p.filter.where(params)
    events = tuple(e.id for e in p.events)
    number = {event_id: n for n, event_id in enumerate(events)}
    owners = p.actions.overdue_by_owner
    refs = tuple(array("q") for _ in owners)
    group = {key: refs[n] for n, o in enumerate(owners) for key in o.keys}
    for key, event_id, seq in db(_OVERDUE_ORDER.format(where=where), params):
        found = group.get(key)
        if found is not None:  # None: an edit since the figures were computed
            found.append(number[event_id] << 32 | seq)
    return OverdueList(events, owners, refs)


def overdue_page(
    db: Execute, today: date, wanted: Sequence[tuple[str, int]]
) -> list[ActionRef | None]:
    """The actions at (event id, seq), as they are in the index now (None: gone since)."""
    if not wanted:
        return []
    params: dict[str, Any] = {}
    found = {
        (event_id, seq): (action_id, what, owner, due)
        for event_id, seq, action_id, what, owner, due in db(
            "SELECT a.event_id, a.seq, a.action_id, a.what, a.owner, a.due FROM actions a "
            f"WHERE {at_places('a', wanted, params)}",
            params,
        )
    }
    ordinal = today.toordinal()
    refs: list[ActionRef | None] = []
    for event_id, seq in wanted:
        row = found.get((event_id, seq))
        if row is None:
            refs.append(None)
            continue
        action_id, what, owner, due = row
        days = ordinal - date.fromisoformat(due).toordinal() if due else 0
        refs.append(ActionRef(event_id, action_id, what, display_name(owner), due, days))
    return refs
