"""The ``kaizen`` command (DESIGN.md, "CLI contract"). Thin: parse, call, print.

Exit codes: 0 success, 1 a user error (one clear line on stderr, never a traceback), 2 usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from kaizen_tui import __version__
from kaizen_tui.config import (
    SETTINGS,
    Config,
    format_value,
    load_config,
    resolve_data_dir,
    resolve_today,
)
from kaizen_tui.errors import KaizenError, os_error_message
from kaizen_tui.store import EventSummary, Store


@dataclass
class Context:
    """What every command needs, created on first use (``kaizen --help`` touches no disk)."""

    data_option: str | None
    _store: Store | None = None
    _config: Config | None = None
    _today: date | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return resolve_data_dir(self.data_option)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.data_dir)
        return self._store

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.data_dir)
        return self._config

    @property
    def today(self) -> date:
        if self._today is None:
            self._today = resolve_today()
        return self._today


def fail(message: str) -> NoReturn:
    raise KaizenError(message)


class KaizenGroup(click.Group):
    """Turns every KaizenError (and stray OS error) into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KaizenError as err:
            _die(str(err))
        except OSError as err:
            _die(os_error_message(err))


def _die(message: str) -> NoReturn:
    click.echo(f"kaizen: {message}", err=True)
    sys.exit(1)


pass_ctx = click.make_pass_decorator(Context)


@click.group(
    cls=KaizenGroup, invoke_without_command=True, context_settings={"max_content_width": 100}
)
@click.option(
    "--data",
    "data_option",
    envvar="KAIZEN_DATA",
    metavar="DIR",
    help="Data folder (default: your user data folder; env KAIZEN_DATA).",
)
@click.version_option(__version__, prog_name="kaizen")
@click.pass_context
def main(click_ctx: click.Context, data_option: str | None) -> None:
    """Facilitate kaizen events from charter to sustained result.

    With no command, opens the app on the home screen.
    """
    click_ctx.obj = Context(data_option)
    if click_ctx.invoked_subcommand is None:
        _open_tui(click_ctx.obj)


def _open_tui(ctx: Context, open_event: str | None = None) -> None:
    from kaizen_tui.app import make_app

    app = make_app(ctx.data_dir, config=ctx.config, today=ctx.today, open_event=open_event)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


# -- demo ------------------------------------------------------------------------------------------


@main.command()
@click.option("--no-open", is_flag=True, help="Only add the demo events; do not open the app.")
@pass_ctx
def demo(ctx: Context, no_open: bool) -> None:
    """Add the demo events (once; running it again adds nothing), then open the app."""
    from kaizen_tui.demo import demo_events

    added = []
    for event in demo_events(ctx.today):
        if not ctx.store.exists(event.id):
            ctx.store.create(event, today=ctx.today)
            added.append(event.id)
    if no_open:
        if added:
            click.echo(f"added {len(added)} demo events: {', '.join(added)}")
        else:
            click.echo("the demo events are there already")
        return
    _open_tui(ctx)


# -- list ------------------------------------------------------------------------------------------


