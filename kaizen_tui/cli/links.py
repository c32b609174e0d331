"""``kaizen links``: owners' personal links on the hub (issue 15; docs/cli.md)."""

from __future__ import annotations

import json

import click

from kaizen_tui.cli.context import Context, pass_ctx


@click.command()
@click.argument("event_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help='[{"owner", "url"}] on stdout.')
@click.option(
    "--revoke",
    "owner",
    metavar="OWNER",
    help="End OWNER's personal links: they answer 404 from then on.",
)
@pass_ctx
def links(ctx: Context, event_id: str, as_json: bool, owner: str | None) -> None:
    """One personal link per action owner of event ID, from the hub this laptop is logged in to.

    A link opens that person's open actions on every event of the hub, on a phone, to mark them
    done, move their PDCA step or add a note. This laptop keeps the links it was given (the hub
    keeps only their hashes), so they are the same each time; `kaizen a3 ID --cards` prints them."""
    from kaizen_tui.sync.links import owner_links, revoke_owner_links

    hub_url, token = ctx.config.hub_url, ctx.config.hub_token
    ctx.store.load(event_id)  # an unknown id is the usual one line, before the network
    if owner is not None:
        shown, count = revoke_owner_links(ctx.store.root, hub_url, token, event_id, owner)
        if as_json:
            click.echo(json.dumps({"owner": shown, "revoked": count}, ensure_ascii=False))
        elif count:
            click.echo(
                f"Ended {count} personal link{'s' if count != 1 else ''} of {shown}: "
                "they open nothing from now on."
            )
        else:
            click.echo(f"{shown} had no personal link to end.")
        return
    found = owner_links(ctx.store.root, hub_url, token, event_id)
    if as_json:
        rows = [{"owner": link.owner, "url": link.url} for link in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"{event_id} has no action with an owner yet.")
        return
    width = max(len(link.owner) for link in found)
    for link in found:
        click.echo(f"{link.owner:<{width}}  {link.url}")
    fresh = sum(link.new for link in found)
    if fresh:
        click.echo(
            f"{fresh} new. Anyone holding a link can update that person's actions: hand each to "
            f"its owner only (kaizen a3 {event_id} --cards prints them as cards).",
            err=True,
        )
