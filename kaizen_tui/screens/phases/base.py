"""What every phase pane shares: the open event, saving through the workspace, flushing
half-finished edits before the screen or the app closes, and the add/edit/remove/move dialogs
for the event's lists."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.containers import VerticalScroll

from kaizen_tui.widgets.fields import EventField

if TYPE_CHECKING:
    from textual.widget import Widget

    from kaizen_tui.model import Event
    from kaizen_tui.screens.host import KaizenHost
    from kaizen_tui.screens.workspace import EventScreen
    from kaizen_tui.widgets.form import Field
    from kaizen_tui.widgets.table import Table


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

    def move_item(
        self,
        table: Table,
        items: Callable[[Event], list[Any]],
        index: int,
        delta: int,
        what: str,
    ) -> None:
        """Move item ``index`` of a list up or down; the cursor follows it."""
        from kaizen_tui.logic.edits import move

        target = max(0, min(len(items(self.event)) - 1, index + delta))
        if target != index and self.commit_or_tell(
            lambda event: move(items(event), index, delta), what
        ):
            table.move_to(str(target))
