"""Keys typed ahead land where they were meant: after a key that may move the focus.

Textual hands each key to the widget focused *when the app reads the key*. A key that moves the
focus (Enter adding the next why, Tab, a hotkey opening a dialog) does so a few messages later:
the binding runs when the key has bubbled up to the app, a form posts ``Submitted``, a new line is
mounted and focused after a refresh. Keys read meanwhile (a person typing on, or keys queued while
the app was busy) went to the old field: "Alpha why oneB" instead of "B" in the next why.

:class:`TypeAhead` holds the keys that arrive after such a key until the app has settled (every
widget of the screen in front has handled what was posted to it, including a dialog pushed or a
widget mounted on the way), then lets them through, in order, to whatever has the focus then.
Keys typed into a text field (characters, Backspace, ←/→) cannot move the focus and pass at once,
so typing costs nothing; only keys after a focus-moving key wait, a few milliseconds. A
focus-moving key typed right after such letters waits too, until the letters have reached their
field: a hotkey the app handles itself (ctrl+l, ctrl+q) would otherwise overtake them.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ScreenStackError
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

#: Keys that edit the text in a field and never move the focus.
EDITING_KEYS = frozenset(
    {"backspace", "delete", "left", "right", "home", "end", "ctrl+left", "ctrl+right"}
)

#: Never hold keys longer than this, whatever the app is doing: keys are late rather than
#: misplaced while the app works, but a screen that never settles cannot keep them forever. (A
#: loaded laptop took over a second after Enter on the trial; on this shared 2-core machine with
#: six apps typing at once, opening a dialog took 3.4-4.2 s to settle, so 5 s let keys through
#: into the wrong place. Nothing in the app animates without end, so the cap is rarely reached.)
LONGEST_HOLD = 10.0


def _is_text_field(widget: object) -> bool:
    if isinstance(widget, Input):
        return True
    # TextArea only once something imported it (the home screen has none: its module and the
    # document modules behind it are not loaded at start, bench startup)
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


class TypeAhead:
    """The app's key gate (see the module docstring). ``App.on_event`` asks :meth:`keep` for
    every key read from the terminal, and calls :meth:`passed` after handing one on."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.backlog: deque[events.Key | events.Paste] = deque()
        self.holding = False  # a focus-moving key is being handled, or held keys are let out
        self.released: events.Key | events.Paste | None = None  # let out, on its way again
        self.typed = False  # keys were handed to a field since the app last settled
        self.last_key_at = 0.0  # when the last key came in (time.monotonic)
        self._task: asyncio.Task[None] | None = None
        self.held_count = 0  # keys ever held (for tests and the note's measurements)

    def keep(self, event: events.Key | events.Paste) -> bool:
        """True: the key is held (it is handed on later, in order)."""
        self.last_key_at = time.monotonic()
        if event is self.released:
            self.released = None
            return False
        if self.holding or self.backlog:
            self.backlog.append(event)
            self.held_count += 1
            return True
        if self.typed and self.moves_focus(event):
            # the letters typed just before are still on their way to their field: a hotkey
            # handled by the app now (ctrl+l, ctrl+q) would overtake them
            self.backlog.append(event)
            self.held_count += 1
            self._settle()
            return True
        return False

    def moves_focus(self, event: events.Key | events.Paste) -> bool:
        """Whether this key may move the focus (decided before it is handed on)."""
        if isinstance(event, events.Paste):
            return False
        focused = self.app.focused
        typing = event.is_printable or event.key in EDITING_KEYS
        return not (_is_text_field(focused) and typing)

    def passed(self, event: events.Key | events.Paste, *, moved: bool) -> None:
        """``event`` was handed on; ``moved``: it may move the focus, so wait for the app to
        settle before the next key."""
        if moved:
            self._settle()
            return
        self.typed = True
        if self.holding and self._task is None:
            self._release_next()

    def _settle(self) -> None:
        self.holding = True
        if self._task is None:
            self._task = asyncio.create_task(self._settle_then_release())

    def _release_next(self) -> None:
        if not self.backlog:
            self.holding = False
            return
        event = self.backlog[0]
        if self.typed and self.moves_focus(event):
            self._settle()  # the letters before it reach their field first
            return
        self.backlog.popleft()
        self.released = event
        self.app.post_message(event)

    async def _settle_then_release(self) -> None:
        try:
            await settled(self.app)
        finally:
            self._task = None
            self.typed = False
            self._release_next()


def typing_pause(app: App[Any], quiet: float = 1.0) -> float:
    """Seconds until the person has not typed for ``quiet`` seconds (0: not typing now). A
    dialog that opens on its own (not on a key) waits for that, or it takes their keys."""
    gate = getattr(app, "typeahead", None)
    if not isinstance(gate, TypeAhead):
        return 0.0
    return max(0.0, gate.last_key_at + quiet - time.monotonic())


async def settled(app: App[Any], longest: float = LONGEST_HOLD) -> None:
    """Wait until the app, the screen in front and its widgets have handled every message
    posted to them, including those posted while handling (a Submitted, a mount, a dialog
    pushed) and the callbacks waiting for the next refresh (a focus after a mount), or
    ``longest`` seconds. It only looks (posting nothing), every few milliseconds."""
    deadline = time.monotonic() + longest
    calm = 0
    while time.monotonic() < deadline:
        try:
            screen = app.screen
        except ScreenStackError:  # the app is closing: nothing left to settle
            return
        busy = bool(getattr(screen, "_callbacks", None)) or not all(
            _idle(node) for node in (app, *screen.walk_children(with_self=True))
        )
        # twice calm in a row: a handler between two steps (a message done, its idle
        # callbacks not yet run) is not taken for the end
        calm = 0 if busy else calm + 1
        if calm >= 2:
            return
        await asyncio.sleep(0.004 if busy else 0)


def _idle(node: MessagePump) -> bool:
    """Nothing waiting in the node's queue and nothing being handled."""
    queue = getattr(node, "_message_queue", None)
    if queue is None:
        return True
    unfinished = getattr(queue, "_unfinished_tasks", None)  # asyncio.Queue: got, not done
    pending = queue.qsize() if unfinished is None else unfinished
    return not pending and not getattr(node, "_next_callbacks", None)
