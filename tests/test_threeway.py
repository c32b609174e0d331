"""The three-way merge rule by rule, on plain examples (logic/threeway.py), the paths that name
a place in an event (logic/itempaths.py), and resolving a conflict (logic/conflicts.py)."""

from __future__ import annotations

import copy
from typing import Any, Literal

import pytest

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.conflicts import describe, find_conflicts, resolve, where
from kaizen_tui.logic.itempaths import Item, format_path, item_labels, parse_path, rule_for
from kaizen_tui.logic.threeway import merge_events
from kaizen_tui.model import Bundle, parse_event

AT = "2026-11-25T12:00:00+00:00"


def event(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "KZ-2026-001",
        "title": "Cut changeover time",
        "status": "live",
        "start": "2026-11-23",
        "end": "2026-11-27",
        "metrics": [{"id": "M1", "name": "Changeover", "baseline": 95, "target": 30}],
        "root_causes": [{"id": "RC1", "cause": "dies hunted for", "whys": ["a", "b"]}],
        "actions": [
            {"id": "A1", "what": "Stage dies", "owner": "Ann", "due": "2026-12-01"},
            {"id": "A2", "what": "Label racks", "owner": "Bo", "root_cause": "RC1"},
            {"id": "A3", "what": "Train crew", "owner": "Chen"},
        ],
        "people": [{"name": "Ann", "role": "team_leader"}, {"name": "Bo"}],
        "process_steps": [{"name": "Cut"}, {"name": "Press"}, {"name": "Pack"}],
        "reviews": [{"day": 30, "due": "2026-12-27"}, {"day": 60, "due": "2027-01-26"}],
        "agenda": [{"title": "Lunch"}, {"title": "Gemba walk"}, {"title": "Lunch"}],
        "parking_lot": [{"text": "Buy a second cart", "raised_by": "Bo"}],
    }
    data.update(fields)
    return Bundle.model_validate({"event": data}).to_json_dict()["event"]


def merged(base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any]) -> Any:
    result = merge_events(base, mine, theirs, at=AT)
    parse_event(result.event)
    return result


def action(doc: dict[str, Any], action_id: str) -> dict[str, Any]:
    return next(a for a in doc["actions"] if a["id"] == action_id)


@pytest.fixture
def base() -> dict[str, Any]:
    return event()


