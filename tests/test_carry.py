"""What a template and a re-run take of an event: every field has a rule on the model (CARRY),
and a copy of a fully filled event has exactly the fields a facilitator expects."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from kaizen_tui.demo import SMED_ID, demo_events
from kaizen_tui.logic.carry import carry
from kaizen_tui.logic.edits import event_as_template
from kaizen_tui.logic.followup import rerun_draft
from kaizen_tui.model import (
    AgendaItem,
    Conflict,
    Event,
    Metric,
    ProcessStep,
    Reading,
    StatusChange,
)

TODAY = date(2026, 12, 2)
NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)

# Written out here, not read from CARRY: this is what a facilitator expects, the model's table
# is what the code does.
TEMPLATE_KEEPS = {"site", "area", "value_stream", "business_unit", "scope", "people", "review_days"}
TEMPLATE_DERIVES = {"title", "metrics", "agenda"}
RERUN_KEEPS = TEMPLATE_KEEPS | {"problem", "target_condition", "takt"}
RERUN_DERIVES = TEMPLATE_DERIVES | {"background", "rerun_of"}


@pytest.mark.parametrize("model", [Event, Metric, AgendaItem])
def test_every_field_has_a_carry_rule(model: type[Event] | type[Metric] | type[AgendaItem]) -> None:
    fields, rules = set(model.model_fields), set(model.CARRY)
    assert fields - rules == set(), f"{model.__name__} fields without a rule in CARRY"
    assert rules - fields == set(), f"{model.__name__}.CARRY names fields it does not have"


def test_a_field_without_a_rule_stops_the_copy_instead_of_vanishing() -> None:
    class Later(Event):
        sponsor_quote: str = ""

    with pytest.raises(TypeError, match="no rule for sponsor_quote"):
        event_as_template(Later(title="Press 7", sponsor_quote="Do it"), "Press 8")
    with pytest.raises(TypeError, match="derives"):
        carry(Event(title="x"), "template", {"title": "y"})  # metrics and agenda not given


def filled() -> Event:
    """The demo's changeover event with every field set, the review lost and one metric on
    target, so each rule shows in the copy."""
    smed = next(e for e in demo_events(TODAY) if e.id == SMED_ID)
    data = smed.model_dump(mode="json", by_alias=True)
    data |= {
        "revision": 12,
        "updated_at": "2026-11-30T10:00:00+00:00",
        "review_days": [30, 60, 90, 180],
        "a3_printed_revision": 11,
        "status_reason": "reopened for the scrap figures",
        "status_history": [StatusChange(date=TODAY, from_="live", to="reported").model_dump()],
        "rerun_of": "KZ-EARLIER",
        "future_steps": [ProcessStep(name="Pre-stage die", value="NNVA").model_dump()],
        "conflicts": [
            Conflict(path="problem", mine="a", theirs="b", at="2026-11-30T10:00:00").model_dump()
        ],
    }
    data["reviews"][0] |= {"held_on": "2026-12-01", "verdict": "lost"}
    data["agenda"][0] |= {"started_at": NOON.isoformat(), "finished_at": NOON.isoformat()}
    event = Event.model_validate(data)
    event.metrics[2].readings.append(Reading(date=date(2026, 12, 1), value=9))  # on target (10)
    blank = Event(title="x")
    unset = [name for name in Event.model_fields if getattr(event, name) == getattr(blank, name)]
    assert unset == [], "fill these too, so the copies below are checked for them"
    return event


def check_copy(copy: Event, source: Event, keeps: set[str], derives: set[str]) -> None:
    """Kept fields equal the source's, and everything neither kept nor derived is as in a new
    event; the derived ones are for the caller to check."""
    mine, theirs = copy.model_dump(mode="json"), source.model_dump(mode="json")
    blank = Event(title="x").model_dump(mode="json")
    for name in Event.model_fields:
        if name in keeps:
            assert mine[name] == theirs[name], f"{name} should be kept"
        elif name == "share_token":
            assert mine[name] != theirs[name], "the copy draws its own share token"
        elif name not in derives:
            assert mine[name] == blank[name], f"{name} should start as in a new event"
    assert copy.model_extra == {}


def agenda_of(event: Event) -> list[dict[str, Any]]:
    return [AgendaItem(title=a.title, minutes=a.minutes).model_dump() for a in event.agenda]


def test_a_template_keeps_the_frame_and_nothing_the_team_found() -> None:
    source = filled()
    copy = event_as_template(source, "Press 8 changeover")
    check_copy(copy, source, TEMPLATE_KEEPS, TEMPLATE_DERIVES)
    assert copy.title == "Press 8 changeover"
    # metric definitions: what is measured and which way is better; no baseline, target, reading
    assert [m.model_dump() for m in copy.metrics] == [
        Metric(id=m.id, name=m.name, unit=m.unit, direction=m.direction).model_dump()
        for m in source.metrics
    ]
    assert copy.agenda[0].started_at is None and source.agenda[0].started_at is not None
    assert [a.model_dump() for a in copy.agenda] == agenda_of(source)
    # the copy is a copy: changing it leaves the source alone
    copy.people[0].name = "Someone else"
    copy.scope.out.append("painting")
    assert source.people[0].name != "Someone else" and "painting" not in source.scope.out


def test_a_rerun_keeps_the_charter_and_starts_from_the_latest_readings() -> None:
    source = filled()
    draft = rerun_draft(source)
    check_copy(draft, source, RERUN_KEEPS, RERUN_DERIVES)
    assert draft.title == f"{source.title} (re-run)"
    assert draft.rerun_of == "KZ-DEMO-SMED"
    assert draft.background == (
        f"Re-run of KZ-DEMO-SMED: its 30-day review found the gains lost.\n\n{source.background}"
    )
    assert [a.model_dump() for a in draft.agenda] == agenda_of(source)
    got = [
        (m.id, m.baseline, m.baseline_date, m.baseline_source, m.target, m.readings)
        for m in draft.metrics
    ]
    latest = "latest reading in KZ-DEMO-SMED"
    m3 = source.metrics[2]
    assert got == [
        ("M1", 37, date(2026, 11, 30), latest, 30, []),
        ("M2", 6, date(2026, 11, 25), latest, 8, []),
        # its latest reading is on target: no baseline to start from, the old one stays
        ("M3", 38, m3.baseline_date, m3.baseline_source, 10, []),
    ]
    assert [(m.name, m.unit, m.direction) for m in draft.metrics] == [
        (m.name, m.unit, m.direction) for m in source.metrics
    ]


def test_keys_from_a_newer_version_stay_with_the_old_event() -> None:
    source = Event.model_validate({"title": "Press 7", "site": "Plant A", "newspaper": ["x"]})
    for copy in (event_as_template(source, "Press 8"), rerun_draft(source)):
        assert copy.site == "Plant A" and copy.model_extra == {}
    assert source.model_extra == {"newspaper": ["x"]}
