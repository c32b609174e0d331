"""Schema versions of stored bundles and the hook that upgrades old ones on read.

The schema version is the major number of ``format`` (``kaizen-event/1``). A migration takes a
bundle dict of major N and returns one of major N+1; they run in order on load and import, and
the next save writes the current format. Minor versions only add keys, which every model keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kaizen_tui.model import FORMAT_MAJOR, FORMAT_NAME, check_format, format_major

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: from-major → function. Empty while every bundle ever written is kaizen-event/1.
MIGRATIONS: dict[int, Migration] = {}


def register(from_major: int) -> Callable[[Migration], Migration]:
    def decorate(func: Migration) -> Migration:
        MIGRATIONS[from_major] = func
        return func

    return decorate


def migrate(doc: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Bring ``doc`` to the current format; returns (doc, whether anything changed).

    Refuses a newer major version (BundleError) and an old one with no migration path.
    """
    check_format(doc)
    major = format_major(doc["format"])
    changed = False
    while major < FORMAT_MAJOR:
        step = MIGRATIONS.get(major)
        if step is None:
            from kaizen_tui.errors import BundleError

            raise BundleError(
                f"format {doc['format']!r} is too old and this version has no migration "
                f"for it (reads {FORMAT_NAME}/{FORMAT_MAJOR})"
            )
        doc = step(doc)
        major += 1
        doc["format"] = f"{FORMAT_NAME}/{major}"
        changed = True
    return doc, changed
