"""Plain tests of the rules behind the facilitation screens: run-sheet arithmetic, the home
screen's filters and attention list, and the edits a facilitator makes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kaizen_tui.logic import agenda, listing
from kaizen_tui.logic.edits import (
    add_action,
    add_update,
    event_as_template,
    move,
    park,
    parking_to_action,
    remove_root_cause,
    replace_step,
    set_action_status,
    step_pdca,
)
from kaizen_tui.logic.queries import Execute
from kaizen_tui.logic.summary import EventSummary
from kaizen_tui.model import AgendaItem, ProcessStep, Review, Waste

from .conftest import TODAY, make_event
from .indexes import index_of

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

# -- run-sheet -----------------------------------------------------------------------------------


def test_templates_are_fresh_items() -> None:
    five = agenda.template_items("5-day")
    one = agenda.template_items("1-day")
    assert len(five) == 13 and five[0].title.startswith("Day 1")
    assert agenda.total_minutes(one) == sum(m for _, m in agenda.ONE_DAY)
    assert not any(item.done or item.started_at for item in five + one)
    with pytest.raises(KeyError, match="known: 5-day, 1-day"):
        agenda.template_items("3-day")


def test_next_starts_then_finishes_and_starts_the_following_item() -> None:
    items = [AgendaItem(title="A", minutes=10), AgendaItem(title="B", minutes=20)]
    assert agenda.advance(items, NOON) == agenda.Advance(None, 0)
    assert items[0].started_at == NOON
    later = NOON + timedelta(minutes=12)
    assert agenda.advance(items, later) == agenda.Advance(0, 1)
    assert items[0].done and items[0].finished_at == later
    assert items[1].started_at == later
    assert agenda.advance(items, later) == agenda.Advance(1, None)
    assert agenda.current_index(items) is None
    assert agenda.advance(items, later) == agenda.Advance(None, None)


def test_countdown_runs_out_and_shows_the_overrun() -> None:
    item = AgendaItem(title="Gemba walk", minutes=45, started_at=NOON)
    assert agenda.remaining(item, NOON) == timedelta(minutes=45)
    assert agenda.format_countdown(agenda.remaining(item, NOON)) == "45:00"  # type: ignore[arg-type]
    almost = NOON + timedelta(minutes=44, seconds=59, milliseconds=500)
    assert agenda.format_countdown(agenda.remaining(item, almost)) == "00:01"  # type: ignore[arg-type]
    assert not agenda.is_overrun(item, almost)
    late = NOON + timedelta(minutes=47, seconds=5)
    assert agenda.is_overrun(item, late)
    assert agenda.format_countdown(agenda.remaining(item, late)) == "+02:05"  # type: ignore[arg-type]
    assert agenda.format_countdown(timedelta(hours=2, minutes=5)) == "2:05:00"
    assert agenda.remaining(AgendaItem(title="x"), NOON) is None


def test_extend_and_restart_act_on_the_current_item() -> None:
    items = [AgendaItem(title="A", minutes=10, done=True), AgendaItem(title="B", minutes=3)]
    assert agenda.extend(items, 5) == 1 and items[1].minutes == 8
    agenda.extend(items, -30)
    assert items[1].minutes == 1  # never below a minute
    assert agenda.restart(items, NOON) == 1 and items[1].started_at == NOON
    assert agenda.format_minutes(150) == "2 h 30 min"
    assert agenda.minutes_left(items) == 1


# -- home screen ---------------------------------------------------------------------------------


def _summaries() -> Execute:
    events = [
        make_event(),  # live, A1 overdue
        make_event(
            id="KZ-TEST-2",
            title="Faster discharge",
            area="Ward 7B",
            status="following_up",
            start=date(2026, 10, 1),
            end=date(2026, 10, 3),
            report_out=date(2026, 10, 3),
            actions=[],
            reviews=[Review(day=60, due=TODAY + timedelta(days=3))],
        ),
        make_event(
            id="KZ-TEST-3",
            title="Invoice approval",
            area="Accounts",
            status="planned",
            start=date(2026, 12, 9),
            end=None,
            actions=[],
            reviews=[Review(day=30, due=TODAY - timedelta(days=2))],
        ),
    ]
    return index_of(events)


def _ids(db: Execute, text: str = "", status: str = "", area: str = "") -> list[str]:
    return listing.event_ids(db, listing.ListQuery(text, status, area), TODAY)


def _sorted(db: Execute, key: listing.SortKey, *, descending: bool) -> list[EventSummary]:
    ids = listing.event_ids(db, listing.ListQuery(sort=key, descending=descending), TODAY)
    return listing.summaries_of(db, ids, TODAY)


def test_filter_by_text_status_and_area() -> None:
    summaries = _summaries()
    assert _ids(summaries, "press") == ["KZ-TEST-1"]
    assert _ids(summaries, "WARD disch") == ["KZ-TEST-2"]
    # people are searchable too (the facilitator of the test event)
    assert _ids(summaries, "Νίκος") == [
        "KZ-TEST-3",
        "KZ-TEST-1",
        "KZ-TEST-2",
    ]
    assert _ids(summaries, status="planned") == ["KZ-TEST-3"]
    assert _ids(summaries, area="Ward 7B") == ["KZ-TEST-2"]
    # a % or _ typed is looked for as itself, not as a wildcard
    assert _ids(summaries, "%") == [] and _ids(summaries, "_") == []


def test_sorts() -> None:
    summaries = _summaries()
    by_start = _sorted(summaries, "start", descending=True)
    assert [s.id for s in by_start] == ["KZ-TEST-3", "KZ-TEST-1", "KZ-TEST-2"]
    by_late = _sorted(summaries, "overdue", descending=True)
    assert by_late[0].id == "KZ-TEST-1"
    by_review = _sorted(summaries, "review", descending=False)
    assert [s.id for s in by_review] == ["KZ-TEST-3", "KZ-TEST-2", "KZ-TEST-1"]
    by_status = _sorted(summaries, "status", descending=False)
    assert [s.status for s in by_status] == ["live", "planned", "following_up"]


# -- edits -------------------------------------------------------------------------------------


def test_move_is_clamped() -> None:
    items = ["a", "b", "c"]
    assert move(items, 0, 1) == 1 and items == ["b", "a", "c"]
    assert move(items, 2, 5) == 2 and items == ["b", "a", "c"]
    assert move(items, 2, -9) == 0 and items == ["c", "b", "a"]


def test_actions_get_ids_done_dates_and_sorted_updates() -> None:
    event = make_event()
    action = add_action(event, "  Label the bins  ", owner=" Ana ", due=TODAY)
    assert (action.id, action.what, action.owner) == ("A5", "Label the bins", "Ana")
    set_action_status(action, "done", TODAY)
    assert action.done_on == TODAY
    set_action_status(action, "open", TODAY)
    assert action.done_on is None
    assert step_pdca(action, 9) == 4 and step_pdca(action, -9) == 0
    add_update(action, "second", TODAY)
    add_update(action, "first", TODAY - timedelta(days=3))
    assert [u.note for u in action.updates] == ["first", "second"]


def test_removing_a_cause_unlinks_its_actions() -> None:
    event = make_event()
    assert remove_root_cause(event, "RC1") == ["A2"]
    assert event.root_causes == [] and event.action("A2").root_cause is None  # type: ignore[union-attr]


def test_renaming_a_step_carries_its_wastes() -> None:
    event = make_event(
        process_steps=[ProcessStep(name="Fetch die")],
        wastes=[Waste(type="motion", step="Fetch die"), Waste(type="waiting", step="Other")],
    )
    replace_step(event, 0, ProcessStep(name="Fetch the die", cycle_min=5))
    assert [w.step for w in event.wastes] == ["Fetch the die", "Other"]


def test_parked_idea_becomes_an_action() -> None:
    event = make_event()
    park(event, " Forklift after 2am ", "Jan", TODAY)
    action = parking_to_action(event, 0, what="Ask for a night forklift driver", owner="Jan")
    item = event.parking_lot[0]
    assert (item.text, item.raised_on, item.resolved, item.action) == (
        "Forklift after 2am",
        TODAY,
        True,
        action.id,
    )


def test_template_keeps_the_frame_and_drops_the_findings() -> None:
    source = make_event(
        site="Plant A",
        problem="95 minutes",
        agenda=[AgendaItem(title="Kick-off", minutes=45, done=True, started_at=NOON)],
    )
    copy = event_as_template(source, "Press 8 changeover")
    assert copy.title == "Press 8 changeover" and copy.status == "planned"
    assert (copy.site, copy.area) == ("Plant A", "Stamping")
    assert [p.name for p in copy.people] == [p.name for p in source.people]
    assert [(m.id, m.name, m.baseline, m.target) for m in copy.metrics] == [
        ("M1", "Changeover time", None, None)
    ]
    assert [(a.title, a.done, a.started_at) for a in copy.agenda] == [("Kick-off", False, None)]
    assert copy.problem == "" and copy.actions == [] and copy.root_causes == []
    assert copy.id == "" and copy.share_token != source.share_token
