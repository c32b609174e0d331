"""KaizenApp: holds the store, the settings and "today"; registers screens and global keys.

No business logic here: screens ask ``kaizen_tui.logic`` and ``self.app.store``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App

from kaizen_tui.config import Config, load_config
from kaizen_tui.store import Store


class KaizenApp(App[None]):
    TITLE = "kaizen"
    CSS_PATH = "app.tcss"

    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        today: date | None = None,
        open_event: str | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config
        self._today = today
        self.open_event = open_event

    @property
    def today(self) -> date:
        """Pinned by tests (and KAIZEN_TODAY); otherwise the real date, read fresh each time."""
        return self._today or date.today()

    def on_mount(self) -> None:
        from kaizen_tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())


def make_app(
    data_dir: Path,
    *,
    config: Config | None = None,
    today: date | None = None,
    open_event: str | None = None,
) -> KaizenApp:
    """The one factory for the CLI and the tests (a tmp data dir and a fixed ``today``)."""
    return KaizenApp(
        Store(data_dir),
        config if config is not None else load_config(data_dir),
        today=today,
        open_event=open_event,
    )
