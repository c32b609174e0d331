"""Small vector graphics of the A3: PDCA circles, the value-add bar, metric trends, the QR code.

Each is a Flowable (so it sits in a table cell or a box) sized in points by the caller, so it
scales with the text around it. They draw straight onto the canvas: reportlab's ``Drawing``
shapes validate every attribute, which made a page of PDCA circles and a QR code of a few hundred
squares the slowest part of the A3.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kaizen_tui.a3.fonts import SANS, SANS_BOLD
from kaizen_tui.a3.style import PALETTE
from kaizen_tui.logic.flow import Flow, format_minutes
from kaizen_tui.logic.trend import Trend


class _Graphic(Flowable):
    """A fixed-size graphic; subclasses draw inside (0, 0, width, height)."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height


class PdcaCircle(_Graphic):
    """The PDCA circle filled by quarters, clockwise from 12 o'clock: 0 empty … 4 full."""

    def __init__(self, step: int, diameter: float) -> None:
        super().__init__(diameter, diameter)
        self.step = max(0, min(4, step))

    def draw(self) -> None:
        c = self.canv
        d = self.width
        r = d / 2 - 0.6
        ink = PALETTE.accent
        c.setLineWidth(0.8)
        c.setStrokeColor(ink)
        if self.step == 4:
            c.setFillColor(ink)
            c.circle(d / 2, d / 2, r, stroke=1, fill=1)
            return
        c.setFillColor(colors.white)
        c.circle(d / 2, d / 2, r, stroke=1, fill=1)
        if self.step:
            c.setFillColor(ink)
            lo, hi = d / 2 - r, d / 2 + r
            c.wedge(lo, lo, hi, hi, 90, -90 * self.step, stroke=0, fill=1)


class ValueAddBar(_Graphic):
    """One stacked bar of the lead time: value-adding work, other work, waiting; with a legend
    under it that wraps to a second line in a narrow box. Every segment gets at least a sliver so
    a 1% VA share is still visible."""

    def __init__(self, flow: Flow, width: float, size: float) -> None:
        self.parts = [
            ("Value-adding", max(0.0, flow.va_min), PALETTE.good),
            ("Other work", max(0.0, flow.cycle_min - flow.va_min), PALETTE.amber),
            ("Waiting", max(0.0, flow.wait_min), PALETTE.waiting),
        ]
        self.size = size
        self.font_size = size * 0.9
        self.bar_h = size * 1.5
        total = sum(value for _, value, _ in self.parts) or 1.0
        # legend items placed left to right, wrapping: (x, line, text, colour)
        self.legend: list[tuple[float, int, str, object]] = []
        x, line = 0.0, 0
        for label, value, colour in self.parts:
            text = f"{label} {format_minutes(value)} ({value / total:.0%})"
            item_w = self.font_size * 1.1 + stringWidth(text, SANS, self.font_size)
            if x and x + item_w > width:
                x, line = 0.0, line + 1
            self.legend.append((x, line, text, colour))
            x += item_w + self.font_size * 1.2
        self.line_h = self.font_size * 1.25
        super().__init__(width, self.bar_h + 3 + self.line_h * (line + 1))

    def draw(self) -> None:
        c = self.canv
        total = sum(value for _, value, _ in self.parts)
        y = self.height - self.bar_h
        if total <= 0:
            c.setStrokeColor(PALETTE.rule)
            c.rect(0, y, self.width, self.bar_h, stroke=1, fill=0)
            return
        sliver = 2.0
        shown = [part for part in self.parts if part[1] > 0]
        room = self.width - sliver * len(shown)
        x = 0.0
        c.setStrokeColor(colors.white)
        c.setLineWidth(0.5)
        for _label, value, colour in shown:
            w = sliver + room * value / total
            c.setFillColor(colour)
            c.rect(x, y, w, self.bar_h, stroke=1, fill=1)
            x += w
        c.setFont(SANS, self.font_size)
        swatch = self.font_size * 0.8
        for lx, line, text, colour in self.legend:
            ly = y - 3 - self.line_h * (line + 1) + (self.line_h - self.font_size) / 2 + 1
            c.setFillColor(colour)
            c.rect(lx, ly, swatch, swatch, stroke=0, fill=1)
            c.setFillColor(PALETTE.ink)
            c.drawString(lx + self.font_size * 1.1, ly, text)


