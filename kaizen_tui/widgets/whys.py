"""A 5-whys chain: one line per why, typed the way the team talks it through.

Enter saves the why and moves to the next one (a new, empty why after the last); Enter on an empty
why removes it (on the empty why after the last one, it ends the chain: the root cause is next);
Ctrl+↑/↓ move the why under the cursor. The chain is saved as a whole whenever a
why is accepted (Enter, or leaving the line); empty lines are never saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from kaizen_tui.logic.edits import clean_whys

Save = Callable[[list[str]], str | None]


class WhyLine(Horizontal):
    DEFAULT_CSS = """
    WhyLine { height: 1; }
    WhyLine > Label { width: 9; color: $text-muted; }
    WhyLine:focus-within { background-tint: $foreground 6%; }  /* lets the label rule apply */
    WhyLine:focus-within > Label { color: $accent; text-style: bold; }
    WhyLine > Input { width: 1fr; }
    """

    def __init__(self, number: int, text: str) -> None:
        super().__init__()
        self.number = number
        self.dropped = False  # removed from the chain (its removal may not be finished yet)
        # Built here, not in compose: the chain reads a line's text as soon as it is mounted
        # (a key pressed right after switching to Root causes must not find it missing).
        self.input = Input(
            text,
            placeholder="why? (Enter: the next why · Enter on an empty why: done)",
            compact=True,
            select_on_focus=False,
        )

    def compose(self) -> ComposeResult:
        yield Label(f"Why {self.number}?")
        yield self.input

    def renumber(self, number: int) -> None:
        self.number = number
        if self.is_mounted:
            self.query_one(Label).update(f"Why {number}?")


class WhyChain(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+up,alt+up", "move(-1)", "Move why up"),
        Binding("ctrl+down,alt+down", "move(1)", "Move why down"),
    ]

    DEFAULT_CSS = """
    WhyChain { height: auto; }
    WhyChain > #why-problem { color: $text-error; height: auto; }
    WhyChain > #why-message { display: none; color: $text-error; height: auto; }
    WhyChain > #why-message.-shown { display: block; }
    """

    def __init__(self, save: Save, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.save_whys = save
        self._saved: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="why-message", markup=False)

    # -- state ----------------------------------------------------------------------------------

    def lines(self) -> list[WhyLine]:
        return [line for line in self.query(WhyLine) if not line.dropped]

    def _drop(self, line: WhyLine) -> None:
        line.dropped = True
        line.remove()

    def current(self) -> list[str]:
        return [line.input.value for line in self.lines()]

    @property
    def dirty(self) -> bool:
        return clean_whys(self.current()) != self._saved

    def show_whys(self, whys: list[str], *, force: bool = False) -> None:
        """Show a stored chain; a chain being edited is left alone unless ``force``."""
        whys = list(whys)
        if not force and clean_whys(self.current()) == whys:
            self._saved = whys
            return
        if not force and self.dirty and self._has_focus():
            self._saved = whys
            return
        self._saved = whys
        for line in self.lines():
            self._drop(line)
        texts = whys or [""]
        self.mount_all(
            [WhyLine(i + 1, text) for i, text in enumerate(texts)],
            before=self.query_one("#why-message"),
        )
        self._message("")

    def _has_focus(self) -> bool:
        focused = self.screen.focused
        return focused is not None and self in focused.ancestors

    # -- saving ---------------------------------------------------------------------------------

    def save(self, texts: list[str] | None = None) -> str | None:
        whys = clean_whys(self.current() if texts is None else texts)
        if whys == self._saved:
            return None
        problem = self.save_whys(whys)
        if problem:
            self._message(problem)
            return f"5 whys: {problem}"
        self._saved = whys
        self._message("")
        return None

    def _message(self, text: str) -> None:
        message = self.query_one("#why-message", Static)
        message.update(text)
        message.set_class(bool(text), "-shown")

    def _index_of(self, widget: Input) -> int:
        for i, line in enumerate(self.lines()):
            if line.input is widget:
                return i
        return -1

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        lines = self.lines()
        index = self._index_of(event.input)
        if index < 0:
            return
        last = index == len(lines) - 1
        if not event.value.strip() and len(lines) > 1:
            # an empty why and Enter: the why is removed
            removed = lines[index]
            following = [ln for ln in lines if ln is not removed]
            self._drop(removed)
            for number, line in enumerate(following, 1):
                line.renumber(number)
            self.save([ln.input.value for ln in following])
            if last:
                # Enter on the empty why after the last one: the chain is done, on to what
                # follows it (the root cause), not back into the last why
                self.call_after_refresh(self._leave_chain)
            else:
                self.call_after_refresh(following[index].input.focus)
            return
        if self.save() is not None:
            return
        if not last:
            lines[index + 1].input.focus()
        elif event.value.strip():
            new = WhyLine(len(lines) + 1, "")
            self.mount(new, before=self.query_one("#why-message"))
            self.call_after_refresh(new.input.focus)
        else:
            self.call_after_refresh(self._leave_chain)

    def _leave_chain(self) -> None:
        """Focus what comes after the chain (the keyboard order past its last why)."""
        chain = self.screen.focus_chain
        inside = [i for i, widget in enumerate(chain) if self in widget.ancestors]
        if inside and inside[-1] + 1 < len(chain):
            chain[inside[-1] + 1].focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if self.dirty:
            self.save()

    def action_move(self, delta: int) -> None:
        focused = self.screen.focused
        if not isinstance(focused, Input):
            return
        lines = self.lines()
        index = self._index_of(focused)
        target = index + delta
        if index < 0 or not 0 <= target < len(lines):
            return
        a, b = lines[index].input, lines[target].input
        a.value, b.value = b.value, a.value
        b.focus()
        self.save()
