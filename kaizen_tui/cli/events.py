"""``kaizen demo``, ``kaizen list`` and ``kaizen restore``: the events in the data folder."""

from __future__ import annotations

import shutil
from datetime import date
from typing import Any

import click

from kaizen_tui.cli.context import Context, complete_event_id, open_tui, pass_ctx
from kaizen_tui.cli.output import data_stream
from kaizen_tui.logic.summary import EventSummary
from kaizen_tui.logic.words import one_line


@click.command()
@click.option("--no-open", is_flag=True, help="Only add the demo events; do not open the app.")
@pass_ctx
def demo(ctx: Context, no_open: bool) -> None:
    """Add the demo events (once; running it again adds nothing), then open the app."""
    from kaizen_tui.cli.context import check_terminal
    from kaizen_tui.demo import demo_events

    if not no_open:  # before adding anything: the whole command is refused
        check_terminal("; `kaizen demo --no-open` adds the demo events without opening the app")

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
    open_tui(ctx)


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
        "conflicts": summary.conflicts,
        "next_review": (
            {"day": summary.next_review_day, "due": _iso(summary.next_review_due)}
            if summary.next_review_due
            else None
        ),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def list_events(ctx: Context, as_json: bool) -> None:
    """Events: id, title, area, status, open/overdue actions, next review."""
    store = ctx.store
    store.sync_index()  # first, so that unreadable files are known before the list is written
    problems = store.problems()
    if as_json:
        from kaizen_tui.jsonout import Stream, iter_json

        # streamed: one event at a time, however many there are
        payload = {
            "today": ctx.today.isoformat(),
            "events": Stream(summary_json(s, ctx.today) for s in store.iter_summaries(ctx.today)),
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
        data_stream(iter_json(payload), json=True)
    else:
        _print_table(store.list_summaries(ctx.today), ctx.today)
    tell_problems(ctx)


def tell_problems(ctx: Context) -> None:
    """Unreadable event files and notices about the index, one line each on stderr."""
    for notice in ctx.store.take_notices():
        click.echo(f"kaizen: notice: {notice}", err=True)
    for problem in ctx.store.problems():
        click.echo(f"kaizen: warning: {problem.message}", err=True)


def _print_table(summaries: list[EventSummary], today: date) -> None:
    if not summaries:
        click.echo("No events yet. `kaizen demo` adds three sample events; `kaizen` opens the app.")
        return
    header: tuple[str, ...] = ("ID", "TITLE", "AREA", "STATUS", "OPEN", "OVERDUE", "NEXT REVIEW")
    rows: list[tuple[str, ...]] = [
        (
            s.id,
            one_line(s.title),  # a line feed in a title would break the table
            one_line(s.area),
            s.status.replace("_", " "),
            str(s.open_actions),
            str(s.overdue_actions(today)),
            f"{s.next_review_day}-day {s.next_review_due}" if s.next_review_due else "–",
        )
        for s in summaries
    ]
    limits: tuple[int, ...] = (20, 38, 18, 12, 5, 7, 18)
    if any(s.conflicts for s in summaries):
        # events synced with the hub that wait for a choice (`kaizen resolve`)
        header += ("SYNC",)
        rows = [
            (
                *row,
                f"{s.conflicts} conflict{'s' if s.conflicts != 1 else ''}" if s.conflicts else "",
            )
            for row, s in zip(rows, summaries, strict=True)
        ]
        limits += (12,)
    from rich.cells import cell_len

    natural = [
        min(limit, max(cell_len(row[i]) for row in [header, *rows]))
        for i, limit in enumerate(limits)
    ]
    widths = list(natural)
    # The table fits the terminal: title and area give up room (each keeps a readable minimum),
    # and below that the area column goes, its room back to the title.
    excess = sum(widths) + 2 * (len(widths) - 1) - shutil.get_terminal_size((100, 24)).columns
    for index, least in ((1, 16), (2, 8), (1, 10)):
        give = max(0, min(excess, widths[index] - least))
        widths[index] -= give
        excess -= give
    if excess > 0:
        excess -= widths.pop(2) + 2
        widths[1] = min(natural[1], widths[1] - min(excess, 0))
        header = header[:2] + header[3:]
        rows = [row[:2] + row[3:] for row in rows]

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


@click.command()
@click.argument("event_id", metavar="ID", shell_complete=complete_event_id)
@pass_ctx
def restore(ctx: Context, event_id: str) -> None:
    """Restore the backup of an event whose file became unreadable."""
    event = ctx.store.restore_backup(event_id)
    click.echo(f"restored {event.id} at revision {event.revision} from its backup")
