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
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from kaizen_tui.logic.fieldkinds import Rules, as_text, parse_entry, preview_entry
from kaizen_tui.widgets.dialog import Dialog
from kaizen_tui.widgets.editors import Field, build_editor, read_editor
from kaizen_tui.widgets.keybar import KeyBar

__all__ = ["Field", "FormScreen", "Submit"]  # Field is described in widgets.editors

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
                            yield build_editor(spec, spec.value, id=f"field-{spec.name}")
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

    def on_mount(self) -> None:
        self._initial = self._raw_values()
        for spec in self.fields:
            if spec.help:
                self._set_help(spec.name, spec.help)
            if spec.value:  # what a date given in the form means, as if it had been typed
                self._preview(spec, as_text(spec.value))
        first = self.query(".form-cell > *").first()
        first.focus()

    # -- reading ----------------------------------------------------------------------------

    def _raw_values(self) -> dict[str, Any]:
        # a name field stands for the name it completes (Enter takes it, as Tab does)
        return {
            spec.name: read_editor(self.query_one(f"#field-{spec.name}"), complete=True)
            for spec in self.fields
        }

    def _rules(self, spec: Field) -> Rules:
        return spec.rules(self.today, event_start=self.event_start)

    def _parse(self, spec: Field, raw: Any) -> Any:
        """The typed value of one field, or ValueError with a message for under the field."""
        return parse_entry(spec.kind, raw, self._rules(spec))

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

    def _preview(self, spec: Field, text: str) -> None:
        """Show what the text will mean as it is typed (``fri`` → Fri 27 Nov 2026)."""
        preview = preview_entry(spec.kind, text, self._rules(spec))
        if preview is not None:
            self._set_help(spec.name, preview)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        spec = next((f for f in self.fields if f.name == name), None)
        if spec is None:
            return
        self.typing_resumed()
        self._preview(spec, event.value)
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
