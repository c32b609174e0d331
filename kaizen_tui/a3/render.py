"""The printed A3: page 1 laid out like the paper A3 a lean coach draws (a3/fit.py decides where
and how large), plus appendix pages only for what does not fit at the legible minimum size.

``render_a3`` is a pure function (an event in, PDF bytes out) so the TUI can call it from a worker
thread and tests can call it without a UI; ``plan_a3`` is the same layout without the drawing, for
whoever wants to know whether the event fits on one page.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from kaizen_tui.a3.blocks import A3Content, Stamp
from kaizen_tui.a3.content import a3_content
from kaizen_tui.a3.fit import (
    MIN_COLUMN,
    NOTE_SIZE,
    PAPERS,
    SPLITS,
    WEIGHTS,
    Box,
    Geometry,
    Page,
    PageColumn,
    Slot,
    WidthChoice,
    choose_widths,
    describe,
    fit_box,
    note_text,
    place_columns,
    quarter,
)
from kaizen_tui.a3.fonts import SANS, SANS_BOLD, register_fonts
from kaizen_tui.a3.graphics import draw_badge
from kaizen_tui.a3.measure import INF
from kaizen_tui.a3.pdf_blocks import ACCENT, MUTED, TITLE_SCALE, split_stack
from kaizen_tui.a3.style import MIN_SIZE, PALETTE, styles
from kaizen_tui.a3.text import Pen, Run, TextBlock, plain, text_block
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.model import FISHBONE_DEFAULT, Event

__all__ = ["PAPERS", "PagePlan", "plan_a3", "render_a3"]

#: The appendix stops after this many pages of A3 (more on smaller paper, the same amount of
#: text); what is left is named on its last page, with the export that has everything.
APPENDIX_A3_PAGES = 6
STAMP_LINES = 4.2  # height of the header's stamp, in its body sizes
PLAN_MIN_EMS = 42.0  # the action plan is never narrower than this many body sizes
SIDE_EMS = 22.0  # nor the left and middle columns


@dataclass
class Placed:
    box: Box
    x: float
    top: float
    width: float
    height: float


@dataclass
class AppendixColumn:
    page: int
    x: float
    top: float
    width: float
    items: list[Flowable]
    heights: list[float]


@dataclass
class PagePlan:
    """Where everything goes: page 1's boxes, the appendix columns, and what was left out."""

    geometry: Geometry
    content: A3Content
    placed: list[Placed]
    appendix: list[AppendixColumn] = field(default_factory=list)
    starts: dict[str, int] = field(default_factory=dict)  # section key → page it continues on
    not_printed: str = ""  # what the capped appendix leaves out, in words

    @property
    def fits(self) -> bool:
        """The whole event is on page 1."""
        return not any(p.box.rest for p in self.placed)

    @property
    def pages(self) -> int:
        return max([1, *(c.page for c in self.appendix)])

    def continued(self) -> dict[str, str]:
        """Section key → what of it continues in the appendix, in words."""
        return {p.box.key: describe(p.box.rest) for p in self.placed if p.box.rest}


def render_a3(
    event: Event,
    *,
    link_base: str,
    paper: str = "a3",
    today: date,
    categories: Sequence[str] = FISHBONE_DEFAULT,
) -> bytes:
    """The event's A3 as PDF bytes: page 1, plus appendix pages only for what did not fit."""
    plan = plan_a3(event, link_base=link_base, paper=paper, today=today, categories=categories)
    return draw(plan, event, today)


def plan_a3(
    event: Event,
    *,
    link_base: str,
    paper: str = "a3",
    today: date,
    categories: Sequence[str] = FISHBONE_DEFAULT,
) -> PagePlan:
    """The fit model's decisions for the event's A3 (see a3/fit.py), nothing drawn yet."""
    register_fonts()
    g = Geometry.for_paper(paper)
    content = a3_content(
        event,
        today=today,
        url=action_page_url(link_base, event.share_token),
        categories=tuple(categories),
    )
    g, placed = _page_one(content, g)
    plan = PagePlan(g, content, placed)
    _flow_appendix(plan)
    return plan


# -- page 1 ----------------------------------------------------------------------------------------


