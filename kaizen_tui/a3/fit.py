"""The fit model: where each section goes on page 1 and at what size, decided from the content.

```
┌ header: title · id · area · dates · people ─────────────────────────────────┬ QR ─┐
│ 1 Background/problem │ 4 Root-cause analysis │ 6 Action plan                 │     │
│ 2 Current condition  │ 5 Countermeasures     │                               │     │
│ 3 Target             │                       ├ 7 Results ──────┬ 8 Follow-up ┴─────┤
└──────────────────────┴───────────────────────┴─────────────────┴───────────────────┘
```

The order is the A3's (left to right: plan, analysis, do/check/act); the sizes are the content's:

1. **Column widths** are chosen so the smallest text on the page is as large as it can be: for a
   body size, each column's narrowest width at which its boxes fit is found (by estimate, see
   measure.py); the largest size at which the three fit side by side wins, and the width left over
   goes to the columns that can still grow. A short background thus gives its room to the action
   plan. When nothing fits even at the legible minimum (6.5 pt), the widths that leave the least
   for the appendix win instead.
   When the text would be small (or continue), the same search runs on a **dense** page
   (Geometry.dense: lighter headings, header and QR column) and the better page wins.
2. **Row heights** in a column follow the same idea: one body size for the whole column (no box
   overflows while its neighbour has room), the room left over shared in proportion to need.
3. **Each box** then gets the largest size at which it fits, laid out for real. A long action plan
   is set in two halves side by side when its box is wide enough (pdf_blocks.Rows). A box that does
   not fit at 6.5 pt uses its compact form (asides left out, row details listed after the table);
   what still does not fit continues on an appendix page, split at a row or a line, and page 1 says
   exactly what continues there (``describe``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A3, A4, TABLOID, landscape, letter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kaizen_tui.a3 import blocks as bk
from kaizen_tui.a3.measure import INF, BoxModel, model_of
from kaizen_tui.a3.pdf_blocks import flowables, split_stack
from kaizen_tui.a3.style import MIN_SIZE, styles
from kaizen_tui.errors import KaizenError

PAPERS: dict[str, tuple[float, float]] = {
    "a3": landscape(A3),
    "tabloid": landscape(TABLOID),
    "a4": landscape(A4),
    "letter": landscape(letter),
}
SIZE_STEP = 0.25
MODEL_EMS = 60.0  # width (in body sizes) at which a box's estimate is built
NOTE_SIZE = 7.5  # the "continues on page 2: …" note
#: a column is never narrower than this share of the page, whatever its content
MIN_COLUMN = 0.16
#: DESIGN.md's proportions (left, middle, right): how spare width is shared when every column
#: already reads at the largest size
DEFAULT_SHARES = (0.27, 0.25, 0.48)
#: how rows share a column that does not fit even at the minimum size
WEIGHTS = {
    "1": 0.3,
    "2": 0.4,
    "3": 0.3,
    "4": 0.55,
    "5": 0.45,
    "6": 0.62,
    "7": 0.3,
    "8": 0.3,
    "78": 0.38,
}
#: the Results | Follow-up split of the bottom right row, as the Results' share
SPLITS = (0.42, 0.5, 0.58, 0.66)
NARROWEST_TOLERANCE = 0.5  # points: how close the width search gets to a column's narrowest
CROWDED_WEIGHT = 4.0  # how much more a story box continuing weighs than the plan (arrangements)


def quarter(size: float) -> float:
    """Sizes in quarter points, the steps fitting tries."""
    return round(size * 4) / 4


@dataclass(frozen=True)
class Geometry:
    """Sizes that depend on the paper, scaled from A3 (the size the layout is drawn for).

    A **dense** page is the same paper with lighter furniture, for content that would otherwise
    be set at the minimum size or continue: smaller box headings and padding, a smaller header
    and a narrower QR column (the code still about 35 mm wide on A3). The furniture then stays
    in proportion to body text at 6.5–7.5 pt, and the room goes to the text."""

    paper: str
    width: float
    height: float
    margin: float
    gap: float
    pad: float
    heading_size: float
    body_max: float
    qr_col: float
    header_size: float  # the header's body size (its title is larger)
    stamp_w: float  # width of the header's revision stamp
    dense: bool = False

    @classmethod
    def for_paper(cls, paper: str, *, dense: bool = False) -> Geometry:
        try:
            width, height = PAPERS[paper]
        except KeyError:
            raise KaizenError(
                f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}"
            ) from None
        scale = width / PAPERS["a3"][0]
        body_max = quarter(max(7.5, 10.5 * scale))
        if dense:
            return cls(
                paper=paper,
                width=width,
                height=height,
                margin=max(6 * mm, 7 * mm * scale),
                gap=max(2 * mm, 2.5 * mm * scale),
                pad=3.0,
                heading_size=max(7.5, 8.5 * scale),
                body_max=body_max,
                qr_col=max(28 * mm, 38 * mm * scale),
                header_size=quarter(max(MIN_SIZE, body_max * 0.8)),
                stamp_w=32 * mm * max(0.8, scale),
                dense=True,
            )
        return cls(
            paper=paper,
            width=width,
            height=height,
            margin=max(6 * mm, 7 * mm * scale),
            gap=max(2 * mm, 2.5 * mm * scale),
            pad=max(3.0, 4.0 * scale),
            heading_size=max(8.0, 11.0 * scale),
            body_max=body_max,
            # the QR code as wide as its column: scanned from a step away
            qr_col=max(28 * mm, 46 * mm * scale),
            header_size=quarter(body_max * 1.05),
            stamp_w=40 * mm * scale,
        )

    def denser(self) -> Geometry:
        return Geometry.for_paper(self.paper, dense=True)

    @property
    def band(self) -> float:
        """Height of a box's heading band."""
        return self.heading_size * 1.6

    @property
    def chrome(self) -> float:
        """Height a box adds around its content: heading band and padding."""
        return self.band + 2 * self.pad

    def inner(self, width: float) -> float:
        return width - 2 * self.pad

    @property
    def usable(self) -> tuple[float, float]:
        return self.width - 2 * self.margin, self.height - 2 * self.margin


