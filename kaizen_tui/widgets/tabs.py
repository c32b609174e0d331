"""Switching the pane of a TabbedContent from a key, the same way on every screen."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import TabbedContent, Tabs


def switch_tab(
    tabbed: TabbedContent, pane_id: str, then: Callable[[], object] | None = None
) -> None:
    """Show the pane ``pane_id``; ``then`` runs once it is shown (to focus into it).

    The focus leaves the pane being hidden first, for the tab bar: Textual hands the focus of a
    widget being hidden to a sibling in the same pane, and the tabs then switch back to that pane
    (a number key pressed in a list did nothing, or only some of the time)."""
    tabbed.screen.set_focus(tabbed.query_one(Tabs), scroll_visible=False)
    tabbed.active = pane_id
    if then is not None:
        tabbed.call_after_refresh(then)
