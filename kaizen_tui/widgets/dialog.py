"""What every dialog that takes typing shares (forms, the close-out gate, a review, adopting a
practice): a box in the middle of the screen with its title on the border, a message line, the
buttons at the bottom right; and the rule that typed work is never dropped by one stray key.

Escape with something typed warns once (a second Escape leaves); quitting the app with a dialog
open names the typed work first (``flush_edits``, which the app asks of every open screen).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Static

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        & > .dialog {
            width: 100;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-style: bold;
            background: $panel;
            padding: 0 1;
        }
        & .dialog-message { height: auto; color: $text-error; display: none; }
        & .dialog-message.-shown { display: block; }
        & .dialog-buttons { height: auto; align-horizontal: right; margin-top: 1; }
        & .dialog-buttons Button { margin-left: 1; min-width: 12; }
    }
    """

    #: What the first Escape says when something is typed.
    LEAVE_WARNING: ClassVar[str] = "Press Esc again to leave without what you typed."

    def __init__(self) -> None:
        super().__init__()
        self._leave_armed = False

    @property
    def unsaved_name(self) -> str:
        """How quitting names this dialog's typed work ("Edit action A1")."""
        return "A dialog"

    def has_unsaved(self) -> bool:
        """Whether leaving now would throw typed work away."""
        return False

    def say(self, text: str) -> None:
        """Show ``text`` on the dialog's message line (empty: hide it)."""
        message = self.query_one(".dialog-message", Static)
        message.update(text)
        message.set_class(bool(text), "-shown")

    def typing_resumed(self) -> None:
        """Something changed since the warning: the next Escape warns again."""
        self._leave_armed = False

    def may_leave(self) -> bool:
        """True when Escape may close the dialog: nothing is typed, or Escape was pressed twice
        (the first time it says what would be lost)."""
        if self.has_unsaved() and not self._leave_armed:
            self._leave_armed = True
            self.say(self.LEAVE_WARNING)
            return False
        return True

    def flush_edits(self) -> list[str]:
        """Asked by the app before it quits: typed work here is named, so ctrl+q asks first."""
        if self.has_unsaved():
            return [f"{self.unsaved_name}: typed, not saved yet (ctrl+s saves it)"]
        return []