def copies(base: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return copy.deepcopy(base), copy.deepcopy(base)


# -- fields ------------------------------------------------------------------------------------


def test_different_fields_changed_on_each_side_both_survive(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["title"] = "Cut changeover time on press 7"
    theirs["problem"] = "Changeovers take 95 minutes"
    action(mine, "A1")["owner"] = "Dana"
    action(theirs, "A1")["due"] = "2026-12-15"
    result = merged(base, mine, theirs)
    assert result.event["title"] == "Cut changeover time on press 7"
    assert result.event["problem"] == "Changeovers take 95 minutes"
    assert action(result.event, "A1")["owner"] == "Dana"
    assert action(result.event, "A1")["due"] == "2026-12-15"
    assert result.conflicts == [] and result.event["conflicts"] == []


def test_the_same_field_changed_two_ways_is_a_conflict_mine_kept_theirs_beside(
    base: dict[str, Any],
) -> None:
    mine, theirs = copies(base)
    action(mine, "A1")["due"] = "2026-12-05"
    action(theirs, "A1")["due"] = "2026-12-09"
    result = merged(base, mine, theirs)
    assert action(result.event, "A1")["due"] == "2026-12-05"
    expected = {
        "path": "actions[A1].due",
        "base": "2026-12-01",
        "mine": "2026-12-05",
        "theirs": "2026-12-09",
        "at": AT,
    }
    assert result.conflicts == [expected]
    assert result.event["conflicts"] == [expected]


def test_the_same_change_on_both_sides_is_no_conflict(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    for doc in (mine, theirs):
        doc["status"] = "reported"
    assert merged(base, mine, theirs).event["status"] == "reported"


def test_unknown_keys_merge_like_any_other(base: dict[str, Any]) -> None:
    base["x_plant"] = {"line": "7", "shift": "B"}
    mine, theirs = copies(base)
    mine["x_plant"]["line"] = "7a"
    theirs["x_plant"]["shift"] = "C"
    theirs["x_new"] = [1, 2]
    action(mine, "A2")["x_cost"] = 120
    result = merged(base, mine, theirs)
    assert result.event["x_plant"] == {"line": "7a", "shift": "C"}
    assert result.event["x_new"] == [1, 2]
    assert action(result.event, "A2")["x_cost"] == 120


def test_revisions_take_the_larger_and_are_never_a_conflict(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine.update(revision=9, updated_at="2026-11-25T10:00:00Z", title="mine")
    theirs.update(revision=7, updated_at="2026-11-25T11:00:00Z", a3_printed_revision=6)
    result = merged(base, mine, theirs)
    assert (result.event["revision"], result.event["updated_at"]) == (9, "2026-11-25T11:00:00Z")
    assert result.event["a3_printed_revision"] == 6
    assert result.conflicts == []


# -- list items --------------------------------------------------------------------------------


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["actions"] = [a for a in mine["actions"] if a["id"] != "A3"]
    theirs["people"] = theirs["people"][:1]
    result = merged(base, mine, theirs)
    assert [a["id"] for a in result.event["actions"]] == ["A1", "A2"]
    assert [p["name"] for p in result.event["people"]] == ["Ann"]
    assert result.conflicts == []


def test_deleted_on_one_side_and_edited_on_the_other_is_kept_with_a_conflict(
    base: dict[str, Any],
) -> None:
    mine, theirs = copies(base)
    mine["actions"] = [a for a in mine["actions"] if a["id"] != "A3"]
    action(theirs, "A3")["status"] = "done"
    result = merged(base, mine, theirs)
    assert action(result.event, "A3")["status"] == "done"
    (entry,) = result.conflicts
    assert entry["path"] == "actions[A3]" and entry["mine"] is None
    assert entry["theirs"]["status"] == "done" and entry["base"]["status"] == "open"


def test_items_are_matched_by_id_day_and_name_not_by_place(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["actions"].reverse()
    action(theirs, "A3")["owner"] = "Dana"
    theirs["reviews"][1]["notes"] = "moved"
    mine["reviews"][0]["held_on"] = "2026-12-20"
    theirs["people"][1]["role"] = "sponsor"
    result = merged(base, mine, theirs)
    assert [a["id"] for a in result.event["actions"]] == ["A3", "A2", "A1"]
    assert action(result.event, "A3")["owner"] == "Dana"
    assert [(r["day"], r["held_on"], r["notes"]) for r in result.event["reviews"]] == [
        (30, "2026-12-20", ""),
        (60, None, "moved"),
    ]
    assert result.event["people"][1] == {**base["people"][1], "role": "sponsor"}


def test_a_new_action_on_both_sides_is_kept_twice_and_mine_renumbered(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["root_causes"].append(
        {
            "id": "RC2",
            "problem": "",
            "whys": [],
            "category": "",
            "cause": "no cart",
            "confirmed": False,
        }
    )
    mine["actions"].append(
        {**base["actions"][0], "id": "A4", "what": "Build a die cart", "root_cause": "RC2"}
    )
    mine["parking_lot"][0]["action"] = "A4"
    theirs["root_causes"].append(
        {
            "id": "RC2",
            "problem": "",
            "whys": [],
            "category": "",
            "cause": "no SMED training",
            "confirmed": False,
        }
    )
    theirs["actions"].append(
        {**base["actions"][0], "id": "A4", "what": "SMED training", "root_cause": "RC2"}
    )
    result = merged(base, mine, theirs)
    actions = {a["id"]: a for a in result.event["actions"]}
    assert actions["A4"]["what"] == "SMED training" and actions["A4"]["root_cause"] == "RC2"
    assert actions["A5"]["what"] == "Build a die cart" and actions["A5"]["root_cause"] == "RC3"
    causes = {rc["id"]: rc["cause"] for rc in result.event["root_causes"]}
    assert causes == {"RC1": "dies hunted for", "RC2": "no SMED training", "RC3": "no cart"}
    assert result.event["parking_lot"][0]["action"] == "A5"  # links follow the new id
    assert result.renumbered == {"root_causes": {"RC2": "RC3"}, "actions": {"A4": "A5"}}
    assert any("A4 ('Build a die cart') is now A5" in note for note in result.notes)
    assert result.conflicts == []
    assert [a["id"] for a in result.event["actions"]] == ["A1", "A2", "A3", "A4", "A5"]


def test_the_same_new_action_on_both_sides_is_kept_once(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    new = {**base["actions"][0], "id": "A4", "what": "Agreed fix"}
    mine["actions"].append(copy.deepcopy(new))
    theirs["actions"].append({**base["actions"][0], "id": "A4", "what": "Something else"})
    theirs["actions"].append({**new, "id": "A5"})
    result = merged(base, mine, theirs)
    assert [(a["id"], a["what"]) for a in result.event["actions"][3:]] == [
        ("A4", "Something else"),
        ("A5", "Agreed fix"),
    ]
    assert result.renumbered == {"actions": {"A4": "A5"}}


def test_links_follow_a_renumbered_root_cause_whichever_side_is_mine(
    base: dict[str, Any],
) -> None:
    """Both laptops add RC2; one links A1 to its own, the other deletes A1. Which RC2 is
    renumbered depends on which side is mine (the hub's keeps its id), but A1 points to the
    same cause either way, in the event and in the conflict kept beside it."""
    linked, deleted = copies(base)
    cause = {"id": "RC2", "problem": "", "whys": [], "category": "", "confirmed": False}
    linked["root_causes"].append({**cause, "cause": "no cart"})
    action(linked, "A1")["root_cause"] = "RC2"
    deleted["root_causes"].append({**cause, "cause": "no SMED training"})
    deleted["actions"] = deleted["actions"][1:]

    def cause_of_a1(event_: dict[str, Any]) -> str:
        causes = {rc["id"]: rc["cause"] for rc in event_["root_causes"]}
        return causes[action(event_, "A1")["root_cause"]]

    Side = Literal["mine", "theirs"]
    orders: list[tuple[dict[str, Any], dict[str, Any], str, Side, Side]] = [
        (linked, deleted, "no cart", "mine", "theirs"),
        (deleted, linked, "no SMED", "theirs", "mine"),
    ]
    for mine, theirs, renumbered, linked_side, deleted_side in orders:
        result = merged(base, mine, theirs)
        assert result.renumbered == {"root_causes": {"RC2": "RC3"}}
        assert renumbered in next(n for n in result.notes if "is now RC3" in n)
        assert cause_of_a1(result.event) == "no cart"
        assert [c["path"] for c in result.conflicts] == ["actions[A1]"]
        assert cause_of_a1(resolve(result.event, "actions[A1]", linked_side)) == "no cart"
        kept = resolve(result.event, "actions[A1]", deleted_side)
        assert [a["id"] for a in kept["actions"]] == ["A2", "A3"]


def test_updates_are_a_union_and_a_deleted_one_stays_deleted(base: dict[str, Any]) -> None:
    base["actions"][0]["updates"] = [
        {"date": "2026-11-20", "note": "ordered"},
        {"date": "2026-11-21", "note": "typo"},
    ]
    mine, theirs = copies(base)
    mine["actions"][0]["updates"].append({"date": "2026-11-24", "note": "delivered"})
    theirs["actions"][0]["updates"].append({"date": "2026-11-24", "note": "fitted"})
    del theirs["actions"][0]["updates"][1]
    result = merged(base, mine, theirs)
    assert [u["note"] for u in result.event["actions"][0]["updates"]] == [
        "ordered",
        "delivered",
        "fitted",
    ]


def test_a_held_review_and_a_status_change_both_survive(base: dict[str, Any]) -> None:
    base.update(status="reported", report_out="2026-11-27")
    mine, theirs = copies(base)
    mine["reviews"][0].update(held_on="2026-12-28", verdict="sustained", readings={"M1": 31})
    mine["metrics"][0]["readings"].append(
        {"date": "2026-12-28", "value": 31, "note": "30-day review"}
    )
    action(mine, "A1")["updates"].append({"date": "2026-12-28", "note": "30-day review: done"})
    theirs["status"] = "abandoned"
    theirs["status_history"].append(
        {
            "date": "2026-12-01",
            "from": "reported",
            "to": "abandoned",
            "reason": "plant closed",
            "by": "",
        }
    )
    result = merged(base, mine, theirs)
    assert result.event["status"] == "abandoned"
    assert result.event["reviews"][0]["verdict"] == "sustained"
    assert result.event["reviews"][0]["readings"] == {"M1": 31}
    assert result.event["metrics"][0]["readings"][0]["value"] == 31
    assert len(result.event["status_history"]) == 1 and result.conflicts == []


def test_the_reason_for_a_status_goes_with_it(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["status"], mine["status_reason"] = "abandoned", "budget cut"
    theirs["status"] = "reported"
    result = merged(base, mine, theirs)
    assert (result.event["status"], result.event["status_reason"]) == ("abandoned", "budget cut")
    assert sorted((c["path"], c["mine"], c["theirs"]) for c in result.conflicts) == [
        ("status", "abandoned", "reported"),
        ("status_reason", "budget cut", ""),
    ]
    taken = resolve(resolve(result.event, "status", "theirs"), "status_reason", "theirs")
    assert (taken["status"], taken["status_reason"], taken["conflicts"]) == ("reported", "", [])
    # a reason changed on one side while the status moved on that side only is no conflict
    theirs["status"] = base["status"]
    assert merged(base, mine, theirs).conflicts == []


def test_namesakes_are_told_apart_by_their_place(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["agenda"][2]["done"] = True
    theirs["agenda"][0]["minutes"] = 45
    result = merged(base, mine, theirs)
    assert [(a["title"], a["minutes"], a["done"]) for a in result.event["agenda"]] == [
        ("Lunch", 45, False),
        ("Gemba walk", 30, False),
        ("Lunch", 30, True),
    ]
    assert item_labels(result.event["agenda"], rule_for(("agenda",))) == [
        "Lunch",
        "Gemba walk",
        "Lunch~2",
    ]


def test_a_why_chain_is_one_value(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["root_causes"][0]["whys"] = ["a", "b", "c"]
    theirs["root_causes"][0]["whys"] = ["a", "x"]
    result = merged(base, mine, theirs)
    assert result.event["root_causes"][0]["whys"] == ["a", "b", "c"]
    assert result.conflicts[0]["path"] == "root_causes[RC1].whys"
    assert result.conflicts[0]["theirs"] == ["a", "x"]


# -- order -------------------------------------------------------------------------------------


def test_new_items_at_one_place_with_superscript_digits_are_ordered_not_a_traceback(
    base: dict[str, Any],
) -> None:
    """Both sides add a scope item at one place; their labels are compared number by number.
    "²" and "①" look like digits to str.isdigit() but are not numbers (int() refuses them)."""
    mine, theirs = copies(base)
    mine["scope"]["in"] = ["Zone 4²"]
    theirs["scope"]["in"] = ["Zone ①"]
    for one, two in ((mine, theirs), (theirs, mine)):
        assert merged(base, one, two).event["scope"]["in"] == ["Zone 4²", "Zone ①"]
        assert merged(None, one, two).event["scope"]["in"] == ["Zone 4²", "Zone ①"]


def test_an_order_changed_on_one_side_is_kept_and_new_items_stay_where_they_were_put(
    base: dict[str, Any],
) -> None:
    mine, theirs = copies(base)
    mine["process_steps"] = [mine["process_steps"][i] for i in (2, 0, 1)]  # Pack, Cut, Press
    theirs["process_steps"].insert(
        2, {"name": "Weld", "cycle_min": 3, "wait_min": 0, "value": "VA"}
    )
    result = merged(base, mine, theirs)
    assert [s["name"] for s in result.event["process_steps"]] == ["Pack", "Cut", "Press", "Weld"]


def test_two_different_orders_are_a_conflict(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["process_steps"].reverse()
    theirs["process_steps"] = [theirs["process_steps"][i] for i in (1, 0, 2)]
    result = merged(base, mine, theirs)
    assert [s["name"] for s in result.event["process_steps"]] == ["Pack", "Press", "Cut"]
    (entry,) = result.conflicts
    assert entry["path"] == "process_steps.(order)"
    assert entry["theirs"] == ["Press", "Cut", "Pack"]
    taken = resolve(result.event, "process_steps.(order)", "theirs")
    assert [s["name"] for s in taken["process_steps"]] == ["Press", "Cut", "Pack"]


# -- fields that go together, links --------------------------------------------------------------


def test_dates_that_would_not_fit_together_keep_mine_and_record_theirs(
    base: dict[str, Any],
) -> None:
    mine, theirs = copies(base)
    mine["start"] = "2026-11-26"  # starts three days later
    theirs["end"] = "2026-11-25"  # cut short by two days: together, it would end before it starts
    result = merged(base, mine, theirs)
    assert (result.event["start"], result.event["end"]) == ("2026-11-26", "2026-11-27")
    assert {c["path"]: c["theirs"] for c in result.conflicts} == {
        "start": "2026-11-23",
        "end": "2026-11-25",
    }
    with pytest.raises(KaizenError, match=r"ends .* before it starts"):
        resolve(result.event, "end", "theirs")
    step = resolve(result.event, "start", "theirs")
    assert resolve(step, "end", "theirs")["end"] == "2026-11-25"


def test_dates_are_checked_together_whichever_side_is_mine(base: dict[str, Any]) -> None:
    """One laptop cut the event to its first day; the other moved it a day later. Taken field
    by field the dates fit with one side as mine and not with the other: both orders record start
    and end, so either laptop's dates can be chosen back."""
    short, moved = copies(base)
    short["end"] = "2026-11-23"
    moved["start"], moved["end"] = "2026-11-24", "2026-11-28"
    for mine, theirs, first, second in (
        (short, moved, "end", "start"),
        (moved, short, "start", "end"),
    ):
        result = merged(base, mine, theirs)
        assert (result.event["start"], result.event["end"]) == (mine["start"], mine["end"])
        assert sorted(c["path"] for c in result.conflicts) == ["end", "start"]
        taken = resolve(resolve(result.event, first, "theirs"), second, "theirs")
        assert (taken["start"], taken["end"]) == (theirs["start"], theirs["end"])


def test_a_metric_target_that_would_point_the_wrong_way_keeps_mine(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["metrics"][0].update(direction="higher", baseline=10, target=20)
    theirs["metrics"][0]["target"] = 20  # above 95? no: lower is better and 20 < 95, fine alone
    theirs["metrics"][0]["baseline"] = 50
    result = merged(base, mine, theirs)
    metric = result.event["metrics"][0]
    assert (metric["direction"], metric["baseline"], metric["target"]) == ("higher", 10, 20)
    assert any(c["path"] == "metrics[M1].baseline" and c["theirs"] == 50 for c in result.conflicts)


def test_a_deleted_root_cause_still_linked_on_the_other_side_is_kept(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["root_causes"] = []
    action(mine, "A2")["root_cause"] = None
    theirs["actions"].append(
        {**base["actions"][0], "id": "A4", "what": "Shadow board", "root_cause": "RC1"}
    )
    result = merged(base, mine, theirs)
    assert [rc["id"] for rc in result.event["root_causes"]] == ["RC1"]
    assert action(result.event, "A4")["root_cause"] == "RC1"
    assert action(result.event, "A2")["root_cause"] is None
    assert [c["path"] for c in result.conflicts] == ["root_causes[RC1]"]
    # keeping mine means deleting it, which the model refuses while A4 points to it
    with pytest.raises(KaizenError, match="RC1"):
        resolve(result.event, "root_causes[RC1]", "mine")


def test_copies_that_cannot_be_merged_keep_mine_whole_and_theirs_beside(
    base: dict[str, Any],
) -> None:
    mine, theirs = copies(base)
    mine["title"] = "mine"
    theirs["actions"][0]["what"] = ""  # not a valid action: a hub should never send this
    result = merge_events(base, mine, theirs, at=AT)
    assert result.event["title"] == "mine" and result.event["actions"][0]["what"] == "Stage dies"
    (entry,) = result.conflicts
    assert entry["path"] == "." and entry["theirs"]["actions"][0]["what"] == ""
    assert "could not be merged" in result.notes[0]


# -- conflicts recorded earlier --------------------------------------------------------------------


def test_a_conflict_already_recorded_is_not_recorded_again(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["title"], theirs["title"] = "mine", "theirs"
    first = merged(base, mine, theirs).event
    for again in (
        merged(base, theirs, first),
        merged(base, first, theirs),
        merged(base, mine, first),
    ):
        assert again.event == first and again.conflicts == []


def test_a_conflict_resolved_on_one_side_is_gone_after_merging(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["title"], theirs["title"] = "mine", "theirs"
    agreed = merged(base, mine, theirs).event
    here = resolve(agreed, "title", "theirs")
    there = copy.deepcopy(agreed)
    there["problem"] = "edited elsewhere meanwhile"
    result = merged(agreed, here, there)
    assert result.event["title"] == "theirs" and result.event["conflicts"] == []
    assert result.event["problem"] == "edited elsewhere meanwhile"


def test_without_a_base_the_same_ids_are_the_same_items(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    action(theirs, "A1")["owner"] = "Dana"
    result = merged(None, mine, theirs)
    assert [a["id"] for a in result.event["actions"]] == ["A1", "A2", "A3"]
    assert [(c["path"], c["base"], c["mine"], c["theirs"]) for c in result.conflicts] == [
        ("actions[A1].owner", None, "Ann", "Dana")
    ]


# -- resolving -------------------------------------------------------------------------------------


def test_resolving_mine_keeps_the_value_and_theirs_takes_theirs(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    action(mine, "A1")["due"], action(theirs, "A1")["due"] = "2026-12-05", "2026-12-09"
    mine["title"], theirs["title"] = "mine", "theirs"
    event_ = merged(base, mine, theirs).event
    kept = resolve(event_, "actions[A1].due", "mine")
    assert action(kept, "A1")["due"] == "2026-12-05"
    assert [c["path"] for c in kept["conflicts"]] == ["title"]
    taken = resolve(kept, "title", "theirs")
    assert taken["title"] == "theirs" and taken["conflicts"] == []
    assert len(event_["conflicts"]) == 2, "the input is not modified"
    with pytest.raises(
        KaizenError, match=r"no conflict at 'x'; open conflicts: actions\[A1\].due, title"
    ):
        resolve(event_, "x", "mine")


def test_resolving_an_item_deleted_on_one_side(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    mine["actions"] = mine["actions"][:2]
    action(theirs, "A3")["status"] = "done"
    event_ = merged(base, mine, theirs).event
    assert [a["id"] for a in resolve(event_, "actions[A3]", "mine")["actions"]] == ["A1", "A2"]
    assert action(resolve(event_, "actions[A3]", "theirs"), "A3")["status"] == "done"


# -- paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("title", ("title",)),
        ("actions[A4].due", ("actions", Item("A4"), "due")),
        ("reviews[30].readings.M1", ("reviews", Item("30"), "readings", "M1")),
        ("people[佐藤 健].role", ("people", Item("佐藤 健"), "role")),
        (
            "metrics[M1].readings[2026-03-01|4.5].note",
            ("metrics", Item("M1"), "readings", Item("2026-03-01|4.5"), "note"),
        ),
        ("x_odd\\.key[a\\]b].c", ("x_odd.key", Item("a\\]b"), "c")),
        ("process_steps.(order)", ("process_steps", "(order)")),
        (".", ()),
    ],
)
def test_paths_read_back_as_written(text: str, parts: tuple[Any, ...]) -> None:
    assert parse_path(text) == parts
    assert format_path(parts) == text


def test_labels_of_long_and_odd_texts_stay_unique_and_readable() -> None:
    rule = rule_for(("parking_lot",))
    ideas = [{"text": "x" * 80 + "1"}, {"text": "x" * 80 + "2"}, {"text": "a]b|c"}]
    labels = item_labels(ideas, rule)
    assert len(set(labels)) == 3 and labels[2] == "a\\]b\\|c"
    assert all(len(label) < 60 for label in labels)
    for label in labels:
        assert parse_path(f"parking_lot[{label}].resolved")[1] == Item(label)


def test_find_conflicts_takes_the_path_as_a_person_types_it(base: dict[str, Any]) -> None:
    mine, theirs = copies(base)
    theirs["people"][0]["role"], mine["people"][0]["role"] = "sponsor", "sensei"
    event_ = merged(base, mine, theirs).event
    assert find_conflicts(event_, "people[Ann].role") and not find_conflicts(
        event_, "people[Bo].role"
    )
    assert describe("  two\nlines ") == "two lines" and describe(None) == "(none / deleted)"
    assert describe({"id": "A3", "what": "Train crew"}) == "A3 Train crew"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("title", "Title"),
        ("actions[A1].due", "Action A1 “Stage dies” · due"),
        ("actions[A9]", "Action A9"),
        ("reviews[30].readings.M1", "Review 30-day · readings M1"),
        ("people[Ann].role", "Person Ann · role"),
        ("process_steps.(order)", "Process steps · order"),
        (".", "the whole event"),
        ("bad[[", "bad[["),
    ],
)
def test_a_conflict_is_placed_in_words(base: dict[str, Any], path: str, words: str) -> None:
    assert where(base, path) == words
