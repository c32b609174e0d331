"""The PDF side of the section model: blocks (a3/blocks.py) as reportlab flowables, for a body
size and a width. What a section says is decided in a3/content.py; this only decides how it looks.

Every text is drawn as plain text by a3/text.py (never parsed as markup; CJK runs in the CJK
font); bold, colour and strike come from the spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from kaizen_tui.a3 import blocks as bk
from kaizen_tui.a3.fonts import SANS, SANS_BOLD, latin_coverage
from kaizen_tui.a3.graphics import (
    ActionsBarFlowable,
    ChartsFlowable,
    PdcaCircle,
    PdcaLabelled,
    QrFlowable,
    ValueAddBar,
    YamazumiFlowable,
)
from kaizen_tui.a3.measure import INF, Model, cell_models, text_width
from kaizen_tui.a3.measure import Grid as GridModel
from kaizen_tui.a3.style import PALETTE, Styles, hex_of
from kaizen_tui.a3.text import Pen, Run, TextBlock, colour_of, plain, text_block

TONES = {
    "bad": hex_of(PALETTE.bad),
    "good": hex_of(PALETTE.good),
    "muted": hex_of(PALETTE.muted),
    "accent": hex_of(PALETTE.accent),
    "warn": "#8a5a00",  # darker than the bars' amber so it reads as text
}
ACCENT = TONES["accent"]
MUTED = TONES["muted"]


# -- text ------------------------------------------------------------------------------------------


def runs(spans: Sequence[bk.Span]) -> tuple[Run, ...]:
    """Spans as text runs: plain text, never markup."""
    return tuple(
        Run(
            span.text.replace(" ", "\u00a0") if span.nobreak else span.text,
            span.bold,
            TONES[span.tone] if span.tone else None,
            span.strike,
        )
        for span in spans
    )


def _style(p: bk.Para, st: Styles, *, cell: bool = False, right: bool = False) -> ParagraphStyle:
    if p.style == "muted":
        return st.muted
    if p.style == "item":
        return st.indent
    if cell:
        return st.cell_right if right else st.cell
    return st.body


def paragraph(p: bk.Para, st: Styles, *, cell: bool = False, right: bool = False) -> TextBlock:
    spans = runs(p.spans)
    if p.bullet:
        spans = (Run(p.bullet, colour=MUTED), Run(" "), *spans)
    out = text_block(spans, _style(p, st, cell=cell, right=right))
    out.kz_ref = p.ref
    return out


def heading(text: str, st: Styles) -> TextBlock:
    out = plain(text, st.head)
    out.keepWithNext = 1
    return out


def title_style(st: Styles) -> ParagraphStyle:
    """The event title: the biggest type on the page (the header's stamp is set smaller)."""
    return _title_style(st)


@lru_cache(maxsize=64)
def _title_style(st: Styles) -> ParagraphStyle:
    size = st.size * TITLE_SCALE
    return ParagraphStyle(
        f"title-{st.size}",
        parent=st.bold,
        fontName=SANS_BOLD,
        fontSize=size,
        leading=size * 1.15,
        textColor=PALETTE.accent,
    )


TITLE_SCALE = 1.9


@lru_cache(maxsize=8192)
def is_plain(text: str) -> bool:
    """Text the Latin font prints as it is (no markup needed, no CJK run)."""
    return text.isascii() or all(ord(ch) in latin_coverage() for ch in text if ch != "\n")


# -- tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """A column as wide as the widest of ``samples`` in bold (dates, ids, short labels), so it
    never wraps mid-word, or ``least`` points (drawings); at most ``cap`` of the table width."""

    samples: tuple[str, ...]
    cap: float = 0.3
    least: float = 0.0


@dataclass(frozen=True)
class Flex:
    """A column taking ``share`` of the room left by Fit columns, but never narrower than the
    longest of ``words`` nor its bold ``label`` (text wraps between words, not inside them), up
    to ``cap`` of the table."""

    share: float
    words: tuple[str, ...] = ()
    label: str = ""
    cap: float = 0.3


Spec = float | Fit | Flex


def column_widths(cols: Sequence[Spec], width: float, st: Styles) -> tuple[list[float], list[bool]]:
    """Each column's width, and whether it is set by its content (True) or shares the rest."""

    def widest(samples: Sequence[str], font: str) -> float:
        return _widest(tuple(samples), font) * st.size + 2 * st.pad + 1

    fixed = {
        i: min(col.cap * width, max(widest(col.samples, SANS_BOLD), col.least + 2 * st.pad))
        for i, col in enumerate(cols)
        if isinstance(col, Fit)
    }
    shares = {
        i: (col.share if isinstance(col, Flex) else col)
        for i, col in enumerate(cols)
        if not isinstance(col, Fit)
    }
    rest = max(0.0, width - sum(fixed.values()))
    # a flexible column below its minimum gets the minimum; the others share what is left
    for i, col in enumerate(cols):
        if isinstance(col, Flex) and (col.words or col.label):
            least = min(
                col.cap * width,
                max(widest(col.words, SANS), widest((col.label,), SANS_BOLD) if col.label else 0),
            )
            if rest * shares[i] / sum(shares.values()) < least:
                fixed[i] = least
                rest -= least
                del shares[i]
    total = sum(shares.values()) or 1.0
    rest = max(0.0, rest)
    widths = [fixed[i] if i in fixed else rest * shares[i] / total for i in range(len(cols))]
    return widths, [i in fixed for i in range(len(cols))]


@lru_cache(maxsize=4096)
def _widest(samples: tuple[str, ...], font: str) -> float:
    """The widest of ``samples`` (a table's ids, dates, names) at size 1, once per table."""
    return max((text_width(s, font, 1.0) for s in samples), default=0.0)


def _cell_lines(cell: bk.Cell) -> list[str]:
    return [line for item in cell if isinstance(item, bk.Para) for line in item.text().split("\n")]


def _spec(col: bk.Column, cells: list[bk.Cell], st: Styles) -> Spec:
    label = [col.label] if col.label else []
    if col.kind in ("key", "short"):
        samples = tuple(line for cell in cells for line in _cell_lines(cell))
        return Fit((*samples, *label), cap=col.cap)
    if col.kind == "name":
        words = tuple(w for cell in cells for line in _cell_lines(cell) for w in line.split())
        return Flex(col.share, words, col.label, col.cap)
    if col.kind == "graphic":
        widest = max((graphic_width(item, st) for cell in cells for item in cell), default=0.0)
        return Fit(tuple(label), cap=col.cap, least=widest)
    return Flex(col.share, _long_words(cells), col.label, TEXT_CAP)


TEXT_CAP = 0.45  # a text column's longest word claims at most this share of the table


def _long_words(cells: list[bk.Cell], keep: int = 4) -> tuple[str, ...]:
    """The longest words of a text column (by characters; measured by the caller), so it is
    never narrower than they are. Remembered per column: the rows of a 500-action plan are read
    once, not at every size and width tried."""
    key = id(cells[0]) if cells else 0
    found = _LONG_WORDS.get(key)
    if found is not None and found[0] is (cells[0] if cells else None):
        return found[1]
    longest: list[str] = []
    for cell in cells:
        for item in cell:
            if isinstance(item, bk.Para):
                for span in item.spans:
                    longest.extend(sorted(span.text.split(), key=len)[-keep:])
        if len(longest) > 8 * keep:
            longest = sorted(set(longest), key=len)[-keep:]
    words = tuple(sorted(set(longest), key=len)[-keep:])
    if len(_LONG_WORDS) > 512:
        _LONG_WORDS.clear()
    _LONG_WORDS[key] = (cells[0] if cells else None, words)
    return words


_LONG_WORDS: dict[int, tuple[object, tuple[str, ...]]] = {}


def graphic_width(item: bk.Para | bk.Graphic, st: Styles) -> float:
    if isinstance(item, bk.Pdca):
        return pdca_diameter(st)
    return 0.0


def pdca_diameter(st: Styles) -> float:
    return st.size * 1.3


@dataclass(frozen=True, slots=True)
class Plain:
    """A cell of one or a few short lines in one face: drawn with drawString, several times
    faster than a paragraph, and an A3 has hundreds of them (ids, dates, states)."""

    lines: tuple[str, ...]
    font: str
    colour: object
    align: str


CellValue = Plain | list[Flowable]


class TableLayout:
    """A table block laid out at one body size and width: column widths decided from all its
    rows (so a table continued in the appendix keeps its columns), cells and row heights built
    on demand, row by row (a 500-row plan is built only as far as a page reaches)."""

    def __init__(
        self,
        block: bk.Table,
        st: Styles,
        width: float,
        *,
        details: bool,
        shared: dict[object, object] | None = None,
    ) -> None:
        self.block = block
        self.st = st
        self.width = width
        self.details = details
        #: what does not depend on the width, shared by the layouts of one TableSource
        self.shared: dict[object, object] = {} if shared is None else shared
        columns = block.columns
        rows = block.rows
        specs = self.shared.get("specs")
        if specs is None:
            specs = self.shared["specs"] = [
                _spec(col, [row.cells[i] for row in rows], st) for i, col in enumerate(columns)
            ]
        self.widths, self.fixed = column_widths(specs, width, st)  # type: ignore[arg-type]
        pad = st.pad
        self.pad = pad
        if block.header:
            self.top, self.bottom = pad * 0.6, pad * 0.8
        else:
            self.top, self.bottom = pad * 0.3, pad * 0.3
        self.head: list[CellValue] = (
            [[plain(c.label, st.head)] for c in columns] if block.header else []
        )
        self.head_height = self._height(self.head) if self.head else 0.0
        self._cells: dict[int, list[CellValue]] = {}
        self._heights: dict[int, float] = {}
        self._first_text = next((i for i, c in enumerate(columns) if c.kind == "text"), None)
        self._tune_names()

    def _tune_names(self) -> None:
        """Owners' names may wrap between words where that costs the row nothing (its status
        takes two lines anyway): the name column is set as narrow as its longest word, or as
        wide as its longest name, or as shared, whichever makes the first rows lowest, and the
        action's text gets the rest."""
        text = self._first_text
        name = next((i for i, c in enumerate(self.block.columns) if c.kind == "name"), None)
        if text is None or name is None or self.fixed[text] or not self.block.rows:
            return
        st = self.st
        rows = self.block.rows[:TUNE_ROWS]
        words = [w for row in rows for line in _cell_lines(row.cells[name]) for w in line.split()]
        names = [line for row in rows for line in _cell_lines(row.cells[name])]
        extra = 2 * st.pad + 1
        least = _widest(tuple(words), SANS) * st.size + extra
        whole = min(
            self.block.columns[name].cap * self.width, _widest(tuple(names), SANS) * st.size + extra
        )
        both = self.widths[name] + self.widths[text]
        # the other cells' heights: their columns are as wide at every width (set by content)
        key = (
            "others",
            tuple(round(w, 2) for c, w in enumerate(self.widths) if c not in (name, text)),
        )
        others = self.shared.get(key)
        if others is None:
            others = self.shared[key] = [
                max(
                    (
                        self._height_of(self._cell(col, row.cells[col]), self.widths[col])
                        for col in range(len(row.cells))
                        if col not in (name, text)
                    ),
                    default=0.0,
                )
                for row in rows
            ]
        assert isinstance(others, list)

        def total(width: float) -> float:
            out = 0.0
            for index, (row, other) in enumerate(zip(rows, others, strict=True)):
                owner = self._para_height(row.cells[name], width)
                action = self._para_height(self._text_cell(index, row.cells[text]), both - width)
                out += max(other, owner, action)
            return out

        current = self.widths[name]
        candidates = sorted({c for c in (least, current, whole) if least <= c <= both * 0.5})
        if len(candidates) < 2:
            return
        heights = {c: total(c) for c in candidates}
        lowest = min(heights.values())
        # the widest name column among the lowest tables: no wrapped name that gains nothing
        chosen = max(c for c, h in heights.items() if h <= lowest + 0.01)
        if chosen != current:
            self.widths[name], self.widths[text] = chosen, both - chosen
            self.fixed[name] = True

    def _para_height(self, cell: bk.Cell, width: float) -> float:
        room = width - 2 * self.pad
        return sum(
            paragraph(item, self.st, cell=True).wrap(room, INF)[1]
            if isinstance(item, bk.Para)
            else pdca_diameter(self.st)
            for item in cell
        )

    def _height_of(self, value: CellValue, width: float) -> float:
        if isinstance(value, Plain):
            return self.st.leading * len(value.lines)
        return sum(f.wrap(width - 2 * self.pad, INF)[1] for f in value)

    def _text_cell(self, index: int, cell: bk.Cell) -> bk.Cell:
        """The text cell with the row's detail run on after it (muted), so no half-empty line
        is left."""
        row = self.block.rows[index]
        if not self.details or row.detail is None:
            return cell
        found = self.shared.get(("text", index))
        if found is None:
            first, *more = cell
            assert isinstance(first, bk.Para)
            tail = tuple(bk.Span(s.text, s.bold, "muted", s.strike) for s in row.detail.spans)
            joined = bk.Para((*first.spans, bk.t(" — ", "muted"), *tail), "body", first.ref)
            found = self.shared[("text", index)] = (joined, *more)
        return found  # type: ignore[return-value]

    def cells(self, index: int) -> list[CellValue]:
        found = self._cells.get(index)
        if found is None:
            row = self.block.rows[index]
            found = [self._cell(i, cell) for i, cell in enumerate(row.cells)]
            if self.details and row.detail is not None and self._first_text is not None:
                col = self._first_text
                joined = self._text_cell(index, row.cells[col])
                found[col] = self._cell(col, joined)
                if isinstance(found[col], Plain):
                    found[col] = [self._para_cell(col, joined[:1])]
            self._cells[index] = found
        return found

    def _para_cell(self, col: int, cell: bk.Cell) -> Flowable:
        item = cell[0]  # a one-line text, set as a paragraph to take a run-on detail
        assert isinstance(item, bk.Para)
        return paragraph(item, self.st, cell=True, right=self.block.columns[col].align == "right")

    def _cell(self, col: int, cell: bk.Cell) -> CellValue:
        st = self.st
        align = self.block.columns[col].align
        if len(cell) == 1 and isinstance(cell[0], bk.Para) and len(cell[0].spans) == 1:
            span = cell[0].spans[0]
            font = SANS_BOLD if span.bold else SANS
            room = self.widths[col] - 2 * st.pad
            lines = span.text.split("\n")
            if (
                cell[0].style == "body"
                and not span.strike
                and is_plain(span.text)
                and all(text_width(line, font, 1.0) * st.size <= room for line in lines)
            ):
                colour = colour_of(TONES[span.tone]) if span.tone else PALETTE.ink
                return Plain(tuple(lines), font, colour, align)
        items: list[Flowable] = []
        for item in cell:
            if isinstance(item, bk.Para):
                items.append(paragraph(item, st, cell=True, right=align == "right"))
            else:
                items += graphic(item, st)
        return items

    def _height(self, cells: Sequence[CellValue]) -> float:
        tallest = 0.0
        for value, width in zip(cells, self.widths, strict=True):
            if isinstance(value, Plain):
                h = self.st.leading * len(value.lines)
            else:
                room = width - 2 * self.pad
                h = sum(f.wrap(room, INF)[1] for f in value)
            tallest = max(tallest, h)
        return tallest + self.top + self.bottom

    def height(self, index: int) -> float:
        found = self._heights.get(index)
        if found is None:
            found = self._heights[index] = self._height(self.cells(index))
        return found

    def heights(self, start: int, stop: int, limit: float = INF) -> list[float]:
        """Row heights from ``start``, until ``stop`` or until they pass ``limit``."""
        out: list[float] = []
        total = self.head_height
        for index in range(start, stop):
            if total > limit:
                break
            out.append(self.height(index))
            total += out[-1]
        return out

    def draw(self, canvas: Canvas, x: float, top: float, start: int, stop: int) -> float:
        """Draw the header and rows ``start:stop`` with their top-left corner at (x, top); the
        height drawn. Tints, rules and drawings go first; all the text then in one text object
        (text.Pen) over them."""
        pen = Pen(canvas)
        y = top
        width = sum(self.widths)
        if self.head:
            canvas.setFillColor(PALETTE.accent_light)
            canvas.rect(x, y - self.head_height, width, self.head_height, stroke=0, fill=1)
            self._draw_row(canvas, pen, self.head, x, y, self.head_height)
            y -= self.head_height
            canvas.setStrokeColor(PALETTE.accent)
            canvas.setLineWidth(0.8)
            canvas.line(x, y, x + width, y)
        if self.head:
            canvas.setStrokeColor(PALETTE.rule)
            canvas.setLineWidth(0.4)
        for index in range(start, stop):
            h = self.height(index)
            tone = self.block.rows[index].tone
            if tone:
                canvas.setFillColor(TONES_LIGHT[tone])
                canvas.rect(x, y - h, width, h, stroke=0, fill=1)
            self._draw_row(canvas, pen, self.cells(index), x, y, h)
            y -= h
            if self.head:
                canvas.line(x, y, x + width, y)
        pen.finish()
        return top - y

    def _draw_row(
        self,
        canvas: Canvas,
        pen: Pen,
        cells: Sequence[CellValue],
        x: float,
        top: float,
        h: float,
    ) -> None:
        st = self.st
        middle = not self.block.header  # a list without header centres its rows
        for col, (value, width) in enumerate(zip(cells, self.widths, strict=True)):
            inner = width - 2 * self.pad
            if isinstance(value, Plain):
                pen.font(value.font, st.size)
                pen.fill(value.colour)
                y = top - self.top - st.size
                for line in value.lines:
                    if value.align == "right":
                        lx = x + width - self.pad - text_width(line, value.font, 1.0) * st.size
                    elif value.align == "center":
                        lx = x + (width - text_width(line, value.font, 1.0) * st.size) / 2
                    else:
                        lx = x + self.pad
                    pen.origin(lx, y)
                    pen.out(line)
                    y -= st.leading
            else:
                sizes = [f.wrap(inner, INF) for f in value]
                y = top - self.top
                if middle:
                    y -= (h - self.top - self.bottom - sum(s[1] for s in sizes)) / 2
                for f, (fw, fh) in zip(value, sizes, strict=True):
                    fx = x + self.pad
                    if self.block.columns[col].align == "center":
                        fx = x + (width - fw) / 2
                    y -= fh
                    if isinstance(f, TextBlock):
                        f.draw_with(pen, fx, y, inner)
                    else:
                        f.drawOn(canvas, fx, y)
            x += width


TUNE_ROWS = 60  # rows that decide a name column's width (about what a page holds)
TONES_LIGHT = {
    "bad": PALETTE.bad_light,
    "good": PALETTE.accent_light,
    "warn": PALETTE.accent_light,
    "muted": PALETTE.zebra,
    "accent": PALETTE.accent_light,
}
MODEL_EMS_ROWS = 60.0  # width (body sizes) at which a table's estimate is built
BALANCE_EMS = 24.0  # two halves only when each is at least this many body sizes wide


class TableSource:
    """One table block at one body size: its layouts per width, shared by the chunks it is cut
    into (page 1 and the appendix measure the same rows once)."""

    def __init__(self, block: bk.Table, st: Styles, *, details: bool) -> None:
        self.block = block
        self.st = st
        self.details = details
        self._layouts: dict[float, TableLayout] = {}
        self._shared: dict[object, object] = {}

    def layout(self, width: float) -> TableLayout:
        key = round(width, 2)
        found = self._layouts.get(key)
        if found is None:
            found = self._layouts[key] = TableLayout(
                self.block, self.st, width, details=self.details, shared=self._shared
            )
        return found


class Rows(Flowable):
    """Rows ``start:stop`` of a table block as one flowable, laid out at the width it is wrapped
    at. It splits between rows (keeping the header), a single row too tall for a whole box
    inside itself; it knows which rows it holds (``kz_refs``) so page 1 can say exactly what
    continues in the appendix. With the block's ``balance``, a wide box gets the rows in two
    side-by-side halves when that saves a fifth of the height.

    ``wrap`` is lazy: past ``availHeight`` it stops measuring and returns a height above it."""

    def __init__(
        self, source: TableSource, start: int = 0, stop: int | None = None, *, halves: bool = False
    ) -> None:
        super().__init__()
        self.source = source
        #: the first part of a split in halves keeps them (alone, its rows might save less)
        self._force_halves = halves
        self.start = start
        self.stop = len(source.block.rows) if stop is None else stop
        self.kz_refs = [row.ref for row in source.block.rows[self.start : self.stop]]
        self.kz_table = source.block
        self._halves: tuple[float, int] | None = None  # (half width, rows in the left half)
        self._grid_model: GridModel | None = None
        self._exact = False

    @property
    def halves(self) -> bool:
        """Whether the last wrap set the rows in two halves side by side."""
        return self._halves is not None

    # -- measuring ---------------------------------------------------------------------------

    def _may_balance(self, width: float) -> bool:
        st = self.source.st
        return self.source.block.balance and width >= 2 * BALANCE_EMS * st.size + st.gap * 2

    def _one(self, width: float, limit: float) -> tuple[float, bool]:
        layout = self.source.layout(width)
        heights = layout.heights(self.start, self.stop, limit)
        return layout.head_height + sum(heights), len(heights) == self.stop - self.start

    def _two(self, width: float, limit: float) -> tuple[float, int, float]:
        half = (width - self.source.st.gap * 2) / 2
        layout = self.source.layout(half)
        heights = layout.heights(self.start, self.stop, limit)
        total = sum(heights)
        best, cut, first = layout.head_height + total, len(heights), 0.0
        for i, h in enumerate(heights, 1):
            first += h
            taller = layout.head_height + max(first, total - first)
            if taller < best:
                best, cut = taller, i
            if first >= total / 2:
                break
        return best, cut, half

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._halves = None
        if not self._may_balance(availWidth):
            self.height, self._exact = self._one(availWidth, availHeight)
            return self.width, self.height
        # whether halves pay is decided on the estimate (measure.py: the same rule, no line
        # breaking); only the chosen layout is made
        if self._force_halves or self._model().halves(availWidth, availHeight):
            two, cut, half = self._two(availWidth, availHeight * 2 + 1)
            self._halves = (half, cut)
            self.height = two
        else:
            self.height, _ = self._one(availWidth, availHeight)
        self._exact = self.height <= availHeight
        return self.width, self.height

    def _model(self) -> GridModel:
        if self._grid_model is None:
            st = self.source.st
            self._grid_model = self.measure_model(MODEL_EMS_ROWS * st.size)
        return self._grid_model

    def measure_model(self, width: float) -> GridModel:
        """The rows' estimate (measure.py), built row by row as far as a question reaches."""
        layout = self.source.layout(width)
        st = self.source.st

        def row(index: int) -> list[list[Model]]:
            cells = layout.cells(self.start + index)
            return [
                cell_models(
                    c if isinstance(c, list) else "\n".join(c.lines), w - 2 * layout.pad, st.leading
                )
                for c, w in zip(cells, layout.widths, strict=True)
            ]

        balance_at = INF
        if self.source.block.balance:
            balance_at = 2 * BALANCE_EMS * st.size + st.gap * 2
        return GridModel(
            self.stop - self.start,
            row,
            list(layout.widths),
            list(layout.fixed),
            2 * layout.pad,
            layout.top + layout.bottom,
            layout.head_height,
            balance_at=balance_at,
            gap=st.gap * 2,
        )

    # -- splitting ---------------------------------------------------------------------------

    def _part(self, start: int, stop: int) -> Rows:
        return Rows(self.source, start, stop)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self._may_balance(availWidth) and (
            self._force_halves or self._model().halves(availWidth, availHeight)
        ):
            fits = self._balanced_rows(availWidth, availHeight)
            if fits >= 2 and fits < self.stop - self.start:
                first = Rows(self.source, self.start, self.start + fits, halves=True)
                return [first, self._part(self.start + fits, self.stop)]
        layout = self.source.layout(availWidth)
        heights = layout.heights(self.start, self.stop, availHeight)
        used, fits = layout.head_height, 0
        for h in heights:
            if used + h > availHeight:
                break
            used += h
            fits += 1
        if fits >= self.stop - self.start:
            return [self]
        if fits:
            return [
                self._part(self.start, self.start + fits),
                self._part(self.start + fits, self.stop),
            ]
        return self._split_row(availWidth, availHeight)

    def _balanced_rows(self, width: float, height: float) -> int:
        """How many rows from the start fit ``height`` set in two halves."""
        lo, hi = 0, self.stop - self.start
        while lo < hi:
            mid = (lo + hi + 1) // 2
            part = self._part(self.start, self.start + mid)
            two, _, _ = part._two(width, height * 2 + 1)
            if two <= height:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _split_row(self, width: float, height: float) -> list[Flowable]:
        """The first row is taller than ``height``: its cells continue in a second part."""
        layout = self.source.layout(width)
        room = height - layout.head_height - layout.top - layout.bottom
        if room < self.source.st.leading * 2:
            return []
        first: list[CellValue] = []
        rest: list[CellValue] = []
        moved = False
        for value, w in zip(layout.cells(self.start), layout.widths, strict=True):
            if isinstance(value, Plain):
                first.append(value)
                rest.append(Plain((), value.font, value.colour, value.align))
                continue
            kept, _heights, more = split_stack(value, w - 2 * layout.pad, room)
            first.append(kept)
            rest.append(more)
            moved |= bool(more)
        if not moved or not any(first):
            return []
        ref = self.source.block.rows[self.start].ref
        head = RowPart(layout, self.start, first, ref, continued=False)
        tail = RowPart(layout, self.start, rest, ref, continued=True)
        out: list[Flowable] = [head, tail]
        if self.start + 1 < self.stop:
            out.append(self._part(self.start + 1, self.stop))
        return out

    # -- drawing -----------------------------------------------------------------------------

    def draw(self) -> None:
        if not self._exact:
            self.wrap(self.width, INF)
        if self._halves is None:
            self.source.layout(self.width).draw(self.canv, 0, self.height, self.start, self.stop)
            return
        half, cut = self._halves
        layout = self.source.layout(half)
        layout.draw(self.canv, 0, self.height, self.start, self.start + cut)
        layout.draw(
            self.canv, half + self.source.st.gap * 2, self.height, self.start + cut, self.stop
        )


class RowPart(Flowable):
    """One row split across boxes or pages: the cells' first parts, or what continues of them
    (under the table's header, the row's id repeated)."""

    def __init__(
        self, layout: TableLayout, index: int, cells: list[CellValue], ref: str, *, continued: bool
    ) -> None:
        super().__init__()
        self.layout = layout
        self.index = index
        self.cells = cells
        self.kz_refs = [ref]
        self.kz_partial = continued

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = sum(self.layout.widths)
        self.height = self.layout.head_height + self.layout._height(self.cells)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        layout = self.layout
        pen = Pen(self.canv)
        y = self.height
        if layout.head:
            layout._draw_row(self.canv, pen, layout.head, 0, y, layout.head_height)
            y -= layout.head_height
        layout._draw_row(self.canv, pen, self.cells, 0, y, y)
        pen.finish()


def table(block: bk.Table, st: Styles, *, compact: bool) -> list[Flowable]:
    """The table; with ``compact``, the rows' details (latest updates) are listed after it
    instead of under each row's text, so every row gets its line first."""
    out: list[Flowable] = [Rows(TableSource(block, st, details=not compact))]
    details = [row for row in block.rows if row.detail is not None]
    if compact and details:
        out += [Spacer(1, st.gap), heading(block.detail_heading or "Notes", st)]
        for row in details:
            detail = row.detail
            assert detail is not None
            item = bk.Para((bk.b(row.ref), bk.t(" "), *detail.spans), "item", row.ref)
            p = paragraph(item, st)
            p.kz_group = block.details_name or "notes"
            out.append(p)
    return out


# -- graphics --------------------------------------------------------------------------------------


def graphic(item: bk.Graphic, st: Styles) -> list[Flowable]:
    if isinstance(item, bk.Pdca):
        if item.labelled:
            return [PdcaLabelled(item.step, item.label, pdca_diameter(st), st.size)]
        return [PdcaCircle(item.step, pdca_diameter(st))]
    if isinstance(item, bk.FlowBar):
        return [Spacer(1, st.size * 0.3), ValueAddBar(item, st.size)]
    if isinstance(item, bk.ActionsBar):
        return [Spacer(1, st.size * 0.3), ActionsBarFlowable(item, st.size)]
    if isinstance(item, bk.Charts):
        return [ChartsFlowable(item.charts, st.size)]
    if isinstance(item, bk.QrCode):
        return [QrFlowable(item.url)]
    if isinstance(item, bk.Yamazumi):
        return [Spacer(1, st.size * 0.3), YamazumiFlowable(item, st.size)]
    raise TypeError(f"no PDF drawing for {type(item).__name__}")


# -- blocks ----------------------------------------------------------------------------------------


def flowables(blocks: Sequence[bk.Block], st: Styles, *, compact: bool = False) -> list[Flowable]:
    """``blocks`` as flowables with body text of ``st.size``, a small gap between blocks; they
    lay themselves out at the width they are wrapped at. ``compact``: the shorter form, for when
    the full one does not fit at the smallest size (asides left out, table details listed after
    the table)."""
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, bk.Aside) and compact:
            continue
        items = _block(block, st, compact=compact)
        if not items:
            continue
        if out:
            out.append(Spacer(1, st.gap))
        out += items
    return out


