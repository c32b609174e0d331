"""Print A3 from the event workspace (ctrl+o, the command palette, the close-out gate).

The PDF is rendered in a thread worker, so the screen stays live while reportlab works; the print
is recorded afterwards, on the UI thread, through the workspace's own save path
(``EventScreen.commit``): the workspace keeps the saved event, and its next edit does not meet a
conflict with a save made behind its back (as ``a3.record.mark_printed`` would make). Recording
after writing means a print that failed is never recorded.

The rule for the record is a3/record.py's: the page shows the event's revision; an A3 that is
still current is printed again at the same revision and nothing is saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kaizen_tui.errors import KaizenError

if TYPE_CHECKING:
    from kaizen_tui.model import Event
    from kaizen_tui.screens.workspace import EventScreen

#: Called on the UI thread when printing ends: the PDF's path, or None when it failed.
Done = Callable[[Path | None], None]


def print_a3(screen: EventScreen, *, then: Done | None = None, paper: str = "a3") -> None:
    """Save half-typed fields, then render the open event's A3 in a worker and write it to the
    A3 folder (the ``a3_dir`` setting, else the folder kaizen was started in)."""
    from kaizen_tui.a3.output import a3_folder
    from kaizen_tui.a3.record import as_printed
    from kaizen_tui.config import log_failure
    from kaizen_tui.logic.gate import a3_is_current

    app = screen.kaizen
    problems = screen.flush_edits()  # the page shows what the room sees
    if problems:
        screen.notify("\n".join(problems), title="A3 not printed", severity="error", timeout=10)
        if then is not None:
            then(None)
        return
    if screen.saving:  # print what is written: wait for the saves under way, then print

        async def when_written() -> None:
            await screen.settle_saves()
            print_a3(screen, then=then, paper=paper)

        screen.app.call_next(when_written)
        return
    event = screen.event
    record = not a3_is_current(event)
    shown = event if record else as_printed(event)
    link_base, guessed = app.config.effective_link_base()
    folder = a3_folder(app.config.a3_dir, Path.cwd())
    today = app.today
    categories = app.config.fishbone_categories
    data_dir = app.store.root
    screen.notify(f"Printing the A3 of {event.id} (rev {shown.revision}) …", timeout=3)

    def render() -> None:
        from kaizen_tui.a3.output import write_a3

        try:
            path = write_a3(
                shown,
                folder,
                link_base=link_base,
                paper=paper,
                today=today,
                categories=categories,
            )
        except KaizenError as err:
            problem = str(err)
            _to_ui(app, lambda: _failed(screen, problem, then))
        except Exception as err:  # a rendering bug must not kill the app or lose the event
            # the user reads one line; the traceback goes to the log for the bug report
            log = log_failure(data_dir, f"Printing the A3 of {shown.id} failed", err)
            where = f"; the details are in {log}" if log else ""
            said = " ".join(str(err).split())  # one line, whatever the exception's text holds
            problem = f"the A3 could not be rendered ({type(err).__name__}: {said}){where}"
            _to_ui(app, lambda: _failed(screen, problem, then))
        else:
            _to_ui(app, lambda: _printed(screen, shown, path, record, guessed, link_base, then))

    # A thread worker on the app, so leaving the event while it renders does not cancel it
    # (exclusive: a second ctrl+o replaces the first). The save that records the print is not in
    # the worker: saves are never exclusive workers (an exclusive worker cancels the others).
    app.run_worker(
        render, name="print-a3", group="a3", thread=True, exclusive=True, exit_on_error=False
    )


def _to_ui(app: object, callback: Callable[[], None]) -> None:
    # RuntimeError: the app closed while the A3 rendered; the PDF is written, the record is not
    with contextlib.suppress(RuntimeError):
        app.call_from_thread(callback)  # type: ignore[attr-defined]


def _failed(screen: EventScreen, problem: str, then: Done | None) -> None:
    screen.app.notify(problem, title="A3 not printed", severity="error", timeout=15)
    if then is not None:
        then(None)


def _printed(
    screen: EventScreen,
    shown: Event,
    path: Path,
    record: bool,
    guessed: bool,
    link_base: str,
    then: Done | None,
) -> None:
    printed_revision = shown.revision
    problem = None
    if record:
        problem = _record(screen, shown.id, printed_revision)
    lines = [str(path)]
    if guessed:
        lines.append(
            f"The QR code points to {link_base} (a guess: set link_base with "
            "`kaizen config set link_base URL`)."
        )
    if problem:
        lines.append(f"The print is not recorded: {problem}")
    screen.app.notify(
        "\n".join(lines),
        title=f"A3 printed · rev {printed_revision}",
        severity="warning" if problem else "information",
        timeout=15,
    )
    if then is not None:
        then(path)


def _record(screen: EventScreen, event_id: str, revision: int) -> str | None:
    """Record the print at ``revision`` (the revision on the page, even if the event was edited
    while it rendered: then the A3 is honestly out of date). Through the workspace when it is
    still open; through the store when the facilitator has left the event meanwhile."""

    def mark(draft: Event) -> None:
        draft.a3_printed_revision = revision

    if screen.is_attached:
        return screen.commit(mark, "A3 print")
    store = screen.kaizen.store
    try:
        fresh = store.load(event_id)
        mark(fresh)
        store.save(fresh)
    except KaizenError as err:
        return str(err)
    return None


def print_a3_command(screen: EventScreen) -> None:
    """The command palette's "Print A3"."""
    print_a3(screen)
