"""The store on a real disk: atomic saves, revisions, backups, corrupt files, merge, migrations."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kaizen_tui.errors import BundleError, ConflictError, KaizenError, NotFound
from kaizen_tui.model import FORMAT, Action, Bundle, Event, parse_bundle
from kaizen_tui.store import Store, migrations
from kaizen_tui.store.atomic import atomic_write_bytes

from .conftest import TODAY, make_event


def test_create_save_load(store: Store, event: Event) -> None:
    created = store.create(event)
    assert created.revision == 1
    created.title = "Changeover under 30 minutes"
    saved = store.save(created)
    assert saved.revision == 2
    assert saved.updated_at is not None
    loaded = store.load(event.id)
    assert loaded.title == "Changeover under 30 minutes"
    assert loaded.revision == 2
    assert loaded.people[0].name == "Zofia Wiśniewska"


def test_event_file_is_a_tinydb_file_holding_the_bundle(store: Store, event: Event) -> None:
    store.create(event)
    data = json.loads((store.events_dir / f"{event.id}.json").read_text("utf-8"))
    assert list(data) == ["bundle"]
    bundle = data["bundle"]["1"]
    assert bundle["format"] == "kaizen-event/1"
    assert bundle["event"]["id"] == event.id
    # it is readable by plain TinyDB too
    from tinydb import TinyDB

    with TinyDB(store.events_dir / f"{event.id}.json") as db:
        assert db.table("bundle").get(doc_id=1)["event"]["title"] == event.title


def test_generated_ids_count_up_per_year(store: Store) -> None:
    first = store.create(Event(title="one"), today=date(2026, 3, 1))
    second = store.create(Event(title="two"), today=date(2026, 3, 1))
    other_year = store.create(Event(title="three"), today=date(2027, 1, 5))
    assert (first.id, second.id, other_year.id) == ("KZ-2026-001", "KZ-2026-002", "KZ-2027-001")
    store.archive(second.id)
    assert store.create(Event(title="four"), today=date(2026, 3, 1)).id == "KZ-2026-003"


def test_create_refuses_an_existing_id(store: Store, event: Event) -> None:
    store.create(event)
    with pytest.raises(KaizenError, match="exists already"):
        store.create(event)


def test_stale_save_is_a_conflict_and_writes_nothing(store: Store, event: Event) -> None:
    base = store.create(event)
    mine = base.model_copy(deep=True)
    theirs = base.model_copy(deep=True)
    theirs.title = "theirs"
    store.save(theirs)
    mine.title = "mine"
    before = (store.events_dir / f"{event.id}.json").read_bytes()
    with pytest.raises(ConflictError) as err:
        store.save(mine)
    assert "revision 2" in str(err.value) and "revision 1" in str(err.value)
    assert (store.events_dir / f"{event.id}.json").read_bytes() == before
    assert store.load(event.id).title == "theirs"


def test_invalid_edit_is_refused_before_writing(store: Store, event: Event) -> None:
    saved = store.create(event)
    saved.actions.append(Action(id="A1", what="duplicate id"))  # list edits skip validation
    with pytest.raises(BundleError, match="two actions share the id 'A1'"):
        store.save(saved)
    assert len(store.load(event.id).actions) == 4


def test_backup_keeps_the_previous_version(store: Store, event: Event) -> None:
    saved = store.create(event)
    saved.title = "second"
    store.save(saved)
    backup = store.events_dir / f"{event.id}.json.bak"
    assert json.loads(backup.read_text())["bundle"]["1"]["event"]["revision"] == 1
    # the backup is its own file: damaging the event in place leaves it intact
    assert os.stat(backup).st_ino != os.stat(store.event_path(event.id)).st_ino


def test_first_version_backup_is_a_copy_not_a_link(store: Store, event: Event) -> None:
    store.create(event)
    path = store.event_path(event.id)
    backup = path.with_name(path.name + ".bak")
    assert os.stat(backup).st_ino != os.stat(path).st_ino
    with open(path, "r+b") as handle:  # damage in place, as a sync tool might
        handle.truncate(10)
    assert store.list_summaries() == []
    assert store.restore_backup(event.id).revision == 1


def test_truncated_file_is_moved_aside_named_and_restorable(store: Store, event: Event) -> None:
    saved = store.create(event)
    saved.title = "revision two"
    store.save(saved)
    store.create(make_event(id="KZ-TEST-2", title="healthy"))
    path = store.event_path(event.id)
    path.write_bytes(path.read_bytes()[:100])

    summaries = store.list_summaries()  # does not raise
    assert [s.id for s in summaries] == ["KZ-TEST-2"]
    problems = store.problems()
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == f"events/{event.id}.json"
    assert "not valid JSON" in problem.reason
    assert problem.backup_revision == 1
    assert "kaizen restore KZ-TEST-1" in problem.message
    # moved aside, not deleted or overwritten
    assert problem.moved_to is not None
    moved = store.root / problem.moved_to
    assert moved.read_bytes() == saved_bytes_prefix(moved)
    assert not path.exists()
    # a fresh Store (another process) still reports it
    assert [p.event_id for p in Store(store.root).problems()] == [event.id]

    restored = store.restore_backup(event.id)
    assert restored.revision == 1
    assert {s.id for s in store.list_summaries()} == {"KZ-TEST-1", "KZ-TEST-2"}
    assert store.problems() == []
    assert moved.exists()  # the damaged file is kept for the record


def saved_bytes_prefix(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b"[1, 2]", "not a JSON object"),
        (
            b'{"bundle": {"1": {"format": "kaizen-event/1", "event": {"title": ""}}}}',
            "not a valid event",
        ),
    ],
)
def test_each_kind_of_damage_is_reported(
    store: Store, event: Event, content: bytes, reason: str
) -> None:
    store.create(event)
    store.event_path(event.id).write_bytes(content)
    assert store.list_summaries() == []
    assert reason in store.problems()[0].reason


def test_file_from_a_newer_version_is_reported_but_not_moved(store: Store, event: Event) -> None:
    store.create(event)
    path = store.event_path(event.id)
    data = json.loads(path.read_text())
    data["bundle"]["1"]["format"] = "kaizen-event/3"
    path.write_text(json.dumps(data))
    assert store.list_summaries() == []
    assert "newer kaizen-tui" in store.problems()[0].message
    assert path.exists()


def test_a_plain_bundle_dropped_into_the_folder_is_read_and_upgraded(store: Store) -> None:
    store.events_dir.mkdir(parents=True)
    bundle = Bundle(event=make_event(id="KZ-DROP-1", revision=3)).to_json_dict()
    (store.events_dir / "KZ-DROP-1.json").write_text(json.dumps(bundle))
    event = store.load("KZ-DROP-1")
    assert event.revision == 3
    saved = store.save(event)
    data = json.loads(store.event_path("KZ-DROP-1").read_text())
    assert list(data) == ["bundle"] and saved.revision == 4


def test_index_is_a_cache(store: Store, event: Event) -> None:
    store.create(event)
    assert store.list_summaries()[0].title == event.title
    store.index.close()
    index = store.root / "index.sqlite"
    assert index.exists()
    index.write_text("{ damaged")
    assert store.list_summaries()[0].title == event.title  # rebuilt
    loaded = store.load(event.id)
    loaded.title = "changed"
    store.save(loaded)
    assert store.list_summaries()[0].title == "changed"  # a save invalidates its entry


def test_summary_counts(store: Store, event: Event) -> None:
    store.create(event)
    summary = store.list_summaries(TODAY)[0]
    assert summary.open_actions == 3
    assert summary.overdue_actions(TODAY) == 1
    assert summary.due_soon_actions(TODAY) == 1
    assert summary.team_leader == "Zofia Wiśniewska"


def test_archive_and_delete_are_reversible(store: Store, event: Event) -> None:
    store.create(event)
    store.archive(event.id)
    assert store.list_summaries() == []
    assert store.list_archived() == [event.id]
    store.unarchive(event.id)
    assert store.load(event.id).title == event.title
    store.delete(event.id)
    assert not store.exists(event.id)
    assert (store.root / "trash" / f"{event.id}.json").exists()
    with pytest.raises(NotFound):
        store.load(event.id)


def test_ids_cannot_escape_the_folder(store: Store) -> None:
    with pytest.raises(NotFound):
        store.load("../config")


def test_find_by_token(store: Store, event: Event) -> None:
    created = store.create(event)
    found = store.find_by_token(created.share_token)
    assert found is not None and found.id == event.id
    assert store.find_by_token("x" * 22) is None
    assert store.find_by_token("") is None


# -- merge ------------------------------------------------------------------------------------


def bundle(event: Event) -> Bundle:
    return parse_bundle(Bundle(event=event).to_json_dict())


def test_merge_rules(store: Store) -> None:
    store.create(make_event(id="KZ-M-1", title="one"))  # stored at revision 1
    stored = store.load("KZ-M-1")
    newer = stored.model_copy(update={"revision": 5, "title": "newer"}, deep=True)
    older = stored.model_copy(update={"revision": 0, "title": "older"}, deep=True)
    same = stored.model_copy(deep=True)
    clash = stored.model_copy(update={"title": "clash"}, deep=True)
    fresh = make_event(id="KZ-M-2", title="fresh", revision=4)

    kinds = [o.kind for o in store.merge([bundle(same), bundle(fresh)])]
    assert kinds == ["unchanged", "added"]
    assert store.load("KZ-M-2").revision == 4  # an import keeps the bundle's revision

    [outcome] = store.merge([bundle(older)])
    assert outcome.kind == "kept_newer"
    [outcome] = store.merge([bundle(clash)])
    assert outcome.kind == "conflict"
    assert "conflicts/" in outcome.detail
    assert store.load("KZ-M-1").title == "one"  # never silently replaced
    kept = list((store.root / "conflicts").glob("KZ-M-1-r1-*.json"))
    assert kept and json.loads(kept[0].read_text())["event"]["title"] == "clash"

    [outcome] = store.merge([bundle(newer)])
    assert outcome.kind == "updated"
    assert store.load("KZ-M-1").title == "newer"


def test_merge_without_token_keeps_the_stored_token(store: Store) -> None:
    created = store.create(make_event(id="KZ-T-1"))
    data = Bundle(event=created).to_json_dict()
    del data["event"]["share_token"]
    data["event"]["revision"] = 9
    store.merge([parse_bundle(data)])
    assert store.load("KZ-T-1").share_token == created.share_token


def test_merge_assigns_distinct_ids(store: Store) -> None:
    a = parse_bundle({"format": FORMAT, "event": {"title": "a"}})
    b = parse_bundle({"format": FORMAT, "event": {"title": "b"}})
    outcomes = store.merge([a, b], today=date(2026, 5, 1))
    assert [o.event_id for o in outcomes] == ["KZ-2026-001", "KZ-2026-002"]


def test_merge_is_all_or_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.create(make_event(id="KZ-A-1", title="original"))
    first = make_event(id="KZ-A-1", title="replaced", revision=7)
    second = make_event(id="KZ-A-2", title="second")
    import kaizen_tui.store.store as store_module

    real = store_module.Store._write_doc
    calls = {"n": 0}

    def failing_write(self: Store, path: Path, data: dict[str, Any], **kw: Any) -> None:
        # the disk fills up on the second write
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(self, path, data, **kw)

    monkeypatch.setattr(store_module.Store, "_write_doc", failing_write)
    with pytest.raises(OSError):
        store.merge([bundle(first), bundle(second)])
    monkeypatch.undo()
    assert store.load("KZ-A-1").title == "original"
    assert not store.exists("KZ-A-2")


# -- migrations -------------------------------------------------------------------------------


def test_migration_hook_upgrades_old_files(store: Store) -> None:
    @migrations.register(0)
    def rename_headline(doc: dict) -> dict:
        doc["event"]["title"] = doc["event"].pop("headline")
        return doc

    try:
        store.events_dir.mkdir(parents=True)
        old = {"format": "kaizen-event/0", "event": {"id": "KZ-OLD-1", "headline": "old style"}}
        atomic_write_bytes(store.event_path("KZ-OLD-1"), json.dumps(old).encode())
        event = store.load("KZ-OLD-1")
        assert event.title == "old style"
        store.save(event)
        data = json.loads(store.event_path("KZ-OLD-1").read_text())
        assert data["bundle"]["1"]["format"] == "kaizen-event/1"
    finally:
        migrations.MIGRATIONS.pop(0)


def test_old_format_without_migration_is_explained() -> None:
    with pytest.raises(BundleError, match="too old"):
        migrations.migrate({"format": "kaizen-event/0", "event": {}})


def test_the_index_carries_portfolio_facts(store: Store, event: Event) -> None:
    store.create(event)
    db = store.db()
    actions = list(
        db(
            "SELECT action_id, what, owner, due, status, done_on, pdca FROM actions "
            "WHERE event_id = :id ORDER BY seq",
            {"id": event.id},
        )
    )
    assert [a[0] for a in actions] == ["A1", "A2", "A3", "A4"]
    assert tuple(actions[0]) == (
        "A1",
        "Overdue thing",
        "Zofia Wiśniewska",
        "2026-11-20",
        "open",
        None,
        0,
    )
    people = {name: from_line for name, from_line in db("SELECT name, from_line FROM people", {})}
    assert people["Νίκος Παπαδόπουλος"] == 0
    metric = db("SELECT baseline, latest_value FROM metrics", {})[0]  # type: ignore[index]
    assert tuple(metric) == (95, None)
    assert db("SELECT COUNT(*) FROM reviews", {})[0][0] == 0  # type: ignore[index]
