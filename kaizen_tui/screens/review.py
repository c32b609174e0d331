"""Holding a 30/60/90-day review: the date, a reading for every metric, an update for every open
action, notes and a verdict, saved in one step.

Built for speed in a stand-up at the board: the cursor starts in the first reading; Tab walks
readings → verdict → notes → actions (PDCA, status, new due date, note); ctrl+s holds the review.
The verdict suggested by the readings (``logic.verdict``) is shown and updated as each reading is
typed; "as suggested" is the default, and choosing another verdict is an override that stays on
record beside the suggestion. Every open action gets a dated update, "reviewed, no change" when
nothing was changed. The rules are ``logic.followup.hold_review``; a refusal is shown here and
nothing typed is lost. The screen is given the event, today and a way to commit (a ``Committer``:
the workspace), not the workspace itself.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.actions import pdca_circle, urgency
from kaizen_tui.logic.attention import due_words
from kaizen_tui.logic.dates import parse_user_date
from kaizen_tui.logic.floor import floor_since, floor_updates, floor_words
from kaizen_tui.logic.followup import (
    ActionUpdate,
    ReviewRecord,
    find_review,
    hold_review,
    suggestion_for,
)
from kaizen_tui.logic.metrics import format_number
from kaizen_tui.logic.numbers import parse_number
from kaizen_tui.logic.reviews import review_state
from kaizen_tui.widgets.choice import Choice
from kaizen_tui.widgets.dialog import Dialog
from kaizen_tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from kaizen_tui.logic.verdict import VerdictSuggestion
    from kaizen_tui.model import Action, Event, Review
    from kaizen_tui.screens.workspace import EventScreen
    from kaizen_tui.widgets.fields import Committer

VERDICT_TONES = {"sustained": "$text-success", "slipping": "$text-warning", "lost": "$text-error"}
STATUS_OPTIONS = [("open", "open"), ("done", "done"), ("dropped", "dropped")]
PDCA_OPTIONS = [(pdca_circle(i), str(i)) for i in range(5)]
AS_SUGGESTED = ""


def verdict_text(verdict: str | None) -> tuple[str, str]:
    return (verdict or "none", VERDICT_TONES.get(verdict or "", "$text-muted"))


class ReviewScreen(Dialog[int | None]):
    """Returns the day of the review held, or None when cancelled."""

    LEAVE_WARNING = "You have typed a review. Press Esc again to discard it, ctrl+s to hold it."

    DEFAULT_CSS = """
    ReviewScreen {
        #review { width: 118; height: 100%; }
        #review-body { height: 1fr; }
        .review-section { color: $accent; text-style: bold; margin-top: 1; height: auto; }
        .review-hint { color: $text-muted; height: auto; }
        .review-row { height: auto; }
        .review-label { width: 10; color: $text-muted; padding-right: 1; }
        .review-row:focus-within { background-tint: $foreground 4%; }
        .review-row:focus-within > .review-label { color: $accent; text-style: bold; }
        #held-on { width: 16; }
        #held-on-help { width: 1fr; color: $text-muted; padding-left: 1; }
        .reading-row { height: 1; }
        .reading-name { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        .reading-ref { width: 16; color: $text-muted; padding-left: 1; }
        .reading-row > Input { width: 12; margin-left: 1; }
        .judged { width: 1fr; padding-left: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        .judged.-error { color: $text-error; }
        .action-block { height: auto; }
        .action-line { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
        .action-line.-overdue { color: $text-error; }
        .action-floor { height: auto; }
        .action-edit { height: auto; padding-left: 4; }
        .action-edit > Choice { width: auto; margin-right: 1; }
        .action-edit > Input { margin-right: 1; }
        .action-edit > .action-due { width: 16; }
        .action-edit > .action-note { width: 1fr; }
        .action-edit > .-invalid, .reading-row > .-invalid, #held-on.-invalid {
            background: $error 25%;
        }
        #notes { height: 3; width: 1fr; background: $surface; }
        #verdict { width: auto; }
        #suggestion { height: auto; padding-left: 11; }
        #review-buttons { margin-top: 0; }
    }
    ReviewScreen.-narrow .action-edit { layout: grid; grid-size: 2; grid-rows: auto; }
    ReviewScreen.-narrow .reading-ref { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "hold", "Hold review", priority=True, key_display="^s"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, desk: Committer, day: int, *, by: str) -> None:
        """The ``day``-day review of ``desk``'s event, held by ``by`` (recorded on it)."""
        super().__init__()
        self.desk = desk
        self.day = day
        self.by = by
        event = desk.event
        self.review: Review = find_review(event, day)
        # open actions, and those their owners marked done from the floor since the last
        # review (issue 15): the form starts from what the floor said, to confirm or reopen
        since = floor_since(event, day)
        self.floor_notes = {a.id: floor_updates(a, since) for a in event.actions}
        self.open_actions: list[Action] = [
            a
            for a in event.actions
            if a.status == "open" or (a.status == "done" and self.floor_notes[a.id])
        ]
        self._initial: tuple[object, ...] = ()
        self.suggestion: VerdictSuggestion | None = None

    @property
    def event(self) -> Event:
        return self.desk.event

    @property
    def today(self) -> date:
        return self.desk.today

    # -- building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        event = self.event
        review = self.review
        state = review_state(review, event, self.today)
        held = review.held_on is not None
        title = f"{'Correct the' if held else 'Hold the'} {review.day}-day review · {event.id}"
        with Vertical(id="review", classes="dialog") as box:
            box.border_title = Content(title)
            if state.due is None:
                box.border_subtitle = Content(state.text)
            elif review.held_on is not None:
                box.border_subtitle = Content(f"due {state.due.isoformat()} · {state.text}")
            else:
                days = (state.due - self.today).days
                box.border_subtitle = Content(f"due {state.due.isoformat()} ({due_words(days)})")
            with VerticalScroll(id="review-body"):
                with Horizontal(classes="review-row"):
                    yield Label("Held on", classes="review-label")
                    yield Input(
                        (review.held_on or self.today).isoformat(),
                        id="held-on",
                        compact=True,
                        select_on_focus=False,
                    )
                    yield Static("", id="held-on-help", markup=False)
                if review.held_on is not None:
                    earlier = len(review.superseded)
                    yield Static(
                        f"Held on {review.held_on} ({review.verdict or 'no verdict'}): holding "
                        "it again keeps that record as superseded"
                        + (f", beside {earlier} earlier" if earlier else "")
                        + ".",
                        classes="review-hint",
                        id="review-superseding",
                        markup=False,
                    )
                yield Static("Readings", classes="review-section")
                if event.metrics:
                    yield Static(
                        "Today's value of each metric; the verdict below follows them.",
                        classes="review-hint",
                    )
                else:
                    yield Static(
                        "This event has no metrics: choose the verdict yourself.",
                        classes="review-hint",
                    )
                for metric in event.metrics:
                    value = review.readings.get(metric.id)
                    with Horizontal(classes="reading-row", id=f"row-{metric.id}"):
                        unit = f" ({metric.unit})" if metric.unit else ""
                        yield Static(
                            Content.assemble((metric.id, "bold"), f" {metric.name}{unit}"),
                            classes="reading-name",
                        )
                        yield Static(
                            f"{format_number(metric.baseline)} → {format_number(metric.target)}",
                            classes="reading-ref",
                        )
                        yield Input(
                            format_number(value) if value is not None else "",
                            placeholder="reading",
                            id=f"reading-{metric.id}",
                            classes="reading",
                            compact=True,
                            select_on_focus=False,
                        )
                        yield Static("", classes="judged", id=f"judged-{metric.id}", markup=False)
                yield Static("Verdict and notes", classes="review-section")
                with Horizontal(classes="review-row"):
                    yield Label("Verdict", classes="review-label")
                    chosen = review.verdict or AS_SUGGESTED
                    if held and review.verdict == review.suggested_verdict:
                        chosen = AS_SUGGESTED
                    yield Choice(
                        [
                            ("as suggested", AS_SUGGESTED),
                            ("sustained", "sustained"),
                            ("slipping", "slipping"),
                            ("lost", "lost"),
                        ],
                        chosen,  # keys: a, s (sustained, slipping), l
                        id="verdict",
                    )
                yield Static("", id="suggestion", markup=False)
                with Horizontal(classes="review-row"):
                    yield Label("Notes", classes="review-label")
                    notes = TextArea(
                        review.notes,
                        id="notes",
                        soft_wrap=True,
                        show_line_numbers=False,
                        compact=True,
                    )
                    notes.placeholder = "what the team saw at the gemba; what happens next"
                    yield notes
                floor_done = any(a.status == "done" for a in self.open_actions)
                yield Static(
                    "Open actions" + (" and those done from the floor" if floor_done else ""),
                    classes="review-section",
                )
                if self.open_actions:
                    yield Static(
                        "PDCA ←→ or 0-4 · status o / d · new due · note (to drop: the reason). "
                        "Each action gets a dated update.",
                        classes="review-hint",
                    )
                else:
                    yield Static("No open actions.", classes="review-hint")
                for action in self.open_actions:
                    yield from self._action_block(action)
            yield Static("", id="review-message", classes="dialog-message", markup=False)
            with Horizontal(id="review-buttons", classes="dialog-buttons"):
                yield Button(
                    f"{'Save the correction' if held else 'Hold the review'}  ctrl+s",
                    variant="primary",
                    id="review-hold",
                    compact=True,
                )
                yield Button("Cancel  esc", id="review-cancel", compact=True)
        yield KeyBar()

    def _action_block(self, action: Action) -> ComposeResult:
        today = self.today
        late = urgency(action, today) == "overdue"
        due = (
            f"due {action.due.isoformat()} ({due_words((action.due - today).days)})"
            if action.due
            else "no due date"
        )
        with Vertical(classes="action-block", id=f"block-{action.id}"):
            # who and when first: on a narrow screen the end of the line is cut, and the room
            # knows the action's text better than its due date
            yield Static(
                Content.assemble(
                    (action.id, "bold"),
                    (f"  {action.owner or 'no owner'} · {due} · ", "" if late else "$text-muted"),
                    action.what,
                ),
                classes="action-line" + (" -overdue" if late else ""),
            )
            for update in self.floor_notes.get(action.id, ())[-2:]:
                yield Static(
                    Content.assemble(
                        (f"    {floor_words(update)} · {update.date:%d %b}: ", "bold $accent"),
                        update.note,
                    ),
                    classes="action-floor",
                )
            with Horizontal(classes="action-edit"):
                yield Choice(
                    PDCA_OPTIONS,
                    str(action.pdca),
                    keys=["0", "1", "2", "3", "4"],
                    id=f"pdca-{action.id}",
                )
                yield Choice(
                    STATUS_OPTIONS, action.status, keys=["o", "d", "d"], id=f"status-{action.id}"
                )
                yield Input(
                    placeholder="new due",
                    id=f"due-{action.id}",
                    classes="action-due",
                    compact=True,
                )
                yield Input(
                    placeholder="note",
                    id=f"note-{action.id}",
                    classes="action-note",
                    compact=True,
                )

    def on_mount(self) -> None:
        self._show_held_on()
        self._judge()
        self._initial = self._snapshot()
        first = self.query(".reading").first() if self.event.metrics else None
        if first is not None:
            first.focus()
        elif self.open_actions:
            self.query_one(f"#pdca-{self.open_actions[0].id}").focus()
        else:
            self.query_one("#notes").focus()

    def _snapshot(self) -> tuple[object, ...]:
        values: list[object] = [self.query_one("#notes", TextArea).text]
        for widget in self.query("Input, Choice"):
            values.append(getattr(widget, "value", None))
        return tuple(values)

    # -- live feedback --------------------------------------------------------------------------

    def _readings(self) -> tuple[dict[str, float], dict[str, str]]:
        readings: dict[str, float] = {}
        errors: dict[str, str] = {}
        for metric in self.event.metrics:
            box = self.query_one(f"#reading-{metric.id}", Input)
            try:
                value = parse_number(box.value)
            except ValueError as err:
                errors[metric.id] = str(err)
                continue
            if value is not None:
                readings[metric.id] = value
        return readings, errors

    def _judge(self) -> None:
        readings, errors = self._readings()
        self.suggestion = suggestion = suggestion_for(self.event, readings)
        for judged in suggestion.metrics:
            line = self.query_one(f"#judged-{judged.metric_id}", Static)
            box = self.query_one(f"#reading-{judged.metric_id}", Input)
            problem = errors.get(judged.metric_id)
            line.set_class(problem is not None, "-error")
            box.set_class(problem is not None, "-invalid")
            if problem is not None:
                line.update(problem)
            elif judged.verdict is None:
                line.update(Content.styled(judged.why, "$text-muted"))
            else:
                word, tone = verdict_text(judged.verdict)
                line.update(Content.assemble((f"{word}", f"bold {tone}"), f" · {judged.why}"))
        self._show_suggestion()

    def _show_suggestion(self) -> None:
        suggestion = self.suggestion
        choice = self.query_one("#verdict", Choice)
        suggested = suggestion.verdict if suggestion else None
        label = f"as suggested: {suggested}" if suggested else "as suggested: none yet"
        if choice.options[0][0] != label:
            choice.options[0] = (label, AS_SUGGESTED)
            choice.refresh(layout=True)
        line = self.query_one("#suggestion", Static)
        reason = suggestion.reason if suggestion else ""
        if choice.value == AS_SUGGESTED:
            if suggested is None:
                line.update(
                    Content.assemble(
                        ("No suggestion: ", "bold $text-warning"),
                        f"{reason}. Type the readings, or choose a verdict.",
                    )
                )
            else:
                word, tone = verdict_text(suggested)
                line.update(
                    Content.assemble(("Suggested ", ""), (word, f"bold {tone}"), f": {reason}.")
                )
        else:
            word, tone = verdict_text(choice.value)
            line.update(
                Content.assemble(
                    "You choose ",
                    (word, f"bold {tone}"),
                    f"; the readings suggest {suggested or 'none'} ({reason}). Both are recorded.",
                )
            )

    def _show_held_on(self) -> None:
        box = self.query_one("#held-on", Input)
        help_line = self.query_one("#held-on-help", Static)
        try:
            when = parse_user_date(box.value, self.today, event_start=self.event.start)
        except ValueError as err:
            help_line.update(str(err))
            return
        box.remove_class("-invalid")
        help_line.update(f"→ {when:%a %d %b %Y}")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.typing_resumed()
        self.say("")
        box = event.input
        if box.id == "held-on":
            self._show_held_on()
        elif box.has_class("reading"):
            self._judge()
        elif box.has_class("action-due"):
            box.remove_class("-invalid")

    @on(Choice.Changed)
    def _choice_changed(self, event: Choice.Changed) -> None:
        self.typing_resumed()
        if event.choice.id == "verdict":
            self._show_suggestion()
        elif (event.choice.id or "").startswith("status-"):
            action_id = (event.choice.id or "").removeprefix("status-")
            note = self.query_one(f"#note-{action_id}", Input)
            note.placeholder = (
                "why it is dropped (required)" if event.value == "dropped" else "note"
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter in a box moves on, like Tab: holding the review is ctrl+s, on purpose
        event.stop()
        self.focus_next()

    # -- holding --------------------------------------------------------------------------------

    def _record(self) -> ReviewRecord | None:
        """What was typed as a ReviewRecord, or None after marking what does not parse."""
        today = self.today
        held_box = self.query_one("#held-on", Input)
        try:
            held_on = parse_user_date(held_box.value, today, event_start=self.event.start)
        except ValueError as err:
            held_box.add_class("-invalid")
            held_box.focus()
            self.say(f"Held on: {err}")
            return None
        readings, errors = self._readings()
        if errors:
            metric_id = next(iter(errors))
            self.query_one(f"#reading-{metric_id}", Input).focus()
            self.say(f"{metric_id}: {errors[metric_id]}")
            return None
        updates = []
        for action in self.open_actions:
            pdca = int(self.query_one(f"#pdca-{action.id}", Choice).value)
            status = self.query_one(f"#status-{action.id}", Choice).value
            due_box = self.query_one(f"#due-{action.id}", Input)
            note = self.query_one(f"#note-{action.id}", Input).value.strip()
            due: date | None = None
            if due_box.value.strip():
                try:
                    due = parse_user_date(due_box.value, today, event_start=self.event.start)
                except ValueError as err:
                    due_box.add_class("-invalid")
                    due_box.focus()
                    self.say(f"{action.id} new due date: {err}")
                    return None
            if status == "dropped" and not note:
                self.query_one(f"#note-{action.id}", Input).focus()
                self.say(f"{action.id}: dropping an action needs a reason (type it as the note)")
                return None
            updates.append(
                ActionUpdate(
                    action.id,
                    pdca=pdca if pdca != action.pdca else None,
                    status=status if status != action.status else None,  # type: ignore[arg-type]
                    reason=note if status == "dropped" else "",
                    due=due,
                    note="" if status == "dropped" else note,
                )
            )
        verdict = self.query_one("#verdict", Choice).value
        return ReviewRecord(
            day=self.day,
            held_on=held_on,
            readings=readings,
            actions=updates,
            notes=self.query_one("#notes", TextArea).text,
            verdict=verdict or None,  # type: ignore[arg-type]
            by=self.by,
        )

    @on(Button.Pressed, "#review-hold")
    def action_hold(self) -> None:
        record = self._record()
        if record is None:
            return
        today = self.today
        # opened on a held review, this form corrects it (its title says so): the record it
        # replaces is kept as superseded. A review held elsewhere meanwhile is not replaced
        # silently: re-applied after a conflict, this is then refused.
        replace = self.review.held_on is not None
        problem = self.desk.commit(
            lambda event: hold_review(event, record, today=today, replace=replace),
            f"{self.day}-day review",
        )
        if problem:
            self.say(problem)
            return
        self.dismiss(self.day)

    @on(Button.Pressed, "#review-cancel")
    def action_cancel(self) -> None:
        if self.may_leave():
            self.dismiss(None)

    @property
    def unsaved_name(self) -> str:
        return f"The {self.day}-day review"

    def has_unsaved(self) -> bool:
        return self.is_mounted and self._snapshot() != self._initial


# -- after the review -------------------------------------------------------------------------


class NextStepScreen(ModalScreen[str | None]):
    """After a review found the gains lost (or slipping with no review left): what now?
    Returns "action", "later", "rerun", or None (decide later)."""

    DEFAULT_CSS = """
    NextStepScreen {
        align: center middle;
        #next {
            width: 76;
            max-width: 100%;
            height: auto;
            border: round $error;
            border-title-style: bold;
            background: $panel;
            padding: 1 2 0 2;
        }
        #next-buttons { height: auto; margin-top: 1; layout: vertical; }
        #next-buttons Button { width: 1fr; margin-bottom: 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "choose('action')", "New action"),
        Binding("l", "choose('later')", "Later review"),
        Binding("r", "choose('rerun')", "Re-run"),
        Binding("escape", "choose('')", "Decide later"),
    ]

    def __init__(self, title: str, message: str, later_day: int) -> None:
        super().__init__()
        self.next_title = title
        self.message = message
        self.later_day = later_day

    def compose(self) -> ComposeResult:
        with Vertical(id="next") as box:
            box.border_title = Content(self.next_title)
            yield Static(self.message, markup=False)
            with Vertical(id="next-buttons"):
                yield Button(
                    "a  Add an action to win the gains back", id="next-action", compact=True
                )
                yield Button(
                    f"l  Schedule a {self.later_day}-day review", id="next-later", compact=True
                )
                yield Button(
                    "r  Plan a re-run of the event (a new planned event)",
                    id="next-rerun",
                    compact=True,
                )
                yield Button("esc  Decide later", id="next-none", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#next-action", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose((event.button.id or "").removeprefix("next-").replace("none", ""))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


def hold(workspace: EventScreen, day: int) -> None:
    """Open the review form for the ``day`` review; then offer what the verdict calls for."""
    from kaizen_tui.logic.followup import FOLLOWING
    from kaizen_tui.logic.transitions import label

    event = workspace.event
    if event.status not in FOLLOWING:
        why = (
            "reviews are held after the close-out gate (g)"
            if event.status in ("planned", "live")
            else "reopen it (Charter, Status) to hold another review"
        )
        workspace.notify(f"{event.id} is {label(event.status)}: {why}.", title="Review", timeout=8)
        return
    review = ReviewScreen(workspace, day, by=workspace.kaizen.config.user_name)
    workspace.app.push_screen(review, lambda held: _after(workspace, held))


def _after(workspace: EventScreen, day: int | None) -> None:
    from kaizen_tui.logic.followup import after_review
    from kaizen_tui.logic.reviews import later_review_day

    if day is None:
        return
    event = workspace.event
    advice = after_review(event, day)
    review = find_review(event, day)
    verdict = review.verdict or "none"
    if advice.kind == "act":
        workspace.app.push_screen(
            NextStepScreen(f"{day}-day review: {verdict}", advice.message, later_review_day(event)),
            lambda choice: _next_step(workspace, choice),
        )
    elif advice.kind == "close":
        _offer_close(workspace, advice.message)
    else:
        workspace.notify(
            advice.message,
            title=f"{day}-day review held: {verdict}",
            severity="warning" if advice.kind in ("watch", "close_blocked") else "information",
            timeout=12,
        )


def _next_step(workspace: EventScreen, choice: str | None) -> None:
    from kaizen_tui.logic.followup import add_review, rerun_draft
    from kaizen_tui.logic.reviews import later_review_day

    if choice == "action":
        from kaizen_tui.screens.commands import add_action

        workspace.call_next(add_action, workspace)
    elif choice == "later":
        day = later_review_day(workspace.event)
        problem = workspace.commit(lambda e: add_review(e, day), f"{day}-day review")
        if problem:
            workspace.notify(problem, title="No review added", severity="error", timeout=10)
        else:
            workspace.notify(f"A {day}-day review is scheduled.", title="Follow-up")
    elif choice == "rerun":
        kaizen = workspace.kaizen
        try:
            created = kaizen.store.create(rerun_draft(workspace.event), today=kaizen.today)
        except KaizenError as err:
            workspace.notify(str(err), title="No re-run planned", severity="error", timeout=10)
            return
        workspace.notify(
            f"{created.id} is planned: the same charter, team and metrics, each latest reading "
            "as its new baseline. Open it from the home screen (esc esc).",
            title="Re-run planned",
            timeout=15,
        )


def _offer_close(workspace: EventScreen, message: str) -> None:
    from kaizen_tui.widgets.confirm import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if yes:
            close_event(workspace)

    workspace.app.push_screen(
        ConfirmScreen(f"Close {workspace.event.id}?", message, yes="Close the event"), answered
    )


def close_event(workspace: EventScreen) -> None:
    from kaizen_tui.logic.transitions import change_status

    kaizen = workspace.kaizen
    today, by = kaizen.today, kaizen.config.user_name
    problem = workspace.commit(lambda e: change_status(e, "closed", today=today, by=by), "status")
    if problem:
        workspace.notify(problem, title="Not closed", severity="error", timeout=10)
    else:
        workspace.notify(f"{workspace.event.id} is closed: the gains held.", title="Closed")
