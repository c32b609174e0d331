"""The A3's content as renderer-neutral blocks: what each section says, decided once.

``a3/content.py`` builds the sections from an event; the PDF renderer (``a3/pdf_blocks.py``,
placed on the page by ``a3/fit.py``) and the Markdown writer (``a3/markdown.py``) draw the same
blocks. No reportlab here and no markup: every text is plain, and each renderer escapes it.

A section is a list of blocks; consecutive blocks get a small gap between them, a ``Stack`` keeps
its items together without gaps. See docs/a3.md for the blocks and how the fit model treats them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Tone = Literal["bad", "good", "warn", "muted", "accent"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one face. ``nobreak`` keeps it on one line ("Lead time 1.6 h");
    ``link`` marks a URL (Markdown makes it clickable)."""

    text: str
    bold: bool = False
    tone: Tone | None = None
    strike: bool = False
    nobreak: bool = False
    link: bool = False


def b(text: str, tone: Tone | None = None) -> Span:
    return Span(text, bold=True, tone=tone)


def t(text: str, tone: Tone | None = None) -> Span:
    return Span(text, tone=tone)


Inline = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph. ``style``: body text, muted (smaller, grey: explanations and "nothing yet"
    lines) or item (a list item with a hanging indent, after its ``bullet``). ``ref`` names it
    when it continues in the appendix ("Lessons learned")."""

    spans: Inline
    style: Literal["body", "muted", "item"] = "body"
    ref: str = ""
    bullet: str = ""  # of an item: "•" or "1." (Markdown makes a numbered list of the latter)

    def text(self) -> str:
        return "".join(span.text for span in self.spans)


def para(
    *parts: str | Span,
    style: Literal["body", "muted", "item"] = "body",
    ref: str = "",
    bullet: str = "",
) -> Para:
    """A Para from strings (plain) and Spans."""
    spans = tuple(Span(p) if isinstance(p, str) else p for p in parts if p)
    return Para(spans, style, ref, bullet)


@dataclass(frozen=True, slots=True)
class Title:
    """The event's title: the biggest type on the page."""

    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A small heading inside a section; it stays with the block after it."""

    text: str


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a reader checks to know the sheet is current: revision and print date. The PDF sets
    it in the header's corner, smaller than the title."""

    revision: int
    printed: date


# -- graphics: data, drawn by each renderer its own way -------------------------------------------


@dataclass(frozen=True, slots=True)
class Pdca:
    """The PDCA circle, filled by quarters: 0 not started … 4 acted / standardised. ``labelled``
    prints the label beside it (the legend); in a table the drawing stands alone on the PDF."""

    step: int
    label: str
    labelled: bool = False


@dataclass(frozen=True, slots=True)
class FlowBar:
    """The lead time as one stacked bar: value-adding work, other work, waiting (minutes).
    ``legend`` is the text under it, one entry per part."""

    va_min: float
    other_min: float
    wait_min: float
    legend: tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class ActionsBar:
    """The actions at print as one bar: done, open (not overdue), overdue, dropped."""

    done: int
    open: int
    overdue: int
    dropped: int


@dataclass(frozen=True, slots=True)
class ChartPoint:
    day: date
    value: float
    label: str  # the value with its unit, "37 min"
    review_day: int | None = None  # taken at the 30/60/90-day review


@dataclass(frozen=True, slots=True)
class MetricChart:
    """A metric's small results chart: baseline and target as labelled levels, the readings as
    labelled points over time. ``caption`` says how far the latest reading got."""

    title: str  # "M1 Die changeover time"
    baseline: float | None
    baseline_label: str  # "baseline 94 min"
    target: float | None
    target_label: str  # "target 30 min"
    points: tuple[ChartPoint, ...]
    caption: str
    tone: Tone | None  # of the caption: the verdict's colour


@dataclass(frozen=True, slots=True)
class Charts:
    """Small charts side by side, wrapping to more rows in a narrow box."""

    charts: tuple[MetricChart, ...]


@dataclass(frozen=True, slots=True)
class QrCode:
    url: str


@dataclass(frozen=True, slots=True)
class BalanceBar:
    """One operator's (or step's) work per cycle, by value, in seconds."""

    operator: str
    va_s: float
    nnva_s: float
    nva_s: float
    label: str  # the total, "10.8 s"
    over: bool  # over takt


@dataclass(frozen=True, slots=True)
class Yamazumi:
    """The operator balance: a stacked bar per operator against the takt line. ``legend`` names
    the three value types; which bars are over takt is also said in a paragraph beside it."""

    bars: tuple[BalanceBar, ...]
    takt_s: float | None
    takt_label: str  # "takt 10 s", or "" without a takt
    legend: tuple[str, str, str]


