"""What every phase pane shares: the open event, saving through the workspace, flushing
half-finished edits before the screen or the app closes, and the add/edit/remove/move dialogs
for the event's lists (one ``ListSpec`` a list, one ``PhasePane.edit_list`` for all)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar, cast

from textual.containers import VerticalScroll

from kaizen_tui.widgets.fields import EventField

if TYPE_CHECKING:
    from textual.widget import Widget

    from kaizen_tui.model import Event, KaizenModel
    from kaizen_tui.screens.host import KaizenHost
    from kaizen_tui.screens.workspace import EventScreen
    from kaizen_tui.widgets.form import Field
    from kaizen_tui.widgets.item_table import ItemTable

T = TypeVar("T")
M = TypeVar("M", bound="KaizenModel")


def merged(model: type[M]) -> Callable[[dict[str, Any], M | None], M]:
    """The ``make`` of most lists: the form's values over the item being edited, so what the
    form does not show (an id, readings, unknown keys from a newer version) is kept."""

    def make(values: dict[str, Any], old: M | None) -> M:
        kept = old.model_dump(by_alias=True) if old is not None else {}
        return model(**{**kept, **values})

    return make


def by_index(item: object, index: int) -> str:
    """The row key of most lists: the item's place (``"0"`` for the first)."""
    return str(index)


def by_id(item: object, index: int) -> str:
    """The row key of lists whose items carry an id (metrics ``M1``, root causes ``RC1``)."""
    return str(getattr(item, "id"))  # noqa: B009 (any item with an id)


@dataclass(frozen=True)
class ListSpec(Generic[T]):
    """One of the event's lists as its table edits it: a add, Enter edit, Del remove,
    ctrl+↑/↓ move (``PhasePane.edit_list``). Titles and save words are format strings over
    ``{n}`` (the item's place, from 1; for a new item the place it goes to), ``{id}`` (the
    item's id, or the id a new one gets) and ``{item}`` (the item; not for ``add_title``)."""

    #: the list in an event (called on the open event and on the draft being saved)
    items: Callable[[Event], list[T]]
    #: the word the save reports ("step saved"); a removal's is ``removed`` or "{what} removed"
    what: str
    remove_title: str
    #: what a removal's confirmation says about the item
    describe: Callable[[T], str]
    #: the form's fields for an item, or for a new one (None); None: the pane adds and edits
    #: the list its own way (before it calls ``edit_list``), which then removes and moves
    fields: Callable[[T | None], list[Field]] | None = None
    #: the item the form's values make, over the item being edited (None for a new one)
    make: Callable[[dict[str, Any], T | None], T] | None = None
    add_title: str = ""
    edit_title: str = ""
    removed: str = ""
    #: the word a move saves ("step order"); None: the list keeps its order (no move keys)
    order: str | None = None
    #: where a new item goes: after the highlighted one (steps are added in order) or at the end
    insert: Literal["after", "end"] = "end"
    add_intro: str = ""
    #: new items get the next free id with this prefix ("M" → ``M3``), as ``values["id"]``
    id_prefix: str = ""
    row_key: Callable[[T, int], str] = by_index
    #: instead of ``items[i] = new`` (e.g. a renamed step takes its wastes along)
    replace: Callable[[Event, int, T], object] | None = None
    #: instead of ``items.pop(i)`` (e.g. a root cause unlinks its actions)
    remove: Callable[[Event, int], object] | None = None

    def index_of(self, items: list[T], key: str | None) -> int:
        """The place of the item whose row has ``key``; -1 if none has."""
        if key is not None:
            for i, item in enumerate(items):
                if self.row_key(item, i) == key:
                    return i
        return -1


