"""The hub (issue 14): what a push costs as the hub fills up, and the overdue-actions query in SQL.

1. Pushing one edit with 10 vs 10,000 events on the hub, on SQLite (the default) and on
   PostgreSQL: ``events.push`` (validation, the fast-forward check, the new revision, the
   replaced index rows, the commit) on the same event, the two databases interleaved round by
   round. Bar: the 10,000-event push ≤ 1.5× the 10-event one (flat).
2. The hub's overdue-actions query (queries.overdue_actions: join, filter, order by owner) over
   10,000 events / 150,000 actions on PostgreSQL, against a plain SELECT of as many rows of the
   same columns from the actions table. Bar ≤ 3×.
3. A fresh laptop pulling 1,000 events from the hub (`kaizen sync` against `kaizen hub serve`)
   against the same laptop importing the same 1,000 bundles from files (`kaizen import DIR`),
   on SQLite and PostgreSQL. Bar ≤ 3×. Alone: ``python -m bench hub_pull``.

PostgreSQL is the tests' own throw-away server (tests/pg.py: initdb + pg_ctl in a temp folder);
without PostgreSQL binaries those figures are skipped and said so. The server runs with fsync
on here, unlike the tests' one, since a commit's cost is part of what a push costs.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from bench.common import report, synthetic_event
from kaizen_tui.config import load_config
from kaizen_tui.hub import events, users
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database, default_url, open_database
from kaizen_tui.hub.queries import overdue_actions_query
from kaizen_tui.model import Bundle, parse_bundle

SMALL, LARGE = 10, 10_000
ACTIONS = 15
PUSH_BAR = 1.5
QUERY_BAR = 3.0
PULL_BAR = 3.0
ROUNDS = 25
BATCH = 250
FACILITATOR = User("Facilitator 1", "facilitator 1", "facilitator")


def fill(db: Database, count: int) -> None:
    """``count`` synthetic events, through the hub's own push code, a batch per transaction
    (one commit per event would only make filling slower, not the database different)."""
    for first in range(0, count, BATCH):
        with db.write() as conn:
            for n in range(first, min(first + BATCH, count)):
                bundle = Bundle(event=synthetic_event(n, actions=ACTIONS))
                result = events._push_once(conn, FACILITATOR, bundle.event.id, None, bundle)
                assert result.accepted


class Editor:
    """Pushes one small edit after another to one event, each a fast-forward."""

    def __init__(self, db: Database, event_id: str) -> None:
        self.db = db
        self.event_id = event_id
        stored = events.get_event(db, FACILITATOR, event_id)
        self.base = stored.revision
        self.raw = stored.bundle
        self.count = 0

    def push(self) -> None:
        self.count += 1
        self.raw["event"]["lessons"] = f"edit {self.count}"
        bundle = parse_bundle(self.raw)  # the hub validates every push: part of the cost
        result = events.push(self.db, FACILITATOR, self.event_id, self.base, bundle)
        assert result.accepted
        self.base = result.revision


def interleaved(small: Callable[[], None], large: Callable[[], None]) -> tuple[float, float]:
    """Best seconds per call of each, measured alternately so both see the same machine."""
    best = [float("inf"), float("inf")]
    for _ in range(ROUNDS):
        for i, func in enumerate((small, large)):
            start = time.perf_counter()
            func()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def push_bench(label: str, small_db: Database, large_db: Database) -> bool:
    start = time.perf_counter()
    fill(small_db, SMALL)
    fill(large_db, LARGE)
    print(f"{label}: filled {SMALL} and {LARGE:,} events in {time.perf_counter() - start:.0f} s")
    small = Editor(small_db, "KZ-BENCH-0005")
    large = Editor(large_db, "KZ-BENCH-5005")
    for _ in range(3):  # warm both (connections, caches)
        small.push()
        large.push()
    floor, subject = interleaved(small.push, large.push)
    report(f"{label}: push one edit, {SMALL} events on the hub", floor)
    return report(f"{label}: push one edit, {LARGE:,} events on the hub", subject, floor, PUSH_BAR)


def query_bench(db: Database) -> bool:
    today = date.today()
    query = overdue_actions_query(today)
    with db.read() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(sa.table("actions"))).scalar()
        count = len(conn.execute(query).all())
    from kaizen_tui.hub.schema import actions

    plain = sa.select(
        actions.c.event_id, actions.c.action_id, actions.c.what, actions.c.owner, actions.c.due
    ).limit(count)
    print(f"PostgreSQL: {total:,} actions, {count:,} of them overdue")

    def run(statement: sa.Select) -> Callable[[], None]:
        def go() -> None:
            with db.read() as conn:
                rows = conn.execute(statement).all()
            assert len(rows) == count

        return go

    floor, subject = interleaved(run(plain), run(query))
    report("floor: plain SELECT of as many action rows", floor)
    return report(
        f"overdue actions query, {LARGE:,} events / {total:,} actions", subject, floor, QUERY_BAR
    )


PULLED = 1_000
PULL_ROUNDS = 3


def fresh_laptop_pull(db_urls: list[tuple[str, str]]) -> bool:
    """SLOT(sync): a fresh laptop pulling 1,000 events from a hub vs importing the same 1,000
    bundles from files (bar ≤ 3×), for each (label, database URL) given.

    Both are the real commands a person runs, each in a fresh data folder: ``kaizen sync``
    against a running ``kaizen hub serve`` (over HTTP on 127.0.0.1) and ``kaizen import DIR`` of
    the 1,000 bundle files. Both write 1,000 event files and the index; sync also keeps each
    event's base and its cursor. Floor and subject alternate, best of PULL_ROUNDS."""
    ok = True
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-pull-") as tmp:
        root = Path(tmp)
        folder = root / "bundles"
        folder.mkdir()
        bundles = [Bundle(event=synthetic_event(n, actions=ACTIONS)) for n in range(PULLED)]
        for bundle in bundles:
            path = folder / f"{bundle.event.id}.json"
            path.write_text(json.dumps(bundle.to_json_dict()), encoding="utf-8")
        for label, db_url in db_urls:
            db = open_database(db_url)
            try:
                with db.write() as conn:
                    for bundle in bundles:
                        result = events._push_once(conn, FACILITATOR, bundle.event.id, None, bundle)
                        assert result.accepted
                token = users.add_user(db, FACILITATOR.name, "facilitator")[1]
            finally:
                db.close()
            with hub_serving(root / f"hub-{label}", db_url) as url:
                best = [float("inf"), float("inf")]
                for n in range(PULL_ROUNDS):
                    imported = root / f"import-{label}-{n}"
                    best[0] = min(best[0], timed_kaizen(imported, "import", str(folder)))
                    pulled = root / f"pull-{label}-{n}"
                    config = load_config(pulled)
                    config.set("hub_url", url)
                    config.set("hub_token", token)
                    config.save()
                    best[1] = min(best[1], timed_kaizen(pulled, "sync"))
                    assert len(list((pulled / "events").glob("*.json"))) == PULLED, "all pulled"
            report(f"{label}: floor: kaizen import, {PULLED:,} bundle files", best[0])
            ok = (
                report(
                    f"{label}: kaizen sync, fresh laptop, {PULLED:,} events",
                    best[1],
                    best[0],
                    PULL_BAR,
                )
                and ok
            )
    return ok


