"""The LPO portfolio screen (screen.py), what its tabs show (views.py), adopting a yokoten practice
(adopt.py) and the report and evidence files it writes (exports.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaizen_tui.screens.host import KaizenHost


def open_portfolio(app: KaizenHost) -> None:
    """Show the portfolio: back to it if it is open, else on top of home. An open event is left
    first (its edits saved), because adopting a practice here may add an action to it."""
    from kaizen_tui.screens.portfolio.screen import PortfolioScreen
    from kaizen_tui.screens.workspace import EventScreen

    if isinstance(app.screen, PortfolioScreen):
        return
    if isinstance(app.screen, EventScreen):

        def left() -> None:
            app.pop_screen()
            open_portfolio(app)

        app.screen.leave_then(left)  # its edits are written first
        return
    if any(isinstance(screen, PortfolioScreen) for screen in app.screen_stack):
        while not isinstance(app.screen, PortfolioScreen):
            app.pop_screen()
        return
    app.push_screen(PortfolioScreen())
