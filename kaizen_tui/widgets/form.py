"""A modal form built from field descriptions: every add/edit dialog in the app is one of these.

What it guarantees, so each dialog does not have to:
* every value is parsed by our own rules (dates through ``parse_user_date``), never by whether
  Textual's ``Input.Submitted`` fired (it fires even when validation failed);
* a bad value stays in its field with a one-line message under it, and the form stays open;
* the ``submit`` callback may refuse (e.g. the store's validation), and its message is shown too;
* Escape with unsaved changes asks once more before throwing them away, and quitting the app
  names them first (``Dialog``).
Enter in a one-line field saves the form; Tab moves between fields; Ctrl+S saves from anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from kaizen_tui.logic.dates import DATE_HINT, parse_user_date
from kaizen_tui.widgets.choice import Choice
from kaizen_tui.widgets.dialog import Dialog
from kaizen_tui.widgets.keybar import KeyBar
from kaizen_tui.widgets.name_input import NameInput, Names, complete_name
from kaizen_tui.widgets.tick import TickBox

Kind = Literal[
    "text", "date", "number", "int", "duration", "select", "choice", "check", "area", "list"
]


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


Submit = Callable[[dict[str, Any]], str | None]


class FormScreen(Dialog[dict[str, Any] | None]):
    """Returns the parsed values (``dismiss(values)``), or None when cancelled."""

    LEAVE_WARNING = "You have changes. Press Esc again to discard them, Ctrl+S to save."

    DEFAULT_CSS = """
    FormScreen {
        #form { width: 96; }
        #form-intro { color: $text-muted; padding-bottom: 1; }
        #form-fields { height: auto; max-height: 1fr; }
        .form-row { height: auto; margin-bottom: 1; }
        &.-dense .form-row { margin-bottom: 0; }
        .form-label { width: 18; padding-right: 1; text-align: right; color: $text-muted; }
        /* the row being typed in lights up (the tint is what makes the label rule apply) */
        .form-row:focus-within { background-tint: $foreground 4%; }
        .form-row:focus-within > .form-label { color: $accent; text-style: bold; }
        .form-cell { width: 1fr; height: auto; }
        .form-cell > Input, .form-cell > Select, .form-cell > Checkbox { width: 1fr; }
        .form-cell > TextArea { height: 5; }
        .form-cell > .-invalid { background: $error 25%; }
        .form-help, .form-error { display: none; height: auto; }
        .form-help { color: $text-muted; }
        .form-help.-shown, .form-error.-shown { display: block; }
        /* an error says what is wrong and how to write it: the hint under it would repeat it */
        .form-help.-shown.-covered { display: none; }
        .form-error { color: $text-error; }
        #form-message { color: $text-warning; padding: 0 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, key_display="^s"),
        # Enter saves from a one-line field or a chooser; a text area, select, checkbox or
        # button keeps Enter for itself.
        Binding("enter", "save", "Save", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        *,
        today: date,
        submit: Submit | None = None,
        save_label: str = "Save",
        intro: str = "",
        event_start: date | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.today = today
        self.event_start = event_start  # for "d4": day 4 of the event
        self.submit = submit
        self.save_label = save_label
        self.intro = intro
        self._initial: dict[str, Any] = {}

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="dialog") as box:
            box.border_title = Content(self.form_title)  # it names user text
            if self.intro:
                yield Static(self.intro, id="form-intro", markup=False)
            with VerticalScroll(id="form-fields"):
                for spec in self.fields:
                    with Horizontal(classes="form-row", id=f"row-{spec.name}"):
                        label = spec.label + (" *" if spec.required else "")
                        yield Label(label, classes="form-label")
                        with Vertical(classes="form-cell"):
                            yield self._widget(spec)
                            yield Static(
                                "", classes="form-help", id=f"help-{spec.name}", markup=False
                            )
                            # messages quote what was typed: never markup
                            yield Static(
                                "", classes="form-error", id=f"error-{spec.name}", markup=False
                            )
            yield Static("", id="form-message", classes="dialog-message", markup=False)
            with Horizontal(id="form-buttons", classes="dialog-buttons"):
                yield Button(
                    f"{self.save_label}  ctrl+s", variant="primary", id="form-save", compact=True
                )
                yield Button("Cancel  esc", id="form-cancel", compact=True)
        yield KeyBar()

    def _widget(self, spec: Field) -> Widget:
        wid = f"field-{spec.name}"
        value = spec.value
        if spec.kind in ("text", "date", "number", "int", "duration"):
            return (NameInput if spec.suggestions else Input)(
                _as_text(value),
                placeholder=spec.placeholder,
                id=wid,
                compact=True,
                select_on_focus=spec.select,
                suggester=(Names(spec.suggestions) if spec.suggestions else None),
            )
        if spec.kind == "area":
            area = TextArea(_as_text(value), id=wid, soft_wrap=True, show_line_numbers=False)
            area.placeholder = spec.placeholder
            return area
        if spec.kind == "check":
            return TickBox(spec.placeholder or "", bool(value), id=wid, compact=True)
        if spec.kind == "select":
            return Select(
                [(Text(label), v) for label, v in spec.options],  # labels can be user text
                value=value if value in [v for _, v in spec.options] else Select.NULL,
                allow_blank=not spec.required,
                prompt=spec.placeholder or "(none)",
                id=wid,
                compact=True,
            )
        return Choice(
            spec.options,
            value,
            vertical=spec.kind == "list",
            hints=spec.hints,
            keys=spec.keys,
            id=wid,
        )

    def on_mount(self) -> None:
        self._initial = self._raw_values()
        for spec in self.fields:
            if spec.help:
                self._set_help(spec.name, spec.help)
            if spec.kind == "date" and spec.value:
                self._preview_date(spec.name, _as_text(spec.value))
        first = self.query(".form-cell > *").first()
        first.focus()

    # -- reading ----------------------------------------------------------------------------

    def _raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Input):
                # a name field stands for the name it completes (Enter takes it, as Tab does)
                values[spec.name] = complete_name(widget)
            elif isinstance(widget, TextArea):
                values[spec.name] = widget.text
            elif isinstance(widget, Checkbox):
                values[spec.name] = widget.value
            elif isinstance(widget, Select):
                values[spec.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Choice):
                values[spec.name] = widget.value
        return values

    def _parse(self, spec: Field, raw: Any) -> Any:
        """The typed value of one field, or ValueError with a message for under the field."""
        if spec.kind in ("text", "area"):
            text = str(raw).strip() if spec.kind == "text" else str(raw).rstrip()
            if spec.required and not text:
                raise ValueError(f"{spec.label} is required")
            return text
        if spec.kind == "date":
            if not str(raw).strip():
                if spec.required:
                    raise ValueError(f"enter a date: {DATE_HINT}")
                return None
            return parse_user_date(str(raw), self.today, event_start=self.event_start)
        if spec.kind == "duration":  # in seconds; typed as 45, 1:30, 2.5 min, 1 h
            from kaizen_tui.logic.balance import parse_seconds

            seconds = parse_seconds(str(raw))
            if seconds is None:
                if spec.required:
                    raise ValueError(f"{spec.label} is required")
                return None
            if spec.maximum is not None and seconds > spec.maximum:
                raise ValueError(f"must be at most {spec.maximum:g} s")
            return seconds
        if spec.kind in ("number", "int"):
            text = str(raw).strip().replace(",", ".")
            if not text:
                if spec.required:
                    raise ValueError(f"{spec.label} is required")
                return None
            try:
                number: float = int(text) if spec.kind == "int" else float(text)
            except ValueError:
                what = "a whole number" if spec.kind == "int" else "a number"
                raise ValueError(f"{raw!r} is not {what}") from None
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError(f"{raw!r} is not a number")
            if spec.minimum is not None and number < spec.minimum:
                raise ValueError(f"must be at least {spec.minimum:g}")
            if spec.maximum is not None and number > spec.maximum:
                raise ValueError(f"must be at most {spec.maximum:g}")
            return number
        if spec.kind == "select" and spec.required and raw is None:
            raise ValueError(f"choose a {spec.label.lower()}")
        return raw

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        raw = self._raw_values()
        parsed: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.fields:
            try:
                parsed[spec.name] = self._parse(spec, raw[spec.name])
            except ValueError as err:
                errors[spec.name] = str(err)
        return parsed, errors

    # -- feedback ---------------------------------------------------------------------------

    def _set_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")
        self.query_one(f"#help-{name}").set_class(bool(message), "-covered")
        self.query_one(f"#field-{name}").set_class(bool(message), "-invalid")

    def _set_help(self, name: str, message: str) -> None:
        help_line = self.query_one(f"#help-{name}", Static)
        help_line.update(message)
        help_line.set_class(bool(message), "-shown")

    def _preview_date(self, name: str, text: str) -> None:
        """Show what a relative date means (``fri`` → Fri 27 Nov 2026) as it is typed."""
        if not text.strip():
            self._set_help(name, "")
            return
        try:
            when = parse_user_date(text, self.today, event_start=self.event_start)
        except ValueError:
            self._set_help(name, DATE_HINT)
            return
        self._set_help(name, f"→ {when:%a %d %b %Y}")

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        spec = next((f for f in self.fields if f.name == name), None)
        if spec is None:
            return
        self.typing_resumed()
        if spec.kind == "date":
            self._preview_date(name, event.value)
        # An error disappears as soon as the value is fixed, not only on the next save.
        if self.query_one(f"#error-{name}", Static).has_class("-shown"):
            try:
                self._parse(spec, event.value)
            except ValueError:
                return
            self._set_error(name, "")

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)  # the button says what it does: no second warning

    # -- actions ----------------------------------------------------------------------------

    def action_save(self) -> None:
        parsed, errors = self.values()
        for spec in self.fields:
            self._set_error(spec.name, errors.get(spec.name, ""))
        if errors:
            first = next(f for f in self.fields if f.name in errors)
            self.query_one(f"#field-{first.name}").focus()
            self.say("")
            return
        if self.submit is not None:
            refusal = self.submit(parsed)
            if refusal:
                self.say(refusal)
                return
        self.dismiss(parsed)

    def action_cancel(self) -> None:
        if self.may_leave():
            self.dismiss(None)

    # -- typed work (Dialog) ----------------------------------------------------------------

    @property
    def unsaved_name(self) -> str:
        return self.form_title

    def has_unsaved(self) -> bool:
        return self.is_mounted and self._raw_values() != self._initial


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
