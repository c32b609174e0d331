"""Events on the hub: push (a fast-forward or a conflict), read, changes since a cursor.

A push is one write transaction:

1. lock the event's row (``SELECT … FOR UPDATE``; on SQLite the transaction already holds the
   database's write lock, see db.py) and compare the push's base with the latest revision;
   anything but a fast-forward is answered with the hub's latest copy (409) and changes nothing;
2. insert the new revision (``UNIQUE (event_id, revision)`` refuses a second row with the same
   number, so two hub processes can never fork an event whatever the timing);
3. move the event's row to it (``UPDATE … WHERE revision = <the one we read>``), replace the
   event's indexed rows (actions, reviews, names) and its rows for the LPO figures
   (lpoindex.py), and last, bump the change counter.

Only after the commit does the client hear 200, so an acknowledged push is durable; a push
whose answer is lost is retried with the same base and gets 409 with its own content.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kaizen_tui.errors import BundleError, KaizenError
from kaizen_tui.hub import lpoindex
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.schema import (
    actions,
    event_names,
    events,
    hub_state,
    is_latest,
    reviews,
    revisions,
)
from kaizen_tui.logic.people import person_key
from kaizen_tui.logic.reviews import due_date_of
from kaizen_tui.model import _EVENT_ID, Bundle, Event, parse_bundle

PAGE_SIZE = 200
_RETRIES = 8  # concurrent first pushes of one new event, or a serialization failure: try again


class Forbidden(KaizenError):
    """Someone else's event."""


class UnknownEvent(KaizenError):
    """No event with that id on the hub."""


@dataclass(frozen=True)
class Stored:
    id: str
    revision: int
    bundle: dict[str, Any]


@dataclass(frozen=True)
class PushResult:
    accepted: bool  # False: a conflict; revision and bundle are the hub's latest
    revision: int
    bundle: dict[str, Any]


def check_event_id(event_id: str) -> None:
    if _EVENT_ID.fullmatch(event_id) is None:
        raise BundleError(f"{event_id[:60]!r} is not an event id")


def parse_push(event_id: str, body: Any) -> tuple[int | None, Bundle]:
    """The base and the validated bundle of a push body, or a BundleError (one line)."""
    check_event_id(event_id)
    if not isinstance(body, dict) or "bundle" not in body:
        raise BundleError('expected a JSON object {"base": <revision or null>, "bundle": {…}}')
    base = body.get("base")
    if base is not None and (isinstance(base, bool) or not isinstance(base, int) or base < 0):
        raise BundleError(f"base must be a revision number or null, not {str(base)[:40]}")
    raw = body["bundle"]
    if isinstance(raw, dict) and isinstance(raw.get("event"), dict) and not raw["event"].get("id"):
        raw = {**raw, "event": {**raw["event"], "id": event_id}}  # "generated if missing"
    bundle = parse_bundle(raw)
    if bundle.event.id != event_id:
        raise BundleError(f"the bundle is event {bundle.event.id!r}, not {event_id!r}")
    return base, bundle


# -- who may see what ----------------------------------------------------------------------------


def _named(user: User) -> sa.ColumnElement[bool]:
    """SQL: the event (events.c.id) names this user, or was first pushed by them."""
    return sa.exists().where(
        event_names.c.event_id == events.c.id, event_names.c.name_key == user.name_key
    )


def may_write(conn: Connection, user: User, event_id: str) -> bool:
    found = conn.execute(
        sa.select(event_names.c.event_id).where(
            event_names.c.event_id == event_id, event_names.c.name_key == user.name_key
        )
    ).first()
    return found is not None


def names_of(event: Event, created_by: str) -> set[str]:
    """Who may read and push the event as a facilitator: the user who first pushed it, its
    people and its action owners, compared as person_key."""
    names = {person_key(created_by)}
    names.update(person_key(p.name) for p in event.people)
    names.update(person_key(a.owner) for a in event.actions)
    names.discard("")
    return names


# -- reading -------------------------------------------------------------------------------------


def latest_bundle(conn: Connection, event_id: str) -> dict[str, Any]:
    return conn.execute(
        sa.select(revisions.c.bundle)
        .join(
            events,
            is_latest,
        )
        .where(events.c.id == event_id)
    ).scalar_one()


