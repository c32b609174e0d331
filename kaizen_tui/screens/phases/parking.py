"""Parking lot: ideas and issues raised during the event that are not for right now. Review them,
resolve them, or turn one into an action (the idea then points at its action)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from kaizen_tui.logic.edits import parking_to_action
from kaizen_tui.model import ParkingItem
from kaizen_tui.screens.phases.base import ListSpec, PhasePane, merged
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.item_table import ItemTable
from kaizen_tui.widgets.table import Column, Row

if TYPE_CHECKING:
    from kaizen_tui.model import Event


class ParkingTable(ItemTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "more('resolve')", "Resolve/reopen"),
        Binding("c", "more('action')", "Make action"),
        Binding("h", "more('hide')", "Hide/show resolved"),
    ]

    def action_more(self, kind: str) -> None:
        self.post_message(self.Request(self, kind, self.cursor_key))


def parking_status(item: ParkingItem) -> str:
    if item.action:
        return f"→ {item.action}"
    return "resolved" if item.resolved else "open"


class ParkingPane(PhasePane):
    phase_id = "parking"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_resolved = True

    def compose(self) -> ComposeResult:
        yield Static("", id="parking-summary")
        yield ParkingTable(
            [
                Column("n", "#", 3, justify="right"),
                Column("text", "Idea", None, min_width=20),
                Column("by", "Raised by", 18),
                Column("on", "Raised", 7),
                Column("status", "Status", 9),
            ],
            empty_text="Nothing parked. ctrl+l parks an idea from any screen.",
            id="parking",
        )

    def focus_first(self) -> None:
        self.query_one("#parking", ParkingTable).focus(scroll_visible=False)

    def show_event(self, event: Event, *, force: bool = False) -> None:
        items = event.parking_lot
        open_count = sum(1 for i in items if not i.resolved)
        self.query_one("#parking-summary", Static).update(
            Content.assemble(
                (f"{open_count} open", "bold"),
                f" · {len(items) - open_count} resolved",
                (
                    "      ctrl+l parks an idea from any screen · r resolve · c make it an "
                    "action · h hide resolved",
                    "$text-muted",
                ),
            )
        )
        rows = []
        for i, item in enumerate(items):
            if item.resolved and not self.show_resolved:
                continue
            rows.append(
                Row(
                    str(i),
                    (
                        str(i + 1),
                        item.text,
                        item.raised_by or "–",
                        f"{item.raised_on:%d %b}" if item.raised_on else "",
                        parking_status(item),
                    ),
                    tone="muted" if item.resolved else "",
                )
            )
        self.query_one("#parking", ParkingTable).set_rows(rows)

    @on(ItemTable.Request, "#parking")
    def _request(self, request: ItemTable.Request) -> None:
        kind = request.kind
        if kind == "add":  # the same quick capture as ctrl+l from any screen
            from kaizen_tui.screens.park import open_quick_capture

            open_quick_capture(self.kaizen)
        elif kind == "hide":
            self.show_resolved = not self.show_resolved
            self.show_event(self.event)
        elif request.key is None:
            return
        elif kind == "resolve":
            index = int(request.key)

            def toggle(event: Event) -> None:
                event.parking_lot[index].resolved = not event.parking_lot[index].resolved

            self.commit_or_tell(toggle, "parking lot")
        elif kind == "action":
            self._make_action(int(request.key))
        else:
            self.edit_list(
                request,
                ListSpec(
                    items=lambda e: e.parking_lot,
                    fields=self._idea_fields,
                    make=merged(ParkingItem),
                    edit_title="Edit parked idea",
                    remove_title="Remove this idea?",
                    describe=lambda i: (
                        f"{i.text} (raised by {i.raised_by or 'nobody named'}). "
                        "Resolving it (r) keeps a record; removing does not."
                    ),
                    what="parking lot",
                    removed="idea removed",
                    order="parking lot order",
                ),
            )

    def _idea_fields(self, item: ParkingItem | None) -> list[Field]:
        names = sorted({p.name for p in self.event.people})
        return [
            Field("text", "Idea", value=item.text if item else "", required=True),
            Field(
                "raised_by", "Raised by", value=item.raised_by if item else "", suggestions=names
            ),
            Field(
                "resolved",
                "Resolved",
                "check",
                value=item.resolved if item else False,
                placeholder="dealt with (or decided against)",
            ),
        ]

    def _make_action(self, index: int) -> None:
        item = self.event.parking_lot[index]
        if item.action:
            self.notify(f"This idea is action {item.action} already.", severity="warning")
            return
        owners = sorted({p.name for p in self.event.people})
        fields = [
            Field("what", "Action", value=item.text, required=True),
            Field("owner", "Owner", value=item.raised_by, suggestions=owners, select=True),
            Field("due", "Due", "date", placeholder="fri, +7, 2026-12-01"),
        ]

        def apply(event: Event, v: dict[str, Any]) -> None:
            parking_to_action(event, index, what=v["what"], owner=v["owner"], due=v["due"])

        self.open_form(
            "Turn the idea into an action",
            fields,
            apply,
            "new action",
            intro="The idea is marked resolved and points at the new action.",
        )
