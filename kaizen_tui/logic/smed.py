"""SMED: a changeover's elements, internal or external, before the event and after it.

* **Internal** work can only be done with the machine stopped; **external** work is done while it
  still runs the old job or already runs the new one. The **changeover time** (last good part to
  first good part) is the internal time: what the machine waits for.
* SMED's three moves, as counted here: separate (classify every element), **convert** internal
  work to external (an element internal before and external after), and streamline (shorter
  after-minutes, or the element **removed**).
* An element whose after-state is not decided yet counts as it was, so the after figure never
  claims a saving the team has not made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kaizen_tui.model import ChangeoverElement


def state_after(element: ChangeoverElement) -> str:
    """internal, external or removed after the event (as before while undecided)."""
    return element.after or element.kind


def minutes_after(element: ChangeoverElement) -> float:
    if state_after(element) == "removed":
        return 0.0
    return element.after_minutes if element.after_minutes is not None else element.minutes


@dataclass(frozen=True, slots=True)
class Changeover:
    elements: int
    before_internal: float
    before_external: float
    after_internal: float
    after_external: float
    converted: tuple[str, ...]  # names of elements moved from internal to external
    removed: tuple[str, ...]
    undecided: int  # elements without an after-state yet

    @property
    def before(self) -> float:
        """The changeover time as filmed: the machine stands for the internal work."""
        return self.before_internal

    @property
    def after(self) -> float:
        return self.after_internal

    @property
    def saved(self) -> float:
        return self.before - self.after

    @property
    def reduction(self) -> float | None:
        """Share of the changeover time saved, 0..1 (negative if it grew); None without one."""
        return self.saved / self.before if self.before > 0 else None


def changeover_of(elements: Iterable[ChangeoverElement]) -> Changeover:
    count = 0
    before = {"internal": 0.0, "external": 0.0}
    after = {"internal": 0.0, "external": 0.0, "removed": 0.0}
    converted: list[str] = []
    removed: list[str] = []
    undecided = 0
    for element in elements:
        count += 1
        before[element.kind] += element.minutes
        state = state_after(element)
        after[state] += minutes_after(element)
        if element.after is None:
            undecided += 1
        if element.kind == "internal" and state == "external":
            converted.append(element.name)
        if state == "removed":
            removed.append(element.name)
    return Changeover(
        elements=count,
        before_internal=before["internal"],
        before_external=before["external"],
        after_internal=after["internal"],
        after_external=after["external"],
        converted=tuple(converted),
        removed=tuple(removed),
        undecided=undecided,
    )
