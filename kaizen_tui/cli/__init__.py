"""The ``kaizen`` command (its contract: docs/cli.md). Thin: parse, call, print.

Exit codes: 0 success, 1 a user error (one clear line on stderr, never a traceback), 2 usage.

This module holds the group and its error handling; each command lives in a module named for what
it does, and imports what it needs inside the command, so that `kaizen list` and the app start fast.
The command modules themselves are imported when their command is asked for (COMMANDS): `kaizen`
alone, the app, loads none of them (bench startup).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn

import click

from kaizen_tui import __version__
from kaizen_tui.cli.context import Context, open_tui
from kaizen_tui.cli.output import terminal_text
from kaizen_tui.errors import KaizenError, os_error_message

#: Every command: its name -> (module in kaizen_tui.cli, attribute), in the order of docs/cli.md.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("events", "demo"),
    "list": ("events", "list_events"),
    "restore": ("events", "restore"),
    "import": ("importing", "import_"),
    "export": ("export", "export"),
    "a3": ("a3", "a3"),
    "followups": ("followup", "followups"),
    "gate": ("followup", "gate"),
    "status": ("followup", "status"),
    "review": ("followup", "review"),
    "serve": ("web", "serve"),
    "publish": ("web", "publish"),
    "browser": ("browser", "browser"),
    "config": ("settings", "config"),
    "token": ("token", "token"),
    # the Lean Promotion Office's
    "report": ("report", "report"),
    "yokoten": ("yokoten", "yokoten"),
    # the shared hub (issue 14)
    "hub": ("hub", "hub"),
    "sync": ("sync", "sync_command"),
    "resolve": ("sync", "resolve"),
    # owners from the floor (issue 15)
    "links": ("links", "links"),
}


def load_command(name: str) -> click.Command:
    """The command ``name`` of COMMANDS, its module imported, ready to run (--data after it)."""
    module, attribute = COMMANDS[name]
    command: click.Command = getattr(importlib.import_module(f"kaizen_tui.cli.{module}"), attribute)
    if name == "hub" and isinstance(command, click.Group) and "login" not in command.commands:
        from kaizen_tui.cli.sync import login

        command.add_command(login)
    _accept_data_anywhere(command)
    return command


class KaizenGroup(click.Group):
    """Turns every KaizenError (and stray OS error) into one line on stderr and exit code 1.
    Its commands are loaded when asked for (COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)

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
    if any(param.name == "data_after" for param in command.params):
        return  # loaded before
    command.params.append(
        click.Option(
            ["--data", "data_after"],  # (given as a second argument, it was show_default)
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
