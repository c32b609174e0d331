"""Words for stored values that the lists need before anything else: plain dicts, no pydantic,
so that the home screen's cold start (measured: bench startup, bench scale) does not import the
model. kaizen_tui.model re-exports them; one home for each word."""

from __future__ import annotations

#: Statuses in words, as screens, pages, prints and the CLI say them (logic.transitions.label).
STATUS_LABELS = {
    "planned": "planned",
    "live": "live",
    "reported": "reported",
    "following_up": "following up",
    "closed": "closed",
    "abandoned": "abandoned",
}
#: The same for narrow lists and pickers: "follow-up" keeps a status column narrow.
STATUS_SHORT_LABELS = {**STATUS_LABELS, "following_up": "follow-up"}
