"""Fitting text into the A3's boxes without ever cutting it.

Each box builds its content for a given body size. A box gets the largest size (down to
MIN_SIZE) at which its content fits; content that does not fit even at MIN_SIZE is split at a row
or line and the rest moves to the appendix, with a note on page 1. Heights are shared between the
boxes of a column like water: a box that needs little takes only that, the rest is shared by the
boxes that need more (KeepInFrame is not used: it shrinks without a minimum, or drops text).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, Spacer

from kaizen_tui.a3.measure import BoxModel, model_of
from kaizen_tui.a3.style import MIN_SIZE, Styles, styles

Builder = Callable[[Styles, float], list[Flowable]]

SIZE_STEP = 0.25
_UNBOUNDED = 1e7


@dataclass
class Box:
    """One numbered section (or the header) and, after fitting, what it shows on page 1."""

    key: str
    number: str
    title: str
    build: Builder
    max_size: float
    min_size: float = MIN_SIZE
    #: a shorter form of the content, used when the full one does not fit at the minimum size
    compact: Builder | None = None
    # set by fit(): the body size, the inner width the content was laid out for (tables keep it),
    # the page-1 flowables with their heights, and what continues in the appendix
    size: float = 0.0
    width: float = 0.0
    flowables: list[Flowable] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    overflow: list[Flowable] = field(default_factory=list)
    compacted: bool = False
    _built: dict[tuple[float, float, bool], tuple[list[Flowable], list[float]]] = field(
        default_factory=dict, repr=False
    )
    _model: BoxModel | None = field(default=None, repr=False)

    def sizes(self) -> list[float]:
        """Candidate body sizes, largest first, in SIZE_STEP steps down to the minimum."""
        out = []
        size = self.max_size
        while size > self.min_size + 1e-9:
            out.append(round(size, 2))
            size -= SIZE_STEP
        out.append(self.min_size)
        return out

    def built(
        self, size: float, width: float, compact: bool = False
    ) -> tuple[list[Flowable], list[float]]:
        """The content at ``size`` for ``width``, wrapped, with each flowable's height. Kept:
        fitting asks again, and drawing uses the same wrapped flowables."""
        key = (size, round(width, 2), compact)
        if key not in self._built:
            builder = self.compact if compact and self.compact else self.build
            flowables = builder(styles(size), width)
            self._built[key] = (flowables, [f.wrap(width, _UNBOUNDED)[1] for f in flowables])
        return self._built[key]

    def content_height(self, size: float, width: float, compact: bool = False) -> float:
        return sum(self.built(size, width, compact)[1])

    def estimate(self, size: float, width: float) -> float:
        """Content height at ``size``: exact when laid out already, else estimated from the
        layout at the largest size (see measure.py)."""
        key = (size, round(width, 2), False)
        if key in self._built:
            return sum(self._built[key][1])
        if self._model is None:
            # made once, from the content at the largest size, without laying it out (line
            # breaking is the expensive part); it is in proportions (column fractions, word
            # widths), so it serves every width
            flowables = self.build(styles(self.max_size), width)
            self._model = BoxModel(self.max_size, [model_of(f, width) for f in flowables])
        return self._model.height(size, width)


def largest_fitting(
    sizes: Sequence[float], measure: Callable[[float], float], limit: float
) -> int | None:
    """Index of the largest of ``sizes`` (descending) whose ``measure`` is at most ``limit``, or
    None. ``measure`` grows with the size, roughly as a power of it (text height goes with about
    the square of the size, a table of short rows linearly), so each guess interpolates that
    power between the sizes measured so far: usually 2–3 measurements instead of a bisection's
    5, and each measurement lays out a whole box."""
    if not sizes:
        return None
    h_top = measure(sizes[0])
    if h_top <= limit:
        return 0
    bad, good = 0, None  # indexes: largest known not to fit, and largest known to fit
    points = [(sizes[0], h_top)]
    while good is None or good - bad > 1:
        low = len(sizes) - 1 if good is None else good
        if low - bad <= 1 and good is None:
            # only the smallest size is left to try
            h = measure(sizes[low])
            return low if h <= limit else None
        (s0, h0), (s1, h1) = points[-2:] if len(points) > 1 else (points[0], (0.0, 0.0))
        if h1 > 0 and s1 != s0 and h0 != h1 and h0 > 0:
            power = max(0.5, min(3.0, math.log(h0 / h1) / math.log(s0 / s1)))
        else:
            power = 2.0
        target = s0 * (limit / h0) ** (1 / power)
        guess = next((i for i, size in enumerate(sizes) if size <= target), len(sizes) - 1)
        guess = min(max(guess, bad + 1), low if good is None else good - 1)
        h = measure(sizes[guess])
        points.append((sizes[guess], h))
        if h <= limit:
            good = guess
        else:
            bad = guess
    return good


def confirm(sizes: Sequence[float], index: int | None, fits: Callable[[float], bool]) -> int | None:
    """Check an estimated choice with a real layout, stepping to smaller sizes until one fits."""
    while index is not None and not fits(sizes[index]):
        index = index + 1 if index + 1 < len(sizes) else None
    return index


def fit(
    box: Box, width: float, height: float, note_height: float, fits_at: float | None = None
) -> None:
    """Choose the box's size and page-1 content for an inner area of ``width`` × ``height``.
    ``note_height`` is the room the "continued on page N" note takes when content overflows;
    ``fits_at`` is a size already known to fit (only larger ones are tried)."""
    box.width = width
    sizes = [s for s in box.sizes() if fits_at is None or s > fits_at]
    best = min(fits_at, box.max_size) if fits_at is not None else None
    # with a known fitting size, look for a larger one only when there is room to grow into
    if best is None or box.content_height(best, width) < height * 0.92:
        found = largest_fitting(sizes, lambda size: box.estimate(size, width), height)
        found = confirm(sizes, found, lambda size: box.content_height(size, width) <= height)
        if found is not None:
            best = sizes[found]
        elif (
            best is None
            and box.estimate(box.min_size, width) <= height * 1.15
            and box.content_height(box.min_size, width) <= height
        ):
            best = box.min_size  # the estimate was too cautious
    box.overflow = []
    box.compacted = False
    if best is not None:
        box.size = best
        box.flowables, box.heights = box.built(best, width)
        return
    box.size = box.min_size
    if box.compact is not None:
        # the short form, at the largest size it fits, before anything moves to the appendix
        box.compacted = True
        if box.content_height(box.min_size, width, compact=True) <= height:
            all_sizes = box.sizes()
            found = largest_fitting(
                all_sizes[:-1], lambda size: box.content_height(size, width, compact=True), height
            )
            box.size = all_sizes[found] if found is not None else box.min_size
            box.flowables, box.heights = box.built(box.size, width, compact=True)
            return
    flowables, heights = box.built(box.size, width, compact=box.compacted)
    box.flowables, box.heights, box.overflow = split_stack(
        flowables, heights, width, height - note_height
    )


def split_stack(
    flowables: list[Flowable], heights: list[float], width: float, height: float
) -> tuple[list[Flowable], list[float], list[Flowable]]:
    """The leading flowables that fit ``height`` (splitting the first one that does not, at a
    table row or a paragraph line) with their heights, and the rest."""
    kept: list[Flowable] = []
    kept_heights: list[float] = []
    used = 0.0
    rest: list[Flowable] = []
    for index, (flowable, h) in enumerate(zip(flowables, heights, strict=True)):
        if used + h <= height:
            kept.append(flowable)
            kept_heights.append(h)
            used += h
            continue
        parts = flowable.split(width, height - used) if height - used > 0 else []
        if len(parts) >= 2:
            _, first_h = parts[0].wrap(width, height - used)
            if used + first_h <= height:
                kept.append(parts[0])
                kept_heights.append(first_h)
                rest = [*parts[1:], *flowables[index + 1 :]]
                break
        rest = list(flowables[index:])
        break
    # a subheading whose content moved on goes with it; spacers at the cut are dropped
    while kept and (isinstance(kept[-1], Spacer) or getattr(kept[-1], "keepWithNext", False)):
        moved = kept.pop()
        kept_heights.pop()
        if not isinstance(moved, Spacer):
            rest.insert(0, moved)
    while rest and isinstance(rest[0], Spacer):
        rest.pop(0)
    return kept, kept_heights, rest


@dataclass
class Row:
    """Boxes side by side sharing one height; ``extra_need`` is room some other element of the
    row (the QR column) needs."""

    boxes: list[Box]
    widths: list[float]
    weight: float
    extra_need: float = 0.0


def row_need(
    row: Row, cap: float, chrome: float, inner: Callable[[float], float], *, exact: bool
) -> float:
    """Height a row needs with its text at most ``cap`` points: its tallest box (laid out, or
    estimated) plus ``chrome`` (heading and padding), or the row's extra need if larger."""
    return max(
        row.extra_need,
        *(
            (box.content_height if exact else box.estimate)(min(box.max_size, cap), inner(w))
            + chrome
            for box, w in zip(row.boxes, row.widths, strict=True)
        ),
    )


