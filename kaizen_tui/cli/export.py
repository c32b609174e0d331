"""``kaizen export``: an event as its JSON bundle, its A3 as Markdown, its actions as CSV or its
dates as iCalendar."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kaizen_tui.cli.context import Context, complete_event_id, fail, pass_ctx
from kaizen_tui.cli.output import data_out


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


@click.command()
@click.argument("event_id", metavar="ID", shell_complete=complete_event_id)
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
    kind = chosen[0] if chosen else "json"
    text, data = EXPORT_FORMATS[kind].write(ctx, event_id)
    if output is None:
        if kind == "markdown":
            click.echo(text, nl=False)  # for people: as every message, without control characters
        else:
            data_out(text, json=kind == "json")  # data, exactly
    else:
        write_bytes_file(output, data)
        click.echo(str(output))