# -- a box -----------------------------------------------------------------------------------------


@dataclass
class Box:
    """One section on page 1 and, once fitted, what it shows there and what continues."""

    section: bk.Section
    max_size: float
    min_size: float = MIN_SIZE
    # set by fit_box: body size, inner width and height, the page-1 flowables with their
    # heights, what continues in the appendix, and whether the compact form is used
    size: float = 0.0
    width: float = 0.0
    height: float = 0.0
    flowables: list[Flowable] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    rest: list[Flowable] = field(default_factory=list)
    compact: bool = False
    _content: dict[tuple[float, bool], list[Flowable]] = field(default_factory=dict, repr=False)
    _exact: dict[tuple[float, float, bool], tuple[float, float]] = field(
        default_factory=dict, repr=False
    )
    _estimates: dict[tuple[float, float, bool], tuple[float, float]] = field(
        default_factory=dict, repr=False
    )
    _model: BoxModel | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def compactable(self) -> bool:
        return any(
            isinstance(b, bk.Aside) or (isinstance(b, bk.Table) and any(r.detail for r in b.rows))
            for b in self.section.blocks
        )

    def sizes(self) -> list[float]:
        """Candidate body sizes, largest first, in SIZE_STEP steps down to the minimum."""
        out = []
        size = self.max_size
        while size > self.min_size + 1e-9:
            out.append(round(size, 2))
            size -= SIZE_STEP
        out.append(self.min_size)
        return out

    def content(self, size: float, compact: bool = False) -> list[Flowable]:
        """The section's flowables at ``size``; they lay themselves out at any width."""
        key = (size, compact)
        if key not in self._content:
            self._content[key] = flowables(self.section.blocks, styles(size), compact=compact)
        return self._content[key]

    def exact(self, size: float, width: float, limit: float = INF, compact: bool = False) -> float:
        """The content's height at ``size`` laid out for ``width``; past ``limit`` only "more"."""
        key = (size, round(width, 1), compact)
        found = self._exact.get(key)
        if found is not None and (found[0] <= found[1] or found[1] >= limit):
            return found[0]
        total = 0.0
        for flowable in self.content(size, compact):
            total += flowable.wrap(width, max(0.0, limit - total))[1]
            if total > limit:
                break
        self._exact[key] = (total, limit)
        return total

    def estimate(self, size: float, width: float, limit: float = INF) -> float:
        """The content's height at ``size``, estimated from the layout at the largest size."""
        key = (size, round(width, 1), False)
        found = self._exact.get(key)
        if found is not None and (found[0] <= found[1] or found[1] >= limit):
            return found[0]
        found = self._estimates.get(key)
        if found is not None and (found[0] <= found[1] or found[1] >= limit):
            return found[0]
        if self._model is None:
            # built once, at a width where tables have room for every column (the model is in
            # proportions, so it serves every width)
            content = self.content(self.max_size)
            ref = max(width, MODEL_EMS * self.max_size)
            self._model = BoxModel(self.max_size, [model_of(f, ref) for f in content])
        value = self._model.height(size, width, limit)
        self._estimates[key] = (value, limit)
        return value


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
        if h1 > 0 and s1 != s0 and h0 != h1 and h0 > 0 and math.isfinite(h0 + h1):
            power = max(0.5, min(3.0, math.log(h0 / h1) / math.log(s0 / s1)))
        else:
            power = 2.0
        target = s0 * (limit / h0) ** (1 / power) if h0 > 0 else s0
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


