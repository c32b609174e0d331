"""A TinyDB Storage that writes atomically (TinyDB's JSONStorage truncates in place, tinydb#482)."""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from kaizen_tui.store.atomic import atomic_write_bytes


class UnreadableFile(Exception):
    """The file exists but is not a JSON object we can read; ``reason`` says why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


#: Limits on any JSON file we read (event files, import files). Generous for real bundles (an
#: event nests about 8 levels; its numbers are revisions, counts and readings), tight enough that
#: a hostile file is refused with a reason instead of a traceback, a hang or all the memory.
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_JSON_DEPTH = 64
MAX_INT_DIGITS = 30


def read_limited_bytes(path: Path, limit: int = MAX_JSON_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; UnreadableFile for a
    FIFO, a device or a folder (reading those hangs or never ends) and for a larger file.
    FileNotFoundError and other OS errors pass through."""
    return _read_limited(path, limit)[0]


def _read_limited(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        found = os.fstat(fd)
        mode = found.st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe or device)"
            raise UnreadableFile(path, kind)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(path, f"larger than {limit // (1024 * 1024)} MB")
    return data, found


class JSONLimitError(ValueError):
    """JSON that parses but goes beyond MAX_JSON_DEPTH, MAX_INT_DIGITS or finite numbers."""


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise JSONLimitError(f"holds a number {digits:,} digits long (at most {MAX_INT_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JSONLimitError(f"holds a number too large for a computer ({text[:20]}…)")
    return value


def _constant(name: str) -> float:
    raise JSONLimitError(f"holds {name}, which is not a number JSON allows")


def _too_deep(data: Any) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > MAX_JSON_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def loads_limited(text: str, *, check_depth: bool = True) -> Any:
    """``json.loads`` within the limits above: JSONDecodeError for what is not JSON,
    JSONLimitError (a one-line reason) for what goes beyond them. ``check_depth=False`` leaves
    out the walk that counts levels (the decoder still refuses thousands of them): for event
    files, read on every save, which were checked on their way in."""
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise JSONLimitError(f"nested more than {MAX_JSON_DEPTH} levels deep") from None
    if check_depth and isinstance(data, dict | list) and _too_deep(data):
        raise JSONLimitError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    if _SURROGATE_ESCAPE.search(text) and not _encodable(data):
        # "\ud800" alone parses, but is no character: the file could never be written back
        raise JSONLimitError("holds a \\u escape of half a character (a lone surrogate)")
    return data


#: Where a surrogate can come from in JSON text (raw UTF-8 cannot carry one): a \uD800-\uDFFF
#: escape. Pairs are fine; only when one is seen is the whole value checked.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _encodable(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_json_bytes(path: Path, raw: bytes, *, check_depth: bool = True) -> Any:
    """The JSON value in ``raw`` (read from ``path``); UnreadableFile saying why otherwise."""
    if not raw.strip():
        raise UnreadableFile(path, "the file is empty (truncated?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableFile(
            path, f"not UTF-8 text (byte 0x{raw[err.start]:02x} at position {err.start})"
        ) from None
    try:
        return loads_limited(text, check_depth=check_depth)
    except json.JSONDecodeError as err:
        raise UnreadableFile(
            path, f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from None
    except JSONLimitError as err:
        raise UnreadableFile(path, str(err)) from None


def read_json_object(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when there is no file; UnreadableFile otherwise."""
    try:
        raw = read_limited_bytes(path)
    except FileNotFoundError:
        return None
    # every save reads its event file: the level count, ~1/3 of a parse, is for files from
    # outside (import), which is where a bundle gets into the data folder
    data = parse_json_bytes(path, raw, check_depth=False)
    if not isinstance(data, dict):
        raise UnreadableFile(path, "not a JSON object")
    return data


def read_event_file(path: Path) -> tuple[tuple[int, int, int], dict[str, Any] | None]:
    """The (inode, size, mtime) of an event file and its bundle, read from one open file, so
    that the two belong together even while saves replace the file (FileNotFoundError when it
    is gone). The bundle is None when the file holds no event document."""
    raw, found = _read_limited(path, MAX_JSON_BYTES)
    key = (found.st_ino, found.st_size, found.st_mtime_ns)
    data = parse_json_bytes(path, raw, check_depth=False)
    if not isinstance(data, dict):
        raise UnreadableFile(path, "not a JSON object")
    if "event" in data and AtomicJSONStorage.table not in data:
        return key, data  # a plain bundle
    table = data.get(AtomicJSONStorage.table)
    doc = table.get("1") if isinstance(table, dict) else None
    return key, doc if isinstance(doc, dict) else None


def dump_json(data: Any) -> bytes:
    # Compact on purpose: only without indent does json use its C encoder (4x faster on a save).
    # Files stay valid UTF-8 JSON; `kaizen export` writes the indented form for people.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file reads, atomic fsynced writes, one backup of the last version."""

    table = "bundle"

    def __init__(self, path: str | Path, *, fsync: bool = True, backup: bool = True) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self.backup = self.path.with_name(self.path.name + ".bak") if backup else None

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = read_json_object(self.path)
        if data is not None and "event" in data and self.table not in data:
            # A plain bundle (an export copied into the folder) reads as our one-document
            # table; the next write stores it in the TinyDB layout.
            return {self.table: {"1": data}}
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, dump_json(data), fsync=self.fsync, backup=self.backup)

    def close(self) -> None:
        pass
