"""Each kind of field parses what a facilitator types, refuses what it cannot store with the
message shown under the field, and shows a stored value back for editing (logic/fieldkinds.py:
the one registry behind the add/edit dialogs and the fields bound to the event)."""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

import pytest

from kaizen_tui.logic.dates import DATE_HINT
from kaizen_tui.logic.fieldkinds import (
    KINDS,
    Kind,
    Rules,
    as_text,
    parse_entry,
    preview_entry,
    show_entry,
)

TODAY = date(2026, 11, 25)  # a Wednesday
START = date(2026, 11, 23)


def rules(**more: Any) -> Rules:
    return Rules(today=TODAY, label="Baseline", event_start=START, **more)


def refusal(kind: str, raw: Any, **more: Any) -> str:
    with pytest.raises(ValueError) as caught:
        parse_entry(kind, raw, rules(**more))
    return str(caught.value)


# -- good values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("text", "  Press Line 3 ", "Press Line 3"),
        ("area", "first line\nsecond  \n\n", "first line\nsecond"),
        ("lines", " dies\n\n  presses \n", ["dies", "presses"]),
        ("date", "2026-12-01", date(2026, 12, 1)),
        ("date", "fri", date(2026, 11, 27)),
        ("date", "+7", date(2026, 12, 2)),
        ("date", "d4", date(2026, 11, 26)),
        ("number", "4,5", 4.5),
        ("number", " 38 ", 38.0),
        ("number", "-2.25", -2.25),
        ("int", "12", 12),
        ("duration", "45", 45.0),
        ("duration", "1:30", 90),  # m:ss is whole seconds
        ("duration", "2.5 min", 150.0),
        ("duration", "1 h", 3600.0),
        ("check", True, True),
        ("select", "Machine", "Machine"),
        ("choice", "high", "high"),
        ("list", "NNVA", "NNVA"),
    ],
)
def test_a_good_value_is_stored_as_its_kind_means_it(kind: str, raw: Any, stored: Any) -> None:
    value = parse_entry(kind, raw, rules())
    assert value == stored and type(value) is type(stored)


def test_an_int_is_a_python_int() -> None:
    assert isinstance(parse_entry("int", "7", rules()), int)


# -- bad values: the message under the field --------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("number", "abc", "'abc' is not a number"),
        ("number", "12 pcs", "'12 pcs' is not a number"),
        ("int", "2.5", "'2.5' is not a whole number"),
        ("int", "two", "'two' is not a whole number"),
        ("duration", "fast", "'fast' is not a duration (seconds, or 1:30, 2.5 min, 1 h)"),
        ("duration", "5 days", "'days' is not a unit of time; use s, min or h"),
        (
            "date",
            "2026-02-30",
            "'2026-02-30' is not a real date (YYYY-MM-DD); or +7, -7, d4, tomorrow, fri, last fri",
        ),
        (
            "date",
            "soon",
            "'soon' is not a date; write it as YYYY-MM-DD; or +7, -7, d4, tomorrow, fri, last fri",
        ),
        ("date", "d0", "the event's first day is d1"),
    ],
)
def test_a_bad_value_is_refused_with_what_to_write(kind: str, raw: str, message: str) -> None:
    assert refusal(kind, raw) == message


@pytest.mark.parametrize("raw", ["nan", "NaN", "inf", "-inf", "Infinity", " nan "])
def test_not_a_number_and_infinity_are_not_numbers(raw: str) -> None:
    # float() takes them; no field may store them (they break sums, JSON and the A3)
    assert refusal("number", raw) == f"{raw.strip()!r} is not a number"
    assert refusal("int", raw) == f"{raw.strip()!r} is not a whole number"
    assert "is not a duration" in refusal("duration", raw)


def test_a_date_needs_the_event_start_for_an_event_day() -> None:
    with pytest.raises(ValueError, match="day 4 of the event needs its start date"):
        parse_entry("date", "d4", Rules(today=TODAY))


