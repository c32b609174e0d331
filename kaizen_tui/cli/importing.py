"""``kaizen import``: bundles from files and folders, merged by id, all-or-nothing per file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import click

from kaizen_tui.cli.context import Context, fail, pass_ctx
from kaizen_tui.cli.progress import progress_bar
from kaizen_tui.errors import KaizenError


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="A line per event, however many files.")
@pass_ctx
def import_(ctx: Context, files: tuple[Path, ...], verbose: bool) -> None:
    """Validate bundles and merge them by id (higher revision wins).

    FILES are bundle files, JSON lists of bundles, or folders (searched with their subfolders,
    e.g. one per facilitator's laptop). The same event in several files is merged once, at its
    highest revision; the same revision with different content is a conflict and is not
    imported. Each file is all-or-nothing. A progress bar shows for large folders.
    """
    from kaizen_tui.logic.words import plural
    from kaizen_tui.store.files import expand_paths, read_bundle_file
    from kaizen_tui.store.importplan import plan_import

    paths = expand_paths(list(files))
    if not paths:
        fail("no .json files found in " + ", ".join(str(f) for f in files))
    # Validate everything first: a bad file is reported before anything is written.
    errors: list[str] = []
    parsed = []
    with _files_bar(len(paths), "Reading") as step:
        for path in paths:
            try:
                parsed.append((path, read_bundle_file(path)))
            except KaizenError as err:
                errors.append(str(err))
            step()
    plan = plan_import(parsed)
    todo = [(path, bundles) for path, bundles in plan.files if bundles]
    outcomes = []
    refused = len(errors)
    # the index rows of every file in few transactions, not one per event (sqlindex.batch)
    with _files_bar(len(todo), "Merging") as step, ctx.store.index_batch():
        for path, bundles in todo:
            try:
                outcomes += [(path, o) for o in ctx.store.merge(bundles, today=ctx.today)]
            except KaizenError as err:
                refused += 1
                errors.append(f"{path}: {err} (nothing from this file was imported)")
            step()
    # Messages only once the bars are done, so that they never tear a bar apart.
    for message in errors:
        click.echo(f"kaizen: {message}", err=True)
    for clash in plan.conflicts:
        click.echo(
            f"kaizen: conflict: {clash.event_id}: revision {clash.revision} differs between "
            f"{' and '.join(str(p) for p in clash.paths)}; none imported: compare them, keep "
            "one, raise its revision and import it again",
            err=True,
        )
    conflicts = len(plan.conflicts)
    counts: dict[str, int] = {}
    for path, outcome in outcomes:
        counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
        if outcome.kind == "conflict":
            conflicts += 1
            click.echo(
                f"kaizen: conflict: {outcome.event_id}: {outcome.detail} (from {path})", err=True
            )
        elif verbose or len(paths) <= 20:
            click.echo(f"{outcome.kind.replace('_', ' ')}: {outcome.event_id} ({outcome.detail})")
    for skip in plan.skipped:
        counts[skip.reason] = counts.get(skip.reason, 0) + 1
        if verbose or len(paths) <= 20:
            label = "older copy" if skip.reason == "older" else "duplicate"
            click.echo(
                f"{label}: {skip.event_id} revision {skip.revision} in {skip.path} "
                f"({skip.kept_path} has revision {skip.kept_revision})"
            )
    counts["conflict"] = conflicts
    counts["refused"] = refused
    copies = plural(sum(len(bundles) for _, bundles in parsed), "event copy", "event copies")
    click.echo(f"{plural(len(paths), 'file')} read, holding {copies}:")
    for kind, label, meaning in IMPORT_SUMMARY:
        if counts.get(kind):
            click.echo(f"  {counts[kind]:>5} {label:<12} {meaning}")
    if not any(counts.get(kind) for kind, _, _ in IMPORT_SUMMARY):
        click.echo("  nothing imported")
    if conflicts:
        click.echo("Conflicts are listed above; nothing was overwritten.")
    if refused or conflicts:
        sys.exit(1)


#: The end summary of an import, in this order: (outcome, label, what it means)
IMPORT_SUMMARY = (
    ("added", "added", "new to this data folder"),
    ("updated", "updated", "a newer revision replaced the stored one"),
    ("unchanged", "unchanged", "the data folder has this revision already"),
    ("kept_newer", "kept newer", "the data folder has a newer revision; the file's was not used"),
    ("older", "older copy", "another file has a newer revision of the same event"),
    ("duplicate", "duplicate", "the same revision in several files, imported once"),
    ("conflict", "conflict", "same revision, different content: not imported (listed above)"),
    ("refused", "refused", "file(s) not valid or not writable: nothing from them imported"),
)


#: Below this many files an import is quick enough that a bar would only flicker.
PROGRESS_MIN_FILES = 20


def _files_bar(total: int, verb: str) -> AbstractContextManager[Callable[[], None]]:
    return progress_bar(total, f"{verb} {total} files", at_least=PROGRESS_MIN_FILES)
