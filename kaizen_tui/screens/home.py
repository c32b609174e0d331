"""Home: every event at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

if TYPE_CHECKING:
    from kaizen_tui.app import KaizenApp


class HomeScreen(Screen[None]):
    BINDINGS = [Binding("r", "refresh", "Refresh")]

    @property
    def kaizen(self) -> KaizenApp:
        return cast("KaizenApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="problems")
        yield Static(id="empty")
        yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#events", DataTable)
        table.add_columns("ID", "Title", "Area", "Status", "Open", "Overdue", "Next review")
        self.action_refresh()

    def action_refresh(self) -> None:
        store = self.kaizen.store
        today = self.kaizen.today
        summaries = store.list_summaries()
        table = self.query_one("#events", DataTable)
        table.clear()
        for s in summaries:
            overdue = s.overdue_actions(today)
            table.add_row(
                s.id,
                s.title,
                s.area,
                s.status.replace("_", " "),
                str(s.open_actions),
                Text(str(overdue), style="bold red") if overdue else "0",
                f"{s.next_review_day}-day {s.next_review_due}" if s.next_review_due else "–",
                key=s.id,
            )
        empty = self.query_one("#empty", Static)
        empty.display = not summaries
        empty.update("No events yet. Quit (ctrl+q) and run `kaizen demo` to load three samples.")
        problems = store.problems()
        banner = self.query_one("#problems", Static)
        banner.set_class(bool(problems), "-visible")
        banner.update("\n".join(p.message for p in problems))
