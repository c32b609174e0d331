"""``kaizen hub login``, ``kaizen sync`` and ``kaizen resolve``: this laptop and its hub."""

from __future__ import annotations

import json

import click

from kaizen_tui.cli.context import Context, fail, pass_ctx


@click.command()
@click.argument("url")
@click.option("--token", required=True, help="Your token, from `kaizen hub user add` on the hub.")
@pass_ctx
def login(ctx: Context, url: str, token: str) -> None:
    """Sync this laptop with the hub at URL (the token is checked there first)."""
    from kaizen_tui.config import SETTINGS
    from kaizen_tui.sync import HubClient, HubRefused

    hub_url = SETTINGS["hub_url"].parse(url)
    token = SETTINGS["hub_token"].parse(token)
    if not hub_url or not token:
        fail("give the hub's address and your token: kaizen hub login URL --token TOKEN")
    with HubClient(hub_url, token) as client:
        try:
            me = client.me()
        except HubRefused:
            fail(
                f"the hub at {hub_url} refused this token; check it (`kaizen hub user add` "
                "shows it once)"
            )
    ctx.config.set("hub_url", hub_url)
    ctx.config.set("hub_token", token)
    ctx.config.save()
    click.echo(f"Logged in to {hub_url} as {me.get('name')} ({me.get('role')}).")
    if ctx.config.link_base:
        click.echo(f"QR codes keep pointing to link_base {ctx.config.link_base}.")
    else:
        click.echo("QR codes on A3s printed from now on open the hub's action pages.")
    click.echo("Run `kaizen sync` to send your events there and get the hub's.")


@click.command(name="sync")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def sync_command(ctx: Context, as_json: bool) -> None:
    """Push this laptop's changes to the hub and pull the hub's."""
    from kaizen_tui.sync import sync

    report = sync(
        ctx.store,
        ctx.config.hub_url,
        ctx.config.hub_token,
        today=ctx.today,
        wait=60.0,  # the app may be syncing in the background: wait for it
    )
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        for note in report.notes:
            click.echo(f"kaizen: note: {note}", err=True)
    else:
        _print_report(report)
    for problem in report.problems:
        click.echo(f"kaizen: {problem}", err=True)
    if report.problems:
        raise SystemExit(1)


def _print_report(report: object) -> None:
    from kaizen_tui.logic.conflicts import describe
    from kaizen_tui.sync import SyncReport

    assert isinstance(report, SyncReport)
    if not (report.pushed or report.pulled or report.conflicts):
        click.echo("Up to date with the hub.")
    if report.pushed:
        click.echo(f"Pushed {len(report.pushed)}: {', '.join(report.pushed)}")
    if report.pulled:
        click.echo(f"Pulled {len(report.pulled)}: {', '.join(report.pulled)}")
    for note in report.notes:
        click.echo(f"Note: {note}")
    if report.conflicts:
        click.echo(f"{len(report.conflicts)} new conflicts (this copy's value is kept for now):")
        for c in report.conflicts:
            click.echo(
                f"  {c['event']}  {c['path']}: mine {describe(c['mine'])} · "
                f"theirs {describe(c['theirs'])}"
            )
        first = report.conflicts[0]
        click.echo(
            f"Choose with `kaizen resolve {first['event']} '{first['path']}' --mine|--theirs`, "
            "or in the app (the event's conflicts view)."
        )


@click.command()
@click.argument("event_id", metavar="ID")
@click.argument("path")
@click.option("--mine", "side", flag_value="mine", help="Keep this copy's value.")
@click.option("--theirs", "side", flag_value="theirs", help="Take the other copy's value.")
@pass_ctx
def resolve(ctx: Context, event_id: str, path: str, side: str | None) -> None:
    """Settle a conflict the hub sync found: PATH as `kaizen sync` printed it."""
    from kaizen_tui.logic.conflicts import describe, find_conflicts
    from kaizen_tui.logic.conflicts import resolve as settle
    from kaizen_tui.model import parse_event

    if side is None:
        raise click.UsageError("choose --mine or --theirs")
    event = ctx.store.load(event_id)
    data = event.model_dump(mode="json", by_alias=True)
    entries = find_conflicts(data, path)
    chosen = settle(data, path, "mine" if side == "mine" else "theirs")
    updated = parse_event(chosen)
    updated.revision = event.revision  # the store checks it and numbers the save
    saved = ctx.store.save(updated)
    value = entries[-1][side] if entries else None
    left = len(saved.conflicts)
    click.echo(
        f"{event_id} {path}: kept {side} ({describe(value)}); "
        + (f"{left} conflicts left." if left else "no conflicts left.")
    )
