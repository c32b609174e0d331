"""Current state: the process steps with their times (lead time and value-add ratio recomputed on
every change), the wastes the team saw (TIMWOODS) tied to a step, and the target condition."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from kaizen_tui.logic.edits import replace_step
from kaizen_tui.logic.flow import flow_of, format_minutes, format_ratio
from kaizen_tui.model import STEP_VALUES, WASTES, ProcessStep, Waste
from kaizen_tui.screens.phases.base import PhasePane
from kaizen_tui.widgets.fields import EventField
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.item_table import ItemTable
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
VALUE_LABELS = {"VA": "value-adding", "NNVA": "necessary, not value-adding", "NVA": "waste"}

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

    def focus_first(self) -> None:
        self.query_one("#steps", ItemTable).focus(scroll_visible=False)

    def show_event(self, event: Event, *, force: bool = False) -> None:
        super().show_event(event, force=force)
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
                help="VA adds value the customer pays for · NNVA needed today · NVA waste",
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
        index = int(request.key) if request.key is not None else -1
        table = request.table
        if request.kind == "add":
            # a new step goes after the highlighted one: steps are usually added in order
            at = index + 1 if index >= 0 else len(self.event.process_steps)

            def add(event: Event, v: dict[str, Any]) -> None:
                event.process_steps.insert(at, self._step(v))

            self.open_form(
                f"Add step {at + 1}",
                self._step_fields(None),
                add,
                "step",
                after=lambda: table.move_to(str(at)),
            )
        elif request.kind == "edit":
            step = self.event.process_steps[index]

            def edit(event: Event, v: dict[str, Any]) -> None:
                replace_step(event, index, self._step(v))

            self.open_form(f"Edit step {index + 1}", self._step_fields(step), edit, "step")
        elif request.kind == "remove":
            step = self.event.process_steps[index]
            self.confirm(
                f"Remove step {index + 1}?",
                f"“{step.name}” ({format_minutes(step.cycle_min)} touch, "
                f"{format_minutes(step.wait_min)} wait) is removed from the current state.",
                lambda event: event.process_steps.pop(index),
                "step removed",
            )
        else:
            delta = -1 if request.kind == "up" else 1
            self.move_item(table, lambda e: e.process_steps, index, delta, "step order")

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
        index = int(request.key) if request.key is not None else -1
        table = request.table

        def make(v: dict[str, Any]) -> Waste:
            return Waste(type=v["type"], description=v["description"], step=v["step"] or "")

        if request.kind == "add":

            def add(event: Event, v: dict[str, Any]) -> None:
                event.wastes.append(make(v))

            self.open_form(
                "Add a waste (TIMWOODS)",
                self._waste_fields(None),
                add,
                "waste",
                after=lambda: table.move_to(str(len(self.event.wastes) - 1)),
            )
        elif request.kind == "edit":
            waste = self.event.wastes[index]

            def edit(event: Event, v: dict[str, Any]) -> None:
                event.wastes[index] = make(v)

            self.open_form("Edit waste", self._waste_fields(waste), edit, "waste")
        elif request.kind == "remove":
            waste = self.event.wastes[index]
            self.confirm(
                "Remove this waste?",
                f"{waste_label(waste.type)}: {waste.description}",
                lambda event: event.wastes.pop(index),
                "waste removed",
            )
        else:
            delta = -1 if request.kind == "up" else 1
            self.move_item(table, lambda e: e.wastes, index, delta, "waste order")
