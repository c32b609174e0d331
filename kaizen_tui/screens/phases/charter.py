"""Charter: what the event is about, where, when, who, and how success is measured."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from kaizen_tui.logic.metrics import after_reading
from kaizen_tui.logic.words import join_and
from kaizen_tui.model import (
    ROLE_LABELS,
    ROLES,
    SIGNOFF_ROLES,
    STATUS_SHORT_LABELS,
    STATUSES,
    Metric,
    Person,
    SignOff,
)
from kaizen_tui.screens.phases.base import ListSpec, PhasePane, by_id, merged
from kaizen_tui.widgets.fields import EventField
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.item_table import ItemTable
from kaizen_tui.widgets.table import Column, Row

if TYPE_CHECKING:
    from kaizen_tui.model import Event


def _setter(name: str) -> Any:
    def write(event: Event, value: Any) -> None:
        setattr(event, name, value)

    return write


def _scope_setter(name: str) -> Any:
    def write(event: Event, value: Any) -> None:
        setattr(event.scope, name, value)

    return write


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class MetricTable(ItemTable):
    """The metrics, with r to record a reading of the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "request('reading')", "Reading", tooltip="Record a reading (the after one)"),
    ]


class SignOffTable(ItemTable):
    """One row per role that signs the charter: Enter (or a) records the agreement, Del
    withdraws it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,a", "request('edit')", "Agree", tooltip="Record who agreed, and when"),
        Binding("delete,backspace", "request('remove')", "Withdraw"),
        Binding("ctrl+up,alt+up,ctrl+down,alt+down", "nothing", show=False),
    ]

    def action_nothing(self) -> None:
        """The roles have a fixed order."""


class CharterPane(PhasePane):
    phase_id = "charter"

    def compose(self) -> ComposeResult:
        yield Static(id="signoff-line", classes="lean-summary")
        yield Static("The event", classes="section-title")
        yield EventField(
            "Title",
            lambda e: e.title,
            _setter("title"),
            placeholder="e.g. Cut die changeover time on Press Line 3",
            id="f-title",
        )
        yield StatusField(
            "Status",
            lambda e: e.status,
            _setter("status"),
            kind="choice",
            options=[(STATUS_SHORT_LABELS[s], s) for s in STATUSES],
            by=self.kaizen.config.user_name,
            open_gate=self._open_gate,
            id="f-status",
        )
        with Horizontal(classes="pair"):
            yield EventField("Site", lambda e: e.site, _setter("site"), id="f-site")
            yield EventField("Area", lambda e: e.area, _setter("area"), id="f-area")
        with Horizontal(classes="pair"):
            yield EventField(
                "Value stream", lambda e: e.value_stream, _setter("value_stream"), id="f-vs"
            )
            yield EventField(
                "Business unit",
                lambda e: e.business_unit,
                _setter("business_unit"),
                id="f-bu",
            )
        with Horizontal(classes="triple"):
            date_hint = "YYYY-MM-DD, +7, fri"
            yield EventField(
                "Starts",
                lambda e: e.start,
                _setter("start"),
                kind="date",
                placeholder=date_hint,
                id="f-start",
            )
            yield EventField(
                "Ends",
                lambda e: e.end,
                _setter("end"),
                kind="date",
                placeholder=date_hint,
                id="f-end",
            )
            yield EventField(
                "Report-out",
                lambda e: e.report_out,
                _setter("report_out"),
                kind="date",
                placeholder=date_hint,
                id="f-report",
            )
        yield Static("Problem", classes="section-title")
        yield EventField(
            "Problem statement",
            lambda e: e.problem,
            _setter("problem"),
            kind="area",
            tall=True,
            placeholder="What hurts, measured: how much, how often, since when, who feels it.",
            id="f-problem",
        )
        yield EventField(
            "Background",
            lambda e: e.background,
            _setter("background"),
            kind="area",
            placeholder="Why now: the business reason, history, what was tried.",
            id="f-background",
        )
        yield Static("Scope", classes="section-title")
        with Horizontal(classes="pair"):
            yield EventField(
                "First step",
                lambda e: e.scope.first_step,
                _scope_setter("first_step"),
                placeholder="where the process starts",
                id="f-first",
            )
            yield EventField(
                "Last step",
                lambda e: e.scope.last_step,
                _scope_setter("last_step"),
                placeholder="where it ends",
                id="f-last",
            )
        with Horizontal(classes="pair"):
            yield EventField(
                "In scope",
                lambda e: e.scope.in_,
                _scope_setter("in_"),
                kind="lines",
                placeholder="one item per line",
                id="f-in",
            )
            yield EventField(
                "Out of scope",
                lambda e: e.scope.out,
                _scope_setter("out"),
                kind="lines",
                placeholder="one item per line",
                id="f-out",
            )
        yield Static("People  (a add · Enter edit · Del remove)", classes="section-title")
        yield ItemTable(
            [
                Column("role", "Role", 14),
                Column("name", "Name", None, min_width=12),
                Column("department", "Department", None, min_width=10),
                Column("line", "From", 6),
            ],
            empty_text="No one yet: press a to add the sponsor, team leader, facilitator, team.",
            id="people",
        )
        yield Static(
            "Metrics  (a add · Enter edit · Del remove · r record a reading)",
            classes="section-title",
        )
        yield MetricTable(
            [
                Column("id", "ID", 4),
                Column("name", "Metric", None, min_width=14),
                Column("unit", "Unit", 8),
                Column("direction", "Better", 8),
                Column("baseline", "Baseline", 9, justify="right"),
                Column("after", "After", 7, justify="right"),
                Column("target", "Target", 8, justify="right"),
                Column("source", "Baseline date · source", None, min_width=10),
            ],
            empty_text="No metrics yet: press a to add one (name, unit, baseline, target).",
            id="metrics",
        )
        yield Static(
            "Sign-off  (Enter records the agreement · Del withdraws it)", classes="section-title"
        )
        yield SignOffTable(
            [
                Column("role", "Role", 14),
                Column("name", "Agreed by", None, min_width=12),
                Column("date", "On", 10),
                Column("note", "Note", None, min_width=10),
            ],
            zebra=False,
            id="signoffs",
        )

    def _open_gate(self) -> None:
        from kaizen_tui.screens.gate import open_gate

        open_gate(self.workspace)

    def focus_first(self) -> None:
        # The tab bar, not the Title field: the number keys keep switching phases, and Tab (or
        # ↓) goes into the fields.
        self.workspace.query_one("#phases Tabs").focus(scroll_visible=False)

    def show_item(self, key: str) -> None:
        """Put the cursor in one field (``f-problem`` for a new event: what comes next)."""
        found = self.query(f"#{key}")
        if found and isinstance(found.first(), EventField):
            found.first(EventField).editor.focus(scroll_visible=False)

    def show_event(self, event: Event, *, force: bool = False) -> None:
        super().show_event(event, force=force)
        people = self.query_one("#people", ItemTable)
        people.set_rows(
            [
                Row(
                    str(i),
                    (
                        ROLE_LABELS.get(p.role, p.role),
                        p.name,
                        p.department,
                        "line" if p.from_line else "–",
                    ),
                )
                for i, p in enumerate(event.people)
            ]
        )
        metrics = self.query_one("#metrics", ItemTable)
        metrics.set_rows(
            [
                Row(
                    m.id,
                    (
                        Text(m.id, style="bold"),
                        m.name,
                        m.unit,
                        "↓ lower" if m.direction == "lower" else "↑ higher",
                        _number(m.baseline),
                        _number(after.value) if (after := after_reading(event, m)) else "–",
                        _number(m.target),
                        " · ".join(
                            x
                            for x in (
                                m.baseline_date and m.baseline_date.isoformat(),
                                m.baseline_source,
                            )
                            if x
                        ),
                    ),
                )
                for m in event.metrics
            ]
        )

        self.query_one("#signoffs", SignOffTable).set_rows(
            [self._signoff_row(event, role) for role in SIGNOFF_ROLES]
        )
        self.query_one("#signoff-line", Static).update(signoff_line(event))

    @staticmethod
    def _signoff_row(event: Event, role: str) -> Row:
        signed = event.signoff(role)
        label = ROLE_LABELS[role]
        if signed is None:
            named = event.first_name_with_role(role)
            waiting = f"not agreed yet{f' ({named})' if named else ''}"
            return Row(role, (label, Text(waiting, style="italic"), "–", ""), tone="muted")
        return Row(
            role,
            (label, Text(signed.name, style="bold"), signed.date.isoformat(), signed.note),
            tone="success",
        )

    # -- sign-off -------------------------------------------------------------------------------

    @on(ItemTable.Request, "#signoffs")
    def _signoff_request(self, request: ItemTable.Request) -> None:
        role = request.key
        if role is None or role not in SIGNOFF_ROLES:
            return
        who = ROLE_LABELS[role].lower()
        signed = self.event.signoff(role)
        if request.kind == "remove":
            if signed is None:
                return
            self.confirm(
                f"Withdraw the {who}'s sign-off?",
                f"{signed.name} agreed on {signed.date.isoformat()}; the charter shows it as not "
                "agreed until it is recorded again.",
                lambda event: _drop_signoff(event, role),
                "sign-off withdrawn",
                yes="Withdraw",
            )
            return
        if request.kind not in ("edit", "add"):
            return
        names = [p.name for p in self.event.people]

        def agree(event: Event, values: dict[str, Any]) -> None:
            _drop_signoff(event, role)
            event.signoffs.append(SignOff(role=role, **values))
            order = {r: i for i, r in enumerate(SIGNOFF_ROLES)}
            event.signoffs.sort(key=lambda s: order.get(s.role, len(order)))

        self.open_form(
            f"{ROLE_LABELS[role]} agrees to the charter",
            [
                Field(
                    "name",
                    "Name",
                    value=signed.name if signed else self.event.first_name_with_role(role),
                    required=True,
                    suggestions=names,
                ),
                Field(
                    "date",
                    "Agreed on",
                    "date",
                    value=signed.date if signed else self.kaizen.today,
                    required=True,
                ),
                Field(
                    "note",
                    "Note",
                    value=signed.note if signed else "",
                    placeholder="conditions, if any: e.g. 'only if A8 gets a budget'",
                ),
            ],
            agree,
            "sign-off",
            intro=f"The {who} agrees to this charter: the problem, the scope, the targets and "
            "the team. Who and when are shown on the charter and the A3's header.",
        )

    # -- people ---------------------------------------------------------------------------------

    def _person_fields(self, person: Person | None) -> list[Field]:
        return [
            Field("name", "Name", value=person.name if person else "", required=True),
            Field(
                "role",
                "Role",
                "select",
                value=person.role if person else "member",
                required=True,
                options=[(ROLE_LABELS[r], r) for r in ROLES],
            ),
            Field("department", "Department", value=person.department if person else ""),
            Field(
                "from_line",
                "From the line",
                "check",
                value=person.from_line if person else True,
                placeholder="works in this process every day (not LPO or a visitor)",
            ),
        ]

    @on(ItemTable.Request, "#people")
    def _people_request(self, request: ItemTable.Request) -> None:
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.people,
                fields=self._person_fields,
                make=merged(Person),
                add_title="Add a person",
                edit_title="Edit {item.name}",
                remove_title="Remove this person?",
                describe=lambda p: f"{p.name} ({ROLE_LABELS.get(p.role, p.role)}) leaves the team.",
                what="person",
                order="people order",
            ),
        )

    # -- metrics --------------------------------------------------------------------------------

    def _metric_fields(self, metric: Metric | None) -> list[Field]:
        m = metric
        return [
            Field(
                "name",
                "Metric",
                value=m.name if m else "",
                required=True,
                placeholder="e.g. Changeover time, last good part to first good part",
            ),
            Field("unit", "Unit", value=m.unit if m else "", placeholder="min, %, parts/h …"),
            Field(
                "direction",
                "Better is",
                "choice",
                value=m.direction if m else "lower",
                options=[("↓ lower", "lower"), ("↑ higher", "higher")],
                keys=["l", "h"],
            ),
            Field("baseline", "Baseline", "number", value=m.baseline if m else None),
            Field("baseline_date", "Baseline date", "date", value=m.baseline_date if m else None),
            Field(
                "baseline_source",
                "Source",
                value=m.baseline_source if m else "",
                placeholder="where the baseline comes from (data, sample size)",
            ),
            Field("target", "Target", "number", value=m.target if m else None),
        ]

    @on(ItemTable.Request, "#metrics")
    def _metrics_request(self, request: ItemTable.Request) -> None:
        if request.kind == "reading":
            if request.key is not None:
                from kaizen_tui.screens.phases.readings import add_reading

                add_reading(self, request.key)
            return
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.metrics,
                row_key=by_id,
                id_prefix="M",
                fields=self._metric_fields,
                make=merged(Metric),
                add_title="Add metric {id}",
                edit_title="Edit metric {id}",
                remove_title="Remove metric {id}?",
                describe=lambda m: (
                    f"{m.name}: its baseline, target and {len(m.readings)} reading(s) go with it."
                ),
                what="metric {id}",
                order="metrics order",
            ),
        )


def signoff_line(event: Event) -> Content:
    """Who agreed to the charter, at the top of it: ``Charter agreed by the sponsor Marek
    Kowalczyk (21 Oct) and the process owner …``, or who has not agreed yet."""
    parts: list[str | tuple[str, str]] = []
    waiting = []
    for role in SIGNOFF_ROLES:
        signed = event.signoff(role)
        who = ROLE_LABELS[role].lower()
        if signed is None:
            waiting.append(who)
            continue
        parts += [
            ("  ✓ " if parts else "✓ ", "bold $text-success"),
            f"{who} ",
            (signed.name, "bold"),
            f" {signed.date:%d %b %Y}",
        ]
    if waiting:
        parts += [
            ("   " if parts else "", ""),
            (f"Not agreed yet by the {join_and(waiting)}", "$text-warning"),
            (" (Sign-off, at the end of the charter)", "dim"),
        ]
    else:
        parts.insert(0, ("Charter agreed: ", "dim"))
    return Content.assemble(*parts)


def _drop_signoff(event: Event, role: str) -> None:
    event.signoffs = [s for s in event.signoffs if s.role != role]


class StatusField(EventField):
    """The event's status, moved by the rules in ``logic.transitions``: a move the rules refuse
    (reported only through the close-out gate, closed only on a sustained last review) is
    explained under the field and the status stays; abandoning and moving back ask for a reason.

    Like every field it saves through its screen's ``commit``; besides it needs only who moves
    the status (``by``, recorded with the move) and a way to open the close-out gate."""

    def __init__(
        self,
        *args: Any,
        by: str,
        open_gate: Callable[[], object],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.by = by
        self.open_gate = open_gate

    def save(self, *, quiet: bool = False) -> str | None:
        from kaizen_tui.logic.transitions import change_status, label, move_problems, needs_reason

        if not self.dirty:
            return None
        desk = self.committer
        event = desk.event
        to = str(self.value)
        if event.status == "live" and to == "reported":
            # reported means the close-out gate was passed: open it rather than refuse
            self._set_editor(self._saved)
            self._note(
                "Reported is reached through the close-out gate (Follow-up, g).", error=False
            )
            self.open_gate()
            return None
        problems = move_problems(event, to, reason="given")  # the conditions beyond a reason
        if problems:
            self._set_editor(self._saved)
            self._note(f"Stays {label(event.status)}: {problems[0]}", error=True)
            return None
        today, by = desk.today, self.by

        def move(draft: Event, reason: str = "") -> Event:
            return change_status(draft, to, today=today, reason=reason, by=by)

        if not needs_reason(event, to):
            problem = desk.commit(move, what="status")
            if problem:
                self._set_editor(self._saved)
                self._note(problem, error=True)
            else:
                self._note("", error=False)
            return None
        self._ask_reason(event, to, move)
        return None

    def _ask_reason(self, event: Event, to: str, move: Any) -> None:
        from kaizen_tui.logic.transitions import label
        from kaizen_tui.widgets.form import FormScreen

        desk = self.committer

        def submit(values: dict[str, Any]) -> str | None:
            return desk.commit(lambda draft: move(draft, values["reason"]), what="status")

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                self._set_editor(self._saved)  # cancelled: the status stays
            self._note("", error=False)
            self.editor.focus()

        self.app.push_screen(
            FormScreen(
                f"{label(event.status)} → {label(to)}",
                [Field("reason", "Reason", required=True, placeholder="why, for the record")],
                today=desk.today,
                submit=submit,
                save_label="Move",
                intro="Abandoning an event, or moving it back, is recorded with a reason.",
            ),
            done,
        )
