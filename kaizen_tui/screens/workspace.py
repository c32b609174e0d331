"""The event workspace: one tab per phase, the saved indicator and the run-sheet countdown.

Every change in any pane comes through :meth:`EventScreen.commit`: it applies the change to a copy
of the last saved event, saves it through the store, keeps the event the store returns, and tells
the panes. A change the store refuses is never dropped: a validation problem goes back to the field
that made it; a conflict (someone saved the event elsewhere) keeps the change pending until the
facilitator reloads and re-applies it, or explicitly discards it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from kaizen_tui.errors import ConflictError, KaizenError
from kaizen_tui.logic import agenda as agenda_logic
from kaizen_tui.model import Event, describe_validation_error, parse_event
from kaizen_tui.screens.phases import PHASES, PhaseSpec
from kaizen_tui.screens.phases.base import PhasePane
from kaizen_tui.widgets.event_bar import EventBar
from kaizen_tui.widgets.keybar import KeyBar
from kaizen_tui.widgets.tabs import switch_tab
from kaizen_tui.widgets.typeahead import typing_pause

if TYPE_CHECKING:
    from datetime import date

    from textual.css.query import QueryType
    from textual.widget import Widget

    from kaizen_tui.screens.host import KaizenHost
    from kaizen_tui.screens.syncing import SyncStatus

#: A second Esc on the tab bar within this many seconds leaves the event (the first one asks).
BACK_AGAIN_SECONDS = 4.0

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
        # after F8: on a narrow key bar the conflicts (when there are any) go first
        Binding(
            "f6",
            "block(1)",
            "Next block",
            tooltip="The next block of this phase (e.g. Charter: event, problem, scope, people, "
            "metrics); shift+F6 the previous one",
            priority=True,  # over TextArea's own F6 (select the line), which nobody asked for
        ),
        Binding("shift+f6", "block(-1)", "Previous block", show=False, priority=True),
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
        self._unsaved: list[tuple[Change, str]] = []  # taken, in order, not written yet
        self._writing = False  # a save worker is writing
        self._save_error = ""  # why the last save failed (its changes stay in _unsaved)
        self._idle = asyncio.Event()  # set while nothing is waiting to be written
        self._asking = False  # the conflict dialog waits for a pause in typing
        self._idle.set()
        self._alerted: set[tuple[int, str]] = set()  # timeboxes whose alert has been given
        self._back_asked_at = -BACK_AGAIN_SECONDS  # when Esc on the tab bar last asked
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
        """The pane of a phase, built and filled the first time it is needed (and brought up
        to date when it was hidden during edits)."""
        found = self.query(f"#pane-{phase_id}")
        if found:
            pane = cast("PhasePane", found.first())
            if pane.stale:
                pane.stale = False
                pane.show_event(self.event)
            return pane
        spec = self.phase_spec(phase_id)
        pane = spec.pane()(id=f"pane-{phase_id}")
        await self.query_one(f"#phase-{phase_id}", TabPane).mount(pane)
        pane.show_event(self.event, force=True)
        return pane

    @on(TabbedContent.TabActivated, "#phases")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # a click or ←/→ on the tab bar opens a phase not built yet
        await self.ensure_pane((event.pane.id or "").removeprefix("phase-"))
        self.refresh_bindings()  # F6 is shown only on phases with blocks

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
        # the phases built so far, without a query over the whole screen (it ran on every
        # edit and every second, ~20 ms each with a few phases open)
        switcher = self.query_one("#phases ContentSwitcher")
        return [c for tab in switcher.children for c in tab.children if isinstance(c, PhasePane)]

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
        if self.event.id in changed and not (self._pending or self._unsaved or self._writing):
            self.refresh_from_store()

    @work(thread=True, group="hub-refresh", exit_on_error=False)
    def refresh_from_store(self) -> None:
        try:
            fresh = self.kaizen.store.load(self.event.id)
        except KaizenError:
            return
        self.app.call_from_thread(self._refreshed, fresh)

    def _refreshed(self, fresh: Event) -> None:
        # only a newer copy, and never over changes taken but not written yet or waiting for a
        # conflict decision (their save meets the hub's copy as a conflict instead); fields
        # being typed in keep their text (show_event without force) and save on top of it
        if self._pending or self._unsaved or self._writing:
            return
        if fresh.revision <= self.event.revision:
            return
        self.event = fresh
        self._show_changed()
        self.query_one(EventBar).show_saved(f"✓ from the hub · rev {fresh.revision}")

    def action_conflicts(self) -> None:
        from kaizen_tui.screens.conflicts import open_conflicts

        open_conflicts(self)

    # -- saving ---------------------------------------------------------------------------------

    def commit(self, change: Change, what: str) -> str | None:
        """Apply ``change`` to the open event now and queue its save. Returns None when the
        change is taken, or a one-line problem (it breaks a rule of the event: nothing applied).

        The save itself runs in a worker thread (the UI thread never waits on the disk): saves go
        to the store one at a time, in order, and changes made while one is being written are
        saved together next. A conflict found by the worker still reaches the conflict dialog,
        with every change not yet saved; nothing is dropped without the facilitator choosing.
        """
        draft = self.event.model_copy(deep=True)
        try:
            result = change(draft)
            if isinstance(result, Event):  # a rule that returns a new event (a status move)
                draft = result
            # the rules across fields, as the store will check them (a refusal is known now,
            # in the field that made it, not later in the worker)
            draft = parse_event(draft.model_dump(mode="json", by_alias=True))
        except ValidationError as err:
            return describe_validation_error(err)
        except (ValueError, KaizenError) as err:  # KaizenError: e.g. transitions.IllegalMove
            return str(err)
        self.event = draft
        if self._pending:  # a conflict waits for a decision: this change waits with the others
            self._pending.append((change, what))
            self._ask_about_conflict(None)
        else:
            self._unsaved.append((change, what))
            self._save_next()
        self._show_changed()
        return None

    def _show_changed(self, *, force: bool = False) -> None:
        """Show the event in the phase on screen; the hidden ones catch up when opened (each
        edit redrew every phase built so far, which took the UI thread long enough after
        Enter for keys to queue up)."""
        self._show_title()
        active = self.active_phase
        for pane in self.panes():
            if pane.id == f"pane-{active}" or force:
                pane.show_event(self.event, force=force)
                pane.stale = False
            else:
                pane.stale = True
        self.tick()

    @property
    def has_pending(self) -> bool:
        """Changes wait for a conflict decision (they are re-applied on reload, not lost)."""
        return bool(self._pending)

    @property
    def saving(self) -> bool:
        """Changes are taken but not written yet."""
        return bool(self._unsaved)

    @property
    def writing(self) -> bool:
        """A save is being written (or is about to be); False once every change taken is
        written, or waits for the person (a failed save, a conflict)."""
        return not self._idle.is_set()

    def _save_next(self) -> None:
        """Start writing what is not saved yet, unless a save is running (its end starts the
        next one: saves never overlap, so they reach the store in order)."""
        if self._writing or not self._unsaved or self._pending:
            if not self._writing:
                self._idle.set()
            return
        snapshot, count = self.event, len(self._unsaved)
        self._writing = True
        self._idle.clear()
        self.query_one(EventBar).show_saved("saving…", state="pending")
        # Not exclusive: an exclusive worker would cancel a save being written.
        self.run_worker(
            lambda: self._write(snapshot, count),
            name=f"save {snapshot.id}",
            group="save",
            thread=True,
            exit_on_error=False,
        )

    def _write(self, snapshot: Event, count: int) -> None:
        """In the worker thread: one save, then back to the UI thread with the outcome."""
        outcome: Event | KaizenError
        try:
            outcome = self.kaizen.store.save(snapshot)
        except KaizenError as err:
            outcome = err
        except OSError as err:  # the store maps most; never lose the edits to a stray one
            outcome = KaizenError(str(err))
        self.app.call_from_thread(self._written, snapshot, count, outcome)

    def _written(self, snapshot: Event, count: int, outcome: Event | KaizenError) -> None:
        self._writing = False
        if isinstance(outcome, ConflictError):
            # every change not saved yet waits for the facilitator's decision
            self._pending, self._unsaved = self._unsaved, []
            self._idle.set()
            self._ask_about_conflict(str(outcome))
            return
        if isinstance(outcome, KaizenError):
            self._save_error = str(outcome)
            self._idle.set()
            count = len(self._unsaved)
            self.query_one(EventBar).show_saved(
                f"✗ {count} change{'s' if count != 1 else ''} not saved", state="error"
            )
            self.notify(
                f"{outcome}\nThe changes are kept; the next edit (or ctrl+r) tries again.",
                title="Not saved",
                severity="error",
                timeout=15,
            )
            return
        self._save_error = ""
        what = self._unsaved[count - 1][1] if count else ""
        del self._unsaved[:count]
        if self.event is snapshot:
            self.event = outcome
        else:
            # edits made while this one was written sit on top of the revision just saved
            self.event = self.event.model_copy(
                update={"revision": outcome.revision, "updated_at": outcome.updated_at}
            )
        if self._unsaved:
            self._save_next()
            return
        label = f"{what} " if what else ""
        # the panes show this event already (since the commit); only the revision is new
        self.query_one(EventBar).show_saved(f"✓ {label}saved · rev {outcome.revision}")
        self._idle.set()
        self.kaizen.sync_runner.edited()

    async def settle_saves(self) -> None:
        """Wait until every change taken is written (or failed and is kept, named by
        ``flush_edits``). A failed save is tried once more first."""
        if self._save_error and self._unsaved and not self._writing:
            self._save_next()
        await self._idle.wait()

    def _ask_about_conflict(self, message: str | None, *, at_once: bool = False) -> None:
        from kaizen_tui.screens.conflict import ConflictScreen

        count = len(self._pending)
        self.query_one(EventBar).show_saved(
            f"⚠ {count} change{'s' if count != 1 else ''} not saved · ctrl+r", state="error"
        )
        if any(isinstance(s, ConflictScreen) for s in self.app.screen_stack):
            return
        wait = 0.0 if at_once else typing_pause(self.app)
        if wait and not self._asking:
            # found by the save worker while the facilitator types: the dialog would take
            # their next keys (its r/d/l are choices), so it opens once they pause; what is
            # typed meanwhile waits with the other changes
            self._asking = True

            def ask() -> None:
                self._asking = False
                if self._pending:
                    self._ask_about_conflict(message)

            self.set_timer(wait, ask)
            return
        if self._asking:
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
        """Load the stored event again; with ``reapply``, apply the pending changes to it (and
        save them through the worker, like any edit)."""
        if self._writing:
            self.notify("A save is being written; try again in a moment.", title="Reload")
            return
        try:
            fresh = self.kaizen.store.load(self.event.id)
        except KaizenError as err:
            self.notify(str(err), title="Cannot reload", severity="error", timeout=10)
            return
        pending, self._pending = self._pending, []
        if not reapply:
            self._unsaved = []
            self.event = fresh
            self.query_one(EventBar).show_saved(f"✓ reloaded · rev {fresh.revision}")
            self._show_changed(force=True)
            self._idle.set()
            return
        pending = [*pending, *self._unsaved]
        self._unsaved = []
        draft = fresh.model_copy(deep=True)
        problems, kept = [], []
        for change, what in pending:
            try:
                result = change(draft)
                if isinstance(result, Event):
                    draft = result
                kept.append((change, what))
            except (ValueError, KaizenError) as err:  # e.g. the gate passed elsewhere too
                problems.append(f"{what}: {err}")
        for problem in problems:
            self.notify(problem, title="Could not re-apply", severity="warning", timeout=10)
        self.event = draft
        self._unsaved = kept
        self._show_changed(force=True)
        if kept:
            self._save_next()
        else:
            self.query_one(EventBar).show_saved(f"✓ reloaded · rev {fresh.revision}")
            self._idle.set()

    def action_reload(self) -> None:
        if self._pending:
            self._asking = False
            self._ask_about_conflict(None, at_once=True)
        elif self._save_error and self._unsaved:
            self._save_next()
        else:
            self.reload(reapply=False)
            self.notify(f"{self.event.id} reloaded (rev {self.event.revision})")

    def flush_edits(self) -> list[str]:
        """Take every half-finished edit now (before leaving or quitting); the saves they start
        are waited for by ``settle_saves``."""
        return self.flush_fields() + self.unsaved_problems()

    def flush_fields(self) -> list[str]:
        """Take every half-finished edit now; return what cannot be taken (a bad value)."""
        return [p for pane in self.panes() for p in pane.flush()]

    def leave_then(self, then: Callable[[], object]) -> None:
        """Take the half-typed edits, wait for their saves, then ``then()`` (which closes this
        screen); if something cannot be saved, say so and stay."""

        async def when_written() -> None:
            await self.settle_saves()
            problems = self.unsaved_problems()
            if problems:
                self.notify("\n".join(problems), title="Not saved", severity="error", timeout=10)
                return
            result = then()
            if asyncio.iscoroutine(result):
                await result

        problems = self.flush_fields()
        if problems:
            self.notify("\n".join(problems), title="Not saved", severity="error", timeout=10)
            return
        self.app.call_next(when_written)

    def unsaved_problems(self) -> list[str]:
        """What is taken but could not be written (a conflict waiting, a failed save)."""
        problems = []
        if self._pending:
            problems.append(
                f"{len(self._pending)} change(s) not saved (the event changed elsewhere)"
            )
        if self._save_error and self._unsaved and not self._writing:
            problems.append(f"{len(self._unsaved)} change(s) not saved: {self._save_error}")
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

    async def action_back(self) -> None:
        # Escape climbs out one level at a time: from a field or list to the tab bar (saving
        # the field), from the tab bar back to the list of events, but only when pressed
        # twice: one stray Esc in a live room must not close the event everyone looks at. (A
        # question dialog would take the keys typed next; a second Esc costs the deliberate
        # case one key and the stray one nothing.)
        tabs = self.query_one("#phases Tabs")
        if self.focused is not None and self.focused is not tabs:
            tabs.focus()
            return
        problems = self.flush_fields()
        await self.settle_saves()  # the list of events shows what was written
        problems += self.unsaved_problems()
        now = time.monotonic()
        if now - self._back_asked_at > BACK_AGAIN_SECONDS:
            self._back_asked_at = now
            if problems:
                self.notify(
                    "\n".join(problems) + "\nFix it, or press Esc again to leave without it.",
                    title="Not saved",
                    severity="error",
                    timeout=10,
                )
            else:
                self.notify(
                    "Press Esc again to go back to the list of events.",
                    title=self.event.id,
                    timeout=BACK_AGAIN_SECONDS,
                )
            return
        self.dismiss(None)

    # -- moving within a phase ------------------------------------------------------------------

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._focus_in_phase(1) or super().focus_next(selector)

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._focus_in_phase(-1) or super().focus_previous(selector)

    def _active_pane(self) -> PhasePane | None:
        found = self.query(f"#pane-{self.active_phase}")
        return cast("PhasePane", found.first()) if found else None

    def _focus_in_phase(self, direction: int) -> Widget | None:
        """Tab and shift+Tab (and Enter in a field) go round the phase on screen: past its last
        field back to its first, never on to the tab bar, where the next Esc would have left
        the event (it happened 3 times in one walk). The tab bar is Esc's, or Tab's from it."""
        pane = self._active_pane()
        focused = self.focused
        if pane is None or focused is None or pane not in focused.ancestors:
            return None  # on the tab bar, or nothing focused: Textual's own order
        chain = [w for w in self.focus_chain if pane in w.ancestors]
        if focused not in chain:
            return None
        index = chain.index(focused) + direction
        target = chain[index % len(chain)]
        self.set_focus(target)
        if not 0 <= index < len(chain) and len(chain) > 1:
            self._say_wrapped(pane, "first field" if direction > 0 else "last field")
        return target

    def _say_wrapped(self, pane: PhasePane, where: str) -> None:
        title = self.phase_spec(pane.phase_id).title if pane.phase_id else "this phase"
        self.notify(f"↻ {title}: back to its {where}.", timeout=2)

    def action_block(self, direction: int) -> None:
        """F6 / shift+F6: to the first field of the next / previous block of the phase (a block
        starts at each section title: Charter's event, problem, scope, people, metrics)."""
        pane = self._active_pane()
        if pane is None:
            return
        blocks = pane.blocks()
        if not blocks:
            return
        focused = self.focused
        current = next((i for i, block in enumerate(blocks) if focused in block), None)
        if current is None:  # on the tab bar: F6 to the first block, shift+F6 to the last
            index = 0 if direction > 0 else len(blocks) - 1
        else:
            index = current + direction
            if not 0 <= index < len(blocks):
                index %= len(blocks)
                self._say_wrapped(pane, "first block" if direction > 0 else "last block")
        self.set_focus(blocks[index][0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "conflicts":
            return bool(self.event.conflicts)
        if action == "block":
            pane = self._active_pane()
            # False: not in the key bar (a phase with no section titles is one block)
            return pane is not None and bool(pane.query(".section-title"))
        return True

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
