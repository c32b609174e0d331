"""Owners' personal links, the hub's signing key, and where a revision came from (issue 15).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("via", sa.String(10)))
    op.create_table(
        "owner_links",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("link_id", sa.String(32), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("owner", sa.String(300), nullable=False),
        sa.Column("owner_key", sa.String(300), nullable=False),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("issued_by", sa.String(300), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_by", sa.String(300)),
    )
    op.create_index("ix_owner_links_owner_key", "owner_links", ["owner_key"])
    keys = op.create_table(
        "hub_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.LargeBinary(64), nullable=False),
    )
    # drawn here, under the migration lock, so every hub process on the database signs alike
    op.bulk_insert(keys, [{"name": "forms", "value": secrets.token_bytes(32)}])


def downgrade() -> None:
    op.drop_table("hub_secrets")
    op.drop_index("ix_owner_links_owner_key", "owner_links")
    op.drop_table("owner_links")
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("via")
