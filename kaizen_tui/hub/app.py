"""The hub as one ASGI app: the JSON API (/api/…, /healthz); the pages with a form (owners'
personal pages /o/…, the LPO's /login and dashboard /lpo/…, and their stylesheet) behind the
same guard as the action pages but with POST and ``form-action 'self'``; and the read-only
action pages (everything else, behind kaizen_tui.web's guard: GET/HEAD only, CSP and the other
headers)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kaizen_tui.hub import api
from kaizen_tui.hub.dashboard import dashboard_routes
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.html import FORM_HEADERS, FORM_METHODS, HUB_STYLESHEET, stylesheet_response
from kaizen_tui.hub.owner import owner_routes
from kaizen_tui.hub.pages import pages
from kaizen_tui.web.app import ReadOnlyGuard, not_found

#: Pages with a form besides /o/… and /lpo/…: the stylesheet, the LPO's login and logout.
FORM_PATHS = ("/" + HUB_STYLESHEET, "/login", "/logout", "/lpo")


def create_hub_app(
    db: Database, *, link_base: str, today: Callable[[], date] = date.today
) -> ASGIApp:
    """``link_base``: the address people reach this hub at (the calendar files' links)."""

    async def not_here(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        return api.error(status, "no such API call" if status == 404 else "method not allowed")

    json_api = Starlette(
        routes=api.routes(db, link_base=link_base),
        exception_handlers={404: not_here, 405: not_here},
    )
    json_api.router.redirect_slashes = False
    action_pages = pages(db, link_base=link_base, today=today)

    async def hub_css(request: Request) -> Response:
        return stylesheet_response()

    async def unknown(request: Request, exc: Exception) -> Response:
        if getattr(exc, "status_code", 404) == 405:
            return Response("Method Not Allowed\n", 405, media_type="text/plain; charset=utf-8")
        return not_found()

    form_pages = Starlette(
        routes=[
            Route("/" + HUB_STYLESHEET, hub_css, methods=["GET"]),
            *owner_routes(db, link_base=link_base, today=today),
            *dashboard_routes(db, link_base=link_base, today=today),
        ],
        exception_handlers={404: unknown, 405: unknown},
    )
    form_pages.router.redirect_slashes = False
    with_forms = ReadOnlyGuard(form_pages, methods=FORM_METHODS, headers=FORM_HEADERS)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and (path.startswith("/api/") or path == "/healthz"):
            await json_api(scope, receive, send)
        elif scope["type"] == "http" and (path.startswith(("/o/", "/lpo/")) or path in FORM_PATHS):
            await with_forms(scope, receive, send)
        else:
            await action_pages(scope, receive, send)

    return app
