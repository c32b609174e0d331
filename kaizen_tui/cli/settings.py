"""``kaizen config get|set``: the settings in the data folder's config.toml."""

from __future__ import annotations

import click

from kaizen_tui.cli.context import Context, pass_ctx
from kaizen_tui.config import SETTINGS, shown


@click.group()
def config() -> None:
    """Show or change settings (stored in the data folder's config.toml)."""


@config.command(name="get")
@click.argument("key", required=False)
@pass_ctx
def config_get(ctx: Context, key: str | None) -> None:
    """Print a setting (all settings when KEY is left out)."""
    if key is None:
        for name, setting in sorted(SETTINGS.items()):
            click.echo(f"{name} = {shown(name, ctx.config.get(name))}    # {setting.help}")
        return
    value = ctx.config.get(key)
    if key == "link_base" and not value:
        base, _ = ctx.config.effective_link_base()
        click.echo(f"kaizen: link_base is not set; QR codes use {base}", err=True)
    click.echo(shown(key, value))


@config.command(name="set")
@click.argument("key")
@click.argument("value")
@pass_ctx
def config_set(ctx: Context, key: str, value: str) -> None:
    """Change a setting, e.g. `kaizen config set link_base https://kaizen.example.org`."""
    stored = ctx.config.set(key, value)
    ctx.config.save()
    click.echo(f"{key} = {shown(key, stored)}")
