"""Two laptops (two data folders) and a real `kaizen hub serve` process, on SQLite and on a real
PostgreSQL server: logging in, divergent edits, conflicts and `kaizen resolve`, a held review and
a status change, new actions on both sides, an unreachable hub, a lost answer, an id two laptops
both used, and an edit saved in the app while sync works."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kaizen_tui.config import load_config
from kaizen_tui.errors import ConflictError
from kaizen_tui.hub.db import default_url, open_database
from kaizen_tui.hub.events import history
from kaizen_tui.model import Action, Event, Person, Update, next_item_id
from kaizen_tui.store import Store
from kaizen_tui.sync import SyncReport, sync

from .conftest import TODAY, make_event
from .hubkit import HubProcess, add_user, hub_process, run_kaizen


@dataclass
class Hub:
    process: HubProcess
    db_url: str
    data: Path

    @property
    def url(self) -> str:
        return self.process.url

    def user(self, name: str) -> str:
        return add_user(self.data, self.db_url, name)

    def history(self, event_id: str) -> list[tuple[int, int | None, str]]:
        db = open_database(self.db_url)
        try:
            return history(db, event_id)
        finally:
            db.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    data = tmp_path_factory.mktemp("hub")
    if request.param == "sqlite":
        db_url = default_url(data)
    else:
        db_url = request.getfixturevalue("pg_module_url")
    with hub_process(data, db_url) as process:
        yield Hub(process, db_url, data)


@pytest.fixture(scope="module")
def pg_module_url(pg_server: str) -> Iterator[str]:
    """One database for this module's hub on the shared test server (tests/pg.py)."""
    import uuid

    import psycopg

    from .pg import SUPERUSER, admin_url

    name = f"kz_sync_{uuid.uuid4().hex[:10]}"
    dsn = f"host=127.0.0.1 port={pg_server} user={SUPERUSER} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url(pg_server, name)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Laptop:
    data: Path

    @property
    def store(self) -> Store:
        return Store(self.data)

    def kaizen(self, *args: str) -> Any:
        return run_kaizen(self.data, *args)

    def login(self, url: str, token: str) -> None:
        done = self.kaizen("hub", "login", url, "--token", token)
        assert done.returncode == 0, done.stderr

    def logged_in(self, url: str, token: str) -> None:
        """What `kaizen hub login` stores, without a process per laptop."""
        config = load_config(self.data)
        config.set("hub_url", url)
        config.set("hub_token", token)
        config.save()

    def sync(self) -> SyncReport:
        config = load_config(self.data)
        return sync(
            self.store,
            config.hub_url,
            config.hub_token,
            now=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
            today=TODAY,
        )

    def edit(self, event_id: str, change: Callable[[Event], None]) -> Event:
        store = self.store
        event = store.load(event_id)
        change(event)
        return store.save(event)

    def event(self, event_id: str) -> dict[str, Any]:
        return self.store.load(event_id).model_dump(mode="json", by_alias=True)


@pytest.fixture
def laptops(tmp_path: Path, hub: Hub, request: pytest.FixtureRequest) -> tuple[Laptop, Laptop]:
    """Two laptops of one facilitator (a user of their own per test, so tests do not see each
    other's events on the shared hub), logged in with the real CLI."""
    token = hub.user(f"Ann {request.node.name[:40]}")
    pair = Laptop(tmp_path / "a"), Laptop(tmp_path / "b")
    for laptop in pair:
        laptop.login(hub.url, token)
    return pair


def started(a: Laptop, b: Laptop, event: Event) -> str:
    """An event made on laptop a and brought to b through the hub. (Each test uses ids of its
    own: the hub is shared by the module, and an id another user holds there is renamed.)"""
    a.store.create(event, today=TODAY)
    assert a.sync().pushed == [event.id]
    assert b.sync().pulled == [event.id]
    assert a.event(event.id) == b.event(event.id)
    return event.id


def settle(a: Laptop, b: Laptop) -> None:
    """Sync until both laptops hold the hub's copy (a, b, a: each sees the other's push)."""
    a.sync()
    b.sync()
    a.sync()


