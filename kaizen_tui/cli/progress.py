"""A progress bar on stderr for the commands that can run long (import, publish)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

import click


@contextlib.contextmanager
def progress_bar(total: int, label: str, *, at_least: int) -> Iterator[Callable[[], None]]:
    """Yields a step function. The bar shows on a terminal only (silent in scripts), and only for
    ``at_least`` items or more, below which a bar would only flicker. A context manager, so the bar
    is closed even when a step fails, before any message is printed."""
    if total < at_least or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)
