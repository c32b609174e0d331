"""``kaizen serve`` and ``kaizen publish``: the read-only action pages the A3's QR code opens."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kaizen_tui.cli.context import Context, pass_ctx
from kaizen_tui.cli.progress import progress_bar
from kaizen_tui.config import DEFAULT_PORT, resolve_today
from kaizen_tui.store import Store


@click.command()
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
    events = store.count_events()
    listener = web.listen(host, port)
    app = create_app(store, link_base=link_base, today=resolve_today)
    click.echo(f"Serving the action pages of {plural(events, 'event')} at {listener.base_url}/")
    for line in web.link_base_advice(listener, link_base, guessed):
        click.echo(line)
    click.echo("Press Ctrl+C to stop.")
    web.run(app, listener)


@click.command()
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
    with progress_bar(store.count_events(), "Publishing", at_least=50) as step:
        result = publish_pages(store, folder, today=ctx.today, link_base=link_base, on_event=step)
    for message in result.skipped:
        click.echo(f"kaizen: warning: {message}", err=True)
    for message in result.failed:
        click.echo(f"kaizen: {message}", err=True)
    click.echo(
        f"{plural(result.events, 'event')} published to {folder}: "
        f"{plural(len(result.written), 'file')} written, "
        f"{result.unchanged} unchanged, {len(result.removed)} removed"
        + (f", {len(result.failed)} failed" if result.failed else "")
    )
    if guessed:
        click.echo(
            "kaizen: link_base is not set, so QR codes point to "
            f"{link_base}; set it to the address where {folder} is served: "
            "kaizen config set link_base URL",
            err=True,
        )
    if result.failed:
        sys.exit(1)