def folder_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "lock" and not p.name.endswith(".lock")
    }


# -- logging in --------------------------------------------------------------------------------


def test_login_checks_the_token_and_keeps_it_private(tmp_path: Path, hub: Hub) -> None:
    token = hub.user("Bea Login")
    laptop = Laptop(tmp_path / "a")
    refused = laptop.kaizen("hub", "login", hub.url, "--token", "kzh_0000000000000000_nope")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "refused" in refused.stderr
    away = laptop.kaizen("hub", "login", "http://127.0.0.1:9", "--token", token)
    assert away.returncode == 1 and away.stderr.count("\n") == 1 and "cannot reach" in away.stderr
    assert not (laptop.data / "config.toml").exists(), "nothing stored when the hub said no"

    laptop.login(hub.url, token)
    config = laptop.data / "config.toml"
    assert config.stat().st_mode & 0o777 == 0o600
    assert load_config(laptop.data).hub_token == token
    shown = laptop.kaizen("config", "get", "hub_token")
    assert token not in shown.stdout + shown.stderr
    # the A3's QR code now opens the hub's action page
    laptop.store.create(make_event(id="KZ-2026-020"), today=TODAY)
    pdf = tmp_path / "a3.pdf"
    assert laptop.kaizen("a3", "KZ-2026-020", "-o", str(pdf)).returncode == 0
    from .pdfqr import qr_on_page_one

    token_of = laptop.store.load("KZ-2026-020").share_token
    assert qr_on_page_one(pdf.read_bytes()) == [f"{hub.url}/e/{token_of}"]
    # … unless link_base was set on purpose
    assert laptop.kaizen("config", "set", "link_base", "https://intranet.example").returncode == 0
    assert load_config(laptop.data).effective_link_base() == ("https://intranet.example", False)


# -- two laptops -----------------------------------------------------------------------------


def test_divergent_edits_of_different_fields_survive_on_both_laptops(
    laptops: tuple[Laptop, Laptop],
) -> None:
    a, b = laptops
    event_id = started(a, b, make_event(id="KZ-2026-101"))

    def on_a(event: Event) -> None:
        event.problem = "Changeovers take 95 minutes (measured on laptop A)"
        event.actions[0].owner = "Dana"

    def on_b(event: Event) -> None:
        event.lessons = "Stage dies the shift before (laptop B)"
        event.actions[0].due = date(2026, 12, 15)
        event.people[2].department = "Maintenance"

    a.edit(event_id, on_a)
    b.edit(event_id, on_b)
    settle(a, b)
    for laptop in (a, b):
        event = laptop.event(event_id)
        assert event["problem"].endswith("(measured on laptop A)")
        assert event["lessons"].endswith("(laptop B)")
        assert (event["actions"][0]["owner"], event["actions"][0]["due"]) == ("Dana", "2026-12-15")
        assert event["people"][2]["department"] == "Maintenance"
        assert event["conflicts"] == []
    assert a.event(event_id) == b.event(event_id)