Graphic = Pdca | FlowBar | ActionsBar | Charts | QrCode | Yamazumi


# -- tables ----------------------------------------------------------------------------------------

ColumnKind = Literal["key", "short", "text", "name", "graphic"]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column. ``key``: short bold labels (ids, categories) and ``short``: dates,
    durations, states; both as wide as their widest cell (never wrapped mid-word, at most
    ``cap`` of the table). ``text`` shares the rest by ``share``; ``name`` too, but never
    narrower than its longest word. ``graphic``: as wide as its drawings."""

    label: str
    kind: ColumnKind = "text"
    share: float = 1.0
    cap: float = 0.3
    align: Literal["left", "right", "center"] = "left"


Cell = tuple["Para | Graphic", ...]


@dataclass(frozen=True, slots=True)
class Row:
    """A table row. ``ref`` names it (an action id) in "A31–A40 continue on page 2".
    ``detail`` is a note under the row's first text cell (an action's latest update) that the PDF
    may list after the table instead when room is short. ``tone`` tints the row (overdue)."""

    cells: tuple[Cell, ...]
    ref: str = ""
    detail: Para | None = None
    tone: Tone | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under a header. ``balance``: the PDF may set the rows in two side-by-side halves
    when the box is wide enough (a long action plan). ``detail_heading`` heads the details when
    they are listed after the table; ``name`` and ``details_name`` say what continues in the
    appendix when rows carry no ``ref``."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    balance: bool = False
    detail_heading: str = ""
    header: bool = True
    name: str = ""  # what its rows are, for "more process steps continue on page 2"
    details_name: str = ""  # what its details are, for "latest updates of A2–A9 continue …"


@dataclass(frozen=True, slots=True)
class Stack:
    """Blocks kept together, without the gap a section puts between its blocks."""

    items: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Aside:
    """A repeat, for a glance, of what the page says in full elsewhere (the overdue actions
    under the QR code). The PDF leaves it out when room is short; Markdown keeps it."""

    items: tuple[Block, ...]


Block = Para | Title | Heading | Stamp | Table | Stack | Aside | Graphic


@dataclass(frozen=True, slots=True)
class Section:
    """One box of the A3: ``key`` "header", "1"…"8" or "qr"; ``number`` is its badge."""

    key: str
    number: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class A3Content:
    """The whole A3: the header, the eight sections and the QR column, in reading order."""

    event_id: str
    title: str
    sections: tuple[Section, ...]
    export_hint: str = ""  # how to get everything, for when the appendix is capped
    by_key: dict[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {s.key: s for s in self.sections})

    def __getitem__(self, key: str) -> Section:
        return self.by_key[key]


# -- walking the blocks ----------------------------------------------------------------------------


def walk(blocks: Sequence[Block], *, asides: bool = True) -> Iterator[Block]:
    """Every block, depth first: stacks and asides opened, table cells and row details included."""
    for block in blocks:
        if isinstance(block, Stack | Aside):
            if asides or isinstance(block, Stack):
                yield from walk(block.items, asides=asides)
            continue
        yield block
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from walk(cell, asides=asides)
                if row.detail is not None:
                    yield row.detail


def texts(section: Section, *, asides: bool = False) -> list[str]:
    """The texts a renderer must print for ``section``: every span, heading, column label and
    graphic label (what "the same content" in PDF and Markdown means). Asides are left out unless
    asked for: the PDF may drop them."""
    out: list[str] = []
    for block in walk(section.blocks, asides=asides):
        if isinstance(block, Para):
            out += [span.text for span in block.spans]
        elif isinstance(block, Title | Heading):
            out.append(block.text)
        elif isinstance(block, Stamp):
            out += [f"Revision {block.revision}", block.printed.isoformat()]
        elif isinstance(block, Table):
            out += [c.label for c in block.columns if block.header]
        elif isinstance(block, Pdca):
            if block.labelled:
                out.append(block.label)  # else a drawing alone; its label is in the legend
        elif isinstance(block, FlowBar):
            out += list(block.legend)
        elif isinstance(block, Charts):
            for chart in block.charts:
                out += [chart.title, chart.baseline_label, chart.target_label, chart.caption]
                if chart.points:
                    out.append(chart.points[-1].label)
        elif isinstance(block, Yamazumi):
            out += [block.takt_label, *block.legend]
            out += [text for bar in block.bars for text in (bar.operator, bar.label)]
        elif isinstance(block, QrCode):
            pass  # its URL is printed under it as a Para
    return [text for text in out if text.strip()]
