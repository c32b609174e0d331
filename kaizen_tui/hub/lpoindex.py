"""The rows the LPO figures are computed from (logic/rows.py), kept in the hub's own database: the
``lpo_`` tables of schema.py, one set for every event's latest revision.

Kept up to date in the transaction that accepts a push (events.store_revision calls
:func:`replace`), so they are never behind the bundles, whichever hub process took the push. The
dashboard asks them the laptop's SQL (logic/portfolio.py) through :func:`ask`: a hub process
that has just started answers its first view with queries, where it used to read, validate and
summarise every bundle into an index in its memory (15 s at 10,000 events, paid again by every
process after each start).

A cache of the bundles, as the laptop's index is of its event files: :func:`rebuild` makes the
rows again from the latest revisions. The migration that added them (0004) calls it, and so does
opening a database whose rows were made with another ``rows.SCHEMA_VERSION`` (db.py), so a change
to logic/rows.py needs no migration of its own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kaizen_tui.hub.schema import (
    LPO_PREFIX,
    events,
    hub_state,
    is_latest,
    lpo_index,
    lpo_tables,
    revisions,
)
from kaizen_tui.logic.queries import Execute
from kaizen_tui.logic.rows import SCHEMA_VERSION, TABLES, Rows, event_rows

log = logging.getLogger("kaizen.hub")

_CHUNK = 200

#: A table of logic/rows.py named in a query, after FROM or JOIN: logic's SQL writes every join
#: as a JOIN (no comma joins), so every table it names is one of these. tests/test_hub_index.py
#: holds the hub's figures to the laptop's.
_TABLE = re.compile(r"\b(FROM|JOIN)\s+(" + "|".join(t.name for t in TABLES) + r")\b")


#: A named parameter of logic's SQL (``:today``), not a PostgreSQL cast (``::date``).
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=128)
def _statement(sql: str, postgresql: bool) -> str:
    """logic's SQL for the lpo_ tables, in the driver's own parameter style (sqlite3 takes
    ``:name`` as it is, psycopg ``%(name)s``)."""
    sql = _TABLE.sub(lambda m: f"{m[1]} {LPO_PREFIX}{m[2]}", sql)
    if postgresql:
        sql = _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))
    return sql


def ask(conn: Connection) -> Execute:
    """logic's way of asking the index (logic/queries.Execute), answered from the lpo_ tables in
    ``conn``'s transaction. Through the driver's own cursor: the figures read ~150,000 rows at
    10,000 events, and SQLAlchemy's rows cost a third of the computation on top."""
    postgresql = conn.dialect.name == "postgresql"
    driver = _driver(conn)

    def execute(sql: str, params: Mapping[str, Any], /) -> Iterable[Sequence[Any]]:
        cursor = driver.cursor()
        try:
            cursor.execute(_statement(sql, postgresql), params)
            return cursor.fetchall()
        finally:
            cursor.close()

    return execute


def _driver(conn: Connection) -> Any:
    """The DB-API connection under ``conn``, in its transaction."""
    driver = conn.connection.dbapi_connection
    assert driver is not None
    return driver


#: Per table: one event's rows out, rows in (through the driver, as ask: SQLAlchemy's statements
#: were most of what the rows added to a push).
_WRITES = {
    table.name: (
        f"DELETE FROM {LPO_PREFIX}{table.name} WHERE event_id = :event_id",
        f"INSERT INTO {LPO_PREFIX}{table.name} ({', '.join(table.names)}) "
        f"VALUES ({', '.join(':' + name for name in table.names)})",
    )
    for table in TABLES
}


def replace(conn: Connection, event: Mapping[str, Any], *, new: bool) -> bool:
    """Make the event's rows those of ``event`` (its JSON form, as stored), in the caller's
    transaction; ``new``: it has none yet. False when the tables refused them (made by a newer
    hub in another shape, during a rolling upgrade): the push is taken all the same, and its
    rows are made again by the process that reads them (catch_up)."""
    rows = event_rows(event)
    try:
        with conn.begin_nested():
            if not new:
                _delete(conn, [rows["events"][0]["event_id"]])
            _insert(conn, rows)
    except conn.dialect.loaded_dbapi.Error as err:
        log.warning("the LPO rows of a push were left for later: %s", type(err).__name__)
        return False
    return True