def _note_height(width: float) -> Callable[[list[Flowable]], float]:
    def need(rest: list[Flowable]) -> float:
        note = plain(note_text(rest, 2), styles(NOTE_SIZE).note)
        return note.wrap(width, INF)[1] + NOTE_SIZE * 0.3

    return need


@dataclass
class Decision:
    """Page 1 decided by estimate for one geometry: the header's height, the arrangement and
    the column widths; nothing laid out for real yet (``_place`` does that)."""

    g: Geometry
    boxes: dict[str, Box]
    header_h: float
    arrangement: Arrangement
    choice: WidthChoice
    page: Page

    def better_than(self, other: Decision) -> bool:
        mine, theirs = self.choice, other.choice
        if (mine.overflow > 0) != (theirs.overflow > 0):
            return mine.overflow == 0
        if mine.overflow > 0:
            return mine.overflow < theirs.overflow * 0.97
        return mine.size >= theirs.size + DENSE_GAIN


#: a page whose body text would be smaller than this tries the dense geometry (fit.Geometry)
DENSE_BELOW = 7.25
#: … and takes it when its text is at least this much larger (or it fits and the other not)
DENSE_GAIN = 0.5


def _page_one(content: A3Content, g: Geometry) -> tuple[Geometry, list[Placed]]:
    # a roomy page that does not fit at the minimum size loses to the dense one (more room for
    # the same text), so how much it would leave for the appendix is not worked out
    known: dict[tuple[str, float], Box] = {}  # boxes (and what they measured) both pages share
    decision = _decide(content, g, known, crowded=g.dense)
    if decision.choice.overflow > 0 or decision.choice.size < DENSE_BELOW:
        dense = _decide(content, g.denser(), known)
        if dense.better_than(decision):
            decision = dense
    return decision.g, _place(decision)


def _decide(
    content: A3Content, g: Geometry, known: dict[tuple[str, float], Box], *, crowded: bool = True
) -> Decision:
    boxes = {}
    for section in content.sections:
        size = g.body_max
        if section.key == "header":
            size = g.header_size
        elif section.key == "qr":
            size = quarter(max(MIN_SIZE, g.body_max * 0.85))
        box = known.get((section.key, size))
        if box is None:
            box = known[(section.key, size)] = Box(section, max_size=size)
        boxes[section.key] = box
    usable_w, usable_h = g.usable
    # header: as tall as its content at full size (at least the stamp), at most a fifth
    header = boxes["header"]
    header_inner = usable_w - g.qr_col - g.gap - g.stamp_w - g.pad
    need = header.exact(header.max_size, header_inner) + g.pad
    header_h = min(usable_h * 0.2, max(need, STAMP_LINES * header.max_size + g.pad))
    body_h = usable_h - header_h - g.gap
    page = Page(g, cap=body_h * 4)
    best: tuple[Arrangement, WidthChoice] | None = None
    for kind in ("bottom-right", "middle", "beside-qr"):
        arrangement = _arrangement(kind, boxes, g, usable_w, header_h, body_h)
        choice = choose_widths(
            page, arrangement.columns, usable_w - 2 * g.gap, body_h, crowded=crowded
        )
        if best is None or choice.better_than(best[1]):
            best = (arrangement, choice)
    assert best is not None
    return Decision(g, boxes, header_h, best[0], best[1], page)


def _place(decision: Decision) -> list[Placed]:
    """Lay page 1 out for real: the header, the columns' boxes, the QR column."""
    g, page, boxes = decision.g, decision.page, decision.boxes
    usable_w, _ = g.usable
    x0, top = g.margin, g.height - g.margin
    placed: list[Placed] = []
    header = boxes["header"]
    header_w = usable_w - g.qr_col - g.gap
    header_inner = header_w - g.stamp_w - g.pad
    header_h = decision.header_h
    fit_box(header, header_inner, header_h - g.pad, note=_note_height(header_inner))
    placed.append(Placed(header, x0, top, header_w, header_h))

    body_top = top - header_h - g.gap
    body_h = body_top - g.margin
    columns = decision.arrangement.columns
    place_columns(g, columns, decision.choice.widths)
    slot_heights: dict[int, list[float]] = {}
    for index, column in enumerate(columns):
        heights, common = page.share_heights(column, body_h)
        slot_heights[index] = heights
        _place_column(column, heights, common, body_top, g, placed)
    # the QR column: from the top of the page down to the bottom of the action plan, or the
    # whole height with the follow-up under the QR code
    q_h = header_h + g.gap + slot_heights[len(columns) - 1][0]
    q_column = PageColumn([Slot([b], 1.0) for b in decision.arrangement.beside], g.qr_col)
    q_column.x, q_column.width = x0 + usable_w - g.qr_col, g.qr_col
    heights, common = page.share_heights(q_column, q_h)
    _place_column(q_column, heights, common, top, g, placed)
    return placed