class MetricTrend(_Graphic):
    """A small chart of a metric's readings (logic/trend.py) with its baseline (grey) and target
    (dashed) levels; readings taken at a review are ringed, the latest is filled.

    Hook for a richer chart: keep ``metric_trend(trend, width, height)`` and draw more here
    (axis labels, review dates); the Results box gives it its cell."""

    def __init__(self, trend: Trend, width: float, height: float) -> None:
        super().__init__(width, height)
        self.trend = trend

    def draw(self) -> None:
        c = self.canv
        trend = self.trend
        bounds = trend.bounds()
        if not trend.points or bounds is None:
            return
        lo, hi = bounds
        pad = 2.0
        width, height = self.width, self.height
        first: date = trend.points[0].date
        span = max(1, (trend.points[-1].date - first).days)

        def y_of(v: float) -> float:
            return pad + (v - lo) / (hi - lo) * (height - 2 * pad)

        def x_of(day: date) -> float:
            if len(trend.points) == 1:
                return width - pad
            return pad + (day - first).days / span * (width - 2 * pad)

        if trend.baseline is not None:
            c.setStrokeColor(PALETTE.muted)
            c.setLineWidth(0.5)
            c.line(0, y_of(trend.baseline), width, y_of(trend.baseline))
        if trend.target is not None:
            c.setStrokeColor(PALETTE.good)
            c.setLineWidth(0.7)
            c.setDash(2, 1.5)
            c.line(0, y_of(trend.target), width, y_of(trend.target))
            c.setDash()
        points = [(x_of(p.date), y_of(p.value)) for p in trend.points]
        c.setStrokeColor(PALETTE.accent)
        c.setLineWidth(1.0)
        if len(points) > 1:
            path = c.beginPath()
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            c.drawPath(path, stroke=1, fill=0)
        c.setLineWidth(0.8)
        for trend_point, (x, y) in zip(trend.points, points, strict=True):
            if trend_point.review_day is not None:
                c.setFillColor(colors.white)
                c.circle(x, y, 2.2, stroke=1, fill=1)
        c.setFillColor(PALETTE.accent)
        c.circle(*points[-1], 1.6, stroke=0, fill=1)


def metric_trend(trend: Trend, width: float, height: float) -> MetricTrend:
    return MetricTrend(trend, width, height)


class TrendLegend(_Graphic):
    """``— baseline  - - target  — readings`` for under the results table."""

    ITEMS = (
        ("baseline", PALETTE.muted, ()),
        ("target", PALETTE.good, (2, 1.5)),
        ("readings", PALETTE.accent, ()),
    )

    def __init__(self, size: float) -> None:
        self.font_size = size * 0.9
        width = sum(23 + stringWidth(label, SANS, self.font_size) for label, _, _ in self.ITEMS)
        super().__init__(width, self.font_size + 2)

    def draw(self) -> None:
        c = self.canv
        x = 0.0
        y = self.font_size * 0.35 + 1
        c.setFont(SANS, self.font_size)
        for label, colour, dash in self.ITEMS:
            c.setStrokeColor(colour)
            c.setLineWidth(0.8)
            c.setDash(*dash) if dash else c.setDash()
            c.line(x, y, x + 12, y)
            c.setDash()
            c.setFillColor(PALETTE.ink)
            c.drawString(x + 15, 1, label)
            x += 23 + stringWidth(label, SANS, self.font_size)


class ActionsBar(_Graphic):
    """The actions at print as one bar: done, open, overdue, dropped; counts inside the segments
    that have room for them."""

    def __init__(
        self, done: int, open_: int, overdue: int, dropped: int, width: float, size: float
    ) -> None:
        super().__init__(width, size * 1.6)
        self.size = size
        self.parts = [
            (done, PALETTE.good),
            (open_ - overdue, PALETTE.accent),
            (overdue, PALETTE.bad),
            (dropped, PALETTE.waiting),
        ]

    def draw(self) -> None:
        c = self.canv
        total = sum(n for n, _ in self.parts)
        if not total:
            return
        x = 0.0
        c.setFont(SANS_BOLD, self.size * 0.9)
        for count, colour in self.parts:
            if count <= 0:
                continue
            w = self.width * count / total
            c.setFillColor(colour)
            c.rect(x, 0, w, self.height, stroke=0, fill=1)
            label = str(count)
            if stringWidth(label, SANS_BOLD, self.size * 0.9) + 3 < w:
                c.setFillColor(colors.white if colour != PALETTE.waiting else PALETTE.ink)
                c.drawCentredString(x + w / 2, self.height / 2 - self.size * 0.32, label)
            x += w


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code of ``url``, without quiet zone. Error correction M survives a smudged or
    creased print."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.get_matrix()


def draw_qr(canvas: Canvas, matrix: list[list[bool]], x: float, y: float, side: float) -> None:
    """Draw ``matrix`` as vector squares in a ``side``-point square at (x, y), with the quiet
    zone of four modules inside it. Runs of dark modules in a row are one rectangle in one path:
    fewer PDF operators, and no hairline gaps between modules when printed."""
    n = len(matrix)
    module = side / (n + 8)
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        top = y + side - (row + 5) * module
        col = 0
        while col < n:
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < n and cells[col]:
                col += 1
            path.rect(x + (start + 4) * module, top, (col - start) * module, module)
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)


def draw_badge(canvas: Canvas, number: str, x: float, y: float, size: float) -> None:
    """The filled circle with the section number, as in a hand-drawn A3."""
    canvas.setFillColor(PALETTE.accent)
    canvas.circle(x + size / 2, y + size / 2, size / 2, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(SANS_BOLD, size * 0.68)
    canvas.drawCentredString(x + size / 2, y + size * 0.27, number)
