"""Report-out mode: the A3 walked through full screen, one section at a time, for the team to
present to management on the last day (F5 in the workspace, or the palette).

The slides are the A3's own sections (``a3/content.py``), so what the room sees is what the
printed sheet says: a title slide (event, dates, team, who agreed the charter, the agenda), then
sections 1 to 8. Text is drawn large in the only way a terminal allows: few words per screen,
bold headings in the theme's accent, the section number in big digits, wide margins; the
terminal's own zoom does the rest. The results' charts and the operator balance are the
workspace's own chart widgets, drawn larger.

Keys: → (or Space, Page Down: what a presenter's clicker sends) next, ← (Page Up) previous,
1–8 a section, Home/End first/last, ↑/↓ scroll a long section, Esc back to the event. Nothing
here edits the event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Static

from kaizen_tui.a3 import blocks as bk
from kaizen_tui.logic.actions import pdca_circle
from kaizen_tui.logic.balance import balance_of
from kaizen_tui.logic.metrics import after_reading, format_number, latest_reading, target_met
from kaizen_tui.logic.trend import metric_trend
from kaizen_tui.widgets.keybar import KeyBar
from kaizen_tui.widgets.lean_charts import YamazumiChart
from kaizen_tui.widgets.trend_chart import TrendChart

if TYPE_CHECKING:
    from kaizen_tui.model import Event
    from kaizen_tui.screens.workspace import EventScreen

#: the tones of the A3's blocks as theme variables
TONE_VARIABLES = {
    "bad": "text-error",
    "good": "text-success",
    "warn": "text-warning",
    "accent": "text-accent",
}


def slides_of(content: bk.A3Content) -> list[bk.Section]:
    """The title slide (the header), then sections 1–8; the QR column is for paper."""
    order = ["header", *(str(n) for n in range(1, 9))]
    return [content[key] for key in order if key in content.by_key]


class Slide(VerticalScroll, can_focus=True):
    """One section's blocks, scrolled with ↑/↓ when they are longer than the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
    ]


