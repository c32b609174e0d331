"""Every LPO figure on the hand-made portfolio of tests/portfolio_data.py, with the numbers worked
out by hand, plus the edge cases: an empty portfolio, events without reviews, filters."""

from __future__ import annotations

from datetime import date

import pytest

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.certification import parse_levels, split_level_text, standing
from kaizen_tui.logic.evidence import find_person
from kaizen_tui.logic.people import owner_kind, people_index
from kaizen_tui.logic.portfolio import (
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
    compute_portfolio,
    filter_options,
    parse_period,
    previous_quarter,
    quarter_bounds,
    quarter_of,
    unmatched_filter_values,
)
from kaizen_tui.logic.queries import Execute
from kaizen_tui.logic.results import latest_reading, sustain_state
from kaizen_tui.logic.verdict import metric_progress

from .indexes import index_of
from .portfolio_data import TODAY, portfolio_events


def summaries() -> Execute:
    """The hand-made portfolio's cross-event index (what the figures are computed from)."""
    return index_of(portfolio_events())


@pytest.fixture(scope="module")
def p() -> Portfolio:
    return compute_portfolio(summaries(), TODAY)


def pct(x: float | None) -> float | None:
    return None if x is None else round(x * 100, 1)


# -- events ---------------------------------------------------------------------------------------


def test_events_by_status_and_by_area_and_quarter(p: Portfolio) -> None:
    assert dict(p.by_status) == {
        "planned": 1,
        "live": 1,
        "reported": 1,
        "following_up": 2,
        "closed": 2,
        "abandoned": 1,
    }
    assert {a: dict(q) for a, q in p.by_area_quarter.items()} == {
        "(no area)": {"undated": 1},
        "Paint Shop": {"2026-Q3": 1},
        "Pharmacy": {"2026-Q4": 1},
        "Press Shop": {"2026-Q2": 1, "2026-Q3": 1},
        "Ward 7B": {"2026-Q2": 1, "2026-Q4": 1},
        "Welding": {"2026-Q3": 1},
    }
    assert p.quarters == ("2026-Q2", "2026-Q3", "2026-Q4", "undated")
    # newest start first, undated last
    assert [e.id for e in p.events] == [f"KZ-P-0{n}" for n in (6, 5, 7, 2, 3, 4, 1, 8)]
    row = next(e for e in p.events if e.id == "KZ-P-02")
    assert (row.team_leader, row.leader, row.facilitators) == (
        "Ewa Kaczmarek",
        "lpo",
        ("Anna Lewandowska", "Marek Nowicki"),
    )
    assert (row.actions_open, row.actions_overdue, row.sustain_state) == (3, 2, "overdue")


# -- actions --------------------------------------------------------------------------------------


def test_actions_open_overdue_and_on_time(p: Portfolio) -> None:
    a = p.actions
    # the abandoned KZ-P-07's overdue action is in no figure
    assert (a.total, a.open, a.overdue, a.done, a.dropped) == (17, 9, 5, 7, 1)
    assert (a.on_time, a.late, a.done_undated) == (3, 2, 2)
    assert pct(a.on_time_rate) == 60.0


def test_overdue_by_owner_merges_spellings_and_sorts_most_first(p: Portfolio) -> None:
    owners = [(o.owner, o.count) for o in p.actions.overdue_by_owner]
    assert owners == [
        ("Tomasz Nowak", 2),
        ("Joe Outsider", 1),
        ("Marek Nowicki", 1),
        ("Oliver Grant", 1),
    ]
    tomasz = p.actions.overdue_by_owner[0]
    assert [(r.event_id, r.action_id, r.due, r.days_overdue) for r in tomasz.actions] == [
        ("KZ-P-03", "A3", "2026-11-01", 24),
        ("KZ-P-03", "A1", "2026-11-10", 15),
    ]
    oliver = p.actions.overdue_by_owner[3].actions[0]
    assert (oliver.action_id, oliver.days_overdue) == ("A1", 1)  # A2 due today is not overdue


# -- results and sustainment ----------------------------------------------------------------------


