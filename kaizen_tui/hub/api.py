"""The hub's HTTP API v1 (docs/hub.md, "API"): JSON in and out, a bearer token on every
/api/ request. The database work runs in Starlette's thread pool, never on the event loop."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kaizen_tui.errors import BundleError
from kaizen_tui.hub import events, links
from kaizen_tui.hub.auth import User, bearer
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.users import user_for_token
from kaizen_tui.logic.links import owner_page_url

#: The largest request body taken (a bundle of a big event is well under 1 MB; the model caps
#: every text at 20,000 characters). Bigger bodies get 413 before they are read whole.
MAX_BODY = 16 * 1024 * 1024
log = logging.getLogger("kaizen.hub")
API_HEADERS = {"cache-control": "no-store", "x-content-type-options": "nosniff"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def answer(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={**API_HEADERS, **(headers or {})})


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return answer({"error": message}, status, headers)


async def read_json(request: Request, limit: int = MAX_BODY) -> Any:
    length = request.headers.get("content-length", "")
    if length.isascii() and length.isdigit() and int(length) > limit:
        raise ApiError(413, f"the request body is over {limit // (1024 * 1024)} MB")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, f"the request body is over {limit // (1024 * 1024)} MB")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as err:
        raise ApiError(400, f"the body is not JSON: {str(err)[:120]}") from None


Endpoint = Callable[[Request, User], Awaitable[Response]]


def routes(db: Database, *, link_base: str = "") -> list[Route]:
    """The /api/v1 routes and /healthz over ``db``; ``link_base`` is the hub's address as
    people reach it (owners' personal links are made from it)."""

    async def authenticate(request: Request) -> User:
        token = bearer(request.headers.get("authorization"))
        user = None if token is None else await run_in_threadpool(user_for_token, db, token)
        if user is None:
            why = "a hub token is needed" if token is None else "this token is not valid here"
            raise ApiError(
                401,
                f"{why} (kaizen hub login URL --token TOKEN)",
                {"www-authenticate": 'Bearer realm="kaizen-hub"'},
            )
        return user

    def guarded(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                return await endpoint(request, await authenticate(request))
            except ApiError as err:
                return error(err.status, err.message, err.headers)
            except events.Forbidden as err:
                return error(403, str(err))
            except (events.UnknownEvent, links.NoSuchOwner) as err:
                return error(404, str(err))
            except BundleError as err:
                return error(400, str(err).replace("\n", " "))
            except sa.exc.DBAPIError as err:
                # down, restarting, out of connections: the laptop keeps its edit and retries
                log.warning("database error: %s", type(err.orig).__name__)
                return error(503, "the hub's database does not answer; try again later")

        return run

    async def healthz(request: Request) -> Response:
        try:
            await run_in_threadpool(db.ping)
        except Exception:  # what failed is for the hub's own log, not for the prober
            return answer({"ok": False, "error": "the database does not answer"}, 503)
        return answer({"ok": True})

    async def me(request: Request, user: User) -> Response:
        return answer({"name": user.name, "role": user.role})

    async def changes(request: Request, user: User) -> Response:
        since = events.parse_cursor(request.query_params.get("since"))
        found, cursor, more = await run_in_threadpool(events.changes, db, user, since)
        return answer(
            {
                "events": [{"id": e.id, "revision": e.revision, "bundle": e.bundle} for e in found],
                "cursor": str(cursor),
                "more": more,
            }
        )

    async def get_event(request: Request, user: User) -> Response:
        stored = await run_in_threadpool(events.get_event, db, user, request.path_params["id"])
        return answer({"id": stored.id, "revision": stored.revision, "bundle": stored.bundle})

    async def put_event(request: Request, user: User) -> Response:
        event_id = request.path_params["id"]
        body = await read_json(request)
        base, bundle = await run_in_threadpool(events.parse_push, event_id, body)
        result = await run_in_threadpool(events.push, db, user, event_id, base, bundle)
        return answer(
            {"revision": result.revision, "bundle": result.bundle},
            200 if result.accepted else 409,
        )

    async def event_links(request: Request, user: User) -> Response:
        body = await read_json(request, limit=256 * 1024)
        have = body.get("have", []) if isinstance(body, dict) else None
        if not isinstance(have, list) or not all(isinstance(x, str) for x in have):
            raise ApiError(400, 'expected {"have": [link ids this laptop holds]}')
        if len(have) > links.MAX_HELD:
            raise ApiError(400, f"at most {links.MAX_HELD} link ids at once")
        found = await run_in_threadpool(
            links.links_for_event, db, user, request.path_params["id"], set(have)
        )
        shown = []
        for link in found:
            item = {"owner": link.owner, "link_id": link.link_id}
            if link.token is not None:
                item["url"] = owner_page_url(link_base, link.token)
            shown.append(item)
        return answer({"links": shown})

    async def revoke_links(request: Request, user: User) -> Response:
        body = await read_json(request, limit=64 * 1024)
        owner = body.get("owner") if isinstance(body, dict) else None
        if not isinstance(owner, str) or not owner.strip():
            raise ApiError(400, 'expected {"owner": "the owner\'s name"}')
        shown, count = await run_in_threadpool(
            links.revoke_owner, db, user, request.path_params["id"], owner
        )
        return answer({"owner": shown, "revoked": count})

    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/api/v1/events/{id}/links", guarded(event_links), methods=["POST"]),
        Route("/api/v1/events/{id}/links/revoke", guarded(revoke_links), methods=["POST"]),
        Route("/api/v1/me", guarded(me), methods=["GET"]),
        Route("/api/v1/changes", guarded(changes), methods=["GET"]),
        Route("/api/v1/events/{id}", guarded(get_event), methods=["GET"]),
        Route("/api/v1/events/{id}", guarded(put_event), methods=["PUT"]),
    ]
