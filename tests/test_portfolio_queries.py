"""The cross-event queries that list every overdue or due item (logic/portfolio.py's overdue
actions, logic/attention.py's follow-up queue) give what a plain Python loop over the events gives,
on random portfolios: statuses, start dates (ties and none), actions of every status with and
without due dates, owners spelt two ways. They are written for speed at 10,000 events (a join
order that reads event by event), so this pins their meaning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaizen_tui.logic.attention import ACTION_STATUSES, needs_attention
from kaizen_tui.logic.people import display_name, owner_kind, people_index, person_key
from kaizen_tui.logic.portfolio import (
    PortfolioFilter,
    compute_portfolio,
    overdue_list,
    overdue_page,
)
from kaizen_tui.store.sqlindex import memory_index

TODAY = date(2026, 11, 25)
STATUSES = ["planned", "live", "reported", "following_up", "closed", "abandoned"]
OWNERS = ["", "Anna Nowak", "anna  nowak", "Ben Ode", "BEN ODE", "Cy"]
DAYS = st.integers(min_value=-40, max_value=20).map(lambda n: TODAY + timedelta(days=n))
ACTION = st.fixed_dictionaries(
    {
        "what": st.sampled_from(["Fix it", "Shadow board", "5S", ""]),
        "owner": st.sampled_from(OWNERS),
        "due": st.none() | DAYS.map(date.isoformat),
        "status": st.sampled_from(["open", "open", "done", "dropped"]),
    }
)
EVENT = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STATUSES),
        "start": st.none() | st.sampled_from(["2026-01-05", "2026-03-30", "2026-07-01"]),
        "area": st.sampled_from(["Press", "press ", "Paint"]),
        "actions": st.lists(ACTION, max_size=6),
    }
)


def _events(drawn: list[dict[str, Any]]) -> list[dict[str, Any]]:
    events = []
    for n, e in enumerate(drawn):
        actions = [{**a, "id": f"A{i + 1}"} for i, a in enumerate(e["actions"])]
        events.append({**e, "id": f"KZ-T-{n:02d}", "title": f"Event {n}", "actions": actions})
    return events


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENT, max_size=8))
def test_overdue_actions_by_owner_as_a_loop_over_the_events_finds_them(
    drawn: list[dict[str, Any]],
) -> None:
    events = _events(drawn)
    portfolio = compute_portfolio(memory_index(events).all, TODAY, flt=PortfolioFilter())
    # the loop: events newest start first (then id, descending), actions in their order
    listed = sorted(events, key=lambda e: (e["start"] or "", e["id"]), reverse=True)
    expected: dict[str, tuple[str, list[tuple[str, str, str, int]]]] = {}
    for e in listed:
        if e["status"] == "abandoned":
            continue
        for a in e["actions"]:
            if a["status"] != "open" or a["due"] is None or a["due"] >= TODAY.isoformat():
                continue
            name = display_name(a["owner"]) or "(no owner)"
            days = (TODAY - date.fromisoformat(a["due"])).days
            group = expected.setdefault(person_key(name), (name, []))
            group[1].append((e["id"], a["id"], a["due"], days))
    for _, found in expected.values():
        found.sort(key=lambda r: (-r[3], r[0]))
    owners = sorted(expected.values(), key=lambda o: (-len(o[1]), person_key(o[0])))
    assert [
        (o.owner, [(r.event_id, r.action_id, r.due, r.days_overdue) for r in o.actions])
        for o in portfolio.actions.overdue_by_owner
    ] == owners
    assert portfolio.actions.overdue == sum(len(found) for _, found in owners)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENT, max_size=8), st.integers(min_value=0, max_value=14))
def test_the_follow_up_queue_as_a_loop_over_the_events_finds_it(
    drawn: list[dict[str, Any]], within: int
) -> None:
    events = _events(drawn)
    attention = needs_attention(memory_index(events).all, TODAY, within_days=within)
    horizon = (TODAY + timedelta(days=within)).isoformat()
    expected = sorted(
        (a["owner"], a["due"], e["id"], a["id"], a["what"])
        for e in events
        if e["status"] in ACTION_STATUSES
        for a in e["actions"]
        if a["status"] == "open" and a["due"] is not None and a["due"] <= horizon
    )
    found = sorted(
        (i.owner, i.due.isoformat(), i.event_id, i.action_id, i.what)
        for i in attention.items
        if i.kind == "action"
    )
    assert found == expected
    counts = attention.as_json()["counts"]
    assert counts["actions_overdue"] == sum(1 for x in expected if x[1] < TODAY.isoformat())
    assert counts["actions_due_soon"] == sum(1 for x in expected if x[1] >= TODAY.isoformat())


PERSON = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Anna Nowak", "Ben Ode", "Dee"]),
        "role": st.sampled_from(["member", "facilitator", "team_leader"]),
        "from_line": st.booleans(),
    }
)
#: before, on and after today, so that due and done dates often fall on the same day
FEW_DAYS = st.sampled_from(["2026-11-20", "2026-11-25", "2026-11-30"])
COUNTED_EVENT = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STATUSES),
        "start": st.none() | st.sampled_from(["2026-01-05", "2026-07-01"]),
        "people": st.lists(PERSON, max_size=3),
        "actions": st.lists(
            st.fixed_dictionaries(
                {
                    "what": st.just("Fix it"),
                    "owner": st.sampled_from(OWNERS),
                    "due": st.none() | FEW_DAYS,
                    "status": st.sampled_from(["open", "done", "dropped"]),
                    "done_on": st.none() | FEW_DAYS,
                }
            ),
            max_size=6,
        ),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COUNTED_EVENT, max_size=6))
def test_action_counts_kept_in_each_event_row_are_a_loop_over_its_actions(
    drawn: list[dict[str, Any]],
) -> None:
    """Each event's row carries its actions counted (rows.action_counts) and its owners not on
    the team, so the report reads 10,000 rows instead of grouping every action: the figures are
    those of a plain loop."""
    events = _events(drawn)
    portfolio = compute_portfolio(memory_index(events).all, TODAY, flt=PortfolioFilter())
    totals = dict.fromkeys(("total", "open", "done", "dropped", "on_time", "late", "undated"), 0)
    owned = dict.fromkeys(("line", "lpo", "no_owner"), 0)
    outsiders: dict[str, int] = {}  # person → actions, owners not on their event's team
    per_event = {}
    for e in events:
        overdue = sum(
            1
            for a in e["actions"]
            if a["status"] == "open" and a["due"] is not None and a["due"] < TODAY.isoformat()
        )
        is_open = sum(1 for a in e["actions"] if a["status"] == "open")
        active = e["status"] != "abandoned"
        per_event[e["id"]] = (is_open, overdue) if active else (0, 0)
        if not active:
            continue
        index = people_index(e["people"])
        for a in e["actions"]:
            totals["total"] += 1
            totals[a["status"] if a["status"] != "done" else "done"] += 1
            if a["status"] == "done":
                if a["due"] is None or a["done_on"] is None:
                    totals["undated"] += 1
                elif a["done_on"] <= a["due"]:
                    totals["on_time"] += 1
                else:
                    totals["late"] += 1
            if a["status"] != "dropped":
                kind = owner_kind(a["owner"], index)
                if kind in owned:
                    owned[kind] += 1
                else:
                    key = person_key(display_name(a["owner"]))
                    outsiders[key] = outsiders.get(key, 0) + 1
    figures = portfolio.actions
    assert {
        "total": figures.total,
        "open": figures.open,
        "done": figures.done,
        "dropped": figures.dropped,
        "on_time": figures.on_time,
        "late": figures.late,
        "undated": figures.done_undated,
    } == totals
    capability = portfolio.capability
    assert {
        "line": capability.line_owned,
        "lpo": capability.lpo_owned,
        "no_owner": capability.no_owner,
    } == owned
    assert {e.id: (e.actions_open, e.actions_overdue) for e in portfolio.events} == per_event
    assert {person_key(name): n for name, n in capability.owners_not_on_team} == outsiders
    assert capability.not_on_team == sum(outsiders.values())


SPELT_EVENT = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STATUSES),
        "start": st.none() | st.sampled_from(["2026-01-05", "2026-03-30", "2026-07-01"]),
        "area": st.sampled_from(["Press", "press ", "Paint"]),
        "actions": st.lists(
            st.fixed_dictionaries(
                {
                    "what": st.sampled_from(["Fix it", "5S"]),
                    # spellings of one person, nobody, and someone called "(no owner)"
                    "owner": st.sampled_from([*OWNERS, "  ", "(no owner)", "(No  owner)"]),
                    "due": st.none() | DAYS.map(date.isoformat),
                    "status": st.sampled_from(["open", "open", "open", "done"]),
                }
            ),
            max_size=8,
        ),
    }
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SPELT_EVENT, max_size=8), st.sampled_from([(), ("press",), ("Paint", "Press")]))
def test_the_screens_figures_counted_by_the_database_are_those_of_the_listed_actions(
    drawn: list[dict[str, Any]], areas: tuple[str, ...]
) -> None:
    """The portfolio screen has its owners of overdue actions counted by the database and reads
    the actions a page at a time (compute_portfolio(list_overdue=False), overdue_list,
    overdue_page); the report lists every action and counts them in Python. Every figure is
    the same, owners named and ordered alike, and the pages list the report's actions in its
    order."""
    db = memory_index(_events(drawn)).all
    flt = PortfolioFilter(areas=areas)
    listed = compute_portfolio(db, TODAY, flt=flt)
    counted = compute_portfolio(db, TODAY, flt=flt, list_overdue=False)
    owners = listed.actions.overdue_by_owner
    assert all(o.actions for o in owners)
    without = tuple(replace(o, actions=()) for o in owners)
    assert counted == replace(listed, actions=replace(listed.actions, overdue_by_owner=without))
    found = overdue_list(db, counted)
    for n, owner in enumerate(owners):
        wanted = [found.at(n, i) for i in range(len(found.refs[n]))]
        refs = overdue_page(db, TODAY, wanted)
        assert [(r.event_id, r.action_id, r.what, r.due, r.days_overdue) for r in refs if r] == [
            (r.event_id, r.action_id, r.what, r.due, r.days_overdue) for r in owner.actions
        ]
    assert len(found) == listed.actions.overdue
