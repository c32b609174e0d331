"""A TinyDB Storage that writes atomically (TinyDB's JSONStorage truncates in place, tinydb#482)."""

from __future__ import annotations

import json
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


def read_json_object(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when there is no file; UnreadableFile otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise UnreadableFile(path, "the file is empty (truncated?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableFile(
            path, f"not UTF-8 text (byte 0x{raw[err.start]:02x} at position {err.start})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise UnreadableFile(
            path, f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from None
    if not isinstance(data, dict):
        raise UnreadableFile(path, "not a JSON object")
    return data


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
