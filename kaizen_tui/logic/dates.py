"""Dates as a facilitator types them, and the small calendar rules the app relies on."""

from __future__ import annotations

import re
from datetime import date, timedelta

from kaizen_tui.model import parse_iso_date

_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*([dw]?)$")
_EVENT_DAY = re.compile(r"^(?:d|day\s*)(\d{1,3})$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: What a date field accepts, in a few words (the hint under a field that does not parse yet).
DATE_HINT = "YYYY-MM-DD, +7, -7, +2w, d4 (day 4 of the event), tomorrow, yesterday, fri, last fri"


def parse_user_date(text: str, today: date, *, event_start: date | None = None) -> date:
    """Accept ``YYYY-MM-DD``; ``today``, ``tomorrow``, ``yesterday``; ``+3`` / ``+3d`` / ``+2w``
    and ``-7`` / ``-2w`` from today; ``d4`` / ``day 4``: the 4th day of the event (its start is
    day 1); a weekday name (the next one after today; ``next fri`` too) and ``last fri`` (the
    last one before today). Raise ValueError with a message for the input box."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise ValueError(f"enter a date: {DATE_HINT}")
    named = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if raw in named:
        return today + timedelta(days=named[raw])
    match = _RELATIVE.match(raw)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        count = int(match.group(2)) * (7 if match.group(3) == "w" else 1)
        return today + timedelta(days=sign * count)
    match = _EVENT_DAY.match(raw)
    if match:
        number = int(match.group(1))
        if event_start is None:
            raise ValueError(f"{text.strip()!r}: day {number} of the event needs its start date")
        if number < 1:
            raise ValueError("the event's first day is d1")
        return event_start + timedelta(days=number - 1)
    direction, _, name = raw.rpartition(" ")
    if direction in ("", "next", "last"):
        weekday = _weekday(name)
        if weekday is not None:
            if direction == "last":
                return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
            return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    try:
        return parse_iso_date(text.strip())  # the message quotes it as typed, not lower-cased
    except ValueError as err:
        raise ValueError(f"{err}; or +7, -7, d4, tomorrow, fri, last fri") from None


def _weekday(name: str) -> int | None:
    """0 for ``mon``/``monday`` (any beginning of 3 letters or more) … 6 for ``sun``; None when
    it is not a weekday name."""
    if len(name) < 3:
        return None
    for index, full in enumerate(_WEEKDAYS):
        if full.startswith(name):
            return index
    return None


def humane_days(delta: int) -> str:
    """``in 3 days`` / ``today`` / ``2 days ago``: how far a date is from today."""
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"
