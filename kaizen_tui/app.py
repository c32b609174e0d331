"""KaizenApp: holds the store, the settings, "today" and the clock; registers screens and the
keys that work everywhere (park an idea, quit without losing an edit, the command palette).

No business logic here: screens ask ``kaizen_tui.logic`` and ``self.app.store``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType

from kaizen_tui.config import Config, load_config
from kaizen_tui.screens.host import KaizenHost
from kaizen_tui.store import Store
from kaizen_tui.widgets.typeahead import TypeAhead

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from kaizen_tui.model import Event

Clock = Callable[[], datetime]


def _commands() -> type[Provider]:
    from kaizen_tui.screens.commands import KaizenCommands

    return KaizenCommands


def _utc_now() -> datetime:
    return datetime.now(UTC)


class KaizenApp(KaizenHost):
    TITLE = "kaizen"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
        (150, "-xwide"),
    ]
    COMMANDS = App.COMMANDS | {_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # not in the key bar (its snapshots stand); README and docs name F1
        Binding("f1", "help", "Help", show=False, tooltip="What to do here, and its keys"),
        Binding("question_mark", "help", "Help", show=False),  # typed as text in a field
        Binding(
            "ctrl+l",
            "park",
            "Park idea",
            priority=True,
            tooltip="Park an idea on the current event's parking lot, from any screen",
        ),
    ]

    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        today: date | None = None,
        open_event: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self._today = today
        self.open_event = open_event
        self.clock = clock or _utc_now
        from kaizen_tui.screens.syncing import SyncRunner

        self.sync_runner = SyncRunner(self)
        self._quit_armed = False
        self.typeahead = TypeAhead(self)

    @property
    def today(self) -> date:
        """Pinned by tests (and KAIZEN_TODAY); otherwise the real date, read fresh each time."""
        return self._today or date.today()

    def now(self) -> datetime:
        """The time for run-sheet countdowns (tests inject a clock they control)."""
        return self.clock()

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after a key that moves the focus wait until it has moved (typeahead.py).
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self.typeahead.keep(event):
                return
            moves = self.typeahead.moves_focus(event)
            await super().on_event(event)
            self.typeahead.passed(event, moved=moves)
            return
        await super().on_event(event)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # Notifications carry user text (titles, ideas, practices): never markup (issue 12:
        # "[/b]" in an idea crashed the app, "[@click=…]" ran). Always off, whatever ``markup``
        # says: Widget.notify (every screen's and pane's) passes its own default, True.
        del markup
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_default_screen(self) -> Screen[Any]:
        """The home screen is the app's first screen, as an empty app's own screen is. Pushed
        over Textual's blank default screen, all its widgets were restyled twice after mounting
        (once when it came to the front, once when its first Resize added the width class) and
        the blank screen was styled twice too; now once, at the front (bench startup)."""
        from kaizen_tui.screens.home import HomeScreen

        if self.config.theme in self.available_themes:
            self.theme = self.config.theme  # the one chosen last time, before anything is styled
        home = HomeScreen()
        home.add_class(self._width_class(self.size.width), update=False)  # styled when mounted
        return home

    def _width_class(self, width: int) -> str:
        """The HORIZONTAL_BREAKPOINTS class Textual gives a screen this wide."""
        return max((b for b in self.HORIZONTAL_BREAKPOINTS if width >= b[0]), default=(0, ""))[1]

    def on_mount(self) -> None:
        if self.open_event:
            self.open_event_screen(self.open_event)
        self.sync_runner.start()  # in a worker, when logged in to a hub
        self.call_after_refresh(self._collect_garbage)

    def _collect_garbage(self) -> None:
        """Collection was off for the start (cli.context.open_tui): on again once the first screen
        is drawn. (Not gc.enable itself: Textual inspects a callback's signature, and a builtin's
        is parsed with the tokenize module, whose regular expressions take milliseconds.)"""
        gc.enable()

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the palette for the next start (saved off the UI thread)."""
        if theme == self.config.theme or self.config.path is None:
            return
        self.config.values["theme"] = theme
        self.run_worker(self._save_config, thread=True, group="config", exit_on_error=False)

    def _save_config(self) -> None:
        from kaizen_tui.errors import KaizenError

        try:
            self.config.save()
        except KaizenError as err:
            self.call_from_thread(
                self.notify, str(err), title="Theme not remembered", severity="warning"
            )

    def open_event_screen(
        self,
        event_id: str,
        *,
        phase: str | None = None,
        event: Event | None = None,
        item: str | None = None,
    ) -> None:
        """Open an event's workspace (closing another open event first, saving its edits)."""
        from kaizen_tui.screens.workspace import EventScreen

        if isinstance(self.screen, EventScreen):
            if self.screen.event.id == event_id:
                if phase:
                    self.call_next(self.screen.action_phase, phase, item)
                return
            # its edits are written first, then it closes and the other event opens
            self.screen.leave_then(
                lambda: self._reopen(event_id, phase=phase, event=event, item=item)
            )
            return
        self._open(event_id, phase=phase, event=event, item=item)

    def _reopen(self, event_id: str, **how: Any) -> None:
        self.pop_screen()
        self._open(event_id, **how)

    def _open(
        self,
        event_id: str,
        *,
        phase: str | None = None,
        event: Event | None = None,
        item: str | None = None,
    ) -> None:
        from kaizen_tui.errors import KaizenError
        from kaizen_tui.screens.workspace import EventScreen

        try:
            loaded = event if event is not None else self.store.load(event_id)
        except KaizenError as err:
            self.notify(str(err), title=f"Cannot open {event_id}", severity="error", timeout=10)
            return
        self.push_screen(EventScreen(loaded, phase=phase, item=item))

    def action_portfolio(self) -> None:
        from kaizen_tui.screens.portfolio import open_portfolio

        open_portfolio(self)

    def action_help(self) -> None:
        from kaizen_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_sync_now(self) -> None:
        self.sync_runner.sync_now()

    def action_park(self) -> None:
        from kaizen_tui.screens.park import open_quick_capture

        open_quick_capture(self)

    def flush_edits(self) -> list[str]:
        """Save every half-finished edit on every open screen; return what could not be saved."""
        problems: list[str] = []
        for screen in self.screen_stack:
            flush: Any = getattr(screen, "flush_edits", None)
            if flush is not None:
                problems += flush()
        return problems

    async def action_quit(self) -> None:
        from kaizen_tui.screens.workspace import EventScreen

        problems = self.flush_edits()
        # quitting waits for the saves under way (an exiting app would cancel their workers)
        for screen in self.screen_stack:
            if isinstance(screen, EventScreen):
                await screen.settle_saves()
                problems += [p for p in screen.unsaved_problems() if p not in problems]
        if problems and not self._quit_armed:
            self._quit_armed = True
            self.notify(
                "\n".join(problems) + "\nFix it, or press ctrl+q again to quit without it.",
                title="Not saved",
                severity="error",
                timeout=15,
            )
            return
        self.exit()


def make_app(
    data_dir: Path,
    *,
    config: Config | None = None,
    today: date | None = None,
    open_event: str | None = None,
    clock: Clock | None = None,
) -> KaizenApp:
    """The one factory for the CLI and the tests (a tmp data dir, a fixed ``today`` and, for
    run-sheet tests, a clock they control)."""
    return KaizenApp(
        Store(data_dir),
        config if config is not None else load_config(data_dir),
        today=today,
        open_event=open_event,
        clock=clock,
    )
