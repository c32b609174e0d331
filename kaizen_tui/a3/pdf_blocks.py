"""The PDF side of the section model: blocks (a3/blocks.py) as reportlab flowables, for a body
size and a width. What a section says is decided in a3/content.py; this only decides how it looks.

Every text reaches reportlab through ``fonts.markup`` (escaped, CJK runs in the CJK font); the
only markup written here is our own (bold, colour, strike).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kaizen_tui.a3 import blocks as bk
from kaizen_tui.a3.fonts import SANS, SANS_BOLD, latin_coverage, markup
from kaizen_tui.a3.graphics import (
    ActionsBarFlowable,
    ChartsFlowable,
    PdcaCircle,
    PdcaLabelled,
    QrFlowable,
    ValueAddBar,
)
from kaizen_tui.a3.style import PALETTE, Styles, hex_of, para

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


def inline(spans: Sequence[bk.Span]) -> str:
    """Spans as Paragraph markup; the text itself always escaped."""
    out = []
    for span in spans:
        text = span.text.replace(" ", "\u00a0") if span.nobreak else span.text
        m = markup(text)
        if span.strike:
            m = f"<strike>{m}</strike>"
        if span.bold:
            m = f"<b>{m}</b>"
        if span.tone:
            m = f"<font color='{TONES[span.tone]}'>{m}</font>"
        out.append(m)
    return "".join(out)


def _style(p: bk.Para, st: Styles, *, cell: bool = False, right: bool = False) -> ParagraphStyle:
    if p.style == "muted":
        return st.muted
    if p.style == "item":
        return st.indent
    if cell:
        return st.cell_right if right else st.cell
    return st.body


def paragraph(p: bk.Para, st: Styles, *, cell: bool = False, right: bool = False) -> Paragraph:
    text = inline(p.spans)
    if p.bullet:
        text = f"<font color='{MUTED}'>{markup(p.bullet)}</font> {text}"
    out = para(text, _style(p, st, cell=cell, right=right))
    out.kz_ref = p.ref
    return out


def heading(text: str, st: Styles) -> Paragraph:
    out = para(markup(text), st.head)
    out.keepWithNext = 1
    return out


def title_style(st: Styles) -> ParagraphStyle:
    """The event title: the biggest type on the page (the header's stamp is set smaller)."""
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
    longest word of ``texts`` (names wrap between words, not inside them), up to ``cap``."""

    share: float
    texts: tuple[str, ...] = ()
    cap: float = 0.3


Spec = float | Fit | Flex


def column_widths(cols: Sequence[Spec], width: float, st: Styles) -> tuple[list[float], list[bool]]:
    """Each column's width, and whether it is set by its content (True) or shares the rest."""

    def widest(samples: Sequence[str], font: str) -> float:
        return max((stringWidth(s, font, st.size) for s in samples), default=0.0) + 2 * st.pad + 1

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
        if isinstance(col, Flex) and col.texts:
            words = [word for text in col.texts for word in text.split()]
            least = min(col.cap * width, widest(words, SANS))
            if rest * shares[i] / sum(shares.values()) < least:
                fixed[i] = least
                rest -= least
                del shares[i]
    total = sum(shares.values()) or 1.0
    rest = max(0.0, rest)
    widths = [fixed[i] if i in fixed else rest * shares[i] / total for i in range(len(cols))]
    return widths, [i in fixed for i in range(len(cols))]


def _cell_lines(cell: bk.Cell) -> list[str]:
    return [line for item in cell if isinstance(item, bk.Para) for line in item.text().split("\n")]


def _spec(col: bk.Column, cells: list[bk.Cell], st: Styles) -> Spec:
    label = [col.label] if col.label else []
    if col.kind in ("key", "short"):
        samples = tuple(line for cell in cells for line in _cell_lines(cell))
        return Fit((*samples, *label), cap=col.cap)
    if col.kind == "name":
        return Flex(col.share, tuple(line for cell in cells for line in _cell_lines(cell)), col.cap)
    if col.kind == "graphic":
        widest = max((graphic_width(item, st) for cell in cells for item in cell), default=0.0)
        return Fit(tuple(label), cap=col.cap, least=widest)
    return col.share


def graphic_width(item: bk.Para | bk.Graphic, st: Styles) -> float:
    if isinstance(item, bk.Pdca):
        return pdca_diameter(st)
    return 0.0


def pdca_diameter(st: Styles) -> float:
    return st.size * 1.3


class Grid:
    """Builds a compact table of a ``bk.Table`` across ``width``.

    Short texts (ids, dates, durations, states) go in as plain strings when they fit their column
    on one line: the table draws those directly, several times faster than a Paragraph, and an
    A3 has hundreds of them. Anything else is a Paragraph."""

    def __init__(self, table: bk.Table, rows: Sequence[bk.Row], width: float, st: Styles):
        self.table = table
        self.st = st
        self.width = width
        columns = table.columns
        specs = [_spec(col, [row.cells[i] for row in rows], st) for i, col in enumerate(columns)]
        self.widths, self.fixed = column_widths(specs, width, st)
        self.header = 1 if table.header else 0
        self.rows: list[list[object]] = (
            [[para(markup(c.label), st.head) for c in columns]] if table.header else []
        )
        self.commands: list[tuple[object, ...]] = []
        self.refs: list[str] = []

    def cell(self, col: int, cell: bk.Cell, row: int) -> object:
        st = self.st
        align = self.table.columns[col].align
        if len(cell) == 1 and isinstance(cell[0], bk.Para) and len(cell[0].spans) == 1:
            span = cell[0].spans[0]
            font = SANS_BOLD if span.bold else SANS
            room = self.widths[col] - 2 * st.pad
            if (
                cell[0].style == "body"
                and not span.strike
                and is_plain(span.text)
                and all(stringWidth(line, font, st.size) <= room for line in span.text.split("\n"))
            ):
                where = (col, row)
                if span.bold:
                    self.commands.append(("FONTNAME", where, where, SANS_BOLD))
                if span.tone:
                    self.commands.append(("TEXTCOLOR", where, where, TONES[span.tone]))
                if align == "right":
                    self.commands.append(("ALIGN", where, where, "RIGHT"))
                return span.text
        items: list[Flowable] = []
        for item in cell:
            if isinstance(item, bk.Para):
                items.append(paragraph(item, st, cell=True, right=align == "right"))
            else:
                items += graphic(item, st, self.widths[col] - 2 * st.pad)
        return items[0] if len(items) == 1 else items

    def add(self, row: bk.Row, detail: bk.Para | None) -> None:
        n = len(self.rows)
        cells = [self.cell(i, cell, n) for i, cell in enumerate(row.cells)]
        if detail is not None:
            first_text = next(
                (i for i, c in enumerate(self.table.columns) if c.kind == "text"), None
            )
            if first_text is not None:
                main = cells[first_text]
                stack = main if isinstance(main, list) else [main]
                if isinstance(stack[0], str):
                    stack = [paragraph(row.cells[first_text][0], self.st, cell=True)]  # type: ignore[arg-type]
                cells[first_text] = [*stack, paragraph(detail, self.st, cell=True)]
        for i, col in enumerate(self.table.columns):
            if col.align == "center":
                self.commands.append(("ALIGN", (i, n), (i, n), "CENTER"))
        if row.tone:
            self.commands.append(("BACKGROUND", (0, n), (-1, n), TONES_LIGHT[row.tone]))
        self.rows.append(cells)
        self.refs.append(row.ref)

    def build(self) -> Table:
        """The table; its header row repeats when it continues in the appendix, and a row taller
        than a page can split inside itself."""
        st = self.st
        t = Table(
            self.rows,
            colWidths=self.widths,
            repeatRows=self.header,
            splitInRow=1,
            hAlign="LEFT",
        )
        pad = st.pad
        commands: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("FONTSIZE", (0, 0), (-1, -1), st.size),
            ("LEADING", (0, 0), (-1, -1), st.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), PALETTE.ink),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
        ]
        if self.header:
            commands += [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, PALETTE.rule),
                ("BACKGROUND", (0, 0), (-1, 0), PALETTE.accent_light),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, PALETTE.accent),
            ]
        else:
            commands += [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.3),
            ]
        t.setStyle(TableStyle([*commands, *self.commands]))
        # what measure.py needs to estimate this table's height at other sizes
        t.kz_grid = (
            self.rows,
            self.widths,
            self.fixed,
            2 * pad,
            1.4 * pad if self.header else 0.6 * pad,
            st.leading,
        )
        t.kz_refs = list(self.refs)
        return t


