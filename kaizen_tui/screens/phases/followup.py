"""Follow-up: the results of the week, the close-out gate at report-out, then the 30/60/90-day
reviews and whether the gains hold, and what the event teaches.

At the top, where the event stands and the one key that moves it on (g the gate, h the next
review, c close). Below, the reviews (Enter holds or corrects one), the metrics with baseline →
after → target and their trend in one line each (r records a reading: during the event, the after
measurement), a larger chart of the highlighted metric and its readings. Last, what the event
teaches: lessons learned, yokoten (practices proposed for other areas) and the sensei's notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from kaizen_tui.logic import gate
from kaizen_tui.logic.followup import FOLLOWING, pending_reviews
from kaizen_tui.logic.metrics import after_reading, format_number
from kaizen_tui.logic.reviews import review_state
from kaizen_tui.logic.transitions import label, last_review, move_problems
from kaizen_tui.logic.trend import metric_trend, sparkline
from kaizen_tui.logic.words import join_and
from kaizen_tui.model import YOKOTEN_STATUSES, SenseiNote, Yokoten
from kaizen_tui.screens.phases.base import ListSpec, PhasePane, merged
from kaizen_tui.screens.phases.readings import (
    add_reading,
    edit_reading,
    reading_kind,
    remove_reading,
)
from kaizen_tui.widgets.fields import EventField
from kaizen_tui.widgets.form import Field
from kaizen_tui.widgets.item_table import ItemTable
from kaizen_tui.widgets.table import Column, Row, Table
from kaizen_tui.widgets.trend_chart import TrendChart

if TYPE_CHECKING:
    from kaizen_tui.model import Event
    from kaizen_tui.screens.workspace import EventScreen

STATE_TONES = {"overdue": "error", "due_soon": "warning"}
YOKOTEN_TONES = {"adopted": "success", "declined": "muted"}


def _set_lessons(event: Event, value: str) -> None:
    event.lessons = value


def _yokoten_fields(item: Yokoten | None) -> list[Field]:
    return [
        Field(
            "practice",
            "Practice",
            value=item.practice if item else "",
            required=True,
            placeholder="e.g. Shadow board for die-change tools",
        ),
        Field(
            "to_area",
            "To area",
            value=item.to_area if item else "",
            placeholder="where it could help next, e.g. Press Line 4",
        ),
        Field(
            "status",
            "Status",
            "choice",
            value=item.status if item else "proposed",
            options=[(s, s) for s in YOKOTEN_STATUSES],
            keys=["p", "a", "d"],
        ),
    ]


VERDICT_TONES = {"sustained": "success", "slipping": "warning", "lost": "error"}


class ShortTable(Table):
    """A table as tall as its rows (a handful of reviews or metrics), inside a scrolling pane."""

    DEFAULT_CSS = """
    ShortTable { height: auto; max-height: 12; min-height: 2; }
    """

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(2, self.row_count + 1)


class ReviewTable(ShortTable):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Hold")]


class MetricTrendTable(ShortTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reading", "Reading", tooltip="Record a reading of this metric"),
    ]

    def action_reading(self) -> None:
        if self.cursor_key is not None:
            self.post_message(ItemTable.Request(self, "reading", self.cursor_key))  # type: ignore[arg-type]


class ReadingTable(ItemTable):
    """The highlighted metric's readings: r (or a) records one, Enter edits, Del removes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "request('add')", "Reading", show=False),
        Binding("ctrl+up,alt+up,ctrl+down,alt+down", "nothing", show=False),
    ]
    DEFAULT_CSS = """
    ReadingTable { max-height: 10; }
    """

    def action_nothing(self) -> None:
        """Readings are in date order."""


