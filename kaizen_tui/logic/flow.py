"""Lead time and value-add ratio of the current-state process steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kaizen_tui.model import ProcessStep


@dataclass(frozen=True)
class Flow:
    steps: int
    cycle_min: float  # sum of touch time
    wait_min: float  # sum of queue and wait time
    va_min: float  # touch time of the value-adding steps only

    @property
    def lead_time_min(self) -> float:
        return self.cycle_min + self.wait_min

    @property
    def va_ratio(self) -> float | None:
        """Value-add time over lead time, 0..1; None when there is no time at all."""
        lead = self.lead_time_min
        return self.va_min / lead if lead > 0 else None


def flow_of(steps: Iterable[ProcessStep]) -> Flow:
    count = 0
    cycle = wait = va = 0.0
    for step in steps:
        count += 1
        cycle += step.cycle_min
        wait += step.wait_min
        if step.value == "VA":
            va += step.cycle_min
    return Flow(count, cycle, wait, va)


def format_minutes(minutes: float) -> str:
    """``45 min``, ``3.5 h``, ``2.1 d`` (working-day-free: 24 h days, as lead time is elapsed)."""
    if minutes < 90:
        return f"{minutes:.0f} min" if minutes == int(minutes) else f"{minutes:.1f} min"
    hours = minutes / 60
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} d"


def format_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    percent = ratio * 100
    return f"{percent:.1f}%" if percent < 10 else f"{percent:.0f}%"