def test_results_progress_to_target(p: Portfolio) -> None:
    results = {
        r.event_id: (pct(r.result), [(m.id, pct(m.progress)) for m in r.metrics]) for r in p.results
    }
    assert results == {
        "KZ-P-02": (100.0, [("M1", 120.0), ("M2", None)]),  # 120 % capped in the result
        "KZ-P-03": (-60.0, [("M1", -20.0), ("M2", -200.0)]),  # -200 % capped to -100 %
        "KZ-P-04": (50.0, [("M1", 50.0)]),
        "KZ-P-01": (62.5, [("M1", 75.0), ("M2", 50.0)]),  # M1 from the 90-day review
    }
    first = next(r for r in p.results if r.event_id == "KZ-P-01")
    assert (first.metrics[0].latest, first.metrics[0].latest_date) == (45, "2026-07-16")
    assert (first.measured, first.on_target) == (2, 0)
    assert next(r for r in p.results if r.event_id == "KZ-P-02").on_target == 1


def test_sustainment_rate_by_area_and_quarter(p: Portfolio) -> None:
    s = p.sustainment
    assert s.day == 90
    assert dict(s.counts) == {
        "sustained": 2,
        "lost": 1,
        "overdue": 1,
        "pending": 1,
        "no_review": 1,
        "no_verdict": 1,
    }
    assert (s.held, s.sustained, pct(s.rate)) == (3, 2, 66.7)
    assert [(r.key, r.held, r.sustained, pct(r.rate)) for r in s.by_area] == [
        ("(no area)", 0, 0, None),
        ("Pharmacy", 0, 0, None),
        ("Press Shop", 2, 1, 50.0),
        ("Ward 7B", 1, 1, 100.0),
        ("Welding", 0, 0, None),
    ]
    assert [(r.key, r.held, r.sustained) for r in s.by_quarter] == [
        ("2026-Q2", 2, 2),
        ("2026-Q3", 1, 0),
        ("2026-Q4", 0, 0),
    ]


@pytest.mark.parametrize(
    ("review", "state"),
    [
        (
            {"day": 90, "due": "2026-11-01", "held_on": "2026-11-02", "verdict": "slipping"},
            "slipping",
        ),
        ({"day": 90, "due": "2026-11-01", "held_on": None, "verdict": "sustained"}, "sustained"),
        ({"day": 90, "due": "2026-11-01", "held_on": "2026-11-02", "verdict": None}, "no_verdict"),
        ({"day": 90, "due": "2026-11-24", "held_on": None, "verdict": None}, "overdue"),
        ({"day": 90, "due": "2026-11-25", "held_on": None, "verdict": None}, "pending"),
        ({"day": 90, "due": None, "held_on": None, "verdict": None}, "pending"),
        ({"day": 60, "due": "2026-11-01", "held_on": None, "verdict": "lost"}, "no_review"),
    ],
)
def test_sustain_state(review: dict, state: str) -> None:
    assert sustain_state([review], 90, TODAY) == state


def test_sustainment_day_is_a_setting() -> None:
    settings = PortfolioSettings.from_values(30, ["Practitioner: facilitated>=1"])
    s = compute_portfolio(summaries(), TODAY, settings).sustainment
    # 30-day reviews: KZ-P-01 sustained, KZ-P-02 slipping, KZ-P-05 overdue (due 2026-11-15)
    assert (s.day, s.held, s.sustained) == (30, 2, 1)
    assert s.counts["overdue"] == 1


def test_metric_progress_is_direction_aware_and_needs_a_change() -> None:
    assert metric_progress(90, 30, 60) == 0.5  # lower is better: halfway down
    assert metric_progress(80, 90, 85) == 0.5  # higher is better: halfway up
    assert metric_progress(90, 30, 100) == pytest.approx(-1 / 6)  # got worse
    assert metric_progress(90, 90, 60) is None  # no intended change
    assert metric_progress(None, 30, 60) is None
    assert metric_progress(90, 30, None) is None


def test_latest_reading_prefers_the_later_date_and_a_review_on_a_tie() -> None:
    metric = {"id": "M1", "latest": {"date": "2026-07-01", "value": 10.0}}
    review = {"held_on": "2026-07-01", "readings": {"M1": 12.0}}
    assert latest_reading(metric, [review]) == (12.0, "2026-07-01")
    later = {"id": "M1", "latest": {"date": "2026-07-02", "value": 10.0}}
    assert latest_reading(later, [review]) == (10.0, "2026-07-02")
    not_held = {"held_on": None, "readings": {"M1": 99.0}}
    assert latest_reading({"id": "M1", "latest": None}, [not_held]) is None


