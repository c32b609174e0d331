"""The portfolio's tables as rows of cells: what the hub's LPO dashboard shows as HTML tables and
offers as CSV files, made from the figures of ``kaizen report --json`` (report/data.py), so a
dashboard, its CSV files and the report cannot disagree.

Cells are str, int, float (percentages as the JSON rounds them) or None (nothing to show).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kaizen_tui.exports import csv_cell
from kaizen_tui.logic.portfolio import Portfolio
from kaizen_tui.report.data import person_json, portfolio_json

Cell = str | int | float | None

#: The tables, in the order the dashboard shows them (file names: ``<name>.csv``).
TABLE_NAMES = ("overdue", "sustainment", "certification", "capability", "events")


@dataclass(frozen=True)
class DataTable:
    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @functools.cached_property
    def numeric(self) -> tuple[bool, ...]:
        """Per column, whether it holds numbers (right-aligned in HTML); worked out once."""
        found = []
        for index in range(len(self.columns)):
            cells = [row[index] for row in self.rows if row[index] is not None]
            found.append(bool(cells) and all(isinstance(c, int | float) for c in cells))
        return tuple(found)


def portfolio_tables(p: Portfolio, data: dict[str, Any] | None = None) -> dict[str, DataTable]:
    """Every table of the dashboard; ``data`` is portfolio_json(p) when the caller has it."""
    data = data if data is not None else portfolio_json(p)
    overdue = tuple(
        (o["owner"], a["event"], a["id"], a["what"], a["due"], a["days_overdue"])
        for o in data["actions"]["overdue_by_owner"]
        for a in o["actions"]
    )
    sustain = data["sustainment"]
    sustainment = tuple(
        (r["area"], r["held"], r["sustained"], r["rate_pct"]) for r in sustain["by_area"]
    )
    people = []
    for person in p.people_by_standing:  # the order a certification panel reads
        entry = person_json(person)
        people.append(
            (
                entry["name"],
                "yes" if entry["from_line"] else "no",
                entry["level"] or "",
                entry["next_level"] or "",
                "; ".join(entry["missing"]),
                entry["facilitated"],
                entry["co_facilitated"],
                entry["led"],
                entry["sustained"],
                entry["events"],
            )
        )
    capability = tuple(
        (
            q["quarter"],
            q["events_with_team_leader"],
            q["line_led"],
            q["line_led_pct"],
            q["actions_with_known_owner"],
            q["line_owned"],
            q["line_owned_pct"],
        )
        for q in data["line_capability"]["by_quarter"]
    )
    events = tuple(
        (
            e["id"],
            e["title"],
            e["site"],
            e["business_unit"],
            e["area"],
            e["status"],
            e["start"],
            e["team_leader"],
            e["led_by"] or "",
            e["open_actions"],
            e["overdue_actions"],
            e["result_pct"],
            e["sustain"],
        )
        for e in data["events"]["list"]
    )
    day = sustain["review_day"]
    tables = (
        DataTable(
            "overdue",
            "Overdue actions by owner",
            ("Owner", "Event", "Action", "What", "Due", "Days overdue"),
            overdue,
        ),
        DataTable(
            "sustainment",
            f"Sustainment by area at {day} days",
            ("Area", "Held", "Sustained", "Sustained %"),
            sustainment,
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
            tuple(people),
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
            capability,
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
            events,
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