def _caps(rows: Sequence[Row]) -> list[float]:
    return sorted({s for row in rows for box in row.boxes for s in box.sizes()}, reverse=True)


def estimated_size(
    rows: Sequence[Row], total: float, chrome: float, inner: Callable[[float], float]
) -> float:
    """The common body size at which ``rows`` fit ``total``, by estimate; when even the minimum
    does not fit, below MIN_SIZE by the share that would overflow (to rank crowded layouts)."""

    def need(cap: float) -> float:
        return sum(row_need(row, cap, chrome, inner, exact=False) for row in rows)

    caps = _caps(rows)
    best = largest_fitting(caps, need, total)
    if best is not None:
        return caps[best]
    return MIN_SIZE - (need(caps[-1]) / total - 1)


def share_heights(
    rows: Sequence[Row], total: float, chrome: float, inner: Callable[[float], float]
) -> tuple[list[float], float | None]:
    """Heights for ``rows`` stacked in ``total`` points (``chrome``: a box's heading and padding).

    First the largest body size at which every row fits is found, so a column reads at one size
    and no box overflows while a neighbour has room to give. Leftover room is shared in proportion
    to need. When even the minimum size is too big, rows that need less than their share (by
    weight) get what they need and the rest is shared by weight; their boxes then overflow.
    Returns the heights and the common size (None when something overflows)."""

    def need(row: Row, cap: float, exact: bool = True) -> float:
        return row_need(row, cap, chrome, inner, exact=exact)

    caps = _caps(rows)
    best = largest_fitting(
        caps, lambda cap: sum(need(row, cap, exact=False) for row in rows), total
    )
    best = confirm(caps, best, lambda cap: sum(need(row, cap) for row in rows) <= total)
    if best is not None:
        heights = [need(row, caps[best]) for row in rows]
        slack = total - sum(heights)
        used = sum(heights) or 1.0
        return [h + slack * h / used for h in heights], caps[best]

    needs = [need(row, caps[-1], exact=False) for row in rows]
    alloc = [0.0] * len(rows)
    open_rows = set(range(len(rows)))
    left = total
    while open_rows:
        weight = sum(rows[i].weight for i in open_rows)
        satisfied = [i for i in open_rows if needs[i] <= left * rows[i].weight / weight]
        if not satisfied:
            for i in open_rows:
                alloc[i] = left * rows[i].weight / weight
            break
        for i in satisfied:
            alloc[i] = needs[i]
            left -= needs[i]
            open_rows.discard(i)
    # a row with an extra need (the QR code) gets it even when text is crowded
    for i, row in enumerate(rows):
        short = row.extra_need - alloc[i]
        if short > 0:
            donors = [j for j in range(len(rows)) if j != i]
            if donors:
                donor = max(donors, key=lambda j: alloc[j])
                alloc[donor] -= short
                alloc[i] += short
    return alloc, None
