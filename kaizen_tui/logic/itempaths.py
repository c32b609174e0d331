"""How the three-way merge tells list items apart, and how a conflict names the place it is about.

Pure functions over the JSON form of an event (``bundle["event"]``); the merge
(logic/threeway.py) and the resolution of a conflict (logic/conflicts.py) share them, so a path
written by one is found again by the other.

**Identity of list items** (what makes two versions of an item "the same item"):

============================  =================================================================
list                          identity
============================  =================================================================
actions, metrics,             ``id``
root_causes
reviews                       ``day``
people                        ``name``
process_steps                 ``name``
agenda                        ``title``
parking_lot                   ``text``
yokoten                       ``practice``
wastes                        ``type`` + ``step`` + ``description`` (the whole waste)
sensei_notes                  ``date`` + ``by`` + ``note`` (the whole note)
status_history                the whole entry (an append-only log)
metrics[].readings            ``date`` + ``value`` (its ``note`` can be edited)
actions[].updates             ``date`` + ``note``
closeout.overrides            ``rule``
balance (work elements)       ``operator`` + ``element``
future_steps, changeover      ``name``
experiments                   ``id`` (renumbered like actions when both sides add one)
signoffs                      ``role`` (one per role: two sponsors signing is one sign-off with
                              a conflict on the name)
scope.in, scope.out           the text itself
root_causes[].whys,           *atomic*: the list is one value (a why chain is one piece of
review_days                   reasoning; merging two chains line by line would make nonsense)
any other list                ``id`` when every item is an object with a distinct text ``id``,
                              else the whole item
============================  =================================================================

A second item with the same identity in one list (two agenda items called "Lunch") is told apart
by its place among its namesakes: ``Lunch``, ``Lunch~2``, ``Lunch~3``.

**Paths** name a place in an event the way a person reads it: ``title``, ``actions[A4].due``,
``reviews[30].readings.M1``, ``people[Anna Nowak].role``, ``metrics[M1].readings[2026-03-01|4.5]``.
Object keys follow a dot; list items are named by their identity in brackets (the fields of a
composite identity joined with ``|``; long texts shortened with a hash of the whole so the label
stays unique). ``\\`` escapes ``. [ ] | ~ \\`` where they are part of a name. ``.`` alone is the
whole event.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, Literal

RuleKind = Literal["fields", "whole", "atomic"]


@dataclass(frozen=True)
class Rule:
    """How the items of one list are identified (see the module doc)."""

    kind: RuleKind
    fields: tuple[str, ...] = ()

    @property
    def mergeable(self) -> bool:
        return self.kind != "atomic"


def _by(*fields: str) -> Rule:
    return Rule("fields", fields)


WHOLE = Rule("whole")
ATOMIC = Rule("atomic")

#: The lists of the bundle format by their place; "*" stands for "any item".
RULES: dict[tuple[str, ...], Rule] = {
    ("actions",): _by("id"),
    ("metrics",): _by("id"),
    ("root_causes",): _by("id"),
    ("reviews",): _by("day"),
    ("people",): _by("name"),
    ("process_steps",): _by("name"),
    ("agenda",): _by("title"),
    ("parking_lot",): _by("text"),
    ("yokoten",): _by("practice"),
    ("wastes",): _by("type", "step", "description"),
    ("sensei_notes",): _by("date", "by", "note"),
    ("status_history",): WHOLE,
    ("metrics", "*", "readings"): _by("date", "value"),
    ("actions", "*", "updates"): _by("date", "note"),
    ("closeout", "overrides"): _by("rule"),
    ("scope", "in"): WHOLE,
    ("scope", "out"): WHOLE,
    ("root_causes", "*", "whys"): ATOMIC,
    ("review_days",): ATOMIC,
    # the lean tools of the event week (issue 13)
    ("balance",): _by("operator", "element"),
    ("future_steps",): _by("name"),
    ("changeover",): _by("name"),
    ("experiments",): _by("id"),
    ("signoffs",): _by("role"),  # one sign-off per role (the model refuses two)
}

#: Lists whose items carry ids that other parts of the event point to; a new item added on both
#: sides under the same id is renumbered (logic/threeway.py). Order matters: link targets first.
ID_LISTS = ("metrics", "root_causes", "actions", "experiments")

#: Longest identity text used as it is in a path; longer ones are shortened and hashed.
LABEL_MAX = 48


@dataclass(frozen=True)
class Item:
    """A path step into a list: the item whose label (identity, escaped) is ``label``."""

    label: str


Part = str | Item
Path = tuple[Part, ...]


# -- canonical JSON ------------------------------------------------------------------------------


def canonical(value: Any) -> str:
    """One text per JSON value, whatever the key order or ``4`` vs ``4.0``: the comparison key."""
    return json.dumps(_normal(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _normal(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equal as JSON (``1`` and ``1.0`` alike; ``True`` and ``1`` not)."""
    if a is b:
        return True
    return canonical(a) == canonical(b)


