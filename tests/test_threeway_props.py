"""Properties of the three-way merge (logic/threeway.py) over random edits of random events:
nothing edited is lost, identical or untouched sides merge to the obvious answer, swapping the
sides changes only which value a conflict keeps, a re-sync adds nothing, and the result always
validates with the model."""

from __future__ import annotations

import copy
import os
from typing import Any

from hypothesis import HealthCheck, example, given, settings

from kaizen_tui.logic.itempaths import (
    ID_LISTS,
    Item,
    canonical,
    format_path,
    identity_text,
    parse_path,
    rule_for,
    shape_of,
)
from kaizen_tui.logic.threeway import MergeResult, merge_events
from kaizen_tui.model import parse_event

from .threeway_gen import ABSENT, Doc, dump, flatten, three_copies

AT = "2026-11-25T12:00:00+00:00"
#: examples per property; KAIZEN_MERGE_EXAMPLES=2000 for a long run (the note says what it found)
EXAMPLES = int(os.environ.get("KAIZEN_MERGE_EXAMPLES", "60"))
PROPS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def merge(base: Doc | None, mine: Doc, theirs: Doc) -> MergeResult:
    result = merge_events(base, mine, theirs, at=AT)
    parse_event(result.event)  # always a valid event
    assert not any("could not be merged" in note for note in result.notes), result.notes
    return result


def renamed(doc: Doc, renumbered: dict[str, dict[str, str]]) -> Doc:
    """``doc`` with the ids the merge gave its new items (and the links to them)."""
    doc = copy.deepcopy(doc)
    for kind, mapping in renumbered.items():
        for item in doc.get(kind, []):
            item["id"] = mapping.get(item["id"], item["id"])
        if kind == "root_causes":
            for action in doc.get("actions", []):
                action["root_cause"] = mapping.get(action["root_cause"], action["root_cause"])
        if kind == "actions":
            for item in [*doc.get("parking_lot", []), *doc.get("experiments", [])]:
                item["action"] = mapping.get(item.get("action"), item.get("action"))
        if kind == "metrics":
            for review in doc.get("reviews", []):
                review["readings"] = {mapping.get(k, k): v for k, v in review["readings"].items()}
    return doc


def covering(
    conflicts: list[dict[str, Any]], path: tuple[Any, ...]
) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    out = []
    for entry in conflicts:
        where = parse_path(entry["path"])
        if path[: len(where)] == where:
            out.append((where, entry))
    return out


def beside(
    entries: list[tuple[tuple[Any, ...], dict[str, Any]]], path: tuple[Any, ...]
) -> list[Any]:
    """The values ``path`` has in the conflicts that cover it (either side of each)."""
    values = []
    for where, entry in entries:
        for side in ("mine", "theirs", "base"):
            value = entry[side]
            if value is None:
                values.append(ABSENT)  # null in a conflict: deleted (an item) or not there (a key)
                if len(path) > len(where) or isinstance(where[-1], Item):
                    continue
            leaves = flatten(value, where)
            values.append(leaves.get(path, ABSENT))
    return values


# -- no edit lost ------------------------------------------------------------------------------


