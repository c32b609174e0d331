"""The workspace's top line: which event, the run-sheet countdown while the event is live,
whether the last edit is saved, and how syncing with the hub goes. Always visible, whatever phase
is open."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class EventBar(Horizontal):
    DEFAULT_CSS = """
    EventBar {
        dock: top;
        height: 1;
        background: $panel;
        /* a title too long is cut with a mark (a Text's no_wrap is lost on its way into a
           Static: it wrapped at a word, and the rest vanished below the bar's one line) */
        & > #bar-title {
            width: 1fr; padding: 0 1; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis;
        }
        & > #bar-timer { width: auto; padding: 0 1; display: none; }
        & > #bar-timer.-running { display: block; background: $accent 30%; }
        & > #bar-timer.-overrun {
            display: block; background: $error; color: $text; text-style: bold;
        }
        & > #bar-saved { width: auto; padding: 0 1; color: $text-success; }
        & > #bar-saved.-error { color: $text; background: $error; text-style: bold; }
        & > #bar-saved.-pending { color: $text-warning; }
        & > #bar-sync { width: auto; padding: 0 1; color: $text-muted; }
        & > #bar-sync.-warning { color: $text-warning; text-style: bold; }
        & > #bar-sync.-error { color: $text; background: $error; text-style: bold; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="bar-title", markup=False)
        yield Static(id="bar-timer", markup=False)
        yield Static(id="bar-saved", markup=False)
        yield Static(id="bar-sync", markup=False)

    def show_title(self, event_id: str, title: str, status: str) -> None:
        # the status before the title: on a narrow screen the title is what gets cut short
        text = Text()
        text.append(event_id, style="bold")
        text.append(f" · {status.replace('_', ' ')} · ", style="dim")
        text.append(title)
        self.query_one("#bar-title", Static).update(text)

    def show_timer(self, label: str | None, countdown: str = "", *, overrun: bool = False) -> None:
        timer = self.query_one("#bar-timer", Static)
        timer.set_class(label is not None and not overrun, "-running")
        timer.set_class(label is not None and overrun, "-overrun")
        if label is None:
            timer.update("")
            return
        mark = "⏰ time's up" if overrun else "▶"
        short = label if len(label) <= 34 else label[:33] + "…"
        timer.update(f"{mark} {short}  {countdown}")

    def show_saved(self, message: str, *, state: str = "ok") -> None:
        """``state`` is "ok" (saved), "pending" (unsaved edits) or "error"."""
        saved = self.query_one("#bar-saved", Static)
        saved.set_class(state == "error", "-error")
        saved.set_class(state == "pending", "-pending")
        saved.update(message)

    def show_sync(self, text: str, tone: str = "") -> None:
        """The hub: "synced 2 min ago", "offline · 3 to push", "⚠ 2 conflicts · F8" ("" hides
        it); ``tone`` is "", "warning" or "error"."""
        cell = self.query_one("#bar-sync", Static)
        cell.set_class(tone == "warning", "-warning")
        cell.set_class(tone == "error", "-error")
        cell.display = bool(text)
        cell.update(text)