def _block(block: bk.Block, st: Styles, *, compact: bool) -> list[Flowable]:
    if isinstance(block, bk.Para):
        return [paragraph(block, st)]
    if isinstance(block, bk.Heading):
        return [heading(block.text, st)]
    if isinstance(block, bk.Title):
        return [plain(block.text, title_style(st)), Spacer(1, st.size * 0.3)]
    if isinstance(block, bk.Stamp):
        return []  # drawn in the header's corner by the page
    if isinstance(block, bk.Table):
        return table(block, st, compact=compact)
    if isinstance(block, bk.Stack | bk.Aside):
        out: list[Flowable] = []
        for item in block.items:
            if out and isinstance(item, bk.Stack):
                out.append(Spacer(1, st.size * 0.25))  # a little air between stacked groups
            out += _block(item, st, compact=compact)
        return out
    return graphic(block, st)


# -- stacking --------------------------------------------------------------------------------------


def split_stack(
    items: Sequence[Flowable], width: float, height: float
) -> tuple[list[Flowable], list[float], list[Flowable]]:
    """The leading flowables of ``items`` that fit ``height`` at ``width`` (splitting the first
    one that does not, at a table row or a paragraph line) with their heights, and the rest. A
    heading whose content moved on goes with it; spacers at the cut are dropped."""
    kept: list[Flowable] = []
    kept_heights: list[float] = []
    used = 0.0
    rest: list[Flowable] = []
    for index, flowable in enumerate(items):
        room = height - used
        h = flowable.wrap(width, max(0.0, room))[1]
        if h <= room + 1e-6:
            kept.append(flowable)
            kept_heights.append(h)
            used += h
            continue
        parts = flowable.split(width, room) if room > 0 else []
        if len(parts) >= 2:
            first_h = parts[0].wrap(width, room)[1]
            if first_h <= room + 1e-6:
                kept.append(parts[0])
                kept_heights.append(first_h)
                rest = [*parts[1:], *items[index + 1 :]]
                break
        rest = list(items[index:])
        break
    while kept and (isinstance(kept[-1], Spacer) or getattr(kept[-1], "keepWithNext", False)):
        moved = kept.pop()
        kept_heights.pop()
        if not isinstance(moved, Spacer):
            rest.insert(0, moved)
    while rest and isinstance(rest[0], Spacer):
        rest.pop(0)
    return kept, kept_heights, rest
