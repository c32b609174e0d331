"""The public link of an event's action page: what the A3's QR code encodes and the web serves."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaizen_tui.model import Event

ACTION_PAGE_PREFIX = "/e/"


def action_page_path(share_token: str) -> str:
    return f"{ACTION_PAGE_PREFIX}{share_token}"


def action_page_url(link_base: str, share_token: str) -> str:
    """``{link_base}/e/{share_token}``; ``link_base`` without a trailing slash is expected, but
    one is tolerated."""
    return link_base.rstrip("/") + action_page_path(share_token)


def owner_page_path(token: str) -> str:
    """``/o/{token}/``: an action owner's personal page on the hub (issue 15)."""
    return f"/o/{token}/"


def owner_page_url(link_base: str, token: str) -> str:
    return link_base.rstrip("/") + owner_page_path(token)


def rotate_share_token(event: Event) -> Event:
    """The event with a new share token: its old link (every printed QR code, every published
    page) leads nowhere from its next save. The A3 is no longer current either, since its QR
    code is dead: the close-out gate asks for a new print."""
    from kaizen_tui.model import new_share_token

    rotated = event.model_copy(deep=True)
    rotated.share_token = new_share_token()
    rotated.a3_printed_revision = None
    return rotated
