"""The LPO figures' rows in the hub's database (issue 18): the ``lpo_`` tables, filled from the
latest revision of every event already on the hub.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Unlike the scripts before it, this one takes the tables from the code (hub/lpoindex.py, in the
shape of logic/rows.py): they are a cache of the bundles, not history. Their shape follows
rows.SCHEMA_VERSION, and a database whose rows were made with another one is rebuilt when it is
opened (db.py), with no script of its own.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kaizen_tui.hub import lpoindex

    lpoindex.rebuild(op.get_bind())


def downgrade() -> None:
    from kaizen_tui.hub import lpoindex

    lpoindex.drop(op.get_bind())
    op.drop_table("lpo_index")
