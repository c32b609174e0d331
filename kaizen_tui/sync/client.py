"""The laptop's side of the hub's HTTP API v1 (docs/hub.md): JSON over one kept-alive
connection, a bearer token on every request. Standard library only: a laptop that never syncs
pays nothing for it at start-up.

Every failure is a KaizenError with one line a person can act on: :class:`HubUnreachable` (no
answer, or not a kaizen hub), :class:`HubRefused` (401: the token). Other answers (200, 409, 400,
403, 404) are returned to the caller, which knows what each means for one event.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from kaizen_tui.errors import KaizenError

TIMEOUT_S = 30.0


class HubUnreachable(KaizenError):
    """No answer from the hub (or an answer that is not the hub's)."""


class HubRefused(KaizenError):
    """The hub refused the token (401)."""


@dataclass(frozen=True)
class Answer:
    status: int
    data: dict[str, Any]

    @property
    def error(self) -> str:
        """The hub's one-line reason, for 4xx answers."""
        return str(self.data.get("error") or f"HTTP {self.status}")


class HubClient:
    """One hub, one token. Use as a context manager (or call :meth:`close`)."""

    def __init__(self, url: str, token: str, *, timeout: float = TIMEOUT_S) -> None:
        parts = urlsplit(url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KaizenError(f"{url!r} is not a hub address; use e.g. https://hub.example.org")
        self.url = url.rstrip("/")
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- the API -------------------------------------------------------------------------------

    def me(self) -> dict[str, Any]:
        """``{"name", "role"}`` of the token's user; HubRefused when the token is not valid."""
        answer = self._call("GET", "/api/v1/me")
        if answer.status != 200:
            raise HubUnreachable(f"the hub at {self.url} answered {answer.status}: {answer.error}")
        return answer.data

    def changes(self, since: str | None) -> Answer:
        query = "?" + urlencode({"since": since}) if since else ""
        return self._call("GET", f"/api/v1/changes{query}")

    def get(self, event_id: str) -> Answer:
        return self._call("GET", f"/api/v1/events/{quote(event_id, safe='')}")

    def put(self, event_id: str, base: int | None, bundle: dict[str, Any]) -> Answer:
        body = {"base": base, "bundle": bundle}
        return self._call("PUT", f"/api/v1/events/{quote(event_id, safe='')}", body)

    def links(self, event_id: str, have: list[str]) -> Answer:
        """Owners' personal links for an event (issue 15): ``have`` names those held here."""
        return self._call(
            "POST", f"/api/v1/events/{quote(event_id, safe='')}/links", {"have": have}
        )

    def revoke_links(self, event_id: str, owner: str) -> Answer:
        path = f"/api/v1/events/{quote(event_id, safe='')}/links/revoke"
        return self._call("POST", path, {"owner": owner})

    # -- plumbing ------------------------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            if self._scheme == "https":
                self._conn = http.client.HTTPSConnection(
                    self._host, self._port, timeout=self._timeout
                )
            else:
                self._conn = http.client.HTTPConnection(
                    self._host, self._port, timeout=self._timeout
                )
        return self._conn

    def _call(self, method: str, path: str, body: Any = None) -> Answer:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"authorization": f"Bearer {self._token}", "accept": "application/json"}
        if payload is not None:
            headers["content-type"] = "application/json"
        # A kept-alive connection the server closed meanwhile fails on first use: try once more
        # on a fresh one. Repeating a PUT is safe: the hub takes it only on the base it names.
        for attempt in (1, 2):
            try:
                conn = self._connection()
                conn.request(method, self._prefix + path, body=payload, headers=headers)
                response = conn.getresponse()
                raw = response.read()
                status = response.status
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as err:
                self.close()
                if attempt == 2:
                    raise HubUnreachable(self._why(err)) from None
            except (OSError, http.client.HTTPException) as err:
                self.close()
                raise HubUnreachable(self._why(err)) from None
        if status == 401:
            raise HubRefused(
                f"the hub at {self.url} refused the token; log in again with "
                "`kaizen hub login URL --token TOKEN`"
            )
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise HubUnreachable(
                f"{self.url} answered {status} without the hub's JSON; is it a kaizen hub?"
            )
        return Answer(status, data)

    def _why(self, err: BaseException) -> str:
        if isinstance(err, socket.gaierror):
            reason = "the name does not resolve"
        elif isinstance(err, ConnectionRefusedError):
            reason = "connection refused"
        elif isinstance(err, TimeoutError | socket.timeout):
            reason = f"no answer within {self._timeout:g} s"
        elif isinstance(err, ssl.SSLError):
            reason = f"TLS failed ({err.reason or err})"
        else:
            reason = str(err) or type(err).__name__
        return f"cannot reach the hub at {self.url}: {reason}"
