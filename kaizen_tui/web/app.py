"""The read-only action pages as a Starlette app (docs/architecture.md, "Data flow").

Every request asks the store afresh (``find_by_token`` + ``load_shared``, which re-read a file
as soon as it changes), so a page shows each save made in the app on the next request. Nothing
here writes: the store handed in is read-only. The store's lookup and load and every rendering
run in a thread pool, never on the event loop: one huge event (a parse and a render of seconds)
must not make every other request wait (issue 12).

Routes (the same layout as a published folder, see pages.py)::

    GET /                          a page that lists nothing
    GET /static/style.css
    GET /e/<token>                 redirects to /e/<token>/ (as a static web server would), so
    GET /e/<token>/                the page's relative links work the same served or published
    GET /e/<token>/actions.csv
    GET /e/<token>/reviews.ics
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kaizen_tui.errors import KaizenError
from kaizen_tui.model import Event
from kaizen_tui.store import Store
from kaizen_tui.web.pages import (
    CSV,
    ICS,
    MEDIA_TYPES,
    PAGE,
    STYLESHEET,
    download_name,
    index_html,
    is_token_shaped,
    not_found_html,
    page_file,
    stylesheet,
)

SECURITY_HEADERS = {
    # No scripts, frames, forms or foreign hosts; only our own stylesheet.
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",  # the token in the URL must not travel in a Referer
    "x-frame-options": "DENY",
    "x-robots-tag": "noindex, nofollow",
}
ALLOWED_METHODS = ("GET", "HEAD")


class ReadOnlyGuard:
    """Wraps the whole app (outside Starlette's error handler, so even a 500 gets the headers):
    refuses every method but GET and HEAD with 405, adds the security headers to every response,
    and sends no body for HEAD. The hub's pages with a form (owner pages, the LPO's login) pass
    their own ``methods`` and headers (``form-action 'self'``)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        methods: tuple[str, ...] = ALLOWED_METHODS,
        headers: dict[str, str] = SECURITY_HEADERS,
    ) -> None:
        self.app = app
        self.methods = methods
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        if scope["method"] not in self.methods:
            response = Response(
                "Method Not Allowed\n",
                status_code=405,
                media_type="text/plain; charset=utf-8",
                headers={"allow": ", ".join(self.methods)},
            )
            await response(scope, receive, send_guarded)
            return
        await self.app(scope, receive, send_guarded)


class RenderMemo:
    """Rendered files by their inputs: the file, a SHA-256 of the event as loaded, the day and
    the link base. Rendering is a pure function of those, so a hit is exactly what rendering now
    would give; a save changes the event and so the key. Small LRU, so memory stays flat."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, bytes, date, str], bytes] = OrderedDict()
        self._lock = threading.Lock()  # requests render in a thread pool

    def file(self, name: str, event: Event, *, today: date, link_base: str) -> bytes:
        digest = hashlib.sha256(event.model_dump_json().encode()).digest()
        key = (name, digest, today, link_base)
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
                return body
        body = page_file(name, event, today=today, link_base=link_base)  # outside the lock
        with self._lock:
            self._items[key] = body
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return body


def not_found() -> HTMLResponse:
    """The one 404: the same body whatever was wrong, so it tells nothing about tokens."""
    return HTMLResponse(not_found_html(), status_code=404, headers={"cache-control": "no-store"})


#: How the pages find an event by its share token: the store for `kaizen serve`, the database
#: for the hub. None for an unknown token (or one that is not token-shaped).
Finder = Callable[[str], Awaitable[Event | None]]


def store_finder(store: Store) -> Finder:
    """Find events in a laptop's store: a stat or two per request, a parse only after a save,
    in a worker thread (a parse of a huge event takes seconds)."""

    async def find(token: str) -> Event | None:
        return await run_in_threadpool(find_now, token)

    def find_now(token: str) -> Event | None:
        if not is_token_shaped(token):
            return None
        summary = store.find_by_token(token)
        if summary is None:
            return None
        try:
            event = store.load_shared(summary.id)
        except KaizenError:
            return None  # deleted or damaged since the lookup: as good as unknown
        # the file may have changed since the summary was read; the loaded token decides
        if not hmac.compare_digest(event.share_token.encode(), token.encode()):
            return None
        return event

    return find


def create_app(
    store: Store,
    *,
    link_base: str,
    today: Callable[[], date] = date.today,
) -> ASGIApp:
    """The ASGI app serving ``store``'s action pages. ``today`` is asked on every request (a
    server runs past midnight); ``link_base`` goes into the calendar entries' links."""
    return pages_app(store_finder(store), link_base=link_base, today=today)


def pages_app(
    find: Finder,
    *,
    link_base: str,
    today: Callable[[], date] = date.today,
) -> ASGIApp:
    """The read-only action pages over any way of finding an event by token, behind the guard:
    `kaizen serve` and the hub serve the same routes, headers and templates from here."""

    memo = RenderMemo()

    async def home(request: Request) -> Response:
        return HTMLResponse(index_html())

    async def style(request: Request) -> Response:
        return Response(
            stylesheet(), media_type=MEDIA_TYPES[STYLESHEET], headers={"cache-control": "no-cache"}
        )

    async def event_root(request: Request) -> Response:
        token = request.path_params["token"]
        if await find(token) is None:
            return not_found()
        # relative, so it also works behind a proxy that serves us under a path prefix
        return RedirectResponse(f"{token}/", status_code=301)  # as static web servers do

    def event_file(name: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            event = await find(request.path_params["token"])
            if event is None:
                return not_found()
            headers = {"cache-control": "no-store"}
            if name == CSV:
                headers["content-disposition"] = (
                    f'attachment; filename="{download_name(name, event)}"'
                )
            elif name == ICS:
                headers["content-disposition"] = f'inline; filename="{download_name(name, event)}"'
            body = await run_in_threadpool(
                memo.file, name, event, today=today(), link_base=link_base
            )
            return Response(body, media_type=MEDIA_TYPES[name], headers=headers)

        return endpoint

    async def unknown(request: Request, exc: Exception) -> Response:
        return not_found()

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/" + STYLESHEET, style, methods=["GET"]),
        Route("/e/{token}", event_root, methods=["GET"]),
        Route("/e/{token}/", event_file(PAGE), methods=["GET"]),
        Route("/e/{token}/" + CSV, event_file(CSV), methods=["GET"]),
        Route("/e/{token}/" + ICS, event_file(ICS), methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: unknown})
    # Starlette redirects "/e/x/y/" to "/e/x/y" and the like; we want exactly our routes.
    app.router.redirect_slashes = False
    return ReadOnlyGuard(app)
