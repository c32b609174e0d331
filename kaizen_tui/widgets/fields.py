"""Fields bound to one value of the open event, saved as soon as an edit is accepted.

An edit is accepted on Enter, when focus leaves the field, and after a second of no typing (so a
crash mid-sentence loses at most a second). A value that does not parse is never saved: it stays
in the field with a message under it, and the screen refuses to close until it is fixed or the
facilitator confirms leaving it (see EventScreen.flush_edits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from kaizen_tui.logic.fieldkinds import KINDS, Kind, Rules, parse_entry, preview_entry, show_entry
from kaizen_tui.widgets.choice import Choice
from kaizen_tui.widgets.editors import Field, build_editor, put_editor, read_editor
from kaizen_tui.widgets.name_input import NameInput

if TYPE_CHECKING:
    from kaizen_tui.model import Event

AUTOSAVE_SECONDS = 1.0

FieldKind = Kind  # any kind a form field has (logic.fieldkinds)


class Committer(Protocol):
    """What a field, or a dialog over one event (the close-out gate, a review), needs from the
    screen it works for: the event, today, and a way to apply a change to the event and save it.
    ``commit`` applies ``change`` to a copy of the event (a change may also return a new event,
    which is then the one kept) and returns None when it is taken, or a one-line problem
    (nothing applied)."""

    def commit(self, change: Callable[[Event], object], what: str) -> str | None: ...

    @property
    def event(self) -> Event: ...

    @property
    def today(self) -> date: ...


class EventField(Vertical):
    """A label, an editor and a message line, bound to one value of the event.

    ``read`` turns the event into the editor's text (or choice/bool); ``write`` parses the editor's
    value into the event and raises ValueError with a message a person can act on.
    """

    DEFAULT_CSS = """
    EventField {
        height: auto;
        width: 1fr;
        layout: horizontal;
        & > .field-label { width: 16; padding-right: 1; text-align: right; color: $text-muted; }
        & > .field-body { width: 1fr; height: auto; }
        & .field-body > Input { width: 1fr; }
        & .field-body > TextArea { height: 4; }
        & .field-body > TextArea.-tall { height: 6; }
        & .field-body > .-invalid { background: $error 25%; }
        & .field-note { display: none; height: auto; color: $text-muted; }
        & .field-note.-shown { display: block; }
        & .field-note.-error { color: $text-error; }
        /* The field being edited lights up: its label in the accent colour, the row tinted
           (Textual restyles a subtree on focus only from a node that has a :focus-within rule
           of its own, so the row's rule is what makes the label's rule take effect). */
        &:focus-within { background-tint: $foreground 6%; }
        &:focus-within > .field-label { color: $accent; text-style: bold; }
    }
    """

    def __init__(
        self,
        label: str,
        read: Callable[[Event], Any],
        write: Callable[[Event, Any], None],
        *,
        kind: FieldKind = "text",
        options: Sequence[tuple[str, str]] = (),
        placeholder: str = "",
        suggestions: Sequence[str] = (),
        tall: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.read = read
        self.write = write
        # the same description a form field has: the editor and the parsing follow from it
        self.spec = Field(
            "",
            label,
            kind,
            options=list(options),
            placeholder=placeholder,
            suggestions=suggestions,
            tall=tall,
        )
        self._saved: Any = None  # the editor value that matches the stored event
        self._timer: Timer | None = None
        self.error = ""

    @property
    def committer(self) -> Committer:
        """The screen the field is on: it holds the event and saves changes to it."""
        return cast("Committer", self.screen)

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def kind(self) -> FieldKind:
        return self.spec.kind

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        with Vertical(classes="field-body"):
            yield build_editor(self.spec, classes="editor")
            yield Static("", classes="field-note", markup=False)

    @property
    def editor(self) -> Widget:
        return self.query_one(".editor")

    @property
    def value(self) -> Any:
        return read_editor(self.editor)

    def _set_editor(self, value: Any) -> None:
        put_editor(self.editor, self.spec, value)

    @property
    def dirty(self) -> bool:
        return self.value != self._saved

    def show_event(self, event: Event, *, force: bool = False) -> None:
        """Mirror the stored value, unless the person is part-way through editing this field."""
        stored = self._display(event)
        if force or not self.dirty:
            self._saved = stored
            self._set_editor(stored)
            if force:
                self._note("", error=False)
        else:
            self._saved = stored

    def _display(self, event: Event) -> Any:
        return show_entry(self.kind, self.read(event))

    # -- saving ---------------------------------------------------------------------------------

    def save(self, *, quiet: bool = False) -> str | None:
        """Save the editor's value if it changed. Returns the problem, or None when saved (or
        nothing to save). ``quiet`` (autosave while typing) keeps a half-typed value silent."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        editor = self.editor
        if isinstance(editor, NameInput) and not quiet:
            editor.take_completion()  # Enter or leaving takes the name shown greyed, as Tab does
        if not self.dirty:
            return None
        value = self.value
        committer = self.committer
        try:
            parsed = parse_entry(self.kind, value, self._rules())
        except ValueError as err:
            if not quiet:
                self._note(str(err), error=True)
            return f"{self.label}: {err}"
        problem = committer.commit(lambda event: self.write(event, parsed), what=self.label)
        if problem:
            if not quiet:
                self._note(problem, error=True)
            return f"{self.label}: {problem}"
        self._note("", error=False)
        self.after_saved(committer.event)
        return None

    def _rules(self) -> Rules:
        committer = self.committer
        start = getattr(getattr(committer, "event", None), "start", None)
        # text as typed: it is saved while being typed, and trimming would eat the next space
        return self.spec.rules(committer.today, event_start=start, as_typed=True)

    def after_saved(self, event: Event) -> None:
        """Show the stored form of what was typed (``fri`` becomes ``2026-11-27``)."""
        stored = self._display(event)
        self._saved = stored
        editor = self.editor
        if KINDS[self.kind].echoes or not editor.has_focus:
            self._set_editor(stored)

    def _note(self, message: str, *, error: bool) -> None:
        self.error = message if error else ""
        note = self.query_one(".field-note", Static)
        note.update(message)
        note.set_class(bool(message), "-shown")
        note.set_class(error, "-error")
        self.editor.set_class(error and bool(message), "-invalid")

    # -- events ---------------------------------------------------------------------------------

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, lambda: self.save(quiet=True))

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Input.Changed | TextArea.Changed) -> None:
        event.stop()
        if not self.dirty:
            return
        rules = self._rules()
        preview = preview_entry(self.kind, str(self.value), rules)
        if preview is not None:
            self._note(preview, error=False)
        if self.error:
            # clear the message as soon as the value parses again
            try:
                parse_entry(self.kind, self.value, rules)
            except ValueError:
                pass
            else:
                self._note("", error=False)
        self._schedule()

    @on(Choice.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _picked(self, event: Choice.Changed | Checkbox.Changed | Select.Changed) -> None:
        event.stop()
        self.save()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.save() is None:
            self.screen.focus_next()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Also when a dialog opens on top (the parking-lot hotkey): the edit is saved first.
        if self.is_mounted and self.dirty:
            self.save()
