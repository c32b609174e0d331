"""Deciding, before anything is written, what an import of many files does with the same event
found in several of them (an LPO merging many facilitators' laptops).

Across the files, per event id: the highest revision is the one merged into the store; lower
revisions are "older copies" and skipped; identical copies at the highest revision are merged once;
copies at the highest revision that differ are a conflict between files and none of them is
merged. The result does not depend on the order the files are read in. Pure: no disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kaizen_tui.model import Bundle, Event


@dataclass(frozen=True)
class Skipped:
    """A copy of an event that is not merged because another file holds a better one."""

    event_id: str
    revision: int
    path: Path
    reason: Literal["older", "duplicate"]
    kept_path: Path
    kept_revision: int


@dataclass(frozen=True)
class FileConflict:
    """The same event at the same revision with different content in several files."""

    event_id: str
    revision: int
    paths: tuple[Path, ...]


@dataclass
class ImportPlan:
    files: list[tuple[Path, list[Bundle]]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    conflicts: list[FileConflict] = field(default_factory=list)


def _comparable(event: Event, *, with_token: bool) -> dict[str, Any]:
    data = event.model_dump(mode="json", by_alias=True)
    data.pop("updated_at", None)
    if not with_token:
        data.pop("share_token", None)
    return data


def same_content(a: Event, b: Event) -> bool:
    """Equal but for the save time; a bundle without a share token matches any token (the store
    keeps the stored one when such a bundle is merged)."""
    with_token = "share_token" in a.model_fields_set and "share_token" in b.model_fields_set
    return _comparable(a, with_token=with_token) == _comparable(b, with_token=with_token)


def plan_import(parsed: Sequence[tuple[Path, list[Bundle]]]) -> ImportPlan:
    copies: dict[str, list[tuple[Path, Bundle]]] = {}
    for path, bundles in parsed:
        for bundle in bundles:
            if bundle.event.id:
                copies.setdefault(bundle.event.id, []).append((path, bundle))
    plan = ImportPlan()
    dropped: set[int] = set()  # id() of bundles not to merge
    for event_id, found in copies.items():
        if len(found) == 1:
            continue
        top = max(bundle.event.revision for _, bundle in found)
        best = [(path, b) for path, b in found if b.event.revision == top]
        kept_path, kept = best[0]
        differing = [(path, b) for path, b in best[1:] if not same_content(kept.event, b.event)]
        if differing:
            plan.conflicts.append(FileConflict(event_id, top, tuple(path for path, _ in best)))
            dropped.update(id(b) for _, b in best)
        for path, bundle in found:
            in_conflict = id(bundle) in dropped and bundle.event.revision == top
            if bundle is kept or in_conflict:
                continue
            reason: Literal["older", "duplicate"] = (
                "older" if bundle.event.revision < top else "duplicate"
            )
            plan.skipped.append(
                Skipped(event_id, bundle.event.revision, path, reason, kept_path, top)
            )
            dropped.add(id(bundle))
    for path, bundles in parsed:
        plan.files.append((path, [b for b in bundles if id(b) not in dropped]))
    return plan
