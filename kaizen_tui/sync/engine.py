"""One sync of a laptop with its hub (DESIGN.md "The hub", docs/hub.md "Sync").

1. **Pull** the hub's changes since the cursor. An event new to this laptop is stored as the hub
   has it; one this laptop has not changed since it last agreed with the hub takes the hub's copy.
2. **Push** every event changed here since it was last agreed on, with the hub revision it is
   based on. The hub takes it only as a fast-forward; otherwise it answers 409 with its copy,
   which is merged three-way (logic/threeway.py) over the base, the copy last agreed on, and
   pushed again. The merge is kept in memory until the hub takes it, then saved here: a laptop
   that loses the race again and again (twenty pushing one event) never writes half-way states.

Every local write goes through the Store: its lock and revision check. If the app saves an event
while sync works on it, the store refuses sync's write (nothing is lost) and the next sync picks
the edit up. A push the hub took but whose answer was lost is pushed again on the next sync, gets
409 with content equal to its own, merges to nothing to do and takes the hub's copy as its base:
nothing is duplicated. Hub unreachable or token refused: a KaizenError before anything local was
changed (or, if the connection drops midway, after whole events only: each is in a consistent
state, and the next sync goes on from there).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from kaizen_tui.errors import BundleError, ConflictError, KaizenError, NotFound
from kaizen_tui.logic.itempaths import canonical
from kaizen_tui.logic.threeway import merge_events
from kaizen_tui.sync.client import Answer, HubClient, HubUnreachable
from kaizen_tui.sync.state import Agreed, SyncState, sync_lock

if TYPE_CHECKING:
    from kaizen_tui.model import Event
    from kaizen_tui.store import Store

#: Pushes of one event before giving up for this sync (the hub moving on under us each time:
#: twenty laptops pushing one event at once take turns; a short random pause spreads them).
MAX_ATTEMPTS = 40
BACKOFF_S = 0.05
#: Save the state (and make base links durable) every so many pushed events.
SAVE_EVERY = 25
#: Keys that differ on every save and say nothing about the content.
COUNTERS = ("revision", "updated_at")


@dataclass
class SyncReport:
    """What one sync did (``kaizen sync --json`` prints :meth:`to_json`)."""

    pushed: list[str] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: events this sync could not take care of, one line each (the others were synced)
    problems: list[str] = field(default_factory=list)
    #: events renamed here because the hub has a different event under their id
    renamed: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "pushed": list(self.pushed),
            "pulled": list(self.pulled),
            "conflicts": [
                {k: c[k] for k in ("event", "path", "base", "mine", "theirs")}
                for c in self.conflicts
            ],
        }


def sync(
    store: Store,
    hub_url: str,
    token: str,
    *,
    now: datetime | None = None,
    today: date | None = None,
    wait: float = 0.0,
    client: HubClient | None = None,
) -> SyncReport:
    """Pull the hub's changes, push this laptop's (see the module doc). ``wait``: seconds to wait
    for a sync already running in another process of this data folder."""
    if not hub_url or not token:
        raise KaizenError("not logged in to a hub; run `kaizen hub login URL --token TOKEN`")
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    owned = client is None
    hub = client or HubClient(hub_url, token)
    try:
        with sync_lock(store.root, wait=wait):
            state = SyncState.load(store.root, hub_url)
            run = _Sync(store, hub, state, moment, today or moment.date())
            try:
                run.pull()
                run.push()
                state.last_sync = moment.isoformat()
            finally:
                if run.answered:  # an unreachable hub leaves the data folder as it was
                    state.flush()
                    state.save()
            return run.report
    finally:
        if owned:
            hub.close()


def pending(store: Store, hub_url: str) -> int:
    """How many events here have changes the hub has not got (for "offline · 3 to push")."""
    state = SyncState.load(store.root, hub_url)
    count = 0
    for summary in store.list_summaries():
        agreed = state.events.get(summary.id)
        if agreed is None or agreed.local != summary.revision:
            count += 1
    return count


def last_sync(store: Store, hub_url: str) -> datetime | None:
    """When this laptop last synced with ``hub_url`` without a network error."""
    state = SyncState.load(store.root, hub_url)
    try:
        return datetime.fromisoformat(state.last_sync) if state.last_sync else None
    except ValueError:
        return None


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal events, whatever revision and save time each carries."""
    return {k: v for k, v in a.items() if k not in COUNTERS} == {
        k: v for k, v in b.items() if k not in COUNTERS
    }


