"""Has the gain held? A suggested review verdict from metric readings against baseline and target.

For one metric, **progress** is the share of the intended change that a reading still shows::

    progress = (reading - baseline) / (target - baseline)

The formula is the same for "lower is better" and "higher is better" metrics, because the model
makes the target point the right way from the baseline: 0 is back at the baseline, 1 is on target,
above 1 beyond it, below 0 worse than before the event.

* **sustained**: progress ≥ 0.8 (at least 80% of the intended change is still there).
* **lost**: progress ≤ 0.2 (back within a fifth of the intended change from the baseline, or
  worse): readings are noisy, so "back at the baseline" has to mean "near it".
* **slipping**: in between.

Example: changeover baseline 95 min, target 30 min. Sustained up to 43 min, lost from 82 min.

Edge cases:

* baseline == target (a "hold the line" metric, e.g. keep yield at 98% while cutting lead time):
  there is no gain to lose, so a reading at or on the good side of the target is sustained, and
  any reading on the bad side is slipping (never lost).
* a metric without a baseline or a target cannot be judged and is left out.
* a metric that can be judged but has no reading at this review: the event can at best be
  suggested "slipping" — sustained is the claim that lets an event close, so it needs a reading
  for every metric.

The event's suggestion: **sustained** when every judged metric is sustained (and none is missing a
reading); **lost** when every judged metric is lost; **slipping** otherwise. None when no metric
can be judged. The facilitator always has the last word; this only suggests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kaizen_tui.logic.words import join_and

if TYPE_CHECKING:  # annotations only: the portfolio report imports this without pydantic
    from kaizen_tui.model import Metric, Verdict

SUSTAINED_FROM = 0.8
LOST_UP_TO = 0.2
#: boundaries are inclusive; without a little slack 43 min on 95 → 30 would compute 0.79999…
_EPS = 1e-9


def metric_progress(
    baseline: float | None, target: float | None, reading: float | None
) -> float | None:
    """Share of the intended change a reading shows (0 = baseline, 1 = target); None when it
    cannot be computed (a value is missing, or baseline == target)."""
    if baseline is None or target is None or reading is None or baseline == target:
        return None
    return (reading - baseline) / (target - baseline)


def judge_metric(
    direction: str, baseline: float | None, target: float | None, reading: float | None
) -> Verdict | None:
    """The verdict for one metric's reading; None when it cannot be judged."""
    if baseline is None or target is None or reading is None:
        return None
    if baseline == target:
        better_or_equal = reading <= target if direction == "lower" else reading >= target
        return "sustained" if better_or_equal else "slipping"
    progress = (reading - baseline) / (target - baseline)
    if progress >= SUSTAINED_FROM - _EPS:
        return "sustained"
    if progress <= LOST_UP_TO + _EPS:
        return "lost"
    return "slipping"


@dataclass(frozen=True, slots=True)
class MetricJudgement:
    """One metric at one review, for the review screen: what was read and what it means."""

    metric_id: str
    name: str
    reading: float | None
    progress: float | None  # None when baseline == target or a value is missing
    verdict: Verdict | None  # None when the metric cannot be judged
    why: str  # one line for the screen, e.g. "no reading" or "84% of the intended change"


@dataclass(frozen=True, slots=True)
class VerdictSuggestion:
    verdict: Verdict | None
    metrics: tuple[MetricJudgement, ...]
    reason: str  # one line: why this suggestion (or why none)

    @property
    def missing_readings(self) -> tuple[str, ...]:
        """Ids of judgeable metrics with no reading."""
        return tuple(m.metric_id for m in self.metrics if m.why == NO_READING)


NO_READING = "no reading"
NO_BASELINE_OR_TARGET = "no baseline or target"


def _judge(metric: Metric, reading: float | None) -> MetricJudgement:
    if metric.baseline is None or metric.target is None:
        return MetricJudgement(metric.id, metric.name, reading, None, None, NO_BASELINE_OR_TARGET)
    if reading is None:
        return MetricJudgement(metric.id, metric.name, None, None, None, NO_READING)
    verdict = judge_metric(metric.direction, metric.baseline, metric.target, reading)
    progress = metric_progress(metric.baseline, metric.target, reading)
    if progress is None:
        why = "holding the target" if verdict == "sustained" else "worse than the target"
    else:
        why = f"{progress:.0%} of the intended change"
    return MetricJudgement(metric.id, metric.name, reading, progress, verdict, why)


def suggest_verdict(metrics: Sequence[Metric], readings: Mapping[str, float]) -> VerdictSuggestion:
    """Suggest a verdict for a review from its readings (metric id → value)."""
    judged = tuple(_judge(m, readings.get(m.id)) for m in metrics)
    verdicts = [j.verdict for j in judged if j.verdict is not None]
    missing = [j.metric_id for j in judged if j.why == NO_READING]
    if not verdicts:
        if missing:
            return VerdictSuggestion(None, judged, f"no reading yet for {join_and(missing)}")
        return VerdictSuggestion(
            None, judged, "no metric has a baseline and a target to judge against"
        )
    if all(v == "lost" for v in verdicts):
        lost = [j.metric_id for j in judged if j.verdict == "lost"]
        return VerdictSuggestion("lost", judged, f"{join_and(lost)} back at or behind the baseline")
    if all(v == "sustained" for v in verdicts):
        if missing:
            return VerdictSuggestion(
                "slipping",
                judged,
                f"the readings hold, but {join_and(missing)} has no reading: sustained needs every "
                "metric",
            )
        return VerdictSuggestion(
            "sustained", judged, f"every metric kept ≥ {SUSTAINED_FROM:.0%} of its intended change"
        )
    lost = [j.metric_id for j in judged if j.verdict == "lost"]
    slipping = [j.metric_id for j in judged if j.verdict == "slipping"]
    parts = []
    if lost:
        parts.append(f"{join_and(lost)} back at or behind the baseline")
    if slipping:
        parts.append(f"{join_and(slipping)} short of the target")
    if missing:
        parts.append(f"no reading for {join_and(missing)}")
    return VerdictSuggestion("slipping", judged, "; ".join(parts))
