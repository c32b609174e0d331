"""The Lean Promotion Office's portfolio: every figure of ``kaizen report`` and the portfolio
screen, computed from the index summaries alone (no event file is opened).

Entry points for a front end::

    summaries = store.list_summaries()
    options = filter_options(summaries)                        # what the filter menus offer
    flt = PortfolioFilter(areas=("Press Shop",), start_from=date(2026, 7, 1))
    portfolio = compute_portfolio(summaries, today, settings, flt)

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

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.certification import (
    DEFAULT_LEVELS,
    Level,
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
    owner_kind,
    people_index,
    person_key,
    team_leader,
)
from kaizen_tui.logic.results import (
    MetricResult,
    Sustainment,
    SustainState,
    event_result,
    metric_result,
    rate_rows,
    sustain_state,
)
from kaizen_tui.logic.sensei import SenseiNotes, sensei_notes
from kaizen_tui.logic.yokoten import YokotenItem, yokoten_register
from kaizen_tui.model import STATUSES

if TYPE_CHECKING:
    from kaizen_tui.store.index import EventSummary

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

    def matches(self, summary: EventSummary) -> bool:
        for chosen, value in (
            (self.sites, summary.site),
            (self.business_units, summary.business_unit),
            (self.areas, summary.area),
        ):
            if chosen and person_key(value) not in _keys(chosen):
                return False
        if self.start_from or self.start_to:
            if summary.start is None:
                return False
            if self.start_from and summary.start < self.start_from:
                return False
            if self.start_to and summary.start > self.start_to:
                return False
        return True

    def apply(self, summaries: Iterable[EventSummary]) -> list[EventSummary]:
        if self.is_empty:
            return list(summaries)
        return [s for s in summaries if self.matches(s)]

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


def filter_options(summaries: Iterable[EventSummary]) -> FilterOptions:
    sites: dict[str, str] = {}
    units: dict[str, str] = {}
    areas: dict[str, str] = {}
    quarters: set[str] = set()
    for s in summaries:
        for found, value in ((sites, s.site), (units, s.business_unit), (areas, s.area)):
            if value.strip():
                found.setdefault(person_key(value), display_name(value))
        if s.start:
            quarters.add(quarter_of(s.start))

    def ordered(found: dict[str, str]) -> tuple[str, ...]:
        return tuple(found[k] for k in sorted(found))

    return FilterOptions(ordered(sites), ordered(units), ordered(areas), tuple(sorted(quarters)))


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
    owner: str
    actions: tuple[ActionRef, ...]  # most overdue first

    @property
    def count(self) -> int:
        return len(self.actions)


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
        rank = {level.name: i for i, level in enumerate(self.settings.levels)}
        return tuple(
            sorted(
                self.people,
                key=lambda x: (
                    -rank.get(x.standing.level or "", -1),
                    -x.counts.get("events", 0),
                    x.key,
                ),
            )
        )


def compute_portfolio(
    summaries: Iterable[EventSummary],
    today: date,
    settings: PortfolioSettings | None = None,
    flt: PortfolioFilter | None = None,
) -> Portfolio:
    settings = settings or PortfolioSettings()
    flt = flt or PortfolioFilter()
    everything = list(summaries)
    chosen = sorted(flt.apply(everything), key=lambda s: (s.start or date.min, s.id), reverse=True)
    iso_today = today.isoformat()
    day = settings.sustain_day

    by_status = dict.fromkeys(STATUSES, 0)
    by_area_quarter: dict[str, dict[str, int]] = {}
    rows: list[EventRow] = []
    results: list[EventResult] = []
    sustain_pairs: list[tuple[str, str, SustainState]] = []  # (area, quarter, state)
    state_counts: dict[str, int] = {}
    # actions
    total = open_ = overdue = done = dropped = on_time = late = done_undated = 0
    overdue_refs: dict[str, tuple[str, list[ActionRef]]] = {}
    # line capability
    quarters: dict[str, list[int]] = {}  # quarter → [with leader, line led, known, line owned]
    leaders = line_led = no_leader = 0
    owned = {"line": 0, "lpo": 0, "no_owner": 0}
    outsiders: dict[str, tuple[str, int]] = {}
    evidence: list[tuple[EventRole, EvidenceEntry]] = []
    active: list[EventSummary] = []

    for s in chosen:
        area = display_name(s.area) or NO_AREA
        quarter = quarter_of(s.start) if s.start else None
        by_status[s.status] = by_status.get(s.status, 0) + 1
        area_counts = by_area_quarter.setdefault(area, {})
        area_counts[quarter or "undated"] = area_counts.get(quarter or "undated", 0) + 1
        state = sustain_state(s.reviews, day, today)
        leader = leader_kind(s.people)
        metric_results = tuple(metric_result(m, s.reviews) for m in s.metrics)
        result = event_result(metric_results)
        ev_open = ev_overdue = 0
        if s.status == "abandoned":
            rows.append(_row(s, area, quarter, leader, 0, 0, result, state))
            continue
        active.append(s)

        index = people_index(s.people)
        q_counts = quarters.setdefault(quarter, [0, 0, 0, 0]) if quarter else None
        if leader is None:
            no_leader += 1
        else:
            leaders += 1
            line_led += leader == "line"
            if q_counts is not None:
                q_counts[0] += 1
                q_counts[1] += leader == "line"
        total += len(s.actions)
        ev_line = ev_lpo = 0
        for a in s.actions:  # the hot loop of the report: 15,000 actions in the bench
            status = a["status"]
            if status == "dropped":
                dropped += 1
                continue  # in no share: a dropped action is nobody's to own or finish
            due = a["due"]
            if status == "open":
                ev_open += 1
                if due is not None and due < iso_today:
                    ev_overdue += 1
                    owner = display_name(a["owner"]) or NO_OWNER
                    ref = ActionRef(
                        s.id,
                        a["id"],
                        a["what"],
                        owner,
                        due,
                        (today - date.fromisoformat(due)).days,
                    )
                    overdue_refs.setdefault(person_key(owner), (owner, []))[1].append(ref)
            else:
                done += 1
                done_on = a["done_on"]
                if due is None or done_on is None:
                    done_undated += 1
                elif done_on <= due:
                    on_time += 1
                else:
                    late += 1
            kind = owner_kind(a["owner"], index)
            if kind == "line":
                ev_line += 1
            elif kind == "lpo":
                ev_lpo += 1
            elif kind == "not_on_team":
                name = display_name(a["owner"])
                seen = outsiders.get(person_key(name), (name, 0))
                outsiders[person_key(name)] = (seen[0], seen[1] + 1)
            else:
                owned["no_owner"] += 1
        open_ += ev_open
        overdue += ev_overdue
        owned["line"] += ev_line
        owned["lpo"] += ev_lpo
        if q_counts is not None:
            q_counts[2] += ev_line + ev_lpo
            q_counts[3] += ev_line

        state_counts[state] = state_counts.get(state, 0) + 1
        sustain_pairs.append((area, quarter or "undated", state))
        if metric_results:
            results.append(EventResult(s.id, s.title, area, metric_results, result))
        counted = s.status in EVIDENCE_STATUSES
        for role in roles_on_event(s.people):
            evidence.append(
                (
                    role,
                    EvidenceEntry(
                        event_id=s.id,
                        title=s.title,
                        area=area,
                        site=s.site,
                        role=role.role,
                        start=s.start,
                        end=s.end,
                        status=s.status,
                        counted=counted,
                        sustain_state=state,
                        result=result,
                    ),
                )
            )
        rows.append(_row(s, area, quarter, leader, ev_open, ev_overdue, result, state))

    owners = tuple(
        OwnerOverdue(name, tuple(sorted(refs, key=lambda r: (-r.days_overdue, r.event_id))))
        for name, refs in overdue_refs.values()
    )
    owners = tuple(sorted(owners, key=lambda o: (-o.count, person_key(o.owner))))
    this_q = quarter_of(today)
    last_q = previous_quarter(this_q)
    by_quarter = tuple(QuarterCapability(q, *quarters[q]) for q in sorted(quarters))
    return Portfolio(
        today=today,
        filter=flt,
        settings=settings,
        events=tuple(rows),
        by_status=by_status,
        by_area_quarter={
            area: dict(sorted(by_area_quarter[area].items()))
            for area in sorted(by_area_quarter, key=str.casefold)
        },
        actions=ActionFigures(
            total, open_, overdue, done, dropped, on_time, late, done_undated, owners
        ),
        results=tuple(results),
        sustainment=Sustainment(
            day=day,
            counts=state_counts,
            by_area=rate_rows((area, state) for area, _, state in sustain_pairs),
            by_quarter=rate_rows(
                (quarter, state) for _, quarter, state in sustain_pairs if quarter != "undated"
            ),
        ),
        capability=LineCapability(
            events_with_leader=leaders,
            line_led=line_led,
            no_leader=no_leader,
            line_owned=owned["line"],
            lpo_owned=owned["lpo"],
            not_on_team=sum(n for _, n in outsiders.values()),
            no_owner=owned["no_owner"],
            owners_not_on_team=tuple(
                sorted(outsiders.values(), key=lambda pair: (-pair[1], pair[0].casefold()))
            ),
            by_quarter=by_quarter,
            this_quarter=QuarterCapability(this_q, *quarters.get(this_q, [0, 0, 0, 0])),
            last_quarter=QuarterCapability(last_q, *quarters.get(last_q, [0, 0, 0, 0])),
        ),
        people=build_evidence(evidence, settings.levels),
        yokoten=_yokoten(everything, active, flt),
        sensei=sensei_notes(active),
    )


def _yokoten(
    everything: Sequence[EventSummary], active: Sequence[EventSummary], flt: PortfolioFilter
) -> tuple[YokotenItem, ...]:
    """Practices the chosen events propose; with an area filter, also those other events (of the
    same sites, units and dates) propose *to* the chosen areas: what those areas could adopt."""
    if not flt.areas:
        return yokoten_register(active)
    wanted = _keys(flt.areas)
    chosen_ids = {s.id for s in active}
    rest = PortfolioFilter(flt.sites, flt.business_units, (), flt.start_from, flt.start_to)
    others = [
        s
        for s in everything
        if s.id not in chosen_ids
        and s.status != "abandoned"
        and rest.matches(s)
        and any(person_key(y.get("to_area", "")) in wanted for y in s.yokoten)
    ]
    return tuple(
        item
        for item in yokoten_register([*active, *others])
        if item.event_id in chosen_ids or person_key(item.to_area) in wanted
    )


def _row(
    s: EventSummary,
    area: str,
    quarter: str | None,
    leader: Literal["line", "lpo"] | None,
    open_: int,
    overdue: int,
    result: float | None,
    state: SustainState,
) -> EventRow:
    lead = team_leader(s.people)
    return EventRow(
        id=s.id,
        title=s.title,
        site=s.site,
        business_unit=s.business_unit,
        area=area,
        status=s.status,
        start=s.start,
        end=s.end,
        quarter=quarter,
        team_leader=display_name(str(lead.get("name", ""))) if lead else "",
        leader=leader,
        facilitators=tuple(display_name(str(p.get("name", ""))) for p in facilitators(s.people)),
        actions_open=open_,
        actions_overdue=overdue,
        result=result,
        sustain_state=state,
    )
