"""The report's three charts as reportlab Drawings: events by area, the sustainment trend and the
line-capability trend. Pure functions of a Portfolio, so tests can look at them without a PDF."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from kaizen_tui.logic.portfolio import Portfolio
from kaizen_tui.report.fonts import printable, report_fonts

INK = HexColor("#1d2a3a")
MUTED = HexColor("#6b7785")
GRID = HexColor("#dde3ea")
NAVY = HexColor("#1d3557")
TEAL = HexColor("#2a9d8f")
SAND = HexColor("#e9c46a")
CORAL = HexColor("#e76f51")
STONE = HexColor("#b8c0c8")

#: Status groups of the area bars: (label, statuses, colour)
STATUS_GROUPS = (
    ("planned / live", ("planned", "live"), SAND),
    ("reported / following up", ("reported", "following_up"), TEAL),
    ("closed", ("closed",), NAVY),
    ("abandoned", ("abandoned",), STONE),
)
MAX_AREAS = 12
MAX_QUARTERS = 8
LABEL_CHARS = 26
LEGEND_H = 18  # legends sit on top, under the chart's title


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _empty(drawing: Drawing, message: str) -> Drawing:
    fonts = report_fonts()
    drawing.add(
        String(
            drawing.width / 2,
            drawing.height / 2,
            message,
            fontName=fonts.italic,
            fontSize=9,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    return drawing


def area_bars(p: Portfolio, width: float, height: float) -> Drawing:
    """Events per area, stacked by status group; the busiest areas first (top)."""
    drawing = Drawing(width, height)
    counts: dict[str, dict[str, int]] = {}
    for event in p.events:
        counts.setdefault(event.area, {})
        counts[event.area][event.status] = counts[event.area].get(event.status, 0) + 1
    if not counts:
        return _empty(drawing, "No events in this selection")
    # the busiest areas only: a bar summing the rest would dwarf them (the title says so)
    areas = sorted(counts, key=lambda a: (-sum(counts[a].values()), a.casefold()))[:MAX_AREAS]
    labels = [_clip(a) for a in areas]
    rows = [counts[a] for a in areas]
    groups = [g for g in STATUS_GROUPS if any(row.get(s, 0) for row in rows for s in g[1])]
    # reportlab draws the first category at the bottom: reverse so the busiest is on top
    labels.reverse()
    rows.reverse()
    chart = HorizontalBarChart()
    chart.x = min(width * 0.45, 6 + 4.1 * max(len(label) for label in labels))
    chart.y = 14
    chart.width = width - chart.x - 8
    chart.height = height - chart.y - LEGEND_H
    chart.data = [tuple(sum(row.get(s, 0) for s in g[1]) for row in rows) for g in groups]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    top = max(sum(sum(row.get(s, 0) for s in g[1]) for g in groups) for row in rows)
    chart.valueAxis.valueMax = max(top, 1)
    chart.valueAxis.valueStep = max(1, -(-top // 5))
    _style_axes(chart)
    chart.barWidth = 6
    chart.groupSpacing = 4
    for index, group in enumerate(groups):
        chart.bars[index].fillColor = group[2]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(_legend([(g[2], g[0]) for g in groups], height))
    return drawing


def _style_axes(chart: HorizontalBarChart | HorizontalLineChart) -> None:
    """The report's axes: small labels, muted lines, a light grid behind the values."""
    font = report_fonts().regular
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = MUTED
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID


def _legend(items: list[tuple[colors.Color, str]], height: float) -> Group:
    """Swatches and labels in one row along the top of a chart ``height`` high, measured so that
    labels never overlap."""
    font = report_fonts().regular
    group = Group()
    x, y = 0.0, height - 8
    for colour, label in items:
        group.add(Rect(x, y, 7, 7, fillColor=colour, strokeColor=None))
        group.add(String(x + 10, y + 1, label, fontName=font, fontSize=7, fillColor=INK))
        x += 10 + stringWidth(label, font, 7) + 12
    return group


def _quarters(p: Portfolio) -> list[str]:
    found = {q.quarter for q in p.capability.by_quarter}
    found |= {r.key for r in p.sustainment.by_quarter}
    return sorted(found)[-MAX_QUARTERS:]


def _line_chart(
    width: float,
    height: float,
    labels: list[str],
    series: list[list[float | None]],
    colours: list[colors.Color],
) -> HorizontalLineChart:
    """Shares (0–100 %) by quarter; ``labels`` are two lines: the quarter and what it holds."""
    chart = HorizontalLineChart()
    chart.x = 30
    chart.y = 26
    chart.width = width - chart.x - 12
    chart.height = height - chart.y - LEGEND_H
    chart.data = [tuple(values) for values in series]
    # Lines only for series with two points or more: reportlab cannot draw a one-point line
    # (a quarter of data after gaps); such a point shows as its marker alone.
    chart.joinedLines = 0
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.leading = 8.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labelTextFormat = "%d%%"
    _style_axes(chart)
    from reportlab.graphics.widgets.markers import makeMarker

    for index, colour in enumerate(colours):
        if sum(v is not None for v in series[index]) >= 2:
            chart.lines[index].lineStyle = "joinedLine"
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 2
        chart.lines[index].symbol = makeMarker("FilledCircle", size=4, fillColor=colour)
    return chart


def _percent(share: float | None) -> float | None:
    return share * 100 if share is not None else None


def sustainment_trend(p: Portfolio, width: float, height: float) -> Drawing:
    """Share of events sustained at the review day, by quarter of the event."""
    drawing = Drawing(width, height)
    rows = {r.key: r for r in p.sustainment.by_quarter}
    quarters = _quarters(p)
    values = [_percent(rows[q].rate) if q in rows else None for q in quarters]
    if not any(v is not None for v in values):
        return _empty(drawing, f"No {p.sustainment.day}-day review has a verdict yet")
    # under each quarter: how many reviews the share is of (a 100 % of 1 is not a 100 % of 30)
    labels = [
        f"{q}\n{rows[q].sustained} of {rows[q].held}" if q in rows and rows[q].held else f"{q}\n–"
        for q in quarters
    ]
    drawing.add(_line_chart(width, height, labels, [values], [TEAL]))
    drawing.add(_legend([(TEAL, "events sustained (of reviews with a verdict)")], height))
    return drawing


def capability_trend(p: Portfolio, width: float, height: float) -> Drawing:
    """Line-led events and line-owned actions as shares, by quarter."""
    drawing = Drawing(width, height)
    by_q = {q.quarter: q for q in p.capability.by_quarter}
    quarters = _quarters(p)
    led = [_percent(by_q[q].line_led_rate) if q in by_q else None for q in quarters]
    owned = [_percent(by_q[q].line_owned_rate) if q in by_q else None for q in quarters]
    if not any(v is not None for v in led + owned):
        return _empty(drawing, "No dated event with a team leader yet")
    labels = [
        f"{q}\n{by_q[q].events_with_leader} events" if q in by_q else f"{q}\n–" for q in quarters
    ]
    drawing.add(_line_chart(width, height, labels, [led, owned], [NAVY, CORAL]))
    drawing.add(
        _legend([(NAVY, "events led from the line"), (CORAL, "actions owned by the line")], height)
    )
    return drawing
