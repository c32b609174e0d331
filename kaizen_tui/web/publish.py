"""`kaizen publish DIR`: the action pages as static files, for any intranet web server or share.

The files are rendered by the same function as the server's responses (pages.page_file), so a
published page is byte for byte what `kaizen serve` returns for that token on that day. A re-run
compares content and rewrites only what changed, and removes the pages it published earlier for
events that are gone (deleted, archived, or given a new link), so an old link stops working.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kaizen_tui.errors import KaizenError, os_error_message
from kaizen_tui.store import Store
from kaizen_tui.store.atomic import atomic_write_bytes
from kaizen_tui.web.pages import (
    EVENT_FILES,
    STYLESHEET,
    index_html,
    is_token_shaped,
    page_file,
    stylesheet,
)

#: What this command published last time ({token: event id}), so that a re-run removes only
#: pages it wrote itself and never touches anything else in the folder.
MANIFEST = ".kaizen-publish.json"


@dataclass
class PublishResult:
    events: int = 0
    written: list[str] = field(default_factory=list)  # paths relative to the folder
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages about unreadable events


def event_dir(dest: Path, token: str) -> Path:
    """``dest/e/<token>``; refuses anything that is not a token (no way out of ``dest``)."""
    if not is_token_shaped(token):
        raise KaizenError(f"{token!r} is not a share token")
    folder = dest / "e" / token
    if not folder.resolve().is_relative_to(dest.resolve()):
        raise KaizenError(f"{folder} is outside {dest}")
    return folder


def _write_if_changed(path: Path, data: bytes, dest: Path, result: PublishResult) -> None:
    try:
        if path.read_bytes() == data:
            result.unchanged += 1
            return
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # atomic: a web server serving the folder never sends half a page
    atomic_write_bytes(path, data, fsync=False)
    result.written.append(path.relative_to(dest).as_posix())


def _read_manifest(dest: Path) -> dict[str, str]:
    try:
        data = json.loads((dest / MANIFEST).read_text("utf-8"))
        pages = data["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(pages, dict):
        return {}
    return {t: str(i) for t, i in pages.items() if isinstance(t, str) and is_token_shaped(t)}


def _remove_pages(dest: Path, token: str, result: PublishResult) -> None:
    folder = event_dir(dest, token)
    for name in EVENT_FILES:
        path = folder / name
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            result.removed.append(path.relative_to(dest).as_posix())
    with contextlib.suppress(OSError):
        folder.rmdir()  # only if empty: anything a person put there stays


def publish(
    store: Store,
    dest: Path,
    *,
    today: date,
    link_base: str,
    on_event: Callable[[], None] = lambda: None,
) -> PublishResult:
    """Write (or update) every readable event's pages under ``dest``. ``on_event`` is called
    once per event (a progress bar)."""
    try:
        return _publish(store, dest, today, link_base, on_event)
    except OSError as err:
        raise KaizenError(os_error_message(err, dest)) from None


def _publish(
    store: Store,
    dest: Path,
    today: date,
    link_base: str,
    on_event: Callable[[], None],
) -> PublishResult:
    result = PublishResult()
    if dest.exists() and not dest.is_dir():
        raise KaizenError(f"{dest} is a file, not a folder")
    dest.mkdir(parents=True, exist_ok=True)
    before = _read_manifest(dest)
    _write_if_changed(dest / "index.html", index_html().encode("utf-8"), dest, result)
    _write_if_changed(dest / STYLESHEET, stylesheet(), dest, result)
    published: dict[str, str] = {}
    for summary in store.list_summaries():  # not iter_events: a failed load is reported too
        try:
            event = store.load(summary.id)
        except KaizenError as err:
            result.skipped.append(str(err))
            on_event()
            continue
        folder = event_dir(dest, event.share_token)
        for name in EVENT_FILES:
            data = page_file(name, event, today=today, link_base=link_base)
            _write_if_changed(folder / name, data, dest, result)
        published[event.share_token] = event.id
        result.events += 1
        on_event()
    problems = store.problems()
    damaged = {problem.event_id for problem in problems}
    result.skipped.extend(p.message for p in problems if p.message not in result.skipped)
    for token, event_id in before.items():
        if token in published:
            continue
        if event_id in damaged:
            # unreadable right now, not gone: keep its last good pages until it is restored
            published[token] = event_id
            continue
        _remove_pages(dest, token, result)
    manifest = {"version": 1, "pages": dict(sorted(published.items()))}
    _write_if_changed(
        dest / MANIFEST,
        (json.dumps(manifest, indent=1) + "\n").encode("utf-8"),
        dest,
        PublishResult(),
    )
    return result
