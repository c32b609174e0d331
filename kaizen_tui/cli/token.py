"""``kaizen token rotate``: a new share link for an event, when the old one went where it should
not (a photo of the A3 on social media, a forwarded e-mail)."""

from __future__ import annotations

import click

from kaizen_tui.cli.context import Context, pass_ctx


@click.group()
def token() -> None:
    """The share link (the token in the A3's QR code) of an event."""


@token.command()
@click.argument("event_id", metavar="ID")
@pass_ctx
def rotate(ctx: Context, event_id: str) -> None:
    """Give event ID a new share link. The old link stops working at once: printed A3s of the
    event lead nowhere (print it again), and published pages move at the next `kaizen publish`."""
    from kaizen_tui.logic.links import action_page_url, rotate_share_token

    event = ctx.store.load(event_id)
    saved = ctx.store.save(rotate_share_token(event))
    link_base, guessed = ctx.config.effective_link_base()
    click.echo(f"{saved.id} has a new share link: {action_page_url(link_base, saved.share_token)}/")
    click.echo(
        f"The old link leads nowhere now: printed A3s of {saved.id} open nothing. "
        f"Print it again: kaizen a3 {saved.id}"
    )
    click.echo("Published folders show the new link at the next `kaizen publish`.")
    if guessed:
        click.echo(
            f"kaizen: link_base is not set; the link uses {link_base} "
            "(set it with `kaizen config set link_base URL`)",
            err=True,
        )