def _delete(conn: Connection, ids: Sequence[str]) -> None:
    postgresql = conn.dialect.name == "postgresql"
    cursor = _driver(conn).cursor()
    try:
        for delete, _ in _WRITES.values():
            cursor.executemany(_statement(delete, postgresql), [{"event_id": i} for i in ids])
    finally:
        cursor.close()


def _insert(conn: Connection, rows: Rows) -> None:
    postgresql = conn.dialect.name == "postgresql"
    cursor = _driver(conn).cursor()
    try:
        for name, (_, insert) in _WRITES.items():
            if rows[name]:
                cursor.executemany(_statement(insert, postgresql), rows[name])
    finally:
        cursor.close()


def moved_on(conn: Connection, seq: int) -> None:
    """The push numbered ``seq`` (the change counter it set) has replaced its rows: the rows
    are up to it, if they were up to the push before and are of this version's shape (else the
    gap stays, and the rows of the events pushed since are made again: catch_up)."""
    conn.execute(
        lpo_index.update()
        .where(
            lpo_index.c.id == 1,
            lpo_index.c.seq == seq - 1,
            lpo_index.c.schema_version == SCHEMA_VERSION,
        )
        .values(seq=seq)
    )


def state(conn: Connection) -> tuple[int, bool]:
    """The hub's change counter, and whether some push since the rows were made did not
    replace its event's rows."""
    counter, marker = conn.execute(
        sa.select(hub_state.c.seq, lpo_index.c.seq).join_from(
            hub_state, lpo_index, lpo_index.c.id == hub_state.c.id
        )
    ).one()
    return counter, counter != marker


def catch_up(conn: Connection) -> int:
    """In a write transaction: the rows of the events pushed since the rows fell behind, made
    from their bundles. Returns how many events were read."""
    # the counter's row first, as a push takes it: no push commits until this one has
    counter = conn.execute(
        sa.select(hub_state.c.seq).where(hub_state.c.id == 1).with_for_update()
    ).scalar_one()
    marker = conn.execute(
        sa.select(lpo_index.c.seq).where(lpo_index.c.id == 1).with_for_update()
    ).scalar_one()
    if marker == counter:
        return 0  # another process caught up first
    ids = list(conn.scalars(sa.select(events.c.id).where(events.c.seq > marker)))
    _fill(conn, ids, new=False)
    conn.execute(lpo_index.update().where(lpo_index.c.id == 1).values(seq=counter))
    return len(ids)


def is_current(conn: Connection) -> bool:
    """The rows are there and made by this version of logic/rows.py."""
    if not sa.inspect(conn).has_table(lpo_index.name):
        return False
    found = conn.execute(sa.select(lpo_index.c.schema_version)).scalar()
    return found == SCHEMA_VERSION


def drop(conn: Connection) -> None:
    for table in lpo_tables.values():
        table.drop(conn, checkfirst=True)


def rebuild(conn: Connection) -> int:
    """Make every lpo_ table again (this version's shape) and fill it from the latest revision
    of every event, in the caller's write transaction. Returns how many events were put in."""
    counter = conn.execute(
        sa.select(hub_state.c.seq).where(hub_state.c.id == 1).with_for_update()
    ).scalar_one()
    drop(conn)
    for table in lpo_tables.values():
        table.create(conn)
    lpo_index.create(conn, checkfirst=True)
    conn.execute(lpo_index.delete())
    conn.execute(lpo_index.insert().values(id=1, schema_version=SCHEMA_VERSION, seq=counter))
    return _fill(conn, list(conn.scalars(sa.select(events.c.id).order_by(events.c.id))), new=True)


def _fill(conn: Connection, ids: list[str], *, new: bool) -> int:
    """The rows of these events made from their latest bundles; those this version's model
    refuses are left out (with no rows), as the dashboard always did."""
    from pydantic import ValidationError

    from kaizen_tui.model import Event

    put = 0
    for start in range(0, len(ids), _CHUNK):
        some = ids[start : start + _CHUNK]
        if not new:
            _delete(conn, some)
        found = conn.execute(
            sa.select(revisions.c.bundle)
            .join(
                events,
                is_latest,
            )
            .where(events.c.id.in_(some))
        )
        chunk: Rows = {table.name: [] for table in TABLES}
        for (bundle,) in found:
            try:
                event = Event.model_validate(bundle["event"])
            except (ValidationError, KeyError, TypeError):
                continue
            for name, rows in event_rows(event.model_dump(mode="json", by_alias=True)).items():
                chunk[name].extend(rows)
            put += 1
        _insert(conn, chunk)
    return put
