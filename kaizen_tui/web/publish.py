"""`kaizen publish DIR`: the action pages as static files, for any intranet web server or share.

The files are rendered by the same function as the server's responses (pages.page_file), so a
published page is byte for byte what `kaizen serve` returns for that token on that day. A re-run
compares content and rewrites only what changed, and removes the pages it published earlier for
events that are gone (deleted, archived, or given a new link), so an old link stops working.

Nothing in DIR gives a link away to someone who has not got it: every folder has an
``index.html`` that lists nothing (a static server shows it instead of a listing of ``e/``), and
the list of what was published keeps SHA-256 digests of tokens and event ids, never the tokens.
"""

from __future__ import annotations

import contextlib
import hashlib
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

#: What this command published last time, so that a re-run removes only pages it wrote itself
#: and never touches anything else in the folder: {digest of token: digest of event id}. Digests,
#: because a web server may well serve this file (version 1 held the tokens themselves).
MANIFEST = ".kaizen-publish.json"
MANIFEST_VERSION = 2
#: Folders that get an index.html listing nothing, besides each event's own folder.
LISTED_NOTHING = ("", "e", "static")


@dataclass
class PublishResult:
    events: int = 0
    written: list[str] = field(default_factory=list)  # paths relative to the folder
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages about unreadable events
    failed: list[str] = field(default_factory=list)  # events whose pages could not be made


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


def page_key(token: str) -> str:
    """What the manifest keeps of a token: its SHA-256, from which the token cannot be had."""
    return hashlib.sha256(token.encode()).hexdigest()


def event_key(event_id: str) -> str:
    return hashlib.sha256(f"event:{event_id}".encode()).hexdigest()


def _read_manifest(dest: Path) -> dict[str, str]:
    """{page key: event key} of the last run; empty when missing or damaged."""
    try:
        data = json.loads((dest / MANIFEST).read_text("utf-8"))
        version, pages = data["version"], data["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(pages, dict):
        return {}
    if version == 1:  # {token: event id} in clear: read it once, written back as digests
        return {
            page_key(t): event_key(str(i))
            for t, i in pages.items()
            if isinstance(t, str) and is_token_shaped(t)
        }
    return {k: str(v) for k, v in pages.items() if isinstance(k, str) and _is_digest(k)}


def _is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _published_folders(dest: Path) -> dict[str, str]:
    """{page key: token} of the token-shaped folders in ``dest/e``."""
    try:
        names = [p.name for p in (dest / "e").iterdir() if p.is_dir()]
    except OSError:
        return {}
    return {page_key(name): name for name in names if is_token_shaped(name)}


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
    _write_if_changed(dest / STYLESHEET, stylesheet(), dest, result)
    for listed in LISTED_NOTHING:
        # a static web server lists a folder without one: e/ would list every token
        page = index_html(len(Path(listed).parts)).encode("utf-8")
        _write_if_changed(dest / listed / "index.html", page, dest, result)
    published: dict[str, str] = {}
    for summary in store.list_summaries():  # not iter_events: a failed load is reported too
        try:
            event = store.load(summary.id)
        except KaizenError as err:
            result.skipped.append(str(err))
            on_event()
            continue
        key = page_key(event.share_token)
        published[key] = event_key(event.id)
        try:
            files = {
                name: page_file(name, event, today=today, link_base=link_base)
                for name in EVENT_FILES
            }
        except Exception as err:  # one event's bad data must not cost every other its pages
            result.failed.append(
                f"{event.id}: its pages could not be made ({type(err).__name__}: {err}); "
                "its last published pages stay"
            )
            on_event()
            continue
        pages = event_dir(dest, event.share_token)
        for name, data in files.items():
            _write_if_changed(pages / name, data, dest, result)
        result.events += 1
        on_event()
    problems = store.problems()
    damaged = {event_key(problem.event_id) for problem in problems}
    result.skipped.extend(p.message for p in problems if p.message not in result.skipped)
    folders = _published_folders(dest)
    for key, owner in before.items():
        if key in published:
            continue
        if owner in damaged:
            # unreadable right now, not gone: keep its last good pages until it is restored
            published[key] = owner
            continue
        if key in folders:
            _remove_pages(dest, folders[key], result)
    manifest = {"version": MANIFEST_VERSION, "pages": dict(sorted(published.items()))}
    _write_if_changed(
        dest / MANIFEST,
        (json.dumps(manifest, indent=1) + "\n").encode("utf-8"),
        dest,
        PublishResult(),
    )
    return result
