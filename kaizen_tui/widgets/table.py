"""A fast, keyboard-first table that renders only the rows on screen.

Textual's DataTable measures every cell of every row when rows are added, which costs a large share
of the home screen's start-up with a thousand events. Our tables have known column widths (fixed,
or a share of what is left), so nothing needs measuring: a row is rendered when it is visible.

Rows carry a *tone* ("error", "warning", "muted", "success") that colours the whole row from the
theme (component classes below), so an overdue action is red on every theme and on a projector.
Under the cursor of a focused table the tone becomes the cursor's colour (an overdue row is a red
bar with light text): red text on the blue cursor was too faint to read on a wall.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, overload

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

Cell = str | Text
CURSOR_TONES = ("error", "warning", "success")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int | None = None  # fixed width; None shares what is left with other flexible columns
    min_width: int = 6
    justify: str = "left"
    share: int = 1  # a flexible column's part of what is left (2: twice an ordinary one)


RowParts = tuple[tuple[Cell, ...], str, tuple[tuple[int, str], ...]]


class Row:
    """One row: its cells, a tone for the whole row ("", "error", "warning", "muted",
    "success") and tones for single cells ((column index, tone), …). With ``make``, the parts
    are computed the first time the row is shown: a thousand rows cost nothing until scrolled
    to."""

    __slots__ = ("_cell_tones", "_cells", "_make", "_tone", "key")

    def __init__(
        self,
        key: str,
        cells: tuple[Cell, ...] = (),
        tone: str = "",
        cell_tones: tuple[tuple[int, str], ...] = (),
        *,
        make: Callable[[], RowParts] | None = None,
    ) -> None:
        self.key = key
        self._cells = cells
        self._tone = tone
        self._cell_tones = cell_tones
        self._make = make

    def _build(self) -> None:
        if self._make is not None:
            self._cells, self._tone, self._cell_tones = self._make()
            self._make = None

    @property
    def cells(self) -> tuple[Cell, ...]:
        self._build()
        return self._cells

    @property
    def tone(self) -> str:
        self._build()
        return self._tone

    @property
    def cell_tones(self) -> tuple[tuple[int, str], ...]:
        self._build()
        return self._cell_tones


class RowSource(Sequence[Row]):
    """Rows known by their keys and made a page at a time when first shown: a list of 10,000
    events reads the few pages scrolled to, not every event. ``make_page(keys)`` gives the parts
    of those rows, in order (None for a key whose row is gone); only PAGES pages are kept.
    ``keys`` may itself be lazy (a Sequence that makes each key when asked, with ``find``
    saying where a key is): then nothing is held per row at all."""

    PAGE = 64
    PAGES = 8

    def __init__(
        self,
        keys: Sequence[str],
        make_page: Callable[[Sequence[str]], Sequence[RowParts | None]],
        *,
        find: Callable[[str], int | None] | None = None,
    ) -> None:
        self.keys = keys
        self._make_page = make_page
        self._pages: dict[int, list[Row]] = {}
        self._find = find
        self._index: dict[str, int] | None = None

    def make(self, start: int, keys: Sequence[str]) -> Sequence[RowParts | None]:
        """The parts of the rows of ``keys``, the first at ``start`` (a subclass may read them
        by place rather than by key)."""
        return self._make_page(keys)

    def index_of(self, key: str) -> int | None:
        """Where the row of ``key`` is (None: not here)."""
        if self._find is not None:
            return self._find(key)
        if self._index is None:  # made when first asked, not for every list shown
            self._index = {k: i for i, k in enumerate(self.keys)}
        return self._index.get(key)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index: int) -> Row:  # type: ignore[override]
        if index < 0:
            index += len(self.keys)
        if not 0 <= index < len(self.keys):
            raise IndexError(index)
        number = index // self.PAGE
        page = self._pages.get(number)
        if page is None:
            keys = self.keys[number * self.PAGE : (number + 1) * self.PAGE]
            made = self.make(number * self.PAGE, keys)
            page = [
                Row(key, *parts) if parts is not None else Row(key, (key, "(no longer here)"))
                for key, parts in zip(keys, made, strict=True)
            ]
            if len(self._pages) >= self.PAGES:
                self._pages.pop(next(iter(self._pages)))
            self._pages[number] = page
        return page[index % self.PAGE]


class _KeysAt(Sequence[str]):
    """``count`` keys, each made when asked by ``key(index)``."""

    def __init__(self, count: int, key: Callable[[int], str]) -> None:
        self._count = count
        self._key = key

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._key(i) for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._key(index)


class RowsAt(RowSource):
    """``count`` rows made by place when first shown: ``key(i)`` and ``parts(i)`` of the ith,
    or ``page(range)`` the parts of a page of them (read from the index at once: None for a
    row gone). For a list of computed items (10,000 events, their 20,000 metrics) or of places
    (the home's queue): no Row, key or closure is made for a row never scrolled to. ``find``
    says where a key is; without it, a pass over the keys."""

    def __init__(
        self,
        count: int,
        key: Callable[[int], str],
        parts: Callable[[int], RowParts] | None = None,
        *,
        page: Callable[[range], Sequence[RowParts | None]] | None = None,
        find: Callable[[str], int | None] | None = None,
    ) -> None:
        keys = _KeysAt(count, key)
        # looked for only when a table is filled again (a filter): a pass, not a dict of keys
        super().__init__(keys, lambda _: [], find=find or (lambda k: next(_places(keys, k), None)))
        self._parts = parts
        self._page = page

    def make(self, start: int, keys: Sequence[str]) -> Sequence[RowParts | None]:
        places = range(start, start + len(keys))
        if self._page is not None:
            return self._page(places)
        assert self._parts is not None
        return [self._parts(i) for i in places]


def _places(keys: Sequence[str], wanted: str) -> Iterator[int]:
    return (i for i, key in enumerate(keys) if key == wanted)


def _nowhere(key: str) -> int | None:
    return None


class Table(ScrollView, can_focus=True):
    """Rows of text with a cursor. Enter (or a double click) selects; the header is clickable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "table--header",
        "table--cursor",
        "table--odd",
        "table--error",
        "table--warning",
        "table--muted",
        "table--success",
        "table--empty",
        "table--cursor-error",
        "table--cursor-warning",
        "table--cursor-success",
    }

    DEFAULT_CSS = """
    Table {
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;  /* a scrollbar appearing must not re-layout the columns */
        overflow-x: hidden;
        & > .table--header { background: $panel; text-style: bold; color: $foreground; }
        & > .table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .table--odd { background: $surface-lighten-1 30%; }
        & > .table--error { color: $text-error; text-style: bold; }
        & > .table--warning { color: $text-warning; }
        & > .table--muted { color: $text-muted; }
        & > .table--success { color: $text-success; }
        & > .table--empty { color: $text-muted; text-style: italic; }
        & > .table--cursor-error { background: $error; color: $foreground; text-style: bold; }
        & > .table--cursor-warning { background: $warning; color: $background; text-style: bold; }
        & > .table--cursor-success { background: $success; color: $background; text-style: bold; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, table: Table, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> Table:
            return self.table

    class Selected(Message):
        def __init__(self, table: Table, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> Table:
            return self.table

    class HeaderClicked(Message):
        def __init__(self, table: Table, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

        @property
        def control(self) -> Table:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        empty_text: str = "Nothing here yet.",
        zebra: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._columns: list[Column] = list(columns)
        self._rows: Sequence[Row] = []
        self._widths: list[int] = []
        self._widths_for = 0  # the width the columns' widths were laid out in
        self._index: Callable[[str], int | None] = _nowhere  # where a key's row is
        self.empty_text = empty_text
        self.zebra = zebra
        self.sort_marks: dict[str, str] = {}  # column key -> "▲" / "▼"

    # -- data -----------------------------------------------------------------------------------

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self._columns = list(columns)
        self._layout_columns()
        self.refresh()

    def set_rows(self, rows: Sequence[Row], *, keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep`` (default: the current key) if present.
        A RowSource is kept as it is (its rows are made when shown)."""
        keep = keep if keep is not None else self.cursor_key
        if isinstance(rows, RowSource):
            self._rows = rows
            self._index = rows.index_of
        else:
            self._rows = list(rows)
            index = {row.key: i for i, row in enumerate(self._rows)}
            self._index = index.get
        self._set_virtual_size()
        target = 0
        if keep:
            found = self._index(keep)
            target = found if found is not None else min(self.cursor_row, len(self._rows) - 1)
        if max(0, target) != self.cursor_row:
            self.cursor_row = max(0, target)
        self.refresh()

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_key(self) -> str | None:
        if 0 <= self.cursor_row < len(self._rows):
            if isinstance(self._rows, RowSource):
                return self._rows.keys[self.cursor_row]  # no need to make the row
            return self._rows[self.cursor_row].key
        return None

    def row(self, key: str) -> Row | None:
        index = self._index(key)
        return self._rows[index] if index is not None else None

    def row_texts(self) -> list[list[str]]:
        """Plain text of every row (what a person reads; used by tests)."""
        return [[_plain(cell) for cell in row.cells] for row in self._rows]

    def update_row(self, row: Row) -> None:
        """Replace one row in place (e.g. a ticking countdown) without touching the others."""
        index = self._index(row.key)
        if index is not None and isinstance(self._rows, list):
            self._rows[index] = row
            self.refresh()

    def move_to(self, key: str) -> bool:
        index = self._index(key)
        if index is None:
            return False
        self.cursor_row = index
        return True

    # -- layout ---------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        # A new size repaints the table anyway: refreshed only if the columns' widths changed
        # (the first Resize comes after the first paint, with the widths it was painted with).
        widths = self._widths
        self._layout_columns()
        if self._widths != widths:
            self.refresh()

    def _set_virtual_size(self) -> None:
        # As tall as the rows and the header. Not as wide as the table (overflow-x is hidden): a
        # virtual size changing with the width laid the whole screen out again after the first
        # paint (bench startup).
        size = Size(0, len(self._rows) + 1)
        if size != self.virtual_size:
            self.virtual_size = size

    def _layout_columns(self) -> None:
        width = max(0, self.scrollable_content_region.width)
        self._widths_for = width
        gaps = max(0, len(self._columns) - 1)
        fixed = sum(c.width for c in self._columns if c.width is not None)
        parts = sum(c.share for c in self._columns if c.width is None)
        spare = max(0, width - fixed - gaps)
        unit = spare // parts if parts else 0
        extra = spare - unit * parts if parts else 0
        widths = []
        for column in self._columns:
            if column.width is not None:
                widths.append(column.width)
            else:
                widths.append(max(column.min_width, unit * column.share + extra))
                extra = 0
        self._widths = widths

    # -- rendering ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._columns and (not self._widths or width != self._widths_for):
            self._layout_columns()
        base = self.rich_style
        if y == 0:
            return self._strip(
                self._header_text(), base + self.get_component_rich_style("table--header"), width
            )
        index = int(self.scroll_offset.y) + y - 1
        if not self._rows:
            if y == 1:
                style = base + self.get_component_rich_style("table--empty")
                return self._strip(Text(" " + self.empty_text), style, width)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        style = base
        if self.zebra and index % 2:
            style += self.get_component_rich_style("table--odd", partial=True)
        cursor = index == self.cursor_row
        if cursor:
            style += self.get_component_rich_style("table--cursor")
        if cursor and self.has_focus and row.tone in CURSOR_TONES:
            # the tone as the cursor's colour: the row stays red (amber, green), and readable
            style += self.get_component_rich_style(f"table--cursor-{row.tone}")
        elif row.tone:
            # after the cursor: an overdue row stays red when the (unfocused) cursor is on it
            style += self.get_component_rich_style(f"table--{row.tone}", partial=True)
        return self._strip(self._row_text(row), style, width)

    def _header_text(self) -> Text:
        cells = []
        for column in self._columns:
            mark = self.sort_marks.get(column.key, "")
            cells.append(Text(column.label + (f" {mark}" if mark else "")))
        return self._join(cells)

    def _row_text(self, row: Row) -> Text:
        cells = [c.copy() if isinstance(c, Text) else Text(c) for c in row.cells]
        for index, tone in row.cell_tones:
            if tone and 0 <= index < len(cells):  # "" is no tone (a metric with no verdict)
                cells[index].stylize(self.get_component_rich_style(f"table--{tone}", partial=True))
        return self._join(cells)

    def _join(self, cells: list[Text]) -> Text:
        line = Text(no_wrap=True, end="")
        for i, (column, width) in enumerate(zip(self._columns, self._widths, strict=False)):
            cell = cells[i].copy() if i < len(cells) else Text()
            cell.truncate(width, overflow="ellipsis")
            pad = width - cell.cell_len
            if column.justify == "right":
                line.append(" " * pad)
                line.append_text(cell)
            else:
                line.append_text(cell)
                line.append(" " * pad)
            if i < len(self._columns) - 1:
                line.append(" ")
        return line

    def _strip(self, text: Text, style: Style, width: int) -> Strip:
        text.no_wrap = True
        text.end = ""
        segments = list(text.render(self.app.console))
        strip = Strip(segments).apply_style(style)
        return strip.extend_cell_length(width, style).crop(0, width)

    def watch_cursor_row(self, old: int, new: int) -> None:
        if self._rows:
            clamped = max(0, min(len(self._rows) - 1, new))
            if clamped != new:
                self.cursor_row = clamped
                return
            self._scroll_cursor_into_view()
            if self.has_focus:
                self.call_after_refresh(self._reveal_cursor_row)
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor_key))

    def on_focus(self) -> None:
        self.refresh()  # the cursor row's colours depend on focus
        self.call_after_refresh(self._reveal_cursor_row)

    def on_blur(self) -> None:
        self.refresh()

    def _reveal_cursor_row(self) -> None:
        """Scroll the page holding this table so the cursor row is on it: a list that grows
        with its rows (people, metrics) can reach below the fold, and the row just added, or
        moved to with ↓, was out of sight."""
        if not self._rows or not self.is_attached:
            return
        row_y = 1 + self.cursor_row - int(self.scroll_offset.y)
        if not 0 < row_y < self.size.height:
            return
        page = next(
            (
                a
                for a in self.ancestors
                if isinstance(a, Widget) and not isinstance(a, Screen) and a.allow_vertical_scroll
            ),
            None,
        )
        if page is None:
            return
        row = Region(self.region.x, self.region.y + row_y, self.region.width, 1)
        offset = page.scrollable_content_region.offset
        page.scroll_to_region(
            row.translate(-offset).translate(page.scroll_offset),
            animate=False,
            immediate=True,
        )

    def _scroll_cursor_into_view(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    # -- input ----------------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        if self._rows:
            self.cursor_row = max(0, min(len(self._rows) - 1, self.cursor_row + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 2))

    def action_edge(self, direction: int) -> None:
        if self._rows:
            self.cursor_row = 0 if direction < 0 else len(self._rows) - 1

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                self.post_message(self.HeaderClicked(self, column))
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < len(self._rows):
            self.cursor_row = index
            if event.chain >= 2:
                self.action_select()

    def _column_at(self, x: int) -> str | None:
        left = 0
        for column, width in zip(self._columns, self._widths, strict=False):
            if left <= x < left + width + 1:
                return column.key
            left += width + 1
        return None


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell
