"""Shared fixtures: every test gets its own data folder and a fixed "today"."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kaizen_tui.model import Action, Event, Metric, Person, RootCause
from kaizen_tui.store import Store

TODAY = date(2026, 11, 25)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Hold the heap as the app holds its own (cli.context.open_tui freezes it once started).

    Every Pilot test leaves a finished app of ~100,000 objects for the collector, and Textual
    allocates a great many short-lived ones per frame: with the default threshold (700) a worker
    spent a quarter of its CPU in collections that mostly re-scanned the imported modules. Frozen
    after collection and collected less often, the same tests take ~15 % less CPU and a worker
    stays under ~150 MB."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(5000, 10, 10)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


@pytest.fixture
def demo_store(store: Store) -> Store:
    """The store holding the three demo events, dated around TODAY."""
    from kaizen_tui.demo import demo_events

    for event in demo_events(TODAY):
        store.create(event, today=TODAY)
    return store


def make_event(**overrides: object) -> Event:
    """A small valid event with known dates around TODAY."""
    base: dict[str, object] = {
        "id": "KZ-TEST-1",
        "title": "Cut changeover time on press 7",
        "area": "Stamping",
        "status": "live",
        "start": date(2026, 11, 23),
        "end": date(2026, 11, 27),
        "people": [
            Person(name="Zofia Wiśniewska", role="team_leader"),
            Person(name="Νίκος Παπαδόπουλος", role="facilitator", from_line=False),
            Person(name="佐藤 健", role="member"),
        ],
        "metrics": [
            Metric(
                id="M1",
                name="Changeover time",
                unit="min",
                direction="lower",
                baseline=95,
                target=30,
            ),
        ],
        "root_causes": [RootCause(id="RC1", whys=["dies hunted for", "no staging area"])],
        "actions": [
            Action(id="A1", what="Overdue thing", owner="Zofia Wiśniewska", due=date(2026, 11, 20)),
            Action(
                id="A2",
                what="Due soon thing",
                owner="佐藤 健",
                due=date(2026, 11, 30),
                root_cause="RC1",
            ),
            Action(id="A3", what="Later thing", owner="Ana", due=date(2026, 12, 31)),
            Action(
                id="A4",
                what="Done thing",
                owner="Ana",
                due=date(2026, 11, 1),
                status="done",
                pdca=4,
                done_on=date(2026, 11, 2),
            ),
        ],
    }
    base.update(overrides)
    return Event(**base)


@pytest.fixture
def event() -> Event:
    return make_event()


CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def kaizen(data_dir: Path) -> CliRunner:
    """Run the real `kaizen` command in a subprocess against this test's data folder."""

    def run(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "KAIZEN_DATA": str(data_dir), "KAIZEN_TODAY": TODAY.isoformat()}
        full_env.pop("NO_COLOR", None)
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "kaizen_tui", *args],
            capture_output=True,
            text=True,
            input=input,
            env=full_env,
            cwd=cwd,
            timeout=120,
        )

    return run


# A real PostgreSQL server for the hub's tests (tests/pg.py): `pg_url` is a fresh database;
# `db_url` / `db` a hub database on SQLite and on PostgreSQL, each test run on both.
# One real browser (Debian's chromium) per test session for the hub's pages (tests/browser.py).
from .browser import browser, browser_session  # noqa: E402, F401
from .pg import db, db_url, pg_server, pg_url  # noqa: E402, F401

#: What a data folder holds that is not data: the event index (a cache, rebuilt from the event
#: files whenever it is stale, by any listing) and the lock files (empty; left for the next
#: writer).
NOT_DATA = ("index.sqlite", "locks/")


def data_snapshot(folder: Path) -> dict[str, bytes]:
    """Every data file under ``folder`` and its bytes: equal before and after means nothing the
    user keeps was changed."""
    if not folder.exists():
        return {}
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not name.startswith(NOT_DATA):
            found[name] = path.read_bytes()
    return found
