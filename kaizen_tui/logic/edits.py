"""Edits a facilitator makes to an event, as plain functions on the model.

Screens call these on a draft copy of the event and hand the draft to the store; keeping the rules
here (ids, unlinking, done dates, what a template keeps) makes them testable without a terminal.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from kaizen_tui.logic.carry import carry, fresh_agenda
from kaizen_tui.model import (
    Action,
    Event,
    ParkingItem,
    ProcessStep,
    RootCause,
    Update,
    next_item_id,
)

T = TypeVar("T")


def move(items: list[T], index: int, delta: int) -> int:
    """Move ``items[index]`` by ``delta`` places (clamped); return its new index."""
    if not 0 <= index < len(items):
        return index
    target = max(0, min(len(items) - 1, index + delta))
    if target != index:
        items.insert(target, items.pop(index))
    return target


# -- current state ----------------------------------------------------------------------------


def replace_step(event: Event, index: int, step: ProcessStep) -> None:
    """Replace a process step; wastes seen at it follow a rename."""
    old = event.process_steps[index].name
    event.process_steps[index] = step
    if step.name != old:
        for waste in event.wastes:
            if waste.step == old:
                waste.step = step.name


# -- actions ----------------------------------------------------------------------------------


def add_action(
    event: Event,
    what: str,
    *,
    owner: str = "",
    due: date | None = None,
    root_cause: str | None = None,
) -> Action:
    action = Action(
        id=next_item_id("A", (a.id for a in event.actions)),
        what=what.strip(),
        owner=owner.strip(),
        due=due,
        root_cause=root_cause or None,
    )
    event.actions.append(action)
    return action


def set_action_status(action: Action, status: str, today: date) -> None:
    """Done gets a done date (today, unless one is set); reopening clears it."""
    action.status = status  # type: ignore[assignment]
    if status == "done":
        if action.done_on is None:
            action.done_on = today
    else:
        action.done_on = None


def step_pdca(action: Action, delta: int) -> int:
    action.pdca = max(0, min(4, action.pdca + delta))
    return action.pdca


def add_update(action: Action, note: str, on: date) -> Update:
    update = Update(date=on, note=note.strip())
    action.updates.append(update)
    action.updates.sort(key=lambda u: u.date)
    return update


def latest_update(action: Action) -> Update | None:
    return max(action.updates, key=lambda u: u.date) if action.updates else None


# -- root causes ------------------------------------------------------------------------------


def add_root_cause(event: Event, *, problem: str = "", category: str = "") -> RootCause:
    cause = RootCause(
        id=next_item_id("RC", (rc.id for rc in event.root_causes)),
        problem=problem,
        category=category,
    )
    event.root_causes.append(cause)
    return cause


def remove_root_cause(event: Event, cause_id: str) -> list[str]:
    """Remove a chain and unlink the actions that pointed at it; return those action ids."""
    unlinked = []
    for action in event.actions:
        if action.root_cause == cause_id:
            action.root_cause = None
            unlinked.append(action.id)
    # unlink first: assigning the list re-validates the event, links included
    event.root_causes = [rc for rc in event.root_causes if rc.id != cause_id]
    return unlinked


def clean_whys(whys: list[str]) -> list[str]:
    return [why.strip() for why in whys if why.strip()]


# -- parking lot ------------------------------------------------------------------------------


def park(event: Event, text: str, raised_by: str, today: date) -> ParkingItem:
    item = ParkingItem(text=text.strip(), raised_by=raised_by.strip(), raised_on=today)
    event.parking_lot.append(item)
    return item


def parking_to_action(
    event: Event, index: int, *, what: str, owner: str = "", due: date | None = None
) -> Action:
    """Turn a parked idea into an action; the idea is resolved and points at the action."""
    item = event.parking_lot[index]
    action = add_action(event, what or item.text, owner=owner, due=due)
    item.resolved = True
    item.action = action.id
    return action


def experiment_to_action(
    event: Event, index: int, *, what: str, owner: str = "", due: date | None = None
) -> Action:
    """Make a kept try-storming experiment stick: an action to standardise it; the experiment
    is marked kept and points at the action."""
    experiment = event.experiments[index]
    action = add_action(event, what or experiment.tried, owner=owner, due=due)
    experiment.decision = "kept"
    experiment.action = action.id
    return action


# -- templates --------------------------------------------------------------------------------


def event_as_template(event: Event, title: str) -> Event:
    """A new planned event framed like ``event``, by the model's CARRY rules: the same site,
    area, scope, people, metric definitions, run-sheet and follow-up days. What the team finds
    or decides during an event (problem, steps, causes, actions, baselines, targets, readings,
    sign-offs, dates) starts empty; a new share token is drawn, so the copy's QR link is its own."""
    return carry(
        event,
        "template",
        {
            "title": title,
            "metrics": [carry(m, "template", {}) for m in event.metrics],
            "agenda": fresh_agenda(event, "template"),
        },
    )
