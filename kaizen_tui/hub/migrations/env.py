"""Alembic's entry point. Always called from kaizen_tui.hub.db.migrate with an open connection
(``config.attributes["connection"]``), inside the transaction that holds the migration lock."""

from __future__ import annotations

from alembic import context

from kaizen_tui.hub.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
