"""Metric readings: the latest value, and whether it has reached the target."""

from __future__ import annotations

import math

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


def parse_number(text: str) -> float | None:
    """A number as a person types it (``38``, ``4.5``, ``4,5``, ``1 200``); None for an empty
    box; ValueError with a message for anything else."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if raw.count(",") == 1 and "." not in raw:
        whole, _, fraction = raw.partition(",")
        if len(fraction) == 3 and whole.lstrip("-").isdigit() and fraction.isdigit():
            # 1,200 is 1200 in one country and 1.2 in another: ask rather than guess
            raise ValueError(
                f"{text.strip()!r} is ambiguous: write {whole}{fraction} or {whole}.{fraction}"
            )
        raw = raw.replace(",", ".")  # a decimal comma
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text.strip()!r} is not a number")
    return value
