"""The LPO dashboard on the hub (issue 15): ``GET /lpo/`` with 100 vs 10,000 events.

Two hubs on SQLite filled through the hub's own push code with synthetic events carrying the LPO
detail (bench.common.synthetic_event(lpo=True), 15 actions each), the app served in-process
(Starlette's TestClient: the whole ASGI app, guard, session lookup, figures, template), logged in
as an LPO through the form. Measured: the first view (every bundle parsed and summarised) and
the next views (summaries kept per event revision), interleaved round by round.
Bar (issue 15): the 10,000-event dashboard ≤ 2× the 100-event one.
"""

from __future__ import annotations

import re
import tempfile
import time
from datetime import date
from pathlib import Path

from starlette.testclient import TestClient

from bench.common import report, synthetic_event
from kaizen_tui.hub import events, users
from kaizen_tui.hub.app import create_hub_app
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database, default_url, open_database
from kaizen_tui.model import Bundle

SMALL, LARGE = 100, 10_000
BAR = 2.0
ROUNDS = 5
BATCH = 250
TODAY = date(2026, 11, 25)
PUSHER = User("Lena Lpo", "lena lpo", "lpo")


def fill(db: Database, count: int) -> None:
    for first in range(0, count, BATCH):
        with db.write() as conn:
            for n in range(first, min(first + BATCH, count)):
                event = synthetic_event(n, actions=15, today=TODAY, lpo=True)
                result = events._push_once(conn, PUSHER, event.id, None, Bundle(event=event))
                assert result.accepted


def logged_in(db: Database, token: str) -> TestClient:
    app = create_hub_app(db, link_base="http://hub.test", today=lambda: TODAY)
    client = TestClient(app, base_url="http://hub.test", headers={"accept": "text/html"})
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf
    done = client.post(
        "/login", data={"csrf": csrf.group(1), "token": token}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    return client


def view(client: TestClient) -> float:
    start = time.perf_counter()
    page = client.get("/lpo/")
    took = time.perf_counter() - start
    assert page.status_code == 200 and 'id="fig-events"' in page.text
    return took


def run() -> bool:
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-dashboard-") as tmp:
        dbs = []
        clients = []
        for count in (SMALL, LARGE):
            db = open_database(default_url(Path(tmp) / str(count)))
            start = time.perf_counter()
            fill(db, count)
            print(f"filled {count:,} events in {time.perf_counter() - start:.0f} s")
            _, token = users.add_user(db, PUSHER.name, "lpo")
            dbs.append(db)
            clients.append(logged_in(db, token))
        try:
            first = [view(c) for c in clients]
            report(f"first view, {SMALL} events (every bundle summarised)", first[0])
            report(f"first view, {LARGE:,} events", first[1], first[0], BAR)
            best = [float("inf"), float("inf")]
            for _ in range(ROUNDS):
                for i, client in enumerate(clients):
                    best[i] = min(best[i], view(client))
            report(f"dashboard /lpo/, {SMALL} events", best[0])
            return report(f"dashboard /lpo/, {LARGE:,} events", best[1], best[0], BAR)
        finally:
            for client in clients:
                client.close()
            for db in dbs:
                db.close()
