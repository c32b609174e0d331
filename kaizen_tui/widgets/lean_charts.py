"""Charts of the lean tools a room reads off a projector, drawn with text and theme colours:

* :class:`YamazumiChart`, the operator balance: one stacked bar per operator (or step), each
  element shaded by its value (█ VA, ▓ NNVA, ░ NVA, so a black-and-white copy still tells them
  apart), against the takt line; a bar over takt has its figure in the error colour.
* :class:`ChangeoverBars`, a changeover before and after the event: internal time (the machine
  stopped) and external time (the machine running) as two bars on one scale.

The layout is ``logic.balance.yamazumi`` and ``logic.smed``; these widgets only paint it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from kaizen_tui.logic.balance import Balance, format_seconds, yamazumi
from kaizen_tui.logic.metrics import format_number
from kaizen_tui.logic.smed import Changeover

#: how each value type is drawn: glyph and theme style
VALUE_CELLS = {
    "VA": ("█", "$text-success"),
    "NNVA": ("▓", "$text-warning"),
    "NVA": ("░", "$text-error"),
}
TAKT_STYLE = "bold $accent"
GUTTER = 10


def _short_seconds(seconds: float) -> str:
    """A bar's figure in as few characters as it takes: ``12.5``, ``95``, ``52m``."""
    if seconds < 100:
        text = f"{seconds:.1f}"
        return text[:-2] if text.endswith(".0") else text
    minutes = seconds / 60
    return f"{minutes:.0f}m" if minutes < 100 else f"{minutes / 60:.0f}h"


def _minutes(minutes: float) -> str:
    return f"{format_number(round(minutes, 1))} min"


def _fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…" if width > 1 else text[:width]


class YamazumiChart(Widget):
    DEFAULT_CSS = """
    YamazumiChart {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, rows: int = 10, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.balance: Balance | None = None

    def show(self, balance: Balance | None) -> None:
        self.balance = balance
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        if self.balance is None or not self.balance.loads:
            return 1
        return self.rows + 4

    def render(self) -> Content:
        balance = self.balance
        if balance is None or not balance.loads:
            return Content.styled(
                "No work elements yet: the chart shows each operator's work against takt.",
                "$text-muted",
            )
        laid = yamazumi(balance, self.rows)
        if laid is None:
            return Content.styled("Every element takes 0 s: nothing to draw yet.", "$text-muted")
        count = len(laid.columns)
        room = max(8, self.content_region.width - GUTTER)
        column = max(3, min(14, room // count))
        shown = min(count, room // column)
        bar = max(2, column - 2 if column >= 6 else column - 1)
        over = {load.operator for load in balance.over_takt}
        loads = balance.loads[:shown]
        parts: list[str | tuple[str, str] | Content] = []
        for row in range(laid.rows):
            on_takt = row == laid.takt_row
            if on_takt and balance.takt_s is not None:
                parts.append(
                    (
                        f"{_fit(format_seconds(balance.takt_s), GUTTER - 2):>{GUTTER - 2}} ┤",
                        TAKT_STYLE,
                    )
                )
            elif row == laid.rows - 1:
                parts.append((f"{'0':>{GUTTER - 2}} ┤", "$text-muted"))
            else:
                parts.append((" " * (GUTTER - 1) + "│", "$text-muted"))
            for index, load in enumerate(loads):
                cells = laid.columns[index]
                height = laid.heights[index]
                top = laid.rows - height  # the bar's top row
                value = cells[row]
                if value is not None:
                    glyph, style = VALUE_CELLS.get(value, ("█", ""))
                    parts.append((glyph * bar, style))
                elif row == top - 1:
                    figure = _fit(_short_seconds(load.seconds), bar)
                    style = "bold $text-error" if load.operator in over else "bold"
                    parts.append((f"{figure:^{bar}}", style))
                else:
                    parts.append(("╌" * bar, TAKT_STYLE) if on_takt else " " * bar)
                gap = column - bar
                parts.append(("╌" * gap, TAKT_STYLE) if on_takt else " " * gap)
            parts.append("\n")
        parts.append(" " * GUTTER)
        for load in loads:
            name = _fit(load.operator, column - 1)
            style = "bold $text-error" if load.operator in over else ""
            parts.append((f"{name:<{column}}", style) if style else f"{name:<{column}}")
        parts.append("\n" + " " * GUTTER)
        if shown < count:
            parts.append((f"and {count - shown} more (wider screen to see them)   ", "$text-muted"))
        if balance.takt_s is not None:
            parts.append(("╌╌", TAKT_STYLE))
            parts.append(f" takt {format_seconds(balance.takt_s)}   ")
        for value, (glyph, style) in VALUE_CELLS.items():
            parts.append((glyph * 2, style))
            parts.append(f" {value}  ")
        parts.append("\n")
        return Content.assemble(*parts)


class ChangeoverBars(Widget):
    DEFAULT_CSS = """
    ChangeoverBars {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.changeover: Changeover | None = None

    def show(self, changeover: Changeover | None) -> None:
        self.changeover = changeover
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return 3 if self.changeover is not None and self.changeover.elements else 0

    def render(self) -> Content:
        co = self.changeover
        if co is None or not co.elements:
            return Content("")
        label = 8
        figures = 34
        room = max(10, self.content_region.width - label - figures)
        longest = max(
            co.before_internal + co.before_external, co.after_internal + co.after_external
        )
        scale = room / longest if longest > 0 else 0.0

        def bar(name: str, internal: float, external: float) -> list[str | tuple[str, str]]:
            inner = round(internal * scale)
            outer = round(external * scale)
            if internal > 0 and inner == 0:
                inner = 1
            if external > 0 and outer == 0:
                outer = 1
            return [
                (f"{name:<{label}}", "bold"),
                ("█" * inner, "$text-error"),
                ("░" * outer, "$text-success"),
                " " * max(1, room - inner - outer + 1),
                (_minutes(internal), "bold"),
                f" stopped + {_minutes(external)} running\n",
            ]

        return Content.assemble(
            *bar("Before", co.before_internal, co.before_external),
            *bar("After", co.after_internal, co.after_external),
            " " * label,
            ("██", "$text-error"),
            " internal: the machine stopped   ",
            ("░░", "$text-success"),
            " external: while it runs",
        )