# -- line capability ------------------------------------------------------------------------------


def test_line_capability_overall_and_by_quarter(p: Portfolio) -> None:
    c = p.capability
    assert (c.events_with_leader, c.line_led, c.no_leader, pct(c.line_led_rate)) == (6, 5, 1, 83.3)
    assert (c.line_owned, c.lpo_owned, c.not_on_team, c.no_owner) == (10, 4, 1, 1)
    assert (c.actions_known, pct(c.line_owned_rate)) == (14, 71.4)
    assert c.owners_not_on_team == (("Joe Outsider", 1),)
    assert [
        (q.quarter, q.events_with_leader, q.line_led, q.actions_known, q.line_owned)
        for q in c.by_quarter
    ] == [
        ("2026-Q2", 2, 2, 5, 3),
        ("2026-Q3", 2, 1, 5, 4),
        ("2026-Q4", 2, 2, 3, 2),
    ]
    # the question "does the line lead more of its own events this quarter than last?"
    assert (c.this_quarter.quarter, pct(c.this_quarter.line_led_rate)) == ("2026-Q4", 100.0)
    assert (c.last_quarter.quarter, pct(c.last_quarter.line_led_rate)) == ("2026-Q3", 50.0)


def test_owner_kinds() -> None:
    index = people_index(
        [
            {"name": "Ana  Silva", "from_line": True},
            {"name": "Bo Li", "from_line": False},
            {"name": "ana silva", "from_line": False},  # listed twice: the first listing wins
        ]
    )
    assert owner_kind("ANA SILVA", index) == "line"
    assert owner_kind(" Bo  Li ", index) == "lpo"
    assert owner_kind("Carl", index) == "not_on_team"
    assert owner_kind("", index) == "no_owner"
    assert owner_kind(None, index) == "no_owner"


# -- facilitator evidence and certification -------------------------------------------------------


def test_facilitator_evidence_counts_and_levels(p: Portfolio) -> None:
    table = {
        person.name: (
            person.counts["facilitated"],
            person.counts["co_facilitated"],
            person.counts["led"],
            person.counts["sustained"],
            person.counts["events"],
            person.standing.level,
            person.standing.missing,
        )
        for person in p.people
    }
    assert table == {
        "Anna Lewandowska": (2, 1, 0, 1, 3, "Practitioner", ("facilitated 2 of 3",)),
        "Daniel Reyes": (1, 1, 0, 1, 2, "Practitioner", ("facilitated 1 of 3",)),
        "Ewa Kaczmarek": (0, 0, 1, 0, 1, None, ("facilitated+co-facilitated 0 of 2",)),
        # KZ-P-06 is only planned: listed, not counted
        "Grace Okafor": (1, 0, 1, 1, 2, None, ("facilitated+co-facilitated 1 of 2",)),
        "Marek Nowicki": (
            1,
            1,
            0,
            0,
            2,
            "Practitioner",
            ("facilitated 1 of 3", "sustained 0 of 1"),
        ),
        "Oliver Grant": (0, 0, 1, 0, 1, None, ("facilitated+co-facilitated 0 of 2",)),
        "Priya Shah": (0, 0, 0, 0, 0, None, ("facilitated+co-facilitated 0 of 2",)),
        "Tomasz Nowak": (0, 0, 2, 1, 2, None, ("facilitated+co-facilitated 0 of 2",)),
    }
    assert [x.name for x in p.ready_for_certification] == [
        "Anna Lewandowska",
        "Daniel Reyes",
        "Marek Nowicki",
    ]
    grace = find_person(p.people, "grace okafor")
    assert [(e.event_id, e.role, e.counted) for e in grace.entries] == [
        ("KZ-P-04", "led", True),
        ("KZ-P-05", "facilitated", True),
        ("KZ-P-06", "facilitated", False),
    ]
    anna = find_person(p.people, "Anna Lewandowska")
    assert [(e.event_id, e.start, e.sustain_state, pct(e.result)) for e in anna.entries] == [
        ("KZ-P-01", date(2026, 4, 13), "sustained", 62.5),
        ("KZ-P-03", date(2026, 7, 6), "lost", -60.0),
        ("KZ-P-02", date(2026, 8, 3), "overdue", 100.0),
    ]
    assert anna.from_line is False and grace.from_line is True