def get_event(db: Database, user: User, event_id: str) -> Stored:
    check_event_id(event_id)
    with db.read() as conn:
        row = conn.execute(sa.select(events.c.revision).where(events.c.id == event_id)).first()
        if row is None:
            raise UnknownEvent(f"no event {event_id} on the hub")
        if not user.reads_all and not may_write(conn, user, event_id):
            raise Forbidden(f"event {event_id} is not one of yours")
        return Stored(event_id, row.revision, latest_bundle(conn, event_id))


def find_by_share_token(db: Database, token: str) -> dict[str, Any] | None:
    """The latest bundle of the event with this share token (the action pages' lookup)."""
    with db.read() as conn:
        bundle = conn.execute(
            sa.select(revisions.c.bundle)
            .join(
                events,
                is_latest,
            )
            .where(events.c.share_token == token)
        ).scalar_one_or_none()
    if bundle is None:
        return None
    stored = str(bundle.get("event", {}).get("share_token", ""))
    return bundle if hmac.compare_digest(stored.encode(), token.encode()) else None


def parse_cursor(text: str | None) -> int:
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()) or len(text) > 18:  # "²".isdigit() too
        raise BundleError(f"cursor {text[:40]!r} is not one this hub gave out")
    return int(text)


def changes(
    db: Database, user: User, since: int, *, limit: int = PAGE_SIZE
) -> tuple[list[Stored], int, bool]:
    """Events visible to ``user`` whose latest push is after cursor ``since``, oldest first:
    (events, the cursor to ask with next, whether more are waiting)."""
    query = (
        sa.select(events.c.id, events.c.revision, events.c.seq, revisions.c.bundle)
        .join(
            revisions,
            is_latest,
        )
        .where(events.c.seq > since)
        .order_by(events.c.seq)
        .limit(limit + 1)
    )
    if not user.reads_all:
        query = query.where(_named(user))
    with db.read() as conn:
        rows = conn.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if rows else since
    return [Stored(r.id, r.revision, r.bundle) for r in rows], cursor, more


def history(db: Database, event_id: str) -> list[tuple[int, int | None, str]]:
    """Every revision kept for an event: (revision, base, pushed_by), oldest first."""
    with db.read() as conn:
        rows = conn.execute(
            sa.select(revisions.c.revision, revisions.c.base, revisions.c.pushed_by)
            .where(revisions.c.event_id == event_id)
            .order_by(revisions.c.revision)
        ).all()
    return [(r.revision, r.base, r.pushed_by) for r in rows]


# -- pushing -------------------------------------------------------------------------------------


def push(db: Database, user: User, event_id: str, base: int | None, bundle: Bundle) -> PushResult:
    """Store ``bundle`` as the event's next revision if ``base`` is the hub's latest (or the
    event is new), else answer with the hub's latest. Raises Forbidden for someone else's event
    and BundleError when its share token belongs to another event."""
    for attempt in range(_RETRIES):
        try:
            with db.write() as conn:
                return _push_once(conn, user, event_id, base, bundle)
        except sa.exc.IntegrityError:
            # Another process created the same new event (or took the same share token) between
            # our read and our insert: nothing was written; the next try reads what it wrote.
            if attempt == _RETRIES - 1:
                raise
        except sa.exc.OperationalError as err:
            # PostgreSQL: deadlock or serialization failure; SQLite: busy past its timeout.
            if attempt == _RETRIES - 1 or not _transient(err):
                raise
    raise AssertionError("unreachable")


def _transient(err: sa.exc.OperationalError) -> bool:
    code = getattr(err.orig, "sqlstate", None)
    return code in ("40001", "40P01") or "database is locked" in str(err.orig)


