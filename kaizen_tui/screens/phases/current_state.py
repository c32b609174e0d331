"""Current state: the process steps with their times (lead time and value-add ratio recomputed on
every change), the wastes the team saw (TIMWOODS) tied to a step, the target condition, the takt
time and operator balance (a yamazumi chart against the takt line), and for a changeover event
the SMED breakdown: each element internal or external, before and after.

A changeover is measured by its internal time, not by a value-add ratio (every step of a
changeover is waiting for the machine): when the event has changeover elements, the summary at
the top shows the changeover before → after instead of the lead time and VA ratio."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from kaizen_tui.logic.balance import (
    DURATION_HELP,
    Balance,
    balance_of,
    format_seconds,
    seconds_as_input,
)
from kaizen_tui.logic.edits import replace_step
from kaizen_tui.logic.flow import flow_of, format_minutes, format_ratio
from kaizen_tui.logic.metrics import format_number
from kaizen_tui.logic.smed import Changeover, changeover_of, minutes_after, state_after
from kaizen_tui.logic.words import join_and, plural
from kaizen_tui.model import (
    STEP_VALUE_HELP,
    STEP_VALUES,
    WASTES,
    ChangeoverElement,
    ProcessStep,
    Takt,
    Waste,
    WorkElement,
)
from kaizen_tui.screens.phases.base import ListSpec, PhasePane, merged
from kaizen_tui.widgets.fields import EventField
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.item_table import ItemTable
from kaizen_tui.widgets.lean_charts import ChangeoverBars, YamazumiChart
from kaizen_tui.widgets.table import Column, Row

if TYPE_CHECKING:
    from kaizen_tui.model import Event

#: TIMWOODS, with what each waste looks like at the gemba (for the picker).
WASTE_HINTS = {
    "transport": "moving parts, files or patients between places",
    "inventory": "piles, queues, batches waiting",
    "motion": "walking, reaching, searching",
    "waiting": "people or work idle, waiting for the next step",
    "overproduction": "making more or earlier than the next step needs",
    "overprocessing": "more work or quality than the customer needs",
    "defects": "errors, rework, scrap, corrections",
    "skills": "unused talent, knowledge kept in one head",
}
WASTE_KEYS = ("t", "i", "m", "w", "o", "o", "d", "s")

BAR_WIDTH = 18


def waste_label(kind: str) -> str:
    return f"{kind[:1].upper()} {kind.replace('_', ' ')}"


def time_bar(cycle: float, wait: float, longest: float, width: int = BAR_WIDTH) -> Text:
    """Touch time as █ and waiting as ░, scaled to the longest step: where the time goes, at a
    glance from the back of the room."""
    if longest <= 0:
        return Text("")
    touch = round(width * cycle / longest)
    idle = round(width * wait / longest)
    if cycle > 0 and touch == 0:
        touch = 1
    if wait > 0 and idle == 0:
        idle = 1
    text = Text("█" * touch, style="bold")
    text.append("░" * idle, style="dim")
    return text


class BalanceTable(ItemTable):
    """The work elements, with t to set the takt (customer demand and available time)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "request('takt')", "Takt", tooltip="Customer demand and available time"),
    ]

    def action_request(self, kind: str) -> None:
        if kind == "takt":  # works on an empty list too
            self.post_message(self.Request(self, kind, self.cursor_key))
            return
        super().action_request(kind)


CHANGEOVER_LABELS = {"internal": "internal", "external": "external", "removed": "removed"}


def changeover_after_text(element: ChangeoverElement) -> str:
    """How the after column reads: ``→ external`` for a conversion, ``?`` while undecided."""
    if element.after is None:
        return "?"
    if element.kind == "internal" and element.after == "external":
        return "→ external"
    return CHANGEOVER_LABELS[element.after]


def _count(value: float) -> str:
    """``5,400``, ``12.5``: thousands marked, as people write demand."""
    return f"{value:,.0f}" if value == int(value) else format_number(value)


def _min(minutes: float) -> str:
    """Changeover times in minutes whatever their size (``94 min``, not ``1.6 h``)."""
    return f"{format_number(round(minutes, 1))} min"


