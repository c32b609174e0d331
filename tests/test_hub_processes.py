"""Real hub processes under stress: two `kaizen hub serve` on one database pushing at once,
kill -9 in the middle of pushes, and many laptop processes pushing events at once through two
hubs on PostgreSQL."""

from __future__ import annotations

import copy
import itertools
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from kaizen_tui.hub import events
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import open_database
from kaizen_tui.model import parse_bundle

from .conftest import make_event
from .hubkit import HubClient, HubProcess, add_user, bundle_of, hub_process

ROOT = Path(__file__).resolve().parent.parent


def seed(db_url: str, event_id: str, **fields: Any) -> None:
    db = open_database(db_url)
    try:
        bundle = parse_bundle(bundle_of(make_event(id=event_id, **fields)))
        assert events.push(db, User("Ann", "ann", "facilitator"), event_id, None, bundle).accepted
    finally:
        db.close()


def revisions_of(db_url: str, event_id: str) -> list[dict[str, Any]]:
    db = open_database(db_url, migrate=False)
    try:
        import sqlalchemy as sa

        from kaizen_tui.hub.schema import revisions

        with db.read() as conn:
            rows = conn.execute(
                sa.select(revisions.c.revision, revisions.c.bundle)
                .where(revisions.c.event_id == event_id)
                .order_by(revisions.c.revision)
            ).all()
        return [{"revision": r.revision, "event": r.bundle["event"]} for r in rows]
    finally:
        db.close()


def notes(event: dict[str, Any]) -> list[str]:
    return [u["note"] for u in event["actions"][0].get("updates", [])]


def add_note(client: HubClient, event_id: str, note: str) -> int:
    """Read, edit, push on that base; on 409 redo the edit on the hub's copy. Returns the 409s."""
    current = client.get(event_id).json()
    for conflicts in range(500):
        bundle = copy.deepcopy(current["bundle"])
        bundle["event"]["actions"][0].setdefault("updates", []).append(
            {"date": "2026-11-25", "note": note}
        )
        answer = client.put(event_id, current["revision"], bundle)
        if answer.status_code == 200:
            return conflicts
        assert answer.status_code == 409, answer.text
        current = answer.json()
    raise AssertionError("a push never got through")


