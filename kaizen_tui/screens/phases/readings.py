"""A metric's readings, recorded from the Charter and Follow-up: the form, and how each reading
is described (an after reading taken during the event, a review's, a follow-up reading).

A reading dated during the event is the after measurement (logic/metrics.py); the form says so
before it is saved, so the team knows what the A3 will show. Readings taken at a 30/60/90-day
review are corrected by holding that review again, not here: the review keeps its own record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.metrics import during_event, format_number, review_day_of
from kaizen_tui.model import Reading
from kaizen_tui.widgets.form import Field

if TYPE_CHECKING:
    from datetime import date

    from kaizen_tui.model import Event, Metric
    from kaizen_tui.screens.phases.base import PhasePane


def reading_kind(event: Event, metric: Metric, reading: Reading) -> str:
    """``after``, ``30-day review``, ``before the event`` or ``follow-up``."""
    day = review_day_of(event, metric, reading)
    if day is not None:
        return f"{day}-day review"
    if during_event(event, reading.date):
        return "after"
    if event.start is not None and reading.date < event.start:
        return "before the event"
    return "follow-up"


def _unit(metric: Metric) -> str:
    return f" {metric.unit}" if metric.unit else ""


def reading_intro(event: Event, metric: Metric) -> str:
    goal = (
        f"{metric.id} {metric.name}: baseline {format_number(metric.baseline)} → target "
        f"{format_number(metric.target)}{_unit(metric)}"
        f" ({'lower' if metric.direction == 'lower' else 'higher'} is better)."
    )
    if event.status in ("planned", "live"):
        since = f" (from {event.start.isoformat()})" if event.start else ""
        when = (
            f"A reading taken during the event{since} is its after measurement: the A3 shows "
            "baseline → after → target, and the close-out gate asks for one per metric."
        )
    else:
        last = event.report_out or event.end
        until = f" up to the report-out ({last.isoformat()})" if last else ""
        when = (
            f"Dated during the event{until} it counts as an after reading; later, as a "
            "follow-up reading in the trend."
        )
    return f"{goal} {when}"


def reading_fields(metric: Metric, reading: Reading | None, today: date) -> list[Field]:
    return [
        Field(
            "value",
            "Value",
            "number",
            value=reading.value if reading else None,
            required=True,
            help=f"in {metric.unit}" if metric.unit else "",
        ),
        Field("date", "Taken on", "date", value=reading.date if reading else today, required=True),
        Field(
            "note",
            "Note",
            value=reading.note if reading else "",
            placeholder="how it was measured: sample size, shift, trial",
        ),
    ]


def _metric_in(event: Event, metric_id: str) -> Metric:
    metric = event.metric(metric_id)
    if metric is None:
        raise KaizenError(f"metric {metric_id} is no longer in this event")
    return metric


def add_reading(pane: PhasePane, metric_id: str, *, after: Any = None) -> None:
    """The form for a new reading of ``metric_id``, dated today."""
    event = pane.event
    metric = _metric_in(event, metric_id)

    def apply(draft: Event, values: dict[str, Any]) -> None:
        target = _metric_in(draft, metric_id)
        target.readings.append(
            Reading(date=values["date"], value=values["value"], note=values["note"])
        )
        target.readings.sort(key=lambda r: r.date)

    pane.open_form(
        f"Record a reading of {metric.id}",
        reading_fields(metric, None, pane.kaizen.today),
        apply,
        f"reading of {metric.id}",
        intro=reading_intro(event, metric),
        after=after,
    )


def edit_reading(pane: PhasePane, metric_id: str, index: int) -> None:
    event = pane.event
    metric = _metric_in(event, metric_id)
    reading = metric.readings[index]
    day = review_day_of(event, metric, reading)
    if day is not None:
        pane.notify(
            f"This reading was taken at the {day}-day review: hold that review again "
            "(Enter on it under Reviews) to correct it.",
            title="Reading",
            timeout=8,
        )
        return

    def apply(draft: Event, values: dict[str, Any]) -> None:
        target = _metric_in(draft, metric_id)
        if index >= len(target.readings) or target.readings[index] != reading:
            raise KaizenError("the readings changed meanwhile; open the reading again")
        target.readings[index] = Reading(
            **{**reading.model_dump(), **values, "value": values["value"]}
        )
        target.readings.sort(key=lambda r: r.date)

    pane.open_form(
        f"Edit a reading of {metric.id}",
        reading_fields(metric, reading, pane.kaizen.today),
        apply,
        f"reading of {metric.id}",
        intro=reading_intro(event, metric),
    )


def remove_reading(pane: PhasePane, metric_id: str, index: int) -> None:
    event = pane.event
    metric = _metric_in(event, metric_id)
    reading = metric.readings[index]
    day = review_day_of(event, metric, reading)
    if day is not None:
        pane.notify(
            f"This reading belongs to the {day}-day review; hold the review again to change it.",
            title="Reading",
            timeout=8,
        )
        return

    def apply(draft: Event) -> None:
        target = _metric_in(draft, metric_id)
        if reading in target.readings:
            target.readings.remove(reading)

    pane.confirm(
        f"Remove this reading of {metric.id}?",
        f"{format_number(reading.value)}{_unit(metric)} on {reading.date.isoformat()}"
        + (f" ({reading.note})" if reading.note else ""),
        apply,
        f"reading of {metric.id} removed",
    )
