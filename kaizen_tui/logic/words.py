"""Small helpers for messages that name items the way a person would."""

from __future__ import annotations

from collections.abc import Iterable


def join_and(items: Iterable[str], word: str = "and") -> str:
    """``A4``, ``A4 and A7``, ``A4, A7 and A9`` (or with ``word="or"``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 action``, ``3 actions``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _control_table(keep: str) -> dict[int, str | None]:
    # C0 controls, DEL and C1 controls (0x80-0x9f: 0x9b is a one-byte escape to many terminals)
    codes = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
    return {code: None for code in codes if chr(code) not in keep}


_KEEP_LINES = _control_table("\n\t")
_ONE_LINE = {**_control_table(""), ord("\n"): " ", ord("\t"): " "}


def printable(text: str) -> str:
    """``text`` without control characters, keeping line feeds and tabs: user text as it may
    be shown as plain text on a terminal or in a calendar (an ESC in a title would otherwise
    reach the terminal as a command: change its title, clear it, …). A carriage return, alone or
    before a line feed, becomes a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_KEEP_LINES)


def one_line(text: str) -> str:
    """``text`` as one line: line breaks and tabs become spaces, other control characters go
    (a table cell, a calendar entry's summary)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_ONE_LINE)
