"""The ``kaizen`` command (DESIGN.md, "CLI contract"). Thin: parse, call, print.

Exit codes: 0 success, 1 a user error (one clear line on stderr, never a traceback), 2 usage.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from kaizen_tui import __version__
from kaizen_tui.config import (
    DEFAULT_PORT,
    SETTINGS,
    Config,
    format_value,
    load_config,
    resolve_data_dir,
    resolve_today,
)
from kaizen_tui.errors import KaizenError, os_error_message
from kaizen_tui.store import EventSummary, Store

if TYPE_CHECKING:
    from kaizen_tui.logic.attention import Attention


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
        except BrokenPipeError:
            # `kaizen followups | head`: the reader left; not a disk problem to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
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
    with _progress_bar(len(paths), "Reading") as step:
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
    with _progress_bar(len(todo), "Merging") as step:
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


@contextlib.contextmanager
def _progress_bar(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long imports (a terminal only; silent in scripts). A context
    manager, so the bar is closed even when a step fails, before any message is printed."""
    if total < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=f"{label} {total} files", file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def _progress(total: int, label: str) -> Callable[[], None]:
    """A progress bar on stderr for long runs (publish); silent for a handful of items."""
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


@dataclass(frozen=True)
class ExportFormat:
    help: str
    #: (text for stdout, bytes for a file); they differ only where a file needs more (CSV's BOM)
    write: Callable[[Context, str], tuple[str, bytes]]


def _export_json(ctx: Context, event_id: str) -> tuple[str, bytes]:
    text = json.dumps(ctx.store.export_bundle(event_id), ensure_ascii=False, indent=2) + "\n"
    return text, text.encode("utf-8")


def _export_markdown(ctx: Context, event_id: str) -> tuple[str, bytes]:
    from kaizen_tui.a3.markdown import a3_markdown

    link_base, _ = ctx.config.effective_link_base()
    text = a3_markdown(
        ctx.store.load(event_id),
        today=ctx.today,
        link_base=link_base,
        categories=ctx.config.fishbone_categories,
    )
    return text, text.encode("utf-8")


def _export_csv(ctx: Context, event_id: str) -> tuple[str, bytes]:
    from kaizen_tui.exports import actions_csv, csv_bytes

    text = actions_csv(ctx.store.load(event_id), ctx.today)
    return text, csv_bytes(text)  # a file gets the byte-order mark Excel needs; a pipe does not


def _export_ics(ctx: Context, event_id: str) -> tuple[str, bytes]:
    from kaizen_tui.exports import event_ics

    data = event_ics(ctx.store.load(event_id), link_base=ctx.config.effective_link_base()[0])
    return data.decode("utf-8"), data


#: ``kaizen export`` formats, one flag each; a new format is one entry and one function.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    "json": ExportFormat("The event bundle as JSON (the default).", _export_json),
    "markdown": ExportFormat("The A3 as Markdown, for a wiki page.", _export_markdown),
    "csv": ExportFormat("The actions as CSV (for a spreadsheet).", _export_csv),
    "ics": ExportFormat("Review and due dates as iCalendar.", _export_ics),
}


def _format_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for name, fmt in reversed(EXPORT_FORMATS.items()):
        func = click.option(f"--{name}", f"as_{name}", is_flag=True, help=fmt.help)(func)
    return func


@main.command()
@click.argument("event_id", metavar="ID")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE.")
@_format_options
@pass_ctx
def export(ctx: Context, event_id: str, output: Path | None, **flags: bool) -> None:
    """Write an event as a JSON bundle (to stdout by default), its A3 as Markdown, its actions
    as CSV, or its review and due dates as iCalendar."""
    from kaizen_tui.logic.words import join_and
    from kaizen_tui.store.files import write_bytes_file

    chosen = [name for name in EXPORT_FORMATS if flags[f"as_{name}"]]
    if len(chosen) > 1:
        fail("choose one of " + join_and(f"--{name}" for name in chosen))
    text, data = EXPORT_FORMATS[chosen[0] if chosen else "json"].write(ctx, event_id)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_bytes_file(output, data)
        click.echo(str(output))


# -- a3 --------------------------------------------------------------------------------------------

PAPER_CHOICES = ("a3", "tabloid", "a4", "letter")  # kaizen_tui.a3.render.PAPERS, without reportlab
LP_MEDIA = {"a3": "A3", "tabloid": "Tabloid", "a4": "A4", "letter": "Letter"}


