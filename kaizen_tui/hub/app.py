"""The hub as one ASGI app: the JSON API (/api/…, /healthz) beside the read-only action pages
(everything else, behind kaizen_tui.web's guard: GET/HEAD only, CSP and the other headers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kaizen_tui.hub import api
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.pages import pages


def create_hub_app(
    db: Database, *, link_base: str, today: Callable[[], date] = date.today
) -> ASGIApp:
    """``link_base``: the address people reach this hub at (the calendar files' links)."""

    async def not_here(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        return api.error(status, "no such API call" if status == 404 else "method not allowed")

    json_api = Starlette(routes=api.routes(db), exception_handlers={404: not_here, 405: not_here})
    json_api.router.redirect_slashes = False
    action_pages = pages(db, link_base=link_base, today=today)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path.startswith("/api/") or path == "/healthz"):
            await json_api(scope, receive, send)
        else:
            await action_pages(scope, receive, send)

    return app
