"""Resolving a conflict the three-way merge recorded (logic/threeway.py): keep mine or take theirs.

Pure, over the JSON form of an event. Used by ``kaizen resolve ID PATH --mine|--theirs`` and the
TUI's conflicts view; the caller saves the result through the store.

- **mine** keeps what the event holds now (the merge kept mine; a later edit stays too). For an
  item that mine had deleted (the merge kept the other side's edited item, ``mine`` is null), mine
  means: delete it.
- **theirs** puts theirs' value at the path: a field takes it, an item is replaced (or deleted, if
  theirs had deleted it), a list takes theirs' order, ``.`` takes theirs' whole event.

Either way the conflict entries at that path leave the event's ``conflicts`` list. A choice that
would make the event invalid (theirs' end date before mine's start) is refused with the reason,
and nothing changes.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any, Literal

from kaizen_tui.errors import BundleError, KaizenError
from kaizen_tui.logic.itempaths import (
    Item,
    Path,
    PathError,
    format_path,
    item_labels,
    parse_path,
    rule_for,
    shape_of,
)
from kaizen_tui.logic.threeway import CONFLICTS, ORDER

Side = Literal["mine", "theirs"]


def open_conflicts(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's conflicts, oldest first as recorded."""
    value = event.get(CONFLICTS)
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def find_conflicts(event: dict[str, Any], path: str) -> list[dict[str, Any]]:
    """The entries at ``path`` (as written in the entry, or the same path typed another way)."""
    entries = open_conflicts(event)
    exact = [c for c in entries if c.get("path") == path]
    if exact:
        return exact
    try:
        wanted = parse_path(path)
    except PathError:
        return []
    return [c for c in entries if _parsed(c.get("path")) == wanted]


def resolve(event: dict[str, Any], path: str, side: Side) -> dict[str, Any]:
    """The event with the conflict at ``path`` resolved for ``side`` (see the module doc).
    Raises KaizenError with one line when there is no such conflict or the choice cannot apply."""
    entries = find_conflicts(event, path)
    if not entries:
        paths = sorted({str(c.get("path")) for c in open_conflicts(event)})
        listed = ", ".join(paths[:6]) + (" …" if len(paths) > 6 else "")
        raise KaizenError(
            f"no conflict at {path!r}" + (f"; open conflicts: {listed}" if paths else "")
        )
    entry = max(entries, key=_when)  # several at one path: the latest decides
    parts = _parsed(entry.get("path"))
    if parts is None:
        raise KaizenError(f"the conflict path {entry.get('path')!r} cannot be read")
    keys = {id(c) for c in entries}
    result = copy.deepcopy(event)
    result[CONFLICTS] = [copy.deepcopy(c) for c in open_conflicts(event) if id(c) not in keys]
    value = entry.get(side)
    if side == "mine":
        if parts and isinstance(parts[-1], Item) and value is None:
            _set(result, parts, None)  # mine had deleted the item the merge kept
    elif not parts:
        whole = copy.deepcopy(value) if isinstance(value, dict) else None
        if whole is None:
            raise KaizenError("this conflict does not hold the other copy of the event")
        whole[CONFLICTS] = result[CONFLICTS]
        for key in ("id", "revision", "updated_at"):
            if key in result:
                whole[key] = result[key]
        result = whole
    elif parts[-1] == ORDER:
        _reorder(result, parts[:-1], value)
    else:
        _set(result, parts, copy.deepcopy(value))
    _check(result, entry.get("path"), side)
    return result


def describe(value: Any, *, limit: int = 60) -> str:
    """A conflict value in a few words, for one line of output."""
    if value is None:
        return "(none / deleted)"
    if isinstance(value, str):
        text = " ".join(value.split()) or "(empty)"
    elif isinstance(value, dict):
        name = next((value[k] for k in ("what", "name", "title", "text") if value.get(k)), None)
        text = f"{value.get('id', '')} {name}".strip() if name else "an item"
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value) or "(empty list)"
    else:
        text = str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NOUNS = {
    "actions": "Action",
    "metrics": "Metric",
    "root_causes": "Root cause",
    "reviews": "Review",
    "people": "Person",
    "process_steps": "Step",
    "future_steps": "Future step",
    "agenda": "Agenda item",
    "parking_lot": "Idea",
    "yokoten": "Yokoten",
    "wastes": "Waste",
    "experiments": "Experiment",
    "signoffs": "Sign-off",
    "changeover": "Changeover element",
    "balance": "Work element",
    "sensei_notes": "Sensei note",
    "status_history": "Status change",
}


