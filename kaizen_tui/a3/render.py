"""The printed A3: page 1 laid out like the paper A3 a lean coach draws, plus an appendix page when
some box's text does not fit at the legible minimum size.

```
┌ header: title · id · area · dates · people ─────────────────────────────────┬ QR ─┐
│ 1 Background/problem │ 4 Root-cause analysis │ 6 Action plan                 │     │
│ 2 Current condition  │ 5 Countermeasures     │                               │     │
│ 3 Target             │                       ├ 7 Results ──────┬ 8 Follow-up ┴─────┤
└──────────────────────┴───────────────────────┴─────────────────┴───────────────────┘
```

``render_a3`` is a pure function (an event in, PDF bytes out) so the TUI can call it from a worker
thread and tests can call it without a UI.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, TABLOID, landscape, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Spacer

from kaizen_tui.a3 import facts
from kaizen_tui.a3.blocks import A3Content, Stamp
from kaizen_tui.a3.content import a3_content
from kaizen_tui.a3.fonts import SANS, SANS_BOLD, markup, register_fonts
from kaizen_tui.a3.graphics import draw_badge
from kaizen_tui.a3.layout import Box, Row, estimated_size, fit, share_heights
from kaizen_tui.a3.pdf_blocks import ACCENT, MUTED, TITLE_SCALE, flowables
from kaizen_tui.a3.style import MIN_SIZE, PALETTE, styles
from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.model import FISHBONE_DEFAULT, Event

PAPERS: dict[str, tuple[float, float]] = {
    "a3": landscape(A3),
    "tabloid": landscape(TABLOID),
    "a4": landscape(A4),
    "letter": landscape(letter),
}


@dataclass(frozen=True)
class Geometry:
    """Sizes that depend on the paper, scaled from A3 (the size the layout is drawn for)."""

    width: float
    height: float
    margin: float
    gap: float
    pad: float
    heading_size: float
    body_max: float
    qr_side: float
    qr_col: float

    @classmethod
    def for_paper(cls, paper: str) -> Geometry:
        try:
            width, height = PAPERS[paper]
        except KeyError:
            raise KaizenError(
                f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}"
            ) from None
        scale = width / PAPERS["a3"][0]
        pad = max(3.0, 4.5 * scale)
        qr_col = max(28 * mm, 46 * mm * scale)
        qr_side = qr_col - 2 * pad  # as large as the column: scanned from a step away
        return cls(
            width=width,
            height=height,
            margin=max(6 * mm, 9 * mm * scale),
            gap=max(2 * mm, 3 * mm * scale),
            pad=pad,
            heading_size=max(8.0, 11.5 * scale),
            body_max=_quarter(max(7.5, 10.5 * scale)),
            qr_side=qr_side,
            qr_col=qr_col,
        )

    @property
    def band(self) -> float:
        """Height of a box's heading band."""
        return self.heading_size * 1.8

    @property
    def chrome(self) -> float:
        """Height a box adds around its content: heading band and padding."""
        return self.band + 2 * self.pad

    def inner(self, width: float) -> float:
        return width - 2 * self.pad

    @property
    def rev_w(self) -> float:
        """Width of the header's revision block."""
        return 40 * mm * self.width / PAPERS["a3"][0]


NOTE_SIZE = 7.5
#: (left, middle) column widths as shares of the page width; the first is DESIGN.md's layout.
#: The right column gives up room only to columns that need it more (smallest text wins).
COLUMN_SPLITS = (
    (0.27, 0.25),
    (0.31, 0.22),
    (0.34, 0.22),
    (0.38, 0.21),
    (0.42, 0.19),
    (0.24, 0.28),
    (0.22, 0.31),
    (0.21, 0.35),
)


MIN_PLAN_SHARE = 0.3  # of the page width, for the action plan box
REV_BLOCK_LINES = 4.6  # height of the header's revision block, in body sizes


def _quarter(size: float) -> float:
    """Sizes in quarter points, the steps fitting tries."""
    return round(size * 4) / 4


