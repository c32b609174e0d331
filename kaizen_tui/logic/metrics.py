"""Metric readings: the latest value, whether it has reached the target, and the "after"
measurement taken during the event.

**After readings** are the readings the team took during the event, measuring the new process
against the baseline (day 4 of a five-day event): readings dated from the event's start to its
report-out (or its end, when no report-out is set). While the event is planned or live the window
stays open at the end, so a reading taken on an event that runs late still counts. Readings taken
at a 30/60/90-day review are follow-up readings, never after readings. The **after** value is the
latest after reading; the A3 and the screens show baseline → after → target.
"""

from __future__ import annotations

from datetime import date

from kaizen_tui.model import Event, Metric, Reading


def latest_reading(metric: Metric) -> Reading | None:
    """The reading with the latest date (the first of them on a tie, as the index and the
    follow-up logic pick it), or None."""
    return max(metric.readings, key=lambda r: r.date, default=None)


def event_window(event: Event) -> tuple[date | None, date | None]:
    """First and last day of the event for its after readings (None: open on that side)."""
    if event.status in ("planned", "live"):
        return event.start, None
    return event.start, event.report_out or event.end


def during_event(event: Event, day: date) -> bool:
    first, last = event_window(event)
    return (first is None or day >= first) and (last is None or day <= last)


def review_day_of(event: Event, metric: Metric, reading: Reading) -> int | None:
    """The review ``reading`` was taken at (its day: 30, 60, …), or None."""
    for review in event.reviews:
        if (
            review.held_on == reading.date
            and metric.id in review.readings
            and review.readings[metric.id] == reading.value
        ):
            return review.day
    return None


def after_readings(event: Event, metric: Metric) -> list[Reading]:
    """The readings of ``metric`` taken during the event (see the module doc), oldest first."""
    return sorted(
        (
            reading
            for reading in metric.readings
            if during_event(event, reading.date) and review_day_of(event, metric, reading) is None
        ),
        key=lambda r: r.date,
    )


def after_reading(event: Event, metric: Metric) -> Reading | None:
    """The after measurement: the latest reading taken during the event, or None."""
    readings = after_readings(event, metric)
    return readings[-1] if readings else None


def target_met(metric: Metric, value: float) -> bool | None:
    """Whether ``value`` reaches the target in the metric's direction; None without a target."""
    if metric.target is None:
        return None
    return value <= metric.target if metric.direction == "lower" else value >= metric.target


def format_number(value: float | None) -> str:
    """``94``, ``4.4``, ``0.125``: no trailing ``.0``, no float noise; ``–`` for nothing."""
    if value is None:
        return "–"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"
