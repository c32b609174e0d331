"""A metric over time: baseline, target and readings, for the Follow-up chart and A3 section 7.

:func:`metric_trend` gathers what a chart needs (points in date order, which of them were taken at
a review, the scale that keeps baseline and target in view); :func:`sparkline` draws it as one line
of block characters for the terminal and Markdown. Drawing with reportlab stays in ``a3/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kaizen_tui.logic.verdict import judge_metric, metric_progress
from kaizen_tui.model import Event, Metric, Verdict

BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class TrendPoint:
    date: date
    value: float
    note: str
    review_day: int | None  # the review this reading was taken at, if any
    verdict: Verdict | None  # this reading judged against baseline and target


@dataclass(frozen=True, slots=True)
class Trend:
    metric_id: str
    name: str
    unit: str
    direction: str
    baseline: float | None
    baseline_date: date | None
    target: float | None
    points: tuple[TrendPoint, ...]

    @property
    def latest(self) -> TrendPoint | None:
        return self.points[-1] if self.points else None

    @property
    def latest_progress(self) -> float | None:
        """Share of the intended change the latest reading shows (see logic/verdict.py)."""
        last = self.latest
        return metric_progress(self.baseline, self.target, last.value if last else None)

    def bounds(self) -> tuple[float, float] | None:
        """Low and high of the chart: every reading, the baseline and the target, with a little
        room so neither line sits on the frame. None when there is nothing to draw."""
        values = [p.value for p in self.points]
        values += [v for v in (self.baseline, self.target) if v is not None]
        if not values:
            return None
        low, high = min(values), max(values)
        pad = (high - low) * 0.05 or abs(high) * 0.05 or 1.0
        return low - pad, high + pad


def metric_trend(event: Event, metric: Metric | str) -> Trend:
    """The trend of one metric of ``event`` (a Metric or its id)."""
    if isinstance(metric, str):
        found = event.metric(metric)
        if found is None:
            raise KeyError(metric)
        metric = found
    at_review = {
        (r.held_on, r.readings[metric.id]): r.day
        for r in event.reviews
        if r.held_on is not None and metric.id in r.readings
    }
    points = tuple(
        TrendPoint(
            date=reading.date,
            value=reading.value,
            note=reading.note,
            review_day=at_review.get((reading.date, reading.value)),
            verdict=judge_metric(metric.direction, metric.baseline, metric.target, reading.value),
        )
        for reading in sorted(metric.readings, key=lambda r: r.date)
    )
    return Trend(
        metric.id,
        metric.name,
        metric.unit,
        metric.direction,
        metric.baseline,
        metric.baseline_date,
        metric.target,
        points,
    )


def sparkline(values: list[float], low: float, high: float) -> str:
    """One block character per value, scaled between ``low`` and ``high``."""
    if high <= low:
        return BLOCKS[len(BLOCKS) // 2] * len(values)
    top = len(BLOCKS) - 1
    out = []
    for value in values:
        share = (min(max(value, low), high) - low) / (high - low)
        out.append(BLOCKS[round(share * top)])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class PlotMark:
    column: int
    row: int  # 0 is the top row
    point: TrendPoint


@dataclass(frozen=True, slots=True)
class Plot:
    """A trend laid out on a character grid (the Follow-up chart): rows for the baseline and
    the target lines, and one mark per reading, placed by date."""

    width: int
    height: int
    low: float
    high: float
    baseline_row: int | None
    target_row: int | None
    marks: tuple[PlotMark, ...]
    first: date | None  # the date at the left edge (the baseline's date, else the first reading)
    last: date | None  # the date at the right edge


def _row(value: float, low: float, high: float, height: int) -> int:
    if high <= low or height <= 1:
        return 0
    share = (min(max(value, low), high) - low) / (high - low)
    return round((1 - share) * (height - 1))


def plot(trend: Trend, width: int, height: int) -> Plot | None:
    """Lay ``trend`` out on ``width`` × ``height`` cells; None when there is nothing to draw
    (no baseline, target or reading). Time runs left to right in proportion to the dates, so a
    gap between readings shows as a gap; readings on one day share a column (the last wins)."""
    bounds = trend.bounds()
    if bounds is None or width < 1 or height < 1:
        return None
    low, high = bounds
    dates = [p.date for p in trend.points]
    first = min([*dates, trend.baseline_date] if trend.baseline_date else dates, default=None)
    last = max(dates, default=None)
    marks = []
    for index, point in enumerate(trend.points):
        if first is None or last is None or last == first:
            # one day only: spread the points evenly rather than stack them
            count = len(trend.points)
            column = round(index * (width - 1) / (count - 1)) if count > 1 else width - 1
        else:
            column = round((point.date - first).days * (width - 1) / (last - first).days)
        marks.append(PlotMark(column, _row(point.value, low, high, height), point))
    return Plot(
        width,
        height,
        low,
        high,
        _row(trend.baseline, low, high, height) if trend.baseline is not None else None,
        _row(trend.target, low, high, height) if trend.target is not None else None,
        tuple(marks),
        first,
        last,
    )
