"""The close-out gate at report-out: the checklist a facilitator passes (or overrides, with a
reason that is recorded) before an event counts as reported.

The rules are ``logic.gate``'s; this screen shows them, takes the override reasons, prints the A3
right here when that is what is missing, and says what passing will do (the report-out date and
the review dates) before it is done. Passing is one save through the ``Committer`` it is given
(the workspace, whose ``commit`` keeps the event it saved); the screen needs nothing else of the
workspace, so it can be opened over any event and a way to save it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from kaizen_tui.logic import gate
from kaizen_tui.logic.words import join_and
from kaizen_tui.widgets.dialog import Dialog
from kaizen_tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pathlib import Path

    from kaizen_tui.screens.print_a3 import Done
    from kaizen_tui.screens.workspace import EventScreen
    from kaizen_tui.widgets.fields import Committer

#: Where a failing rule is fixed: (phase id, button label).
FIX_IN = {
    "actions": ("actions", "Fix on Actions"),
    "metrics": ("charter", "Fix on Charter"),
    "after": ("followup", "Measure on Follow-up"),
    "people": ("charter", "Fix on Charter"),
}

#: How the outcome line names a failing rule.
SHORT = {
    "actions": "owners and dates",
    "metrics": "baselines and targets",
    "after": "after readings",
    "people": "roles",
    "a3": "A3 printed",
}

#: What the gate screen returns: "passed", "phase:<id>" (go and fix it there), or None.
GateResult = str | None


class GateScreen(Dialog[GateResult]):
    LEAVE_WARNING = "Press Esc again to leave the gate; the reasons typed are not kept."

    DEFAULT_CSS = """
    GateScreen {
        #gate-intro { color: $text-muted; height: auto; }
        #gate-checks { height: auto; max-height: 1fr; }
        .gate-check { height: auto; margin-top: 1; }
        .check-title { text-style: bold; height: auto; }
        .check-message { height: auto; padding-left: 4; }
        .gate-check.-failing .check-title { color: $text-error; }
        .gate-check.-overridden .check-title { color: $text-warning; }
        .gate-check.-passing .check-message { color: $text-muted; }
        .check-fix { height: auto; padding-left: 4; display: none; }
        .gate-check.-failing .check-fix, .gate-check.-overridden .check-fix { display: block; }
        .check-fix > Input { width: 1fr; }
        .check-fix > Button { margin-left: 1; }
        #gate-outcome { height: auto; margin-top: 1; padding: 0 1; background: $boost; }
    }
    /* 80x24: no blank line between the checks, so the outcome and the buttons stay in view */
    GateScreen.-narrow .gate-check { margin-top: 0; }
    GateScreen.-narrow #gate-checks { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "pass_gate", "Pass the gate", priority=True, key_display="^s"),
        Binding("ctrl+o", "print_a3", "Print A3", priority=True, key_display="^o"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        desk: Committer,
        *,
        by: str,
        review_days: Sequence[int],
        print_a3: Callable[[Done], None],
    ) -> None:
        """``desk``: the event, today and a way to commit a change to it; ``by``: who passes
        (recorded with the overrides); ``review_days``: the reviews passing schedules when the
        event names none; ``print_a3``: prints the event's A3 (the "A3 printed" check) and
        calls back with the PDF's path, or None."""
        super().__init__()
        self.desk = desk
        self.by = by
        self.review_days = list(review_days)
        self.print_a3 = print_a3
        self.checks: list[gate.GateCheck] = []
        self.printing = False

    def compose(self) -> ComposeResult:
        event = self.desk.event
        with Vertical(id="gate", classes="dialog") as box:
            box.border_title = Content(f"Close-out gate · {event.id}")
            yield Static(
                "The report-out checklist. Pass every check, or override one with a reason: the "
                "reason is recorded on the event, with your name and the date, for the LPO.",
                id="gate-intro",
            )
            with VerticalScroll(id="gate-checks"):
                for rule, title in gate.RULES.items():
                    with Vertical(classes="gate-check", id=f"check-{rule}"):
                        yield Static(title, classes="check-title", markup=False)
                        yield Static("", classes="check-message", markup=False)
                        with Horizontal(classes="check-fix"):
                            yield Input(
                                placeholder="override: why it is acceptable to pass (recorded)",
                                id=f"reason-{rule}",
                                compact=True,
                                select_on_focus=False,
                            )
                            if rule == "a3":
                                yield Button(
                                    "Print the A3 now  ctrl+o",
                                    id="gate-print",
                                    variant="primary",
                                    compact=True,
                                )
                            else:
                                yield Button(FIX_IN[rule][1], id=f"fix-{rule}", compact=True)
            yield Static("", id="gate-outcome")
            yield Static("", id="gate-message", classes="dialog-message", markup=False)
            with Horizontal(id="gate-buttons", classes="dialog-buttons"):
                yield Button(
                    "Pass the gate  ctrl+s", variant="success", id="gate-pass", compact=True
                )
                yield Button("Cancel  esc", id="gate-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_checks()
        self._focus_start()

    def _focus_start(self) -> None:
        failing = [c for c in self.checks if not c.passed]
        if not failing:
            self.query_one("#gate-pass", Button).focus()
        elif [c.rule for c in failing] == ["a3"]:
            self.query_one("#gate-print", Button).focus()  # Enter prints
        else:
            self.query_one(f"#reason-{failing[0].rule}", Input).focus()

    # -- state ----------------------------------------------------------------------------------

    def reasons(self) -> dict[str, str]:
        """Override reasons typed for the rules that fail now."""
        found = {}
        for check in self.checks:
            if not check.passed:
                reason = self.query_one(f"#reason-{check.rule}", Input).value.strip()
                if reason:
                    found[check.rule] = reason
        return found

    def refresh_checks(self) -> None:
        """Check the rules again on the event (after a print, or a reason typed)."""
        event = self.desk.event
        self.checks = gate.check_gate(event)
        reasons = self.reasons()
        for check in self.checks:
            block = self.query_one(f"#check-{check.rule}", Vertical)
            overridden = not check.passed and check.rule in reasons
            block.set_class(check.passed, "-passing")
            block.set_class(not check.passed and not overridden, "-failing")
            block.set_class(overridden, "-overridden")
            mark = "✓" if check.passed else ("⚑" if overridden else "✗")
            block.query_one(".check-title", Static).update(f"{mark} {check.title}")
            message = check.message
            if overridden:
                message += "  · overridden: " + reasons[check.rule]
            block.query_one(".check-message", Static).update(message)
        self.query_one("#gate-print", Button).disabled = self.printing
        if self.printing:
            self.query_one("#gate-print", Button).label = "Printing …"
        else:
            self.query_one("#gate-print", Button).label = "Print the A3 now  ctrl+o"
        self._show_outcome()

    def _show_outcome(self) -> None:
        event, today = self.desk.event, self.desk.today
        blocking = gate.outstanding(self.checks, self.reasons())
        self.query_one("#gate-pass", Button).disabled = bool(blocking)
        outcome = self.query_one("#gate-outcome", Static)
        if blocking:
            rules = join_and([SHORT.get(c.rule, c.rule) for c in blocking])
            count = len(blocking)
            outcome.update(
                Content.assemble(
                    (f"Not passed yet: {count} check{'s' if count != 1 else ''} ", "bold"),
                    f"({rules}) fail{'s' if count == 1 else ''} without a reason. Fix "
                    f"{'it' if count == 1 else 'them'}, or type why passing anyway is right.",
                )
            )
            return
        wrong_dates = gate.date_problem(event, today)
        if wrong_dates:
            self.query_one("#gate-pass", Button).disabled = True
            outcome.update(
                Content.assemble(("Not passed yet: ", "bold"), wrong_dates + " (Charter).")
            )
            return
        report_out = gate.report_out_on_pass(event, today)
        reviews = gate.reviews_on_pass(event, today, self.review_days)
        days = join_and([f"{day}-" for day, _ in reviews[:-1]] + [f"{reviews[-1][0]}-day"])
        dates = join_and([due.isoformat() for _, due in reviews])
        outcome.update(
            Content.assemble(
                ("Ready. ", "bold $text-success"),
                f"Passing moves {event.id} to reported (report-out {report_out.isoformat()}) "
                f"and schedules the {days} reviews: {dates}.",
            )
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pass_gate":
            event, today = self.desk.event, self.desk.today
            blocked = gate.outstanding(self.checks, self.reasons()) or gate.date_problem(
                event, today
            )
            return not blocked or None
        if action == "print_a3":
            return not self.printing or None
        return True

    def on_key(self, event: events.Key) -> None:
        # Typing while a check's button has the focus (Print the A3 now is focused when only
        # the print is missing) is typing the override reason beside it: the trial's reason
        # otherwise went nowhere.
        focused = self.focused
        if (
            isinstance(focused, Button)
            and event.is_printable
            and event.character
            and focused.parent is not None
            and focused.parent.has_class("check-fix")
        ):
            box = focused.parent.query_one(Input)
            box.focus()
            box.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    @on(Input.Changed)
    def _reason_typed(self) -> None:
        self.typing_resumed()
        self.say("")
        self.refresh_checks()

    # -- actions --------------------------------------------------------------------------------

    @on(Button.Pressed, "#gate-print")
    def action_print_a3(self) -> None:
        if self.printing:
            return
        self.printing = True
        self.refresh_checks()
        self.print_a3(self._printed)

    def _printed(self, path: Path | None) -> None:
        self.printing = False
        if not self.is_attached:
            return
        self.refresh_checks()
        if path is not None and not [c for c in self.checks if not c.passed]:
            self.query_one("#gate-pass", Button).focus()

    @on(Button.Pressed, "#gate-pass")
    def action_pass_gate(self) -> None:
        reasons = self.reasons()
        blocking = gate.outstanding(self.checks, reasons)
        if blocking:
            self.say(blocking[0].message)
            return
        today, by, days = self.desk.today, self.by, self.review_days
        problem = self.desk.commit(
            lambda event: gate.close_out(
                event, today=today, overrides=reasons, by=by, default_days=days
            ),
            "close-out gate",
        )
        if problem:
            self.say(problem)
            self.refresh_checks()
            return
        self.dismiss("passed")

    @on(Button.Pressed, ".check-fix Button")
    def _fix(self, event: Button.Pressed) -> None:
        rule = (event.button.id or "").removeprefix("fix-")
        if rule in FIX_IN:
            self.dismiss(f"phase:{FIX_IN[rule][0]}")

    @on(Button.Pressed, "#gate-cancel")
    def action_cancel(self) -> None:
        if self.may_leave():
            self.dismiss(None)

    @property
    def unsaved_name(self) -> str:
        return "Close-out gate (override reasons)"

    def has_unsaved(self) -> bool:
        return any(box.value.strip() for box in self.query(".check-fix Input").results(Input))


def open_gate(workspace: EventScreen) -> None:
    """Open the gate for the workspace's event, or say why it does not apply."""
    refusal = gate.gate_refusal(workspace.event)
    if refusal:
        workspace.notify(refusal[0].upper() + refusal[1:], title="Close-out gate", timeout=8)
        return

    async def closed(result: GateResult) -> None:
        if result == "passed":
            event = workspace.event
            reviews = ", ".join(
                f"{r.day}-day {r.due.isoformat()}" for r in event.reviews if r.due is not None
            )
            workspace.notify(
                f"{event.id} is reported. Reviews: {reviews}.", title="Close-out gate passed"
            )
            await workspace.action_phase("followup")
        elif result and result.startswith("phase:"):
            await workspace.action_phase(result.removeprefix("phase:"))

    from kaizen_tui.screens.print_a3 import print_a3

    config = workspace.kaizen.config
    gate_screen = GateScreen(
        workspace,
        by=config.user_name,
        review_days=config.review_days,
        print_a3=lambda then: print_a3(workspace, then=then),
    )
    workspace.app.push_screen(gate_screen, closed)
