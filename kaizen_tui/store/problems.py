"""Event files the store could not read: the one line a user is told (StoreProblem), moving a
damaged file aside into ``corrupt/`` with a note why (never overwriting anything), and finding
the files moved aside earlier whose event has not been restored."""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

#: The data folder's subfolder for unreadable files, each beside a ``.why.txt`` note.
CORRUPT = "corrupt"


@dataclass(frozen=True)
class StoreProblem:
    """An event file the store could not read. ``message`` is one line for the user."""

    event_id: str
    file: str
    reason: str
    moved_to: str | None = None
    backup_revision: int | None = None

    @property
    def has_backup(self) -> bool:
        return self.backup_revision is not None

    @property
    def message(self) -> str:
        text = f"{self.file} is unreadable: {self.reason}"
        if self.moved_to:
            text += f"; moved to {self.moved_to}"
        if self.has_backup:
            text += (
                f"; a backup (revision {self.backup_revision}) can be restored with "
                f"`kaizen restore {self.event_id}`"
            )
        return text


def move_aside(path: Path, corrupt_dir: Path, reason: str) -> str | None:
    """Move an unreadable file into ``corrupt_dir`` under a new, time-stamped name and write
    why beside it. Where it went (``corrupt/NAME``), or None when that failed."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = corrupt_dir / f"{path.name}.{stamp}"
    try:
        os.rename(path, dest)
        dest.with_name(dest.name + ".why.txt").write_text(reason + "\n", "utf-8")
    except OSError:
        return None
    return f"{CORRUPT}/{dest.name}"


def moved_aside(
    root: Path,
    events_dir: Path,
    *,
    known: Container[str],
    backup_revision: Callable[[str], int | None],
) -> list[StoreProblem]:
    """The files in ``root/corrupt`` whose event is not back in ``events_dir`` (restored or
    imported since), one per event, other than the events in ``known``."""
    corrupt = root / CORRUPT
    if not corrupt.is_dir():
        return []
    found: dict[str, StoreProblem] = {}
    for path in sorted(corrupt.glob("*.json.*")):
        if path.name.endswith(".why.txt"):
            continue
        event_id = path.name.split(".json", 1)[0]
        if event_id in known or event_id in found or (events_dir / f"{event_id}.json").exists():
            continue
        why = path.with_name(path.name + ".why.txt")
        reason = why.read_text("utf-8", "replace").strip() if why.exists() else "unknown"
        found[event_id] = StoreProblem(
            event_id,
            f"events/{event_id}.json",
            reason,
            moved_to=f"{CORRUPT}/{path.name}",
            backup_revision=backup_revision(event_id),
        )
    return list(found.values())
