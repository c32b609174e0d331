"""Syncing with the hub from the app: in a thread worker, never on the UI thread.

When the laptop is logged in (``kaizen hub login``) the app syncs at start, a little while after
edits settle, every few minutes, and on "Sync now" (the command palette). One sync at a time; one
asked for while another runs follows it. What the top bars say comes from :class:`SyncStatus`:
"synced 2 min ago", "syncing…", "offline · 3 to push", "2 conflicts".

After a sync, the screens that show events hear about it (``show_sync``; the workspace reloads an
event the sync changed, keeping what is being typed). The work is kaizen_tui.sync's; this module
only schedules it and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from textual.timer import Timer

    from kaizen_tui.screens.host import KaizenHost
    from kaizen_tui.sync import SyncReport

#: Seconds between syncs while the app is open.
EVERY_S = 180.0
#: Seconds after the last edit before its sync (edits during a live session come in bursts).
SETTLE_S = 15.0

State = Literal["off", "waiting", "syncing", "ok", "offline", "refused"]


@dataclass(frozen=True)
class SyncStatus:
    state: State = "off"
    last_ok: datetime | None = None
    to_push: int = 0  # events with changes the hub has not got
    #: open conflicts by event (the workspace updates its own event's count as they are settled)
    by_event: tuple[tuple[str, int], ...] = ()
    problem: str = ""  # the last sync's one-line reason, when it could not sync
    #: events a sync that ran could not bring level with the hub ("KZ-1: the hub refused it: …"):
    #: the sync went through, but these changes are still on this laptop only
    not_synced: tuple[str, ...] = ()

    @property
    def conflicts(self) -> int:
        return sum(count for _, count in self.by_event)

    def text(self, now: datetime) -> str:
        """The few words for a top bar ("" when not logged in)."""
        if self.state == "off":
            return ""
        # conflicts first: they need the facilitator, and a narrow header cuts off the end
        parts: list[str] = []
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict{'s' if self.conflicts != 1 else ''}")
        if self.state == "syncing":
            parts.append("syncing…")
        elif self.state == "offline":
            parts.append("offline" + (f" · {self.to_push} to push" if self.to_push else ""))
        elif self.state == "refused":
            parts.append("hub refused the token")
        elif self.state == "ok" and self.last_ok is not None:
            parts.append(f"synced {ago(self.last_ok, now)}")
            if self.not_synced:
                parts.append(f"{len(self.not_synced)} not synced")
        elif self.state == "waiting":
            parts.append("not synced yet")
        return " · ".join(parts)

    @property
    def tone(self) -> str:
        """ "error" (refused), "warning" (offline, conflicts) or "" for the bars' colours."""
        if self.state == "refused":
            return "error"
        if self.state == "offline" or self.conflicts or self.not_synced:
            return "warning"
        return ""


def ago(then: datetime, now: datetime) -> str:
    seconds = max(0.0, (now - then).total_seconds())
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h ago"
    return f"{hours // 24} d ago"


@dataclass
class _Outcome:
    status: SyncStatus
    report: SyncReport | None = None
    changed: set[str] = field(default_factory=set)


