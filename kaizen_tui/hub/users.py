"""Users of the hub (`kaizen hub user add|list|revoke`), and finding the user of a token."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from kaizen_tui.errors import KaizenError
from kaizen_tui.hub import auth
from kaizen_tui.hub.auth import ROLES, Role, User
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.schema import NAME, users
from kaizen_tui.logic.people import display_name, person_key


@dataclass(frozen=True)
class UserRow:
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None


def _check(name: str, role: str) -> tuple[str, Role]:
    shown = display_name(name)
    if not shown:
        raise KaizenError("give the user's name, as it is written on events (e.g. 'Anna Kowalska')")
    if len(shown) > NAME:
        raise KaizenError(f"a user name has at most {NAME} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in shown):
        raise KaizenError("a user name cannot contain control characters")
    if role not in ROLES:
        raise KaizenError(f"--role must be one of {', '.join(ROLES)}")
    return shown, role


def add_user(db: Database, name: str, role: str) -> tuple[User, str]:
    """Create the user (or give a revoked one a new token) and return the token, once."""
    shown, checked_role = _check(name, role)
    key = person_key(shown)
    token = auth.new_token()
    now = datetime.now(UTC)
    values = {
        "name": shown,
        "role": checked_role,
        "token_id": token.token_id,
        "token_salt": token.salt,
        "token_hash": token.digest,
        "revoked_at": None,
    }
    with db.write() as conn:
        row = conn.execute(
            sa.select(users.c.name, users.c.revoked_at).where(users.c.name_key == key)
        ).first()
        if row is None:
            conn.execute(users.insert().values(name_key=key, created_at=now, **values))
        elif row.revoked_at is None:
            raise KaizenError(
                f"the hub already has a user {row.name!r}; to give them a new token: "
                f"kaizen hub user revoke {_quoted(row.name)}, then add them again"
            )
        else:
            conn.execute(users.update().where(users.c.name_key == key).values(**values))
    return User(shown, key, checked_role), token.token


def list_users(db: Database) -> list[UserRow]:
    with db.read() as conn:
        rows = conn.execute(
            sa.select(users.c.name, users.c.role, users.c.created_at, users.c.revoked_at).order_by(
                users.c.name_key
            )
        ).all()
    return [UserRow(r.name, r.role, r.created_at, r.revoked_at) for r in rows]


def count_users(db: Database) -> int:
    """Users who can sign in (not revoked)."""
    with db.read() as conn:
        return int(
            conn.execute(
                sa.select(sa.func.count()).select_from(users).where(users.c.revoked_at.is_(None))
            ).scalar_one()
        )


def revoke_user(db: Database, name: str) -> bool:
    """Revoke the user's token at once (their next request gets 401). False if it already was.
    The row stays: revisions name who pushed them."""
    key = person_key(name)
    with db.write() as conn:
        row = conn.execute(sa.select(users.c.revoked_at).where(users.c.name_key == key)).first()
        if row is None:
            raise KaizenError(
                f"the hub has no user {display_name(name)!r} (see: kaizen hub user list)"
            )
        if row.revoked_at is not None:
            return False
        conn.execute(
            users.update()
            .where(users.c.name_key == key)
            .values(revoked_at=datetime.now(UTC), token_id=None, token_salt=None, token_hash=None)
        )
    return True


def user_for_token(db: Database, token: str) -> User | None:
    """The active user holding ``token``, or None (unknown, malformed or revoked)."""
    parts = auth.split_token(token)
    if parts is None:
        return None
    token_id, secret = parts
    with db.read() as conn:
        row = conn.execute(
            sa.select(
                users.c.name, users.c.name_key, users.c.role, users.c.token_salt, users.c.token_hash
            ).where(users.c.token_id == token_id, users.c.revoked_at.is_(None))
        ).first()
    if row is None or not auth.matches(row.token_salt, row.token_hash, secret):
        return None
    return User(row.name, row.name_key, row.role)


def _quoted(name: str) -> str:
    return f"'{name}'" if " " in name else name
