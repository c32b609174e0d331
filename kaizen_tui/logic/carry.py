"""Starting a new event from an old one, by the rules the model declares (``CARRY`` on Event,
Metric and AgendaItem; model.py): a template (logic/edits.py) and a re-run (logic/followup.py)
both build their copy here, so a field is copied, left new or derived because its rule says so,
never because a hand-written list forgot it.

Keys a bundle carries that this version does not know (``model_extra``) are not taken: nothing
says whether they are frame or findings, and the old event keeps them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, TypeVar

from kaizen_tui.model import AgendaItem, CarryKind, Event, Metric

Carried = TypeVar("Carried", Event, Metric, AgendaItem)


def carry(source: Carried, kind: CarryKind, derived: Mapping[str, Any]) -> Carried:
    """A new model of ``source``'s type: its ``keep`` fields deep-copied, its ``new`` fields at
    their defaults, its ``derive`` fields from ``derived``, which must name exactly those.
    A field without a rule, or a derived value the rules do not ask for, is a programming error
    (TypeError): the copy never silently drops or invents a field."""
    model = type(source)
    rules = model.CARRY
    unruled = sorted(set(model.model_fields) - set(rules))
    if unruled:
        raise TypeError(f"{model.__name__}.CARRY has no rule for {', '.join(unruled)}")
    wanted = {name for name, rule in rules.items() if rule.rule(kind) == "derive"}
    if set(derived) != wanted:
        raise TypeError(
            f"a {kind} of {model.__name__} derives {sorted(wanted)}, was given {sorted(derived)}"
        )
    kept = {
        name: copy.deepcopy(getattr(source, name))
        for name, rule in rules.items()
        if rule.rule(kind) == "keep"
    }
    return model(**kept, **derived)


def fresh_agenda(event: Event, kind: CarryKind) -> list[AgendaItem]:
    """The run-sheet for the new event: the same timeboxes, none started."""
    return [carry(item, kind, {}) for item in event.agenda]
