"""Run-sheet: the agenda as timeboxes, with a countdown for the item under way.

One key (n here, Ctrl+N anywhere in the event) starts the current item, or finishes it and starts
the next one. The start time is saved with the event, so a restarted laptop resumes the countdown.
While the event is live the countdown is also in the top bar on every tab, and the workspace
alerts once when the box runs out (EventScreen.tick).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from kaizen_tui.logic import agenda as agenda_logic
from kaizen_tui.model import AgendaItem
from kaizen_tui.screens.phases.base import ListSpec, PhasePane
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.item_table import ItemTable
from kaizen_tui.widgets.table import Column, Row

if TYPE_CHECKING:
    from kaizen_tui.model import Event
    from kaizen_tui.screens.workspace import EventScreen


def advance_agenda(workspace: EventScreen) -> None:
    """The "next" key: start the current timebox, or finish it and start the next one. A planned
    event becomes live when its first timebox starts."""
    event = workspace.event
    if not event.agenda:
        workspace.notify(
            "The run-sheet is empty. Open the Run-sheet tab and press t to start from the "
            "5-day or 1-day template.",
            title="No agenda yet",
            severity="warning",
        )
        return
    if agenda_logic.current_index(event.agenda) is None:
        workspace.notify("Every item on the run-sheet is done.", title="Agenda complete")
        return
    now = workspace.now()
    steps: list[agenda_logic.Advance] = []
    went_live: list[bool] = []

    def change(draft: Event) -> Event:
        from kaizen_tui.logic.transitions import record_move

        steps.append(agenda_logic.advance(draft.agenda, now))
        went_live.append(draft.status == "planned")
        if draft.status == "planned":  # planned → live needs no reason and no gate
            return record_move(
                draft, "live", today=workspace.today, by=workspace.kaizen.config.user_name
            )
        return draft

    problem = workspace.commit(change, "run-sheet")
    if problem:
        workspace.notify(problem, title="Run-sheet not saved", severity="error", timeout=10)
        return
    step = steps[0]
    agenda = workspace.event.agenda
    if step.started is not None:
        item = agenda[step.started]
        workspace.notify(
            f"{item.title} · {agenda_logic.format_minutes(item.minutes)}",
            title="Now" + (" (the event is live)" if went_live[0] else ""),
        )
    else:
        workspace.notify("That was the last item on the run-sheet.", title="Agenda complete")
    if workspace.event.status != "live":
        workspace.notify(
            f"The event's status is {workspace.event.status.replace('_', ' ')}: the countdown "
            "shows in the top bar only while it is live (Charter → Status).",
            severity="information",
        )


class AgendaTable(ItemTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,space", "app_key('next')", "Start / next"),
        Binding("plus,equals_sign", "app_key('more')", "+5 min"),
        Binding("minus", "app_key('less')", "−5 min", show=False),
        Binding("r", "app_key('restart')", "Restart timer", show=False),
        Binding("t", "app_key('template')", "Template"),
    ]

    def action_app_key(self, kind: str) -> None:
        self.post_message(self.Request(self, kind, self.cursor_key))


class RunSheetPane(PhasePane):
    phase_id = "runsheet"

    def compose(self) -> ComposeResult:
        with Vertical(id="now"):
            yield Static("", id="now-title", markup=False)
            yield Digits("", id="now-digits")
            yield Static("", id="now-hint")
        yield Static("", id="agenda-summary")
        yield AgendaTable(
            [
                Column("n", "#", 3, justify="right"),
                Column("title", "Item", None, min_width=20),
                Column("box", "Timebox", 11, justify="right"),
                Column("state", "", 16),
            ],
            empty_text="No agenda yet: press t to start from the 5-day or 1-day template.",
            id="agenda",
        )

    def focus_first(self) -> None:
        table = self.query_one("#agenda", AgendaTable)
        table.focus(scroll_visible=False)
        index = agenda_logic.current_index(self.event.agenda)
        if index is not None:
            table.move_to(str(index))

    # -- refresh --------------------------------------------------------------------------------

    def show_event(self, event: Event, *, force: bool = False) -> None:
        agenda = event.agenda
        current = agenda_logic.current_index(agenda)
        done = sum(1 for item in agenda if item.done)
        summary = Content.assemble(
            (f"{len(agenda)} items", "bold"),
            f" · {agenda_logic.format_minutes(agenda_logic.total_minutes(agenda))} planned"
            f" · {done} done · {agenda_logic.format_minutes(agenda_logic.minutes_left(agenda))}"
            " to go",
            ("      n start/next · + more time · t template · a add", "$text-muted"),
        )
        self.query_one("#agenda-summary", Static).update(summary)
        table = self.query_one("#agenda", AgendaTable)
        rows = []
        for i, item in enumerate(agenda):
            tone = "muted" if item.done else ("" if i != current else "success")
            rows.append(
                Row(
                    str(i),
                    (
                        str(i + 1),
                        Text(item.title, style="bold" if i == current else ""),
                        agenda_logic.format_minutes(item.minutes),
                        self._state(item, i == current),
                    ),
                    tone=tone,
                )
            )
        table.set_rows(rows)
        self.tick()

    def _state(self, item: AgendaItem, is_current: bool) -> str:
        if item.done:
            if item.started_at and item.finished_at:
                ran = int((item.finished_at - item.started_at).total_seconds() // 60)
                return f"✓ ran {agenda_logic.format_minutes(max(ran, 0)) if ran else '<1 min'}"
            return "✓ done"
        if is_current:
            if item.started_at is None:
                return "next · n starts"
            left = agenda_logic.remaining(item, self.workspace.now())
            if left is not None:
                return (
                    "▶ "
                    + agenda_logic.format_countdown(left)
                    + (" over" if left.total_seconds() <= 0 else " left")
                )
        return ""

    def tick(self) -> None:
        """Called every second by the workspace: the big countdown and the current row."""
        agenda = self.event.agenda
        index = agenda_logic.current_index(agenda)
        title = self.query_one("#now-title", Static)
        digits = self.query_one("#now-digits", Digits)
        hint = self.query_one("#now-hint", Static)
        box = self.query_one("#now")
        item = agenda[index] if index is not None else None
        left = agenda_logic.remaining(item, self.workspace.now()) if item else None
        box.set_class(left is not None and left.total_seconds() <= 0, "-overrun")
        if item is None:
            title.update("Agenda complete." if agenda else "No agenda yet.")
            digits.update("")
            hint.update("")
        elif left is None:
            title.update(f"Next: {item.title}")
            digits.update(agenda_logic.format_countdown(timedelta(minutes=item.minutes)))
            hint.update("press n to start this timebox")
        else:
            title.update(f"Now: {item.title}  ({agenda_logic.format_minutes(item.minutes)})")
            digits.update(agenda_logic.format_countdown(left))
            hint.update(
                "time's up · n next item · + 5 more minutes"
                if left.total_seconds() <= 0
                else "n next item · + 5 more minutes · r restart the timer"
            )
        if index is not None and item is not None and item.started_at is not None:
            table = self.query_one("#agenda", AgendaTable)
            row = table.row(str(index))
            if row is not None:
                cells = list(row.cells)
                cells[3] = self._state(item, True)
                table.update_row(Row(row.key, tuple(cells), tone=row.tone))

    # -- requests -------------------------------------------------------------------------------

    def _item_fields(self, item: AgendaItem | None) -> list[Field]:
        return [
            Field(
                "title",
                "Item",
                value=item.title if item else "",
                required=True,
                placeholder="e.g. Day 1 · Gemba walk",
            ),
            Field(
                "minutes",
                "Minutes",
                "int",
                value=item.minutes if item else 30,
                required=True,
                minimum=1,
                maximum=24 * 60,
            ),
            Field(
                "done",
                "Done",
                "check",
                value=item.done if item else False,
                placeholder="this item is over",
            ),
        ]

    @on(ItemTable.Request, "#agenda")
    def _request(self, request: ItemTable.Request) -> None:
        kind: str = request.kind
        table = request.table
        now = self.workspace.now()
        if kind == "next":
            advance_agenda(self.workspace)
            current = agenda_logic.current_index(self.event.agenda)
            if current is not None:
                table.move_to(str(current))
        elif kind == "more":
            self.commit_or_tell(lambda e: agenda_logic.extend(e.agenda, 5), "+5 min")
        elif kind == "less":
            self.commit_or_tell(lambda e: agenda_logic.extend(e.agenda, -5), "−5 min")
        elif kind == "restart":
            self.commit_or_tell(lambda e: agenda_logic.restart(e.agenda, now), "timer restarted")
        elif kind == "template":
            self._template()
        else:
            self.edit_list(
                request,
                ListSpec(
                    items=lambda e: e.agenda,
                    fields=self._item_fields,
                    make=lambda v, old: self._item(v, old, now),
                    add_title="Add an agenda item",
                    insert="after",
                    edit_title="Edit item {n}",
                    remove_title="Remove item {n}?",
                    describe=lambda i: f"{i.title} ({agenda_logic.format_minutes(i.minutes)})",
                    what="agenda item",
                    order="agenda order",
                ),
            )

    @staticmethod
    def _item(values: dict[str, Any], old: AgendaItem | None, now: datetime) -> AgendaItem:
        if old is None:
            return AgendaItem(**values)
        # ticking done records when the timebox finished; unticking forgets it
        if not values["done"]:
            finished = None
        elif old.done:
            finished = old.finished_at
        else:
            finished = now
        return AgendaItem(**{**old.model_dump(by_alias=True), **values, "finished_at": finished})

    def _template(self) -> None:
        existing = len(self.event.agenda)
        fields = [
            Field(
                "template",
                "Template",
                "choice",
                value="5-day",
                options=[(label, key) for key, label in agenda_logic.TEMPLATE_LABELS.items()],
                keys=["5", "1"],
            )
        ]
        if existing:
            fields.append(
                Field(
                    "mode",
                    "Current items",
                    "choice",
                    value="append",
                    options=[("keep, add after", "append"), (f"replace all {existing}", "replace")],
                    keys=["k", "r"],
                )
            )

        def apply(event: Event, v: dict[str, Any]) -> None:
            items = agenda_logic.template_items(v["template"])
            if v.get("mode") == "replace":
                event.agenda = items
            else:
                event.agenda.extend(items)

        self.open_form(
            "Start the run-sheet from a template",
            fields,
            apply,
            "agenda",
            intro="Every item stays editable afterwards (Enter edits, Del removes).",
        )