def timed_kaizen(data: Path, *args: str) -> float:
    """Seconds ``kaizen --data DATA ARGS`` took, as a person would run it."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kaizen_tui", "--data", str(data), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"kaizen {' '.join(args)} failed: {done.stderr.strip()}")
    return took


@contextmanager
def hub_serving(data: Path, db_url: str) -> Iterator[str]:
    """`kaizen hub serve` on a free port until the block ends; yields its URL once healthy."""
    import re
    import urllib.request

    data.mkdir(parents=True, exist_ok=True)
    command = ["hub", "serve", "--db", db_url, "--port", "0"]
    process = subprocess.Popen(
        [sys.executable, "-m", "kaizen_tui", "--data", str(data), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        found = re.search(r"http://[^\s/]+", first)
        if not found:
            raise RuntimeError(f"kaizen hub serve said: {first.strip()}")
        url = found.group(0)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def postgresql() -> Iterator[Callable[[], str] | None]:
    """A throw-away PostgreSQL server; yields a function making a fresh database URL."""
    try:
        from tests.pg import admin_url, pg_bin, start_server, stop_server
    except ImportError:
        yield None
        return
    bin_dir = pg_bin()
    if bin_dir is None:
        yield None
        return
    info = start_server(bin_dir, durable=True)
    counter = 0

    def new_database() -> str:
        nonlocal counter
        counter += 1
        name = f"bench_{counter}"
        engine = sa.create_engine(admin_url(info["port"]), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        engine.dispose()
        return admin_url(info["port"], name)

    try:
        yield new_database
    finally:
        stop_server(info)


def run() -> bool:
    ok = True
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-hub-") as tmp:
        small = open_database(default_url(Path(tmp) / "small"))
        large = open_database(default_url(Path(tmp) / "large"))
        try:
            ok = push_bench("SQLite", small, large) and ok
        finally:
            small.close()
            large.close()
    with postgresql() as new_database:
        if new_database is None:
            print("PostgreSQL: no server binaries here (apt-get install postgresql): skipped")
        else:
            small = open_database(new_database())
            large = open_database(new_database())
            try:
                ok = push_bench("PostgreSQL", small, large) and ok
                ok = query_bench(large) and ok
            finally:
                small.close()
                large.close()
    return run_pull() and ok


def run_pull() -> bool:
    """Only the fresh-laptop pull (``python -m bench hub_pull``; filling 20,000 events for the
    push figures takes minutes)."""
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-hub-") as tmp, postgresql() as new_db:
        pulls = [("SQLite", default_url(Path(tmp) / "pull"))]
        if new_db is None:
            print("PostgreSQL: no server binaries here: the pull is measured on SQLite only")
        else:
            pulls.append(("PostgreSQL", new_db()))
        return fresh_laptop_pull(pulls)
