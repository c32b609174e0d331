"""The first hub schema: users, events, every revision, and the indexed rows.

Revision ID: 0001
Revises:
Create Date: 2026-12-02

Written out in full rather than imported from schema.py: a migration is history and must create
what this version had, whatever schema.py says later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("token_id", sa.String(32), unique=True),
        sa.Column("token_salt", sa.LargeBinary(32)),
        sa.Column("token_hash", sa.LargeBinary(32)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("share_token", sa.String(128), nullable=False, unique=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("created_by", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("site", sa.String(300), nullable=False),
        sa.Column("area", sa.String(300), nullable=False),
        sa.Column("report_out", sa.Date),
    )
    op.create_index("ix_events_seq", "events", ["seq"])
    op.create_table(
        "revisions",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("base", sa.Integer),
        sa.Column("pushed_by", sa.String(300), nullable=False),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bundle", JSON, nullable=False),
        sa.UniqueConstraint("event_id", "revision", name="uq_revisions_event_revision"),
    )
    op.create_table(
        "actions",
        sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("action_id", sa.String(20), primary_key=True),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("owner", sa.String(300), nullable=False),
        sa.Column("owner_key", sa.String(300), nullable=False),
        sa.Column("due", sa.Date),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("pdca", sa.SmallInteger, nullable=False),
        sa.Column("done_on", sa.Date),
    )
    op.create_index("ix_actions_owner_key", "actions", ["owner_key"])
    op.create_index("ix_actions_status_due", "actions", ["status", "due"])
    op.create_table(
        "reviews",
        sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("day", sa.Integer, primary_key=True),
        sa.Column("due", sa.Date),
        sa.Column("held_on", sa.Date),
        sa.Column("verdict", sa.String(10)),
    )
    op.create_index("ix_reviews_due", "reviews", ["due"])
    op.create_index("ix_reviews_held_on", "reviews", ["held_on"])
    op.create_table(
        "event_names",
        sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("name_key", sa.String(300), primary_key=True),
    )
    op.create_index("ix_event_names_name_key", "event_names", ["name_key"])
    state = op.create_table(
        "hub_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(state, [{"id": 1, "seq": 0}])


def downgrade() -> None:
    for table in ("hub_state", "event_names", "reviews", "actions", "revisions", "events", "users"):
        op.drop_table(table)
