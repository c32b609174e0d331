"""Hypothesis generators for the three-way merge: a valid event (as the store and the hub hold
it, a model dump) and two copies of it, each edited by a random series of the edits a
facilitator makes (fields, new/deleted/edited actions, metrics, root causes, people, steps,
ideas, agenda items, reviews held through logic/followup.py, status moves through
logic/transitions.py, unknown keys). Every copy validates with the model; an edit that would
make it invalid is skipped, as the app would refuse it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.itempaths import Item, item_labels, rule_for, shape_of
from kaizen_tui.model import Event, next_item_id, parse_event

Doc = dict[str, Any]

NAMES = ["Ann", "Bo", "Chen", "Dana", "Łucja Wiśniewska", "佐藤 健"]
WORDS = [
    "",
    "stage dies",
    "[b]markup[/b]",
    "<script>x</script>",
    "R&D",
    "Lunch",
    "a" * 70,  # longer than a path label: shortened with a hash
    "dots.in[brackets]|pipe~tilde\\",
]
text = st.sampled_from(WORDS) | st.text(max_size=10)
name = st.sampled_from(NAMES)
dates = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)).map(date.isoformat)
numbers = st.sampled_from([0, 1.5, 4, 4.0, 10, 30, 95, 120])
SHARED = {"what": "Agreed on both laptops", "owner": "Ann", "due": "2026-12-01"}


@st.composite
def events(draw: st.DrawFn) -> Doc:
    rcs = [
        {
            "id": f"RC{i + 1}",
            "problem": draw(text),
            "whys": draw(st.lists(text, max_size=3)),
            "cause": draw(text),
            "confirmed": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    metrics = []
    for i in range(draw(st.integers(0, 2))):
        baseline = draw(numbers)
        metrics.append(
            {
                "id": f"M{i + 1}",
                "name": draw(st.sampled_from(["Changeover", "Lead time", "Defects"])),
                "direction": "lower",
                "baseline": baseline,
                "target": baseline / 2,
                "readings": [
                    {"date": draw(dates), "value": draw(numbers)}
                    for _ in range(draw(st.integers(0, 2)))
                ],
            }
        )
    actions = [
        {
            "id": f"A{i + 1}",
            "what": draw(text.filter(bool)),
            "owner": draw(name),
            "due": draw(st.none() | dates),
            "status": draw(st.sampled_from(["open", "done", "dropped"])),
            "pdca": draw(st.integers(0, 4)),
            "root_cause": draw(st.sampled_from([None, *[rc["id"] for rc in rcs]])),
            "updates": [
                {"date": draw(dates), "note": draw(text)} for _ in range(draw(st.integers(0, 2)))
            ],
            **({"x_cost": draw(numbers)} if draw(st.booleans()) else {}),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    start = draw(st.dates(min_value=date(2026, 3, 1), max_value=date(2026, 6, 1)))
    status = draw(st.sampled_from(["planned", "live", "reported", "following_up"]))
    data: Doc = {
        "id": "KZ-2026-001",
        "title": draw(text.filter(lambda s: bool(s.strip()))),
        "area": draw(text),
        "status": status,
        "start": start.isoformat(),
        "end": (start + timedelta(days=4)).isoformat(),
        "report_out": (start + timedelta(days=4)).isoformat()
        if status in ("reported", "following_up")
        else None,
        "problem": draw(text),
        "scope": {"in": draw(st.lists(text, max_size=2)), "out": []},
        "people": [
            {"name": n, "role": draw(st.sampled_from(["member", "team_leader", "facilitator"]))}
            for n in draw(st.lists(name, max_size=3))
        ],
        "metrics": metrics,
        "process_steps": [
            {"name": n, "cycle_min": draw(numbers)}
            for n in draw(
                st.lists(st.sampled_from(["Cut", "Press", "Weld", "Pack"]), max_size=3, unique=True)
            )
        ],
        "wastes": [
            {"type": "waiting", "description": draw(text), "step": "Press"}
            for _ in range(draw(st.integers(0, 1)))
        ],
        "root_causes": rcs,
        "actions": actions,
        "parking_lot": [
            {"text": draw(text.filter(bool)), "raised_by": draw(name)}
            for _ in range(draw(st.integers(0, 2)))
        ],
        "agenda": [
            {"title": draw(st.sampled_from(["Lunch", "Gemba walk", "Kick-off"])), "minutes": 30}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "reviews": [
            {"day": d, "due": (start + timedelta(days=4 + d)).isoformat()}
            for d in ((30, 60, 90) if status in ("reported", "following_up") else ())
        ],
        "sensei_notes": [],
        "yokoten": [],
    }
    if draw(st.booleans()):
        data["x_custom"] = {"plant": draw(text), "tags": draw(st.lists(text, max_size=2))}
    return dump(parse_event(data))


def dump(event: Event) -> Doc:
    return event.model_dump(mode="json", by_alias=True)


# -- edits -------------------------------------------------------------------------------------


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    return items[draw(st.integers(0, len(items) - 1))] if items else None


def e_field(draw: st.DrawFn, doc: Doc) -> None:
    key = draw(st.sampled_from(["title", "problem", "area", "background", "lessons", "site"]))
    doc[key] = draw(text)


def e_dates(draw: st.DrawFn, doc: Doc) -> None:
    key = draw(st.sampled_from(["start", "end", "report_out"]))
    doc[key] = draw(st.none() | dates)


def e_status(draw: st.DrawFn, doc: Doc) -> None:
    from kaizen_tui.logic.transitions import change_status, targets

    event = parse_event(doc)
    choices = list(targets(event))
    if choices:
        to = draw(st.sampled_from(choices))
        moved = change_status(
            event, to, today=date(2026, 11, 25), reason="moved on a laptop", by=draw(name)
        )
        doc.clear()
        doc.update(dump(moved))


def e_action_edit(draw: st.DrawFn, doc: Doc) -> None:
    action = _pick(draw, doc["actions"])
    if action is None:
        return
    key = draw(st.sampled_from(["what", "owner", "due", "status", "pdca", "root_cause", "x_cost"]))
    if key == "root_cause":
        action[key] = draw(st.sampled_from([None, *[rc["id"] for rc in doc["root_causes"]]]))
    elif key == "pdca":
        action[key] = draw(st.integers(0, 4))
    elif key == "status":
        action[key] = draw(st.sampled_from(["open", "done", "dropped"]))
    elif key == "due":
        action[key] = draw(st.none() | dates)
    elif key == "x_cost":
        action[key] = draw(numbers)
    else:
        action[key] = draw(name if key == "owner" else text.filter(bool))


def e_action_add(draw: st.DrawFn, doc: Doc) -> None:
    new_id = next_item_id("A", [a["id"] for a in doc["actions"]])
    content: dict[str, str | None]
    if draw(st.booleans()):
        content = dict(SHARED)
    else:
        content = {
            "what": draw(text.filter(bool)),
            "owner": draw(name),
            "due": draw(st.none() | dates),
        }
        rcs = [rc["id"] for rc in doc["root_causes"]]
        content["root_cause"] = draw(st.sampled_from([None, *rcs]))
    doc["actions"].append(dump_action({"id": new_id, **content}))
    if draw(st.booleans()) and doc["parking_lot"]:
        _pick(draw, doc["parking_lot"])["action"] = new_id


def dump_action(data: Doc) -> Doc:
    from kaizen_tui.model import Action

    return Action.model_validate(data).model_dump(mode="json", by_alias=True)


def e_action_delete(draw: st.DrawFn, doc: Doc) -> None:
    action = _pick(draw, doc["actions"])
    if action is not None:
        doc["actions"].remove(action)


def e_update(draw: st.DrawFn, doc: Doc) -> None:
    action = _pick(draw, doc["actions"])
    if action is None:
        return
    if action["updates"] and draw(st.booleans()):
        action["updates"].remove(_pick(draw, action["updates"]))
    else:
        action["updates"].append({"date": draw(dates), "note": draw(text)})


def e_metric(draw: st.DrawFn, doc: Doc) -> None:
    kind = draw(st.sampled_from(["edit", "add", "delete", "reading", "reading_note", "target"]))
    metric = _pick(draw, doc["metrics"])
    if kind == "add" or metric is None:
        new_id = next_item_id("M", [m["id"] for m in doc["metrics"]])
        doc["metrics"].append(
            {
                "id": new_id,
                "name": draw(st.sampled_from(["OEE", "Scrap"])),
                "direction": "higher",
                "baseline": 1,
                "target": 2,
                "readings": [],
                "unit": "",
                "baseline_date": None,
                "baseline_source": "",
            }
        )
    elif kind == "edit":
        metric[draw(st.sampled_from(["name", "unit"]))] = draw(text.filter(bool))
    elif kind == "delete":
        doc["metrics"].remove(metric)
    elif kind == "reading":
        metric["readings"].append({"date": draw(dates), "value": draw(numbers), "note": ""})
    elif kind == "reading_note" and metric["readings"]:
        _pick(draw, metric["readings"])["note"] = draw(text)
    elif kind == "target":
        key = draw(st.sampled_from(["baseline", "target", "direction"]))
        metric[key] = (
            draw(st.sampled_from(["lower", "higher"])) if key == "direction" else draw(numbers)
        )


def e_root_cause(draw: st.DrawFn, doc: Doc) -> None:
    kind = draw(st.sampled_from(["add", "delete", "whys", "cause", "confirm"]))
    rc = _pick(draw, doc["root_causes"])
    if kind == "add" or rc is None:
        new_id = next_item_id("RC", [r["id"] for r in doc["root_causes"]])
        doc["root_causes"].append(
            {
                "id": new_id,
                "problem": draw(text),
                "whys": [draw(text)],
                "category": "",
                "cause": draw(text),
                "confirmed": False,
            }
        )
        if doc["actions"] and draw(st.booleans()):
            _pick(draw, doc["actions"])["root_cause"] = new_id
    elif kind == "delete":
        doc["root_causes"].remove(rc)
        for action in doc["actions"]:
            if action["root_cause"] == rc["id"]:
                action["root_cause"] = None  # the app unlinks first
    elif kind == "whys":
        rc["whys"] = [*rc["whys"], draw(text)] if draw(st.booleans()) else rc["whys"][1:]
    elif kind == "cause":
        rc["cause"] = draw(text)
    else:
        rc["confirmed"] = not rc["confirmed"]


def e_people(draw: st.DrawFn, doc: Doc) -> None:
    kind = draw(st.sampled_from(["add", "delete", "role"]))
    person = _pick(draw, doc["people"])
    if kind == "add" or person is None:
        doc["people"].append(
            {
                "name": draw(name),
                "role": draw(st.sampled_from(["member", "sponsor"])),
                "department": "",
                "from_line": draw(st.booleans()),
            }
        )
    elif kind == "delete":
        doc["people"].remove(person)
    else:
        person["role"] = draw(st.sampled_from(["member", "sponsor", "sensei"]))


def e_steps(draw: st.DrawFn, doc: Doc) -> None:
    kind = draw(st.sampled_from(["add", "delete", "move", "cycle"]))
    steps = doc["process_steps"]
    step = _pick(draw, steps)
    if kind == "add" or step is None:
        names = {s["name"] for s in steps}
        free = [n for n in ("Cut", "Press", "Weld", "Pack", "Ship", "Inspect") if n not in names]
        if free:
            steps.insert(
                draw(st.integers(0, len(steps))),
                {
                    "name": draw(st.sampled_from(free)),
                    "cycle_min": draw(numbers),
                    "wait_min": 0,
                    "value": "VA",
                },
            )
    elif kind == "delete":
        steps.remove(step)
    elif kind == "move":
        steps.remove(step)
        steps.insert(draw(st.integers(0, len(steps))), step)
    else:
        step["cycle_min"] = draw(numbers)


def e_lists(draw: st.DrawFn, doc: Doc) -> None:
    kind = draw(
        st.sampled_from(
            ["idea", "resolve", "agenda", "done", "scope", "sensei", "waste", "yokoten"]
        )
    )
    if kind == "idea":
        doc["parking_lot"].append(
            {"text": draw(text.filter(bool)), "raised_by": draw(name), "resolved": False}
        )
    elif kind == "resolve" and doc["parking_lot"]:
        idea = _pick(draw, doc["parking_lot"])
        idea["resolved"] = not idea["resolved"]
    elif kind == "agenda":
        doc["agenda"].append(
            {
                "title": draw(st.sampled_from(["Lunch", "Report-out"])),
                "minutes": draw(st.integers(5, 60)),
                "done": False,
            }
        )
    elif kind == "done" and doc["agenda"]:
        _pick(draw, doc["agenda"])["done"] = True
    elif kind == "scope":
        doc["scope"]["in"].append(draw(text))
    elif kind == "sensei":
        doc["sensei_notes"].append({"date": draw(dates), "by": draw(name), "note": draw(text)})
    elif kind == "waste":
        if doc["wastes"] and draw(st.booleans()):
            doc["wastes"].pop()
        else:
            doc["wastes"].append({"type": "motion", "description": draw(text), "step": ""})
    elif kind == "yokoten":
        doc["yokoten"].append(
            {"practice": draw(text.filter(bool)), "to_area": "", "status": "proposed"}
        )


def e_review(draw: st.DrawFn, doc: Doc) -> None:
    from kaizen_tui.logic.followup import ReviewRecord, hold_review

    event = parse_event(doc)
    if not event.reviews:
        return
    review = _pick(draw, event.reviews)
    readings = {m.id: draw(numbers) for m in event.metrics if draw(st.booleans())}
    record = ReviewRecord(
        day=review.day,
        held_on=date(2026, 11, draw(st.integers(1, 25))),
        readings=readings,
        notes=draw(text),
        verdict=draw(st.sampled_from(["sustained", "slipping", "lost"])),
    )
    held = hold_review(event, record, today=date(2026, 11, 25))
    doc.clear()
    doc.update(dump(held))


def e_lean(draw: st.DrawFn, doc: Doc) -> None:
    """The lean tools of the event week: experiments (ids, linked to actions), the balance chart,
    changeover elements, the charter's sign-offs (one per role), takt."""
    kind = draw(
        st.sampled_from(["experiment", "decide", "balance", "changeover", "signoff", "takt"])
    )
    if kind == "experiment":
        new_id = next_item_id("E", [x["id"] for x in doc["experiments"]])
        linked = draw(st.sampled_from([None, *[a["id"] for a in doc["actions"]]]))
        doc["experiments"].append(
            {"id": new_id, "tried": draw(text.filter(bool)), "action": linked}
        )
    elif kind == "decide" and doc["experiments"]:
        _pick(draw, doc["experiments"])["decision"] = draw(st.sampled_from(["kept", "dropped"]))
    elif kind == "balance":
        if doc["balance"] and draw(st.booleans()):
            _pick(draw, doc["balance"])["seconds"] = draw(numbers)
        else:
            doc["balance"].append(
                {"operator": draw(name), "element": draw(text), "seconds": draw(numbers)}
            )
    elif kind == "changeover":
        doc["changeover"].append(
            {
                "name": draw(st.sampled_from(["Unclamp", "Swap die", "Trial hit"])),
                "minutes": draw(numbers),
            }
        )
    elif kind == "signoff":
        role = draw(st.sampled_from(["sponsor", "process_owner"]))
        doc["signoffs"] = [s for s in doc["signoffs"] if s["role"] != role]
        doc["signoffs"].append({"role": role, "name": draw(name), "date": draw(dates)})
    elif kind == "takt":
        doc["takt"] = {"demand": draw(st.sampled_from([100, 480])), "available_min": 450}