@pytest.mark.parametrize(
    ("kind", "raw", "bounds", "message"),
    [
        ("number", "-1", {"minimum": 0}, "must be at least 0"),
        ("number", "101", {"maximum": 100}, "must be at most 100"),
        ("int", "0", {"minimum": 1}, "must be at least 1"),
        ("duration", "2 h", {"maximum": 3600}, "must be at most 3600 s"),
        ("duration", "1", {"minimum": 5}, "must be at least 5 s"),
    ],
)
def test_bounds(kind: str, raw: str, bounds: dict[str, float], message: str) -> None:
    assert refusal(kind, raw, **bounds) == message
    edge = bounds.get("minimum", bounds.get("maximum"))
    assert parse_entry(kind, str(edge), rules(**bounds)) == edge  # the bound itself is fine


# -- empty fields -----------------------------------------------------------------------------


EMPTY: dict[str, Any] = {
    "text": "   ",
    "area": " \n ",
    "lines": "\n \n",
    "date": "  ",
    "number": " ",
    "int": "",
    "duration": " ",
    "select": None,
}


@pytest.mark.parametrize(("kind", "raw"), EMPTY.items())
def test_an_empty_optional_field_stores_nothing(kind: str, raw: Any) -> None:
    assert parse_entry(kind, raw, rules()) in ("", [], None)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "Baseline is required"),
        ("area", "Baseline is required"),
        ("lines", "Baseline is required"),
        ("date", f"enter a date: {DATE_HINT}"),
        ("number", "Baseline is required"),
        ("int", "Baseline is required"),
        ("duration", "Baseline is required"),
        ("select", "choose a baseline"),
    ],
)
def test_an_empty_required_field_says_so(kind: str, message: str) -> None:
    assert refusal(kind, EMPTY[kind], required=True) == message


def test_text_as_typed_keeps_its_spaces() -> None:
    # a field that saves while typed in: "Press " must not lose the space before "Line"
    assert parse_entry("text", "Press ", rules(as_typed=True)) == "Press "
    assert parse_entry("area", "a \n", rules(as_typed=True)) == "a \n"
    assert parse_entry("text", "Press ", rules()) == "Press"


# -- showing a stored value again -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "stored", "shown"),
    [
        ("text", None, ""),
        ("text", "Line 3", "Line 3"),
        ("number", 38.0, "38"),
        ("number", 4.5, "4.5"),
        ("number", None, ""),
        ("int", 12, "12"),
        ("date", date(2026, 12, 1), "2026-12-01"),
        ("date", None, ""),
        ("duration", 90.0, "1:30"),
        ("duration", 45.0, "45"),
        ("duration", 10.5, "10.5"),
        ("duration", "1:30", "1:30"),  # a form may be handed the text already
        ("lines", ["dies", "presses"], "dies\npresses"),
        ("lines", [], ""),
        ("check", None, False),
        ("select", "", None),
        ("select", "Machine", "Machine"),
        ("choice", "high", "high"),
    ],
)
def test_a_stored_value_is_shown_for_editing(kind: str, stored: Any, shown: Any) -> None:
    assert show_entry(kind, stored) == shown


@pytest.mark.parametrize(
    ("kind", "stored"),
    [
        ("text", "Line 3"),
        ("number", 4.5),
        ("number", 0.1 + 0.2),
        ("int", 12),
        ("date", date(2026, 12, 1)),
        ("duration", 90.0),
        ("duration", 3725.0),
        ("lines", ["dies", "presses"]),
        ("check", True),
        ("select", "Machine"),
    ],
)
def test_what_is_shown_parses_back_to_what_was_stored(kind: str, stored: Any) -> None:
    assert parse_entry(kind, show_entry(kind, stored), rules()) == stored


def test_as_text_has_no_float_noise() -> None:
    assert [as_text(v) for v in (None, 3.0, 2.5, date(2026, 1, 2), "x")] == [
        "",
        "3",
        "2.5",
        "2026-01-02",
        "x",
    ]


# -- previews and the registry itself ---------------------------------------------------------


def test_a_date_previews_what_it_means_as_it_is_typed() -> None:
    assert preview_entry("date", "fri", rules()) == "→ Fri 27 Nov 2026"
    assert preview_entry("date", "fr", rules()) == DATE_HINT
    assert preview_entry("date", "  ", rules()) == ""
    assert preview_entry("number", "4", rules()) is None  # only dates have a preview


def test_every_kind_has_one_rule_and_dates_and_numbers_echo_their_stored_form() -> None:
    assert set(KINDS) == set(get_args(Kind))
    echoing = {kind for kind, rule in KINDS.items() if rule.echoes}
    assert echoing == {"date", "number", "int", "duration"}
