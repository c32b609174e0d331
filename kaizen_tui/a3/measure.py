"""A fast estimate of how tall a box's content is at another size and width, so the fit model can
search sizes and column widths without laying the box out again for every guess.

Everything in a box scales with its body size (fonts, leading, padding, gaps, graphics), so the
content at size ``s`` and width ``W`` is the content at the size it was built at, ``s0``, and
width ``W·s0/s``, scaled by ``s/s0``. Paragraphs answer with their own line breaking (a3/text.py,
words measured once); tables from their rows and column fractions. The estimate only steers the
search (a few styles do not scale exactly: the leading tightens below 8 pt, small text stops at
6.5 pt): the size finally used is always laid out for real and checked.

Every model takes a ``limit``: past it the answer only has to be "more than the limit", so a
500-row action plan is measured only as far as a page can hold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

INF = math.inf


class Model:
    #: a paragraph of one line: the width it needs (0 otherwise) and its height, so a table's
    #: row height rarely calls into a model
    one_line: float = 0.0
    leading: float = 0.0

    def height(self, width: float, limit: float = INF) -> float:
        """Height at the built size for ``width`` (points at that size); once it exceeds
        ``limit`` any value above ``limit`` may be returned."""
        raise NotImplementedError


@dataclass
class Fixed(Model):
    h: float

    def height(self, width: float, limit: float = INF) -> float:
        return self.h


@dataclass
class Proportional(Model):
    """As tall as ``ratio`` times its width (the QR code: a square as wide as its box)."""

    ratio: float

    def height(self, width: float, limit: float = INF) -> float:
        return self.ratio * width


@dataclass
class Func(Model):
    """A drawing that lays itself out: its height for a width, at the size it was built for."""

    fn: Callable[[float], float]

    def height(self, width: float, limit: float = INF) -> float:
        return self.fn(width)


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    """stringWidth, remembered: fitting asks for the same words at the same sizes again."""
    return stringWidth(text, font, size)


Cell = tuple[int, float, float, list[Model] | None]  # column, height, width needed, models


@dataclass
class Grid(Model):
    """A table: rows of cells (each a stack of models) over its columns, produced on demand by
    ``row`` (so rows past the limit are never modelled). Columns sized by their content keep
    their width (it scales with the size, as everything does); the others share what is left.
    With ``balance``, the rows may be set in two side-by-side halves (see pdf_blocks.Rows)."""

    count: int
    row: Callable[[int], list[list[Model]]]
    widths: list[float]  # at the built size and width
    fixed: list[bool]
    hpad: float
    vpad: float
    header: float  # height of the header row (0 without one)
    balance_at: float = INF  # the width from which two halves are considered
    gap: float = 0.0
    #: per row: the height of its cells in columns of fixed width (they never change), and
    #: its cells in the flexible columns as (column, height, width needed, models)
    _rows: list[tuple[float, list[Cell]]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._fixed_total = sum(w for w, f in zip(self.widths, self.fixed, strict=True) if f)
        flex_total = sum(w for w, f in zip(self.widths, self.fixed, strict=True) if not f) or 1.0
        self._shares = [
            0.0 if f else w / flex_total for w, f in zip(self.widths, self.fixed, strict=True)
        ]

    def _cells(self, index: int) -> tuple[float, list[Cell]]:
        # Most cells are one short line (ids, dates, names) or a fixed graphic: note their
        # height and the width they need, so a row's height rarely calls into a model; cells of
        # fixed columns are measured once.
        while len(self._rows) <= index:
            base = 0.0
            cells: list[Cell] = []
            for col, stack in enumerate(self.row(len(self._rows))):
                if self.fixed[col]:
                    room = self.widths[col] - self.hpad
                    base = max(base, sum(m.height(room) for m in stack))
                elif len(stack) == 1 and isinstance(stack[0], Fixed):
                    base = max(base, stack[0].h)
                elif len(stack) == 1 and stack[0].one_line:
                    text = stack[0]
                    cells.append((col, text.leading, text.one_line, stack))
                else:
                    cells.append((col, 0.0, math.inf, stack))
            self._rows.append((base, cells))
        return self._rows[index]

    def row_heights(
        self, width: float, limit: float = INF, count: int | None = None
    ) -> list[float]:
        """Row heights at ``width``, until they pass ``limit`` or ``count`` rows."""
        rest = max(0.0, width - self._fixed_total)
        widths = [rest * share - self.hpad for share in self._shares]
        out = []
        total = self.header
        vpad = self.vpad
        for index in range(self.count if count is None else min(count, self.count)):
            if total > limit:
                break
            tallest, cells = self._cells(index)
            room = limit - total
            for col, h, needs, stack in cells:
                if stack is not None and needs > widths[col]:
                    h = sum(m.height(widths[col], room) for m in stack)
                if h > tallest:
                    tallest = h
            out.append(tallest + vpad)
            total += tallest + vpad
        return out

    def halves(self, width: float, limit: float = INF) -> bool:
        """Whether the rows are set in two halves at ``width``: when, for the same rows, two
        halves are a fifth lower than one column (rows measured as far as ``limit`` reaches,
        so both sides of the comparison hold the same rows)."""
        return self._choose(width, limit)[0]

    def _choose(self, width: float, limit: float) -> tuple[bool, list[float]]:
        """(halves?, the rows in one column measured as far as 2.5 × ``limit``)."""
        one = self.row_heights(width, limit * 2.5)
        if width < self.balance_at:
            return False, one
        half = self.row_heights((width - self.gap) / 2, INF, count=len(one))
        return balanced(half, self.header) <= (self.header + sum(one)) * BALANCE_GAIN, one

    def height(self, width: float, limit: float = INF) -> float:
        if width < self.balance_at:
            return self.header + sum(self.row_heights(width, limit))
        halves, one = self._choose(width, limit)
        if not halves:
            return self.header + sum(one)
        return balanced(
            self.row_heights((width - self.gap) / 2, limit * 2 + self.header), self.header
        )


BALANCE_GAIN = 0.8  # two halves only when they save a fifth of the height


def balanced(heights: Sequence[float], header: float) -> float:
    """Height of ``heights`` set in two side-by-side halves (each under its own header), split
    where the taller half is lowest."""
    total = sum(heights)
    best = header + total
    first = 0.0
    for h in heights:
        first += h
        taller = header + max(first, total - first)
        if taller < best:
            best = taller
        if first >= total / 2:
            break
    return best


def model_of(flowable: Flowable, width: float) -> Model:
    own = getattr(flowable, "measure_model", None)
    if own is not None:
        return own(width)
    return Fixed(flowable.wrap(width, 1e7)[1])


def cell_models(cell: object, width: float, leading: float) -> list[Model]:
    if isinstance(cell, str):  # drawn by the table itself, one line per line
        return [Fixed(leading * (cell.count("\n") + 1))]
    items = cell if isinstance(cell, list | tuple) else [cell]
    return [model_of(item, width) for item in items if isinstance(item, Flowable)]


@dataclass
class BoxModel:
    """Estimates for one box built at ``size`` (points)."""

    size: float
    models: Sequence[Model]

    def height(self, size: float, width: float, limit: float = INF) -> float:
        scale = size / self.size
        local = limit / scale
        total = 0.0
        for m in self.models:
            total += m.height(width / scale, local - total)
            if total > local:
                break
        return scale * total
