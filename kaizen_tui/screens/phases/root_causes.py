"""Root causes: 5-whys chains, each ending in a cause with a fishbone category, and the fishbone
that groups them. A cause is marked confirmed once the team has checked it at the gemba."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from kaizen_tui.logic.edits import add_root_cause, remove_root_cause
from kaizen_tui.screens.phases.base import ListSpec, PhasePane, by_id
from kaizen_tui.widgets.fields import EventField
from kaizen_tui.widgets.item_table import ItemTable
from kaizen_tui.widgets.table import Column, Row
from kaizen_tui.widgets.whys import WhyChain

if TYPE_CHECKING:
    from kaizen_tui.model import Event, RootCause

UNCATEGORISED = "(no category)"


class CauseTable(ItemTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "request_confirm", "Confirmed ✓/?"),
    ]

    class ToggleConfirmed(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def action_request_confirm(self) -> None:
        if self.cursor_key is not None:
            self.post_message(self.ToggleConfirmed(self.cursor_key))


def fishbone_categories(configured: Iterable[str], causes: Iterable[RootCause]) -> list[str]:
    """The configured categories, then any other category a cause uses, then "no category"
    if a cause has none."""
    categories = list(dict.fromkeys(c.strip() for c in configured if c.strip()))
    extra = []
    loose = False
    for cause in causes:
        if not cause.category:
            loose = True
        elif cause.category not in categories and cause.category not in extra:
            extra.append(cause.category)
    return categories + extra + ([UNCATEGORISED] if loose else [])


def cause_text(cause: RootCause, empty: str) -> str:
    """The cause; before it is found, the problem the chain starts from, marked as such (under
    a "Root cause" heading the bare problem read as if it were the cause)."""
    if cause.cause:
        return cause.cause
    return f"problem: {cause.problem}" if cause.problem else empty


def fishbone_lines(category: str, causes: Iterable[RootCause]) -> Text:
    text = Text()
    for cause in causes:
        if (cause.category or UNCATEGORISED) != category:
            continue
        if text:
            text.append("\n")
        mark, style = ("✓", "bold") if cause.confirmed else ("?", "dim")
        text.append(f"{mark} {cause.id} ", style=style)
        text.append(cause_text(cause, "(cause not written yet)"), style=style)
    if not text:
        text.append("–", style="dim")
    return text


class Bone(Static):
    """One category's box of the fishbone; its title is the category, user text (not markup)."""

    def __init__(self, category: str) -> None:
        super().__init__(classes="bone", markup=False)
        self.category = category
        self.border_title = Content(category)