def test_the_same_field_edited_two_ways_is_a_conflict_then_resolved(
    laptops: tuple[Laptop, Laptop],
) -> None:
    a, b = laptops
    event_id = started(a, b, make_event(id="KZ-2026-102"))
    a.edit(event_id, lambda e: setattr(e.actions[1], "due", date(2026, 12, 5)))
    b.edit(event_id, lambda e: setattr(e.actions[1], "due", date(2026, 12, 9)))
    assert a.kaizen("sync", "--json").returncode == 0
    done = b.kaizen("sync", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report == {
        "pushed": [event_id],
        "pulled": [],
        "conflicts": [
            {
                "event": event_id,
                "path": "actions[A2].due",
                "base": "2026-11-30",
                "mine": "2026-12-09",
                "theirs": "2026-12-05",
            }
        ],
    }
    a.sync()
    for laptop in (a, b):  # both values kept: b's in the action, a's beside it
        event = laptop.event(event_id)
        assert event["actions"][1]["due"] == "2026-12-09"
        assert [(c["path"], c["theirs"]) for c in event["conflicts"]] == [
            ("actions[A2].due", "2026-12-05")
        ]
    listed = a.kaizen("list")
    assert "1 conflict" in listed.stdout
    chosen = a.kaizen("resolve", event_id, "actions[A2].due", "--theirs")
    assert chosen.returncode == 0, chosen.stderr
    assert "kept theirs (2026-12-05)" in chosen.stdout
    settle(a, b)
    for laptop in (a, b):
        event = laptop.event(event_id)
        assert event["actions"][1]["due"] == "2026-12-05" and event["conflicts"] == []
    again = a.kaizen("resolve", event_id, "actions[A2].due", "--mine")
    assert again.returncode == 1 and again.stderr.count("\n") == 1


def test_a_held_review_and_a_status_change_both_survive(laptops: tuple[Laptop, Laptop]) -> None:
    from kaizen_tui.demo import demo_events
    from kaizen_tui.logic.followup import ReviewRecord, hold_review
    from kaizen_tui.logic.transitions import change_status

    a, b = laptops
    discharge = next(e for e in demo_events(TODAY) if e.id == "KZ-DEMO-DISCHARGE")
    event_id = started(a, b, discharge)  # following up; its 30-day review was held
    metric = discharge.metrics[0].id
    record = ReviewRecord(day=60, held_on=TODAY, readings={metric: 5}, notes="held on laptop A")
    a.store.save(hold_review(a.store.load(event_id), record, today=TODAY))
    moved = change_status(b.store.load(event_id), "abandoned", today=TODAY, reason="ward closed")
    b.store.save(moved)
    settle(a, b)
    for laptop in (a, b):
        event = laptop.event(event_id)
        review = next(r for r in event["reviews"] if r["day"] == 60)
        assert (review["held_on"], review["readings"], review["notes"]) == (
            TODAY.isoformat(),
            {metric: 5.0},
            "held on laptop A",
        )
        assert event["metrics"][0]["readings"][-1]["value"] == 5
        assert event["status"] == "abandoned" and event["status_reason"] == "ward closed"
        assert event["status_history"][-1]["to"] == "abandoned"
        assert event["conflicts"] == []
    assert a.event(event_id) == b.event(event_id)


def test_a_new_action_added_on_both_sides_is_kept_twice(laptops: tuple[Laptop, Laptop]) -> None:
    a, b = laptops
    event_id = started(a, b, make_event(id="KZ-2026-104"))

    def adder(what: str) -> Callable[[Event], None]:
        def add(event: Event) -> None:
            new_id = next_item_id("A", [x.id for x in event.actions])
            event.actions.append(Action(id=new_id, what=what, owner="Ann"))

        return add

    a.edit(event_id, adder("Build a die cart"))
    b.edit(event_id, adder("SMED training for shift B"))
    a.sync()
    report = b.sync()
    assert any("is now A6" in note for note in report.notes), report.notes
    a.sync()
    for laptop in (a, b):
        actions = {x["id"]: x["what"] for x in laptop.event(event_id)["actions"]}
        assert actions["A5"] == "Build a die cart"
        assert actions["A6"] == "SMED training for shift B"
    assert a.event(event_id) == b.event(event_id)


def test_an_edit_saved_in_the_app_while_sync_writes_is_refused_not_lost(
    laptops: tuple[Laptop, Laptop],
) -> None:
    a, b = laptops
    event_id = started(a, b, make_event(id="KZ-2026-105"))
    in_the_app = b.store.load(event_id)  # the app holds the event …
    a.edit(event_id, lambda e: setattr(e, "title", "New title from A"))
    a.sync()
    assert b.sync().pulled == [event_id]  # … sync takes the hub's copy meanwhile
    in_the_app.problem = "typed in the app"
    with pytest.raises(ConflictError):  # the app's save is refused, as for any other process
        b.store.save(in_the_app)
    assert b.event(event_id)["title"] == "New title from A"


# -- the id, the network -----------------------------------------------------------------------


def test_two_laptops_that_made_different_events_with_one_id_keep_both(
    tmp_path: Path, hub: Hub
) -> None:
    token = hub.user("Cy Idclash")
    a, b = Laptop(tmp_path / "a"), Laptop(tmp_path / "b")
    for laptop in (a, b):
        laptop.login(hub.url, token)
    first = a.store.create(make_event(id="", title="Press line changeover"), today=TODAY)
    second = b.store.create(make_event(id="", title="Invoice approval"), today=TODAY)
    assert first.id == second.id == "KZ-2026-001"
    a.sync()
    report = b.sync()
    assert report.renamed == {"KZ-2026-001": "KZ-2026-002"}
    assert report.pushed == ["KZ-2026-002"] and report.pulled == ["KZ-2026-001"]
    a.sync()
    for laptop in (a, b):
        titles = {s.id: s.title for s in laptop.store.list_summaries()}
        assert titles == {"KZ-2026-001": "Press line changeover", "KZ-2026-002": "Invoice approval"}
    assert b.store.load("KZ-2026-002").share_token == second.share_token  # printed QR still work


def test_an_unreachable_hub_changes_nothing_and_the_next_sync_catches_up(
    tmp_path: Path, hub: Hub
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = hub.user("Dee Offline")
    laptop = Laptop(tmp_path / "a")
    laptop.logged_in(f"http://127.0.0.1:{port}", token)  # a hub that is not there now
    laptop.store.create(make_event(id="KZ-2026-030"), today=TODAY)
    before = folder_digest(laptop.data)
    for args in (("sync",), ("sync", "--json")):
        done = laptop.kaizen(*args)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "cannot reach the hub" in done.stderr
    assert folder_digest(laptop.data) == before, "nothing local lost or changed"
    laptop.edit("KZ-2026-030", lambda e: setattr(e, "lessons", "written offline"))
    with hub_process(hub.data, hub.db_url, "--port", str(port)):
        report = json.loads(laptop.kaizen("sync", "--json").stdout)
    assert report["pushed"] == ["KZ-2026-030"]
    assert [r for r, _, _ in hub.history("KZ-2026-030")] == [2]


class _LosingProxy(BaseHTTPRequestHandler):
    """Forwards to the hub; the answer to the first ``drops`` PUTs never comes back (the
    connection is cut after the hub has taken the push), like a train going into a tunnel."""

    hub_port = 0
    drops = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        self._forward()

    def do_PUT(self) -> None:
        self._forward()

    def _forward(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        conn = http.client.HTTPConnection("127.0.0.1", self.hub_port, timeout=60)
        conn.request(self.command, self.path, body=body, headers=dict(self.headers))
        answer = conn.getresponse()
        data = answer.read()
        conn.close()
        with _LosingProxy.lock:
            lose = self.command == "PUT" and _LosingProxy.drops > 0
            if lose:
                _LosingProxy.drops -= 1
        if lose:
            self.close_connection = True
            return  # the hub stored it; the laptop hears nothing
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection"):
                self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_a_push_whose_answer_was_lost_is_not_duplicated(tmp_path: Path, hub: Hub) -> None:
    from urllib.parse import urlsplit

    _LosingProxy.hub_port = urlsplit(hub.url).port or 0
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _LosingProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        laptop = Laptop(tmp_path / "a")
        laptop.login(f"http://127.0.0.1:{proxy.server_address[1]}", hub.user("Eve Tunnel"))
        laptop.store.create(make_event(id="KZ-2026-040"), today=TODAY)
        laptop.sync()
        laptop.edit("KZ-2026-040", lambda e: setattr(e, "lessons", "one edit, pushed once"))
        # both the push and its retry lose their answers: this sync fails, one line …
        _LosingProxy.drops = 2
        failed = laptop.kaizen("sync")
        assert failed.returncode == 1 and "cannot reach the hub" in failed.stderr
        pushed_once = hub.history("KZ-2026-040")
        assert len(pushed_once) == 2, "the hub took the push (once: the retry had the same base)"
        # … and the next sync finds its edit on the hub: nothing to push, nothing duplicated
        report = laptop.sync()
        assert report.pushed == [] and report.pulled == [] and report.conflicts == []
        assert hub.history("KZ-2026-040") == pushed_once
        assert laptop.event("KZ-2026-040")["lessons"] == "one edit, pushed once"
        assert laptop.sync().pushed == [], "and it is the laptop's base now"
        # a single lost answer is absorbed by the retry within the same sync
        laptop.edit("KZ-2026-040", lambda e: setattr(e, "lessons", "second edit"))
        _LosingProxy.drops = 1
        assert laptop.sync().pushed == []
        assert len(hub.history("KZ-2026-040")) == 3
    finally:
        proxy.shutdown()
        proxy.server_close()


#: Laptops × events each for the all-at-once test. The issue's full size (20 × 50, minutes on
#: two cores) runs with KAIZEN_SYNC_LOAD=20x50 (bench/README.md); the suite's keeps it concurrent.
LOAD = tuple(int(n) for n in os.environ.get("KAIZEN_SYNC_LOAD", "6x10").split("x"))


def test_laptops_syncing_many_events_each_at_once_on_postgresql(
    tmp_path: Path, pg_url: str
) -> None:
    """Against PostgreSQL: every laptop (a process each) pushes its new events at the same
    moment, then all add an update to one shared event at once; 0 errors, 0 lost edits."""
    import subprocess
    import sys

    from .hubkit import kaizen_env

    hub_data = tmp_path / "hub"
    hub_data.mkdir()
    count, each = LOAD
    names = [f"Laptop {n:02d}" for n in range(count)]
    tokens = [add_user(hub_data, pg_url, name) for name in names]
    shared = make_event(id="KZ-SHARED-1", people=[Person(name=name) for name in names])
    laptops = [Laptop(tmp_path / f"l{n:02d}") for n in range(count)]
    with hub_process(hub_data, pg_url) as process:
        for n, laptop in enumerate(laptops):
            laptop.logged_in(process.url, tokens[n])  # (`kaizen hub login` has its own test)
        laptops[0].store.create(shared, today=TODAY)
        laptops[0].sync()
        for n, laptop in enumerate(laptops):
            for k in range(each):
                laptop.store.create(
                    make_event(id=f"KZ-L{n:02d}-{k:03d}", title=f"Event {k} of laptop {n}"),
                    today=TODAY,
                )

        def all_sync() -> list[dict[str, Any]]:
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "kaizen_tui", "sync", "--json"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=kaizen_env(laptop.data),
                )
                for laptop in laptops
            ]
            out = []
            for proc in procs:
                stdout, stderr = proc.communicate(timeout=600)
                assert proc.returncode == 0, stderr
                out.append(json.loads(stdout))
            return out

        first = all_sync()
        for n, report in enumerate(first):
            assert sorted(report["pushed"]) == [f"KZ-L{n:02d}-{k:03d}" for k in range(each)], n
            assert report["pulled"] == ([] if n == 0 else ["KZ-SHARED-1"])
        for n, laptop in enumerate(laptops):

            def update(e: Event, n: int = n) -> None:
                e.actions[0].updates.append(Update(date=TODAY, note=f"from laptop {n}"))

            laptop.edit("KZ-SHARED-1", update)
        all_sync()  # all at once: they take turns on the hub, each merging the others' updates
        for laptop in laptops:  # and everyone takes the last of them
            laptop.sync()
        db = open_database(pg_url)
        try:
            from kaizen_tui.hub.events import get_event
            from kaizen_tui.hub.users import user_for_token

            lpo_token = add_user(hub_data, pg_url, "Lee Office", "lpo")
            lpo = user_for_token(db, lpo_token)
            assert lpo is not None
            for n in range(count):
                for k in range(each):
                    stored = get_event(db, lpo, f"KZ-L{n:02d}-{k:03d}")
                    assert stored.bundle["event"]["title"] == f"Event {k} of laptop {n}"
            final = get_event(db, lpo, "KZ-SHARED-1").bundle["event"]
        finally:
            db.close()
        notes = sorted(u["note"] for u in final["actions"][0]["updates"])
        assert notes == sorted(f"from laptop {n}" for n in range(count)), "0 lost edits"
        assert final["conflicts"] == []
        for laptop in laptops:
            assert laptop.event("KZ-SHARED-1") == final
