"""Actions: the kaizen newspaper. Who does what by when, how far round the PDCA circle, and what
happened since. Overdue actions are in the error colour, due-soon ones in the warning colour (and
say so in words, for projectors that wash colours out)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from kaizen_tui.logic.actions import PDCA_LABELS, count_actions, pdca_circle, urgency
from kaizen_tui.logic.dates import DATE_HINT, parse_user_date
from kaizen_tui.logic.edits import (
    add_action,
    add_update,
    latest_update,
    set_action_status,
    step_pdca,
)
from kaizen_tui.logic.floor import floor_words
from kaizen_tui.model import ACTION_STATUSES, Action, Update
from kaizen_tui.screens.phases.base import PhasePane
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.name_input import NameInput, Names, complete_name
from kaizen_tui.widgets.table import Column, Row, Table

if TYPE_CHECKING:
    from kaizen_tui.model import Event

TONES = {"overdue": "error", "due_soon": "warning", "closed": "muted"}
FILTERS = ("all", "open", "overdue")


def due_text(action: Action, today: date) -> str:
    """``2026-11-20 · 5 d late`` / ``· in 3 d`` / ``· today``: the date and how far it is."""
    if action.due is None:
        return "–"
    kind = urgency(action, today)
    delta = (action.due - today).days
    if kind == "overdue":
        return f"{action.due.isoformat()} · {-delta} d late"
    if kind == "due_soon":
        return f"{action.due.isoformat()} · " + ("today" if delta == 0 else f"in {delta} d")
    return action.due.isoformat()


def update_text(update: Update) -> Text:
    """``25 Nov note``; an update an owner sent from their phone says so (issue 15)."""
    if update.from_floor:
        who = f" · {update.by}" if update.by else ""
        return Text.assemble(
            f"{update.date:%d %b} ", (f"from the floor{who}:", "bold"), f" {update.note}"
        )
    return Text(f"{update.date:%d %b} {update.note}")


def status_text(action: Action) -> str:
    if action.status == "done" and action.done_on:
        return f"done {action.done_on:%d %b}"
    return action.status


class ActionTable(Table):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "request('edit')", "Edit"),
        Binding("a", "request('add')", "Add"),
        Binding("p", "request('pdca+')", "PDCA +"),
        Binding("P", "request('pdca-')", "PDCA −", show=False),
        Binding("x", "request('done')", "Done"),
        Binding("u", "request('update')", "Update"),
        Binding("f", "request('filter')", "Filter"),
        Binding("L", "request('links')", "Owner links"),  # issue 15: personal links on the hub
    ]

    class Request(Message):
        def __init__(self, kind: str, key: str | None) -> None:
            super().__init__()
            self.kind = kind
            self.key = key

    def action_request(self, kind: str) -> None:
        if kind not in ("add", "filter", "links") and self.cursor_key is None:
            if kind != "edit":
                return
            kind = "add"
        self.post_message(self.Request(kind, self.cursor_key))

    def action_select(self) -> None:
        self.action_request("edit")


class ActionsPane(PhasePane):
    phase_id = "actions"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filter = "all"

    def compose(self) -> ComposeResult:
        yield Static(id="actions-summary")
        yield ActionTable(self._columns(120), empty_text="No actions yet.", id="actions")
        # the whole text of the action under the cursor (the table cuts long ones)
        yield Static("", id="action-detail")
        yield Static(
            "Quick add  (Enter adds · Tab moves on, taking the name shown greyed)",
            classes="section-title",
        )
        with Horizontal(id="quick-add"):
            yield Input(placeholder="What will be done", id="qa-what", compact=True)
            yield NameInput(
                placeholder="Owner",
                id="qa-owner",
                compact=True,
                select_on_focus=False,
            )
            yield Input(placeholder="Due: fri, +7, 2026-12-01", id="qa-due", compact=True)
        yield Static("", id="qa-message", markup=False)

    def _columns(self, width: int) -> list[Column]:
        wide = width >= 110
        columns = [
            Column("id", "ID", 4),
            # what is done reads first: twice the room of the latest update beside it
            Column("what", "What", None, min_width=16, share=2),
            Column("owner", "Owner", 16 if wide else 12),
            Column("due", "Due", 21 if wide else 12),
            Column("pdca", "PDCA", 4),
            Column("status", "Status", 11 if wide else 8),
            Column("rc", "Cause", 5),
        ]
        if wide:
            columns.append(Column("update", "Latest update", None, min_width=12))
        return columns

    def on_resize(self) -> None:
        table = self.query_one("#actions", ActionTable)
        columns = self._columns(self.size.width)
        if [c.key for c in table.columns] != [c.key for c in columns]:
            table.set_columns(columns)
            self.show_event(self.event)

    # -- refresh --------------------------------------------------------------------------------

    def show_event(self, event: Event, *, force: bool = False) -> None:
        today = self.kaizen.today
        counts = count_actions(event.actions, today)
        parts: list[str | tuple[str, str]] = [
            (f"{counts.total} actions", "bold"),
            f" · {counts.open} open",
        ]
        if counts.overdue:
            parts.append((f" · {counts.overdue} overdue", "bold $text-error"))
        if counts.due_soon:
            parts.append((f" · {counts.due_soon} due within 7 days", "$text-warning"))
        parts.append(f" · {counts.done} done · {counts.dropped} dropped")
        parts.append((f"      showing {self.filter} (f changes)", "$text-muted"))
        self.query_one("#actions-summary", Static).update(Content.assemble(*parts))

        table = self.query_one("#actions", ActionTable)
        narrow = "update" not in [c.key for c in table.columns]
        rows = []
        for action in event.actions:
            kind = urgency(action, today)
            if self.filter == "open" and action.status != "open":
                continue
            if self.filter == "overdue" and kind != "overdue":
                continue
            latest = latest_update(action)
            due = due_text(action, today)
            if narrow and action.due is not None:
                due = f"{action.due:%d %b}" + (" late" if kind == "overdue" else "")
            cells: list[str | Text] = [
                Text(action.id, style="bold"),
                action.what,
                action.owner or "–",
                due,
                Text(pdca_circle(action.pdca), style="bold"),
                status_text(action),
                action.root_cause or "",
            ]
            if not narrow:
                cells.append(update_text(latest) if latest else "")
            rows.append(Row(action.id, tuple(cells), tone=TONES.get(kind, "")))
        table.set_rows(rows)
        table.empty_text = (
            "No actions yet: type one in the quick-add line below and press Enter."
            if not event.actions
            else f"No {self.filter} actions."
        )
        owners = sorted(
            {p.name for p in event.people} | {a.owner for a in event.actions if a.owner}
        )
        self.query_one("#qa-owner", Input).suggester = Names(owners)
        self._show_detail(table.cursor_key)

    @on(ActionTable.Highlighted, "#actions")
    def _highlighted(self, message: ActionTable.Highlighted) -> None:
        self._show_detail(message.key)

    def _show_detail(self, key: str | None) -> None:
        """The action under the cursor in full: what, owner, due and the latest update."""
        detail = self.query_one("#action-detail", Static)
        action = next((a for a in self.event.actions if a.id == key), None)
        if action is None:
            detail.update("")
            detail.display = False
            return
        latest = latest_update(action)
        # the what first, whole; who and when on a line of their own (they broke mid-date at
        # the end of a long what)
        who = " · ".join(
            part
            for part in (
                action.owner or "no owner",
                f"due {action.due:%a %d %b %Y}" if action.due else "no due date",
                action.status,
            )
        )
        text = Text.assemble(
            (f"{action.id} ", "bold"),
            action.what,
            ("\n" + who, "italic"),
            (f"\nLatest: {latest.date:%d %b} {latest.note}" if latest else "", "dim"),
        )
        detail.update(text)
        detail.display = True

    def focus_first(self) -> None:
        table = self.query_one("#actions", ActionTable)
        if table.row_count:
            table.focus(scroll_visible=False)
        else:
            self.query_one("#qa-what", Input).focus(scroll_visible=False)

    def show_item(self, key: str) -> None:
        table = self.query_one("#actions", ActionTable)
        if not table.move_to(key) and self.filter != "all":
            self.filter = "all"  # the action is hidden by the filter: show everything
            self.show_event(self.event)
            table.move_to(key)

    def focus_quick_add(self) -> None:
        self.query_one("#qa-what", Input).focus()

    def flush(self) -> list[str]:
        what = self.query_one("#qa-what", Input).value.strip()
        if what:
            problem = self._quick_add()
            return [f"Quick add: {problem}"] if problem else []
        return []

    # -- quick add ------------------------------------------------------------------------------

    @on(Input.Submitted, "#quick-add Input")
    def _quick_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._quick_add() is None:
            self.query_one("#qa-what", Input).focus()

    def _quick_add(self) -> str | None:
        """Add the action typed in the quick-add line; a problem stays on screen, nothing is
        cleared until the action is saved."""
        what_box = self.query_one("#qa-what", Input)
        owner_box = self.query_one("#qa-owner", Input)
        due_box = self.query_one("#qa-due", Input)
        message = self.query_one("#qa-message", Static)
        what = what_box.value.strip()
        if not what:
            message.update("Type what will be done first.")
            message.add_class("-error", "-what-missing")
            what_box.focus()
            return "what will be done is empty"
        due: date | None = None
        if due_box.value.strip():
            try:
                due = parse_user_date(
                    due_box.value, self.kaizen.today, event_start=self.event.start
                )
            except ValueError as err:
                message.update(f"Due: {err}")
                message.add_class("-error")
                due_box.add_class("-invalid")
                due_box.focus()
                return f"due: {err}"
        created: list[Action] = []
        problem = self.commit(
            lambda event: created.append(
                add_action(event, what, owner=complete_name(owner_box).strip(), due=due)
            ),
            "action",
        )
        if problem or not created:
            message.update(problem or "not saved")
            message.add_class("-error")
            return problem or "not saved"
        action = created[0]
        what_box.value = ""
        due_box.value = ""
        due_box.remove_class("-invalid")
        owner_box.value = ""
        message.remove_class("-error")
        message.update(
            f"Added {action.id}: {action.what}"
            + (f" · {action.owner}" if action.owner else "")
            + (f" · due {action.due:%a %d %b}" if action.due else " · no due date yet")
        )
        table = self.query_one("#actions", ActionTable)
        table.move_to(action.id)
        return None

    @on(Input.Changed, "#qa-what")
    def _what_typed(self, event: Input.Changed) -> None:
        # "Type what will be done first" is answered as soon as something is typed
        message = self.query_one("#qa-message", Static)
        if event.value.strip() and message.has_class("-what-missing"):
            message.update("")
            message.remove_class("-error", "-what-missing")

    @on(Input.Changed, "#qa-due")
    def _due_typed(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
        message = self.query_one("#qa-message", Static)
        text = event.value.strip()
        if not text:
            return
        try:
            when = parse_user_date(text, self.kaizen.today, event_start=self.event.start)
        except ValueError:
            message.update(f"Due: {DATE_HINT}")
        else:
            message.update(f"Due → {when:%a %d %b %Y}")
        message.remove_class("-error")

    # -- table requests -------------------------------------------------------------------------

    @on(ActionTable.Request)
    def _request(self, request: ActionTable.Request) -> None:
        key = request.key
        today = self.kaizen.today
        if request.kind == "add":
            self.focus_quick_add()
        elif request.kind == "filter":
            self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
            self.show_event(self.event)
        elif request.kind == "links":
            from kaizen_tui.screens.owner_links import OwnerLinksScreen

            self.app.push_screen(OwnerLinksScreen(self.workspace))
        elif key is None:
            return
        elif request.kind in ("pdca+", "pdca-"):
            delta = 1 if request.kind == "pdca+" else -1
            self.commit_or_tell(
                lambda e: step_pdca(e.action(key), delta),  # type: ignore[arg-type]
                f"{key} PDCA",
            )
        elif request.kind == "done":

            def toggle(event: Event) -> None:
                action = event.action(key)
                assert action is not None
                set_action_status(action, "open" if action.status == "done" else "done", today)

            self.commit_or_tell(toggle, f"{key} status")
        elif request.kind == "update":
            self._add_update(key)
        elif request.kind == "edit":
            self.edit_action(key)

    def _add_update(self, key: str) -> None:
        action = self.event.action(key)
        if action is None:
            return
        fields = [
            Field("note", "Update", required=True, placeholder="what happened, what is next"),
            Field("date", "Date", "date", value=self.kaizen.today, required=True),
        ]

        def apply(event: Event, v: dict[str, Any]) -> None:
            add_update(event.action(key), v["note"], v["date"])  # type: ignore[arg-type]

        self.open_form(
            f"Update on {key}", fields, apply, f"{key} update", intro=f"{key}: {action.what}"
        )

    def edit_action(self, key: str) -> None:
        action = self.event.action(key)
        if action is None:
            return
        causes = [
            (f"{rc.id} · {rc.cause or rc.problem}"[:60], rc.id) for rc in self.event.root_causes
        ]
        owners = sorted({p.name for p in self.event.people})
        history = "\n".join(
            f"{u.date.isoformat()}  {u.note}" + (f"  ({floor_words(u)})" if u.from_floor else "")
            for u in action.updates
        )
        fields = [
            Field("what", "What", value=action.what, required=True),
            Field("owner", "Owner", value=action.owner, suggestions=owners),
            Field("due", "Due", "date", value=action.due),
            Field(
                "pdca",
                "PDCA",
                "choice",
                value=str(action.pdca),
                options=[
                    (f"{pdca_circle(i)} {PDCA_LABELS[i].split(' ')[0]}", str(i)) for i in range(5)
                ],
                keys=["0", "1", "2", "3", "4"],
                help="← → or 0-4: not started, planned, doing, checked, acted",
            ),
            Field(
                "status",
                "Status",
                "choice",
                value=action.status,
                options=[(s, s) for s in ACTION_STATUSES],
            ),
            Field(
                "root_cause",
                "Root cause",
                "select",
                value=action.root_cause,
                options=causes,
                placeholder="(no linked cause)",
            ),
            Field("update", "New update", placeholder="optional: a dated note (today)"),
        ]
        today = self.kaizen.today

        def apply(event: Event, v: dict[str, Any]) -> None:
            target = event.action(key)
            assert target is not None
            target.what = v["what"]
            target.owner = v["owner"]
            target.due = v["due"]
            target.pdca = int(v["pdca"])
            target.root_cause = v["root_cause"] or None
            if v["status"] != target.status:
                set_action_status(target, v["status"], today)
            if v["update"]:
                add_update(target, v["update"], today)

        self.open_form(
            f"Edit action {key}",
            fields,
            apply,
            key,
            intro=("Updates so far:\n" + history) if history else "",
        )
