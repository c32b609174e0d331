"""The bundle model: validation a user can act on, and lossless round trips."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kaizen_tui.errors import BundleError, NewerFormatError
from kaizen_tui.model import FORMAT, Bundle, Event, next_item_id, parse_bundle

from .conftest import make_event


def bundle_of(event: dict) -> dict:
    return {"format": FORMAT, "event": event}


def test_round_trip_keeps_unknown_keys_and_unicode() -> None:
    data = bundle_of(
        {
            "title": "Zmiana 🔧 Ελληνικά 日本語 <b>&</b>",
            "x_custom": {"nested": [1, 2]},
            "scope": {"in": ["welding"], "out": ["paint"], "x_note": "kept"},
            "actions": [{"id": "A1", "what": "Stage dies", "due": "2026-12-01", "x_cost": 120}],
        }
    )
    data["x_top"] = "top-level too"
    first = parse_bundle(json.loads(json.dumps(data))).to_json_dict()
    second = parse_bundle(json.loads(json.dumps(first))).to_json_dict()
    assert first == second
    assert first["x_top"] == "top-level too"
    assert first["event"]["x_custom"] == {"nested": [1, 2]}
    assert first["event"]["scope"]["in"] == ["welding"]
    assert first["event"]["scope"]["x_note"] == "kept"
    assert first["event"]["actions"][0]["x_cost"] == 120
    assert first["event"]["title"] == "Zmiana 🔧 Ελληνικά 日本語 <b>&</b>"


def test_share_token_is_generated_long_and_not_the_id() -> None:
    event = parse_bundle(bundle_of({"title": "t"})).event
    assert len(event.share_token) >= 22
    assert event.share_token != event.id
    other = parse_bundle(bundle_of({"title": "t"})).event
    assert other.share_token != event.share_token


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"title": "t", "start": "2026-02-30"}, "event.start: '2026-02-30' is not a real date"),
        ({"title": "t", "start": "30/01/2026"}, "write it as YYYY-MM-DD"),
        ({"title": "t", "status": "done"}, "event.status: Input should be 'planned'"),
        ({"title": ""}, "event.title: must not be empty"),
        ({}, "event.title: is required"),
        (
            {"title": "t", "actions": [{"id": "A1", "what": "x", "pdca": 5}]},
            "event.actions[0] (A1).pdca: Input should be less than or equal to 4",
        ),
        (
            {"title": "t", "actions": [{"id": "A1", "what": "x"}, {"id": "A1", "what": "y"}]},
            "two actions share the id 'A1'",
        ),
        (
            {"title": "t", "actions": [{"id": "A1", "what": "x", "root_cause": "RC9"}]},
            "action A1 links root cause 'RC9', which this event does not have",
        ),
        (
            {"title": "t", "metrics": [{"id": "M1", "name": "m", "direction": "sideways"}]},
            "event.metrics[0] (M1).direction",
        ),
        (
            {
                "title": "t",
                "metrics": [
                    {"id": "M1", "name": "m", "direction": "lower", "baseline": 10, "target": 20}
                ],
            },
            "lower is better, but the target 20 is above the baseline 10",
        ),
        ({"title": "t", "wastes": [{"type": "laziness"}]}, "event.wastes[0].type"),
        ({"title": "t", "id": "../../etc"}, "may use only letters, digits"),
        ({"title": "t", "problem": "x" * 10_000_000}, "text is too long (10,000,000 characters"),
        ({"title": "t", "start": "2026-11-10", "end": "2026-11-01"}, "ends (2026-11-01) before"),
        (
            {"title": "t", "reviews": [{"day": 30, "readings": {"M9": 1}}]},
            "reading for M9, which is not one of this event's metrics",
        ),
    ],
)
def test_invalid_input_names_the_field(event: dict, expected: str) -> None:
    with pytest.raises(BundleError) as err:
        parse_bundle(bundle_of(event))
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_a_huge_bad_id_is_quoted_briefly_where_the_error_is() -> None:
    # found by test_hostile_import's fuzzing: the location "actions[1] (<id>)" quoted a
    # megabyte id whole, so the one line was a megabyte long
    huge = "x" * 1_000_000
    with pytest.raises(BundleError) as err:
        parse_bundle(bundle_of({"title": "t", "actions": [{"id": huge, "what": "w"}]}))
    assert "event.actions[0] ('xxx" in str(err.value)
    assert len(str(err.value)) < 400


def test_newer_major_format_is_refused_with_a_clear_message() -> None:
    with pytest.raises(NewerFormatError) as err:
        parse_bundle({"format": "kaizen-event/2", "event": {"title": "t"}})
    assert "newer kaizen-tui" in str(err.value)
    assert "Upgrade" in str(err.value)


def test_newer_minor_format_is_read() -> None:
    bundle = parse_bundle({"format": "kaizen-event/1.4", "event": {"title": "t", "x_new": 1}})
    assert bundle.event.title == "t"


@pytest.mark.parametrize("data", [[], "text", {"format": "other/1", "event": {}}, {"title": "t"}])
def test_not_a_bundle(data: object) -> None:
    with pytest.raises(BundleError):
        parse_bundle(data)


def test_nan_is_refused() -> None:
    with pytest.raises(BundleError):
        parse_bundle(
            bundle_of(
                {"title": "t", "metrics": [{"id": "M1", "name": "m", "baseline": float("nan")}]}
            )
        )


def test_model_helpers() -> None:
    event = make_event()
    assert event.first_name_with_role("team_leader") == "Zofia Wiśniewska"
    a2 = event.action("A2")
    assert a2 is not None and a2.root_cause == "RC1"
    assert next_item_id("A", [a.id for a in event.actions]) == "A5"
    assert next_item_id("RC", []) == "RC1"
    assert isinstance(Bundle(event=event).to_json_dict()["event"]["start"], str)


def test_dates_are_dates() -> None:
    event = Event(title="t", start="2026-11-23")
    assert event.start == date(2026, 11, 23)


@pytest.mark.parametrize("field", ["id", "share_token"])
def test_a_trailing_newline_is_not_a_valid_id_or_token(field: str) -> None:
    # `$` in a Python regex matches before a final newline; the checks must not.
    value = {"id": "KZ-2026-001\n", "share_token": "a" * 22 + "\n"}[field]
    with pytest.raises(BundleError):
        parse_bundle(bundle_of({"title": "t", field: value}))
