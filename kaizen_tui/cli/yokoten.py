"""``kaizen yokoten``: the register of practices proposed for other areas; adopting and declining
them."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import click

from kaizen_tui.errors import KaizenError

if TYPE_CHECKING:
    from kaizen_tui.cli.context import Context


@click.group()
def yokoten() -> None:
    """The yokoten register: practices proposed for other areas, and adopting them."""


@yokoten.command(name="list")
@click.argument("text", required=False, default="")
@click.option("--area", default="", help="Proposed from or to this area (part of the name).")
@click.option(
    "--status", type=click.Choice(["proposed", "adopted", "declined"]), help="Only this status."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def yokoten_list(ctx: Context, text: str, area: str, status: str | None, as_json: bool) -> None:
    """Practices across all events whose text holds every word of TEXT."""
    from kaizen_tui.cli.output import data_out
    from kaizen_tui.logic.yokoten import search_yokoten, yokoten_register
    from kaizen_tui.report.data import yokoten_json

    items = search_yokoten(yokoten_register(ctx.store.db()), text, area=area, status=status)
    if as_json:
        text = json.dumps([yokoten_json(i) for i in items], ensure_ascii=False, indent=2)
        data_out(text + "\n", json=True)
        return
    if not items:
        click.echo(
            "No yokoten practice matches."
            if text or area or status
            else "No yokoten practices yet."
        )
        return
    for item in items:
        where = f"{item.from_area or '(no area)'} → {item.to_area or '(any area)'}"
        state = item.status + (f" into {item.adopted_in}" if item.adopted_in else "")
        click.echo(f"{item.ref:<16} {state:<22} {where}")
        click.echo(f"{'':<16} {item.practice}")


def _ref(event: str, index: int | None) -> tuple[str, int]:
    """``KZ-1#2`` or ``KZ-1 2``."""
    if index is None and "#" in event:
        event, _, number = event.partition("#")
        if not number.isdigit():
            raise KaizenError(f"{event}#{number}: the practice number must be a whole number")
        index = int(number)
    if index is None:
        raise KaizenError(
            "say which practice: EVENT#N or EVENT N, as `kaizen yokoten list` shows it"
        )
    return event, index


@yokoten.command()
@click.argument("event")
@click.argument("index", type=int, required=False)
@click.option("--into", "target", metavar="EVENT", help="Add an action to adopt it to EVENT.")
@click.option("--owner", help="Owner of that action (default: EVENT's process owner).")
@click.option("--due", help="Due date of that action: YYYY-MM-DD, +14, +2w… (default +30).")
@click.pass_obj
def adopt(
    ctx: Context,
    event: str,
    index: int | None,
    target: str | None,
    owner: str | None,
    due: str | None,
) -> None:
    """Mark practice EVENT#N adopted; with --into, add an action to the receiving event."""
    from kaizen_tui.logic.dates import parse_user_date
    from kaizen_tui.logic.yokoten import adopt_and_save

    event_id, number = _ref(event, index)
    if (owner or due) and not target:
        raise KaizenError("--owner and --due describe the new action: give --into EVENT too")
    due_date: date | None = None
    if due:
        try:
            due_date = parse_user_date(due, ctx.today)
        except ValueError as err:
            raise KaizenError(f"--due: {err}") from None
    adoption = adopt_and_save(
        ctx.store, event_id, number, target, today=ctx.today, owner=owner, due=due_date
    )
    if adoption.warning:
        click.echo(f"kaizen: warning: {adoption.warning}", err=True)
    practice = adoption.source.yokoten[number - 1].practice
    click.echo(f"adopted: {event_id}#{number} {practice}")
    if adoption.action is not None and adoption.target is not None:
        a = adoption.action
        click.echo(
            f"action {a.id} added to {adoption.target.id}: owner {a.owner or '(none)'}, due {a.due}"
        )


@yokoten.command()
@click.argument("event")
@click.argument("index", type=int, required=False)
@click.pass_obj
def decline(ctx: Context, event: str, index: int | None) -> None:
    """Mark practice EVENT#N declined by the area it was proposed to."""
    from kaizen_tui.logic.yokoten import decline_practice

    event_id, number = _ref(event, index)
    saved = ctx.store.save(decline_practice(ctx.store.load(event_id), number))
    click.echo(f"declined: {event_id}#{number} {saved.yokoten[number - 1].practice}")
