"""One person's facilitator evidence, as a certification panel asks for it: Markdown (the default),
CSV (one row per event and role, for a spreadsheet) or JSON."""

from __future__ import annotations

import csv
import io

from kaizen_tui.logic.evidence import PersonEvidence
from kaizen_tui.report.text import role_label, status_label, sustain_label

CSV_COLUMNS = (
    "person",
    "event",
    "title",
    "site",
    "area",
    "role",
    "start",
    "end",
    "status",
    "counted",
    "result_pct",
    "sustain",
)


def evidence_csv(person: PersonEvidence) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in person.entries:
        writer.writerow(
            [
                _cell(person.name),
                _cell(e.event_id),
                _cell(e.title),
                _cell(e.site),
                _cell(e.area),
                role_label(e.role),
                e.start.isoformat() if e.start else "",
                e.end.isoformat() if e.end else "",
                status_label(e.status),
                "yes" if e.counted else "no",
                "" if e.result is None else f"{e.result * 100:.1f}",
                sustain_label(e.sustain_state),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """A leading = + - @ makes spreadsheets run the cell as a formula: quote it as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
