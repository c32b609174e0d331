"""Command palette (ctrl+p) entries: new event, open event, go to phase, add action, park an
idea, and what other parts of the app contribute for the open event (``EVENT_COMMANDS``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from kaizen_tui.screens.phases import PHASES

if TYPE_CHECKING:
    from kaizen_tui.screens.host import KaizenHost
    from kaizen_tui.screens.workspace import EventScreen


@dataclass(frozen=True)
class EventCommand:
    """A palette entry for the open event, implemented elsewhere. ``target`` is the dotted path
    of a function called with the open EventScreen, imported only when chosen."""

    title: str
    help: str
    target: str

    def run(self, screen: EventScreen) -> Any:
        module, _, name = self.target.partition(":")
        function: Callable[[EventScreen], Any] = getattr(importlib.import_module(module), name)
        return function(screen)  # an awaitable (async target) is awaited by the palette


#: Commands other modules add for the open event.
EVENT_COMMANDS: list[EventCommand] = [
    EventCommand(
        "Print A3",
        "ctrl+o: the one-page PDF with the QR code, into the a3_dir folder",
        "kaizen_tui.screens.print_a3:print_a3_command",
    ),
    EventCommand(
        "Report-out mode",
        "F5: the A3 full screen, one section at a time, for the team to present",
        "kaizen_tui.screens.report_out:open_report_out",
    ),
    EventCommand(
        "Close-out gate",
        "the report-out checklist; passing it schedules the 30/60/90-day reviews",
        "kaizen_tui.screens.phases.followup:open_gate_command",
    ),
    EventCommand(
        "Hold the next review",
        "readings, action updates, notes and a verdict (Follow-up)",
        "kaizen_tui.screens.phases.followup:hold_review_command",
    ),
    EventCommand(
        "Conflicts",
        "F8: fields a sync with the hub found changed two ways; keep mine or take theirs",
        "kaizen_tui.screens.conflicts:open_conflicts",
    ),
    EventCommand(
        "Rotate the share link",
        "a new QR link, when the old one went astray; printed A3s then lead nowhere",
        "kaizen_tui.screens.share_link:rotate_link_command",
    ),
]


async def add_action(screen: EventScreen) -> None:
    """Open Actions with the cursor in the quick-add line."""
    from kaizen_tui.screens.phases.actions import ActionsPane

    await screen.action_phase("actions")
    pane = screen.pane("actions")
    assert isinstance(pane, ActionsPane)
    screen.call_after_refresh(pane.focus_quick_add)


class KaizenCommands(Provider):
    @property
    def kaizen(self) -> KaizenHost:
        return cast("KaizenHost", self.app)

    def _workspace(self) -> EventScreen | None:
        from kaizen_tui.screens.workspace import EventScreen

        return self.screen if isinstance(self.screen, EventScreen) else None

    def _commands(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        from kaizen_tui.screens.event_forms import new_event_form

        app = self.kaizen
        workspace = self._workspace()
        yield "New event", partial(new_event_form, app), "create an event and open its charter"
        yield "Park an idea", app.action_park, "ctrl+l: a quick note on the current event"
        yield "LPO portfolio", app.action_portfolio, "p on home: figures, evidence, yokoten, report"
        if app.sync_runner.logged_in:
            yield "Sync now", app.sync_runner.sync_now, f"with the hub at {app.config.hub_url}"
        if workspace is not None:
            yield "Add action", partial(add_action, workspace), "the quick-add line on Actions"
            for number, spec in enumerate(PHASES, start=1):
                yield (
                    f"Go to phase: {spec.title}",
                    partial(workspace.action_phase, spec.id),
                    f"key {number}",
                )
            yield "Next agenda item", workspace.action_next_item, "ctrl+n: the run-sheet"
            yield "Reload event", workspace.action_reload, "ctrl+r: read it again from disk"
            for command in EVENT_COMMANDS:
                yield command.title, partial(command.run, workspace), command.help
        for summary in app.store.list_summaries(app.today):
            yield (
                f"Open event: {summary.id} · {summary.title}",
                partial(app.open_event_screen, summary.id),
                f"{summary.area} · {summary.status.replace('_', ' ')}",
            )

    async def discover(self) -> Hits:
        for title, command, help_text in self._commands():
            if not title.startswith("Open event:"):
                yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=help_text)
