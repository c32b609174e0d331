"""A one-line field that completes a name (an owner, who raised an idea) from the people already
on the event: Tab takes the completion shown, as a shell does, and moves on; → takes it too.

On the trial "Zofia" + Tab left the owner as "Zofia" while "Zofia Wiśniewska" stood greyed in the
field: two owners for one person, split again on the LPO's overdue list.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class NameInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete_and_next", "Take the name and move on", show=False),
    ]

    def action_complete_and_next(self) -> None:
        suggestion = self._suggestion  # what the field shows greyed after the cursor
        if self.cursor_at_end and suggestion and len(suggestion) > len(self.value):
            self.value = suggestion
            self.cursor_position = len(suggestion)
        self.screen.focus_next()
