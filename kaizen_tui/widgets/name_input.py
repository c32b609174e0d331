"""A one-line field that completes a name (an owner, who raised an idea) from the people already
on the event: Tab takes the completion shown, as a shell does, and moves on; → takes it too, and
so does Enter (saving "An" while "Ana Lopes" stood greyed in the field split one person in two).

On the trial "Zofia" + Tab left the owner as "Zofia" while "Zofia Wiśniewska" stood greyed in the
field: two owners for one person, split again on the LPO's overdue list.

The completion is worked out from the names here and now, not from the greyed text (Textual
computes that a moment later, so a name typed fast and Entered would miss it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input


class Names(SuggestFromList):
    """The names a field completes, case-insensitively (the first that starts with the text)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = [name for name in dict.fromkeys(names) if name.strip()]
        super().__init__(self.names, case_sensitive=False)

    def complete(self, typed: str) -> str:
        """The whole name ``typed`` starts, or ``typed`` itself."""
        key = typed.casefold()
        if not key.strip():
            return typed
        for name in self.names:
            if name.casefold().startswith(key) and len(name) > len(typed):
                return name
        return typed


def complete_name(field: Input) -> str:
    """The value a name field stands for: the completion it offers, else what was typed."""
    if isinstance(field.suggester, Names) and field.cursor_at_end:
        return field.suggester.complete(field.value)
    return field.value


class NameInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete_and_next", "Take the name and move on", show=False),
    ]

    def take_completion(self) -> None:
        completed = complete_name(self)
        if completed != self.value:
            self.value = completed
            self.cursor_position = len(completed)

    def action_complete_and_next(self) -> None:
        self.take_completion()
        self.screen.focus_next()

    async def action_submit(self) -> None:
        self.take_completion()
        await super().action_submit()