TONES_LIGHT = {
    "bad": PALETTE.bad_light,
    "good": PALETTE.accent_light,
    "warn": PALETTE.accent_light,
    "muted": PALETTE.zebra,
    "accent": PALETTE.accent_light,
}


def table(block: bk.Table, st: Styles, width: float, *, compact: bool) -> list[Flowable]:
    """The table; with ``compact``, the rows' details (latest updates) are listed after it
    instead of under each row's text, so every row gets a line of its own first."""
    grid = Grid(block, block.rows, width, st)
    for row in block.rows:
        grid.add(row, None if compact else row.detail)
    out: list[Flowable] = [grid.build()]
    details = [row for row in block.rows if row.detail is not None]
    if compact and details:
        out += [Spacer(1, st.gap), heading(block.detail_heading or "Notes", st)]
        out += [
            paragraph(bk.Para((bk.b(row.ref), bk.t(" "), *row.detail.spans), "item", row.ref), st)  # type: ignore[union-attr]
            for row in details
        ]
    return out


# -- graphics --------------------------------------------------------------------------------------


def graphic(item: bk.Graphic, st: Styles, width: float) -> list[Flowable]:
    if isinstance(item, bk.Pdca):
        if item.labelled:
            return [PdcaLabelled(item.step, item.label, pdca_diameter(st), st.size)]
        return [PdcaCircle(item.step, pdca_diameter(st))]
    if isinstance(item, bk.FlowBar):
        return [Spacer(1, st.size * 0.3), ValueAddBar(item, width, st.size)]
    if isinstance(item, bk.ActionsBar):
        return [Spacer(1, st.size * 0.3), ActionsBarFlowable(item, width, st.size)]
    if isinstance(item, bk.Charts):
        return [ChartsFlowable(item.charts, width, st.size)]
    if isinstance(item, bk.QrCode):
        return [QrFlowable(item.url, width)]
    raise TypeError(f"no PDF drawing for {type(item).__name__}")