def changeover_summary(co: Changeover) -> Content:
    """The changeover before → after in one line (the top of Current state for SMED)."""
    parts: list[str | tuple[str, str]] = [
        ("Changeover ", "dim"),
        (_min(co.before), "bold"),
        " → ",
        (_min(co.after), "bold $text-success" if co.saved > 0 else "bold"),
    ]
    if co.reduction is not None and co.saved:
        parts.append((f" {-co.reduction:+.0%}", "bold"))
    parts.append(("  with the machine stopped", "dim"))
    parts.append(
        (
            f"   external {format_number(round(co.before_external, 1))} → "
            f"{_min(co.after_external)}",
            "dim",
        )
    )
    moves = []
    if co.converted:
        moves.append(f"{len(co.converted)} converted")
    if co.removed:
        moves.append(f"{len(co.removed)} removed")
    if co.undecided:
        moves.append(f"{co.undecided} not decided")
    if moves:
        parts.append(("   " + " · ".join(moves), "dim"))
    return Content.assemble(*parts)


def takt_summary(event: Event, balance: Balance) -> Content:
    takt = event.takt
    if takt is None:
        return Content.assemble(
            ("No takt yet: ", "bold"),
            "press ",
            ("t", "bold $accent"),
            " on the list below to enter the customer's demand and the time available.",
        )
    unit = f" {takt.unit}" if takt.unit else ""
    parts: list[str | tuple[str, str]] = [
        ("Takt ", "dim"),
        (format_seconds(balance.takt_s), "bold $accent"),
        (
            f" = {_count(takt.available_min)} min ÷ {_count(takt.demand)}{unit} a "
            f"{takt.period or 'period'}",
            "dim",
        ),
    ]
    neck = balance.bottleneck
    if neck is not None:
        parts += [
            ("   cycle ", "dim"),
            (format_seconds(neck.seconds), "bold"),
            (f" ({neck.operator})", "dim"),
            ("   work ", "dim"),
            (format_seconds(balance.total_s), "bold"),
        ]
        if balance.operators_needed is not None:
            parts.append((f" → {plural(balance.operators_needed, 'operator')}", "dim"))
        if balance.balance_ratio is not None:
            parts += [("   balance ", "dim"), (f"{balance.balance_ratio:.0%}", "bold")]
        late = balance.over_takt
        if late:
            names = join_and([load.operator for load in late])
            parts += [
                "\n",
                (f"Over takt: {names}", "bold $text-error"),
                (" cannot keep the customer's pace.", "$text-error"),
            ]
    return Content.assemble(*parts)