def render_a3(
    event: Event,
    *,
    link_base: str,
    paper: str = "a3",
    today: date,
    categories: Sequence[str] = FISHBONE_DEFAULT,
) -> bytes:
    """The event's A3 as PDF bytes: page 1, plus appendix pages only for what did not fit."""
    register_fonts()
    geometry = Geometry.for_paper(paper)
    ctx = Context(
        event,
        today,
        a3_content(
            event,
            today=today,
            url=action_page_url(link_base, event.share_token),
            categories=tuple(categories),
        ),
    )
    # Page 1 names the page each continuation starts on; that is known only once the appendix is
    # laid out, so lay out again in the rare case a continuation starts beyond page 2.
    expected: dict[str, int] = {}
    for _ in range(3):
        pdf, starts = _render(ctx, geometry, expected)
        if starts == expected or not starts:
            return pdf
        if all(expected.get(key, 2) == page for key, page in starts.items()):
            return pdf
        expected = starts
    return pdf


@dataclass(frozen=True)
class Context:
    event: Event
    today: date
    content: A3Content


def _boxes(ctx: Context, g: Geometry) -> dict[str, Box]:
    def bind(key: str, compact: bool):  # type: ignore[no-untyped-def]
        blocks = ctx.content[key].blocks
        return lambda st, width: flowables(blocks, st, width, compact=compact)

    boxes = {}
    for section in ctx.content.sections:
        size = g.body_max
        if section.key == "header":
            size = _quarter(g.body_max * 1.05)
        elif section.key == "qr":
            size = _quarter(max(MIN_SIZE, g.body_max * 0.85))
        box = Box(
            section.key, section.number, section.title, bind(section.key, False), max_size=size
        )
        box.compact = bind(section.key, True)
        boxes[section.key] = box
    # the QR column keeps its size; without room, it leaves out its overdue list instead
    boxes["qr"].min_size = boxes["qr"].max_size
    return boxes


@dataclass
class Placed:
    box: Box
    x: float
    top: float
    width: float
    height: float