def assert_no_edit_lost(base: Doc, mine: Doc, theirs: Doc, result: MergeResult) -> None:
    b_orders: dict[Any, list[str]] = {}
    m_orders: dict[Any, list[str]] = {}
    t_orders: dict[Any, list[str]] = {}
    r_orders: dict[Any, list[str]] = {}
    fb = flatten(base, orders=b_orders)
    fm = flatten(renamed(mine, result.renumbered), orders=m_orders)
    ft = flatten(renamed(theirs, result.renumbered_theirs), orders=t_orders)
    fr = flatten(result.event, orders=r_orders)
    conflicts = result.event.get("conflicts", [])
    namesakes = namesake_items(base) | namesake_items(mine) | namesake_items(theirs)
    namesakes |= namesake_items(result.event)
    for key, _text in namesakes:
        # two items under one name (two "Ann"s) are told apart by content, which these leaf
        # paths (by place) cannot follow: check that no new one of either side went missing
        kept = {canonical(item) for item in result.event[key]}
        before = {canonical(item) for item in base[key]}
        listed = [c for c in conflicts if parse_path(c["path"])[:1] == (key,)]
        for side in (mine, theirs):
            for item in side[key]:
                if canonical(item) not in before and canonical(item) not in kept:
                    assert listed, (key, item)
    for path in {*fb, *fm, *ft}:
        if (
            len(path) >= 2
            and isinstance(path[1], Item)
            and is_namesake(format_path(path[:2]), namesakes)
        ):
            continue
        bv, mv, tv = fb.get(path, ABSENT), fm.get(path, ABSENT), ft.get(path, ABSENT)
        rv = fr.get(path, ABSENT)
        entries = covering(conflicts, path)
        for who, value in (("mine", mv), ("theirs", tv)):
            if _eq(value, bv) or _eq(rv, value):
                continue
            # an edit not in the event must be kept beside it, in a conflict over that place
            assert entries, (
                f"{who}'s edit at {path} lost: base {bv!r}, {who} {value!r}, result {rv!r}"
            )
            assert any(_eq(v, value) for v in beside(entries, path)), (path, value, entries)
        if _eq(mv, bv) and _eq(tv, bv) and not entries:
            assert _eq(rv, bv), f"untouched {path} changed: {bv!r} → {rv!r}"
    # an order changed on one side only is the result's order
    for path, r_order in r_orders.items():
        if path not in b_orders or path not in m_orders or path not in t_orders:
            continue
        if len(path) == 1 and any(key == path[0] for key, _ in namesakes):
            continue  # labels by place do not follow namesakes (see above)
        common = [
            x
            for x in b_orders[path]
            if x in m_orders[path] and x in t_orders[path] and x in r_order
        ]
        seq = {
            name: [x for x in order[path] if x in common]
            for name, order in (("b", b_orders), ("m", m_orders), ("t", t_orders))
        }
        got = [x for x in r_order if x in common]
        if seq["m"] == seq["b"]:
            assert got == seq["t"], (path, seq, got)
        elif seq["t"] == seq["b"]:
            assert got == seq["m"], (path, seq, got)


def _eq(a: Any, b: Any) -> bool:
    if a is ABSENT or b is ABSENT:
        return a is b
    return canonical(a) == canonical(b)


@PROPS
@given(three_copies())
def test_no_edit_is_lost(copies: tuple[Doc, Doc, Doc]) -> None:
    base, mine, theirs = copies
    result = merge(base, mine, theirs)
    assert_no_edit_lost(base, mine, theirs, result)
    # every conflict found is in the event, with the time it was found
    for entry in result.conflicts:
        assert entry in result.event["conflicts"]
        assert entry["at"] == AT


# -- the obvious cases -------------------------------------------------------------------------


@PROPS
@given(three_copies())
def test_the_same_on_both_sides_or_one_side_untouched(copies: tuple[Doc, Doc, Doc]) -> None:
    base, mine, theirs = copies
    for x in (mine, theirs):
        same = merge(base, x, x)
        assert same.event == x and same.conflicts == [] and same.notes == []
        assert merge(base, base, x).event == x
        assert merge(base, x, base).event == x
    assert mine == copies[1] and base == copies[0], "the merge must not modify its inputs"


# -- symmetry ----------------------------------------------------------------------------------


#: Where an event names an item of an id list by its id (key names, "*" for any item): the
#: item itself, the links to it, and the labels in a conflict over the order of its list.
LINKS: dict[tuple[str, ...], str] = {
    ("actions", "*", "root_cause"): "root_causes",
    ("parking_lot", "*", "action"): "actions",
    ("experiments", "*", "action"): "actions",
    **{(kind, "*", "id"): kind for kind in ID_LISTS},
    **{(kind, "(order)", "*"): kind for kind in ID_LISTS},
}
#: A review's readings are keyed by metric id.
READINGS = ("reviews", "*", "readings")


def relinked(value: Any, shape: tuple[str, ...], ids: dict[str, dict[str, str]]) -> Any:
    """``value`` (found at ``shape``) with the ids in ``ids`` (by list) replaced wherever it
    names an item by its id."""
    kind = LINKS.get(shape)
    if kind is not None and isinstance(value, str):
        return ids.get(kind, {}).get(value, value)
    if isinstance(value, dict):
        keys = ids.get("metrics", {}) if shape == READINGS else {}
        return {keys.get(k, k): relinked(v, (*shape, k), ids) for k, v in value.items()}
    if isinstance(value, list):
        return [relinked(v, (*shape, "*"), ids) for v in value]
    return value


