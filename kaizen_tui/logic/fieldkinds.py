"""Each kind of field once: what a facilitator types, parsed into the value stored, and a stored
value shown again for editing.

The add/edit dialogs (``widgets.form.FormScreen``) and the fields bound to the open event
(``widgets.fields.EventField``) both parse through ``KINDS``; ``widgets.kinds`` pairs each kind
with its editor. A new kind of field is one entry here and one editor there. Messages go under the
field as they are, so each says what is wrong and how to write it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from kaizen_tui.logic.balance import parse_seconds, seconds_as_input
from kaizen_tui.logic.dates import DATE_HINT, parse_user_date
from kaizen_tui.logic.numbers import parse_number

Kind = Literal[
    "text",  # one line
    "area",  # several lines of prose
    "lines",  # a list of short items, one a line
    "date",  # a date as a person types it (``fri``, ``+7``, ``d4``)
    "number",
    "int",
    "duration",  # in seconds; typed as 45, 1:30, 2.5 min, 1 h
    "check",
    "select",  # a drop-down; None when nothing is chosen
    "choice",  # one of a few, side by side
    "list",  # one of several, one a line with its hint
]


@dataclass(frozen=True, kw_only=True)
class Rules:
    """What parsing one field needs besides what was typed."""

    today: date  # relative dates count from it
    label: str = ""  # a message names the field by it
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    event_start: date | None = None  # ``d4`` is day 4 of the event
    # Text kept exactly as typed: a field that saves while it is typed in must not trim the
    # space before the next word away under the typist's cursor.
    as_typed: bool = False


@dataclass(frozen=True)
class KindRule:
    """How one kind of field turns typing into a stored value and back.

    ``parse`` raises ValueError with the message shown under the field. ``show`` turns a stored
    value into what its editor holds. ``preview`` (optional) says, while typing, what the text
    will mean. ``echoes``: the stored form differs from the typing (``fri`` is stored as a date),
    so an editor shows it back as soon as it is saved, even while the cursor is still there.
    """

    parse: Callable[[Any, Rules], Any]
    show: Callable[[Any], Any]
    preview: Callable[[str, Rules], str] | None = None
    echoes: bool = False


def as_text(value: Any) -> str:
    """A stored value in a one-line box: ``38`` not ``38.0``, a date as ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _required(rules: Rules) -> ValueError:
    return ValueError(f"{rules.label} is required")


def _text(raw: Any, rules: Rules) -> str:
    text = str(raw) if rules.as_typed else str(raw).strip()
    if rules.required and not text.strip():
        raise _required(rules)
    return text


def _area(raw: Any, rules: Rules) -> str:
    text = str(raw) if rules.as_typed else str(raw).rstrip()
    if rules.required and not text.strip():
        raise _required(rules)
    return text


def _lines(raw: Any, rules: Rules) -> list[str]:
    items = [line.strip() for line in str(raw).splitlines() if line.strip()]
    if rules.required and not items:
        raise _required(rules)
    return items


def _date(raw: Any, rules: Rules) -> date | None:
    text = str(raw).strip()
    if not text:
        if rules.required:
            raise ValueError(f"enter a date: {DATE_HINT}")
        return None
    return parse_user_date(text, rules.today, event_start=rules.event_start)


def _preview_date(text: str, rules: Rules) -> str:
    """What a relative date means (``fri`` → Fri 27 Nov 2026), or how to write one."""
    if not text.strip():
        return ""
    try:
        when = parse_user_date(text, rules.today, event_start=rules.event_start)
    except ValueError:
        return DATE_HINT
    return f"→ {when:%a %d %b %Y}"


def _bounded(number: float, rules: Rules, unit: str = "") -> float:
    if rules.minimum is not None and number < rules.minimum:
        raise ValueError(f"must be at least {rules.minimum:g}{unit}")
    if rules.maximum is not None and number > rules.maximum:
        raise ValueError(f"must be at most {rules.maximum:g}{unit}")
    return number


def _number(raw: Any, rules: Rules, *, whole: bool = False) -> float | None:
    number = parse_number(str(raw), whole=whole)
    if number is None:
        if rules.required:
            raise _required(rules)
        return None
    return _bounded(number, rules)


def _int(raw: Any, rules: Rules) -> float | None:
    return _number(raw, rules, whole=True)


def _duration(raw: Any, rules: Rules) -> float | None:
    seconds = parse_seconds(str(raw))
    if seconds is None:
        if rules.required:
            raise _required(rules)
        return None
    return _bounded(seconds, rules, " s")


def _show_duration(value: Any) -> str:
    # a form may be handed the text to edit already (seconds_as_input), or the seconds
    return value if isinstance(value, str) else seconds_as_input(value)


def _select(raw: Any, rules: Rules) -> Any:
    if rules.required and raw is None:
        raise ValueError(f"choose a {rules.label.lower()}")
    return raw


def _picked(raw: Any, rules: Rules) -> Any:
    return raw


def _same(value: Any) -> Any:
    return value


KINDS: dict[str, KindRule] = {
    "text": KindRule(_text, as_text),
    "area": KindRule(_area, as_text),
    "lines": KindRule(_lines, lambda items: "\n".join(items or ())),
    "date": KindRule(_date, as_text, preview=_preview_date, echoes=True),
    "number": KindRule(_number, as_text, echoes=True),
    "int": KindRule(_int, as_text, echoes=True),
    "duration": KindRule(_duration, _show_duration, echoes=True),
    "check": KindRule(_picked, bool),
    "select": KindRule(_select, lambda value: value or None),  # "" is nothing chosen, too
    "choice": KindRule(_picked, _same),
    "list": KindRule(_picked, _same),
}

assert set(KINDS) == set(get_args(Kind)), "every kind has its rule"


def parse_entry(kind: str, raw: Any, rules: Rules) -> Any:
    """The value to store for what was typed in a field of ``kind``; ValueError with the message
    for under the field."""
    return KINDS[kind].parse(raw, rules)


def show_entry(kind: str, value: Any) -> Any:
    """A stored value as the editor of a field of ``kind`` holds it."""
    return KINDS[kind].show(value)


def preview_entry(kind: str, text: str, rules: Rules) -> str | None:
    """The line under a field while it is typed in, or None when its kind has none."""
    preview = KINDS[kind].preview
    return None if preview is None else preview(text, rules)
