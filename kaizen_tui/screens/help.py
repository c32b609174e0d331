"""F1 (or ?) on any screen: what to do there, and every key that works there now."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

#: What a person does on each screen (by class name), and on each phase of an event (by id).
SCREEN_HELP: dict[str, tuple[str, str]] = {
    "HomeScreen": (
        "Events",
        "Every event in this data folder. Enter opens the one under the cursor; n starts a new "
        "one, d duplicates one as a template, a archives one. / filters by id, title, area or "
        "people. On the right, what needs attention across all events, by owner: Enter opens "
        "that action or review. p opens the LPO portfolio.",
    ),
    "PortfolioScreen": (
        "LPO portfolio",
        "The four questions a Lean Promotion Office is asked, for the site, business unit, area "
        "and start dates chosen at the top (f). The number keys switch tabs; Enter on an area "
        "narrows to it, on an action opens its event. a and x adopt or decline a yokoten "
        "practice, e exports a person's evidence, p prints the leadership report.",
    ),
}
PHASE_HELP: dict[str, str] = {
    "charter": "The charter: title, dates, problem, scope, team and metrics. Every field saves "
    "when you press Enter, leave it, or pause typing. In the people and metrics lists, a adds, "
    "Enter edits, Del removes.",
    "current": "The current state: the process steps with their time and value (VA, NNVA, NVA), "
    "the lead time and value-add ratio they add up to, and the wastes seen (TIMWOODS).",
    "causes": "Root causes as 5-whys chains: a starts a chain, Enter adds the next why, Enter on "
    "an empty why goes on to the root cause. c confirms a cause; the fishbone groups them.",
    "future": "The future state: ideas tried during the event (try-storming) and the process "
    "steps after it, beside the steps before: what the event changed.",
    "actions": "The kaizen newspaper: type what · owner · due in the quick-add line and press "
    "Enter. Overdue actions are red. Enter edits an action, its PDCA circle and its updates.",
    "followup": "Follow-up: g opens the close-out gate at report-out; h holds the next "
    "30/60/90-day review (readings, a verdict, updates); c closes the event after a sustained "
    "last review.",
    "runsheet": "The run-sheet: the agenda of the event. ctrl+n starts the timebox, or finishes "
    "it and starts the next; the countdown is in the top bar.",
    "parking": "The parking lot: ideas that came up and wait for their time. ctrl+l parks one "
    "from anywhere.",
}


def screen_help(screen: Screen[object]) -> tuple[str, str]:
    """The title and the what-to-do text for ``screen`` (an event: its current phase)."""
    name = type(screen).__name__
    if name in SCREEN_HELP:
        return SCREEN_HELP[name]
    from kaizen_tui.screens.phases import PHASES

    phase = str(getattr(screen, "active_phase", ""))
    if phase in PHASE_HELP:
        title = next((spec.title for spec in PHASES if spec.id == phase), phase)
        return f"Event · {title}", PHASE_HELP[phase]
    return screen.title or name, ""


def key_lines(screen: Screen[object]) -> Text:
    """Every key that works on ``screen`` now, with what it does, from its active bindings."""
    lines = Text()
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        what = active.tooltip or binding.tooltip or binding.description
        # ours only: a table's arrows and scrolling, Tab between fields, go without saying
        if not what or not active.enabled or what in seen or _textual_own(active.node, binding):
            continue
        seen.add(what)
        lines.append(f"{screen.app.get_key_display(binding) or key:>10}  ", style="bold")
        lines.append(what + "\n")
    return lines


def _textual_own(node: object, binding: Binding) -> bool:
    """Whether ``binding`` is one Textual's own widgets declare (arrows, paging, Tab)."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual.") and "BINDINGS" in cls.__dict__:
            for declared in cls.__dict__["BINDINGS"]:
                action = declared.action if isinstance(declared, Binding) else declared[1]
                if action == binding.action:
                    return True
    return False


class HelpScreen(ModalScreen[None]):
    """Help for the screen under it; Esc, F1 or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; border-title-style: bold; background: $panel; padding: 0 1;
    }
    HelpScreen .help-what { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark", "dismiss(None)", "Close", show=False),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.heading, self.what = screen_help(under)
        self.keys = key_lines(under)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = f"Help: {self.heading}"
            box.border_subtitle = "Esc closes"
            if self.what:
                yield Static(Text(self.what), classes="help-what")
            yield Static(self.keys, id="help-keys")
