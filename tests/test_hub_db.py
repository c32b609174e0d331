"""The hub's database layer on its own: migrations agree with schema.py, pages of changes,
index rows follow the latest revision."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from kaizen_tui.errors import KaizenError
from kaizen_tui.hub import events, schema
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import HEAD_REVISION, Database, default_url, open_database
from kaizen_tui.model import Action, Review, parse_bundle

from .conftest import make_event
from .hubkit import bundle_of, kaizen_env

ANN = User("Ann", "ann", "facilitator")
LPO = User("Lee", "lee", "lpo")


def test_migrations_create_exactly_the_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert diff == []


def test_opening_again_migrates_nothing_and_keeps_data(db_url: str) -> None:
    url = db_url
    first = open_database(url)
    events.push(first, ANN, "KZ-1", None, parse_bundle(bundle_of(make_event(id="KZ-1"))))
    first.close()
    again = open_database(url)
    try:
        assert events.get_event(again, ANN, "KZ-1").revision == 1
    finally:
        again.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "kaizen_tui.hub:migrations")
    return config


def test_the_head_revision_known_without_alembic_is_the_newest_script() -> None:
    # db.py skips importing Alembic when a database is at HEAD_REVISION: a new migration script
    # must move it, or a database would never get the new script
    assert ScriptDirectory.from_config(_alembic_config()).get_heads() == [HEAD_REVISION]


def test_a_hub_command_on_a_database_at_head_does_not_load_alembic(
    db_url: str, tmp_path: Path
) -> None:
    open_database(db_url).close()  # created and migrated: Alembic was needed

    def user_list() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "kaizen_tui", "hub", "user", "list"],
            capture_output=True,
            text=True,
            env={**kaizen_env(tmp_path), "KAIZEN_HUB_DB": db_url},
            timeout=120,
        )

    listed = user_list()
    assert listed.returncode == 0, listed.stderr
    loaded = [line.rsplit("|", 1)[-1].strip() for line in listed.stderr.splitlines()]
    assert "kaizen_tui.hub.users" in loaded  # the import times were read
    assert not [name for name in loaded if name.split(".")[0] == "alembic"]


def test_a_database_behind_head_is_still_migrated(tmp_path: Path) -> None:
    url = default_url(tmp_path)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")  # as an older kaizen-tui left it
    engine.dispose()
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (HEAD_REVISION,)
            assert compare_metadata(MigrationContext.configure(conn), schema.metadata) == []
    finally:
        db.close()


def test_a_database_from_a_newer_kaizen_is_refused_as_before(tmp_path: Path) -> None:
    url = default_url(tmp_path)
    open_database(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(KaizenError, match="was set up by a newer kaizen-tui"):
        open_database(url)


def test_changes_come_in_pages(db: Database) -> None:
    for n in range(5):
        bundle = parse_bundle(bundle_of(make_event(id=f"KZ-{n}", people=[], actions=[])))
        events.push(db, ANN, f"KZ-{n}", None, bundle)
    seen, cursor, more = [], 0, True
    while more:
        page, cursor, more = events.changes(db, ANN, cursor, limit=2)
        assert len(page) <= 2
        seen += [e.id for e in page]
    assert seen == [f"KZ-{n}" for n in range(5)]
    assert events.changes(db, User("Bo", "bo", "facilitator"), 0)[0] == []
    assert len(events.changes(db, LPO, 0)[0]) == 5


def test_index_rows_follow_the_latest_revision(db: Database) -> None:
    event = make_event(id="KZ-IX", report_out=date(2026, 11, 27))
    event.reviews = [Review(day=30), Review(day=60, held_on=date(2027, 1, 20), verdict="slipping")]
    events.push(db, ANN, "KZ-IX", None, parse_bundle(bundle_of(event)))
    event.actions = [*event.actions[:1], Action(id="A9", what="New", owner="Bo Li")]
    events.push(db, ANN, "KZ-IX", 1, parse_bundle(bundle_of(event)))
    with db.read() as conn:
        acts = conn.execute(
            sa.select(schema.actions.c.action_id, schema.actions.c.owner_key).order_by("action_id")
        ).all()
        revs = conn.execute(sa.select(schema.reviews.c.day, schema.reviews.c.due)).all()
        names = set(conn.execute(sa.select(schema.event_names.c.name_key)).scalars())
    assert [tuple(a) for a in acts] == [("A1", "zofia wiśniewska"), ("A9", "bo li")]
    assert sorted(tuple(r) for r in revs) == [(30, date(2026, 12, 27)), (60, date(2027, 1, 26))]
    assert {"ann", "bo li", "佐藤 健", "zofia wiśniewska"} <= names and "ana" not in names


def test_the_postgresql_schema_stores_bundles_as_jsonb(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        events.push(database, ANN, "KZ-J", None, parse_bundle(bundle_of(make_event(id="KZ-J"))))
        with database.read() as conn:
            kind = conn.execute(
                sa.text("SELECT pg_typeof(bundle)::text FROM revisions LIMIT 1")
            ).scalar_one()
            owner = conn.execute(
                sa.text("SELECT bundle->'event'->'actions'->0->>'owner' FROM revisions")
            ).scalar_one()
        assert (kind, owner) == ("jsonb", "Zofia Wiśniewska")
    finally:
        database.close()


def race(workers: list[Database], base: int, round_: int) -> list[events.PushResult]:
    """Every worker pushes its own edit on ``base`` at the same instant."""
    barrier = threading.Barrier(len(workers))
    results: list[events.PushResult] = []

    def push(worker: Database, n: int) -> None:
        bundle = parse_bundle(bundle_of(make_event(id="KZ-RACE", lessons=f"{round_}/{n}")))
        barrier.wait()
        results.append(events.push(worker, ANN, "KZ-RACE", base, bundle))

    threads = [threading.Thread(target=push, args=(w, n)) for n, w in enumerate(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_pushes_on_one_base_never_fork(db_url: str) -> None:
    """Threads with their own connections push on the same base at once: exactly one wins each
    round and revisions stay one contiguous line."""
    setup = open_database(db_url)
    events.push(setup, ANN, "KZ-RACE", None, parse_bundle(bundle_of(make_event(id="KZ-RACE"))))
    setup.close()
    workers = [open_database(db_url, migrate=False) for _ in range(4)]
    try:
        for round_ in range(5):
            base = events.get_event(workers[0], ANN, "KZ-RACE").revision
            results = race(workers, base, round_)
            winners = [r for r in results if r.accepted]
            assert len(winners) == 1 and winners[0].revision == base + 1
            assert all(r.revision == base + 1 for r in results)
    finally:
        for w in workers:
            w.close()
    check = open_database(db_url, migrate=False)
    try:
        assert [r for r, _, _ in events.history(check, "KZ-RACE")] == list(range(1, 7))
    finally:
        check.close()


def test_overdue_actions_in_sql_agree_with_the_rule_in_logic(db: Database) -> None:
    from bench.common import synthetic_event
    from kaizen_tui.hub.queries import overdue_actions
    from kaizen_tui.logic.actions import urgency

    today = date(2026, 11, 25)
    pushed = [synthetic_event(n, today=today) for n in range(12)]
    for event in pushed:
        events.push(db, ANN, event.id, None, parse_bundle(bundle_of(event)))
    expected = sorted(
        (e.id, a.id)
        for e in pushed
        if e.status not in ("closed", "abandoned")
        for a in e.actions
        if urgency(a, today) == "overdue"
    )
    with db.read() as conn:
        found = overdue_actions(conn, today)
        mine = overdue_actions(conn, today, User("Owner 3", "owner 3", "facilitator"))
    assert sorted((o.event_id, o.action_id) for o in found) == expected and expected
    assert [o.owner for o in found] == sorted((o.owner for o in found), key=str.casefold)
    # a facilitator sees the overdue actions of the events they are named on, all of them
    named = {e.id for e in pushed if any(a.owner == "Owner 3" for a in e.actions)}
    assert {o.event_id for o in mine} <= named
    assert {(o.event_id, o.action_id) for o in mine} == {
        pair for pair in expected if pair[0] in named
    }
