"""Bundle files that a user hands us (import) or asks for (export): outside the data folder."""

from __future__ import annotations

import os
from pathlib import Path

from kaizen_tui.errors import BundleError, KaizenError, os_error_message
from kaizen_tui.model import Bundle, parse_bundle
from kaizen_tui.store.atomic import atomic_write_bytes
from kaizen_tui.store.migrations import migrate
from kaizen_tui.store.tinystorage import UnreadableFile, parse_json_bytes, read_limited_bytes


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders as every ``*.json`` file in them and their subfolders (one per
    facilitator's laptop, say), sorted. Hidden files and folders are skipped; symbolic links to
    folders are not followed, so a link loop cannot hang an import. A file named twice is read
    once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside: list[Path] = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                inside.extend(
                    Path(folder, name)
                    for name in files
                    if name.lower().endswith(".json") and not name.startswith(".")
                )
            found.extend(sorted(inside))
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve() if path.exists() else path
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def read_bundle_file(path: Path) -> list[Bundle]:
    """Every bundle in ``path`` (one bundle, or a JSON list of them), all validated; otherwise a
    BundleError whose message starts with the file name and names the field.

    Only regular files of at most MAX_JSON_BYTES are read, within the JSON limits of
    tinystorage.loads_limited (nesting, number sizes): a pipe, a device or a hostile file is
    refused with one line, never a hang, a traceback or all the memory."""
    try:
        data = parse_json_bytes(path, read_limited_bytes(path))
    except UnreadableFile as err:
        raise BundleError(f"{path}: {err.reason}") from None
    except FileNotFoundError:
        raise KaizenError(f"{path}: no such file") from None
    except OSError as err:
        raise KaizenError(f"{path}: cannot read it ({err.strerror or err})") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise BundleError(f"{path}: the list holds no bundles")
    bundles = []
    for number, item in enumerate(items, 1):
        where = f"{path}" if len(items) == 1 else f"{path} (bundle {number})"
        try:
            bundles.append(parse_bundle(migrate(item)[0] if isinstance(item, dict) else item))
        except BundleError as err:
            raise BundleError(f"{where}: {err}") from None
    ids = [b.event.id for b in bundles if b.event.id]
    if len(ids) != len(set(ids)):
        raise BundleError(f"{path}: holds the same event id twice")
    holders: dict[str, str] = {}
    for number, bundle in enumerate(bundles, 1):
        if "share_token" not in bundle.event.model_fields_set:
            continue  # drawn at random
        who = bundle.event.id or f"bundle {number}"
        first = holders.setdefault(bundle.event.share_token, who)
        if first != who:
            raise BundleError(
                f"{path}: {first} and {who} have the same share_token (one link opens one "
                "event); remove it from one of them and a new one is drawn"
            )
    return bundles


def write_text_file(path: Path, text: str) -> None:
    write_bytes_file(path, text.encode("utf-8"))


def write_bytes_file(path: Path, data: bytes, *, make_folder: bool = False) -> None:
    """Write a file the user asked for (``-o FILE``), atomically as the store writes events: a
    full disk or a crash leaves the file that was there, never half of the new one.
    ``make_folder`` creates its folder first (an A3 folder named in the settings)."""
    try:
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError as err:
        raise KaizenError(os_error_message(err, path)) from None
