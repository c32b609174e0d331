"""Takt time and operator balance (the yamazumi): whether each operator's work fits the takt.

* **Takt** = available working time ÷ customer demand over the same period (a shift, a day): the
  pace the customer buys at. 900 available minutes for 5,400 brackets a day is a takt of 10 s.
* Each **work element** belongs to an operator (or a process step, when the balance is drawn per
  step); an operator's **load** is the sum of their elements' times in one cycle, split by value
  (VA, NNVA, NVA) as the stacked bar of a yamazumi chart is.
* An operator **over takt** cannot keep the pace; the **bottleneck** is the longest load (the
  line's real cycle time). **Operators needed** = total work ÷ takt, rounded up: the fewest
  people who could do the work at takt if it were perfectly balanced. **Balance** = total work ÷
  (operators × bottleneck), 100 % when every bar is as tall as the tallest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kaizen_tui.logic.numbers import NUMBER, parse_number, quoted
from kaizen_tui.model import Takt, WorkElement

#: a load within this many seconds of takt is at takt, not over it (float noise, rounding)
TOLERANCE_S = 1e-6


def takt_seconds(takt: Takt | None) -> float | None:
    """Seconds of available time per unit the customer needs; None without a takt."""
    if takt is None:
        return None
    return takt.available_min * 60 / takt.demand


@dataclass(frozen=True, slots=True)
class OperatorLoad:
    operator: str
    elements: tuple[WorkElement, ...]
    va_s: float
    nnva_s: float
    nva_s: float

    @property
    def seconds(self) -> float:
        return self.va_s + self.nnva_s + self.nva_s


@dataclass(frozen=True, slots=True)
class Balance:
    takt_s: float | None
    loads: tuple[OperatorLoad, ...]  # in the order the operators first appear

    @property
    def total_s(self) -> float:
        return sum(load.seconds for load in self.loads)

    @property
    def bottleneck(self) -> OperatorLoad | None:
        """The longest load (the first of them on a tie), or None without elements."""
        return max(self.loads, key=lambda load: load.seconds, default=None)

    @property
    def cycle_s(self) -> float | None:
        """The line's cycle time: the bottleneck's load."""
        neck = self.bottleneck
        return neck.seconds if neck is not None else None

    @property
    def over_takt(self) -> tuple[OperatorLoad, ...]:
        takt = self.takt_s
        if takt is None:
            return ()
        return tuple(load for load in self.loads if load.seconds > takt + TOLERANCE_S)

    @property
    def operators_needed(self) -> int | None:
        """Total work ÷ takt rounded up; None without a takt or any work."""
        takt = self.takt_s
        total = self.total_s
        if takt is None or total <= 0:
            return None
        return max(1, math.ceil(total / takt - 1e-9))

    @property
    def balance_ratio(self) -> float | None:
        """Total work ÷ (operators × bottleneck), 0..1; None without work."""
        cycle = self.cycle_s
        if not self.loads or not cycle:
            return None
        return self.total_s / (len(self.loads) * cycle)


def balance_of(elements: Iterable[WorkElement], takt: Takt | None = None) -> Balance:
    """The loads per operator, in the order each operator first appears in ``elements``."""
    grouped: dict[str, list[WorkElement]] = {}
    names: dict[str, str] = {}
    for element in elements:
        key = element.operator.strip().casefold()
        names.setdefault(key, element.operator.strip())
        grouped.setdefault(key, []).append(element)
    loads = []
    for key, items in grouped.items():
        by_value = {"VA": 0.0, "NNVA": 0.0, "NVA": 0.0}
        for item in items:
            by_value[item.value] += item.seconds
        loads.append(
            OperatorLoad(
                names[key], tuple(items), by_value["VA"], by_value["NNVA"], by_value["NVA"]
            )
        )
    return Balance(takt_seconds(takt), tuple(loads))


# -- durations as a person types and reads them ----------------------------------------------------

_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
}
# one amount and its unit; the amount is a number by the one rule (logic/numbers.py)
_PART = re.compile(rf"\s*({NUMBER})\s*([a-z]*)")
_CLOCK = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")
DURATION_HELP = "seconds, or 1:30, 2.5 min, 1 h"


def parse_seconds(text: str) -> float | None:
    """A duration as typed: ``45`` (seconds), ``45 s``, ``1:30`` (m:ss), ``1:02:30``,
    ``2.5 min``, ``1 h``, ``1 h 20 min``. None for an empty box; ValueError with a message
    otherwise."""
    raw = text.strip().lower()
    if not raw:
        return None
    clock = _CLOCK.match(raw)
    if clock:
        first, second, third = clock.groups()
        if third is None:  # m:ss
            return int(first) * 60 + int(second)
        return int(first) * 3600 + int(second) * 60 + int(third)
    parts: list[tuple[str, str]] = []
    at = 0
    while at < len(raw):
        part = _PART.match(raw, at)
        if part is None:
            raise ValueError(f"{quoted(text.strip())} is not a duration ({DURATION_HELP})")
        parts.append((part[1], part[2]))
        at = part.end()
    total = 0.0
    for amount, unit in parts:
        if unit and unit not in _UNITS:
            raise ValueError(f"{quoted(unit)} is not a unit of time; use s, min or h")
        if not unit and len(parts) > 1:
            raise ValueError(f"{quoted(text.strip())}: give each number its unit, e.g. 1 min 20 s")
        total += (parse_number(amount) or 0.0) * _UNITS.get(unit, 1)
    return total


def _trim(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_seconds(seconds: float | None) -> str:
    """``10.9 s``, ``45 s``, ``12 min``, ``1.7 min``, ``2.5 h``; ``–`` for nothing."""
    if seconds is None:
        return "–"
    if seconds < 100:
        return f"{_trim(seconds)} s"
    minutes = seconds / 60
    if minutes < 100:
        return f"{_trim(minutes)} min"
    return f"{_trim(minutes / 60)} h"


def seconds_as_input(seconds: float | None) -> str:
    """A stored duration as the text to edit it in (it parses back to the same value)."""
    if seconds is None:
        return ""
    if seconds < 60 or seconds != int(seconds):
        return _trim(seconds, 3)
    whole = int(seconds)
    if whole % 60 == 0:
        return f"{whole // 60} min"
    return f"{whole // 60}:{whole % 60:02d}"


# -- the yamazumi chart, laid out on a grid of character cells -------------------------------------


@dataclass(frozen=True, slots=True)
class Yamazumi:
    """A balance laid out for a text chart: one column per operator, ``rows`` cells high, each
    cell the value type of the element filling it (None: empty). Row 0 is the top."""

    rows: int
    top_s: float  # the seconds at the top edge of the chart
    takt_row: int | None  # the row the takt line is drawn on
    columns: tuple[tuple[str | None, ...], ...]  # per operator, top row first
    heights: tuple[int, ...]  # filled cells per operator


def yamazumi(balance: Balance, rows: int) -> Yamazumi | None:
    """Stack each operator's elements bottom up, in the order they are done, on ``rows`` cells
    (the chart leaves a little room above the taller of the bottleneck and the takt line). An
    element's cells are its share of the scale, rounded so the bar's height is its whole load
    rounded; a load too small to show gets one cell. None without any work."""
    cycle = balance.cycle_s or 0.0
    takt = balance.takt_s or 0.0
    if rows < 2 or (cycle <= 0 and takt <= 0):
        return None
    top = max(cycle, takt) * 1.15
    step = top / rows
    columns = []
    heights = []
    for load in balance.loads:
        cells: list[str | None] = [None] * rows  # bottom first while filling
        done = 0.0
        for element in load.elements:
            lower = round(done / step)
            done += element.seconds
            upper = min(rows, round(done / step))
            for cell in range(lower, upper):
                cells[cell] = element.value
        height = min(rows, round(done / step))
        if done > 0 and height == 0:
            height = 1
            cells[0] = next((e.value for e in load.elements if e.seconds > 0), "NNVA")
        heights.append(height)
        columns.append(tuple(reversed(cells)))
    takt_row = None
    if takt > 0:
        takt_row = rows - max(1, round(takt / step))
    return Yamazumi(rows, top, takt_row, tuple(columns), tuple(heights))