class PhasePane(VerticalScroll, can_focus=False):
    """One tab of the workspace. Subclasses build their widgets in ``compose`` and refresh them
    in ``show_event``; every change goes through ``commit`` (the workspace saves it)."""

    phase_id: ClassVar[str] = ""
    #: the event changed while this phase was hidden: shown again when it is opened
    stale = False

    DEFAULT_CSS = """
    PhasePane { height: 1fr; padding: 0 1; }
    """

    @property
    def kaizen(self) -> KaizenHost:
        return cast("KaizenHost", self.app)

    @property
    def workspace(self) -> EventScreen:
        return cast("EventScreen", self.screen)

    @property
    def event(self) -> Event:
        return self.workspace.event

    def commit(self, change: Callable[[Event], object], what: str) -> str | None:
        """Apply ``change`` to a copy of the event and save it; the problem, or None."""
        return self.workspace.commit(change, what)

    def commit_or_tell(self, change: Callable[[Event], object], what: str) -> bool:
        """Commit; a refusal is shown as a notification (for one-key edits with no field)."""
        problem = self.commit(change, what)
        if problem:
            self.notify(problem, title=f"{what}: not saved", severity="error", timeout=10)
        return problem is None

    def show_event(self, event: Event, *, force: bool = False) -> None:
        """The event was loaded or saved: refresh what this pane shows. ``force`` (a reload)
        also overwrites fields that are being edited."""
        for field in self.query(EventField):
            field.show_event(event, force=force)

    def flush(self) -> list[str]:
        """Save every edited field now; return what could not be saved."""
        return [p for f in self.query(EventField) if (p := f.save()) is not None]

    def show_item(self, key: str) -> None:
        """Put the cursor on one item of this phase (an action, a review), if the pane has a
        list of them; the home queue opens an event this way."""

    def blocks(self) -> list[list[Widget]]:
        """The phase's focusable widgets in Tab order, grouped in blocks: a block starts at each
        section title (F6 jumps between them). Blocks with nothing to focus are left out."""
        order = {node: i for i, node in enumerate(self.walk_children(with_self=False))}
        starts = sorted(order[title] for title in self.query(".section-title"))
        groups: dict[int, list[Widget]] = {}
        for widget in self.screen.focus_chain:
            if widget in order:
                groups.setdefault(bisect_right(starts, order[widget]), []).append(widget)
        return [groups[key] for key in sorted(groups)]

    def focus_first(self) -> None:
        """Put the keyboard where work on this phase starts (without scrolling: the workspace
        then shows the phase from its top, as far down as the focused widget needs)."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus(scroll_visible=False)
                return

    # -- dialogs for the event's lists ----------------------------------------------------------

    def open_form(
        self,
        title: str,
        fields: list[Field],
        apply: Callable[[Event, dict[str, Any]], object],
        what: str,
        *,
        intro: str = "",
        after: Callable[[], object] | None = None,
    ) -> None:
        """A form whose values are applied to the event and saved when the person saves; if the
        store refuses, the message appears in the form and nothing typed is lost."""
        from kaizen_tui.widgets.form import FormScreen

        focused = self.screen.focused

        def submit(values: dict[str, Any]) -> str | None:
            return self.commit(lambda event: apply(event, values), what)

        def closed(result: dict[str, Any] | None) -> None:
            if focused is not None and focused.is_attached:
                focused.focus()
            if result is not None and after is not None:
                after()

        self.app.push_screen(
            FormScreen(
                title,
                fields,
                today=self.kaizen.today,
                submit=submit,
                intro=intro,
                event_start=self.event.start,
            ),
            closed,
        )

    def confirm(
        self,
        title: str,
        message: str,
        apply: Callable[[Event], object],
        what: str,
        *,
        yes: str = "Remove",
    ) -> None:
        from kaizen_tui.widgets.confirm import ConfirmScreen

        def answered(agreed: bool | None) -> None:
            if agreed:
                self.commit_or_tell(apply, what)

        self.app.push_screen(ConfirmScreen(title, message, yes=yes), answered)

    def edit_list(self, request: ItemTable.Request, spec: ListSpec[T]) -> None:
        """Add, edit, remove or move an item of ``spec``'s list, as the table asked. Kinds of
        its own (a table's extra keys) are the pane's to handle before it calls this."""
        from kaizen_tui.logic.edits import move
        from kaizen_tui.model import next_item_id

        table = request.table
        kind = request.kind
        items = spec.items(self.event)
        index = spec.index_of(items, request.key)
        if kind == "add" and spec.fields is not None and spec.make is not None:
            make = spec.make
            at = index + 1 if spec.insert == "after" and index >= 0 else None
            ids = (by_id(x, i) for i, x in enumerate(items))
            new_id = next_item_id(spec.id_prefix, ids) if spec.id_prefix else ""
            words = {"n": (len(items) if at is None else at) + 1, "id": new_id}

            def add(event: Event, values: dict[str, Any]) -> None:
                item = make({"id": new_id, **values} if new_id else values, None)
                if at is None:
                    spec.items(event).append(item)
                else:
                    spec.items(event).insert(at, item)

            def show_new() -> None:
                now = spec.items(self.event)
                i = len(now) - 1 if at is None else at
                if 0 <= i < len(now):
                    table.move_to(spec.row_key(now[i], i))

            self.open_form(
                spec.add_title.format(**words),
                spec.fields(None),
                add,
                spec.what.format(**words),
                intro=spec.add_intro,
                after=show_new,
            )
            return
        if index < 0:
            return
        item = items[index]
        words = {"n": index + 1, "id": getattr(item, "id", ""), "item": item}
        if kind == "edit" and spec.fields is not None and spec.make is not None:
            make = spec.make

            def edit(event: Event, values: dict[str, Any]) -> None:
                new = make(values, spec.items(event)[index])
                if spec.replace is not None:
                    spec.replace(event, index, new)
                else:
                    spec.items(event)[index] = new

            self.open_form(
                spec.edit_title.format(**words),
                spec.fields(item),
                edit,
                spec.what.format(**words),
            )
        elif kind == "remove":

            def remove(event: Event) -> None:
                if spec.remove is not None:
                    spec.remove(event, index)
                else:
                    spec.items(event).pop(index)

            self.confirm(
                spec.remove_title.format(**words),
                spec.describe(item),
                remove,
                (spec.removed or f"{spec.what} removed").format(**words),
            )
        elif kind in ("up", "down") and spec.order is not None:
            delta = -1 if kind == "up" else 1
            target = max(0, min(len(items) - 1, index + delta))
            if target != index and self.commit_or_tell(
                lambda event: move(spec.items(event), index, delta), spec.order
            ):
                moved = spec.items(self.event)
                table.move_to(spec.row_key(moved[target], target))