def _place_column(
    column: PageColumn,
    heights: list[float],
    common: float | None,
    top: float,
    g: Geometry,
    placed: list[Placed],
) -> None:
    y = top
    for slot, h in zip(column.slots, heights, strict=True):
        x = column.x
        for box, w in zip(slot.boxes, slot.widths(column.width, g.gap), strict=True):
            fits_at = min(common, box.max_size) if common is not None else None
            inner = g.inner(w)
            fit_box(box, inner, h - g.chrome, note=_note_height(inner), fits_at=fits_at)
            placed.append(Placed(box, x, y, w, h))
            x += w + g.gap
        y -= h + g.gap


@dataclass
class Arrangement:
    """The page's columns under the header, and the boxes in the QR column beside them."""

    columns: list[PageColumn]
    beside: list[Box]


def _arrangement(
    kind: str, boxes: dict[str, Box], g: Geometry, usable_w: float, header_h: float, body_h: float
) -> Arrangement:
    """Results and follow-up sit under the action plan (DESIGN.md); for a plan that needs the
    whole height, under the countermeasures, or the follow-up goes under the QR code (whose
    column is otherwise empty below its notes)."""

    def slots(*keys: str) -> list[Slot]:
        return [Slot([boxes[k]], WEIGHTS[k]) for k in keys]

    qr = boxes["qr"]
    qr_inner = g.inner(g.qr_col)
    beside = [qr]
    q_need = qr.exact(qr.max_size, qr_inner, compact=True) + g.chrome
    if kind == "beside-qr":
        beside.append(boxes["8"])
        q_need += boxes["8"].exact(MIN_SIZE, qr_inner) + g.chrome + g.gap
    plan = Slot(
        [boxes["6"]],
        WEIGHTS["6"],
        reserve=g.qr_col + g.gap,
        extra_need=q_need - header_h - g.gap,
    )
    side = usable_w * MIN_COLUMN
    left = PageColumn(slots("1", "2", "3"), side, SIDE_EMS)
    # the plan's table needs room for its Action column next to ID, owner, due, PDCA, status
    reserve = g.qr_col + g.gap
    right_min = reserve + max(usable_w * 0.22, PLAN_MIN_EMS * MIN_SIZE)
    if kind == "bottom-right":
        middle = PageColumn(slots("4", "5"), side, SIDE_EMS)
        results = Slot([boxes["7"], boxes["8"]], WEIGHTS["78"], splits=SPLITS)
        right = PageColumn([plan, results], right_min, PLAN_MIN_EMS, reserve)
    elif kind == "middle":
        middle = PageColumn(slots("4", "5", "7", "8"), side, SIDE_EMS)
        right = PageColumn([plan], right_min, PLAN_MIN_EMS, reserve)
    else:
        middle = PageColumn(slots("4", "5", "7"), side, SIDE_EMS)
        right = PageColumn([plan], right_min, PLAN_MIN_EMS, reserve)
    return Arrangement([left, middle, right], beside)


# -- the appendix ----------------------------------------------------------------------------------


class _Mark(Flowable):
    """Zero-size marker: where a continued section starts, and its name."""

    def __init__(self, key: str, title: str = "") -> None:
        super().__init__()
        self.key = key
        self.title = title

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass


def appendix_pages(g: Geometry) -> int:
    a3_area = PAPERS["a3"][0] * PAPERS["a3"][1]
    return math.ceil(APPENDIX_A3_PAGES * a3_area / (g.width * g.height) - 0.25)


def _appendix_columns(g: Geometry) -> int:
    return 3 if g.width > 1000 else 2  # A3 and tabloid: three columns; A4 and letter: two


