"""Action page throughput: requests per second for the page of a 40-action event with 1,000 events
stored, against a Starlette "hello" route served by the same server in the same run.

The server is the real one (`kaizen serve`'s app and uvicorn settings, a read-only store) in a
subprocess on 127.0.0.1; the client is one keep-alive connection, as a phone reloading the page
would use. Bar: the page manages at least 0.3× the hello route's requests per second.

    python -m bench web
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import build_portfolio, synthetic_event
from kaizen_tui.store.cache import RACY_NS

EVENTS = 1000
ACTIONS = 40
BAR = 0.3
ROUND_S = 1.5
ROUNDS = 4
HELLO_PATH = "/bench-hello"


def _rps(conn: http.client.HTTPConnection, path: str, seconds: float) -> float:
    """Sequential GETs of ``path`` for ``seconds``; requests per second."""
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def _serve(root: str) -> None:
    """The server side (a subprocess): `kaizen serve`'s app plus a hello route."""
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    from kaizen_tui.config import resolve_today
    from kaizen_tui.store import Store
    from kaizen_tui.web import serve
    from kaizen_tui.web.app import create_app

    async def hello(request: Request) -> Response:
        return PlainTextResponse("hello")

    app = create_app(Store(root, read_only=True), link_base="http://127.0.0.1", today=resolve_today)
    # behind the same guard (method check, security headers) as the pages
    app.app.router.routes.insert(0, Route(HELLO_PATH, hello, methods=["GET"]))  # type: ignore[attr-defined]
    listener = serve.listen("127.0.0.1", 0)
    print(listener.port, flush=True)
    serve.run(app, listener)


def run() -> bool:
    from kaizen_tui.store import Store

    with tempfile.TemporaryDirectory(prefix="kaizen-bench-web-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        build_portfolio(root, EVENTS - 1)
        store = Store(root)
        event = store.create(synthetic_event(EVENTS, actions=ACTIONS))
        store.list_summaries()  # the index, as the app's home screen leaves it
        print(f"{EVENTS} events stored in {time.perf_counter() - started:.1f} s")
        # The store trusts a file's mtime as a cache key only once it is RACY_NS old; wait
        # that out, so the rounds measure a server between saves, not one just after a save.
        time.sleep(RACY_NS / 1e9)

        server = subprocess.Popen(
            [sys.executable, "-m", "bench.web", "serve", str(root)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            page = f"/e/{event.share_token}/"
            conn.request("GET", page)
            body = conn.getresponse().read().decode("utf-8")
            missing = [a.id for a in event.actions if f'id="action-{a.id}"' not in body]
            if missing:
                print(f"the page lacks actions {missing}")
                return False
            hello_rps = page_rps = 0.0
            for _ in range(ROUNDS):  # interleaved, best of each: the least disturbed rounds
                hello_rps = max(hello_rps, _rps(conn, HELLO_PATH, ROUND_S))
                page_rps = max(page_rps, _rps(conn, page, ROUND_S))
            conn.close()
        finally:
            server.terminate()
            server.wait(timeout=10)

    ratio = page_rps / hello_rps
    ok = ratio >= BAR
    print(f"{'hello route (floor)':<58} {hello_rps:9.0f} req/s")
    print(
        f"{f'action page, {ACTIONS} actions, {EVENTS} events stored':<58} {page_rps:9.0f} req/s"
        f"   {ratio:5.2f}× floor   (bar ≥ {BAR}×: {'ok' if ok else 'MISSED'})"
    )
    return ok


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        _serve(sys.argv[2])
    else:
        sys.exit(0 if run() else 1)