# -- blocks ----------------------------------------------------------------------------------------


def flowables(
    blocks: Sequence[bk.Block], st: Styles, width: float, *, compact: bool = False
) -> list[Flowable]:
    """``blocks`` as flowables for a box ``width`` points wide with body text of ``st.size``,
    a small gap between blocks. ``compact``: the shorter form, for when the full one does not fit
    at the smallest size (asides left out, table details listed after the table)."""
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, bk.Aside) and compact:
            continue
        items = _block(block, st, width, compact=compact)
        if not items:
            continue
        if out:
            out.append(Spacer(1, st.gap))
        out += items
    return out


def _block(block: bk.Block, st: Styles, width: float, *, compact: bool) -> list[Flowable]:
    if isinstance(block, bk.Para):
        return [paragraph(block, st)]
    if isinstance(block, bk.Heading):
        return [heading(block.text, st)]
    if isinstance(block, bk.Title):
        return [para(markup(block.text), title_style(st)), Spacer(1, st.size * 0.3)]
    if isinstance(block, bk.Stamp):
        return []  # drawn in the header's corner by the page
    if isinstance(block, bk.Table):
        return table(block, st, width, compact=compact)
    if isinstance(block, bk.Stack | bk.Aside):
        out: list[Flowable] = []
        for item in block.items:
            if out and isinstance(item, bk.Stack):
                out.append(Spacer(1, st.size * 0.25))  # a little air between stacked groups
            out += _block(item, st, width, compact=compact)
        return out
    return graphic(block, st, width)
