"""What a ``kaizen`` command writes to the terminal: user text, never terminal commands; any
terminal's encoding, never a traceback.

While a command runs, ``sys.stdout`` and ``sys.stderr`` are :class:`TerminalText` wrappers: every
message, table and Markdown page goes out without control characters (an ESC in an event title
would otherwise reach the terminal as a command: set its title, clear it, …), and a character
the stream's encoding cannot show is printed as ``?``, said once on stderr. Machine-readable
output (JSON, CSV, iCalendar) is data, written exactly by :func:`data_out`: JSON escapes the
control characters itself, CSV keeps them, and a stream that is not UTF-8 gets UTF-8 anyway.
"""

from __future__ import annotations

import contextlib
import gc
import io
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from kaizen_tui.logic.words import printable

#: DEL and the C1 controls (0x9b is CSI to many terminals), which JSON leaves unescaped.
_JSON_UNESCAPED = re.compile("[\x7f-\x9f]")
_noted: set[str] = set()


def _note(key: str, message: str) -> None:
    """One line on the real stderr, once per run."""
    if key in _noted:
        return
    _noted.add(key)
    stream = _raw(sys.stderr)
    with contextlib.suppress(Exception):
        stream.write(f"kaizen: {message}\n".encode("ascii", "replace").decode("ascii"))
        stream.flush()


def _raw(stream: TextIO) -> TextIO:
    return stream.raw_stream if isinstance(stream, TerminalText) else stream


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class TerminalText(io.TextIOBase):
    """A text stream for people: control characters out (line feeds and tabs stay), characters
    the terminal's encoding lacks as ``?``."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.raw_stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw_stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        clean = printable(text)
        if not _can_encode(self.raw_stream, clean):
            _note(
                "encoding",
                f"this terminal's encoding ({self.encoding}) cannot show some characters; they "
                "print as '?' (a UTF-8 locale or PYTHONIOENCODING=utf-8 shows them)",
            )
            clean = clean.encode(self.encoding, "replace").decode(self.encoding)
        self.raw_stream.write(clean)
        return len(text)

    def flush(self) -> None:
        self.raw_stream.flush()

    def isatty(self) -> bool:
        return self.raw_stream.isatty()

    def fileno(self) -> int:
        return self.raw_stream.fileno()

    def writable(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:  # buffer, errors, … of the real stream
        return getattr(self.raw_stream, name)


@contextlib.contextmanager
def terminal_text() -> Iterator[None]:
    """sys.stdout and sys.stderr as TerminalText while a command runs (not while the app runs:
    see :func:`real_streams`)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalText(sys.stdout), TerminalText(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def real_streams() -> Iterator[None]:
    """The streams as they were, for the full-screen app (it writes terminal commands)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _raw(sys.stdout), _raw(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def data_stream(chunks: Iterable[str], *, json: bool = False) -> None:
    """Like :func:`data_out`, for output written while it is made (``kaizen list --json`` of
    10,000 events). Whether the whole would fit the stream's encoding cannot be known before the
    end, so a stream that is not UTF-8 gets UTF-8 bytes throughout (JSON's own encoding), said
    once when a character the stream's encoding lacks comes by."""
    stream = _raw(sys.stdout)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = None if encoding in ("utf-8", "utf8") else getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
    for chunk in chunks:
        if json:
            chunk = _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", chunk)
        if buffer is None:
            stream.write(chunk)
            continue
        if not _can_encode(stream, chunk):
            _note(
                "utf-8",
                f"this output is UTF-8 (the terminal's encoding, {stream.encoding}, cannot "
                "hold it all)",
            )
        buffer.write(chunk.encode("utf-8"))
    (buffer or stream).flush()


def data_out(text: str, *, json: bool = False) -> None:
    """Machine-readable output on stdout, exactly. ``json``: DEL and C1 controls, which
    json.dumps leaves raw, are written as ``\\u00XX`` escapes (the same string, and no terminal
    reads them as commands)."""
    if json:
        text = _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    stream = _raw(sys.stdout)
    if _can_encode(stream, text):
        stream.write(text)
        stream.flush()
        return
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # no bytes underneath: show what can be shown
        stream.write(text.encode(stream.encoding, "replace").decode(stream.encoding))
        return
    _note(
        "utf-8",
        f"this output is UTF-8 (the terminal's encoding, {stream.encoding}, cannot hold it all)",
    )
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


@contextlib.contextmanager
def no_gc_pauses() -> Iterator[None]:
    """The cyclic garbage collector paused while a one-shot command builds and writes a large
    answer: ``kaizen report --json`` makes millions of objects at 10,000 events, none in a
    cycle, and the collector's passes over them were a third of its time. Memory is unchanged
    (reference counting frees them); the process ends soon after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