def _layout(ctx: Context, g: Geometry) -> list[Placed]:
    boxes = _boxes(ctx, g)
    x0, x1 = g.margin, g.width - g.margin
    y0, y1 = g.margin, g.height - g.margin
    usable_w, usable_h = x1 - x0, y1 - y0
    placed: list[Placed] = []

    # header: as tall as its content at full size, at most a fifth of the page
    header_w = usable_w - g.qr_col - g.gap
    header = boxes["header"]
    header_inner = header_w - g.rev_w - g.pad
    header_need = header.content_height(header.max_size, header_inner) + g.pad
    header_h = min(usable_h * 0.2, max(header_need, REV_BLOCK_LINES * g.body_max + g.pad))
    fits = header.max_size if header_h >= header_need else None
    fit(header, header_inner, header_h - g.pad, NOTE_SIZE * 1.4, fits)
    placed.append(Placed(header, x0, y1, header_w, header_h))

    body_top = y1 - header_h - g.gap
    body_h = body_top - y0
    qr = boxes["qr"]
    qr_need = qr.content_height(qr.max_size, g.inner(g.qr_col), compact=True) + g.chrome
    qr_need -= header_h + g.gap

    def columns(left_frac: float, mid_frac: float) -> list[tuple[float, list[Row]]]:
        left_w = usable_w * left_frac
        mid_w = usable_w * mid_frac
        right_w = usable_w - left_w - mid_w - 2 * g.gap
        # right: the action plan beside the QR column (which starts at the top of the page),
        # and results | follow-up under both
        plan_w = right_w - g.qr_col - g.gap
        results_w = (right_w - g.gap) * 0.56
        return [
            (
                x0,
                [
                    Row([boxes["1"]], [left_w], 0.3),
                    Row([boxes["2"]], [left_w], 0.4),
                    Row([boxes["3"]], [left_w], 0.3),
                ],
            ),
            (
                x0 + left_w + g.gap,
                [Row([boxes["4"]], [mid_w], 0.55), Row([boxes["5"]], [mid_w], 0.45)],
            ),
            (
                x0 + left_w + mid_w + 2 * g.gap,
                [
                    Row([boxes["6"]], [plan_w], 0.62, extra_need=qr_need),
                    Row([boxes["7"], boxes["8"]], [results_w, right_w - g.gap - results_w], 0.38),
                ],
            ),
        ]

    # Column widths follow the content: of a few splits, the one whose smallest text is largest
    # (estimated, cheap); DESIGN.md's proportions come first and win ties. Only splits that widen
    # the column with the smallest text are worth estimating.
    def sizes(split: tuple[float, float]) -> list[float]:
        return [
            estimated_size(rows, body_h - g.gap * (len(rows) - 1), g.chrome, g.inner)
            for _, rows in columns(*split)
        ]

    default = COLUMN_SPLITS[0]
    default_sizes = sizes(default)
    weakest = default_sizes.index(min(default_sizes))
    best_split, best_score = default, (min(default_sizes), sum(default_sizes))
    for split in COLUMN_SPLITS[1:]:
        shares = (split[0], split[1], 1 - split[0] - split[1])
        defaults = (default[0], default[1], 1 - default[0] - default[1])
        if min(default_sizes) >= g.body_max or shares[weakest] <= defaults[weakest]:
            continue
        # the action plan's table needs room for its Action column, whatever the sizes say
        if usable_w * shares[2] - 3 * g.gap - g.qr_col < MIN_PLAN_SHARE * usable_w:
            continue
        candidate = sizes(split)
        score = (min(candidate), sum(candidate))
        if score > best_score:
            best_split, best_score = split, score

    heights: list[float] = []
    for x, rows in columns(*best_split):
        total = body_h - g.gap * (len(rows) - 1)
        heights, common = share_heights(rows, total, g.chrome, g.inner)
        top = body_top
        for row, h in zip(rows, heights, strict=True):
            bx = x
            for box, w in zip(row.boxes, row.widths, strict=True):
                fits_at = min(common, box.max_size) if common is not None else None
                fit(box, g.inner(w), h - g.chrome, NOTE_SIZE * 1.4, fits_at)
                placed.append(Placed(box, bx, top, w, h))
                bx += w + g.gap
            top -= h + g.gap
    # QR column: from the top of the page down to the bottom of the action plan (the last
    # column's first row)
    qr_h = header_h + g.gap + heights[0]
    fit(qr, g.inner(g.qr_col), qr_h - g.chrome, NOTE_SIZE * 1.4)
    placed.append(Placed(qr, x1 - g.qr_col, y1, g.qr_col, qr_h))
    return placed


def _render(ctx: Context, g: Geometry, expected: dict[str, int]) -> tuple[bytes, dict[str, int]]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(g.width, g.height), pageCompression=1)
    event = ctx.event
    canvas.setTitle(f"{event.id} A3: {event.title}")
    canvas.setSubject("Kaizen event A3 summary")
    canvas.setAuthor(event.first_name_with_role("facilitator"))
    canvas.setCreator("kaizen-tui")
    placed = _layout(ctx, g)
    for item in placed:
        if item.box.key == "header":
            _draw_header(canvas, ctx, g, item)
        else:
            _draw_box(canvas, g, item, expected)
    starts: dict[str, int] = {}
    overflowed = [item.box for item in placed if item.box.overflow]
    if overflowed:
        _draw_appendix(canvas, ctx, g, overflowed, starts)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), starts


# -- page 1 ----------------------------------------------------------------------------------------


def _draw_flowables(canvas: Canvas, box: Box, x: float, top: float) -> None:
    """Draw the box's page-1 flowables, already wrapped at its width by fitting, from ``top``."""
    y = top
    for flowable, h in zip(box.flowables, box.heights, strict=True):
        flowable.drawOn(canvas, x, y - h)
        y -= h


def _continued_note(box: Box, expected: dict[str, int]) -> Paragraph:
    page = expected.get(box.key, 2)
    return Paragraph(f"▸ continued on page {page}", styles(NOTE_SIZE).note)


