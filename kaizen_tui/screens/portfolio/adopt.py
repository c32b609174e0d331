"""Adopting a yokoten practice from the portfolio: pick the receiving event (its area's events are
offered first), the owner and due date of the action it gets, or adopt it without an event; and
declining one.

The dialog only collects the choice; ``submit`` adopts through the store (logic/yokoten.py's
``adopt_and_save``) and returns a refusal to show in it, so a problem never closes the dialog or
loses what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.dates import parse_user_date
from kaizen_tui.logic.portfolio_view import AdoptionTarget, find_targets, team_of
from kaizen_tui.logic.yokoten import ADOPTION_DUE_DAYS, YokotenItem
from kaizen_tui.report.text import status_label
from kaizen_tui.widgets.dialog import Dialog
from kaizen_tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from kaizen_tui.screens.portfolio.screen import PortfolioScreen

NO_EVENT = "__none__"
#: Enough to scroll through; typing narrows the rest.
SHOWN = 200

#: (target event id or None, owner or None for the event's default, due or None for the default)
Submit = Callable[[str | None, str | None, date | None], str | None]


#: The people of an event (name, role), by its id.
Team = Callable[[str], list[dict[str, str]]]


def default_owner(people: Sequence[Mapping[str, str]]) -> tuple[str, str]:
    """(name, role) that adopt_practice gives the action when no owner is typed."""
    for role in ("process_owner", "team_leader"):
        for person in people:
            if person.get("role") == role and str(person.get("name", "")).strip():
                return str(person["name"]), role.replace("_", " ")
    return "", ""


class AdoptScreen(Dialog[bool]):
    LEAVE_WARNING = "Press Esc again to leave without adopting, ctrl+s to adopt."

    DEFAULT_CSS = """
    AdoptScreen {
        #adopt-practice { height: auto; margin-bottom: 1; }
        .adopt-row { height: auto; }
        .adopt-label { width: 12; padding-right: 1; text-align: right; color: $text-muted; }
        .adopt-row > Input { width: 1fr; }
        #adopt-targets { height: auto; max-height: 12; margin: 0 0 1 13; }
        #adopt-due-help { height: 1; margin-left: 13; color: $text-muted; }
    }
    /* 80×24: everything, buttons included, fits above the key bar */
    AdoptScreen.-narrow #adopt-targets { margin-left: 0; max-height: 8; }
    AdoptScreen.-narrow #adopt-practice { margin-bottom: 0; }
    AdoptScreen.-narrow #adopt-buttons { margin-top: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Adopt", priority=True, key_display="^s"),
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next event", show=False),
        Binding("up", "move(-1)", "Previous event", show=False),
    ]

    def __init__(
        self,
        item: YokotenItem,
        targets: Sequence[AdoptionTarget],
        *,
        today: date,
        submit: Submit,
        team: Team,
    ) -> None:
        super().__init__()
        self.item = item
        self.targets = list(targets)
        self.today = today
        self.submit = submit
        self.team = team
        self._by_id = {t.id: t for t in self.targets}

    # -- building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(id="adopt", classes="dialog") as box:
            box.border_title = Content(f"Adopt {item.ref}")
            to = item.to_area or "any area"
            yield Static(
                Content.assemble(
                    (f"“{item.practice}”", "bold"),
                    "\n",
                    (
                        f"proposed by {item.event_id} ({item.from_area or 'no area'}) for {to}. "
                        "The receiving event gets an action to adopt it.",
                        "$text-muted",
                    ),
                ),
                id="adopt-practice",
            )
            with Horizontal(classes="adopt-row"):
                yield Label("Into event", classes="adopt-label")
                yield Input(
                    placeholder="type to find an event: id, title, area, site",
                    id="adopt-find",
                    compact=True,
                )
            yield OptionList(id="adopt-targets")
            with Horizontal(classes="adopt-row"):
                yield Label("Owner", classes="adopt-label")
                yield Input(id="adopt-owner", compact=True)
            with Horizontal(classes="adopt-row"):
                yield Label("Due", classes="adopt-label")
                yield Input(id="adopt-due", compact=True)
            yield Static(id="adopt-due-help", markup=False)
            yield Static(id="adopt-message", classes="dialog-message", markup=False)
            with Horizontal(id="adopt-buttons", classes="dialog-buttons"):
                yield Button("Adopt  ctrl+s", variant="primary", id="adopt-save", compact=True)
                yield Button("Cancel  esc", id="adopt-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill_targets("")
        default = f"in {ADOPTION_DUE_DAYS} days ({self.today + timedelta(days=ADOPTION_DUE_DAYS)})"
        self.query_one(
            "#adopt-due", Input
        ).placeholder = f"blank: {default} · YYYY-MM-DD, +14, +2w, fri"
        self.query_one("#adopt-find", Input).focus()

    def _fill_targets(self, text: str) -> None:
        words = text.split()
        shown = find_targets(self.targets, text)
        options: list[Option] = [
            Option(
                Content.styled("No event: only mark the practice adopted", "italic"), id=NO_EVENT
            )
        ]
        area = self.item.to_area or "the receiving area"
        in_area = [t for t in shown if t.in_area]
        others = [t for t in shown if not t.in_area]
        if in_area:
            options.append(
                Option(Content.styled(f"─ events in {area}", "$text-muted"), disabled=True)
            )
            options += [self._option(t) for t in in_area[:SHOWN]]
        if others:
            if in_area:
                title = "─ other events"
            elif words:
                title = "─ events found"
            else:
                title = f"─ no event is in {area}; other events"
            options.append(Option(Content.styled(title, "$text-muted"), disabled=True))
            options += [self._option(t) for t in others[: max(0, SHOWN - len(in_area))]]
        hidden = len(shown) - min(len(shown), SHOWN)
        if hidden > 0:
            options.append(
                Option(
                    Content.styled(f"… {hidden} more: type to narrow", "$text-muted"), disabled=True
                )
            )
        targets = self.query_one("#adopt-targets", OptionList)
        targets.set_options(options)
        # the first event of the receiving area, else the first match, else "no event"
        first = next(
            (i for i, o in enumerate(options) if o.id not in (None, NO_EVENT)),
            0,
        )
        if not in_area and not words:
            first = 0
        targets.highlighted = first
        self._target_changed()

    @staticmethod
    def _option(target: AdoptionTarget) -> Option:
        s = target.summary
        where = " · ".join(part for part in (s.area, s.site) if part)
        return Option(
            Content.assemble(
                (s.id, "bold"),
                f"  {s.title}",
                (f" · {where}" if where else "", "$text-muted"),
                (f" · {status_label(s.status)}", "$text-muted"),
            ),
            id=s.id,
        )

    # -- reading --------------------------------------------------------------------------------

    @property
    def target(self) -> AdoptionTarget | None:
        option = self.query_one("#adopt-targets", OptionList).highlighted_option
        if option is None or option.id in (None, NO_EVENT):
            return None
        return self._by_id.get(option.id)

    def _target_changed(self) -> None:
        target = self.target
        owner = self.query_one("#adopt-owner", Input)
        due = self.query_one("#adopt-due", Input)
        owner.disabled = due.disabled = target is None
        if target is None:
            owner.placeholder = "no action: the practice is only marked adopted"
            owner.suggester = None
            return
        people = self.team(target.id)
        name, role = default_owner(people)
        owner.placeholder = f"blank: {name} ({role} of {target.id})" if name else "blank: no owner"
        names = sorted({str(p.get("name", "")) for p in people} - {""})
        owner.suggester = SuggestFromList(names, case_sensitive=False) if names else None

    @on(OptionList.OptionHighlighted, "#adopt-targets")
    def _highlighted(self) -> None:
        self._target_changed()

    @on(OptionList.OptionSelected, "#adopt-targets")
    def _selected(self) -> None:
        self._target_changed()
        if self.target is None:
            self.action_save()
        else:
            self.query_one("#adopt-owner", Input).focus()

    @on(Input.Changed, "#adopt-find")
    def _find_changed(self, event: Input.Changed) -> None:
        self._fill_targets(event.value)

    @on(Input.Changed, "#adopt-due")
    def _due_changed(self, event: Input.Changed) -> None:
        help_line = self.query_one("#adopt-due-help", Static)
        if not event.value.strip():
            help_line.update("")
            return
        try:
            when = parse_user_date(event.value, self.today)
        except ValueError:
            help_line.update("YYYY-MM-DD, +14, +2w, tomorrow, fri")
            return
        help_line.update(f"→ {when:%a %d %b %Y}")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "adopt-find":
            self.query_one("#adopt-targets", OptionList).focus()
        elif event.input.id == "adopt-owner":
            self.query_one("#adopt-due", Input).focus()
        else:
            self.action_save()

    def action_move(self, delta: int) -> None:
        """↑/↓ from the search box move through the events without leaving it."""
        targets = self.query_one("#adopt-targets", OptionList)
        if self.focused is targets:
            return
        if delta > 0:
            targets.action_cursor_down()
        else:
            targets.action_cursor_up()

    # -- saving ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#adopt-save")
    def action_save(self) -> None:
        target = self.target
        owner: str | None = None
        due: date | None = None
        if target is not None:
            owner = self.query_one("#adopt-owner", Input).value.strip() or None
            raw_due = self.query_one("#adopt-due", Input).value
            if raw_due.strip():
                try:
                    due = parse_user_date(raw_due, self.today)
                except ValueError as err:
                    self.say(f"Due: {err}")
                    self.query_one("#adopt-due", Input).focus()
                    return
        refusal = self.submit(target.id if target else None, owner, due)
        if refusal:
            self.say(refusal)
            return
        self.dismiss(True)

    @on(Button.Pressed, "#adopt-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        # an owner or due date typed is not thrown away by one stray Escape
        if self.may_leave():
            self.dismiss(False)

    @property
    def unsaved_name(self) -> str:
        return f"Adopting {self.item.practice!r}"

    def has_unsaved(self) -> bool:
        return self.is_mounted and any(
            self.query_one(f"#adopt-{name}", Input).value for name in ("owner", "due")
        )


def ask_adoption(
    screen: PortfolioScreen, item: YokotenItem, targets: Sequence[AdoptionTarget]
) -> None:
    """Open the dialog; adopt through the store; say what was added; read the figures again."""
    app = screen.kaizen

    def submit(target_id: str | None, owner: str | None, due: date | None) -> str | None:
        from pydantic import ValidationError

        from kaizen_tui.logic.yokoten import adopt_and_save
        from kaizen_tui.model import describe_validation_error

        try:
            adoption = adopt_and_save(
                app.store,
                item.event_id,
                item.index,
                target_id,
                today=app.today,
                owner=owner,
                due=due,
            )
        except KaizenError as err:
            return str(err)
        except ValidationError as err:
            return describe_validation_error(err)
        action = adoption.action
        if action is not None and adoption.target is not None:
            screen.notify(
                f"Action {action.id} added to {adoption.target.id}: "
                f"{action.owner or 'no owner'}, due {action.due}.",
                title=f"{item.ref} adopted",
                timeout=10,
            )
        else:
            screen.notify(item.practice, title=f"{item.ref} adopted", timeout=8)
        if adoption.warning:
            screen.notify(adoption.warning, title="Note", severity="warning", timeout=15)
        return None

    def done(adopted: bool | None) -> None:
        if adopted:
            screen.load()

    def team(event_id: str) -> list[dict[str, str]]:
        return team_of(app.store.db(sync=False), event_id)

    app.push_screen(AdoptScreen(item, targets, today=app.today, submit=submit, team=team), done)


def ask_decline(screen: PortfolioScreen, item: YokotenItem) -> None:
    from kaizen_tui.widgets.confirm import ConfirmScreen

    app = screen.kaizen

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        from kaizen_tui.logic.yokoten import decline_practice

        try:
            app.store.save(decline_practice(app.store.load(item.event_id), item.index))
        except KaizenError as err:
            screen.notify(str(err), title="Not declined", severity="error", timeout=10)
            return
        screen.notify(item.practice, title=f"{item.ref} declined")
        screen.load()

    to = item.to_area or "the area it was proposed to"
    app.push_screen(
        ConfirmScreen(
            f"Decline {item.ref}?",
            f"“{item.practice}”\n\n{to} does not take it up. It stays in the register as "
            "declined, and can still be adopted later.",
            yes="Decline",
        ),
        answered,
    )
