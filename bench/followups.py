"""The cross-event "needs attention" query (home queue, `kaizen followups`) over 1,000 events and
15,000 actions, against a plain Python loop over the same rows in the same run.

Both answer the same question from the cross-event index: open actions and unheld reviews due by
today + 7, left out for closed and abandoned events, grouped by owner and sorted. The floor reads
every action and review row of the index and filters them in a loop, keeping tuples of ISO
strings; the query lets the database pick the rows due and builds the items a screen shows
(dates, days to go, labels). Bar: ≤ 3× the floor.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import best_of, build_portfolio, report
from kaizen_tui.logic.attention import needs_attention
from kaizen_tui.logic.queries import Execute
from kaizen_tui.store import Store

EVENTS = 1_000
ACTIONS = 15
BAR = 3.0


def plain_loop(db: Execute, today: date) -> list[tuple[str, list[Any]]]:
    """The floor: every row read, the same filter, grouping and order, written as one loop."""
    horizon = (today + timedelta(days=7)).isoformat()
    events = {
        event_id: (status, owner)
        for event_id, status, owner in db("SELECT event_id, status, review_owner FROM events", {})
    }
    groups: dict[str, list[Any]] = {}
    for event_id, day, due, held_on, seq in db(
        "SELECT event_id, day, due, held_on, seq FROM reviews", {}
    ):
        status, owner = events[event_id]
        reviewed = status == "reported" or status == "following_up"
        if reviewed and held_on is None and due is not None and due <= horizon:
            groups.setdefault(owner, []).append((due, event_id, 0, seq, day))
    for event_id, seq, action_id, owner, due, action_status in db(
        "SELECT event_id, seq, action_id, owner, due, status FROM actions", {}
    ):
        status = events[event_id][0]
        if status == "closed" or status == "abandoned":
            continue
        if action_status == "open" and due is not None and due <= horizon:
            groups.setdefault(owner, []).append((due, event_id, 1, seq, action_id))
    for items in groups.values():
        items.sort()
    return sorted(groups.items())


def run() -> bool:
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="kaizen-bench-followups-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        build_portfolio(root, EVENTS, actions=ACTIONS)
        print(f"built {EVENTS} events × {ACTIONS} actions in {time.perf_counter() - start:.1f} s")
        store = Store(root)
        db = store.db()  # the index, current
        actions = db("SELECT COUNT(*) FROM actions", {})[0][0]  # type: ignore[index]
        assert store.count_events() == EVENTS and actions == EVENTS * ACTIONS

        # Same answer, or the comparison means nothing.
        floor_groups = plain_loop(db, today)
        attention = needs_attention(db, today)
        assert len(attention.items) == sum(len(items) for _, items in floor_groups)
        assert {g.owner for g in attention.groups} == {owner for owner, _ in floor_groups}
        print(
            f"{len(attention.items):,} items for {len(attention.groups)} owners "
            f"({attention.count('action', 'overdue'):,} actions overdue, "
            f"{attention.count('review', 'overdue'):,} reviews overdue)"
        )

        listing = best_of(store.list_summaries, repeat=3)
        report("list_summaries() with a warm index (context)", listing)
        floor = best_of(lambda: plain_loop(db, today), repeat=7, number=3)
        report("floor: plain loop over every action and review row", floor)
        query = best_of(lambda: needs_attention(db, today), repeat=7, number=3)
        return report("needs_attention() over 1,000 events, 15,000 actions", query, floor, BAR)
