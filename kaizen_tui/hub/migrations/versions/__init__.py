"""One file per schema version; Alembic skips this one."""
