"""Results of an event against its targets, and whether they held at the sustainment review.

* **Progress** of a metric = (latest − baseline) / (target − baseline) (verdict.metric_progress,
  the rule the follow-up reviews suggest verdicts with): the share of the intended
  change achieved. The model makes the target point the way the metric's direction says, so the
  formula is direction-aware by construction: 100 % is on target, above 100 % beat it, below 0 %
  went the wrong way. None without a baseline, a target different from it, or a reading.
* The **latest** value is the most recent dated reading, from the metric's readings or from a
  review held (its held-on date) that recorded one; a review reading wins a tie.
* The **event result** is the mean progress of its metrics, each clamped to −100 … 100 % so that
  beating one target far cannot hide missing another.
* A sustainment review **held** is one with a verdict. Held without a verdict is listed apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from kaizen_tui.logic.actions import due_urgency
from kaizen_tui.logic.verdict import metric_progress  # one definition of progress (issue 7)

CLAMP_LOW, CLAMP_HIGH = -1.0, 1.0

SustainState = Literal[
    "sustained", "slipping", "lost", "no_verdict", "overdue", "pending", "no_review"
]
VERDICT_STATES = ("sustained", "slipping", "lost")


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen ones cost ~1 µs each
class MetricResult:
    id: str
    name: str
    unit: str
    direction: str
    baseline: float | None
    target: float | None
    latest: float | None
    latest_date: str | None
    progress: float | None  # fraction: 1.0 = target reached


def latest_reading(
    metric: Mapping[str, Any], reviews: Iterable[Mapping[str, Any]]
) -> tuple[float, str] | None:
    """(value, ISO date) of the most recent reading of ``metric``; see the module docstring."""
    best: tuple[str, int, float] | None = None
    latest = metric.get("latest")
    if latest:
        best = (latest["date"], 0, latest["value"])
    metric_id = metric.get("id")
    for review in reviews:
        readings = review.get("readings") or {}
        held_on = review.get("held_on")
        if held_on and metric_id in readings:
            candidate = (held_on, 1, readings[metric_id])
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return (best[2], best[0]) if best else None


def metric_result(metric: Mapping[str, Any], reviews: Sequence[Mapping[str, Any]]) -> MetricResult:
    reading = latest_reading(metric, reviews)
    latest, latest_date = reading if reading else (None, None)
    return MetricResult(
        id=metric["id"],
        name=metric["name"],
        unit=metric.get("unit", ""),
        direction=metric.get("direction", "lower"),
        baseline=metric.get("baseline"),
        target=metric.get("target"),
        latest=latest,
        latest_date=latest_date,
        progress=metric_progress(metric.get("baseline"), metric.get("target"), latest),
    )


def event_result(metrics: Iterable[MetricResult]) -> float | None:
    values = [
        min(CLAMP_HIGH, max(CLAMP_LOW, m.progress)) for m in metrics if m.progress is not None
    ]
    return sum(values) / len(values) if values else None


def sustain_review(reviews: Iterable[Mapping[str, Any]], day: int) -> Mapping[str, Any] | None:
    return next((r for r in reviews if r.get("day") == day), None)


def sustain_state(reviews: Iterable[Mapping[str, Any]], day: int, today: date) -> SustainState:
    review = sustain_review(reviews, day)
    if review is None:
        return "no_review"
    verdict = review.get("verdict")
    if verdict in VERDICT_STATES:
        return verdict
    if review.get("held_on"):
        return "no_verdict"
    due = review.get("due")
    overdue = due and due_urgency(date.fromisoformat(due), today) == "overdue"
    return "overdue" if overdue else "pending"


@dataclass(frozen=True)
class RateRow:
    """Sustainment for one area or quarter: ``sustained`` of ``held``."""

    key: str
    held: int
    sustained: int

    @property
    def rate(self) -> float | None:
        return self.sustained / self.held if self.held else None


@dataclass(frozen=True)
class Sustainment:
    day: int
    counts: Mapping[str, int]  # every SustainState → events in it
    by_area: tuple[RateRow, ...]
    by_quarter: tuple[RateRow, ...]

    @property
    def held(self) -> int:
        return sum(self.counts.get(v, 0) for v in VERDICT_STATES)

    @property
    def sustained(self) -> int:
        return self.counts.get("sustained", 0)

    @property
    def rate(self) -> float | None:
        return self.sustained / self.held if self.held else None


def rate_rows(pairs: Iterable[tuple[str, SustainState]]) -> tuple[RateRow, ...]:
    """Group (key, state) pairs into rows, keys sorted; keys with nothing held are kept (0 of 0)
    so that an area with only pending reviews still shows up."""
    held: dict[str, int] = {}
    sustained: dict[str, int] = {}
    for key, state in pairs:
        held.setdefault(key, 0)
        sustained.setdefault(key, 0)
        if state in VERDICT_STATES:
            held[key] += 1
            sustained[key] += state == "sustained"
    return tuple(RateRow(key, held[key], sustained[key]) for key in sorted(held, key=str.casefold))