def _push_once(
    conn: Connection, user: User, event_id: str, base: int | None, bundle: Bundle
) -> PushResult:
    event = bundle.event
    row = conn.execute(
        sa.select(events.c.revision, events.c.created_by)
        .where(events.c.id == event_id)
        .with_for_update()
    ).first()
    if row is not None:
        if not may_write(conn, user, event_id):
            raise Forbidden(f"event {event_id} is not one of yours")
        if base != row.revision:
            return PushResult(False, row.revision, latest_bundle(conn, event_id))
    clash = conn.execute(
        sa.select(events.c.id).where(
            events.c.share_token == event.share_token, events.c.id != event_id
        )
    ).first()
    if clash is not None:
        raise BundleError(
            "its share_token is already used by another event on the hub; give this event "
            "a new link before pushing it"
        )
    return store_revision(
        conn,
        bundle,
        base=base,
        latest=row.revision if row is not None else None,
        created_by=row.created_by if row is not None else user.name,
        pushed_by=user.name,
    )


def store_revision(
    conn: Connection,
    bundle: Bundle,
    *,
    base: int | None,
    latest: int | None,
    created_by: str,
    pushed_by: str,
    via: str | None = None,
) -> PushResult:
    """Store ``bundle`` as its event's next revision, in the caller's write transaction, which
    has locked the event's row and read ``latest`` (None: the event is new): the revision row,
    the event's row, its index rows and the change counter. Pushes and owners' updates from the
    floor (hub/floor.py) both come through here."""
    now = datetime.now(UTC)
    event = bundle.event
    event_id = event.id
    event.revision = max(event.revision, (latest or 0) + 1)
    stored = bundle.to_json_dict()
    facts = {
        "share_token": event.share_token,
        "revision": event.revision,
        "pushed_at": now,
        "title": event.title,
        "status": event.status,
        "site": event.site,
        "area": event.area,
        "report_out": event.report_out,
    }
    if latest is None:
        # An unknown event is taken as new even when the laptop names a base: the hub has no
        # copy to protect (a hub restored from an older backup must not refuse its laptops).
        conn.execute(
            events.insert().values(
                id=event_id, seq=0, created_by=created_by, created_at=now, **facts
            )
        )
    else:
        moved = conn.execute(
            events.update()
            .where(events.c.id == event_id, events.c.revision == latest)
            .values(**facts)
        )
        if moved.rowcount != 1:  # cannot happen under the row lock; refuse rather than fork
            raise RuntimeError(f"event {event_id} moved under its row lock")
    conn.execute(
        revisions.insert().values(
            event_id=event_id,
            revision=event.revision,
            base=base,
            pushed_by=pushed_by,
            pushed_at=now,
            bundle=stored,
            via=via,
        )
    )
    _replace_index_rows(conn, event, created_by)
    replaced = lpoindex.replace(conn, stored["event"], new=latest is None)
    seq = conn.execute(
        hub_state.update()
        .where(hub_state.c.id == 1)
        .values(seq=hub_state.c.seq + 1)
        .returning(hub_state.c.seq)
    ).scalar_one()
    conn.execute(events.update().where(events.c.id == event_id).values(seq=seq))
    if replaced:
        lpoindex.moved_on(conn, seq)
    return PushResult(True, event.revision, stored)


def _replace_index_rows(conn: Connection, event: Event, created_by: str) -> None:
    for table in (actions, reviews, event_names):
        conn.execute(table.delete().where(table.c.event_id == event.id))
    if event.actions:
        conn.execute(
            actions.insert(),
            [
                {
                    "event_id": event.id,
                    "action_id": a.id,
                    "what": a.what,
                    "owner": a.owner,
                    "owner_key": person_key(a.owner),
                    "due": a.due,
                    "status": a.status,
                    "pdca": a.pdca,
                    "done_on": a.done_on,
                }
                for a in event.actions
            ],
        )
    if event.reviews:
        days: dict[int, dict[str, Any]] = {}
        for r in event.reviews:  # the model does not forbid two reviews of one day: keep the first
            due: date | None = due_date_of(r, event)
            days.setdefault(
                r.day,
                {
                    "event_id": event.id,
                    "day": r.day,
                    "due": due,
                    "held_on": r.held_on,
                    "verdict": r.verdict,
                },
            )
        conn.execute(reviews.insert(), list(days.values()))
    conn.execute(
        event_names.insert(),
        [{"event_id": event.id, "name_key": key} for key in sorted(names_of(event, created_by))],
    )
