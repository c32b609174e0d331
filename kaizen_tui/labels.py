"""Words for stored values that the lists need before anything else: plain dicts, no pydantic,
so that the home screen's cold start (measured: bench startup, bench scale) and the portfolio
report do not import the model. kaizen_tui.model re-exports them; one home for each word."""

from __future__ import annotations

from typing import Literal, get_args

Status = Literal["planned", "live", "reported", "following_up", "closed", "abandoned"]
YokotenStatus = Literal["proposed", "adopted", "declined"]
#: The same choices as tuples, for pickers and loops, in lifecycle order.
STATUSES: tuple[str, ...] = get_args(Status)
YOKOTEN_STATUSES: tuple[str, ...] = get_args(YokotenStatus)
#: Longest free text we accept in one field. Generous for a problem statement; a 10 MB paste is
#: refused with a message instead of making every save and print slow.
MAX_TEXT = 20_000

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
