"""When a save meets a newer revision on disk: say so, and let the facilitator choose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConflictScreen(ModalScreen[str]):
    """Dismisses with "reapply", "discard" or "later"."""

    DEFAULT_CSS = """
    ConflictScreen {
        align: center middle;
        #conflict {
            width: 80;
            max-width: 100%;
            height: auto;
            border: thick $error;
            border-title-style: bold;
            background: $panel;
            padding: 1 2;
        }
        #conflict-changes { color: $text-warning; margin: 1 0; }
        Button { width: 100%; margin-top: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "decide('reapply')", "Reload and re-apply"),
        Binding("d", "decide('discard')", "Reload, drop my changes"),
        Binding("escape,l", "decide('later')", "Decide later"),
    ]

    def __init__(self, message: str, changes: Sequence[str]) -> None:
        super().__init__()
        self.message = message
        self.changes = list(changes)

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict") as box:
            box.border_title = "Not saved: this event changed elsewhere"
            yield Static(self.message, markup=False)
            listed = ", ".join(c or "change" for c in self.changes)
            yield Static(f"Your unsaved changes: {listed}", id="conflict-changes", markup=False)
            yield Button(
                "r  Reload the event and apply my changes to it again",
                id="reapply",
                variant="primary",
                compact=True,
            )
            yield Button("d  Reload the event and drop my changes", id="discard", compact=True)
            yield Button("l  Decide later (ctrl+r asks again)", id="later", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reapply", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "later")

    def action_decide(self, decision: str) -> None:
        self.dismiss(decision)