def where(event: dict[str, Any], path: str) -> str:
    """A conflict's place in words: ``Action A4 "Stage dies" · due``, ``Review 30-day · verdict``,
    ``Title``, ``Process steps · order``, ``the whole event`` (the conflicts view's list)."""
    parts = _parsed(path)
    if parts is None:
        return path
    if not parts:
        return "the whole event"
    words: list[str] = []
    head = parts[0]
    rest = list(parts[1:])
    first = rest[0] if rest else None
    if isinstance(head, str) and isinstance(first, Item):
        label = first.label
        rest.pop(0)
        noun = _NOUNS.get(head, head.replace("_", " ").capitalize())
        if head == "reviews" and label.isdigit():
            words.append(f"{noun} {label}-day")
        else:
            item = _locate(event, parts[:2])
            name = _item_name(item) if head in ("actions", "metrics", "root_causes") else ""
            words.append(f"{noun} {label}" + (f" “{name}”" if name else ""))
    elif isinstance(head, str):
        words.append(head.replace("_", " ").capitalize())
    for part in rest:
        if part == ORDER:
            words.append("order")
        elif isinstance(part, Item):
            words.append(part.label)
        else:
            words.append(part.replace("_", " "))
    return " · ".join(words[:1]) + (" · " + " ".join(words[1:]) if len(words) > 1 else "")


def _item_name(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    for key in ("what", "name", "cause", "problem"):
        text = item.get(key)
        if isinstance(text, str) and text.strip():
            text = " ".join(text.split())
            return text if len(text) <= 40 else text[:39] + "…"
    return ""


# -- helpers -----------------------------------------------------------------------------------


def _parsed(path: Any) -> Path | None:
    if not isinstance(path, str):
        return None
    try:
        return parse_path(path)
    except PathError:
        return None


def _when(entry: dict[str, Any]) -> str:
    try:
        return datetime.fromisoformat(str(entry.get("at"))).isoformat()
    except ValueError:
        return ""


def _locate(event: dict[str, Any], parts: Path) -> Any:
    """The value at ``parts``, or None when something on the way is gone."""
    node: Any = event
    for index, part in enumerate(parts):
        if isinstance(part, Item):
            if not isinstance(node, list):
                return None
            labels = item_labels(node, rule_for(shape_of(parts[: index + 1])[:-1], node))
            if part.label not in labels:
                return None
            node = node[labels.index(part.label)]
        else:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
    return node


def _set(event: dict[str, Any], parts: Path, value: Any) -> None:
    parent = _locate(event, parts[:-1])
    last = parts[-1]
    where = format_path(parts)
    if isinstance(last, Item):
        if not isinstance(parent, list):
            raise KaizenError(f"{where} is no longer in the event; keep mine to drop this conflict")
        labels = item_labels(parent, rule_for(shape_of(parts)[:-1], parent))
        if last.label in labels:
            index = labels.index(last.label)
            if value is None:
                del parent[index]
            else:
                parent[index] = value
        elif value is not None:
            parent.append(value)
        return
    if not isinstance(parent, dict):
        raise KaizenError(f"{where} is no longer in the event; keep mine to drop this conflict")
    parent[last] = value


def _reorder(event: dict[str, Any], parts: Path, order: Any) -> None:
    items = _locate(event, parts)
    if not isinstance(items, list) or not isinstance(order, list):
        raise KaizenError(f"{format_path(parts)} is no longer a list; keep mine instead")
    labels = item_labels(items, rule_for(shape_of(parts), items))
    rank = {label: n for n, label in enumerate(order)}
    slots = [n for n, label in enumerate(labels) if label in rank]
    moved = sorted(slots, key=lambda n: rank[labels[n]])
    reordered = list(items)
    for slot, source in zip(slots, moved, strict=True):
        reordered[slot] = items[source]
    items[:] = reordered


def _check(event: dict[str, Any], path: Any, side: str) -> None:
    from kaizen_tui.model import parse_event

    try:
        parse_event(event)
    except BundleError as err:
        raise KaizenError(
            f"taking {side} for {path} would leave the event invalid ({err}); resolve the "
            "fields it depends on first, or edit them"
        ) from None
