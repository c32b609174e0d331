"""The hub's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

``revisions`` is append-only: every accepted push is a new row, nothing is updated or deleted.
``events`` holds one row per event pointing at its latest revision, plus what lists and access
checks need without opening a bundle. ``actions``, ``reviews`` and ``event_names`` are the
indexed rows of each event's *latest* revision, replaced in the transaction that accepts a push,
so questions across events are SQL over indexed columns; the ``lpo_`` tables (at the end) hold
the rows the LPO figures are computed from. The migrations in ``migrations/``
create these tables; this module is what the code queries (a test checks the two agree).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from kaizen_tui.logic.rows import TABLES, Table

metadata = sa.MetaData()

#: Whole bundles: JSONB on PostgreSQL (queryable, compact), JSON text on SQLite.
BundleJSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
#: An auto-numbered 64-bit key (SQLite only numbers an INTEGER PRIMARY KEY by itself).
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

NAME = 300  # model.MAX_NAME
EVENT_ID = 40
ITEM_ID = 20

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(NAME), nullable=False),
    # person_key(name): names compare ignoring case and spacing, as on an event's people list
    sa.Column("name_key", sa.String(NAME), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),
    # A token is "kzh_<token_id>_<secret>": token_id finds the row, the secret is checked
    # against HMAC-SHA256(salt, secret). Revoking clears all three, so no token matches again.
    sa.Column("token_id", sa.String(32), unique=True),
    sa.Column("token_salt", sa.LargeBinary(32)),
    sa.Column("token_hash", sa.LargeBinary(32)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(EVENT_ID), primary_key=True),
    sa.Column("share_token", sa.String(128), nullable=False, unique=True),
    sa.Column("revision", sa.Integer, nullable=False),  # the latest revision
    # the hub's change counter at the latest push: what /changes?since= compares
    sa.Column("seq", sa.BigInteger, nullable=False, index=True),
    sa.Column("created_by", sa.String(NAME), nullable=False),  # the user who first pushed it
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("title", sa.String(NAME), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("site", sa.String(NAME), nullable=False),
    sa.Column("area", sa.String(NAME), nullable=False),
    sa.Column("report_out", sa.Date),
)

revisions = sa.Table(
    "revisions",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(EVENT_ID), sa.ForeignKey("events.id"), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("base", sa.Integer),  # the revision the laptop built it on (None: first push)
    sa.Column("pushed_by", sa.String(NAME), nullable=False),
    sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("bundle", BundleJSON, nullable=False),
    # how it came: None for a laptop's push, "floor" for an owner's update from their
    # personal page (pushed_by is then the owner's name)
    sa.Column("via", sa.String(10)),
    # the last line of defence against a forked history, whatever the code above it does
    sa.UniqueConstraint("event_id", "revision", name="uq_revisions_event_revision"),
)

actions = sa.Table(
    "actions",
    metadata,
    sa.Column("event_id", sa.String(EVENT_ID), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("action_id", sa.String(ITEM_ID), primary_key=True),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("owner", sa.String(NAME), nullable=False),
    sa.Column("owner_key", sa.String(NAME), nullable=False, index=True),
    sa.Column("due", sa.Date),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("pdca", sa.SmallInteger, nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Index("ix_actions_status_due", "status", "due"),
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("event_id", sa.String(EVENT_ID), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("day", sa.Integer, primary_key=True),
    sa.Column("due", sa.Date, index=True),
    sa.Column("held_on", sa.Date, index=True),
    sa.Column("verdict", sa.String(10)),
)

#: Every name on an event's latest revision (people and action owners), as person_key: who,
#: besides the user who first pushed it, may read and push the event as a facilitator.
event_names = sa.Table(
    "event_names",
    metadata,
    sa.Column("event_id", sa.String(EVENT_ID), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("name_key", sa.String(NAME), primary_key=True, index=True),
)

#: One row: the change counter. Each accepted push bumps it as its last statement; the row lock
#: that takes makes pushes commit in counter order, so a client that has seen counter N has seen
#: every push numbered below N (no change slips behind a cursor).
hub_state = sa.Table(
    "hub_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
)


#: Owners' personal links (/o/<token>/, issue 15). The token is shown once, to the laptop that
#: asked for it; the hub keeps only its SHA-256 (a 256-bit random token needs no salt or slow
#: hash, and a plain digest can be looked up by index). ``link_id`` is a public handle the laptop
#: names the link by; ``event_id`` is the event it was asked for through (the page shows the
#: owner's actions on every event). Revoking sets revoked_at; the row stays, for the record.
owner_links = sa.Table(
    "owner_links",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("link_id", sa.String(32), nullable=False, unique=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("owner", sa.String(NAME), nullable=False),
    sa.Column("owner_key", sa.String(NAME), nullable=False, index=True),
    sa.Column("event_id", sa.String(EVENT_ID), nullable=False),
    sa.Column("issued_by", sa.String(NAME), nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_by", sa.String(NAME)),
)

#: Keys the hub signs with (the forms' CSRF tokens), made once at migration, shared by every hub
#: process on the database.
hub_secrets = sa.Table(
    "hub_secrets",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.LargeBinary(64), nullable=False),
)

#: Browser sessions of the LPO dashboard (/login, issue 15). The cookie holds 256 random bits; the
#: hub keeps only their SHA-256. A session ends when it expires, at logout, or when its user's
#: token is revoked (the lookup joins an active user).
hub_sessions = sa.Table(
    "hub_sessions",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", BigId, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)


#: Where a revision is its event's latest: the bundle every reader of an event reads.
is_latest = sa.and_(events.c.id == revisions.c.event_id, events.c.revision == revisions.c.revision)


# -- the LPO figures' rows ------------------------------------------------------------------------

#: The rows of logic/rows.py for every event's latest revision, the tables the laptop's index has,
#: named ``lpo_<table>`` here (the hub's own ``events``, ``actions`` and ``reviews`` came first).
#: Replaced in the transaction that accepts a push (events.store_revision), so the dashboard is
#: SQL over them (hub/lpoindex.py). Their shape is logic/rows.py's: ``lpo_index`` holds the
#: rows.SCHEMA_VERSION they were made with, and a database made with another is rebuilt from the
#: bundles when it is opened (db.py), as a laptop rebuilds its index.
LPO_PREFIX = "lpo_"

_ROW_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    # text compared byte-wise on PostgreSQL as on SQLite, so both sort and group rows alike
    "TEXT": sa.Text().with_variant(postgresql.TEXT(collation="C"), "postgresql"),
    "INTEGER": sa.Integer(),
    # 8 bytes on both: PostgreSQL's REAL has 4, and a baseline of 37.3 would come back 37.29999…
    "REAL": sa.Double(),
}


def _row_table(table: Table) -> sa.Table:
    columns = [
        sa.Column(name, _ROW_TYPES[kind.split()[0]], nullable=not kind.endswith("NOT NULL"))
        for name, kind in table.columns
    ]
    name = LPO_PREFIX + table.name
    made = sa.Table(name, metadata, *columns, sa.PrimaryKeyConstraint(*table.key))
    for indexed in table.indexes:
        sa.Index(f"{name}_by_{'_'.join(indexed)}", *(made.c[c] for c in indexed))
    return made


#: logic/rows.py's table name → the hub's table of those rows
lpo_tables: dict[str, sa.Table] = {table.name: _row_table(table) for table in TABLES}

#: One row: the logic/rows.py SCHEMA_VERSION the lpo_ tables were made with, and the hub's
#: change counter (hub_state.seq) they are up to: each push moves it on by one with the counter,
#: so a push that left them behind (a hub process from before them, during a rolling upgrade)
#: shows as a gap, and the events pushed since are made again (lpoindex.catch_up).
lpo_index = sa.Table(
    "lpo_index",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("schema_version", sa.Integer, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
)
