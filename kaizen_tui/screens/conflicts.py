"""The event's conflicts from syncing with the hub: base, mine and theirs side by side, one key
to keep mine and one to take theirs (logic/conflicts.py decides what each means).

Like the other dialogs it never reaches into its parent: it gets the event to show and a
``choose(path, side)`` callback that makes the choice an edit through the workspace's own save
(``EventScreen.commit``) and answers None or a one-line problem. Every value a bundle carried is
shown as Text, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from kaizen_tui.logic.actions import PDCA_CIRCLES, PDCA_LABELS
from kaizen_tui.logic.conflicts import open_conflicts as conflicts_of
from kaizen_tui.logic.conflicts import resolve, where
from kaizen_tui.model import STATUS_LABELS, Event, parse_event
from kaizen_tui.widgets.dialog import Dialog
from kaizen_tui.widgets.keybar import KeyBar
from kaizen_tui.widgets.table import Column, Row, Table

if TYPE_CHECKING:
    from kaizen_tui.screens.workspace import EventScreen

#: ``choose(path, "mine" | "theirs")`` -> None when saved, else why not (one line)
Choose = Callable[[str, str], str | None]

#: Fields of an item shown first when a whole item is in conflict (deleted on one side).
_FIRST = ("id", "what", "name", "title", "text", "owner", "due", "status", "day", "held_on")


class ConflictsScreen(Dialog[None]):
    """Dismisses with None when closed (Esc) or when the last conflict is settled."""

    DEFAULT_CSS = """
    ConflictsScreen {
        #conflict-list { margin-bottom: 1; }
        #sides { height: 3; }
        .side {
            width: 1fr; height: 100%;
            border: round $panel-lighten-2; padding: 0 1;
        }
        .side:focus { border: round $accent-lighten-2; }
        .side.-mine { border: round $accent; }
        .side-value { height: auto; }
        #conflict-help { height: auto; color: $text-muted; }
    }
    """

    #: Conflicts listed at once (the list scrolls beyond): the values below need the room, and
    #: the whole view fits 80×24.
    LIST_ROWS: ClassVar[int] = 6

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", "Keep mine", tooltip="Keep the value the event holds now"),
        Binding("t", "choose('theirs')", "Take theirs", tooltip="Take the other copy's value"),
        Binding("escape", "close", "Close", tooltip="Decide later; the conflicts stay"),
    ]

    def __init__(self, event: Callable[[], Event], choose: Choose) -> None:
        super().__init__()
        self._event = event
        self._choose = choose
        self._entries: list[dict[str, Any]] = []
        self._shown: dict[str, Text] = {}  # by side, what is on screen (to fit the height)

    @property
    def unsaved_name(self) -> str:
        return "The conflicts view"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Conflicts"
            yield Static(
                "Both copies changed these; the event shows mine until you choose: m keeps "
                "mine, t takes theirs, Esc decides later. Tab scrolls a long value.",
                id="conflict-help",
                markup=False,
            )
            yield Table(
                [Column("where", "Where", share=3), Column("at", "Found", width=16)],
                empty_text="No conflicts left.",
                id="conflict-list",
            )
            with Horizontal(id="sides"):
                for side, title in (
                    ("base", "Base"),
                    ("mine", "Mine (kept)"),
                    ("theirs", "Theirs"),
                ):
                    with VerticalScroll(classes=f"side -{side}") as column:
                        column.border_title = title
                        yield Static(id=f"side-{side}", classes="side-value", markup=False)
            yield Static(classes="dialog-message", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#conflict-list", Table).focus()

    def _fill(self, keep: str | None = None) -> None:
        data = self._event().model_dump(mode="json", by_alias=True)
        self._entries = conflicts_of(data)
        box = self.query_one(".dialog")
        count = len(self._entries)
        box.border_title = Text(
            f"Conflicts · {data.get('id', '')} · {count}" if count else "Conflicts"
        )
        rows = [
            Row(str(n), (Text(where(data, str(e.get("path")))), Text(_when(e.get("at")))))
            for n, e in enumerate(self._entries)
        ]
        table = self.query_one("#conflict-list", Table)
        table.styles.height = min(max(count, 1), self.LIST_ROWS) + 1  # and the header
        table.set_rows(rows, keep=keep)
        self._show(table.cursor_key)

    @on(Table.Highlighted, "#conflict-list")
    def _highlighted(self, message: Table.Highlighted) -> None:
        self._show(message.key)

    def _current(self, key: str | None) -> dict[str, Any] | None:
        if key is None or not key.isdigit() or int(key) >= len(self._entries):
            return None
        return self._entries[int(key)]

    def _show(self, key: str | None) -> None:
        entry = self._current(key)
        path = str(entry.get("path", "")) if entry is not None else ""
        for side in ("base", "mine", "theirs"):
            value = entry.get(side) if entry is not None else None
            shown = Text("") if entry is None else show_value(value, path=path)
            self.query_one(f"#side-{side}", Static).update(shown)
            self._shown[side] = shown
        self.call_after_refresh(self._fit_sides)

    def _fit_sides(self) -> None:
        # As tall as the longest value, up to half the screen (then the sides scroll): set by
        # hand, as an auto height would count the unclipped value and push the view off screen.
        need = 1
        for side, value in self._shown.items():
            width = self.query_one(f".side.-{side}").content_region.width - 2  # a scrollbar's room
            if width > 0:
                need = max(need, len(value.wrap(self.app.console, width)))
        height = max(3, min(need + 2, self.size.height // 2))  # and the borders
        sides = self.query_one("#sides")
        if sides.styles.height is None or sides.styles.height.value != height:
            sides.styles.height = height

    def action_choose(self, side: str) -> None:
        table = self.query_one("#conflict-list", Table)
        entry = self._current(table.cursor_key)
        if entry is None:
            return
        problem = self._choose(str(entry.get("path")), side)
        if problem:
            self.say(problem)
            return
        self.say("")
        self._fill(keep=table.cursor_key)
        if not self._entries:
            self.notify("Every conflict is settled; the next sync sends your choices.")
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def show_value(value: Any, *, path: str = "") -> Text:
    """A conflict value for people: text as typed, an item field by field, nothing as a word,
    a PDCA step as its circle."""
    if value is None:
        return Text("(deleted)" if path.endswith("]") else "(empty)", style="italic")
    if path == "status" and isinstance(value, str) and value in STATUS_LABELS:
        return Text(STATUS_LABELS[value])
    if path.endswith(".pdca") and isinstance(value, int) and 0 <= value < len(PDCA_LABELS):
        return Text(f"{PDCA_CIRCLES[value]} {value} of 4 · {PDCA_LABELS[value]}")
    if isinstance(value, str):
        return Text(value) if value.strip() else Text("(empty)", style="italic")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, dict):
        out = Text()
        keys = [k for k in _FIRST if k in value] + [k for k in value if k not in _FIRST]
        for key in keys:
            field = value[key]
            if field in (None, "", [], {}):
                continue
            out.append(f"{key.replace('_', ' ')}: ", style="bold")
            out.append_text(show_value(field) if not isinstance(field, str) else Text(field))
            out.append("\n")
        out.rstrip()
        return out
    if isinstance(value, list):
        if not value:
            return Text("(none)", style="italic")
        out = Text()
        for element in value:
            out.append("• ")
            out.append_text(show_value(element))
            out.append("\n")
        out.rstrip()
        return out
    return Text(str(value))


def _when(at: Any) -> str:
    """When the sync found it, in this computer's time (stored in UTC)."""
    text = str(at or "")
    try:
        return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text[:16].replace("T", " ")


def open_conflicts(screen: EventScreen) -> None:
    """F8 on an event (and the palette's "Conflicts"): the view, its choices saved as edits."""
    if not screen.event.conflicts:
        screen.notify("This event has no conflicts.", title="Conflicts", markup=False)
        return

    def choose(path: str, side: str) -> str | None:
        def change(draft: Event) -> Event:
            data = draft.model_dump(mode="json", by_alias=True)
            return parse_event(resolve(data, path, "mine" if side == "mine" else "theirs"))

        return screen.commit(change, "your choice")

    screen.app.push_screen(ConflictsScreen(lambda: screen.event, choose))
