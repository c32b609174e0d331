"""The yokoten register: search, adopting into another event (pure and through the store),
declining."""

from __future__ import annotations

from datetime import date

import pytest

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.yokoten import (
    YokotenItem,
    adopt_and_save,
    adopt_practice,
    count_by_status,
    decline_practice,
    search_yokoten,
    yokoten_register,
)
from kaizen_tui.store import Store

from .indexes import index_of
from .portfolio_data import TODAY, portfolio_events


def events() -> dict:
    return {e.id: e for e in portfolio_events()}


def register() -> tuple[YokotenItem, ...]:
    # every event's practices, the abandoned one's too
    return yokoten_register(index_of(portfolio_events()), abandoned=True)


def test_search_by_words_area_and_status() -> None:
    items = register()
    assert len(items) == 5  # the register itself keeps every event; the portfolio drops abandoned
    assert count_by_status(items) == {"proposed": 3, "adopted": 1, "declined": 1}
    assert [i.ref for i in search_yokoten(items, "DISCHARGE")] == ["KZ-P-05#1", "KZ-P-05#2"]
    assert [i.ref for i in search_yokoten(items, "lounge discharge")] == ["KZ-P-05#2"]
    # the event title is searched too
    assert [i.ref for i in search_yokoten(items, "die changeover")] == ["KZ-P-01#1", "KZ-P-01#2"]
    # area: where it came from or where it goes
    assert [i.ref for i in search_yokoten(items, area="welding")] == ["KZ-P-01#1"]
    assert [i.ref for i in search_yokoten(items, area="ward 7b")] == ["KZ-P-05#1", "KZ-P-05#2"]
    assert [i.ref for i in search_yokoten(items, status="adopted")] == ["KZ-P-01#2"]
    assert search_yokoten(items, "nothing like this") == []
    with pytest.raises(ValueError, match="status must be one of"):
        search_yokoten(items, status="maybe")


def test_adopting_adds_an_action_to_the_receiving_event() -> None:
    e = events()
    source, target = e["KZ-P-05"], e["KZ-P-06"]
    adoption = adopt_practice(source, 1, target, today=TODAY)
    assert adoption.action is not None and adoption.target is not None
    assert adoption.action.id == "A1"
    assert adoption.action.what == "Yokoten from KZ-P-05, Ward 7B: adopt “Criteria-led discharge”"
    # no process owner on KZ-P-06: its team leader owns it; due in 30 days
    assert (adoption.action.owner, adoption.action.due) == ("Priya Shah", date(2026, 12, 25))
    item = adoption.source.yokoten[0]
    assert (item.status, item.adopted_in, item.adopted_action) == ("adopted", "KZ-P-06", "A1")
    assert "proposed for 'Ward 8A'" in adoption.warning  # KZ-P-06 is Pharmacy
    # the inputs are untouched
    assert source.yokoten[0].status == "proposed" and target.actions == []


def test_adopting_with_owner_and_due_and_without_a_target() -> None:
    e = events()
    adoption = adopt_practice(
        e["KZ-P-01"], 1, e["KZ-P-02"], today=TODAY, owner="Marek Nowicki", due=date(2027, 1, 8)
    )
    assert adoption.action is not None
    assert (adoption.action.id, adoption.action.owner, adoption.action.due) == (
        "A5",
        "Marek Nowicki",
        date(2027, 1, 8),
    )
    assert adoption.warning == ""  # proposed for Welding, adopted in Welding
    bare = adopt_practice(e["KZ-P-01"], 1, None, today=TODAY)
    assert bare.action is None and bare.source.yokoten[0].status == "adopted"


@pytest.mark.parametrize(
    ("source", "index", "target", "message"),
    [
        ("KZ-P-01", 3, "KZ-P-02", "has 2 yokoten practice"),
        ("KZ-P-01", 2, "KZ-P-02", "adopted already"),
        ("KZ-P-02", 1, "KZ-P-01", "proposes no yokoten practices"),
        ("KZ-P-01", 1, "KZ-P-01", "another event"),
        ("KZ-P-01", 1, "KZ-P-07", "abandoned"),
    ],
)
def test_adopting_refuses_what_cannot_be(
    source: str, index: int, target: str, message: str
) -> None:
    e = events()
    with pytest.raises(KaizenError, match=message):
        adopt_practice(e[source], index, e[target], today=TODAY)


def test_adopting_into_a_closed_event_warns() -> None:
    e = events()
    adoption = adopt_practice(e["KZ-P-05"], 1, e["KZ-P-04"], today=TODAY)
    assert "KZ-P-04 is closed" in adoption.warning


def test_decline() -> None:
    e = events()
    assert decline_practice(e["KZ-P-01"], 1).yokoten[0].status == "declined"
    with pytest.raises(KaizenError, match="cannot be declined"):
        decline_practice(e["KZ-P-01"], 2)


def test_adopt_and_save_writes_both_events(store: Store) -> None:
    for event in portfolio_events():
        store.create(event)
    adoption = adopt_and_save(store, "KZ-P-01", 1, "KZ-P-02", today=TODAY)
    target = store.load("KZ-P-02")
    assert [a.id for a in target.actions][-1] == "A5"
    assert target.revision == 2
    source = store.load("KZ-P-01")
    assert (source.yokoten[0].status, source.yokoten[0].adopted_in) == ("adopted", "KZ-P-02")
    assert adoption.source.revision == source.revision
    # the index (what the portfolio reads) shows it at once
    item = next(i for i in yokoten_register(store.db()) if i.ref == "KZ-P-01#1")
    assert (item.status, item.adopted_in) == ("adopted", "KZ-P-02")