def fit_box(
    box: Box,
    width: float,
    height: float,
    *,
    note: Callable[[list[Flowable]], float],
    fits_at: float | None = None,
) -> None:
    """Choose the box's size and page-1 content for an inner area of ``width`` × ``height``.
    ``note(rest)`` is the room the continuation note needs when content overflows; ``fits_at``
    is a size already known to fit (only larger ones are tried)."""
    box.width, box.height = width, height
    box.rest, box.compact = [], False
    sizes = [s for s in box.sizes() if fits_at is None or s > fits_at]
    best = min(fits_at, box.max_size) if fits_at is not None else None
    # with a known fitting size, look for a larger one only when there is room to grow into
    if best is None or box.exact(best, width, height) < height * 0.92:
        found = largest_fitting(sizes, lambda s: box.estimate(s, width, height * 1.5), height)
        found = confirm(sizes, found, lambda s: box.exact(s, width, height) <= height)
        if found is not None:
            best = sizes[found]
        elif best is None and box.exact(box.min_size, width, height) <= height:
            best = box.min_size  # the estimate was too cautious
    if best is not None:
        _place(box, best, width, compact=False)
        return
    if box.compactable and box.exact(box.min_size, width, height, compact=True) <= height:
        # the short form, at the largest size it fits, before anything moves to the appendix
        all_sizes = box.sizes()
        found = largest_fitting(
            all_sizes, lambda s: box.exact(s, width, height, compact=True), height
        )
        _place(box, all_sizes[found] if found is not None else box.min_size, width, compact=True)
        return
    box.size, box.compact = box.min_size, box.compactable
    content = box.content(box.size, box.compact)
    reserve = NOTE_SIZE * 1.3
    for _ in range(4):  # the note names what continues, so it is as long as that list
        kept, heights, rest = split_stack(content, width, height - reserve)
        need = note(rest)
        if need <= reserve + 0.01:
            break
        reserve = need
    box.flowables, box.heights, box.rest = kept, heights, rest


def _place(box: Box, size: float, width: float, *, compact: bool) -> None:
    box.size, box.compact = size, compact
    box.flowables = list(box.content(size, compact))
    box.heights = [f.wrap(width, INF)[1] for f in box.flowables]


# -- rows and columns of boxes ---------------------------------------------------------------------


@dataclass
class Slot:
    """A row of a page column: one box, or boxes side by side (``splits`` are the first box's
    candidate shares of the row's width). ``reserve`` is width kept for the QR column beside it,
    ``extra_need`` the height that column needs."""

    boxes: list[Box]
    weight: float
    splits: tuple[float, ...] = ()
    reserve: float = 0.0
    extra_need: float = 0.0
    share: float = 1.0  # the chosen split (set by layout)

    def widths(self, width: float, gap: float, share: float | None = None) -> list[float]:
        width -= self.reserve
        if len(self.boxes) == 1:
            return [width]
        first = (width - gap) * (self.share if share is None else share)
        return [first, width - gap - first]


@dataclass
class PageColumn:
    slots: list[Slot]
    min_width: float
    #: … and never narrower than this many body sizes (plus ``reserve``) at the size chosen
    min_ems: float = 0.0
    reserve: float = 0.0
    x: float = 0.0
    width: float = 0.0

    def least(self, size: float) -> float:
        return max(self.min_width, self.reserve + self.min_ems * size)


