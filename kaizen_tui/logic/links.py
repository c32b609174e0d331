"""The public link of an event's action page: what the A3's QR code encodes and the web serves."""

from __future__ import annotations

ACTION_PAGE_PREFIX = "/e/"


def action_page_path(share_token: str) -> str:
    return f"{ACTION_PAGE_PREFIX}{share_token}"


def action_page_url(link_base: str, share_token: str) -> str:
    """``{link_base}/e/{share_token}``; ``link_base`` without a trailing slash is expected, but
    one is tolerated."""
    return link_base.rstrip("/") + action_page_path(share_token)
