"""The LPO dashboard's charts, drawn on the server as inline SVG: no JavaScript, nothing fetched,
and the strict Content-Security-Policy holds (inline ``<svg>`` is markup, not a script or a style).

Colours come from classes in hub.css (light and dark schemes), never ``style=`` attributes,
which the CSP would block. Every label is escaped: names and areas are typed by people.
Each chart has a ``<title>`` and ``role="img"`` with a text summary for screen readers, and the
same figures are in the table under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
ROW = 26
LABEL_W = 190
VALUE_W = 90
LABEL_CHARS = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # on the chart's scale (a count, or a percentage)
    text: str  # what is written at the end of the bar


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    bars: Sequence[Bar], *, title: str, scale: float | None = None, kind: str = "a"
) -> Markup:
    """Horizontal bars, one row each, longest scale ``scale`` (default: the largest value)."""
    if not bars:
        return Markup("")
    top = scale or max(b.value for b in bars) or 1
    span = WIDTH - LABEL_W - VALUE_W
    height = ROW * len(bars) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        width = max(0.0, min(1.0, bar.value / top)) * span
        parts.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 17}" text-anchor="end">'
            f"<title>{escape(bar.label)}</title>{escape(_clip(bar.label))}</text>"
            f'<rect class="chart-track" x="{LABEL_W}" y="{y + 4}" width="{span}" height="16" '
            f'rx="3"/>'
            f'<rect class="chart-bar-{kind}" x="{LABEL_W}" y="{y + 4}" width="{width:.1f}" '
            f'height="16" rx="3"/>'
            f'<text class="chart-value" x="{LABEL_W + span + 8}" y="{y + 17}">'
            f"{escape(bar.text)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Column:
    label: str
    values: tuple[float | None, ...]  # percentages, one per series; None: nothing to measure


def columns_chart(columns: Sequence[Column], series: Sequence[str], *, title: str) -> Markup:
    """Grouped columns on a 0–100 % scale (one group per quarter), with a legend on top."""
    if not columns:
        return Markup("")
    height, top, bottom, left = 230, 34, 28, 40
    plot = height - top - bottom
    group = (WIDTH - left - 10) / len(columns)
    width = min(28.0, (group - 12) / max(1, len(series)))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for k, name in enumerate(series):  # legend
        key_x = left + k * 190
        parts.append(
            f'<rect class="chart-bar-{"ab"[k % 2]}" x="{key_x}" y="6" width="14" height="14" '
            f'rx="2"/><text class="chart-label" x="{key_x + 20}" y="18">{escape(name)}</text>'
        )
    for pct in (0.0, 50.0, 100.0):  # grid
        y = top + plot - plot * pct / 100
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{pct:g}%</text>"
        )
    for i, col in enumerate(columns):
        x0 = left + i * group + (group - width * len(series)) / 2
        for k, value in enumerate(col.values):
            x = x0 + k * width
            if value is None:
                parts.append(
                    f'<text class="chart-axis" x="{x + width / 2:.1f}" y="{top + plot - 4}" '
                    f'text-anchor="middle">–</text>'
                )
                continue
            h = plot * max(0.0, min(100.0, value)) / 100
            parts.append(
                f'<rect class="chart-bar-{"ab"[k % 2]}" x="{x:.1f}" y="{top + plot - h:.1f}" '
                f'width="{width - 2:.1f}" height="{h:.1f}"><title>{escape(col.label)} · '
                f"{escape(series[k])}: {value:g}%</title></rect>"
            )
        parts.append(
            f'<text class="chart-axis" x="{left + i * group + group / 2:.1f}" '
            f'y="{height - 8}" text-anchor="middle">{escape(col.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
