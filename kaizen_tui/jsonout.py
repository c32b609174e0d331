"""JSON output of the ``--json`` commands, written as it is made: the same text as
``json.dumps(data, ensure_ascii=False, indent=2)``, but

* a list can be a :class:`Stream` (any iterable), written item by item, so that ``kaizen list
  --json`` holds one event at a time however big the portfolio;
* containers of plain values (the items of every list we print) are encoded by the C encoder
  with the indentation spelled into its separators; Python's own indented encoder is pure Python
  and was most of the time of ``kaizen followups --json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

INDENT = "  "
_SCALARS = (str, int, float, bool, type(None))
#: The exact types of plain values: ``set(map(type, values)) <= _PLAIN`` checks a container in C
#: (a generator of isinstance calls was a third of the time of ``followups --json``); a
#: subclass (an enum, say) only takes the slower path below.
_PLAIN = frozenset(_SCALARS)


class Stream:
    """A list in the output whose items are made while it is written."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def iter_json(data: Any) -> Iterator[str]:
    """``data`` as indented JSON and a newline, piece by piece (cli/output.data_stream writes
    them)."""
    yield from _chunks(data, 0)
    yield "\n"


def dumps(data: Any) -> str:
    """The text write_json writes, without the newline (for files and tests)."""
    return "".join(_chunks(data, 0))


@lru_cache(maxsize=16)
def _flat_encoder(level: int) -> Callable[[Any], str]:
    """The C encoder for a container of plain values at ``level``: the separator after each
    item carries the newline and the next item's indentation. Kept and called directly:
    JSONEncoder.encode makes a new C encoder on every call, which was half the cost of
    encoding a small dict (there are 400,000 of them in a 10,000-event report)."""
    encoder = json.JSONEncoder(
        ensure_ascii=False, separators=(",\n" + INDENT * (level + 1), ": "), check_circular=False
    )
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if make is None:  # a Python without the _json accelerator
        return encoder.encode
    encode = make(
        None, encoder.default, json.encoder.encode_basestring, None, ": ",
        ",\n" + INDENT * (level + 1), False, False, True,
    )  # fmt: skip

    def flat(value: Any) -> str:
        return "".join(encode(value, 0))

    return flat


_string: Callable[[str], str] = json.encoder.encode_basestring  # C, as ensure_ascii=False uses


def _scalar(value: Any) -> str:
    # JSONEncoder.encode makes a C encoder for every number too
    return _string(value) if isinstance(value, str) else _flat_encoder(0)(value)


def _chunks(value: Any, level: int) -> Iterator[str]:
    """The top two levels and Streams piece by piece (a Stream's items are made as they are
    written); below, each item is made whole by :func:`_write`: generators nested per level
    cost more than the encoding, and a whole 45 MB report held as one string costs memory."""
    if isinstance(value, _SCALARS) or (level >= 2 and not _has_stream(value)):
        out: list[str] = []
        _write(value, level, out)
        yield from _joined(out)
        return
    inner = INDENT * (level + 1)
    outer = INDENT * level
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        yield "{"
        first = True
        for key, item in value.items():
            yield ("\n" if first else ",\n") + inner + _string(str(key)) + ": "
            first = False
            yield from _chunks(item, level + 1)
        yield "\n" + outer + "}"
        return
    if not isinstance(value, Stream | list | tuple):
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
    items: Iterable[Any] = value.items if isinstance(value, Stream) else value
    empty = True
    for item in items:
        yield ("[\n" if empty else ",\n") + inner
        empty = False
        yield from _chunks(item, level + 1)
    yield "[]" if empty else "\n" + outer + "]"


def _has_stream(value: Any) -> bool:
    """Whether a Stream is inside ``value`` (only the top levels of our outputs hold one)."""
    if isinstance(value, Stream):
        return True
    if isinstance(value, dict):
        return any(isinstance(v, Stream | dict) and _has_stream(v) for v in value.values())
    return False


#: Pieces are written in chunks of about this many characters: small enough to stay in the
#: processor's cache through encoding and writing (one 2 MB string per owner made the 10,000-
#: event follow-ups cost more per item than the 1,000-event ones), large enough to be few.
CHUNK = 1 << 16
#: Records encoded per call of the C encoder (a few hundred bytes each): a chunk or so.
_RECORDS = 256


def _joined(pieces: list[str]) -> Iterator[str]:
    """``pieces`` joined into chunks of about CHUNK characters."""
    start = size = 0
    for n, piece in enumerate(pieces):
        size += len(piece)
        if size >= CHUNK:
            yield "".join(pieces[start : n + 1])
            start, size = n + 1, 0
    if start < len(pieces):
        yield "".join(pieces[start:])


def _flat_records(records: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    """A list of non-empty dicts of plain values (the rows of every long list we print), a few
    hundred per call of the C encoder, its separators those of the dicts' items; the list's own
    separators are then the only ``},\n`` followed by the indentation and ``{`` (no plain
    value ends in ``}``, and a line feed inside a string is escaped), given theirs by one
    replace."""
    inner = INDENT * (level + 1)
    deeper = INDENT * (level + 2)
    between = "\n" + inner + "},\n" + inner + "{\n" + deeper
    encode = _flat_encoder(level + 1)
    out.append("[\n" + inner + "{\n" + deeper)
    for first in range(0, len(records), _RECORDS):
        text = encode(list(records[first : first + _RECORDS]))[2:-2]  # without [{ and }]
        out.append(("" if first == 0 else between) + text.replace("},\n" + deeper + "{", between))
    out.append("\n" + inner + "}\n" + INDENT * level + "]")


def _write(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, _SCALARS):
        out.append(_scalar(value))
        return
    inner = INDENT * (level + 1)
    outer = INDENT * level
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        if _PLAIN.issuperset(map(type, value.values())):
            text = _flat_encoder(level)(value)
            out.append("{\n" + inner + text[1:-1] + "\n" + outer + "}")
            return
        first = True
        for key, item in value.items():
            head = ("{\n" if first else ",\n") + inner + _string(str(key)) + ": "
            first = False
            if type(item) in _PLAIN:  # most values of a mixed dict: no call per value
                out.append(head + _scalar(item))
            else:
                out.append(head)
                _write(item, level + 1, out)
        out.append("\n" + outer + "}")
        return
    if isinstance(value, Stream):
        value = list(value.items)
    if not isinstance(value, list | tuple):
        raise TypeError(f"cannot write {type(value).__name__} as JSON")
    if not value:
        out.append("[]")
        return
    if _PLAIN.issuperset(map(type, value)):
        text = _flat_encoder(level)(list(value))
        out.append("[\n" + inner + text[1:-1] + "\n" + outer + "]")
        return
    if all(
        type(item) is dict and item and _PLAIN.issuperset(map(type, item.values()))
        for item in value
    ):
        _flat_records(value, level, out)
        return
    first = True
    for item in value:
        out.append(("[\n" if first else ",\n") + inner)
        first = False
        _write(item, level + 1, out)
    out.append("\n" + outer + "]")
