"""`kaizen browser`: the app in a web browser, for a machine without a good terminal or a room
watching a projector (textual-serve runs one `kaizen` process per browser tab)."""

from __future__ import annotations

import shlex
import sys

import click

from kaizen_tui.cli.context import Context, fail, pass_ctx

DEFAULT_PORT = 8790


@click.command()
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port on this computer.")
@pass_ctx
def browser(ctx: Context, port: int) -> None:
    """Serve the app to a web browser on this computer (http://localhost:PORT).

    Only this computer can open it: the app edits your events, so it is not offered to the
    network. Every browser tab runs its own app on the same data folder."""
    if not 1 <= port <= 65535:
        fail(f"--port must be between 1 and 65535, not {port}")
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "kaizen_tui", "--data", str(ctx.data_dir)])
    click.echo(f"kaizen in your browser: http://localhost:{port} (ctrl+c here to stop)")
    Server(command, host="localhost", port=port, title="kaizen").serve()
