"""Small vector graphics of the A3: PDCA circles, the value-add bar, metric trends, the QR code.

Each is a Flowable (so it sits in a table cell or a box) sized in points by the caller, so it
scales with the text around it. They draw straight onto the canvas: reportlab's ``Drawing``
shapes validate every attribute, which made a page of PDCA circles and a QR code of a few hundred
squares the slowest part of the A3.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kaizen_tui.a3.blocks import ActionsBar, BalanceBar, FlowBar, MetricChart, Yamazumi
from kaizen_tui.a3.fonts import SANS, SANS_BOLD
from kaizen_tui.a3.measure import Func, Model, Proportional
from kaizen_tui.a3.style import MIN_SIZE, PALETTE


class _Graphic(Flowable):
    """A fixed-size graphic; subclasses draw inside (0, 0, width, height)."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height


class PdcaCircle(_Graphic):
    """The PDCA circle filled by quarters, clockwise from 12 o'clock: 0 empty … 4 full. An A3
    prints dozens of them at one or two sizes: each look is drawn once into the PDF (a form
    XObject) and placed by name."""

    def __init__(self, step: int, diameter: float) -> None:
        super().__init__(diameter, diameter)
        self.step = max(0, min(4, step))

    def draw(self) -> None:
        c = self.canv
        name = f"kzPdca{self.step}-{self.width:.2f}"
        if not c.hasForm(name):
            c.beginForm(name, 0, 0, self.width, self.width)
            self._draw_circle(c)
            c.endForm()
        c.doForm(name)

    def _draw_circle(self, c: Canvas) -> None:
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


class PdcaLabelled(_Graphic):
    """A PDCA circle with its label beside it: a line of the legend."""

    def __init__(self, step: int, label: str, diameter: float, size: float) -> None:
        self.circle = PdcaCircle(step, diameter)
        self.label = label
        self.size = size
        super().__init__(diameter + size * 0.6 + stringWidth(label, SANS, size), diameter + 1.2)

    def draw(self) -> None:
        d = self.circle.width
        self.circle.drawOn(self.canv, 0, 0.6)
        self.canv.setFillColor(PALETTE.ink)
        self.canv.setFont(SANS, self.size)
        self.canv.drawString(d + self.size * 0.6, 0.6 + d / 2 - self.size * 0.35, self.label)


class _WidthLaidOut(Flowable):
    """A graphic as wide as its box whose height follows from laying it out at that width."""

    def _layout(self, width: float) -> float:
        """Place the parts for this width; return the height they take."""
        raise NotImplementedError

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self._layout(availWidth)
        return self.width, self.height

    def measure_model(self, width: float) -> Model:
        return Func(lambda width: self._layout(width))


class ValueAddBar(_WidthLaidOut):
    """One stacked bar of the lead time: value-adding work, other work, waiting; with its legend
    under it, wrapping to a second line in a narrow box. Every segment gets at least a sliver so
    a 1% VA share is still visible."""

    def __init__(self, bar: FlowBar, size: float) -> None:
        super().__init__()
        colours = (PALETTE.good, PALETTE.amber, PALETTE.waiting)
        values = (max(0.0, bar.va_min), max(0.0, bar.other_min), max(0.0, bar.wait_min))
        self.parts = list(zip(bar.legend, values, colours, strict=True))
        self.size = size
        self.font_size = max(MIN_SIZE, size * 0.9)
        self.bar_h = size * 1.5
        self.line_h = self.font_size * 1.25
        self.legend: list[tuple[float, int, str, object]] = []

    def _layout(self, width: float) -> float:
        # legend items placed left to right, wrapping: (x, line, text, colour)
        self.legend = []
        x, line = 0.0, 0
        for text, _value, colour in self.parts:
            item_w = self.font_size * 1.1 + stringWidth(text, SANS, self.font_size)
            if x and x + item_w > width:
                x, line = 0.0, line + 1
            self.legend.append((x, line, text, colour))
            x += item_w + self.font_size * 1.2
        return self.bar_h + 3 + self.line_h * (line + 1)

    def draw(self) -> None:
        c = self.canv
        total = sum(value for _, value, _ in self.parts)
        y = self.height - self.bar_h
        if total <= 0:
            c.setStrokeColor(PALETTE.rule)
            c.rect(0, y, self.width, self.bar_h, stroke=1, fill=0)
        else:
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


