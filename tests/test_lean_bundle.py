"""The lean tools in the bundle contract (issue 13): the new fields validate with messages that
name them, round-trip through import and export with unknown keys kept, and a bundle written
before they existed still reads, with its readings from the event week as after readings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kaizen_tui.errors import BundleError
from kaizen_tui.logic.metrics import after_reading
from kaizen_tui.model import Bundle, parse_bundle
from kaizen_tui.store import Store
from kaizen_tui.store.atomic import atomic_write_bytes

from .conftest import CliRunner, make_event

#: An event as kaizen-tui wrote it before the lean tools (no takt, balance, future steps,
#: changeover, experiments or sign-offs), with a reading taken during the event week and a key
#: of somebody else's.
OLD_BUNDLE: dict[str, Any] = {
    "format": "kaizen-event/1",
    "event": {
        "id": "KZ-OLD-7",
        "share_token": "a1b2c3d4e5f6g7h8i9j0kLmN",
        "revision": 12,
        "title": "Changeover on press 7",
        "status": "reported",
        "start": "2026-10-05",
        "end": "2026-10-09",
        "report_out": "2026-10-09",
        "lessons": "Film first.",
        "metrics": [
            {
                "id": "M1",
                "name": "Changeover time",
                "unit": "min",
                "direction": "lower",
                "baseline": 95,
                "target": 30,
                "readings": [
                    {"date": "2026-10-08", "value": 52, "note": "day 4"},
                    {"date": "2026-10-20", "value": 44, "note": ""},
                ],
            }
        ],
        "process_steps": [{"name": "Fetch die", "cycle_min": 8, "wait_min": 4, "value": "NVA"}],
        "yokoten": [{"practice": "Shadow board", "to_area": "Press 4", "status": "proposed"}],
        "sensei_notes": [{"date": "2026-10-06", "by": "Sato", "note": "Go and see."}],
        "x_site_code": "WRO-3",
    },
}

NEW_FIELDS: dict[str, Any] = {
    "takt": {"demand": 5400, "available_min": 900, "period": "day", "unit": "brackets", "x": 1},
    "balance": [
        {"operator": "Op 1", "element": "Load blank", "seconds": 4.5, "value": "VA", "x": 2},
        {"operator": "Op 2", "element": "Stack in rack", "seconds": 9, "value": "NNVA"},
    ],
    "future_steps": [{"name": "Fetch die", "cycle_min": 2, "wait_min": 0, "value": "NNVA"}],
    "changeover": [
        {
            "name": "Fetch the new die",
            "minutes": 12,
            "kind": "internal",
            "after": "external",
            "after_minutes": 8,
            "x": 3,
        },
        {"name": "Trial hits", "minutes": 6, "kind": "internal", "after": None},
    ],
    "experiments": [
        {
            "id": "E1",
            "date": "2026-10-07",
            "tried": "Stage the die on the cart before the stop",
            "result": "71 → 58 min",
            "decision": "kept",
            "action": "A1",
            "x": 4,
        }
    ],
    "signoffs": [
        {"role": "sponsor", "name": "Marek", "date": "2026-09-30", "note": "", "x": 5},
        {"role": "process_owner", "name": "Zofia", "date": "2026-10-01", "note": "with A8"},
    ],
}


def _with_new_fields() -> dict[str, Any]:
    data = json.loads(json.dumps(OLD_BUNDLE))
    data["event"].update(json.loads(json.dumps(NEW_FIELDS)))
    return data


def test_the_new_fields_round_trip_with_unknown_keys() -> None:
    data = _with_new_fields()
    out = parse_bundle(data).to_json_dict()
    for key, value in NEW_FIELDS.items():
        if key == "changeover":
            assert out["event"][key][0] == value[0]
            assert out["event"][key][1] == {**value[1], "after_minutes": None}
        elif key == "experiments":
            assert out["event"][key] == value
        else:
            assert out["event"][key] == value, key
    assert out["event"]["x_site_code"] == "WRO-3"
    assert parse_bundle(out).to_json_dict() == out


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("takt", "demand"), 0, "event.takt.demand: Input should be greater than 0"),
        (("takt", "available_min"), -1, "event.takt.available_min: Input should be greater than 0"),
        (
            ("balance", 0, "operator"),
            "  ",
            "event.balance[0].operator: a work element needs the operator or step it belongs to",
        ),
        (("balance", 1, "seconds"), -2, "event.balance[1].seconds: Input should be greater than"),
        (("balance", 1, "value"), "waste", "event.balance[1].value: Input should be 'VA'"),
        (("changeover", 0, "kind"), "both", "event.changeover[0].kind: Input should be 'internal'"),
        (("changeover", 0, "after"), "gone", "event.changeover[0].after: Input should be"),
        (("changeover", 1, "minutes"), -1, "event.changeover[1].minutes: Input should be greater"),
        (("experiments", 0, "tried"), "", "event.experiments[0] (E1).tried: must not be empty"),
        (("experiments", 0, "decision"), "maybe", "event.experiments[0] (E1).decision: Input"),
        (("experiments", 0, "date"), "2026-02-30", "is not a real date (YYYY-MM-DD)"),
        (("signoffs", 0, "role"), "member", "event.signoffs[0].role: Input should be 'sponsor'"),
        (("signoffs", 1, "date"), "", "event.signoffs[1].date:"),
        (("signoffs", 1, "name"), "", "event.signoffs[1].name: must not be empty"),
    ],
)
def test_bad_values_name_their_field(path: tuple[Any, ...], value: Any, message: str) -> None:
    data = _with_new_fields()
    node = data["event"]
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with pytest.raises(BundleError) as caught:
        parse_bundle(data)
    assert message in str(caught.value)


def test_list_rules_across_items() -> None:
    data = _with_new_fields()
    data["event"]["experiments"].append({"id": "E1", "tried": "again"})
    with pytest.raises(BundleError, match="two experiments share the id 'E1'"):
        parse_bundle(data)
    data = _with_new_fields()
    data["event"]["signoffs"].append({"role": "sponsor", "name": "Helen", "date": "2026-10-02"})
    with pytest.raises(BundleError, match="two sign-offs by the sponsor; keep one"):
        parse_bundle(data)


def test_an_old_bundle_reads_with_the_new_fields_empty() -> None:
    event = parse_bundle(json.loads(json.dumps(OLD_BUNDLE))).event
    assert event.takt is None
    assert (event.balance, event.future_steps, event.changeover) == ([], [], [])
    assert (event.experiments, event.signoffs) == ([], [])
    # the reading from day 4 of the week is the after reading; the one after it is follow-up
    after = after_reading(event, event.metrics[0])
    assert after is not None and (after.value, after.note) == (52, "day 4")
    assert event.model_extra == {"x_site_code": "WRO-3"}


def test_an_old_event_file_in_the_store_loads_and_saves_in_the_new_shape(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    store.events_dir.mkdir(parents=True)
    atomic_write_bytes(
        store.event_path("KZ-OLD-7"),
        json.dumps({"bundle": {"1": OLD_BUNDLE}}, ensure_ascii=False).encode(),
    )
    event = store.load("KZ-OLD-7")
    assert event.revision == 12 and event.lessons == "Film first."
    event.experiments = parse_bundle(_with_new_fields()).event.experiments
    store.save(event)
    stored = json.loads(store.event_path("KZ-OLD-7").read_text("utf-8"))["bundle"]["1"]
    assert stored["event"]["experiments"][0]["tried"].startswith("Stage the die")
    assert stored["event"]["signoffs"] == [] and stored["event"]["takt"] is None
    assert stored["event"]["x_site_code"] == "WRO-3"
    assert stored["event"]["sensei_notes"] == OLD_BUNDLE["event"]["sensei_notes"]


def test_import_and_export_by_the_command(kaizen: CliRunner, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(OLD_BUNDLE, ensure_ascii=False), "utf-8")
    assert kaizen("import", str(old)).returncode == 0
    exported = json.loads(kaizen("export", "KZ-OLD-7").stdout)
    assert exported["event"]["x_site_code"] == "WRO-3"
    assert exported["event"]["experiments"] == [] and exported["event"]["takt"] is None
    old_readings = OLD_BUNDLE["event"]["metrics"][0]["readings"]
    assert exported["event"]["metrics"][0]["readings"] == old_readings

    newer = _with_new_fields()
    newer["event"]["revision"] = 13
    path = tmp_path / "new.json"
    path.write_text(json.dumps(newer, ensure_ascii=False), "utf-8")
    result = kaizen("import", str(path))
    assert result.returncode == 0, result.stderr
    again = json.loads(kaizen("export", "KZ-OLD-7").stdout)["event"]
    assert again["takt"] == NEW_FIELDS["takt"]
    assert again["balance"] == NEW_FIELDS["balance"]
    assert again["experiments"] == NEW_FIELDS["experiments"]
    assert again["signoffs"] == NEW_FIELDS["signoffs"]
    assert again["changeover"][0] == NEW_FIELDS["changeover"][0]

    bad = _with_new_fields()
    bad["event"]["takt"]["demand"] = "lots"
    path.write_text(json.dumps(bad), "utf-8")
    refused = kaizen("import", str(path))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "event.takt.demand" in refused.stderr


def test_the_model_builds_the_same_bundle() -> None:
    # what the screens build through the model serialises to the contract's keys
    event = make_event()
    event.signoffs = parse_bundle(_with_new_fields()).event.signoffs
    out = Bundle(event=event).to_json_dict()["event"]
    assert [s["role"] for s in out["signoffs"]] == ["sponsor", "process_owner"]
    assert out["signoffs"][0]["date"] == "2026-09-30"