class NoMoveTable(ItemTable):
    """A list whose order is kept as entered (yokoten are numbered by it, notes are dated)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+up,alt+up,ctrl+down,alt+down", "nothing", show=False),
    ]

    def action_nothing(self) -> None:
        pass


class FollowUpPane(PhasePane):
    phase_id = "followup"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "gate", "Close-out gate", tooltip="The report-out checklist (live events)"),
        Binding("h", "hold", "Hold review", tooltip="Hold the next review that is due"),
        Binding("c", "close", "Close event", tooltip="After a sustained last review"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="fu-status")
        yield Static("Reviews", classes="section-title")
        yield ReviewTable(
            self._review_columns(False),
            empty_text="No reviews yet: passing the close-out gate schedules them.",
            id="fu-reviews",
        )
        yield Static("Metrics  (↑↓ picks the chart · r records a reading)", classes="section-title")
        yield MetricTrendTable(
            self._metric_columns(False),
            empty_text="No metrics: add them on the Charter (baseline and target).",
            zebra=False,
            id="fu-metrics",
        )
        yield TrendChart(id="fu-chart")
        yield Static("", id="fu-readings-title", classes="section-title")
        yield ReadingTable(
            [
                Column("date", "Taken on", 10),
                Column("value", "Value", 9, justify="right"),
                Column("kind", "Counts as", 16),
                Column("note", "Note", None, min_width=10),
            ],
            empty_text="No readings yet: press r to record one (during the event: the after one).",
            id="fu-readings",
        )
        yield Static("What the event teaches", classes="section-title")
        yield EventField(
            "Lessons learned",
            lambda e: e.lessons,
            _set_lessons,
            kind="area",
            placeholder="What worked, what did not, what the next event should do differently.",
            id="f-lessons",
        )
        yield Static(
            "Yokoten: spread the practice  (a add · Enter edit · Del remove)",
            classes="section-title",
        )
        yield NoMoveTable(
            [
                Column("n", "#", 3, justify="right"),
                Column("practice", "Practice", None, min_width=16, share=2),
                Column("to", "To area", None, min_width=10),
                Column("status", "Status", 9),
            ],
            empty_text="No practices proposed yet: press a to propose one for another area.",
            id="fu-yokoten",
        )
        yield Static("Sensei notes  (a add · Enter edit · Del remove)", classes="section-title")
        yield NoMoveTable(
            [
                Column("date", "Date", 10),
                Column("by", "By", 16),
                Column("note", "Note", None, min_width=16),
            ],
            empty_text="No sensei notes yet: press a to write down what the sensei said.",
            id="fu-sensei",
        )

    @staticmethod
    def _review_columns(narrow: bool) -> list[Column]:
        if narrow:
            return [
                Column("day", "Review", 7),
                Column("due", "Due", 6),
                Column("state", "State", 16),
                Column("verdict", "Verdict", 10),
                Column("readings", "Readings", None, min_width=12),
            ]
        return [
            Column("day", "Review", 8),
            Column("due", "Due", 10),
            Column("state", "State", 17),
            Column("verdict", "Verdict", 24),
            Column("readings", "Readings", None, min_width=12),
            Column("notes", "Notes", None, min_width=10),
        ]

    @staticmethod
    def _metric_columns(narrow: bool) -> list[Column]:
        if narrow:
            return [
                Column("id", "ID", 3),
                Column("name", "Metric", None, min_width=10),
                Column("goal", "Base → tgt", 11),
                Column("after", "After", 6, justify="right"),
                Column("trend", "Trend", 8),
                Column("latest", "Latest", 7),
                Column("verdict", "Now", 9),
            ]
        return [
            Column("id", "ID", 4),
            Column("name", "Metric", None, min_width=14),
            Column("goal", "Baseline → target", 19),
            Column("after", "After", 9, justify="right"),
            Column("trend", "Trend", 12),
            Column("latest", "Latest", 14),
            Column("verdict", "Now", 10),
        ]

    @property
    def narrow(self) -> bool:
        return (self.size.width or self.app.size.width) < 100

    def on_resize(self) -> None:
        reviews = self.query_one("#fu-reviews", ReviewTable)
        columns = self._review_columns(self.narrow)
        if [c.key for c in reviews.columns] != [c.key for c in columns]:
            reviews.set_columns(columns)
            self.query_one("#fu-metrics", MetricTrendTable).set_columns(
                self._metric_columns(self.narrow)
            )
            self.show_event(self.event)

    # -- refresh --------------------------------------------------------------------------------

    def show_event(self, event: Event, *, force: bool = False) -> None:
        super().show_event(event, force=force)  # the lessons field
        today = self.kaizen.today
        narrow = self.narrow
        self.query_one("#fu-status", Static).update(self._status(event))
        rows = []
        for review in sorted(event.reviews, key=lambda r: r.day):
            state = review_state(review, event, today)
            verdict: str | Text = "–"
            cell_tones: tuple[tuple[int, str], ...] = ()
            if review.verdict:
                verdict = review.verdict
                overridden = review.suggested_verdict not in (None, review.verdict)
                if overridden:
                    verdict += "*" if narrow else f" (suggested {review.suggested_verdict})"
                cell_tones = ((3, VERDICT_TONES.get(review.verdict, "")),)
            readings = " · ".join(
                f"{metric_id} {format_number(value)}"
                for metric_id, value in review.readings.items()
            )
            rows.append(
                Row(
                    str(review.day),
                    (
                        Text(f"{review.day}-day", style="bold"),
                        (f"{state.due:%d %b}" if narrow else state.due.isoformat())
                        if state.due
                        else "–",
                        state.text + (" · corrected" if review.superseded else ""),
                        verdict,
                        readings,
                        review.notes.replace("\n", " "),
                    ),
                    tone=STATE_TONES.get(state.urgency, ""),
                    cell_tones=cell_tones,
                )
            )
        self.query_one("#fu-reviews", ReviewTable).set_rows(rows)

        metrics_table = self.query_one("#fu-metrics", MetricTrendTable)
        metric_rows = []
        for metric in event.metrics:
            trend = metric_trend(event, metric)
            bounds = trend.bounds()
            values = [p.value for p in trend.points]
            if trend.baseline is not None:
                values.insert(0, trend.baseline)
            shown = values[-(8 if narrow else 12) :]
            line = sparkline(shown, *bounds) if bounds and trend.points else ""
            latest = trend.latest
            unit = f" {metric.unit}" if metric.unit and len(metric.unit) <= 5 else ""
            after = after_reading(event, metric)
            metric_rows.append(
                Row(
                    metric.id,
                    (
                        Text(metric.id, style="bold"),
                        metric.name + (f" ({metric.unit})" if metric.unit and not unit else ""),
                        f"{format_number(metric.baseline)} → {format_number(metric.target)}"
                        + ("" if narrow else unit),
                        Text(format_number(after.value), style="bold") if after else "–",
                        line,
                        (
                            format_number(latest.value)
                            if narrow
                            else f"{format_number(latest.value)} · {latest.date:%d %b}"
                        )
                        if latest
                        else "–",
                        latest.verdict if latest and latest.verdict else "–",
                    ),
                    cell_tones=((6, VERDICT_TONES.get(latest.verdict or "", "")),)
                    if latest
                    else (),
                )
            )
        metrics_table.set_rows(metric_rows)
        self._show_chart()
        self._show_learning(event)
        self.refresh_bindings()

    def _show_learning(self, event: Event) -> None:
        self.query_one("#fu-yokoten", NoMoveTable).set_rows(
            [
                Row(
                    str(i),
                    (str(i + 1), y.practice, y.to_area or "–", y.status),
                    cell_tones=((3, YOKOTEN_TONES[y.status]),) if y.status in YOKOTEN_TONES else (),
                )
                for i, y in enumerate(event.yokoten)
            ]
        )
        self.query_one("#fu-sensei", NoMoveTable).set_rows(
            [
                Row(str(i), (n.date.isoformat(), n.by or "–", n.note.replace("\n", " ")))
                for i, n in enumerate(event.sensei_notes)
            ]
        )

    def _status(self, event: Event) -> Content:
        today = self.kaizen.today
        status = event.status
        if status == "planned":
            return Content.assemble(
                ("Planned. ", "bold"),
                "Follow-up starts at the report-out: once the event is live, the close-out gate "
                "(g) checks the action plan, the metrics and their after readings, the people "
                "and the printed A3, and schedules the 30-, 60- and 90-day reviews.",
            )
        if status == "live":
            checks = gate.check_gate(event)
            failing = [c for c in checks if not c.passed]
            passed = len(checks) - len(failing)
            tail: list[str | tuple[str, str]] = []
            if failing:
                tail = [" Still open: ", (failing[0].message, "$text-warning")]
                if len(failing) > 1:
                    tail.append(f" (and {len(failing) - 1} more)")
                tail.append(".")
            return Content.assemble(
                ("Live. ", "bold"),
                "At the report-out, pass the close-out gate (",
                ("g", "bold $accent"),
                f"): {passed} of {len(checks)} checks pass now.",
                *tail,
            )
        parts: list[str | tuple[str, str]] = []
        if event.closeout is not None:
            who = f" by {event.closeout.by}" if event.closeout.by else ""
            parts.append(f"Close-out gate passed {event.closeout.passed_on.isoformat()}{who}")
            if event.closeout.overrides:
                overrides = "; ".join(f"{o.rule}: {o.reason}" for o in event.closeout.overrides)
                parts.append((f" (overridden: {overrides})", "$text-warning"))
            parts.append(". ")
        elif event.report_out is not None:
            parts.append(f"Report-out {event.report_out.isoformat()}. ")
        head: tuple[str, str] = (f"{label(status).capitalize()}. ", "bold")
        if status in FOLLOWING:
            coming = pending_reviews(event)
            if coming:
                state = review_state(coming[0], event, today)
                tone = {"overdue": "bold $text-error", "due_soon": "bold $text-warning"}
                parts += [
                    "Next: the ",
                    (f"{coming[0].day}-day review, {state.text}", tone.get(state.urgency, "bold")),
                    " (",
                    ("h", "bold $accent"),
                    " holds it).",
                ]
            else:
                last = last_review(event)
                found = f"found {last.verdict}" if last and last.verdict else "is held"
                problems = move_problems(event, "closed")
                if not problems:
                    parts += [
                        f"The {last.day if last else ''}-day review {found}: ",
                        ("c", "bold $accent"),
                        " closes the event.",
                    ]
                else:
                    parts += [
                        f"Every review is held; not closed yet: {problems[0]}.",
                    ]
        elif status == "closed":
            last = last_review(event)
            if last is not None and last.verdict:
                parts.append(f"The {last.day}-day review found the gains {last.verdict}.")
        elif status == "abandoned" and event.status_reason:
            parts.append(f"Why: {event.status_reason}")
        return Content.assemble(head, *parts)

    def _show_chart(self) -> None:
        table = self.query_one("#fu-metrics", MetricTrendTable)
        key = table.cursor_key
        chart = self.query_one("#fu-chart", TrendChart)
        event = self.event
        metric = event.metric(key) if key else None
        chart.show(metric_trend(event, metric) if metric is not None else None)
        title = self.query_one("#fu-readings-title", Static)
        readings = self.query_one("#fu-readings", ReadingTable)
        if metric is None:
            title.update("Readings")
            readings.set_rows([])
            return
        title.update(
            Content.assemble(
                f"Readings of {metric.id}",
                ("  (r add · Enter edit · Del remove)", "not bold"),
            )
        )
        unit = f" {metric.unit}" if metric.unit and len(metric.unit) <= 5 else ""
        rows = []
        for i, reading in enumerate(metric.readings):
            kind = reading_kind(event, metric, reading)
            rows.append(
                Row(
                    str(i),
                    (
                        reading.date.isoformat(),
                        f"{format_number(reading.value)}{unit}",
                        Text(kind, style="bold") if kind == "after" else kind,
                        reading.note,
                    ),
                    tone="muted" if kind == "before the event" else "",
                )
            )
        readings.set_rows(rows)

    @on(Table.Highlighted, "#fu-metrics")
    def _metric_highlighted(self) -> None:
        self._show_chart()

    # -- readings, yokoten, sensei notes -------------------------------------------------------

    @on(ItemTable.Request, "#fu-metrics")
    def _metric_request(self, request: ItemTable.Request) -> None:
        if request.kind == "reading" and request.key is not None:
            add_reading(self, request.key)

    @on(ItemTable.Request, "#fu-readings")
    def _readings_request(self, request: ItemTable.Request) -> None:
        metric_id = self.query_one("#fu-metrics", MetricTrendTable).cursor_key
        if metric_id is None:
            self.notify("Add a metric on the Charter first.", title="Reading", timeout=6)
            return
        if request.kind == "add":
            table = request.table
            add_reading(self, metric_id, after=lambda: table.move_to(str(table.row_count - 1)))
        elif request.key is not None and request.kind == "edit":
            edit_reading(self, metric_id, int(request.key))
        elif request.key is not None and request.kind == "remove":
            remove_reading(self, metric_id, int(request.key))

    @on(ItemTable.Request, "#fu-yokoten")
    def _yokoten_request(self, request: ItemTable.Request) -> None:
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.yokoten,
                fields=_yokoten_fields,
                make=merged(Yokoten),
                add_title="Propose a practice (yokoten)",
                add_intro="A practice from this event that another area could use: what, and "
                "where. The LPO's portfolio lists every proposal, to adopt or decline.",
                edit_title="Edit practice {n}",
                remove_title="Remove practice {n}?",
                describe=lambda y: y.practice + (f" → {y.to_area}" if y.to_area else ""),
                what="yokoten",
                removed="practice removed",
            ),
        )

    @on(ItemTable.Request, "#fu-sensei")
    def _sensei_request(self, request: ItemTable.Request) -> None:
        self.edit_list(
            request,
            ListSpec(
                items=lambda e: e.sensei_notes,
                fields=self._sensei_fields,
                make=merged(SenseiNote),
                add_title="Sensei note",
                edit_title="Edit sensei note",
                remove_title="Remove this sensei note?",
                describe=lambda n: f"{n.date.isoformat()} {n.by}: {n.note}",
                what="sensei note",
            ),
        )

    def _sensei_fields(self, note: SenseiNote | None) -> list[Field]:
        sensei = self.event.first_name_with_role("sensei")
        last = self.event.sensei_notes[-1].by if self.event.sensei_notes else ""
        return [
            Field(
                "note",
                "Note",
                "area",
                value=note.note if note else "",
                required=True,
                placeholder="what the sensei said or asked, in their words",
            ),
            Field(
                "by",
                "By",
                value=note.by if note else (last or sensei),
                suggestions=[p.name for p in self.event.people],
                select=note is None,
            ),
            Field(
                "date",
                "Date",
                "date",
                value=note.date if note else self.kaizen.today,
                required=True,
            ),
        ]

    def focus_first(self) -> None:
        reviews = self.query_one("#fu-reviews", ReviewTable)
        if reviews.row_count:
            reviews.focus(scroll_visible=False)
            coming = pending_reviews(self.event)
            if coming:
                reviews.move_to(str(coming[0].day))
        else:
            self.query_one("#fu-metrics", MetricTrendTable).focus(scroll_visible=False)

    def show_item(self, key: str) -> None:
        # "30" (a review day) from the home queue
        self.query_one("#fu-reviews", ReviewTable).move_to(key)

    # -- keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # True: the key works (and says why, when it cannot do its job yet: a dimmed key that
        # did nothing was lost on a projector); False: hidden, not in this status, so the key
        # bar keeps room for what applies
        status = self.event.status
        if action == "gate":
            return status in ("planned", "live")
        if action == "hold":
            return status in FOLLOWING
        if action == "close":
            return status == "following_up"
        return True

    def action_gate(self) -> None:
        open_gate_command(self.workspace)

    def action_hold(self) -> None:
        hold_review_command(self.workspace)

    def action_close(self) -> None:
        from kaizen_tui.screens.review import close_event

        problems = move_problems(self.event, "closed")
        if problems:
            self.notify(problems[0], title="Not closed", severity="warning", timeout=10)
            return
        close_event(self.workspace)

    @on(Table.Selected, "#fu-reviews")
    def _review_selected(self, event: Table.Selected) -> None:
        from kaizen_tui.screens.review import hold

        hold(self.workspace, int(event.key))


def open_gate_command(screen: EventScreen) -> None:
    """The close-out gate (key g on Follow-up, the palette, the charter's Status)."""
    from kaizen_tui.screens.gate import open_gate

    open_gate(screen)


def hold_review_command(screen: EventScreen) -> None:
    """Hold the next review that is not held yet (key h on Follow-up, the palette)."""
    from kaizen_tui.screens.review import hold

    event = screen.event
    coming = pending_reviews(event)
    if event.status in FOLLOWING and not coming:
        days = join_and([f"{r.day}" for r in event.reviews])
        screen.notify(
            f"Every review ({days} days) is held; Enter on one in Follow-up corrects it.",
            title="Review",
            timeout=8,
        )
        return
    hold(screen, coming[0].day if coming else 0)
