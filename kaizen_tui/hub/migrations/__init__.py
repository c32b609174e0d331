"""Alembic migrations of the hub's database, shipped in the package and run at start (db.py)."""
