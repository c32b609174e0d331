"""The phases of the event workspace, in the order a facilitator works through them.

Each phase is one module with one pane class (a ``PhasePane``); the workspace shows them as tabs,
numbered in this order (key 1 for the first, …). Adding a phase is one line here plus its module.
The future state (try-storming and the process after the event) comes between the causes and
the actions that make it stick. Follow-up (the close-out gate and the 30/60/90-day reviews) comes
after the action plan it follows up; the run-sheet and the parking lot are tools used
throughout, so they come last.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaizen_tui.screens.phases.base import PhasePane


@dataclass(frozen=True)
class PhaseSpec:
    id: str
    title: str
    pane: Callable[[], type[PhasePane]]
    short: str = ""  # the tab's label on a narrow screen (default: the title)

    @property
    def short_title(self) -> str:
        return self.short or self.title


def _pane(module: str, name: str) -> Callable[[], type[PhasePane]]:
    def load() -> type[PhasePane]:
        pane: type[PhasePane] = getattr(
            importlib.import_module(f"kaizen_tui.screens.phases.{module}"), name
        )
        return pane

    return load


PHASES: tuple[PhaseSpec, ...] = (
    PhaseSpec("charter", "Charter", _pane("charter", "CharterPane")),
    PhaseSpec("current", "Current state", _pane("current_state", "CurrentStatePane"), "Current"),
    PhaseSpec("causes", "Root causes", _pane("root_causes", "RootCausesPane"), "Causes"),
    PhaseSpec("future", "Future state", _pane("future", "FuturePane"), "Future"),
    PhaseSpec("actions", "Actions", _pane("actions", "ActionsPane")),
    PhaseSpec("followup", "Follow-up", _pane("followup", "FollowUpPane")),
    PhaseSpec("runsheet", "Run-sheet", _pane("runsheet", "RunSheetPane")),
    PhaseSpec("parking", "Parking lot", _pane("parking", "ParkingPane"), "Park"),
)


def phase(phase_id: str) -> PhaseSpec:
    for spec in PHASES:
        if spec.id == phase_id:
            return spec
    raise KeyError(f"no phase {phase_id!r}; known: {', '.join(p.id for p in PHASES)}")
