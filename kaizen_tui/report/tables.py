"""The portfolio's tables as rows of cells: what the hub's LPO dashboard shows as HTML tables and
offers as CSV files, made from the figures of ``kaizen report --json`` (compute_portfolio; the
page's from logic/portfolio_page.py, the same figures cut to what it shows), cells as the JSON
has them (report/data.py), so a dashboard, its CSV files and the report cannot disagree.

Cells are str, int, float (percentages as the JSON rounds them) or None (nothing to show).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kaizen_tui.exports import csv_cell
from kaizen_tui.logic.evidence import PersonEvidence
from kaizen_tui.logic.portfolio import ActionRef, EventRow, LineCapability, Portfolio
from kaizen_tui.logic.portfolio_page import PageFigures, PersonStanding
from kaizen_tui.logic.results import Sustainment
from kaizen_tui.report.data import pct

Cell = str | int | float | None

#: The tables, in the order the dashboard shows them (file names: ``<name>.csv``).
TABLE_NAMES = ("overdue", "sustainment", "certification", "capability", "events")


@dataclass(frozen=True)
class DataTable:
    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: int | None = None  # rows in all, when ``rows`` are only the first of them

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total

    @functools.cached_property
    def numeric(self) -> tuple[bool, ...]:
        """Per column, whether its rows hold numbers (right-aligned in HTML); worked out once."""
        found = []
        for index in range(len(self.columns)):
            cells = [row[index] for row in self.rows if row[index] is not None]
            found.append(bool(cells) and all(isinstance(c, int | float) for c in cells))
        return tuple(found)


def portfolio_tables(p: Portfolio) -> dict[str, DataTable]:
    """Every table of the dashboard, every row."""
    return _tables(
        ((o.owner, a) for o in p.actions.overdue_by_owner for a in o.actions),
        p.sustainment,
        p.people_by_standing,
        p.capability,
        p.events,
        totals=(None, None),
    )


def page_tables(f: PageFigures) -> dict[str, DataTable]:
    """The tables as the dashboard page shows them: the long ones (overdue actions, events) cut
    to their first rows, with how many rows they have."""
    return _tables(
        f.overdue,
        f.sustainment,
        f.people,
        f.capability,
        f.events,
        totals=(f.actions_overdue, f.events_total),
    )


def _tables(
    overdue: Iterable[tuple[str, ActionRef]],
    sustain: Sustainment,
    people: Iterable[PersonEvidence | PersonStanding],
    capability: LineCapability,
    events: Iterable[EventRow],
    *,
    totals: tuple[int | None, int | None],
) -> dict[str, DataTable]:
    day = sustain.day
    tables = (
        DataTable(
            "overdue",
            "Overdue actions by owner",
            ("Owner", "Event", "Action", "What", "Due", "Days overdue"),
            tuple(
                (owner, a.event_id, a.action_id, a.what, a.due, a.days_overdue)
                for owner, a in overdue
            ),
            totals[0],
        ),
        DataTable(
            "sustainment",
            f"Sustainment by area at {day} days",
            ("Area", "Held", "Sustained", "Sustained %"),
            tuple((r.key, r.held, r.sustained, pct(r.rate)) for r in sustain.by_area),
        ),
        DataTable(
            "certification",
            "Facilitators and team leaders against the certification levels",
            (
                "Name",
                "From the line",
                "Level",
                "Next level",
                "Still needs",
                "Facilitated",
                "Co-facilitated",
                "Led",
                "Sustained",
                "Events",
            ),
            tuple(
                (
                    person.name,
                    "yes" if person.from_line else "no",
                    person.standing.level or "",
                    person.standing.next_level or "",
                    "; ".join(person.standing.missing),
                    person.counts["facilitated"],
                    person.counts["co_facilitated"],
                    person.counts["led"],
                    person.counts["sustained"],
                    person.counts["events"],
                )
                for person in people  # by standing: the order a certification panel reads
            ),
        ),
        DataTable(
            "capability",
            "Line capability by quarter",
            (
                "Quarter",
                "Events with a team leader",
                "Line led",
                "Line led %",
                "Actions with a known owner",
                "Line owned",
                "Line owned %",
            ),
            tuple(
                (
                    q.quarter,
                    q.events_with_leader,
                    q.line_led,
                    pct(q.line_led_rate),
                    q.actions_known,
                    q.line_owned,
                    pct(q.line_owned_rate),
                )
                for q in capability.by_quarter
            ),
        ),
        DataTable(
            "events",
            "Events",
            (
                "ID",
                "Title",
                "Site",
                "Business unit",
                "Area",
                "Status",
                "Start",
                "Team leader",
                "Led by",
                "Open actions",
                "Overdue actions",
                "Result %",
                "Sustainment",
            ),
            tuple(
                (
                    e.id,
                    e.title,
                    e.site,
                    e.business_unit,
                    e.area,
                    e.status,
                    e.start.isoformat() if e.start else None,
                    e.team_leader,
                    e.leader or "",
                    e.actions_open,
                    e.actions_overdue,
                    pct(e.result),
                    e.sustain_state,
                )
                for e in events
            ),
            totals[1],
        ),
    )
    return {t.name: t for t in tables}


def table_csv(table: DataTable) -> str:
    """The table as CSV text: a header row, then its rows; text made inert for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(_csv_row(row))
    return out.getvalue()


def _csv_row(row: Sequence[Cell]) -> list[str]:
    return ["" if c is None else csv_cell(c) if isinstance(c, str) else str(c) for c in row]