def relinked_conflict(entry: dict[str, Any], ids: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A conflict entry with the ids in ``ids`` replaced in its path and in its three values."""
    parts: list[Any] = []
    for part in parse_path(entry["path"]):
        shape = shape_of(tuple(parts))
        if isinstance(part, Item) and len(shape) == 1 and shape[0] in ids:
            part = Item(ids[shape[0]].get(part.label, part.label))
        elif isinstance(part, str) and shape == READINGS:
            part = ids.get("metrics", {}).get(part, part)
        parts.append(part)
    shape = shape_of(tuple(parts))
    values = {side: relinked(entry[side], shape, ids) for side in ("base", "mine", "theirs")}
    return {**entry, "path": format_path(tuple(parts)), **values}


def normal_form(result: MergeResult, base: Doc) -> tuple[dict[Any, Any], set[str], dict[Any, Any]]:
    """The result with what may depend on the side taken out: values under conflicts, which
    side's clashing new item kept the id (new ids are relabeled by content, in the event and in
    the conflicts' paths and values alike), and the conflicts' sides (a set of {path, base,
    {mine, theirs}})."""
    event = copy.deepcopy(result.event)
    conflicts = event.pop("conflicts", [])
    ids: dict[str, dict[str, str]] = {}
    for kind in ID_LISTS:  # link targets first: a new item's content names them relabeled
        base_ids = {i["id"] for i in base.get(kind, [])}
        new = [
            relinked(i, (kind, "*"), ids) for i in event.get(kind, []) if i["id"] not in base_ids
        ]
        ranked = sorted(new, key=lambda i: canonical({k: v for k, v in i.items() if k != "id"}))
        ids[kind] = {i["id"]: f"new{n}" for n, i in enumerate(ranked)}
    event = relinked(event, (), ids)
    conflicts = [relinked_conflict(c, ids) for c in conflicts]
    sort_lists = bool(result.renumbered or result.renumbered_theirs)
    if sort_lists:
        for kind in ID_LISTS:
            event[kind] = sorted(event.get(kind, []), key=lambda i: i["id"])
    orders: dict[Any, list[str]] = {}
    leaves = flatten(event, orders=orders)
    hidden = [parse_path(c["path"]) for c in conflicts]
    kept = {p: v for p, v in leaves.items() if not any(p[: len(h)] == h for h in hidden)}
    kept_orders = {
        p: o
        for p, o in orders.items()
        if not any(p[: len(h)] == h or h == (*p, "(order)") for h in hidden)
        and not (sort_lists and p and p[0] in ID_LISTS)
    }
    sides = {
        canonical([c["path"], c["base"], sorted([canonical(c["mine"]), canonical(c["theirs"])])])
        for c in conflicts
    }
    return kept, sides, kept_orders


def a_small_event(**fields: Any) -> Doc:
    """An event with only what the model requires, and ``fields``: the base of a pinned example."""
    required = {"id": "KZ-2026-001", "title": "Cut changeover time"}
    return dump(parse_event({**required, "start": "2026-11-23", "end": "2026-11-27", **fields}))


def a_root_cause_added_on_both_sides_and_linked_on_one() -> tuple[Doc, Doc, Doc]:
    """Both sides add a root cause (RC1 on each laptop), mine links an action to its own and
    theirs deletes that action: the conflict over the action names mine's root cause by the id
    the merge gave it, RC2 or RC1 depending on which side is mine."""
    base = a_small_event(actions=[{"id": "A1", "what": "Stage dies", "owner": "Ann"}])
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    cause = {"id": "RC1", "problem": "", "whys": [], "category": "", "confirmed": False}
    mine["root_causes"].append({**cause, "cause": "no cart"})
    mine["actions"][0]["root_cause"] = "RC1"
    theirs["root_causes"].append({**cause, "cause": "no SMED training"})
    theirs["actions"] = []
    return base, dump(parse_event(mine)), dump(parse_event(theirs))


@PROPS
@given(three_copies())
@example(a_root_cause_added_on_both_sides_and_linked_on_one())
def test_swapping_the_sides_changes_only_which_value_a_conflict_keeps(
    copies: tuple[Doc, Doc, Doc],
) -> None:
    base, mine, theirs = copies
    one = merge(base, mine, theirs)
    two = merge(base, theirs, mine)
    assert len(one.conflicts) == len(two.conflicts)
    a, b = normal_form(one, base), normal_form(two, base)
    assert a[1] == b[1], "the same conflicts, sides swapped"
    assert a[0] == b[0]
    assert a[2] == b[2], (
        "the same order",
        {k: (a[2].get(k), b[2].get(k)) for k in {*a[2], *b[2]} if a[2].get(k) != b[2].get(k)},
    )


# -- re-sync -----------------------------------------------------------------------------------


def namesake_items(doc: Doc) -> set[tuple[str, str]]:
    """(list, identity) of items that share their identity with another item of the list."""
    out = set()
    for key, value in doc.items():
        if isinstance(value, list) and value and key != "conflicts":
            rule = rule_for((key,), value)
            if rule.mergeable:
                texts = [identity_text(item, rule) for item in value]
                out |= {(key, text) for text in texts if texts.count(text) > 1}
    return out


def is_namesake(path: str, namesakes: set[tuple[str, str]]) -> bool:
    """A conflict over an item one copy had twice under one name: deleting one Chen and adding
    another Chen on the other side reads, from two copies alone, as an edit of Chen. Three copies
    cannot tell these apart; the content is right, and the conflict says what happened."""
    parts = parse_path(path)
    return (
        len(parts) == 2
        and isinstance(parts[1], Item)
        and (parts[0], namesake_of(parts[1].label)) in namesakes
    )


def namesake_of(label: str) -> str:
    """The identity ``label`` was made from, without its place among namesakes (``Lunch~2``). Only
    an unescaped ``~`` starts that place: ``\\~`` is a tilde in the name itself (``a\\~b~2``)."""
    i = 0
    while i < len(label):
        if label[i] == "\\":
            i += 2
        elif label[i] == "~":
            return label[:i]
        else:
            i += 1
    return label


def an_idea_raised_twice_under_a_name_with_a_tilde() -> tuple[Doc, Doc, Doc]:
    """Mine raises an idea a second time under the same name, theirs resolves the first. The
    name has a ``~`` (escaped in its label, ``a\\~b``), which is not the ``~2`` of a namesake."""
    idea = {"text": "dots.in[brackets]|pipe~tilde\\", "raised_by": "Ann"}
    base = a_small_event(parking_lot=[idea])
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["parking_lot"].append({**base["parking_lot"][0], "raised_by": "Bo"})
    theirs["parking_lot"][0]["resolved"] = True
    return base, mine, theirs


@PROPS
@given(three_copies())
@example(an_idea_raised_twice_under_a_name_with_a_tilde())
def test_merging_the_result_again_with_either_side_adds_nothing(
    copies: tuple[Doc, Doc, Doc],
) -> None:
    base, mine, theirs = copies
    result = merge(base, mine, theirs).event
    namesakes = namesake_items(mine) | namesake_items(theirs)
    for side in (mine, theirs):
        # the hub holds the result and a laptop still has its own copy (a lost answer) …
        # … or the laptop holds the result and meets an older copy
        for again in (merge(base, side, result), merge(base, result, side)):
            unexplained = [c for c in again.conflicts if not is_namesake(c["path"], namesakes)]
            assert unexplained == []
            assert again.event | {"conflicts": []} == result | {"conflicts": []}
            if not again.conflicts:
                assert again.event == result
    # and once agreed, the result is the base of the next sync
    assert merge(result, result, result).event == result


@PROPS
@given(three_copies())
@example(an_idea_raised_twice_under_a_name_with_a_tilde())
def test_without_a_base_nothing_is_lost_and_differences_are_conflicts(
    copies: tuple[Doc, Doc, Doc],
) -> None:
    _, mine, theirs = copies
    result = merge(None, mine, theirs)
    fm, ft, fr = flatten(mine), flatten(theirs), flatten(result.event)
    conflicts = result.event.get("conflicts", [])
    namesakes = namesake_items(mine) | namesake_items(theirs)
    for key, _text in namesakes:  # matched by content, not by place: every one is kept whole
        kept = {canonical(item) for item in result.event[key]}
        for side in (mine, theirs):
            rule = rule_for((key,), side[key])
            for item in side[key]:
                if (key, identity_text(item, rule)) in namesakes:
                    assert canonical(item) in kept, (key, item)
    for path in {*fm, *ft}:
        if (
            len(path) >= 2
            and isinstance(path[1], Item)
            and is_namesake(format_path(path[:2]), namesakes)
        ):
            continue
        mv, tv, rv = fm.get(path, ABSENT), ft.get(path, ABSENT), fr.get(path, ABSENT)
        for value in (mv, tv):
            if value is ABSENT or _eq(rv, value):
                continue
            entries = covering(conflicts, path)
            assert entries and any(_eq(v, value) for v in beside(entries, path)), (path, value)
    assert merge(None, mine, mine).event == mine
