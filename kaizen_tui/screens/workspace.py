"""The event workspace: one tab per phase, the saved indicator and the run-sheet countdown.

Every change in any pane comes through :meth:`EventScreen.commit`: it applies the change to a copy
of the last saved event, saves it through the store, keeps the event the store returns, and tells
the panes. A change the store refuses is never dropped: a validation problem goes back to the field
that made it; a conflict (someone saved the event elsewhere) keeps the change pending until the
facilitator reloads and re-applies it, or explicitly discards it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from kaizen_tui.errors import ConflictError, KaizenError
from kaizen_tui.logic import agenda as agenda_logic
from kaizen_tui.model import Event, describe_validation_error
from kaizen_tui.screens.phases import PHASES, PhaseSpec
from kaizen_tui.screens.phases.base import PhasePane
from kaizen_tui.widgets.event_bar import EventBar
from kaizen_tui.widgets.keybar import KeyBar
from kaizen_tui.widgets.tabs import switch_tab

if TYPE_CHECKING:
    from datetime import date

    from kaizen_tui.screens.host import KaizenHost
    from kaizen_tui.screens.syncing import SyncStatus

#: A change edits the draft event in place, or returns the event to save instead (status moves
#: are made by ``logic.transitions.change_status``, which returns a moved copy).
Change = Callable[[Event], object]


def _phase_bindings() -> list[BindingType]:
    return [
        Binding(str(i), f"phase('{spec.id}')", spec.title, show=False)
        for i, spec in enumerate(PHASES, start=1)
        if i <= 9
    ]


class EventScreen(Screen[None]):
    CSS_PATH = "workspace.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Leave the field or list; from the tab bar, back to the list of events",
        ),
        Binding(
            "ctrl+n",
            "next_item",
            "Next item",
            tooltip="Run-sheet: finish this timebox, start the next",
        ),
        Binding(
            "ctrl+o",
            "print_a3",
            "Print A3",
            tooltip="Write the one-page A3 as a PDF (to the a3_dir folder) and record the print",
        ),
        Binding(
            "f5",
            "report_out",
            "Report-out",
            tooltip="Present the A3 full screen, one section at a time (the last day)",
        ),
        Binding("ctrl+r", "reload", "Reload", show=False),
        Binding(
            "f8",
            "conflicts",
            "Conflicts",
            tooltip="Fields a sync with the hub found changed two ways: keep mine or take theirs",
        ),
        Binding("ctrl+pagedown", "cycle_phase(1)", "Next phase", show=False),
        Binding("ctrl+pageup", "cycle_phase(-1)", "Previous phase", show=False),
        *_phase_bindings(),
    ]

    def __init__(self, event: Event, *, phase: str | None = None, item: str | None = None) -> None:
        super().__init__()
        self.event = event
        self.initial_phase = phase or PHASES[0].id
        self.initial_item = item  # e.g. the action to put the cursor on (from the home queue)
        self._pending: list[tuple[Change, str]] = []  # changes waiting for a conflict decision
        self._alerted: set[tuple[int, str]] = set()  # timeboxes whose alert has been given
        self._leave_armed = False
        self.is_filled = False

    @property
    def kaizen(self) -> KaizenHost:
        return cast("KaizenHost", self.app)

    @property
    def today(self) -> date:
        return self.kaizen.today

    @property
    def current_event_id(self) -> str:
        return self.event.id

    # -- building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Only the phase shown first is built now; the others when first opened (an event with
        # hundreds of actions opens quickly, and most sessions use a few phases).
        yield EventBar()
        with TabbedContent(initial=f"phase-{self.initial_phase}", id="phases"):
            for number, spec in enumerate(PHASES, start=1):
                with TabPane(f"{number} {spec.title}", id=f"phase-{spec.id}"):
                    if spec.id == self.initial_phase:
                        yield spec.pane()(id=f"pane-{spec.id}")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_title()
        self.query_one(EventBar).show_saved(f"✓ saved · rev {self.event.revision}")
        for pane in self.panes():
            pane.show_event(self.event, force=True)
        self.set_interval(1.0, self.tick)
        self.tick()
        self.call_after_refresh(self._focus_phase, self.initial_phase, self.initial_item)
        self.is_filled = True

    async def ensure_pane(self, phase_id: str) -> PhasePane:
        """The pane of a phase, built and filled the first time it is needed."""
        found = self.query(f"#pane-{phase_id}")
        if found:
            return cast("PhasePane", found.first())
        spec = self.phase_spec(phase_id)
        pane = spec.pane()(id=f"pane-{phase_id}")
        await self.query_one(f"#phase-{phase_id}", TabPane).mount(pane)
        pane.show_event(self.event, force=True)
        return pane

    @on(TabbedContent.TabActivated, "#phases")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # a click or ←/→ on the tab bar opens a phase not built yet
        await self.ensure_pane((event.pane.id or "").removeprefix("phase-"))

    def on_resize(self) -> None:
        # Every tab stays on the bar: the phases' full titles where they fit, else their short
        # ones, and on the narrowest screens one space between tabs instead of two.
        width = self.size.width
        full = [f"{n} {spec.title}" for n, spec in enumerate(PHASES, start=1)]
        short = [f"{n} {spec.short_title}" for n, spec in enumerate(PHASES, start=1)]
        labels = full if sum(len(t) + 2 for t in full) <= width else short
        tabs = self.query_one("#phases", TabbedContent)
        tabs.set_class(sum(len(t) + 2 for t in labels) > width, "-tight")
        for spec, label in zip(PHASES, labels, strict=True):
            tab = tabs.get_tab(f"phase-{spec.id}")
            if str(tab.label) != label:
                tab.label = label

    def panes(self) -> list[PhasePane]:
        return list(self.query(PhasePane))

    def pane(self, phase_id: str) -> PhasePane:
        return self.query_one(f"#pane-{phase_id}", PhasePane)

    def _show_title(self) -> None:
        self.query_one(EventBar).show_title(self.event.id, self.event.title, self.event.status)
        self.sub_title = self.event.title
        self._show_sync()

    # -- the hub (issue 14) ----------------------------------------------------------------------

    def _show_sync(self) -> None:
        """The bar's sync cell: this event's conflicts first, else how syncing goes."""
        count = len(self.event.conflicts)
        self.kaizen.sync_runner.conflicts_now(self.event.id, count)
        if count:
            text = f"⚠ {count} conflict{'s' if count != 1 else ''} · F8"
            self.query_one(EventBar).show_sync(text, "warning")
        else:
            status = self.kaizen.sync_runner.status
            self.query_one(EventBar).show_sync(status.text(self.now()), status.tone)
        self.refresh_bindings()

    def show_sync(self, status: SyncStatus, changed: set[str]) -> None:
        """A sync ran (or started): update the bar; show the stored event if sync changed it."""
        self._show_sync()
        if self.event.id in changed and not self._pending:
            self.refresh_from_store()

    @work(thread=True, group="hub-refresh", exit_on_error=False)
    def refresh_from_store(self) -> None:
        try:
            fresh = self.kaizen.store.load(self.event.id)
        except KaizenError:
            return
        self.app.call_from_thread(self._refreshed, fresh)

    def _refreshed(self, fresh: Event) -> None:
        # only a newer copy, and never over changes waiting for a conflict decision; fields
        # being typed in keep their text (show_event without force) and save on top of it
        if self._pending or fresh.revision <= self.event.revision:
            return
        self._saved(fresh, "")
        self.query_one(EventBar).show_saved(f"✓ from the hub · rev {fresh.revision}")

    def action_conflicts(self) -> None:
        from kaizen_tui.screens.conflicts import open_conflicts

        open_conflicts(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "conflicts":
            return bool(self.event.conflicts)
        return True

    # -- saving ---------------------------------------------------------------------------------

    def commit(self, change: Change, what: str) -> str | None:
        """Apply ``change`` to a copy of the event and save it. Returns None when saved, or a
        one-line problem (the change was not saved)."""
        if self._pending:
            self._pending.append((change, what))
            self._ask_about_conflict(None)
            return "not saved yet: the event changed elsewhere; reload first (ctrl+r)"
        draft = self.event.model_copy(deep=True)
        try:
            result = change(draft)
            if isinstance(result, Event):  # a rule that returns a new event (a status move)
                draft = result
        except ValidationError as err:
            return describe_validation_error(err)
        except (ValueError, KaizenError) as err:  # KaizenError: e.g. transitions.IllegalMove
            return str(err)
        try:
            saved = self.kaizen.store.save(draft)
        except ConflictError as err:
            self._pending.append((change, what))
            self._ask_about_conflict(str(err))
            return "not saved: the event changed elsewhere (see the dialog)"
        except KaizenError as err:
            self.query_one(EventBar).show_saved(f"✗ {what} not saved", state="error")
            return str(err)
        self._saved(saved, what)
        self.kaizen.sync_runner.edited()
        return None

    @property
    def has_pending(self) -> bool:
        """Changes wait for a conflict decision (they are re-applied on reload, not lost)."""
        return bool(self._pending)

    def when_settled(self, dialog: Screen[Any], then: Callable[[], None]) -> None:
        """Call ``then`` once a conflict met by ``dialog``'s save is decided ("reload and
        re-apply" or "drop") and ``dialog`` is on top again: it then looks at the event to see
        whether its change was saved. While the decision is put off, nothing is called."""

        def check() -> None:
            if self._pending or self.app.screen is not dialog:
                return
            timer.stop()
            then()

        timer = dialog.set_interval(0.2, check)

    def _saved(self, saved: Event, what: str, *, force: bool = False) -> None:
        self.event = saved
        self._show_title()
        label = f"{what} " if what else ""
        self.query_one(EventBar).show_saved(f"✓ {label}saved · rev {saved.revision}")
        for pane in self.panes():
            pane.show_event(saved, force=force)
        self.tick()

    def _ask_about_conflict(self, message: str | None) -> None:
        from kaizen_tui.screens.conflict import ConflictScreen

        count = len(self._pending)
        self.query_one(EventBar).show_saved(
            f"⚠ {count} change{'s' if count != 1 else ''} not saved · ctrl+r", state="error"
        )
        if any(isinstance(s, ConflictScreen) for s in self.app.screen_stack):
            return
        text = message or "This event was changed elsewhere since you opened it."
        self.app.push_screen(
            ConflictScreen(text, [what for _, what in self._pending]), self._conflict_decided
        )

    def _conflict_decided(self, decision: str | None) -> None:
        if decision == "reapply":
            self.reload(reapply=True)
        elif decision == "discard":
            self.reload(reapply=False)
        # "later": the changes stay pending; ctrl+r asks again

    def reload(self, *, reapply: bool) -> None:
        """Load the stored event again; with ``reapply``, apply the pending changes to it."""
        try:
            fresh = self.kaizen.store.load(self.event.id)
        except KaizenError as err:
            self.notify(str(err), title="Cannot reload", severity="error", timeout=10)
            return
        pending, self._pending = self._pending, []
        self.event = fresh
        if reapply and pending:
            draft = fresh.model_copy(deep=True)
            problems = []
            for change, what in pending:
                try:
                    result = change(draft)
                    if isinstance(result, Event):
                        draft = result
                except (ValueError, KaizenError) as err:  # e.g. the gate passed elsewhere too
                    problems.append(f"{what}: {err}")
            try:
                fresh = self.kaizen.store.save(draft)
            except KaizenError as err:
                self._pending = pending
                self.notify(str(err), title="Still not saved", severity="error", timeout=10)
                return
            for problem in problems:
                self.notify(problem, title="Could not re-apply", severity="warning", timeout=10)
            self._saved(
                fresh, f"{len(pending)} change{'s' if len(pending) != 1 else ''}", force=True
            )
        else:
            self._saved(fresh, "reloaded", force=True)

    def action_reload(self) -> None:
        if self._pending:
            self._ask_about_conflict(None)
        else:
            self.reload(reapply=False)
            self.notify(f"{self.event.id} reloaded (rev {self.event.revision})")

    def flush_edits(self) -> list[str]:
        """Save every half-finished edit now (before leaving or quitting)."""
        problems = [p for pane in self.panes() for p in pane.flush()]
        if self._pending:
            problems.append(
                f"{len(self._pending)} change(s) not saved (the event changed elsewhere)"
            )
        return problems

    # -- navigation -----------------------------------------------------------------------------

    def _focus_phase(self, phase_id: str, item: str | None = None) -> None:
        pane = self.pane(phase_id)
        pane.focus_first()
        if item is not None:
            pane.show_item(item)
        self.call_after_refresh(self._scroll_to_focus, pane)

    def _scroll_to_focus(self, pane: PhasePane) -> None:
        """Show the phase from its top, scrolled only as far as the focused widget needs.
        (Textual centres a focused widget it cannot see whole, which on 80×24 hid the lead
        time and the section headings above the first list.)"""
        focused = self.focused
        pane.scroll_home(animate=False, immediate=True)
        if focused is not None and pane in focused.ancestors:
            pane.scroll_to_widget(focused, animate=False, immediate=True)

    async def action_phase(self, phase_id: str, item: str | None = None) -> None:
        await self.ensure_pane(phase_id)
        switch_tab(
            self.query_one("#phases", TabbedContent),
            f"phase-{phase_id}",
            lambda: self._focus_phase(phase_id, item),
        )

    async def action_cycle_phase(self, delta: int) -> None:
        ids = [spec.id for spec in PHASES]
        active = self.active_phase
        index = ids.index(active) if active in ids else 0
        await self.action_phase(ids[(index + delta) % len(ids)])

    @property
    def active_phase(self) -> str:
        return (self.query_one("#phases", TabbedContent).active or "").removeprefix("phase-")

    def action_back(self) -> None:
        # Escape climbs out one level at a time: from a field or list to the tab bar (saving
        # the field), from the tab bar back to the list of events.
        tabs = self.query_one("#phases Tabs")
        if self.focused is not None and self.focused is not tabs:
            tabs.focus()
            return
        problems = self.flush_edits()
        if problems and not self._leave_armed:
            self._leave_armed = True
            self.notify(
                "\n".join(problems) + "\nFix it, or press Esc again to leave without it.",
                title="Not saved",
                severity="error",
                timeout=10,
            )
            return
        self.dismiss(None)

    def phase_spec(self, phase_id: str) -> PhaseSpec:
        return next(spec for spec in PHASES if spec.id == phase_id)

    # -- run-sheet countdown --------------------------------------------------------------------

    def now(self) -> datetime:
        return self.kaizen.now()

    def tick(self) -> None:
        """Refresh the countdown (every second, and after each save); alert once when a
        timebox runs out."""
        bar = self.query_one(EventBar)
        agenda = self.event.agenda
        index = agenda_logic.current_index(agenda)
        item = agenda[index] if index is not None else None
        left = agenda_logic.remaining(item, self.now()) if item is not None else None
        if self.event.status != "live" or item is None or left is None or index is None:
            bar.show_timer(None)
        else:
            overrun = agenda_logic.is_overrun(item, self.now())
            bar.show_timer(item.title, agenda_logic.format_countdown(left), overrun=overrun)
            key = (index, item.started_at.isoformat() if item.started_at else "")
            if overrun and key not in self._alerted:
                self._alerted.add(key)
                self.app.bell()
                self.notify(
                    f"{item.title}: the {agenda_logic.format_minutes(item.minutes)} are up. "
                    "ctrl+n moves to the next item; + gives 5 more minutes (Run-sheet).",
                    title="Time's up",
                    severity="warning",
                    timeout=30,
                )
        for pane in self.panes():
            tick = getattr(pane, "tick", None)
            if tick is not None:
                tick()

    def action_print_a3(self) -> None:
        from kaizen_tui.screens.print_a3 import print_a3

        print_a3(self)

    def action_report_out(self) -> None:
        from kaizen_tui.screens.report_out import open_report_out

        open_report_out(self)

    def action_next_item(self) -> None:
        from kaizen_tui.screens.phases.runsheet import advance_agenda

        advance_agenda(self)