class Page:
    """Measures columns of slots for the width search and shares heights within a column."""

    def __init__(self, g: Geometry, cap: float = INF) -> None:
        self.g = g
        #: needs are measured only up to this (a few page heights): past it, "too much" is all
        #: the search needs to know, and a 500-action plan is not laid out to its end
        self.cap = cap

    def slot_need(self, slot: Slot, size: float, width: float, *, exact: bool) -> float:
        g = self.g

        def need(share: float | None) -> float:
            widths = slot.widths(width, g.gap, share)
            tallest = 0.0
            for box, w in zip(slot.boxes, widths, strict=True):
                s = min(size, box.max_size)
                measure = box.exact if exact else box.estimate
                h = measure(s, g.inner(w), self.cap)
                tallest = max(tallest, h)
            return tallest + g.chrome

        if slot.splits and not exact:
            best = min(slot.splits, key=need)
            slot.share = best
            return max(slot.extra_need, need(best))
        return max(slot.extra_need, need(None))

    def column_need(self, column: PageColumn, size: float, width: float, *, exact: bool) -> float:
        return sum(
            self.slot_need(s, size, width, exact=exact) for s in column.slots
        ) + self.g.gap * (len(column.slots) - 1)

    def narrowest(
        self,
        column: PageColumn,
        size: float,
        height: float,
        low: float,
        high: float,
        *,
        high_fits: bool = False,
    ) -> float:
        """The narrowest width from ``low`` at which ``column`` fits ``height`` at ``size`` (by
        estimate, to half a point); ``inf`` when not even ``high`` is wide enough (``high_fits``:
        the caller knows it is)."""
        if not high_fits and self.column_need(column, size, high, exact=False) > height:
            return INF
        if self.column_need(column, size, low, exact=False) <= height:
            return low
        for _ in range(12):
            if high - low <= NARROWEST_TOLERANCE:
                break
            mid = (low + high) / 2
            if self.column_need(column, size, mid, exact=False) <= height:
                high = mid
            else:
                low = mid
        return high

    def share_heights(self, column: PageColumn, total: float) -> tuple[list[float], float | None]:
        """Heights for the column's slots stacked in ``total`` points.

        First the largest body size at which every slot fits is found, so a column reads at one
        size and no box overflows while a neighbour has room to give. Leftover room is shared in
        proportion to need. When even the minimum size is too big, slots that need less than
        their share (by weight) get what they need and the rest is shared by weight; their boxes
        then overflow. Returns the heights and the common size (None when something overflows)."""
        slots = column.slots
        room = total - self.g.gap * (len(slots) - 1)
        width = column.width
        caps = sorted(
            {s for slot in slots for box in slot.boxes for s in box.sizes()}, reverse=True
        )

        def need(slot: Slot, cap: float, exact: bool = True) -> float:
            return self.slot_need(slot, cap, width, exact=exact)

        best = largest_fitting(
            caps, lambda cap: sum(need(slot, cap, exact=False) for slot in slots), room
        )
        best = confirm(caps, best, lambda cap: sum(need(slot, cap) for slot in slots) <= room)
        if best is not None:
            heights = [need(slot, caps[best]) for slot in slots]
            slack = room - sum(heights)
            used = sum(heights) or 1.0
            return [h + slack * h / used for h in heights], caps[best]
        needs = [need(slot, caps[-1], exact=False) for slot in slots]
        alloc = [0.0] * len(slots)
        open_slots = set(range(len(slots)))
        left = room
        while open_slots:
            weight = sum(slots[i].weight for i in open_slots)
            satisfied = [i for i in open_slots if needs[i] <= left * slots[i].weight / weight]
            if not satisfied:
                for i in open_slots:
                    alloc[i] = left * slots[i].weight / weight
                break
            for i in satisfied:
                alloc[i] = needs[i]
                left -= needs[i]
                open_slots.discard(i)
        # a slot with an extra need (the QR code) gets it even when text is crowded
        for i, slot in enumerate(slots):
            short = slot.extra_need - alloc[i]
            if short > 0:
                donors = [j for j in range(len(slots)) if j != i]
                if donors:
                    donor = max(donors, key=lambda j: alloc[j])
                    alloc[donor] -= short
                    alloc[i] += short
        return alloc, None


