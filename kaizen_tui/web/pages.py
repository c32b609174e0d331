"""What an action page says: the HTML, CSV and iCalendar files of one event, as bytes.

`kaizen serve` and `kaizen publish` both render through :func:`page_file`, so a published page is
byte for byte what the server returns for the same event, day and link base.

Layout (the same on the server and in a published folder)::

    index.html                  a page that lists nothing
    static/style.css
    e/<share_token>/index.html  the event's action page
    e/<share_token>/actions.csv
    e/<share_token>/reviews.ics

Links inside a page are relative, so a published folder works under any path of an intranet web
server and straight from a shared drive.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources

import jinja2

from kaizen_tui.exports import actions_csv, csv_bytes, event_ics
from kaizen_tui.logic.actions import (
    count_actions,
    last_update,
    pdca_circle,
    pdca_label,
    urgency,
)
from kaizen_tui.logic.dates import humane_days
from kaizen_tui.logic.metrics import format_number, latest_reading, target_met
from kaizen_tui.logic.reviews import due_date_of, is_review_overdue
from kaizen_tui.logic.transitions import label as status_label
from kaizen_tui.logic.words import plural
from kaizen_tui.model import _TOKEN, ROLE_LABELS, Action, Event

STYLESHEET = "static/style.css"
PAGE = "index.html"
CSV = "actions.csv"
ICS = "reviews.ics"
EVENT_FILES = (PAGE, CSV, ICS)
#: Most actions one page shows (open ones first); the CSV has them all. A phone shows a few dozen
#: usefully; 500 render in ~25 ms, while 100,000 took 11 s and a page of many megabytes.
PAGE_ACTIONS = 500

MEDIA_TYPES = {
    PAGE: "text/html; charset=utf-8",
    CSV: "text/csv; charset=utf-8",
    ICS: "text/calendar; charset=utf-8",
    STYLESHEET: "text/css; charset=utf-8",
}


def is_token_shaped(text: str) -> bool:
    """Could ``text`` be a share token at all? (Anything else is refused before any lookup.)"""
    return _TOKEN.fullmatch(text) is not None


@functools.cache
def _environment() -> jinja2.Environment:
    # autoescape=True explicitly: a bare jinja2.Environment does not escape.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kaizen_tui.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def stylesheet() -> bytes:
    return resources.files("kaizen_tui.web").joinpath(STYLESHEET).read_bytes()


# -- what the template shows -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionView:
    id: str
    what: str
    owner: str
    due: str
    due_hint: str  # "in 20 days" for open actions that are neither overdue nor due soon
    urgency: str  # overdue | due_soon | later | closed | undated
    flag: str  # "Overdue by 6 days" / "Due in 3 days" / "" (open actions only)
    pdca_circle: str
    pdca_label: str
    status: str
    done_on: str
    update_date: str
    update_note: str


@dataclass(frozen=True)
class MetricView:
    name: str
    direction: str
    baseline: str  # "94 min", or "–"
    target: str
    latest: str
    latest_date: str
    met: bool | None


@dataclass(frozen=True)
class ReviewView:
    day: int
    due: str
    held_on: str
    verdict: str
    overdue: bool
    due_hint: str  # "in 6 days" for a review still to hold
    notes: str


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _action_views(actions: Iterable[Action], today: date) -> list[ActionView]:
    views = []
    for action in actions:
        kind = urgency(action, today)
        update = last_update(action)
        hint = flag = ""
        if action.due is not None and action.status == "open":
            days = (action.due - today).days
            if kind == "overdue":
                flag = f"Overdue by {plural(-days, 'day')}"
            elif kind == "due_soon":
                flag = "Due " + humane_days(days)
            else:
                hint = humane_days(days)
        views.append(
            ActionView(
                id=action.id,
                what=action.what,
                owner=action.owner,
                due=_iso(action.due),
                due_hint=hint,
                urgency=kind,
                flag=flag,
                pdca_circle=pdca_circle(action.pdca),
                pdca_label=pdca_label(action.pdca),
                status=action.status,
                done_on=_iso(action.done_on),
                update_date=_iso(update.date) if update else "",
                update_note=update.note if update else "",
            )
        )
    return views


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{format_number(value)} {unit}".strip()


def _metric_views(event: Event) -> list[MetricView]:
    views = []
    for metric in event.metrics:
        reading = latest_reading(metric)
        views.append(
            MetricView(
                name=metric.name,
                direction="lower is better" if metric.direction == "lower" else "higher is better",
                baseline=with_unit(metric.baseline, metric.unit),
                target=with_unit(metric.target, metric.unit),
                latest=with_unit(reading.value if reading else None, metric.unit),
                latest_date=_iso(reading.date) if reading else "",
                met=target_met(metric, reading.value) if reading else None,
            )
        )
    return views


def _review_views(event: Event, today: date) -> list[ReviewView]:
    rows = []
    for review in event.reviews:
        due = due_date_of(review, event)
        rows.append(
            ReviewView(
                day=review.day,
                due=_iso(due),
                held_on=_iso(review.held_on),
                verdict=review.verdict or "",
                overdue=is_review_overdue(review, event, today),
                due_hint=humane_days((due - today).days) if due and not review.held_on else "",
                notes=review.notes,
            )
        )
    return sorted(rows, key=lambda r: r.day)


def _dates(event: Event) -> str:
    if event.start and event.end and event.start != event.end:
        return f"{event.start.isoformat()} – {event.end.isoformat()}"
    return _iso(event.start or event.end) or "not set"


def _people(event: Event) -> list[tuple[str, str]]:
    """(role label, names) for the roles a team member asks about, in that order."""
    rows = []
    for role in ("team_leader", "sponsor", "process_owner", "facilitator"):
        names = ", ".join(p.name for p in event.people_with_role(role))
        if names:
            rows.append((ROLE_LABELS[role], names))
    return rows


# -- rendering ---------------------------------------------------------------------------------


def action_page_html(event: Event, today: date) -> str:
    """The event's read-only action page (links relative to ``e/<token>/``)."""
    counts = count_actions(event.actions, today)
    open_ = [a for a in event.actions if a.status == "open"][:PAGE_ACTIONS]
    closed = [a for a in event.actions if a.status != "open"][: PAGE_ACTIONS - len(open_)]
    actions = _action_views([*open_, *closed], today)
    updated = event.updated_at.strftime("%Y-%m-%d %H:%M UTC") if event.updated_at else ""
    return (
        _environment()
        .get_template("event.html")
        .render(
            title=f"{event.title} · actions",
            css="../../" + STYLESHEET,
            event=event,
            status_label=status_label(event.status).capitalize(),
            dates=_dates(event),
            report_out=_iso(event.report_out),
            people=_people(event),
            counts=counts,
            open_actions=[a for a in actions if a.status == "open"],
            closed_actions=[a for a in actions if a.status != "open"],
            metrics=_metric_views(event),
            reviews=_review_views(event, today),
            today=today.isoformat(),
            updated=updated,
            csv_name=download_name(CSV, event),
            shown_actions=len(actions),
        )
    )


