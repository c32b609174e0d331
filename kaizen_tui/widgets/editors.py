"""The editor of each kind of field, and the one description of a field (``Field``) that the
add/edit dialogs (``FormScreen``) and the fields bound to the event (``EventField``) share.

Parsing and showing values are domain rules and live in ``logic.fieldkinds``; what is here is the
Textual part: which widget edits a kind, how its value is read, how a value is put back into it.
A new kind is one entry in ``logic.fieldkinds.KINDS`` and one in ``EDITORS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, TextArea

from kaizen_tui.logic.fieldkinds import Kind, Rules, show_entry
from kaizen_tui.widgets.choice import Choice
from kaizen_tui.widgets.name_input import NameInput, Names, complete_name
from kaizen_tui.widgets.tick import TickBox


@dataclass
class Field:
    name: str
    label: str
    kind: Kind = "text"
    value: Any = None
    required: bool = False
    options: Sequence[tuple[str, str]] = ()  # (label, value) for select/choice/list
    placeholder: str = ""
    hints: Sequence[str] = ()  # per-option hints for a vertical "list" choice
    keys: Sequence[str] = ()  # per-option jump keys for choice/list
    suggestions: Sequence[str] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    # A suggested value (the last person who parked an idea): selected when the field is
    # entered, so typing a name replaces it rather than being glued onto it.
    select: bool = False
    tall: bool = False  # a taller text area (the problem statement)

    def rules(self, today: Any, **more: Any) -> Rules:
        """What parsing this field's value needs (``today`` and the event's start come from the
        screen it is on)."""
        return Rules(
            today=today,
            label=self.label,
            required=self.required,
            minimum=self.minimum,
            maximum=self.maximum,
            **more,
        )


#: Builds the editor of a field, holding ``value`` (a stored value, shown by its kind's rule).
Build = Callable[[Field, Any, dict[str, Any]], Widget]


def _line(spec: Field, shown: Any, ids: dict[str, Any]) -> Widget:
    return (NameInput if spec.suggestions else Input)(
        shown,
        placeholder=spec.placeholder,
        compact=True,
        select_on_focus=spec.select,
        suggester=(Names(spec.suggestions) if spec.suggestions else None),
        **ids,
    )


def _area(spec: Field, shown: Any, ids: dict[str, Any]) -> Widget:
    area = TextArea(shown, soft_wrap=True, show_line_numbers=False, **ids)
    area.placeholder = spec.placeholder
    area.set_class(spec.tall, "-tall")
    return area


def _tick(spec: Field, shown: Any, ids: dict[str, Any]) -> Widget:
    return TickBox(spec.placeholder, shown, compact=True, **ids)


def _select(spec: Field, shown: Any, ids: dict[str, Any]) -> Widget:
    return Select(
        _plain(spec.options),
        value=shown if shown in [v for _, v in spec.options] else Select.NULL,
        allow_blank=not spec.required,
        prompt=spec.placeholder or "(none)",
        compact=True,
        **ids,
    )


def _choice(spec: Field, shown: Any, ids: dict[str, Any]) -> Widget:
    return Choice(
        spec.options, shown, vertical=spec.kind == "list", hints=spec.hints, keys=spec.keys, **ids
    )


EDITORS: dict[str, Build] = {
    "text": _line,
    "date": _line,
    "number": _line,
    "int": _line,
    "duration": _line,
    "area": _area,
    "lines": _area,
    "check": _tick,
    "select": _select,
    "choice": _choice,
    "list": _choice,
}


def build_editor(spec: Field, value: Any = None, **ids: Any) -> Widget:
    """The editor of ``spec``'s kind holding the stored ``value``; ``ids``: its id and classes."""
    return EDITORS[spec.kind](spec, show_entry(spec.kind, value), ids)


def read_editor(editor: Widget, *, complete: bool = False) -> Any:
    """What the editor holds, unparsed (None: a select with nothing chosen). ``complete``: a name
    field stands for the name it offers greyed (Enter takes it, as Tab does)."""
    if isinstance(editor, Input):
        return complete_name(editor) if complete else editor.value
    if isinstance(editor, TextArea):
        return editor.text
    if isinstance(editor, Select):
        return None if editor.value is Select.NULL else editor.value
    if isinstance(editor, Checkbox | Choice):
        return editor.value
    raise TypeError(f"not a field editor: {editor!r}")


def put_editor(editor: Widget, spec: Field, shown: Any) -> None:
    """Make the editor hold ``shown`` (a value as ``show_entry`` gives it), leaving it untouched
    when it holds that already (so the cursor does not jump)."""
    if isinstance(editor, TextArea):
        if editor.text != shown:
            editor.load_text(shown)
    elif isinstance(editor, Choice):
        editor.value = shown
    elif isinstance(editor, Checkbox):
        editor.value = bool(shown)
    elif isinstance(editor, Select):
        if shown and shown not in [v for _, v in spec.options]:
            # stored before the list changed (a category since removed): offer it, keep it
            spec.options = [*spec.options, (shown, shown)]
            editor.set_options(_plain(spec.options))
        editor.value = shown if shown else Select.NULL
    elif isinstance(editor, Input) and editor.value != shown:
        editor.value = shown
        editor.cursor_position = len(shown)


def _plain(options: Sequence[tuple[str, str]]) -> list[tuple[Text, str]]:
    """Select options whose labels are shown as typed (a Select parses a str label as markup,
    and a category is user text)."""
    return [(Text(label), value) for label, value in options]