@dataclass
class WidthChoice:
    """Column widths for an arrangement, and how well the content fits them (by estimate)."""

    widths: list[float]
    size: float  # the common body size at which every column fits; MIN_SIZE when crowded
    overflow: float  # area (pt²) that would not fit even at MIN_SIZE

    def better_than(self, other: WidthChoice) -> bool:
        if (self.overflow > 0) != (other.overflow > 0):
            return self.overflow == 0
        if self.overflow > 0:
            return self.overflow < other.overflow * 0.97
        return self.size > other.size


def choose_widths(
    page: Page, columns: list[PageColumn], total: float, height: float, *, crowded: bool = True
) -> WidthChoice:
    """Column widths (see the module docstring, step 1), by estimate. Without ``crowded``, a
    page that does not fit even at the minimum size is only reported as such (overflow ``inf``),
    for a caller that has a denser page to try instead."""
    sizes = sorted(
        {s for c in columns for slot in c.slots for box in slot.boxes for s in box.sizes()},
        reverse=True,
    )

    known: dict[float, list[float]] = {}

    def widths_at(size: float) -> list[float]:
        """Each column's narrowest width at ``size``; once they cannot fit side by side, the
        rest are only ``inf``. A column needs no less at a larger size and no more at a smaller
        one, so the sizes already measured bracket the search."""
        found = known.get(size)
        if found is not None:
            return found
        # a column is never narrower than its content reads well at this size (a table of
        # one-word lines "fits" a narrow box, but nobody wants to read it)
        lows = [c.least(size) for c in columns]
        below = max((s for s in known if s < size), default=None)
        above = min((s for s in known if s > size and math.isfinite(sum(known[s]))), default=None)
        out: list[float] = []
        for i, column in enumerate(columns):
            low, high = lows[i], total - sum(lows) + lows[i]
            if below is not None and math.isfinite(known[below][i]):
                low = max(low, known[below][i])
            high_fits = above is not None and known[above][i] <= high
            if high_fits:
                assert above is not None
                high = max(low, known[above][i])
            out.append(page.narrowest(column, size, height, low, high, high_fits=high_fits))
            if sum(out) + sum(lows[i + 1 :]) > total:
                out += [INF] * (len(columns) - len(out))
                break
        known[size] = out
        return out

    if sum(widths_at(sizes[-1])) <= total:
        # the largest common size at which the columns fit side by side (sizes descend)
        lo, hi = 0, len(sizes) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if sum(widths_at(sizes[mid])) <= total:
                hi = mid
            else:
                lo = mid + 1
        chosen = widths_at(sizes[lo])
        top = sizes[lo]
        _spread(page, columns, chosen, total, height, top)
        return WidthChoice(chosen, top, 0.0)
    if not crowded:
        return WidthChoice(widths_at(sizes[-1]), MIN_SIZE, INF)
    return _least_overflow(page, columns, total, height)


def _largest(column: PageColumn) -> float:
    return max(box.max_size for slot in column.slots for box in slot.boxes)


def _spread(
    page: Page,
    columns: list[PageColumn],
    chosen: list[float],
    total: float,
    height: float,
    top: float,
) -> None:
    """Give the width left over to the columns that can still grow (a column already at its
    largest size gains nothing from more); when all are at it, in DESIGN.md's proportions."""
    spare = total - sum(chosen)
    if spare <= 0:
        return
    growing = [
        i
        for i, c in enumerate(columns)
        if top < _largest(c) and page.column_need(c, _largest(c), chosen[i], exact=False) > height
    ]
    if growing:
        weights = {i: chosen[i] for i in growing}
    else:
        weights = {i: DEFAULT_SHARES[i] for i in range(len(columns))}
    scale = sum(weights.values())
    for i, w in weights.items():
        chosen[i] += spare * w / scale


