"""Lead time and value-add ratio of the process steps, and how the future state (the steps after
the event) compares with the current one: lead time, VA ratio, steps removed and added."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class FlowChange:
    """The current state (before) beside the future state (after)."""

    before: Flow
    after: Flow
    removed: tuple[str, ...]  # current steps the future state no longer has (by name)
    added: tuple[str, ...]  # future steps that are new

    @property
    def lead_time_saved_min(self) -> float:
        return self.before.lead_time_min - self.after.lead_time_min

    @property
    def lead_time_cut(self) -> float | None:
        """Share of the lead time taken out, 0..1 (negative if it grew); None without one."""
        lead = self.before.lead_time_min
        return self.lead_time_saved_min / lead if lead > 0 else None


def _step_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def compare_flows(current: Sequence[ProcessStep], future: Sequence[ProcessStep]) -> FlowChange:
    """Steps are matched by name (case and spacing aside), each as often as it occurs: a step
    renamed in the future state shows as one removed and one added."""
    have = Counter(_step_key(s.name) for s in future)
    removed = []
    for step in current:
        key = _step_key(step.name)
        if have[key] > 0:
            have[key] -= 1
        else:
            removed.append(step.name)
    had = Counter(_step_key(s.name) for s in current)
    added = []
    for step in future:
        key = _step_key(step.name)
        if had[key] > 0:
            had[key] -= 1
        else:
            added.append(step.name)
    return FlowChange(flow_of(current), flow_of(future), tuple(removed), tuple(added))


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