@main.command(name="a3")
@click.argument("event_id", metavar="ID")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the PDF to FILE (default: ID-A3-rREVISION.pdf in the a3_dir setting's folder, "
    "else this folder).",
)
@click.option(
    "--paper",
    type=click.Choice(PAPER_CHOICES, case_sensitive=False),
    default="a3",
    show_default=True,
    help="Paper size, landscape (tabloid is 11×17 in).",
)
@click.option("--print", "to_printer", is_flag=True, help="Also send it to the default printer.")
@pass_ctx
def a3(ctx: Context, event_id: str, output: Path | None, paper: str, to_printer: bool) -> None:
    """Print the event's one-page A3 summary as a PDF, with a QR code to its live action list.

    Records on the event that the A3 was printed at this revision (for the close-out gate).
    Printing an unchanged event again gives the same page and records nothing new."""
    from kaizen_tui.a3.output import a3_filename, a3_folder
    from kaizen_tui.a3.record import mark_printed
    from kaizen_tui.a3.render import render_a3
    from kaizen_tui.errors import StorageError
    from kaizen_tui.store.files import write_bytes_file

    event = ctx.store.load(event_id)
    link_base, guessed = ctx.config.effective_link_base()
    if guessed:
        click.echo(
            f"kaizen: link_base is not set; the QR code points to {link_base} "
            "(set it with `kaizen config set link_base URL`)",
            err=True,
        )
    try:
        event = mark_printed(ctx.store, event)
    except StorageError as err:
        # a read-only data folder still gets its A3; it just cannot remember printing it
        click.echo(f"kaizen: warning: the print is not recorded: {err}", err=True)
    pdf = render_a3(
        event,
        link_base=link_base,
        paper=paper.lower(),
        today=ctx.today,
        categories=ctx.config.fishbone_categories,
    )
    path = output or a3_folder(ctx.config.a3_dir) / a3_filename(event)
    write_bytes_file(path, pdf, make_folder=output is None)
    click.echo(str(path))
    if to_printer:
        _send_to_printer(path, paper.lower())


