"""Questions across events, asked in SQL over the indexed rows (schema.actions, reviews), so their
cost follows the rows they return, not the size of the portfolio. The owner pages and the LPO
dashboard (issue 15) add theirs here.

The rules are the ones in kaizen_tui.logic, written as SQL: an action is overdue when it is open
and due before today (logic.actions.due_urgency); events closed or abandoned are left out, as in
the follow-up queue (logic.attention).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kaizen_tui.hub.auth import User
from kaizen_tui.hub.schema import actions, event_names, events

FINISHED = ("closed", "abandoned")


@dataclass(frozen=True)
class OverdueAction:
    event_id: str
    event_title: str
    action_id: str
    what: str
    owner: str
    due: date


def overdue_actions_query(today: date, user: User | None = None) -> sa.Select[tuple]:
    """Open actions due before ``today`` on events still running, by owner then due date;
    limited to ``user``'s events unless they read everything (or no user is given)."""
    query = (
        sa.select(
            actions.c.event_id,
            events.c.title,
            actions.c.action_id,
            actions.c.what,
            actions.c.owner,
            actions.c.due,
        )
        .join(events, events.c.id == actions.c.event_id)
        .where(
            actions.c.status == "open",
            actions.c.due < today,
            events.c.status.not_in(FINISHED),
        )
        .order_by(actions.c.owner_key, actions.c.due, actions.c.event_id, actions.c.action_id)
    )
    if user is not None and not user.reads_all:
        query = query.where(
            sa.exists().where(
                event_names.c.event_id == actions.c.event_id,
                event_names.c.name_key == user.name_key,
            )
        )
    return query


def overdue_actions(conn: Connection, today: date, user: User | None = None) -> list[OverdueAction]:
    return [OverdueAction(*row) for row in conn.execute(overdue_actions_query(today, user))]
