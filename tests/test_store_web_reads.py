"""What the web pages ask the store on every request: find_by_token and load_shared, both cached
until the files change."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from kaizen_tui.errors import NotFound
from kaizen_tui.model import new_share_token
from kaizen_tui.store import Store

from .conftest import make_event


def age_events_folder(store: Store, seconds: float = 60) -> None:
    """Make the last change of events/ look old, as it is between saves on a real server."""
    past = time.time() - seconds
    os.utime(store.events_dir, (past, past))


def test_lookup_follows_creates_saves_and_deletes(store: Store) -> None:
    reader = Store(store.root, read_only=True)
    first = store.create(make_event(id="KZ-T-1"))
    age_events_folder(store)
    found = reader.find_by_token(first.share_token)
    assert found is not None and found.id == "KZ-T-1"

    second = store.create(make_event(id="KZ-T-2"))  # a new file in events/
    found = reader.find_by_token(second.share_token)
    assert found is not None and found.id == "KZ-T-2"

    age_events_folder(store)
    assert reader.find_by_token(second.share_token) is not None  # now from the kept map
    old_token = second.share_token
    second.share_token = new_share_token()  # a new link, e.g. after one leaked
    store.save(second)
    assert reader.find_by_token(old_token) is None
    found = reader.find_by_token(second.share_token)
    assert found is not None and found.id == "KZ-T-2"

    age_events_folder(store)
    store.delete("KZ-T-2")
    assert reader.find_by_token(second.share_token) is None
    assert reader.find_by_token(first.share_token) is not None


def test_unknown_and_odd_tokens(store: Store) -> None:
    event = store.create(make_event())
    for token in ("", "x" * 22, event.share_token[:-1], event.share_token + "x", "é" * 30):
        assert store.find_by_token(token) is None
    assert Store(store.root / "nowhere", read_only=True).find_by_token(event.share_token) is None


def test_a_change_in_the_same_clock_tick_is_not_missed(store: Store) -> None:
    """A file changed within the folder's mtime granularity leaves the mtime as it was; a map
    built that recently is not kept, so the next lookup sees the change."""
    reader = Store(store.root, read_only=True)
    event = store.create(make_event())
    stat = os.stat(store.events_dir)
    assert reader.find_by_token(event.share_token) is not None  # folder changed just now

    new_token = new_share_token()
    path = store.event_path(event.id)
    data = json.loads(path.read_text("utf-8"))
    data["bundle"]["1"]["event"]["share_token"] = new_token
    path.write_text(json.dumps(data), "utf-8")  # in place: the folder's mtime does not move
    os.utime(store.events_dir, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    found = reader.find_by_token(new_token)
    assert found is not None and found.id == event.id
    assert reader.find_by_token(event.share_token) is None


def age_file(path: Path, seconds: float = 60) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_load_shared_parses_a_file_once_and_follows_saves(store: Store) -> None:
    reader = Store(store.root, read_only=True)
    event = store.create(make_event())
    age_file(store.event_path(event.id))
    first = reader.load_shared(event.id)
    assert reader.load_shared(event.id) is first  # unchanged file: not parsed again
    assert reader.load(event.id) is not first  # load() always gives the caller its own copy

    event.title = "Changeover under 10 minutes"
    store.save(event)
    again = reader.load_shared(event.id)
    assert again.title == "Changeover under 10 minutes" and again.revision == event.revision + 1

    store.delete(event.id)
    with pytest.raises(NotFound):
        reader.load_shared(event.id)


def test_load_shared_sees_an_edit_in_the_same_clock_tick(store: Store) -> None:
    reader = Store(store.root, read_only=True)
    event = store.create(make_event())
    path = store.event_path(event.id)
    stat = path.stat()
    assert reader.load_shared(event.id).title == event.title  # read just after the change
    data = json.loads(path.read_text("utf-8"))
    data["bundle"]["1"]["event"]["title"] = event.title[::-1]  # same length: same size
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    assert path.stat().st_size == stat.st_size
    assert reader.load_shared(event.id).title == event.title[::-1]