def _least_overflow(
    page: Page, columns: list[PageColumn], total: float, height: float
) -> WidthChoice:
    """Crowded: the widths that leave the least for the appendix at the minimum size. The story
    around the action plan (problem, analysis, results) should stay whole on page 1; the plan,
    the one long list, is what continues. So the plan's column (the last) is tried at a dozen
    widths, the others share the rest where they overflow least, and the widths that keep the
    other columns whole and then the most of the plan win. (Heights move in steps, a row of two
    lines becomes one, so a sweep finds what a hill climb would not.)"""

    def overflow(i: int, width: float) -> float:
        need = page.column_need(columns[i], MIN_SIZE, width, exact=False)
        return max(0.0, need - height) * width

    *firsts, last = range(len(columns))
    lows = [c.min_width for c in columns]
    # the story columns as narrow as they can be and still whole at the minimum size; the plan
    # gets the rest
    least = [page.narrowest(columns[i], MIN_SIZE, height, lows[i], total) for i in firsts]
    w_last = total - sum(least)
    if w_last >= lows[last]:
        return WidthChoice([*least, w_last], MIN_SIZE, overflow(last, w_last))
    best: tuple[tuple[float, float], list[float]] | None = None
    top = total - sum(lows[i] for i in firsts)
    for k in range(13):
        w_last = lows[last] + (top - lows[last]) * k / 12
        widths = _share_rest(page, columns, firsts, total - w_last, height)
        widths.append(w_last)
        story = sum(overflow(i, widths[i]) for i in firsts)
        score = (round(story / 2000), overflow(last, w_last))
        if best is None or score < best[0]:
            best = (score, widths)
    assert best is not None
    (story, plan), widths = best
    return WidthChoice(widths, MIN_SIZE, story * 2000 * CROWDED_WEIGHT + plan)


def _share_rest(
    page: Page, columns: list[PageColumn], indexes: list[int], rest: float, height: float
) -> list[float]:
    """``rest`` shared between two columns so that the fuller of them is as empty as it can be
    (at the minimum size, relative to the height)."""
    first, second = indexes
    lo, hi = columns[first].min_width, rest - columns[second].min_width
    if hi <= lo:
        return [rest / 2, rest / 2]

    def fullness(i: int, width: float) -> float:
        return page.column_need(columns[i], MIN_SIZE, width, exact=False) / height

    for _ in range(8):
        mid = (lo + hi) / 2
        if fullness(first, mid) > fullness(second, rest - mid):
            lo = mid
        else:
            hi = mid
    return [(lo + hi) / 2, rest - (lo + hi) / 2]


def place_columns(g: Geometry, columns: list[PageColumn], widths: list[float]) -> None:
    x = g.margin
    for column, width in zip(columns, widths, strict=True):
        column.x, column.width = x, width
        x += width + g.gap


# -- describing what continues ---------------------------------------------------------------------


def _range(ids: list[str]) -> str:
    if len(ids) >= 3:
        return f"{ids[0]}–{ids[-1]}"
    return ", ".join(ids)


def describe(rest: Sequence[Flowable]) -> str:
    """What continues, in words: "A31–A40 · latest updates of A2–A40 · the rest of Lessons
    learned"; "" when ``rest`` names nothing (then the box says "the rest of this box")."""
    parts: list[tuple[str, list[str]]] = []  # (group, ids) in order

    def add(group: str, item: str) -> None:
        if parts and parts[-1][0] == group:
            parts[-1][1].append(item)
        else:
            parts.append((group, [item]))

    for f in rest:
        if isinstance(f, Spacer) or getattr(f, "keepWithNext", False):
            continue
        refs = getattr(f, "kz_refs", None)
        group = getattr(f, "kz_group", "")
        partial = getattr(f, "kz_partial", False)
        if refs is not None:
            named = [r for r in refs if r]
            table = getattr(f, "kz_table", None)
            if partial and named:
                add("", f"the rest of {named[0]}")
            elif named:
                for ref in named:
                    add(group or "rows", ref)
            elif table is not None and table.name:
                add("", f"more {table.name}")
            continue
        ref = getattr(f, "kz_ref", "")
        if not ref:
            continue
        if group:
            add(group, ref)
        elif partial:
            add("", f"the rest of {ref}")
        else:
            add("", ref)
    out: list[str] = []
    for group, items in parts:
        if group == "rows":
            out.append(_range(items))
        elif group:
            out.append(f"{group} of {_range(items)}")
        else:
            for item in items:
                if item not in out:
                    out.append(item)
    return " · ".join(out)


def note_text(rest: Sequence[Flowable], page: int) -> str:
    named = describe(rest)
    return f"▸ continues on page {page}: {named}" if named else f"▸ continued on page {page}"
