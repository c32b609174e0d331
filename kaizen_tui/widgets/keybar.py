"""The footer: the keys that work right now, in one line, clickable.

Textual's Footer builds one widget per key and rebuilds them on every focus change; with the 8-10
keys our screens show, that was the largest single cost of the home screen's cold start (bench
startup) and a rebuild on every Tab. This bar renders the same information as one line of text:
the active bindings of the focused widget and its ancestors (``binding.show``), disabled ones
dimmed, the command palette at the right. A click on a key presses it.
"""

from __future__ import annotations

from collections import defaultdict

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 3;  /* on a narrow screen the keys wrap rather than fall off the edge */
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) for clicks
        self._content = Content("")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        by_action: defaultdict[str, list[tuple[Binding, bool]]] = defaultdict(list)
        palette: tuple[Binding, bool] | None = None
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
            elif binding.show:
                by_action[binding.action].append((binding, enabled))
        items: list[tuple[str, str, str, bool]] = []  # (key shown, description, key, enabled)
        for bindings in by_action.values():
            binding, enabled = bindings[0]
            items.append(
                (self.app.get_key_display(binding), binding.description, binding.key, enabled)
            )
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            binding, enabled = palette
            items.append((self.app.get_key_display(binding), "palette", binding.key, enabled))
        # Pack whole keys into lines; more lines only when the screen is too narrow.
        # before its first layout, as wide as the screen (it is docked across the bottom): a bar
        # laid out first for 80 columns took two lines, then one, and the screen was laid out
        # and painted again (bench startup)
        width = max(20, self.size.width or screen.size.width or self.app.size.width or 80)
        parts: list[tuple[str, str] | str] = []
        spans: list[tuple[int, int, str]] = []  # (start, end, key) counted across lines
        line = 0
        column = 0
        for index, (shown, description, key, enabled) in enumerate(items):
            length = len(shown) + len(description) + 3
            is_palette = palette is not None and index == len(items) - 1
            if is_palette:  # at the right-hand end of the last line
                gap = width - column - length
                if gap < 0:
                    parts.append("\n")
                    line, column = line + 1, 0
                    gap = width - length
                parts.append(" " * gap)
                column += gap
            elif column and column + length > width:
                parts.append("\n")
                line, column = line + 1, 0
            style = "" if enabled else "$text-disabled"
            parts.append((f" {shown}", f"bold $footer-key-foreground {style}".strip()))
            parts.append((f" {description} ", style or "$footer-description-foreground"))
            start = line * width + column
            spans.append((start, start + length, key))
            column += length
        self._spans = spans
        self._content = Content.assemble(*parts)
        self.refresh(layout=True)

    def render(self) -> Content:
        return self._content

    def on_resize(self) -> None:
        self._bindings_changed(self.screen)

    def on_click(self, event: events.Click) -> None:
        x = event.x + event.y * self.size.width  # offset in the (possibly wrapped) line
        for start, end, key in self._spans:
            if start <= x < end:
                self.app.simulate_key(key.split(",")[0])
                return
