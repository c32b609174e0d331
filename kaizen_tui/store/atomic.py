"""Crash-safe file replacement: a crash at any instant leaves the old or the new file, never a
torn one. Used for event files (with fsync and a backup) and for caches (without)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from kaizen_tui.errors import StorageError, os_error_message

TMP_SUFFIX = ".tmp"


def temp_path_for(path: Path) -> Path:
    # Same folder, so os.replace is a rename on one filesystem; hidden and unique per writer.
    # (os.urandom rather than secrets: the name needs no more, and secrets loads hashlib.)
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(
    path: Path, data: bytes, *, fsync: bool = True, backup: Path | None = None, mode: int = 0o644
) -> None:
    """Write ``data`` to ``path`` atomically.

    temp file in the same folder → write → flush/fsync → (keep the old file as ``backup``) →
    ``os.replace`` → fsync the folder. The backup is a hard link to the previous file, so keeping
    it costs no copy (the old file is never written again, so the link is a true snapshot);
    where links are not supported it is copied. ``mode`` is the new file's (0o600 for a file
    holding a secret, before any byte of it is written).
    """
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        had_previous = path.exists()
        if backup is not None and had_previous:
            _keep_backup(path, backup)
        os.replace(tmp, path)
        if backup is not None and not had_previous:
            # A first version is its own backup, as a copy (a link would share the damage if
            # another tool truncated the file in place).
            atomic_write_bytes(backup, data, fsync=fsync)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if fsync:
        fsync_dir(path.parent)


def _keep_backup(path: Path, backup: Path) -> None:
    staging = temp_path_for(backup)
    try:
        os.link(path, staging)
    except OSError:
        staging.write_bytes(path.read_bytes())
    os.replace(staging, backup)
    # rename() between two links to one file does nothing and leaves the source behind
    staging.unlink(missing_ok=True)


def remove_stale_temp_files(folder: Path, older_than_s: float = 600.0) -> None:
    """Remove temp files left by writers that were killed mid-write (they never hold
    acknowledged data): those whose writer process is gone, or that are simply old."""
    import time

    limit = time.time() - older_than_s
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(TMP_SUFFIX)):
                continue
            with contextlib.suppress(OSError):
                if not _writer_alive(entry.name) or entry.stat().st_mtime < limit:
                    os.unlink(entry.path)


def _writer_alive(temp_name: str) -> bool:
    parts = temp_name.split(".")
    pid = parts[-3] if len(parts) >= 4 else ""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn OS errors while writing ``path`` into a StorageError: one line a user can act on."""
    try:
        yield
    except OSError as err:
        raise StorageError(os_error_message(err, path)) from None
