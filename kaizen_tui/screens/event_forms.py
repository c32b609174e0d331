"""Dialogs that make or bring back whole events: new, duplicate as a template, unarchive."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.agenda import TEMPLATE_LABELS, template_items
from kaizen_tui.model import Event, describe_validation_error
from kaizen_tui.widgets.form import Field, FormScreen

if TYPE_CHECKING:
    from kaizen_tui.screens.host import KaizenHost

DATE_HINT = "YYYY-MM-DD, +7, mon"


def new_event_form(app: KaizenHost) -> None:
    fields = [
        Field(
            "title",
            "Title",
            required=True,
            placeholder="what the event improves, e.g. Die changeover on Press Line 3",
        ),
        Field("area", "Area", placeholder="where, e.g. Press Shop · Line 3"),
        Field("site", "Site", placeholder="plant, hospital, office"),
        Field("start", "Starts", "date", placeholder=DATE_HINT),
        Field("end", "Ends (report-out)", "date", placeholder=DATE_HINT),
        Field(
            "agenda",
            "Run-sheet",
            "choice",
            value="5-day",
            options=[*[(label, key) for key, label in TEMPLATE_LABELS.items()], ("empty", "")],
            keys=["5", "1", "e"],
            help="the agenda to start from; every item stays editable",
        ),
    ]

    def build(values: dict[str, Any]) -> Event:
        return Event(
            title=values["title"],
            area=values["area"],
            site=values["site"],
            start=values["start"],
            end=values["end"],
            report_out=values["end"],
            agenda=template_items(values["agenda"]) if values["agenda"] else [],
        )

    _creating_form(
        app,
        "New kaizen event",
        fields,
        build,
        save_label="Create",
        intro="Only the title is needed now; the rest of the charter comes next.",
    )


def duplicate_event_form(app: KaizenHost, event_id: str) -> None:
    from kaizen_tui.logic.edits import event_as_template

    try:
        source = app.store.load(event_id)
    except KaizenError as err:
        app.notify(str(err), title="Cannot copy", severity="error", timeout=10)
        return
    fields = [
        Field("title", "Title", value=f"{source.title} (copy)", required=True),
        Field("area", "Area", value=source.area),
        Field("start", "Starts", "date", placeholder=DATE_HINT),
        Field("end", "Ends (report-out)", "date", placeholder=DATE_HINT),
    ]

    def build(values: dict[str, Any]) -> Event:
        event = event_as_template(source, values["title"])
        event.area = values["area"]
        event.start = values["start"]
        event.end = values["end"]
        event.report_out = values["end"]
        return event

    _creating_form(
        app,
        f"New event from {event_id}",
        fields,
        build,
        save_label="Create copy",
        intro=(
            "The copy keeps the site, area, scope, people, metric names, run-sheet and "
            "review days. "
            "Problem, current state, causes, actions, baselines and targets start empty."
        ),
    )


def _creating_form(
    app: KaizenHost,
    title: str,
    fields: list[Field],
    build: Callable[[dict[str, Any]], Event],
    *,
    save_label: str,
    intro: str,
) -> None:
    """A form that creates an event from its values (a refusal stays in the form), then opens
    it with the cursor in the problem statement: what the charter asks next."""
    created: list[Event] = []

    def submit(values: dict[str, Any]) -> str | None:
        try:
            created.append(app.store.create(build(values), today=app.today))
        except ValidationError as err:
            return describe_validation_error(err)
        except KaizenError as err:
            return str(err)
        return None

    def done(result: dict[str, Any] | None) -> None:
        if result is not None and created:
            event = created[0]
            app.open_event_screen(event.id, event=event, phase="charter", item="f-problem")
            app.notify(
                "The cursor is in the problem statement. Each field is saved as you go; "
                "Tab moves on; Esc, then a number key, switches phases.",
                title=f"{event.id} created",
            )

    app.push_screen(
        FormScreen(
            title, fields, today=app.today, submit=submit, save_label=save_label, intro=intro
        ),
        done,
    )


def archived_picker(app: KaizenHost, refresh: Callable[[], None]) -> None:
    archived = app.store.list_archived()
    if not archived:
        app.notify("No archived events.")
        return
    fields = [
        Field(
            "event_id",
            "Archived",
            "select",
            value=archived[0],
            options=[(a, a) for a in archived],
            required=True,
        )
    ]

    def submit(values: dict[str, Any]) -> str | None:
        try:
            app.store.unarchive(values["event_id"])
        except KaizenError as err:
            return str(err)
        return None

    def done(result: dict[str, Any] | None) -> None:
        if result is not None:
            refresh()
            app.notify(f"{result['event_id']} is back in the list.")

    app.push_screen(
        FormScreen(
            "Bring back an archived event",
            fields,
            today=app.today,
            submit=submit,
            save_label="Bring back",
        ),
        done,
    )
