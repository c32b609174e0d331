"""A table of an event's list (people, metrics, steps, wastes, agenda, parking lot) with the same
keys everywhere: a add, Enter edit, Delete remove, Ctrl+↑/↓ move. The pane that owns the list
handles the request (messages go up), so the rules stay with the pane."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from kaizen_tui.widgets.table import Table

#: "add", "edit", "remove", "up", "down", or a kind a subclass adds (e.g. the run-sheet's "next")
RequestKind = str


class ItemTable(Table):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "request('add')", "Add"),
        Binding("enter", "request('edit')", "Edit"),
        Binding("delete,backspace", "request('remove')", "Remove"),
        Binding("ctrl+up,alt+up", "request('up')", "Move up", show=False),
        Binding("ctrl+down,alt+down", "request('down')", "Move down", show=False),
    ]

    DEFAULT_CSS = """
    ItemTable { height: auto; max-height: 16; min-height: 3; }
    """

    class Request(Message):
        def __init__(self, table: ItemTable, kind: RequestKind, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.kind = kind
            self.key = key

        @property
        def control(self) -> ItemTable:
            return self.table

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(2, self.row_count + 1)

    def action_request(self, kind: RequestKind) -> None:
        key = self.cursor_key
        if kind != "add" and key is None:
            if kind == "edit":
                kind = "add"  # Enter on an empty list starts the first item
            else:
                return
        self.post_message(self.Request(self, kind, key))

    def action_select(self) -> None:
        # Enter and a double click edit the item
        self.action_request("edit")
