"""``kaizen hub``: run the shared hub and manage its users (docs/hub.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kaizen_tui.cli.context import Context, pass_ctx

if TYPE_CHECKING:
    from kaizen_tui.hub.db import Database

DEFAULT_HUB_PORT = 8780

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    envvar="KAIZEN_HUB_DB",
    help="Database: sqlite:///FILE or postgresql+psycopg://USER:PW@HOST:PORT/DB "
    "(default: hub.sqlite3 in the data folder; env KAIZEN_HUB_DB).",
)


def _open(ctx: Context, db_url: str | None) -> Database:
    from kaizen_tui.hub.db import default_url, open_database

    return open_database(db_url or default_url(ctx.data_dir))


@click.group()
def hub() -> None:
    """The hub: the shared home of events that laptops sync with."""


@hub.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=DEFAULT_HUB_PORT, show_default=True, help="Port (0: any free port)."
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address people reach this hub at, e.g. behind a TLS proxy (default: the address "
    "it listens on).",
)
@pass_ctx
def serve(ctx: Context, db_url: str | None, host: str, port: int, public_url: str | None) -> None:
    """Run the hub: the sync API for laptops, action pages for phones.

    Runs until Ctrl+C. Migrates the database first; GET /healthz answers once it is ready.
    """
    from kaizen_tui.config import SETTINGS, resolve_today
    from kaizen_tui.hub.app import create_hub_app
    from kaizen_tui.hub.db import describe
    from kaizen_tui.hub.users import count_users
    from kaizen_tui.web import serve as web

    link_base = SETTINGS["link_base"].parse(public_url) if public_url else ""
    listener = web.listen(host, port)  # a busy port is one line, before the database is touched
    try:
        db = _open(ctx, db_url)
    except BaseException:
        listener.sock.close()
        raise
    app = create_hub_app(db, link_base=link_base or listener.base_url, today=resolve_today)
    click.echo(f"Hub serving at {listener.base_url}/ (database {describe(db.url)})")
    if not listener.loopback:
        click.echo(
            "Reachable from the network: put it behind HTTPS (a reverse proxy, docs/hub.md), "
            "since every sync request carries a token."
        )
    if not count_users(db):
        click.echo("No users yet: kaizen hub user add NAME --role facilitator|lpo|admin")
    click.echo("Press Ctrl+C to stop.")
    try:
        web.run(app, listener)
    finally:
        db.close()


@hub.group()
def user() -> None:
    """Users of the hub and their tokens."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["facilitator", "lpo", "admin"]),
    required=True,
    help="facilitator: their own events; lpo: reads every event; admin: manages users.",
)
@db_option
@pass_ctx
def user_add(ctx: Context, name: str, role: str, db_url: str | None) -> None:
    """Create a user NAME (as written on events) and print their token, once."""
    from kaizen_tui.hub.users import add_user

    db = _open(ctx, db_url)
    try:
        created, token = add_user(db, name, role)
    finally:
        db.close()
    click.echo(f"Added {created.name} ({created.role}). Their token, shown only this once:")
    click.echo(token)


@user.command("list")
@db_option
@pass_ctx
def user_list(ctx: Context, db_url: str | None) -> None:
    """The hub's users, their roles, and whether they are revoked."""
    from kaizen_tui.hub.users import list_users

    db = _open(ctx, db_url)
    try:
        rows = list_users(db)
    finally:
        db.close()
    if not rows:
        click.echo("No users yet: kaizen hub user add NAME --role facilitator")
        return
    width = max(len(r.name) for r in rows)
    for r in rows:
        state = f"revoked {r.revoked_at:%Y-%m-%d}" if r.revoked_at else "active"
        click.echo(f"{r.name:<{width}}  {r.role:<11}  since {r.created_at:%Y-%m-%d}  {state}")


@user.command("revoke")
@click.argument("name")
@db_option
@pass_ctx
def user_revoke(ctx: Context, name: str, db_url: str | None) -> None:
    """Revoke NAME's token at once; add them again for a new one."""
    from kaizen_tui.hub.users import revoke_user

    db = _open(ctx, db_url)
    try:
        done = revoke_user(db, name)
    finally:
        db.close()
    click.echo(f"Revoked {name}'s token." if done else f"{name}'s token was already revoked.")
