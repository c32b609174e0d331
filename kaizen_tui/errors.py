"""Errors a user can act on.

Every exception derived from :class:`KaizenError` carries a message written for the person at the
keyboard; the CLI prints it as one line and exits 1, the TUI shows it as a notification.
"""

from __future__ import annotations

import errno


class KaizenError(Exception):
    """A problem the user can fix; ``str(err)`` is the whole message."""


class BundleError(KaizenError):
    """A bundle (import file, event file) that is not valid."""


class NewerFormatError(BundleError):
    """A bundle written by a newer kaizen-tui (a newer major format version)."""


class NotFound(KaizenError):
    """No event with that id."""


class ConflictError(KaizenError):
    """A save based on an old revision: somebody else saved first."""

    def __init__(self, message: str, *, stored_revision: int, base_revision: int) -> None:
        super().__init__(message)
        self.stored_revision = stored_revision
        self.base_revision = base_revision


class StorageError(KaizenError):
    """The data folder cannot be written or read (read-only, full disk, locked)."""


def os_error_message(err: OSError, path: object = None) -> str:
    """One line for an OS error while writing, with the way out when the folder is read-only."""
    where = err.filename or path or "the data folder"
    hint = "choose another data folder with --data DIR or KAIZEN_DATA"
    if isinstance(err, PermissionError):
        return f"cannot write {where}: permission denied (is the data folder read-only? {hint})"
    if err.errno == errno.EROFS:
        return f"cannot write {where}: the file system is read-only ({hint})"
    if err.errno == errno.ENOSPC:
        return f"cannot write {where}: the disk is full"
    return f"cannot write {where}: {err.strerror or err}"