def test_levels_are_configurable() -> None:
    settings = PortfolioSettings.from_values(
        90,
        split_level_text(
            "Bronze: events>=1; Silver: facilitated>=2, sustained>=1; Gold: facilitated>=3"
        ),
    )
    people = {x.name: x.standing for x in compute_portfolio(summaries(), TODAY, settings).people}
    assert (people["Anna Lewandowska"].level, people["Anna Lewandowska"].next_level) == (
        "Silver",
        "Gold",
    )
    assert people["Tomasz Nowak"].level == "Bronze"
    assert people["Priya Shah"].level is None


def test_find_person_by_part_of_a_name_or_with_a_hint(p: Portfolio) -> None:
    assert find_person(p.people, "anna").name == "Anna Lewandowska"
    with pytest.raises(LookupError, match="did you mean Anna Lewandowska"):
        find_person(p.people, "Anna Lewandowsky")
    with pytest.raises(LookupError, match="no facilitator or team leader named 'Nobody'"):
        find_person(p.people, "Nobody")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Practitioner facilitated>=2", "is not a level"),
        ("A: facilitated>2", "is not a rule"),
        ("A: hugs>=2", "unknown counter 'hugs'"),
        ("A: led>=1; a: led>=2", "given twice"),
    ],
)
def test_bad_level_specs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_levels(split_level_text(spec))


def test_standing_takes_the_highest_level_met() -> None:
    levels = parse_levels(["One: led>=1", "Two: led>=2", "Three: led>=2, sustained>=1"])
    assert standing({"led": 2}, levels).level == "Two"
    assert standing({"led": 2}, levels).missing == ("sustained 0 of 1",)
    top = standing({"led": 5, "sustained": 1}, levels)
    assert (top.level, top.next_level, top.missing) == ("Three", None, ())


# -- yokoten and sensei notes ---------------------------------------------------------------------


def test_yokoten_register_and_sensei_notes(p: Portfolio) -> None:
    assert [(i.ref, i.status, i.to_area) for i in p.yokoten] == [
        ("KZ-P-05#1", "proposed", "Ward 8A"),
        ("KZ-P-05#2", "declined", "Ward 9C"),
        ("KZ-P-01#1", "proposed", "Welding"),
        ("KZ-P-01#2", "adopted", "Paint Shop"),
    ]
    assert [(g.sensei, [(n.date, n.event_id) for n in g.notes]) for g in p.sensei] == [
        ("Dr. Imai", [("2026-05-13", "KZ-P-04")]),
        ("Sato Ken", [("2026-04-14", "KZ-P-01"), ("2026-05-12", "KZ-P-04")]),
    ]


# -- filters --------------------------------------------------------------------------------------


def test_filter_by_site() -> None:
    p = compute_portfolio(summaries(), TODAY, flt=PortfolioFilter(sites=("leeds",)))
    assert [e.id for e in p.events] == ["KZ-P-06", "KZ-P-05", "KZ-P-04"]
    a = p.actions
    assert (a.total, a.open, a.overdue, a.on_time, a.late, pct(a.on_time_rate)) == (
        6,
        3,
        1,
        1,
        1,
        50.0,
    )
    assert (p.sustainment.held, p.sustainment.sustained) == (1, 1)
    c = p.capability
    assert (c.line_led, c.events_with_leader, c.line_owned, c.actions_known) == (3, 3, 4, 6)
    assert [x.name for x in p.people] == [
        "Daniel Reyes",
        "Grace Okafor",
        "Oliver Grant",
        "Priya Shah",
    ]


def test_filter_by_area_and_quarter() -> None:
    q3 = PortfolioFilter(
        start_from=parse_period("2026-Q3"), start_to=parse_period("2026-Q3", end=True)
    )
    p = compute_portfolio(summaries(), TODAY, flt=q3)
    assert [e.id for e in p.events] == ["KZ-P-07", "KZ-P-02", "KZ-P-03"]
    assert p.by_status["abandoned"] == 1 and p.by_status["following_up"] == 2
    assert (p.actions.open, p.actions.overdue) == (5, 4)
    press = compute_portfolio(summaries(), TODAY, flt=PortfolioFilter(areas=("press shop",)))
    assert [e.id for e in press.events] == ["KZ-P-03", "KZ-P-01"]
    assert (press.sustainment.held, press.sustainment.sustained) == (2, 1)


