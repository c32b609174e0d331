"""logic/floor.py: what an owner may change from the floor, and how it goes into the event."""

from __future__ import annotations

from datetime import date

import pytest

from kaizen_tui.logic.floor import (
    NOTE_MAX,
    FloorInputError,
    FloorUpdate,
    apply_floor_update,
    floor_updates,
    floor_words,
    owners_of,
    parse_form,
)
from kaizen_tui.model import Action, Bundle, Update, parse_bundle

from .conftest import TODAY, make_event


def test_parse_form_takes_the_contract_and_refuses_the_rest() -> None:
    assert parse_form({"status": "done", "pdca": "3", "note": "  fixed\r\nit\t "}) == (
        "done",
        3,
        "fixed it",
    )
    assert parse_form({"status": "open", "pdca": "0"}) == ("open", 0, "")
    for bad in (
        {"status": "dropped", "pdca": "1"},
        {"status": "", "pdca": "1"},
        {"status": "open", "pdca": "5"},
        {"status": "open", "pdca": "-1"},
        {"status": "open", "pdca": "²"},
        {"status": "open", "pdca": ""},
        {"status": "open", "pdca": "1", "note": "x" * (NOTE_MAX + 1)},
    ):
        with pytest.raises(FloorInputError):
            parse_form(bad)
    assert parse_form({"status": "open", "pdca": "1", "note": "x" * NOTE_MAX})[2] == "x" * NOTE_MAX


def test_an_update_marks_done_moves_pdca_and_says_who_and_when() -> None:
    event = make_event()
    entry = apply_floor_update(
        event, FloorUpdate("A1", "done", 3, "new fixture in", by="Zofia Wiśniewska", on=TODAY)
    )
    a1 = event.actions[0]
    assert a1.status == "done" and a1.done_on == TODAY and a1.pdca == 3
    assert entry == Update(
        date=TODAY,
        note="Marked done, PDCA not started → checked: new fixture in",
        by="Zofia Wiśniewska",
        from_floor=True,
    )
    assert a1.updates[-1] is entry
    assert floor_updates(a1) == [entry] and floor_updates(a1, since=date(2026, 11, 26)) == []
    assert floor_words(entry) == "from the floor · Zofia Wiśniewska"
    # opened again: the done date goes, as when the facilitator reopens it
    again = apply_floor_update(event, FloorUpdate("A1", "open", 3, "", by="Zofia", on=TODAY))
    assert again is not None and again.note == "Opened again."
    reopened = event.action("A1")
    assert reopened is a1 and reopened.status == "open" and reopened.done_on is None


def test_nothing_to_change_adds_nothing_and_a_note_alone_is_kept() -> None:
    event = make_event()
    a2 = event.actions[1]
    same = FloorUpdate("A2", a2.status, a2.pdca, "", by="佐藤 健", on=TODAY)
    assert apply_floor_update(event, same) is None
    assert a2.updates == []
    noted = apply_floor_update(
        event, FloorUpdate("A2", "open", a2.pdca, "<b>[red]ok[/red]</b>", by="佐藤 健", on=TODAY)
    )
    assert noted is not None and noted.note == "<b>[red]ok[/red]</b>"  # text, never markup


def test_dropped_and_unknown_actions_are_refused() -> None:
    event = make_event(
        actions=[Action(id="A1", what="Gone", owner="Ana", status="dropped")],
    )
    for action_id in ("A1", "A9"):
        with pytest.raises(FloorInputError):
            apply_floor_update(event, FloorUpdate(action_id, "done", 4, "", by="Ana", on=TODAY))
    assert event.actions[0].status == "dropped"


def test_owners_once_each_in_order_of_first_appearance() -> None:
    actions = [
        Action(id="A1", what="x", owner=" Jan  Nowak "),
        Action(id="A2", what="x", owner=""),
        Action(id="A3", what="x", owner="Maria"),
        Action(id="A4", what="x", owner="jan nowak"),
    ]
    assert owners_of(actions) == ["Jan  Nowak", "Maria"]


def test_the_bundle_carries_the_floor_marks_and_older_bundles_read_as_before() -> None:
    event = make_event()
    apply_floor_update(event, FloorUpdate("A3", "open", 2, "halfway", by="Ana", on=TODAY))
    data = Bundle(event=event).to_json_dict()
    update = data["event"]["actions"][2]["updates"][-1]
    assert update == {
        "date": TODAY.isoformat(),
        "note": "PDCA not started → doing: halfway",
        "by": "Ana",
        "from_floor": True,
    }
    assert parse_bundle(data).event == event
    # an update made on the laptop is written as it always was
    assert data["event"]["actions"][2]["updates"][:-1] == []
    plain = Update(date=TODAY, note="on the laptop").model_dump(mode="json")
    assert plain == {"date": TODAY.isoformat(), "note": "on the laptop"}
    del update["by"], update["from_floor"]  # written before issue 15
    old = parse_bundle(data).event.actions[2].updates[-1]
    assert old.by == "" and old.from_floor is False