def _values(event_json: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event_json.items() if k != "conflicts"}


def _json(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json", by_alias=True)


def _bundle(event_json: dict[str, Any]) -> dict[str, Any]:
    from kaizen_tui.model import FORMAT

    return {"format": FORMAT, "event": event_json}


@dataclass
class _Push:
    """One event on its way to the hub: what is sent, on which base, and what merging found."""

    local: Event
    agreed: Agreed | None
    outgoing: dict[str, Any] = field(default_factory=dict)
    base_revision: int | None = None
    base_json: dict[str, Any] | None = None  # the hub's copy ``outgoing`` was merged over
    found: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.outgoing = _json(self.local)
        self.base_revision = self.agreed.hub if self.agreed else None


def _token_of(answer: Answer) -> str | None:
    bundle = answer.data.get("bundle")
    event = bundle.get("event") if isinstance(bundle, dict) else None
    token = event.get("share_token") if isinstance(event, dict) else None
    return token if isinstance(token, str) else None


class _Sync:
    def __init__(
        self, store: Store, hub: HubClient, state: SyncState, now: datetime, today: date
    ) -> None:
        self.store = store
        self.hub = hub
        self.state = state
        self.now = now
        self.today = today
        self.report = SyncReport()
        self._archived: set[str] | None = None
        self.answered = False  # the hub answered at least once

    # -- pull ----------------------------------------------------------------------------------

    def pull(self) -> None:
        restarted = False
        while True:
            answer = self.hub.changes(self.state.cursor or None)
            self.answered = True
            if answer.status == 400 and self.state.cursor and not restarted:
                # a cursor this hub never gave (restored from a backup, or a new database)
                self.report.notes.append("the hub did not know this laptop's place; read it all")
                self.state.cursor = ""
                restarted = True
                continue
            if answer.status != 200:
                raise HubUnreachable(
                    f"the hub at {self.hub.url} answered {answer.status}: {answer.error}"
                )
            for item in answer.data.get("events") or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self._pulled(item["id"], item.get("revision"), item.get("bundle"))
            self.state.flush()
            self.state.cursor = str(answer.data.get("cursor") or self.state.cursor)
            self.state.save()
            if not answer.data.get("more"):
                return

    def _pulled(self, event_id: str, revision: Any, bundle: Any) -> None:
        agreed = self.state.events.get(event_id)
        if agreed is not None and agreed.hub == revision:
            return  # what we have (often our own push coming back)
        hub_event = self._parse(event_id, bundle)
        if hub_event is None or not isinstance(revision, int):
            return
        if not self.store.exists(event_id):
            if agreed is None and event_id not in self._archived_ids():
                self._take_new(hub_event, revision)
            return  # archived or deleted here: the hub keeps it, this laptop does not want it
        local = self._load(event_id)
        if local is None:
            return
        if agreed is None and local.share_token != hub_event.share_token:
            self._rename(local)  # a different event that happens to have the same id
            self._take_new(hub_event, revision)
            return
        if agreed is not None and agreed.local == local.revision:
            changed = not same_content(_json(local), _json(hub_event))
            self._adopt(local, hub_event, revision, changed=changed)
        # changed here too: the push below gets the hub's copy (409) and merges it

    def _take_new(self, hub_event: Event, revision: int) -> None:
        try:
            self.store.replace(
                hub_event,
                expect_revision=None,
                link_to=self.state.base_path(hub_event.id),
            )
        except ConflictError:
            return  # created here a moment ago; the next sync merges the two
        self.state.events[hub_event.id] = Agreed(revision, hub_event.revision)
        self.report.pulled.append(hub_event.id)

    # -- merging -------------------------------------------------------------------------------

    def _adopt(self, local: Event, hub_event: Event, revision: int, *, changed: bool) -> None:
        """The local event becomes the hub's copy, which is also the new base."""
        base = self.state.base_path(local.id)
        try:
            if not changed and local.revision == hub_event.revision:
                if not self.store.snapshot(local.id, base, revision=local.revision):
                    return  # saved in the app just now: the next sync looks again
            else:
                self.store.replace(hub_event, expect_revision=local.revision, link_to=base)
        except ConflictError:
            return
        self.state.events[local.id] = Agreed(revision, hub_event.revision)
        if changed:
            self._add(self.report.pulled, local.id)

    # -- push ----------------------------------------------------------------------------------

    def push(self) -> None:
        done = 0
        for summary in self.store.list_summaries():
            agreed = self.state.events.get(summary.id)
            if agreed is not None and agreed.local == summary.revision:
                continue
            self._push(summary.id)
            done += 1
            if done % SAVE_EVERY == 0:
                self.state.flush()
                self.state.save()

    def _push(self, event_id: str) -> None:
        local = self._load(event_id)
        if local is None:
            return
        push = _Push(local, self.state.events.get(local.id))
        for attempt in range(MAX_ATTEMPTS):
            if attempt > 1:  # others are pushing this event too: let them through, in turn
                time.sleep(random.uniform(0, min(2.0, BACKOFF_S * 2**attempt)))
            answer = self.hub.put(push.local.id, push.base_revision, _bundle(push.outgoing))
            if answer.status == 200:
                self._accepted(push, answer)
                return
            clash = answer.status == 403 or (
                answer.status == 409
                and push.agreed is None
                and push.base_revision is None
                and _token_of(answer) not in (None, push.local.share_token)
            )
            if clash and push.agreed is None:
                # the hub has a different event under this id (someone else's, perhaps)
                self._rename(push.local)
                if answer.status == 409 and isinstance(answer.data.get("revision"), int):
                    hub_event = self._parse(push.local.id, answer.data.get("bundle"))
                    if hub_event is not None:
                        self._take_new(hub_event, answer.data["revision"])
                renamed = self._load(self.report.renamed[push.local.id])
                if renamed is None:
                    return
                push = _Push(renamed, None)
                continue
            if answer.status != 409:
                self.report.problems.append(f"{push.local.id}: the hub refused it: {answer.error}")
                return
            hub_event = self._parse(push.local.id, answer.data.get("bundle"))
            revision = answer.data.get("revision")
            if hub_event is None or not isinstance(revision, int):
                return
            if not self._merge(push, hub_event, revision):
                return
        self.report.problems.append(
            f"{event_id}: the hub changed it again at every try; run `kaizen sync` again"
        )

    def _merge(self, push: _Push, hub_event: Event, revision: int) -> bool:
        """Merge the hub's copy into what is being pushed (in memory; saved here once the hub
        has taken it). False when nothing of this laptop's is left to push."""
        event_id = push.local.id
        hub_json = _json(hub_event)
        if push.base_json is None and push.agreed is not None:
            base = self.state.read_base(event_id)
            if base is None:
                self.report.notes.append(
                    f"{event_id}: the copy last agreed with the hub was not found here; merged "
                    "without it (every difference is a conflict to choose)"
                )
            elif int(base.get("revision") or 0) > revision:
                self.report.notes.append(
                    f"{event_id}: the hub is at revision {revision}, behind this laptop's "
                    f"{base.get('revision')} (restored from a backup?); this laptop's copy is "
                    "pushed with the hub's changes merged in"
                )
                base = hub_json
        else:
            base = push.base_json  # the hub's copy the outgoing merge was built on
        result = merge_events(base, push.outgoing, hub_json, at=self.now.isoformat())
        known = {(c["path"], canonical([c["base"], c["mine"], c["theirs"]])) for c in push.found}
        for entry in result.conflicts:
            if (
                entry["path"],
                canonical([entry["base"], entry["mine"], entry["theirs"]]),
            ) not in known:
                push.found.append(entry)
        push.notes.extend(n for n in result.notes if n not in push.notes)
        if same_content(result.event, hub_json):
            # the hub has all of it already (often a push whose answer was lost): take its copy
            changed = not same_content(_json(push.local), hub_json)
            self._adopt(push.local, hub_event, revision, changed=changed)
            return False
        push.outgoing = result.event
        push.outgoing["revision"] = max(push.local.revision, revision) + 1
        push.outgoing["updated_at"] = self.now.isoformat()
        push.base_json = hub_json
        push.base_revision = revision
        return True

    def _accepted(self, push: _Push, answer: Answer) -> None:
        local = push.local
        revision = answer.data.get("revision")
        stored = self._parse(local.id, answer.data.get("bundle"))
        if stored is None or not isinstance(revision, int):
            return
        event_id = local.id
        base = self.state.base_path(event_id)
        stored_json = _json(stored)
        local_json = _json(local)
        self._add(self.report.pushed, event_id)
        for entry in push.found:
            self.report.conflicts.append({"event": event_id, **entry})
        self.report.notes.extend(f"{event_id}: {note}" for note in push.notes)
        if push.base_json is not None and not same_content(
            _values(stored_json), _values(local_json)
        ):
            self._add(self.report.pulled, event_id)  # the hub's changes came in with the merge
        if stored.revision == local.revision and same_content(stored_json, local_json):
            if self.store.snapshot(event_id, base, revision=local.revision):
                self.state.events[event_id] = Agreed(revision, local.revision)
                return
        else:
            try:
                self.store.replace(stored, expect_revision=local.revision, link_to=base)
            except ConflictError:
                pass
            else:
                self.state.events[event_id] = Agreed(revision, stored.revision)
                return
        # Saved in the app meanwhile. Without a merge the hub's copy is this laptop's old one,
        # the base of the app's edit; after a merge the agreed base stays, and the next sync
        # merges the app's edit with what the hub now has.
        if push.base_json is None:
            self.state.write_base(event_id, _bundle(stored_json))
            self.state.events[event_id] = Agreed(revision, None)

    def _rename(self, local: Event) -> None:
        """Give this laptop's event a new id: the hub has a different event under its id. The
        share token stays, so the QR codes printed for it still open it."""
        old = local.id
        moved = local.model_copy(deep=True)
        moved.id = ""
        new = self.store.create(moved, today=self.today)
        self.store.delete(old)  # to trash/: nothing is erased
        self.state.forget(old)
        self.report.renamed[old] = new.id
        self.report.notes.append(
            f"{old} here is now {new.id}: the hub has a different event {old} (the QR codes "
            "printed for yours still open it)"
        )

    # -- helpers -------------------------------------------------------------------------------

    def _parse(self, event_id: str, bundle: Any) -> Event | None:
        from kaizen_tui.model import parse_bundle

        try:
            event = parse_bundle(bundle).event
        except BundleError as err:
            self.report.problems.append(f"{event_id}: the hub's copy is not valid here: {err}")
            return None
        if event.id != event_id:
            self.report.problems.append(f"{event_id}: the hub sent event {event.id!r} for it")
            return None
        return event

    def _load(self, event_id: str) -> Event | None:
        try:
            return self.store.load(event_id)
        except NotFound:
            return None
        except KaizenError as err:
            self.report.problems.append(f"{event_id}: not synced: {err}")
            return None

    def _archived_ids(self) -> set[str]:
        if self._archived is None:
            self._archived = set(self.store.list_archived())
        return self._archived

    @staticmethod
    def _add(items: list[str], event_id: str) -> None:
        if event_id not in items:
            items.append(event_id)
