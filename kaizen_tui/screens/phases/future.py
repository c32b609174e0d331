"""Future state: what the team tried (try-storming) and the process as it runs after the event,
beside the current one: lead time, value-add ratio and the steps removed, before → after.

Try-storming is a short log: what was tried, what happened, kept or dropped. A kept experiment
becomes an action to standardise it (m), and points at it. The future state usually starts as a
copy of the current steps (c on an empty list), then steps are struck, merged and shortened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from kaizen_tui.logic.edits import experiment_to_action
from kaizen_tui.logic.flow import FlowChange, compare_flows, format_minutes, format_ratio
from kaizen_tui.logic.words import plural
from kaizen_tui.model import (
    EXPERIMENT_DECISIONS,
    STEP_VALUE_HELP,
    STEP_VALUES,
    Experiment,
    ProcessStep,
)
from kaizen_tui.screens.phases.base import ListSpec, PhasePane, merged
from kaizen_tui.screens.phases.current_state import time_bar
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.item_table import ItemTable
from kaizen_tui.widgets.table import Column, Row, Table

if TYPE_CHECKING:
    from kaizen_tui.model import Event

DECISION_TONES = {"kept": "success", "dropped": "muted", "trying": "warning"}
BAR_WIDTH = 16


class ExperimentTable(ItemTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "more('kept')", "Kept"),
        Binding("d", "more('dropped')", "Dropped"),
        Binding("m", "more('action')", "Make action", tooltip="An action to standardise it"),
    ]

    def action_more(self, kind: str) -> None:
        if self.cursor_key is not None:
            self.post_message(self.Request(self, kind, self.cursor_key))


class FutureStepTable(ItemTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "request('copy')", "Copy current", tooltip="Start from the current steps"),
    ]

    def action_request(self, kind: str) -> None:
        if kind == "copy":  # works on an empty list: that is when it is needed
            self.post_message(self.Request(self, kind, self.cursor_key))
            return
        super().action_request(kind)


def flow_change_summary(change: FlowChange, has_future: bool) -> Content:
    """Before → after in one line: lead time, VA ratio, steps removed and added."""
    if not has_future:
        return Content.assemble(
            ("No future state yet: ", "bold"),
            "press ",
            ("c", "bold $accent"),
            " on the list below to start from the current steps, or ",
            ("a", "bold $accent"),
            " to add the first step.",
        )
    before, after = change.before, change.after
    parts: list[str | tuple[str, str]] = [
        ("Lead time ", "dim"),
        (format_minutes(before.lead_time_min), "bold"),
        " → ",
        (
            format_minutes(after.lead_time_min),
            "bold $text-success" if change.lead_time_saved_min > 0 else "bold",
        ),
    ]
    if change.lead_time_cut is not None and change.lead_time_saved_min:
        parts.append((f" {-change.lead_time_cut:+.0%}", "bold"))
    parts += [
        ("   VA ratio ", "dim"),
        (format_ratio(before.va_ratio), "bold"),
        " → ",
        (format_ratio(after.va_ratio), "bold"),
        ("   steps ", "dim"),
        (f"{before.steps} → {after.steps}", "bold"),
    ]
    return Content.assemble(*parts)


class FuturePane(PhasePane):
    phase_id = "future"

    def compose(self) -> ComposeResult:
        yield Static(id="future-summary", classes="lean-summary")
        yield Static(
            "Try-storming  (a add · Enter edit · k kept · d dropped · m make an action)",
            classes="section-title",
        )
        yield ExperimentTable(
            [
                Column("id", "ID", 4),
                Column("date", "Tried", 6),
                Column("tried", "What we tried", None, min_width=16, share=3),
                Column("result", "Result", None, min_width=12, share=2),
                Column("decision", "Decision", 8),
                Column("action", "Action", 6),
            ],
            empty_text="Nothing tried yet: a logs an experiment (what, the result, kept or "
            "dropped).",
            id="experiments",
        )
        yield Static(id="experiment-detail")
        yield Static(
            "Future state  (a add · Enter edit · Del remove · c copy the current steps)",
            classes="section-title",
        )
        yield FutureStepTable(
            [
                Column("n", "#", 3, justify="right"),
                Column("name", "Step", None, min_width=16),
                Column("cycle", "Cycle", 9, justify="right"),
                Column("wait", "Wait", 9, justify="right"),
                Column("value", "Value", 5),
                Column("bar", "█ touch  ░ wait", BAR_WIDTH + 1),
            ],
            empty_text="No future steps yet: c copies the current steps to change, a adds one.",
            id="future-steps",
        )
        yield Static(id="future-removed")

    def focus_first(self) -> None:
        self.query_one("#experiments", ExperimentTable).focus(scroll_visible=False)

    def show_event(self, event: Event, *, force: bool = False) -> None:
        super().show_event(event, force=force)
        change = compare_flows(event.process_steps, event.future_steps)
        self.query_one("#future-summary", Static).update(
            flow_change_summary(change, bool(event.future_steps))
        )
        self.query_one("#experiments", ExperimentTable).set_rows(
            [
                Row(
                    str(i),
                    (
                        Text(x.id, style="bold"),
                        f"{x.date:%d %b}" if x.date else "",
                        x.tried,
                        x.result,
                        x.decision,
                        x.action or "",
                    ),
                    cell_tones=((4, DECISION_TONES[x.decision]),),
                )
                for i, x in enumerate(event.experiments)
            ]
        )
        # one scale for both states, so a shorter future step looks shorter
        longest = max(
            (s.cycle_min + s.wait_min for s in [*event.process_steps, *event.future_steps]),
            default=0,
        )
        self.query_one("#future-steps", FutureStepTable).set_rows(
            [
                Row(
                    str(i),
                    (
                        str(i + 1),
                        s.name,
                        format_minutes(s.cycle_min),
                        format_minutes(s.wait_min),
                        s.value,
                        time_bar(s.cycle_min, s.wait_min, longest, BAR_WIDTH),
                    ),
                    tone="success" if s.value == "VA" else "",
                )
                for i, s in enumerate(event.future_steps)
            ]
        )
        moved = self.query_one("#future-removed", Static)
        parts: list[str | tuple[str, str]] = []
        if event.future_steps and change.removed:
            parts += [
                (f"Removed ({plural(len(change.removed), 'current step')}): ", "bold"),
                ("; ".join(change.removed), "$text-muted strike"),
            ]
        if event.future_steps and change.added:
            parts += [
                ("\n" if parts else "", ""),
                (f"New ({plural(len(change.added), 'step')}): ", "bold"),
                "; ".join(change.added),
            ]
        moved.update(Content.assemble(*parts))
        moved.display = bool(parts)
        self._show_detail()

    def _show_detail(self) -> None:
        """The whole of the highlighted experiment (the list cuts long texts)."""
        detail = self.query_one("#experiment-detail", Static)
        key = self.query_one("#experiments", ExperimentTable).cursor_key
        experiments = self.event.experiments
        if key is None or int(key) >= len(experiments):
            detail.display = False
            return
        x = experiments[int(key)]
        head = [x.id, x.date.isoformat() if x.date else "", x.decision]
        if x.action:
            head.append(f"action {x.action}")
        parts: list[str | tuple[str, str]] = [
            (" · ".join(p for p in head if p), "bold"),
            ("   tried: ", "dim"),
            x.tried,
        ]
        if x.result:
            parts += [("   result: ", "dim"), x.result]
        detail.update(Content.assemble(*parts))
        detail.display = True

    @on(Table.Highlighted, "#experiments")
    def _experiment_highlighted(self) -> None:
        self._show_detail()

    # -- experiments ----------------------------------------------------------------------------

    def _experiment_fields(self, experiment: Experiment | None) -> list[Field]:
        x = experiment
        return [
            Field(
                "tried",
                "What we tried",
                value=x.tried if x else "",
                required=True,
                placeholder="e.g. Stage the next die on the cart before the press stops",
            ),
            Field(
                "result",
                "Result",
                value=x.result if x else "",
                placeholder="what happened, measured if you can: 94 → 71 min",
            ),
            Field(
                "decision",
                "Decision",
                "choice",
                value=x.decision if x else "trying",
                options=[(d, d) for d in EXPERIMENT_DECISIONS],
                keys=["t", "k", "d"],
            ),
            Field("date", "Tried on", "date", value=x.date if x else self.kaizen.today),
        ]

    @on(ItemTable.Request, "#experiments")
    def _experiments_request(self, request: ItemTable.Request) -> None:
        kind = request.kind
        if kind in ("kept", "dropped", "action"):
            if request.key is None:
                return
            index = int(request.key)
            experiment = self.event.experiments[index]
            if kind == "action":
                self._make_action(index)
                return

            def decide(event: Event) -> None:
                event.experiments[index].decision = kind  # type: ignore[assignment]

            self.commit_or_tell(decide, f"experiment {experiment.id} {kind}")
            return
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.experiments,
                id_prefix="E",
                fields=self._experiment_fields,
                make=merged(Experiment),
                add_title="Try-storm: experiment {id}",
                add_intro="Try it for real, small and fast, then keep it or drop it.",
                edit_title="Edit experiment {id}",
                remove_title="Remove experiment {id}?",
                describe=lambda x: (
                    f"{x.tried}. Dropping it (d) keeps a record of what was "
                    "tried; removing does not."
                ),
                what="experiment {id}",
                order="experiment order",
            ),
        )

    def _make_action(self, index: int) -> None:
        experiment = self.event.experiments[index]
        if experiment.action:
            self.notify(
                f"Experiment {experiment.id} is action {experiment.action} already.",
                severity="warning",
            )
            return
        owners = sorted({p.name for p in self.event.people})
        fields = [
            Field("what", "Action", value=experiment.tried, required=True),
            Field("owner", "Owner", suggestions=owners),
            Field("due", "Due", "date", placeholder="fri, +7, 2026-12-01"),
        ]

        def apply(event: Event, v: dict[str, Any]) -> None:
            experiment_to_action(event, index, what=v["what"], owner=v["owner"], due=v["due"])

        self.open_form(
            f"Standardise experiment {experiment.id}",
            fields,
            apply,
            "new action",
            intro="The experiment is marked kept and points at the new action.",
        )

    # -- future steps ---------------------------------------------------------------------------

    @staticmethod
    def _step_fields(step: ProcessStep | None) -> list[Field]:
        return [
            Field("name", "Step", value=step.name if step else "", required=True),
            Field(
                "cycle_min",
                "Touch time (min)",
                "number",
                value=step.cycle_min if step else None,
                minimum=0,
            ),
            Field(
                "wait_min",
                "Wait time (min)",
                "number",
                value=step.wait_min if step else None,
                minimum=0,
            ),
            Field(
                "value",
                "Value",
                "choice",
                value=step.value if step else "NNVA",
                options=[(v, v) for v in STEP_VALUES],
                keys=["v", "n", "w"],
                help=STEP_VALUE_HELP,
            ),
        ]

    @staticmethod
    def _step(values: dict[str, Any], base: ProcessStep | None = None) -> ProcessStep:
        kept = base.model_dump() if base else {}
        return ProcessStep(
            **{
                **kept,
                "name": values["name"],
                "cycle_min": values["cycle_min"] or 0,
                "wait_min": values["wait_min"] or 0,
                "value": values["value"],
            }
        )

    @on(ItemTable.Request, "#future-steps")
    def _steps_request(self, request: ItemTable.Request) -> None:
        if request.kind == "copy":
            self._copy_current()
            return
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.future_steps,
                fields=self._step_fields,
                make=self._step,
                add_title="Add future step {n}",
                insert="after",
                edit_title="Edit future step {n}",
                remove_title="Remove future step {n}?",
                describe=lambda s: (
                    f"“{s.name}” leaves the future state (it stays in the current state)."
                ),
                what="future step",
                order="future step order",
            ),
        )

    def _copy_current(self) -> None:
        event = self.event
        if not event.process_steps:
            self.notify(
                "The current state has no steps to copy: map them on Current state (2).",
                title="Future state",
                timeout=8,
            )
            return

        def copy(draft: Event) -> None:
            draft.future_steps = [s.model_copy(deep=True) for s in draft.process_steps]

        if not event.future_steps:
            self.commit_or_tell(copy, "future state copied from the current steps")
            return
        self.confirm(
            "Start the future state again?",
            f"The {plural(len(event.future_steps), 'future step')} are replaced by a copy of "
            f"the {plural(len(event.process_steps), 'current step')}.",
            copy,
            "future state copied from the current steps",
            yes="Replace",
        )
