"""A checkbox that says whether it is ticked without colour.

Textual's Checkbox draws an X whether it is on or off and tells the two apart by colour only: on
a projector (or in a text capture) an unconfirmed root cause read "Confirmed [X]". This one shows
a ✓ when on and nothing when off.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads this name
        return "✓" if self.value else " "
