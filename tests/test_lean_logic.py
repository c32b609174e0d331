"""The lean tools' rules (issue 13): takt and balance, SMED totals, the future state beside the
current one, and the after readings taken during the event."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaizen_tui.logic.balance import (
    balance_of,
    format_seconds,
    parse_seconds,
    seconds_as_input,
    takt_seconds,
)
from kaizen_tui.logic.flow import compare_flows, flow_of
from kaizen_tui.logic.metrics import after_reading, after_readings, during_event, event_window
from kaizen_tui.logic.smed import changeover_of, minutes_after, state_after
from kaizen_tui.model import (
    ChangeoverElement,
    Metric,
    ProcessStep,
    Reading,
    Review,
    Takt,
    WorkElement,
)

from .conftest import make_event

# --- takt and balance ----------------------------------------------------------------------------


def test_takt_is_available_time_over_demand() -> None:
    # two shifts of 450 minutes for 5,400 brackets a day: one bracket every 10 seconds
    assert takt_seconds(Takt(demand=5400, available_min=900, period="day")) == 10
    assert takt_seconds(Takt(demand=14, available_min=480)) == pytest.approx(2057.142857)
    assert takt_seconds(None) is None


def _el(operator: str, seconds: float, value: str = "VA", element: str = "") -> WorkElement:
    return WorkElement(operator=operator, element=element, seconds=seconds, value=value)


def test_balance_groups_elements_by_operator_in_first_seen_order() -> None:
    elements = [
        _el("Op 2 (unload)", 4, "VA"),
        _el("Op 1 (load)", 3, "VA"),
        _el("op 2 (unload) ", 3.5, "NNVA"),  # the same operator, typed differently
        _el("Op 3 (pack)", 6, "NNVA"),
        _el("Op 2 (unload)", 5, "NVA"),
        _el("Op 3 (pack)", 2.5, "NVA"),
    ]
    balance = balance_of(elements, Takt(demand=5400, available_min=900))
    assert [load.operator for load in balance.loads] == [
        "Op 2 (unload)",
        "Op 1 (load)",
        "Op 3 (pack)",
    ]
    op2 = balance.loads[0]
    assert (op2.va_s, op2.nnva_s, op2.nva_s, op2.seconds) == (4, 3.5, 5, 12.5)
    assert len(op2.elements) == 3
    assert balance.total_s == 24
    assert balance.bottleneck is op2 and balance.cycle_s == 12.5
    assert [load.operator for load in balance.over_takt] == ["Op 2 (unload)"]
    assert balance.operators_needed == 3  # 24 s of work at a 10 s takt
    assert balance.balance_ratio == pytest.approx(24 / (3 * 12.5))


def test_balance_edge_cases() -> None:
    empty = balance_of([], Takt(demand=10, available_min=10))
    assert (empty.total_s, empty.bottleneck, empty.cycle_s) == (0, None, None)
    assert (empty.operators_needed, empty.balance_ratio, empty.over_takt) == (None, None, ())
    no_takt = balance_of([_el("A", 30)])
    assert (no_takt.takt_s, no_takt.over_takt, no_takt.operators_needed) == (None, (), None)
    assert no_takt.balance_ratio == 1.0
    # exactly at takt is not over it, and 20 s of work at a 10 s takt needs 2, not 3
    at_takt = balance_of([_el("A", 10), _el("B", 10)], Takt(demand=6, available_min=1))
    assert at_takt.over_takt == () and at_takt.operators_needed == 2


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("45", 45),
        ("45 s", 45),
        ("45sec", 45),
        ("10,5", 10.5),
        ("1:30", 90),
        ("1:02:30", 3750),
        ("2.5 min", 150),
        ("12 MIN", 720),
        ("1 h", 3600),
        ("1 h 20 min", 4800),
        ("1m 30s", 90),
        ("1 200 s", 1200),  # thousands grouped by a space, as in every numeric field
        ("", None),
        ("  ", None),
    ],
)
def test_durations_as_typed(typed: str, seconds: float | None) -> None:
    assert parse_seconds(typed) == seconds


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("fast", "'fast' is not a duration (seconds, or 1:30, 2.5 min, 1 h)"),
        ("-5", "'-5' is not a duration (seconds, or 1:30, 2.5 min, 1 h)"),
        ("5 days", "'days' is not a unit of time; use s, min or h"),
        ("1 20", "'1 20': give each number its unit, e.g. 1 min 20 s"),
        ("1:75", "'1:75' is not a duration (seconds, or 1:30, 2.5 min, 1 h)"),
        ("1,500 s", "'1,500' is ambiguous: write 1500 or 1.5"),
    ],
)
def test_a_bad_duration_is_explained(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_seconds(typed)
    assert str(caught.value) == message


def test_durations_read_as_a_person_says_them() -> None:
    assert [format_seconds(s) for s in (None, 10, 10.94, 45, 99, 100, 720, 5400, 9000)] == [
        "–",
        "10 s",
        "10.9 s",
        "45 s",
        "99 s",
        "1.7 min",
        "12 min",
        "90 min",
        "2.5 h",
    ]


@given(st.floats(min_value=0, max_value=7 * 24 * 3600, allow_nan=False).map(lambda x: round(x, 3)))
def test_a_duration_edits_back_to_itself(seconds: float) -> None:
    assert parse_seconds(seconds_as_input(seconds)) == pytest.approx(seconds)


# --- SMED ----------------------------------------------------------------------------------------


def _co(
    name: str, minutes: float, kind: str, after: str | None, after_min: float | None = None
) -> ChangeoverElement:
    return ChangeoverElement(
        name=name, minutes=minutes, kind=kind, after=after, after_minutes=after_min
    )


def test_changeover_before_and_after() -> None:
    elements = [
        _co("Fetch the new die", 12, "internal", "external"),  # converted, same length
        _co("Unclamp the old die", 11, "internal", "internal", 4),  # streamlined
        _co("Look for bolts", 7, "internal", "removed"),
        _co("Trial hits", 6, "internal", None),  # undecided: counts as before
        _co("Pre-heat the die", 20, "external", "external", 15),
    ]
    co = changeover_of(elements)
    assert (co.before_internal, co.before_external) == (36, 20)
    assert (co.after_internal, co.after_external) == (10, 27)
    assert (co.before, co.after, co.saved) == (36, 10, 26)
    assert co.reduction == pytest.approx(26 / 36)
    assert co.converted == ("Fetch the new die",)
    assert co.removed == ("Look for bolts",)
    assert co.undecided == 1
    assert [state_after(e) for e in elements] == [
        "external",
        "internal",
        "removed",
        "internal",
        "external",
    ]
    assert [minutes_after(e) for e in elements] == [12, 4, 0, 6, 15]


def test_an_empty_changeover_claims_nothing() -> None:
    co = changeover_of([])
    assert (co.elements, co.before, co.after, co.reduction, co.converted) == (0, 0, 0, None, ())


# --- future state --------------------------------------------------------------------------------


def _step(name: str, cycle: float, wait: float, value: str = "NVA") -> ProcessStep:
    return ProcessStep(name=name, cycle_min=cycle, wait_min=wait, value=value)


def test_the_future_state_beside_the_current_one() -> None:
    current = [
        _step("Receive invoice", 3, 480, "NNVA"),
        _step("Key into ERP", 6, 960, "NNVA"),
        _step("Chase goods receipt", 15, 2400),
        _step("Approve", 3, 0, "VA"),
        _step("Chase goods receipt", 5, 0),  # a second chase, later
    ]
    future = [
        _step("receive  invoice", 1, 60, "NNVA"),  # the same step, typed differently
        _step("Approve", 3, 0, "VA"),
        _step("Auto-match in ERP", 0.5, 0, "NNVA"),
        _step("Chase goods receipt", 2, 120),
    ]
    change = compare_flows(current, future)
    assert change.before == flow_of(current)
    assert change.after == flow_of(future)
    assert change.removed == ("Key into ERP", "Chase goods receipt")
    assert change.added == ("Auto-match in ERP",)
    assert change.before.lead_time_min == 3872
    assert change.after.lead_time_min == 186.5
    assert change.lead_time_saved_min == 3685.5
    assert change.lead_time_cut == pytest.approx(3685.5 / 3872)
    assert change.after.va_ratio == pytest.approx(3 / 186.5)


def test_no_future_state_yet() -> None:
    change = compare_flows([_step("A", 1, 1)], [])
    assert change.removed == ("A",) and change.added == ()
    assert change.after.va_ratio is None
    assert compare_flows([], []).lead_time_cut is None


# --- after readings ------------------------------------------------------------------------------


def _metric(*readings: Reading) -> Metric:
    return Metric(id="M1", name="Changeover", baseline=95, target=30, readings=list(readings))


def test_after_readings_are_those_taken_during_the_event() -> None:
    before = Reading(date=date(2026, 11, 20), value=90, note="pre-work sample")
    trial = Reading(date=date(2026, 11, 24), value=60, note="trial 1")
    day4 = Reading(date=date(2026, 11, 26), value=41, note="day 4")
    later = Reading(date=date(2026, 12, 10), value=38)
    at_review = Reading(date=date(2026, 12, 27), value=35, note="30-day review")
    metric = _metric(day4, before, later, trial, at_review)
    reported = make_event(
        status="reported",
        start=date(2026, 11, 23),
        end=date(2026, 11, 27),
        report_out=date(2026, 11, 27),
        metrics=[metric],
        reviews=[
            Review(day=30, held_on=date(2026, 12, 27), readings={"M1": 35}, verdict="sustained")
        ],
    )
    assert event_window(reported) == (date(2026, 11, 23), date(2026, 11, 27))
    assert after_readings(reported, metric) == [trial, day4]
    assert after_reading(reported, metric) == day4
    # a live event is still on: a reading taken after its planned end counts
    live = reported.model_copy(update={"status": "live", "reviews": []})
    assert event_window(live) == (date(2026, 11, 23), None)
    assert after_readings(live, metric) == [trial, day4, later, at_review]
    # the report-out bounds the window; the end only when no report-out is set
    no_report = reported.model_copy(update={"report_out": None, "end": date(2026, 11, 24)})
    assert after_readings(no_report, metric) == [trial]
    # no dates at all: every reading that is not a review's
    undated = reported.model_copy(update={"start": None, "end": None, "report_out": None})
    assert after_readings(undated, metric) == [before, trial, day4, later]
    assert during_event(reported, date(2026, 11, 23)) and not during_event(
        reported, date(2026, 11, 22)
    )


def test_no_after_reading() -> None:
    event = make_event(start=date(2026, 11, 23), status="live")
    assert after_reading(event, event.metrics[0]) is None
    early = _metric(Reading(date=date(2026, 11, 1), value=80))
    assert after_reading(make_event(start=date(2026, 11, 23), metrics=[early]), early) is None


def test_yamazumi_stacks_elements_against_the_takt_line() -> None:
    from kaizen_tui.logic.balance import yamazumi

    balance = balance_of(
        [_el("Op 1", 4, "VA"), _el("Op 1", 2, "NVA"), _el("Op 2", 11.5, "NNVA"), _el("Op 3", 0.1)],
        Takt(demand=6, available_min=1),  # takt 10 s
    )
    laid = yamazumi(balance, 10)
    assert laid is not None
    assert laid.top_s == pytest.approx(11.5 * 1.15)  # the bottleneck is above takt
    assert laid.heights == (5, 9, 1)  # 11.5 s is 8.7 cells of 1.3225 s
    # Op 1 bottom up: 4 s of VA (3 cells at 1.3225 s a cell), then 2 s of NVA
    assert laid.columns[0] == (None,) * 5 + ("NVA",) * 2 + ("VA",) * 3
    assert laid.columns[1] == (None,) + ("NNVA",) * 9
    assert laid.columns[2] == (None,) * 9 + ("VA",)  # too small to show: one cell
    assert laid.takt_row == 2  # 10 s is 7.6 cells up: the 8th cell from the bottom
    # under takt, the takt line sets the scale
    calm = yamazumi(balance_of([_el("A", 5)], Takt(demand=6, available_min=1)), 8)
    assert calm is not None and calm.top_s == pytest.approx(11.5) and calm.heights == (3,)
    assert yamazumi(balance_of([]), 10) is None
    assert yamazumi(balance_of([_el("A", 0)]), 10) is None
