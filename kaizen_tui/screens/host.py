"""KaizenHost: what the screens rely on of the app, declared here in the screens' layer.

``kaizen_tui.app.KaizenApp`` is built on it. Screens type ``self.app`` as a ``KaizenHost`` so that
they never import the app module above them, not even for types (docs/architecture.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from kaizen_tui.config import Config
    from kaizen_tui.model import Event
    from kaizen_tui.screens.syncing import SyncRunner
    from kaizen_tui.store import Store


class KaizenHost(App[None]):
    """The store, the settings, "today", the clock and the app-wide actions a screen may use."""

    store: Store
    config: Config
    #: Background syncing with the hub (screens/syncing.py); idle when not logged in.
    sync_runner: SyncRunner

    @property
    def today(self) -> date:
        raise NotImplementedError

    def now(self) -> datetime:
        raise NotImplementedError

    def open_event_screen(
        self,
        event_id: str,
        *,
        phase: str | None = None,
        event: Event | None = None,
        item: str | None = None,
    ) -> None:
        raise NotImplementedError

    def action_portfolio(self) -> None:
        raise NotImplementedError

    def action_park(self) -> None:
        raise NotImplementedError