def summary_json(summary: EventSummary, today: date) -> dict[str, Any]:
    """One event in ``kaizen list --json`` (documented in docs/cli.md; keep it stable)."""
    return {
        "id": summary.id,
        "title": summary.title,
        "area": summary.area,
        "site": summary.site,
        "business_unit": summary.business_unit,
        "status": summary.status,
        "start": _iso(summary.start),
        "end": _iso(summary.end),
        "report_out": _iso(summary.report_out),
        "revision": summary.revision,
        "actions": summary.actions_total,
        "open_actions": summary.open_actions,
        "overdue_actions": summary.overdue_actions(today),
        "due_soon_actions": summary.due_soon_actions(today),
        "next_review": (
            {"day": summary.next_review_day, "due": _iso(summary.next_review_due)}
            if summary.next_review_due
            else None
        ),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def list_events(ctx: Context, as_json: bool) -> None:
    """Events: id, title, area, status, open/overdue actions, next review."""
    summaries = ctx.store.list_summaries()
    problems = ctx.store.problems()
    if as_json:
        payload = {
            "today": ctx.today.isoformat(),
            "events": [summary_json(s, ctx.today) for s in summaries],
            "problems": [
                {
                    "file": p.file,
                    "reason": p.reason,
                    "moved_to": p.moved_to,
                    "backup_revision": p.backup_revision,
                }
                for p in problems
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_table(summaries, ctx.today)
    for problem in problems:
        click.echo(f"kaizen: warning: {problem.message}", err=True)


def _print_table(summaries: list[EventSummary], today: date) -> None:
    if not summaries:
        click.echo("No events yet. `kaizen demo` adds three sample events; `kaizen` opens the app.")
        return
    header = ("ID", "TITLE", "AREA", "STATUS", "OPEN", "OVERDUE", "NEXT REVIEW")
    rows = [
        (
            s.id,
            s.title,
            s.area,
            s.status.replace("_", " "),
            str(s.open_actions),
            str(s.overdue_actions(today)),
            f"{s.next_review_day}-day {s.next_review_due}" if s.next_review_due else "–",
        )
        for s in summaries
    ]
    limits = (20, 38, 18, 12, 5, 7, 18)
    from rich.cells import cell_len

    widths = [
        min(limit, max(cell_len(row[i]) for row in [header, *rows]))
        for i, limit in enumerate(limits)
    ]

    def line(cells: tuple[str, ...]) -> str:
        # cell widths, not len(): a CJK character takes two columns
        from rich.cells import cell_len, set_cell_size

        out = []
        for cell, width in zip(cells, widths, strict=True):
            if cell_len(cell) > width:
                cell = set_cell_size(cell, width - 1) + "…"
            out.append(set_cell_size(cell, width))
        return "  ".join(out).rstrip()

    click.echo(line(header))
    for row in rows:
        click.echo(line(row))


# -- import / export / restore -----------------------------------------------------------------


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_ctx
def import_(ctx: Context, files: tuple[Path, ...]) -> None:
    """Validate bundles and merge them by id (higher revision wins).

    FILES are bundle files, JSON lists of bundles, or folders of *.json files. Each file is
    all-or-nothing; a conflict is kept in the data folder's conflicts/ and reported.
    """
    from kaizen_tui.store.files import expand_paths, read_bundle_file

    paths = expand_paths(list(files))
    if not paths:
        fail("no .json files found in " + ", ".join(str(f) for f in files))
    # Validate everything first: a bad file is reported before anything is written.
    parsed = []
    failed = 0
    for path in paths:
        try:
            parsed.append((path, read_bundle_file(path)))
        except KaizenError as err:
            failed += 1
            click.echo(f"kaizen: {err}", err=True)
    counts: dict[str, int] = {}
    conflicts = 0
    progress = _progress(len(parsed), "Importing")
    for path, bundles in parsed:
        try:
            outcomes = ctx.store.merge(bundles, today=ctx.today)
        except KaizenError as err:
            failed += 1
            click.echo(f"kaizen: {path}: {err} (nothing from this file was imported)", err=True)
            continue
        finally:
            progress()
        for outcome in outcomes:
            counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
            if outcome.kind == "conflict":
                conflicts += 1
                click.echo(f"kaizen: conflict: {outcome.event_id}: {outcome.detail}", err=True)
            elif len(paths) <= 20 or outcome.applied:
                click.echo(
                    f"{outcome.kind.replace('_', ' ')}: {outcome.event_id} ({outcome.detail})"
                )
    summary = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(counts.items()))
    click.echo(
        f"{len(paths)} file(s): {summary or 'nothing imported'}"
        + (f", {failed} file(s) refused" if failed else "")
    )
    if failed or conflicts:
        sys.exit(1)


def _progress(total: int, label: str) -> Callable[[], None]:
    """A progress bar on stderr for long imports; silent for a handful of files."""
    if total < 50 or not sys.stderr.isatty():
        return lambda: None
    bar = click.progressbar(length=total, label=label, file=sys.stderr)
    bar.__enter__()
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)

    return step


@main.command()
@click.argument("event_id", metavar="ID")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE.")
@pass_ctx
def export(ctx: Context, event_id: str, output: Path | None) -> None:
    """Write an event's bundle as JSON (to stdout by default)."""
    from kaizen_tui.store.files import write_text_file

    text = json.dumps(ctx.store.export_bundle(event_id), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_file(output, text)
        click.echo(str(output))


@main.command()
@click.argument("event_id", metavar="ID")
@pass_ctx
def restore(ctx: Context, event_id: str) -> None:
    """Restore the backup of an event whose file became unreadable."""
    event = ctx.store.restore_backup(event_id)
    click.echo(f"restored {event.id} at revision {event.revision} from its backup")


# -- config ----------------------------------------------------------------------------------------


@main.group(cls=KaizenGroup)
def config() -> None:
    """Show or change settings (stored in the data folder's config.toml)."""


@config.command(name="get")
@click.argument("key", required=False)
@pass_ctx
def config_get(ctx: Context, key: str | None) -> None:
    """Print a setting (all settings when KEY is left out)."""
    if key is None:
        for name, setting in sorted(SETTINGS.items()):
            click.echo(f"{name} = {format_value(ctx.config.get(name))}    # {setting.help}")
        return
    value = ctx.config.get(key)
    if key == "link_base" and not value:
        base, _ = ctx.config.effective_link_base()
        click.echo(f"kaizen: link_base is not set; QR codes use {base}", err=True)
    click.echo(format_value(value))


@config.command(name="set")
@click.argument("key")
@click.argument("value")
@pass_ctx
def config_set(ctx: Context, key: str, value: str) -> None:
    """Change a setting, e.g. `kaizen config set link_base https://kaizen.example.org`."""
    stored = ctx.config.set(key, value)
    ctx.config.save()
    click.echo(f"{key} = {format_value(stored)}")


if __name__ == "__main__":  # pragma: no cover
    main()