def _flow_appendix(plan: PagePlan) -> None:
    g = plan.geometry
    story: list[Flowable] = []
    order = [p.box for p in plan.placed]
    for key in ("header", "qr", "1", "2", "3", "4", "5", "6", "7", "8"):
        box = next((b for b in order if b.key == key), None)
        if box is None or not box.rest:
            continue
        section = box.section
        label = f"{section.number} {section.title}" if section.number else section.title
        heading = text_block(
            (
                Run(label, colour=ACCENT),
                Run(" "),
                Run("continued from page 1", colour=MUTED, rel=(MIN_SIZE + 1) / g.heading_size),
            ),
            styles(g.heading_size).bold,
        )
        heading.keepWithNext = 1
        story += [_Mark(key, label), heading, *box.rest, Spacer(1, g.pad * 2)]
    if not story:
        return
    usable_w, _ = g.usable
    count = _appendix_columns(g)
    col_w = (usable_w - g.gap * 2 * (count - 1)) / count
    title_h = g.heading_size * 2.2
    col_top = g.height - g.margin - title_h - g.gap
    last_page = 1 + appendix_pages(g)
    page = 1
    current = ""  # the section being continued
    while story and page < last_page:
        page += 1
        col_h = col_top - g.margin
        if page == last_page:
            col_h -= NOTE_SIZE * 6  # room for what is not printed
        for col in range(count):
            x = g.margin + col * (col_w + g.gap * 2)
            kept, heights, story = split_stack(story, col_w, col_h)
            if not kept and story:
                # nothing fits even an empty column (a drawing taller than the page): it is
                # drawn shrunk rather than lost
                first = story.pop(0)
                kept, heights = [first], [first.wrap(col_w, INF)[1]]
            for item in kept:
                if isinstance(item, _Mark):
                    plan.starts.setdefault(item.key, page)
                    current = item.title
            plan.appendix.append(AppendixColumn(page, x, col_top, col_w, kept, heights))
            if not story:
                break
    if story:
        plan.not_printed = _left_out(story, current)


def _left_out(story: list[Flowable], current: str) -> str:
    """The sections and items the capped appendix leaves out, in words ("6 Action plan:
    A120–A500 · latest updates of A121–A499; 8 Follow-up: the rest of Lessons learned")."""
    parts: list[str] = []
    items: list[Flowable] = []
    title = current
    for item in [*story, _Mark("")]:
        if isinstance(item, _Mark):
            named = describe(items)
            if items and (named or title):
                parts.append(f"{title}: {named}" if named and title else title or named)
            items, title = [], item.title
            continue
        items.append(item)
    return "; ".join(parts)


# -- drawing ---------------------------------------------------------------------------------------


def draw(plan: PagePlan, event: Event, today: date) -> bytes:
    g = plan.geometry
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(g.width, g.height), pageCompression=1)
    canvas.setTitle(f"{event.id} A3: {event.title}")
    canvas.setSubject("Kaizen event A3 summary")
    canvas.setAuthor(event.first_name_with_role("facilitator"))
    canvas.setCreator("kaizen-tui")
    for item in plan.placed:
        if item.box.key == "header":
            _draw_header(canvas, plan, item)
        else:
            _draw_box(canvas, plan, item)
    page = 1
    for column in plan.appendix:
        while page < column.page:
            canvas.showPage()
            page += 1
            _draw_appendix_head(canvas, plan, event, today, page)
        y = column.top
        for flowable, h in zip(column.items, column.heights, strict=True):
            _draw_at(canvas, flowable, column.x, y, h, column.width)
            y -= h
    if plan.not_printed:
        _draw_not_printed(canvas, plan)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_at(
    canvas: Canvas, flowable: Flowable, x: float, top: float, h: float, width: float
) -> None:
    _, height = flowable.wrap(width, INF)
    if height > h * 1.001 and h > 0:
        # only the appendix's last resort (a drawing taller than a column): shrink to fit
        scale = h / height
        canvas.saveState()
        canvas.translate(x, top - h)
        canvas.scale(scale, scale)
        flowable.drawOn(canvas, 0, 0)
        canvas.restoreState()
        return
    flowable.drawOn(canvas, x, top - height)


