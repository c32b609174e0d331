"""The cross-event "needs attention" query (home queue, `kaizen followups`) over 1,000 events and
15,000 actions, against a plain Python loop over the same summary dicts in the same run.

Both answer the same question from the same ``Store.list_summaries()`` result: open actions and
unheld reviews due by today + 7, left out for closed and abandoned events, grouped by owner and
sorted. The floor keeps tuples of ISO strings; the query builds the items a screen shows (dates,
days to go, labels). Bar: ≤ 3× the floor.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import best_of, build_portfolio, report
from kaizen_tui.logic.attention import needs_attention
from kaizen_tui.store import EventSummary, Store

EVENTS = 1_000
ACTIONS = 15
BAR = 3.0


def plain_loop(summaries: list[EventSummary], today: date) -> list[tuple[str, list[Any]]]:
    """The floor: the same filter, grouping and order, written as one loop."""
    horizon = (today + timedelta(days=7)).isoformat()
    groups: dict[str, list[Any]] = {}
    for s in summaries:
        if s.status == "closed" or s.status == "abandoned":
            continue
        if s.status == "reported" or s.status == "following_up":
            owner = s.facilitator or s.team_leader
            for r in s.reviews:
                due = r["due"]
                if r["held_on"] is None and due is not None and due <= horizon:
                    groups.setdefault(owner, []).append((due, s.id, 0, r["day"]))
        for i, a in enumerate(s.actions):
            due = a["due"]
            if a["status"] == "open" and due is not None and due <= horizon:
                groups.setdefault(a["owner"], []).append((due, s.id, 1, i, a["id"]))
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
        summaries = store.list_summaries()  # builds the index once
        actions = sum(len(s.actions) for s in summaries)
        assert len(summaries) == EVENTS and actions == EVENTS * ACTIONS

        # Same answer, or the comparison means nothing.
        floor_groups = plain_loop(summaries, today)
        attention = needs_attention(summaries, today)
        assert len(attention.items) == sum(len(items) for _, items in floor_groups)
        assert {g.owner for g in attention.groups} == {owner for owner, _ in floor_groups}
        print(
            f"{len(attention.items):,} items for {len(attention.groups)} owners "
            f"({attention.count('action', 'overdue'):,} actions overdue, "
            f"{attention.count('review', 'overdue'):,} reviews overdue)"
        )

        listing = best_of(store.list_summaries, repeat=3)
        report("list_summaries() with a warm index (context)", listing)
        floor = best_of(lambda: plain_loop(summaries, today), repeat=7, number=3)
        report("floor: plain loop over the same summary dicts", floor)
        query = best_of(lambda: needs_attention(summaries, today), repeat=7, number=3)
        return report("needs_attention() over 1,000 events, 15,000 actions", query, floor, BAR)