def e_unknown(draw: st.DrawFn, doc: Doc) -> None:
    if "x_custom" in doc and draw(st.booleans()):
        del doc["x_custom"]
    else:
        doc["x_custom"] = {"plant": draw(text), "tags": draw(st.lists(text, max_size=2))}


EDITS: list[Callable[[st.DrawFn, Doc], None]] = [
    e_field,
    e_dates,
    e_status,
    e_action_edit,
    e_action_add,
    e_action_delete,
    e_update,
    e_metric,
    e_root_cause,
    e_people,
    e_steps,
    e_lists,
    e_review,
    e_lean,
    e_unknown,
]


@st.composite
def edited(draw: st.DrawFn, base: Doc, max_edits: int = 6) -> Doc:
    """``base`` after a few random edits, each validated as the app would, then saved once."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, max_edits))):
        before = copy.deepcopy(doc)
        edit = draw(st.sampled_from(EDITS))
        try:
            edit(draw, doc)
            doc = dump(parse_event(doc))
        except (KaizenError, ValueError):
            doc = before
    if doc != base:
        doc["revision"] = base["revision"] + draw(st.integers(1, 3))
        doc["updated_at"] = f"2026-11-25T1{draw(st.integers(0, 9))}:00:00Z"
    return doc


@st.composite
def three_copies(draw: st.DrawFn) -> tuple[Doc, Doc, Doc]:
    base = draw(events())
    return base, draw(edited(base)), draw(edited(base))


# -- reading an event as leaves ----------------------------------------------------------------


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
COUNTERS = ("revision", "updated_at", "a3_printed_revision")


def flatten(
    value: Any,
    path: tuple[Any, ...] = (),
    out: dict[tuple[Any, ...], Any] | None = None,
    *,
    orders: dict[tuple[Any, ...], list[str]] | None = None,
) -> dict[tuple[Any, ...], Any]:
    """Every leaf of an event by its path (list items by their identity, as the merge names
    them); containers are leaves too (their type), so a list turning into null is an edit."""
    out = {} if out is None else out
    if isinstance(value, dict):
        out[path] = "<object>"
        for key, item in value.items():
            if not path and (key == "conflicts" or key in COUNTERS):
                continue
            flatten(item, (*path, key), out, orders=orders)
    elif isinstance(value, list):
        rule = rule_for(shape_of(path), value)
        if not rule.mergeable:
            out[path] = value
            return out
        out[path] = "<list>"
        labels = item_labels(value, rule)
        if orders is not None:
            orders[path] = labels
        for label, item in zip(labels, value, strict=True):
            flatten(item, (*path, Item(label)), out, orders=orders)
    else:
        out[path] = value
    return out