class CurrentStatePane(PhasePane):
    phase_id = "current"

    def compose(self) -> ComposeResult:
        yield Static(id="flow-summary")
        yield Static(
            "Process steps  (a add · Enter edit · Del remove · ctrl+↑/↓ move)",
            classes="section-title",
        )
        yield ItemTable(
            [
                Column("n", "#", 3, justify="right"),
                Column("name", "Step", None, min_width=16),
                Column("cycle", "Cycle", 9, justify="right"),
                Column("wait", "Wait", 9, justify="right"),
                Column("value", "Value", 5),
                Column("bar", "█ touch  ░ wait", BAR_WIDTH + 1),
            ],
            empty_text="No steps yet: press a to add the first step of the process.",
            id="steps",
        )
        yield Static(
            "Waste seen at the gemba  (TIMWOODS · a add · Enter edit · Del remove)",
            classes="section-title",
        )
        yield ItemTable(
            [
                Column("type", "Waste", 17),
                Column("description", "What we saw", None, min_width=16),
                Column("step", "At step", None, min_width=10),
            ],
            empty_text="No wastes yet: press a, pick one of the 8 (TIMWOODS), say what you saw.",
            id="wastes",
        )
        yield Static("Target condition", classes="section-title")
        yield EventField(
            "Target",
            lambda e: e.target_condition,
            lambda e, v: setattr(e, "target_condition", v),
            kind="area",
            placeholder="How the process should run after the event (measurable).",
            id="f-target",
        )
        yield Static(
            "Takt and operator balance  (t takt · a add · Enter edit · Del remove · ctrl+↑/↓ move)",
            classes="section-title",
        )
        yield Static(id="takt-summary", classes="lean-summary")
        yield BalanceTable(
            [
                Column("n", "#", 3, justify="right"),
                Column("operator", "Operator or step", None, min_width=12),
                Column("element", "Work element", None, min_width=14, share=2),
                Column("time", "Time", 9, justify="right"),
                Column("value", "Value", 5),
            ],
            empty_text="No work elements yet: a adds one (operator, what they do, how long).",
            id="balance",
        )
        yield YamazumiChart(id="yamazumi")
        yield Static(
            "Changeover (SMED)  (a add · Enter edit · Del remove · ctrl+↑/↓ move)",
            classes="section-title",
        )
        yield Static(id="smed-summary", classes="lean-summary")
        yield ChangeoverBars(id="smed-bars")
        yield ItemTable(
            [
                Column("n", "#", 3, justify="right"),
                Column("name", "Changeover element", None, min_width=16),
                Column("before", "Before", 8, justify="right"),
                Column("kind", "Was", 8),
                Column("after", "Becomes", 10),
                Column("after_min", "After", 8, justify="right"),
            ],
            empty_text="No changeover elements: for a changeover (SMED) event, a adds the filmed "
            "elements one by one.",
            id="changeover",
        )

    def focus_first(self) -> None:
        self.query_one("#steps", ItemTable).focus(scroll_visible=False)

    def show_event(self, event: Event, *, force: bool = False) -> None:
        super().show_event(event, force=force)
        self._show_summary(event)
        self._show_steps(event)
        self._show_balance(event)
        self._show_changeover(event)

    def _show_summary(self, event: Event) -> None:
        if event.changeover:
            self.query_one("#flow-summary", Static).update(
                changeover_summary(changeover_of(event.changeover))
            )
            return
        flow = flow_of(event.process_steps)
        summary = Text()
        summary.append("Lead time ", style="dim")
        summary.append(format_minutes(flow.lead_time_min), style="bold")
        summary.append(
            f"  = touch {format_minutes(flow.cycle_min)} + wait {format_minutes(flow.wait_min)}",
            style="dim",
        )
        summary.append("   Value-add ratio ", style="dim")
        summary.append(format_ratio(flow.va_ratio), style="bold")
        summary.append(f"  (value-adding {format_minutes(flow.va_min)})", style="dim")
        summary.append(f"   {flow.steps} step{'s' if flow.steps != 1 else ''}", style="dim")
        self.query_one("#flow-summary", Static).update(summary)

    def _show_steps(self, event: Event) -> None:
        longest = max((s.cycle_min + s.wait_min for s in event.process_steps), default=0)
        steps = self.query_one("#steps", ItemTable)
        steps.set_rows(
            [
                Row(
                    str(i),
                    (
                        str(i + 1),
                        s.name,
                        format_minutes(s.cycle_min),
                        format_minutes(s.wait_min),
                        s.value,
                        time_bar(s.cycle_min, s.wait_min, longest),
                    ),
                    tone="success" if s.value == "VA" else "",
                )
                for i, s in enumerate(event.process_steps)
            ]
        )
        wastes = self.query_one("#wastes", ItemTable)
        wastes.set_rows(
            [
                Row(
                    str(i),
                    (Text(waste_label(w.type), style="bold"), w.description, w.step or "–"),
                )
                for i, w in enumerate(event.wastes)
            ]
        )

    def _show_balance(self, event: Event) -> None:
        balance = balance_of(event.balance, event.takt)
        self.query_one("#takt-summary", Static).update(takt_summary(event, balance))
        over = {load.operator.casefold() for load in balance.over_takt}
        self.query_one("#balance", BalanceTable).set_rows(
            [
                Row(
                    str(i),
                    (
                        str(i + 1),
                        e.operator,
                        e.element,
                        format_seconds(e.seconds),
                        e.value,
                    ),
                    tone="success" if e.value == "VA" else "",
                    cell_tones=((1, "error"),) if e.operator.strip().casefold() in over else (),
                )
                for i, e in enumerate(event.balance)
            ]
        )
        self.query_one("#yamazumi", YamazumiChart).show(balance if event.balance else None)

    def _show_changeover(self, event: Event) -> None:
        co = changeover_of(event.changeover)
        summary = self.query_one("#smed-summary", Static)
        summary.update(changeover_summary(co) if event.changeover else "")
        summary.display = bool(event.changeover)
        self.query_one("#smed-bars", ChangeoverBars).show(co)
        self.query_one("#changeover", ItemTable).set_rows(
            [
                Row(
                    str(i),
                    (
                        str(i + 1),
                        e.name,
                        _min(e.minutes),
                        e.kind,
                        changeover_after_text(e),
                        "–" if state_after(e) == "removed" else _min(minutes_after(e)),
                    ),
                    tone="success"
                    if e.kind == "internal" and state_after(e) == "external"
                    else "muted"
                    if state_after(e) == "removed"
                    else "",
                )
                for i, e in enumerate(event.changeover)
            ]
        )

    # -- takt and balance -----------------------------------------------------------------------

    def _takt_form(self) -> None:
        takt = self.event.takt

        def apply(event: Event, v: dict[str, Any]) -> None:
            if v["demand"] is None and v["available_min"] is None:
                event.takt = None  # both emptied: no takt
                return
            if v["demand"] is None or v["available_min"] is None:
                raise ValueError("give both the demand and the available time (or neither)")
            event.takt = Takt(**{**(takt.model_dump() if takt else {}), **v})

        self.open_form(
            "Takt time",
            [
                Field(
                    "demand",
                    "Demand",
                    "number",
                    value=takt.demand if takt else None,
                    minimum=0.000001,
                    help="how many the customer needs in the period",
                ),
                Field(
                    "unit",
                    "Counted in",
                    value=takt.unit if takt else "",
                    placeholder="brackets, invoices, patients …",
                ),
                Field(
                    "period",
                    "Per",
                    value=takt.period if takt else "day",
                    placeholder="shift, day, week",
                ),
                Field(
                    "available_min",
                    "Available (min)",
                    "number",
                    value=takt.available_min if takt else None,
                    minimum=0.000001,
                    help="working minutes in that period, breaks taken out (2 shifts × 450 = 900)",
                ),
            ],
            apply,
            "takt",
            intro="Takt = available time ÷ customer demand: the pace the customer buys at. "
            "Empty both numbers to remove the takt.",
        )

    def _element_fields(self, element: WorkElement | None) -> list[Field]:
        names = [e.operator for e in self.event.balance]
        names += [p.name for p in self.event.people] + [s.name for s in self.event.process_steps]
        suggestions = list(dict.fromkeys(n for n in names if n.strip()))
        highlighted = self.query_one("#balance", BalanceTable).cursor_key
        guess = ""
        if element is None and highlighted is not None:
            guess = self.event.balance[int(highlighted)].operator
        return [
            Field(
                "operator",
                "Operator or step",
                value=element.operator if element else guess,
                required=True,
                suggestions=suggestions,
                select=element is None and bool(guess),
                placeholder="e.g. Op 2 (unload), or a step's name",
            ),
            Field(
                "element",
                "Work element",
                value=element.element if element else "",
                placeholder="what they do, e.g. Stack parts in the rack",
            ),
            Field(
                "seconds",
                "Time",
                "duration",
                value=seconds_as_input(element.seconds) if element else "",
                required=True,
                maximum=7 * 24 * 3600,
                help=f"per cycle: {DURATION_HELP}",
            ),
            Field(
                "value",
                "Value",
                "choice",
                value=element.value if element else "NNVA",
                options=[(v, v) for v in STEP_VALUES],
                keys=["v", "n", "w"],
                help=STEP_VALUE_HELP,
            ),
        ]

    @on(ItemTable.Request, "#balance")
    def _balance_request(self, request: ItemTable.Request) -> None:
        if request.kind == "takt":
            self._takt_form()
            return
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.balance,
                fields=self._element_fields,
                make=merged(WorkElement),
                add_title="Add a work element",
                add_intro="One element of an operator's work in one cycle; the chart stacks "
                "them per operator against the takt line.",
                insert="after",
                edit_title="Edit work element {n}",
                remove_title="Remove work element {n}?",
                describe=lambda e: (
                    f"{e.operator}: {e.element or '(no name)'} ({format_seconds(e.seconds)})"
                ),
                what="work element",
                order="element order",
            ),
        )

    # -- changeover (SMED) ----------------------------------------------------------------------

    @staticmethod
    def _changeover_fields(element: ChangeoverElement | None) -> list[Field]:
        e = element
        return [
            Field(
                "name",
                "Element",
                value=e.name if e else "",
                required=True,
                placeholder="e.g. Fetch the new die from the rack",
            ),
            Field(
                "minutes",
                "Before (min)",
                "number",
                value=e.minutes if e else None,
                minimum=0,
                help="as filmed before the event",
            ),
            Field(
                "kind",
                "Was",
                "choice",
                value=e.kind if e else "internal",
                options=[("internal", "internal"), ("external", "external")],
                keys=["i", "e"],
                help="internal: only while the machine is stopped · external: while it runs",
            ),
            Field(
                "after",
                "After",
                "choice",
                value=(e.after or "") if e else "",
                options=[
                    ("not decided", ""),
                    ("internal", "internal"),
                    ("external", "external"),
                    ("removed", "removed"),
                ],
                keys=["n", "i", "e", "r"],
                help="convert internal work to external; remove what is not needed",
            ),
            Field(
                "after_minutes",
                "After (min)",
                "number",
                value=e.after_minutes if e else None,
                minimum=0,
                help="empty: as long as before",
            ),
        ]

    @staticmethod
    def _changeover_element(
        values: dict[str, Any], old: ChangeoverElement | None
    ) -> ChangeoverElement:
        made = ChangeoverElement(
            name=values["name"],
            minutes=values["minutes"] or 0,
            kind=values["kind"],
            after=values["after"] or None,
            after_minutes=values["after_minutes"],
        )
        if old is None:
            return made
        return ChangeoverElement(**{**old.model_dump(), **made.model_dump(exclude_unset=True)})

    @on(ItemTable.Request, "#changeover")
    def _changeover_request(self, request: ItemTable.Request) -> None:
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.changeover,
                fields=self._changeover_fields,
                make=self._changeover_element,
                add_title="Add changeover element {n}",
                insert="after",
                edit_title="Edit changeover element {n}",
                remove_title="Remove changeover element {n}?",
                describe=lambda e: f"“{e.name}” ({_min(e.minutes)}, {e.kind})",
                what="changeover element",
                order="changeover order",
            ),
        )

    # -- steps ----------------------------------------------------------------------------------

    def _step_fields(self, step: ProcessStep | None) -> list[Field]:
        return [
            Field(
                "name",
                "Step",
                value=step.name if step else "",
                required=True,
                placeholder="verb + object, e.g. Fetch the new die",
            ),
            Field(
                "cycle_min",
                "Touch time (min)",
                "number",
                value=step.cycle_min if step else None,
                minimum=0,
                help="minutes somebody works on it (cycle time)",
            ),
            Field(
                "wait_min",
                "Wait time (min)",
                "number",
                value=step.wait_min if step else None,
                minimum=0,
                help="minutes it waits before or during the step",
            ),
            Field(
                "value",
                "Value",
                "choice",
                value=step.value if step else "NVA",
                options=[(v, v) for v in STEP_VALUES],
                keys=["v", "n", "w"],
                help=STEP_VALUE_HELP,
            ),
        ]

    @staticmethod
    def _step(values: dict[str, Any]) -> ProcessStep:
        return ProcessStep(
            name=values["name"],
            cycle_min=values["cycle_min"] or 0,
            wait_min=values["wait_min"] or 0,
            value=values["value"],
        )

    @on(ItemTable.Request, "#steps")
    def _steps_request(self, request: ItemTable.Request) -> None:
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.process_steps,
                fields=self._step_fields,
                make=lambda v, old: self._step(v),
                add_title="Add step {n}",
                insert="after",  # steps are usually added in order
                edit_title="Edit step {n}",
                replace=replace_step,  # wastes seen at a renamed step follow it
                remove_title="Remove step {n}?",
                describe=lambda s: (
                    f"“{s.name}” ({format_minutes(s.cycle_min)} touch, "
                    f"{format_minutes(s.wait_min)} wait) is removed from the current state."
                ),
                what="step",
                order="step order",
            ),
        )

    # -- wastes ---------------------------------------------------------------------------------

    def _waste_fields(self, waste: Waste | None) -> list[Field]:
        steps = [s.name for s in self.event.process_steps]
        current = waste.step if waste else ""
        if current and current not in steps:
            steps.append(current)  # keep a link to a step since renamed
        highlighted = self.query_one("#steps", ItemTable).cursor_key
        if waste is None and highlighted is not None:
            current = self.event.process_steps[int(highlighted)].name
        return [
            Field(
                "type",
                "Waste",
                "list",
                value=waste.type if waste else "waiting",
                options=[(waste_label(w), w) for w in WASTES],
                hints=[WASTE_HINTS[w] for w in WASTES],
                keys=list(WASTE_KEYS),
                help="↑/↓ or the first letter: T I M W O O D S",
            ),
            Field(
                "description",
                "What we saw",
                value=waste.description if waste else "",
                required=True,
                placeholder="e.g. setter walked 412 m to the tool crib",
            ),
            Field(
                "step",
                "At step",
                "select",
                value=current or None,
                options=[(name, name) for name in steps],
                placeholder="(not tied to a step)",
            ),
        ]

    @on(ItemTable.Request, "#wastes")
    def _wastes_request(self, request: ItemTable.Request) -> None:
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.wastes,
                fields=self._waste_fields,
                make=lambda v, old: Waste(
                    type=v["type"], description=v["description"], step=v["step"] or ""
                ),
                add_title="Add a waste (TIMWOODS)",
                edit_title="Edit waste",
                remove_title="Remove this waste?",
                describe=lambda w: f"{waste_label(w.type)}: {w.description}",
                what="waste",
                order="waste order",
            ),
        )
