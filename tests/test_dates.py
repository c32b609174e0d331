"""Dates as a facilitator types them during an event (issue 13, defect 6): ``d4`` is day 4 of
the event, ``-7`` a week ago, ``yesterday``, ``last fri``, beside ``+4``, ``+2w``, ``tomorrow``,
``fri``."""

from __future__ import annotations

from datetime import date

import pytest

from kaizen_tui.logic.dates import DATE_HINT, parse_user_date

TODAY = date(2026, 11, 25)  # a Wednesday
START = date(2026, 11, 23)  # the event started on Monday: d1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("d1", START),
        ("d4", date(2026, 11, 26)),
        ("D5", date(2026, 11, 27)),
        ("day 3", date(2026, 11, 25)),
        ("d10", date(2026, 12, 2)),  # past the event's end: still day 10 counted from the start
        ("-7", date(2026, 11, 18)),
        ("-1d", date(2026, 11, 24)),
        ("-2w", date(2026, 11, 11)),
        ("+4", date(2026, 11, 29)),  # +N stays "from today"
        ("yesterday", date(2026, 11, 24)),
        ("last fri", date(2026, 11, 20)),
        ("last wed", date(2026, 11, 18)),  # today is Wednesday: the one a week ago
        ("last Thursday", date(2026, 11, 19)),
        ("next fri", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("  tues ", date(2026, 12, 1)),
    ],
)
def test_dates_during_an_event(text: str, expected: date) -> None:
    assert parse_user_date(text, TODAY, event_start=START) == expected


def test_day_of_the_event_needs_its_start() -> None:
    with pytest.raises(ValueError, match="day 4 of the event needs its start date"):
        parse_user_date("d4", TODAY)
    with pytest.raises(ValueError, match="first day is d1"):
        parse_user_date("d0", TODAY, event_start=START)


@pytest.mark.parametrize("text", ["last", "last week", "d", "-", "--7", "su", "last 7"])
def test_what_is_not_a_date_says_what_is(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_user_date(text, TODAY, event_start=START)
    assert "YYYY-MM-DD" in str(err.value) and "d4" in str(err.value)


def test_the_hint_names_every_form() -> None:
    for form in ("+7", "-7", "d4", "tomorrow", "yesterday", "fri", "last fri"):
        assert form in DATE_HINT


def test_what_is_not_a_date_is_quoted_as_typed() -> None:
    with pytest.raises(ValueError, match="'Someday Soon' is not a date"):
        parse_user_date("  Someday Soon ", TODAY, event_start=START)
