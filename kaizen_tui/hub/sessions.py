"""Browser sessions for the LPO dashboard: ``/login`` trades a hub token for a session cookie.

The cookie carries 256 random bits; the hub stores only their SHA-256 (like owner links: a random
secret needs no salt or slow hash), with its user, an expiry and a revocation time. A session is
valid while it has not expired, was not logged out, and its user's token was not revoked (the
lookup joins an active user), so every way of ending access ends it on the hub, not only in the
browser. The lifetime is fixed from login (a working day), not extended by use.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from kaizen_tui.hub.auth import Role, User
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.schema import hub_sessions, users

COOKIE = "kz_session"
#: The login form's visit cookie: its CSRF token is made from it (see auth.form_token).
LOGIN_COOKIE = "kz_login"
LIFETIME = timedelta(hours=8)
LOGIN_FORM_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class Session:
    user: User
    token_hash: str  # names the session in its logout form's CSRF token
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session(db: Database, user_name_key: str, now: datetime | None = None) -> tuple[str, int]:
    """A session for the active user ``user_name_key``: (cookie value, seconds it lasts)."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    with db.write() as conn:
        user_id = conn.execute(
            sa.select(users.c.id).where(
                users.c.name_key == user_name_key, users.c.revoked_at.is_(None)
            )
        ).scalar_one()
        # sessions over a day past their end are of no use, even to an audit: a login clears them
        conn.execute(
            hub_sessions.delete().where(hub_sessions.c.expires_at < now - timedelta(days=1))
        )
        conn.execute(
            hub_sessions.insert().values(
                token_hash=_hash(token),
                user_id=user_id,
                created_at=now,
                expires_at=now + LIFETIME,
            )
        )
    return token, int(LIFETIME.total_seconds())


def find_session(db: Database, token: str, now: datetime | None = None) -> Session | None:
    """The live session of a cookie value, or None (unknown, expired, logged out, user revoked)."""
    if not token or len(token) > 100:
        return None
    now = now or datetime.now(UTC)
    with db.read() as conn:
        row = conn.execute(
            sa.select(users.c.name, users.c.name_key, users.c.role, hub_sessions.c.expires_at)
            .join(users, users.c.id == hub_sessions.c.user_id)
            .where(
                hub_sessions.c.token_hash == _hash(token),
                hub_sessions.c.revoked_at.is_(None),
                users.c.revoked_at.is_(None),
            )
        ).first()
    if row is None:
        return None
    expires = row.expires_at
    if expires.tzinfo is None:  # SQLite gives back naive datetimes; they were stored as UTC
        expires = expires.replace(tzinfo=UTC)
    if expires <= now:
        return None
    role: Role = row.role
    return Session(User(row.name, row.name_key, role), _hash(token), expires)


def end_session(db: Database, token_hash: str) -> None:
    with db.write() as conn:
        conn.execute(
            hub_sessions.update()
            .where(hub_sessions.c.token_hash == token_hash, hub_sessions.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