def _draw_flowables(canvas: Canvas, box: Box, x: float, top: float) -> None:
    """Draw the box's page-1 flowables at its inner width from ``top``; its paragraphs share
    one text object."""
    pen = Pen(canvas)
    y = top
    for flowable, h in zip(box.flowables, box.heights, strict=True):
        if isinstance(flowable, TextBlock):
            flowable.draw_with(pen, x, y - h, box.width)
        else:
            # the width it was fitted at (it may have been measured at others since)
            flowable.wrap(box.width, INF)
            flowable.drawOn(canvas, x, y - h)
        y -= h
    pen.finish()


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


def _continued_note(plan: PagePlan, box: Box) -> TextBlock:
    page = plan.starts.get(box.key, 2)
    return plain(note_text(box.rest, page), styles(NOTE_SIZE).note)


def _draw_box(canvas: Canvas, plan: PagePlan, item: Placed) -> None:
    g = plan.geometry
    box = item.box
    _draw_frame(canvas, g, item, box.section.number, box.section.title)
    _draw_flowables(canvas, box, item.x + g.pad, item.top - g.band - g.pad)
    if box.rest:
        note = _continued_note(plan, box)
        note.wrap(box.width, INF)
        note.drawOn(canvas, item.x + g.pad, item.top - item.height + g.pad * 0.7)


def _draw_header(canvas: Canvas, plan: PagePlan, item: Placed) -> None:
    g = plan.geometry
    box = item.box
    _draw_flowables(canvas, box, item.x, item.top)
    bottom = item.top - item.height
    canvas.setStrokeColor(PALETTE.accent)
    canvas.setLineWidth(2)
    canvas.line(item.x, bottom, item.x + item.width, bottom)
    # the stamp, right-aligned: what a reader checks to know the sheet is current; set well
    # below the title's size, which stays the biggest type on the page
    stamp = next(b for b in box.section.blocks if isinstance(b, Stamp))
    rx = item.x + item.width
    size = max(MIN_SIZE, box.size)
    big = min(size * 1.3, box.size * TITLE_SCALE * 0.7)
    canvas.setFillColor(PALETTE.muted)
    canvas.setFont(SANS, max(MIN_SIZE, size * 0.9))
    canvas.drawRightString(rx, item.top - size, "KAIZEN EVENT A3")
    canvas.setFillColor(PALETTE.accent)
    canvas.setFont(SANS_BOLD, big)
    canvas.drawRightString(rx, item.top - size * 1.2 - big, f"Revision {stamp.revision}")
    canvas.setFillColor(PALETTE.ink)
    canvas.setFont(SANS, size)
    canvas.drawRightString(rx, item.top - size * 2.4 - big, f"Printed {stamp.printed.isoformat()}")
    if box.rest:
        note = _continued_note(plan, box)
        note.wrap(g.stamp_w, INF)
        note.drawOn(canvas, rx - g.stamp_w, bottom + 2)


def _draw_appendix_head(
    canvas: Canvas, plan: PagePlan, event: Event, today: date, page: int
) -> None:
    g = plan.geometry
    usable_w, _ = g.usable
    x0, top = g.margin, g.height - g.margin
    title_h = g.heading_size * 2.2
    canvas.setFillColor(PALETTE.accent)
    canvas.setFont(SANS_BOLD, g.heading_size)
    canvas.drawString(x0, top - g.heading_size, f"Appendix · page {page}")
    header = text_block(
        (
            Run(
                f"{event.id} · {event.title} · revision {event.revision}"
                f" · printed {today.isoformat()}",
                colour=MUTED,
            ),
        ),
        styles(MIN_SIZE + 0.5).body,
    )
    header.wrap(usable_w - g.stamp_w, INF)
    header.drawOn(canvas, x0 + g.stamp_w, top - header.height)
    canvas.setStrokeColor(PALETTE.accent)
    canvas.setLineWidth(1.2)
    canvas.line(x0, top - title_h, x0 + usable_w, top - title_h)


def _draw_not_printed(canvas: Canvas, plan: PagePlan) -> None:
    g = plan.geometry
    usable_w, _ = g.usable
    hint = plan.content.export_hint
    text = (
        f"▸ Not printed: the appendix stops at {appendix_pages(g)} pages. Left out: "
        f"{plan.not_printed}. Everything is in “{hint}” (the actions also in “--csv”)."
    )
    note = plain(text, styles(NOTE_SIZE).note)
    note.wrap(usable_w, INF)
    note.drawOn(canvas, g.margin, g.margin)
