"""The ``kaizen`` command (its contract: docs/cli.md). Thin: parse, call, print.

Exit codes: 0 success, 1 a user error (one clear line on stderr, never a traceback), 2 usage.

This module holds the group and its error handling; each command lives in a module named for what
it does, and imports what it needs inside the command, so that `kaizen list` and the app start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click

from kaizen_tui import __version__
from kaizen_tui.cli import (
    a3,
    browser,
    events,
    export,
    followup,
    hub,
    importing,
    links,
    report,
    settings,
    sync,
    token,
    web,
    yokoten,
)
from kaizen_tui.cli.context import Context, open_tui
from kaizen_tui.cli.output import terminal_text
from kaizen_tui.errors import KaizenError, os_error_message


class KaizenGroup(click.Group):
    """Turns every KaizenError (and stray OS error) into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KaizenError as err:
            _die(str(err))
        except BrokenPipeError:
            # `kaizen followups | head`: the reader left; not a disk problem to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as err:
            _die(os_error_message(err))


def _die(message: str) -> NoReturn:
    click.echo(f"kaizen: {message}", err=True)
    sys.exit(1)


@click.group(
    cls=KaizenGroup,
    invoke_without_command=True,
    # -h as well as --help, on every command (subcommands inherit it)
    context_settings={"max_content_width": 100, "help_option_names": ["-h", "--help"]},
)
@click.option(
    "--data",
    "data_option",
    envvar="KAIZEN_DATA",
    metavar="DIR",
    help="Data folder (default: your user data folder; env KAIZEN_DATA).",
)
@click.version_option(__version__, prog_name="kaizen")
@click.pass_context
def main(click_ctx: click.Context, data_option: str | None) -> None:
    """Facilitate kaizen events from charter to sustained result.

    With no command, opens the app on the home screen.
    """
    click_ctx.obj = Context(data_option)
    if click_ctx.invoked_subcommand is None:
        open_tui(click_ctx.obj)
        return
    # a command writes for people: no control characters reach the terminal, any encoding works
    click_ctx.with_resource(terminal_text())


for command in (
    events.demo,
    events.list_events,
    events.restore,
    importing.import_,
    export.export,
    a3.a3,
    followup.followups,
    followup.gate,
    followup.status,
    followup.review,
    web.serve,
    web.publish,
    browser.browser,
    settings.config,
    token.token,
    # the Lean Promotion Office's
    report.report,
    yokoten.yokoten,
    # the shared hub (issue 14)
    hub.hub,
    sync.sync_command,
    sync.resolve,
    # owners from the floor (issue 15)
    links.links,
):
    main.add_command(command)
hub.hub.add_command(sync.login)


def _data_after(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``kaizen list --data DIR``: the same as ``kaizen --data DIR list``."""
    if value is None:
        return
    root = ctx.find_root()
    before = root.params.get("data_option")
    given_before = (
        root.get_parameter_source("data_option") == click.core.ParameterSource.COMMANDLINE
    )
    if given_before and before != value:
        raise click.UsageError(f"two data folders: --data {before} and --data {value}", ctx)
    root.obj.data_option = value


def _accept_data_anywhere(command: click.Command) -> None:
    """Every command takes --data after its name too (the README says every command takes it;
    people type it last)."""
    command.params.append(
        click.Option(
            ["--data"],
            "data_after",
            metavar="DIR",
            expose_value=False,
            is_eager=True,
            callback=_data_after,
            help="Data folder (also accepted before the command).",
        )
    )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_data_anywhere(sub)


for command in main.commands.values():
    _accept_data_anywhere(command)
