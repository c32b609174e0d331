"""The one place that opens the hub's database: URL, engine, per-dialect settings, migrations.

SQLite (the default, one file in the data folder) and PostgreSQL (``postgresql+psycopg://…``,
production, several hub processes on one database) behave the same to the rest of the hub:

* ``Database.read()`` is a transaction that sees one consistent state.
* ``Database.write()`` is a transaction for read-modify-write. On SQLite it starts with
  ``BEGIN IMMEDIATE`` (the write lock is taken at once, so two writers never both read the old
  state, and the second waits on ``busy_timeout`` instead of failing); on PostgreSQL the code
  takes row locks (``SELECT … FOR UPDATE``) and the unique constraints stop a fork whatever
  happens (see events.py).
* Migrations (Alembic, shipped in ``migrations/``) run at open, under a lock, so hub processes
  starting together on one database migrate it once. The LPO figures' rows (lpoindex.py) are
  made again there too when logic/rows.py's SCHEMA_VERSION is not the one they were made with.
  Alembic is imported only when the stored revision is not ``HEAD_REVISION``: a database
  already up to date (every ``kaizen hub user`` command after the first) opens without it,
  about 0.3 s sooner.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import URL, Connection, Engine

from kaizen_tui.errors import KaizenError
from kaizen_tui.hub import lpoindex

SQLITE_FILE = "hub.sqlite3"
#: Held by the migrating transaction on PostgreSQL (an arbitrary, fixed number).
MIGRATION_LOCK = 7_242_014
#: How long a SQLite writer waits for another (a push holds the lock for milliseconds).
SQLITE_BUSY_MS = 30_000
#: The newest script in migrations/versions (a test holds it to Alembic's own head), and the
#: table Alembic keeps the revision of a database in.
HEAD_REVISION = "0004"
VERSION_TABLE = "alembic_version"


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / SQLITE_FILE}"


def parse_url(text: str) -> URL:
    """A database URL the hub can use, or a KaizenError saying which it takes."""
    hint = "use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError:
        raise KaizenError(f"--db {text!r} is not a database URL; {hint}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # the driver we install
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise KaizenError(f"--db {url.drivername}:// is not supported; {hint}")
    if url.drivername.startswith("sqlite") and url.database in (None, "", ":memory:"):
        raise KaizenError(f"--db needs a file for SQLite (an in-memory hub keeps nothing); {hint}")
    return url


def describe(url: URL) -> str:
    """The URL as it may be printed: never with its password."""
    return url.render_as_string(hide_password=True)


class Database:
    """The hub's engine and its two kinds of transaction. One per process; thread-safe."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read transaction whose statements all see one state of the database: SQLite's
        read transactions do; PostgreSQL's default (READ COMMITTED) takes a new snapshot for each
        statement, so the LPO figures' dozen queries could see a push half-way."""
        conn = self.engine.connect()
        if self.is_postgresql:
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(kaizen_write=True) as conn, conn.begin():
            yield conn

    def ping(self) -> None:
        with self.read() as conn:
            conn.execute(sa.text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_engine(url: URL) -> Engine:
    # hide_parameters: errors are logged, and their parameters would carry bundles (share tokens)
    assert url.database is not None
    Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, hide_parameters=True
    )

    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        # Take transactions into our own hands (pysqlite's implicit BEGIN is deferred and
        # comes too late), then: WAL so readers never wait on the writer; FULL so an
        # acknowledged push survives a power cut, not only a killed process.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("kaizen_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgresql_engine(url: URL) -> Engine:
    return sa.create_engine(
        url,
        pool_pre_ping=True,  # a database restart must not fail the next requests
        # errors are logged; their parameters would carry bundles, and so share tokens
        hide_parameters=True,
        pool_size=8,
        max_overflow=8,
        connect_args={"connect_timeout": 10, "application_name": "kaizen-hub"},
    )


def open_database(url_text: str, *, migrate: bool = True) -> Database:
    """Open (and by default migrate) the database at ``url_text``; a KaizenError names the
    database (without its password) and the reason when it cannot be reached or used."""
    url = parse_url(url_text)
    engine = _sqlite_engine(url) if url.drivername.startswith("sqlite") else _postgresql_engine(url)
    db = Database(engine)
    try:
        if migrate:
            _migrate(db)
        else:
            db.ping()
    except sa.exc.DBAPIError as err:
        db.close()
        raise KaizenError(f"cannot use the database {describe(url)}: {_reason(err)}") from None
    except OSError as err:
        db.close()
        raise KaizenError(f"cannot use the database {describe(url)}: {err.strerror}") from None
    return db


def _reason(err: sa.exc.DBAPIError) -> str:
    lines = [line.strip() for line in str(err.orig).splitlines() if line.strip()]
    return lines[0] if lines else type(err.orig).__name__


def _migrate(db: Database) -> None:
    with db.write() as conn:
        if db.is_postgresql:
            # hub processes starting together: the first migrates, the others wait, then see it done
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        if _stored_revisions(conn) != {HEAD_REVISION}:
            _upgrade(db, conn)
        if not lpoindex.is_current(conn):
            lpoindex.rebuild(conn)


def _stored_revisions(conn: Connection) -> set[str]:
    """The revisions Alembic recorded in the database: none for a new one."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return set()
    version = sa.table(VERSION_TABLE, sa.column("version_num"))
    return {str(number) for number in conn.scalars(sa.select(version.c.version_num))}


def _upgrade(db: Database, conn: Connection) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", "kaizen_tui.hub:migrations")
    config.attributes["connection"] = conn
    try:
        command.upgrade(config, "head")
    except CommandError as err:
        raise KaizenError(
            f"the database {describe(db.url)} was set up by a newer kaizen-tui ({err}); "
            "upgrade kaizen-tui on this machine"
        ) from None