def _draw_frame(canvas: Canvas, g: Geometry, item: Placed, number: str, title: str) -> None:
    x, top, w, h = item.x, item.top, item.width, item.height
    canvas.setLineWidth(0.8)
    canvas.setStrokeColor(PALETTE.rule)
    canvas.setFillColor(colors.white)
    canvas.rect(x, top - h, w, h, stroke=1, fill=0)
    canvas.setFillColor(PALETTE.accent_light)
    canvas.rect(x, top - g.band, w, g.band, stroke=0, fill=1)
    canvas.setStrokeColor(PALETTE.accent)
    canvas.setLineWidth(1.2)
    canvas.line(x, top - g.band, x + w, top - g.band)
    tx = x + g.pad
    if number:
        badge = g.band * 0.74
        draw_badge(canvas, number, tx, top - g.band + (g.band - badge) / 2, badge)
        tx += badge + g.pad * 0.9
    canvas.setFillColor(PALETTE.accent)
    canvas.setFont(SANS_BOLD, g.heading_size)
    canvas.drawString(tx, top - g.band + (g.band - g.heading_size * 0.72) / 2, title)


def _draw_box(canvas: Canvas, g: Geometry, item: Placed, expected: dict[str, int]) -> None:
    box = item.box
    _draw_frame(canvas, g, item, box.number, box.title)
    inner = g.inner(item.width)
    _draw_flowables(canvas, box, item.x + g.pad, item.top - g.band - g.pad)
    if box.overflow:
        note = _continued_note(box, expected)
        note.wrap(inner, 1e7)
        note.drawOn(canvas, item.x + g.pad, item.top - item.height + g.pad * 0.7)


def _draw_header(canvas: Canvas, ctx: Context, g: Geometry, item: Placed) -> None:
    box = item.box
    _draw_flowables(canvas, box, item.x, item.top)
    bottom = item.top - item.height
    canvas.setStrokeColor(PALETTE.accent)
    canvas.setLineWidth(2)
    canvas.line(item.x, bottom, item.x + item.width, bottom)
    # revision block, right-aligned: what a reader checks to know the sheet is current; set well
    # below the title's size, which stays the biggest type on the page
    stamp = next(b for b in ctx.content["header"].blocks if isinstance(b, Stamp))
    rx = item.x + item.width
    size = max(MIN_SIZE, box.size)
    big = min(size * 1.3, box.size * TITLE_SCALE * 0.7)
    canvas.setFillColor(PALETTE.muted)
    canvas.setFont(SANS, size * 0.9)
    canvas.drawRightString(rx, item.top - size, "KAIZEN EVENT A3")
    canvas.setFillColor(PALETTE.accent)
    canvas.setFont(SANS_BOLD, big)
    canvas.drawRightString(rx, item.top - size * 1.2 - big, f"Revision {stamp.revision}")
    canvas.setFillColor(PALETTE.ink)
    canvas.setFont(SANS, size)
    canvas.drawRightString(rx, item.top - size * 2.4 - big, f"Printed {facts.iso(stamp.printed)}")
    if box.overflow:
        note = Paragraph("▸ header continued on page 2", styles(NOTE_SIZE).note)
        note.wrap(g.rev_w, 1e7)
        note.drawOn(canvas, rx - g.rev_w, bottom + 2)


# -- appendix --------------------------------------------------------------------------------------