# -- identity ------------------------------------------------------------------------------------


def rule_for(shape: tuple[str, ...], *lists: Any) -> Rule:
    """The rule for the list at ``shape`` (key names, "*" for items); unknown lists are guessed
    from their items (the same guess for all versions given, so all sides agree)."""
    known = RULES.get(shape)
    if known is not None:
        return known
    items = [item for lst in lists if isinstance(lst, list) for item in lst]
    for lst in lists:
        if not isinstance(lst, list):
            continue
        ids = [item.get("id") if isinstance(item, dict) else None for item in lst]
        if any(not isinstance(i, str) or not i for i in ids) or len(set(ids)) != len(ids):
            return WHOLE
    return _by("id") if items else WHOLE


def _escape(text: str) -> str:
    out = []
    for char in text:
        if char in "\\.[]|~":
            out.append("\\")
        out.append(char)
    return "".join(out)


def _field_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return canonical(value)


def identity_text(item: Any, rule: Rule) -> str:
    """The escaped label of ``item`` (before telling namesakes apart)."""
    if rule.kind == "fields" and isinstance(item, dict):
        parts = [_escape(_field_text(item.get(name))) for name in rule.fields]
        text = "|".join(parts)
        whole = canonical([item.get(name) for name in rule.fields])
    else:
        text = _escape(item) if isinstance(item, str) else _escape(canonical(item))
        whole = canonical(item)
    if len(text) > LABEL_MAX:
        digest = hashlib.sha1(whole.encode("utf-8")).hexdigest()[:8]
        cut = text[:LABEL_MAX]
        if cut.endswith("\\") and not cut.endswith("\\\\"):
            cut = cut[:-1]
        text = f"{cut}…{digest}"
    return text


def item_labels(items: list[Any], rule: Rule) -> list[str]:
    """The label of each item in ``items``, namesakes numbered ``~2``, ``~3`` in list order."""
    seen: dict[str, int] = {}
    labels = []
    for item in items:
        text = identity_text(item, rule)
        count = seen.get(text, 0) + 1
        seen[text] = count
        labels.append(text if count == 1 else f"{text}~{count}")
    return labels


# -- paths ---------------------------------------------------------------------------------------


def shape_of(path: Path) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, Item) else part for part in path)


def format_path(path: Path) -> str:
    if not path:
        return "."
    out = []
    for index, part in enumerate(path):
        if isinstance(part, Item):
            out.append(f"[{part.label}]")
        else:
            out.append(("." if index else "") + _escape(part))
    return "".join(out)


class PathError(ValueError):
    """A path that cannot be read; the message says where."""


def parse_path(text: str) -> Path:
    """The parts of a path written by :func:`format_path` (or typed by a person)."""
    text = text.strip()
    if text in ("", "."):
        return ()
    parts: list[Part] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "[":
            label, i = _read_until(text, i + 1, "]")
            if i >= n:
                raise PathError(f"{text!r}: '[' without its ']'")
            parts.append(Item(label))
            i += 1
        else:
            if char == ".":
                if not parts:
                    raise PathError(f"{text!r} starts with '.'")
                i += 1
            elif parts:
                raise PathError(f"{text!r}: expected '.' or '[' at position {i + 1}")
            key, i = _read_until(text, i, ".[")
            if not key:
                raise PathError(f"{text!r}: an empty name at position {i + 1}")
            parts.append(_unescape(key))
    return tuple(parts)


def _read_until(text: str, i: int, stops: str) -> tuple[str, int]:
    """The (still escaped) text from ``i`` up to the first unescaped stop character."""
    start = i
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in stops:
            break
        i += 1
    return text[start:i], min(i, len(text))


def _unescape(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out)
