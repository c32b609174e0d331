"""The cross-event index (store/sqlindex.py): kept up to date by every save, equal to the one
made again from the event files, and never trusted when it is stale or damaged."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaizen_tui.logic.queries import Execute
from kaizen_tui.logic.rows import TABLES, event_rows
from kaizen_tui.model import Action, Person, Reading, Review, SenseiNote, Yokoten
from kaizen_tui.store import Store
from kaizen_tui.store.sqlindex import SqlIndex

from .conftest import TODAY, make_event

HERE = Path(__file__).parent


def dump(db: Execute) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two indexes are the same when their dumps are."""
    return {
        table.name: sorted(
            (tuple(row) for row in db(f"SELECT {', '.join(table.names)} FROM {table.name}", {})),
            key=repr,
        )
        for table in TABLES
    }


def rebuilt(root: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The index made from scratch from the event files (in memory, the folder untouched)."""
    store = Store(root)
    store._index = SqlIndex(None, store.events_dir)
    return dump(store.db())


# -- the same rows, however they were reached -----------------------------------------------------

NAMES = ["Zofia Wiśniewska", "zofia  wiśniewska", "Νίκος Παπαδόπουλος", "佐藤 健", "Outsider", ""]
DAYS = st.integers(-60, 60).map(lambda n: TODAY + timedelta(days=n))

EDITS = st.one_of(
    st.tuples(st.just("title"), st.text(min_size=1, max_size=12).filter(str.strip)),
    st.tuples(st.just("action"), st.sampled_from(NAMES), st.none() | DAYS),
    st.tuples(st.just("finish"), st.integers(0, 6), st.sampled_from(["done", "dropped", "open"])),
    st.tuples(st.just("person"), st.sampled_from(NAMES[:5]), st.booleans()),
    st.tuples(st.just("reading"), DAYS, st.floats(0, 200, allow_nan=False)),
    st.tuples(st.just("review"), st.sampled_from([30, 60, 90]), st.none() | DAYS),
    st.tuples(st.just("yokoten"), st.sampled_from(["Welding", "welding ", "Paint"])),
    st.tuples(st.just("sensei"), st.sampled_from(NAMES)),
    st.tuples(st.just("status"), st.sampled_from(["planned", "live", "reported", "closed"])),
    st.tuples(st.just("start"), st.none() | DAYS),
    st.tuples(
        st.just("archive"),
    ),
    st.tuples(
        st.just("unarchive"),
    ),
    st.tuples(
        st.just("delete"),
    ),
    st.tuples(
        st.just("create"),
    ),
)


def apply(store: Store, event_id: str, edit: tuple[Any, ...]) -> None:
    """One edit as the app makes it (load, change, save), or a move in or out of the folder."""
    kind = edit[0]
    if kind == "create":
        store.create(make_event(id=""), today=TODAY)  # the next free KZ-2026-nnn
        return
    if kind == "unarchive":
        if event_id in store.list_archived() and not store.exists(event_id):
            store.unarchive(event_id)
        return
    if not store.exists(event_id):
        return
    if kind == "archive":
        store.archive(event_id)
        return
    if kind == "delete":
        store.delete(event_id)
        return
    event = store.load(event_id)
    if kind == "title":
        event.title = edit[1]
    elif kind == "action":
        number = len(event.actions) + 10
        event.actions.append(
            Action(id=f"A{number}", what=f"do {number}", owner=edit[1], due=edit[2])
        )
    elif kind == "finish" and event.actions:
        action = event.actions[edit[1] % len(event.actions)]
        action.status = edit[2]
        action.done_on = TODAY if edit[2] == "done" else None
    elif kind == "person":
        event.people.append(Person(name=edit[1], role="team_leader", from_line=edit[2]))
    elif kind == "reading" and event.metrics:
        event.metrics[0].readings.append(Reading(date=edit[1], value=edit[2]))
    elif kind == "review" and not any(r.day == edit[1] for r in event.reviews):
        held = edit[2]
        readings = {event.metrics[0].id: 42.0} if held and event.metrics else {}
        event.reviews.append(
            Review(
                day=edit[1],
                held_on=held,
                verdict="sustained" if held else None,
                readings=readings,
            )
        )
        event.report_out = event.report_out or event.start
    elif kind == "yokoten":
        event.yokoten.append(Yokoten(practice="Shadow board", to_area=edit[1]))
    elif kind == "sensei":
        event.sensei_notes.append(SenseiNote(date=TODAY, by=edit[1], note="Go and see."))
    elif kind == "status":
        event.status = edit[1]
    elif kind == "start":
        event.end = event.report_out = None
        event.start = edit[1]
    store.save(event)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(st.sampled_from(["KZ-TEST-1", "KZ-TEST-2"]), EDITS), max_size=10))
def test_the_index_kept_by_saves_equals_the_one_rebuilt_from_the_files(
    edits: list[tuple[str, tuple[Any, ...]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = Store(root)
        store.create(make_event())
        store.create(make_event(id="KZ-TEST-2", area="Welding", status="following_up"))
        for event_id, edit in edits:
            apply(store, event_id, edit)
        kept = dump(store.db(sync=False))  # as the saves left it, nothing read again
        assert kept == rebuilt(root)
        # and the rows are what the one extraction makes of the files
        for event in store.iter_events():
            rows = event_rows(event.model_dump(mode="json", by_alias=True))
            found = store.db()(
                "SELECT title, actions_total FROM events WHERE event_id = :id", {"id": event.id}
            )
            assert [tuple(r) for r in found] == [
                (rows["events"][0]["title"], rows["events"][0]["actions_total"])
            ]


def test_an_import_and_its_undo_keep_the_index(store: Store) -> None:
    from kaizen_tui.model import Bundle

    store.create(make_event())
    newer = make_event(title="from a laptop", revision=5)
    with store.index_batch():
        store.merge([Bundle(event=newer), Bundle(event=make_event(id="KZ-TEST-9"))])
    assert dump(store.db(sync=False)) == rebuilt(store.root)
    assert {s.id: s.title for s in store.list_summaries(TODAY)}["KZ-TEST-1"] == "from a laptop"


# -- stale, damaged or from another version: rebuilt, with one line said -------------------------


def kaizen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KAIZEN_TODAY": TODAY.isoformat()}
    return subprocess.run(
        [sys.executable, "-m", "kaizen_tui", "--data", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_a_file_changed_behind_its_back_is_read_again(store: Store) -> None:
    store.create(make_event())
    store.create(make_event(id="KZ-TEST-2"))
    path = store.event_path("KZ-TEST-1")
    doc = json.loads(path.read_text())
    doc["bundle"]["1"]["event"]["title"] = "Edited by hand"
    path.write_text(json.dumps(doc))  # in place: no save, no index update
    os.utime(path, ns=(1, 1))  # even an old mtime: the size and inode changed with it
    result = kaizen(store.root, "list", "--json")
    assert result.returncode == 0, result.stderr
    titles = {e["id"]: e["title"] for e in json.loads(result.stdout)["events"]}
    assert titles == {"KZ-TEST-1": "Edited by hand", "KZ-TEST-2": make_event().title}
    assert result.stderr.splitlines() == [
        "kaizen: notice: 1 event file changed outside kaizen (or a save was cut off); the event "
        "index was brought up to date"
    ]
    again = kaizen(store.root, "list", "--json")
    assert again.stderr == ""  # up to date now: nothing more to say


def test_a_file_copied_in_or_removed_by_hand_is_noticed(store: Store) -> None:
    from kaizen_tui.model import Bundle

    store.create(make_event())
    bundle = Bundle(event=make_event(id="KZ-COPIED", title="Copied in")).to_json_dict()
    (store.events_dir / "KZ-COPIED.json").write_text(json.dumps(bundle))
    store.event_path("KZ-TEST-1").unlink()
    result = kaizen(store.root, "list", "--json")
    assert [e["id"] for e in json.loads(result.stdout)["events"]] == ["KZ-COPIED"]
    assert "2 event files changed outside kaizen" in result.stderr


def test_a_damaged_index_is_rebuilt_with_a_notice(store: Store) -> None:
    for n in range(3):
        store.create(make_event(id=f"KZ-TEST-{n}"))
    store.index.close()
    index = store.root / "index.sqlite"
    index.write_bytes(b"this is not a database" * 100)
    result = kaizen(store.root, "list", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["events"]) == 3
    notices = result.stderr.splitlines()
    assert len(notices) == 1 and notices[0].startswith("kaizen: notice: the event index was")
    assert "damaged" in notices[0] and "rebuilt from the event files" in notices[0]
    assert sqlite3.connect(index).execute("SELECT COUNT(*) FROM events").fetchone() == (3,)


def test_a_damaged_page_inside_the_index_is_found_when_asked(store: Store) -> None:
    for n in range(40):
        store.create(make_event(id=f"KZ-TEST-{n}", title="x" * 300))
    store.index.close()
    index = store.root / "index.sqlite"
    conn = sqlite3.connect(index)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(index.read_bytes())
    page = 4096
    for start in range(2 * page, len(data), page):  # every page but the schema's: garbage
        data[start + 8 : start + 200] = b"\xff" * 192
    index.write_bytes(bytes(data))
    again = Store(store.root)
    summaries = again.list_summaries(TODAY)
    assert len(summaries) == 40
    notices = again.take_notices()
    assert len(notices) == 1 and "damaged" in notices[0]
    assert dump(again.db()) == rebuilt(store.root)


def test_an_index_from_another_version_is_rebuilt(store: Store) -> None:
    store.create(make_event())
    store.index.close()
    conn = sqlite3.connect(store.root / "index.sqlite")
    conn.execute("UPDATE index_meta SET value = 'kaizen-index/0' WHERE key = 'schema'")
    conn.commit()
    conn.close()
    result = kaizen(store.root, "list", "--json")
    assert [e["id"] for e in json.loads(result.stdout)["events"]] == ["KZ-TEST-1"]
    assert result.stderr.splitlines() == [
        "kaizen: notice: the event index was made by another version (kaizen-index/0); rebuilt "
        "from the event files"
    ]


def test_an_index_that_cannot_be_written_is_kept_in_memory(tmp_path: Path) -> None:
    root = tmp_path / "data"
    Store(root).create(make_event())
    (root / "index.sqlite").unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{root / 'index.sqlite'}{suffix}").unlink(missing_ok=True)
    root.chmod(0o555)
    try:
        reader = Store(root, read_only=True)
        assert [s.id for s in reader.list_summaries(TODAY)] == ["KZ-TEST-1"]
        assert reader.index.path is None or os.geteuid() == 0
    finally:
        root.chmod(0o755)


def test_an_unreadable_file_stays_a_problem_for_later_processes(store: Store) -> None:
    from kaizen_tui.model import Bundle

    store.create(make_event())
    newer = Bundle(event=make_event(id="KZ-NEWER")).to_json_dict()
    newer["format"] = "kaizen-event/9"
    (store.events_dir / "KZ-NEWER.json").write_text(json.dumps(newer))
    first = kaizen(store.root, "list", "--json")
    second = kaizen(store.root, "list", "--json")  # the index remembers the file and why
    for result in (first, second):
        problems = json.loads(result.stdout)["problems"]
        assert [p["file"] for p in problems] == ["KZ-NEWER.json"]
        assert "newer kaizen-tui" in problems[0]["reason"]
    assert [e["id"] for e in json.loads(second.stdout)["events"]] == ["KZ-TEST-1"]


def test_the_json_index_of_older_versions_is_removed(store: Store) -> None:
    """A data folder from before index.sqlite: its JSON summaries (tens of MB) are not kept."""
    store.create(make_event())
    for name in ("index.json", "index-list.json"):
        (store.root / name).write_text('{"files": {}}')
    assert [e["id"] for e in json.loads(kaizen(store.root, "list", "--json").stdout)["events"]] == [
        "KZ-TEST-1"
    ]
    assert not (store.root / "index.json").exists()
    assert not (store.root / "index-list.json").exists()
    assert (store.root / "index.sqlite").exists()


# -- kill -9 in the middle of saves -----------------------------------------------------------


def test_sigkill_during_saves_leaves_index_and_files_consistent(tmp_path: Path) -> None:
    root = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, str(HERE / "crash_child.py"), str(root), "60", "11", "index"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["failures"] == []
    assert summary["kills"] == 60 and summary["index_checks"] == 60
    store = Store(root)
    assert dump(store.db()) == rebuilt(root)


# -- the portfolio's queries are the same SQL on any database -----------------------------------


def test_the_queries_use_only_portable_sql() -> None:
    """No SQLite-only function in the SQL the hub runs on PostgreSQL (see logic/queries.py)."""
    import ast
    import inspect
    import re

    from kaizen_tui.logic import attention, listing, portfolio, rows, sensei, yokoten

    sql = []
    for module in (attention, listing, portfolio, rows, sensei, yokoten):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and re.search(r"\b(SELECT|CREATE|INSERT|DELETE)\b", text):
                sql.append(text)
    assert len(sql) >= 12
    forbidden = r"julianday|strftime|\bdate\(|datetime\(|ifnull|group_concat|printf|instr\("
    for text in sql:
        assert not re.search(forbidden, text, re.IGNORECASE), text
        assert "?" not in text, text  # named :params only


def test_a_bench_portfolio_copies_in_seconds() -> None:
    """bench/common.write_portfolio writes files the store reads as its own."""
    from bench.common import write_portfolio

    with tempfile.TemporaryDirectory() as tmp:
        write_portfolio(Path(tmp), 5)
        store = Store(tmp)
        assert store.count_events() == 5
        assert store.problems() == []
        shutil.rmtree(Path(tmp) / "events")
        assert store.count_events() == 0


def test_a_first_start_builds_the_index_before_the_app(tmp_path: Path) -> None:
    """`kaizen` on a folder without an index (an upgrade) builds it before the app's screen
    (with a progress bar on a terminal), so the app never sits blank while it is made."""
    from bench.common import write_portfolio
    from kaizen_tui.cli.context import _build_index

    write_portfolio(tmp_path, 30)
    store = Store(tmp_path)
    assert store.index_needs_building()
    _build_index(store)
    again = Store(tmp_path)
    assert not again.index_needs_building()
    assert again.count_events() == 30
    assert len(list(again.db(sync=False)("SELECT event_id FROM events", {}))) == 30


def test_a_rebuild_holds_the_rows_of_a_chunk_of_files_not_of_every_file(
    store: Store, monkeypatch: Any
) -> None:
    """A first start on a copied portfolio reads every file: their rows are written a chunk at
    a time, so memory does not grow with the portfolio (10,000 events peaked at 290 MB)."""
    import weakref

    from kaizen_tui.store import sqlindex

    monkeypatch.setattr(sqlindex, "SYNC_CHUNK", 4)
    for n in range(13):
        store.create(make_event(id=f"KZ-TEST-{n}"))
    expected = dump(store.db())
    store.index.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.root / 'index.sqlite'}{suffix}").unlink(missing_ok=True)

    alive: set[int] = set()
    most = 0

    def reader(path: Path) -> sqlindex.FileRead | None:
        nonlocal most
        found = store._read_for_index(path)
        if found is not None:
            alive.add(id(found))
            weakref.finalize(found, alive.discard, id(found))
            most = max(most, len(alive))
        return found

    fresh = Store(store.root)
    result = fresh.index.sync(reader)
    assert result.read == 13
    assert most <= 4
    assert dump(fresh.db()) == expected