class ActionsBarFlowable(_Graphic):
    """The actions at print as one bar: done, open, overdue, dropped; counts inside the segments
    that have room for them. As wide as its box."""

    def __init__(self, bar: ActionsBar, size: float) -> None:
        super().__init__(0.0, size * 1.6)
        self.size = max(MIN_SIZE, size * 0.9)
        self.parts = [
            (bar.done, PALETTE.good),
            (bar.open, PALETTE.accent),
            (bar.overdue, PALETTE.bad),
            (bar.dropped, PALETTE.waiting),
        ]

    def draw(self) -> None:
        c = self.canv
        total = sum(n for n, _ in self.parts)
        if not total:
            return
        x = 0.0
        c.setFont(SANS_BOLD, self.size)
        for count, colour in self.parts:
            if count <= 0:
                continue
            w = self.width * count / total
            c.setFillColor(colour)
            c.rect(x, 0, w, self.height, stroke=0, fill=1)
            label = str(count)
            if stringWidth(label, SANS_BOLD, self.size) + 3 < w:
                c.setFillColor(colors.white if colour != PALETTE.waiting else PALETTE.ink)
                c.drawCentredString(x + w / 2, self.height / 2 - self.size * 0.35, label)
            x += w

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return self.width, self.height


class QrFlowable(_Graphic):
    """The QR code as wide as its box (scanned from a step away)."""

    def __init__(self, url: str) -> None:
        super().__init__(0.0, 0.0)
        self.url = url

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = self.height = availWidth
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, qr_matrix(self.url), 0, 0, self.width)

    def measure_model(self, width: float) -> Model:
        return Proportional(1.0)


# -- results charts --------------------------------------------------------------------------------

CHART_MIN_EMS = 19.0  # a chart is at least this many body sizes wide; more per row when room
PLOT_EMS = 6.0  # plot height in body sizes


@dataclass
class _ChartLayout:
    title: list[str]
    caption: list[str]
    label_w: float
    height: float


