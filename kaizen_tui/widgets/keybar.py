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
        height: 1;
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
        parts: list[tuple[str, str] | str] = []
        spans: list[tuple[int, int, str]] = []
        position = 0
        for bindings in by_action.values():
            binding, enabled = bindings[0]
            key = self.app.get_key_display(binding)
            text = f" {key} {binding.description} "
            style = "" if enabled else "$text-disabled"
            parts.append((f" {key}", f"bold $footer-key-foreground {style}".strip()))
            parts.append((f" {binding.description} ", style or "$footer-description-foreground"))
            spans.append((position, position + len(text), binding.key))
            position += len(text)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            binding, _ = palette
            tail = f" {self.app.get_key_display(binding)} palette "
            width = self.size.width or 80
            gap = max(1, width - position - len(tail))
            parts.append(" " * gap)
            spans.append((position + gap, position + gap + len(tail), binding.key))
            parts.append((tail, "$footer-key-foreground"))
        self._spans = spans
        self._content = Content.assemble(*parts)
        self.refresh()

    def render(self) -> Content:
        return self._content

    def on_resize(self) -> None:
        self._bindings_changed(self.screen)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return
