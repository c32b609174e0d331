"""The cross-event index of a few events, in memory: what logic's queries are asked in tests."""

from __future__ import annotations

from collections.abc import Iterable

from kaizen_tui.logic.queries import Execute
from kaizen_tui.model import Event
from kaizen_tui.store.sqlindex import memory_index


def index_of(events: Iterable[Event]) -> Execute:
    """An index holding ``events`` (as the store would index them), ready to be asked."""
    return memory_index(e.model_dump(mode="json", by_alias=True) for e in events).all
