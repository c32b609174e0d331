"""The action pages (/e/<share token>/) served from the hub's database: the routes, templates,
headers and escaping are kaizen_tui.web's own; only the lookup is the hub's."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from kaizen_tui.hub.db import Database
from kaizen_tui.hub.events import find_by_share_token
from kaizen_tui.model import Event
from kaizen_tui.web.app import Finder, pages_app
from kaizen_tui.web.pages import is_token_shaped

log = logging.getLogger("kaizen.hub")


def database_finder(db: Database) -> Finder:
    def lookup(token: str) -> Event | None:
        bundle = find_by_share_token(db, token)
        if bundle is None:
            return None
        try:
            return Event.model_validate(bundle["event"])
        except ValidationError:
            return None  # every stored bundle was validated on push; an older model may differ

    async def find(token: str) -> Event | None:
        if not is_token_shaped(token):
            return None
        try:
            return await run_in_threadpool(lookup, token)
        except sa.exc.DBAPIError as err:
            # not "unknown link" (404): the link is fine, the phone should try again later
            log.warning("database error: %s", type(err.orig).__name__)
            message = "The kaizen hub cannot reach its database; try again later."
            raise HTTPException(503, message) from None

    return find


def pages(db: Database, *, link_base: str, today: Callable[[], date]) -> ASGIApp:
    return pages_app(database_finder(db), link_base=link_base, today=today)
