"""Owners' personal links (issue 15; docs/hub.md "Owner links").

A link is ``{hub}/o/<token>/``: 256 random bits, url-safe. It opens its owner's open actions on
every event of the hub. The hub keeps only SHA-256 of the token (a random 256-bit token needs no
salt or slow hash; a plain digest is looked up by index and tells nothing about the token), so it
can never show a link again: the laptop that asked for it keeps it (sync/links.py) and names it
by its public ``link_id`` when it asks again. A laptop that does not hold an active link for an
owner gets a new one; earlier links of that owner keep working (a card already handed out stays
good) until the owner's links are revoked, which ends all of them at once (a lost phone, a person
who left).

Who may ask: whoever may push the event (its facilitators, people named on it; hub/events.py),
for the owners of that event's actions as the hub has it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kaizen_tui.errors import KaizenError
from kaizen_tui.hub.auth import User
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.events import Forbidden, UnknownEvent, check_event_id, latest_bundle, may_write
from kaizen_tui.hub.schema import events, owner_links
from kaizen_tui.logic.floor import owners_of
from kaizen_tui.logic.people import display_name, person_key
from kaizen_tui.model import Event

_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
#: Most link ids a laptop may name in one request (an event with this many owners is not real).
MAX_HELD = 1000


class NoSuchOwner(KaizenError):
    """The name is not an owner on the event (nor had a link asked for through it)."""


@dataclass(frozen=True)
class ActiveLink:
    """An active link found by its token: whose page it opens."""

    link_id: str
    owner: str
    owner_key: str


@dataclass(frozen=True)
class IssuedLink:
    owner: str
    link_id: str
    token: str | None  # only when issued now: the one time the hub knows it


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_link_shaped(token: str) -> bool:
    return _SHAPE.fullmatch(token) is not None


def find_link(conn: Connection, token: str) -> ActiveLink | None:
    """The active link with this token, or None (unknown, malformed or revoked)."""
    if not is_link_shaped(token):
        return None
    row = conn.execute(
        sa.select(owner_links.c.link_id, owner_links.c.owner, owner_links.c.owner_key).where(
            owner_links.c.token_hash == digest(token), owner_links.c.revoked_at.is_(None)
        )
    ).first()
    return None if row is None else ActiveLink(row.link_id, row.owner, row.owner_key)


def _writable_event(conn: Connection, user: User, event_id: str) -> Event:
    check_event_id(event_id)
    found = conn.execute(
        sa.select(events.c.id).where(events.c.id == event_id).with_for_update()
    ).first()
    if found is None:
        raise UnknownEvent(f"no event {event_id} on the hub (sync it first: kaizen sync)")
    if not may_write(conn, user, event_id):
        raise Forbidden(f"event {event_id} is not one of yours")
    return Event.model_validate(latest_bundle(conn, event_id)["event"])


def links_for_event(db: Database, user: User, event_id: str, held: set[str]) -> list[IssuedLink]:
    """A personal link for each owner of the event's actions, in the event's order: the one the
    laptop holds (``held``: link ids) if it is still active, else a new one."""
    now = datetime.now(UTC)
    with db.write() as conn:
        event = _writable_event(conn, user, event_id)
        owners = owners_of(event.actions)
        keys = [person_key(o) for o in owners]
        active: dict[str, set[str]] = {}
        if keys:
            for row in conn.execute(
                sa.select(owner_links.c.owner_key, owner_links.c.link_id).where(
                    owner_links.c.owner_key.in_(keys), owner_links.c.revoked_at.is_(None)
                )
            ):
                active.setdefault(row.owner_key, set()).add(row.link_id)
        found: list[IssuedLink] = []
        for owner, key in zip(owners, keys, strict=True):
            kept = sorted(active.get(key, set()) & held)
            if kept:
                found.append(IssuedLink(owner, kept[0], None))
                continue
            token = secrets.token_urlsafe(32)
            link_id = secrets.token_hex(8)
            conn.execute(
                owner_links.insert().values(
                    link_id=link_id,
                    token_hash=digest(token),
                    owner=display_name(owner),
                    owner_key=key,
                    event_id=event_id,
                    issued_by=user.name,
                    issued_at=now,
                )
            )
            found.append(IssuedLink(display_name(owner), link_id, token))
    return found


def revoke_owner(db: Database, user: User, event_id: str, owner: str) -> tuple[str, int]:
    """End every active link of ``owner`` (an owner on the event, or one whose link was asked
    for through it): (the owner's name as the hub has it, how many links were revoked)."""
    key = person_key(owner)
    now = datetime.now(UTC)
    with db.write() as conn:
        event = _writable_event(conn, user, event_id)
        named = {person_key(o): o for o in owners_of(event.actions)}
        through = conn.execute(
            sa.select(owner_links.c.owner).where(
                owner_links.c.owner_key == key, owner_links.c.event_id == event_id
            )
        ).first()
        if key and key in named:
            shown = display_name(named[key])
        elif key and through is not None:
            shown = str(through.owner)
        else:
            raise NoSuchOwner(
                f"{display_name(owner)!r} owns no action of {event_id} "
                f"(see: kaizen links {event_id})"
            )
        revoked = conn.execute(
            owner_links.update()
            .where(owner_links.c.owner_key == key, owner_links.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_by=user.name)
        ).rowcount
    return shown, int(revoked)