class ChartsFlowable(Flowable):
    """Small results charts side by side (as many per row as fit ``CHART_MIN_EMS`` wide), each:
    the metric as its title, baseline (grey) and target (dashed green) as levels labelled with
    their values at the right, the readings as points over time with their values, the first and
    last dates under the plot, and a caption saying how far the latest reading got. Every label
    is at least MIN_SIZE."""

    def __init__(self, charts: tuple[MetricChart, ...], size: float) -> None:
        super().__init__()
        self.charts = charts
        self.size = size
        self.label = max(MIN_SIZE, size * 0.85)
        self.gap = size * 1.2
        self.width = self.height = 0.0
        self.layouts: list[_ChartLayout] = []
        #: the metric ids shown (named on page 1 when charts continue in the appendix)
        self.kz_refs = [chart.title.split(" ", 1)[0] for chart in charts]
        self.kz_group = "charts"

    def _layout(self, width: float) -> float:
        if width == self.width and self.layouts:
            return self.height
        charts = self.charts
        count = max(1, len(charts))
        per_row = max(1, int((width + self.gap) // (self.size * CHART_MIN_EMS + self.gap)))
        self.per_row = min(per_row, count)
        self.chart_w = (width - self.gap * (self.per_row - 1)) / self.per_row
        self.layouts = [self._chart_layout(chart) for chart in charts]
        self.row_heights = [
            max(lay.height for lay in self.layouts[i : i + self.per_row])
            for i in range(0, len(self.layouts), self.per_row)
        ]
        self.width = width
        self.height = sum(self.row_heights) + self.gap * 0.6 * max(0, len(self.row_heights) - 1)
        return self.height

    def _chart_layout(self, chart: MetricChart) -> _ChartLayout:
        w = self.chart_w
        title = _split(chart.title, SANS_BOLD, self.size, w) or [""]
        caption = _split(chart.caption, SANS, self.label, w)
        label_w = max(
            (stringWidth(t, SANS, self.label) for t in (chart.baseline_label, chart.target_label)),
            default=0.0,
        )
        label_w = min(label_w + 3, w * 0.45)
        lines = len(title) * self.size * 1.2 + (len(caption) + 1) * self.label * 1.2
        return _ChartLayout(title, caption, label_w, lines + self.size * PLOT_EMS + 4)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self.width or not self.layouts:
            self._layout(availWidth)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used, rows = 0.0, 0
        for h in self.row_heights:
            if used + h > availHeight:
                break
            used += h + self.gap * 0.6
            rows += 1
        if rows == 0 or rows == len(self.row_heights):
            return []
        cut = rows * self.per_row
        return [
            ChartsFlowable(self.charts[:cut], self.size),
            ChartsFlowable(self.charts[cut:], self.size),
        ]

    def measure_model(self, width: float) -> Model:
        probe = ChartsFlowable(self.charts, self.size)
        heights: dict[float, float] = {}

        def height(w: float) -> float:  # the estimate asks for the same widths again
            key = round(w, 1)
            if key not in heights:
                heights[key] = probe._layout(w)
            return heights[key]

        return Func(height)

    def draw(self) -> None:
        top = self.height
        for r, row_h in enumerate(self.row_heights):
            for i in range(self.per_row):
                index = r * self.per_row + i
                if index >= len(self.charts):
                    break
                x = i * (self.chart_w + self.gap)
                self._draw_chart(self.charts[index], self.layouts[index], x, top)
            top -= row_h + self.gap * 0.6

    def _draw_chart(self, chart: MetricChart, lay: _ChartLayout, x: float, top: float) -> None:
        c = self.canv
        size, label, w = self.size, self.label, self.chart_w
        c.saveState()
        # title
        c.setFillColor(PALETTE.ink)
        c.setFont(SANS_BOLD, size)
        y = top - size
        for line in lay.title:
            c.drawString(x, y, line)
            y -= size * 1.2
        plot_top = y + size * 0.2
        plot_bottom = plot_top - size * PLOT_EMS
        plot_left, plot_right = x, x + w - lay.label_w
        values = [p.value for p in chart.points]
        values += [v for v in (chart.baseline, chart.target) if v is not None]
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        pad = (hi - lo) * 0.12 or abs(hi) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad

        def y_of(v: float) -> float:
            return plot_bottom + (v - lo) / (hi - lo) * (plot_top - plot_bottom)

        # frame: a light box, so the chart reads as one
        c.setStrokeColor(PALETTE.rule)
        c.setLineWidth(0.4)
        c.rect(plot_left, plot_bottom, plot_right - plot_left, plot_top - plot_bottom)
        # levels, labelled at the right; labels pushed apart when the levels are close
        levels: list[tuple[float, str, Color, tuple[float, ...]]] = []
        if chart.baseline is not None:
            levels.append((y_of(chart.baseline), chart.baseline_label, PALETTE.muted, ()))
        if chart.target is not None:
            levels.append((y_of(chart.target), chart.target_label, PALETTE.good, (2.5, 1.5)))
        label_ys = _spread([ly for ly, *_ in levels], label * 1.15, plot_bottom, plot_top)
        c.setFont(SANS, label)
        for (ly, text, colour, dash), ty in zip(levels, label_ys, strict=True):
            c.setStrokeColor(colour)
            c.setLineWidth(0.9)
            c.setDash(*dash)
            c.line(plot_left, ly, plot_right, ly)
            c.setDash()
            c.setFillColor(PALETTE.good if colour == PALETTE.good else PALETTE.muted)
            c.drawString(plot_right + 3, ty - label * 0.35, text)
        # readings
        points = chart.points
        inset = size * 0.8
        first, last = (points[0].day, points[-1].day) if points else (None, None)
        span = (last - first).days if first and last else 0

        def x_of(index: int) -> float:
            if len(points) == 1:
                return plot_right - inset
            if span <= 0:
                return (
                    plot_left
                    + inset
                    + index / (len(points) - 1) * (plot_right - plot_left - 2 * inset)
                )
            days = (points[index].day - first).days  # type: ignore[operator]
            return plot_left + inset + days / span * (plot_right - plot_left - 2 * inset)

        xy = [(x_of(i), y_of(p.value)) for i, p in enumerate(points)]
        if len(xy) > 1:
            c.setStrokeColor(PALETTE.accent)
            c.setLineWidth(1.1)
            path = c.beginPath()
            path.moveTo(*xy[0])
            for point in xy[1:]:
                path.lineTo(*point)
            c.drawPath(path, stroke=1, fill=0)
        dot = max(1.4, size * 0.24)
        c.setLineWidth(0.8)
        for i, (p, (px, py)) in enumerate(zip(points, xy, strict=True)):
            c.setStrokeColor(PALETTE.accent)
            if i == len(points) - 1:
                c.setFillColor(PALETTE.accent)
                c.circle(px, py, dot * 1.35, stroke=0, fill=1)
            elif p.review_day is not None:
                c.setFillColor(colors.white)
                c.circle(px, py, dot * 1.2, stroke=1, fill=1)
            else:
                c.setFillColor(PALETTE.accent)
                c.circle(px, py, dot, stroke=0, fill=1)
        # value labels: the latest always, then earlier ones wherever they do not collide
        taken: list[tuple[float, float]] = []
        for i in range(len(points) - 1, -1, -1):
            p, (px, py) = points[i], xy[i]
            latest = i == len(points) - 1
            font = SANS_BOLD if latest else SANS
            tw = stringWidth(p.label, font, label)
            lx = min(max(px - tw / 2, plot_left + 1), plot_right - tw - 1)
            if any(lx < b + 2 and a < lx + tw + 2 for a, b in taken):
                continue
            # on the side the line is not: below a point the line climbs to (or from), above
            # one it falls to, so the value does not sit on the line
            before = xy[i - 1][1] if i else None
            after = xy[i + 1][1] if i + 1 < len(xy) else None
            rising = (after is not None and after > py) or (before is not None and before > py)
            above = py + dot + 1.5
            below = py - dot - 1.5 - label * 0.8
            if rising and below >= plot_bottom + 1:
                ly = below
            elif above + label <= plot_top - 1:
                ly = above
            else:
                ly = below
            c.setFillColor(PALETTE.accent)
            c.setFont(font, label)
            c.drawString(lx, ly, p.label)
            taken.append((lx, lx + tw))
        # dates under the plot
        c.setFillColor(PALETTE.muted)
        c.setFont(SANS, label)
        dy = plot_bottom - label * 1.05
        if first is not None:
            c.drawString(plot_left, dy, first.isoformat())
            if (
                last != first
                and stringWidth(first.isoformat() * 2, SANS, label) + 6 < plot_right - plot_left
            ):
                c.drawRightString(plot_right, dy, last.isoformat())  # type: ignore[union-attr]
        # caption
        c.setFillColor(TONE_COLOURS.get(chart.tone or "", PALETTE.ink))
        c.setFont(SANS, label)
        cy = dy - label * 1.2
        for line in lay.caption:
            c.drawString(x, cy, line)
            cy -= label * 1.2
        c.restoreState()


@lru_cache(maxsize=4096)
def _split(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` at ``width`` (charts are laid out at many widths while fitting)."""
    return list(simpleSplit(text, font, size, width))


TONE_COLOURS = {"good": PALETTE.good, "bad": PALETTE.bad, "warn": colors.HexColor("#8a5a00")}


def _spread(ys: list[float], apart: float, low: float, high: float) -> list[float]:
    """Label heights at ``ys``, moved apart to at least ``apart`` and kept within low..high."""
    if len(ys) < 2 or abs(ys[0] - ys[1]) >= apart:
        return [min(max(y, low + apart / 2), high - apart / 2) for y in ys]
    mid = (ys[0] + ys[1]) / 2
    mid = min(max(mid, low + apart), high - apart)
    first_up = ys[0] >= ys[1]
    up, down = mid + apart / 2, mid - apart / 2
    return [up, down] if first_up else [down, up]


@lru_cache(maxsize=32)
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
    font = max(MIN_SIZE, size * 0.68)  # a digit is text too: never below the legible minimum
    canvas.setFont(SANS_BOLD, font)
    canvas.drawCentredString(x + size / 2, y + (size - font * 0.72) / 2, number)


# -- operator balance (yamazumi) -------------------------------------------------------------------


class YamazumiFlowable(_WidthLaidOut):
    """The operator balance: one stacked bar per operator or step (value-adding green, other
    work amber, waste red, bottom up), the takt line dashed across with its value, each bar's
    total above it and its name under it (two lines at most). Every label is at least MIN_SIZE;
    which bars are over takt is also said in words beside the chart (colour is not the only
    carrier of meaning)."""

    def __init__(self, chart: Yamazumi, size: float) -> None:
        super().__init__()
        self.kz_ref = "the operator balance chart"  # what page 1 names when it continues
        self.chart = chart
        self.size = size
        self.label = max(MIN_SIZE, size * 0.85)
        self.plot_h = size * 5.0
        self.line_h = self.label * 1.2
        self.legend_h = self.line_h * 1.3
        self.slot = 0.0
        self.gutter = 0.0
        self.names: list[list[str]] = []

    def _layout(self, width: float) -> float:
        # the takt label sits in a gutter at the left, where no bar can cover it
        label = self.chart.takt_label
        self.gutter = stringWidth(label, SANS_BOLD, self.label) + 4 if label else 0.0
        count = max(1, len(self.chart.bars))
        self.slot = max(1.0, width - self.gutter) / count
        self.names = [
            simpleSplit(bar.operator, SANS, self.label, self.slot * 0.94)[:2] or [""]
            for bar in self.chart.bars
        ]
        lines = max((len(n) for n in self.names), default=1)
        return self.line_h + self.plot_h + self.line_h * lines + self.legend_h

    def draw(self) -> None:
        c = self.canv
        chart = self.chart
        loads = [bar.va_s + bar.nnva_s + bar.nva_s for bar in chart.bars]
        top = max([*loads, chart.takt_s or 0.0], default=0.0) * 1.1
        if top <= 0:
            return
        names_h = self.line_h * max((len(n) for n in self.names), default=1)
        base = self.legend_h + names_h
        scale = self.plot_h / top
        colours = (PALETTE.good, PALETTE.amber, PALETTE.bad)
        c.setStrokeColor(PALETTE.rule)
        c.setLineWidth(0.6)
        c.line(self.gutter, base, self.width, base)
        figures: list[tuple[float, float, BalanceBar]] = []  # drawn over the takt line
        for index, bar in enumerate(chart.bars):
            x = self.gutter + index * self.slot + self.slot * 0.2
            w = self.slot * 0.6
            y = base
            c.setStrokeColor(colors.white)
            c.setLineWidth(0.5)
            for value, colour in zip((bar.va_s, bar.nnva_s, bar.nva_s), colours, strict=True):
                if value <= 0:
                    continue
                h = value * scale
                c.setFillColor(colour)
                c.rect(x, y, w, h, stroke=1, fill=1)
                y += h
            figures.append((x + w / 2, y + self.label * 0.35, bar))
            c.setFillColor(PALETTE.bad if bar.over else PALETTE.ink)
            c.setFont(SANS_BOLD if bar.over else SANS, self.label)
            for n, line in enumerate(self.names[index]):
                c.drawCentredString(
                    self.gutter + index * self.slot + self.slot / 2,
                    base - self.line_h * (n + 1) + 1.5,
                    line,
                )
        if chart.takt_s:
            y = base + chart.takt_s * scale
            c.setStrokeColor(PALETTE.accent)
            c.setLineWidth(1.1)
            c.setDash(3, 2)
            c.line(self.gutter, y, self.width, y)
            c.setDash()
            c.setFillColor(PALETTE.accent)
            c.setFont(SANS_BOLD, self.label)
            c.drawString(0, y - self.label * 0.35, chart.takt_label)
        c.setFont(SANS_BOLD, self.label)
        for fx, fy, bar in figures:
            half = stringWidth(bar.label, SANS_BOLD, self.label) / 2 + 1.5
            c.setFillColor(colors.white)  # the takt line passes behind a figure, not through it
            c.rect(fx - half, fy - self.label * 0.25, half * 2, self.label * 1.1, stroke=0, fill=1)
            c.setFillColor(PALETTE.bad if bar.over else PALETTE.ink)
            c.drawCentredString(fx, fy, bar.label)
        c.setFont(SANS, self.label)
        x = 0.0
        swatch = self.label * 0.8
        for text, colour in zip(chart.legend, colours, strict=True):
            c.setFillColor(colour)
            c.rect(x, 2, swatch, swatch, stroke=0, fill=1)
            c.setFillColor(PALETTE.ink)
            c.drawString(x + swatch + 2, 2, text)
            x += swatch + 2 + stringWidth(text, SANS, self.label) + self.label * 1.2
