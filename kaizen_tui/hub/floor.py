"""An owner's personal page on the hub: what it lists, and applying an owner's update from the
floor as a new revision of the event (issue 15; the rules are in logic/floor.py).

The list is SQL over the indexed action rows (by ``owner_key``, on events still running, as the
follow-up queue counts them: hub/queries.py); the latest update of each listed action comes from
its event's latest bundle, read for the events on the page only.

An update is one write transaction, as a push is: lock the event's row, read its latest revision,
apply the update to that, store it as the next revision (hub/events.store_revision: revision row,
index rows, change counter). A laptop that pushes on the older revision then gets 409 and merges,
so an owner's update and a facilitator's edit never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kaizen_tui.hub.db import Database
from kaizen_tui.hub.events import latest_bundle, store_revision
from kaizen_tui.hub.links import ActiveLink, find_link
from kaizen_tui.hub.queries import FINISHED
from kaizen_tui.hub.schema import actions, events, is_latest, revisions
from kaizen_tui.logic.floor import FloorUpdate, apply_floor_update, parse_form
from kaizen_tui.logic.people import person_key
from kaizen_tui.model import _EVENT_ID, _ITEM_ID, Update, parse_bundle

#: Actions done this many days ago or less stay on the page (with their form, to reopen one
#: marked done by mistake), so a post that marks one done shows its result.
RECENT_DAYS = 14
#: Most actions one page lists (nobody owns more open actions than this; the page stays small).
PAGE_LIMIT = 300


class NotYours(Exception):
    """The posted action is not an open (or recently done) action of this link's owner."""


@dataclass(frozen=True)
class OwnerAction:
    event_id: str
    event_title: str
    site: str
    area: str
    action_id: str
    what: str
    due: date | None
    pdca: int
    status: str
    done_on: date | None
    last_update: Update | None

    @property
    def key(self) -> str:
        """How the form names it: ``KZ-2026-014/A7``."""
        return f"{self.event_id}/{self.action_id}"


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def owner_actions(db: Database, link: ActiveLink, today: date) -> list[OwnerAction]:
    """The link owner's open actions on running events, then those done in the last
    RECENT_DAYS; open ones overdue first, then by due date (undated last)."""
    since = today - timedelta(days=RECENT_DAYS)
    query = (
        sa.select(
            actions.c.event_id,
            events.c.title,
            events.c.site,
            events.c.area,
            actions.c.action_id,
            actions.c.what,
            actions.c.due,
            actions.c.pdca,
            actions.c.status,
            actions.c.done_on,
        )
        .join(events, events.c.id == actions.c.event_id)
        .where(
            actions.c.owner_key == link.owner_key,
            events.c.status.not_in(FINISHED),
            sa.or_(
                actions.c.status == "open",
                sa.and_(actions.c.status == "done", actions.c.done_on >= since),
            ),
        )
        .order_by(
            sa.case((actions.c.status == "open", 0), else_=1),
            sa.case((actions.c.due.is_(None), 1), else_=0),
            actions.c.due,
            actions.c.event_id,
            actions.c.action_id,
        )
        .limit(PAGE_LIMIT)
    )
    with db.read() as conn:
        rows = conn.execute(query).all()
        updates = _latest_updates(conn, {r.event_id for r in rows})
    return [
        OwnerAction(
            r.event_id,
            r.title,
            r.site,
            r.area,
            r.action_id,
            r.what,
            _as_date(r.due),
            int(r.pdca),
            r.status,
            _as_date(r.done_on),
            updates.get((r.event_id, r.action_id)),
        )
        for r in rows
    ]


def _latest_updates(conn: Connection, event_ids: set[str]) -> dict[tuple[str, str], Update]:
    """(event id, action id) → the action's latest update, from the events' latest bundles."""
    if not event_ids:
        return {}
    found: dict[tuple[str, str], Update] = {}
    query = (
        sa.select(revisions.c.event_id, revisions.c.bundle)
        .join(
            events,
            is_latest,
        )
        .where(events.c.id.in_(sorted(event_ids)))
    )
    for row in conn.execute(query):
        for raw in row.bundle.get("event", {}).get("actions", ()):
            latest: Update | None = None
            for item in raw.get("updates") or ():
                update = Update.model_validate(item)
                if latest is None or update.date >= latest.date:  # as logic.actions.last_update
                    latest = update
            if latest is not None:
                found[(row.event_id, str(raw.get("id")))] = latest
    return found


Outcome = Literal["saved", "unchanged"]


def parse_action_key(text: str) -> tuple[str, str]:
    """``KZ-2026-014/A7`` → (event id, action id); NotYours for anything else."""
    event_id, sep, action_id = text.strip().rpartition("/")
    if not sep or _EVENT_ID.fullmatch(event_id) is None or _ITEM_ID.fullmatch(action_id) is None:
        raise NotYours(text)
    return event_id, action_id


def apply_update(
    db: Database, token: str, form: Mapping[str, str], today: date
) -> tuple[Outcome, ActiveLink | None]:
    """Apply one posted form of the page with ``token``. Returns ("saved" | "unchanged", the
    link), or (…, None) when the link is unknown or revoked (nothing changed). Raises NotYours
    (someone else's action, unknown, dropped, or on a finished event) and
    logic.floor.FloorInputError (a value the form cannot carry); both change nothing."""
    with db.write() as conn:
        link = find_link(conn, token)
        if link is None:
            return "unchanged", None
        event_id, action_id = parse_action_key(form.get("action", ""))
        row = conn.execute(
            sa.select(events.c.revision, events.c.created_by, events.c.status)
            .where(events.c.id == event_id)
            .with_for_update()
        ).first()
        if row is None or row.status in FINISHED:
            raise NotYours(event_id)
        bundle = parse_bundle(latest_bundle(conn, event_id))
        event = bundle.event
        action = next((a for a in event.actions if a.id == action_id), None)
        if action is None or person_key(action.owner) != link.owner_key:
            raise NotYours(action_id)
        if action.status not in ("open", "done"):
            raise NotYours(action_id)
        status, pdca, note = parse_form(form)
        entry = apply_floor_update(
            event,
            FloorUpdate(action_id, status, pdca, note, by=action.owner.strip(), on=today),
        )
        if entry is None:
            return "unchanged", link
        event.updated_at = datetime.now(UTC)
        store_revision(
            conn,
            bundle,
            base=row.revision,
            latest=row.revision,
            created_by=row.created_by,
            pushed_by=action.owner.strip() or link.owner,
            via="floor",
        )
    return "saved", link