def _send_to_printer(path: Path, paper: str) -> None:
    import shutil
    import subprocess

    lp = shutil.which("lp")
    if lp is None:
        fail(
            f"cannot print: there is no `lp` command (CUPS is not installed); {path} is "
            "written, print it from a PDF viewer"
        )
    try:
        done = subprocess.run(
            [lp, "-o", f"media={LP_MEDIA[paper]}", "-o", "fit-to-page", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        fail(f"cannot print {path}: {err}")
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        fail(f"cannot print {path}: {reason[-1] if reason else f'lp exited {done.returncode}'}")
    click.echo((done.stdout.strip() or f"sent {path} to the printer").splitlines()[0])


@main.command()
@click.argument("event_id", metavar="ID")
@pass_ctx
def restore(ctx: Context, event_id: str) -> None:
    """Restore the backup of an event whose file became unreadable."""
    event = ctx.store.restore_backup(event_id)
    click.echo(f"restored {event.id} at revision {event.revision} from its backup")


# -- follow-up: needs attention, close-out gate, status, reviews -------------------------------


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/cli.md).")
@click.option(
    "--within",
    "within_days",
    type=click.IntRange(0, 365),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="Count as due soon what falls due up to DAYS days ahead.",
)
@pass_ctx
def followups(ctx: Context, as_json: bool, within_days: int) -> None:
    """Reviews and actions overdue or due soon, across all events, by owner."""
    from kaizen_tui.logic.attention import needs_attention

    attention = needs_attention(ctx.store.list_summaries(), ctx.today, within_days=within_days)
    if as_json:
        click.echo(json.dumps(attention.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_attention(attention)
    for problem in ctx.store.problems():
        click.echo(f"kaizen: warning: {problem.message}", err=True)


def _print_attention(attention: Attention) -> None:
    from rich.cells import cell_len, set_cell_size

    from kaizen_tui.logic.attention import due_words

    horizon = attention.today.toordinal() + attention.within_days
    by = date.fromordinal(horizon).isoformat()
    if not attention.groups:
        click.echo(f"Nothing needs attention: no review or action is overdue or due by {by}.")
        return
    click.echo(f"Overdue, or due by {by} (today is {attention.today}):")
    id_width = min(20, max(cell_len(i.event_id) for i in attention.items))
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    for group in attention.groups:
        counts = [f"{group.overdue} overdue"] if group.overdue else []
        counts += [f"{group.due_soon} due soon"] if group.due_soon else []
        click.echo(f"\n{group.owner or '(no owner)'} · {', '.join(counts)}")
        for item in group.items:
            when = due_words(item.days)
            what = (
                f"{item.label} · {item.event_title}"
                if item.kind == "review"
                else f"{item.label} · {item.what}"
            )
            line = (
                f"  {item.due}  {set_cell_size(when, 15)}  "
                f"{set_cell_size(item.event_id, id_width)}  {what}"
            )
            if cell_len(line) > width:
                line = set_cell_size(line, width - 1) + "…"
            click.echo(line)


@main.command()
@click.argument("event_id", metavar="ID")
@click.option(
    "--override",
    "overrides",
    multiple=True,
    metavar="RULE=REASON",
    help="Pass a failing rule on purpose; the reason is recorded. Repeatable.",
)
@click.option("--check", is_flag=True, help="Only show the checklist; change nothing.")
@pass_ctx
def gate(ctx: Context, event_id: str, overrides: tuple[str, ...], check: bool) -> None:
    """The close-out gate at report-out: check it and, when it passes, move the event to
    reported and schedule its reviews.

    Rules: actions (every open action has an owner and a due date), metrics (every metric has a
    baseline and a target), people (team leader and process owner named), a3 (the A3 printed at
    the current revision).
    """
    from kaizen_tui.logic import gate as gate_logic
    from kaizen_tui.logic.transitions import IllegalMove

    reasons = _pairs(overrides, "--override", "RULE=REASON")
    gate_logic.check_overrides(reasons)
    event = ctx.store.load(event_id)
    refusal = gate_logic.gate_refusal(event)
    if refusal:
        hint = f": kaizen status {event.id} live" if event.status == "planned" else ""
        raise IllegalMove(refusal + hint)
    checks = gate_logic.check_gate(event)
    click.echo(f"Close-out gate · {event.id} · {event.title}")
    for item in checks:
        reason = reasons.get(item.rule, "").strip()
        mark = "✓" if item.passed else ("~" if reason else "✗")
        click.echo(f"  {mark} {item.rule:<8} {item.title}: {item.message}")
        if reason and not item.passed:
            click.echo(f"    {'':<8} overridden: {reason}")
    blocking = gate_logic.outstanding(checks, reasons)
    if check:
        if blocking:
            fail(f"the gate would not pass: {'; '.join(c.message for c in blocking)}")
        click.echo("The gate would pass.")
        return
    passed = gate_logic.close_out(
        event,
        today=ctx.today,
        overrides=reasons,
        by=ctx.config.user_name,
        default_days=ctx.config.review_days,
    )
    saved = ctx.store.save(passed)
    dates = ", ".join(f"{r.day}-day {r.due}" for r in saved.reviews if r.held_on is None)
    click.echo(f"{saved.id} is reported (report-out {saved.report_out}). Reviews: {dates}.")


def _pairs(values: tuple[str, ...], option: str, shape: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            fail(f"{option} {value!r}: write it as {shape}")
        pairs[key.strip()] = rest
    return pairs


@main.command()
@click.argument("event_id", metavar="ID")
@click.argument("new_status", metavar="STATUS", required=False)
@click.option("--reason", default="", help="Why (needed to abandon, and for every move back).")
@pass_ctx
def status(ctx: Context, event_id: str, new_status: str | None, reason: str) -> None:
    """Show an event's status and where it can go, or move it to STATUS.

    STATUS is one of planned, live, reported, following_up, closed, abandoned. An event becomes
    reported through `kaizen gate`; closing needs the last review held with the verdict sustained.
    """
    from kaizen_tui.logic.transitions import (
        change_status,
        label,
        move_problems,
        needs_reason,
        targets,
    )

    event = ctx.store.load(event_id)
    if new_status is None:
        click.echo(f"{event.id} is {label(event.status)}")
        if event.status_reason:
            click.echo(f"  reason: {event.status_reason}")
        for to in targets(event):
            # a placeholder reason, so the list shows the conditions beyond the reason
            problems = move_problems(event, to, reason="given")
            if problems:
                note = problems[0]
            else:
                note = "possible, with --reason" if needs_reason(event, to) else "possible"
            click.echo(f"  → {to}: {note}")
        return
    new_status = new_status.strip().lower().replace(" ", "_").replace("-", "_")
    problems = move_problems(event, new_status, reason=reason)
    if problems:
        hint = ""
        if event.status == "live" and new_status == "reported":
            hint = f": kaizen gate {event.id}"
        elif problems[0].endswith("needs a reason"):
            hint = " (--reason TEXT)"
        fail(problems[0] + hint)
    moved = change_status(
        event, new_status, today=ctx.today, reason=reason, by=ctx.config.user_name
    )
    saved = ctx.store.save(moved)
    click.echo(f"{saved.id}: {label(event.status)} → {label(saved.status)}")


@main.command()
@click.argument("event_id", metavar="ID")
@click.argument("day", type=int)
@click.option(
    "--held-on", default="today", show_default=True, metavar="DATE", help="When it was held."
)
@click.option(
    "--reading", "readings", multiple=True, metavar="METRIC=VALUE", help="e.g. M1=41. Repeatable."
)
@click.option(
    "--action",
    "action_specs",
    multiple=True,
    metavar="ID=CHANGE",
    help=(
        "An action update: A4=done, A4=open, 'A5=dropped:REASON', A6=due:DATE, A3=pdca:0-4, "
        "'A3=note:TEXT'. Repeatable."
    ),
)
@click.option("--notes", default="", help="What the review found and decided.")
@click.option(
    "--verdict",
    type=click.Choice(["sustained", "slipping", "lost"]),
    help="Your verdict (default: the one the readings suggest).",
)
@pass_ctx
def review(
    ctx: Context,
    event_id: str,
    day: int,
    held_on: str,
    readings: tuple[str, ...],
    action_specs: tuple[str, ...],
    notes: str,
    verdict: str | None,
) -> None:
    """Record a held follow-up review: readings, action updates, notes and a verdict."""
    from kaizen_tui.logic.dates import parse_user_date
    from kaizen_tui.logic.followup import (
        ReviewRecord,
        VerdictNeeded,
        hold_review,
        suggestion_for,
    )
    from kaizen_tui.logic.transitions import close_problems

    try:
        held = parse_user_date(held_on, ctx.today)
    except ValueError as err:
        fail(f"--held-on: {err}")
    values: dict[str, float] = {}
    for metric_id, raw in _pairs(readings, "--reading", "METRIC=VALUE").items():
        try:
            values[metric_id] = float(raw.replace(",", "."))
        except ValueError:
            fail(f"--reading {metric_id}={raw}: the value must be a number")
    record = ReviewRecord(
        day=day,
        held_on=held,
        readings=values,
        actions=_action_updates(action_specs, ctx.today),
        notes=notes,
        verdict=verdict,  # type: ignore[arg-type]
        by=ctx.config.user_name,
    )
    event = ctx.store.load(event_id)
    try:
        held_event = hold_review(event, record, today=ctx.today)
    except VerdictNeeded as err:
        fail(
            f"no verdict to suggest ({err.reason}): give the readings with --reading "
            "METRIC=VALUE, or choose with --verdict sustained|slipping|lost"
        )
    saved = ctx.store.save(held_event)
    held_review = next(r for r in saved.reviews if r.day == day)
    suggested = held_review.suggested_verdict or "none"
    click.echo(
        f"{saved.id}: {day}-day review held on {held_review.held_on}, verdict "
        f"{held_review.verdict} (suggested {suggested})"
    )
    for judged in suggestion_for(saved, held_review.readings).metrics:
        metric = saved.metric(judged.metric_id)
        unit = f" {metric.unit}" if metric and metric.unit else ""
        unit = "%" if unit == " %" else unit
        if judged.reading is None:
            click.echo(f"  {judged.metric_id} {judged.name}: {judged.why}")
            continue
        verdict_note = f" ({judged.verdict})" if judged.verdict else ""
        click.echo(
            f"  {judged.metric_id} {judged.name}: {judged.reading:g}{unit} — "
            f"{judged.why}{verdict_note}"
        )
    if held_review.verdict == "lost":
        click.echo("The gains are lost: add an action, or plan a re-run of the event.")
    elif saved.status == "following_up" and not close_problems(saved):
        click.echo(f"{saved.id} can be closed: kaizen status {saved.id} closed")


def _action_updates(specs: tuple[str, ...], today: date) -> list[Any]:
    """``A4=done``, ``A5=dropped:REASON``, ``A6=due:DATE``, ``A3=pdca:2``, ``A3=note:TEXT``;
    several specs for one action are merged into one update."""
    from kaizen_tui.logic.dates import parse_user_date
    from kaizen_tui.logic.followup import ActionUpdate

    fields: dict[str, dict[str, Any]] = {}
    for spec in specs:
        action_id, sep, change = spec.partition("=")
        action_id = action_id.strip()
        if not sep or not action_id or not change.strip():
            fail(f"--action {spec!r}: write it as ID=CHANGE, e.g. A4=done or A6=due:2027-01-15")
        kind, _, arg = change.partition(":")
        kind = kind.strip().lower()
        got = fields.setdefault(action_id, {})
        if kind in ("done", "open"):
            got["status"] = kind
        elif kind == "dropped":
            got["status"], got["reason"] = "dropped", arg
        elif kind == "due":
            try:
                got["due"] = parse_user_date(arg, today)
            except ValueError as err:
                fail(f"--action {spec!r}: {err}")
        elif kind == "pdca":
            if not arg.strip().isdigit() or not 0 <= int(arg) <= 4:
                fail(f"--action {spec!r}: PDCA is a step from 0 to 4")
            got["pdca"] = int(arg)
        elif kind == "note":
            got["note"] = arg
        else:
            fail(
                f"--action {spec!r}: the change is done, open, dropped:REASON, due:DATE, "
                "pdca:0-4 or note:TEXT"
            )
    return [ActionUpdate(action_id, **values) for action_id, values in fields.items()]


# -- action pages (the QR code's target) ----------------------------------------------------------


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets phones on your network in.",
)
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port (0: any free port).")
@pass_ctx
def serve(ctx: Context, host: str, port: int) -> None:
    """Serve the read-only action pages at /e/<share token> until Ctrl+C.

    Pages are read from the data folder on every request, so they show each save at once.
    """
    from kaizen_tui.logic.words import plural
    from kaizen_tui.web import serve as web
    from kaizen_tui.web.app import create_app

    link_base, guessed = ctx.config.effective_link_base()
    store = Store(ctx.data_dir, read_only=True)
    events = len(store.list_summaries())
    listener = web.listen(host, port)
    app = create_app(store, link_base=link_base, today=resolve_today)
    click.echo(f"Serving the action pages of {plural(events, 'event')} at {listener.base_url}/")
    for line in web.link_base_advice(listener, link_base, guessed):
        click.echo(line)
    click.echo("Press Ctrl+C to stop.")
    web.run(app, listener)


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@pass_ctx
def publish(ctx: Context, folder: Path) -> None:
    """Write the action pages as static files into DIR, for any web server or shared drive.

    DIR/e/<share token>/ holds each event's page, actions.csv and reviews.ics. Running it again
    rewrites only what changed and removes the pages of events that are gone.
    """
    from kaizen_tui.logic.words import plural
    from kaizen_tui.web.publish import publish as publish_pages

    link_base, guessed = ctx.config.effective_link_base()
    store = Store(ctx.data_dir, read_only=True)
    step = _progress(len(store.list_summaries()), "Publishing")
    result = publish_pages(store, folder, today=ctx.today, link_base=link_base, on_event=step)
    for message in result.skipped:
        click.echo(f"kaizen: warning: {message}", err=True)
    click.echo(
        f"{plural(result.events, 'event')} published to {folder}: "
        f"{plural(len(result.written), 'file')} written, "
        f"{result.unchanged} unchanged, {len(result.removed)} removed"
    )
    if guessed:
        click.echo(
            "kaizen: link_base is not set, so QR codes point to "
            f"{link_base}; set it to the address where {folder} is served: "
            "kaizen config set link_base URL",
            err=True,
        )


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


# -- the Lean Promotion Office's commands (lpo_cli.py) -----------------------------------------

from kaizen_tui.lpo_cli import report, yokoten  # noqa: E402  (registered after the group exists)

main.add_command(report)
main.add_command(yokoten)


if __name__ == "__main__":  # pragma: no cover
    main()
