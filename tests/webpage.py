"""Reading an action page the way a person does: the rows of its tables and the text in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    id: str  # the action id from id="action-A3", or "" for other tables
    classes: set[str]
    cells: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.cells)


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self._row: Row | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            row_id = values.get("id") or ""
            self._row = Row(
                row_id.removeprefix("action-"), set((values.get("class") or "").split())
            )
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[Row]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def action_rows(html: str) -> dict[str, Row]:
    """Action id → its row, for every action row on the page."""
    return {row.id: row for row in table_rows(html) if row.id}
