"""What every ``kaizen`` command shares: the run's Context (data folder, store, config, today),
``fail`` for a user error, and opening the app."""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from kaizen_tui.config import Config, load_config, resolve_data_dir, resolve_today
from kaizen_tui.errors import KaizenError
from kaizen_tui.store import Store


@dataclass
class Context:
    """What every command needs, created on first use (``kaizen --help`` touches no disk)."""

    data_option: str | None
    _store: Store | None = None
    _config: Config | None = None
    _today: date | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return resolve_data_dir(self.data_option)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.data_dir)
        return self._store

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.data_dir)
            for problem in self._config.problems:
                click.echo(f"kaizen: warning: {problem}", err=True)
        return self._config

    @property
    def today(self) -> date:
        if self._today is None:
            self._today = resolve_today()
        return self._today


def fail(message: str) -> NoReturn:
    raise KaizenError(message)


pass_ctx = click.make_pass_decorator(Context)


#: Said when the full-screen app is asked for without a terminal (cron, a pipe, a service).
NO_TERMINAL = (
    "the app needs a terminal, and {what} is not one (a script, a pipe, cron?); without one, "
    "use the commands: kaizen list, import, export, a3, followups, report, publish, serve "
    "(kaizen --help lists them all)"
)


def check_terminal(hint: str = "") -> None:
    """Refuse, with one line, to start the full-screen app where it would hang: stdin or stdout
    not a terminal. A driver named in TEXTUAL_DRIVER (textual-serve's web driver, as
    `kaizen browser` runs the app) talks over the pipes on purpose."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout)):
        if stream is None or not stream.isatty():
            fail(NO_TERMINAL.format(what=name) + hint)


def open_tui(ctx: Context, open_event: str | None = None) -> None:
    gc.disable()
    from kaizen_tui.app import make_app
    from kaizen_tui.cli.output import real_streams

    check_terminal()
    _build_index(ctx.store)
    app = make_app(ctx.data_dir, config=ctx.config, today=ctx.today, open_event=open_event)
    gc.freeze()
    with real_streams():  # the app writes terminal commands of its own
        app.run()
    if app.return_code:
        sys.exit(app.return_code)


#: From this many event files on, a first start says that it builds the index (a few seconds).
INDEX_PROGRESS_MIN_FILES = 500


def _build_index(store: Store) -> None:
    """The first start with a data folder that has no index yet (an upgrade, a copied folder):
    build it here, with a progress bar on the terminal, rather than behind a blank app screen
    (10,000 events take ~20 s; later starts read it as it is)."""
    from kaizen_tui.cli.progress import progress_bar

    try:
        if not store.index_needs_building():
            return
        total = sum(1 for p in store.events_dir.glob("*.json") if not p.name.startswith("."))
        label = f"kaizen: building the event index of {total} events (once)"
        with progress_bar(total, label, at_least=INDEX_PROGRESS_MIN_FILES) as step:
            shown = 0

            def progress(done: int, _of: int) -> None:
                nonlocal shown
                while shown < done:
                    step()
                    shown += 1

            store.sync_index(progress=progress)
    except (KaizenError, OSError):
        return  # the app says what is wrong, as it would have without this step


def complete_event_id(
    click_ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Event ids for shell completion (``kaizen a3 KZ-<tab>``), each with its title; nothing on
    any problem, since a completion must never print an error into the command line."""
    from click.shell_completion import CompletionItem

    try:
        data_option = click_ctx.find_root().params.get("data_option")
        store = Store(resolve_data_dir(data_option), read_only=True)
        summaries = store.list_summaries()
    except (KaizenError, OSError):
        return []
    wanted = incomplete.upper()
    return [
        CompletionItem(s.id, help=s.title) for s in summaries if s.id.upper().startswith(wanted)
    ]
