"""The home screen's queue kept as places and read a page at a time (logic/attention.py's
attention_queue and attention_page) shows what the whole queue (needs_attention, which
``kaizen followups`` lists) shows, in its order, with its counts: on random portfolios of every
status, reviews held or not, with or without their own due date, actions of every status, and
owners whose order is decided by case (SQL does not casefold; the groups are ordered in Python)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kaizen_tui.logic.attention import attention_page, attention_queue, needs_attention
from kaizen_tui.store.sqlindex import memory_index

TODAY = date(2026, 11, 25)
STATUSES = ["planned", "live", "reported", "following_up", "closed", "abandoned"]
#: few, so that an event's reviews and actions often share an owner (and a day: ties)
OWNERS = ["", "anna", "Anna", "Éva", "éva", "Zed"]
#: few days, so that items often fall due on the same day in the same event (ties in the order)
DAYS = st.sampled_from([-9, -1, 0, 3, 12]).map(lambda n: (TODAY + timedelta(n)).isoformat())
ACTION = st.fixed_dictionaries(
    {
        "what": st.sampled_from(["Fix it", "Shadow board", "5S"]),
        "owner": st.sampled_from(OWNERS),
        "due": st.none() | DAYS,
        "status": st.sampled_from(["open", "open", "done", "dropped"]),
        "pdca": st.integers(min_value=0, max_value=2),
    }
)
REVIEW = st.fixed_dictionaries(
    {
        "day": st.sampled_from([30, 60, 90]),
        "due": st.none() | DAYS,
        "held_on": st.sampled_from([None, None, None, "2026-11-01"]),
    }
)
PERSON = st.fixed_dictionaries(
    {
        "name": st.sampled_from(OWNERS[1:]),
        "role": st.sampled_from(["member", "facilitator", "team_leader", "process_owner"]),
    }
)
EVENT = st.fixed_dictionaries(
    {
        "status": st.sampled_from([*STATUSES, "reported", "following_up"]),
        "report_out": st.none() | DAYS.map(lambda d: date.fromisoformat(d) - timedelta(30)),
        "people": st.lists(PERSON, min_size=1, max_size=3),
        "actions": st.lists(ACTION, min_size=1, max_size=6),
        "reviews": st.lists(REVIEW, min_size=1, max_size=3),
    }
)


def _events(drawn: list[dict[str, Any]]) -> list[dict[str, Any]]:
    events = []
    for n, e in enumerate(drawn):
        actions = [{**a, "id": f"A{i + 1}"} for i, a in enumerate(e["actions"])]
        report_out = e["report_out"].isoformat() if e["report_out"] else None
        events.append(
            {
                **e,
                "id": f"KZ-T-{n % 3}{n:02d}",  # ids not in the order drawn
                "title": f"Event {n}",
                "actions": actions,
                "report_out": report_out,
            }
        )
    return events


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(EVENT, max_size=8),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=7),
)
@example(  # a review before an action due the same day in the same event, though listed after
    [
        {
            "status": "reported",
            "report_out": None,
            "people": [{"name": "Anna", "role": "facilitator"}],
            "actions": [{"what": "5S", "owner": "Anna", "due": "2026-11-24", "status": "open"}],
            "reviews": [
                {"day": 30, "due": "2026-11-01", "held_on": "2026-11-01"},
                {"day": 60, "due": "2026-11-24", "held_on": None},
            ],
        }
    ],
    0,
    1,
)
def test_the_queue_read_by_page_is_the_whole_queue(
    drawn: list[dict[str, Any]], within: int, page: int
) -> None:
    db = memory_index(_events(drawn)).all
    whole = needs_attention(db, TODAY, within_days=within)
    queue = attention_queue(db, TODAY, within_days=within)

    assert len(queue) == len(whole.items)
    read = []
    for start in range(0, len(queue), page):  # pages of any size, as the table asks for them
        read += attention_page(db, queue, range(start, min(start + page, len(queue))))
    assert read == whole.items
    # each group's owner, and where it starts (the owner is named on its first row)
    starts, at = [], 0
    for group in whole.groups:
        starts.append(at)
        at += len(group.items)
    assert [(queue.owner_at(i), queue.first_of_group(i)) for i in range(len(queue))] == [
        (group.owner, n == 0) for group in whole.groups for n in range(len(group.items))
    ]
    assert list(queue.starts) == starts
    for kind in ("review", "action"):
        for urgency in ("overdue", "due_soon"):
            assert queue.count(kind, urgency) == whole.count(kind, urgency)
    # a row found again by its key (the cursor kept when the queue is read again)
    for i in range(len(queue)):
        assert queue.index_of(queue.key(i)) == i
    assert queue.index_of("KZ-NOPE|action|0") is None
    assert queue.index_of("KZ-T-000") is None
