"""Rotate the share link from the event workspace (the command palette): the same rule as
`kaizen token rotate` (logic/links.py), asked first, because every printed A3 of the event leads
nowhere afterwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaizen_tui.screens.workspace import EventScreen


def rotate_link_command(screen: EventScreen) -> None:
    """The command palette's "Rotate the share link"."""
    from kaizen_tui.logic.links import rotate_share_token
    from kaizen_tui.widgets.confirm import ConfirmScreen

    event_id = screen.event.id
    message = (
        f"{event_id} gets a new share link. The QR code on every printed A3 of this event, "
        "and the old link wherever it was sent, will lead nowhere. Published folders change at "
        "the next `kaizen publish`. Print the A3 again afterwards (ctrl+o)."
    )

    def answered(agreed: bool | None) -> None:
        if not agreed:
            return
        problem = screen.commit(rotate_share_token, "new share link")
        if problem:
            screen.notify(
                problem, title="Share link not changed", severity="error", timeout=10, markup=False
            )
            return
        from kaizen_tui.logic.links import action_page_url

        link_base, _ = screen.kaizen.config.effective_link_base()
        screen.notify(
            f"{action_page_url(link_base, screen.event.share_token)}/\n"
            f"Printed A3s of {event_id} lead nowhere now: print the A3 again (ctrl+o).",
            title="New share link",
            severity="warning",
            timeout=15,
            markup=False,
        )

    screen.app.push_screen(ConfirmScreen("Rotate the share link?", message, yes="Rotate"), answered)
