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
