"""An event's actions as CSV and its dates as iCalendar: pure functions, no disk, no web.

The action pages (`kaizen serve`, `kaizen publish`) and `kaizen export --csv/--ics` all call these,
so a spreadsheet or calendar gets the same rows and dates wherever it came from.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent

from kaizen_tui import __version__
from kaizen_tui.logic.actions import last_update, pdca_label, urgency
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.logic.reviews import due_date_of
from kaizen_tui.logic.words import one_line, printable
from kaizen_tui.model import Action, Event

CSV_COLUMNS = (
    "event_id",
    "action_id",
    "what",
    "owner",
    "due",
    "pdca",
    "pdca_stage",
    "status",
    "flag",
    "root_cause",
    "done_on",
    "last_update_date",
    "last_update",
)

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """Free text made inert for spreadsheets: a leading formula character gets a ``'``, which
    Excel and LibreOffice show as text and hide."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _flag(action: Action, today: date) -> str:
    kind = urgency(action, today)
    return {"overdue": "overdue", "due_soon": "due soon"}.get(kind, "")


def actions_csv(event: Event, today: date) -> str:
    """Every action of ``event``, one row each, with a header row (columns: CSV_COLUMNS).

    ``flag`` is ``overdue`` or ``due soon`` as of ``today`` (the same rule as everywhere else).
    Returns text; :func:`csv_bytes` adds the byte-order mark spreadsheets need for UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for action in event.actions:
        update = last_update(action)
        writer.writerow(
            (
                event.id,
                action.id,
                csv_cell(action.what),
                csv_cell(action.owner),
                _iso(action.due),
                action.pdca,
                pdca_label(action.pdca),
                action.status,
                _flag(action, today),
                action.root_cause or "",
                _iso(action.done_on),
                _iso(update.date) if update else "",
                csv_cell(update.note) if update else "",
            )
        )
    return out.getvalue()


def csv_bytes(text: str) -> bytes:
    """CSV text as a file: UTF-8 with a byte-order mark, without which Excel shows ``Wiśniewska``
    as mojibake."""
    return text.encode("utf-8-sig")


def event_uid(event: Event, item: str) -> str:
    """A calendar UID that stays the same across exports, so a re-import updates the entry.
    Derived from the share token (unique across installations, unlike ``KZ-2026-001``) by a hash,
    so the UID alone does not give away the link."""
    digest = hashlib.sha256(event.share_token.encode()).hexdigest()[:20]
    return f"{item}.{digest}@kaizen-tui"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//kaizen-tui//kaizen-tui {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # An X- property is not known to icalendar as text, so it would not be escaped: a line feed
    # in the title wrote an invalid content line (a traceback, a 500, an aborted publish).
    cal.add("x-wr-calname", vText(one_line(name)))
    return cal


def _entry(
    event: Event, uid: str, day: date, summary: str, description: str, page: str
) -> CalendarEvent:
    """One all-day entry of ``event``: DTSTAMP is the event's last save and SEQUENCE its
    revision, so a calendar file changes only when the event does."""
    stamp = event.updated_at or datetime(1970, 1, 1, tzinfo=UTC)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    item = CalendarEvent()
    item.add("uid", event_uid(event, uid))
    item.add("dtstamp", stamp)
    item.add("sequence", event.revision)
    item.add("dtstart", day)
    item.add("dtend", day + timedelta(days=1))
    # TEXT may hold no control character but a tab (RFC 5545 3.3.11); icalendar escapes
    # line feeds, commas and semicolons and folds long lines.
    item.add("summary", one_line(summary))
    item.add("description", printable(f"{description}\n\n{page}".strip()))
    item.add("url", page)
    item.add("transp", "TRANSPARENT")  # a reminder, not a meeting: does not block the day
    return item


def _action_entry(event: Event, action: Action, page: str) -> CalendarEvent | None:
    """The due date of an open action, or None (done, dropped or undated)."""
    if action.status != "open" or action.due is None:
        return None
    owner = f" ({action.owner})" if action.owner else ""
    lines = [f"{event.id} · {event.title}", f"Owner: {action.owner or '–'}"]
    lines.append(f"PDCA: {pdca_label(action.pdca)}")
    update = last_update(action)
    if update:
        lines.append(f"Last update {update.date.isoformat()}: {update.note}")
    return _entry(
        event,
        f"action-{action.id}",
        action.due,
        f"{action.id} due: {action.what}{owner}",
        "\n".join(lines),
        page,
    )


def event_ics(event: Event, *, link_base: str) -> bytes:
    """The follow-up reviews and the due dates of open actions as all-day calendar entries.

    Deterministic for a given event revision (DTSTAMP is the event's last save, SEQUENCE its
    revision), so published files change only when the event does."""
    page = action_page_url(link_base, event.share_token)
    cal = _calendar(f"Kaizen: {event.title}")
    for review in event.reviews:
        due = due_date_of(review, event)
        if due is None:
            continue
        if review.held_on:
            verdict = f": {review.verdict}" if review.verdict else ""
            detail = f"Held on {review.held_on.isoformat()}{verdict}."
        else:
            detail = "Check that the gains of the kaizen event hold."
        if review.notes:
            detail += f"\n{review.notes}"
        cal.add_component(
            _entry(
                event,
                f"review-{review.day}",
                due,
                f"{review.day}-day review: {event.title}",
                f"{event.id} · {event.area}\n{detail}".strip(),
                page,
            )
        )
    for action in event.actions:
        entry = _action_entry(event, action, page)
        if entry is not None:
            cal.add_component(entry)
    return cal.to_ical()


def owner_ics(owner: str, items: Iterable[tuple[Event, Action]], *, page: str) -> bytes:
    """One owner's open actions on many events as a calendar (the hub's personal page offers it
    as a subscription): the same entries, with the same UIDs, as in each event's calendar, so a
    calendar holding both shows one entry; ``page`` is the owner's page."""
    cal = _calendar(f"Kaizen actions: {owner}")
    for event, action in items:
        entry = _action_entry(event, action, page)
        if entry is not None:
            cal.add_component(entry)
    return cal.to_ical()
