"""Bearer tokens for the hub: made once, shown once, kept only as a salted keyed hash.

A token reads ``kzh_<token id>_<secret>``: 64 random bits of public id (to find the user's row
without scanning) and 256 random bits of secret. The hub stores the id, a random 16-byte salt and
HMAC-SHA256(salt, secret); never the secret.

Why a fast keyed hash and not bcrypt/scrypt/argon2: slow hashes exist to make guessing a
*low-entropy* password expensive after a database leak. Guessing a 256-bit random secret is
out of reach at any hash speed (2^255 tries on average), so slowness would buy nothing and would
cost every API request tens of milliseconds of CPU. The salt keeps two hubs' (or two users')
hashes of one secret apart, and comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

Role = Literal["facilitator", "lpo", "admin"]
ROLES: tuple[Role, ...] = ("facilitator", "lpo", "admin")
PREFIX = "kzh_"
_ID_HEX = 16  # 64 bits, hex


@dataclass(frozen=True)
class User:
    name: str
    name_key: str  # logic.people.person_key(name): how the name is matched on events
    role: Role

    @property
    def reads_all(self) -> bool:
        """The LPO reads every event; so does an admin (who holds the database anyway)."""
        return self.role in ("lpo", "admin")


@dataclass(frozen=True)
class NewToken:
    token: str  # shown once to the person, then forgotten
    token_id: str
    salt: bytes
    digest: bytes


def new_token() -> NewToken:
    token_id = secrets.token_hex(_ID_HEX // 2)
    secret = secrets.token_urlsafe(32)  # 256 bits
    salt = secrets.token_bytes(16)
    return NewToken(f"{PREFIX}{token_id}_{secret}", token_id, salt, digest(salt, secret))


def digest(salt: bytes, secret: str) -> bytes:
    return hmac.new(salt, secret.encode(), hashlib.sha256).digest()


def split_token(token: str) -> tuple[str, str] | None:
    """(token id, secret) of a well-formed token, else None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    token_id, sep, secret = token[len(PREFIX) :].partition("_")
    if not sep or len(token_id) != _ID_HEX or not secret:
        return None
    try:
        int(token_id, 16)
    except ValueError:
        return None
    return token_id, secret


def matches(salt: bytes, stored: bytes, secret: str) -> bool:
    return hmac.compare_digest(digest(salt, secret), stored)


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, else None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


# -- the hub's own forms ------------------------------------------------------------------------
# A form the hub serves carries a token made from the hub's signing key (hub_secrets, drawn at
# migration, the same for every hub process on the database) and what the form is for (an owner
# link's id, a login page's visit), so a form posted from anywhere else is refused.


def form_token(key: bytes, purpose: str) -> str:
    return hmac.new(key, f"form:{purpose}".encode(), hashlib.sha256).hexdigest()


def form_token_ok(key: bytes, purpose: str, given: str) -> bool:
    return hmac.compare_digest(form_token(key, purpose).encode(), given.encode())
