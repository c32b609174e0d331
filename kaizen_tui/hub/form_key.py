"""The key the hub's forms are signed with (their CSRF tokens, hub.auth.form_token)."""

from __future__ import annotations

import sqlalchemy as sa

from kaizen_tui.hub.db import Database
from kaizen_tui.hub.schema import hub_secrets


class FormKey:
    """Reads the "forms" key of hub_secrets once per process: it is drawn at migration, the same
    for every hub process on the database, and never changes. Call it off the event loop the
    first time (it reads the database)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._key: bytes | None = None

    def __call__(self) -> bytes:
        if self._key is None:
            with self._db.read() as conn:
                self._key = conn.execute(
                    sa.select(hub_secrets.c.value).where(hub_secrets.c.name == "forms")
                ).scalar_one()
        return self._key
