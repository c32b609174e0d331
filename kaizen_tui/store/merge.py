"""Import: merging validated bundles into the store by id (``kaizen import``, the TUI's import).

The higher revision wins; the same revision with different content is a conflict, kept in
``conflicts/`` for a person to compare and never applied. All or nothing: if one write fails,
those already written are put back. Works through the Store's own locks and writes, so a merge
and a save from another process never interleave.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kaizen_tui.errors import BundleError, KaizenError
from kaizen_tui.store.atomic import atomic_write_bytes, writing
from kaizen_tui.store.tinystorage import UnreadableFile, dump_json, read_json_object

if TYPE_CHECKING:
    from kaizen_tui.model import Bundle, Event
    from kaizen_tui.store.store import Store

MergeKind = Literal["added", "updated", "unchanged", "kept_newer", "conflict"]


@dataclass(frozen=True)
class MergeOutcome:
    event_id: str
    kind: MergeKind
    detail: str

    @property
    def applied(self) -> bool:
        return self.kind in ("added", "updated")


def merge_bundles(
    store: Store, bundles: list[Bundle], *, today: date | None = None
) -> list[MergeOutcome]:
    """What :meth:`Store.merge` does (see the module doc): one outcome per bundle, in order."""
    year = (today or date.today()).year
    taken = {b.event.id for b in bundles if b.event.id}
    undo: list[Callable[[], None]] = []
    outcomes: list[MergeOutcome] = []
    try:
        for bundle in bundles:
            if not bundle.event.id:
                outcomes.append(_add_new(store, bundle, year, taken, undo))
                continue
            event_id = bundle.event.id
            path = store.event_path(event_id)
            with store._locked(event_id):
                # decided under the lock, so a save from another process cannot slip in
                outcome = _plan(store, bundle.event)
                if outcome.applied:
                    previous = _read_or_none(path)
                    store._write_doc(path, _validated(bundle.event))
                    undo.append(_undo_write(store, path, event_id, previous))
            if outcome.kind == "conflict":
                outcome = _keep_conflict(store, bundle, outcome)
            outcomes.append(outcome)
    except BaseException:
        for step in reversed(undo):
            with contextlib.suppress(Exception):
                step()
        raise
    return outcomes


def _add_new(
    store: Store, bundle: Bundle, year: int, taken: set[str], undo: list[Callable[[], None]]
) -> MergeOutcome:
    """Store a bundle that has no id under the next free ``KZ-<year>-<nnn>``. The id is claimed
    under its lock and only if no file has it (create-exclusive, as Store.create does): another
    process importing at the same moment scanned the same free numbers, and must get the next
    one rather than merge into ours."""
    for event_id in store._free_ids(year):
        if event_id in taken:
            continue
        path = store.event_path(event_id)
        check_token(store, bundle.event, None)
        with store._locked(event_id):
            if path.exists():
                continue  # taken by another process a moment ago
            bundle.event.id = event_id
            store._write_doc(path, _validated(bundle.event))
            undo.append(_undo_write(store, path, event_id, None))
        taken.add(event_id)
        return MergeOutcome(event_id, "added", f"new event, revision {bundle.event.revision}")
    raise KaizenError(f"no free event id for {year}: give the bundle an id")


def _plan(store: Store, incoming: Event) -> MergeOutcome:
    if not store.exists(incoming.id):
        check_token(store, incoming, None)
        return MergeOutcome(incoming.id, "added", f"new event, revision {incoming.revision}")
    try:
        stored = store.load(incoming.id)
    except KaizenError:
        check_token(store, incoming, None)
        return MergeOutcome(incoming.id, "updated", "replaces an unreadable stored file")
    if "share_token" not in incoming.model_fields_set:
        # A bundle without a token keeps the stored one: printed QR codes stay valid.
        incoming.share_token = stored.share_token
    if incoming.revision > stored.revision:
        check_token(store, incoming, stored.share_token)
        return MergeOutcome(
            incoming.id, "updated", f"revision {stored.revision} → {incoming.revision}"
        )
    if incoming.revision < stored.revision:
        return MergeOutcome(
            incoming.id,
            "kept_newer",
            f"stored revision {stored.revision} is newer than the file's {incoming.revision}",
        )
    if _content(stored) == _content(incoming):
        return MergeOutcome(incoming.id, "unchanged", f"revision {stored.revision}")
    return MergeOutcome(incoming.id, "conflict", f"both are revision {stored.revision} but differ")


def check_token(store: Store, incoming: Event, stored_token: str | None) -> None:
    """Refuse a share token that is not the event's own stored one when it is too weak to be
    random (under TOKEN_BITS) or is already another event's link: it would open the wrong page
    from a printed QR code, or let a bundle take over another event's code."""
    from kaizen_tui.model import TOKEN_BITS, token_bits

    token = incoming.share_token
    if token == stored_token:
        return
    who = incoming.id or "a new event"
    bits = token_bits(token)
    if bits < TOKEN_BITS:
        raise BundleError(
            f"{who}: its share_token can hold only {bits:.0f} random bits (at least "
            f"{TOKEN_BITS}); remove share_token from the bundle and a random one is drawn"
        )
    owner = store.token_owner(token)
    if owner is not None and owner != incoming.id:
        raise BundleError(
            f"{who}: its share_token is already the link of {owner} (one link opens one "
            "event); remove share_token from the bundle and a new one is drawn"
        )


def _undo_write(
    store: Store, path: Path, event_id: str, previous: dict[str, Any] | None
) -> Callable[[], None]:
    def undo() -> None:
        with store._locked(event_id):
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write_bytes(path, dump_json(previous))
            store._index_refresh(path)
        store._reads.forget_tokens()  # the token this put back is not the one it noted

    return undo


def _keep_conflict(store: Store, bundle: Bundle, outcome: MergeOutcome) -> MergeOutcome:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    dest = store._dir("conflicts") / f"{outcome.event_id}-r{bundle.event.revision}-{stamp}.json"
    with writing(dest):
        atomic_write_bytes(dest, dump_json(bundle.to_json_dict()))
    return MergeOutcome(
        outcome.event_id,
        "conflict",
        f"{outcome.detail}; not imported, kept as conflicts/{dest.name} to compare",
    )


def _validated(event: Event) -> dict[str, Any]:
    """Dump and re-validate: in-place list edits (append) bypass pydantic's assignment checks."""
    from kaizen_tui.model import FORMAT, parse_bundle

    data = {"format": FORMAT, "event": event.model_dump(mode="json", by_alias=True)}
    parse_bundle(data)
    return data


def _content(event: Event) -> dict[str, Any]:
    data = event.model_dump(mode="json", by_alias=True)
    data.pop("updated_at", None)
    return data


def _read_or_none(path: Path) -> dict[str, Any] | None:
    try:
        return read_json_object(path)
    except UnreadableFile:
        return None
