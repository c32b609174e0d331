"""The close-out gate and the review dialog work over any event and a way to save it (a
``Committer``), not only over the event workspace: here a plain Textual app hosts each dialog over
an event saved straight to the real store, with no EventScreen anywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from textual.app import App
from textual.widgets import Button, Input, Static

from kaizen_tui.errors import KaizenError
from kaizen_tui.model import Event, Review
from kaizen_tui.screens.gate import GateScreen
from kaizen_tui.screens.review import ReviewScreen
from kaizen_tui.store import Store

from .conftest import TODAY, make_event
from .tui import SIZE, type_text, wait_for


class StoreDesk:
    """One event, today, and a commit that saves the changed event to the store at once."""

    def __init__(self, store: Store, event: Event, today: date) -> None:
        self.store = store
        self._event = event
        self._today = today
        self.saved: list[str] = []

    @property
    def event(self) -> Event:
        return self._event

    @property
    def today(self) -> date:
        return self._today

    def commit(self, change: Callable[[Event], object], what: str) -> str | None:
        draft = self._event.model_copy(deep=True)
        try:
            result = change(draft)  # a rule may return a new event (a status move)
            self._event = self.store.save(result if isinstance(result, Event) else draft)
        except (KaizenError, ValueError) as err:
            return str(err)
        self.saved.append(what)
        return None


class Host(App[None]):
    """Nothing of kaizen's app: it opens one dialog and keeps what it returned."""

    def __init__(self, dialog: GateScreen | ReviewScreen) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_the_gate_passes_an_event_through_the_commit_it_is_given(data_dir: Path) -> None:
    store = Store(data_dir)
    event = store.create(make_event(id="KZ-DESK-1"), today=TODAY)
    desk = StoreDesk(store, event, TODAY)
    prints: list[Callable[[Path | None], None]] = []

    def print_a3(then: Callable[[Path | None], None]) -> None:
        prints.append(then)  # the gate hands printing to whoever opened it

    gate = GateScreen(desk, by="Ana Lima", review_days=[30, 90], print_a3=print_a3)
    app = Host(gate)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen is gate and bool(gate.checks))
        failing = [c.rule for c in gate.checks if not c.passed]
        # no after reading yet, no sponsor or process owner named, the A3 never printed
        assert failing == ["after", "people", "a3"]
        assert gate.query_one("#gate-pass", Button).disabled

        await pilot.press("ctrl+o")
        assert len(prints) == 1 and gate.printing
        assert gate.query_one("#gate-print", Button).disabled
        prints[0](None)  # the print failed: the gate is ready to print again
        assert not gate.printing and not gate.query_one("#gate-print", Button).disabled
        assert desk.saved == []

        gate.query_one("#reason-after", Input).focus()
        await type_text(pilot, "measured next week")
        gate.query_one("#reason-people", Input).focus()
        await type_text(pilot, "the sponsor signs on Monday")
        gate.query_one("#reason-a3", Input).focus()
        await type_text(pilot, "printed on the plotter")
        await wait_for(pilot, lambda: not gate.query_one("#gate-pass", Button).disabled)
        outcome = _text(gate.query_one("#gate-outcome", Static))
        due_30, due_90 = TODAY + timedelta(days=30), TODAY + timedelta(days=90)
        assert f"30- and 90-day reviews: {due_30} and {due_90}" in outcome
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.results == ["passed"])

    assert desk.saved == ["close-out gate"]
    stored = Store(data_dir).load("KZ-DESK-1")
    assert stored.status == "reported" and stored.report_out == TODAY
    assert stored.closeout is not None and stored.closeout.by == "Ana Lima"
    assert {o.rule: o.reason for o in stored.closeout.overrides} == {
        "after": "measured next week",
        "people": "the sponsor signs on Monday",
        "a3": "printed on the plotter",
    }
    assert [(r.day, r.due) for r in stored.reviews] == [(30, due_30), (90, due_90)]


async def test_a_review_is_held_through_the_commit_it_is_given(data_dir: Path) -> None:
    store = Store(data_dir)
    due = TODAY - timedelta(days=2)
    event = store.create(
        make_event(id="KZ-DESK-2", status="reported", reviews=[Review(day=30, due=due)]),
        today=TODAY,
    )
    desk = StoreDesk(store, event, TODAY)
    review = ReviewScreen(desk, 30, by="Ana Lima")
    app = Host(review)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen is review and isinstance(app.focused, Input))
        await type_text(pilot, "40")  # the cursor starts in the first reading (M1)
        await wait_for(
            pilot, lambda: "sustained" in _text(review.query_one("#suggestion", Static)).lower()
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.results == [30])

    assert desk.saved == ["30-day review"]
    stored = Store(data_dir).load("KZ-DESK-2")
    held = stored.reviews[0]
    assert held.held_on == TODAY and held.readings == {"M1": 40}
    assert held.verdict == held.suggested_verdict == "sustained"
    assert stored.status == "following_up"  # the first review held moves it on, by its holder
    assert stored.status_history[-1].by == "Ana Lima"
    assert all(a.updates for a in stored.actions if a.status == "open")
