"""Updates "from the floor": what an action's owner may change from their personal page on the
hub (issue 15, docs/hub.md "Owner links"), and how such an update goes into the event.

An owner may mark their action done (or open again), move its PDCA step and add a one-line note.
The hub applies it as a new revision of the event; laptops receive it through sync and the
three-way merge like any other change. The update is an ordinary dated entry in the action's
``updates`` with the owner's name (``by``) and ``from_floor`` set, so the app can mark it and
the next review can start from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.actions import PDCA_LABELS
from kaizen_tui.logic.edits import set_action_status
from kaizen_tui.logic.people import person_key
from kaizen_tui.logic.words import one_line
from kaizen_tui.model import Action, Event, Update

#: The longest note an owner may send. One line on a phone; the form's field stops typing there
#: and the hub refuses a longer one (with the text kept in the form), so nothing is cut silently.
NOTE_MAX = 500
#: What the owner may set the status to. Dropping an action stays the facilitator's decision.
FLOOR_STATUSES = ("open", "done")


class FloorInputError(KaizenError):
    """A form value the hub cannot take: one line a person on a phone can act on."""


@dataclass(frozen=True)
class FloorUpdate:
    """One owner's post about one of their actions, checked."""

    action_id: str
    status: str  # open | done
    pdca: int  # 0–4
    note: str  # one line, at most NOTE_MAX characters
    by: str  # the owner's name as the event spells it
    on: date


def parse_form(values: Mapping[str, str]) -> tuple[str, int, str]:
    """The status, PDCA step and note of a posted form, checked, or a FloorInputError."""
    status = values.get("status", "").strip()
    if status not in FLOOR_STATUSES:
        raise FloorInputError("Choose open or done.")
    raw_pdca = values.get("pdca", "").strip()
    if not (raw_pdca.isascii() and raw_pdca.isdigit() and 0 <= int(raw_pdca) <= 4):
        raise FloorInputError("Choose a PDCA step from 0 (not started) to 4 (standardised).")
    note = one_line(values.get("note", "")).strip()
    if len(note) > NOTE_MAX:
        raise FloorInputError(
            f"A note has at most {NOTE_MAX} characters; this one has {len(note):,}. "
            "Shorten it and send it again (nothing was saved)."
        )
    return status, int(raw_pdca), note


def describe_change(action: Action, status: str, pdca: int) -> list[str]:
    """What the post changes, in words: ``["marked done", "PDCA doing → checked"]``."""
    said = []
    if status != action.status:
        said.append("marked done" if status == "done" else "opened again")
    if pdca != action.pdca:
        said.append(f"PDCA {PDCA_LABELS[action.pdca]} → {PDCA_LABELS[pdca]}")
    return said


def apply_floor_update(event: Event, update: FloorUpdate) -> Update | None:
    """Apply ``update`` to its action in ``event`` (in place) and return the dated entry it
    added, or None when it changes nothing (same status and step, no note). The caller checked
    that the action is the owner's and open or done; a dropped one is refused here too."""
    action = next((a for a in event.actions if a.id == update.action_id), None)
    if action is None or action.status not in FLOOR_STATUSES:
        raise FloorInputError("This action is not on your list any more; nothing was changed.")
    changes = describe_change(action, update.status, update.pdca)
    if not changes and not update.note:
        return None
    said = ", ".join(changes)
    if said and update.note:
        note = f"{said[0].upper()}{said[1:]}: {update.note}"
    elif said:
        note = f"{said[0].upper()}{said[1:]}."
    else:
        note = update.note
    if update.status != action.status:
        set_action_status(action, update.status, update.on)
    action.pdca = update.pdca
    entry = Update(date=update.on, note=note, by=update.by, from_floor=True)
    action.updates.append(entry)
    action.updates.sort(key=lambda u: u.date)  # stable: the new entry is the day's last
    return entry


def floor_updates(action: Action, since: date | None = None) -> list[Update]:
    """The action's updates from the floor (on or after ``since``, if given), oldest first."""
    return [u for u in action.updates if u.from_floor and (since is None or u.date >= since)]


def floor_since(event: Event, day: int) -> date | None:
    """Since when the ``day``-review looks at updates from the floor: the latest review held
    before it, else the report-out (None: every one)."""
    held = [r.held_on for r in event.reviews if r.held_on is not None and r.day < day]
    if held:
        return max(held)
    return event.report_out


def floor_words(update: Update) -> str:
    """``from the floor · Jan Nowak`` — how the app labels such an update."""
    return f"from the floor · {update.by}" if update.by else "from the floor"


def owners_of(actions: Iterable[Action]) -> list[str]:
    """Each owner named on these actions once (the first spelling met), in order of first
    appearance: who gets a personal link (names compare as logic.people.person_key)."""
    seen: dict[str, str] = {}
    for action in actions:
        key = person_key(action.owner)
        if key and key not in seen:
            seen[key] = action.owner.strip()
    return list(seen.values())
