"""A one-key chooser: every option visible, arrows change the value at once.

Used where a Select's open-pick-close would be three steps for a choice the team watches being made
(VA/NNVA/NVA, PDCA, status, TIMWOODS). The chosen option is bracketed as well as highlighted, so
it reads without colour (a washed-out projector, a text capture). Left/right (or up/down when
vertical) move the choice, the first letter of an option jumps to it, a click picks it; Enter is
left to the form (submit).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice--selected", "choice--hint"}

    DEFAULT_CSS = """
    Choice {
        height: auto;
        width: 1fr;
        padding: 0 1;
        background: $surface;
        & > .choice--selected { background: $primary 40%; text-style: bold; }
        &:focus { background-tint: $foreground 5%; }
        &:focus > .choice--selected {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .choice--hint { color: $text-muted; }
    }
    """

    index: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str | None = None,
        *,
        vertical: bool = False,
        hints: Sequence[str] = (),
        keys: Sequence[str] = (),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``options`` are (label, value) pairs; ``keys`` optional jump keys, one per option
        (default: the label's first letter); ``hints`` optional text after each label
        (vertical only)."""
        super().__init__(id=id, classes=classes)
        self.options = list(options)
        self.vertical = vertical
        self.hints = list(hints)
        self.keys = [k.lower() for k in keys] or [label[:1].lower() for label, _ in options]
        values = [v for _, v in self.options]
        self.set_reactive(Choice.index, values.index(value) if value in values else 0)
        self._spans: list[tuple[int, int]] = []

    @property
    def value(self) -> str:
        return self.options[self.index][1]

    @value.setter
    def value(self, new: str) -> None:
        values = [v for _, v in self.options]
        if new in values:
            self.index = values.index(new)

    def watch_index(self, old: int, new: int) -> None:
        if old != new:
            self.post_message(self.Changed(self, self.value))

    def render(self) -> Text:
        selected = self.get_component_rich_style("choice--selected", partial=True)
        hint_style = self.get_component_rich_style("choice--hint", partial=True)
        text = Text()
        self._spans = []
        for i, (label, _) in enumerate(self.options):
            if self.vertical:
                if i:
                    text.append("\n")
                start = text.cell_len
                text.append(self._option(label, i), style=selected if i == self.index else "")
                if i < len(self.hints) and self.hints[i]:
                    text.append(f" {self.hints[i]}", style=hint_style)
            else:
                if i:
                    text.append(" ")
                start = text.cell_len
                text.append(self._option(label, i), style=selected if i == self.index else "")
            self._spans.append((start, text.cell_len))
        return text

    def _option(self, label: str, index: int) -> str:
        return f"[{label}]" if index == self.index else f" {label} "

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        if self.vertical:
            return len(self.options)
        # on a narrow screen the options wrap onto a second line rather than being cut off
        return max(1, len(self.render().wrap(self.app.console, max(1, width))))

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.options)

    def on_key(self, event: events.Key) -> None:
        if self.vertical and event.key in ("up", "down"):
            self.action_step(-1 if event.key == "up" else 1)
            event.stop()
            event.prevent_default()
            return
        char = (event.character or "").lower()
        if char and char.isprintable() and char != " ":
            # Repeated presses of a shared letter (two O's in TIMWOODS) cycle through them.
            matches = [i for i, key in enumerate(self.keys) if key == char]
            if matches:
                later = [i for i in matches if i > self.index]
                self.index = later[0] if later else matches[0]
                event.stop()
                event.prevent_default()
        elif event.key == "space":
            self.action_step(1)
            event.stop()
            event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        if self.vertical:
            if 0 <= event.y < len(self.options):
                self.index = event.y
            return
        x = event.x - 1  # padding
        for i, (start, end) in enumerate(self._spans):
            if start <= x < end:
                self.index = i
                return
