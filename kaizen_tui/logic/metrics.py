"""Metric readings: the latest value, and whether it has reached the target."""

from __future__ import annotations

from kaizen_tui.model import Metric, Reading


def latest_reading(metric: Metric) -> Reading | None:
    """The reading with the latest date (the first of them on a tie, as the index and the
    follow-up logic pick it), or None."""
    return max(metric.readings, key=lambda r: r.date, default=None)


def target_met(metric: Metric, value: float) -> bool | None:
    """Whether ``value`` reaches the target in the metric's direction; None without a target."""
    if metric.target is None:
        return None
    return value <= metric.target if metric.direction == "lower" else value >= metric.target


def format_number(value: float | None) -> str:
    """``94``, ``4.4``, ``0.125``: no trailing ``.0``, no float noise; ``–`` for nothing."""
    if value is None:
        return "–"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"