class _AtWidth(Flowable):
    """A continued flowable kept at the width it had in its box on page 1: its lines are
    already broken for that width (line breaking is the costly part), and an appendix column is
    at least as wide."""

    def __init__(self, child: Flowable, width: float) -> None:
        super().__init__()
        self.child = child
        self.width = width
        self.keepWithNext = getattr(child, "keepWithNext", 0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, self.height = self.child.wrap(self.width, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [_AtWidth(part, self.width) for part in self.child.split(self.width, availHeight)]

    def draw(self) -> None:
        self.child.drawOn(self.canv, 0, 0)


class _PageMark(Flowable):
    """Zero-size marker: records the page on which a continued section starts."""

    _ZEROSIZE = True

    def __init__(self, key: str, starts: dict[str, int]) -> None:
        super().__init__()
        self.key = key
        self.starts = starts

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.starts.setdefault(self.key, self.canv.getPageNumber())


def _draw_appendix(
    canvas: Canvas, ctx: Context, g: Geometry, boxes: list[Box], starts: dict[str, int]
) -> None:
    head_style = styles(g.heading_size).bold
    story: list[Flowable] = []
    for box in boxes:
        label = f"{box.number} {box.title}" if box.number else box.title
        heading = Paragraph(
            f"<font color='{ACCENT}'>{label}</font> "
            f"<font size='{MIN_SIZE + 1}' color='{MUTED}'>continued from page 1</font>",
            head_style,
        )
        heading.keepWithNext = 1
        story += [_PageMark(box.key, starts), heading]
        story += [_AtWidth(flowable, box.width) for flowable in box.overflow]
        story.append(Spacer(1, g.pad * 2))  # a little air between sections

    x0, y0 = g.margin, g.margin
    usable_w = g.width - 2 * g.margin
    widest = max(box.width for box in boxes)
    columns = max(1, int((usable_w + g.gap * 2) // (widest + g.gap * 2)))
    col_w = (usable_w - g.gap * 2 * (columns - 1)) / columns
    title_h = g.heading_size * 2.2
    while story:
        canvas.showPage()
        page = canvas.getPageNumber()
        canvas.setFillColor(PALETTE.accent)
        canvas.setFont(SANS_BOLD, g.heading_size)
        top = g.height - g.margin
        canvas.drawString(x0, top - g.heading_size, f"Appendix · page {page}")
        header = Paragraph(
            f"<font color='{MUTED}'>{markup(ctx.event.id)} · {markup(ctx.event.title)}"
            f" · revision {ctx.event.revision} · printed {facts.iso(ctx.today)}</font>",
            styles(MIN_SIZE + 0.5).body,
        )
        header.wrap(usable_w - 40 * mm, 1e7)
        header.drawOn(canvas, x0 + 40 * mm, top - header.height)
        canvas.setStrokeColor(PALETTE.accent)
        canvas.setLineWidth(1.2)
        canvas.line(x0, top - title_h, x0 + usable_w, top - title_h)
        progressed = False
        for col in range(columns):
            frame = Frame(
                x0 + col * (col_w + g.gap * 2),
                y0,
                col_w,
                top - title_h - g.gap - y0,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                showBoundary=0,
            )
            progressed |= _fill_frame(frame, canvas, story)
            if not story:
                break
        if not progressed and story:
            # Nothing fits even an empty column (a table row taller than the page that cannot
            # split): draw it shrunk rather than lose it.
            frame = Frame(x0, y0, col_w, top - title_h - g.gap - y0, showBoundary=0)
            frame.add(
                KeepInFrame(col_w, top - title_h - g.gap - y0, [story.pop(0)], mode="shrink"),
                canvas,
            )


def _fill_frame(frame: Frame, canvas: Canvas, story: list[Flowable]) -> bool:
    """Add flowables from the front of ``story`` to ``frame``, splitting the one that does not
    fit; return whether anything was added."""
    added = False
    while story:
        flowable = story[0]
        if getattr(flowable, "keepWithNext", 0) and len(story) > 1:
            # a heading needs its first lines under it, or it moves to the next column
            room = frame._y - frame._y1p
            _, h = flowable.wrap(frame._getAvailableWidth(), room)
            if room < h + MIN_SIZE * 1.2 * 3 and not frame._atTop:
                return added
        if frame.add(flowable, canvas, trySplit=1):
            story.pop(0)
            added = True
            continue
        parts = frame.split(flowable, canvas)
        if len(parts) >= 2 and frame.add(parts[0], canvas, trySplit=1):
            story[0:1] = parts[1:]
            added = True
        return added
    return added
