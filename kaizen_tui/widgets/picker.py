"""A one-line "label: value ▾" control that opens a short list to pick from.

Used for the home screen's status and area filters instead of Textual's Select, whose overlay is
built with the screen: the list here is created only when it is opened, which keeps the home
screen's cold start small (bench startup). Enter, space or a click opens it; Escape closes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class PickScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    PickScreen {
        align: center middle;
        & > OptionList {
            width: 40;
            max-width: 100%;
            height: auto;
            max-height: 80%;
            border: round $accent;
            background: $panel;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        pick = OptionList(*[Option(Content(label), id=value) for label, value in self.options])
        pick.border_title = Content(self.title_text)
        values = [v for _, v in self.options]
        pick.highlighted = values.index(self.current) if self.current in values else 0
        yield pick

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_click(self, event: events.Click) -> None:
        if self.get_widget_at(event.screen_x, event.screen_y)[0] is self:
            self.dismiss(None)  # a click outside the list closes it


class Picker(Widget, can_focus=True):
    DEFAULT_CSS = """
    Picker {
        height: 1;
        width: auto;
        padding: 0 1;
        background: $surface;
        &:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "open", "Choose", show=False),
    ]

    class Changed(Message):
        def __init__(self, picker: Picker, value: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(
        self,
        label: str,
        options: Sequence[tuple[str, str]],
        value: str,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.options = list(options)
        self._value = value

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, new: str) -> None:
        if new != self._value:
            self._value = new
            self.refresh(layout=True)
            self.post_message(self.Changed(self, new))

    def set_options(self, options: Sequence[tuple[str, str]]) -> None:
        self.options = list(options)
        if self._value not in [v for _, v in self.options] and self.options:
            self.value = self.options[0][1]
        self.refresh(layout=True)

    def render(self) -> Content:
        shown = next((label for label, v in self.options if v == self._value), self._value)
        return Content.assemble((f"{self.label}: ", "$text-muted"), shown, " ▾")

    def action_open(self) -> None:
        def picked(value: str | None) -> None:
            if value is not None:
                self.value = value
            self.focus()

        self.app.push_screen(PickScreen(self.label, self.options, self._value), picked)

    def on_click(self) -> None:
        self.action_open()
