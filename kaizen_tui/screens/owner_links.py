"""Owners' personal links from the actions phase (``L``): the same as ``kaizen links ID`` and
``kaizen links ID --revoke OWNER``, plus the owner cards of ``kaizen a3 ID --cards`` (issue 15).

Every call to the hub and the PDF run in thread workers; the dialog says what it is waiting for
and stays live (Esc leaves at once; a late answer for a closed dialog is dropped).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.words import plural
from kaizen_tui.widgets.dialog import Dialog
from kaizen_tui.widgets.table import Column, Row, Table

if TYPE_CHECKING:
    from kaizen_tui.screens.workspace import EventScreen
    from kaizen_tui.sync.links import OwnerLink

INTRO = (
    "A personal link opens its owner's open actions on every event of the hub, on a phone, to "
    "mark them done, move the PDCA step or add a note. Hand each link to its owner only."
)


class OwnerLinksScreen(Dialog[None]):
    DEFAULT_CSS = """
    OwnerLinksScreen {
        & > .dialog { width: 110; }
        #links-intro { height: auto; color: $text-muted; margin-bottom: 1; }
        #links-state { height: auto; }
        #links-table { height: auto; max-height: 16; }
        #links-chosen { height: auto; margin-top: 1; color: $accent; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "revoke", "End link"),
        Binding("c", "cards", "Owner cards"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, workspace: EventScreen) -> None:
        super().__init__()
        self.workspace = workspace
        self.event_id = workspace.event.id
        self.links: list[OwnerLink] = []
        self.ended: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = f"Owners' personal links · {self.event_id}"
            yield Static(INTRO, id="links-intro", markup=False)
            yield Static("Asking the hub …", id="links-state", markup=False)
            yield Table(
                [Column("owner", "Owner", 24), Column("url", "Personal link", None, min_width=20)],
                empty_text="No links yet.",
                id="links-table",
            )
            # the whole link of the owner under the cursor: at 80 columns the table cuts it
            yield Static("", id="links-chosen", markup=False)
            yield Static(classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("End link  r", id="revoke", compact=True)
                yield Button("Owner cards  c", id="cards", compact=True)
                yield Button("Close  Esc", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#links-table", Table).focus()
        self._fetch()

    # -- the hub, in workers ---------------------------------------------------------------------

    def _background(self, work: Callable[[], Callable[[], None]], name: str) -> None:
        """Run ``work`` in a thread; the callable it returns runs on the UI thread."""
        app = self.app

        def run() -> None:
            try:
                then = work()
            except KaizenError as err:
                problem = str(err)

                def then() -> None:
                    self._state(problem, error=True)

            except Exception as err:  # a bug must not take the app down
                problem = f"{type(err).__name__}: {err}"

                def then() -> None:
                    self._state(problem, error=True)

            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                app.call_from_thread(lambda: then() if self.is_attached else None)

        self.run_worker(run, name=name, group="owner-links", thread=True, exit_on_error=False)

    def _fetch(self) -> None:
        from kaizen_tui.sync.links import owner_links

        app = self.workspace.kaizen
        root, url, token = app.store.root, app.config.hub_url, app.config.hub_token

        def work() -> Callable[[], None]:
            found = owner_links(root, url, token, self.event_id)
            return lambda: self._show(found)

        self._background(work, "owner-links")

    def _show(self, found: list[OwnerLink]) -> None:
        self.links = found
        table = self.query_one("#links-table", Table)
        table.set_rows(
            [
                Row(
                    link.owner,
                    (link.owner, "ended: no link" if link.owner in self.ended else link.url),
                )
                for link in found
            ]
        )
        if not found:
            self._state(f"{self.event_id} has no action with an owner yet.")
        else:
            fresh = sum(link.new for link in found)
            said = plural(len(found), "owner") + (f", {plural(fresh, 'new link')}" if fresh else "")
            self._state(f"{said}. r ends the selected owner's links; c prints their cards.")

    @on(Table.Highlighted, "#links-table")
    def _highlighted(self, event: Table.Highlighted) -> None:
        link = next((x for x in self.links if x.owner == event.key), None)
        shown = ""
        if link is not None:
            shown = f"{link.owner}: " + ("link ended" if link.owner in self.ended else link.url)
        self.query_one("#links-chosen", Static).update(shown)

    def _state(self, text: str, *, error: bool = False) -> None:
        # a problem goes to the dialog's message line (in the error colour), once
        self.query_one("#links-state", Static).update("" if error else text)
        self.say(text if error else "")

    # -- actions ---------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_revoke(self) -> None:
        from kaizen_tui.widgets.confirm import ConfirmScreen

        owner = self.query_one("#links-table", Table).cursor_key
        if owner is None or owner in self.ended:
            return
        message = (
            f"{owner}'s personal links stop working at once, wherever they were handed out "
            "(cards, messages). Their actions stay as they are; a new link is made the next "
            "time links are asked for."
        )

        def answered(agreed: bool | None) -> None:
            if agreed:
                self._revoke(owner)

        self.app.push_screen(ConfirmScreen(f"End {owner}'s links?", message, yes="End"), answered)

    def _revoke(self, owner: str) -> None:
        from kaizen_tui.sync.links import revoke_owner_links

        app = self.workspace.kaizen
        root, url, token = app.store.root, app.config.hub_url, app.config.hub_token
        self._state(f"Ending {owner}'s links …")

        def work() -> Callable[[], None]:
            shown, count = revoke_owner_links(root, url, token, self.event_id, owner)

            def done() -> None:
                self.ended.add(owner)
                self._show(self.links)
                self._state(f"Ended {count} link{'s' if count != 1 else ''} of {shown}.")

            return done

        self._background(work, "owner-links-revoke")

    def action_cards(self) -> None:
        from kaizen_tui.a3.output import a3_folder

        links = [(link.owner, link.url) for link in self.links if link.owner not in self.ended]
        if not links:
            return
        app = self.workspace.kaizen
        event = self.workspace.event
        folder = a3_folder(app.config.a3_dir, Path.cwd())
        today = app.today
        self._state("Printing the owner cards …")

        def work() -> Callable[[], None]:
            from kaizen_tui.a3.cards import render_cards
            from kaizen_tui.store.files import write_bytes_file

            pdf = render_cards(event, links, paper="a4", today=today)
            path = folder / f"{event.id}-owner-cards.pdf"
            write_bytes_file(path, pdf, make_folder=True)
            return lambda: self._state(f"Owner cards: {path}")

        self._background(work, "owner-cards")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"revoke": self.action_revoke, "cards": self.action_cards, "close": self.action_close}[
            event.button.id or "close"
        ]()
