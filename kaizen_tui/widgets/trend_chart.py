"""A metric over time as a small chart a room can read off a projector: the baseline as a solid
line, the target as a dashed line, each reading as a dot coloured by what it means (sustained,
slipping, lost), the values at the left and the dates underneath.

Drawn with text and theme colours (no new dependency). The layout is ``logic.trend.plot``; this
widget only paints it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from kaizen_tui.logic.metrics import format_number
from kaizen_tui.logic.trend import Trend, plot

#: style of a reading's dot by its verdict
DOT_STYLES = {
    "sustained": "bold $text-success",
    "slipping": "bold $text-warning",
    "lost": "bold $text-error",
    None: "bold $text",
}
GUTTER = 9  # the value labels at the left


class TrendChart(Widget):
    DEFAULT_CSS = """
    TrendChart {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, rows: int = 6, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.trend: Trend | None = None

    def show(self, trend: Trend | None) -> None:
        self.trend = trend
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return self.rows + 4 if self.trend is not None else 1

    def render(self) -> Content:
        trend = self.trend
        if trend is None:
            return Content.styled("No metrics to chart.", "$text-muted")
        width = max(10, self.content_region.width - GUTTER)
        laid = plot(trend, width, self.rows)
        unit = f" {trend.unit}" if trend.unit else ""
        better = "lower" if trend.direction == "lower" else "higher"
        title = Content.assemble(
            (f"{trend.metric_id} {trend.name}", "bold"),
            (f"  ({trend.unit + ', ' if trend.unit else ''}{better} is better)", "$text-muted"),
        )
        if laid is None:
            return Content.assemble(
                title,
                "\n",
                ("No baseline, target or reading yet: set them on the Charter.", "$text-muted"),
            )
        grid: list[list[tuple[str, str]]] = [[(" ", "")] * laid.width for _ in range(laid.height)]
        labels: dict[int, str] = {}
        if laid.baseline_row is not None and trend.baseline is not None:
            grid[laid.baseline_row] = [("─", "$text-muted")] * laid.width
            labels[laid.baseline_row] = format_number(trend.baseline)
        if laid.target_row is not None and trend.target is not None:
            grid[laid.target_row] = [("┄", "$text-success")] * laid.width
            labels[laid.target_row] = format_number(trend.target)
        for mark in laid.marks:
            grid[mark.row][mark.column] = ("●", DOT_STYLES.get(mark.point.verdict, "bold"))
        parts: list[str | tuple[str, str] | Content] = [title, "\n"]
        for row, cells in enumerate(grid):
            label = labels.get(row, "")
            parts.append(
                (
                    f"{label[: GUTTER - 2]:>{GUTTER - 2}} ┤" if label else " " * (GUTTER - 1) + "│",
                    "$text-muted",
                )
            )
            for char, style in cells:
                parts.append((char, style) if style else char)
            parts.append("\n")
        first = laid.first.isoformat() if laid.first else ""
        last = laid.last.isoformat() if laid.last and laid.last != laid.first else ""
        gap = max(1, laid.width - len(first) - len(last))
        parts.append((" " * GUTTER + first + " " * gap + last, "$text-muted"))
        parts.append("\n")
        parts += self._legend(trend, unit)
        return Content.assemble(*parts)

    @staticmethod
    def _legend(trend: Trend, unit: str) -> list[str | tuple[str, str]]:
        legend: list[str | tuple[str, str]] = [" " * GUTTER]
        if trend.baseline is not None:
            since = f" ({trend.baseline_date.isoformat()})" if trend.baseline_date else ""
            legend += [
                ("─", "$text-muted"),
                f" baseline {format_number(trend.baseline)}{unit}{since}   ",
            ]
        if trend.target is not None:
            legend += [("┄", "$text-success"), f" target {format_number(trend.target)}{unit}   "]
        legend.append("\n" + " " * GUTTER)
        latest = trend.latest
        if latest is None:
            legend.append(("no readings yet: they come with the reviews", "$text-muted"))
        else:
            progress = trend.latest_progress
            share = f" · {progress:.0%} of the intended change" if progress is not None else ""
            verdict = f" · {latest.verdict}" if latest.verdict else ""
            legend += [
                ("●", DOT_STYLES.get(latest.verdict, "bold")),
                f" latest {format_number(latest.value)}{unit} on {latest.date.isoformat()}"
                f"{share}{verdict}",
            ]
        return legend