def test_two_hub_processes_on_one_database_never_fork(tmp_path: Path, db_url: str) -> None:
    token = add_user(tmp_path, db_url, "Ann")
    seed(db_url, "KZ-TWO")
    with hub_process(tmp_path, db_url) as one, hub_process(tmp_path, db_url) as two:
        clients = [HubClient(hub.url, token) for hub in (one, two, one, two, one, two)]
        conflicts: list[int] = []

        def laptop(n: int) -> None:
            for k in range(8):
                conflicts.append(add_note(clients[n], "KZ-TWO", f"{n}.{k}"))

        threads = [threading.Thread(target=laptop, args=(n,)) for n in range(len(clients))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    history = revisions_of(db_url, "KZ-TWO")
    assert [h["revision"] for h in history] == list(range(1, 2 + 6 * 8))  # one line, no gaps
    for before, after in itertools.pairwise(history):
        assert notes(after["event"])[:-1] == notes(before["event"])  # each built on the last
    final = notes(history[-1]["event"])
    assert sorted(final) == sorted(f"{n}.{k}" for n in range(6) for k in range(8))
    assert sum(conflicts) > 0  # they really did collide


class Laptop:
    """Pushes one edit after another to KZ-KILL until the hub dies under it; remembers what the
    hub acknowledged and the push it never heard back about."""

    def __init__(self) -> None:
        self.base = 1
        self.count = 0
        self.acknowledged: dict[str, int] = {}  # lessons text -> revision the hub answered
        self.in_flight: tuple[int, dict[str, Any]] | None = None

    def push_until_killed(self, client: HubClient) -> None:
        while True:
            self.count += 1
            bundle = bundle_of(make_event(id="KZ-KILL", lessons=f"push {self.count}"))
            self.in_flight = (self.base, bundle)
            try:
                answer = client.put("KZ-KILL", self.base, bundle)
            except httpx.TransportError:
                return  # the hub died: this push is unacknowledged
            assert answer.status_code == 200, answer.text
            self.acknowledged[f"push {self.count}"] = self.base = answer.json()["revision"]
            self.in_flight = None


def wait_acknowledged(laptop: Laptop, count: int, thread: threading.Thread) -> None:
    deadline = time.monotonic() + 60
    while len(laptop.acknowledged) < count:
        assert thread.is_alive(), "the laptop stopped pushing before the kill"
        assert time.monotonic() < deadline, f"fewer than {count} pushes acknowledged in 60 s"
        time.sleep(0.01)


def test_kill_9_during_pushes_loses_no_acknowledged_push(tmp_path: Path, db_url: str) -> None:
    token = add_user(tmp_path, db_url, "Ann")
    seed(db_url, "KZ-KILL")
    rng = random.Random(14)
    laptop = Laptop()

    def after_restart(hub: HubProcess) -> None:
        """Every acknowledged push is there; the one never heard back about is retried on the
        same base and lands once."""
        assert laptop.in_flight is not None
        kept = {h["event"]["lessons"]: h["revision"] for h in revisions_of(db_url, "KZ-KILL")}
        for lessons, revision in laptop.acknowledged.items():
            assert kept.get(lessons) == revision, f"acknowledged {lessons} lost"
        retry_base, bundle = laptop.in_flight
        answer = HubClient(hub.url, token).put("KZ-KILL", retry_base, bundle)
        lessons = bundle["event"]["lessons"]
        if answer.status_code == 409:  # it had landed: the hub's copy is that very push
            assert answer.json()["bundle"]["event"]["lessons"] == lessons
        else:
            assert answer.status_code == 200, answer.text
        laptop.acknowledged[lessons] = laptop.base = answer.json()["revision"]
        laptop.in_flight = None
        history = [h["event"]["lessons"] for h in revisions_of(db_url, "KZ-KILL")]
        assert len(history) == len(set(history))  # nothing stored twice

    # three kills; each restarted hub is first checked, then pushed to until the next kill
    for _round in range(3):
        with hub_process(tmp_path, db_url) as hub:
            if laptop.in_flight is not None:
                after_restart(hub)
            thread = threading.Thread(
                target=laptop.push_until_killed, args=(HubClient(hub.url, token),)
            )
            thread.start()
            # kill once this hub has acknowledged two pushes (a loaded machine is slower, not
            # failed), then a random moment later: the kill lands at a different point of a push
            wait_acknowledged(laptop, len(laptop.acknowledged) + 2, thread)
            time.sleep(rng.uniform(0.0, 0.2))
            hub.kill()
            thread.join(timeout=60)
    with hub_process(tmp_path, db_url) as hub:
        after_restart(hub)
    assert len(laptop.acknowledged) >= 6


#: Laptops × events each; KAIZEN_SYNC_LOAD=20x50 for the issue's full size (bench/README.md).
LOAD = tuple(int(n) for n in os.environ.get("KAIZEN_SYNC_LOAD", "6x10").split("x"))


def test_laptops_pushing_many_events_each_through_two_hubs_on_postgresql(
    tmp_path: Path, pg_url: str
) -> None:
    count, each = LOAD
    names = [f"L{n:02d}" for n in range(count)]
    tokens = {name: add_user(tmp_path, pg_url, name) for name in names}
    lpo = add_user(tmp_path, pg_url, "Lee", "lpo")
    shared = make_event(id="KZ-SHARED", people=[{"name": n, "role": "member"} for n in names])
    seed(pg_url, "KZ-SHARED", people=shared.people)
    with hub_process(tmp_path, pg_url) as one, hub_process(tmp_path, pg_url) as two:
        urls = f"{one.url},{two.url}"
        laptops = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.hub_load_client",
                    urls,
                    tokens[n],
                    n,
                    str(each),
                    "KZ-SHARED",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in names
        ]
        reports = []
        for laptop in laptops:
            out, err = laptop.communicate(timeout=300)
            assert laptop.returncode == 0, err
            reports.append(json.loads(out))
        assert [r["errors"] for r in reports] == [[]] * count

        # every push is on the hub, once, as pushed
        seen: dict[str, dict[str, Any]] = {}
        reader = HubClient(one.url, lpo)
        cursor, more = "", True
        while more:
            page = reader.changes(cursor).json()
            seen.update({e["id"]: e for e in page["events"]})
            cursor, more = page["cursor"], page["more"]
    assert len(seen) == count * each + 1
    for name, report in zip(names, reports, strict=True):
        assert len(report["pushed"]) == each
        for event_id, revision in report["pushed"].items():
            assert seen[event_id]["revision"] == revision == 1
            assert seen[event_id]["bundle"]["event"]["people"][0]["name"] == name
    # the contended event: every laptop's note, each once, in a straight line of revisions
    history = revisions_of(pg_url, "KZ-SHARED")
    assert [h["revision"] for h in history] == list(range(1, count + 2))
    assert sorted(notes(history[-1]["event"])) == sorted(f"checked by {n}" for n in names)


def test_a_push_through_one_hub_shows_on_the_dashboard_of_another(
    tmp_path: Path, db_url: str
) -> None:
    # the LPO figures' rows live in the database: each process sees every push, and a process
    # started later answers from them as the others do
    token = add_user(tmp_path, db_url, "Lee", "lpo")
    ann = add_user(tmp_path, db_url, "Ann")  # who pushed the events (seed)
    for n in range(3):
        seed(db_url, f"KZ-DASH-{n}")  # one overdue action each (make_event)

    def overdue(hub: HubProcess) -> int:
        browser = httpx.Client(base_url=hub.url, headers={"accept": "text/html"})
        form = browser.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf, form.text
        assert browser.post("/login", data={"csrf": csrf.group(1), "token": token}).is_redirect
        page = browser.get("/lpo/")
        browser.close()
        assert page.status_code == 200, page.text
        found = re.search(r'id="fig-overdue">(\d+)<', page.text)
        assert found, page.text[:500]
        return int(found.group(1))

    with hub_process(tmp_path, db_url) as one, hub_process(tmp_path, db_url) as two:
        assert overdue(one) == overdue(two) == 3
        laptop = HubClient(one.url, ann)
        stored = laptop.get("KZ-DASH-1").json()
        bundle = copy.deepcopy(stored["bundle"])
        for action in bundle["event"]["actions"]:
            action.update(status="done", done_on="2026-11-25")
        assert laptop.put("KZ-DASH-1", stored["revision"], bundle).status_code == 200
        laptop.close()
        assert overdue(two) == 2
    with hub_process(tmp_path, db_url) as restarted:
        assert overdue(restarted) == 2
