"""Certification levels for change agents: rules a certification panel can read and the LPO can
change (``kaizen config set certification_levels``).

A level is written as ``Name: counter>=N, counter+counter>=N`` and levels are separated by ``;``,
lowest first. The counters are a person's evidence (see logic/evidence.py):

* ``facilitated``: events they facilitated as lead facilitator (first facilitator listed)
* ``co_facilitated``: events where they were a facilitator but not the first listed
* ``led``: events they led as team leader
* ``sustained``: events in any of those roles whose 90-day review said "sustained"
* ``events``: events in any of those roles

Only events that have reached their report-out count (see evidence.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COUNTERS = ("facilitated", "co_facilitated", "led", "sustained", "events")

DEFAULT_LEVELS = (
    "Practitioner: facilitated+co_facilitated>=2",
    "Facilitator: facilitated>=3, sustained>=1",
)

_LEVEL = re.compile(r"^\s*(?P<name>[^:;]+?)\s*:\s*(?P<rules>.+?)\s*$")
_RULE = re.compile(r"^\s*(?P<terms>[a-z_]+(?:\s*\+\s*[a-z_]+)*)\s*>=\s*(?P<n>\d{1,4})\s*$")


@dataclass(frozen=True)
class Requirement:
    counters: tuple[str, ...]
    minimum: int

    @property
    def label(self) -> str:
        return "+".join(self.counters)

    def have(self, counts: Mapping[str, int]) -> int:
        return sum(counts.get(name, 0) for name in self.counters)

    def describe(self) -> str:
        words = " + ".join(name.replace("_", "-") for name in self.counters)
        return f"{words} at least {self.minimum}"


@dataclass(frozen=True)
class Level:
    name: str
    requires: tuple[Requirement, ...]

    def met(self, counts: Mapping[str, int]) -> bool:
        return all(r.have(counts) >= r.minimum for r in self.requires)

    def missing(self, counts: Mapping[str, int]) -> list[str]:
        """What is still short, e.g. ``facilitated 2 of 3``."""
        return [
            f"{r.label.replace('_', '-')} {r.have(counts)} of {r.minimum}"
            for r in self.requires
            if r.have(counts) < r.minimum
        ]

    def describe(self) -> str:
        return ", ".join(r.describe() for r in self.requires)

    @property
    def spec(self) -> str:
        rules = ", ".join(f"{r.label}>={r.minimum}" for r in self.requires)
        return f"{self.name}: {rules}"


def parse_levels(specs: Sequence[str]) -> tuple[Level, ...]:
    """Parse level specs (lowest first). ValueError names the part that is wrong."""
    levels = []
    names: set[str] = set()
    for spec in specs:
        match = _LEVEL.match(spec)
        if not match:
            raise ValueError(
                f"{spec.strip()!r} is not a level; write e.g. 'Facilitator: facilitated>=3, "
                "sustained>=1'"
            )
        name = match.group("name")
        if name.casefold() in names:
            raise ValueError(f"the level {name!r} is given twice")
        names.add(name.casefold())
        requires = []
        for rule in match.group("rules").split(","):
            found = _RULE.match(rule)
            if not found:
                raise ValueError(
                    f"{name}: {rule.strip()!r} is not a rule; write counter>=N "
                    f"(counters: {', '.join(COUNTERS)})"
                )
            counters = tuple(term.strip() for term in found.group("terms").split("+"))
            unknown = [c for c in counters if c not in COUNTERS]
            if unknown:
                raise ValueError(
                    f"{name}: unknown counter {unknown[0]!r}; counters: {', '.join(COUNTERS)}"
                )
            requires.append(Requirement(counters, int(found.group("n"))))
        levels.append(Level(name, tuple(requires)))
    if not levels:
        raise ValueError("give at least one level")
    return tuple(levels)


def split_level_text(text: str) -> list[str]:
    """``A: x>=1; B: y>=2`` as typed on the command line → one spec per level."""
    return [part.strip() for part in text.split(";") if part.strip()]


@dataclass(frozen=True)
class Standing:
    """Where one person stands against the levels."""

    level: str | None  # highest level whose every rule is met
    next_level: str | None  # the level after it, if any
    missing: tuple[str, ...]  # what the next level still needs
    shortfall: int = 0  # how many more (events, reviews…) the next level needs, all rules added


def standing(counts: Mapping[str, int], levels: Sequence[Level]) -> Standing:
    reached = None
    for index, level in enumerate(levels):
        if level.met(counts):
            reached = index
    nxt_index = 0 if reached is None else reached + 1
    nxt = levels[nxt_index] if nxt_index < len(levels) else None
    return Standing(
        level=levels[reached].name if reached is not None else None,
        next_level=nxt.name if nxt else None,
        missing=tuple(nxt.missing(counts)) if nxt else (),
        shortfall=sum(max(0, r.minimum - r.have(counts)) for r in nxt.requires) if nxt else 0,
    )


def closest_first(standing: Standing) -> tuple[int, int]:
    """Sort key: who is closest to their next level. The fewest events or reviews still to do
    come first ("facilitated 1 of 2" before "0 of 2"), then the fewest rules still unmet."""
    return (standing.shortfall, len(standing.missing))
