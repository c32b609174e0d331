"""The one rule for a number as typed (logic/numbers.py): every numeric field, a reading, the
amount in a duration and ``kaizen review --reading`` read ``1 200`` as twelve hundred and ask
about ``1,200`` instead of storing 1.2 on the A3."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from kaizen_tui.logic.balance import parse_seconds
from kaizen_tui.logic.fieldkinds import Rules, parse_entry
from kaizen_tui.logic.numbers import parse_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1200", 1200.0),
        ("1200.5", 1200.5),
        (" 38 ", 38.0),
        ("-2.25", -2.25),
        ("+3", 3.0),
        ("\u22124", -4.0),  # the minus sign a word processor puts in
        (".5", 0.5),
        ("1 200", 1200.0),
        ("1\u00a0200", 1200.0),  # no-break space
        ("1\u202f200", 1200.0),  # narrow no-break space, as a French locale writes it
        ("1_200", 1200.0),
        ("12 345 678.9", 12345678.9),
        ("4,5", 4.5),  # a decimal comma
        ("1,25", 1.25),
        ("1,2345", 1.2345),
        ("0,125", 0.125),  # no thousands group starts with 0
        ("1234,567", 1234.567),  # four digits before the comma: no thousands group
        ("1 200,5", 1200.5),  # the space groups, so the comma is the decimal one
        ("", None),
        ("   ", None),
    ],
)
def test_a_number_as_people_type_it(typed: str, value: float | None) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,200", "'1,200' is ambiguous: write 1200 or 1.2"),
        ("12,500", "'12,500' is ambiguous: write 12500 or 12.5"),
        ("-1,250", "'-1,250' is ambiguous: write -1250 or -1.25"),
        ("1,000", "'1,000' is ambiguous: write 1000 or 1"),
        (
            "1,200,000",
            "'1,200,000' is not a number as written: write 1200000 "
            "(thousands may be grouped with a space: 1 200)",
        ),
        (
            "1,200.5",
            "'1,200.5' is not a number as written: write 1200.5 "
            "(thousands may be grouped with a space: 1 200)",
        ),
        (
            "1.200,5",
            "'1.200,5' is not a number as written: write 1200.5 "
            "(thousands may be grouped with a space: 1 200)",
        ),
        ("12 00", "'12 00' is not a number: group thousands in threes (1 200) or not at all"),
        ("abc", "'abc' is not a number"),
        ("12 pcs", "'12 pcs' is not a number"),
        ("1e3", "'1e3' is not a number"),
        ("\u0661\u0662", "'\u0661\u0662' is not a number"),  # digits, but not ones a field takes
        ("9" * 400, f"'{'9' * 40}…' is not a number"),  # too big for a float; quoted by its start
    ],
)
def test_a_number_that_is_refused_says_what_to_write(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_number(typed)
    assert str(caught.value) == message


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-inf", "Infinity", " nan "])
def test_not_a_number_and_infinity_are_refused(typed: str) -> None:
    # float() takes them; they break sums, JSON and the A3
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(typed)


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("12", 12),
        ("1 200", 1200),
        ("2.5", "'2.5' is not a whole number"),
        ("1,5", "'1,5' is not a whole number"),
        ("1,200", "'1,200': write 1200, without the comma"),  # 1.2 is no choice here
    ],
)
def test_a_whole_number(typed: str, outcome: int | str) -> None:
    if isinstance(outcome, int):
        value = parse_number(typed, whole=True)
        assert value == outcome and type(value) is int
    else:
        with pytest.raises(ValueError) as caught:
            parse_number(typed, whole=True)
        assert str(caught.value) == outcome


def _outcome(parse: Callable[[str], object], typed: str) -> object:
    try:
        return parse(typed)
    except ValueError as err:
        return str(err)


@pytest.mark.parametrize("typed", ["1,200", "1 200", "4,5", "1_200", "1,200.5", "0,125"])
def test_every_numeric_field_and_a_duration_follow_the_one_rule(typed: str) -> None:
    """A number field, a reading (parse_number itself) and a duration's amount agree."""
    rules = Rules(today=date(2026, 11, 25), label="Baseline")
    expected = _outcome(parse_number, typed)
    assert _outcome(lambda text: parse_entry("number", text, rules), typed) == expected
    assert _outcome(lambda text: parse_seconds(f"{text} s"), typed) == expected
