"""Recording on an event that its A3 was printed (``Event.a3_printed_revision``).

``a3_printed_revision`` is the revision shown on the printed page (logic/gate.py). Recording it
is itself a save, which moves the event one revision on; the gate counts the A3 as current while
``revision <= a3_printed_revision + 1``. Printing an event whose A3 is current again prints the
same page (same revision) and records nothing, so a reprint does not churn revisions.
"""

from __future__ import annotations

from kaizen_tui.logic.gate import a3_is_current
from kaizen_tui.model import Event
from kaizen_tui.store import Store


def as_printed(event: Event) -> Event:
    """The event as its A3 shows it: when the printed A3 is current, at the printed revision
    (the only change since is the record of the print itself)."""
    if a3_is_current(event) and event.a3_printed_revision is not None:
        return event.model_copy(update={"revision": min(event.revision, event.a3_printed_revision)})
    return event


def mark_printed(store: Store, event: Event) -> Event:
    """Record that the A3 of ``event`` (as loaded, at its current revision) is printed, unless a
    current print is recorded already, and return the event as the page shows it."""
    if a3_is_current(event):
        return as_printed(event)
    printed = event.model_copy(update={"a3_printed_revision": event.revision})
    store.save(printed)
    return printed
