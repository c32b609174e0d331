"""Dates as a facilitator types them, and the small calendar rules the app relies on."""

from __future__ import annotations

import re
from datetime import date, timedelta

from kaizen_tui.model import parse_iso_date

_RELATIVE = re.compile(r"^\+(\d{1,4})([dw]?)$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_user_date(text: str, today: date) -> date:
    """Accept ``YYYY-MM-DD``, ``today``, ``tomorrow``, ``+3`` / ``+3d`` / ``+2w`` or a weekday
    name (the next one after today). Raise ValueError with a message for the input box."""
    raw = text.strip().lower()
    if not raw:
        raise ValueError("enter a date: YYYY-MM-DD, +7, +2w, tomorrow or a weekday")
    if raw == "today":
        return today
    if raw == "tomorrow":
        return today + timedelta(days=1)
    match = _RELATIVE.match(raw)
    if match:
        count = int(match.group(1))
        return today + timedelta(weeks=count) if match.group(2) == "w" else today + timedelta(count)
    for index, name in enumerate(_WEEKDAYS):
        if raw.startswith(name) and name.startswith(raw[:3]) and len(raw) >= 3:
            ahead = (index - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    try:
        return parse_iso_date(raw)
    except ValueError as err:
        raise ValueError(f"{err}; or +7, +2w, tomorrow, fri") from None


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days


def humane_days(delta: int) -> str:
    """``in 3 days`` / ``today`` / ``2 days ago``: how far a date is from today."""
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"