@functools.cache
def index_html(depth: int = 0) -> str:
    """The front page: says what this is and lists nothing (no way to enumerate events). A
    published folder has it in every folder ``depth`` levels down (``e/``, ``static/``), so a
    static web server shows it instead of listing the folder's tokens."""
    return (
        _environment()
        .get_template("index.html")
        .render(title="Kaizen action pages", css="../" * depth + STYLESHEET)
    )


@functools.cache
def not_found_html(css: str = "/" + STYLESHEET) -> str:
    """The one body of every 404: an unknown token and a malformed one look the same."""
    return _environment().get_template("not_found.html").render(title="Not found", css=css)


def page_file(name: str, event: Event, *, today: date, link_base: str) -> bytes:
    """One of an event's files (``EVENT_FILES``) as bytes, exactly as served and published."""
    if name == PAGE:
        return action_page_html(event, today).encode("utf-8")
    if name == CSV:
        return csv_bytes(actions_csv(event, today))
    if name == ICS:
        return event_ics(event, link_base=link_base)
    raise ValueError(f"{name!r} is not one of {EVENT_FILES}")


def download_name(name: str, event: Event) -> str:
    """The file name a browser saves a download as."""
    return {CSV: f"{event.id}-actions.csv", ICS: f"{event.id}-dates.ics"}.get(name, name)