class ReportOutScreen(Screen[None]):
    DEFAULT_CSS = """
    ReportOutScreen {
        background: $background;
        #ro-top {
            height: 1; padding: 0 2; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
        }
        #ro-head { height: auto; padding: 1 4 0 4; }
        #ro-number { width: auto; color: $accent; margin-right: 2; }
        #ro-title {
            width: 1fr; height: auto; content-align: left middle; padding-top: 1;
            text-style: bold; color: $accent;
        }
        #ro-body { height: 1fr; padding: 1 4; scrollbar-size-vertical: 1; }
        #ro-body > * { margin-bottom: 1; max-width: 120; }
        .ro-text { height: auto; }
        #ro-body > .ro-heading { height: auto; text-style: bold; color: $accent; margin-bottom: 0; }
        #ro-progress { height: 1; padding: 0 2; color: $text-muted; text-align: right; }
    }
    """

    # priority: the slide's scroll view would take Page Up/Down, Home and End for itself, and
    # a presenter's clicker sends Page Up/Down
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,space,pagedown,l", "move(1)", "Next", key_display="→", priority=True),
        Binding("left,pageup,backspace,h", "move(-1)", "Previous", key_display="←", priority=True),
        Binding("home", "go(0)", "First", show=False, priority=True),
        Binding("end", "go(-1)", "Last", show=False, priority=True),
        *[Binding(str(n), f"section('{n}')", f"Section {n}", show=False) for n in range(1, 9)],
        Binding("escape,q", "leave", "Back to the event"),
    ]

    def __init__(self, content: bk.A3Content, event: Event, *, start: int = 0) -> None:
        super().__init__()
        self.content = content
        self.event = event
        self.slides = slides_of(content)
        self.index = max(0, min(start, len(self.slides) - 1))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="ro-top", markup=False)
            with Horizontal(id="ro-head"):
                yield Digits("", id="ro-number")
                yield Static(id="ro-title", markup=False)
            yield Slide(id="ro-body")
            yield Static(id="ro-progress", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        await self.show_slide(self.index)

    # -- slides ---------------------------------------------------------------------------------

    async def show_slide(self, index: int) -> None:
        self.index = index
        section = self.slides[index]
        event = self.event
        self.query_one("#ro-top", Static).update(Text(f"{event.id} · {event.title}"))
        number = self.query_one("#ro-number", Digits)
        number.update(section.number)
        number.display = bool(section.number)
        title = event.title if section.key == "header" else section.title.upper()
        self.query_one("#ro-title", Static).update(Text(title))
        body = self.query_one("#ro-body", Slide)
        await body.remove_children()
        await body.mount_all(self._widgets(section))
        body.scroll_home(animate=False)
        body.focus()
        dots = " ".join("●" if i == index else "○" for i in range(len(self.slides)))
        self.query_one("#ro-progress", Static).update(
            Text(f"{dots}   {index + 1} / {len(self.slides)}")
        )

    def _widgets(self, section: bk.Section) -> list[Widget]:
        blocks: Sequence[bk.Block] = section.blocks
        if section.key == "header":
            blocks = [b for b in blocks if not isinstance(b, bk.Title | bk.Stamp)]
        widgets = [w for block in blocks for w in self._block(block)]
        if section.key == "7" and self.event.metrics:
            widgets.insert(0, Static(self._headline(), classes="ro-text"))
        if section.key == "header":
            when = self.event.report_out.isoformat() if self.event.report_out else ""
            widgets.insert(
                0,
                Static(Text(f"Report-out {when}".strip(), style="bold"), classes="ro-heading"),
            )
            agenda = Text()
            for s in self.slides[1:]:
                agenda.append(f"{s.number}  ", style="bold")
                agenda.append(f"{s.title}\n")
            widgets.append(Static(Text("Today", style="bold"), classes="ro-heading"))
            agenda.rstrip()
            widgets.append(Static(agenda, classes="ro-text"))
        return widgets

    # -- blocks as widgets ----------------------------------------------------------------------

    def _block(self, block: bk.Block) -> list[Widget]:
        if isinstance(block, bk.Heading):
            return [Static(Text(block.text), classes="ro-heading")]
        if isinstance(block, bk.Charts):
            return [self._chart(chart) for chart in block.charts]
        if isinstance(block, bk.Yamazumi):
            chart = YamazumiChart(rows=12)
            chart.show(balance_of(self.event.balance, self.event.takt))
            return [chart]
        if isinstance(block, bk.Stack | bk.Aside):
            out: list[Widget] = []
            pending: list[RenderableType] = []
            for item in block.items:
                if isinstance(item, bk.Heading | bk.Charts | bk.Yamazumi | bk.Stack):
                    if pending:
                        out.append(Static(Group(*pending), classes="ro-text"))
                        pending = []
                    out += self._block(item)
                else:
                    pending.append(self._renderable(item))
            if pending:
                out.append(Static(Group(*pending), classes="ro-text"))
            return out
        if isinstance(block, bk.QrCode | bk.ActionsBar | bk.Title | bk.Stamp):
            return []
        return [Static(self._renderable(block), classes="ro-text")]

    def _headline(self) -> RichTable:
        """The week's result in one table before the charts: baseline → after → target, and
        the latest reading since."""
        grid = RichTable(box=None, pad_edge=False, padding=(0, 3, 0, 0), header_style="bold")
        for label, justify in (
            ("Metric", "left"),
            ("Baseline", "right"),
            ("After", "right"),
            ("Target", "right"),
            ("Now", "right"),
        ):
            grid.add_column(label, justify=justify)  # type: ignore[arg-type]
        good = self._style(bk.Span("", tone="good"))
        for metric in self.event.metrics:
            after = after_reading(self.event, metric)
            latest = latest_reading(metric)
            unit = f" {metric.unit}" if metric.unit else ""

            def shown(value: float | None, unit: str = unit) -> str:
                return f"{format_number(value)}{unit}" if value is not None else "–"

            after_text = Text(shown(after.value if after else None), style="bold")
            if after is not None and target_met(metric, after.value):
                after_text.stylize(good)
            grid.add_row(
                Text(f"{metric.id} {metric.name}"),
                shown(metric.baseline),
                after_text,
                Text(shown(metric.target), style="bold"),
                shown(latest.value if latest else None),
            )
        return grid

    def _chart(self, chart: bk.MetricChart) -> Widget:
        metric = self.event.metric(chart.title.split(" ", 1)[0])
        if metric is None:
            return Static(Text(f"{chart.title}: {chart.caption}"), classes="ro-text")
        widget = TrendChart(rows=7)
        widget.show(metric_trend(self.event, metric))
        return widget

    def _style(self, span: bk.Span) -> Style:
        color = None
        if span.tone in TONE_VARIABLES:
            value = self.app.get_css_variables().get(TONE_VARIABLES[span.tone], "")
            try:
                color = Color.parse(value).rich_color
            except Exception:  # a theme without the variable: no colour
                color = None
        return Style(
            bold=span.bold or None,
            dim=span.tone == "muted" or None,
            strike=span.strike or None,
            color=color,
        )

    def _text(self, para: bk.Para) -> Text:
        text = Text()
        if para.style == "item":
            text.append(f"{para.bullet or '•'} ")
        for span in para.spans:
            text.append(span.text, style=self._style(span))
        if para.style == "muted":
            text.stylize("dim")
        return text

    def _renderable(self, block: bk.Block) -> RenderableType:
        if isinstance(block, bk.Para):
            return self._text(block)
        if isinstance(block, bk.Table):
            return self._table(block)
        if isinstance(block, bk.Pdca):
            return Text(f"{pdca_circle(block.step)} {block.label}")
        if isinstance(block, bk.FlowBar):
            return self._flow_bar(block)
        if isinstance(block, bk.Stack | bk.Aside):
            return Group(*(self._renderable(item) for item in block.items))
        if isinstance(block, bk.Heading):
            return Text(block.text, style="bold")
        return Text("")

    def _cell(self, cell: bk.Cell) -> RenderableType:
        parts: list[RenderableType] = []
        for item in cell:
            if isinstance(item, bk.Para):
                parts.append(self._text(item))
            elif isinstance(item, bk.Pdca):
                parts.append(Text(pdca_circle(item.step)))
        return Group(*parts) if len(parts) != 1 else parts[0]

    def _table(self, table: bk.Table) -> RichTable:
        grid = RichTable(
            show_header=table.header,
            header_style="bold",
            box=None,
            pad_edge=False,
            padding=(0, 2, 0, 0),
            expand=False,
        )
        for column in table.columns:
            grid.add_column(
                column.label,
                justify="right" if column.align == "right" else "left",
                ratio=int(column.share * 2) if column.kind in ("text", "name") else None,
                no_wrap=column.kind in ("key", "short", "graphic"),
            )
        for row in table.rows:
            cells = [self._cell(cell) for cell in row.cells]
            if row.detail is not None:
                first_text = next((i for i, c in enumerate(table.columns) if c.kind == "text"), 0)
                cells[first_text] = Group(cells[first_text], self._text(row.detail))
            grid.add_row(*cells, style=Style(bold=True) if row.tone == "bad" else None)
        return grid

    @staticmethod
    def _flow_bar(bar: bk.FlowBar) -> Text:
        total = bar.va_min + bar.other_min + bar.wait_min
        width = 60
        text = Text()
        if total > 0:
            for minutes, glyph in ((bar.va_min, "█"), (bar.other_min, "▓"), (bar.wait_min, "░")):
                cells = round(width * minutes / total)
                if minutes > 0 and cells == 0:
                    cells = 1
                text.append(glyph * cells)
            text.append("\n")
        for glyph, legend in zip("█▓░", bar.legend, strict=False):
            text.append(f"{glyph} {legend}   ")
        return text

    # -- keys -----------------------------------------------------------------------------------

    async def action_move(self, delta: int) -> None:
        target = max(0, min(len(self.slides) - 1, self.index + delta))
        if target != self.index:
            await self.show_slide(target)

    async def action_go(self, index: int) -> None:
        await self.show_slide(index % len(self.slides))

    async def action_section(self, number: str) -> None:
        for index, section in enumerate(self.slides):
            if section.number == number:
                await self.show_slide(index)
                return

    def action_leave(self) -> None:
        self.dismiss(None)


def open_report_out(screen: EventScreen) -> None:
    """F5 in the workspace and the palette: the open event's A3, section by section."""
    from kaizen_tui.a3.content import a3_content
    from kaizen_tui.logic.links import action_page_url

    problems = screen.flush_edits()  # the room sees what was typed
    if problems:
        screen.notify(
            "\n".join(problems), title="Report-out: not saved", severity="error", timeout=10
        )
        return
    app = screen.kaizen
    link_base, _ = app.config.effective_link_base()
    event = screen.event
    content = a3_content(
        event,
        today=app.today,
        url=action_page_url(link_base, event.share_token),
        categories=app.config.fishbone_categories,
    )
    app.push_screen(ReportOutScreen(content, event))