class SyncRunner:
    """Schedules syncs for the app and keeps the latest :class:`SyncStatus`."""

    def __init__(self, app: KaizenHost) -> None:
        self.app = app
        self.status = SyncStatus()
        self._running = False
        self._again = False
        self._loud = False  # say how it went (Sync now), not only in the bars
        self._settle: Timer | None = None

    @property
    def logged_in(self) -> bool:
        return bool(self.app.config.hub_url and self.app.config.hub_token)

    @property
    def running(self) -> bool:
        """A sync is under way (or about to start again)."""
        return self._running or self._again

    def start(self) -> None:
        """At app start: sync now, then every few minutes (nothing when not logged in)."""
        if not self.logged_in:
            return
        from kaizen_tui.sync import last_sync

        self.status = SyncStatus("waiting", last_sync(self.app.store, self.app.config.hub_url))
        self.app.set_interval(EVERY_S, self.request)
        self.app.set_interval(30.0, self._publish)  # "synced 2 min ago" keeps counting
        self.request()

    def edited(self) -> None:
        """An edit was saved: sync once edits have settled for a while."""
        if not self.logged_in:
            return
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.app.set_timer(SETTLE_S, self.request)

    def conflicts_now(self, event_id: str, count: int) -> None:
        """An event on screen has ``count`` conflicts now (after a choice in the conflicts view)."""
        known = dict(self.status.by_event)
        if known.get(event_id, 0) == count:
            return
        known[event_id] = count
        by_event = tuple((k, v) for k, v in known.items() if v)
        self.status = replace(self.status, by_event=by_event)
        self._publish()

    def sync_now(self) -> None:
        """The palette's "Sync now": sync at once and say how it went."""
        if not self.logged_in:
            self.app.notify(
                "This laptop is not logged in to a hub: kaizen hub login URL --token TOKEN",
                title="Sync",
                severity="warning",
                markup=False,
            )
            return
        self._loud = True
        self.request()

    def request(self) -> None:
        if not self.logged_in:
            return
        if self._running:
            self._again = True  # after this one: it may have missed the latest edit
            return
        self._running = True
        self.status = replace(self.status, state="syncing")
        self._publish()
        self.app.run_worker(
            self._work, thread=True, group="hub-sync", exit_on_error=False, name="hub sync"
        )

    # -- in the worker thread ------------------------------------------------------------------

    def _work(self) -> None:
        from kaizen_tui.errors import KaizenError, StorageError
        from kaizen_tui.logic import listing
        from kaizen_tui.sync import HubRefused, HubUnreachable, pending, sync

        app = self.app
        store = app.store
        url, token = app.config.hub_url, app.config.hub_token
        last_ok = self.status.last_ok
        outcome: _Outcome
        try:
            report = sync(store, url, token, today=app.today, wait=0.0)
        except HubRefused as err:
            outcome = _Outcome(SyncStatus("refused", last_ok, problem=str(err)))
        except StorageError as err:  # e.g. `kaizen sync` running in a terminal right now
            outcome = _Outcome(SyncStatus("waiting", last_ok, problem=str(err)))
        except (HubUnreachable, KaizenError) as err:
            outcome = _Outcome(SyncStatus("offline", last_ok, problem=str(err)))
        except Exception as err:  # a worker must not take the app down; say what happened
            outcome = _Outcome(SyncStatus("offline", last_ok, problem=f"sync failed: {err}"))
        else:
            changed = set(report.pulled) | set(report.pushed) | set(report.renamed)
            status = SyncStatus("ok", datetime.now(UTC), not_synced=tuple(report.problems))
            outcome = _Outcome(status, report, changed)
        try:
            by_event = tuple(listing.conflicts_by_event(store.db()))
            level = outcome.status.state == "ok" and not outcome.status.not_synced
            to_push = 0 if level else pending(store, url)
        except KaizenError:
            by_event, to_push = self.status.by_event, self.status.to_push
        outcome.status = replace(outcome.status, to_push=to_push, by_event=by_event)
        app.call_from_thread(self._done, outcome)

    # -- back on the UI thread -----------------------------------------------------------------

    def _done(self, outcome: _Outcome) -> None:
        self._running = False
        earlier = self.status.not_synced
        self.status = outcome.status
        self._publish(outcome.changed)
        if self._loud:
            self._loud = False
            self._say(outcome)
        else:
            self._tell(outcome, earlier)
        if self._again:
            self._again = False
            self.request()

    def _tell(self, outcome: _Outcome, earlier: tuple[str, ...]) -> None:
        """After a sync in the background, what the facilitator must know, once."""
        if new := [line for line in outcome.status.not_synced if line not in earlier]:
            # "synced" alone would let the facilitator believe the hub has these edits
            self.app.notify(
                "\n".join(new[:4]) + "\nThe changes are kept on this laptop.",
                title="Not synced",
                severity="warning",
                timeout=15,
                markup=False,
            )
        if outcome.report is not None and outcome.report.conflicts:
            count = len(outcome.report.conflicts)
            self.app.notify(
                f"{count} new conflict{'s' if count != 1 else ''} from the hub: open the event "
                "and press F8 to choose",
                title="Sync",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _publish(self, changed: set[str] | None = None) -> None:
        for screen in self.app.screen_stack:
            show: Any = getattr(screen, "show_sync", None)
            if show is not None:
                show(self.status, changed or set())

    def _say(self, outcome: _Outcome) -> None:
        status, report = outcome.status, outcome.report
        if report is None:
            self.app.notify(
                status.problem or "could not sync", title="Sync", severity="error", markup=False
            )
            return
        words = []
        if report.pushed:
            words.append(f"sent {len(report.pushed)}")
        if report.pulled:
            words.append(f"received {len(report.pulled)}")
        if report.conflicts:
            words.append(f"{len(report.conflicts)} new conflicts (F8 on the event)")
        text = ", ".join(words) if words else "up to date"
        for line in [*report.notes, *report.problems][:4]:
            text += f"\n{line}"
        self.app.notify(text, title="Synced with the hub", timeout=8, markup=False)