def test_area_filter_lists_practices_proposed_to_that_area() -> None:
    welding = compute_portfolio(summaries(), TODAY, flt=PortfolioFilter(areas=("Welding",)))
    # KZ-P-02 (Welding) proposes nothing; KZ-P-01 (Press Shop) proposes one practice to Welding
    assert [i.ref for i in welding.yokoten] == ["KZ-P-01#1"]
    # the abandoned KZ-P-07 proposes one to Press Shop: not listed
    press = compute_portfolio(summaries(), TODAY, flt=PortfolioFilter(areas=("Press Shop",)))
    assert [i.ref for i in press.yokoten] == ["KZ-P-01#1", "KZ-P-01#2"]


def test_filter_options_and_typos() -> None:
    options = filter_options(summaries())
    assert options.sites == ("Gdańsk", "Leeds")
    assert options.business_units == ("Automotive", "Healthcare")
    assert options.areas == ("Paint Shop", "Pharmacy", "Press Shop", "Ward 7B", "Welding")
    assert options.quarters == ("2026-Q2", "2026-Q3", "2026-Q4")
    flt = PortfolioFilter(sites=("Leeds",), areas=("Stampng",))
    assert [(what, value) for what, value, _ in unmatched_filter_values(flt, options)] == [
        ("area", "Stampng")
    ]


def test_no_start_date_is_left_out_once_a_range_is_given() -> None:
    flt = PortfolioFilter(start_to=date(2030, 1, 1))
    ids = [e.id for e in compute_portfolio(summaries(), TODAY, flt=flt).events]
    assert "KZ-P-08" not in ids and len(ids) == 7
    assert flt.describe() == "started … – 2030-01-01"
    with pytest.raises(ValueError, match="ends"):
        PortfolioFilter(start_from=date(2026, 2, 1), start_to=date(2026, 1, 1))


def test_quarters_and_periods() -> None:
    assert quarter_of(date(2026, 3, 31)) == "2026-Q1"
    assert quarter_of(date(2026, 10, 1)) == "2026-Q4"
    assert quarter_bounds("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_bounds("2024q1") == (date(2024, 1, 1), date(2024, 3, 31))
    assert previous_quarter("2026-Q1") == "2025-Q4"
    assert parse_period("2026-Q2", end=True) == date(2026, 6, 30)
    assert parse_period("2026-05-04") == date(2026, 5, 4)
    with pytest.raises(ValueError, match="not a date"):
        parse_period("May")


# -- empty and sparse portfolios ------------------------------------------------------------------


def test_an_empty_portfolio_has_zeros_and_no_shares() -> None:
    p = compute_portfolio(index_of([]), TODAY)
    assert len(p.events) == 0 and sum(p.by_status.values()) == 0
    assert p.actions.on_time_rate is None and p.actions.overdue_by_owner == ()
    assert p.sustainment.rate is None and p.sustainment.by_area == ()
    assert p.capability.line_led_rate is None and p.capability.line_owned_rate is None
    assert p.capability.this_quarter.line_led_rate is None
    assert p.people == () and p.yokoten == () and p.sensei == () and p.results == ()


def test_events_without_reviews_metrics_or_people() -> None:
    bare = index_of(e for e in portfolio_events() if e.id in ("KZ-P-06", "KZ-P-08"))
    p = compute_portfolio(bare, TODAY)
    assert dict(p.sustainment.counts) == {"no_review": 1, "no_verdict": 1}
    assert p.sustainment.held == 0 and p.sustainment.rate is None
    assert p.results == ()
    assert (p.capability.events_with_leader, p.capability.no_leader) == (1, 1)
    assert [(x.name, x.counts["events"]) for x in p.people] == [
        ("Grace Okafor", 0),
        ("Priya Shah", 0),
    ]


def test_settings_from_a_hand_written_config() -> None:
    one_string = PortfolioSettings.from_values(90, "A: led>=1; B: led>=2")
    assert [level.name for level in one_string.levels] == ["A", "B"]
    with pytest.raises(KaizenError, match="sustain_review_day in config\\.toml is 'ninety'"):
        PortfolioSettings.from_values("ninety", ["A: led>=1"])
