"""How logic asks the cross-event index (logic/rows.py) a question: an :class:`Execute` callable
runs one SQL statement with named parameters and gives back its rows as tuples.

The laptop passes its SQLite index (store/sqlindex.py), the hub a SQLAlchemy connection wrapped
the same way (``lambda sql, params: connection.execute(text(sql), params)``); the questions and
their SQL live beside the rules they answer (listing.py, attention.py, portfolio.py), so both
compute the same figures in one way. The SQL stays portable: named ``:params``, ISO dates
compared as text, CASE instead of boolean sums, no functions only one database has; date
arithmetic is done in Python and passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol


class Execute(Protocol):
    """Run ``sql`` with ``params`` (named, ``:name``); the rows as sequences, in order."""

    def __call__(self, sql: str, params: Mapping[str, Any], /) -> Iterable[Sequence[Any]]: ...


def in_list(column: str, values: Iterable[Any], prefix: str, params: dict[str, Any]) -> str:
    """``column IN (:prefix0, :prefix1, …)``, adding the values to ``params``; a clause that is
    false for an empty list (SQL has no empty IN list)."""
    names = []
    for i, value in enumerate(values):
        name = f"{prefix}{i}"
        params[name] = value
        names.append(f":{name}")
    if not names:
        return "1 = 0"
    return f"{column} IN ({', '.join(names)})"


def at_places(table: str, places: Iterable[tuple[str, int]], params: dict[str, Any]) -> str:
    """``(t.event_id = :t_e0 AND t.seq = :t_s0) OR …``: the rows of ``table`` (its alias) at
    these (event id, position in the event), a primary-key lookup each, adding the values to
    ``params``; a clause that is false for none."""
    clauses = []
    for n, (event_id, seq) in enumerate(places):
        params[f"{table}_e{n}"] = event_id
        params[f"{table}_s{n}"] = seq
        clauses.append(f"({table}.event_id = :{table}_e{n} AND {table}.seq = :{table}_s{n})")
    return f"({' OR '.join(clauses)})" if clauses else "1 = 0"


def like_escape(text: str) -> str:
    """``text`` for a LIKE pattern with ``ESCAPE '\\'``: its own % and _ are matched as such."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