class RootCausesPane(PhasePane):
    phase_id = "causes"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="causes-top"):
            with Vertical(id="causes-left"):
                yield Static(
                    "5-whys chains  (a new · c confirmed ✓/?)",
                    classes="section-title",
                )
                yield CauseTable(
                    [
                        Column("id", "ID", 4),
                        Column("cause", "Root cause", None, min_width=14),
                        Column("category", "Category", 12),
                        Column("ok", "✓", 1),
                    ],
                    empty_text="No chains yet: press a to start one with the problem.",
                    id="causes",
                )
            with Vertical(id="chain-editor"):
                yield Static("", id="chain-title", classes="section-title")
                yield EventField(
                    "Problem",
                    lambda e: self._cause(e, "problem"),
                    lambda e, v: self._set(e, "problem", v),
                    placeholder="the problem this chain starts from",
                    id="f-rc-problem",
                )
                yield WhyChain(self._save_whys, id="whys")
                yield EventField(
                    "Root cause",
                    lambda e: self._cause(e, "cause"),
                    lambda e, v: self._set(e, "cause", v),
                    placeholder="what the last why found, to act on",
                    id="f-rc-cause",
                )
                categories = fishbone_categories(self.kaizen.config.fishbone_categories, [])
                yield EventField(
                    "Category",
                    lambda e: self._cause(e, "category"),
                    lambda e, v: self._set(e, "category", v or ""),
                    kind="select",
                    options=[(c, c) for c in categories],
                    placeholder="(fishbone bone)",
                    id="f-rc-category",
                )
                yield EventField(
                    "Confirmed",
                    lambda e: bool(self._cause(e, "confirmed")),
                    lambda e, v: self._set(e, "confirmed", bool(v)),
                    kind="check",
                    placeholder="checked at the gemba",
                    id="f-rc-confirmed",
                )
                yield EventField(
                    "Countermeasure",
                    lambda e: self._cause(e, "countermeasure"),
                    lambda e, v: self._set(e, "countermeasure", v),
                    placeholder="in a few words, for the A3 (the actions carry it out)",
                    id="f-rc-countermeasure",
                )
        yield Static("", id="fishbone-head", classes="section-title")
        yield Grid(id="fishbone")

    # -- the selected chain ---------------------------------------------------------------------

    def _cause(self, event: Event, attribute: str) -> Any:
        cause = event.root_cause(self.selected) if self.selected else None
        if cause is None:
            return False if attribute == "confirmed" else ""
        return getattr(cause, attribute)

    def _set(self, event: Event, attribute: str, value: Any) -> None:
        cause = event.root_cause(self.selected) if self.selected else None
        if cause is None:
            raise ValueError("start a chain first: press a in the list of chains")
        setattr(cause, attribute, value)

    def _save_whys(self, whys: list[str]) -> str | None:
        if not self.selected:
            return "start a chain first: press a in the list of chains"
        chain = self.selected
        return self.commit(lambda e: setattr(e.root_cause(chain), "whys", whys), f"{chain} whys")

    def select(self, cause_id: str | None) -> None:
        """Show another chain in the editor (saving what was typed in this one first)."""
        if cause_id == self.selected:
            return
        self.flush()
        self.selected = cause_id
        self._show_editor(self.event, force=True)

    def _show_editor(self, event: Event, *, force: bool) -> None:
        cause = event.root_cause(self.selected) if self.selected else None
        editor = self.query_one("#chain-editor")
        editor.disabled = cause is None
        title = self.query_one("#chain-title", Static)
        title.update(f"{cause.id} · 5 whys" if cause else "5 whys  (no chain yet)")
        for field in editor.query(EventField):
            field.show_event(event, force=force)
        self.query_one(WhyChain).show_whys(cause.whys if cause else [], force=force)

    # -- refresh --------------------------------------------------------------------------------

    def show_event(self, event: Event, *, force: bool = False) -> None:
        causes = self.query_one("#causes", CauseTable)
        causes.set_rows(
            [
                Row(
                    rc.id,
                    (
                        Text(rc.id, style="bold"),
                        cause_text(rc, "(not written yet)"),
                        rc.category or "–",
                        "✓" if rc.confirmed else "?",
                    ),
                    tone="" if rc.confirmed else "muted",
                )
                for rc in event.root_causes
            ]
        )
        if self.selected is None or event.root_cause(self.selected) is None:
            self.selected = causes.cursor_key
            force = True
        self._show_editor(event, force=force)
        self._show_fishbone(event)

    def _show_fishbone(self, event: Event) -> None:
        head = self.query_one("#fishbone-head", Static)
        problem = event.problem.strip().split(". ")[0] if event.problem.strip() else ""
        head.update(
            Text("Fishbone  → " + (problem[:90] + ("…" if len(problem) > 90 else "")))
            if problem
            else "Fishbone  (causes grouped by category; ✓ confirmed, ? to check)"
        )
        grid = self.query_one("#fishbone", Grid)
        categories = fishbone_categories(self.kaizen.config.fishbone_categories, event.root_causes)
        boxes = list(grid.query(".bone").results(Bone))
        if [b.category for b in boxes] != categories:
            for box in boxes:
                box.remove()
            boxes = []
            boxes = [Bone(category) for category in categories]
            grid.mount_all(boxes)
        for box, category in zip(boxes, categories, strict=True):
            box.update(fishbone_lines(category, event.root_causes))

    def flush(self) -> list[str]:
        problems = super().flush()
        whys = self.query_one(WhyChain).save()
        return problems + ([whys] if whys else [])

    def focus_first(self) -> None:
        self.query_one("#causes", CauseTable).focus(scroll_visible=False)

    # -- requests from the list -----------------------------------------------------------------

    @on(CauseTable.Highlighted, "#causes")
    def _highlighted(self, event: CauseTable.Highlighted) -> None:
        self.select(event.key)

    @on(CauseTable.ToggleConfirmed)
    def _toggle(self, request: CauseTable.ToggleConfirmed) -> None:
        request.stop()
        cause_id = request.key

        def toggle(event: Event) -> None:
            cause = event.root_cause(cause_id or "")
            if cause is not None:
                cause.confirmed = not cause.confirmed

        self.commit_or_tell(toggle, f"{cause_id} confirmed")

    @on(ItemTable.Request, "#causes")
    def _request(self, request: ItemTable.Request) -> None:
        table = request.table
        if request.kind == "add":
            self.flush()
            created: list[str] = []

            def add(event: Event) -> None:
                created.append(add_root_cause(event).id)

            if self.commit_or_tell(add, "new chain") and created:
                table.move_to(created[0])
                self.select(created[0])
                self.call_after_refresh(
                    lambda: self.query_one("#f-rc-problem", EventField).editor.focus()
                )
        elif request.kind == "edit":
            self.query_one("#f-rc-problem", EventField).editor.focus()
        else:
            self.edit_list(
                request,
                ListSpec(
                    items=lambda e: e.root_causes,
                    row_key=by_id,
                    remove_title="Remove chain {id}?",
                    describe=self._removal,
                    remove=lambda event, i: remove_root_cause(event, event.root_causes[i].id),
                    what="{id}",
                    order="order",
                ),
            )

    def _removal(self, cause: RootCause) -> str:
        linked = [a.id for a in self.event.actions if a.root_cause == cause.id]
        message = f"{cause.id}: {cause.cause or cause.problem or 'an empty chain'}"
        if linked:
            message += f"\nActions {', '.join(linked)} stay, without a linked cause."
        return message
