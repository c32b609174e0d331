"""Choices the portfolio screen offers, as plain functions: the filter bar's values turned into a
PortfolioFilter, the areas worth offering once a site is chosen, the events a yokoten practice can
be adopted into, the area × quarter grid that fits the screen, bars for shares, and export names.

The figures themselves come from logic/portfolio.py; nothing here reads the disk (the area menu
asks the index it is given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kaizen_tui.logic.people import person_key
from kaizen_tui.logic.portfolio import PortfolioFilter, filter_options, parse_period

if TYPE_CHECKING:
    from kaizen_tui.logic.queries import Execute
    from kaizen_tui.logic.summary import EventSummary
    from kaizen_tui.logic.yokoten import YokotenItem


@dataclass(frozen=True)
class FilterChoice:
    """What the filter bar shows: one site, business unit and area ("" is any) and a start-date
    range whose ends are quarters (``2026-Q3``) or dates (``2026-08-15``), "" for open."""

    site: str = ""
    unit: str = ""
    area: str = ""
    start_from: str = ""
    start_to: str = ""

    def to_filter(self) -> PortfolioFilter:
        """ValueError (with a message for the person) when a date does not parse or the range
        ends before it starts. A quarter as the end of the range means its last day."""
        return PortfolioFilter(
            sites=(self.site,) if self.site else (),
            business_units=(self.unit,) if self.unit else (),
            areas=(self.area,) if self.area else (),
            start_from=parse_period(self.start_from) if self.start_from else None,
            start_to=parse_period(self.start_to, end=True) if self.start_to else None,
        )


def areas_for(db: Execute, site: str = "", unit: str = "") -> tuple[str, ...]:
    """The areas of the events at ``site`` in ``unit`` (either "" for any): once a site is chosen,
    the area menu offers that site's areas, not every area of the company."""
    scope = PortfolioFilter(sites=(site,) if site else (), business_units=(unit,) if unit else ())
    return filter_options(db, scope).areas


# -- yokoten: where a practice can go ---------------------------------------------------------

#: Closed events are offered last: nobody follows their actions up any more.
_STATUS_RANK = {"live": 0, "planned": 0, "reported": 0, "following_up": 0, "closed": 1}


@dataclass(frozen=True)
class AdoptionTarget:
    summary: EventSummary
    in_area: bool  # the event is in the area the practice was proposed to

    @property
    def id(self) -> str:
        return self.summary.id


def _area_match(to_area: str, area: str) -> int:
    """0: the same area; 1: one name holds the other ("Welding" / "Welding cells"); 2: no."""
    want, have = person_key(to_area), person_key(area)
    if not want or not have:
        return 2
    if want == have:
        return 0
    return 1 if want in have or have in want else 2


def adoption_targets(summaries: Iterable[EventSummary], item: YokotenItem) -> list[AdoptionTarget]:
    """Every event the practice could be adopted into: not the event proposing it, not an
    abandoned one. Events of the receiving area come first (the same name, then a name that holds
    it), open events before closed ones, newest start first."""
    ranked = []
    for s in summaries:
        if s.id == item.event_id or s.status == "abandoned":
            continue
        match = _area_match(item.to_area, s.area)
        rank = (match, _STATUS_RANK.get(s.status, 1), -(s.start or date.min).toordinal(), s.id)
        ranked.append((rank, AdoptionTarget(s, match < 2)))
    ranked.sort(key=lambda pair: pair[0])
    return [target for _, target in ranked]


def team_of(db: Execute, event_id: str) -> list[dict[str, str]]:
    """The people of one event (name, role), in the order listed: whom an adopted practice's
    action can go to."""
    sql = "SELECT name, role FROM people WHERE event_id = :id ORDER BY seq"
    return [{"name": name, "role": role} for name, role in db(sql, {"id": event_id})]


def find_targets(targets: Sequence[AdoptionTarget], text: str) -> list[AdoptionTarget]:
    """The targets whose id, title, area, site or status hold ``text`` as typed ("area 1" finds
    Area 1 and Area 12, not every event with a 1 somewhere); when nothing holds the phrase, those
    holding every word of it. Order kept."""
    phrase = " ".join(text.casefold().split())
    if not phrase:
        return list(targets)

    def fields(t: AdoptionTarget) -> str:
        s = t.summary
        return " · ".join((s.id, s.title, s.area, s.site, s.status.replace("_", " "))).casefold()

    found = [t for t in targets if phrase in " ".join(fields(t).split())]
    if found:
        return found
    words = phrase.split()
    return [t for t in targets if all(word in fields(t) for word in words)]


# -- how figures are drawn ----------------------------------------------------------------------


def share_bar(share: float | None, width: int = 10) -> str:
    """``██████░░░░`` for 60 %: a bar a projector shows as well as a terminal. Empty for no
    share (nothing to divide by), so "none yet" does not look like 0 %."""
    if share is None or width <= 0:
        return ""
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


@dataclass(frozen=True)
class AreaQuarterGrid:
    columns: tuple[str, ...]  # "earlier" (when quarters were folded), quarters, "undated"
    rows: tuple[tuple[str, tuple[int, ...], int], ...]  # (area, counts per column, total)
    totals: tuple[int, ...]
    total: int


def area_quarter_grid(
    by_area_quarter: Mapping[str, Mapping[str, int]], max_quarters: int
) -> AreaQuarterGrid:
    """Events per area and quarter with the most recent ``max_quarters`` quarters as columns;
    older quarters are added up in an "earlier" column, events without a start date in
    "undated". Areas with the most events first."""
    quarters = sorted({q for counts in by_area_quarter.values() for q in counts if q != "undated"})
    shown = quarters[-max_quarters:] if max_quarters > 0 else []
    folded = quarters[: len(quarters) - len(shown)]
    undated = any("undated" in counts for counts in by_area_quarter.values())
    columns = (*(("earlier",) if folded else ()), *shown, *(("undated",) if undated else ()))
    rows = []
    for area, counts in by_area_quarter.items():
        cells = []
        for column in columns:
            if column == "earlier":
                cells.append(sum(counts.get(q, 0) for q in folded))
            else:
                cells.append(counts.get(column, 0))
        rows.append((area, tuple(cells), sum(counts.values())))
    rows.sort(key=lambda row: (-row[2], row[0].casefold()))
    totals = tuple(sum(row[1][i] for row in rows) for i in range(len(columns)))
    return AreaQuarterGrid(columns, tuple(rows), totals, sum(row[2] for row in rows))


def trend_word(now: float | None, before: float | None) -> str:
    """``up`` / ``down`` / ``same`` between two shares, "" when either is missing."""
    if now is None or before is None:
        return ""
    if abs(now - before) < 1e-9:
        return "same"
    return "up" if now > before else "down"


# -- export file names --------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)


def slug(text: str) -> str:
    """``Anna Lewandowska`` → ``anna-lewandowska``: letters and digits of any script, the rest one
    hyphen; safe as a file name on every system."""
    return _UNSAFE.sub("-", text.casefold()).strip("-_") or "unnamed"


def report_file_name(today: date, suffix: str = ".pdf", describe: Sequence[str] = ()) -> str:
    """``kaizen-report-2026-11-25.pdf``; with filter values, ``kaizen-report-leeds-…``."""
    parts = ["kaizen-report", *(slug(v) for v in describe if v), today.isoformat()]
    return "-".join(parts) + suffix


def evidence_file_name(person_name: str, today: date, suffix: str = ".md") -> str:
    return f"evidence-{slug(person_name)}-{today.isoformat()}{suffix}"
